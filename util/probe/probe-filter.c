/* perf probe's name filters (see util/probe/probe-filter.h): a recursive
 * descent parser into an array of nodes, and their evaluation.
 *
 *   or    := and ('|' and)*
 *   and   := unary ('&' unary)*
 *   unary := '!' unary | '(' or ')' | GLOB
 *
 * A glob runs to a blank or one of "&|()"; a '!' inside it (a "[!a-z]"
 * class) is the glob's own. */
#include "util/probe/probe-filter.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"
#include "util/xalloc.h"

enum node_kind { NODE_GLOB, NODE_NOT, NODE_AND, NODE_OR };

struct node {
	enum node_kind kind;
	int l, r;               /* operands (NOT: l only) */
	char *glob;
};

struct probe_filter {
	struct node *v;
	int nr;
	int root;
};

struct parser {
	struct probe_filter *f;
	const char *s;          /* the rest of the text */
	const char *text;       /* all of it, for messages */
	char *err;
	size_t errlen;
	int depth;
};

static int node_new(struct probe_filter *f, enum node_kind kind, int l, int r, char *glob)
{
	f->v = xrealloc(f->v, (size_t)(f->nr + 1) * sizeof(*f->v));
	f->v[f->nr] = (struct node){ .kind = kind, .l = l, .r = r, .glob = glob };
	return f->nr++;
}

static char peek(struct parser *p)
{
	while (isspace((unsigned char)*p->s))
		p->s++;
	return *p->s;
}

static int parse_or(struct parser *p);

static int parse_unary(struct parser *p)
{
	char c = peek(p);
	size_t n;

	if (c == '!') {
		int operand;

		p->s++;
		operand = parse_unary(p);
		return operand < 0 ? -1 : node_new(p->f, NODE_NOT, operand, -1, NULL);
	}
	if (c == '(') {
		int inner;

		if (++p->depth > 64)
			return errf(p->err, p->errlen, "bad filter '%s': parentheses nested too deep", p->text);
		p->s++;
		inner = parse_or(p);
		if (inner < 0)
			return -1;
		if (peek(p) != ')')
			return errf(p->err, p->errlen, "bad filter '%s': '(' without its ')'", p->text);
		p->s++;
		p->depth--;
		return inner;
	}
	n = strcspn(p->s, "&|() \t\n");
	if (!n)
		return errf(p->err, p->errlen, "bad filter '%s': %s where a pattern should be", p->text,
			    c ? (c == ')' ? "')'" : c == '&' ? "'&'" : "'|'") : "the end");
	p->s += n;
	return node_new(p->f, NODE_GLOB, -1, -1, xstrndup(p->s - n, n));
}

static int parse_and(struct parser *p)
{
	int l = parse_unary(p);

	while (l >= 0 && peek(p) == '&') {
		int r;

		p->s++;
		r = parse_unary(p);
		l = r < 0 ? -1 : node_new(p->f, NODE_AND, l, r, NULL);
	}
	return l;
}

static int parse_or(struct parser *p)
{
	int l = parse_and(p);

	while (l >= 0 && peek(p) == '|') {
		int r;

		p->s++;
		r = parse_and(p);
		l = r < 0 ? -1 : node_new(p->f, NODE_OR, l, r, NULL);
	}
	return l;
}

struct probe_filter *probe_filter_new(const char *text, char *err, size_t errlen)
{
	struct probe_filter *f = xcalloc(1, sizeof(*f));
	struct parser p = { .f = f, .s = text, .text = text, .err = err, .errlen = errlen };

	f->root = parse_or(&p);
	if (f->root >= 0 && peek(&p)) {
		errf(err, errlen, "bad filter '%s': unexpected '%c'", text, *p.s);
		f->root = -1;
	}
	if (f->root < 0) {
		probe_filter_free(f);
		return NULL;
	}
	return f;
}

void probe_filter_free(struct probe_filter *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->nr; i++)
		free(f->v[i].glob);
	free(f->v);
	free(f);
}

static bool eval(const struct probe_filter *f, int i, const char *name)
{
	const struct node *n = &f->v[i];

	switch (n->kind) {
	case NODE_GLOB:
		return fnmatch(n->glob, name, 0) == 0;
	case NODE_NOT:
		return !eval(f, n->l, name);
	case NODE_AND:
		return eval(f, n->l, name) && eval(f, n->r, name);
	case NODE_OR:
		return eval(f, n->l, name) || eval(f, n->r, name);
	}
	return false;
}

bool probe_filter_match(const struct probe_filter *f, const char *name)
{
	return eval(f, f->root, name);
}
