/* Unit tests for util/symbols/demangle: C++ (through the C++ runtime), Rust legacy
 * and Rust v0.  Fixed tables pin the output format (names a report shows);
 * then every mangled symbol of programs compiled here with g++ and rustc
 * is compared with c++filt (binutils), whose Rust output differs from ours
 * only by the crate hashes we leave out ("std[1a2b..]" and "::h<hash>").
 * A tool that is missing makes those tests skip, saying which. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <regex.h>
#include <unistd.h>

#include "util/symbols/demangle.h"

struct sample {
	const char *mangled;
	const char *want;       /* NULL: not demangled */
};

static void check_table(const struct sample *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = demangle(t[i].mangled);

		if (!t[i].want && got)
			fail_msg("%s: expected no demangling, got '%s'", t[i].mangled, got);
		if (t[i].want && !got)
			fail_msg("%s: expected '%s', got nothing", t[i].mangled, t[i].want);
		if (got && strcmp(got, t[i].want))
			fail_msg("%s:\n  expected '%s'\n  got      '%s'", t[i].mangled, t[i].want, got);
		free(got);
	}
}

static void test_not_mangled(void **state)
{
	static const struct sample t[] = {
		{ "main", NULL },
		{ "", NULL },
		{ "_", NULL },
		{ "_start", NULL },
		{ "_Z", NULL },                 /* prefix only */
		{ "_Zfoo", NULL },              /* not the grammar */
		{ "_R", NULL },
		{ "__libc_start_main", NULL },
		{ "puts@plt", NULL },
		{ "memcpy@@GLIBC_2.14", NULL },
	};

	check_table(t, sizeof(t) / sizeof(t[0]));
	assert_null(demangle(NULL));
}

static void test_cxx(void **state)
{
	static const struct sample t[] = {
		{ "_Z3fooi", "foo(int)" },
		{ "_ZN3foo3barEv", "foo::bar()" },
		{ "_ZN2ns5Shape4areaEv", "ns::Shape::area()" },
		{ "_ZNK2ns5Shape4areaEv", "ns::Shape::area() const" },
		{ "_Z3maxIiET_S0_S0_", "int max<int>(int, int)" },
		{ "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back(int const&)" },
		{ "_ZN1AplERKS_", "A::operator+(A const&)" },
		{ "_ZN1AixEm", "A::operator[](unsigned long)" },
		{ "_ZN1AC2Ev", "A::A()" },
		{ "_ZN1AD1Ev", "A::~A()" },
		{ "_ZZ4mainE5count", "main::count" },
		{ "_ZTV1A", "vtable for A" },
		/* Suffixes that are not part of the mangled name are kept. */
		{ "_ZN3foo3barEv@plt", "foo::bar()@plt" },
		{ "_Z3fooi@@VERS_1.0", "foo(int)@@VERS_1.0" },
		{ "_Z3fooi.cold", "foo(int) [clone .cold]" },
		{ "_Z3fooi.isra.0", "foo(int) [clone .isra.0]" },
		{ "_ZN3foo3barE", "foo::bar" },
		/* Not a Rust hash: too few distinct digits to be one. */
		{ "_ZN3foo17h0000000000000000E", "foo::h0000000000000000" },
	};

	check_table(t, sizeof(t) / sizeof(t[0]));
}

static void test_rust_legacy(void **state)
{
	static const struct sample t[] = {
		{ "_ZN1a5inner6helper17h3863b18d45f0c1a8E", "a::inner::helper" },
		{ "_ZN1a12Foo$LT$T$GT$4show17hf57be8fb3d450768E", "a::Foo<T>::show" },
		{ "_ZN60_$LT$alloc..string..String$u20$as$u20$core..fmt..Display$GT$3fmt17h0123456789abcdefE",
		  "<alloc::string::String as core::fmt::Display>::fmt" },
		{ "_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h0123456789abcdefE",
		  "core::ptr::drop_in_place<std::rt::lang_start<()>::{{closure}}>" },
		{ "_ZN3std2rt10lang_start17h0123456789abcdefE.llvm.123456", "std::rt::lang_start" },
		{ "_ZN4test11$RF$$BP$$C$17h0123456789abcdefE", "test::&*," },
		{ "_ZN4test9_$SP$name17h0123456789abcdefE", "test::@name" },
		{ "_ZN4test8$u2603$x17h0123456789abcdefE", "test::\xe2\x98\x83x" },
		{ "_ZN5crate4func17h0123456789abcdefE@plt", "crate::func@plt" },
	};

	check_table(t, sizeof(t) / sizeof(t[0]));
}

static void test_rust_v0(void **state)
{
	static const struct sample t[] = {
		/* From rustc 1.95 -C symbol-mangling-version=v0 on:
		 *   mod inner { pub fn helper(x: &[u8]) -> usize }
		 *   impl<T: Debug> Foo<T> { pub fn show(&self) } with T = u32 */
		{ "_RNvNtCs6xxl1lAjzDf_1a5inner6helper", "a::inner::helper" },
		{ "_RNvMCs6xxl1lAjzDf_1aINtB2_3FoomE4showB2_", "<a::Foo<u32>>::show" },
		{ "_RINvNtNtNtCsjrHSEGnQ3l9_3std3sys7helpers14small_c_string24run_with_cstr_allocatingNtNtB8_4path7PathBufEB8_",
		  "std::sys::helpers::small_c_string::run_with_cstr_allocating::<std::path::PathBuf>" },
		/* Hand-made from the grammar. */
		{ "_RNvC3foo3bar", "foo::bar" },
		{ "_RNvCs1_3foo3bar", "foo::bar" },                     /* crate disambiguator dropped */
		{ "_RNCNvC3foo3bar0", "foo::bar::{closure#0}" },
		{ "_RNCNvC3foo3bars_0", "foo::bar::{closure#1}" },
		{ "_RNSNvC3foo3bar6vtable", "foo::bar::{shim:vtable#0}" },
		{ "_RINvC3foo3barTlhEE", "foo::bar::<(i32, u8)>" },
		{ "_RINvC3foo3barThEE", "foo::bar::<(u8,)>" },
		{ "_RINvC3foo3barTEE", "foo::bar::<()>" },
		{ "_RINvC3foo3barRAhj4_E", "foo::bar::<&[u8; 4]>" },
		{ "_RINvC3foo3barQShE", "foo::bar::<&mut [u8]>" },
		{ "_RINvC3foo3barPeOzE", "foo::bar::<*const str, *mut !>" },
		{ "_RINvC3foo3barKj3_Kana_Kb1_Kc61_E", "foo::bar::<3, -10, true, 'a'>" },
		{ "_RINvC3foo3barFhEmE", "foo::bar::<fn(u8) -> u32>" },
		{ "_RINvC3foo3barFEuE", "foo::bar::<fn()>" },
		{ "_RINvC3foo3barFUKCEuE", "foo::bar::<unsafe extern \"C\" fn()>" },
		{ "_RINvC3foo3barFG_RL0_hEhE", "foo::bar::<for<'a> fn(&'a u8) -> u8>" },
		{ "_RINvC3foo3barDNtC3foo5ShapeEL_E", "foo::bar::<dyn foo::Shape>" },
		{ "_RINvC3foo3barDINtC3foo2FnThEEp6OutputmEL_E", "foo::bar::<dyn foo::Fn<(u8,), Output = u32>>" },
		{ "_RINvC3foo3barDNtC3foo5ShapeNtC3foo4SendEL_E", "foo::bar::<dyn foo::Shape + foo::Send>" },
		{ "_RINvC3foo3barDG_NtC3foo2FnEL0_E", "foo::bar::<dyn for<'a> foo::Fn + 'a>" },
		{ "_RNvXC3fooNtC3foo1SNtC3foo5Shape4area", "<foo::S as foo::Shape>::area" },
		{ "_RNvYNtC3foo1SNtC3foo5Shape4area", "<foo::S as foo::Shape>::area" },
		/* Generic arguments in a type path: no turbofish. */
		{ "_RNvMC3fooINtB2_3VecmE3len", "<foo::Vec<u32>>::len" },
		{ "_RNvC3foo3bar.llvm.1234", "foo::bar" },
		{ "_RNvC3foo3bar@plt", "foo::bar@plt" },
		/* Backrefs count from after "_R": "C3foo" is at 3 ("2_") or 2 ("1_"). */
		{ "_RNvNtC3foo3mod3fn_B3_", "foo::mod::fn_" },
		{ "_RINvC3foo3barNtB2_1SE", "foo::bar::<foo::S>" },
		/* Not understood, or broken: never a wrong name. */
		{ "_RNvC3foo", NULL },                   /* truncated */
		{ "_RB_", NULL },                        /* backref to itself */
		{ "_RNvB_1a", NULL },
		{ "_RNvC3foo3barX", NULL },              /* trailing junk */
		{ "_RNvC3foo9bar", NULL },               /* length past the end */
		{ "_RNvCu3foo3bar", NULL },              /* punycode: not decoded */
		{ "_R1NvC3foo3bar", NULL },              /* unknown encoding version */
		{ "_RINvC3foo3barKe0_E", NULL },         /* str constant */
	};

	check_table(t, sizeof(t) / sizeof(t[0]));
}

/* A backref: "B" and the base-62 form of pos ("_" for 0, else pos-1 then "_"). */
static char *put_backref(char *p, size_t pos)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char tmp[16];
	int n = 0;

	*p++ = 'B';
	if (pos) {
		pos--;
		do {
			tmp[n++] = digits[pos % 62];
			pos /= 62;
		} while (pos);
		while (n)
			*p++ = tmp[--n];
	}
	*p++ = '_';
	return p;
}

/* Hostile input: deep nesting and exponential backrefs end in NULL, fast. */
static void test_rust_v0_hostile(void **state)
{
	size_t n = 20000, prev;
	char *s = malloc(3 * n + 16), *p;
	char *r;

	p = s + sprintf(s, "_R");
	for (size_t i = 0; i < n; i++)
		*p++ = 'S';     /* [[[[...]]]] */
	strcpy(p, "h");
	assert_null(demangle(s));

	/* Generic args X0..X40 where X0 = u8 and Xk = (X(k-1), X(k-1)) by
	 * backrefs: X40 would print 2^40 leaves. */
	p = s + sprintf(s, "_RINvC1a1b");
	prev = (size_t)(p - s) - 2;
	*p++ = 'h';
	for (int i = 0; i < 40; i++) {
		size_t here = (size_t)(p - s) - 2;

		*p++ = 'T';
		p = put_backref(p, prev);
		p = put_backref(p, prev);
		*p++ = 'E';
		prev = here;
	}
	strcpy(p, "E");
	r = demangle(s);
	assert_null(r);

	/* A few levels are fine and print what they say. */
	p = s + sprintf(s, "_RINvC1a1b");
	prev = (size_t)(p - s) - 2;
	*p++ = 'h';
	{
		size_t here = (size_t)(p - s) - 2;

		*p++ = 'T';
		p = put_backref(p, prev);
		p = put_backref(p, prev);
		*p++ = 'E';
		p = put_backref(p, here);
	}
	strcpy(p, "E");
	r = demangle(s);
	assert_non_null(r);
	assert_string_equal(r, "a::b::<u8, (u8, u8), (u8, u8)>");
	free(r);
	free(s);
}

/* ---- against c++filt on compiled programs -------------------------------------------- */

static const char *rustc_path(void)
{
	static char home_rustc[512];
	const char *home = getenv("HOME");

	if (!system("command -v rustc >/dev/null 2>&1"))
		return "rustc";
	if (home) {
		snprintf(home_rustc, sizeof(home_rustc), "%s/.cargo/bin/rustc", home);
		if (!access(home_rustc, X_OK))
			return home_rustc;
	}
	if (!access("/root/.cargo/bin/rustc", X_OK))
		return "/root/.cargo/bin/rustc";
	return NULL;
}

static bool have_tool(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return !system(cmd);
}

/* Remove every match of re from s, in place. */
static void strip_re(char *s, const regex_t *re)
{
	regmatch_t m;
	size_t off = 0;

	while (!regexec(re, s + off, 1, &m, off ? REG_NOTBOL : 0)) {
		size_t len = strlen(s + off + m.rm_eo);

		memmove(s + off + m.rm_so, s + off + m.rm_eo, len + 1);
		off += (size_t)m.rm_so;
	}
}

/* got is want plus the mangled name's own "." suffix. */
static bool suffix_only(const char *got, const char *want, const char *mangled)
{
	size_t n = strlen(want);
	const char *dot = strchr(mangled, '.');

	return dot && !strncmp(got, want, n) && !strcmp(got + n, dot);
}

struct corpus_result {
	int compared, same, refused;
};

/* nm | grep prefix | c++filt, line by line against demangle(). A name we
 * refuse (NULL) is allowed but counted; a different name is an error. */
static void compare_with_cxxfilt(const char *bin, const char *grep_re, const char *strip,
				 struct corpus_result *res)
{
	char cmd[1024], *line = NULL, *mangled = NULL;
	size_t cap = 0, mcap = 0;
	regex_t re;
	FILE *names, *filt;

	assert_int_equal(regcomp(&re, strip, REG_EXTENDED), 0);
	snprintf(cmd, sizeof(cmd), "nm '%s' | awk '{print $NF}' | grep -E '%s' | sort -u > '%s.names'",
		 bin, grep_re, bin);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "c++filt < '%s.names' > '%s.filt'", bin, bin);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s.names", bin);
	names = fopen(cmd, "r");
	snprintf(cmd, sizeof(cmd), "%s.filt", bin);
	filt = fopen(cmd, "r");
	assert_non_null(names);
	assert_non_null(filt);
	memset(res, 0, sizeof(*res));
	while (getline(&mangled, &mcap, names) > 0 && getline(&line, &cap, filt) > 0) {
		char *got;

		mangled[strcspn(mangled, "\n")] = '\0';
		line[strcspn(line, "\n")] = '\0';
		if (!strcmp(line, mangled))
			continue;       /* c++filt does not know it either */
		strip_re(line, &re);
		res->compared++;
		got = demangle(mangled);
		if (!got) {
			res->refused++;
			continue;
		}
		/* c++filt drops a ".0"-like suffix that rustc-demangle keeps. */
		if (strcmp(got, line) && !suffix_only(got, line, mangled))
			fail_msg("%s:\n  c++filt '%s'\n  scry    '%s'", mangled, line, got);
		res->same++;
		free(got);
	}
	free(line);
	free(mangled);
	fclose(names);
	fclose(filt);
	regfree(&re);
}

static const char cxx_src[] =
	"#include <cstdio>\n#include <map>\n#include <string>\n#include <vector>\n"
	"namespace geo { namespace detail {\n"
	"template <typename T, int N> struct Vec { T v[N]; T dot(const Vec &o) const {"
	" T s = T(); for (int i = 0; i < N; i++) s += v[i] * o.v[i]; return s; }"
	" Vec operator+(const Vec &o) const { Vec r; for (int i = 0; i < N; i++) r.v[i] = v[i] + o.v[i]; return r; }"
	" T &operator[](int i) { return v[i]; } };\n"
	"} struct Shape { virtual ~Shape() {} virtual double area() const = 0; };\n"
	"struct Sq : Shape { double s; explicit Sq(double x) : s(x) {} double area() const override { return s * s; } };\n"
	"int over(int x) { return x; } double over(double x) { return x; } long over(const char *p, ...) { return (long)p; }\n"
	"}\n"
	"template <typename K, typename V> static size_t count(const std::map<K, V> &m) { return m.size(); }\n"
	"int main() { geo::detail::Vec<float, 3> a = {{1, 2, 3}}, b = a + a; geo::detail::Vec<int, 2> c = {{1, 2}};"
	" geo::Sq sq(2); const geo::Shape &s = sq; std::map<std::string, std::vector<int>> m; m[\"a\"].push_back(1);"
	" std::printf(\"%f %d %f %d %f %ld %zu\\n\", a.dot(b), c.dot(c), s.area(), geo::over(1), geo::over(1.0),"
	" geo::over(\"x\", 1), count(m)); return b[0] > 0 ? 0 : 1; }\n";

static const char rust_src[] =
	"use std::fmt::Debug;\n"
	"pub struct Wrap<T, const N: usize>([T; N]);\n"
	"pub trait Shape { fn area(&self) -> f64; }\n"
	"pub struct Sq(f64);\n"
	"impl Shape for Sq { #[inline(never)] fn area(&self) -> f64 { self.0 * self.0 } }\n"
	"#[inline(never)] pub fn generic<T: Debug>(t: T) -> usize { format!(\"{:?}\", t).len() }\n"
	"impl<T: Debug + Copy, const N: usize> Wrap<T, N> { #[inline(never)] pub fn first(&self) -> T { self.0[0] } }\n"
	"pub mod ops { pub mod deep { #[inline(never)] pub fn apply<F: Fn(u8) -> u8>(f: F, x: u8) -> u8 { f(x) } } }\n"
	"#[inline(never)] fn area_of(s: &dyn Shape) -> f64 { s.area() }\n"
	"fn main() {\n"
	"  let w = Wrap::<u16, 3>([1, 2, 3]);\n"
	"  let s: Box<dyn Shape> = Box::new(Sq(2.0));\n"
	"  let fp: fn(&u8) -> u8 = |x| *x + 1;\n"
	"  let k = 7u8;\n"
	"  let n = generic((1u8, -2i64, 'c', true)) + generic([1.5f32; 2]) + generic(&\"str\")\n"
	"    + generic(fp) + generic(w.first()) + ops::deep::apply(move |x| x + k, 1) as usize\n"
	"    + generic(Some(&s as *const Box<dyn Shape>)) + area_of(&*s) as usize;\n"
	"  println!(\"{}\", n);\n"
	"}\n";

struct build {
	char dir[64];
};

static int setup_build(void **state)
{
	struct build *b = calloc(1, sizeof(*b));

	strcpy(b->dir, "/tmp/scry-demangle-XXXXXX");
	if (!mkdtemp(b->dir))
		return -1;
	*state = b;
	return 0;
}

static int teardown_build(void **state)
{
	struct build *b = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", b->dir);
	if (system(cmd))
		return -1;
	free(b);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_cxx_compiled(void **state)
{
	struct build *b = *state;
	struct corpus_result r;
	char src[128], bin[128], cmd[512];

	if (!have_tool("g++") || !have_tool("c++filt")) {
		print_message("skip: g++ or c++filt (binutils) not installed\n");
		skip();
	}
	snprintf(src, sizeof(src), "%s/prog.cc", b->dir);
	snprintf(bin, sizeof(bin), "%s/prog-cxx", b->dir);
	write_file(src, cxx_src);
	snprintf(cmd, sizeof(cmd), "g++ -O0 -g -o '%s' '%s'", bin, src);
	assert_int_equal(system(cmd), 0);
	/* Same grammar, so the same text: nothing to strip. */
	compare_with_cxxfilt(bin, "^_Z", "$^", &r);
	print_message("C++: %d symbols, %d identical, %d refused\n", r.compared, r.same, r.refused);
	assert_true(r.compared > 50);
	assert_int_equal(r.refused, 0);
}

static void build_rust(const struct build *b, const char *mangling, char *bin, size_t binsz)
{
	char src[128], cmd[768];
	const char *rustc = rustc_path();

	if (!rustc || !have_tool("c++filt")) {
		print_message("skip: rustc or c++filt (binutils) not installed\n");
		skip();
	}
	snprintf(src, sizeof(src), "%s/prog.rs", b->dir);
	snprintf(bin, binsz, "%s/prog-rust-%s", b->dir, mangling ? mangling : "default");
	write_file(src, rust_src);
	snprintf(cmd, sizeof(cmd), "'%s' -g %s%s -o '%s' '%s' 2>'%s.err'", rustc,
		 mangling ? "-C symbol-mangling-version=" : "", mangling ? mangling : "", bin, src, bin);
	if (system(cmd)) {
		print_message("skip: rustc cannot build with %s mangling\n", mangling ? mangling : "default");
		skip();
	}
}

static void test_rust_legacy_compiled(void **state)
{
	struct corpus_result r;
	char bin[128];

	/* The default on stable is legacy for the program's own crate. */
	build_rust(*state, NULL, bin, sizeof(bin));
	compare_with_cxxfilt(bin, "^_ZN.*17h[0-9a-f]{16}E", "::h[0-9a-f]{16}$", &r);
	print_message("Rust legacy: %d symbols, %d identical, %d refused\n", r.compared, r.same, r.refused);
	assert_true(r.compared > 20);
	assert_int_equal(r.refused, 0);
}

static void test_rust_v0_compiled(void **state)
{
	struct corpus_result r;
	char bin[128];

	build_rust(*state, "v0", bin, sizeof(bin));
	/* c++filt prints crate disambiguators ("std[e28293b1aa0f68bd]") and
	 * the type of a const ("[f32; 2: usize]"). */
	compare_with_cxxfilt(bin, "^_R", "\\[[0-9a-f]{16}\\]|: (usize|isize|[ui](8|16|32|64|128))", &r);
	print_message("Rust v0: %d symbols, %d identical, %d refused\n", r.compared, r.same, r.refused);
	assert_true(r.compared > 100);
	/* Refusals are for forms this demangler leaves out on purpose
	 * (punycode, str and structural constants): rare. */
	assert_true(r.refused * 50 <= r.compared);
}

/* The names the source gives, derived by hand. */
static void test_rust_names_by_hand(void **state)
{
	static const char *const want_v0[] = {
		"prog::generic::<(u8, i64, char, bool)>",
		"prog::generic::<[f32; 2]>",
		"prog::generic::<&&str>",
		"prog::generic::<for<'a> fn(&'a u8) -> u8>",
		"<prog::Wrap<u16, 3>>::first",
		"<prog::Sq as prog::Shape>::area",
		"prog::ops::deep::apply::<prog::main::{closure#1}>",
		"prog::generic::<core::option::Option<*const alloc::boxed::Box<dyn prog::Shape>>>",
		"prog::area_of",
	};
	char bin[128], cmd[512], *line = NULL;
	size_t cap = 0;
	bool found[sizeof(want_v0) / sizeof(want_v0[0])] = { false };
	FILE *f;

	build_rust(*state, "v0", bin, sizeof(bin));
	snprintf(cmd, sizeof(cmd), "nm '%s' | awk '{print $NF}' | grep '^_R'", bin);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (getline(&line, &cap, f) > 0) {
		char *dm;

		line[strcspn(line, "\n")] = '\0';
		dm = demangle(line);
		for (size_t i = 0; dm && i < sizeof(want_v0) / sizeof(want_v0[0]); i++)
			if (!strcmp(dm, want_v0[i]))
				found[i] = true;
		free(dm);
	}
	free(line);
	pclose(f);
	for (size_t i = 0; i < sizeof(want_v0) / sizeof(want_v0[0]); i++)
		if (!found[i])
			fail_msg("no v0 symbol demangles to '%s'", want_v0[i]);
}

int main(void)
{
	const struct CMUnitTest tables[] = {
		cmocka_unit_test(test_not_mangled),
		cmocka_unit_test(test_cxx),
		cmocka_unit_test(test_rust_legacy),
		cmocka_unit_test(test_rust_v0),
		cmocka_unit_test(test_rust_v0_hostile),
	};
	const struct CMUnitTest compiled[] = {
		cmocka_unit_test(test_cxx_compiled),
		cmocka_unit_test(test_rust_legacy_compiled),
		cmocka_unit_test(test_rust_v0_compiled),
		cmocka_unit_test(test_rust_names_by_hand),
	};
	int fails = cmocka_run_group_tests_name("demangle tables", tables, NULL, NULL);

	fails += cmocka_run_group_tests_name("demangle compiled", compiled, setup_build, teardown_build);
	return fails ? 1 : 0;
}
