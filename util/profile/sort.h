/* The sort keys of report (--sort comm,dso,sym ...): what a histogram entry
 * is keyed by, how each key is parsed, compared and printed. The keys are a
 * table (sort.c); an entry carries every key's value and the chosen keys
 * decide which of them take part. */
#ifndef SCRY_SORT_H
#define SCRY_SORT_H

#include "util/symbols/dso.h"
#include "util/symbols/machine.h"
#include "util/outbuf.h"

enum sort_key_id {
	SK_COMM,
	SK_PID,
	SK_TID,
	SK_DSO,
	SK_SYM,
	SK_SRCLINE,
	SK_SYMOFF,
	SK_CPU,
	SK_FIELD,               /* a tracepoint field: "sys:event.field" */
	SK_PARENT,              /* the first caller matching --parent's regex */
};

/* The values a sample (or one frame of its chain) has for every key.
 * Strings are interned: equal strings are the same pointer. */
struct hist_key {
	const char *comm;
	s32 pid, tid;
	/* The sample's thread (NULL: none): perf's "pid" key is the thread,
	 * shown by tid with the name it has last, whatever it was called
	 * when sampled. */
	const struct thread *thread;
	s32 cpu;                /* -1: not sampled */
	struct dso *dso;        /* NULL: no map */
	const struct symbol *sym;       /* NULL: unresolved */
	u64 addr;               /* the address in the DSO's terms (the raw ip without a map) */
	bool kernel;
	const char *srcline;    /* only when sorting by srcline */
	const char *field;      /* only when sorting by a field */
	/* A numeric field's value as the record holds it (field_size bytes,
	 * little-endian; 0: a string field): perf orders equal entries by
	 * these bytes, not by the text. */
	u64 field_raw;
	u8 field_size;
	const struct symbol *parent;    /* NULL: no caller matched ("[other]") */
};

#define SORT_MAX_KEYS 8

struct sort_spec {
	enum sort_key_id keys[SORT_MAX_KEYS];
	unsigned nr;
	/* SK_FIELD: the event and field named */
	char *field_event;      /* "sched:sched_switch" */
	char *field_name;       /* "prev_comm" */
	bool need_srcline;
	bool need_parent;
};

/* Parse "comm,dso,sym" into spec. Returns -1 with one line in err for an
 * unknown key (naming the keys there are). */
int sort_spec_parse(struct sort_spec *spec, const char *list, char *err, size_t errlen);
void sort_spec_free(struct sort_spec *spec);

/* Whether a and b fall into the same entry under spec. */
bool sort_keys_equal(const struct sort_spec *spec, const struct hist_key *a, const struct hist_key *b);
/* A hash of the keys spec uses. */
u64 sort_keys_hash(const struct sort_spec *spec, const struct hist_key *k);

/* Column header of key i ("Command", "Shared Object", ...). */
const char *sort_key_header(const struct sort_spec *spec, unsigned i);
/* Key i's value as report prints it. */
void sort_key_print(const struct sort_spec *spec, unsigned i, const struct hist_key *k, struct outbuf *ob);
/* The order of entries of equal overhead, as perf's: by the printed keys,
 * except pid, tid and cpu by number, symbols by name (unresolved last)
 * and tracepoint fields by their bytes (numbers) or text, largest first. */
int sort_keys_cmp(const struct sort_spec *spec, const struct hist_key *a, const struct hist_key *b);

#endif
