/* Unit tests for util/symbols: symbol, symbol-elf, dso and kallsyms.
 *
 * The symbol tables are checked against the binutils that everyone trusts:
 * programs are compiled here (gcc/g++, -pie and -no-pie, with and without
 * IBT PLTs, stripped, with separate debug files found by .gnu_debuglink
 * and by build-id), then build-ids are compared with `readelf -n`, load
 * segments with `readelf -l`, function symbols with `nm`, and PLT entries
 * with the "<func@plt>" labels of `objdump -d`.  kallsyms is read from the
 * real /proc/kallsyms (the tests run as root) and from made-up files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/symbols/dso.h"
#include "util/symbols/kallsyms.h"
#include "util/symbols/symbol-elf.h"
#include "util/symbols/symbol.h"

/* ---- helpers ------------------------------------------------------------------- */

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

/* A command's whole stdout, malloc'd. */
static char *capture(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *capture(const char *fmt, ...)
{
	char cmd[4096], *buf = NULL;
	size_t len = 0, cap = 0, n;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	f = popen(cmd, "r");
	assert_non_null(f);
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	pclose(f);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static bool have_tool(const char *tool)
{
	return !sh("command -v %s >/dev/null 2>&1", tool);
}

/* ---- the programs -------------------------------------------------------------- */

static const char c_src[] =
	"#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n"
	"int global_counter = 1;\n"
	"static int helper(int x) { return x * 2 + global_counter; }\n"
	"__attribute__((noinline)) int target_function(int x) { return helper(x) + 1; }\n"
	"__attribute__((weak)) int weak_function(int x) { return x - 1; }\n"
	"int main(int argc, char **argv)\n{\n"
	"\tif (argc > 1 && !strcmp(argv[1], \"wait\")) {\n"
	"\t\tchar c;\n\t\tprintf(\"%p\\n\", (void *)target_function);\n\t\tfflush(stdout);\n"
	"\t\treturn (int)read(0, &c, 1) < 0;\n\t}\n"
	"\tputs(\"scry\");\n"
	"\treturn target_function(argc) + weak_function(argc) > 100 ? (int)(long)malloc(1) : 0;\n}\n";

static const char cxx_src[] =
	"#include <cstdio>\n"
	"namespace geo {\n"
	"template <typename T, int N> struct Vec { T v[N];\n"
	"  T dot(const Vec &o) const { T s = T(); for (int i = 0; i < N; i++) s += v[i] * o.v[i]; return s; }\n"
	"  Vec operator+(const Vec &o) const { Vec r; for (int i = 0; i < N; i++) r.v[i] = v[i] + o.v[i]; return r; }\n"
	"  bool operator==(const Vec &o) const { for (int i = 0; i < N; i++) if (v[i] != o.v[i]) return false; return true; } };\n"
	"struct Shape { virtual ~Shape() {} virtual double area() const = 0; };\n"
	"struct Sq : Shape { double s; explicit Sq(double x) : s(x) {} double area() const override { return s * s; } };\n"
	"int over(int x) { return x; } double over(double x) { return x; }\n"
	"}\n"
	"int main() { geo::Vec<float, 3> a = {{1, 2, 3}}, b = a + a; geo::Vec<int, 2> c = {{1, 2}};\n"
	"  geo::Sq sq(2); const geo::Shape &s = sq;\n"
	"  std::printf(\"%f %d %f %d %f %d\\n\", a.dot(b), c.dot(c), s.area(), geo::over(1), geo::over(1.0), a == b);\n"
	"  return 0; }\n";

struct fx {
	char dir[64];
	char root[96];          /* a fake filesystem root for debug-file lookups */
	bool built;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/scry-symbols-XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	snprintf(f->root, sizeof(f->root), "%s/root", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sh("rm -rf '%s'", f->dir);
	free(f);
	return 0;
}

/* A separate-debug-info pair: bin stripped, its debug info in dbg, linked. */
static int split_debug(const char *bin, const char *dbg)
{
	return sh("objcopy --only-keep-debug '%s' '%s' && objcopy --strip-all '%s' && "
		  "cd \"$(dirname '%s')\" && objcopy --add-gnu-debuglink='%s' '%s'",
		  bin, dbg, bin, dbg, dbg, bin);
}

/* Build everything once; tests skip when the toolchain is missing. */
static void need_programs(struct fx *f)
{
	const char *d = f->dir;
	char src[128], cxx[128];
	u8 id[20];
	char hex[41];

	if (!have_tool("gcc") || !have_tool("objcopy") || !have_tool("nm") || !have_tool("readelf") ||
	    !have_tool("objdump") || !have_tool("strip")) {
		print_message("skip: gcc and binutils (objcopy, nm, readelf, objdump, strip) are needed\n");
		skip();
	}
	if (f->built)
		return;
	snprintf(src, sizeof(src), "%s/prog.c", d);
	snprintf(cxx, sizeof(cxx), "%s/prog.cc", d);
	write_file(src, c_src);
	write_file(cxx, cxx_src);
	assert_int_equal(sh("cd '%s' && gcc -O0 -g -no-pie -o prog-nopie prog.c && gcc -O0 -g -fPIE -pie -o prog-pie prog.c"
			    " && gcc -O0 -g -fcf-protection=full -Wl,-z,ibtplt -o prog-ibt prog.c"
			    " && gcc -O0 -g -no-pie -fcf-protection=full -Wl,-z,ibtplt,-z,now -o prog-ibt-now prog.c"
			    " && cp prog-pie prog-stripped && strip prog-stripped"
			    " && cp prog-pie prog-dl && mkdir -p .debug sub/.debug && cp prog-pie sub/prog-dl2", d), 0);
	/* .gnu_debuglink: next to the file, and in .debug/ next to it. */
	assert_int_equal(sh("cd '%s' && objcopy --only-keep-debug prog-dl prog-dl.debug && objcopy --strip-all prog-dl"
			    " && objcopy --add-gnu-debuglink=prog-dl.debug prog-dl", d), 0);
	assert_int_equal(sh("cd '%s/sub' && objcopy --only-keep-debug prog-dl2 .debug/prog-dl2.debug && objcopy --strip-all prog-dl2"
			    " && cd .debug && objcopy --add-gnu-debuglink=prog-dl2.debug ../prog-dl2", d), 0);
	/* Under a fake root: /bin/prog-gl with its debug file under
	 * /usr/lib/debug/bin/, and /bin/prog-bid with it only in the
	 * .build-id tree (no debuglink). */
	/* prog-gl gets a build-id of its own, so that only its debuglink
	 * (which names the binary's own basename) can find its debug file. */
	assert_int_equal(sh("cd '%s' && gcc -O0 -g -fPIE -pie -Wl,--build-id=0x0123456789abcdef0123456789abcdef01234567"
			    " -o prog-gl prog.c", d), 0);
	assert_int_equal(sh("mkdir -p '%s/bin' '%s/usr/lib/debug/bin' && cp '%s/prog-gl' '%s/bin/prog-gl'"
			    " && cp '%s/prog-pie' '%s/bin/prog-bid'", f->root, f->root, d, f->root, d, f->root), 0);
	{
		char bin[160], dbg[192];

		snprintf(bin, sizeof(bin), "%s/bin/prog-gl", f->root);
		snprintf(dbg, sizeof(dbg), "%s/usr/lib/debug/bin/prog-gl", f->root);
		assert_int_equal(split_debug(bin, dbg), 0);
	}
	{
		char bin[160];

		snprintf(bin, sizeof(bin), "%s/bin/prog-bid", f->root);
		/* Build-ids of the copies are the same as prog-pie's. */
		assert_int_equal(elf_build_id(bin, id), 20);
		for (int i = 0; i < 20; i++)
			snprintf(hex + 2 * i, 3, "%02x", id[i]);
		assert_int_equal(sh("mkdir -p '%s/usr/lib/debug/.build-id/%.2s' && objcopy --only-keep-debug '%s'"
				    " '%s/usr/lib/debug/.build-id/%.2s/%s.debug' && objcopy --strip-all '%s'",
				    f->root, hex, bin, f->root, hex, hex + 2, bin), 0);
	}
	if (have_tool("g++"))
		assert_int_equal(sh("cd '%s' && g++ -O0 -g -o prog-cxx prog.cc", d), 0);
	f->built = true;
}

static char *path_in(const struct fx *f, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", f->dir, name) > 0);
	return p;
}

/* ---- symtab -------------------------------------------------------------------- */

static void test_symtab_basic(void **state)
{
	struct symtab t;
	const struct symbol *s;

	symtab_init(&t);
	assert_null(symtab_find(&t, 0x1000));
	symtab_finish(&t);      /* empty: harmless */
	assert_int_equal(symtab_add(&t, 0x3000, 0x10, "third", 'T'), 0);
	assert_int_equal(symtab_add(&t, 0x1000, 0, "first", 'T'), 0);
	assert_int_equal(symtab_add(&t, 0x2000, 0x100, "local_alias", 't'), 0);
	assert_int_equal(symtab_add(&t, 0x2000, 0x100, "second", 'T'), 0);
	assert_int_equal(symtab_add(&t, 0x2000, 0, "__second", 'T'), 0);
	assert_int_equal(symtab_add(&t, 0x2000, 0x100, "data_there", 'D'), 0);
	assert_int_equal(symtab_add(&t, 0x4000, 0, "last", 't'), 0);
	symtab_finish(&t);

	/* One symbol per address: the global function with fewest underscores. */
	assert_int_equal(t.nr, 4);
	s = symtab_find(&t, 0x2000);
	assert_non_null(s);
	assert_string_equal(s->name, "second");
	assert_int_equal(s->size, 0x100);
	/* Sizeless: up to the next symbol. */
	s = symtab_find(&t, 0x1fff);
	assert_non_null(s);
	assert_string_equal(s->name, "first");
	assert_int_equal(s->size, 0x1000);
	/* Gaps after a sized symbol belong to nobody. */
	assert_null(symtab_find(&t, 0x2100));
	assert_null(symtab_find(&t, 0x2fff));
	assert_string_equal(symtab_find(&t, 0x3000)->name, "third");
	assert_string_equal(symtab_find(&t, 0x300f)->name, "third");
	assert_null(symtab_find(&t, 0x3010));
	/* Before the first symbol. */
	assert_null(symtab_find(&t, 0xfff));
	assert_null(symtab_find(&t, 0));
	/* The last sizeless symbol reaches the end of its page, no further. */
	assert_string_equal(symtab_find(&t, 0x4fff)->name, "last");
	assert_null(symtab_find(&t, 0x5000));
	/* By name: dropped aliases are gone, kept ones found. */
	assert_non_null(symtab_find_name(&t, "third"));
	assert_null(symtab_find_name(&t, "local_alias"));
	assert_null(symtab_find_name(&t, "nothing"));

	/* Finishing twice changes nothing. */
	symtab_finish(&t);
	assert_int_equal(t.nr, 4);
	assert_string_equal(symtab_find(&t, 0x1000)->name, "first");
	symtab_free(&t);
	assert_int_equal(t.nr, 0);
	symtab_free(&t);        /* twice: harmless */
}

/* An ifunc and its resolver often share an address; perf chooses among
 * aliases by binding (global, then local, then weak), then fewer leading
 * underscores, then the longer name, and an ifunc is ranked by its binding
 * like any function (nm's 'i' does not say it: the ELF loader sets bind).
 * libc: __x86_cacheinfo (ifunc, local) and __x86_cacheinfo_ifunc (local);
 * strnlen (ifunc, weak), __strnlen (ifunc, local), __strnlen_ifunc (local). */
static void add_bound(struct symtab *t, u64 start, u64 size, const char *name, u8 kind, enum sym_bind bind)
{
	assert_int_equal(symtab_add(t, start, size, name, kind), 0);
	t->syms[t->nr - 1].bind = (u8)bind;
}

static void test_symtab_ifunc_aliases(void **state)
{
	struct symtab t;

	(void)state;
	symtab_init(&t);
	add_bound(&t, 0x1000, 0x9a, "__x86_cacheinfo", 'i', SYM_BIND_LOCAL);
	add_bound(&t, 0x1000, 0x9a, "__x86_cacheinfo_ifunc", 't', SYM_BIND_LOCAL);
	add_bound(&t, 0x2000, 0x81, "strnlen", 'i', SYM_BIND_WEAK);
	add_bound(&t, 0x2000, 0x81, "__strnlen", 'i', SYM_BIND_LOCAL);
	add_bound(&t, 0x2000, 0x81, "__strnlen_ifunc", 't', SYM_BIND_LOCAL);
	add_bound(&t, 0x3000, 0x40, "strlen_resolver_long_name", 't', SYM_BIND_LOCAL);
	add_bound(&t, 0x3000, 0x40, "strlen", 'i', SYM_BIND_GLOBAL);
	symtab_finish(&t);
	assert_string_equal(symtab_find(&t, 0x1010)->name, "__x86_cacheinfo_ifunc");
	assert_string_equal(symtab_find(&t, 0x2010)->name, "__strnlen_ifunc");
	assert_string_equal(symtab_find(&t, 0x3010)->name, "strlen");
	symtab_free(&t);
}

/* The same on this machine's libc debug file (libc6-dbg), when there is one:
 * the aliases named as perf report names them. */
static void test_libc_ifunc_aliases(void **state)
{
	static const char *const want[][2] = {
		{ "strnlen", "__strnlen_ifunc" },       /* weak ifunc, local ifunc, local func */
		{ "__x86_cacheinfo", "__x86_cacheinfo_ifunc" },
	};
	char path[256];
	u8 id[20];
	struct symtab t;
	int checked = 0;

	(void)state;
	if (elf_build_id("/lib/x86_64-linux-gnu/libc.so.6", id) != 20)
		skip();
	snprintf(path, sizeof(path), "/usr/lib/debug/.build-id/%02x/", id[0]);
	for (int i = 1; i < 20; i++)
		snprintf(path + strlen(path), sizeof(path) - strlen(path), "%02x", id[i]);
	strcat(path, ".debug");
	if (access(path, R_OK))
		skip();
	symtab_init(&t);
	assert_true(elf_load_symbols(path, &t) > 0);
	{
		u64 addr[ARRAY_SIZE(want)] = { 0 };
		for (size_t i = 0; i < t.nr; i++)
			for (size_t w = 0; w < ARRAY_SIZE(want); w++)
				if (!strcmp(t.syms[i].name, want[w][0]))
					addr[w] = t.syms[i].start;
		symtab_finish(&t);
		for (size_t w = 0; w < ARRAY_SIZE(want); w++) {
			if (!addr[w])
				continue;
			assert_string_equal(symtab_find(&t, addr[w])->name, want[w][1]);
			checked++;
		}
	}
	print_message("libc: %d ifunc alias sets named as perf names them\n", checked);
	symtab_free(&t);
}

/* Names are packed into big blocks; a huge name gets a block of its own. */
static void test_symtab_blocks(void **state)
{
	struct symtab t;
	char name[128];
	char *huge = malloc(200000);

	assert_non_null(huge);
	memset(huge, 'x', 199999);
	huge[199999] = '\0';
	symtab_init(&t);
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "function_number_%06d_with_a_reasonably_long_name_%0*d", i, 40, i);
		assert_int_equal(symtab_add(&t, (u64)(20000 - i) * 16, 16, name, 'T'), 0);
		if (i == 7000)
			assert_int_equal(symtab_add(&t, 0x10000000, 8, huge, 'T'), 0);
	}
	symtab_finish(&t);
	assert_int_equal(t.nr, 20001);
	assert_true(t.nr_blocks > 10 && t.nr_blocks < 100);
	for (int i = 0; i < 20000; i++) {
		const struct symbol *s = symtab_find(&t, (u64)(20000 - i) * 16 + 5);

		snprintf(name, sizeof(name), "function_number_%06d_with_a_reasonably_long_name_%0*d", i, 40, i);
		assert_non_null(s);
		assert_string_equal(s->name, name);
	}
	assert_string_equal(symtab_find(&t, 0x10000000)->name, huge);
	symtab_free(&t);
	free(huge);
}

/* ---- ELF against binutils ---------------------------------------------------------- */

static void check_build_id(const char *path)
{
	char *out = capture("readelf -n '%s' 2>/dev/null | awk '/Build ID:/ {print $3}'", path);
	char hex[41] = "";
	u8 id[20];
	int n = elf_build_id(path, id);

	out[strcspn(out, "\n")] = '\0';
	assert_true(n > 0);
	for (int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	if (strcmp(hex, out))
		fail_msg("%s: build-id %s, readelf says %s", path, hex, out);
	free(out);
}

static void test_build_id(void **state)
{
	struct fx *f = *state;
	static const char *const progs[] = { "prog-nopie", "prog-pie", "prog-ibt", "prog-stripped",
					     "prog-dl", "prog-dl.debug" };
	u8 id[20];
	char *txt;

	need_programs(f);
	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		char *p = path_in(f, progs[i]);
		check_build_id(p);
		free(p);
	}
	/* Not ELF, missing: -1, quietly. */
	txt = path_in(f, "prog.c");
	assert_int_equal(elf_build_id(txt, id), -1);
	free(txt);
	assert_int_equal(elf_build_id("/nonexistent/file", id), -1);
	/* ELF without a build-id note. */
	txt = path_in(f, "prog-noid");
	assert_int_equal(sh("cd '%s' && gcc -O0 -Wl,--build-id=none -o prog-noid prog.c", f->dir), 0);
	assert_int_equal(elf_build_id(txt, id), 0);
	free(txt);
}

static void check_segments(const char *path, bool want_dyn)
{
	char *out = capture("readelf -lW '%s' | awk '$1 == \"LOAD\" {print $2, $3, $5}'", path);
	struct dso_segment *segs;
	u32 nr;
	bool rel;
	char *line = out;
	u32 i = 0;

	assert_int_equal(elf_segments(path, &segs, &nr, &rel), 0);
	assert_int_equal(rel, want_dyn);
	while (*line) {
		unsigned long long off, vaddr, filesz;

		assert_int_equal(sscanf(line, "%llx %llx %llx", &off, &vaddr, &filesz), 3);
		assert_true(i < nr);
		assert_int_equal(segs[i].offset, off);
		assert_int_equal(segs[i].vaddr, vaddr);
		assert_int_equal(segs[i].size, filesz);
		i++;
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	assert_int_equal(i, nr);
	assert_true(nr >= 2);
	free(segs);
	free(out);
}

static void test_segments(void **state)
{
	struct fx *f = *state;
	char *nopie, *pie;

	need_programs(f);
	nopie = path_in(f, "prog-nopie");
	pie = path_in(f, "prog-pie");
	check_segments(nopie, false);
	check_segments(pie, true);
	free(nopie);
	free(pie);
}

/* Executable address ranges from readelf -S, to tell code from data among
 * nm's weak symbols ("W" is any weak symbol, e.g. data_start). */
struct ranges {
	u64 lo[64], hi[64];
	int nr;
};

static void exec_ranges(const char *path, struct ranges *r)
{
	char *out = capture("readelf -SW '%s' | sed -n 's/^ *\\[ *[0-9]*\\] //p'", path);
	char *save = NULL;

	r->nr = 0;
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tok[12], *s2 = NULL;
		int n = 0;
		unsigned long long addr, size;

		for (char *t = strtok_r(line, " ", &s2); t && n < 12; t = strtok_r(NULL, " ", &s2))
			tok[n++] = t;
		/* name type addr off size es flg lk inf al: flags present when 10 */
		if (n != 10 || !strchr(tok[6], 'X') || r->nr == 64)
			continue;
		addr = strtoull(tok[2], NULL, 16);
		size = strtoull(tok[4], NULL, 16);
		r->lo[r->nr] = addr;
		r->hi[r->nr++] = addr + size;
	}
	free(out);
}

static bool in_ranges(const struct ranges *r, u64 a)
{
	for (int i = 0; i < r->nr; i++)
		if (a >= r->lo[i] && a < r->hi[i])
			return true;
	return false;
}

/* Every function nm lists starts a symbol of ours, named as nm names one
 * of the symbols at that address. Returns how many were checked. */
static int compare_with_nm(const char *path, const struct symtab *t, const char *nm_flags)
{
	char *out = capture("nm %s --defined-only '%s' | sort", nm_flags, path);
	struct ranges r;
	char *save = NULL;
	int checked = 0;

	exec_ranges(path, &r);
	assert_true(r.nr > 0);
	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long addr;
		char type, *name, *others;
		const struct symbol *s;
		int pos = 0;

		if (sscanf(line, "%llx %c %n", &addr, &type, &pos) != 2 || !pos)
			continue;
		name = line + pos;
		if (!strchr("TtWi", type) || !in_ranges(&r, addr))
			continue;
		s = symtab_find(t, addr);
		if (!s || s->start != addr)
			fail_msg("%s: nm has %s at %#llx, we have %s", path, name, addr, s ? s->name : "nothing");
		checked++;
		if (!strcmp(s->name, name))
			continue;
		/* Another name at the same address (an alias): nm must list ours. */
		others = capture("nm %s --defined-only '%s' | awk '$1 == \"%016llx\"' | cut -c20-", nm_flags, path, addr);
		if (!strstr(others, s->name))
			fail_msg("%s: at %#llx nm has '%s', we chose '%s'", path, addr, others, s->name);
		free(others);
	}
	free(out);
	return checked;
}

static void load_finished(const char *path, struct symtab *t)
{
	symtab_init(t);
	assert_true(elf_load_symbols(path, t) > 0);
	symtab_finish(t);
}

static void test_symbols_vs_nm(void **state)
{
	struct fx *f = *state;
	static const char *const progs[] = { "prog-nopie", "prog-pie", "prog-ibt", "prog-ibt-now" };

	need_programs(f);
	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		char *p = path_in(f, progs[i]);
		struct symtab t;
		const struct symbol *s;

		int n;

		load_finished(p, &t);
		n = compare_with_nm(p, &t, "");
		print_message("%s: %d functions as nm lists them\n", progs[i], n);
		assert_true(n >= 6);
		/* The static function is there, with its size; data too. */
		s = symtab_find_name(&t, "helper");
		assert_non_null(s);
		assert_int_equal(s->kind, 't');
		assert_true(s->size > 0);
		assert_int_equal(symtab_find_name(&t, "weak_function")->kind, 'W');
		assert_int_equal(symtab_find_name(&t, "global_counter")->kind, 'D');
		assert_int_equal(symtab_find_name(&t, "main")->kind, 'T');
		symtab_free(&t);
		free(p);
	}
}

static void test_cxx_symbols_vs_nm(void **state)
{
	struct fx *f = *state;
	static const char *const want[] = {
		"geo::over(int)", "geo::over(double)", "geo::Sq::area() const",
		"geo::Vec<float, 3>::dot(geo::Vec<float, 3> const&) const",
		"geo::Vec<float, 3>::operator+(geo::Vec<float, 3> const&) const",
		"geo::Vec<float, 3>::operator==(geo::Vec<float, 3> const&) const",
		"geo::Vec<int, 2>::dot(geo::Vec<int, 2> const&) const",
	};
	struct symtab t;
	char *p;

	need_programs(f);
	if (!have_tool("g++")) {
		print_message("skip: g++ is not installed\n");
		skip();
	}
	p = path_in(f, "prog-cxx");
	load_finished(p, &t);
	/* nm -C demangles with binutils' demangler; ours is the runtime's. */
	{
		int n = compare_with_nm(p, &t, "-C");

		print_message("prog-cxx: %d functions as nm -C lists them\n", n);
		assert_true(n >= 10);
	}
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (!symtab_find_name(&t, want[i]))
			fail_msg("no symbol named '%s'", want[i]);
	symtab_free(&t);
	free(p);
}

/* Every "<name@plt>" label of objdump -d is a symbol of ours. */
static int compare_plt_with_objdump(const char *path, const struct symtab *t)
{
	char *out = capture("objdump -d '%s' | sed -n 's/^\\([0-9a-f]*\\) <\\(.*@plt\\)>:$/\\1 \\2/p'", path);
	char *save = NULL;
	int checked = 0;

	for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long addr = strtoull(line, NULL, 16);
		const char *name = strchr(line, ' ') + 1;
		const struct symbol *s = symtab_find(t, addr);

		if (!s || s->start != addr || strcmp(s->name, name))
			fail_msg("%s: objdump has %s at %#llx, we have %s", path, name, addr, s ? s->name : "nothing");
		checked++;
	}
	free(out);
	return checked;
}

static void test_plt_vs_objdump(void **state)
{
	struct fx *f = *state;
	/* Lazy .plt; PIE with .plt.got; IBT .plt.sec + .plt.got; IBT with BIND_NOW. */
	static const char *const progs[] = { "prog-nopie", "prog-pie", "prog-ibt", "prog-ibt-now", "prog-stripped" };

	need_programs(f);
	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		char *p = path_in(f, progs[i]);
		struct symtab t;

		int n;

		load_finished(p, &t);
		n = compare_plt_with_objdump(p, &t);
		print_message("%s: %d PLT entries as objdump names them\n", progs[i], n);
		/* puts, printf, strcmp, read, malloc, fflush at least. */
		assert_true(n >= 5);
		assert_non_null(symtab_find_name(&t, "puts@plt"));
		symtab_free(&t);
		free(p);
	}
	/* The IBT layouts really are the ones meant. */
	{
		char *p = path_in(f, "prog-ibt");
		char *out = capture("readelf -SW '%s' | grep -c '\\.plt\\.sec'", p);

		assert_int_equal(atoi(out), 1);
		free(out);
		free(p);
	}
	/* A system library, where .plt also has ifunc (IRELATIVE) entries. */
	if (!access("/usr/lib/x86_64-linux-gnu/libc.so.6", R_OK)) {
		const char *libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
		char *out = capture("objdump -d '%s' | grep -c '@plt>:$'", libc);
		struct symtab t;
		int nplt = 0;

		load_finished(libc, &t);
		for (size_t i = 0; i < t.nr; i++)
			if (strstr(t.syms[i].name, "@plt"))
				nplt++;
		/* Same number of entries (ifunc slots are named by their ifunc
		 * where objdump says "*ABS*+0x..."). */
		print_message("libc.so.6: %d PLT entries, objdump %d\n", nplt, atoi(out));
		assert_int_equal(nplt, atoi(out));
		free(out);
		symtab_free(&t);
	}
}

static void test_stripped(void **state)
{
	struct fx *f = *state;
	char *p;
	struct symtab t;

	need_programs(f);
	p = path_in(f, "prog-stripped");
	symtab_init(&t);
	/* .dynsym only: the static function is gone, PLT entries stay. */
	assert_true(elf_load_symbols(p, &t) >= 0);
	symtab_finish(&t);
	assert_null(symtab_find_name(&t, "helper"));
	assert_non_null(symtab_find_name(&t, "puts@plt"));
	assert_false(elf_has_symtab(p));
	symtab_free(&t);
	free(p);
}

/* dso_load through a dsos collection: symbols come from the debug file,
 * at the addresses nm gives for the unstripped build; PLT entries and
 * segments from the stripped file. */
static void check_debug_dso(const char *root, const char *path, const char *want_symsrc, const char *orig)
{
	struct dsos d;
	struct dso *dso;
	char *nm = capture("nm '%s' | awk '$3 == \"helper\" {print $1}'", orig);
	u64 helper = strtoull(nm, NULL, 16);
	const struct symbol *s;

	dsos_init(&d);
	d.root = root;
	dso = dsos_findnew(&d, path);
	assert_non_null(dso);
	assert_int_equal(dso->kind, DSO_USER);
	assert_false(dso->loaded);
	assert_null(dso->symsrc);        /* lazy: nothing read yet */
	s = dso_find_symbol(dso, helper + 1);
	assert_true(dso->loaded);
	assert_true(dso->have_file);
	assert_non_null(dso->symsrc);
	if (strcmp(dso->symsrc, want_symsrc))
		fail_msg("%s: symbols from %s, expected %s", path, dso->symsrc, want_symsrc);
	assert_non_null(s);
	assert_string_equal(s->name, "helper");
	assert_int_equal(s->start, helper);
	assert_non_null(symtab_find_name(&dso->symtab, "puts@plt"));
	assert_true(dso->nr_segs >= 2);
	assert_true(dso->relocatable);
	assert_int_equal(dso->build_id_size, 20);
	assert_ptr_equal(dsos_find(&d, path), dso);
	assert_ptr_equal(dsos_findnew(&d, path), dso);
	dsos_free(&d);
	free(nm);
}

static void test_debug_files(void **state)
{
	struct fx *f = *state;
	char *orig, *p, *want, *got;
	char bin[160];
	u8 id[20];
	int n;

	need_programs(f);
	orig = path_in(f, "prog-pie");

	/* .gnu_debuglink, the debug file next to the binary. */
	p = path_in(f, "prog-dl");
	want = path_in(f, "prog-dl.debug");
	n = elf_build_id(p, id);
	got = elf_find_debug_file("", p, id, (u8)n);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	check_debug_dso("", p, want, orig);
	free(p);
	free(want);

	/* .gnu_debuglink, in .debug/ next to the binary. */
	p = path_in(f, "sub/prog-dl2");
	want = path_in(f, "sub/.debug/prog-dl2.debug");
	check_debug_dso("", p, want, orig);
	free(p);
	free(want);

	/* .gnu_debuglink, under <root>/usr/lib/debug/<dir>/. */
	assert_true(asprintf(&want, "%s/usr/lib/debug/bin/prog-gl", f->root) > 0);
	p = path_in(f, "prog-gl");
	check_debug_dso(f->root, "/bin/prog-gl", want, p);
	free(p);
	free(want);

	/* By build-id under <root>/usr/lib/debug/.build-id/. */
	snprintf(bin, sizeof(bin), "%s/bin/prog-bid", f->root);
	n = elf_build_id(bin, id);
	assert_int_equal(n, 20);
	assert_true(asprintf(&want, "%s/usr/lib/debug/.build-id/%02x/", f->root, id[0]) > 0);
	got = elf_find_debug_file(f->root, "/bin/prog-bid", id, (u8)n);
	assert_non_null(got);
	assert_memory_equal(got, want, strlen(want));
	check_debug_dso(f->root, "/bin/prog-bid", got, orig);
	free(got);
	free(want);

	/* A build-id that matches nothing: no debug file, not a wrong one. */
	id[0] ^= 0xff;
	assert_null(elf_find_debug_file(f->root, "/bin/prog-bid", id, 20));
	p = path_in(f, "prog-dl");
	assert_null(elf_find_debug_file("", p, id, 20));       /* debuglink target has another id */
	free(p);
	free(orig);
}

/* A recorded build-id that differs from the file's: the file is not used. */
static void test_build_id_mismatch(void **state)
{
	struct fx *f = *state;
	struct dsos d;
	struct dso *dso;
	u8 id[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
	char *p;

	need_programs(f);
	p = path_in(f, "prog-pie");
	dsos_init(&d);
	dso = dsos_findnew(&d, p);
	dso_set_build_id(dso, id, 20);
	dso_load(dso, NULL);
	assert_true(dso->loaded);
	assert_false(dso->have_file);
	assert_int_equal(dso->symtab.nr, 0);
	dsos_free(&d);
	free(p);
}

/* The file offset -> address mapping, checked against readelf's segments
 * and nm's addresses: main's file offset maps back to main's address. */
static void test_offset_to_addr(void **state)
{
	struct fx *f = *state;
	static const char *const progs[] = { "prog-nopie", "prog-pie" };

	need_programs(f);
	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		char *p = path_in(f, progs[i]);
		/* objdump -F prints "(File Offset: 0x...)" for each function. */
		char *out = capture("objdump -dF '%s' | sed -n 's/^\\([0-9a-f]*\\) <main> (File Offset: 0x\\([0-9a-f]*\\)):$/\\1 \\2/p'", p);
		unsigned long long addr, off;
		struct dsos d;
		struct dso *dso;

		assert_int_equal(sscanf(out, "%llx %llx", &addr, &off), 2);
		dsos_init(&d);
		dso = dsos_findnew(&d, p);
		dso_load(dso, NULL);
		assert_int_equal(dso_offset_to_addr(dso, off), addr);
		assert_int_equal(dso_offset_to_addr(dso, off + 3), addr + 3);
		assert_string_equal(dso_find_symbol(dso, dso_offset_to_addr(dso, off))->name, "main");
		/* Offsets in each segment land in it. */
		for (u32 s = 0; s < dso->nr_segs; s++)
			assert_int_equal(dso_offset_to_addr(dso, dso->segs[s].offset + 1), dso->segs[s].vaddr + 1);
		dsos_free(&d);
		free(out);
		free(p);
	}
}

/* Missing files and files that are not ELF: empty tables, nothing printed. */
static void test_not_elf(void **state)
{
	struct fx *f = *state;
	struct dsos d;
	struct dso *dso;
	char errpath[128];
	int saved, fd;
	struct stat st;
	char *txt;

	need_programs(f);
	txt = path_in(f, "prog.c");
	snprintf(errpath, sizeof(errpath), "%s/stderr.txt", f->dir);
	fflush(stderr);
	saved = dup(2);
	fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);

	dsos_init(&d);
	dso = dsos_findnew(&d, "/nonexistent/lib.so");
	assert_null(dso_find_symbol(dso, 0x1000));
	assert_true(dso->loaded);
	assert_false(dso->have_file);
	assert_int_equal(dso_offset_to_addr(dso, 0x1234), 0x1234);
	dso = dsos_findnew(&d, txt);
	assert_null(dso_find_symbol(dso, 0));
	assert_false(dso->have_file);
	dso = dsos_findnew(&d, "//anon");
	assert_int_equal(dso->kind, DSO_ANON);
	assert_null(dso_find_symbol(dso, 0x1000));
	assert_int_equal(dsos_findnew(&d, "[heap]")->kind, DSO_ANON);
	assert_int_equal(dsos_findnew(&d, "[vdso]")->kind, DSO_VDSO);
	assert_int_equal(dsos_findnew(&d, "[kernel.kallsyms]")->kind, DSO_KERNEL);
	assert_int_equal(dsos_findnew(&d, "/lib/modules/x/kernel/fs/ext4/ext4.ko.xz")->kind, DSO_KMODULE);
	assert_string_equal(dsos_findnew(&d, "/usr/lib/libfoo.so.1")->name, "libfoo.so.1");
	assert_int_equal(d.nr, 8);
	assert_int_equal(elf_load_symbols(txt, &dso->symtab), -1);
	dsos_free(&d);

	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	assert_int_equal(stat(errpath, &st), 0);
	assert_int_equal(st.st_size, 0);
	free(txt);
}

/* Many paths: lookups stay right across hash chains and table growth. */
static void test_dsos_many(void **state)
{
	struct dsos d;
	char path[64];

	dsos_init(&d);
	for (int i = 0; i < 5000; i++) {
		snprintf(path, sizeof(path), "/usr/lib/lib%d.so", i);
		assert_non_null(dsos_findnew(&d, path));
	}
	assert_int_equal(d.nr, 5000);
	for (int i = 0; i < 5000; i++) {
		struct dso *dso;

		snprintf(path, sizeof(path), "/usr/lib/lib%d.so", i);
		dso = dsos_find(&d, path);
		assert_non_null(dso);
		assert_string_equal(dso->path, path);
	}
	assert_null(dsos_find(&d, "/usr/lib/lib5000.so"));
	dsos_free(&d);
}

/* The running kernel's vdso, from this process's own image. */
static void test_vdso(void **state)
{
	struct dsos d;
	struct dso *dso;
	const struct symbol *s;

	dsos_init(&d);
	dso = dsos_findnew(&d, "[vdso]");
	dso_load(dso, NULL);
	if (!dso->have_file) {
		print_message("skip: no vdso in this process\n");
		dsos_free(&d);
		skip();
	}
	s = symtab_find_name(&dso->symtab, "__vdso_clock_gettime");
	assert_non_null(s);
	assert_ptr_equal(symtab_find(&dso->symtab, s->start), s);
	assert_true(dso->nr_segs >= 1);
	dsos_free(&d);
}

/* ---- kallsyms ------------------------------------------------------------------- */

static void test_kallsyms_real(void **state)
{
	struct symtab t;
	const struct symbol *s;
	u64 text, sched;
	int n;

	symtab_init(&t);
	n = kallsyms_load("/proc/kallsyms", &t);
	if (n == -2) {
		print_message("skip: /proc/kallsyms addresses are hidden (not root, or kptr_restrict)\n");
		skip();
	}
	assert_true(n > 1000);
	text = kallsyms_lookup("/proc/kallsyms", "_text");
	sched = kallsyms_lookup("/proc/kallsyms", "schedule");
	assert_true(text != 0);
	assert_true(sched > text);
	/* _text shares its address with aliases (_stext...): one of them. */
	s = symtab_find(&t, text);
	assert_non_null(s);
	assert_int_equal(s->start, text);
	s = symtab_find_name(&t, "schedule");
	assert_non_null(s);
	assert_int_equal(s->start, sched);
	assert_int_equal(s->kind, 'T');
	s = symtab_find(&t, sched + 1);
	assert_non_null(s);
	assert_string_equal(s->name, "schedule");
	assert_true(s->size > 1);
	assert_int_equal(kallsyms_lookup("/proc/kallsyms", "no_such_symbol_in_any_kernel"), 0);
	symtab_free(&t);
}

static void test_kallsyms_fake(void **state)
{
	struct fx *f = *state;
	char path[128];
	struct symtab t;
	const struct symbol *s;

	snprintf(path, sizeof(path), "%s/kallsyms-zero", f->dir);
	write_file(path, "0000000000000000 T _text\n0000000000000000 T schedule\n"
			 "0000000000000000 t foo\t[mod]\n");
	symtab_init(&t);
	assert_int_equal(kallsyms_load(path, &t), -2);
	assert_int_equal(t.nr, 0);
	assert_int_equal(kallsyms_load("/nonexistent/kallsyms", &t), -1);

	snprintf(path, sizeof(path), "%s/kallsyms-fake", f->dir);
	write_file(path, "0000000000000000 A fixed_percpu_data\n"
			 "ffffffff81000000 T _text\n"
			 "ffffffff81000000 T _stext\n"
			 "ffffffff81001000 T do_one\n"
			 "ffffffff81001800 t do_two\n"
			 "ffffffff81002000 D some_data\n"
			 "garbage line\n"
			 "ffffffffc0001000 t mod_fn\t[mymod]\n"
			 "ffffffffc0001100 T mod_fn2\t[mymod]\n");
	assert_int_equal(kallsyms_load(path, &t), 7);
	s = symtab_find(&t, 0xffffffff81001234);
	assert_non_null(s);
	assert_string_equal(s->name, "do_one");
	assert_int_equal(s->size, 0x800);
	assert_int_equal(s->kind, 'T');
	assert_string_equal(symtab_find(&t, 0xffffffff810017ff)->name, "do_one");
	assert_string_equal(symtab_find(&t, 0xffffffff81001800)->name, "do_two");
	assert_string_equal(symtab_find(&t, 0xffffffffc0001010)->name, "mod_fn [mymod]");
	assert_string_equal(symtab_find(&t, 0xffffffffc0001100)->name, "mod_fn2 [mymod]");
	assert_null(symtab_find_name(&t, "fixed_percpu_data"));
	assert_int_equal(kallsyms_lookup(path, "do_two"), 0xffffffff81001800);
	assert_int_equal(kallsyms_lookup(path, "mod_fn"), 0);   /* module symbols are not the kernel's */
	symtab_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_symtab_basic),
		cmocka_unit_test(test_symtab_blocks),
		cmocka_unit_test(test_symtab_ifunc_aliases),
		cmocka_unit_test(test_libc_ifunc_aliases),
		cmocka_unit_test(test_build_id),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_symbols_vs_nm),
		cmocka_unit_test(test_cxx_symbols_vs_nm),
		cmocka_unit_test(test_plt_vs_objdump),
		cmocka_unit_test(test_stripped),
		cmocka_unit_test(test_debug_files),
		cmocka_unit_test(test_build_id_mismatch),
		cmocka_unit_test(test_offset_to_addr),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_dsos_many),
		cmocka_unit_test(test_vdso),
		cmocka_unit_test(test_kallsyms_real),
		cmocka_unit_test(test_kallsyms_fake),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
