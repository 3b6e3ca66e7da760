/* The syntax tree of a program in scry's aggregation language (bpftrace's
 * syntax), and the types the checker gives its expressions.
 *
 * The parser (parser.c) builds it, the checker (sema.c) fills in types,
 * variable slots, map ids and resolves builtins; the BPF code generator
 * (codegen.c) and the offline evaluator read it. Every node is allocated in
 * the tree's arena: lang_ast_free() releases the whole tree at once, so no
 * error path has to free nodes one by one.
 *
 * Locations are 1-based line and column of the node's first character, plus
 * its byte offset and length in the source, so an error can print the line
 * with a caret under the token (diag.c). */
#ifndef SCRY_LANG_AST_H
#define SCRY_LANG_AST_H

#include "util/types.h"

struct lang_loc {
	u32 line, col;          /* 1-based */
	u32 off, len;           /* byte offset of the first character, length in bytes */
};

/* ---- types ----------------------------------------------------------------- */

enum lang_type_kind {
	LT_NONE,        /* not yet typed, or a statement-like call (printf, exit) */
	LT_INT,         /* an integer: size 1, 2, 4 or 8, signed or not (computed in 64 bits) */
	LT_STR,         /* a NUL-padded string of size bytes (size includes room for the NUL) */
	LT_KSTACK,      /* a kernel stack (a stack-map id): printed one frame a line */
	LT_USTACK,      /* a user stack (stack-map id, pid, caller at a function's entry) */
	LT_PROBE,       /* the probe that fired: an index in the program's probe-name table */
	LT_KSYM,        /* a kernel address printed as its symbol: ksym(x) */
	LT_USYM,        /* a user address (and the pid it belongs to) printed as a symbol: usym(x) */
	LT_FUNC,        /* the probed function (func): an index in the attachment table, like LT_PROBE */
	/* What a map holds when it aggregates (never the type of an expression): */
	LT_COUNT,       /* count() */
	LT_SUM,         /* sum(x): is_signed from x */
	LT_MIN,         /* min(x) */
	LT_MAX,         /* max(x) */
	LT_AVG,         /* avg(x): printed as total / count */
	LT_STATS,       /* stats(x): "count N, average A, total T" */
	LT_HIST,        /* hist(x): power-of-two buckets */
	LT_LHIST,       /* lhist(x, min, max, step): linear buckets */
	/* A C struct, union or array in the probed program's (or the kernel's)
	 * memory: reached through a typed pointer, read one field at a time,
	 * never stored whole. Its value in generated code is its address. */
	LT_RECORD,
	/* Values of the functions in funcs.c, printed in user space: */
	LT_BUF,         /* buf(p, n): size = 8 + the bytes it holds; u64 length, then the bytes */
	LT_INET,        /* ntop(): u64 address family, 16 bytes of address */
	LT_TIMESTAMP,   /* strftime(fmt, ns): u64 format id (lang_program.fmts), u64 ns */
	LT_CGROUP_PATH, /* cgroup_path(id[, filter]): u64 filter's format id, u64 cgroup id */
	/* (a, b, ...): a value of several elements (tuple.h), laid out one
	 * after another at 8-byte aligned offsets; size: all its bytes. */
	LT_TUPLE,
};

struct lang_tuple;

struct lang_type {
	enum lang_type_kind kind;
	u32 size;               /* bytes of the value in BPF memory (LT_INT: 1/2/4/8; LT_STR: buffer size) */
	bool is_signed;         /* LT_INT, LT_SUM, LT_MIN, LT_MAX, LT_AVG, LT_STATS */
	u32 stack_frames;       /* LT_KSTACK/LT_USTACK: frames shown (kstack(N)); 0: the default */
	s64 lhist_min, lhist_max, lhist_step;   /* LT_LHIST */
	int ctype;              /* the C type (ctypes.h) + 1 of a typed value (LT_INT: an integer
	                         * or pointer of the program, LT_RECORD); 0: none */
	const struct lang_tuple *tuple; /* LT_TUPLE: the elements (tuple.h), in the tree's arena */
};

/* The default and the limits the language works with. */
#define LANG_STRLEN         64      /* str()'s buffer, as bpftrace's default BPFTRACE_STRLEN */
#define LANG_COMM_LEN       16      /* comm: TASK_COMM_LEN */
#define LANG_STACK_FRAMES   127     /* kstack/ustack without (N): perf's default max stack */
#define LANG_MAX_KEYS       8       /* @m[k1, ..., k8] */
#define LANG_MAX_ARGS       16      /* printf's arguments after the format */

/* ---- expressions ------------------------------------------------------------ */

enum lang_expr_kind {
	E_INT,          /* 42, 0x2a, 1_000, 1e6 */
	E_STR,          /* "text" (escapes already resolved) */
	E_BUILTIN,      /* pid, comm, arg0, kstack, ... (kstack(N)/ustack(N) too) */
	E_POSITIONAL,   /* $1 .. $9: a command-line argument after the program (bpftrace's positional params) */
	E_VAR,          /* $name: a scratch variable of the probe block */
	E_MAP,          /* @name, @name[k1, k2, ...] read as a value */
	E_ARGS,         /* args.FIELD / args->FIELD: a tracepoint field (or a probe's typed argument) */
	E_FIELD,        /* EXPR.FIELD / EXPR->FIELD other than args (typed pointers: a later issue) */
	E_INDEX,        /* EXPR[i] other than a map (arrays: a later issue) */
	E_UNARY,        /* -x !x ~x *x &x */
	E_BINARY,       /* x OP y */
	E_TERNARY,      /* c ? a : b */
	E_INCDEC,       /* ++x, x++, --x, x-- on a $var or a map element */
	E_CALL,         /* str(p), ksym(a), count(), printf(...), ... */
	E_CAST,         /* (type)x: "(u32)x", "(int8)x" */
	E_IDENT,        /* a bare name (var.name): an enum constant, the program's or the kernel's
	                 * BTF; the checker makes it an E_INT or refuses it */
	E_TUPLE,        /* (a, b, ...): two or more elements (an element: t.0, t.1 as E_FIELD) */
};

/* Builtin variables. */
enum lang_builtin {
	B_PID, B_TID, B_UID, B_GID, B_COMM, B_CPU, B_NSECS, B_ELAPSED,
	B_RETVAL,       /* uretprobe/kretprobe: the return register; sys_exit_* tracepoints: args.ret */
	B_ARG,          /* arg0..arg5: .index */
	B_PROBE,        /* the probe's full name ("tracepoint:syscalls:sys_enter_read") */
	B_FUNC,         /* the probed function (uprobe/kprobe) */
	B_KSTACK, B_USTACK,     /* .index: frames (0: the default) */
	B_RAND,         /* a pseudo-random u32 */
	B_CGROUP,       /* the cgroup v2 id */
	B_CURTASK,      /* the current task_struct's address */
	B_CPID,         /* the pid of the command started with -- CMD */
	B_NUMAID,       /* the NUMA node of the CPU */
	B_SARG,         /* sarg0..sarg9: .index-th 8-byte slot above the return address (stack arguments) */
	B_LATENCY,      /* return probes: ns since the thread entered the function (rewritten by entry.c) */
};

/* Operators, by their spelling's first character where it is unique. */
enum lang_op {
	OP_ADD = '+', OP_SUB = '-', OP_MUL = '*', OP_DIV = '/', OP_MOD = '%',
	OP_BAND = '&', OP_BOR = '|', OP_BXOR = '^', OP_BNOT = '~', OP_LNOT = '!',
	OP_LT = '<', OP_GT = '>',
	OP_SHL = 256, OP_SHR, OP_LE, OP_GE, OP_EQ, OP_NE, OP_LAND, OP_LOR,
	OP_NEG,         /* unary minus */
	OP_DEREF,       /* unary * */
	OP_ADDR,        /* unary & */
	OP_PREINC, OP_PREDEC, OP_POSTINC, OP_POSTDEC,
	OP_ASSIGN,      /* plain '=' in statements */
};

/* Functions (calls). The checker maps a call's name to one of these. */
enum lang_func {
	F_UNKNOWN,
	/* values */
	F_STR,          /* str(p[, n]) */
	F_KSYM, F_USYM, /* ksym(a), usym(a) */
	F_KSTACK, F_USTACK,     /* kstack(N) / ustack(N) written as calls (the checker turns them into E_BUILTIN) */
	/* aggregations: only as the whole right-hand side of a map assignment */
	F_COUNT, F_SUM, F_AVG, F_MIN, F_MAX, F_STATS, F_HIST, F_LHIST,
	/* statements */
	F_PRINTF,       /* printf(fmt, ...) */
	F_PRINT,        /* print(@m[, top[, div]]) or print(value) */
	F_TIME,         /* time([fmt]) */
	F_EXIT,         /* exit() */
	F_DELETE,       /* delete(@m[k]) */
	F_CLEAR,        /* clear(@m) */
	F_ZERO,         /* zero(@m) */
	F_ENTRY,        /* entry(E) in return probes: E at the function's entry (rewritten by entry.c) */
	/* more values (funcs.c) */
	F_BSWAP,        /* bswap(n): the bytes of n reversed */
	F_STRNCMP,      /* strncmp(s1, s2, n): 0 when the first n characters are equal */
	F_BUF,          /* buf(p[, n]): n bytes at p, printed with \xNN escapes */
	F_NTOP,         /* ntop([af, ]addr): an IPv4 or IPv6 address as text */
	F_STRFTIME,     /* strftime(fmt, ns): a boot-relative time printed with strftime(3) */
	F_KADDR,        /* kaddr("sym"): a kernel symbol's address, found when compiled */
	F_REG,          /* reg("ip"): a register of the probed context */
	F_UPTR, F_KPTR, /* uptr(p), kptr(p): p read as a user or kernel pointer */
	F_CGROUP_PATH,  /* cgroup_path(id[, filter]): the cgroup's paths in each hierarchy */
	F_PTON,         /* pton("addr"): an IPv4 or IPv6 address's 4 or 16 bytes, made when compiled */
	/* more statements (funcs.c) */
	F_CAT,          /* cat(fmt, ...): the file named by the format, printed */
	F_SYSTEM,       /* system(fmt, ...): the command run by the shell (--unsafe) */
	F_JOIN,         /* join(argv[, delim]): a NULL-ended array of user strings, printed */
};

struct lang_expr {
	enum lang_expr_kind kind;
	struct lang_loc loc;
	struct lang_type type;          /* set by the checker */
	union {
		s64 ival;                                       /* E_INT (as written; u64 literals wrap) */
		struct { char *s; u32 len; } str;               /* E_STR: len excludes the NUL */
		struct {
			enum lang_builtin id;
			int index;                              /* B_ARG: 0..5; B_KSTACK/B_USTACK: frames, 0 default */
		} builtin;
		int positional;                                 /* E_POSITIONAL: 1.. */
		struct {
			char *name;                             /* "$x" as written (E_IDENT: the name) */
			int slot;                               /* checker: index in the block's variables */
		} var;
		struct {
			char *name;                             /* "@" or "@name" as written */
			struct lang_expr **keys;
			int nkeys;
			int map_id;                             /* checker: index in lang_program.maps */
		} map;
		struct {
			char *field;                            /* args.FIELD: FIELD */
			bool arrow;                             /* written args->FIELD */
			int param;                              /* checker: a uprobe's parameter: its
			                                         * argument register + 1; 0: a tracepoint field */
		} args;
		struct {
			struct lang_expr *base;
			char *field;
			bool arrow;
			u64 offset;                             /* checker: the member's byte offset */
		} field;                                        /* E_FIELD */
		struct {
			struct lang_expr *base, *index;
		} index;                                        /* E_INDEX */
		struct {
			enum lang_op op;
			struct lang_expr *a, *b, *c;            /* E_UNARY: a; E_BINARY: a, b;
			                                         * E_TERNARY: a ? b : c; E_INCDEC: a */
			/* Typed pointer arithmetic (checker): the integer side
			 * counts elements of this many bytes; scale_a: that side is a. */
			u32 scale;
			bool scale_a;
		} op;
		struct {
			char *name;                             /* as written */
			enum lang_func id;                      /* checker */
			struct lang_expr **args;
			int nargs;
			int fmt_id;                             /* checker: printf/time: index in lang_program.fmts */
		} call;
		struct {
			char *type_name;                        /* "u32", "int8", "struct task_struct *" as written */
			struct lang_expr *a;
		} cast;
		struct {
			struct lang_expr **elems;
			int n;
		} tuple;                                        /* E_TUPLE */
	};
};

/* ---- statements ----------------------------------------------------------------- */

enum lang_stmt_kind {
	S_EXPR,         /* a call or an increment used as a statement */
	S_ASSIGN,       /* $x = e, @m[k] = e, @m[k] = count(), $x += e, @m[k] -= e, ... */
	S_IF,           /* if (c) { then } else { else } ("else if" nests an S_IF in else) */
	S_WHILE,        /* while (c) { body } (bounded by the verifier) */
	S_UNROLL,       /* unroll(N) { body } */
};

struct lang_stmt {
	enum lang_stmt_kind kind;
	struct lang_loc loc;
	struct lang_stmt *next;         /* the following statement in the block */
	union {
		struct lang_expr *expr;                         /* S_EXPR */
		struct {
			struct lang_expr *lhs;                  /* E_VAR or E_MAP */
			enum lang_op op;                        /* OP_ASSIGN, or the operator of "op=" */
			struct lang_expr *rhs;
			u32 scale;                              /* "ptr += n": n counts elements this big */
		} assign;
		struct {
			struct lang_expr *cond;
			struct lang_stmt *then, *otherwise;     /* lists; either may be NULL (empty) */
		} if_;
		struct {
			struct lang_expr *cond;
			struct lang_stmt *body;
		} while_;
		struct {
			s64 count;
			struct lang_stmt *body;
		} unroll;
	};
};

/* ---- probes ------------------------------------------------------------------------ */

enum lang_probe_type {
	P_BEGIN, P_END,
	P_TRACEPOINT,   /* tracepoint:SUB:NAME (t:) */
	P_UPROBE,       /* uprobe:BIN:FUNC[+OFF] (u:) */
	P_URETPROBE,    /* uretprobe:BIN:FUNC (ur:) */
	P_KPROBE,       /* kprobe:FUNC[+OFF] (k:) */
	P_KRETPROBE,    /* kretprobe:FUNC (kr:) */
	P_PROFILE,      /* profile:hz:N, profile:ms:N, profile:us:N, profile:s:N (p:) */
	P_INTERVAL,     /* interval:s:N, interval:ms:N, interval:us:N, interval:hz:N (i:) */
	P_SOFTWARE,     /* software:EVENT[:PERIOD] (s:) */
};

/* One probe as written ("uprobe:libc:malloc"), before globs are expanded. */
struct lang_probe {
	enum lang_probe_type type;
	struct lang_loc loc;
	char *text;             /* the whole spec as written */
	char *target;           /* tracepoint: SUB; uprobe: BIN; profile/interval: the unit ("hz", "ms", ...);
	                         * software: the event name; NULL for BEGIN/END/kprobe */
	char *func;             /* tracepoint: NAME; uprobe/kprobe: FUNC (globs allowed); NULL otherwise */
	u64 offset;             /* uprobe/kprobe +OFF */
	bool has_offset;
	u64 count;              /* profile/interval: N; software: PERIOD (0: the default) */
};

/* A block: one or more probes, an optional predicate, the statements. */
struct lang_block {
	struct lang_loc loc;
	struct lang_probe *probes;
	int nprobes;
	struct lang_expr *pred;         /* /pred/ or NULL */
	struct lang_stmt *body;         /* may be NULL (an empty block) */
	int nvars;                      /* checker: scratch variables used ($x), slots 0..nvars-1 */
	struct lang_type *var_types;    /* checker: nvars entries */
	struct lang_block *next;
};

struct lang_cdefs;

struct lang_ast {
	const char *src;                /* the program text (owned) */
	size_t src_len;
	const char *file;               /* "-e" or the --file path, for messages (owned) */
	struct lang_block *blocks;
	int nblocks;
	struct lang_cdefs *cdefs;       /* C definitions before the probes (cdecl.h), NULL when none */
	struct lang_arena *arena;       /* owns every node */
};

/* ---- building and freeing --------------------------------------------------------- */

struct lang_arena;

/* A new empty tree over a copy of src. NULL on ENOMEM. */
struct lang_ast *lang_ast_new(const char *src, size_t len, const char *file);
void lang_ast_free(struct lang_ast *ast);

/* Zeroed memory from the tree's arena (aborts only on ENOMEM, via xalloc). */
void *lang_alloc(struct lang_ast *ast, size_t size);
char *lang_strdup(struct lang_ast *ast, const char *s, size_t len);

/* Print the tree as an S-expression, one block a line, for tests and -v:
 *   (block (probe tracepoint syscalls sys_enter_read) (pred (== (builtin pid) 42))
 *     (assign = (map @ (builtin comm)) (call count)))
 * Types are shown after a node as ":u64", ":s64", ":str16", ... once checked. */
struct outbuf;
void lang_ast_dump(const struct lang_ast *ast, struct outbuf *ob, bool with_types);

/* Names for messages and dumps. */
const char *lang_type_name(const struct lang_type *t, char *buf, size_t len);   /* "u64", "string[64]", "kstack", "hist" */
const char *lang_probe_type_name(enum lang_probe_type t);                       /* "tracepoint", "uprobe", ... */
const char *lang_op_name(enum lang_op op);                                      /* "+", "<<=", "++" ... */

#endif
