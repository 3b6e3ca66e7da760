/* latency and entry() in return probes, rewritten into the language itself
 * (see entry.h): both backends (BPF and the offline evaluator) then run
 * them with what they already have, maps keyed by tid.
 *
 * For a return block B using them:
 *
 *   uretprobe:BIN:F /PRED/ { ... latency ... entry(E) ... }
 *
 * becomes an entry block placed before B and B rewritten:
 *
 *   uprobe:BIN:F { @__scry_tsB[tid] = nsecs; @__scry_eB_0[tid] = E; }
 *   uretprobe:BIN:F {
 *       $__scry_ts = @__scry_tsB[tid]; $__scry_e0 = @__scry_eB_0[tid];
 *       delete(@__scry_tsB[tid]); delete(@__scry_eB_0[tid]);
 *       if ($__scry_ts != 0 && (PRED)) { ... (nsecs - $__scry_ts) ... $__scry_e0 ... }
 *   }
 *
 * A return without a recorded entry (the probes were attached mid-call, or
 * a recursive call's inner return took the entry) is skipped, as argdist
 * skips it. The maps' names start with LANG_HIDDEN_MAP_PREFIX: the checker
 * marks them hidden, and they are never printed. */
#include "util/lang/entry.h"

#include <stdio.h>
#include <string.h>

#include "util/lang/diag.h"

struct rewrite {
	struct lang_ast *ast;
	int block;                      /* index of the block being rewritten */
	struct lang_expr *entry_exprs[LANG_MAX_ENTRY_VALUES];
	int nentry;
	bool uses;                      /* latency or entry() seen */
	struct lang_loc first_use;
	char *err;
	size_t errlen;
	bool failed;
};

/* ---- nodes ---------------------------------------------------------------------- */

static struct lang_expr *new_expr(struct lang_ast *ast, enum lang_expr_kind kind, struct lang_loc loc)
{
	struct lang_expr *e = lang_alloc(ast, sizeof(*e));

	e->kind = kind;
	e->loc = loc;
	return e;
}

static struct lang_expr *new_builtin(struct lang_ast *ast, enum lang_builtin id, struct lang_loc loc)
{
	struct lang_expr *e = new_expr(ast, E_BUILTIN, loc);

	e->builtin.id = id;
	return e;
}

static struct lang_expr *new_var(struct lang_ast *ast, const char *name, struct lang_loc loc)
{
	struct lang_expr *e = new_expr(ast, E_VAR, loc);

	e->var.name = lang_strdup(ast, name, strlen(name));
	return e;
}

/* @name[tid] */
static struct lang_expr *new_tid_map(struct lang_ast *ast, const char *name, struct lang_loc loc)
{
	struct lang_expr *e = new_expr(ast, E_MAP, loc);

	e->map.name = lang_strdup(ast, name, strlen(name));
	e->map.keys = lang_alloc(ast, sizeof(*e->map.keys));
	e->map.keys[0] = new_builtin(ast, B_TID, loc);
	e->map.nkeys = 1;
	return e;
}

static struct lang_expr *new_binary(struct lang_ast *ast, enum lang_op op, struct lang_expr *a,
				    struct lang_expr *b, struct lang_loc loc)
{
	struct lang_expr *e = new_expr(ast, E_BINARY, loc);

	e->op.op = op;
	e->op.a = a;
	e->op.b = b;
	return e;
}

static struct lang_stmt *new_assign(struct lang_ast *ast, struct lang_expr *lhs, struct lang_expr *rhs,
				    struct lang_loc loc)
{
	struct lang_stmt *s = lang_alloc(ast, sizeof(*s));

	s->kind = S_ASSIGN;
	s->loc = loc;
	s->assign.lhs = lhs;
	s->assign.op = OP_ASSIGN;
	s->assign.rhs = rhs;
	return s;
}

static struct lang_stmt *new_delete(struct lang_ast *ast, const char *map, struct lang_loc loc)
{
	struct lang_stmt *s = lang_alloc(ast, sizeof(*s));
	struct lang_expr *call = new_expr(ast, E_CALL, loc);

	call->call.name = lang_strdup(ast, "delete", 6);
	call->call.id = F_DELETE;
	call->call.args = lang_alloc(ast, sizeof(*call->call.args));
	call->call.args[0] = new_tid_map(ast, map, loc);
	call->call.nargs = 1;
	s->kind = S_EXPR;
	s->loc = loc;
	s->expr = call;
	return s;
}

static void ts_map_name(char *buf, size_t len, int block)
{
	snprintf(buf, len, "%sts%d", LANG_HIDDEN_MAP_PREFIX, block);
}

static void value_map_name(char *buf, size_t len, int block, int k)
{
	snprintf(buf, len, "%se%d_%d", LANG_HIDDEN_MAP_PREFIX, block, k);
}

static void value_var_name(char *buf, size_t len, int k)
{
	snprintf(buf, len, "$__scry_e%d", k);
}

#define TS_VAR "$__scry_ts"

/* ---- finding and replacing the uses ----------------------------------------------- */

static bool is_latency(const struct lang_expr *e)
{
	return e->kind == E_BUILTIN && e->builtin.id == B_LATENCY;
}

static bool is_entry(const struct lang_expr *e)
{
	return e->kind == E_CALL && e->call.id == F_ENTRY;
}

static void fail(struct rewrite *rw, struct lang_loc loc, const char *msg)
{
	if (rw->failed)
		return;
	lang_diag(rw->err, rw->errlen, rw->ast, loc, "%s", msg);
	rw->failed = true;
}

/* Two entry() arguments are one value when they are written alike. */
static bool same_text(const struct lang_ast *ast, const struct lang_expr *a, const struct lang_expr *b)
{
	return a->loc.len == b->loc.len && !memcmp(ast->src + a->loc.off, ast->src + b->loc.off, a->loc.len);
}

static void rewrite_expr(struct rewrite *rw, struct lang_expr **ep);

static void rewrite_exprs(struct rewrite *rw, struct lang_expr **v, int n)
{
	for (int i = 0; i < n; i++)
		rewrite_expr(rw, &v[i]);
}

/* Replace latency by (nsecs - $__scry_ts) and entry(E) by $__scry_eK, in
 * place, noting each distinct E. */
static void rewrite_expr(struct rewrite *rw, struct lang_expr **ep)
{
	struct lang_expr *e = *ep;
	char name[64];

	if (!e || rw->failed)
		return;
	if (is_latency(e) || is_entry(e)) {
		if (!rw->uses)
			rw->first_use = e->loc;
		rw->uses = true;
	}
	if (is_latency(e)) {
		*ep = new_binary(rw->ast, OP_SUB, new_builtin(rw->ast, B_NSECS, e->loc),
				 new_var(rw->ast, TS_VAR, e->loc), e->loc);
		return;
	}
	if (is_entry(e)) {
		int k;

		if (e->call.nargs != 1) {
			fail(rw, e->loc, "entry() takes one argument: the value to take at the function's entry");
			return;
		}
		for (k = 0; k < rw->nentry; k++)
			if (same_text(rw->ast, rw->entry_exprs[k], e->call.args[0]))
				break;
		if (k == rw->nentry) {
			if (rw->nentry == LANG_MAX_ENTRY_VALUES) {
				fail(rw, e->loc, "too many distinct entry() values in one block");
				return;
			}
			rw->entry_exprs[rw->nentry++] = e->call.args[0];
		}
		value_var_name(name, sizeof(name), k);
		*ep = new_var(rw->ast, name, e->loc);
		return;
	}
	switch (e->kind) {
	case E_MAP:
		rewrite_exprs(rw, e->map.keys, e->map.nkeys);
		break;
	case E_FIELD:
		rewrite_expr(rw, &e->field.base);
		break;
	case E_TUPLE:
		rewrite_exprs(rw, e->tuple.elems, e->tuple.n);
		break;
	case E_INDEX:
		rewrite_expr(rw, &e->index.base);
		rewrite_expr(rw, &e->index.index);
		break;
	case E_UNARY:
	case E_BINARY:
	case E_TERNARY:
	case E_INCDEC:
		rewrite_expr(rw, &e->op.a);
		rewrite_expr(rw, &e->op.b);
		rewrite_expr(rw, &e->op.c);
		break;
	case E_CALL:
		rewrite_exprs(rw, e->call.args, e->call.nargs);
		break;
	case E_CAST:
		rewrite_expr(rw, &e->cast.a);
		break;
	default:
		break;
	}
}

static void rewrite_stmts(struct rewrite *rw, struct lang_stmt *s)
{
	for (; s && !rw->failed; s = s->next) {
		switch (s->kind) {
		case S_EXPR:
			rewrite_expr(rw, &s->expr);
			break;
		case S_ASSIGN:
			rewrite_expr(rw, &s->assign.lhs);
			rewrite_expr(rw, &s->assign.rhs);
			break;
		case S_IF:
			rewrite_expr(rw, &s->if_.cond);
			rewrite_stmts(rw, s->if_.then);
			rewrite_stmts(rw, s->if_.otherwise);
			break;
		case S_WHILE:
			rewrite_expr(rw, &s->while_.cond);
			rewrite_stmts(rw, s->while_.body);
			break;
		case S_UNROLL:
			rewrite_stmts(rw, s->unroll.body);
			break;
		}
	}
}

/* ---- the entry probes -------------------------------------------------------------- */

/* The probe that enters what p returns from, or false when p is no return
 * probe: uretprobe -> uprobe, kretprobe -> kprobe, a syscall's exit
 * tracepoint -> its enter tracepoint (globs map the same way). */
static bool entry_probe(struct lang_ast *ast, const struct lang_probe *p, struct lang_probe *out)
{
	static const char exit_prefix[] = "sys_exit", enter_prefix[] = "sys_enter";
	char buf[512];

	*out = *p;
	switch (p->type) {
	case P_URETPROBE:
		out->type = P_UPROBE;
		snprintf(buf, sizeof(buf), "uprobe:%s:%s", p->target ? p->target : "", p->func ? p->func : "");
		break;
	case P_KRETPROBE:
		out->type = P_KPROBE;
		snprintf(buf, sizeof(buf), "kprobe:%s", p->func ? p->func : "");
		break;
	case P_TRACEPOINT:
		if (!p->target || !p->func || strncmp(p->func, exit_prefix, strlen(exit_prefix)) ||
		    (strcmp(p->target, "syscalls") && strcmp(p->target, "raw_syscalls")))
			return false;
		snprintf(buf, sizeof(buf), "%s%s", enter_prefix, p->func + strlen(exit_prefix));
		out->func = lang_strdup(ast, buf, strlen(buf));
		snprintf(buf, sizeof(buf), "tracepoint:%s:%s", p->target, out->func);
		break;
	default:
		return false;
	}
	out->text = lang_strdup(ast, buf, strlen(buf));
	return true;
}

static int desugar_block(struct lang_ast *ast, struct lang_block *b, int idx, struct lang_block **entry_out,
			 char *err, size_t errlen)
{
	struct rewrite rw = { .ast = ast, .block = idx, .err = err, .errlen = errlen };
	struct lang_block *eb;
	struct lang_stmt *head = NULL, **tail = &head, *iff;
	struct lang_expr *cond;
	struct lang_loc loc;
	char name[64], var[64];

	*entry_out = NULL;
	rewrite_expr(&rw, &b->pred);
	rewrite_stmts(&rw, b->body);
	if (rw.failed)
		return -1;
	if (!rw.uses)
		return 0;
	loc = rw.first_use;

	/* The entry block: the same probes, entered. */
	eb = lang_alloc(ast, sizeof(*eb));
	eb->loc = b->loc;
	eb->nprobes = b->nprobes;
	eb->probes = lang_alloc(ast, (size_t)b->nprobes * sizeof(*eb->probes));
	for (int i = 0; i < b->nprobes; i++) {
		if (!entry_probe(ast, &b->probes[i], &eb->probes[i])) {
			lang_diag(err, errlen, ast, loc, "latency and entry() are only available in return probes "
				  "(uretprobe, kretprobe, syscalls:sys_exit_*); %s is not one", b->probes[i].text);
			return -1;
		}
	}
	ts_map_name(name, sizeof(name), idx);
	*tail = new_assign(ast, new_tid_map(ast, name, loc), new_builtin(ast, B_NSECS, loc), loc);
	tail = &(*tail)->next;
	for (int k = 0; k < rw.nentry; k++) {
		value_map_name(name, sizeof(name), idx, k);
		*tail = new_assign(ast, new_tid_map(ast, name, loc), rw.entry_exprs[k], rw.entry_exprs[k]->loc);
		tail = &(*tail)->next;
	}
	eb->body = head;
	*entry_out = eb;

	/* The return block: take the entry's values, forget them, run the
	 * block when there was an entry. */
	head = NULL;
	tail = &head;
	ts_map_name(name, sizeof(name), idx);
	*tail = new_assign(ast, new_var(ast, TS_VAR, loc), new_tid_map(ast, name, loc), loc);
	tail = &(*tail)->next;
	for (int k = 0; k < rw.nentry; k++) {
		value_map_name(name, sizeof(name), idx, k);
		value_var_name(var, sizeof(var), k);
		*tail = new_assign(ast, new_var(ast, var, loc), new_tid_map(ast, name, loc), loc);
		tail = &(*tail)->next;
	}
	ts_map_name(name, sizeof(name), idx);
	*tail = new_delete(ast, name, loc);
	tail = &(*tail)->next;
	for (int k = 0; k < rw.nentry; k++) {
		value_map_name(name, sizeof(name), idx, k);
		*tail = new_delete(ast, name, loc);
		tail = &(*tail)->next;
	}
	cond = new_binary(ast, OP_NE, new_var(ast, TS_VAR, loc), new_expr(ast, E_INT, loc), loc);
	if (b->pred)
		cond = new_binary(ast, OP_LAND, cond, b->pred, b->pred->loc);
	iff = lang_alloc(ast, sizeof(*iff));
	iff->kind = S_IF;
	iff->loc = loc;
	iff->if_.cond = cond;
	iff->if_.then = b->body;
	*tail = iff;
	b->body = head;
	b->pred = NULL;
	return 0;
}

int lang_entry_desugar(struct lang_ast *ast, char *err, size_t errlen)
{
	struct lang_block **link = &ast->blocks;
	int idx = 0;

	while (*link) {
		struct lang_block *b = *link, *eb;

		if (desugar_block(ast, b, idx, &eb, err, errlen))
			return -1;
		if (eb) {
			/* before the return block: the entry's stores come first */
			eb->next = b;
			*link = eb;
			ast->nblocks++;
		}
		link = &b->next;
		idx++;
	}
	return 0;
}
