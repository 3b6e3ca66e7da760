/* Interoperability of util/perfdata/data-file with perf itself (skipped, with the
 * reason, where perf or perf events are not available):
 *  - files perf records (cpu-clock -g, a tracepoint system-wide, -z, pipe
 *    mode) read by scry's reader: record counts by type equal to perf report
 *    --stats, the header as perf report --header-only shows it;
 *  - files scry's writer makes (file and pipe form, with a tracepoint and
 *    real tracing data, plain and zstd) read by perf report -D, perf report
 *    --header-only and perf script with nothing on stderr and the same
 *    number of samples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/perfdata/data-file.h"
#include "util/perfdata/tracing-data.h"

static char tmpdir[] = "/tmp/scry-test-perf-XXXXXX";

static const char *tmp(const char *name)
{
	static char path[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", tmpdir, name);
	return path[k];
}

static char *slurp(const char *path)
{
	struct stat st;
	FILE *f = fopen(path, "r");
	char *buf;
	size_t len;

	if (!f || fstat(fileno(f), &st)) {
		if (f)
			fclose(f);
		return strdup("");
	}
	buf = malloc((size_t)st.st_size + 1);
	len = fread(buf, 1, (size_t)st.st_size, f);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Run a shell command; its stdout and stderr in *out and *err (malloc'd). */
static int run(const char *cmd, char **out, char **err)
{
	char full[2048];
	int rc;

	snprintf(full, sizeof(full), "cd '%s' && (%s) >cmd.out 2>cmd.err", tmpdir, cmd);
	rc = system(full);
	if (out)
		*out = slurp(tmp("cmd.out"));
	if (err)
		*err = slurp(tmp("cmd.err"));
	return rc;
}

static bool have_perf(void)
{
	return system("perf version >/dev/null 2>&1") == 0 &&
	       system("perf record -q -o /dev/null -e cpu-clock -- true >/dev/null 2>&1") == 0;
}

#define NEED_PERF()                                                       \
	do {                                                              \
		if (!have_perf()) {                                       \
			print_message("skipped: perf or perf events unavailable\n"); \
			skip();                                           \
		}                                                         \
	} while (0)

/* ---- perf's files through scry's reader ------------------------------------------- */

static const struct { const char *name; u32 type; } perf_names[] = {
	{ "MMAP", 1 }, { "LOST", 2 }, { "COMM", 3 }, { "EXIT", 4 }, { "THROTTLE", 5 }, { "UNTHROTTLE", 6 },
	{ "FORK", 7 }, { "READ", 8 }, { "SAMPLE", 9 }, { "MMAP2", 10 }, { "AUX", 11 }, { "ITRACE_START", 12 },
	{ "LOST_SAMPLES", 13 }, { "SWITCH", 14 }, { "SWITCH_CPU_WIDE", 15 }, { "NAMESPACES", 16 },
	{ "KSYMBOL", 17 }, { "BPF_EVENT", 18 }, { "CGROUP", 19 }, { "TEXT_POKE", 20 },
	{ "FINISHED_ROUND", 68 }, { "ID_INDEX", 69 }, { "THREAD_MAP", 73 }, { "CPU_MAP", 74 },
	{ "TIME_CONV", 79 }, { "FINISHED_INIT", 82 },   /* EVENT_UPDATE (78): names, taken by the reader */
};

/* perf report --stats: "  SAMPLE events:  840  (98.2%)" per type. */
static void perf_counts(const char *file, u64 *counts)
{
	char cmd[512], *out, *line;

	snprintf(cmd, sizeof(cmd), "perf report --stats -i %s | sed -n '/Aggregated/,/stats:/p'", file);
	assert_int_equal(run(cmd, &out, NULL), 0);
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		char name[64];
		unsigned long long n;
		if (sscanf(line, " %63s events: %llu", name, &n) != 2)
			continue;
		for (size_t i = 0; i < sizeof(perf_names) / sizeof(perf_names[0]); i++)
			if (!strcmp(name, perf_names[i].name))
				counts[perf_names[i].type] = n;
	}
	free(out);
}

static void scry_counts(const char *file, u64 *counts, struct data_reader **keep)
{
	char err[256];
	struct data_reader *r = data_reader_open(file, err, sizeof(err));
	const struct perf_event_header *h;
	u64 off;
	int rc;

	if (!r)
		fail_msg("%s: %s", file, err);
	while ((rc = data_reader_next(r, &h, &off, err, sizeof(err))) == 1)
		counts[h->type & 255]++;
	if (rc)
		fail_msg("%s: %s", file, err);
	assert_null(data_reader_note(r));
	*keep = r;
}

static void compare_with_perf(const char *cmd, const char *file, bool pipe)
{
	u64 want[256] = { 0 }, got[256] = { 0 };
	struct data_reader *r;
	char *err;
	const struct data_header *h;
	u32 nr;
	const struct file_attr *a;

	if (run(cmd, NULL, &err))
		fail_msg("%s: %s", cmd, err);
	free(err);
	perf_counts(file, want);
	scry_counts(tmp(file), got, &r);
	assert_true(want[PERF_RECORD_SAMPLE] > 0);
	for (size_t i = 0; i < sizeof(perf_names) / sizeof(perf_names[0]); i++) {
		u32 t = perf_names[i].type;
		if (got[t] != want[t])
			fail_msg("%s: %s: scry read %llu, perf report --stats %llu", file, perf_names[i].name,
				 (unsigned long long)got[t], (unsigned long long)want[t]);
	}
	assert_int_equal(data_reader_is_pipe(r), pipe);
	h = data_reader_header(r);
	a = data_reader_attrs(r, &nr, NULL);
	assert_true(nr >= 1);
	assert_non_null(a[0].name);
	assert_non_null(h->hostname);
	assert_non_null(strstr(h->version, "6."));
	assert_true(h->has_nrcpus && h->nr_cmdline > 2);
	assert_string_equal(h->cmdline[1], "record");
	data_reader_close(r);
}

static void test_read_perf_cpu_clock(void **state)
{
	NEED_PERF();
	compare_with_perf("perf record -q -o cc.data -e cpu-clock -g -- sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done'",
			  "cc.data", false);
}

static void test_read_perf_tracepoint(void **state)
{
	NEED_PERF();
	compare_with_perf("perf record -q -o sw.data -e sched:sched_switch -a sleep 0.2", "sw.data", false);
}

static void test_read_perf_compressed(void **state)
{
	NEED_PERF();
	compare_with_perf("perf record -q -z -F 20000 -m 4 -o z.data -e cpu-clock -g -- sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'",
			  "z.data", false);
}

static void test_read_perf_pipe(void **state)
{
	NEED_PERF();
	compare_with_perf("perf record -q -o - -e cpu-clock -g -- sh -c 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done' > pp.data",
			  "pp.data", true);
}

/* ---- scry's files through perf ------------------------------------------------------------ */

#define CLOCK_TYPE (PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | \
		    PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD)
#define TP_TYPE (CLOCK_TYPE | PERF_SAMPLE_RAW)

struct gen {
	struct file_attr attrs[2];
	u64 ids[2][2];
	struct data_header h;
	struct tracefs tfs;
	struct tp_formats tf;
	struct tep_event *ev;
	u64 ktext;
	u32 samples;
	u32 round_every;        /* samples between FINISHED_ROUNDs */
};

static u64 kallsyms_addr(const char *sym)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], t;
	unsigned long long a, found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &a, &t, name) == 3 && !strcmp(name, sym))
			found = a;
	if (f)
		fclose(f);
	return found;
}

static void gen_init(struct gen *g)
{
	static const char *const sys[1] = { "sched" }, *const name[1] = { "sched_switch" };
	struct outbuf ob;
	char err[256];

	memset(g, 0, sizeof(*g));
	if (tracefs_open(&g->tfs, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(tp_formats_init(&g->tf, &g->tfs), 0);
	g->ev = tp_formats_get(&g->tf, "sched", "sched_switch");
	assert_non_null(g->ev);
	for (int i = 0; i < 2; i++) {
		struct perf_event_attr *a = &g->attrs[i].attr;
		a->size = sizeof(*a);
		a->type = i ? PERF_TYPE_TRACEPOINT : PERF_TYPE_SOFTWARE;
		a->config = i ? (u64)g->ev->id : PERF_COUNT_SW_CPU_CLOCK;
		a->sample_type = i ? TP_TYPE : CLOCK_TYPE;
		a->sample_period = i ? 1 : 4000;
		a->freq = !i;
		a->sample_id_all = 1;
		a->exclude_guest = 1;
		a->disabled = 1;
		a->mmap = a->comm = !i;
		g->ids[i][0] = 500 + (u64)i * 2;
		g->ids[i][1] = 501 + (u64)i * 2;
		g->attrs[i].ids = g->ids[i];
		g->attrs[i].nr_ids = 2;
		g->attrs[i].name = strdup(i ? "sched:sched_switch" : "cpu-clock");
	}
	data_header_init(&g->h);
	outbuf_init_mem(&ob);
	if (tracing_data_build(&g->tfs, sys, name, 1, &ob, err, sizeof(err)))
		fail_msg("%s", err);
	g->h.tracing_data = ob.buf;
	g->h.tracing_data_size = ob.len;
	data_header_set(&g->h, FEAT_TRACING_DATA);
	g->ktext = kallsyms_addr("_text");
}

static void gen_release(struct gen *g)
{
	for (int i = 0; i < 2; i++)
		free(g->attrs[i].name);
	data_header_free(&g->h);
	tp_formats_release(&g->tf);
}

static void put(u8 *rec, size_t *n, const void *p, size_t k)
{
	memcpy(rec + *n, p, k);
	*n += k;
}

static void emit(struct data_writer *w, u8 *rec, size_t n, u32 type, u16 misc)
{
	struct perf_event_header h = { type, misc, (u16)n };

	memcpy(rec, &h, sizeof(h));
	assert_int_equal(data_writer_write(w, (const void *)rec), 0);
}

static void trailer(u8 *rec, size_t *n, u32 pid, u64 time, u64 id)
{
	u64 t[4] = { pid | (u64)pid << 32, time, 0, id };
	put(rec, n, t, sizeof(t));
}

/* The kernel map perf needs to name kernel addresses, a task and its map. */
static void gen_setup_records(struct gen *g, struct data_writer *w, u32 pid)
{
	u64 rec[512] = { 0 };
	u8 *r = (u8 *)rec;
	size_t n = 8;
	u32 ids[2] = { (u32)-1, 0 };
	u64 kmap[3] = { g->ktext, 0x1000000, g->ktext };
	char kname[24] = "[kernel.kallsyms]_text", comm[8] = "worker";
	struct { u32 pid, tid; u64 addr, len, pgoff; u32 maj, min; u64 ino, gen; u32 prot, flags; } m2 = {
		pid, pid, 0x555555554000ull, 0x20000, 0, 254, 0, 42, 0, 5, 2 };
	char path[16] = "/usr/bin/dash";

	put(r, &n, ids, sizeof(ids));
	put(r, &n, kmap, sizeof(kmap));
	put(r, &n, kname, sizeof(kname));
	trailer(r, &n, 0, 0, 0);
	emit(w, r, n, PERF_RECORD_MMAP, PERF_RECORD_MISC_KERNEL);
	n = 8;
	ids[0] = ids[1] = pid;
	put(r, &n, ids, sizeof(ids));
	put(r, &n, comm, sizeof(comm));
	trailer(r, &n, pid, 1000, g->ids[0][0]);
	emit(w, r, n, PERF_RECORD_COMM, 0);
	n = 8;
	put(r, &n, &m2, sizeof(m2));
	put(r, &n, path, sizeof(path));
	trailer(r, &n, pid, 1001, g->ids[0][0]);
	emit(w, r, n, PERF_RECORD_MMAP2, PERF_RECORD_MISC_USER);
}

static void set_field(struct gen *g, u8 *raw, const char *name, const void *val, size_t n)
{
	struct tep_format_field *f = tep_find_any_field(g->ev, name);

	assert_non_null(f);
	memcpy(raw + f->offset, val, MIN(n, (size_t)f->size));
}

/* The format's bytes, padded as the kernel pads them: 4 + size is a
 * multiple of 8. */
static u32 raw_size(struct tep_event *ev)
{
	int n;
	struct tep_format_field **f = tp_fields(ev, &n);
	u32 end = 0;

	for (int i = 0; i < n; i++)
		end = MAX(end, (u32)(f[i]->offset + f[i]->size));
	free(f);
	return ((end + 4 + 7) & ~7u) - 4;
}

static void gen_samples(struct gen *g, struct data_writer *w, u32 pid, u32 count)
{
	u64 rec[512] = { 0 };
	u8 *r = (u8 *)rec, raw[256] = { 0 };
	u64 time = 2000;

	for (u32 i = 0; i < count; i++) {
		bool tp = i % 3 == 0;
		size_t n = 8;
		u64 head[6] = { g->ids[tp][i & 1], tp ? g->ktext + 0x100 : 0x555555555000ull + (i % 64) * 16,
				pid | (u64)pid << 32, time += 1000, i & 1, tp ? 1 : 250000 };
		put(r, &n, head, sizeof(head));
		if (tp) {
			u32 size = raw_size(g->ev);
			u16 id = (u16)g->ev->id;
			s32 prev = (s32)pid, next = 0, prio = 120;
			s64 state = 1;
			memset(raw, 0, sizeof(raw));
			set_field(g, raw, "common_type", &id, 2);
			set_field(g, raw, "prev_comm", "worker", 7);
			set_field(g, raw, "prev_pid", &prev, 4);
			set_field(g, raw, "prev_prio", &prio, 4);
			set_field(g, raw, "prev_state", &state, 8);
			set_field(g, raw, "next_comm", "swapper/0", 10);
			set_field(g, raw, "next_pid", &next, 4);
			set_field(g, raw, "next_prio", &prio, 4);
			put(r, &n, &size, 4);
			put(r, &n, raw, size);
		}
		emit(w, r, n, PERF_RECORD_SAMPLE, tp ? PERF_RECORD_MISC_KERNEL : PERF_RECORD_MISC_USER);
		g->samples++;
		if (i % g->round_every == g->round_every - 1)
			assert_int_equal(data_writer_round(w), 0);
	}
}

static void gen_file(struct gen *g, const char *path, int level, bool pipe, u32 count)
{
	struct data_writer_opts o = { path, level, pipe };
	char err[256];
	struct data_writer *w = data_writer_create(&o, err, sizeof(err));
	static const char *argv[] = { "record", "-e", "cpu-clock", "-e", "sched:sched_switch" };

	assert_non_null(w);
	g->samples = 0;
	if (data_writer_start(w, g->attrs, 2, &g->h, err, sizeof(err)))
		fail_msg("%s", err);
	gen_setup_records(g, w, 4242);
	gen_samples(g, w, 4242, count);
	data_header_fill_host(&g->h, (int)(sizeof(argv) / sizeof(argv[0])), argv);
	data_header_set(&g->h, FEAT_EVENT_DESC);
	g->h.has_sample_time = true;
	g->h.first_sample_time = 3000;
	g->h.last_sample_time = 2000 + 1000ull * count;
	data_header_set(&g->h, FEAT_SAMPLE_TIME);
	if (data_writer_finish(w, &g->h, err, sizeof(err)))
		fail_msg("%s", err);
	data_writer_free(w);
}

static u32 count_lines(const char *s, const char *needle)
{
	/* memmem with the length kept: ASan's strstr measures the whole
	 * rest of the text on every call, quadratic on perf's output. */
	const char *p = s, *end = s + strlen(s);
	size_t len = strlen(needle);
	u32 n = 0;

	while ((p = memmem(p, (size_t)(end - p), needle, len))) {
		n++;
		p++;
	}
	return n;
}

/* perf must read it all, say nothing on stderr, and see every sample. */
static void perf_reads(struct gen *g, const char *file, bool compressed)
{
	char cmd[512], *out, *err;

	snprintf(cmd, sizeof(cmd), "perf report -D -i %s", file);
	assert_int_equal(run(cmd, &out, &err), 0);
	if (*err)
		fail_msg("%s: stderr: %s", cmd, err);
	assert_int_equal(count_lines(out, ": PERF_RECORD_SAMPLE("), g->samples);
	free(out);
	free(err);

	snprintf(cmd, sizeof(cmd), "perf report --header-only -i %s", file);
	assert_int_equal(run(cmd, &out, &err), 0);
	if (*err)
		fail_msg("%s: stderr: %s", cmd, err);
	assert_non_null(strstr(out, "# hostname : "));
	assert_non_null(strstr(out, "# perf version : scry "));
	assert_non_null(strstr(out, "# cmdline : "));
	assert_non_null(strstr(out, "# event : name = sched:sched_switch"));
	assert_non_null(strstr(out, "# event : name = cpu-clock"));
	if (compressed)
		assert_non_null(strstr(out, "# compressed : Zstd, level = 1"));
	free(out);
	free(err);

	snprintf(cmd, sizeof(cmd), "perf script -i %s", file);
	assert_int_equal(run(cmd, &out, &err), 0);
	if (*err)
		fail_msg("%s: stderr: %s", cmd, err);
	assert_int_equal(count_lines(out, "\n"), g->samples);
	assert_int_equal(count_lines(out, "sched:sched_switch: prev_comm=worker prev_pid=4242"), (g->samples + 2) / 3);
	free(out);
	free(err);
}

static void test_perf_reads_scry(void **state)
{
	struct gen g;

	NEED_PERF();
	gen_init(&g);
	g.round_every = 100;
	gen_file(&g, tmp("s.data"), 0, false, 300);
	perf_reads(&g, "s.data", false);
	gen_file(&g, tmp("s.pipe"), 0, true, 300);
	perf_reads(&g, "s.pipe", false);
	/* big enough for many COMPRESSED records, and rounds far enough apart
	 * (~350 KB) that records are split across them */
	g.round_every = 5000;
	gen_file(&g, tmp("z.data"), 1, false, 30000);
	perf_reads(&g, "z.data", true);
	gen_file(&g, tmp("z.pipe"), 1, true, 30000);
	perf_reads(&g, "z.pipe", true);
	gen_release(&g);
}

static int setup(void **state)
{
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return getenv("KEEP") || system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_perf_cpu_clock),
		cmocka_unit_test(test_read_perf_tracepoint),
		cmocka_unit_test(test_read_perf_compressed),
		cmocka_unit_test(test_read_perf_pipe),
		cmocka_unit_test(test_perf_reads_scry),
	};

	alarm(600);
	return cmocka_run_group_tests(tests, setup, teardown);
}
