/* Unit tests for util/profile/flamegraph: the merged stack tree, folded output and
 * the SVG flame graph.
 *
 * Folded output is checked byte for byte: for a small hand-made set (merging,
 * prefixes, the sort order of "a b" against "a;x", escaping of ';' and
 * newlines), and for 200,000 random stacks against a reference built the
 * plain way (join, sort, merge).  The SVG is checked for its frames, counts
 * and escaping, and then by tests/check-flamegraph.py (XML, counts,
 * geometry, no external references), which is itself shown to reject
 * broken graphs.  The validator needs python3: without it those checks are
 * skipped, and say so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <inttypes.h>
#include <unistd.h>

#include "util/profile/flamegraph.h"

static char tmpdir[] = "/tmp/scry-test-flame.XXXXXX";
static char srcdir[4096];
static int have_python = -1;

/* ---- helpers ------------------------------------------------------------------ */

static char *folded(const struct flame *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	assert_int_equal(flame_write_folded(f, m), 0);
	fclose(m);
	return buf;
}

static char *svg(const struct flame *f, const struct flame_svg_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	assert_int_equal(flame_write_svg(f, m, o), 0);
	fclose(m);
	return buf;
}

static void add(struct flame *f, const char *stack, u64 count)
{
	/* "a;b;c" (split on ';' here, so names in these tests carry none) */
	const char *frames[64];
	char *copy = strdup(stack), *save = NULL, *tok;
	size_t n = 0;

	assert_non_null(copy);
	for (tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
		frames[n++] = tok;
	assert_int_equal(flame_add(f, frames, n, count), 0);
	free(copy);
}

static void check_str(char *got, const char *want)
{
	int same = strcmp(got, want) == 0;

	if (!same)
		fprintf(stderr, "got:\n%s\nwant:\n%s\n", got, want);
	free(got);
	assert_true(same);
}

static bool python_ok(void)
{
	if (have_python < 0)
		have_python = system("python3 -c 'import xml.etree.ElementTree' >/dev/null 2>&1") == 0;
	return have_python;
}

/* Run the validator on text written to a file; returns its exit status and
 * leaves its one line in reason. */
static int validate(const char *text, u64 total, char *reason, size_t rlen)
{
	char path[4200], log[4200], cmd[13000];
	FILE *fp;
	int st;

	snprintf(path, sizeof(path), "%s/g.svg", tmpdir);
	snprintf(log, sizeof(log), "%s/log", tmpdir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/check-flamegraph.py' '%s' %" PRIu64 " >'%s' 2>&1",
		 srcdir, path, total, log);
	st = system(cmd);
	reason[0] = '\0';
	fp = fopen(log, "r");
	if (fp) {
		if (!fgets(reason, (int)rlen, fp))
			reason[0] = '\0';
		fclose(fp);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void assert_valid(const char *text, u64 total)
{
	char reason[512];
	int rc = validate(text, total, reason, sizeof(reason));

	if (rc != 0)
		fprintf(stderr, "validator: %s", reason);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(reason, ": ok:"));
}

static void assert_invalid(const char *text, u64 total, const char *why)
{
	char reason[512];
	int rc = validate(text, total, reason, sizeof(reason));

	if (rc != 1 || !strstr(reason, why))
		fprintf(stderr, "validator (expected '%s'): rc %d: %s", why, rc, reason);
	assert_int_equal(rc, 1);
	assert_non_null(strstr(reason, why));
}

/* A copy of s with the first occurrence of from replaced by to. */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	size_t a, fl = strlen(from), tl = strlen(to);
	char *r;

	assert_non_null(at);
	a = (size_t)(at - s);
	r = malloc(strlen(s) - fl + tl + 1);
	assert_non_null(r);
	memcpy(r, s, a);
	memcpy(r + a, to, tl);
	strcpy(r + a + tl, at + fl);
	return r;
}

static size_t count_str(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---- folded ------------------------------------------------------------------ */

static void test_folded_small(void **state)
{
	struct flame *f = flame_new();

	assert_non_null(f);
	/* Added out of order, with repeats, prefixes of other stacks, and
	 * names that sort around ';' (' ' < ':' < ';' < '_'). */
	add(f, "main;run;compute", 5);
	add(f, "main;run;parse", 2);
	add(f, "main;run", 1);
	add(f, "main;run;compute", 3);
	add(f, "main;run b", 4);
	add(f, "main;run:x", 6);
	add(f, "main;run_y", 7);
	add(f, "[unknown]", 9);
	add(f, "main", 1);
	add(f, "main;run;compute;leaf", 2);
	check_str(folded(f),
		  "[unknown] 9\n"
		  "main 1\n"
		  "main;run 1\n"
		  "main;run b 4\n"
		  "main;run:x 6\n"
		  "main;run;compute 8\n"
		  "main;run;compute;leaf 2\n"
		  "main;run;parse 2\n"
		  "main;run_y 7\n");
	assert_int_equal(flame_total(f), 9 + 1 + 1 + 4 + 6 + 8 + 2 + 2 + 7);
	flame_free(f);
}

/* ';' inside a name becomes ':' and a newline a space, so "a;b" as one
 * name is the same frame as "a:b", and lines stay lines. */
static void test_folded_escaping(void **state)
{
	struct flame *f = flame_new();
	const char *s1[] = { "main", "ns;inner", "line\nbreak\r" };
	const char *s2[] = { "main", "ns:inner", "line break " };
	const char *s3[] = { "main", "tab\there", "<&>\"'" };

	assert_int_equal(flame_add(f, s1, 3, 2), 0);
	assert_int_equal(flame_add(f, s2, 3, 3), 0);
	assert_int_equal(flame_add(f, s3, 3, 1), 0);
	check_str(folded(f),
		  "main;ns:inner;line break  5\n"
		  "main;tab\there;<&>\"' 1\n");
	flame_free(f);
}

static void test_totals(void **state)
{
	struct flame *f = flame_new();
	const char *s[] = { "a", "b" };
	const char *with_null[] = { "a", NULL };

	assert_int_equal(flame_total(f), 0);
	check_str(folded(f), "");
	assert_int_equal(flame_add(f, s, 2, 0), 0);	/* adds nothing */
	assert_int_equal(flame_total(f), 0);
	check_str(folded(f), "");
	assert_int_equal(flame_add(f, s, 2, 10), 0);
	assert_int_equal(flame_add(f, s, 1, 5), 0);
	assert_int_equal(flame_add(f, NULL, 0, 2), 0);	/* no frames: [unknown] */
	assert_int_equal(flame_add(f, with_null, 2, 1), 0);
	assert_int_equal(flame_total(f), 18);
	check_str(folded(f), "[unknown] 2\na 5\na;[unknown] 1\na;b 10\n");
	/* The total cannot wrap. */
	assert_int_equal(flame_add(f, s, 2, UINT64_MAX - 18), 0);
	assert_int_equal(flame_total(f), UINT64_MAX);
	assert_int_equal(flame_add(f, s, 2, 1), -1);
	assert_int_equal(flame_total(f), UINT64_MAX);
	flame_free(f);
}

#define DEEP 5000

static void test_deep_stack(void **state)
{
	struct flame *f = flame_new();
	const char **fr = calloc(DEEP, sizeof(*fr));
	char (*names)[16] = calloc(DEEP, sizeof(*names));
	char *want = malloc(DEEP * 16 + 32), *p = want, *out;
	size_t lines = 0;

	assert_non_null(fr);
	assert_non_null(names);
	assert_non_null(want);
	for (size_t i = 0; i < DEEP; i++) {
		snprintf(names[i], sizeof(names[i]), "f%zu", i);
		fr[i] = names[i];
		p += sprintf(p, "%s%s", i ? ";" : "", names[i]);
	}
	sprintf(p, " 7\n");
	assert_int_equal(flame_add(f, fr, DEEP, 3), 0);
	assert_int_equal(flame_add(f, fr, DEEP, 4), 0);
	assert_int_equal(flame_add(f, fr, DEEP / 2, 1), 0);	/* a prefix */
	out = folded(f);
	for (p = out; (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, 2);
	assert_non_null(strstr(out, want));
	free(out);

	out = svg(f, NULL);
	/* Every frame is wide enough: all, and DEEP frames. */
	assert_int_equal(count_str(out, "<g class=\"f\">"), DEEP + 1);
	assert_non_null(strstr(out, "<title>f4999 (7 samples, 87.50%)</title>"));
	if (python_ok())
		assert_valid(out, 8);
	free(out);
	free(want);
	free(fr);
	free(names);
	flame_free(f);
}

/* ---- many stacks, against a reference ------------------------------------------- */

struct ref {
	char *s;
	u64 n;
};

static int ref_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ref *)a)->s, ((const struct ref *)b)->s);
}

static u64 rng_next(u64 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

#define MANY 200000

static void test_many_stacks(void **state)
{
	/* Names that sort around the separator, one that needs normalizing. */
	static const char *const pool[] = {
		"main", "a", "a b", "a:b", "a_b", "ab", "b", "[unknown]", "x;y",
		"x:y", "do_syscall_64_[k]", "read", "write", "z", "Z", "~", "",
	};
	struct flame *f = flame_new();
	struct ref *ref = calloc(MANY, sizeof(*ref));
	u64 x = 0x9e3779b97f4a7c15ULL, total = 0;
	size_t nref = 0, outlen = 0;
	char *out, *want, *p;

	assert_non_null(ref);
	for (size_t i = 0; i < MANY; i++) {
		const char *fr[12];
		size_t n = 1 + rng_next(&x) % 12, len = 0;
		u64 c = 1 + rng_next(&x) % 5;
		char buf[256];

		for (size_t k = 0; k < n; k++) {
			fr[k] = pool[rng_next(&x) % ARRAY_SIZE(pool)];
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", k ? ";" : "", fr[k]);
		}
		assert_int_equal(flame_add(f, fr, n, c), 0);
		total += c;
		/* The reference: "x;y" as one name is written "x:y". */
		for (char *q = buf; (q = strstr(q, "x;y")); q += 3)
			if ((q == buf || q[-1] == ';') && (q[3] == ';' || q[3] == '\0'))
				q[1] = ':';
		ref[nref].s = strdup(buf);
		assert_non_null(ref[nref].s);
		ref[nref++].n = c;
	}
	assert_int_equal(flame_total(f), total);
	qsort(ref, nref, sizeof(*ref), ref_cmp);
	for (size_t i = 0; i < nref; i++)
		outlen += strlen(ref[i].s) + 24;
	want = p = malloc(outlen + 1);
	assert_non_null(want);
	*p = '\0';
	for (size_t i = 0; i < nref;) {
		size_t j = i;
		u64 n = 0;

		while (j < nref && !strcmp(ref[j].s, ref[i].s))
			n += ref[j++].n;
		p += sprintf(p, "%s %" PRIu64 "\n", ref[i].s, n);
		i = j;
	}
	out = folded(f);
	{
		bool same = strcmp(out, want) == 0;

		if (!same) {
			size_t d = 0;

			while (out[d] && out[d] == want[d])
				d++;
			fprintf(stderr, "differs at %zu: got '%.80s' want '%.80s'\n", d,
				out + (d > 40 ? d - 40 : 0), want + (d > 40 ? d - 40 : 0));
		}
		assert_true(same);
	}
	free(out);
	free(want);

	/* The SVG of a wide, bushy tree: narrow frames are left out but every
	 * count still adds up. */
	out = svg(f, &(struct flame_svg_opts){ .title = "many", .width = 800 });
	assert_non_null(strstr(out, "width=\"800\""));
	if (python_ok())
		assert_valid(out, total);
	free(out);
	for (size_t i = 0; i < nref; i++)
		free(ref[i].s);
	free(ref);
	flame_free(f);
}

/* ---- SVG ---------------------------------------------------------------------- */

static struct flame *sample_flame(void)
{
	struct flame *f = flame_new();

	assert_non_null(f);
	add(f, "main;run;parse", 5);
	add(f, "main;run;compute;inner", 40);
	add(f, "main;run;compute;sqrt", 12);
	add(f, "main;io;entry_SYSCALL_64_[k];ksys_write_[k]", 9);
	add(f, "[unknown]", 2);
	add(f, "main;a<b>&\"c'", 3);
	add(f, "main;run", 4);
	return f;
}

static void test_svg_frames(void **state)
{
	struct flame *f = sample_flame();
	struct flame_svg_opts o = { .title = "cpu-clock <all>", .subtitle = "pid 42 & more",
				    .units = "ticks" };
	char *out = svg(f, &o);
	const char *k, *w;
	int r, g, b;

	assert_int_equal(flame_total(f), 75);
	assert_true(!strncmp(out, "<?xml ", 6));
	assert_non_null(strstr(out, "width=\"1200\""));
	assert_non_null(strstr(out, ">cpu-clock &lt;all&gt;</text>"));
	assert_non_null(strstr(out, ">pid 42 &amp; more</text>"));
	/* One frame per node: all, [unknown], main, a<b>..., io, entry, ksys,
	 * run, compute, inner, sqrt, parse. */
	assert_int_equal(count_str(out, "<g class=\"f\">"), 12);
	assert_non_null(strstr(out, "<title>all (75 ticks, 100.00%)</title>"));
	assert_non_null(strstr(out, "<title>main (73 ticks, 97.33%)</title>"));
	assert_non_null(strstr(out, "<title>compute (52 ticks, 69.33%)</title>"));
	assert_non_null(strstr(out, "<title>[unknown] (2 ticks, 2.67%)</title>"));
	assert_non_null(strstr(out, "<title>a&lt;b&gt;&amp;&quot;c&apos; (3 ticks, 4.00%)</title>"));
	assert_null(strstr(out, "a<b"));
	assert_non_null(strstr(out, "data-n=\"52\" data-s=\""));
	/* main starts after [unknown]'s 2 samples (children by name, bytewise). */
	assert_non_null(strstr(out, "data-n=\"73\" data-s=\"2\" data-p=\"0\"/>"));
	/* all: no parent, the full width (1200 - 2 * 10). */
	assert_non_null(strstr(out, "x=\"10.00\" y="));
	assert_non_null(strstr(out, "width=\"1180.00\" height=\"15\" rx=\"2\" fill=\"rgb(210,210,200)\" data-n=\"75\" data-s=\"0\"/>"));
	/* Kernel frames are blue, others warm (red dominant, little blue);
	 * the "_[k]" annotation is not shown (as flamegraph.pl). */
	assert_null(strstr(out, "_[k]"));
	k = strstr(out, "<title>ksys_write (");
	assert_non_null(k);
	k = strstr(k, "fill=\"rgb(");
	assert_int_equal(sscanf(k, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
	assert_true(b > r && b >= 210);
	w = strstr(strstr(out, "<title>inner "), "fill=\"rgb(");
	assert_int_equal(sscanf(w, "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
	assert_true(r >= 205 && b <= 55);
	/* Self-contained: the script and style are inline, nothing is fetched. */
	assert_non_null(strstr(out, "<script><![CDATA["));
	assert_null(strstr(out, "href"));
	assert_non_null(strstr(out, "id=\"scry-search\""));
	if (python_ok())
		assert_valid(out, 75);
	free(out);
	flame_free(f);
}

/* Kernel frames marked as such (flame_add_marked) are blue under their own
 * name; folded stacks carry no mark. */
static void test_marked_kernel(void **state)
{
	struct flame *f = flame_new();
	const char *st[] = { "main", "read", "ksys_read" };
	const bool kern[] = { false, false, true };
	char *out;
	const char *k;
	int r, g, b;

	(void)state;
	assert_int_equal(flame_add_marked(f, st, kern, 3, 4), 0);
	check_str(folded(f), "main;read;ksys_read 4\n");
	out = svg(f, NULL);
	k = strstr(out, "<title>ksys_read (");
	assert_non_null(k);
	assert_int_equal(sscanf(strstr(k, "fill=\"rgb("), "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
	assert_true(b > r && b >= 210);
	k = strstr(out, "<title>read (");
	assert_non_null(k);
	assert_int_equal(sscanf(strstr(k, "fill=\"rgb("), "fill=\"rgb(%d,%d,%d)", &r, &g, &b), 3);
	assert_true(r >= 205 && b <= 55);
	free(out);
	flame_free(f);
}

/* The same input gives the same bytes: colours come from names, not from
 * addresses or the order of adds. */
static void test_svg_deterministic(void **state)
{
	struct flame *f1 = sample_flame(), *f2 = flame_new();
	char *a, *b;

	add(f2, "main;run", 4);
	add(f2, "main;a<b>&\"c'", 3);
	add(f2, "[unknown]", 2);
	add(f2, "main;io;entry_SYSCALL_64_[k];ksys_write_[k]", 9);
	add(f2, "main;run;compute;sqrt", 12);
	add(f2, "main;run;compute;inner", 20);
	add(f2, "main;run;compute;inner", 20);
	add(f2, "main;run;parse", 5);
	a = svg(f1, NULL);
	b = svg(f2, NULL);
	assert_string_equal(a, b);
	free(a);
	free(b);
	flame_free(f1);
	flame_free(f2);
}

/* Names are arbitrary bytes from the data file: the document must stay
 * well-formed whatever they hold; long names are cut to fit their frame. */
static void test_svg_hostile_names(void **state)
{
	struct flame *f = flame_new();
	size_t big = 100000;
	char *longname = malloc(big + 1), *out;
	const char *s1[] = { "main", "bad\xff\xfe utf8 \xc3", "ctl\x01\x1f", "]]>" };
	const char *s2[] = { "main", longname };
	const char *s3[] = { "main", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5", "\xed\xa0\x80surrogate" };

	assert_non_null(longname);
	memset(longname, 'L', big);
	longname[big] = '\0';
	assert_int_equal(flame_add(f, s1, 4, 3), 0);
	assert_int_equal(flame_add(f, s2, 2, 5), 0);
	assert_int_equal(flame_add(f, s3, 3, 2), 0);
	out = svg(f, NULL);
	assert_non_null(strstr(out, "bad\xef\xbf\xbd\xef\xbf\xbd utf8 \xef\xbf\xbd ("));
	assert_non_null(strstr(out, "ctl\xef\xbf\xbd\xef\xbf\xbd ("));
	assert_non_null(strstr(out, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5 ("));
	assert_non_null(strstr(out, ">\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdsurrogate ("));
	assert_non_null(strstr(out, "]]&gt;"));
	/* The long name: whole in the title, cut with ".." in the frame. */
	assert_non_null(strstr(out, "LLLL (5 samples, 50.00%)</title>"));
	assert_non_null(strstr(out, "LL..</text>"));
	if (python_ok())
		assert_valid(out, 10);
	free(out);
	free(longname);
	flame_free(f);
}

static void test_svg_empty(void **state)
{
	struct flame *f = flame_new();
	char *out = svg(f, &(struct flame_svg_opts){ .width = -5 });

	assert_non_null(strstr(out, "No samples"));
	assert_non_null(strstr(out, "width=\"1200\""));
	assert_int_equal(count_str(out, "<g class=\"f\">"), 0);
	if (python_ok())
		assert_valid(out, 0);
	free(out);
	flame_free(f);
}

/* Frames under 0.1px are not drawn: one heavy stack and many one-sample
 * stacks at 300px; they are listed for the search, in preorder under the
 * drawn frame above them (main: document index 1), with their depth below
 * it, annotations cut as in the drawn frames. */
static void test_svg_narrow_frames(void **state)
{
	struct flame *f = flame_new();
	char name[32], *out;

	add(f, "main;hot", 1000000);
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "main;cold%04d", i);
		add(f, name, 1);
	}
	add(f, "main;cold0000;deeper_[k]", 2);
	out = svg(f, &(struct flame_svg_opts){ .width = 300 });
	assert_int_equal(count_str(out, "<g class=\"f\">"), 3);
	assert_non_null(strstr(out, "data-n=\"1001002\""));
	assert_int_equal(count_str(out, "data-a=\"1\" data-d=\"1\">"), 1000);
	assert_non_null(strstr(out, "<g data-n=\"3\" data-a=\"1\" data-d=\"1\"><title>cold0000</title></g>\n"
				    "<g data-n=\"2\" data-a=\"1\" data-d=\"2\"><title>deeper</title></g>\n"));
	assert_null(strstr(out, "<g id=\"scry-narrow-cut\"/>"));
	if (python_ok())
		assert_valid(out, 1001002);
	free(out);
	flame_free(f);
}

/* Past 200000 undrawn frames the list stops, and says so (the search's
 * share is then a lower bound). */
static void test_svg_narrow_cut(void **state)
{
	struct flame *f = flame_new();
	char name[32], *out;

	add(f, "main;hot", 1000000000000ULL);
	for (int i = 0; i < 200001; i++) {
		snprintf(name, sizeof(name), "main;c%06d", i);
		add(f, name, 1);
	}
	out = svg(f, NULL);
	assert_int_equal(count_str(out, "data-a=\"1\""), 200000);
	assert_non_null(strstr(out, "<g id=\"scry-narrow-cut\"/>"));
	free(out);
	flame_free(f);
}

/* ---- the validator ----------------------------------------------------------------- */

static void test_validator_rejects(void **state)
{
	struct flame *f;
	char *good, *bad;

	if (!python_ok())
		skip();
	f = sample_flame();
	good = svg(f, NULL);
	assert_valid(good, 75);
	assert_invalid(good, 74, "root frames sum to 75, expected 74");

	bad = replace(good, "data-n=\"52\"", "data-n=\"53\"");	/* compute, wrong width now */
	assert_invalid(bad, 75, "width");
	free(bad);
	bad = replace(good, "data-n=\"40\"", "data-n=\"60\"");	/* inner > compute */
	assert_invalid(bad, 75, "children sum");
	free(bad);
	bad = replace(good, "<g id=\"scry-frames\">",
		      "<image href=\"http://example.com/x.png\"/><g id=\"scry-frames\">");
	assert_invalid(bad, 75, "external reference");
	free(bad);
	bad = replace(good, "<g id=\"scry-frames\">",
		      "<rect style=\"fill: url(https://example.com/p)\"/><g id=\"scry-frames\">");
	assert_invalid(bad, 75, "external url()");
	free(bad);
	bad = replace(good, "\"use strict\";", "\"use strict\"; fetch('https://example.com/');");
	assert_invalid(bad, 75, "URL in <script>");
	free(bad);
	bad = replace(good, "</g>\n<text id=\"scry-status\"", "</g>\n<g>");
	assert_invalid(bad, 75, "not well-formed XML");
	free(bad);
	bad = replace(good, "data-p=\"2\"", "data-p=\"99\"");
	assert_invalid(bad, 75, "earlier frame");
	free(bad);
	/* Truncated in the middle. */
	good[strlen(good) / 2] = '\0';
	assert_invalid(good, 75, "not well-formed XML");
	free(good);
	flame_free(f);
}

/* ---- setup ----------------------------------------------------------------------- */

static int setup(void **state)
{
	const char *me = __FILE__, *tail = strstr(me, "tests/unit/test-flamegraph.c");

	if (!mkdtemp(tmpdir))
		return -1;
	if (tail && tail > me)
		snprintf(srcdir, sizeof(srcdir), "%.*s", (int)(tail - me - 1), me);
	else
		snprintf(srcdir, sizeof(srcdir), ".");
	return 0;
}

static int teardown(void **state)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folded_small),
		cmocka_unit_test(test_folded_escaping),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_deep_stack),
		cmocka_unit_test(test_many_stacks),
		cmocka_unit_test(test_svg_frames),
		cmocka_unit_test(test_marked_kernel),
		cmocka_unit_test(test_svg_deterministic),
		cmocka_unit_test(test_svg_hostile_names),
		cmocka_unit_test(test_svg_empty),
		cmocka_unit_test(test_svg_narrow_frames),
		cmocka_unit_test(test_svg_narrow_cut),
		cmocka_unit_test(test_validator_rejects),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
