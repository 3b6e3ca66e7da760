/* Unit tests for util/perfdata/header: every feature's encoding against bytes perf
 * 6.1 wrote (embedded here from a real perf.data), encode/decode round
 * trips, EVENT_DESC naming, bounds on hostile feature bytes, the perf
 * --header-only style text, and what this machine says about itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <regex.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util/perfdata/header.h"

/* From `perf record -e cpu-clock -g` (perf 6.1.187): the kernel's entry of
 * FEAT_BUILD_ID and the whole FEAT_EVENT_DESC. */
static const u8 perf_build_id[100] =
	"\x00\x00\x00\x00\x01\x80\x64\x00\xff\xff\xff\xff\x48\xdc\x54\x0c\x8b\x76\x39\x38\x04\xca\x80\x88"
	"\xdb\xfa\x7d\x42\x91\x1a\x94\x44\x14\x00\x00\x00\x5b\x6b\x65\x72\x6e\x65\x6c\x2e\x6b\x61\x6c\x6c"
	"\x73\x79\x6d\x73\x5d\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00";
static const u8 perf_event_desc[224] =
	"\x01\x00\x00\x00\x80\x00\x00\x00\x01\x00\x00\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\xa0\x0f\x00\x00\x00\x00\x00\x00\x27\x01\x00\x00\x00\x00\x00\x00\x14\x00\x00\x00\x00\x00\x00\x00"
	"\x03\x37\x94\x61\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x40\x00\x00\x00"
	"\x63\x70\x75\x2d\x63\x6c\x6f\x63\x6b\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x6e\x2f\x00\x00\x00\x00\x00\x00"
	"\x6f\x2f\x00\x00\x00\x00\x00\x00";
/* HOSTNAME "vm", NRCPUS (avail 2, online 2), TOTAL_MEM, and pipe-mode
 * COMPRESSED (version 0, zstd, level 1, ratio 0, mmap_len 528384). */
static const u8 perf_hostname[68] = "\x40\x00\x00\x00vm";
static const u8 perf_nrcpus[8] = "\x02\x00\x00\x00\x02\x00\x00\x00";
static const u8 perf_total_mem[8] = "\x3c\xa6\x78\x01\x00\x00\x00\x00";
static const u8 perf_compressed[20] = "\x00\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x10\x08\x00";

static void encode(const struct data_header *h, const struct file_attr *a, u32 n, int feat, struct outbuf *ob)
{
	outbuf_init_mem(ob);
	assert_int_equal(feat_encode(h, a, n, feat, ob), 0);
}

static void test_perf_bytes(void **state)
{
	struct data_header h;
	struct outbuf ob;
	char err[256];

	data_header_init(&h);
	assert_int_equal(feat_decode(&h, NULL, 0, FEAT_HOSTNAME, perf_hostname, 68, err, sizeof(err)), 0);
	assert_string_equal(h.hostname, "vm");
	assert_int_equal(feat_decode(&h, NULL, 0, FEAT_NRCPUS, perf_nrcpus, 8, err, sizeof(err)), 0);
	assert_int_equal(feat_decode(&h, NULL, 0, FEAT_TOTAL_MEM, perf_total_mem, 8, err, sizeof(err)), 0);
	assert_int_equal(h.total_mem_kb, 24684092);
	assert_int_equal(feat_decode(&h, NULL, 0, FEAT_COMPRESSED, perf_compressed, 20, err, sizeof(err)), 0);
	assert_int_equal(h.comp_type, 1);
	assert_int_equal(h.comp_level, 1);
	assert_int_equal(h.comp_mmap_len, 528384);
	assert_int_equal(feat_decode(&h, NULL, 0, FEAT_BUILD_ID, perf_build_id, 100, err, sizeof(err)), 0);
	assert_int_equal(h.nr_build_ids, 1);
	assert_int_equal(h.build_ids[0].pid, -1);
	assert_int_equal(h.build_ids[0].misc, PERF_RECORD_MISC_KERNEL);
	assert_int_equal(h.build_ids[0].size, 20);
	assert_memory_equal(h.build_ids[0].id, "\x48\xdc\x54\x0c", 4);
	assert_string_equal(h.build_ids[0].filename, "[kernel.kallsyms]");
	for (int f = 0; f < FEAT_BITS; f++)
		assert_int_equal(data_header_has(&h, f), f == FEAT_HOSTNAME || f == FEAT_NRCPUS ||
						       f == FEAT_TOTAL_MEM || f == FEAT_COMPRESSED || f == FEAT_BUILD_ID);

	/* ... and scry writes the same bytes back */
	encode(&h, NULL, 0, FEAT_HOSTNAME, &ob);
	assert_int_equal(ob.len, 68);
	assert_memory_equal(ob.buf, perf_hostname, 68);
	outbuf_release(&ob);
	encode(&h, NULL, 0, FEAT_NRCPUS, &ob);
	assert_memory_equal(ob.buf, perf_nrcpus, 8);
	outbuf_release(&ob);
	encode(&h, NULL, 0, FEAT_TOTAL_MEM, &ob);
	assert_memory_equal(ob.buf, perf_total_mem, 8);
	outbuf_release(&ob);
	encode(&h, NULL, 0, FEAT_COMPRESSED, &ob);
	assert_memory_equal(ob.buf, perf_compressed, 20);
	outbuf_release(&ob);
	encode(&h, NULL, 0, FEAT_BUILD_ID, &ob);
	assert_int_equal(ob.len, 100);
	assert_memory_equal(ob.buf, perf_build_id, 100);
	outbuf_release(&ob);
	data_header_free(&h);
}

static void test_event_desc(void **state)
{
	struct file_attr a[2];
	u64 ids0[2] = { 12142, 12143 }, ids1[1] = { 7 };
	struct data_header h;
	struct outbuf ob;
	char err[256];

	memset(a, 0, sizeof(a));
	data_header_init(&h);
	a[0].ids = ids1;        /* not cpu-clock's ids: matched by position */
	a[0].nr_ids = 1;
	a[1].ids = ids0;        /* cpu-clock's first id: matched by id */
	a[1].nr_ids = 2;
	assert_int_equal(feat_decode(&h, a, 2, FEAT_EVENT_DESC, perf_event_desc, 224, err, sizeof(err)), 0);
	assert_null(a[0].name);
	assert_string_equal(a[1].name, "cpu-clock");
	a[1].ids = ids1;
	a[1].nr_ids = 1;
	assert_int_equal(feat_decode(&h, a, 2, FEAT_EVENT_DESC, perf_event_desc, 224, err, sizeof(err)), 0);
	assert_string_equal(a[0].name, "cpu-clock");

	/* encoding perf's event back gives perf's bytes */
	memcpy(&a[0].attr, perf_event_desc + 8, 128);
	a[0].ids = ids0;
	a[0].nr_ids = 2;
	encode(&h, a, 1, FEAT_EVENT_DESC, &ob);
	assert_int_equal(ob.len, 224);
	assert_memory_equal(ob.buf, perf_event_desc, 224);
	outbuf_release(&ob);
	/* an event without a name or ids would crash or confuse perf: not written */
	outbuf_init_mem(&ob);
	a[0].nr_ids = 0;
	assert_int_equal(feat_encode(&h, a, 1, FEAT_EVENT_DESC, &ob), -1);
	outbuf_release(&ob);
	free(a[0].name);
	free(a[1].name);
	data_header_free(&h);
}

static void fill(struct data_header *h)
{
	data_header_init(h);
	h->hostname = strdup("vm");
	h->osrelease = strdup("6.1.0");
	h->version = strdup("scry 0.1.0");
	h->arch = strdup("x86_64");
	h->cpudesc = strdup("AMD EPYC");
	h->cpuid = strdup("AuthenticAMD,26,2,1");
	h->has_nrcpus = true;
	h->nr_cpus_avail = 4;
	h->nr_cpus_online = 2;
	h->has_total_mem = true;
	h->total_mem_kb = 1234;
	h->nr_cmdline = 3;
	h->cmdline = calloc(3, sizeof(char *));
	h->cmdline[0] = strdup("/usr/bin/scry");
	h->cmdline[1] = strdup("record");
	h->cmdline[2] = strdup("-a");
	h->has_sample_time = true;
	h->first_sample_time = 5717231191000ull;
	h->last_sample_time = 5717434283000ull;
	h->has_compressed = true;
	h->comp_type = 1;
	h->comp_level = 1;
	h->comp_ratio = 4;
	h->comp_mmap_len = 65536;
	h->has_clockid = true;
	h->clockid_res_ns = 1;
	for (int f = FEAT_HOSTNAME; f <= FEAT_CMDLINE; f++)
		data_header_set(h, f);
	data_header_set(h, FEAT_SAMPLE_TIME);
	data_header_set(h, FEAT_COMPRESSED);
	data_header_set(h, FEAT_CLOCKID);
}

static void test_roundtrip(void **state)
{
	struct data_header h, g;
	char err[256];

	fill(&h);
	data_header_init(&g);
	for (int f = 1; f < FEAT_LAST_PERF; f++) {
		struct outbuf ob;
		if (!data_header_has(&h, f))
			continue;
		encode(&h, NULL, 0, f, &ob);
		if (feat_decode(&g, NULL, 0, f, ob.buf, ob.len, err, sizeof(err)))
			fail_msg("%s: %s", feat_name(f), err);
		/* decoding twice replaces, never leaks or duplicates */
		assert_int_equal(feat_decode(&g, NULL, 0, f, ob.buf, ob.len, err, sizeof(err)), 0);
		outbuf_release(&ob);
	}
	assert_memory_equal(g.features, h.features, sizeof(h.features));
	assert_string_equal(g.hostname, "vm");
	assert_string_equal(g.cpuid, "AuthenticAMD,26,2,1");
	assert_int_equal(g.nr_cpus_avail, 4);
	assert_int_equal(g.nr_cpus_online, 2);
	assert_int_equal(g.nr_cmdline, 3);
	assert_string_equal(g.cmdline[2], "-a");
	assert_int_equal(g.last_sample_time, h.last_sample_time);
	assert_int_equal(g.comp_ratio, 4);
	assert_int_equal(g.clockid_res_ns, 1);
	/* a feature scry does not decode is kept as bytes */
	assert_int_equal(feat_decode(&g, NULL, 0, FEAT_CACHE, "abc", 3, err, sizeof(err)), 0);
	assert_int_equal(feat_decode(&g, NULL, 0, FEAT_CACHE, "wxyz", 4, err, sizeof(err)), 0);
	assert_int_equal(g.nr_raw, 1);
	assert_int_equal(g.raw[0].size, 4);
	{
		struct outbuf ob;
		encode(&g, NULL, 0, FEAT_CACHE, &ob);
		assert_memory_equal(ob.buf, "wxyz", 4);
		outbuf_release(&ob);
	}
	assert_string_equal(feat_name(FEAT_BUILD_ID), "build_id");
	assert_string_equal(feat_name(200), "unknown");
	data_header_free(&h);
	data_header_free(&g);
}

/* Every prefix of every feature's bytes decodes or fails cleanly. */
static void test_truncated(void **state)
{
	struct data_header h, g;
	char err[256];
	struct file_attr a;
	u64 ids[2] = { 12142, 12143 };

	fill(&h);
	memset(&a, 0, sizeof(a));
	a.ids = ids;
	a.nr_ids = 2;
	for (int f = 1; f < FEAT_LAST_PERF; f++) {
		struct outbuf ob;
		if (!data_header_has(&h, f))
			continue;
		encode(&h, NULL, 0, f, &ob);
		for (size_t n = 0; n < ob.len; n++) {
			void *copy = malloc(n + 1);     /* exact size: ASan sees overreads */
			memcpy(copy, ob.buf, n);
			data_header_init(&g);
			if (feat_decode(&g, NULL, 0, f, copy, n, err, sizeof(err)))
				assert_memory_equal(err, "offset 0x", 9);
			data_header_free(&g);
			free(copy);
		}
		outbuf_release(&ob);
	}
	for (size_t n = 0; n < sizeof(perf_event_desc); n++) {
		void *copy = malloc(n + 1);
		memcpy(copy, perf_event_desc, n);
		data_header_init(&g);
		if (!feat_decode(&g, &a, 1, FEAT_EVENT_DESC, copy, n, err, sizeof(err)))
			assert_true(n >= 8);
		data_header_free(&g);
		free(copy);
	}
	free(a.name);
	for (size_t n = 0; n < sizeof(perf_build_id); n++) {
		data_header_init(&g);
		feat_decode(&g, NULL, 0, FEAT_BUILD_ID, perf_build_id, n, err, sizeof(err));
		data_header_free(&g);
	}
	/* a truncated string names where */
	data_header_init(&g);
	assert_int_equal(feat_decode_at(&g, NULL, 0, FEAT_HOSTNAME, perf_hostname, 20, 0x1000, err, sizeof(err)), -1);
	assert_string_equal(err, "offset 0x1000: hostname: string: string length 64 past the end of the feature (16 bytes left)");
	data_header_free(&g);
	data_header_free(&h);
}

static void test_print(void **state)
{
	struct data_header h;
	struct outbuf ob;
	struct file_attr a;
	u64 ids[2] = { 1, 2 };
	char err[256];

	fill(&h);
	memset(&a, 0, sizeof(a));
	memcpy(&a.attr, perf_event_desc + 8, 128);
	a.ids = ids;
	a.nr_ids = 2;
	a.name = "cpu-clock";
	assert_int_equal(feat_decode(&h, NULL, 0, FEAT_BUILD_ID, perf_build_id, 100, err, sizeof(err)), 0);
	outbuf_init_mem(&ob);
	data_header_print(&h, &a, 1, &ob);
	assert_string_equal(outbuf_cstr(&ob),
		"# ========\n"
		"# hostname : vm\n"
		"# os release : 6.1.0\n"
		"# perf version : scry 0.1.0\n"
		"# arch : x86_64\n"
		"# nrcpus online : 2\n"
		"# nrcpus avail : 4\n"
		"# cpudesc : AMD EPYC\n"
		"# cpuid : AuthenticAMD,26,2,1\n"
		"# total memory : 1234 kB\n"
		"# cmdline : /usr/bin/scry record -a \n"
		/* perf 6.1's own line for this attr, to the character */
		"# event : name = cpu-clock, , id = { 1, 2 }, type = 1, size = 128, { sample_period, sample_freq } = 4000, "
		"sample_type = IP|TID|TIME|CALLCHAIN|PERIOD, read_format = ID|LOST, disabled = 1, inherit = 1, mmap = 1, "
		"comm = 1, freq = 1, enable_on_exec = 1, task = 1, sample_id_all = 1, exclude_guest = 1, mmap2 = 1, "
		"comm_exec = 1, ksymbol = 1, bpf_event = 1\n"
		"# build id : 48dc540c8b76393804ca8088dbfa7d42911a9444 [kernel.kallsyms]\n"
		"# time of first sample : 5717.231191\n"
		"# time of last sample : 5717.434283\n"
		"# sample duration :    203.092 ms\n"
		"# clockid frequency: 1000 MHz\n"
		"# compressed : Zstd, level = 1, ratio = 4\n"
		"# missing features: TRACING_DATA EVENT_DESC CPU_TOPOLOGY NUMA_TOPOLOGY BRANCH_STACK PMU_MAPPINGS "
		"GROUP_DESC AUXTRACE STAT CACHE MEM_TOPOLOGY DIR_FORMAT BPF_PROG_INFO BPF_BTF CPU_PMU_CAPS CLOCK_DATA "
		"HYBRID_TOPOLOGY PMU_CAPS\n"
		"# ========\n"
		"#\n");
	outbuf_release(&ob);
	data_header_free(&h);
}

static bool matches(const char *s, const char *re)
{
	regex_t r;
	bool ok;

	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = !regexec(&r, s, 0, NULL, 0);
	regfree(&r);
	return ok;
}

static void test_fill_host(void **state)
{
	struct data_header h;
	struct utsname u;
	const char *argv[] = { "record", "-a" };
	char exe[4096], file[64], cmd[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	data_header_init(&h);
	data_header_fill_host(&h, 2, argv);
	assert_int_equal(uname(&u), 0);
	assert_string_equal(h.hostname, u.nodename);
	assert_string_equal(h.osrelease, u.release);
	assert_string_equal(h.arch, u.machine);
	assert_string_equal(h.version, "scry " SCRY_VERSION);
	assert_true(h.has_nrcpus && h.nr_cpus_online >= 1 && h.nr_cpus_avail >= h.nr_cpus_online);
	assert_true(h.has_total_mem && h.total_mem_kb > 1024);
	assert_int_equal(h.nr_cmdline, 3);
	assert_string_equal(h.cmdline[0], exe);
	assert_string_equal(h.cmdline[2], "-a");
#if defined(__x86_64__) || defined(__i386__)
	assert_non_null(h.cpuid);
	assert_true(matches(h.cpuid, "^[A-Za-z]+,[0-9]+,[0-9]+,[0-9]+$"));
	assert_non_null(h.cpudesc);
	assert_false(strstr(h.cpudesc, "  ") || h.cpudesc[strlen(h.cpudesc) - 1] == ' ');
#endif
	/* When perf is here, it must describe this machine the same way. */
	snprintf(file, sizeof(file), "/tmp/scry-test-header-%d.data", (int)getpid());
	snprintf(cmd, sizeof(cmd), "perf record -q -o %s -e cpu-clock -- true >/dev/null 2>&1", file);
	if (system("perf version >/dev/null 2>&1") == 0 && system(cmd) == 0) {
		char line[512];
		FILE *f;
		snprintf(cmd, sizeof(cmd), "perf report --header-only -i %s 2>/dev/null", file);
		f = popen(cmd, "r");
		while (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (!strncmp(line, "# cpuid : ", 10))
				assert_string_equal(line + 10, h.cpuid);
			else if (!strncmp(line, "# cpudesc : ", 12))
				assert_string_equal(line + 12, h.cpudesc);
			else if (!strncmp(line, "# total memory : ", 17))
				assert_int_equal(strtoull(line + 17, NULL, 10), h.total_mem_kb);
			else if (!strncmp(line, "# nrcpus online : ", 18))
				assert_int_equal(strtoul(line + 18, NULL, 10), h.nr_cpus_online);
		}
		if (f)
			pclose(f);
		unlink(file);
	} else {
		print_message("perf not available: cpuid/cpudesc not compared with perf's\n");
	}
	data_header_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_bytes),
		cmocka_unit_test(test_event_desc),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_fill_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
