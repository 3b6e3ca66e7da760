/* Unit tests for util/probe: probe-finder (and dwarf, probe-btf):
 * tests/progs/probe-target.c is compiled here at -O0 and -O2 (and stripped,
 * with -rdynamic so .dynsym keeps its functions), then specs are resolved
 * and checked against what binutils says (file offsets from objdump -F,
 * addresses from nm) and against the fetch arguments the x86-64 ABI fixes
 * (parameters in %di %si %dx at an -O2 function's entry). perf probe
 * itself is compared in tests/shell/probe-finder.t. The kernel side is
 * checked through BTF when /sys/kernel/btf/vmlinux exists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/unit-shell.h"

#include <fcntl.h>
#include <regex.h>
#include <unistd.h>

#include "util/probe/probe-finder.h"

static char dir[] = "/tmp/scry-probe-finder.XXXXXX";
static bool have_cc;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* File offset of a function, as objdump -F prints it. */
static unsigned long long file_off(const char *bin, const char *func)
{
	return unit_sh_hex("objdump -d -F %s/%s | sed -n 's/^[0-9a-f]* <%s> (File Offset: 0x\\([0-9a-f]*\\)):$/\\1/p'",
		      dir, bin, func);
}

static unsigned long long nm_addr(const char *bin, const char *sym)
{
	return unit_sh_hex("nm %s/%s | awk '$3 == \"%s\" { print $1 }'", dir, bin, sym);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	have_cc = access("tests/progs/probe-target.c", R_OK) == 0 &&
		  sh("cd %s && gcc -O0 -g -o t0 %s/tests/progs/probe-target.c && "
		     "gcc -O2 -g -o t2 %s/tests/progs/probe-target.c && "
		     "gcc -O2 -g -rdynamic -o ts %s/tests/progs/probe-target.c && strip ts",
		     dir, getcwd((char[4096]){ 0 }, 4096), getcwd((char[4096]){ 0 }, 4096),
		     getcwd((char[4096]){ 0 }, 4096)) == 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	/* Whatever a failed live test left: its instance and its probes. */
	if (access("/sys/kernel/tracing/instances/scry_ut_pfinder", F_OK) == 0)
		sh("rmdir /sys/kernel/tracing/instances/scry_ut_pfinder");
	if (system("grep -q scry_ut_pfinder /sys/kernel/tracing/uprobe_events 2>/dev/null") == 0)
		sh("for i in 0 1 2 3 4 5; do echo \"-:scry_ut_pfinder/e$i\" >> /sys/kernel/tracing/uprobe_events; "
		   "done 2>/dev/null");
	sh("rm -rf %s", dir);
	return 0;
}

static struct probe_finder *open_bin(const char *bin)
{
	char path[512], err[256] = "";
	struct probe_finder *pf;

	snprintf(path, sizeof(path), "%s/%s", dir, bin);
	pf = probe_finder_open(path, err, sizeof(err));
	if (!pf) {
		print_error("open %s: %s\n", path, err);
		fail();
	}
	return pf;
}

/* Resolve text; returns the number of points, or -1 with err filled. */
static int resolve(struct probe_finder *pf, const char *text, struct probe_point **pts, char *err, size_t errlen)
{
	struct probe_spec s;
	int n = -1;

	if (probe_spec_parse(text, &s, err, errlen))
		return -1;
	if (probe_finder_resolve(pf, &s, pts, &n, err, errlen))
		n = -1;
	probe_spec_free(&s);
	return n;
}

static void free_points(struct probe_point *pts, int n)
{
	for (int i = 0; i < n; i++)
		probe_point_free(&pts[i]);
	free(pts);
}

static int resolve_ok(struct probe_finder *pf, const char *text, struct probe_point **pts)
{
	char err[512] = "";
	int n = resolve(pf, text, pts, err, sizeof(err));

	if (n <= 0) {
		print_error("resolve '%s': %s\n", text, err);
		fail();
	}
	return n;
}

static void resolve_fails(struct probe_finder *pf, const char *text, const char *msg)
{
	struct probe_point *pts = NULL;
	char err[512] = "";
	int n = resolve(pf, text, &pts, err, sizeof(err));

	if (n >= 0 || !strstr(err, msg) || strchr(err, '\n')) {
		print_error("'%s' gave %d, error '%s', wanted '%s'\n", text, n, err, msg);
		fail();
	}
	assert_null(pts);
}

static void arg_is(const struct probe_point *p, int i, const char *name, const char *fetch)
{
	assert_true(i < p->nr_args);
	assert_string_equal(p->args[i].name, name);
	assert_string_equal(p->args[i].fetch, fetch);
}

static void arg_like(const struct probe_point *p, int i, const char *name, const char *re)
{
	regex_t r;

	assert_true(i < p->nr_args);
	assert_string_equal(p->args[i].name, name);
	assert_int_equal(regcomp(&r, re, REG_EXTENDED | REG_NOSUB), 0);
	if (regexec(&r, p->args[i].fetch, 0, NULL, 0)) {
		print_error("%s=%s does not match %s\n", name, p->args[i].fetch, re);
		fail();
	}
	regfree(&r);
}

#define NEED_CC() do { if (!have_cc) skip(); } while (0)

static void test_o2_entry_params(void **state)
{
	struct probe_finder *pf;
	struct probe_point *p;
	int n;

	(void)state;
	NEED_CC();
	pf = open_bin("t2");
	assert_true(probe_finder_has_dwarf(pf));
	n = resolve_ok(pf, "pt_add a b name", &p);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].address, file_off("t2", "pt_add"));
	assert_string_equal(p[0].symbol, "pt_add");
	assert_int_equal(p[0].sym_offset, 0);
	assert_string_equal(p[0].func, "pt_add");
	assert_false(p[0].ret);
	assert_int_equal(p[0].rline, 0);
	arg_is(&p[0], 0, "a", "%di:s32");
	arg_is(&p[0], 1, "b", "%si:s64");
	arg_is(&p[0], 2, "name", "%dx:x64");
	free_points(p, n);

	n = resolve_ok(pf, "pt_add name:string x=a", &p);
	arg_is(&p[0], 0, "name_string", "+0(%dx):string");
	arg_is(&p[0], 1, "x", "%di:s32");
	free_points(p, n);

	n = resolve_ok(pf, "pt_weigh it->weight it->label:string it->vals[2] it->id scale", &p);
	assert_int_equal(p[0].address, file_off("t2", "pt_weigh"));
	arg_is(&p[0], 0, "weight", "+8(%di):s64");
	arg_is(&p[0], 1, "label", "+0(+16(%di)):string");
	arg_is(&p[0], 2, "vals", "+32(%di):s32");
	arg_is(&p[0], 3, "id", "+0(%di):s32");
	arg_is(&p[0], 4, "scale", "%si:u64");
	free_points(p, n);

	n = resolve_ok(pf, "pt_loop $params", &p);
	assert_int_equal(p[0].nr_args, 1);
	arg_is(&p[0], 0, "n", "%di:s32");
	free_points(p, n);
	probe_finder_close(pf);
}

static void test_return_global(void **state)
{
	struct probe_finder *pf;
	struct probe_point *p;
	char want[64];
	int n;

	(void)state;
	NEED_CC();
	pf = open_bin("t2");
	n = resolve_ok(pf, "pt_answer%return $retval", &p);
	assert_int_equal(n, 1);
	assert_true(p[0].ret);
	assert_int_equal(p[0].address, file_off("t2", "pt_answer"));
	arg_is(&p[0], 0, "retval", "$retval:u32");
	free_points(p, n);

	n = resolve_ok(pf, "pt_weigh%return $retval", &p);
	arg_is(&p[0], 0, "retval", "$retval:s64");
	free_points(p, n);

	/* @+ADDR: the link-time address (text and data share the load bias). */
	snprintf(want, sizeof(want), "@+0x%llx:s32", nm_addr("t2", "pt_global"));
	n = resolve_ok(pf, "pt_answer pt_global", &p);
	arg_is(&p[0], 0, "pt_global", want);
	free_points(p, n);
	n = resolve_ok(pf, "pt_answer @pt_global", &p);
	arg_is(&p[0], 0, "pt_global", want);
	free_points(p, n);

	n = resolve_ok(pf, "pt_add+4 %di raw=+0(%si):u8", &p);
	assert_int_equal(p[0].address, file_off("t2", "pt_add") + 4);
	assert_int_equal(p[0].sym_offset, 4);
	arg_is(&p[0], 0, "arg1", "%di");
	arg_is(&p[0], 1, "raw", "+0(%si):u8");
	free_points(p, n);
	probe_finder_close(pf);
}

static void test_o0_prologue_and_lines(void **state)
{
	struct probe_finder *pf;
	struct probe_point *p;
	unsigned long long entry;
	int n;

	(void)state;
	NEED_CC();
	pf = open_bin("t0");
	entry = file_off("t0", "pt_add");
	/* Without variables: the symbol's address. */
	n = resolve_ok(pf, "pt_add", &p);
	assert_int_equal(p[0].address, entry);
	free_points(p, n);
	/* With variables, -O0: after the prologue, arguments on the stack. */
	n = resolve_ok(pf, "pt_add a b name", &p);
	assert_true(p[0].address > entry && p[0].address < entry + 32);
	arg_like(&p[0], 0, "a", "^-[0-9]+\\(%bp\\):s32$");
	arg_like(&p[0], 1, "b", "^-[0-9]+\\(%bp\\):s64$");
	arg_like(&p[0], 2, "name", "^-[0-9]+\\(%bp\\):x64$");
	free_points(p, n);

	n = resolve_ok(pf, "pt_weigh it->label:string", &p);
	arg_like(&p[0], 0, "label", "^\\+0\\(\\+16\\(-[0-9]+\\(%bp\\)\\)\\):string$");
	free_points(p, n);

	/* FUNC:RLINE is relative to the declaration (line 21): line 25. */
	n = resolve_ok(pf, "pt_add:4 sum", &p);
	assert_true(n >= 1);
	for (int i = 0; i < n; i++) {
		assert_int_equal(p[i].line, 25);
		assert_int_equal(p[i].rline, 4);
		arg_like(&p[i], 0, "sum", "^-[0-9]+\\(%bp\\):s32$");
	}
	free_points(p, n);

	n = resolve_ok(pf, "probe-target.c:60 acc i", &p);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].func, "pt_loop");
	assert_int_equal(p[0].line, 60);
	assert_int_equal(p[0].rline, 6);
	free_points(p, n);

	n = resolve_ok(pf, "pt_loop;pt_global++*", &p);
	assert_int_equal(p[0].line, 60);
	free_points(p, n);

	/* An always_inline function: its copy inside pt_loop. */
	n = resolve_ok(pf, "pt_twice v", &p);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].func, "pt_twice");
	assert_string_equal(p[0].symbol, "pt_loop");
	assert_true(p[0].sym_offset > 0);
	free_points(p, n);
	probe_finder_close(pf);
}

static void test_errors(void **state)
{
	struct probe_finder *pf;
	char err[256];

	(void)state;
	NEED_CC();
	pf = open_bin("t2");
	resolve_fails(pf, "pt_ad", "did you mean: pt_add");
	resolve_fails(pf, "pt_add nosuch", "available: a, b, name, sum");
	resolve_fails(pf, "pt_twice v", "'v' is optimized out at pt_twice");
	resolve_fails(pf, "pt_twice%return", "only inlined");
	resolve_fails(pf, "pt_add a->x", "'->x' on a scalar");
	resolve_fails(pf, "pt_weigh it->nosuch", "no member 'nosuch'");
	resolve_fails(pf, "pt_weigh it->vals", "is an array");
	resolve_fails(pf, "pt_add %xyz", "no register %xyz");
	resolve_fails(pf, "nosuch.c:3", "no source file 'nosuch.c'");
	resolve_fails(pf, "pt_add+0x10000", "past the end");
	probe_finder_close(pf);
	assert_null(probe_finder_open("/nonexistent/bin", err, sizeof(err)));
	assert_non_null(strstr(err, "/nonexistent/bin"));
	assert_null(probe_finder_open("tests/progs/probe-target.c", err, sizeof(err)));
	assert_non_null(strstr(err, "not an ELF"));
}

static void test_stripped(void **state)
{
	struct probe_finder *pf;
	struct probe_point *p;
	char err[256];
	int n;

	(void)state;
	NEED_CC();
	pf = open_bin("ts");
	assert_false(probe_finder_has_dwarf(pf));
	n = resolve_ok(pf, "pt_answer", &p);
	/* .dynsym's address; the text segment's offsets equal its addresses. */
	assert_int_equal(p[0].address, unit_sh_hex("nm -D %s/ts | awk '$3 == \"pt_answer\" { print $1 }'", dir));
	assert_null(p[0].file);
	free_points(p, n);
	n = resolve_ok(pf, "pt_answer%return %ax:u32", &p);
	assert_true(p[0].ret);
	arg_is(&p[0], 0, "arg1", "%ax:u32");
	free_points(p, n);
	resolve_fails(pf, "pt_add a", "no debug info");
	resolve_fails(pf, "pt_add:3", "no debug info");
	assert_int_equal(probe_finder_show_lines(pf, "pt_add", stdout, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no debug info"));
	probe_finder_close(pf);
}

/* A listing of pf into a string. */
static char *listing(struct probe_finder *pf, char kind, const char *what)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;
	struct probe_spec s;

	assert_non_null(f);
	if (kind == 'L') {
		ret = probe_finder_show_lines(pf, what, f, err, sizeof(err));
	} else if (kind == 'F' || kind == 'D') {
		struct probe_filter *flt = what ? probe_filter_new(what, err, sizeof(err)) : NULL;

		assert_true(!what || flt);
		ret = probe_finder_show_funcs(pf, flt, kind == 'D', f, err, sizeof(err));
		probe_filter_free(flt);
	} else {
		assert_int_equal(probe_spec_parse(what, &s, err, sizeof(err)), 0);
		ret = probe_finder_show_vars(pf, &s, NULL, f, err, sizeof(err));
		probe_spec_free(&s);
	}
	fclose(f);
	if (ret) {
		print_error("-%c %s: %s\n", kind, what, err);
		fail();
	}
	return buf;
}

static void test_listings(void **state)
{
	struct probe_finder *pf;
	char *s, head[512], cwd[4096];

	(void)state;
	NEED_CC();
	pf = open_bin("t0");
	s = listing(pf, 'L', "pt_add");
	snprintf(head, sizeof(head), "<pt_add@%s/tests/progs/probe-target.c:0>\n", getcwd(cwd, sizeof(cwd)));
	assert_int_equal(strncmp(s, head, strlen(head)), 0);
	assert_non_null(strstr(s, "\n      0  __attribute__((noinline)) int pt_add(int a, long b, const char *name)\n"
				  "         {\n"
				  "      2  \tint sum = a + (int)b;\n"
				  "         \n"
				  "      4  \tsum += (int)strlen(name);\n"));
	assert_non_null(strstr(s, "      7  }\n         \n"));
	free(s);
	s = listing(pf, 'L', "probe-target.c:58-60");
	assert_non_null(strstr(s, "probe-target.c:58>\n     58  \tfor (int i = 0; i < n; i++) {\n"
				  "     59  \t\tacc += pt_twice(i);\n     60  \t\tpt_global++;\n"));
	free(s);
	s = listing(pf, 'V', "probe-target.c:60");
	assert_string_equal(s, "Available variables at @probe-target.c:60\n\t@<pt_loop+55>\n"
			       "\t\tint\tacc\n\t\tint\ti\n\t\tint\tn\n");
	free(s);
	s = listing(pf, 'V', "pt_weigh");
	assert_string_equal(s, "Available variables at pt_weigh\n\t@<pt_weigh+0>\n"
			       "\t\tlong int\ttotal\n\t\tlong unsigned int\tscale\n\t\tstruct pt_item*\tit\n");
	free(s);
	s = listing(pf, 'F', "pt_*");
	assert_string_equal(s, "pt_add\npt_answer\npt_counter\npt_global\npt_loop\npt_weigh\n");
	free(s);
	/* From DWARF: functions only, the inline-only pt_twice included. */
	s = listing(pf, 'D', "pt_*");
	assert_string_equal(s, "pt_add\npt_answer\npt_loop\npt_twice\npt_weigh\n");
	free(s);
	probe_finder_close(pf);
}

/* A stripped binary whose DWARF is in a separate file (.gnu_debuglink). */
static void test_debuglink(void **state)
{
	struct probe_finder *pf;
	struct probe_point *p;
	char *s;
	int n;

	(void)state;
	NEED_CC();
	assert_int_equal(sh("cd %s && cp t2 td && objcopy --only-keep-debug td td.debug && strip -g td && "
			    "objcopy --add-gnu-debuglink=td.debug td", dir), 0);
	pf = open_bin("td");
	assert_true(probe_finder_has_dwarf(pf));
	n = resolve_ok(pf, "pt_add a b name", &p);
	assert_int_equal(p[0].address, file_off("t2", "pt_add"));
	arg_is(&p[0], 2, "name", "%dx:x64");
	free_points(p, n);
	s = listing(pf, 'F', "pt_*");
	assert_string_equal(s, "pt_add\npt_answer\npt_counter\npt_global\npt_loop\npt_weigh\n");
	free(s);
	probe_finder_close(pf);
}

/* -L says which source file is missing, before printing anything. */
static void test_missing_source(void **state)
{
	struct probe_finder *pf;
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f;

	(void)state;
	NEED_CC();
	assert_int_equal(sh("cd %s && printf 'int f(int x)\\n{\\n\\treturn x + 1;\\n}\\nint main(void) "
			    "{ return f(1); }\\n' > gone.c && gcc -O0 -g -o gone gone.c && rm gone.c", dir), 0);
	pf = open_bin("gone");
	f = open_memstream(&buf, &len);
	assert_int_equal(probe_finder_show_lines(pf, "f", f, err, sizeof(err)), -1);
	fclose(f);
	assert_int_equal(len, 0);
	assert_non_null(strstr(err, "gone.c"));
	assert_non_null(strstr(err, "No such file"));
	free(buf);
	probe_finder_close(pf);
}

/* A symbol alias DWARF does not name (glibc's malloc, __libc_malloc in its
 * DWARF): the function at the symbol's address, for probes, -V and -L. */
static void test_alias(void **state)
{
	struct probe_finder *pf;
	struct probe_point *a, *r;
	char *va, *vr, *la, *lr;
	int na, nr;

	(void)state;
	NEED_CC();
	assert_int_equal(sh("cd %s && printf '%%s\\n' 'int real_fn(int x)' '{' '\treturn x + 1;' '}' "
			    "'extern int alias_fn(int x) __attribute__((alias(\"real_fn\")));' "
			    "'int main(void) { return alias_fn(1) - 2; }' > al.c && gcc -O0 -g -o al al.c", dir), 0);
	pf = open_bin("al");
	na = resolve_ok(pf, "alias_fn x", &a);
	nr = resolve_ok(pf, "real_fn x", &r);
	assert_int_equal(na, 1);
	assert_int_equal(nr, 1);
	assert_int_equal(a[0].address, r[0].address);
	assert_string_equal(a[0].func, "real_fn");
	arg_is(&a[0], 0, "x", r[0].args[0].fetch);
	free_points(a, na);
	free_points(r, nr);
	na = resolve_ok(pf, "alias_fn@al.c%return $retval", &a);
	assert_true(a[0].ret);
	free_points(a, na);
	resolve_fails(pf, "alias_fn@other.c", "no function 'alias_fn' from other.c");
	va = listing(pf, 'V', "alias_fn");
	vr = listing(pf, 'V', "real_fn");
	assert_non_null(strstr(va, "\tint\tx\n"));
	assert_string_equal(strchr(va, '\n'), strchr(vr, '\n'));     /* past "Available variables at NAME" */
	la = listing(pf, 'L', "alias_fn");
	lr = listing(pf, 'L', "real_fn");
	assert_non_null(strstr(la, "<alias_fn@"));
	assert_string_equal(strchr(la, '\n'), strchr(lr, '\n'));     /* past the "<NAME@FILE:0>" header */
	free(va);
	free(vr);
	free(la);
	free(lr);
	probe_finder_close(pf);
}

static void test_unsupported_types(void **state)
{
	struct probe_finder *pf;

	(void)state;
	NEED_CC();
	assert_int_equal(sh("cd %s && printf '%%s\\n' 'struct bits { unsigned a:3, b:5; double d; };' "
			    "'__attribute__((noinline)) int f(struct bits *p, float x) { return p->a + (int)x; }' "
			    "'int main(void) { struct bits b = { 1, 2, 3.0 }; return f(&b, 1.0f); }' > ty.c && "
			    "gcc -O2 -g -o ty ty.c", dir), 0);
	pf = open_bin("ty");
	resolve_fails(pf, "f p->a", "bitfield");
	resolve_fails(pf, "f p->d", "floating point");
	probe_finder_close(pf);
}

static void test_kernel_btf(void **state)
{
	struct probe_finder *pf;
	struct probe_point *p;
	char err[256], *s;
	int n;

	(void)state;
	if (access("/sys/kernel/btf/vmlinux", R_OK) || access("/proc/kallsyms", R_OK))
		skip();
	pf = probe_finder_open(NULL, err, sizeof(err));
	assert_non_null(pf);
	if (probe_finder_has_dwarf(pf))
		skip();         /* vmlinux DWARF found: another path */
	n = resolve_ok(pf, "do_sys_openat2 dfd filename:string how->flags", &p);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].symbol, "do_sys_openat2");
	assert_int_equal(p[0].sym_offset, 0);
	arg_is(&p[0], 0, "dfd", "%di:s32");
	arg_is(&p[0], 1, "filename_string", "+0(%si):string");
	arg_is(&p[0], 2, "flags", "+0(%dx):u64");
	free_points(p, n);
	n = resolve_ok(pf, "do_sys_openat2%return $retval", &p);
	assert_true(p[0].ret);
	arg_like(&p[0], 0, "retval", "^\\$retval:s(32|64)$");
	free_points(p, n);
	resolve_fails(pf, "do_sys_openat", "did you mean");
	resolve_fails(pf, "do_sys_openat2 nosuch", "parameters: dfd, filename, how");
	resolve_fails(pf, "do_sys_openat2:3", "vmlinux debug info");
	resolve_fails(pf, "do_sys_openat2%return dfd", "entry");
	s = listing(pf, 'V', "do_sys_openat2");
	assert_non_null(strstr(s, "Available variables at do_sys_openat2\n\t@<do_sys_openat2+0>\n"));
	assert_non_null(strstr(s, "\t\tint\tdfd\n"));
	assert_non_null(strstr(s, "\t\tstruct open_how*\thow\n"));
	free(s);
	s = listing(pf, 'F', "do_sys_opena*");
	assert_non_null(strstr(s, "do_sys_openat2\n"));
	free(s);
	probe_finder_close(pf);
}

/* The same listings and addresses as perf probe (when it is installed). */
static char *perf_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *perf_out(const char *fmt, ...)
{
	char cmd[4096], *buf = NULL;
	size_t len = 0;
	FILE *f, *m = open_memstream(&buf, &len);
	int c;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((c = fgetc(f)) != EOF)
		fputc(c, m);
	pclose(f);
	fclose(m);
	return buf;
}

static void test_vs_perf(void **state)
{
	static const char *const lines[] = { "pt_add", "pt_loop", "main", "pt_weigh:2-5", "probe-target.c:56-62",
					     "probe-target.c:1-90" };
	static const char *const vars[] = { "pt_add", "pt_loop", "main", "probe-target.c:60", "pt_add:4",
					    "pt_weigh%return" };
	static const char *const specs[] = { "pt_add a b name", "pt_weigh it->weight it->id", "pt_add:4 sum",
					     "probe-target.c:60", "pt_loop $params", "pt_answer" };
	const char *bins[] = { "t0", "t2" };

	(void)state;
	NEED_CC();
	if (sh("perf probe -h >/dev/null 2>&1") != 0 && sh("perf probe --help >/dev/null 2>&1") > 256)
		skip();
	if (sh("perf probe -x %s/t0 -F >/dev/null 2>&1", dir) != 0)
		skip();
	for (size_t b = 0; b < 2; b++) {
		struct probe_finder *pf = open_bin(bins[b]);

		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			char *mine = listing(pf, 'L', lines[i]);
			char *theirs = perf_out("perf probe -x %s/%s -L '%s' 2>&1", dir, bins[b], lines[i]);

			if (strcmp(mine, theirs)) {
				print_error("-L %s on %s differs from perf:\n%s---\n%s", lines[i], bins[b], mine, theirs);
				fail();
			}
			free(mine);
			free(theirs);
		}
		for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
			char *mine = listing(pf, 'V', vars[i]);
			char *theirs = perf_out("perf probe -x %s/%s -V '%s' 2>&1", dir, bins[b], vars[i]);

			if (strcmp(mine, theirs)) {
				print_error("-V %s on %s differs from perf:\n%s---\n%s", vars[i], bins[b], mine, theirs);
				fail();
			}
			free(mine);
			free(theirs);
		}
		{
			char *mine = listing(pf, 'F', NULL);
			char *theirs = perf_out("perf probe -x %s/%s -F 2>&1", dir, bins[b]);

			assert_string_equal(mine, theirs);
			free(mine);
			free(theirs);
		}
		/* Addresses and fetch args of perf probe -n -v's "Writing event" lines. */
		for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
			struct probe_point *p;
			int n = resolve_ok(pf, specs[i], &p);
			char *theirs = perf_out("perf probe -n -v -x %s/%s -a '%s' 2>&1 | sed -n "
						"'s/^Writing event: [pr]:[^ ]* [^ ]*:\\(0x[0-9a-f]*\\)/\\1/p'",
						dir, bins[b], specs[i]);
			char *mine = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&mine, &len);

			for (int j = 0; j < n; j++) {
				fprintf(m, "%#llx", (unsigned long long)p[j].address);
				for (int k = 0; k < p[j].nr_args; k++)
					fprintf(m, " %s=%s", p[j].args[k].name, p[j].args[k].fetch);
				fprintf(m, "\n");
			}
			fclose(m);
			if (strcmp(mine, theirs)) {
				print_error("%s on %s differs from perf -n:\n%s---\n%s", specs[i], bins[b], mine, theirs);
				fail();
			}
			free(mine);
			free(theirs);
			free_points(p, n);
		}
		probe_finder_close(pf);
	}
}

/* The definitions really fetch what the program prints: uprobes in a group
 * of this test only, traced in a tracefs instance of its own (so no other
 * test's trace buffer is touched), all removed at the end. */
#define LIVE_GROUP "scry_ut_pfinder"
#define TRACEFS "/sys/kernel/tracing"

static void test_live_uprobes(void **state)
{
	static const char *const specs[] = {
		"pt_answer pt_global", "pt_answer%return $retval",
		"pt_weigh it->weight it->label:string it->vals[2] scale", "pt_add:4 sum name:string",
		"pt_loop $params", "pt_add a b name:string",
	};
	static const char *const want[] = {
		"e0: (*) pt_global=42", "e1: (* <- *) retval=4242",
		"e2: (*) weight=1000 label=\"alpha\" vals=2 scale=2", "e3: (*) sum=0 name_string=\"alpha\"",
		"e4: (*) n=1", "e5: (*) a=0 b=0 name_string=\"alpha\"",
		"e0: (*) pt_global=43", "e1: (* <- *) retval=4242",
		"e2: (*) weight=2000 label=\"beta\" vals=3 scale=3", "e3: (*) sum=11 name_string=\"beta\"",
		"e4: (*) n=2", "e5: (*) a=1 b=10 name_string=\"beta\"",
	};
	const char *bins[] = { "t0", "t2" };

	(void)state;
	NEED_CC();
	if (geteuid() != 0 || access(TRACEFS "/uprobe_events", W_OK))
		skip();
	for (size_t b = 0; b < 2; b++) {
		struct probe_finder *pf = open_bin(bins[b]);
		char *trace;
		int ok = 1;

		sh("mkdir -p " TRACEFS "/instances/" LIVE_GROUP);
		for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
			struct probe_point *p;
			int n = resolve_ok(pf, specs[i], &p);
			char def[1024];
			size_t used;
			int fd;

			used = snprintf(def, sizeof(def), "%c:%s/e%zu %s/%s:%#llx", p[0].ret ? 'r' : 'p', LIVE_GROUP, i,
					dir, bins[b], (unsigned long long)p[0].address);
			for (int k = 0; k < p[0].nr_args; k++)
				used += snprintf(def + used, sizeof(def) - used, " %s=%s", p[0].args[k].name,
						 p[0].args[k].fetch);
			/* O_APPEND without O_TRUNC: never clear the others' probes. */
			fd = open(TRACEFS "/uprobe_events", O_WRONLY | O_APPEND);
			assert_true(fd >= 0);
			used += snprintf(def + used, sizeof(def) - used, "\n");
			if (write(fd, def, strlen(def)) != (ssize_t)strlen(def)) {
				print_error("tracefs refused: %s", def);
				ok = 0;
			}
			close(fd);
			free_points(p, n);
		}
		if (ok)
			ok = sh("echo 1 > " TRACEFS "/instances/" LIVE_GROUP "/events/" LIVE_GROUP "/enable && "
				"%s/%s 2 > /dev/null && echo 0 > " TRACEFS "/instances/" LIVE_GROUP "/events/"
				LIVE_GROUP "/enable", dir, bins[b]) == 0;
		trace = perf_out("sed -n 's/^.*: \\(e[0-9]*: \\)/\\1/p' " TRACEFS "/instances/" LIVE_GROUP "/trace "
				 "| sed 's/(0x[0-9a-f]*/(*/; s/<- 0x[0-9a-f]*)/<- *)/'");
		sh("rmdir " TRACEFS "/instances/" LIVE_GROUP);
		for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
			sh("echo '-:%s/e%zu' >> " TRACEFS "/uprobe_events 2>/dev/null", LIVE_GROUP, i);
		probe_finder_close(pf);
		assert_true(ok);
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			char line[256];

			snprintf(line, sizeof(line), "%s\n", want[i]);
			/* The entry address of (*) was replaced; keep order per event. */
			if (!strstr(trace, line)) {
				print_error("%s: no '%s' in:\n%s", bins[b], want[i], trace);
				fail();
			}
		}
		free(trace);
	}
	assert_int_equal(sh("grep -q " LIVE_GROUP " " TRACEFS "/uprobe_events"), 256);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_o2_entry_params),
		cmocka_unit_test(test_return_global),
		cmocka_unit_test(test_o0_prologue_and_lines),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_stripped),
		cmocka_unit_test(test_listings),
		cmocka_unit_test(test_debuglink),
		cmocka_unit_test(test_missing_source),
		cmocka_unit_test(test_unsupported_types),
		cmocka_unit_test(test_alias),
		cmocka_unit_test(test_kernel_btf),
		cmocka_unit_test(test_vs_perf),
		cmocka_unit_test(test_live_uprobes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
