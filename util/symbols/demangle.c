/* Demangling: C++ through the C++ runtime (the Itanium ABI grammar is
 * large and the runtime already has it), Rust legacy and v0 by hand (the
 * runtime does not know them, and both grammars are small).
 *
 * Rust names are printed as rustc-demangle's "{:#}" form prints them: no
 * crate disambiguators ("std::..." not "std[1a2b...]::..."), no legacy
 * "::h<hash>" element, no integer suffix on const generic arguments. */
#include "util/symbols/demangle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/types.h"

/* From the C++ runtime (libstdc++): malloc'd result, status 0 on success. */
char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

/* ---- output buffer ------------------------------------------------------------- */

/* Backrefs can make a short v0 symbol print a huge name; past this the
 * symbol is treated as not understood rather than printed. */
#define DEMANGLE_MAX_OUT (64 * 1024)

struct out {
	char *buf;
	size_t len, cap;
	bool err;
};

static void out_mem(struct out *o, const char *s, size_t n)
{
	if (o->err)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t ncap = o->cap ? o->cap : 128;
		char *nb;

		while (ncap < o->len + n + 1)
			ncap *= 2;
		if (ncap > DEMANGLE_MAX_OUT) {
			o->err = true;
			return;
		}
		nb = realloc(o->buf, ncap);
		if (!nb) {
			o->err = true;
			return;
		}
		o->buf = nb;
		o->cap = ncap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

/* The finished string, or NULL (and nothing leaked) after an error. */
static char *out_take(struct out *o)
{
	if (o->err || !o->buf) {
		free(o->buf);
		return NULL;
	}
	return o->buf;
}

/* A code point as UTF-8 ($u2603$ in legacy names). */
static void out_utf8(struct out *o, u32 cp)
{
	int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	char b[4];

	if (cp >= 0x110000 || (cp >= 0xd800 && cp < 0xe000)) {
		o->err = true;
		return;
	}
	for (int i = n - 1; i > 0; i--) {
		b[i] = (char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	/* Lead byte: 0xxxxxxx, 110xxxxx, 1110xxxx or 11110xxx. */
	b[0] = (char)((n == 1 ? 0 : (0xff00 >> n) & 0xff) | cp);
	out_mem(o, b, (size_t)n);
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* ---- Rust legacy: _ZN <len><ident>... 17h<16 hex> E ---------------------------- */

struct legacy_ident {
	const char *p;
	size_t n;
};

/* A hash element: "h" and 16 lowercase hex digits. A real hash uses
 * many different digits; a C++ name that happens to look like one
 * ("h0000000000000000") rarely does. */
static bool legacy_is_hash(const struct legacy_ident *id)
{
	unsigned seen = 0, distinct = 0;

	if (id->n != 17 || id->p[0] != 'h')
		return false;
	for (size_t i = 1; i < 17; i++) {
		int v = hex_val(id->p[i]);

		if (v < 0)
			return false;
		if (!(seen & (1u << v)))
			distinct++;
		seen |= 1u << v;
	}
	return distinct >= 5;
}

/* The "$xx$" escape at s (n bytes available): its length, 0 if unknown. */
static size_t legacy_escape(struct out *o, const char *s, size_t n)
{
	static const struct { const char *esc; const char *txt; } tab[] = {
		{ "$SP$", "@" }, { "$BP$", "*" }, { "$RF$", "&" }, { "$LT$", "<" },
		{ "$GT$", ">" }, { "$LP$", "(" }, { "$RP$", ")" }, { "$C$", "," },
	};
	const char *end;
	u32 cp = 0;

	for (size_t i = 0; i < ARRAY_SIZE(tab); i++) {
		size_t l = strlen(tab[i].esc);
		if (n >= l && !memcmp(s, tab[i].esc, l)) {
			out_str(o, tab[i].txt);
			return l;
		}
	}
	/* $u7e$: a code point in hex. */
	if (n < 4 || s[1] != 'u')
		return 0;
	end = memchr(s + 2, '$', n - 2);
	if (!end || end == s + 2 || end - s > 10)
		return 0;
	for (const char *p = s + 2; p < end; p++) {
		int v = hex_val(*p);
		if (v < 0)
			return 0;
		cp = cp * 16 + (u32)v;
	}
	out_utf8(o, cp);
	return (size_t)(end - s) + 1;
}

static bool legacy_print_ident(struct out *o, const struct legacy_ident *id)
{
	const char *s = id->p;
	size_t n = id->n;

	/* An identifier starting with '$' is written "_$..." (it must not
	 * start with a '$' in the mangled form). */
	if (n >= 2 && s[0] == '_' && s[1] == '$') {
		s++;
		n--;
	}
	while (n) {
		size_t used = 1;

		if (s[0] == '$') {
			used = legacy_escape(o, s, n);
			if (!used)
				return false;
		} else if (s[0] == '.' && n >= 2 && s[1] == '.') {
			out_str(o, "::");
			used = 2;
		} else {
			out_mem(o, s, 1);
		}
		s += used;
		n -= used;
	}
	return !o->err;
}

/* Split "_ZN...E" into identifiers; returns how many, -1 if malformed.
 * *rest points after the closing 'E'. */
static int legacy_split(const char *s, struct legacy_ident *ids, int max, const char **rest)
{
	int nr = 0;

	s += 3;
	while (*s != 'E') {
		size_t len = 0;

		if (*s < '0' || *s > '9' || nr == max)
			return -1;
		while (*s >= '0' && *s <= '9') {
			len = len * 10 + (size_t)(*s++ - '0');
			if (len > 4096)
				return -1;
		}
		if (strnlen(s, len) < len)
			return -1;
		ids[nr].p = s;
		ids[nr++].n = len;
		s += len;
	}
	*rest = s + 1;
	return nr;
}

#define LEGACY_MAX_IDENTS 64

/* NULL when name is not a legacy Rust symbol (it may still be C++). */
static char *rust_legacy(const char *name)
{
	struct legacy_ident ids[LEGACY_MAX_IDENTS];
	struct out o = { 0 };
	const char *rest;
	int nr = legacy_split(name, ids, LEGACY_MAX_IDENTS, &rest);

	if (nr < 2 || !legacy_is_hash(&ids[nr - 1]))
		return NULL;
	/* Only LLVM's ".llvm.NNN" may follow; it says nothing to a reader. */
	if (*rest && strncmp(rest, ".llvm.", 6))
		return NULL;
	for (int i = 0; i < nr - 1; i++) {
		if (i)
			out_str(&o, "::");
		if (!legacy_print_ident(&o, &ids[i]))
			o.err = true;
	}
	return out_take(&o);
}

/* ---- Rust v0: _R <path> [<instantiating-crate>] [<suffix>] ----------------------- */

/* Enough for any real symbol; a hostile one fails instead of overflowing
 * the stack. */
#define V0_MAX_DEPTH 200

struct v0 {
	const char *s;          /* the symbol after "_R": backrefs count from here */
	size_t len, pos;
	struct out *o;
	u32 depth;
	u64 bound_lifetimes;    /* lifetimes bound by enclosing for<...> */
	bool skip;              /* parse without printing (impl paths) */
	bool err;
};

static void v0_path(struct v0 *v, bool in_value);
static void v0_type(struct v0 *v);
static void v0_const(struct v0 *v);

static char v0_peek(const struct v0 *v)
{
	return v->pos < v->len ? v->s[v->pos] : '\0';
}

static char v0_next(struct v0 *v)
{
	if (v->pos >= v->len) {
		v->err = true;
		return '\0';
	}
	return v->s[v->pos++];
}

static bool v0_eat(struct v0 *v, char c)
{
	if (v0_peek(v) != c)
		return false;
	v->pos++;
	return true;
}

/* One level deeper into the grammar; false (and the parse failed) past
 * the depth limit or after an error. The caller decrements depth. */
static bool v0_enter(struct v0 *v)
{
	if (v->err)
		return false;
	if (++v->depth > V0_MAX_DEPTH) {
		v->err = true;
		return false;
	}
	return true;
}

/* Output errors (too long) stop the parse too: without that, backrefs
 * would go on being followed, printing nothing, for exponential time. */
static void v0_print_mem(struct v0 *v, const char *s, size_t n)
{
	if (v->skip || v->err)
		return;
	out_mem(v->o, s, n);
	if (v->o->err)
		v->err = true;
}

static void v0_print(struct v0 *v, const char *s)
{
	v0_print_mem(v, s, strlen(s));
}

static void v0_print_u64(struct v0 *v, u64 n)
{
	char b[24];

	snprintf(b, sizeof(b), "%llu", (unsigned long long)n);
	v0_print(v, b);
}

/* <base-62-number>: "_" is 0, "<digits>_" is the value plus one. */
static u64 v0_integer_62(struct v0 *v)
{
	u64 x = 0;
	char c;

	if (v0_eat(v, '_'))
		return 0;
	while ((c = v0_next(v)) != '_') {
		u64 d;

		if (c >= '0' && c <= '9')
			d = (u64)(c - '0');
		else if (c >= 'a' && c <= 'z')
			d = (u64)(c - 'a') + 10;
		else if (c >= 'A' && c <= 'Z')
			d = (u64)(c - 'A') + 36;
		else {
			v->err = true;
			return 0;
		}
		if (x > (UINT64_MAX - d) / 62) {
			v->err = true;
			return 0;
		}
		x = x * 62 + d;
	}
	if (x == UINT64_MAX) {
		v->err = true;
		return 0;
	}
	return x + 1;
}

/* An optional tagged number: 0 when the tag is absent, else value + 1. */
static u64 v0_opt_integer_62(struct v0 *v, char tag)
{
	u64 x;

	if (!v0_eat(v, tag))
		return 0;
	x = v0_integer_62(v);
	if (x == UINT64_MAX)
		v->err = true;
	return x + 1;
}

static size_t v0_decimal(struct v0 *v)
{
	size_t x = 0;

	if (v0_peek(v) == '0') {
		v->pos++;
		return 0;
	}
	if (v0_peek(v) < '1' || v0_peek(v) > '9') {
		v->err = true;
		return 0;
	}
	while (v0_peek(v) >= '0' && v0_peek(v) <= '9') {
		x = x * 10 + (size_t)(v0_next(v) - '0');
		if (x > v->len) {
			v->err = true;
			return 0;
		}
	}
	return x;
}

/* <undisambiguated-identifier>. Punycode ("u" prefix) is not decoded:
 * such symbols are left mangled rather than shown wrongly. */
static void v0_ident(struct v0 *v, const char **p, size_t *n)
{
	size_t len;

	*p = "";
	*n = 0;
	if (v0_peek(v) == 'u') {
		v->err = true;
		return;
	}
	len = v0_decimal(v);
	v0_eat(v, '_');         /* separates the length from a name starting with a digit or '_' */
	if (v->err || len > v->len - v->pos) {
		v->err = true;
		return;
	}
	*p = v->s + v->pos;
	*n = len;
	v->pos += len;
}

/* 'B' <base-62-number>: parse again what starts at an earlier position.
 * Skipped parts need not be followed, which also keeps hostile symbols
 * from costing exponential time. */
static void v0_backref(struct v0 *v, size_t tag_pos, void (*fn)(struct v0 *, bool), bool arg)
{
	u64 target = v0_integer_62(v);
	size_t saved;

	if (v->err || target >= tag_pos) {
		v->err = true;
		return;
	}
	if (v->skip)
		return;
	saved = v->pos;
	v->pos = (size_t)target;
	fn(v, arg);
	v->pos = saved;
}

static void v0_lifetime(struct v0 *v, u64 lt)
{
	u64 depth;

	if (lt == 0) {
		v0_print(v, "'_");
		return;
	}
	if (lt > v->bound_lifetimes) {
		v->err = true;
		return;
	}
	depth = v->bound_lifetimes - lt;
	if (depth < 26) {
		char name[3] = { '\'', (char)('a' + depth), '\0' };
		v0_print(v, name);
	} else {
		v0_print(v, "'_");
		v0_print_u64(v, depth);
	}
}

/* [<binder>]: "for<'a, 'b> " before a fn type or dyn bounds. Returns the
 * number of lifetimes bound, to be released by the caller. */
static u64 v0_binder(struct v0 *v)
{
	u64 n = v0_opt_integer_62(v, 'G');

	if (!n)
		return 0;
	if (n > 1000) {
		v->err = true;
		return 0;
	}
	v0_print(v, "for<");
	for (u64 i = 0; i < n; i++) {
		if (i)
			v0_print(v, ", ");
		v->bound_lifetimes++;
		v0_lifetime(v, 1);
	}
	v0_print(v, "> ");
	return n;
}

static void v0_generic_arg(struct v0 *v)
{
	if (v0_eat(v, 'L'))
		v0_lifetime(v, v0_integer_62(v));
	else if (v0_eat(v, 'K'))
		v0_const(v);
	else
		v0_type(v);
}

/* {<generic-arg>} "E", comma-separated. */
static void v0_generic_args(struct v0 *v)
{
	for (int i = 0; !v->err && !v0_eat(v, 'E'); i++) {
		if (i)
			v0_print(v, ", ");
		v0_generic_arg(v);
	}
}

/* "N" <namespace> <path> <identifier> */
static void v0_nested(struct v0 *v, bool in_value)
{
	char ns = v0_next(v);
	const char *name;
	size_t n;
	u64 dis;

	if (!((ns >= 'a' && ns <= 'z') || (ns >= 'A' && ns <= 'Z'))) {
		v->err = true;
		return;
	}
	v0_path(v, in_value);
	dis = v0_opt_integer_62(v, 's');
	v0_ident(v, &name, &n);
	if (ns >= 'a' && ns <= 'z') {
		/* Internal namespaces (types, values): a plain path element. */
		v0_print(v, "::");
		v0_print_mem(v, name, n);
		return;
	}
	/* Special namespaces: closures and shims, numbered by disambiguator. */
	v0_print(v, "::{");
	if (ns == 'C')
		v0_print(v, "closure");
	else if (ns == 'S')
		v0_print(v, "shim");
	else
		v0_print_mem(v, &ns, 1);
	if (n) {
		v0_print(v, ":");
		v0_print_mem(v, name, n);
	}
	v0_print(v, "#");
	v0_print_u64(v, dis);
	v0_print(v, "}");
}

/* The impl path of "M"/"X" is where the impl block lives; readers want the
 * type, so it is parsed without printing. */
static void v0_skip_impl_path(struct v0 *v)
{
	bool saved = v->skip;

	v0_opt_integer_62(v, 's');
	v->skip = true;
	v0_path(v, false);
	v->skip = saved;
}

static void v0_path_inner(struct v0 *v, bool in_value)
{
	size_t tag_pos = v->pos;
	char tag = v0_next(v);
	const char *name;
	size_t n;

	switch (tag) {
	case 'C':               /* crate root; its disambiguator is a hash */
		v0_opt_integer_62(v, 's');
		v0_ident(v, &name, &n);
		v0_print_mem(v, name, n);
		break;
	case 'M':               /* <T> */
	case 'X':               /* <T as Trait> */
	case 'Y':
		if (tag != 'Y')
			v0_skip_impl_path(v);
		v0_print(v, "<");
		v0_type(v);
		if (tag != 'M') {
			v0_print(v, " as ");
			v0_path(v, false);
		}
		v0_print(v, ">");
		break;
	case 'N':
		v0_nested(v, in_value);
		break;
	case 'I':               /* generic arguments: turbofish in value paths */
		v0_path(v, in_value);
		if (in_value)
			v0_print(v, "::");
		v0_print(v, "<");
		v0_generic_args(v);
		v0_print(v, ">");
		break;
	case 'B':
		v0_backref(v, tag_pos, v0_path, in_value);
		break;
	default:
		v->err = true;
	}
}

static void v0_path(struct v0 *v, bool in_value)
{
	if (v0_enter(v)) {
		v0_path_inner(v, in_value);
		v->depth--;
	}
}

static const char *v0_basic_type(char c)
{
	switch (c) {
	case 'a': return "i8";
	case 'b': return "bool";
	case 'c': return "char";
	case 'd': return "f64";
	case 'e': return "str";
	case 'f': return "f32";
	case 'h': return "u8";
	case 'i': return "isize";
	case 'j': return "usize";
	case 'l': return "i32";
	case 'm': return "u32";
	case 'n': return "i128";
	case 'o': return "u128";
	case 'p': return "_";
	case 's': return "i16";
	case 't': return "u16";
	case 'u': return "()";
	case 'v': return "...";
	case 'x': return "i64";
	case 'y': return "u64";
	case 'z': return "!";
	default: return NULL;
	}
}

/* "F" <fn-sig>: [<binder>] ["U"] ["K" <abi>] {<type>} "E" <type> */
static void v0_fn_sig(struct v0 *v)
{
	u64 bound = v0_binder(v);

	if (v0_eat(v, 'U'))
		v0_print(v, "unsafe ");
	if (v0_eat(v, 'K')) {
		v0_print(v, "extern \"");
		if (v0_eat(v, 'C')) {
			v0_print(v, "C");
		} else {
			const char *abi;
			size_t n;

			/* ABI names use '_' where the source has '-'. */
			v0_ident(v, &abi, &n);
			for (size_t i = 0; i < n && !v->err; i++)
				v0_print_mem(v, abi[i] == '_' ? "-" : &abi[i], 1);
		}
		v0_print(v, "\" ");
	}
	v0_print(v, "fn(");
	for (int i = 0; !v->err && !v0_eat(v, 'E'); i++) {
		if (i)
			v0_print(v, ", ");
		v0_type(v);
	}
	v0_print(v, ")");
	if (!v0_eat(v, 'u')) {
		v0_print(v, " -> ");
		v0_type(v);
	}
	v->bound_lifetimes -= bound;
}

static bool v0_path_open_generics(struct v0 *v);

static void v0_open_generics_backref(struct v0 *v, bool *open)
{
	size_t tag_pos = v->pos - 1;
	u64 target = v0_integer_62(v);
	size_t saved;

	if (v->err || target >= tag_pos) {
		v->err = true;
		return;
	}
	if (v->skip)
		return;
	saved = v->pos;
	v->pos = (size_t)target;
	*open = v0_path_open_generics(v);
	v->pos = saved;
}

/* A dyn trait's path, leaving "Trait<Args" open so that associated type
 * bindings can join the same argument list. Returns whether it is open. */
static bool v0_path_open_generics(struct v0 *v)
{
	bool open = false;

	if (!v0_enter(v))
		return false;
	if (v0_eat(v, 'B')) {
		v0_open_generics_backref(v, &open);
	} else if (v0_eat(v, 'I')) {
		v0_path(v, false);
		v0_print(v, "<");
		for (int i = 0; !v->err && !v0_eat(v, 'E'); i++) {
			if (i)
				v0_print(v, ", ");
			v0_generic_arg(v);
		}
		open = true;
	} else {
		v0_path(v, false);
	}
	v->depth--;
	return open;
}

/* <dyn-trait> = <path> {"p" <undisambiguated-identifier> <type>} */
static void v0_dyn_trait(struct v0 *v)
{
	bool open = v0_path_open_generics(v);

	while (!v->err && v0_eat(v, 'p')) {
		const char *name;
		size_t n;

		v0_print(v, open ? ", " : "<");
		open = true;
		v0_ident(v, &name, &n);
		v0_print_mem(v, name, n);
		v0_print(v, " = ");
		v0_type(v);
	}
	if (open)
		v0_print(v, ">");
}

/* "D" <dyn-bounds> <lifetime> */
static void v0_dyn(struct v0 *v)
{
	u64 bound, lt;

	v0_print(v, "dyn ");
	bound = v0_binder(v);
	for (int i = 0; !v->err && !v0_eat(v, 'E'); i++) {
		if (i)
			v0_print(v, " + ");
		v0_dyn_trait(v);
	}
	if (!v0_eat(v, 'L')) {
		v->err = true;
		return;
	}
	lt = v0_integer_62(v);
	if (lt) {
		v0_print(v, " + ");
		v0_lifetime(v, lt);
	}
	v->bound_lifetimes -= bound;
}

static void v0_type_backref(struct v0 *v, bool unused)
{
	v0_type(v);
}

static void v0_type_inner(struct v0 *v)
{
	size_t tag_pos = v->pos;
	char tag = v0_next(v);
	const char *basic = v0_basic_type(tag);

	if (basic) {
		v0_print(v, basic);
		return;
	}
	switch (tag) {
	case 'R':
	case 'Q':
		v0_print(v, tag == 'R' ? "&" : "&mut ");
		if (v0_eat(v, 'L')) {
			u64 lt = v0_integer_62(v);
			if (lt) {
				v0_lifetime(v, lt);
				v0_print(v, " ");
			}
		}
		v0_type(v);
		break;
	case 'P':
	case 'O':
		v0_print(v, tag == 'P' ? "*const " : "*mut ");
		v0_type(v);
		break;
	case 'A':
	case 'S':
		v0_print(v, "[");
		v0_type(v);
		if (tag == 'A') {
			v0_print(v, "; ");
			v0_const(v);
		}
		v0_print(v, "]");
		break;
	case 'T': {
		int i;

		v0_print(v, "(");
		for (i = 0; !v->err && !v0_eat(v, 'E'); i++) {
			if (i)
				v0_print(v, ", ");
			v0_type(v);
		}
		if (i == 1)
			v0_print(v, ",");
		v0_print(v, ")");
		break;
	}
	case 'F':
		v0_fn_sig(v);
		break;
	case 'D':
		v0_dyn(v);
		break;
	case 'B':
		v0_backref(v, tag_pos, v0_type_backref, false);
		break;
	default:
		/* Anything else must be a path naming a type. */
		v->pos = tag_pos;
		v0_path(v, false);
	}
}

static void v0_type(struct v0 *v)
{
	if (v0_enter(v)) {
		v0_type_inner(v);
		v->depth--;
	}
}

/* <const-data> of an integer or bool: ["n"] {<hex-digit>} "_". Values
 * beyond 64 bits are not printed (they would need 128-bit arithmetic). */
static bool v0_const_data(struct v0 *v, bool *neg, u64 *val)
{
	int digits = 0;
	char c;

	*neg = v0_eat(v, 'n');
	*val = 0;
	while ((c = v0_next(v)) != '_') {
		int d = hex_val(c);

		if (d < 0 || ++digits > 16) {
			v->err = true;
			return false;
		}
		*val = *val * 16 + (u64)d;
	}
	return !v->err;
}

static void v0_const_backref(struct v0 *v, bool unused)
{
	v0_const(v);
}

static bool v0_is_int_type(char c)
{
	return strchr("ahijlmnostxy", c) != NULL;
}

static void v0_const_inner(struct v0 *v)
{
	size_t tag_pos = v->pos;
	char ty = v0_next(v);
	bool neg;
	u64 val;

	if (ty == 'B') {
		v0_backref(v, tag_pos, v0_const_backref, false);
		return;
	}
	if (ty == 'p') {        /* placeholder */
		v0_print(v, "_");
		return;
	}
	if (!v0_const_data(v, &neg, &val))
		return;
	if (v0_is_int_type(ty)) {
		if (neg)
			v0_print(v, "-");
		v0_print_u64(v, val);
	} else if (ty == 'b' && !neg && val <= 1) {
		v0_print(v, val ? "true" : "false");
	} else if (ty == 'c' && !neg && val >= 0x20 && val < 0x7f && val != '\'' && val != '\\') {
		char q[4] = { '\'', (char)val, '\'', '\0' };
		v0_print(v, q);
	} else {
		/* Escaped chars, str and structural constants: rare in
		 * practice, and better unnamed than misnamed. */
		v->err = true;
	}
}

static void v0_const(struct v0 *v)
{
	if (v0_enter(v)) {
		v0_const_inner(v);
		v->depth--;
	}
}

static char *rust_v0(const char *name)
{
	struct out o = { 0 };
	struct v0 v = { .s = name + 2, .len = strlen(name + 2), .o = &o };
	const char *rest;

	/* An explicit encoding version would be a format this code predates. */
	if (v0_peek(&v) >= '0' && v0_peek(&v) <= '9')
		return NULL;
	v0_path(&v, true);
	/* The instantiating crate says where a generic was instantiated:
	 * not part of the name a reader wants. */
	if (!v.err && v0_peek(&v) >= 'A' && v0_peek(&v) <= 'Z') {
		v.skip = true;
		v0_path(&v, false);
		v.skip = false;
	}
	rest = v.s + v.pos;
	if (!v.err && *rest) {
		if (*rest != '.' && *rest != '$')
			v.err = true;
		else if (strncmp(rest, ".llvm.", 6))
			out_str(&o, rest);
	}
	if (v.err)
		o.err = true;
	return out_take(&o);
}

/* ---- entry --------------------------------------------------------------------- */

static char *demangle_base(const char *name)
{
	int status = 0;
	char *r;

	if (!strncmp(name, "_R", 2))
		return rust_v0(name);
	if (!strncmp(name, "_ZN", 3)) {
		r = rust_legacy(name);
		if (r)
			return r;
	}
	r = __cxa_demangle(name, NULL, NULL, &status);
	if (status) {
		free(r);
		return NULL;
	}
	return r;
}

/* Demangle name[0..n) and append the rest of name (an "@plt" or
 * "@@GLIBC_2.2.5" suffix that is not part of the mangled name). */
static char *demangle_with_suffix(const char *name, size_t n)
{
	char *base = strndup(name, n), *dm, *r;
	size_t dl, sl;

	if (!base)
		return NULL;
	dm = demangle_base(base);
	free(base);
	if (!dm)
		return NULL;
	dl = strlen(dm);
	sl = strlen(name + n);
	r = realloc(dm, dl + sl + 1);
	if (!r) {
		free(dm);
		return NULL;
	}
	memcpy(r + dl, name + n, sl + 1);
	return r;
}

char *demangle(const char *name)
{
	const char *at;

	if (!name || name[0] != '_' || (name[1] != 'Z' && name[1] != 'R'))
		return NULL;
	at = strchr(name, '@');
	if (at)
		return demangle_with_suffix(name, (size_t)(at - name));
	return demangle_base(name);
}
