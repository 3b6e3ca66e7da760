// SPDX-License-Identifier: GPL-2.0
/* scry's syscall tracer, kernel side.
 *
 * At syscall entry the arguments (and the strings that path arguments point
 * to) are kept in a per-thread in-flight slot; at return one record holding
 * both ends of the call is written to the perf ring buffer of the current
 * cpu.  One record per call instead of two halves the cost of tracing, and
 * reading strings at entry is the only moment they are certain to be valid.
 * Which syscalls and which processes are traced is decided here, so the
 * rest cost a map lookup and nothing reaches user space. */
#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "util/trace/bpf/syscall-record.h"

char LICENSE[] SEC("license") = "GPL";

/* Kernel types read through CO-RE: only the fields used, relocated against
 * the running kernel's BTF at load time. */
typedef struct {
	int counter;
} atomic_t;

struct signal_struct {
	atomic_t live;
} __attribute__((preserve_access_index));

struct inode {
	unsigned short i_mode;
	unsigned long i_ino;
} __attribute__((preserve_access_index));

struct file {
	struct inode *f_inode;
} __attribute__((preserve_access_index));

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
} __attribute__((preserve_access_index));

struct files_struct {
	struct fdtable *fdt;
} __attribute__((preserve_access_index));

struct task_struct {
	struct files_struct *files;
	int pid;
	int tgid;
	int exit_code;
	struct signal_struct *signal;
	char comm[16];
} __attribute__((preserve_access_index));

/* x86_64 struct pt_regs (uapi layout, stable). */
struct scry_pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scry_sc_conf);
} conf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCRY_SC_NR_MAX);
	__type(key, __u32);
	__type(value, struct scry_sc_nrconf);
} nrconf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, __u32);
} targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, struct scry_sc_rec);
} inflight SEC(".maps");

/* One zeroed record to create in-flight slots from, one scratch record per
 * cpu for the records written at once (no in-flight slot needed). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scry_sc_rec);
} zero_rec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scry_sc_rec);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SCRY_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);
	if (c)
		__sync_fetch_and_add(c, 1);
}

/* The trace has ended (sc_bpf_stop): calls still in flight are not reported. */
static __always_inline bool stopped(void)
{
	__u32 zero = 0;
	struct scry_sc_conf *c = bpf_map_lookup_elem(&conf, &zero);

	return !c || c->mode == SCRY_MODE_OFF;
}

/* SCRY_TARGET_ACTIVE for a traced task, SCRY_TARGET_ARMED for a workload
 * not yet past its exec, 0 for any other. */
static __always_inline __u32 task_state(__u32 tgid, __u32 tid)
{
	__u32 zero = 0, key;
	struct scry_sc_conf *c = bpf_map_lookup_elem(&conf, &zero);
	__u32 *st;

	if (!c || c->mode == SCRY_MODE_OFF)
		return 0;
	if (c->mode == SCRY_MODE_ALL)
		return tgid != c->self_tgid ? SCRY_TARGET_ACTIVE : 0;
	key = c->mode == SCRY_MODE_TID ? tid : tgid;
	st = bpf_map_lookup_elem(&targets, &key);
	return st ? *st : 0;
}

static __always_inline bool traced_task(__u32 tgid, __u32 tid)
{
	return task_state(tgid, tid) == SCRY_TARGET_ACTIVE;
}

static __always_inline void emit(void *ctx, struct scry_sc_rec *r)
{
	__u32 size = SCRY_SC_HDR_SIZE + r->str_len[0] + r->str_len[1];

	if (r->vec_len)
		size = SCRY_SC_HDR_SIZE + SCRY_SC_VEC_OFF + r->vec_len;
	else if (r->cap_len)
		size = SCRY_SC_HDR_SIZE + (__u32)r->cap_off + r->cap_len;

	if (size > sizeof(*r))
		size = sizeof(*r);
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, r, size))
		count(SCRY_CNT_OUTPUT_FAIL);
}

static __always_inline void read_string(struct scry_sc_rec *r, int slot, __u8 argp1, __u32 off)
{
	__u32 idx = (__u32)argp1 - 1;
	long n;

	if (idx >= SCRY_SC_NARGS || off > SCRY_SC_STR_MAX)
		return;
	n = bpf_probe_read_user_str(&r->strs[off], SCRY_SC_STR_MAX, (const void *)r->args[idx]);
	r->str_arg[slot] = (__u8)idx;
	if (n > 0) {
		r->str_len[slot] = (__u16)n;
	} else {
		r->str_len[slot] = 0;
		r->flags |= slot ? SCRY_SC_F_STR1_FAULT : SCRY_SC_F_STR0_FAULT;
	}
}

static __always_inline void no_vectors(struct scry_sc_rec *r)
{
	r->vec_len = r->vec_nr = r->cnt_nr = 0;
	r->vec_arg = r->cnt_arg = 0xff;
	r->cap_off = r->cap_len = 0;
	r->cap_nr = 0;
}

/* Walking a user array of string pointers (execve's argv and envp), one
 * element per bpf_loop() step: the verifier checks the step once, however
 * long the array. */
struct vec_walk {
	struct scry_sc_rec *r;
	const char *const *uvec;        /* the user array */
	__u32 nr;                       /* elements seen so far */
	__u32 off;                      /* bytes of strings captured so far */
	bool capture;                   /* copy the strings (argv) or only count (envp) */
	bool full;                      /* no room left: count the rest */
	bool fault;
};

static long vec_step(__u32 i, struct vec_walk *w)
{
	const char *p = NULL;
	__u32 off = w->off;
	long n;

	if (bpf_probe_read_user(&p, sizeof(p), &w->uvec[i])) {
		w->fault = true;
		return 1;
	}
	if (!p)
		return 1;
	w->nr++;
	if (!w->capture || w->full)
		return 0;
	if (off >= SCRY_SC_VEC_BYTES) {
		w->full = true;
		return 0;
	}
	/* off < SCRY_SC_VEC_BYTES and the area has SCRY_SC_VEC_STR_MAX bytes
	 * of slack: the copy stays inside strs[] whatever it reads. */
	n = bpf_probe_read_user_str(&w->r->strs[SCRY_SC_VEC_OFF + off], SCRY_SC_VEC_STR_MAX, p);
	if (n <= 0) {
		w->fault = true;
		w->full = true;
		return 0;
	}
	if (off + n > SCRY_SC_VEC_BYTES) {
		w->full = true;         /* this one does not fit: shown as "..." */
		return 0;
	}
	w->off = off + (__u32)n;
	return 0;
}

/* The string vector (argv) and the counted vector (envp) of an exec. */
static __always_inline void read_vectors(struct scry_sc_rec *r, const struct scry_sc_nrconf *nc)
{
	struct vec_walk w = { .r = r };
	__u32 idx;

	if (nc->vec_arg && (idx = (__u32)nc->vec_arg - 1) < SCRY_SC_NARGS) {
		w.uvec = (const char *const *)r->args[idx];
		w.capture = true;
		if (w.uvec)
			bpf_loop(SCRY_SC_VEC_COUNT_MAX, vec_step, &w, 0);
		r->vec_arg = (__u8)idx;
		r->vec_len = (__u16)w.off;
		r->vec_nr = (__u16)w.nr;
		if (w.fault)
			r->flags |= SCRY_SC_F_VEC_FAULT;
	}
	if (nc->cnt_arg && (idx = (__u32)nc->cnt_arg - 1) < SCRY_SC_NARGS) {
		struct vec_walk c = { .r = r, .uvec = (const char *const *)r->args[idx] };
		if (c.uvec)
			bpf_loop(SCRY_SC_VEC_COUNT_MAX, vec_step, &c, 0);
		r->cnt_arg = (__u8)idx;
		r->cnt_nr = (__u16)c.nr;
		if (c.fault)
			r->flags |= SCRY_SC_F_CNT_FAULT;
	}
}

/* Strings and buffers share the two slots of a record, claimed in order:
 * the strings at entry, then the buffers the call is given (at entry), then
 * those it fills (at return). Slot 1's bytes follow slot 0's. */
static __always_inline int free_slot(const struct scry_sc_rec *r)
{
	if (r->str_arg[0] == 0xff)
		return 0;
	if (r->str_arg[1] == 0xff)
		return 1;
	return -1;
}

/* The first len bytes (at most SCRY_SC_STR_MAX) of buffer argument idx. */
static __always_inline void copy_buf(struct scry_sc_rec *r, int slot, __u32 idx, __u64 len)
{
	__u32 off = slot ? r->str_len[0] : 0, n;
	const void *src;

	if (idx >= SCRY_SC_NARGS || off > SCRY_SC_STR_MAX)
		return;
	/* The barrier keeps the address computed from the checked index
	 * (the compiler would otherwise hoist it above the check, where the
	 * verifier cannot see the bound). */
	asm volatile("" : "+r"(idx));
	src = (const void *)r->args[idx];
	n = len < SCRY_SC_STR_MAX ? (__u32)len : SCRY_SC_STR_MAX;
	r->str_arg[slot] = (__u8)idx;
	if (n && bpf_probe_read_user(&r->strs[off], n, src)) {
		r->str_len[slot] = 0;
		r->flags |= slot ? SCRY_SC_F_STR1_FAULT : SCRY_SC_F_STR0_FAULT;
		return;
	}
	r->str_len[slot] = (__u16)n;
	r->flags |= slot ? SCRY_SC_F_STR1_BUF : SCRY_SC_F_STR0_BUF;
}

/* How much of buffer k to copy: its struct's size; else what the argument
 * after it says (a buffer given: write's count) or the result (a buffer
 * filled: read's). */
static __always_inline __u64 buf_len(const struct scry_sc_rec *r, const struct scry_sc_nrconf *nc, int k, __s64 ret)
{
	__u32 next = nc->buf_arg[k];    /* index + 1: the next argument's index */

	if (nc->buf_size[k])
		return nc->buf_size[k];
	if (nc->buf_out[k])
		return ret > 0 ? (__u64)ret : 0;
	if (next >= SCRY_SC_NARGS)
		return 0;
	asm volatile("" : "+r"(next));  /* as in copy_buf */
	return r->args[next];
}

/* The buffers the call is given (out = false, at entry) or has filled
 * (out = true, at return; not when it failed). */
static __always_inline void read_bufs(struct scry_sc_rec *r, const struct scry_sc_nrconf *nc, bool out, __s64 ret)
{
	for (int k = 0; k < 2; k++) {
		__u8 a = nc->buf_arg[k];
		int slot;

		if (!a || a > SCRY_SC_NARGS || (nc->buf_out[k] != 0) != out || (out && ret < 0))
			continue;
		slot = free_slot(r);
		if (slot < 0)
			return;
		copy_buf(r, slot, (__u32)a - 1, buf_len(r, nc, k, ret));
	}
}

/* Slot `slot` again, the way it was read at entry. */
static __always_inline void reread(struct scry_sc_rec *r, const struct scry_sc_nrconf *nc, int slot)
{
	__u8 argp1 = r->str_arg[slot] + 1;

	r->flags &= ~(slot ? SCRY_SC_F_STR1_FAULT : SCRY_SC_F_STR0_FAULT);
	if (nc->str_arg[0] == argp1 || nc->str_arg[1] == argp1) {
		read_string(r, slot, argp1, slot ? r->str_len[0] : 0);
		return;
	}
	for (int k = 0; k < 2; k++)
		if (nc->buf_arg[k] == argp1 && !nc->buf_out[k])
			copy_buf(r, slot, (__u32)argp1 - 1, buf_len(r, nc, k, 0));
}

/* At return, a second try at what could not be read at entry: a string or
 * buffer in a page the program had not touched yet, which the call itself
 * has since faulted in. The inputs read here are the call's own and still
 * hold what it was given. Not after an exec: the memory is a new program's.
 * Slot 0 grows only while slot 1 holds nothing yet. */
static __always_inline void retry_faulted(struct scry_sc_rec *r, const struct scry_sc_nrconf *nc)
{
	if ((r->flags & SCRY_SC_F_STR0_FAULT) && (r->str_arg[1] == 0xff || (r->flags & SCRY_SC_F_STR1_FAULT)))
		reread(r, nc, 0);
	if (r->flags & SCRY_SC_F_STR1_FAULT)
		reread(r, nc, 1);
}

/* ---- copies by rule (captures) ---------------------------------------------- */

/* The most pieces one record holds (the reader's limit too). */
#define CAP_PIECES_MAX 48

/* One piece: a header, then up to `want` bytes at user address src (fewer
 * when max or the room left says so), padded to 8. src NULL: a header
 * alone (a count, an empty result). */
struct cap_req {
	const void *src;
	__u64 want, aux;
	__u32 max;
	__u8 arg, kind, when;
	__u8 kernel;            /* src is kernel memory (this program's stack) */
};

/* A global function: the verifier checks it once, not at each call with
 * every path that leads there (the rules' branches multiply otherwise). */
__attribute__((noinline)) int cap_piece(struct scry_sc_rec *r, const struct cap_req *q)
{
	struct scry_sc_cap_hdr *h;
	/* 64-bit: a 32-bit value is zero-extended on each use, and the
	 * verifier loses the bound between the copies */
	__u64 cur, off, n, room;

	if (!r || !q)
		return -1;
	cur = r->cap_len;
	off = r->cap_off;
	if (r->cap_nr >= CAP_PIECES_MAX || cur > SCRY_SC_CAP_AREA - sizeof(*h) || off > SCRY_SC_CAP_OFF_MAX)
		return -1;
	off += cur;
	asm volatile("" : "+r"(off));
	if (off > SCRY_SC_CAP_OFF_MAX + SCRY_SC_CAP_AREA - sizeof(*h))
		return -1;
	h = (struct scry_sc_cap_hdr *)&r->strs[off];
	room = SCRY_SC_CAP_AREA - sizeof(*h) - cur;
	n = q->want < q->max ? q->want : q->max;
	if (n > room)
		n = room;
	h->arg = q->arg;
	h->kind = q->kind;
	h->when = q->when;
	h->flags = n < q->want ? SCRY_CAP_F_TRUNC : 0;
	h->pad = 0;
	h->aux = q->aux;
	if (!q->src)
		n = 0;
	asm volatile("" : "+r"(n));
	if (n > SCRY_SC_CAP_PIECE)
		return -1;
	if (n && (q->kernel ? bpf_probe_read_kernel(&r->strs[off + sizeof(*h)], n, q->src)
			    : bpf_probe_read_user(&r->strs[off + sizeof(*h)], n, q->src))) {
		h->flags |= SCRY_CAP_F_FAULT;
		n = 0;
	}
	h->len = (__u16)n;
	r->cap_len = (__u16)(cur + sizeof(*h) + ((n + 7) & ~7ull));
	r->cap_nr++;
	return 0;
}

static __always_inline int put_piece(struct scry_sc_rec *r, __u8 arg, __u8 kind, __u8 when,
				     const void *src, __u64 want, __u32 max, __u64 aux)
{
	struct cap_req q = { .src = src, .want = want, .aux = aux, .max = max, .arg = arg, .kind = kind, .when = when };

	return cap_piece(r, &q);
}

static __always_inline __u64 arg_of(const struct scry_sc_rec *r, __u32 idx)
{
	if (idx >= SCRY_SC_NARGS)
		return 0;
	asm volatile("" : "+r"(idx));   /* as in copy_buf */
	return r->args[idx];
}

/* An iovec array's elements' bytes, one piece each: a bpf_loop step. */
struct iov_walk {
	struct scry_sc_rec *r;
	const struct { __u64 base, len; } *uiov;
	__u64 budget;                   /* data bytes the call moved still to account */
	__u32 max;                      /* most bytes copied of one element */
	__u8 arg, when;
};

static long iov_step(__u32 i, struct iov_walk *w)
{
	struct { __u64 base, len; } iov;
	__u64 n;

	if (bpf_probe_read_user(&iov, sizeof(iov), &w->uiov[i]))
		return 1;
	/* this element's share of what the call moved */
	n = iov.len < w->budget ? iov.len : w->budget;
	if (put_piece(w->r, w->arg, SCRY_CAP_IOV_DATA, w->when, (const void *)iov.base, n, w->max, i))
		return 1;
	w->budget -= n;
	return 0;
}

/* The array (at most SCRY_CAP_IOV_MAX elements; all counted) and its data. */
static __always_inline void cap_iov(struct scry_sc_rec *r, __u8 arg, __u8 when, const void *uiov, __u64 cnt,
				    __u64 budget, __u32 max, bool data)
{
	struct iov_walk w = { .r = r, .uiov = uiov, .budget = budget, .max = max, .arg = arg, .when = when };
	__u64 nr = cnt < SCRY_CAP_IOV_MAX ? cnt : SCRY_CAP_IOV_MAX;

	if (put_piece(r, arg, SCRY_CAP_IOV, when, uiov, nr * 16, SCRY_CAP_IOV_MAX * 16, cnt) || !uiov || !data)
		return;
	bpf_loop((__u32)nr, iov_step, &w, 0);
}

/* getdents64's records: counted by their d_reclen, one per step. */
struct dents_walk {
	const char *buf;
	__u32 off, end, nr;
};

static long dents_step(__u32 i, struct dents_walk *w)
{
	__u16 reclen = 0;

	if (w->off >= w->end)
		return 1;
	if (bpf_probe_read_user(&reclen, sizeof(reclen), w->buf + w->off + 16) || !reclen)
		return 1;
	w->off += reclen;
	w->nr++;
	return 0;
}

struct user_msghdr_x {
	__u64 name;
	__s32 namelen, pad0;
	__u64 iov, iovlen, control, controllen;
	__u32 flags, pad1;
};

/* What one rule says, taken now (at entry or at return). Global, as
 * cap_piece. */
__attribute__((noinline)) int cap_rule(struct scry_sc_rec *r, const struct scry_sc_cap_rule *cr, __u32 when, __s64 ret)
{
	__u32 max;
	__u8 arg;
	const void *p;
	__u64 unit, want = 0;

	if (!r || !cr)
		return 0;
	max = cr->max ? cr->max : SCRY_SC_CAP_PIECE;
	arg = cr->arg - 1;
	p = (const void *)arg_of(r, arg);
	unit = cr->size ? cr->size : 1;

	switch (cr->kind) {
	case SCRY_CAP_FIXED:
		want = cr->size;
		break;
	case SCRY_CAP_ARGLEN:
		want = arg_of(r, cr->len_arg) * unit;
		break;
	case SCRY_CAP_RETLEN:
		want = ret > 0 ? (__u64)ret * unit : 0;
		break;
	case SCRY_CAP_PTRLEN: {
		__u32 len = 0;
		const void *lp = (const void *)arg_of(r, cr->len_arg);
		if (lp && bpf_probe_read_user(&len, sizeof(len), lp))
			len = 0;
		want = len;
		break;
	}
	case SCRY_CAP_BITS:
		want = ((arg_of(r, cr->len_arg) & 0xffffffff) + 63) / 64 * 8;
		break;
	case SCRY_CAP_IOV: {
		__u64 budget = when == SCRY_CAP_EXIT ? (ret > 0 ? (__u64)ret : 0) : ~0ULL;

		cap_iov(r, arg, when, p, arg_of(r, cr->len_arg), budget, max, when == SCRY_CAP_EXIT || !cr->size);
		return 0;
	}
	case SCRY_CAP_MSGHDR: {
		struct user_msghdr_x m;
		__u64 budget = max;

		if (!p || bpf_probe_read_user(&m, sizeof(m), p)) {
			put_piece(r, arg, SCRY_CAP_MSGHDR, when, p, sizeof(m), sizeof(m), sizeof(m));
			return 0;
		}
		if (put_piece(r, arg, SCRY_CAP_MSGHDR, when, p, sizeof(m), sizeof(m), sizeof(m)))
			return 0;
		if (m.name && m.namelen > 0)
			put_piece(r, arg, SCRY_CAP_MSG_NAME, when, (const void *)m.name, (__u32)m.namelen, 128,
				  (__u32)m.namelen);
		budget = when == SCRY_CAP_EXIT ? (ret > 0 ? (__u64)ret : 0) : ~0ULL;
		if (m.iov)
			cap_iov(r, arg, when, (const void *)m.iov, m.iovlen, budget, max,
				when == SCRY_CAP_EXIT || !cr->size);
		if (m.control && m.controllen)
			put_piece(r, arg, SCRY_CAP_MSG_CONTROL, when, (const void *)m.control, m.controllen, 256,
				  m.controllen);
		return 0;
	}
	case SCRY_CAP_DENTS: {
		struct dents_walk w = { .buf = p, .end = ret > 0 ? (__u32)ret : 0 };
		if (p && w.end)
			bpf_loop(8192, dents_step, &w, 0);
		put_piece(r, arg, SCRY_CAP_DENTS, when, p, w.end, max, w.nr);
		return 0;
	}
	case SCRY_CAP_BUFPAIR: {
		struct { __u64 ptr, len; } pr;

		if (put_piece(r, arg, SCRY_CAP_BUFPAIR, when, p, cr->size, cr->size, cr->size) || !p ||
		    cr->size < sizeof(pr) || bpf_probe_read_user(&pr, sizeof(pr), p))
			return 0;
		put_piece(r, arg, SCRY_CAP_BUFPAIR_DATA, when, (const void *)pr.ptr, pr.len, max, pr.len);
		return 0;
	}
	case SCRY_CAP_FD_INODE: {
		/* current->files->fdt->fd[ret]->f_inode: read now, while the
		 * descriptor is certainly the one the call made */
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		struct scry_fd_inode fi = { 0 };
		struct cap_req q = { .src = &fi, .want = sizeof(fi), .aux = sizeof(fi), .max = sizeof(fi),
				     .arg = arg, .kind = SCRY_CAP_FD_INODE, .when = when, .kernel = 1 };
		struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
		struct file **fds;
		struct file *f = NULL;

		if (ret < 0 || !fdt || (__u64)ret >= BPF_CORE_READ(fdt, max_fds))
			return 0;
		fds = BPF_CORE_READ(fdt, fd);
		if (bpf_probe_read_kernel(&f, sizeof(f), &fds[ret]) || !f)
			return 0;
		fi.ino = BPF_CORE_READ(f, f_inode, i_ino);
		fi.mode = BPF_CORE_READ(f, f_inode, i_mode);
		cap_piece(r, &q);
		return 0;
	}
	case SCRY_CAP_SIGFRAME: {
		/* At rt_sigreturn's entry the user stack pointer is just past
		 * the frame's return address: the frame's ucontext follows,
		 * its uc_sigmask 296 bytes in (flags, link, stack, mcontext). */
		struct scry_pt_regs *regs = (struct scry_pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
		__u64 sp = 0;

		if (regs)
			bpf_probe_read_kernel(&sp, sizeof(sp), &regs->sp);
		put_piece(r, arg, SCRY_CAP_SIGFRAME, when, sp ? (const void *)(sp + 296) : NULL, 8, 8, 8);
		return 0;
	}
	default:
		return 0;
	}
	put_piece(r, arg, cr->kind, when, p, want, max, want);
	return 0;
}

/* The rules of this call that copy at this moment; at return only when the
 * call succeeded (a failed call filled nothing). */
static __always_inline void take_caps(struct scry_sc_rec *r, const struct scry_sc_nrconf *nc, __u8 when, __s64 ret)
{
	bool failed = when == SCRY_CAP_EXIT && ret < 0 && ret >= -4095;
	/* EINTR, ERESTARTSYS .. ERESTART_RESTARTBLOCK */
	bool interrupted = failed && (ret == -4 || (ret <= -512 && ret >= -516));

	for (int k = 0; k < SCRY_SC_NCAP; k++) {
		const struct scry_sc_cap_rule *cr = &nc->cap[k];

		if (!cr->arg || cr->arg > SCRY_SC_NARGS)
			break;
		if (failed && !(interrupted && (cr->when & SCRY_CAP_EXIT_EINTR)))
			continue;
		if (cr->when & when)
			cap_rule(r, cr, when, ret);
	}
}

static __always_inline void fill_entry(struct scry_sc_rec *r, const struct scry_sc_nrconf *nc,
				       long nr, __u32 tgid, __u32 tid, const __u64 *args)
{
	r->flags = 0;
	r->str_len[0] = r->str_len[1] = 0;
	r->str_arg[0] = r->str_arg[1] = 0xff;
	no_vectors(r);
	r->tid = tid;
	r->pid = tgid;
	r->nr = (__s32)nr;
	r->hdr_size = SCRY_SC_HDR_SIZE;
	r->ts_exit = 0;
	r->ret = 0;
	for (int i = 0; i < SCRY_SC_NARGS; i++)
		r->args[i] = args[i];
	if (nc->str_arg[0]) {
		read_string(r, 0, nc->str_arg[0], 0);
		if (nc->str_arg[1])
			read_string(r, 1, nc->str_arg[1], r->str_len[0]);
	}
	if (nc->vec_arg || nc->cnt_arg)
		read_vectors(r, nc);
	if (nc->buf_arg[0])
		read_bufs(r, nc, false, 0);
	if (nc->cap[0].arg && !nc->vec_arg) {
		/* after the string slots, when the call has any */
		r->cap_off = nc->str_arg[0] || nc->buf_arg[0] ? SCRY_SC_CAP_OFF_MAX : 0;
		take_caps(r, nc, SCRY_CAP_ENTRY, 0);
	}
	r->ts_enter = bpf_ktime_get_ns();
}

/* ---- stacks per call (--call-graph, -k) ---------------------------------------- */

/* The syscalls whose calls get a stack record (the printed ones: not those
 * traced only to keep fd paths right). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCRY_SC_NR_MAX);
	__type(key, __u32);
	__type(value, __u8);
} stack_nrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scry_sc_stack_rec);
} stack_scratch SEC(".maps");

/* The user stack from the syscall's user sp on, in chunks up to the first
 * that cannot be read (the top of the stack may be nearer than 8 KB). */
static __always_inline void copy_user_stack(struct scry_sc_stack_rec *s, __u32 off)
{
	struct scry_pt_regs *regs = (struct scry_pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	struct scry_pt_regs rg;

	if (!regs || bpf_probe_read_kernel(&rg, sizeof(rg), regs))
		return;
	s->flags |= SCRY_STK_F_DWARF;
	s->regs[0] = rg.ip;
	s->regs[1] = rg.sp;
	s->regs[2] = rg.bp;
	for (__u32 i = 0; i < SCRY_SC_STACK_BYTES / SCRY_SC_STACK_CHUNK; i++) {
		__u32 at = off + i * SCRY_SC_STACK_CHUNK;

		if (at > SCRY_SC_STACK_IPS * 8 + SCRY_SC_STACK_BYTES - SCRY_SC_STACK_CHUNK)
			break;
		asm volatile("" : "+r"(at));    /* as in copy_buf */
		if (bpf_probe_read_user(&s->data[at], SCRY_SC_STACK_CHUNK, (const void *)(rg.sp + i * SCRY_SC_STACK_CHUNK)))
			break;
		s->stack_len += SCRY_SC_STACK_CHUNK;
	}
}

/* The stacks of the call in record `call`, as a record of their own written
 * just before it (util/trace/sc-stack.c prints them after the call's line).
 * Off, this costs the flag test. */
static __always_inline void emit_stacks(void *ctx, const struct scry_sc_rec *call)
{
	__u32 zero = 0, key = (__u32)call->nr, off = 0, size;
	struct scry_sc_conf *c = bpf_map_lookup_elem(&conf, &zero);
	struct scry_sc_stack_rec *s;
	__u8 *want;
	long n;

	if (!c || !(c->flags & SCRY_CONF_STACKS))
		return;
	want = bpf_map_lookup_elem(&stack_nrs, &key);
	s = bpf_map_lookup_elem(&stack_scratch, &zero);
	if (!want || !*want || !s)
		return;
	s->kind = SCRY_SC_STACK;
	s->flags = 0;
	s->nr_kips = s->nr_uips = 0;
	s->tid = call->tid;
	s->pid = call->pid;
	s->nr = call->nr;
	s->stack_len = 0;
	s->ts_exit = call->ts_exit;
	s->regs[0] = s->regs[1] = s->regs[2] = 0;
	if (c->flags & SCRY_CONF_KSTACK) {
		s->flags |= SCRY_STK_F_KERNEL;
		n = bpf_get_stack(ctx, s->data, SCRY_SC_STACK_IPS * 8, 0);
		if (n > 0 && n <= SCRY_SC_STACK_IPS * 8) {
			off = (__u32)n & ~7u;
			s->nr_kips = (__u16)(off / 8);
		}
	}
	if (off > SCRY_SC_STACK_IPS * 8)
		return;
	asm volatile("" : "+r"(off));
	if (c->flags & SCRY_CONF_STACKS_DWARF) {
		copy_user_stack(s, off);
	} else {
		n = bpf_get_stack(ctx, &s->data[off], SCRY_SC_STACK_IPS * 8, BPF_F_USER_STACK);
		if (n > 0)
			s->nr_uips = (__u16)((__u32)n / 8);
	}
	size = SCRY_SC_STACK_HDR_SIZE + off + s->nr_uips * 8u + s->stack_len;
	if (size > sizeof(*s))
		size = sizeof(*s);
	asm volatile("" : "+r"(size));  /* the clamped value is the one passed */
	if (size > sizeof(*s))
		return;
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, s, size))
		count(SCRY_CNT_OUTPUT_FAIL);
}

/* Entry of syscall nr with these arguments, in the calling thread. */
static __always_inline int on_enter(void *ctx, long nr, const __u64 *args)
{
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 tgid = pt >> 32, tid = (__u32)pt, key = (__u32)nr, zero = 0;
	struct scry_sc_nrconf *nc;
	struct scry_sc_rec *r;

	if ((unsigned long)nr >= SCRY_SC_NR_MAX)
		return 0;
	nc = bpf_map_lookup_elem(&nrconf, &key);
	if (!nc || !nc->traced)
		return 0;
	switch (task_state(tgid, tid)) {
	case SCRY_TARGET_ACTIVE:
		break;
	case SCRY_TARGET_ARMED:
		/* The workload's own exec (a call with a vector: execve,
		 * execveat), as strace shows it: entered before the target is
		 * traced, returning after. */
		if (nc->vec_arg)
			break;
		return 0;
	default:
		return 0;
	}

	if (nc->noreturn) {
		r = bpf_map_lookup_elem(&scratch, &zero);
		if (!r)
			return 0;
		fill_entry(r, nc, nr, tgid, tid, args);
		r->kind = SCRY_SC_NORETURN;
		r->ts_exit = r->ts_enter;
		bpf_get_current_comm(&r->comm, sizeof(r->comm));
		emit(ctx, r);
		return 0;
	}

	r = bpf_map_lookup_elem(&inflight, &tid);
	if (!r) {
		struct scry_sc_rec *z = bpf_map_lookup_elem(&zero_rec, &zero);
		if (!z || bpf_map_update_elem(&inflight, &tid, z, BPF_NOEXIST)) {
			count(SCRY_CNT_INFLIGHT_FULL);
			return 0;
		}
		r = bpf_map_lookup_elem(&inflight, &tid);
		if (!r)
			return 0;
	}
	fill_entry(r, nc, nr, tgid, tid, args);
	r->kind = SCRY_SC_INFLIGHT;
	return 0;
}

/* Return of the calling thread's syscall nr with value ret. */
static __always_inline int on_exit(void *ctx, long nr, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid(), key;
	struct scry_sc_nrconf *nc;
	struct scry_sc_rec *r;

	if ((unsigned long)nr >= SCRY_SC_NR_MAX)
		return 0;
	key = (__u32)nr;
	nc = bpf_map_lookup_elem(&nrconf, &key);
	if (!nc || !nc->traced)
		return 0;
	r = bpf_map_lookup_elem(&inflight, &tid);
	if (!r) {
		/* No slot: the thread entered this call before we attached
		 * (or before its exec). Report the return on its own. */
		__u64 pt = bpf_get_current_pid_tgid();
		__u32 zero = 0;
		if (!traced_task(pt >> 32, tid))
			return 0;
		r = bpf_map_lookup_elem(&scratch, &zero);
		if (!r)
			return 0;
		r->kind = SCRY_SC_COMPLETE;
		r->flags = SCRY_SC_F_CONTINUED;
		r->str_len[0] = r->str_len[1] = 0;
		no_vectors(r);
		r->tid = tid;
		r->pid = pt >> 32;
		r->nr = (__s32)nr;
		r->hdr_size = SCRY_SC_HDR_SIZE;
		r->ts_enter = 0;
		r->ts_exit = bpf_ktime_get_ns();
		for (int i = 0; i < SCRY_SC_NARGS; i++)
			r->args[i] = 0;
		r->ret = (__s64)ret;
		bpf_get_current_comm(&r->comm, sizeof(r->comm));
		emit(ctx, r);
		return 0;
	}
	if (r->kind != SCRY_SC_INFLIGHT || stopped())
		return 0;
	if (nc->vec_arg) {
		/* An exec of an armed workload that failed: it is not traced. */
		__u64 pt = bpf_get_current_pid_tgid();
		if (!traced_task(pt >> 32, tid)) {
			r->kind = SCRY_SC_IDLE;
			return 0;
		}
	}
	r->ts_exit = bpf_ktime_get_ns();
	r->ret = (__s64)ret;
	r->kind = SCRY_SC_COMPLETE;
	if ((r->flags & (SCRY_SC_F_STR0_FAULT | SCRY_SC_F_STR1_FAULT)) && !nc->vec_arg)
		retry_faulted(r, nc);
	if (nc->buf_arg[0])
		read_bufs(r, nc, true, ret);
	if (nc->cap[0].arg && !nc->vec_arg)
		take_caps(r, nc, SCRY_CAP_EXIT, ret);
	bpf_get_current_comm(&r->comm, sizeof(r->comm));
	/* --call-graph: the call's stacks first (a flag test when off) */
	emit_stacks(ctx, r);
	emit(ctx, r);
	r->kind = SCRY_SC_IDLE;
	return 0;
}

/* Every syscall: raw tracepoints (used when many syscalls are traced). */
SEC("raw_tp/sys_enter")
int scry_raw_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	/* r10, r9, r8, ax, cx, dx, si, di: the part of pt_regs with the
	 * arguments (not all of it: the stack is small) */
	struct {
		unsigned long r10, r9, r8, ax, cx, dx, si, di;
	} rg;
	__u64 args[SCRY_SC_NARGS];

	if ((unsigned long)ctx->args[1] >= SCRY_SC_NR_MAX)
		return 0;
	bpf_probe_read_kernel(&rg, sizeof(rg), (const char *)ctx->args[0] + offsetof(struct scry_pt_regs, r10));
	args[0] = rg.di;
	args[1] = rg.si;
	args[2] = rg.dx;
	args[3] = rg.r10;
	args[4] = rg.r8;
	args[5] = rg.r9;
	return on_enter(ctx, (long)ctx->args[1], args);
}

SEC("raw_tp/sys_exit")
int scry_raw_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	const struct scry_pt_regs *regs = (const struct scry_pt_regs *)ctx->args[0];
	long nr = -1;

	bpf_probe_read_kernel(&nr, sizeof(nr), &regs->orig_ax);
	if (nr < 0) {
		/* rt_sigreturn restored the interrupted registers, orig_ax
		 * (-1: no syscall to restart) among them: the call in flight
		 * says which one returns. */
		__u32 tid = (__u32)bpf_get_current_pid_tgid();
		struct scry_sc_rec *r = bpf_map_lookup_elem(&inflight, &tid);

		if (!r || r->kind != SCRY_SC_INFLIGHT)
			return 0;
		nr = r->nr;
	}
	return on_exit(ctx, nr, (long)ctx->args[1]);
}

/* One syscall: attached to syscalls:sys_enter_X / sys_exit_X of each traced
 * syscall (a short list), so untraced syscalls never run BPF at all. The
 * context is the tracepoint's record: nr at 8, arguments or ret at 16. */
struct sc_tp_enter_ctx {
	__u64 common;
	__s32 nr;
	__s32 pad;
	__u64 args[SCRY_SC_NARGS];
};

struct sc_tp_exit_ctx {
	__u64 common;
	__s32 nr;
	__s32 pad;
	__s64 ret;
};

/* What a program on a syscall tracepoint returns decides whether the
 * kernel then hands the record to the tracepoint's perf events: 0 would
 * hide these calls from every other user of the tracepoint (a perf record,
 * a second scry) for as long as the program is attached. */
#define TP_PASS_ON 1

SEC("tracepoint")
int scry_tp_sys_enter(struct sc_tp_enter_ctx *ctx)
{
	__u64 args[SCRY_SC_NARGS] = { 0 };

	/* Not direct loads: the kernel refuses to attach a program whose
	 * context reads go past the smallest record it is attached to (a
	 * syscall with fewer arguments). The context the kernel builds always
	 * holds six. */
	bpf_probe_read_kernel(args, sizeof(args), (const char *)ctx + offsetof(struct sc_tp_enter_ctx, args));
	on_enter(ctx, ctx->nr, args);
	return TP_PASS_ON;
}

SEC("tracepoint")
int scry_tp_sys_exit(struct sc_tp_exit_ctx *ctx)
{
	on_exit(ctx, ctx->nr, ctx->ret);
	return TP_PASS_ON;
}

/* Follow new processes of traced ones (threads share the tgid already). */
SEC("raw_tp/sched_process_fork")
int scry_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	__u32 ptgid = bpf_get_current_pid_tgid() >> 32, zero = 0, ctgid, active = SCRY_TARGET_ACTIVE;
	struct scry_sc_conf *c = bpf_map_lookup_elem(&conf, &zero);
	__u32 *st;

	if (!c || c->mode != SCRY_MODE_TGID || !(c->flags & SCRY_CONF_FOLLOW_FORKS))
		return 0;
	st = bpf_map_lookup_elem(&targets, &ptgid);
	if (!st || *st != SCRY_TARGET_ACTIVE)
		return 0;
	ctgid = (__u32)BPF_CORE_READ(child, tgid);
	if (ctgid != ptgid)
		bpf_map_update_elem(&targets, &ctgid, &active, BPF_ANY);
	return 0;
}

/* A workload is traced from its exec on, as with enable_on_exec. */
SEC("raw_tp/sched_process_exec")
int scry_exec(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 tgid = pt >> 32;
	__u32 *st = bpf_map_lookup_elem(&targets, &tgid);

	if (st && *st == SCRY_TARGET_ARMED)
		*st = SCRY_TARGET_ACTIVE;
	return 0;
}

/* A signal sent to a traced thread. Seen when it is generated (in the
 * sender's context), because a fatal signal's delivery is turned into a
 * SIGKILL by the kernel and the sender would be lost. Signals the target
 * ignores are shown too (SIGCHLD by default), as strace shows them (under
 * ptrace none is ignored); one merged into the same pending signal is not. */
SEC("raw_tp/signal_generate")
int scry_signal(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[2];
	const void *infop = (const void *)ctx->args[1];
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 zero = 0, tgid, tid;
	/* The siginfo's head and the first 32 bytes of its union: enough
	 * for SIGCHLD's pid, uid, status, utime and stime. */
	struct {
		int signo, err, code, pad;
		__u64 fields[4];
	} info;
	struct scry_sc_rec *r;

	if (ctx->args[4] > 1)   /* result: neither TRACE_SIGNAL_DELIVERED nor _IGNORED */
		return 0;
	tgid = (__u32)BPF_CORE_READ(task, tgid);
	tid = (__u32)BPF_CORE_READ(task, pid);
	if (!traced_task(tgid, tid))
		return 0;
	r = bpf_map_lookup_elem(&scratch, &zero);
	if (!r)
		return 0;
	__builtin_memset(&info, 0, sizeof(info));
	if ((unsigned long)infop <= 1) {
		/* SEND_SIG_NOINFO (0): from the current process;
		 * SEND_SIG_PRIV (1): from the kernel. */
		info.code = infop ? 0x80 : 0;
		if (!infop)
			info.fields[0] = (__u64)(pt >> 32) | ((__u64)(__u32)bpf_get_current_uid_gid() << 32);
	} else {
		bpf_probe_read_kernel(&info, sizeof(info), infop);
	}
	r->kind = SCRY_SC_SIGNAL;
	r->flags = 0;
	r->str_len[0] = r->str_len[1] = 0;
	no_vectors(r);
	r->tid = tid;
	r->pid = tgid;
	r->nr = (__s32)ctx->args[0];
	r->hdr_size = SCRY_SC_HDR_SIZE;
	r->ts_enter = r->ts_exit = bpf_ktime_get_ns();
	r->args[0] = (__u64)(__s64)info.code;
	r->args[1] = info.fields[0];
	r->args[2] = info.fields[1];
	r->args[3] = info.fields[2];
	r->args[4] = info.fields[3];
	r->ret = 0;
	bpf_core_read_str(r->comm, sizeof(r->comm), &task->comm);
	emit(ctx, r);
	return 0;
}

SEC("raw_tp/sched_process_exit")
int scry_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	__u64 pt = bpf_get_current_pid_tgid();
	__u32 tgid = pt >> 32, tid = (__u32)pt, zero = 0;
	struct scry_sc_rec *r;
	struct scry_sc_conf *c;
	int live;

	if (!traced_task(tgid, tid)) {
		bpf_map_delete_elem(&inflight, &tid);
		return 0;
	}
	r = bpf_map_lookup_elem(&inflight, &tid);
	if (r) {
		if (r->kind == SCRY_SC_INFLIGHT) {
			r->kind = SCRY_SC_UNFINISHED;
			r->ts_exit = bpf_ktime_get_ns();
			bpf_get_current_comm(&r->comm, sizeof(r->comm));
			emit(ctx, r);
		}
		bpf_map_delete_elem(&inflight, &tid);
	}

	r = bpf_map_lookup_elem(&scratch, &zero);
	if (!r)
		return 0;
	live = BPF_CORE_READ(task, signal, live.counter);
	r->kind = SCRY_SC_EXIT;
	r->flags = live == 0 ? SCRY_SC_F_GROUP_DEAD : 0;
	r->str_len[0] = r->str_len[1] = 0;
	no_vectors(r);
	r->tid = tid;
	r->pid = tgid;
	r->nr = -1;
	r->hdr_size = SCRY_SC_HDR_SIZE;
	r->ts_enter = r->ts_exit = bpf_ktime_get_ns();
	r->ret = BPF_CORE_READ(task, exit_code);
	bpf_get_current_comm(&r->comm, sizeof(r->comm));
	emit(ctx, r);

	c = bpf_map_lookup_elem(&conf, &zero);
	if (live == 0 && c && c->mode == SCRY_MODE_TGID)
		bpf_map_delete_elem(&targets, &tgid);
	return 0;
}
