/* The parser of the aggregation language (see parser.h).
 *
 *   program   = block+
 *   block     = probe (',' probe)* ['/' expr '/'] '{' stmts '}'
 *   stmts     = { stmt (';' | before '}') | if | while | unroll | ';' }
 *   stmt      = lvalue ('=' | '+=' | ... | '>>=') expr | expr
 *   expr      = ternary, then C's binary levels (binops[]), unary, postfix, primary
 *
 * Probe specs come from the lexer as one token (lang_lex_probe), asked for
 * only where a block begins, so the parser never looks ahead past a '}'
 * that closes a block or a ',' that ends a probe.
 *
 * The first error wins: it is written to err and the parser unwinds
 * (every function returns NULL or -1; the lexer then only yields end of
 * file). Nodes are in the tree's arena, so nothing is freed on the way. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lang/cdecl.h"
#include "util/lang/diag.h"
#include "util/lang/entry.h"
#include "util/lang/lexer.h"
#include "util/lang/parser.h"
#include "util/outbuf.h"

/* Deep enough for any program a person writes; shallow enough that the C
 * stack (a few hundred bytes a level) is never at risk from "((((((...". */
#define MAX_DEPTH 200
#define MAX_UNROLL 100          /* bpftrace's limit, the checker assumes it */

struct parser {
	struct lang_ast *ast;
	struct lang_lexer lx;
	struct lang_token tok;  /* the next token, when have */
	bool have;
	bool failed;            /* err holds the first error: keep it, unwind */
	struct lang_loc last;   /* the last token consumed: where spans end */
	int depth;
	char *err;
	size_t errlen;
	const char *const *positional;  /* $1.. for probe specs and unroll */
	int npositional;
};

/* ---- tables ------------------------------------------------------------------------- */

/* Binary operators by precedence, loosest first, all left-associative
 * (C's, and bpftrace's parser.yy). */
static const struct { enum lang_tok tok; enum lang_op op; int prec; } binops[] = {
	{ TOK_LOR, OP_LOR, 1 },
	{ TOK_LAND, OP_LAND, 2 },
	{ TOK_PIPE, OP_BOR, 3 },
	{ TOK_CARET, OP_BXOR, 4 },
	{ TOK_AMP, OP_BAND, 5 },
	{ TOK_EQ, OP_EQ, 6 }, { TOK_NE, OP_NE, 6 },
	{ TOK_LT, OP_LT, 7 }, { TOK_LE, OP_LE, 7 }, { TOK_GT, OP_GT, 7 }, { TOK_GE, OP_GE, 7 },
	{ TOK_SHL, OP_SHL, 8 }, { TOK_SHR, OP_SHR, 8 },
	{ TOK_PLUS, OP_ADD, 9 }, { TOK_MINUS, OP_SUB, 9 },
	{ TOK_STAR, OP_MUL, 10 }, { TOK_SLASH, OP_DIV, 10 }, { TOK_PERCENT, OP_MOD, 10 },
};

static const struct { enum lang_tok tok; enum lang_op op; } unops[] = {
	{ TOK_BANG, OP_LNOT }, { TOK_TILDE, OP_BNOT }, { TOK_MINUS, OP_NEG },
	{ TOK_STAR, OP_DEREF }, { TOK_AMP, OP_ADDR },
};

/* '=' and the compound assignments, with the operator they apply. */
static const struct { enum lang_tok tok; enum lang_op op; } assign_ops[] = {
	{ TOK_ASSIGN, OP_ASSIGN }, { TOK_ADD_ASSIGN, OP_ADD }, { TOK_SUB_ASSIGN, OP_SUB },
	{ TOK_MUL_ASSIGN, OP_MUL }, { TOK_DIV_ASSIGN, OP_DIV }, { TOK_MOD_ASSIGN, OP_MOD },
	{ TOK_AND_ASSIGN, OP_BAND }, { TOK_OR_ASSIGN, OP_BOR }, { TOK_XOR_ASSIGN, OP_BXOR },
	{ TOK_SHL_ASSIGN, OP_SHL }, { TOK_SHR_ASSIGN, OP_SHR },
};

static const struct { const char *name; enum lang_builtin id; int index; } builtins[] = {
	{ "pid", B_PID, 0 }, { "tid", B_TID, 0 }, { "uid", B_UID, 0 }, { "gid", B_GID, 0 },
	{ "comm", B_COMM, 0 }, { "cpu", B_CPU, 0 }, { "nsecs", B_NSECS, 0 },
	{ "elapsed", B_ELAPSED, 0 }, { "retval", B_RETVAL, 0 },
	{ "arg0", B_ARG, 0 }, { "arg1", B_ARG, 1 }, { "arg2", B_ARG, 2 },
	{ "arg3", B_ARG, 3 }, { "arg4", B_ARG, 4 }, { "arg5", B_ARG, 5 },
	{ "probe", B_PROBE, 0 }, { "func", B_FUNC, 0 }, { "kstack", B_KSTACK, 0 },
	{ "ustack", B_USTACK, 0 }, { "rand", B_RAND, 0 }, { "cgroup", B_CGROUP, 0 },
	{ "curtask", B_CURTASK, 0 }, { "cpid", B_CPID, 0 }, { "numaid", B_NUMAID, 0 },
	{ "sarg0", B_SARG, 0 }, { "sarg1", B_SARG, 1 }, { "sarg2", B_SARG, 2 }, { "sarg3", B_SARG, 3 },
	{ "sarg4", B_SARG, 4 }, { "sarg5", B_SARG, 5 }, { "sarg6", B_SARG, 6 }, { "sarg7", B_SARG, 7 },
	{ "sarg8", B_SARG, 8 }, { "sarg9", B_SARG, 9 }, { "latency", B_LATENCY, 0 },
};

static const struct { const char *name; enum lang_func id; } funcs[] = {
	{ "str", F_STR }, { "ksym", F_KSYM }, { "usym", F_USYM },
	{ "count", F_COUNT }, { "sum", F_SUM }, { "avg", F_AVG }, { "min", F_MIN },
	{ "max", F_MAX }, { "stats", F_STATS }, { "hist", F_HIST }, { "lhist", F_LHIST },
	{ "printf", F_PRINTF }, { "print", F_PRINT }, { "time", F_TIME }, { "exit", F_EXIT },
	{ "delete", F_DELETE }, { "clear", F_CLEAR }, { "zero", F_ZERO }, { "entry", F_ENTRY },
	{ "bswap", F_BSWAP }, { "strncmp", F_STRNCMP }, { "buf", F_BUF }, { "ntop", F_NTOP },
	{ "strftime", F_STRFTIME }, { "kaddr", F_KADDR }, { "reg", F_REG }, { "uptr", F_UPTR },
	{ "kptr", F_KPTR }, { "cat", F_CAT }, { "system", F_SYSTEM }, { "join", F_JOIN },
	{ "cgroup_path", F_CGROUP_PATH }, { "pton", F_PTON },
};

/* What "(NAME)x" may cast to, besides struct/union/enum NAME. */
static const char *const cast_types[] = {
	"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
	"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "int",
};

/* Words that are statements or type syntax, never an expression. */
static const char *const reserved[] = {
	"if", "else", "while", "unroll", "for", "return", "break", "continue",
	"struct", "union", "enum",
};

/* Names bpftrace users reach for that are not (or no longer) identifiers:
 * the tutorial's "stack" and "name" are from bpftrace's early versions. */
static const struct { const char *name, *hint; } ident_hints[] = {
	{ "stack", " (did you mean kstack?)" }, { "name", " (did you mean probe?)" },
	{ "arg6", " (the arguments are arg0 to arg5)" }, { "arg7", " (the arguments are arg0 to arg5)" },
	{ "arg8", " (the arguments are arg0 to arg5)" }, { "arg9", " (the arguments are arg0 to arg5)" },
	{ "username", " (not supported yet)" }, { "ctx", " (not supported yet)" },
};

enum { PK_UNSUPPORTED = -1 };

/* Probe types: name, short alias, and the type (PK_UNSUPPORTED: a bpftrace
 * probe type scry does not have, named as such rather than "unknown"). */
static const struct { const char *name, *alias; int type; } probe_kinds[] = {
	{ "BEGIN", NULL, P_BEGIN }, { "END", NULL, P_END },
	{ "tracepoint", "t", P_TRACEPOINT },
	{ "uprobe", "u", P_UPROBE }, { "uretprobe", "ur", P_URETPROBE },
	{ "kprobe", "k", P_KPROBE }, { "kretprobe", "kr", P_KRETPROBE },
	{ "profile", "p", P_PROFILE }, { "interval", "i", P_INTERVAL },
	{ "software", "s", P_SOFTWARE },
	{ "hardware", "h", PK_UNSUPPORTED }, { "usdt", "U", PK_UNSUPPORTED },
	{ "kfunc", "f", PK_UNSUPPORTED }, { "kretfunc", "fr", PK_UNSUPPORTED },
	{ "watchpoint", "w", PK_UNSUPPORTED }, { "asyncwatchpoint", "aw", PK_UNSUPPORTED },
	{ "iter", "it", PK_UNSUPPORTED },
};

/* profile:UNIT:N and interval:UNIT:N. */
static const char *const time_units[] = { "hz", "s", "ms", "us" };

/* ---- tokens ----------------------------------------------------------------------- */

static const char *tok_text(const struct parser *p, const struct lang_token *t)
{
	return p->ast->src + t->loc.off;
}

static bool word_is(const struct parser *p, const struct lang_token *t, const char *w)
{
	return t->kind == TOK_IDENT && strlen(w) == t->loc.len && !memcmp(tok_text(p, t), w, t->loc.len);
}

static bool word_in(const struct parser *p, const struct lang_token *t, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (word_is(p, t, words[i]))
			return true;
	return false;
}

static struct lang_loc span(struct lang_loc a, struct lang_loc b)
{
	a.len = b.off + b.len - a.off;
	return a;
}

static int fail(struct parser *p, struct lang_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = true;
	va_start(ap, fmt);
	lang_vdiag_src(p->err, p->errlen, p->ast->src, p->ast->src_len, p->ast->file, loc, fmt, ap);
	va_end(ap);
	return -1;
}

/* The next token (normal mode), lexed when first asked for. After an
 * error it is end of file, so every loop ends. */
static const struct lang_token *cur(struct parser *p)
{
	if (!p->have) {
		if (p->failed || lang_lex_next(&p->lx, &p->tok) < 0) {
			p->failed = true;
			p->tok.kind = TOK_EOF;
			p->tok.loc = p->lx.end;
		}
		p->have = true;
	}
	return &p->tok;
}

/* Consume the current token (lexing it first if nobody looked at it). */
static void advance(struct parser *p)
{
	cur(p);
	p->last = p->tok.loc;
	p->have = false;
}

/* The kind of the token after the current one, on a copy of the lexer (its
 * errors are left for when that token is really read). */
static enum lang_tok peek2(struct parser *p)
{
	struct lang_lexer copy;
	struct lang_token t;

	cur(p);
	copy = p->lx;
	copy.err = NULL;
	copy.errlen = 0;
	if (p->failed || lang_lex_next(&copy, &t) < 0)
		return TOK_EOF;
	return t.kind;
}

/* A probe spec token where a block (or its next probe) begins. */
static const struct lang_token *cur_probe(struct parser *p)
{
	if (!p->have) {
		if (p->failed || lang_lex_probe(&p->lx, &p->tok) < 0) {
			p->failed = true;
			p->tok.kind = TOK_EOF;
			p->tok.loc = p->lx.end;
		}
		p->have = true;
	}
	return &p->tok;
}

static int unexpected(struct parser *p, const struct lang_token *t, const char *expecting)
{
	if (t->kind == TOK_EOF || t->kind == TOK_STRING)
		return fail(p, t->loc, "syntax error: unexpected %s, expecting %s",
			    lang_lex_tok_name(t->kind), expecting);
	return fail(p, t->loc, "syntax error: unexpected '%.*s', expecting %s",
		    (int)MIN(t->loc.len, 40u), tok_text(p, t), expecting);
}

static int expect(struct parser *p, enum lang_tok kind, const char *expecting)
{
	const struct lang_token *t = cur(p);

	if (t->kind != kind)
		return unexpected(p, t, expecting);
	advance(p);
	return 0;
}

static int enter(struct parser *p, struct lang_loc loc)
{
	if (++p->depth > MAX_DEPTH)
		return fail(p, loc, "the program nests too deeply (more than %d levels)", MAX_DEPTH);
	return 0;
}

static char *tok_strdup(struct parser *p, const struct lang_token *t)
{
	return lang_strdup(p->ast, tok_text(p, t), t->loc.len);
}

/* Arrays in the arena grow by copying: the old copy is arena garbage, at
 * most as big as the final array. */
static void *grow(struct parser *p, void *old, int n, int *cap, size_t elem)
{
	void *v;

	if (n < *cap)
		return old;
	*cap = *cap ? *cap * 2 : 4;
	v = lang_alloc(p->ast, (size_t)*cap * elem);
	if (n)
		memcpy(v, old, (size_t)n * elem);
	return v;
}

static struct lang_expr *new_expr(struct parser *p, enum lang_expr_kind kind, struct lang_loc loc)
{
	struct lang_expr *e = lang_alloc(p->ast, sizeof(*e));

	e->kind = kind;
	e->loc = loc;
	return e;
}

/* ---- expressions -------------------------------------------------------------------- */

static struct lang_expr *parse_expr(struct parser *p);
static struct lang_expr *parse_tuple(struct parser *p, struct lang_loc open, struct lang_expr *first);
static struct lang_expr *parse_unary(struct parser *p);

/* Comma-separated expressions up to the closing token: call arguments
 * and map keys. */
static int parse_list(struct parser *p, enum lang_tok close, const char *expecting,
		      struct lang_expr ***out, int *nout, int max, const char *too_many)
{
	struct lang_expr **v = NULL;
	int n = 0, cap = 0;

	if (cur(p)->kind == close && close == TOK_RPAREN) {
		advance(p);
		return 0;
	}
	for (;;) {
		struct lang_expr *e = parse_expr(p);

		if (!e)
			return -1;
		if (max && n == max)
			return fail(p, e->loc, "%s", too_many);
		v = grow(p, v, n, &cap, sizeof(*v));
		v[n++] = e;
		if (cur(p)->kind != TOK_COMMA)
			break;
		advance(p);
	}
	if (expect(p, close, expecting))
		return -1;
	*out = v;
	*nout = n;
	return 0;
}

/* kstack, kstack(N), kstack(bpftrace), kstack(bpftrace, N): a builtin
 * whose index is the number of frames (0: the default). */
static struct lang_expr *parse_stack(struct parser *p, enum lang_builtin id)
{
	const char *name = id == B_KSTACK ? "kstack" : "ustack";
	struct lang_expr *e = new_expr(p, E_BUILTIN, p->tok.loc);
	const struct lang_token *t;

	e->builtin.id = id;
	advance(p);
	if (cur(p)->kind != TOK_LPAREN)
		return e;
	advance(p);
	t = cur(p);
	if (word_is(p, t, "perf")) {
		fail(p, t->loc, "%s(perf): perf's stack format is not supported yet, only bpftrace's (the default)", name);
		return NULL;
	}
	if (word_is(p, t, "bpftrace")) {
		advance(p);
		if (cur(p)->kind == TOK_COMMA) {
			advance(p);
			t = cur(p);
			if (t->kind != TOK_INT) {
				unexpected(p, t, "a number of frames");
				return NULL;
			}
		}
	}
	if (t->kind == TOK_INT) {
		if (t->ival < 1 || t->ival > LANG_STACK_FRAMES) {
			fail(p, t->loc, "%s: the number of frames must be between 1 and %d", name, LANG_STACK_FRAMES);
			return NULL;
		}
		e->builtin.index = (int)t->ival;
		advance(p);
	}
	if (expect(p, TOK_RPAREN, e->builtin.index ? "')'" : "a number of frames, bpftrace or ')'"))
		return NULL;
	e->loc = span(e->loc, p->last);
	return e;
}

static struct lang_expr *parse_call(struct parser *p)
{
	struct lang_expr *e = new_expr(p, E_CALL, p->tok.loc);

	e->call.name = tok_strdup(p, &p->tok);
	for (size_t i = 0; i < ARRAY_SIZE(funcs); i++)
		if (!strcmp(funcs[i].name, e->call.name))
			e->call.id = funcs[i].id;
	advance(p);
	advance(p);             /* '(' */
	if (parse_list(p, TOK_RPAREN, "',' or ')'", &e->call.args, &e->call.nargs, 0, NULL))
		return NULL;
	e->loc = span(e->loc, p->last);
	return e;
}

/* A name: a builtin, args.FIELD, a call, or an error. */
/* sizeof(TYPE) or sizeof(EXPR), as a cast the checker turns into the
 * number: type_name "sizeof TYPE" over a 0, or "sizeof" over EXPR (so every
 * walk of the tree before the checker sees an ordinary node). */
static struct lang_expr *parse_sizeof(struct parser *p)
{
	struct lang_expr *e = new_expr(p, E_CAST, p->tok.loc);
	const struct lang_token *t;
	char name[256] = "sizeof";
	size_t n = strlen(name);

	advance(p);             /* sizeof */
	advance(p);             /* '(' */
	t = cur(p);
	if (t->kind == TOK_IDENT && lang_cdecl_is_type_word(p->ast->src + t->loc.off, t->loc.len)) {
		while (cur(p)->kind == TOK_IDENT || cur(p)->kind == TOK_STAR) {
			t = cur(p);
			if (n + t->loc.len + 2 >= sizeof(name)) {
				fail(p, t->loc, "the type name is too long");
				return NULL;
			}
			n += (size_t)snprintf(name + n, sizeof(name) - n, "%s%.*s",
					      t->kind == TOK_STAR && name[n - 1] == '*' ? "" : " ",
					      (int)t->loc.len, tok_text(p, t));
			advance(p);
		}
		e->cast.a = new_expr(p, E_INT, e->loc);
	} else {
		e->cast.a = parse_expr(p);
		if (!e->cast.a)
			return NULL;
	}
	if (expect(p, TOK_RPAREN, "')'"))
		return NULL;
	e->cast.type_name = lang_strdup(p->ast, name, n);
	e->loc = span(e->loc, p->last);
	return e;
}

static struct lang_expr *parse_ident(struct parser *p)
{
	const struct lang_token *t = &p->tok;
	struct lang_expr *e;
	enum lang_tok next = peek2(p);

	if (word_in(p, t, reserved, ARRAY_SIZE(reserved))) {
		unexpected(p, t, "an expression");
		return NULL;
	}
	if (word_is(p, t, "args")) {
		bool arrow = next == TOK_ARROW;

		if (next != TOK_DOT && next != TOK_ARROW) {
			fail(p, t->loc, "args is used with a field: args.NAME or args->NAME");
			return NULL;
		}
		e = new_expr(p, E_ARGS, t->loc);
		advance(p);
		advance(p);
		t = cur(p);
		if (t->kind != TOK_IDENT) {
			unexpected(p, t, "a field name");
			return NULL;
		}
		e->args.field = tok_strdup(p, t);
		e->args.arrow = arrow;
		advance(p);
		e->loc = span(e->loc, p->last);
		return e;
	}
	if (word_is(p, t, "kstack"))
		return parse_stack(p, B_KSTACK);
	if (word_is(p, t, "ustack"))
		return parse_stack(p, B_USTACK);
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++) {
		if (!word_is(p, t, builtins[i].name))
			continue;
		if (next == TOK_LPAREN) {
			fail(p, t->loc, "'%s' is a builtin variable, not a function", builtins[i].name);
			return NULL;
		}
		e = new_expr(p, E_BUILTIN, t->loc);
		e->builtin.id = builtins[i].id;
		e->builtin.index = builtins[i].index;
		advance(p);
		return e;
	}
	if (next == TOK_LPAREN && word_is(p, t, "sizeof"))
		return parse_sizeof(p);
	if (next == TOK_LPAREN)
		return parse_call(p);
	for (size_t i = 0; i < ARRAY_SIZE(ident_hints); i++) {
		if (word_is(p, t, ident_hints[i].name)) {
			fail(p, t->loc, "unknown identifier '%s'%s", ident_hints[i].name, ident_hints[i].hint);
			return NULL;
		}
	}
	/* an enum constant, or nothing: the checker says which */
	e = new_expr(p, E_IDENT, t->loc);
	e->var.name = tok_strdup(p, t);
	advance(p);
	return e;
}

static struct lang_expr *parse_map(struct parser *p)
{
	struct lang_expr *e = new_expr(p, E_MAP, p->tok.loc);

	e->map.name = tok_strdup(p, &p->tok);
	advance(p);
	if (cur(p)->kind == TOK_LBRACKET) {
		advance(p);
		if (parse_list(p, TOK_RBRACKET, "',' or ']'", &e->map.keys, &e->map.nkeys, LANG_MAX_KEYS,
			       "too many keys: a map takes at most 8"))
			return NULL;
		e->loc = span(e->loc, p->last);
	}
	return e;
}

static struct lang_expr *parse_primary(struct parser *p)
{
	const struct lang_token *t = cur(p);
	struct lang_expr *e;

	switch (t->kind) {
	case TOK_INT:
		e = new_expr(p, E_INT, t->loc);
		e->ival = (s64)t->ival;
		advance(p);
		return e;
	case TOK_STRING:
		e = new_expr(p, E_STR, t->loc);
		e->str.s = t->str;
		e->str.len = t->str_len;
		advance(p);
		return e;
	case TOK_VAR:
		e = new_expr(p, E_VAR, t->loc);
		e->var.name = tok_strdup(p, t);
		advance(p);
		return e;
	case TOK_POSITIONAL:
		if (t->ival < 1 || t->ival > 999999) {
			fail(p, t->loc, "invalid positional parameter '%.*s': they are $1, $2, ...",
			     (int)t->loc.len, tok_text(p, t));
			return NULL;
		}
		e = new_expr(p, E_POSITIONAL, t->loc);
		e->positional = (int)t->ival;
		advance(p);
		return e;
	case TOK_PARAMCOUNT:
		e = new_expr(p, E_POSITIONAL, t->loc);
		e->positional = 0;      /* $#: the checker puts the count */
		advance(p);
		return e;
	case TOK_MAP:
		return parse_map(p);
	case TOK_IDENT:
		return parse_ident(p);
	case TOK_LPAREN: {
		struct lang_loc open = t->loc;

		advance(p);
		e = parse_expr(p);
		if (!e)
			return NULL;
		if (cur(p)->kind == TOK_COMMA)
			return parse_tuple(p, open, e);
		if (expect(p, TOK_RPAREN, "')'"))
			return NULL;
		/* The parentheses are part of the node's text, so an
		 * enclosing node's span covers them. */
		e->loc = span(open, p->last);
		return e;
	}
	default:
		unexpected(p, t, "an expression");
		return NULL;
	}
}

/* (first, e2, ...) after its first element: a tuple literal. */
static struct lang_expr *parse_tuple(struct parser *p, struct lang_loc open, struct lang_expr *first)
{
	struct lang_expr *e = new_expr(p, E_TUPLE, open), **v;
	int cap = 4;

	v = lang_alloc(p->ast, cap * sizeof(*v));
	v[e->tuple.n++] = first;
	while (cur(p)->kind == TOK_COMMA) {
		advance(p);
		if (e->tuple.n == cap) {
			struct lang_expr **w = lang_alloc(p->ast, 2 * cap * sizeof(*w));

			memcpy(w, v, cap * sizeof(*w));
			v = w;
			cap *= 2;
		}
		if (!(v[e->tuple.n] = parse_expr(p)))
			return NULL;
		e->tuple.n++;
	}
	if (expect(p, TOK_RPAREN, "')'"))
		return NULL;
	e->tuple.elems = v;
	e->loc = span(open, p->last);
	return e;
}

static bool is_lvalue(const struct lang_expr *e)
{
	return e->kind == E_VAR || e->kind == E_MAP;
}

static struct lang_expr *parse_postfix(struct parser *p)
{
	struct lang_expr *e = parse_primary(p), *x;

	while (e) {
		const struct lang_token *t = cur(p);

		switch (t->kind) {
		case TOK_LBRACKET:
			advance(p);
			x = new_expr(p, E_INDEX, e->loc);
			x->index.base = e;
			x->index.index = parse_expr(p);
			if (!x->index.index || expect(p, TOK_RBRACKET, "']'"))
				return NULL;
			break;
		case TOK_DOT:
		case TOK_ARROW:
			x = new_expr(p, E_FIELD, e->loc);
			x->field.base = e;
			x->field.arrow = t->kind == TOK_ARROW;
			advance(p);
			t = cur(p);
			if (t->kind == TOK_INT && !x->field.arrow) {
				/* a tuple's element: its index as the field's name */
				x->field.field = tok_strdup(p, t);
				advance(p);
				break;
			}
			if (t->kind != TOK_IDENT) {
				unexpected(p, t, "a field name");
				return NULL;
			}
			x->field.field = tok_strdup(p, t);
			advance(p);
			break;
		case TOK_INC:
		case TOK_DEC:
			if (!is_lvalue(e)) {
				fail(p, t->loc, "the %s operator must be applied to a map or variable",
				     t->kind == TOK_INC ? "++" : "--");
				return NULL;
			}
			x = new_expr(p, E_INCDEC, e->loc);
			x->op.op = t->kind == TOK_INC ? OP_POSTINC : OP_POSTDEC;
			x->op.a = e;
			advance(p);
			break;
		default:
			return e;
		}
		x->loc = span(x->loc, p->last);
		e = x;
	}
	return NULL;
}

/* "(" type ")": one of cast_types or struct/union/enum NAME, then '*'s. */
static bool cast_ahead(struct parser *p)
{
	struct lang_lexer copy = p->lx;
	struct lang_token t;

	copy.err = NULL;
	copy.errlen = 0;
	if (lang_lex_next(&copy, &t) < 0 || t.kind != TOK_IDENT)
		return false;
	return word_in(p, &t, cast_types, ARRAY_SIZE(cast_types)) ||
	       word_is(p, &t, "struct") || word_is(p, &t, "union") || word_is(p, &t, "enum");
}

static struct lang_expr *parse_cast(struct parser *p)
{
	struct lang_expr *e = new_expr(p, E_CAST, p->tok.loc);
	const struct lang_token *t;
	char name[256];
	int n, stars = 0;

	advance(p);             /* '(' */
	t = cur(p);
	n = snprintf(name, sizeof(name), "%.*s", (int)t->loc.len, tok_text(p, t));
	if (!word_in(p, t, cast_types, ARRAY_SIZE(cast_types))) {
		advance(p);
		t = cur(p);
		if (t->kind != TOK_IDENT || word_in(p, t, reserved, ARRAY_SIZE(reserved))) {
			unexpected(p, t, "a type name");
			return NULL;
		}
		n += snprintf(name + n, sizeof(name) - (size_t)n, " %.*s",
			      (int)MIN(t->loc.len, 200u), tok_text(p, t));
	}
	advance(p);
	for (; cur(p)->kind == TOK_STAR; stars++)
		advance(p);
	if (expect(p, TOK_RPAREN, "'*' or ')'"))
		return NULL;
	if (stars) {
		n += snprintf(name + n, sizeof(name) - (size_t)n, " ");
		while (stars-- && (size_t)n + 1 < sizeof(name))
			name[n++] = '*';
		name[n] = '\0';
	}
	e->cast.type_name = lang_strdup(p->ast, name, strlen(name));
	e->cast.a = parse_unary(p);
	if (!e->cast.a)
		return NULL;
	e->loc = span(e->loc, p->last);
	return e;
}

static struct lang_expr *parse_unary(struct parser *p)
{
	const struct lang_token *t = cur(p);
	struct lang_loc start = t->loc;
	struct lang_expr *e = NULL;

	if (enter(p, t->loc))
		return NULL;
	if (t->kind == TOK_MINUS && peek2(p) == TOK_INT) {
		/* A negative literal is one node, as in bpftrace: -1 is
		 * the number, not an operation the checker must fold. */
		advance(p);
		e = new_expr(p, E_INT, span(start, cur(p)->loc));
		e->ival = (s64)(0 - p->tok.ival);
		advance(p);
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(unops); i++) {
		if (unops[i].tok != t->kind)
			continue;
		advance(p);
		e = new_expr(p, E_UNARY, start);
		e->op.op = unops[i].op;
		e->op.a = parse_unary(p);
		if (!e->op.a) {
			e = NULL;
			goto out;
		}
		e->loc = span(start, p->last);
		goto out;
	}
	if (t->kind == TOK_INC || t->kind == TOK_DEC) {
		enum lang_op op = t->kind == TOK_INC ? OP_PREINC : OP_PREDEC;

		advance(p);
		e = new_expr(p, E_INCDEC, start);
		e->op.op = op;
		e->op.a = parse_unary(p);
		if (!e->op.a) {
			e = NULL;
		} else if (!is_lvalue(e->op.a)) {
			fail(p, start, "the %s operator must be applied to a map or variable", lang_op_name(op));
			e = NULL;
		} else {
			e->loc = span(start, p->last);
		}
		goto out;
	}
	if (t->kind == TOK_LPAREN && cast_ahead(p))
		e = parse_cast(p);
	else
		e = parse_postfix(p);
out:
	p->depth--;
	return e;
}

static struct lang_expr *parse_binary(struct parser *p, int min_prec)
{
	struct lang_expr *a = parse_unary(p);

	while (a) {
		const struct lang_token *t = cur(p);
		struct lang_expr *e;
		size_t i;

		for (i = 0; i < ARRAY_SIZE(binops) && binops[i].tok != t->kind; i++)
			;
		if (i == ARRAY_SIZE(binops) || binops[i].prec < min_prec)
			return a;
		advance(p);
		e = new_expr(p, E_BINARY, a->loc);
		e->op.op = binops[i].op;
		e->op.a = a;
		e->op.b = parse_binary(p, binops[i].prec + 1);
		if (!e->op.b)
			return NULL;
		e->loc = span(a->loc, p->last);
		a = e;
	}
	return NULL;
}

/* c ? a : b, right-associative; the middle is any expression. */
static struct lang_expr *parse_expr(struct parser *p)
{
	struct lang_expr *c, *e = NULL;

	if (enter(p, cur(p)->loc))
		return NULL;
	c = parse_binary(p, 1);
	if (c && cur(p)->kind == TOK_QUESTION) {
		advance(p);
		e = new_expr(p, E_TERNARY, c->loc);
		e->op.a = c;
		if (!(e->op.b = parse_expr(p)) || expect(p, TOK_COLON, "':'") || !(e->op.c = parse_expr(p)))
			e = NULL;
		else
			e->loc = span(c->loc, p->last);
	} else {
		e = c;
	}
	p->depth--;
	return e;
}

/* ---- statements ---------------------------------------------------------------------- */

static int parse_stmts(struct parser *p, struct lang_stmt **out);

/* '{' stmts '}' */
static int parse_braced(struct parser *p, struct lang_stmt **out)
{
	if (expect(p, TOK_LBRACE, "'{'") || parse_stmts(p, out))
		return -1;
	return expect(p, TOK_RBRACE, "'}'");
}

static struct lang_stmt *new_stmt(struct parser *p, enum lang_stmt_kind kind, struct lang_loc loc)
{
	struct lang_stmt *s = lang_alloc(p->ast, sizeof(*s));

	s->kind = kind;
	s->loc = loc;
	return s;
}

/* '(' expr ')' after if and while. */
static struct lang_expr *parse_cond(struct parser *p)
{
	struct lang_expr *c;

	if (expect(p, TOK_LPAREN, "'('"))
		return NULL;
	c = parse_expr(p);
	if (!c || expect(p, TOK_RPAREN, "')'"))
		return NULL;
	return c;
}

static struct lang_stmt *parse_if(struct parser *p)
{
	struct lang_stmt *s = new_stmt(p, S_IF, p->tok.loc);

	if (enter(p, s->loc))
		return NULL;
	advance(p);             /* if */
	s->if_.cond = parse_cond(p);
	if (!s->if_.cond || parse_braced(p, &s->if_.then))
		return NULL;
	if (word_is(p, cur(p), "else")) {
		advance(p);
		if (word_is(p, cur(p), "if")) {
			s->if_.otherwise = parse_if(p);
			if (!s->if_.otherwise)
				return NULL;
		} else if (parse_braced(p, &s->if_.otherwise)) {
			return NULL;
		}
	}
	s->loc = span(s->loc, p->last);
	p->depth--;
	return s;
}

static struct lang_stmt *parse_unroll(struct parser *p)
{
	struct lang_stmt *s = new_stmt(p, S_UNROLL, p->tok.loc);
	const struct lang_token *t;

	advance(p);
	if (expect(p, TOK_LPAREN, "'('"))
		return NULL;
	t = cur(p);
	/* unroll ($N): the parameter's value, as bpftrace allows */
	if (t->kind == TOK_POSITIONAL && t->ival >= 1 && t->ival <= (u64)p->npositional) {
		char *end;
		long long v = strtoll(p->positional[t->ival - 1], &end, 0);

		if (*end || !*p->positional[t->ival - 1]) {
			fail(p, t->loc, "unroll ($%llu): '%s' is not a number", (unsigned long long)t->ival,
			     p->positional[t->ival - 1]);
			return NULL;
		}
		p->tok.kind = TOK_INT;
		p->tok.ival = (u64)v;
	}
	if (t->kind != TOK_INT) {
		unexpected(p, t, "an integer");
		return NULL;
	}
	if ((s64)t->ival < 1 || t->ival > MAX_UNROLL) {
		/* bpftrace's words */
		fail(p, t->loc, "unroll %s value is %d", t->ival < 1 ? "minimum" : "maximum", t->ival < 1 ? 1 : MAX_UNROLL);
		return NULL;
	}
	s->unroll.count = (s64)t->ival;
	advance(p);
	if (expect(p, TOK_RPAREN, "')'") || parse_braced(p, &s->unroll.body))
		return NULL;
	s->loc = span(s->loc, p->last);
	return s;
}

/* One statement; block-like ones (if, while, unroll) report so, as they
 * need no ';' after them. */
static struct lang_stmt *parse_stmt(struct parser *p, bool *blocky)
{
	static const char *const unsupported[] = { "for", "return", "break", "continue" };
	const struct lang_token *t = cur(p);
	struct lang_stmt *s;
	struct lang_expr *e;

	*blocky = true;
	if (word_is(p, t, "if"))
		return parse_if(p);
	if (word_is(p, t, "unroll"))
		return parse_unroll(p);
	if (word_is(p, t, "while")) {
		s = new_stmt(p, S_WHILE, t->loc);
		advance(p);
		s->while_.cond = parse_cond(p);
		if (!s->while_.cond || parse_braced(p, &s->while_.body))
			return NULL;
		s->loc = span(s->loc, p->last);
		return s;
	}
	if (word_in(p, t, unsupported, ARRAY_SIZE(unsupported))) {
		fail(p, t->loc, "'%.*s' is not supported yet", (int)t->loc.len, tok_text(p, t));
		return NULL;
	}
	*blocky = false;
	e = parse_expr(p);
	if (!e)
		return NULL;
	t = cur(p);
	for (size_t i = 0; i < ARRAY_SIZE(assign_ops); i++) {
		if (assign_ops[i].tok != t->kind)
			continue;
		if (!is_lvalue(e)) {
			fail(p, e->loc, "only a $variable or a @map can be assigned to");
			return NULL;
		}
		advance(p);
		s = new_stmt(p, S_ASSIGN, e->loc);
		s->assign.lhs = e;
		s->assign.op = assign_ops[i].op;
		s->assign.rhs = parse_expr(p);
		if (!s->assign.rhs)
			return NULL;
		s->loc = span(s->loc, p->last);
		return s;
	}
	s = new_stmt(p, S_EXPR, e->loc);
	s->expr = e;
	return s;
}

/* Statements up to (not including) the closing '}'. A lone ';' is an
 * empty statement (bpftrace 0.17 rejects "if (c) { ... };", later
 * versions and C accept it). */
static int parse_stmts(struct parser *p, struct lang_stmt **out)
{
	struct lang_stmt **tail = out;

	*out = NULL;
	for (;;) {
		const struct lang_token *t = cur(p);
		struct lang_stmt *s;
		bool blocky;

		if (t->kind == TOK_RBRACE || t->kind == TOK_EOF)
			return p->failed ? -1 : 0;
		if (t->kind == TOK_SEMI) {
			advance(p);
			continue;
		}
		if (enter(p, t->loc))
			return -1;
		s = parse_stmt(p, &blocky);
		p->depth--;
		if (!s)
			return -1;
		*tail = s;
		tail = &s->next;
		if (blocky)
			continue;
		t = cur(p);
		if (t->kind == TOK_SEMI)
			advance(p);
		else if (t->kind != TOK_RBRACE)
			return unexpected(p, t, "';' or '}'");
	}
}

/* ---- probes ----------------------------------------------------------------------------- */

struct field {
	u32 off, len;           /* in the spec */
};

#define MAX_FIELDS 8

static struct lang_loc sub_loc(struct lang_loc spec, struct field f)
{
	if (f.off + f.len > spec.len)   /* a spec with $N put in: the whole spec */
		return spec;
	spec.col += f.off;
	spec.off += f.off;
	spec.len = f.len;
	return spec;
}

/* N > 0 in a probe field ("profile:hz:N", "software:EVENT:N"). */
static int probe_number(struct parser *p, const char *spec, struct lang_loc loc, struct field f, u64 *out)
{
	const char *why;

	if (lang_lex_number(spec + f.off, f.len, out, &why) || !*out)
		return fail(p, sub_loc(loc, f), "%.*s needs a number greater than 0",
			    (int)(f.off ? f.off - 1 : 0), spec);
	return 0;
}

/* FUNC[+OFFSET] of uprobe and kprobe. */
static int probe_func(struct parser *p, struct lang_probe *pr, const char *spec, struct field f, bool ret)
{
	const char *s = spec + f.off, *plus = memchr(s, '+', f.len), *why;
	struct field fn = f, off;

	if (plus) {
		fn.len = (u32)(plus - s);
		off.off = fn.off + fn.len + 1;
		off.len = f.len - fn.len - 1;
		if (ret)
			return fail(p, sub_loc(pr->loc, f), "%s takes no offset: it fires at the function's return",
				    lang_probe_type_name(pr->type));
		if (memchr(plus + 1, '+', off.len))
			return fail(p, sub_loc(pr->loc, f), "more than one offset in '%.*s'", (int)f.len, s);
		if (lang_lex_number(spec + off.off, off.len, &pr->offset, &why))
			return fail(p, sub_loc(pr->loc, off), "invalid offset '%.*s'", (int)off.len, spec + off.off);
		pr->has_offset = true;
	}
	if (!fn.len)
		return fail(p, sub_loc(pr->loc, f), "a function name is needed before '+OFFSET'");
	pr->func = lang_strdup(p->ast, spec + fn.off, fn.len);
	return 0;
}

static int probe_unknown(struct parser *p, struct lang_loc loc, const char *spec, struct field f)
{
	char list[512];
	size_t n = 0, kinds = 0, k = 0;

	for (size_t i = 0; i < ARRAY_SIZE(probe_kinds); i++)
		kinds += probe_kinds[i].type != PK_UNSUPPORTED;
	for (size_t i = 0; i < ARRAY_SIZE(probe_kinds) && n < sizeof(list); i++) {
		if (probe_kinds[i].type == PK_UNSUPPORTED)
			continue;
		k++;
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", k == 1 ? "" : k == kinds ? " or " : ", ",
				      probe_kinds[i].name);
		if (probe_kinds[i].alias && n < sizeof(list))
			n += (size_t)snprintf(list + n, sizeof(list) - n, " (%s)", probe_kinds[i].alias);
	}
	return fail(p, sub_loc(loc, f), "unknown probe type '%.*s': expecting %s", (int)f.len, spec + f.off, list);
}

/* A probe spec with $N in it ("interval:ms:$1", "BEG$1"): the parameters'
 * text put in, as bpftrace does; *len set. NULL (err set) when one is
 * not given. */
static const char *expand_positional(struct parser *p, const struct lang_token *t, u32 *len)
{
	const char *spec = tok_text(p, t);
	struct outbuf ob;
	const char *out;

	outbuf_init_mem(&ob);
	for (u32 i = 0; i < t->loc.len; i++) {
		u32 j = i + 1;
		long n = 0;

		if (spec[i] != '$' || j >= t->loc.len || !isdigit((unsigned char)spec[j])) {
			outbuf_putc(&ob, spec[i]);
			continue;
		}
		for (; j < t->loc.len && isdigit((unsigned char)spec[j]) && n < 1000000; j++)
			n = n * 10 + (spec[j] - '0');
		if (n < 1 || n > p->npositional) {
			outbuf_release(&ob);
			fail(p, t->loc, "positional parameter $%ld is not given (the probe needs it)", n);
			return NULL;
		}
		outbuf_puts(&ob, p->positional[n - 1]);
		i = j - 1;
	}
	*len = (u32)ob.len;
	out = lang_strdup(p->ast, ob.buf ? ob.buf : "", ob.len);
	outbuf_release(&ob);
	return out;
}

static int parse_probe(struct parser *p, struct lang_probe *pr)
{
	const struct lang_token *t = &p->tok;
	const char *spec = tok_text(p, t);
	struct field f[MAX_FIELDS];
	int nf = 0, kind = -1;
	const char *type;
	u32 i, start = 0, slen = t->loc.len;

	if (memchr(spec, '$', slen) && !(spec = expand_positional(p, t, &slen)))
		return -1;
	for (i = 0; i <= slen; i++) {
		if (i < slen && spec[i] != ':')
			continue;
		if (nf == MAX_FIELDS)
			return fail(p, t->loc, "too many ':' in probe '%.*s'", (int)slen, spec);
		f[nf++] = (struct field){ start, i - start };
		start = i + 1;
	}
	pr->loc = t->loc;
	pr->text = lang_strdup(p->ast, spec, slen);
	for (size_t k = 0; k < ARRAY_SIZE(probe_kinds); k++) {
		const char *a = probe_kinds[k].alias;

		if ((strlen(probe_kinds[k].name) == f[0].len && !memcmp(spec, probe_kinds[k].name, f[0].len)) ||
		    (a && strlen(a) == f[0].len && !memcmp(spec, a, f[0].len)))
			kind = (int)k;
	}
	if (kind < 0)
		return probe_unknown(p, t->loc, spec, f[0]);
	type = probe_kinds[kind].name;
	if (probe_kinds[kind].type == PK_UNSUPPORTED)
		return fail(p, sub_loc(t->loc, f[0]), "%s probes are not supported yet", type);
	pr->type = (enum lang_probe_type)probe_kinds[kind].type;

	/* Fields that must not be empty: all of them but the type. */
	for (int k = 1; k < nf; k++)
		if (!f[k].len)
			nf = -1;
	switch (pr->type) {
	case P_BEGIN:
	case P_END:
		if (nf != 1)
			return fail(p, t->loc, "%s takes no arguments", type);
		return 0;
	case P_TRACEPOINT:
		if (nf != 3)
			return fail(p, t->loc, "tracepoint needs a subsystem and an event: tracepoint:SUBSYSTEM:EVENT");
		pr->target = lang_strdup(p->ast, spec + f[1].off, f[1].len);
		pr->func = lang_strdup(p->ast, spec + f[2].off, f[2].len);
		return 0;
	case P_UPROBE:
	case P_URETPROBE:
		if (nf != 3)
			return fail(p, t->loc, "%s needs a binary and a function: %s:BIN:FUNC%s", type, type,
				    pr->type == P_UPROBE ? "[+OFFSET]" : "");
		pr->target = lang_strdup(p->ast, spec + f[1].off, f[1].len);
		return probe_func(p, pr, spec, f[2], pr->type == P_URETPROBE);
	case P_KPROBE:
	case P_KRETPROBE:
		if (nf != 2 && nf != 3)
			return fail(p, t->loc, "%s needs a function: %s:FUNC%s or %s:MODULE:FUNC", type, type,
				    pr->type == P_KPROBE ? "[+OFFSET]" : "", type);
		if (nf == 3)
			pr->target = lang_strdup(p->ast, spec + f[1].off, f[1].len);
		return probe_func(p, pr, spec, f[nf - 1], pr->type == P_KRETPROBE);
	case P_PROFILE:
	case P_INTERVAL:
		if (nf != 3)
			return fail(p, t->loc, "%s needs a unit and a number: %s:hz:N, %s:s:N, %s:ms:N or %s:us:N",
				    type, type, type, type, type);
		for (size_t k = 0; k < ARRAY_SIZE(time_units); k++)
			if (strlen(time_units[k]) == f[1].len && !memcmp(spec + f[1].off, time_units[k], f[1].len))
				pr->target = lang_strdup(p->ast, spec + f[1].off, f[1].len);
		if (!pr->target)
			return fail(p, sub_loc(t->loc, f[1]), "unknown %s unit '%.*s': expecting hz, s, ms or us",
				    type, (int)f[1].len, spec + f[1].off);
		return probe_number(p, spec, t->loc, f[2], &pr->count);
	case P_SOFTWARE:
		if (nf != 2 && nf != 3)
			return fail(p, t->loc, "software needs an event: software:EVENT or software:EVENT:PERIOD");
		pr->target = lang_strdup(p->ast, spec + f[1].off, f[1].len);
		if (nf == 3)
			return probe_number(p, spec, t->loc, f[2], &pr->count);
		return 0;
	}
	return 0;
}

/* ---- blocks ------------------------------------------------------------------------------ */

static struct lang_block *parse_block(struct parser *p)
{
	struct lang_block *b = lang_alloc(p->ast, sizeof(*b));
	int cap = 0;
	const struct lang_token *t = cur_probe(p);

	b->loc = t->loc;
	for (;;) {
		if (t->kind != TOK_PROBE) {
			unexpected(p, t, "a probe");
			return NULL;
		}
		b->probes = grow(p, b->probes, b->nprobes, &cap, sizeof(*b->probes));
		if (parse_probe(p, &b->probes[b->nprobes++]))
			return NULL;
		advance(p);
		if (cur(p)->kind != TOK_COMMA)
			break;
		advance(p);
		t = cur_probe(p);
	}
	t = cur(p);
	if (t->kind == TOK_SLASH || t->kind == TOK_ENDPRED) {
		advance(p);
		b->pred = parse_expr(p);
		if (!b->pred || expect(p, TOK_ENDPRED, "'/'"))
			return NULL;
	} else if (t->kind != TOK_LBRACE) {
		unexpected(p, t, "',', '/' or '{'");
		return NULL;
	}
	if (parse_braced(p, &b->body))
		return NULL;
	return b;
}

struct lang_ast *lang_parse(const char *src, size_t len, const char *file, char *err, size_t errlen)
{
	return lang_parse_args(src, len, file, NULL, 0, err, errlen);
}

struct lang_ast *lang_parse_args(const char *src, size_t len, const char *file, const char *const *positional,
				 int npositional, char *err, size_t errlen)
{
	struct lang_block **tail;
	struct parser p = { .err = err, .errlen = errlen, .positional = positional, .npositional = npositional };

	if (err && errlen)
		err[0] = '\0';
	p.ast = lang_ast_new(src, len, file ? file : "-e");
	if (!p.ast) {
		if (err && errlen)
			snprintf(err, errlen, "%s: out of memory", file ? file : "-e");
		return NULL;
	}
	lang_lex_init(&p.lx, p.ast, err, errlen);
	tail = &p.ast->blocks;
	for (;;) {
		const struct lang_token *t;
		struct lang_block *b;

		/* C definitions (struct Foo { ... }) may stand between blocks */
		if (!p.have && !p.failed && lang_cdecl_ahead(&p.lx)) {
			if (lang_cdecl_parse(&p.lx, p.ast, err, errlen))
				p.failed = true;
			continue;
		}
		t = cur_probe(&p);

		if (p.failed)
			break;
		if (t->kind == TOK_EOF) {
			if (!p.ast->nblocks)
				unexpected(&p, t, "a probe");
			break;
		}
		b = parse_block(&p);
		if (!b)
			break;
		*tail = b;
		tail = &b->next;
		p.ast->nblocks++;
	}
	/* latency and entry() become ordinary blocks here, so that every
	 * backend runs them (entry.h) */
	if (p.failed || lang_entry_desugar(p.ast, err, errlen)) {
		lang_ast_free(p.ast);
		return NULL;
	}
	return p.ast;
}
