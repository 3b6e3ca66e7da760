/* A checked and compiled program of the aggregation language: what the
 * stages after the parser hand each other.
 *
 *   parser.c    text -> struct lang_ast
 *   probes.c    expands each block's probes (globs, libraries by name,
 *               tracepoint formats) into struct lang_attach entries
 *   sema.c      types the tree, numbers the maps, formats and variables,
 *               fills lang_program.maps / fmts
 *   codegen.c   one BPF program per block (per tracepoint format when the
 *               block reads args), into lang_program.progs
 *   runtime.c   creates the maps, loads and attaches the programs, reads the
 *               event ring, prints (output.c) and cleans up
 *
 * The layouts below (map keys and values, event records) are the ABI
 * between the BPF code codegen.c emits and the user-space side that reads
 * it (output.c, runtime.c, and the offline evaluator, which produces the
 * same bytes): change both sides together. All multi-byte fields are in the
 * host's byte order; every field starts 8-byte aligned. */
#ifndef SCRY_LANG_PROGRAM_H
#define SCRY_LANG_PROGRAM_H

#include "util/lang/ast.h"

struct lang_ctypes;

/* ---- attachments ------------------------------------------------------------------- */

/* A tracepoint field as the format file describes it, reduced to what the
 * language needs. */
enum lang_tp_field_kind {
	TPF_INT,                /* an integer or a pointer (size 1..8) */
	TPF_CHAR_ARRAY,         /* char name[N]: a string of N bytes in the record */
	TPF_DATA_LOC,           /* __data_loc char[] name: u32 (len << 16 | offset) to a string in the record */
	TPF_OTHER,              /* arrays of other types, structs: readable only as bytes (not yet) */
};

struct lang_tp_field {
	char *name;
	char *ctype;            /* the C type as the format writes it ("const char *", "int") */
	enum lang_tp_field_kind kind;
	u32 offset, size;       /* in the record (the ctx of a tracepoint program) */
	bool is_signed;
	bool is_pointer;        /* "char *" and friends: str(args.f) reads it */
	bool user_pointer;      /* points into user memory (syscalls:* pointer arguments) */
};

/* One place a block is attached: a glob expands into one per match. Index
 * in lang_program.attaches is the value of `probe` and `func` (LT_PROBE,
 * LT_FUNC) and the BPF cookie of the attachment. */
struct lang_attach {
	int block;              /* index of the block (in ast order) */
	int probe;              /* index of the probe in the block's probe list */
	enum lang_probe_type type;
	char *name;             /* the full probe name `probe` prints: "tracepoint:syscalls:sys_enter_read",
	                         * "uprobe:/usr/lib/x86_64-linux-gnu/libc.so.6:malloc", "BEGIN", "profile:hz:99" */
	char *func;             /* uprobe/kprobe: the function `func` prints; NULL otherwise */
	/* P_TRACEPOINT */
	char *tp_sys, *tp_name;
	int tp_id;              /* tracefs id */
	struct lang_tp_field *fields;
	int nfields;
	/* P_UPROBE / P_URETPROBE */
	char *path;             /* the resolved binary */
	u64 file_offset;        /* where the uprobe goes (uprobe PMU config1/2) */
	bool at_func_entry;     /* at offset 0 of a function: ustack adds the caller from [sp] */
	/* P_KPROBE / P_KRETPROBE */
	char *ksym;
	u64 koffset;
	/* P_PROFILE / P_INTERVAL / P_SOFTWARE: the perf event */
	u32 perf_type, perf_config;     /* PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, ... */
	u64 period;             /* sample_period (ns for cpu-clock), or 0 with freq */
	u64 freq;               /* sample_freq (profile:hz:N), 0 when period is used */
	bool one_cpu;           /* interval: CPU 0 only; profile: every CPU */
	int prog;               /* codegen: index in lang_program.progs */
};

/* ---- maps ----------------------------------------------------------------------------- */

/* Key layout: the keys one after another, each at an 8-byte aligned offset:
 *   LT_INT    8 bytes, sign- or zero-extended to 64 bits
 *   LT_STR    size bytes rounded up to 8, NUL-padded
 *   LT_KSTACK 8 bytes: stack id in the kstack map (s64; < 0: the kernel could not take it)
 *   LT_USTACK 24 bytes: stack id in the ustack map, pid (tgid), caller (the return address
 *             read from [sp] at a function's entry, which the frame-pointer walk misses; 0: none)
 *   LT_PROBE, LT_FUNC  8 bytes: attachment index
 *   LT_KSYM   8 bytes: address
 *   LT_USYM   16 bytes: address, pid
 *   LT_TUPLE  its elements one after another, each in its slot (values only; tuple.h)
 * A map without keys has the 4-byte key 0 (an array index).
 *
 * Value layout, by the map's value kind (per CPU for the aggregations):
 *   LT_COUNT  u64 count
 *   LT_SUM    s64/u64 total, u64 updates (updates == 0: never set)
 *   LT_MIN, LT_MAX  s64/u64 value, u64 set (0: never set on this CPU)
 *   LT_AVG, LT_STATS  u64 count, s64 total
 *   LT_HIST   u64 buckets[LANG_HIST_BUCKETS]: [0] negative, [1] zero, [2] one,
 *             [k] values in [2^(k-2), 2^(k-1)) for k >= 3
 *   LT_LHIST  u64 buckets[n + 2], n = (max - min) / step: [0] below min,
 *             [1 + i] [min + i*step, min + (i+1)*step), [n + 1] max and above
 *   anything else: a plain value, laid out as a key of that type would be */
#define LANG_HIST_BUCKETS   66
#define LANG_LHIST_MAX_BUCKETS 1000     /* n above this: an error naming the limit */

enum lang_map_storage {
	LMS_PERCPU_ARRAY,       /* aggregation without keys */
	LMS_PERCPU_HASH,        /* aggregation with keys */
	LMS_HASH,               /* a plain value, with or without keys (so "unset" exists) */
};

struct lang_map {
	int id;
	char *name;             /* "@" or "@name" */
	struct lang_type value; /* LT_COUNT ... LT_LHIST, or a plain LT_INT/LT_STR/... */
	struct lang_type keys[LANG_MAX_KEYS];
	int nkeys;
	u32 key_off[LANG_MAX_KEYS];
	u32 key_size, value_size;
	enum lang_map_storage storage;
	u32 max_entries;
	struct lang_loc loc;    /* first use, for messages */
	bool is_aggregation;
	bool hidden;            /* a rewrite's own (entry.h): never printed, never drawn */
};

/* Fill key_off/key_size/value_size/storage from the types (the one place
 * layouts are computed). */
void lang_map_layout(struct lang_map *m);
/* Bytes of a value of type t as a key field or plain value (the table above). */
u32 lang_type_slot_size(const struct lang_type *t);

/* ---- formats and events ---------------------------------------------------------------- */

/* printf(), time() and print(value) travel to user space as records in a BPF
 * ring buffer; their formats and argument layouts stay here. */
enum lang_fmt_kind {
	FMT_PRINTF, FMT_TIME, FMT_PRINT_VALUE,
	FMT_CAT,                /* cat(fmt, ...): printf's layout; the text names a file to print */
	FMT_SYSTEM,             /* system(fmt, ...): printf's layout; the text is a shell command */
	FMT_STRFTIME,           /* strftime(fmt, ns): fmt only (no record: LT_TIMESTAMP values name it) */
	FMT_CGROUP_PATH,        /* cgroup_path(id, filter): the filter (a glob of hierarchy names) */
	FMT_JOIN,               /* join(argv[, delim]): fmt is the delimiter; payload: LANG_JOIN_ARGS
	                         * strings of LANG_JOIN_ARGLEN bytes, the first empty one ends */
};
#define LANG_JOIN_ARGS   16     /* as bpftrace's join: at most 16 strings */
#define LANG_JOIN_ARGLEN 64

struct lang_fmt {
	enum lang_fmt_kind kind;
	char *fmt;              /* printf/time format (escapes resolved); NULL for time() without one */
	struct lang_type args[LANG_MAX_ARGS];   /* FMT_PRINT_VALUE: one */
	int nargs;
	u32 arg_off[LANG_MAX_ARGS];     /* offset of each argument in the payload */
	u32 size;               /* payload bytes after struct lang_event */
	struct lang_loc loc;
};

/* Fill arg_off and size from args. */
void lang_fmt_layout(struct lang_fmt *f);

enum lang_event_kind {
	LEV_PRINTF = 1,         /* id: fmt; payload: the arguments */
	LEV_TIME,               /* id: fmt; no payload */
	LEV_PRINT_VALUE,        /* id: fmt; payload: the value */
	LEV_PRINT_MAP,          /* id: map; payload: u64 top, u64 div */
	LEV_CLEAR,              /* id: map */
	LEV_ZERO,               /* id: map */
	LEV_EXIT,               /* no payload */
	LEV_CAT,                /* id: fmt (FMT_CAT); payload: the arguments */
	LEV_SYSTEM,             /* id: fmt (FMT_SYSTEM); payload: the arguments */
	LEV_JOIN,               /* id: fmt (FMT_JOIN); payload: the strings */
};

struct lang_event {
	u32 kind;               /* enum lang_event_kind */
	u32 id;
};

/* ---- compiled BPF ---------------------------------------------------------------------- */

/* Maps the runtime creates besides the program's own; a relocation names
 * one of these (negative) or a program map id (>= 0). */
enum lang_internal_map {
	LANG_IMAP_SCRATCH = -1,         /* per-CPU array, 1 entry: strings, keys, event records */
	LANG_IMAP_EVENTS = -2,          /* ring buffer: struct lang_event records */
	LANG_IMAP_KSTACKS = -3,         /* stack-trace map for kstack */
	LANG_IMAP_USTACKS = -4,         /* stack-trace map for ustack */
	LANG_IMAP_ERRORS = -5,          /* per-CPU array of u64 counters, index enum lang_error_counter */
	LANG_IMAP_TARGETS = -6,         /* hash of the tgids traced (a command and its children) */
	LANG_IMAP_NR = 6,
};

/* Counters the programs bump when something is dropped (printed at exit). */
enum lang_error_counter {
	LERR_EVENTS_LOST,               /* the ring buffer was full */
	LERR_KSTACK_LOST,               /* bpf_get_stackid failed for kstack */
	LERR_USTACK_LOST,               /* ... for ustack */
	LERR_MAP_FULL,                  /* + map id: an update failed with E2BIG/ENOMEM */
};

struct lang_reloc {
	u32 insn;               /* a BPF_LD_IMM64 whose imm becomes the map's fd */
	int map;                /* program map id, or enum lang_internal_map */
};

struct bpf_insn;

struct lang_bpf_prog {
	int block;
	u32 prog_type;          /* BPF_PROG_TYPE_TRACEPOINT, _KPROBE, _PERF_EVENT, _RAW_TRACEPOINT (BEGIN/END) */
	char name[16];          /* for bpftool: "b0_tracepoint" */
	struct bpf_insn *insns;
	u32 ninsns;
	struct lang_reloc *relocs;
	u32 nrelocs;
	struct lang_loc *insn_loc;      /* per instruction: the statement it comes from (verifier errors) */
	int fd;                 /* runtime: -1 until loaded */
	u64 helpers_used[4];    /* bit per BPF_FUNC_* id, for the start-up probe of the kernel */
	bool prints;            /* sends printf, time or print(value) records */
};

/* ---- the whole program ---------------------------------------------------------------- */

struct lang_program {
	struct lang_ast *ast;
	struct lang_attach *attaches;
	int nattaches;
	struct lang_map *maps;
	int nmaps;
	struct lang_fmt *fmts;
	int nfmts;
	struct lang_bpf_prog *progs;
	int nprogs;
	u32 scratch_size;       /* codegen: bytes of the per-CPU scratch value */
	bool uses_kstack, uses_ustack, uses_usym;
	const char *const *positional;  /* $1.. (not owned) */
	int npositional;
	struct lang_ctypes *ctypes;     /* the C types of typed values (sema.c), NULL when none */
	bool unsafe;                    /* --unsafe: system() may run */
};

/* Free the attachments (what probes.c made) and empty the table. */
void lang_attaches_release(struct lang_program *p);

/* Free what p holds (the tree included) and zero it; p itself is the caller's. */
void lang_program_release(struct lang_program *p);

#endif
