/* Kernel probe points from BTF and kallsyms (see util/probe/probe-btf.h).
 *
 * BTF knows a function's parameters (names and types) but not where they
 * live; at the entry of a function the x86-64 calling convention puts the
 * first six integer/pointer arguments in %di %si %dx %cx %r8 %r9, so
 * parameters are offered there only. Kprobes name their place as
 * SYMBOL+OFFSET, so no address is needed. */
#include "util/probe/probe-btf.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/dwarf-regs.h"
#include "util/strutil.h"
#include "util/xalloc.h"

#define BTF_PATH "/sys/kernel/btf/vmlinux"
#define KALLSYMS_PATH "/proc/kallsyms"

struct probe_btf {
	struct btf *btf;        /* NULL: no BTF */
	char **funcs;           /* kallsyms text symbols, sorted (loaded on first use) */
	size_t nr_funcs;
	bool funcs_loaded;
};

struct probe_btf *probe_btf_open(char *err, size_t errlen)
{
	struct probe_btf *b = xcalloc(1, sizeof(*b));

	b->btf = btf__parse(BTF_PATH, NULL);
	if (!b->btf)
		b->btf = NULL;
	return b;
}

void probe_btf_close(struct probe_btf *b)
{
	if (!b)
		return;
	btf__free(b->btf);
	for (size_t i = 0; i < b->nr_funcs; i++)
		free(b->funcs[i]);
	free(b->funcs);
	free(b);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The kernel's text symbols (not modules'), sorted, once. */
static void load_funcs(struct probe_btf *b)
{
	FILE *f;
	char line[512];
	size_t cap = 0;

	if (b->funcs_loaded)
		return;
	b->funcs_loaded = true;
	f = fopen(KALLSYMS_PATH, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char type, name[256];
		unsigned long long addr;

		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3 || (type != 'T' && type != 't') ||
		    strchr(line, '['))
			continue;
		if (b->nr_funcs == cap) {
			cap = cap ? cap * 2 : 65536;
			b->funcs = xrealloc(b->funcs, cap * sizeof(*b->funcs));
		}
		b->funcs[b->nr_funcs++] = xstrdup(name);
	}
	fclose(f);
	qsort(b->funcs, b->nr_funcs, sizeof(*b->funcs), str_cmp);
}

static bool kernel_has_func(struct probe_btf *b, const char *name)
{
	load_funcs(b);
	return bsearch(&name, b->funcs, b->nr_funcs, sizeof(*b->funcs), str_cmp) != NULL;
}

static const struct btf_type *func_proto(struct probe_btf *b, const char *name)
{
	const struct btf_type *t;
	int id;

	if (!b->btf)
		return NULL;
	id = btf__find_by_name_kind(b->btf, name, BTF_KIND_FUNC);
	if (id < 0 || !(t = btf__type_by_id(b->btf, id)))
		return NULL;
	t = btf__type_by_id(b->btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

/* The tracefs type of a BTF type (typedefs and qualifiers skipped). */
static int btf_fetch_type(struct probe_btf *b, __u32 id, const char *what, char *buf, size_t len, char *err,
			  size_t errlen)
{
	int rid = btf__resolve_type(b->btf, id);
	const struct btf_type *t = rid >= 0 ? btf__type_by_id(b->btf, rid) : NULL;

	if (!t)
		return errf(err, errlen, "'%s': unknown type in BTF", what);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		snprintf(buf, len, "x64");
		return 0;
	case BTF_KIND_INT:
		if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
			break;
		snprintf(buf, len, "%c%u", btf_int_encoding(t) & BTF_INT_SIGNED ? 's' : 'u', t->size * 8);
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		snprintf(buf, len, "u%u", t->size * 8);
		return 0;
	case BTF_KIND_FLOAT:
		return errf(err, errlen, "'%s' is floating point, which tracefs cannot fetch", what);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return errf(err, errlen, "'%s' is a struct or union: fetch a member with '.' or '->'", what);
	case BTF_KIND_ARRAY:
		return errf(err, errlen, "'%s' is an array: fetch an element with [N]", what);
	}
	return errf(err, errlen, "'%s' has a type tracefs cannot fetch", what);
}

/* Follow VAR->a.b[N] through BTF types from a fetch expression. */
static int btf_access(struct probe_btf *b, const struct probe_arg_spec *a, char **expr, __u32 *type_id,
		      bool *in_reg, char *err, size_t errlen)
{
	s64 pending = 0;        /* offset into the struct at *expr (memory) */

	for (int i = 0; i < a->nr_access; i++) {
		const struct probe_access *acc = &a->access[i];
		int rid = btf__resolve_type(b->btf, *type_id);
		const struct btf_type *t = rid >= 0 ? btf__type_by_id(b->btf, rid) : NULL;
		const struct btf_member *m;
		bool found = false;

		if (!t)
			return errf(err, errlen, "'%s': unknown type in BTF", a->text);
		if (acc->kind == PROBE_ACCESS_INDEX || acc->kind == PROBE_ACCESS_ARROW) {
			if (!btf_is_ptr(t))
				return errf(err, errlen, "'%s': '%s' needs a pointer", a->text,
					    acc->kind == PROBE_ACCESS_ARROW ? "->" : "[N]");
			if (!*in_reg || pending) {
				char *e = xasprintf("%+lld(%s)", (long long)pending, *expr);

				free(*expr);
				*expr = e;
			}
			*in_reg = false;
			pending = 0;
			*type_id = t->type;
			if (acc->kind == PROBE_ACCESS_INDEX) {
				s64 sz = btf__resolve_size(b->btf, t->type);

				if (sz <= 0)
					return errf(err, errlen, "'%s': elements of unknown size", a->text);
				pending = acc->index * sz;
				continue;
			}
			rid = btf__resolve_type(b->btf, t->type);
			t = rid >= 0 ? btf__type_by_id(b->btf, rid) : NULL;
		} else if (*in_reg) {
			return errf(err, errlen, "'%s': '.' on a value in a register (use '->')", a->text);
		}
		if (!t || (!btf_is_struct(t) && !btf_is_union(t)))
			return errf(err, errlen, "'%s': '%s' is not a struct or union member access", a->text, acc->field);
		m = btf_members(t);
		for (int j = 0; j < btf_vlen(t); j++, m++) {
			const char *n = btf__name_by_offset(b->btf, m->name_off);

			if (!n || strcmp(n, acc->field))
				continue;
			if (btf_member_bitfield_size(t, j))
				return errf(err, errlen, "'%s' is a bitfield, which scry cannot fetch", a->text);
			pending += btf_member_bit_offset(t, j) / 8;
			*type_id = m->type;
			found = true;
			break;
		}
		if (!found)
			return errf(err, errlen, "'%s': no member '%s' (in BTF)", a->text, acc->field);
	}
	if (!*in_reg) {
		char *e = xasprintf("%+lld(%s)", (long long)pending, *expr);

		free(*expr);
		*expr = e;
	}
	return 0;
}

static void push(struct probe_point *p, char *name, char *fetch)
{
	p->args = xrealloc(p->args, (p->nr_args + 1) * sizeof(*p->args));
	p->args[p->nr_args].name = name;
	p->args[p->nr_args++].fetch = fetch;
}

static int param_arg(struct probe_btf *b, const struct btf_type *proto, int idx, const struct probe_arg_spec *a,
		     const char *name, struct probe_point *p, char *err, size_t errlen)
{
	const struct btf_param *prm = &btf_params(proto)[idx];
	const char *reg = arch_arg_reg(idx);
	char type[16];
	char *expr;
	__u32 tid = prm->type;
	bool in_reg = true;

	if (!reg)
		return errf(err, errlen, "'%s' is argument %d: only the first six are in registers", a->text, idx + 1);
	expr = xstrdup(reg);
	if (btf_access(b, a, &expr, &tid, &in_reg, err, errlen))
		goto bad;
	if (a->type && !strcmp(a->type, "string")) {
		int rid = btf__resolve_type(b->btf, tid);
		const struct btf_type *t = rid >= 0 ? btf__type_by_id(b->btf, rid) : NULL;

		if (!t || !btf_is_ptr(t)) {
			errf(err, errlen, "'%s': ':string' needs a char pointer", a->text);
			goto bad;
		}
		push(p, xstrdup(name), xasprintf("+0(%s):string", expr));
		free(expr);
		return 0;
	}
	if (a->type)
		snprintf(type, sizeof(type), "%s", a->type);
	else if (btf_fetch_type(b, tid, a->text, type, sizeof(type), err, errlen))
		goto bad;
	push(p, xstrdup(name), xasprintf("%s:%s", expr, type));
	free(expr);
	return 0;
bad:
	free(expr);
	return -1;
}

struct suggest_all {
	struct suggest s;
};

int probe_btf_resolve(struct probe_btf *b, const struct probe_spec *spec, struct probe_point **points, int *nr,
		      char *err, size_t errlen)
{
	const struct btf_type *proto;
	struct probe_point *p;

	*points = NULL;
	*nr = 0;
	if (spec->place == PROBE_PLACE_LINE || spec->line || spec->lazy || spec->src)
		return errf(err, errlen, "'%s': source lines in the kernel need vmlinux debug info, not found "
			    "(looked in /usr/lib/debug/boot, /boot, /lib/modules/$(uname -r)/build)", spec->text);
	if (!kernel_has_func(b, spec->func)) {
		struct suggest s;
		char buf[256];

		suggest_init(&s, spec->func);
		for (size_t i = 0; i < b->nr_funcs; i++)
			suggest_add(&s, b->funcs[i]);
		if (!b->nr_funcs)
			return errf(err, errlen, "cannot read kernel functions from %s", KALLSYMS_PATH);
		if (s.nr) {
			suggest_format(&s, buf, sizeof(buf));
			return errf(err, errlen, "no kernel function '%s' (did you mean: %s?)", spec->func, buf);
		}
		return errf(err, errlen, "no kernel function '%s'", spec->func);
	}
	proto = func_proto(b, spec->func);
	p = xcalloc(1, sizeof(*p));
	p->symbol = xstrdup(spec->func);
	p->sym_offset = spec->offset;
	p->ret = spec->ret;
	p->func = xstrdup(spec->func);
	p->rline = -1;
	for (int i = 0; i < spec->nr_args; i++) {
		const struct probe_arg_spec *a = &spec->args[i];
		char *name = probe_arg_name(a, p->nr_args + 1);
		int ret = 0;

		switch (a->kind) {
		case PROBE_ARG_RAW:
			push(p, name, a->type ? xasprintf("%s:%s", a->var, a->type) : xstrdup(a->var));
			continue;
		case PROBE_ARG_REG:
			if (!arch_reg_valid(a->var)) {
				ret = errf(err, errlen, "'%s': no register %%%s on x86-64", a->text, a->var);
				break;
			}
			push(p, name, xasprintf("%%%s%s%s", a->var, a->type ? ":" : "", a->type ? a->type : ""));
			continue;
		case PROBE_ARG_GLOBAL:
			if (a->nr_access) {
				ret = errf(err, errlen, "'%s': fields of kernel globals need vmlinux debug info", a->text);
				break;
			}
			push(p, name, xasprintf("@%s:%s", a->var, a->type ? a->type : "u64"));
			continue;
		case PROBE_ARG_RETVAL: {
			char type[16] = "";

			if (proto && !a->type && proto->type &&
			    btf_fetch_type(b, proto->type, "$retval", type, sizeof(type), err, errlen)) {
				ret = -1;
				break;
			}
			free(name);
			push(p, xstrdup(a->name ? a->name : "retval"),
			     xasprintf("$retval%s%s", a->type || type[0] ? ":" : "", a->type ? a->type : type));
			continue;
		}
		case PROBE_ARG_PARAMS:
		case PROBE_ARG_VAR: {
			int n = proto ? btf_vlen(proto) : 0, found = -1;

			if (!proto) {
				ret = errf(err, errlen, "'%s': no BTF for %s (%s)", a->text, spec->func,
					   b->btf ? "not in " BTF_PATH : BTF_PATH " missing");
				break;
			}
			if (spec->ret || spec->offset) {
				ret = errf(err, errlen, "'%s': without vmlinux debug info, parameters are known only at "
					   "the function's entry", a->text);
				break;
			}
			for (int j = 0; j < n; j++) {
				const char *pn = btf__name_by_offset(b->btf, btf_params(proto)[j].name_off);

				if (a->kind == PROBE_ARG_PARAMS) {
					struct probe_arg_spec pa = { .kind = PROBE_ARG_VAR, .var = (char *)pn,
								     .text = (char *)pn };
					char e2[256];

					if (pn && *pn)
						param_arg(b, proto, j, &pa, pn, p, e2, sizeof(e2));
				} else if (pn && !strcmp(pn, a->var)) {
					found = j;
				}
			}
			if (a->kind == PROBE_ARG_VAR) {
				if (found < 0) {
					char names[256] = "";
					size_t used = 0;

					for (int j = 0; j < n; j++)
						used += snprintf(names + used, used < sizeof(names) ? sizeof(names) - used : 0,
								 "%s%s", j ? ", " : "",
								 btf__name_by_offset(b->btf, btf_params(proto)[j].name_off));
					ret = errf(err, errlen, "no parameter '%s' in %s (parameters: %s; locals need "
						   "vmlinux debug info)", a->var, spec->func, n ? names : "none");
				} else {
					ret = param_arg(b, proto, found, a, name, p, err, errlen);
				}
			}
			break;
		}
		}
		free(name);
		if (ret) {
			probe_point_free(p);
			free(p);
			return -1;
		}
	}
	*points = p;
	*nr = 1;
	return 0;
}

int probe_btf_show_vars(struct probe_btf *b, const struct probe_spec *spec, const struct probe_filter *filter,
			FILE *out, char *err, size_t errlen)
{
	const struct btf_type *proto;
	char **lines;
	int n;

	if (spec->place != PROBE_PLACE_FUNC || spec->line || spec->lazy || spec->ret || spec->offset)
		return errf(err, errlen, "'%s': without vmlinux debug info, only a function's entry has known "
			    "variables (its parameters, from BTF)", spec->text);
	if (!kernel_has_func(b, spec->func))
		return errf(err, errlen, "no kernel function '%s'", spec->func);
	proto = func_proto(b, spec->func);
	if (!proto)
		return errf(err, errlen, "no BTF for %s", spec->func);
	n = btf_vlen(proto);
	lines = xcalloc(n ? n : 1, sizeof(*lines));
	for (int j = 0; j < n; j++) {
		const struct btf_param *prm = &btf_params(proto)[j];
		char tn[256] = "";
		struct btf_dump *d = NULL;

		(void)d;
		/* A short type name: BTF's own name after typedefs, "*" per pointer. */
		__u32 id = prm->type;
		int stars = 0;
		const struct btf_type *t = btf__type_by_id(b->btf, id);

		while (t && (btf_is_ptr(t) || btf_is_const(t) || btf_is_volatile(t) || btf_is_restrict(t))) {
			if (btf_is_ptr(t))
				stars++;
			t = btf__type_by_id(b->btf, t->type);
		}
		snprintf(tn, sizeof(tn), "%s%s%.*s",
			 !t ? "void" : btf_is_struct(t) ? "struct " : btf_is_union(t) ? "union " : btf_is_enum(t) ? "enum " : "",
			 t && t->name_off ? btf__name_by_offset(b->btf, t->name_off) : t ? "" : "",
			 stars, "**********");
		lines[j] = xasprintf("%s\t%s", tn, btf__name_by_offset(b->btf, prm->name_off));
	}
	qsort(lines, n, sizeof(*lines), str_cmp);
	fprintf(out, "Available variables at %s\n\t@<%s+0>\n", spec->func, spec->func);
	for (int j = 0; j < n; j++) {
		if (!filter || probe_filter_match(filter, strchr(lines[j], '\t') + 1))
			fprintf(out, "\t\t%s\n", lines[j]);
		free(lines[j]);
	}
	free(lines);
	return 0;
}

int probe_btf_show_funcs(struct probe_btf *b, const struct probe_filter *filter, FILE *out, char *err,
			 size_t errlen)
{
	load_funcs(b);
	if (!b->nr_funcs)
		return errf(err, errlen, "cannot read kernel functions from %s", KALLSYMS_PATH);
	for (size_t i = 0; i < b->nr_funcs; i++) {
		if (i && !strcmp(b->funcs[i], b->funcs[i - 1]))
			continue;
		if (filter ? !probe_filter_match(filter, b->funcs[i]) : b->funcs[i][0] == '_')
			continue;
		fprintf(out, "%s\n", b->funcs[i]);
	}
	return 0;
}
