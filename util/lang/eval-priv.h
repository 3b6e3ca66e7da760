/* Inside the offline evaluator (eval.h): its state, the tables that hold
 * maps and stacks, and the interpreter eval.c drives (eval-expr.c). */
#ifndef SCRY_LANG_EVAL_PRIV_H
#define SCRY_LANG_EVAL_PRIV_H

#include "util/core/event.h"
#include "util/lang/eval.h"
#include "util/lang/program.h"

/* ---- tables: a map's elements, the stacks seen ------------------------------------------ */

/* Fixed-size keys and values, records kept dense (key then value) so a map
 * is handed to the printer as it is; an open-addressing index of record
 * numbers over them. */
struct ev_table {
	u32 key_size, val_size, rec_size;
	u8 *recs;
	u32 n, cap;
	u32 max;                /* elements allowed (0: no limit) */
	u32 *index;             /* record number + 1; 0: empty */
	u32 mask;               /* index size - 1 */
	u32 last;               /* record number + 1 of the last key found; 0: none */
};

void ev_table_init(struct ev_table *t, u32 key_size, u32 val_size, u32 max);
void ev_table_release(struct ev_table *t);
/* The value of key, or NULL. */
u8 *ev_table_find(struct ev_table *t, const void *key);
/* The value of key, created zeroed when missing; NULL when the table is
 * full (max) or on ENOMEM. Valid until the next change of t. */
u8 *ev_table_get(struct ev_table *t, const void *key, bool *created);
void ev_table_delete(struct ev_table *t, const void *key);
void ev_table_clear(struct ev_table *t);
static inline u8 *ev_table_key(const struct ev_table *t, u32 i) { return t->recs + (size_t)i * t->rec_size; }

/* ---- the run ------------------------------------------------------------------------------ */

struct lang_output;
struct lang_syms;
struct sample_chain;
struct sample_frame;
struct evsel;

/* One probe firing: what the recorded event says. */
struct ev_fire {
	const struct lang_attach *a;
	int attach;
	const struct perf_sample *s;    /* NULL for BEGIN, END and interval */
	const struct evsel *e;
	u16 cpumode;
	u64 time;
	u32 pid, tid, cpu;
	/* Computed on first use within the firing. */
	bool have_comm, have_stacks;
	char comm[16];
	s64 kstack_id, ustack_id;
};

struct ev {
	const struct lang_eval_opts *o;
	struct lang_program p;
	struct ev_table *maps;          /* per program map */
	struct ev_table stacks;         /* key: u64 count | user << 63, then the frames */
	u64 map_full[64];               /* updates dropped, per map (the first 64) */
	u64 stacks_lost[2];             /* kernel, user: the stack table was full */
	struct lang_syms *syms;
	struct machine *machine;
	struct sample_chain *chain;
	struct sample_frame *frames;
	struct lang_output *out;
	struct outbuf *ob;
	u64 start_time;                 /* the first event's: elapsed */
	u64 rand_state;
	bool exiting;                   /* exit() was called */
	/* The firing in progress. */
	struct ev_fire *f;
	u64 *vars;                      /* integer variables, by slot */
	u8 **var_mem;                   /* byte-valued variables, by slot */
	u32 *var_size;
	int nvars_cap;
	u8 *tmp;                        /* bump scratch for one statement's values */
	size_t tmp_used, tmp_cap;
	bool stop_block;                /* exit() ran: the rest of the block does not */
	bool tmp_exhausted;             /* said once */
};

/* Run block b for firing f (predicate, then statements). */
void ev_run_block(struct ev *x, const struct lang_block *b, struct ev_fire *f);

/* Before running: refuse what a data file cannot give (one line, the
 * place in the program, in err). */
int ev_check_program(struct ev *x, char *err, size_t errlen);

/* eval.c's services to the interpreter. */
void ev_print_map(struct ev *x, int id, u64 top, u64 div);
void ev_fire_stacks(struct ev *x, struct ev_fire *f);
void ev_fire_comm(struct ev *x, struct ev_fire *f);

#endif
