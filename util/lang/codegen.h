/* The BPF code generator of the aggregation language: one program per
 * block and program type (per tracepoint layout when the block reads
 * args), written instruction by instruction (bpf-emit.h) with no compiler
 * at run time.
 *
 * What the generated code assumes (the runtime provides it):
 * - register r9 holds the per-CPU scratch value for the whole program: its
 *   first 8 bytes are the stop flag (LANG_SCRATCH_STOP: the probes return
 *   at once when it is not zero, so the runtime can stop them all before
 *   it prints, whatever the kernel takes to detach), then a region that is
 *   never written (zeroes for new map values), then strings, keys and
 *   event records;
 * - the context is saved at r10-8; r6..r8 hold temporaries, spilled to the
 *   stack when an expression needs more;
 * - maps are named by relocations (program.h) filled in at load time. */
#ifndef SCRY_LANG_CODEGEN_H
#define SCRY_LANG_CODEGEN_H

#include <stddef.h>
#include <sys/types.h>

#include "util/lang/program.h"

#define LANG_SCRATCH_STOP   0   /* u64: set on every CPU to stop the probes */
#define LANG_SCRATCH_ZERO   8   /* where the zero region begins */

struct lang_codegen_opts {
	u64 start_ns;           /* CLOCK_MONOTONIC (bpf_ktime_get_ns) at start: `elapsed` */
	pid_t filter_pid;       /* > 0: only this process (tgid) fires the probes */
	pid_t cpid;             /* the command started with -- CMD (cpid), 0: none */
	bool filter_targets;    /* only processes in the targets map (a command and its children) */
	bool tp_pass_on;        /* tracepoint programs return 1, so other perf users of the
	                         * tracepoint still get its records */
};

/* Generate p->progs from the checked program; sets p->scratch_size and
 * each attachment's prog. Returns 0, or -1 with the message in err. */
int lang_codegen(struct lang_program *p, const struct lang_codegen_opts *o, char *err, size_t errlen);

/* The program that adds a forked child to the targets map when its parent
 * is there (attached to sched:sched_process_fork); child_pid_off is the
 * field's offset in that tracepoint's record. */
int lang_codegen_fork_tracker(struct lang_bpf_prog *out, u32 child_pid_off, char *err, size_t errlen);

/* The BPF program text, one instruction a line, for -v. */
struct outbuf;
void lang_codegen_dump(const struct lang_program *p, struct outbuf *ob);

#endif
