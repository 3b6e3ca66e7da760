/* Probe specs in perf probe's syntax, parsed into data, and the tracefs
 * definitions they turn into.
 *
 *   [[GROUP:]EVENT=]FUNC[@SRC][:RLINE|+OFF|%return|;PATTERN] [ARG ...]
 *   [[GROUP:]EVENT=]SRC:ALINE [ARG ...]
 *   ARG: [NAME=]VAR[->FIELD|.FIELD|[N]]...[:TYPE] | $retval | $params
 *        | %REG | @GLOBAL | +OFF(%REG) style raw fetch args
 *
 * This header is the contract between the parser/CLI side (probe-spec.c,
 * probe-file.c, builtin-probe.c) and the DWARF side (dwarf.c,
 * probe-finder.c): the parser fills struct probe_spec, the finder turns it
 * into struct probe_point instances with tracefs fetch arguments. */
#ifndef SCRY_PROBE_SPEC_H
#define SCRY_PROBE_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include "util/types.h"

/* One step of a variable access path: VAR->FIELD, VAR.FIELD, VAR[N]. */
enum probe_access_kind { PROBE_ACCESS_ARROW, PROBE_ACCESS_DOT, PROBE_ACCESS_INDEX };
struct probe_access {
	enum probe_access_kind kind;
	char *field;            /* ARROW, DOT */
	long index;             /* INDEX */
};

enum probe_arg_kind {
	PROBE_ARG_VAR,          /* a DWARF variable, with an access path */
	PROBE_ARG_RETVAL,       /* $retval (only with %return) */
	PROBE_ARG_PARAMS,       /* $params: expands to every parameter */
	PROBE_ARG_REG,          /* %REG: passed through */
	PROBE_ARG_GLOBAL,       /* @GLOBAL */
	PROBE_ARG_RAW,          /* anything else tracefs accepts, passed through */
};

struct probe_arg_spec {
	enum probe_arg_kind kind;
	char *name;             /* NAME= given by the user, or NULL */
	char *var;              /* variable / register / global / raw text; REG and GLOBAL
	                         * without their '%' / '@' ("di", "jiffies") */
	struct probe_access *access;
	int nr_access;
	char *type;             /* ":TYPE" given (u8..s64, x8..x64, string), or NULL */
	char *text;             /* the argument as the user wrote it */
};

enum probe_place_kind {
	PROBE_PLACE_FUNC,       /* FUNC, FUNC+OFF, FUNC:RLINE, FUNC;PATTERN, FUNC%return */
	PROBE_PLACE_LINE,       /* SRC:ALINE */
};

struct probe_spec {
	char *group, *event;    /* NULL when not given */
	enum probe_place_kind place;
	char *func;             /* PROBE_PLACE_FUNC */
	char *src;              /* @SRC or SRC of SRC:ALINE, or NULL */
	int line;               /* RLINE (relative to the function's first line) or ALINE; 0: none */
	u64 offset;             /* +OFF; 0: none */
	bool has_offset;
	bool ret;               /* %return */
	char *lazy;             /* ;PATTERN (a glob over source lines) or NULL */
	struct probe_arg_spec *args;
	int nr_args;
	char *text;             /* the whole spec as given */
};

/* Parse one probe spec (the place and its arguments, as one string or as
 * argv words joined by spaces). On error returns -1 with one line in err. */
int probe_spec_parse(const char *text, struct probe_spec *spec, char *err, size_t errlen);
void probe_spec_free(struct probe_spec *spec);

/* The name an argument gets in the event (perf's rule, for DWARF and BTF
 * alike): NAME= if given; the last field of an access path (the variable
 * for an index-only one); the variable, with "_TYPE" when a type was
 * given; else "argPOS". Allocated (util/xalloc: never NULL). */
char *probe_arg_name(const struct probe_arg_spec *a, int pos);

/* One place a spec resolved to (an inlined function or a line with several
 * addresses gives several), with its fetch arguments in tracefs syntax. */
struct probe_fetch_arg {
	char *name;             /* the argument name in the event (e.g. "x", "p_name", "arg1") */
	char *fetch;            /* e.g. "%di:s32", "+8(%sp):u64", "+0(+16(%di)):string" */
};

struct probe_point {
	u64 address;            /* uprobes: file offset in the binary; kprobes: unused (symbol+offset) */
	char *symbol;           /* function symbol containing the place (kprobes: SYMBOL+OFF) */
	u64 sym_offset;         /* offset of the place from symbol's start */
	bool ret;               /* a return probe */
	char *func;             /* function (DWARF name) for -l and the default event name */
	char *file;             /* source file, or NULL without DWARF */
	int line;               /* source line, 0 without DWARF */
	int rline;              /* line relative to the function's start (for -l), -1 unknown */
	struct probe_fetch_arg *args;
	int nr_args;
};

void probe_point_free(struct probe_point *p);

#endif
