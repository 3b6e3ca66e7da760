/* The syntax tree's memory (an arena), its S-expression dump, and the names
 * of types, probe types and operators used in messages.
 *
 * Every node lives in the tree's arena: a list of large zeroed blocks that
 * allocations bump through. Nothing is freed one by one, so the parser's and
 * checker's error paths just return, and lang_ast_free() drops it all. */
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lang/ast.h"
#include "util/lang/tuple.h"
#include "util/outbuf.h"

#define ARENA_BLOCK  (64 * 1024)
#define ARENA_ALIGN  alignof(max_align_t)

struct arena_block {
	struct arena_block *next;
	size_t cap, used;
	alignas(max_align_t) unsigned char data[];
};

struct lang_arena {
	struct arena_block *head;       /* the block allocations bump through */
};

/* The one place memory for a tree is obtained. The contract is that node
 * allocation never fails (so every parser path need not check), hence the
 * abort: a program text is a few KB, running out here means the machine is
 * out of memory altogether. */
static void *xcalloc(size_t size)
{
	void *p = calloc(1, size);

	if (!p) {
		fprintf(stderr, "scry: out of memory (allocating %zu bytes for the program's syntax tree)\n", size);
		abort();
	}
	return p;
}

static struct arena_block *block_new(size_t min, bool may_fail)
{
	size_t cap = min > ARENA_BLOCK ? min : ARENA_BLOCK;
	size_t bytes = sizeof(struct arena_block) + cap;
	struct arena_block *b = may_fail ? calloc(1, bytes) : xcalloc(bytes);

	if (b)
		b->cap = cap;
	return b;
}

static void *arena_take(struct lang_arena *a, size_t size)
{
	struct arena_block *b = a->head;
	void *p;

	size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (!size)
		size = ARENA_ALIGN;     /* distinct non-NULL pointers for empty objects */
	if (b->cap - b->used < size) {
		b = block_new(size, false);
		if (size >= ARENA_BLOCK / 4) {
			/* A big object gets a block of its own behind the head,
			 * so the head's free space is not wasted. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += size;
	return p;
}

struct lang_ast *lang_ast_new(const char *src, size_t len, const char *file)
{
	struct lang_arena *a = calloc(1, sizeof(*a));
	struct lang_ast *ast;
	size_t flen = file ? strlen(file) : 0;
	char *s;

	if (!a)
		return NULL;
	/* The first block holds the text too, so a small program costs one
	 * allocation besides the arena header; it may fail with ENOMEM. */
	a->head = block_new(sizeof(*ast) + len + flen + 2 * ARENA_ALIGN + ARENA_BLOCK / 2, true);
	if (!a->head) {
		free(a);
		return NULL;
	}
	ast = arena_take(a, sizeof(*ast));
	ast->arena = a;
	s = arena_take(a, len + 1);
	if (len)
		memcpy(s, src, len);
	ast->src = s;
	ast->src_len = len;
	if (file) {
		s = arena_take(a, flen + 1);
		memcpy(s, file, flen);
		ast->file = s;
	}
	return ast;
}

void lang_ast_free(struct lang_ast *ast)
{
	struct lang_arena *a;
	struct arena_block *b, *next;

	if (!ast)
		return;
	a = ast->arena;         /* ast itself lives in the arena: read it first */
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *lang_alloc(struct lang_ast *ast, size_t size)
{
	return arena_take(ast->arena, size);
}

char *lang_strdup(struct lang_ast *ast, const char *s, size_t len)
{
	char *p = arena_take(ast->arena, len + 1);

	if (len)
		memcpy(p, s, len);
	return p;
}

/* ---- names ------------------------------------------------------------------ */

static const char *const probe_type_names[] = {
	[P_BEGIN] = "BEGIN", [P_END] = "END",
	[P_TRACEPOINT] = "tracepoint", [P_UPROBE] = "uprobe", [P_URETPROBE] = "uretprobe",
	[P_KPROBE] = "kprobe", [P_KRETPROBE] = "kretprobe",
	[P_PROFILE] = "profile", [P_INTERVAL] = "interval", [P_SOFTWARE] = "software",
};
_Static_assert(ARRAY_SIZE(probe_type_names) == P_SOFTWARE + 1, "a probe type without a name");

const char *lang_probe_type_name(enum lang_probe_type t)
{
	if ((unsigned)t < ARRAY_SIZE(probe_type_names) && probe_type_names[t])
		return probe_type_names[t];
	return "?";
}

/* Operators as written. Pre and post increments share a spelling; the dump
 * tells them apart itself. */
static const struct { enum lang_op op; const char *name; } op_names[] = {
	{ OP_ADD, "+" }, { OP_SUB, "-" }, { OP_MUL, "*" }, { OP_DIV, "/" }, { OP_MOD, "%" },
	{ OP_BAND, "&" }, { OP_BOR, "|" }, { OP_BXOR, "^" }, { OP_BNOT, "~" }, { OP_LNOT, "!" },
	{ OP_LT, "<" }, { OP_GT, ">" }, { OP_SHL, "<<" }, { OP_SHR, ">>" }, { OP_LE, "<=" },
	{ OP_GE, ">=" }, { OP_EQ, "==" }, { OP_NE, "!=" }, { OP_LAND, "&&" }, { OP_LOR, "||" },
	{ OP_NEG, "-" }, { OP_DEREF, "*" }, { OP_ADDR, "&" },
	{ OP_PREINC, "++" }, { OP_PREDEC, "--" }, { OP_POSTINC, "++" }, { OP_POSTDEC, "--" },
	{ OP_ASSIGN, "=" },
};

const char *lang_op_name(enum lang_op op)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_names); i++)
		if (op_names[i].op == op)
			return op_names[i].name;
	return "?";
}

static const char *const type_kind_names[] = {
	[LT_NONE] = "none", [LT_INT] = "int", [LT_STR] = "string",
	[LT_KSTACK] = "kstack", [LT_USTACK] = "ustack", [LT_PROBE] = "probe",
	[LT_KSYM] = "ksym", [LT_USYM] = "usym", [LT_FUNC] = "func",
	[LT_COUNT] = "count", [LT_SUM] = "sum", [LT_MIN] = "min", [LT_MAX] = "max",
	[LT_AVG] = "avg", [LT_STATS] = "stats", [LT_HIST] = "hist", [LT_LHIST] = "lhist",
	[LT_RECORD] = "struct",
	[LT_BUF] = "buffer", [LT_INET] = "inet", [LT_TIMESTAMP] = "timestamp",
	[LT_CGROUP_PATH] = "cgroup_path", [LT_TUPLE] = "tuple",
};
_Static_assert(ARRAY_SIZE(type_kind_names) == LT_TUPLE + 1, "a type kind without a name");

const char *lang_type_name(const struct lang_type *t, char *buf, size_t len)
{
	if (t->kind == LT_INT)
		snprintf(buf, len, "%c%u", t->is_signed ? 's' : 'u', t->size * 8);
	else if (t->kind == LT_STR)
		snprintf(buf, len, "string[%u]", t->size);
	else if (t->kind == LT_TUPLE && t->tuple)
		lang_tuple_name(t, buf, len);
	else if ((unsigned)t->kind < ARRAY_SIZE(type_kind_names))
		snprintf(buf, len, "%s", type_kind_names[t->kind]);
	else
		snprintf(buf, len, "?");
	return buf;
}

/* ---- the dump ---------------------------------------------------------------- */

static const char *const builtin_names[] = {
	[B_PID] = "pid", [B_TID] = "tid", [B_UID] = "uid", [B_GID] = "gid", [B_COMM] = "comm",
	[B_CPU] = "cpu", [B_NSECS] = "nsecs", [B_ELAPSED] = "elapsed", [B_RETVAL] = "retval",
	[B_ARG] = "arg", [B_PROBE] = "probe", [B_FUNC] = "func", [B_KSTACK] = "kstack",
	[B_USTACK] = "ustack", [B_RAND] = "rand", [B_CGROUP] = "cgroup", [B_CURTASK] = "curtask",
	[B_CPID] = "cpid", [B_NUMAID] = "numaid", [B_SARG] = "sarg", [B_LATENCY] = "latency",
};
_Static_assert(ARRAY_SIZE(builtin_names) == B_LATENCY + 1, "a builtin without a name");

/* The dump spells types compactly (":u64", ":str16"): a tree line stays
 * readable when every node carries one. */
static void dump_type(struct outbuf *ob, const struct lang_type *t, bool with_types)
{
	char buf[128];

	if (!with_types || t->kind == LT_NONE)
		return;
	outbuf_putc(ob, ':');
	if (t->kind == LT_STR)
		outbuf_printf(ob, "str%u", t->size);
	else
		outbuf_puts(ob, lang_type_name(t, buf, sizeof(buf)));
}

static void dump_expr(struct outbuf *ob, const struct lang_expr *e, bool ty);

static void dump_exprs(struct outbuf *ob, struct lang_expr *const *v, int n, bool ty)
{
	for (int i = 0; i < n; i++) {
		outbuf_putc(ob, ' ');
		dump_expr(ob, v[i], ty);
	}
}

/* A name that holds a space (a cast to "struct x *") is quoted so the
 * S-expression stays one atom per field. */
static void dump_atom(struct outbuf *ob, const char *s)
{
	if (strchr(s, ' '))
		outbuf_quoted(ob, s, strlen(s), false);
	else
		outbuf_puts(ob, s);
}

static void dump_expr(struct outbuf *ob, const struct lang_expr *e, bool ty)
{
	switch (e->kind) {
	case E_INT:
		outbuf_s64(ob, e->ival);
		break;
	case E_STR:
		outbuf_quoted(ob, e->str.s, e->str.len, false);
		break;
	case E_BUILTIN:
		outbuf_puts(ob, "(builtin ");
		outbuf_puts(ob, (unsigned)e->builtin.id < ARRAY_SIZE(builtin_names) ?
			    builtin_names[e->builtin.id] : "?");
		if (e->builtin.id == B_ARG)
			outbuf_s64(ob, e->builtin.index);
		else if (e->builtin.index)
			outbuf_printf(ob, " %d", e->builtin.index);
		outbuf_putc(ob, ')');
		break;
	case E_POSITIONAL:
		outbuf_printf(ob, "(positional %d)", e->positional);
		break;
	case E_VAR:
		outbuf_printf(ob, "(var %s)", e->var.name);
		break;
	case E_IDENT:
		outbuf_printf(ob, "(ident %s)", e->var.name);
		break;
	case E_MAP:
		outbuf_printf(ob, "(map %s", e->map.name);
		dump_exprs(ob, e->map.keys, e->map.nkeys, ty);
		outbuf_putc(ob, ')');
		break;
	case E_ARGS:
		outbuf_printf(ob, "(args %s %s)", e->args.arrow ? "->" : ".", e->args.field);
		break;
	case E_FIELD:
		outbuf_printf(ob, "(%s ", e->field.arrow ? "->" : ".");
		dump_expr(ob, e->field.base, ty);
		outbuf_printf(ob, " %s)", e->field.field);
		break;
	case E_TUPLE:
		outbuf_puts(ob, "(tuple");
		dump_exprs(ob, e->tuple.elems, e->tuple.n, ty);
		outbuf_putc(ob, ')');
		break;
	case E_INDEX:
		outbuf_puts(ob, "(index ");
		dump_expr(ob, e->index.base, ty);
		outbuf_putc(ob, ' ');
		dump_expr(ob, e->index.index, ty);
		outbuf_putc(ob, ')');
		break;
	case E_UNARY:
		outbuf_printf(ob, "(%s ", lang_op_name(e->op.op));
		dump_expr(ob, e->op.a, ty);
		outbuf_putc(ob, ')');
		break;
	case E_BINARY:
		outbuf_printf(ob, "(%s ", lang_op_name(e->op.op));
		dump_expr(ob, e->op.a, ty);
		outbuf_putc(ob, ' ');
		dump_expr(ob, e->op.b, ty);
		outbuf_putc(ob, ')');
		break;
	case E_TERNARY:
		outbuf_puts(ob, "(? ");
		dump_expr(ob, e->op.a, ty);
		outbuf_putc(ob, ' ');
		dump_expr(ob, e->op.b, ty);
		outbuf_putc(ob, ' ');
		dump_expr(ob, e->op.c, ty);
		outbuf_putc(ob, ')');
		break;
	case E_INCDEC:
		outbuf_printf(ob, "(%s%s ",
			      e->op.op == OP_PREINC || e->op.op == OP_PREDEC ? "pre" : "post",
			      lang_op_name(e->op.op));
		dump_expr(ob, e->op.a, ty);
		outbuf_putc(ob, ')');
		break;
	case E_CALL:
		outbuf_printf(ob, "(call %s", e->call.name);
		dump_exprs(ob, e->call.args, e->call.nargs, ty);
		outbuf_putc(ob, ')');
		break;
	case E_CAST:
		outbuf_puts(ob, "(cast ");
		dump_atom(ob, e->cast.type_name);
		outbuf_putc(ob, ' ');
		dump_expr(ob, e->cast.a, ty);
		outbuf_putc(ob, ')');
		break;
	}
	dump_type(ob, &e->type, ty);
}

static void dump_stmts(struct outbuf *ob, const struct lang_stmt *s, bool ty);

static void dump_stmt(struct outbuf *ob, const struct lang_stmt *s, bool ty)
{
	switch (s->kind) {
	case S_EXPR:
		dump_expr(ob, s->expr, ty);
		break;
	case S_ASSIGN:
		outbuf_printf(ob, "(assign %s%s ", s->assign.op == OP_ASSIGN ? "" : lang_op_name(s->assign.op), "=");
		dump_expr(ob, s->assign.lhs, ty);
		outbuf_putc(ob, ' ');
		dump_expr(ob, s->assign.rhs, ty);
		outbuf_putc(ob, ')');
		break;
	case S_IF:
		outbuf_puts(ob, "(if ");
		dump_expr(ob, s->if_.cond, ty);
		outbuf_puts(ob, " (then");
		dump_stmts(ob, s->if_.then, ty);
		outbuf_putc(ob, ')');
		if (s->if_.otherwise) {
			outbuf_puts(ob, " (else");
			dump_stmts(ob, s->if_.otherwise, ty);
			outbuf_putc(ob, ')');
		}
		outbuf_putc(ob, ')');
		break;
	case S_WHILE:
		outbuf_puts(ob, "(while ");
		dump_expr(ob, s->while_.cond, ty);
		dump_stmts(ob, s->while_.body, ty);
		outbuf_putc(ob, ')');
		break;
	case S_UNROLL:
		outbuf_printf(ob, "(unroll %lld", (long long)s->unroll.count);
		dump_stmts(ob, s->unroll.body, ty);
		outbuf_putc(ob, ')');
		break;
	}
}

static void dump_stmts(struct outbuf *ob, const struct lang_stmt *s, bool ty)
{
	for (; s; s = s->next) {
		outbuf_putc(ob, ' ');
		dump_stmt(ob, s, ty);
	}
}

static void dump_probe(struct outbuf *ob, const struct lang_probe *p)
{
	outbuf_printf(ob, "(probe %s", lang_probe_type_name(p->type));
	if (p->target) {
		outbuf_putc(ob, ' ');
		dump_atom(ob, p->target);
	}
	if (p->func) {
		outbuf_putc(ob, ' ');
		dump_atom(ob, p->func);
	}
	if (p->has_offset)
		outbuf_printf(ob, " +%#llx", (unsigned long long)p->offset);
	if (p->count)
		outbuf_printf(ob, " %llu", (unsigned long long)p->count);
	outbuf_putc(ob, ')');
}

void lang_ast_dump(const struct lang_ast *ast, struct outbuf *ob, bool with_types)
{
	for (const struct lang_block *b = ast->blocks; b; b = b->next) {
		outbuf_puts(ob, "(block");
		for (int i = 0; i < b->nprobes; i++) {
			outbuf_putc(ob, ' ');
			dump_probe(ob, &b->probes[i]);
		}
		if (b->pred) {
			outbuf_puts(ob, " (pred ");
			dump_expr(ob, b->pred, with_types);
			outbuf_putc(ob, ')');
		}
		dump_stmts(ob, b->body, with_types);
		outbuf_puts(ob, ")\n");
	}
}
