/* The live runtime (see runtime.h). */
#include "util/lang/runtime.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/core/perf-release.h"
#include "util/core/target.h"
#include "util/core/tp-format.h"
#include "util/core/tracefs.h"
#include "util/debug.h"
#include "util/lang/attach.h"
#include "util/lang/codegen.h"
#include "util/lang/diag.h"
#include "util/lang/output.h"
#include "util/lang/parser.h"
#include "util/lang/probes.h"
#include "util/lang/sema.h"
#include "util/lang/syms.h"
#include "util/outbuf.h"
#include "util/profile/flamegraph.h"
#include "util/strutil.h"

struct rt {
	const struct lang_run_opts *o;
	struct lang_program p;
	struct tracefs tracefs;
	bool have_tracefs;
	int *map_fd;                    /* per program map */
	int imap_fd[LANG_IMAP_NR];      /* per internal map: -1 - enum lang_internal_map */
	int ncpus;
	struct ring_buffer *ring;
	struct lang_syms *syms;
	struct lang_output *out;
	struct outbuf ob;
	struct lang_links links;
	bool attached;
	bool exiting;                   /* exit() was called */
	bool reader_gone;               /* stdout is a pipe whose reader left (| head): stop quietly */
	bool discard;                   /* after exit(): what the probes still send is dropped, as
	                                 * bpftrace does, until END runs */
	u64 ring_errors;
	void *valbuf, *keybuf, *merged; /* scratch for reading maps */
	size_t valbuf_size;
	char *err;
	size_t errlen;
	FILE *folded_file, *flame_file; /* --folded, --flamegraph: opened before the run */
	u64 intervals_printed;          /* --interval: prints so far (--count stops the run) */
};

static int *imap(struct rt *rt, int which)
{
	return &rt->imap_fd[-1 - which];
}

/* ---- maps ----------------------------------------------------------------------------------- */

/* BPF object names: 15 characters of [A-Za-z0-9_.]. */
static void obj_name(char *dst, const char *prefix, const char *name)
{
	size_t n = 0;

	for (const char *s = prefix; *s && n < 15; s++)
		dst[n++] = *s;
	for (const char *s = name; *s && n < 15; s++)
		dst[n++] = (char)((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
				  *s == '.' ? *s : '_');
	dst[n] = '\0';
}

static int no_bpf_permission(struct rt *rt, const char *what, int e)
{
	if (e == EPERM || e == EACCES)
		return errf(rt->err, rt->errlen, "%s: %s: BPF needs root, or the capabilities CAP_BPF and "
			    "CAP_PERFMON (run scry with sudo)", what, strerror(e));
	return errf(rt->err, rt->errlen, "%s: %s", what, strerror(e));
}

static int map_new(struct rt *rt, enum bpf_map_type type, const char *name, u32 key, u32 val, u32 entries)
{
	char nm[16];
	int fd;

	obj_name(nm, "scry_", name);
	fd = bpf_map_create(type, nm, key, val, entries, NULL);
	if (fd < 0) {
		int e = errno;

		/* Refused as invalid: is it the map type the kernel lacks? */
		if (e == EINVAL && libbpf_probe_bpf_map_type(type, NULL) == 0)
			return errf(rt->err, rt->errlen, "this kernel has no BPF maps of type %s, which scry's programs "
				    "need%s", libbpf_bpf_map_type_str(type),
				    type == BPF_MAP_TYPE_RINGBUF ? " (ring buffers: Linux 5.8 or later)" : "");
		if (e == E2BIG || e == ENOMEM)
			return errf(rt->err, rt->errlen, "cannot create map %s (%u entries of %u bytes): %s; "
				    "fewer entries with --map-entries", name, entries, key + val, strerror(e));
		return no_bpf_permission(rt, "cannot create a BPF map", e);
	}
	return fd;
}

/* Does a probe other than BEGIN/END send printf, time or print(value)
 * records (the ones that come at the probes' rate)? */
static bool probes_print(const struct lang_program *p)
{
	for (int k = 0; k < p->nprogs; k++) {
		const struct lang_bpf_prog *prog = &p->progs[k];

		if (prog->prog_type != BPF_PROG_TYPE_RAW_TRACEPOINT && prog->prints)
			return true;
	}
	return false;
}

static int create_maps(struct rt *rt)
{
	struct lang_program *p = &rt->p;
	u32 entries = rt->o->map_entries ? rt->o->map_entries : LANG_DEFAULT_MAP_ENTRIES;
	u32 ring = (rt->o->ringbuf_kb ? rt->o->ringbuf_kb : probes_print(p) ? LANG_DEFAULT_RINGBUF_KB :
		    LANG_QUIET_RINGBUF_KB) * 1024;
	int fd;

	rt->map_fd = calloc(p->nmaps ? p->nmaps : 1, sizeof(int));
	if (!rt->map_fd)
		return errf(rt->err, rt->errlen, "out of memory");
	for (int i = 0; i < p->nmaps; i++)
		rt->map_fd[i] = -1;
	for (int i = 0; i < p->nmaps; i++) {
		const struct lang_map *m = &p->maps[i];
		enum bpf_map_type type = m->storage == LMS_PERCPU_ARRAY ? BPF_MAP_TYPE_PERCPU_ARRAY :
					 m->storage == LMS_PERCPU_HASH ? BPF_MAP_TYPE_PERCPU_HASH : BPF_MAP_TYPE_HASH;
		u32 n = m->storage == LMS_PERCPU_ARRAY || !m->nkeys ? 1 : entries;

		fd = map_new(rt, type, m->name[1] ? m->name + 1 : "map", m->key_size, m->value_size, n);
		if (fd < 0)
			return -1;
		rt->map_fd[i] = fd;
	}
	/* The ring's size must be a power of two pages. */
	{
		u32 sz = (u32)sysconf(_SC_PAGESIZE);

		while (sz < ring)
			sz <<= 1;
		ring = sz;
	}
	if ((*imap(rt, LANG_IMAP_SCRATCH) = map_new(rt, BPF_MAP_TYPE_PERCPU_ARRAY, "scratch", 4, p->scratch_size, 1)) < 0)
		return -1;
	if ((*imap(rt, LANG_IMAP_EVENTS) = map_new(rt, BPF_MAP_TYPE_RINGBUF, "events", 0, 0, ring)) < 0)
		return -1;
	if ((*imap(rt, LANG_IMAP_ERRORS) = map_new(rt, BPF_MAP_TYPE_PERCPU_ARRAY, "errors", 4, 8,
						   LERR_MAP_FULL + (u32)p->nmaps)) < 0)
		return -1;
	if (p->uses_kstack &&
	    (*imap(rt, LANG_IMAP_KSTACKS) = map_new(rt, BPF_MAP_TYPE_STACK_TRACE, "kstacks", 4,
						    8 * LANG_STACK_FRAMES, 16384)) < 0)
		return -1;
	if (p->uses_ustack &&
	    (*imap(rt, LANG_IMAP_USTACKS) = map_new(rt, BPF_MAP_TYPE_STACK_TRACE, "ustacks", 4,
						    8 * LANG_STACK_FRAMES, 16384)) < 0)
		return -1;
	if ((*imap(rt, LANG_IMAP_TARGETS) = map_new(rt, BPF_MAP_TYPE_HASH, "targets", 4, 4, 65536)) < 0)
		return -1;
	return 0;
}

/* ---- programs -------------------------------------------------------------------------------- */

static int relocate(struct rt *rt, struct lang_bpf_prog *prog)
{
	for (u32 i = 0; i < prog->nrelocs; i++) {
		const struct lang_reloc *r = &prog->relocs[i];
		int fd = r->map >= 0 ? rt->map_fd[r->map] : *imap(rt, r->map);

		if (fd < 0)
			return errf(rt->err, rt->errlen, "internal error: program %s uses a map that was not created",
				    prog->name);
		prog->insns[r->insn].imm = fd;
	}
	return 0;
}

/* The statement the verifier stopped at: the last "N: (op) ..." line of
 * its log names the instruction. */
static int verifier_error(struct rt *rt, const struct lang_bpf_prog *prog, const char *log, int e)
{
	const char *last_insn = NULL, *line = log, *reason = NULL;
	char reason_buf[256] = "";
	long insn = -1;

	for (const char *s = log; s && *s; s = line) {
		const char *nl = strchr(s, '\n');
		char *end;
		long n = strtol(s, &end, 10);

		line = nl ? nl + 1 : NULL;
		if (end != s && *end == ':' && end[1] == ' ' && end[2] == '(') {
			last_insn = s;
			insn = n;
		} else if (nl != s && *s && strncmp(s, "processed ", 10) && strncmp(s, "verification time", 17)) {
			reason = s;
		}
		if (!nl)
			break;
	}
	if (reason) {
		size_t n = strcspn(reason, "\n");

		snprintf(reason_buf, sizeof(reason_buf), "%.*s", (int)MIN(n, sizeof(reason_buf) - 1), reason);
	}
	(void)last_insn;
	if (insn < 0 && reason) {
		/* "unreachable insn 88", "jump out of range from insn 5 to 9" */
		const char *at = strstr(reason_buf, "insn ");

		if (at)
			insn = strtol(at + 5, NULL, 10);
	}
	if (insn >= 0 && (u32)insn < prog->ninsns && prog->insn_loc && prog->insn_loc[insn].line)
		return lang_diag(rt->err, rt->errlen, rt->p.ast, prog->insn_loc[insn],
				 "the kernel's BPF verifier refused the program here: %s (scry script -v shows its log)",
				 reason_buf[0] ? reason_buf : strerror(e));
	return errf(rt->err, rt->errlen, "the kernel's BPF verifier refused %s: %s (scry script -v shows its log)",
		    prog->name, reason_buf[0] ? reason_buf : strerror(e));
}

static int load_prog(struct rt *rt, struct lang_bpf_prog *prog)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	size_t logsz = 4 << 20;
	char *log = NULL;
	int fd;

	if (relocate(rt, prog))
		return -1;
	if (rt->o->verbose) {
		/* Statistics: the verifier's "processed N insns" summary. */
		log = calloc(1, logsz);
		if (log) {
			opts.log_buf = log;
			opts.log_size = (u32)logsz;
			opts.log_level = 4;
		}
	}
	fd = bpf_prog_load(prog->prog_type, prog->name, "GPL", prog->insns, prog->ninsns, &opts);
	if (fd >= 0 && log) {
		for (char *s = log; *s;) {
			char *nl = strchr(s, '\n');

			if (nl)
				*nl = '\0';
			if (*s)
				fprintf(stderr, "scry: verifier: %s: %s\n", prog->name, s);
			if (!nl)
				break;
			s = nl + 1;
		}
	}
	if (fd < 0) {
		int e = errno;

		if (e == EPERM) {
			free(log);
			return no_bpf_permission(rt, "cannot load a BPF program", e);
		}
		/* Again with the whole log, to say why. */
		if (!log)
			log = calloc(1, logsz);
		if (log) {
			LIBBPF_OPTS(bpf_prog_load_opts, again, .log_buf = log, .log_size = (u32)logsz, .log_level = 1);

			log[0] = '\0';
			if (bpf_prog_load(prog->prog_type, prog->name, "GPL", prog->insns, prog->ninsns, &again) >= 0) {
				free(log);
				return errf(rt->err, rt->errlen, "loading %s failed once (%s), then passed", prog->name,
					    strerror(e));
			}
			if (rt->o->verbose)
				fprintf(stderr, "%s\n", log);
			verifier_error(rt, prog, log, e);
		} else {
			errf(rt->err, rt->errlen, "the kernel refused %s: %s", prog->name, strerror(e));
		}
		free(log);
		return -1;
	}
	free(log);
	prog->fd = fd;
	return 0;
}

/* Are the helpers the programs call there for their program types? One
 * clear line naming the first that is not. (Map types: map_new.) */
static int probe_kernel(struct rt *rt)
{
	for (int k = 0; k < rt->p.nprogs; k++) {
		const struct lang_bpf_prog *prog = &rt->p.progs[k];

		for (int h = 0; h < 256; h++) {
			if (!(prog->helpers_used[h / 64] & (1ULL << (h % 64))))
				continue;
			if (libbpf_probe_bpf_helper(prog->prog_type, h, NULL) == 0)
				return errf(rt->err, rt->errlen, "this kernel lacks BPF helper %d for %s programs, which "
					    "%s needs", h, libbpf_bpf_prog_type_str(prog->prog_type), prog->name);
		}
	}
	return 0;
}

/* BEGIN and END: run once, now, on this CPU. */
static int run_special(struct rt *rt, enum lang_probe_type which)
{
	for (int i = 0; i < rt->p.nattaches; i++) {
		const struct lang_attach *a = &rt->p.attaches[i];
		u64 ctx[1] = { 0 };
		LIBBPF_OPTS(bpf_test_run_opts, topts, .ctx_in = ctx, .ctx_size_in = sizeof(ctx));

		if (a->type != which)
			continue;
		if (bpf_prog_test_run_opts(rt->p.progs[a->prog].fd, &topts))
			return errf(rt->err, rt->errlen, "running %s: %s", a->name, strerror(errno));
	}
	return 0;
}

/* ---- reading maps ------------------------------------------------------------------------------ */

static int stack_ips(void *ctx, bool user, s64 id, u64 *ips, int max)
{
	struct rt *rt = ctx;
	u64 frames[LANG_STACK_FRAMES];
	u32 key = (u32)id;
	int fd = *imap(rt, user ? LANG_IMAP_USTACKS : LANG_IMAP_KSTACKS), n = 0;

	if (fd < 0 || id < 0)
		return -ENOENT;
	if (bpf_map_lookup_elem(fd, &key, frames))
		return -errno;
	while (n < max && n < LANG_STACK_FRAMES && frames[n]) {
		ips[n] = frames[n];
		n++;
	}
	return n;
}

static bool is_percpu(const struct lang_map *m)
{
	return m->storage != LMS_HASH;
}

/* Per-CPU maps hand out one value per possible CPU, each rounded up to 8 bytes. */
static size_t percpu_size(const struct rt *rt, const struct lang_map *m)
{
	return is_percpu(m) ? (size_t)rt->ncpus * ((m->value_size + 7) & ~7u) : m->value_size;
}

/* A map's entries as the kernel holds them now, per-CPU values merged. */
struct map_read {
	u8 *keys, *vals;
	struct lang_kv *kv;
	size_t n;
};

static void map_read_release(struct map_read *r)
{
	free(r->kv);
	free(r->keys);
	free(r->vals);
	memset(r, 0, sizeof(*r));
}

static int read_map(struct rt *rt, int id, struct map_read *r)
{
	const struct lang_map *m = &rt->p.maps[id];
	int fd = rt->map_fd[id];
	size_t vsz = percpu_size(rt, m), n = 0, cap = 0;
	u8 *keys = NULL, *vals = NULL, *key = NULL, *prev = NULL, *raw;
	struct lang_kv *kv = NULL;
	int rc = 0;

	raw = malloc(vsz);
	key = calloc(1, m->key_size + 8);
	prev = calloc(1, m->key_size + 8);
	if (!raw || !key || !prev) {
		rc = -ENOMEM;
		goto out;
	}
	for (bool first = true;; first = false) {
		if (m->storage == LMS_PERCPU_ARRAY) {
			if (!first)
				break;
			memset(key, 0, m->key_size);
		} else if (bpf_map_get_next_key(fd, first ? NULL : prev, key)) {
			break;
		}
		memcpy(prev, key, m->key_size);
		if (bpf_map_lookup_elem(fd, key, raw))
			continue;       /* deleted meanwhile */
		if (n == cap) {
			size_t c = cap ? 2 * cap : 64;
			u8 *k2 = realloc(keys, c * m->key_size), *v2;

			if (!k2) {
				rc = -ENOMEM;
				goto out;
			}
			keys = k2;
			v2 = realloc(vals, c * m->value_size);
			if (!v2) {
				rc = -ENOMEM;
				goto out;
			}
			vals = v2;
			cap = c;
		}
		memcpy(keys + n * m->key_size, key, m->key_size);
		if (is_percpu(m))
			lang_value_merge(m, vals + n * m->value_size, raw, rt->ncpus);
		else
			memcpy(vals + n * m->value_size, raw, m->value_size);
		n++;
	}
	kv = calloc(n ? n : 1, sizeof(*kv));
	if (!kv) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		kv[i] = (struct lang_kv){ .key = keys + i * m->key_size, .value = vals + i * m->value_size };
	*r = (struct map_read){ .keys = keys, .vals = vals, .kv = kv, .n = n };
	keys = vals = NULL;
	kv = NULL;
out:
	free(kv);
	free(keys);
	free(vals);
	free(raw);
	free(key);
	free(prev);
	return rc;
}

static void reset_map(struct rt *rt, int id, bool keep_keys);

/* clear: the map is cleared once read, before it is printed (naming
 * stacks and symbols takes time, and what the probes count meanwhile
 * belongs to the next interval, not to nothing). */
static int print_map_clear(struct rt *rt, int id, u64 top, u64 div, bool clear)
{
	struct map_read r;
	int rc = read_map(rt, id, &r);

	if (rc)
		return rc;
	if (clear)
		reset_map(rt, id, false);
	rc = lang_output_map(rt->out, &rt->p.maps[id], r.kv, r.n, top, div);
	map_read_release(&r);
	return rc;
}

static int print_map(struct rt *rt, int id, u64 top, u64 div)
{
	return print_map_clear(rt, id, top, div, false);
}

/* clear(@m): every element goes; zero(@m): every value becomes zero. The
 * keys are read first and then acted on: the probes keep adding elements
 * meanwhile, and deleting while walking would never reach the end. */
static void reset_map(struct rt *rt, int id, bool keep_keys)
{
	const struct lang_map *m = &rt->p.maps[id];
	u32 cap = rt->o->map_entries ? rt->o->map_entries : LANG_DEFAULT_MAP_ENTRIES;
	int fd = rt->map_fd[id];
	u8 *zero = calloc(1, percpu_size(rt, m)), *keys = NULL;
	u32 n = 0;

	if (!zero)
		return;
	if (m->storage == LMS_PERCPU_ARRAY) {
		u32 k = 0;

		bpf_map_update_elem(fd, &k, zero, BPF_ANY);
		free(zero);
		return;
	}
	keys = calloc(cap + 1, m->key_size);
	if (keys) {
		while (n < cap && !bpf_map_get_next_key(fd, n ? keys + (n - 1) * m->key_size : NULL, keys + n * m->key_size))
			n++;
		for (u32 i = 0; i < n; i++) {
			if (keep_keys)
				bpf_map_update_elem(fd, keys + i * m->key_size, zero, BPF_EXIST);
			else
				bpf_map_delete_elem(fd, keys + i * m->key_size);
		}
	}
	free(keys);
	free(zero);
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct rt *rt = ctx;
	const struct lang_event *ev = data;
	const u64 *pl = (const u64 *)(ev + 1);

	if (size < sizeof(*ev)) {
		rt->ring_errors++;
		return 0;
	}
	if (rt->discard)
		return 0;
	switch (ev->kind) {
	case LEV_EXIT:
		rt->exiting = true;
		rt->discard = true;
		return 0;
	case LEV_PRINT_MAP:
		if (ev->id >= (u32)rt->p.nmaps || size < sizeof(*ev) + 16) {
			rt->ring_errors++;
			return 0;
		}
		print_map(rt, (int)ev->id, pl[0], pl[1]);
		return 0;
	case LEV_CLEAR:
	case LEV_ZERO:
		if (ev->id >= (u32)rt->p.nmaps) {
			rt->ring_errors++;
			return 0;
		}
		reset_map(rt, (int)ev->id, ev->kind == LEV_ZERO);
		return 0;
	default:
		lang_output_event(rt->out, ev, ev + 1, size - sizeof(*ev));
		return 0;
	}
}

static void drain(struct rt *rt)
{
	if (rt->ring)
		ring_buffer__consume(rt->ring);
	if (rt->syms)
		lang_syms_drain(rt->syms);
	if (outbuf_flush(&rt->ob) && rt->ob.error == EPIPE)
		rt->reader_gone = true;
}

/* ---- the run ---------------------------------------------------------------------------------------- */

static int cmp_map_name(const void *a, const void *b, void *ctx)
{
	const struct lang_program *p = ctx;

	return strcmp(p->maps[*(const int *)a].name, p->maps[*(const int *)b].name);
}

static void print_all_maps(struct rt *rt, bool clear)
{
	int *order = calloc(rt->p.nmaps ? rt->p.nmaps : 1, sizeof(int));

	if (!order)
		return;
	for (int i = 0; i < rt->p.nmaps; i++)
		order[i] = i;
	qsort_r(order, rt->p.nmaps, sizeof(int), cmp_map_name, &rt->p);
	for (int i = 0; i < rt->p.nmaps; i++)
		if (!rt->p.maps[order[i]].hidden)
			print_map_clear(rt, order[i], rt->o->top, 0, clear);
	free(order);
}

static u64 monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
}

/* How long the main loop may sleep: 100 ms (a stop signal, a workload's
 * end and new processes to name are noticed that often), less when the
 * next --interval print is due sooner. */
static int poll_timeout_ms(u64 next_ns)
{
	u64 now = monotonic_ns();

	if (!next_ns)
		return 100;
	if (next_ns <= now)
		return 0;
	return (int)MIN((next_ns - now + 999999) / 1000000, 100);
}

/* --interval: a timestamp as argdist prints it ("[HH:MM:SS]"), every map
 * (--top entries of each), then every map cleared for the next interval. */
/* SIGUSR1 asks for every map now, as bpftrace: a flag for the run loop
 * (a signal is the process's, so is the flag). */
static volatile sig_atomic_t usr1_pending;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_pending = 1;
}

static void install_usr1(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

static void print_interval(struct rt *rt)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32] = "";

	if (localtime_r(&now, &tm))
		strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	lang_output_interval_stamp(rt->out, stamp);
	print_all_maps(rt, !rt->o->keep_maps);   /* hidden maps (calls still running) stay */
	rt->intervals_printed++;
}

/* ---- maps keyed by stacks as folded stacks and flame graphs ---------------------------------- */

static int nr_foldable(const struct lang_program *p)
{
	int n = 0;

	for (int i = 0; i < p->nmaps; i++)
		n += lang_map_foldable(&p->maps[i]);
	return n;
}

/* --folded/--flamegraph need a map to draw: said before anything runs. */
static int check_foldable(struct rt *rt)
{
	if (nr_foldable(&rt->p))
		return 0;
	errf(rt->err, rt->errlen, "%s: no map of the program is keyed by a stack with counts to draw "
	     "(as @[kstack] = count() or @[ustack, comm] = sum(...))",
	     rt->o->folded ? "--folded" : "--flamegraph");
	return -1;
}

/* Opened before the probes attach, so a file that cannot be written ends
 * the run before it starts rather than after it. */
static int open_stack_files(struct rt *rt)
{
	const char *paths[2] = { rt->o->folded, rt->o->flamegraph };
	FILE **files[2] = { &rt->folded_file, &rt->flame_file };

	for (int i = 0; i < 2; i++) {
		if (!paths[i])
			continue;
		if (!strcmp(paths[i], "-")) {
			errf(rt->err, rt->errlen, "%s: give a file name (stdout carries the maps)",
			     i ? "--flamegraph" : "--folded");
			return -1;
		}
		*files[i] = fopen(paths[i], "w");
		if (!*files[i]) {
			errf(rt->err, rt->errlen, "cannot write %s: %s", paths[i], strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int close_checked(FILE **f, const char *path, char *err, size_t errlen)
{
	int bad = ferror(*f) | fclose(*f);

	*f = NULL;
	if (bad) {
		errf(err, errlen, "write error on %s: %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

/* Every map that can be drawn, into one flame graph: each map under a
 * frame of its name when there are several. */
static int draw_stacks(struct rt *rt)
{
	bool prefix = nr_foldable(&rt->p) > 1;
	struct flame *f;
	int rc = 0;

	if (!rt->folded_file && !rt->flame_file)
		return 0;
	f = flame_new();
	if (!f) {
		errf(rt->err, rt->errlen, "out of memory");
		return -1;
	}
	for (int i = 0; i < rt->p.nmaps && !rc; i++) {
		struct map_read r;

		if (!lang_map_foldable(&rt->p.maps[i]))
			continue;
		rc = read_map(rt, i, &r);
		if (!rc) {
			rc = lang_output_fold(rt->out, &rt->p.maps[i], r.kv, r.n, f, prefix);
			map_read_release(&r);
		}
	}
	if (rc < 0) {
		errf(rt->err, rt->errlen, "cannot draw the stacks: %s", strerror(-rc));
		flame_free(f);
		return -1;
	}
	if (rt->folded_file) {
		flame_write_folded(f, rt->folded_file);
		rc |= close_checked(&rt->folded_file, rt->o->folded, rt->err, rt->errlen);
	}
	if (rt->flame_file && !rc) {
		struct flame_svg_opts so = { .title = "scry script", .subtitle = rt->o->file_label,
					     .units = "counts" };

		flame_write_svg(f, rt->flame_file, &so);
		rc |= close_checked(&rt->flame_file, rt->o->flamegraph, rt->err, rt->errlen);
	}
	flame_free(f);
	return rc;
}

static u64 error_count(struct rt *rt, u32 idx)
{
	u64 *v = calloc(rt->ncpus, 8), sum = 0;
	int fd = *imap(rt, LANG_IMAP_ERRORS);

	if (!v || fd < 0 || bpf_map_lookup_elem(fd, &idx, v)) {
		free(v);
		return 0;
	}
	for (int c = 0; c < rt->ncpus; c++)
		sum += v[c];
	free(v);
	return sum;
}

/* What the programs could not do: counted in the kernel, said once at the end. */
static void report_losses(struct rt *rt)
{
	u64 n;

	if ((n = error_count(rt, LERR_EVENTS_LOST)))
		fprintf(stderr, "Lost %llu events\n", (unsigned long long)n);
	if ((n = error_count(rt, LERR_KSTACK_LOST)))
		fprintf(stderr, "scry: %llu kernel stacks could not be taken (the stack map is full or a stack "
			"was deeper than %d frames)\n", (unsigned long long)n, LANG_STACK_FRAMES);
	if ((n = error_count(rt, LERR_USTACK_LOST)))
		fprintf(stderr, "scry: %llu user stacks could not be taken (the stack map is full or a stack "
			"was deeper than %d frames)\n", (unsigned long long)n, LANG_STACK_FRAMES);
	for (int i = 0; i < rt->p.nmaps; i++)
		if ((n = error_count(rt, LERR_MAP_FULL + (u32)i)))
			fprintf(stderr, "scry: map %s is full (%u entries): %llu updates were dropped; "
				"raise its size with --map-entries\n", rt->p.maps[i].name,
				rt->o->map_entries ? rt->o->map_entries : LANG_DEFAULT_MAP_ENTRIES,
				(unsigned long long)n);
	if (rt->ring_errors || lang_output_bad_events(rt->out))
		fprintf(stderr, "scry: %llu malformed event records were skipped\n",
			(unsigned long long)(rt->ring_errors + lang_output_bad_events(rt->out)));
}

/* -- CMD follows the command's children: a program on sched_process_fork
 * adds each child of a traced process to the targets map. It rides along
 * as one more attachment (block -1: not the user's, not counted). */
static int add_fork_tracker(struct rt *rt)
{
	struct lang_program *p = &rt->p;
	struct tp_formats f;
	struct tep_event *ev;
	struct tep_format_field *fld;
	struct lang_bpf_prog *progs;
	struct lang_attach *atts, *a;
	int id;

	if (tp_formats_init(&f, &rt->tracefs))
		return errf(rt->err, rt->errlen, "out of memory");
	ev = tp_formats_get(&f, "sched", "sched_process_fork");
	fld = ev ? tep_find_field(ev, "child_pid") : NULL;
	id = tracefs_event_id(&rt->tracefs, "sched", "sched_process_fork");
	if (!fld || id < 0) {
		tp_formats_release(&f);
		return errf(rt->err, rt->errlen, "cannot follow the command's children: no sched:sched_process_fork "
			    "tracepoint with a child_pid field");
	}
	progs = realloc(p->progs, (p->nprogs + 1) * sizeof(*progs));
	if (!progs) {
		tp_formats_release(&f);
		return errf(rt->err, rt->errlen, "out of memory");
	}
	p->progs = progs;
	if (lang_codegen_fork_tracker(&p->progs[p->nprogs], (u32)fld->offset, rt->err, rt->errlen)) {
		tp_formats_release(&f);
		return -1;
	}
	tp_formats_release(&f);
	atts = realloc(p->attaches, (p->nattaches + 1) * sizeof(*atts));
	if (!atts)
		return errf(rt->err, rt->errlen, "out of memory");
	p->attaches = atts;
	a = &p->attaches[p->nattaches++];
	memset(a, 0, sizeof(*a));
	a->block = -1;
	a->type = P_TRACEPOINT;
	a->name = strdup("tracepoint:sched:sched_process_fork");
	a->tp_sys = strdup("sched");
	a->tp_name = strdup("sched_process_fork");
	a->tp_id = id;
	a->prog = p->nprogs++;
	if (!a->name || !a->tp_sys || !a->tp_name)
		return errf(rt->err, rt->errlen, "out of memory");
	return 0;
}

/* Set the stop flag in every CPU's scratch value: the probes return at
 * once from now on, even while the kernel takes its time to detach them. */
static void stop_probes(struct rt *rt)
{
	size_t sz = ((rt->p.scratch_size + 7) & ~7u);
	u8 *v = calloc(rt->ncpus, sz);
	u32 key = 0;

	if (!v)
		return;
	for (int c = 0; c < rt->ncpus; c++)
		*(u64 *)(v + c * sz + LANG_SCRATCH_STOP) = 1;
	bpf_map_update_elem(*imap(rt, LANG_IMAP_SCRATCH), &key, v, BPF_ANY);
	free(v);
}

static void rt_release(struct rt *rt)
{
	if (rt->attached)
		lang_links_close(&rt->links);
	if (rt->ring)
		ring_buffer__free(rt->ring);
	if (rt->out)
		lang_output_free(rt->out);
	if (rt->syms)
		lang_syms_free(rt->syms);
	for (int i = 0; rt->map_fd && i < rt->p.nmaps; i++)
		if (rt->map_fd[i] >= 0)
			close(rt->map_fd[i]);
	for (int i = 0; i < LANG_IMAP_NR; i++)
		if (rt->imap_fd[i] >= 0)
			close(rt->imap_fd[i]);
	for (int k = 0; k < rt->p.nprogs; k++)
		if (rt->p.progs[k].fd >= 0)
			close(rt->p.progs[k].fd);
	free(rt->map_fd);
	if (rt->folded_file)
		fclose(rt->folded_file);
	if (rt->flame_file)
		fclose(rt->flame_file);
	outbuf_release(&rt->ob);
	lang_program_release(&rt->p);
}

int lang_run(const struct lang_run_opts *o, char *err, size_t errlen)
{
	struct rt *rt = calloc(1, sizeof(*rt));
	struct lang_codegen_opts cg = { .start_ns = monotonic_ns(), .tp_pass_on = true };
	struct lang_probes_env env = { 0 };
	struct target *t = o->target;
	bool prepared = false;
	pid_t pid = 0;
	int rc = -1, n;
	u64 next_interval;

	if (!rt)
		return errf(err, errlen, "out of memory");
	install_usr1();         /* from the start: an early one is not fatal */
	rt->o = o;
	rt->err = err;
	rt->errlen = errlen;
	for (int i = 0; i < LANG_IMAP_NR; i++)
		rt->imap_fd[i] = -1;
	outbuf_init_fd(&rt->ob, STDOUT_FILENO, 64 << 10);

	rt->p.positional = o->positional;
	rt->p.npositional = o->npositional;
	rt->p.unsafe = o->unsafe;
	rt->p.ast = lang_parse_args(o->text, o->len, o->file, o->positional, o->npositional, err, errlen);
	if (!rt->p.ast)
		goto out;
	if (tracefs_open(&rt->tracefs, err, errlen) == 0) {
		rt->have_tracefs = true;
		env.tracefs = &rt->tracefs;
	}
	if (lang_probes_resolve(&rt->p, &env, err, errlen) || lang_sema(&rt->p, err, errlen))
		goto out;

	/* The targets: -p PID only, or the command and what it forks. */
	if (t) {
		if (target_prepare(t, false, err, errlen))
			goto out;
		prepared = true;
		if (t->have_workload) {
			pid = t->wl.pid;
			cg.cpid = pid;
			cg.filter_targets = true;
		} else if (t->pids) {
			struct cpumap cpus;
			struct threadmap threads;
			char *end;
			long v = strtol(t->pids, &end, 10);

			if (*end || v <= 0) {
				errf(err, errlen, "-p takes one process id");
				goto out;
			}
			/* Checks that it exists, and lets target_done see it go. */
			if (target_maps(t, &cpus, &threads, err, errlen))
				goto out;
			cpumap_free(&cpus);
			threadmap_free(&threads);
			pid = (pid_t)v;
			cg.filter_pid = pid;
		}
	}
	if (lang_codegen(&rt->p, &cg, err, errlen))
		goto out;
	if ((o->folded || o->flamegraph) && check_foldable(rt))
		goto out;
	if (cg.filter_targets && add_fork_tracker(rt))
		goto out;
	if (o->verbose) {
		struct outbuf vb;

		outbuf_init_fd(&vb, STDERR_FILENO, 64 << 10);
		lang_codegen_dump(&rt->p, &vb);
		outbuf_flush(&vb);
		outbuf_release(&vb);
	}
	if (o->dry_run) {
		rc = 0;
		goto out;
	}
	rt->ncpus = libbpf_num_possible_cpus();
	if (rt->ncpus <= 0) {
		errf(err, errlen, "cannot count the possible CPUs");
		goto out;
	}
	if (create_maps(rt) || probe_kernel(rt))
		goto out;
	for (int k = 0; k < rt->p.nprogs; k++)
		if (load_prog(rt, &rt->p.progs[k]))
			goto out;
	if (cg.filter_targets) {
		u32 k = (u32)pid, one = 1;

		bpf_map_update_elem(*imap(rt, LANG_IMAP_TARGETS), &k, &one, BPF_ANY);
	}
	/* Kernel names are looked up when first needed; user names need the
	 * processes followed from now on (they may exit before the end). */
	rt->syms = lang_syms_new(rt->p.uses_ustack || rt->p.uses_usym, err, errlen);
	if (!rt->syms)
		goto out;
	rt->out = lang_output_new(&rt->ob, &rt->p, rt->syms, stack_ips, rt);
	if (rt->out && rt->o->json)
		lang_output_set_format(rt->out, LANG_OUT_JSON);
	if (rt->out)
		lang_output_set_quiet(rt->out, rt->o->quiet);
	if (rt->out && rt->o->bcc)
		lang_output_set_bcc(rt->out, rt->o->bcc);
	rt->ring = ring_buffer__new(*imap(rt, LANG_IMAP_EVENTS), on_event, rt, NULL);
	if (!rt->out || !rt->ring) {
		errf(err, errlen, "cannot read the event ring: %s", strerror(errno));
		goto out;
	}

	n = 0;
	for (int i = 0; i < rt->p.nattaches; i++)
		n += rt->p.attaches[i].block >= 0;
	if (open_stack_files(rt))
		goto out;
	if (!o->bcc)            /* bcc's tools say it once attached (below) */
		lang_output_attached(rt->out, n);
	outbuf_flush(&rt->ob);
	target_signals_install();
	{
		struct lang_target lt = { .pid = pid, .follow_children = cg.filter_targets, .timers = 1 };
		bool cookies = false;

		for (int k = 0; k < rt->p.nprogs; k++)
			if (rt->p.progs[k].helpers_used[BPF_FUNC_get_attach_cookie / 64] &
			    (1ULL << (BPF_FUNC_get_attach_cookie % 64)))
				cookies = true;
		if (lang_attach_all(&rt->links, &rt->p, &lt, cookies, err, errlen))
			goto out;
		rt->attached = true;
		if (o->bcc)
			lang_output_attached(rt->out, n);
		/* BEGIN sees the probes attached (its "Tracing..." is true); the
		 * interval timers start after it, a whole period from its nsecs,
		 * as bpftrace's first interval firing is. */
		if (run_special(rt, P_BEGIN))
			goto out;
		drain(rt);
		lt.timers = 2;
		if (!rt->exiting && lang_attach_all(&rt->links, &rt->p, &lt, cookies, err, errlen))
			goto out;
	}
	/* bpftrace's test suite waits for this line before it starts the
	 * command that makes events (its AFTER): so it can run scry too. */
	if (getenv("__BPFTRACE_NOTIFY_PROBES_ATTACHED") && !rt->exiting) {     /* not after BEGIN's exit() */
		/* on stderr, as bpftrace: a pipe of the output stays clean */
		outbuf_flush(&rt->ob);
		fprintf(stderr, "__BPFTRACE_NOTIFY_PROBES_ATTACHED\n");
	}
	if (t && t->have_workload && !rt->exiting && target_start(t, err, errlen))
		goto out;

	next_interval = monotonic_ns() + o->interval_ms * 1000000ULL;
	while (!rt->exiting && !rt->reader_gone && !(t ? target_done(t) : target_stop_signal())) {
		struct pollfd fds[64];
		int sfds[63], nfds = 0, ns = rt->syms ? lang_syms_pollfds(rt->syms, sfds, 63) : 0;

		fds[nfds++] = (struct pollfd){ .fd = ring_buffer__epoll_fd(rt->ring), .events = POLLIN };
		for (int i = 0; i < ns; i++)
			fds[nfds++] = (struct pollfd){ .fd = sfds[i], .events = POLLIN };
		poll(fds, (nfds_t)nfds, poll_timeout_ms(o->interval_ms ? next_interval : 0));
		drain(rt);
		if (usr1_pending) {
			usr1_pending = 0;
			print_all_maps(rt, false);
			outbuf_flush(&rt->ob);
		}
		if (o->interval_ms && monotonic_ns() >= next_interval) {
			print_interval(rt);
			next_interval += o->interval_ms * 1000000ULL;
			if (o->count && rt->intervals_printed >= o->count)
				rt->exiting = true;     /* as exit(): END runs, a command is ended */
		}
	}
	/* The end: no more events from the probes, then END, then the maps. */
	stop_probes(rt);
	/* exit(), --count or a stop signal end a command still running, as
	 * bpftrace's -c child and perf record's workload are ended (SIGTERM,
	 * SIGKILL when asked twice). */
	if (t && t->have_workload && !t->wl_exited && (rt->exiting || target_stop_signal()))
		target_stop_workload(t);
	lang_links_release_in_background(&rt->links);
	lang_links_close(&rt->links);
	rt->attached = false;
	drain(rt);
	rt->discard = false;
	if (run_special(rt, P_END))
		goto out;
	drain(rt);
	if (rt->reader_gone) {
		/* Nobody reads what would follow; no error either (as | head). */
		rc = 0;
		goto out;
	}
	if (!o->interval_ms) {
		lang_output_exit_preamble(rt->out);
		print_all_maps(rt, false);
	} else if (!o->count || rt->intervals_printed < o->count) {
		print_interval(rt);     /* the interval the end cut short */
	}
	lang_output_end(rt->out);
	if (draw_stacks(rt))
		goto out;
	if (outbuf_flush(&rt->ob) && rt->ob.error == EPIPE) {
		rc = 0;
		goto out;
	}
	if (rt->ob.error) {
		errf(err, errlen, "write error on stdout: %s", strerror(rt->ob.error));
		goto out;
	}
	report_losses(rt);
	rc = t ? target_exit_code(t) : 0;
	/* A run ended by Ctrl-C or SIGTERM is a normal end, as for bpftrace. */
	if (t && !t->have_workload)
		rc = 0;
	if (t && t->have_workload && (target_stop_signal() || rt->exiting))
		rc = 0;
out:
	/* A command still running (scry was stopped, or failed) goes with it,
	 * as bpftrace's -c child does. */
	if (prepared && t->have_workload && !t->wl_exited)
		target_abort(t);
	rt_release(rt);
	free(rt);
	return rc;
}

int lang_run_targets(struct lang_run_opts *o, const char *pids, const char **cmd, int ncmd, const char *who,
		     char *err, size_t errlen)
{
	struct target t = { .pids = pids, .argv = cmd, .argc = ncmd };
	int rc;

	o->target = NULL;
	if (pids || ncmd) {
		if (target_check(&t, who, "trace", err, errlen))
			return LANG_RUN_USAGE;
		o->target = &t;
	}
	rc = lang_run(o, err, errlen);
	if (o->target)
		target_release(&t);
	o->target = NULL;
	return rc;
}
