/* Histograms of report: the samples of one event grouped into entries by
 * the sort keys, each with its own ("self") period and the period of the
 * samples whose callchain passes through it ("children"), and the
 * callchain tree of the samples it holds. */
#ifndef SCRY_HIST_H
#define SCRY_HIST_H

#include "util/profile/callchain.h"
#include "util/hashmap.h"
#include "util/profile/sort.h"

struct hist_entry {
	struct hist_key k;
	u64 self_period, children_period;
	u64 self_samples, children_samples;
	struct callchain_node chain;           /* root of its callchain tree */
	struct hist_entry *hash_next;   /* next entry with the same key hash */
	struct chain_rec *last_chain;   /* the pending chain its last own sample had */
	u64 seen;                       /* the sample that last touched it (de-duplication) */
	bool filtered;                  /* hidden by --dso/--symbols */
};

struct chain_rec;

#define HISTS_RECENT 2

struct hists {
	const struct sort_spec *sort;
	struct hashmap by_hash;         /* key hash -> chain of entries */
	struct hist_entry **v;
	size_t nr, cap;
	/* The entries the last samples hit: samples come in runs of the same
	 * place (one per cpu), found here without hashing their keys. */
	struct hist_entry *recent[HISTS_RECENT];
	unsigned recent_next;
	u64 total_period;               /* of the samples added */
	u64 nr_samples;
	u64 seq;                        /* samples added (for de-duplication) */
	struct callchain_arena arena;
	/* Distinct whole chains of the entries' own samples, with their summed
	 * period, merged into the trees only by hists_sort: most samples repeat
	 * a chain seen before, and hashing a chain is much cheaper than walking
	 * a tree. */
	struct hashmap chains;          /* hash -> struct chain_rec chain */
	/* The same records in the order first seen, which is the order they
	 * are merged in: sibling branches of equal weight then print in
	 * sample order (as perf's), not in the order of their addresses. */
	struct chain_rec *chain_first, *chain_last;
};

void hists_init(struct hists *h, const struct sort_spec *sort);
void hists_free(struct hists *h);

/* Where one frame of a sample is: the sample's key with this frame's
 * location, and the frame as its callchain stores it. */
struct hist_frame {
	struct hist_key k;
	struct callchain_frame f;
};

/* Add a sample. frames[0..n) is its chain, leaf first (frames[0] is where
 * the sample hit; n >= 1). With children, every distinct entry of the
 * chain gets the period as "children" (the leaf's entry also as "self").
 * chain_order: with callchains, the chain stored under each entry in
 * caller order (root first) or callee order (leaf first); max_chain
 * bounds its length (0: no callchains kept). Returns -1 on ENOMEM. */
int hists_add_sample(struct hists *h, const struct hist_frame *frames, size_t n, u64 period, bool children,
		     bool caller_order, bool keep_chains);

/* Sort entries for output: by children (or self) period, descending; first
 * merges the pending chains into the trees of the entries whose period is
 * at least min_chain_period (0: all): a printed tree leaves out branches
 * below a minimum, so the trees of entries below it would print nothing,
 * and most distinct chains belong to such small entries. Returns -1 on
 * ENOMEM. */
int hists_sort(struct hists *h, bool by_children, u64 min_chain_period);

#endif
