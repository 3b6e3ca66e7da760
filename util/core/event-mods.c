#include "util/core/event-mods.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86/perf-regs.h"
#include "util/types.h"

#define KNOWN_MODS "u k h G H I p pp ppp S D e W"
#define DEFAULT_STACK_DUMP 8192
#define MAX_STACK_DUMP 65528    /* the kernel's limit for sample_stack_user */
#define MAX_STACK_DEPTH 1024

int event_mods_apply(struct perf_event_attr *a, const char *mods, bool *sample_read,
		     const char *spec, char *err, size_t errlen)
{
	/* Start from what the event excludes now, so a group's modifier adds
	 * to its members' own ("{cpu-clock:u,task-clock}:k"). */
	int eu = a->exclude_user, ek = a->exclude_kernel, eh = a->exclude_hv;
	int eG = a->exclude_guest, eH = a->exclude_host;
	bool exclude = eu || ek || eh, exclude_GH = false;
	unsigned seen[128] = { 0 };
	int precise = 0;

	for (const char *m = mods; *m; m++) {
		unsigned char c = (unsigned char)*m;

		if (c >= 128 || !strchr("ukhGHIpSDeW", c)) {
			snprintf(err, errlen, "bad modifier '%c' in '%s' (known: " KNOWN_MODS ")", *m, spec);
			return -1;
		}
		if (++seen[c] > (c == 'p' ? 3u : 1u)) {
			snprintf(err, errlen, "modifier '%c' repeated in '%s'%s", *m, spec,
				 c == 'p' ? " (at most ppp)" : "");
			return -1;
		}
		switch (c) {
		case 'u':
		case 'k':
		case 'h':
			/* The first privilege modifier excludes the others. */
			if (!exclude) {
				exclude = true;
				eu = ek = eh = 1;
			}
			if (c == 'u') {
				eu = 0;
				if (!exclude_GH)
					eG = 1;
			} else if (c == 'k') {
				ek = 0;
			} else {
				eh = 0;
			}
			break;
		case 'G':
		case 'H':
			if (!exclude_GH) {
				exclude_GH = true;
				eG = eH = 1;
			}
			if (c == 'G')
				eG = 0;
			else
				eH = 0;
			break;
		case 'I':
			a->exclude_idle = 1;
			break;
		case 'p':
			precise++;
			/* Precise sampling wants the guest excluded, as perf sets it. */
			if (!exclude_GH)
				eG = 1;
			break;
		case 'S':
			*sample_read = true;
			break;
		case 'D':
			a->pinned = 1;
			break;
		case 'e':
			a->exclusive = 1;
			break;
		case 'W':
			/* a weak group (perf stat splits it when it cannot be
			 * scheduled whole): scry counts group members apart
			 * anyway, so there is nothing to weaken */
			break;
		}
	}
	a->exclude_user = (u64)eu;
	a->exclude_kernel = (u64)ek;
	a->exclude_hv = (u64)eh;
	a->exclude_guest = (u64)eG;
	a->exclude_host = (u64)eH;
	if (precise)
		a->precise_ip = (u64)precise;
	return 0;
}

/* ---- terms ----------------------------------------------------------------- */

enum term_kind {
	TERM_PERIOD,
	TERM_FREQ,
	TERM_MAX_STACK,
	TERM_CALL_GRAPH,
	TERM_STACK_SIZE,
	TERM_NAME,
	TERM_INHERIT,
	TERM_NO_INHERIT,
};

static const struct term_def {
	const char *name;
	enum term_kind kind;
	bool has_value;
} term_defs[] = {
	{ "period", TERM_PERIOD, true },
	{ "freq", TERM_FREQ, true },
	{ "max-stack", TERM_MAX_STACK, true },
	{ "call-graph", TERM_CALL_GRAPH, true },
	{ "stack-size", TERM_STACK_SIZE, true },
	{ "name", TERM_NAME, true },
	{ "inherit", TERM_INHERIT, false },
	{ "no-inherit", TERM_NO_INHERIT, false },
};

const char *event_terms_known(void)
{
	return "period, freq, max-stack, call-graph, stack-size, name, inherit, no-inherit";
}

enum cg_mode { CG_UNSET, CG_NONE, CG_FP, CG_DWARF };

struct terms_state {
	enum cg_mode cg;
	long stack_size;        /* 0: the default */
	long max_stack;         /* -1: not given */
};

static int term_number(const char *term, const char *v, long lo, long hi, long *out,
		       const char *spec, char *err, size_t errlen)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 0);
	if (!*v || *end || errno || n < lo || n > hi) {
		if (hi == LONG_MAX)
			snprintf(err, errlen, "term %s in '%s' wants a number from %ld, not '%s'", term, spec, lo, v);
		else
			snprintf(err, errlen, "term %s in '%s' wants a number %ld..%ld, not '%s'", term, spec, lo, hi, v);
		return -1;
	}
	*out = n;
	return 0;
}

static const struct term_def *term_find(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(term_defs); i++)
		if (!strcmp(term_defs[i].name, key))
			return &term_defs[i];
	return NULL;
}

static int term_one(struct perf_event_attr *a, struct terms_state *st, const struct term_def *d,
		    const char *v, bool tracepoint, char **name, const char *spec, char *err, size_t errlen)
{
	long n;

	switch (d->kind) {
	case TERM_PERIOD:
		if (term_number(d->name, v, 1, LONG_MAX, &n, spec, err, errlen))
			return -1;
		a->freq = 0;
		a->sample_period = (u64)n;
		return 0;
	case TERM_FREQ:
		if (tracepoint) {
			snprintf(err, errlen, "term freq in '%s': a tracepoint samples every hit (period=N keeps every Nth)",
				 spec);
			return -1;
		}
		if (term_number(d->name, v, 1, 1000000, &n, spec, err, errlen))
			return -1;
		a->freq = 1;
		a->sample_freq = (u64)n;
		return 0;
	case TERM_MAX_STACK:
		return term_number(d->name, v, 1, MAX_STACK_DEPTH, &st->max_stack, spec, err, errlen);
	case TERM_CALL_GRAPH:
		if (!strcmp(v, "fp"))
			st->cg = CG_FP;
		else if (!strcmp(v, "dwarf"))
			st->cg = CG_DWARF;
		else if (!strcmp(v, "no"))
			st->cg = CG_NONE;
		else {
			snprintf(err, errlen, "term call-graph in '%s' is fp, dwarf or no, not '%s'", spec, v);
			return -1;
		}
		return 0;
	case TERM_STACK_SIZE:
		if (term_number(d->name, v, 8, MAX_STACK_DUMP, &st->stack_size, spec, err, errlen))
			return -1;
		if (st->cg == CG_UNSET)
			st->cg = CG_DWARF;
		return 0;
	case TERM_NAME:
		if (!*v) {
			snprintf(err, errlen, "term name in '%s' is empty", spec);
			return -1;
		}
		free(*name);
		*name = strdup(v);
		if (!*name) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		return 0;
	case TERM_INHERIT:
		a->inherit = 1;
		return 0;
	case TERM_NO_INHERIT:
		a->inherit = 0;
		return 0;
	}
	return 0;
}

/* What the call-graph terms ask for, on top of the command's own -g. */
static void terms_callchain(struct perf_event_attr *a, const struct terms_state *st)
{
	enum cg_mode cg = st->cg;

	if (cg == CG_UNSET && st->max_stack > 0 && !(a->sample_type & PERF_SAMPLE_CALLCHAIN))
		cg = CG_FP;     /* max-stack alone means frame-pointer chains, as in perf */
	switch (cg) {
	case CG_UNSET:
		break;
	case CG_NONE:
		a->sample_type &= ~(u64)(PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER);
		a->sample_regs_user = 0;
		a->sample_stack_user = 0;
		a->exclude_callchain_user = 0;
		break;
	case CG_FP:
		a->sample_type |= PERF_SAMPLE_CALLCHAIN;
		a->sample_type &= ~(u64)(PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER);
		a->sample_regs_user = 0;
		a->sample_stack_user = 0;
		a->exclude_callchain_user = 0;
		break;
	case CG_DWARF: {
		long size = st->stack_size ? st->stack_size : DEFAULT_STACK_DUMP;
		a->sample_type |= PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		a->sample_regs_user = arch_perf_regs_mask();
		/* The kernel wants a multiple of 8. */
		a->sample_stack_user = (u32)((size + 7) & ~7l);
		/* The user part comes from the stack copy, not frame pointers. */
		a->exclude_callchain_user = 1;
		break;
	}
	}
	if (st->max_stack > 0)
		a->sample_max_stack = (u16)st->max_stack;
}

int event_terms_apply(struct perf_event_attr *a, const char *terms, bool tracepoint, char **name,
		      const char *spec, char *err, size_t errlen)
{
	struct terms_state st = { CG_UNSET, 0, -1 };
	char *copy = strdup(terms), *save = NULL, *t;
	bool after_dwarf = false;

	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(t, '=');
		const char *v = eq ? eq + 1 : NULL;
		const struct term_def *d;
		long n;

		/* "call-graph=dwarf,4096": the size as its own item, as
		 * --call-graph takes it. */
		if (after_dwarf && !eq && t[0] >= '0' && t[0] <= '9') {
			after_dwarf = false;
			if (term_number("call-graph=dwarf,SIZE", t, 8, MAX_STACK_DUMP, &n, spec, err, errlen))
				goto fail;
			st.stack_size = n;
			continue;
		}
		if (eq)
			*eq = '\0';
		d = term_find(t);
		if (!d) {
			snprintf(err, errlen, "unknown term '%s' in '%s' (known terms: %s)", t, spec,
				 event_terms_known());
			goto fail;
		}
		if (d->has_value != (v != NULL)) {
			snprintf(err, errlen, d->has_value ? "term %s in '%s' needs a value (%s=...)"
							   : "term %s in '%s' takes no value",
				 d->name, spec, d->name);
			goto fail;
		}
		if (term_one(a, &st, d, v, tracepoint, name, spec, err, errlen))
			goto fail;
		after_dwarf = d->kind == TERM_CALL_GRAPH && st.cg == CG_DWARF;
	}
	free(copy);
	terms_callchain(a, &st);
	return 0;
fail:
	free(copy);
	return -1;
}
