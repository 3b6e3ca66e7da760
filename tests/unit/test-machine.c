/* Unit tests for util/symbols/machine: threads and address spaces built from
 * COMM, FORK, EXIT, MMAP and MMAP2 records, and resolving sampled
 * addresses to DSO, symbol and offset.
 *
 * The record sequences are made up (threads share maps, processes copy
 * them, exec empties them, a mapping over an existing range splits it).
 * Resolution is checked for real: running programs print the address of
 * one of their functions, the test turns their /proc/PID/maps into MMAP2
 * records and must name that address "target_function+0"; kernel addresses
 * resolve through a made-up kallsyms and the real one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/symbols/kallsyms.h"
#include "util/symbols/machine.h"

/* ---- record builders ---------------------------------------------------------- */

struct recbuf {
	u64 b[1024];            /* aligned like the kernel's records */
};

static const struct perf_event_header *finish(struct recbuf *r, u32 type, u16 misc, size_t body)
{
	struct perf_event_header *h = (struct perf_event_header *)r->b;

	h->type = type;
	h->misc = misc;
	h->size = (u16)(sizeof(*h) + ((body + 7) & ~(size_t)7));
	return h;
}

static u8 *body_of(struct recbuf *r)
{
	memset(r->b, 0, sizeof(r->b));
	return (u8 *)r->b + sizeof(struct perf_event_header);
}

static const struct perf_event_header *mk_comm(struct recbuf *r, u32 pid, u32 tid, const char *comm, bool exec)
{
	u8 *p = body_of(r);
	u32 ids[2] = { pid, tid };

	memcpy(p, ids, sizeof(ids));
	strcpy((char *)p + 8, comm);
	return finish(r, PERF_RECORD_COMM, exec ? PERF_RECORD_MISC_COMM_EXEC : 0, 8 + strlen(comm) + 1);
}

static const struct perf_event_header *mk_task_at(struct recbuf *r, u32 type, u32 pid, u32 ppid, u32 tid, u32 ptid,
					       u64 time)
{
	u8 *p = body_of(r);
	u32 ids[4] = { pid, ppid, tid, ptid };

	memcpy(p, ids, sizeof(ids));
	memcpy(p + 16, &time, 8);
	return finish(r, type, 0, 24);
}

static const struct perf_event_header *mk_task(struct recbuf *r, u32 type, u32 pid, u32 ppid, u32 tid, u32 ptid)
{
	u8 *p = body_of(r);
	u32 ids[4] = { pid, ppid, tid, ptid };
	u64 time = 1234;

	memcpy(p, ids, sizeof(ids));
	memcpy(p + 16, &time, 8);
	return finish(r, type, 0, 24);
}

static const struct perf_event_header *mk_fork(struct recbuf *r, u32 pid, u32 ppid, u32 tid, u32 ptid)
{
	return mk_task(r, PERF_RECORD_FORK, pid, ppid, tid, ptid);
}

static const struct perf_event_header *mk_mmap2(struct recbuf *r, u32 pid, u32 tid, u64 start, u64 len,
						u64 pgoff, u32 prot, const char *name, u16 misc)
{
	u8 *p = body_of(r);
	u32 ids[2] = { pid, tid };
	u64 v[3] = { start, len, pgoff };
	u32 pf[2] = { prot, 2 /* MAP_PRIVATE */ };

	memcpy(p, ids, 8);
	memcpy(p + 8, v, 24);
	/* maj, min, ino, ino_generation: 24 bytes left zero */
	memcpy(p + 56, pf, 8);
	strcpy((char *)p + 64, name);
	return finish(r, PERF_RECORD_MMAP2, misc, 64 + strlen(name) + 1);
}

static const struct perf_event_header *mk_mmap(struct recbuf *r, u32 pid, u32 tid, u64 start, u64 len,
					       u64 pgoff, const char *name, u16 misc)
{
	u8 *p = body_of(r);
	u32 ids[2] = { pid, tid };
	u64 v[3] = { start, len, pgoff };

	memcpy(p, ids, 8);
	memcpy(p + 8, v, 24);
	strcpy((char *)p + 32, name);
	return finish(r, PERF_RECORD_MMAP, misc, 32 + strlen(name) + 1);
}

#define USER PERF_RECORD_MISC_USER
#define KERNEL PERF_RECORD_MISC_KERNEL

static void process(struct machine *m, const struct perf_event_header *h)
{
	assert_int_equal(machine_process(m, h), 0);
}

static void mmap_user(struct machine *m, u32 pid, u32 tid, u64 start, u64 len, u64 pgoff, const char *name)
{
	struct recbuf r;

	process(m, mk_mmap2(&r, pid, tid, start, len, pgoff, 5, name, USER));
}

/* The maps of a thread, as "start-end:pgoff:name" joined by spaces. */
static void maps_text(const struct maps *ms, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ms->nr && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%llx-%llx:%llx:%s", i ? " " : "",
					(unsigned long long)ms->v[i].start, (unsigned long long)ms->v[i].end,
					(unsigned long long)ms->v[i].pgoff, ms->v[i].dso->path);
}

static void assert_maps(const struct maps *ms, const char *want)
{
	char got[4096];

	maps_text(ms, got, sizeof(got));
	if (strcmp(got, want))
		fail_msg("maps:\n  expected %s\n  got      %s", want, got);
}

/* ---- process model -------------------------------------------------------------- */

static void test_threads_share_maps(void **state)
{
	struct machine m;
	struct recbuf r;
	struct thread *leader, *t2, *t3;

	machine_init(&m);
	process(&m, mk_comm(&r, 100, 100, "server", false));
	mmap_user(&m, 100, 100, 0x400000, 0x1000, 0, "/usr/bin/server");
	/* New threads: FORK with pid == ppid. */
	process(&m, mk_fork(&r, 100, 100, 101, 100));
	process(&m, mk_fork(&r, 100, 100, 102, 101));
	leader = machine_thread(&m, 100, 100);
	t2 = machine_thread(&m, 100, 101);
	t3 = machine_thread(&m, 100, 102);
	assert_ptr_equal(leader->maps, t2->maps);
	assert_ptr_equal(leader->maps, t3->maps);
	assert_int_equal(leader->maps->refcnt, 3);
	assert_string_equal(t2->comm, "server");        /* inherited */
	assert_false(t2->comm_set);
	assert_true(leader->comm_set);
	/* A mapping made by one thread is seen by all. */
	mmap_user(&m, 100, 102, 0x7f0000000000, 0x2000, 0, "/usr/lib/libc.so.6");
	assert_maps(leader->maps, "400000-401000:0:/usr/bin/server 7f0000000000-7f0000002000:0:/usr/lib/libc.so.6");
	/* Thread names are per thread. */
	process(&m, mk_comm(&r, 100, 101, "worker", false));
	assert_string_equal(t2->comm, "worker");
	assert_string_equal(leader->comm, "server");

	/* A thread first seen in a record of its own joins its process. */
	assert_ptr_equal(machine_thread(&m, 100, 150)->maps, leader->maps);
	/* A thread of an unknown process creates the leader too. */
	t3 = machine_thread(&m, 300, 301);
	assert_non_null(t3);
	assert_ptr_equal(t3->maps, machine_thread(&m, 300, 300)->maps);
	machine_free(&m);
}

static void test_fork_copies(void **state)
{
	struct machine m;
	struct recbuf r;
	struct thread *parent, *child;

	machine_init(&m);
	process(&m, mk_comm(&r, 100, 100, "shell", false));
	mmap_user(&m, 100, 100, 0x400000, 0x1000, 0, "/bin/sh");
	process(&m, mk_fork(&r, 200, 100, 200, 100));
	parent = machine_thread(&m, 100, 100);
	child = machine_thread(&m, 200, 200);
	assert_ptr_not_equal(parent->maps, child->maps);
	assert_maps(child->maps, "400000-401000:0:/bin/sh");
	assert_string_equal(child->comm, "shell");
	assert_int_equal(child->pid, 200);
	/* From now on the two address spaces are independent. */
	mmap_user(&m, 200, 200, 0x500000, 0x1000, 0, "/lib/child.so");
	mmap_user(&m, 100, 100, 0x600000, 0x1000, 0, "/lib/parent.so");
	assert_maps(child->maps, "400000-401000:0:/bin/sh 500000-501000:0:/lib/child.so");
	assert_maps(parent->maps, "400000-401000:0:/bin/sh 600000-601000:0:/lib/parent.so");
	/* A new process forked by a non-leader thread copies the same space. */
	process(&m, mk_fork(&r, 100, 100, 101, 100));
	process(&m, mk_fork(&r, 300, 100, 300, 101));
	assert_maps(machine_thread(&m, 300, 300)->maps, "400000-401000:0:/bin/sh 600000-601000:0:/lib/parent.so");
	machine_free(&m);
}

static void test_exec_replaces(void **state)
{
	struct machine m;
	struct recbuf r;
	struct thread *parent, *child, *sibling;

	machine_init(&m);
	process(&m, mk_comm(&r, 100, 100, "bash", false));
	mmap_user(&m, 100, 100, 0x400000, 0x1000, 0, "/bin/bash");
	process(&m, mk_fork(&r, 200, 100, 200, 100));
	process(&m, mk_fork(&r, 200, 200, 201, 200));
	child = machine_thread(&m, 200, 200);
	sibling = machine_thread(&m, 200, 201);
	/* exec: a new name and a new, empty address space... */
	process(&m, mk_comm(&r, 200, 200, "ls", true));
	assert_string_equal(child->comm, "ls");
	assert_int_equal(child->maps->nr, 0);
	mmap_user(&m, 200, 200, 0x400000, 0x3000, 0, "/bin/ls");
	assert_maps(child->maps, "400000-403000:0:/bin/ls");
	/* ...the parent keeps its own... */
	parent = machine_thread(&m, 100, 100);
	assert_maps(parent->maps, "400000-401000:0:/bin/bash");
	/* ...and a thread that shared the old one is not dragged along. */
	assert_maps(sibling->maps, "400000-401000:0:/bin/bash");
	/* A COMM without the exec flag (prctl) keeps the maps. */
	process(&m, mk_comm(&r, 200, 200, "renamed", false));
	assert_string_equal(child->comm, "renamed");
	assert_int_equal(child->maps->nr, 1);
	/* exec by a process that shares its maps with nobody: emptied in place. */
	process(&m, mk_comm(&r, 100, 100, "make", true));
	assert_int_equal(parent->maps->nr, 0);
	machine_free(&m);
}

static void test_mmap_split(void **state)
{
	struct machine m;
	struct maps *ms;

	machine_init(&m);
	mmap_user(&m, 1, 1, 0x10000, 0x8000, 0, "/a");
	ms = machine_thread(&m, 1, 1)->maps;
	/* In the middle: the old map is cut in two; its right part's file
	 * offset moves along. */
	mmap_user(&m, 1, 1, 0x12000, 0x2000, 0x100000, "/b");
	assert_maps(ms, "10000-12000:0:/a 12000-14000:100000:/b 14000-18000:4000:/a");
	/* Over the start of one map and the end of another. */
	mmap_user(&m, 1, 1, 0x11000, 0x4000, 0, "/c");
	assert_maps(ms, "10000-11000:0:/a 11000-15000:0:/c 15000-18000:5000:/a");
	/* Exactly over an existing map. */
	mmap_user(&m, 1, 1, 0x11000, 0x4000, 0x7000, "/d");
	assert_maps(ms, "10000-11000:0:/a 11000-15000:7000:/d 15000-18000:5000:/a");
	/* Covering everything. */
	mmap_user(&m, 1, 1, 0xf000, 0xa000, 0, "/e");
	assert_maps(ms, "f000-19000:0:/e");
	/* Disjoint, before and after; adjacent maps are not merged. */
	mmap_user(&m, 1, 1, 0x1000, 0x1000, 0, "/f");
	mmap_user(&m, 1, 1, 0x19000, 0x1000, 0, "/g");
	mmap_user(&m, 1, 1, 0x2000, 0x1000, 0, "/h");
	assert_maps(ms, "1000-2000:0:/f 2000-3000:0:/h f000-19000:0:/e 19000-1a000:0:/g");
	/* Same start, shorter: the rest of the old map stays. */
	mmap_user(&m, 1, 1, 0xf000, 0x1000, 0x3000, "/i");
	assert_maps(ms, "1000-2000:0:/f 2000-3000:0:/h f000-10000:3000:/i 10000-19000:1000:/e 19000-1a000:0:/g");
	assert_string_equal(machine_find_map(&m, 1, 1, 0x10000, USER)->dso->path, "/e");
	assert_null(machine_find_map(&m, 1, 1, 0x10000, KERNEL));
	assert_false(dsos_find(&m.dsos, "/e")->loaded);     /* no symbols read for that */
	/* Lookups at the edges. */
	assert_null(maps_find(ms, 0xfff));
	assert_string_equal(maps_find(ms, 0x1000)->dso->path, "/f");
	assert_string_equal(maps_find(ms, 0x1fff)->dso->path, "/f");
	assert_string_equal(maps_find(ms, 0x2000)->dso->path, "/h");
	assert_null(maps_find(ms, 0x3000));
	assert_null(maps_find(ms, 0xeff0));
	assert_string_equal(maps_find(ms, 0x19fff)->dso->path, "/g");
	assert_null(maps_find(ms, 0x1a000));
	/* One DSO object per path. */
	assert_ptr_equal(maps_find(ms, 0x10000)->dso, dsos_find(&m.dsos, "/e"));

	/* Many maps, inserted in a scrambled order, come out sorted. */
	for (u64 i = 0; i < 1000; i++) {
		u64 k = (i * 7919) % 1000;
		char name[32];

		snprintf(name, sizeof(name), "/lib/%llu.so", (unsigned long long)k);
		mmap_user(&m, 2, 2, 0x100000 + k * 0x2000, 0x1000, 0, name);
	}
	ms = machine_thread(&m, 2, 2)->maps;
	assert_int_equal(ms->nr, 1000);
	for (size_t i = 1; i < ms->nr; i++)
		assert_true(ms->v[i - 1].end <= ms->v[i].start);
	assert_string_equal(maps_find(ms, 0x100000 + 500 * 0x2000 + 5)->dso->path, "/lib/500.so");
	assert_null(maps_find(ms, 0x100000 + 500 * 0x2000 + 0x1000));
	machine_free(&m);
}

static void test_exit_and_reuse(void **state)
{
	struct machine m;
	struct recbuf r;
	struct thread *th;

	machine_init(&m);
	process(&m, mk_comm(&r, 100, 100, "old", false));
	mmap_user(&m, 100, 100, 0x400000, 0x1000, 0, "/bin/old");
	process(&m, mk_fork(&r, 500, 100, 500, 100));
	process(&m, mk_comm(&r, 500, 500, "short", false));
	process(&m, mk_task(&r, PERF_RECORD_EXIT, 500, 100, 500, 100));
	th = machine_thread(&m, 500, 500);
	/* Kept after EXIT: samples sorted after it still resolve. */
	assert_true(th->exited);
	assert_string_equal(th->comm, "short");
	assert_int_equal(th->maps->nr, 1);
	/* The tid is reused by a new process: a fresh thread. */
	process(&m, mk_comm(&r, 600, 600, "other", false));
	process(&m, mk_fork(&r, 500, 600, 500, 600));
	th = machine_thread(&m, 500, 500);
	assert_false(th->exited);
	assert_false(th->comm_set);
	assert_string_equal(th->comm, "other");
	assert_int_equal(th->maps->nr, 0);
	/* EXIT of an unknown thread: nothing to do. */
	process(&m, mk_task(&r, PERF_RECORD_EXIT, 9999, 1, 9999, 1));
	machine_free(&m);
}

/* With reaping (record's build-id tracking), an exited thread is kept for
 * the grace period in record time, then freed with its maps; a tid reused
 * meanwhile is not. */
static void test_reap_exited(void **state)
{
	struct machine m;
	struct recbuf r;
	const u64 s = 1000000000ULL;

	(void)state;
	machine_init(&m);
	machine_reap_exited(&m, 2 * s);
	process(&m, mk_comm(&r, 100, 100, "parent", false));
	mmap_user(&m, 100, 100, 0x400000, 0x1000, 0, "/bin/parent");
	for (u32 pid = 500; pid < 510; pid++) {
		process(&m, mk_task_at(&r, PERF_RECORD_FORK, pid, 100, pid, 100, 10 * s));
		process(&m, mk_task_at(&r, PERF_RECORD_EXIT, pid, 100, pid, 100, 11 * s));
	}
	assert_int_equal(m.threads.nr, 11);
	/* 509 reuses its tid before it is reaped */
	process(&m, mk_task_at(&r, PERF_RECORD_FORK, 509, 100, 509, 100, 12 * s));
	/* an EXIT 3 s later: the ten are past their grace, 509 lives again */
	process(&m, mk_task_at(&r, PERF_RECORD_FORK, 600, 100, 600, 100, 14 * s));
	process(&m, mk_task_at(&r, PERF_RECORD_EXIT, 600, 100, 600, 100, 14 * s));
	assert_int_equal(m.threads.nr, 3);      /* 100, 509, 600 (not yet) */
	assert_false(machine_thread(&m, 509, 509)->exited);
	assert_int_equal(machine_thread(&m, 509, 509)->maps->nr, 1);
	assert_int_equal(machine_thread(&m, 100, 100)->maps->nr, 1);
	/* a sample of a reaped thread finds an empty one */
	assert_int_equal(machine_thread(&m, 505, 505)->maps->nr, 0);
	machine_free(&m);
}

static void test_bad_records(void **state)
{
	struct machine m;
	struct recbuf r;
	struct perf_event_header *h;

	machine_init(&m);
	h = (struct perf_event_header *)mk_fork(&r, 1, 1, 2, 1);
	h->size = sizeof(*h) + 8;
	assert_int_equal(machine_process(&m, h), -1);
	h = (struct perf_event_header *)mk_comm(&r, 1, 1, "x", false);
	h->size = sizeof(*h) + 4;
	assert_int_equal(machine_process(&m, h), -1);
	h = (struct perf_event_header *)mk_mmap2(&r, 1, 1, 0x1000, 0x1000, 0, 5, "/x", USER);
	h->size = sizeof(*h) + 40;
	assert_int_equal(machine_process(&m, h), -1);
	h->size = 4;
	assert_int_equal(machine_process(&m, h), -1);
	/* A name with no terminating NUL inside the record is cut there. */
	h = (struct perf_event_header *)mk_mmap2(&r, 1, 1, 0x1000, 0x1000, 0, 5, "/abcdefgh", USER);
	h->size = sizeof(*h) + 64 + 8;
	assert_int_equal(machine_process(&m, h), 0);
	assert_string_equal(maps_find(machine_thread(&m, 1, 1)->maps, 0x1000)->dso->path, "/abcdefg");
	/* Zero-length and wrapping maps are ignored. */
	process(&m, mk_mmap2(&r, 1, 1, 0x5000, 0, 0, 5, "/zero", USER));
	process(&m, mk_mmap2(&r, 1, 1, UINT64_MAX - 10, 0x1000, 0, 5, "/wrap", USER));
	assert_int_equal(machine_thread(&m, 1, 1)->maps->nr, 1);
	/* Other record types are not this module's business. */
	h = (struct perf_event_header *)finish(&r, PERF_RECORD_SAMPLE, 0, 16);
	assert_int_equal(machine_process(&m, h), 0);
	machine_free(&m);
}

static void test_mmap_v1_and_build_id(void **state)
{
	struct machine m;
	struct recbuf r;
	struct perf_event_header *h;
	struct dso *dso;
	u8 *p;

	machine_init(&m);
	process(&m, mk_mmap(&r, 7, 7, 0x400000, 0x2000, 0x1000, "/bin/v1", USER));
	assert_maps(machine_thread(&m, 7, 7)->maps, "400000-402000:1000:/bin/v1");
	/* MMAP2 carrying a build-id instead of the inode. */
	h = (struct perf_event_header *)mk_mmap2(&r, 7, 7, 0x500000, 0x1000, 0, 5, "/lib/withid.so",
						 USER | PERF_RECORD_MISC_MMAP_BUILD_ID);
	p = (u8 *)(h + 1) + 32;
	p[0] = 20;
	for (int i = 0; i < 20; i++)
		p[4 + i] = (u8)(0xa0 + i);
	process(&m, h);
	dso = dsos_find(&m.dsos, "/lib/withid.so");
	assert_non_null(dso);
	assert_int_equal(dso->build_id_size, 20);
	assert_int_equal(dso->build_id[0], 0xa0);
	assert_int_equal(dso->build_id[19], 0xa0 + 19);
	assert_int_equal(maps_find(machine_thread(&m, 7, 7)->maps, 0x500000)->prot, 5);
	machine_free(&m);
}

static void test_callchain_context(void **state)
{
	u16 mode = PERF_RECORD_MISC_USER;

	assert_false(callchain_context(0x401000, &mode));
	assert_false(callchain_context(0xffffffff81000000ULL, &mode));
	assert_int_equal(mode, PERF_RECORD_MISC_USER);
	assert_true(callchain_context(PERF_CONTEXT_KERNEL, &mode));
	assert_int_equal(mode, PERF_RECORD_MISC_KERNEL);
	assert_true(callchain_context(PERF_CONTEXT_USER, &mode));
	assert_int_equal(mode, PERF_RECORD_MISC_USER);
	assert_true(callchain_context(PERF_CONTEXT_HV, &mode));
	assert_int_equal(mode, PERF_RECORD_MISC_HYPERVISOR);
	assert_true(callchain_context(PERF_CONTEXT_GUEST_KERNEL, &mode));
	assert_int_equal(mode, PERF_RECORD_MISC_GUEST_KERNEL);
	assert_true(callchain_context(PERF_CONTEXT_GUEST_USER, &mode));
	assert_int_equal(mode, PERF_RECORD_MISC_GUEST_USER);
	/* An unknown marker is still a marker, and changes nothing. */
	mode = PERF_RECORD_MISC_USER;
	assert_true(callchain_context(PERF_CONTEXT_MAX + 1, &mode));
	assert_int_equal(mode, PERF_RECORD_MISC_USER);
	assert_true(callchain_context(PERF_CONTEXT_MAX, &mode));
}

/* ---- kernel ----------------------------------------------------------------------- */

struct tmp {
	char dir[64];
};

static int setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	strcpy(t->dir, "/tmp/scry-machine-XXXXXX");
	if (!t || !mkdtemp(t->dir))
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tmp *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	if (system(cmd))
		return -1;
	free(t);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static void resolve_k(struct machine *m, u64 ip, const char *want_sym, u64 want_off, const char *want_dso)
{
	struct addr_location al;

	machine_resolve(m, -1, 0, ip, KERNEL, &al);
	assert_true(al.kernel);
	if (!want_sym) {
		assert_null(al.sym);
		return;
	}
	if (!al.sym)
		fail_msg("%#llx: expected %s, got nothing", (unsigned long long)ip, want_sym);
	assert_string_equal(al.sym->name, want_sym);
	assert_int_equal(al.symoff, want_off);
	assert_non_null(al.dso);
	assert_string_equal(al.dso->path, want_dso);
}

static void test_kernel_fake(void **state)
{
	struct tmp *t = *state;
	struct machine m;
	struct recbuf r;
	char path[128];

	snprintf(path, sizeof(path), "%s/kallsyms", t->dir);
	write_file(path, "ffffffff81000000 T _text\n"
			 "ffffffff81000100 T start_kernel\n"
			 "ffffffff81001000 T schedule\n"
			 "ffffffff81002000 t idle\n"
			 "ffffffff82000000 D _etext\n"
			 "ffffffffc0001000 t mod_fn\t[mymod]\n"
			 "ffffffffc0001400 T mod_fn2\t[mymod]\n"
			 "ffffffffc0010000 T other_fn\t[other]\n");
	machine_init(&m);
	assert_int_equal(machine_set_kallsyms(&m, path), 0);
	/* Without any MMAP: the kernel is still named from kallsyms. */
	resolve_k(&m, 0xffffffff81001010, "schedule", 0x10, "[kernel.kallsyms]");
	machine_free(&m);

	machine_init(&m);
	assert_int_equal(machine_set_kallsyms(&m, path), 0);
	/* As perf writes them: the kernel map (pgoff is _text's address) and
	 * one map per module. */
	process(&m, mk_mmap(&r, (u32)-1, 0, 0xffffffff81000000, 0x3e000000, 0xffffffff81000000,
			    "[kernel.kallsyms]_text", KERNEL));
	process(&m, mk_mmap(&r, (u32)-1, 0, 0xffffffffc0001000, 0x2000, 0, "[mymod]", KERNEL));
	process(&m, mk_mmap2(&r, (u32)-1, 0, 0xffffffffc0010000, 0x1000, 0, 7,
			     "/lib/modules/6.1/kernel/other.ko", KERNEL));
	resolve_k(&m, 0xffffffff81000100, "start_kernel", 0, "[kernel.kallsyms]");
	resolve_k(&m, 0xffffffff81002004, "idle", 4, "[kernel.kallsyms]");
	resolve_k(&m, 0xffffffffc0001404, "mod_fn2 [mymod]", 4, "[mymod]");
	resolve_k(&m, 0xffffffffc0010000, "other_fn [other]", 0, "/lib/modules/6.1/kernel/other.ko");
	assert_int_equal(dsos_find(&m.dsos, "[mymod]")->kind, DSO_KMODULE);
	assert_int_equal(dsos_find(&m.dsos, "/lib/modules/6.1/kernel/other.ko")->kind, DSO_KMODULE);
	/* The map alone, with no symbol loading (record time). */
	assert_string_equal(machine_find_map(&m, 1, 1, 0xffffffffc0001010, KERNEL)->dso->path, "[mymod]");
	assert_ptr_equal(machine_find_map(&m, 1, 1, 0xffffffff81001000, KERNEL)->dso, m.kernel);
	assert_null(machine_find_map(&m, 1, 1, 0xffffffffc0001010, USER));
	/* Kernel maps are not any process's. */
	assert_int_equal(machine_thread(&m, -1, 0)->maps->nr, 0);
	resolve_k(&m, 0xffffffff80000000, NULL, 0, NULL);
	machine_free(&m);

	/* Recorded on another boot: the recorded _text is 0x2000000 higher
	 * (KASLR); kernel addresses are moved back, module ones are not. */
	machine_init(&m);
	assert_int_equal(machine_set_kallsyms(&m, path), 0);
	process(&m, mk_mmap(&r, (u32)-1, 0, 0xffffffff83000000, 0x3e000000, 0xffffffff83000000,
			    "[kernel.kallsyms]_text", KERNEL));
	resolve_k(&m, 0xffffffff83001008, "schedule", 8, "[kernel.kallsyms]");
	machine_free(&m);
}

static void test_kernel_real(void **state)
{
	struct machine m;
	struct addr_location al;
	u64 sched = kallsyms_lookup("/proc/kallsyms", "schedule");

	if (!sched) {
		print_message("skip: /proc/kallsyms addresses are hidden (not root, or kptr_restrict)\n");
		skip();
	}
	machine_init(&m);
	machine_resolve(&m, 0, 0, sched, KERNEL, &al);
	assert_non_null(al.sym);
	assert_string_equal(al.sym->name, "schedule");
	assert_int_equal(al.symoff, 0);
	machine_resolve(&m, 0, 0, sched + 3, KERNEL, &al);
	assert_int_equal(al.symoff, 3);
	/* The same address as a user address names nothing. */
	machine_resolve(&m, 0, 0, sched, USER, &al);
	assert_null(al.sym);
	assert_false(al.kernel);
	machine_free(&m);
}

/* ---- real processes ------------------------------------------------------------ */

/* /proc/PID/maps as the MMAP2 records perf would synthesize. */
static int load_proc_maps(struct machine *m, pid_t pid)
{
	char path[64], *line = NULL;
	size_t cap = 0;
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	assert_non_null(f);
	while (getline(&line, &cap, f) > 0) {
		unsigned long long start, end, off;
		char perms[8], name[4096] = "//anon";
		struct recbuf r;
		u32 prot = 0;
		int pos = 0;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &off, &pos) < 4)
			continue;
		if (pos && line[pos])
			snprintf(name, sizeof(name), "%s", line + pos);
		prot |= perms[0] == 'r' ? 1 : 0;
		prot |= perms[1] == 'w' ? 2 : 0;
		prot |= perms[2] == 'x' ? 4 : 0;
		process(m, mk_mmap2(&r, (u32)pid, (u32)pid, start, end - start, off, prot, name, USER));
		n++;
	}
	free(line);
	fclose(f);
	return n;
}

static void expect_user(struct machine *m, pid_t pid, u64 ip, const char *sym, u64 off, const char *dso)
{
	struct addr_location al;

	machine_resolve(m, pid, pid, ip, USER, &al);
	if (!al.sym)
		fail_msg("%#llx in %d: expected %s, got nothing (dso %s)", (unsigned long long)ip, (int)pid, sym,
			 al.dso ? al.dso->path : "none");
	assert_string_equal(al.sym->name, sym);
	assert_int_equal(al.symoff, off);
	assert_false(al.kernel);
	assert_non_null(al.map);
	if (dso)
		assert_string_equal(al.dso->path, dso);
}

__attribute__((noinline)) int scry_machine_test_target(int x);
__attribute__((noinline)) int scry_machine_test_target(int x)
{
	return x * 3 + 1;
}

/* This test program's own functions, and libc's, through its own maps. */
static void test_resolve_self(void **state)
{
	struct machine m;
	struct addr_location al;
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	u64 vdso = getauxval(AT_SYSINFO_EHDR);
	pid_t pid = getpid();

	assert_true(n > 0);
	exe[n] = '\0';
	machine_init(&m);
	assert_true(load_proc_maps(&m, pid) > 5);
	expect_user(&m, pid, (u64)(uintptr_t)scry_machine_test_target, "scry_machine_test_target", 0, exe);
	expect_user(&m, pid, (u64)(uintptr_t)scry_machine_test_target + 2, "scry_machine_test_target", 2, exe);
	expect_user(&m, pid, (u64)(uintptr_t)test_resolve_self, "test_resolve_self", 0, exe);
	/* A library function: its own symbol at offset 0 in libc. */
	machine_resolve(&m, pid, pid, (u64)(uintptr_t)getppid, USER, &al);
	assert_non_null(al.sym);
	assert_int_equal(al.symoff, 0);
	assert_non_null(strstr(al.dso->name, "libc"));
	/* The vdso: named from this process's image of it. */
	if (vdso) {
		struct dso *d;
		const struct symbol *s;

		machine_resolve(&m, pid, pid, vdso, USER, &al);
		d = al.dso;
		assert_non_null(d);
		assert_int_equal(d->kind, DSO_VDSO);
		s = symtab_find_name(&d->symtab, "__vdso_clock_gettime");
		assert_non_null(s);
		expect_user(&m, pid, vdso + (s->start - d->segs[0].vaddr) + 1, "__vdso_clock_gettime", 1, "[vdso]");
	}
	/* Anonymous memory (the heap): a map, but no symbol. */
	{
		void *p = malloc(64);

		machine_resolve(&m, pid, pid, (u64)(uintptr_t)p, USER, &al);
		assert_null(al.sym);
		free(p);
	}
	/* Unknown thread, or an address nothing maps. */
	machine_resolve(&m, 4000000, 4000000, (u64)(uintptr_t)scry_machine_test_target, USER, &al);
	assert_null(al.map);
	assert_null(al.sym);
	machine_resolve(&m, pid, pid, 16, USER, &al);
	assert_null(al.map);
	machine_free(&m);
}

static const char c_src[] =
	"#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\n"
	"static int helper(int x) { return x * 2; }\n"
	"__attribute__((noinline)) int target_function(int x) { return helper(x) + 1; }\n"
	"int main(int argc, char **argv)\n{\n"
	"\tchar c;\n"
	"\tprintf(\"%p %p\\n\", (void *)target_function, (void *)helper);\n\tfflush(stdout);\n"
	"\treturn (int)read(0, &c, 1) < 0 ? target_function(argc) : 0;\n}\n";

/* Start bin; it prints two of its function addresses and waits for stdin
 * to close. */
static pid_t spawn_waiting(const char *bin, int *in_fd, u64 *target, u64 *helper)
{
	int in[2], out[2];
	char buf[128] = "";
	unsigned long long a = 0, b = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(bin, bin, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	n = read(out[0], buf, sizeof(buf) - 1);
	close(out[0]);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_int_equal(sscanf(buf, "%llx %llx", &a, &b), 2);
	*in_fd = in[1];
	*target = a;
	*helper = b;
	return pid;
}

static void resolve_child(struct tmp *t, const char *name, const char *gcc_flags, const char *post)
{
	char bin[160], src[160], cmd[1024];
	struct machine m;
	u64 target, helper;
	int in_fd, status;
	pid_t pid;

	snprintf(src, sizeof(src), "%s/prog.c", t->dir);
	snprintf(bin, sizeof(bin), "%s/%s", t->dir, name);
	write_file(src, c_src);
	snprintf(cmd, sizeof(cmd), "cd '%s' && gcc -O0 -g %s -o '%s' prog.c %s", t->dir, gcc_flags, name, post);
	assert_int_equal(system(cmd), 0);

	pid = spawn_waiting(bin, &in_fd, &target, &helper);
	machine_init(&m);
	load_proc_maps(&m, pid);
	close(in_fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* The process is gone: everything below comes from the records and
	 * the files, as in a report. */
	expect_user(&m, pid, target, "target_function", 0, bin);
	expect_user(&m, pid, target + 4, "target_function", 4, bin);
	expect_user(&m, pid, helper, "helper", 0, bin);
	machine_free(&m);
}

static void test_resolve_children(void **state)
{
	struct tmp *t = *state;

	if (system("command -v gcc >/dev/null 2>&1")) {
		print_message("skip: gcc is not installed\n");
		skip();
	}
	resolve_child(t, "prog-pie", "-fPIE -pie", "");
	resolve_child(t, "prog-nopie", "-no-pie", "");
	/* Stripped, with its symbols in a debug file found by .gnu_debuglink. */
	resolve_child(t, "prog-split", "-fPIE -pie",
		      "&& objcopy --only-keep-debug prog-split prog-split.debug && objcopy --strip-all prog-split"
		      " && objcopy --add-gnu-debuglink=prog-split.debug prog-split");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads_share_maps),
		cmocka_unit_test(test_fork_copies),
		cmocka_unit_test(test_exec_replaces),
		cmocka_unit_test(test_mmap_split),
		cmocka_unit_test(test_exit_and_reuse),
		cmocka_unit_test(test_reap_exited),
		cmocka_unit_test(test_bad_records),
		cmocka_unit_test(test_mmap_v1_and_build_id),
		cmocka_unit_test(test_callchain_context),
		cmocka_unit_test(test_kernel_fake),
		cmocka_unit_test(test_kernel_real),
		cmocka_unit_test(test_resolve_self),
		cmocka_unit_test(test_resolve_children),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
