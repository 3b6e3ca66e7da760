/* The BPF syscall tracer, user side: load the embedded object, configure
 * which syscalls and processes it traces, point it at the per-cpu perf ring
 * buffers, attach it.  Records it writes are struct scry_sc_rec
 * (util/trace/bpf/syscall-record.h), one per call. */
#ifndef SCRY_SC_BPF_H
#define SCRY_SC_BPF_H

#include "util/trace/bpf/syscall-record.h"
#include "util/types.h"

struct bpf_object;
struct bpf_link;

struct sc_bpf {
	struct bpf_object *obj;
	struct bpf_link **links;
	int nr_links;
	bool per_syscall;
	char (*tp_names)[48];           /* per traced nr when per_syscall */
	int events_fd, conf_fd, nrconf_fd, targets_fd, inflight_fd, counters_fd;
};

struct sc_bpf_config {
	enum scry_sc_mode mode;
	u32 self_tgid;
	bool follow_forks;
	/* SCRY_SC_NR_MAX entries: what to do for each syscall number. */
	const struct scry_sc_nrconf *nrconf;
	/* Attach to syscalls:sys_{enter,exit}_<tp_names[nr]> of each traced
	 * syscall instead of every syscall's raw tracepoint: a short list then
	 * costs untraced syscalls no BPF at all. */
	bool per_syscall;
	const char *const *tp_names;    /* SCRY_SC_NR_MAX entries */
	/* --call-graph: SCRY_CONF_STACKS* and SCRY_CONF_KSTACK, and the
	 * syscalls whose calls get stacks (SCRY_SC_NR_MAX entries; NULL: none). */
	u32 stack_flags;
	const u8 *stack_nrs;
};

/* Load and configure. On failure: -1, errno, and one line in err. */
int sc_bpf_load(struct sc_bpf *b, const struct sc_bpf_config *cfg, char *err, size_t errlen);
/* Trace process (or thread, in SCRY_MODE_TID) id; state: SCRY_TARGET_*. */
int sc_bpf_add_target(struct sc_bpf *b, u32 id, enum scry_target_state state);
/* Records of `cpu` go to the ring of perf event fd (a bpf-output event). */
int sc_bpf_set_output(struct sc_bpf *b, int cpu, int perf_fd);
int sc_bpf_attach(struct sc_bpf *b, char *err, size_t errlen);
/* From now on the programs record nothing (they may stay attached a while,
 * see util/core/perf-release.h). */
int sc_bpf_stop(struct sc_bpf *b);
/* Detach and free; the traced processes run on undisturbed. */
void sc_bpf_close(struct sc_bpf *b);

/* Sum of the per-cpu counters (enum scry_sc_counter). */
u64 sc_bpf_counter(struct sc_bpf *b, enum scry_sc_counter which);
/* Calls still in flight (the tracee is blocked in them when tracing stops). */
int sc_bpf_for_each_inflight(struct sc_bpf *b, void (*fn)(const struct scry_sc_rec *r, void *arg),
			     void *arg);

/* Is the running kernel able to run it (BTF, root)? A quick check that
 * explains why not, for the fallback message. */
bool sc_bpf_supported(char *why, size_t len);

#endif
