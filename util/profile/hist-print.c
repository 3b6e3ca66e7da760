/* Entries and trees in perf report --stdio's layout (util/profile/hist-print.h). */
#include "util/profile/hist-print.h"

#include <string.h>

static void print_count_k(struct outbuf *ob, u64 n)
{
	if (n >= 1000000000ull)
		outbuf_printf(ob, "%lluG", (unsigned long long)(n / 1000000000ull));
	else if (n >= 1000000ull)
		outbuf_printf(ob, "%lluM", (unsigned long long)(n / 1000000ull));
	else if (n >= 1000ull)
		outbuf_printf(ob, "%lluK", (unsigned long long)(n / 1000ull));
	else
		outbuf_printf(ob, "%llu ", (unsigned long long)n);      /* perf: "44  of event" */
}

static bool entry_shown(const struct hist_print_opts *o, const struct hist_entry *he, u64 total)
{
	u64 v = o->children ? he->children_period : he->self_period;

	if (he->filtered || !v)
		return false;

	return !(o->percent_limit > 0 && total && 100.0 * (double)v / (double)total < o->percent_limit);
}

static void print_percent(struct outbuf *ob, u64 v, u64 total)
{
	outbuf_printf(ob, "%7.2f%%", total ? 100.0 * (double)v / (double)total : 0.0);
}

int hist_print(struct hists *h, const struct hist_print_opts *o, struct outbuf *ob)
{
	const struct sort_spec *sp = h->sort;
	size_t width[SORT_MAX_KEYS];
	bool hide[SORT_MAX_KEYS];
	struct outbuf tmp;
	u64 total = h->total_period;
	struct callchain_print_opts co;

	co.min_hit = (u64)((double)total * o->min_percent / 100.0);
	/* callchain_print_graph shows branches of at least min_hit, and never
	 * an empty one: below that, or without trees, none need building. */
	if (hists_sort(h, o->children, o->chains ? MAX(co.min_hit, 1) : UINT64_MAX))
		return -1;

	outbuf_init_mem(&tmp);
	for (unsigned k = 0; k < sp->nr; k++) {
		width[k] = strlen(sort_key_header(sp, k));
		/* A filter with one value makes its column say nothing: perf
		 * leaves it out. */
		hide[k] = (sp->keys[k] == SK_COMM && o->one_comm) || (sp->keys[k] == SK_DSO && o->one_dso);
	}
	for (size_t i = 0; i < h->nr; i++) {
		if (!entry_shown(o, h->v[i], total))
			continue;
		for (unsigned k = 0; k < sp->nr; k++) {
			outbuf_reset(&tmp);
			sort_key_print(sp, k, &h->v[i]->k, &tmp);
			if (tmp.len > width[k])
				width[k] = tmp.len;
		}
	}

	if (!o->quiet) {
		outbuf_printf(ob, "#\n# Samples: ");
		print_count_k(ob, h->nr_samples);
		outbuf_printf(ob, " of event '%s'", o->event);
		if (o->time_slices)
			outbuf_printf(ob, " (time slices: %s)", o->time_slices);
		outbuf_printf(ob, "\n# Event count (approx.): %llu\n#\n", (unsigned long long)total);
		outbuf_puts(ob, o->children ? "# Children      Self" : "# Overhead");
		if (o->show_nr)
			outbuf_puts(ob, "       Samples");
		for (unsigned k = 0; k < sp->nr; k++)
			if (!hide[k])
				outbuf_printf(ob, "  %-*s", (int)width[k], sort_key_header(sp, k));
		outbuf_puts(ob, "\n# ........");
		if (o->children)
			outbuf_puts(ob, "  ........");
		if (o->show_nr)
			outbuf_puts(ob, "  ............");
		for (unsigned k = 0; k < sp->nr; k++) {
			if (hide[k])
				continue;
			outbuf_puts(ob, "  ");
			for (size_t j = 0; j < width[k]; j++)
				outbuf_putc(ob, '.');
		}
		outbuf_puts(ob, "\n#\n");
	}

	co.total = total;
	co.left_margin = 12;
	co.skip_first = sp->keys[0] == SK_SYM;  /* perf: the first frame repeats the entry */
	for (size_t i = 0; i < h->nr; i++) {
		struct hist_entry *he = h->v[i];

		if (!entry_shown(o, he, total))
			continue;
		outbuf_puts(ob, "  ");
		if (o->children) {
			print_percent(ob, he->children_period, total);
			outbuf_puts(ob, "  ");
		}
		print_percent(ob, he->self_period, total);
		if (o->show_nr)
			outbuf_printf(ob, "  %12llu", (unsigned long long)he->self_samples);
		for (unsigned k = 0; k < sp->nr; k++) {
			size_t col;
			if (hide[k])
				continue;
			outbuf_puts(ob, "  ");
			col = ob->len;
			sort_key_print(sp, k, &he->k, ob);
			if (k + 1 < sp->nr)
				while (ob->len - col < width[k])
					outbuf_putc(ob, ' ');
		}
		outbuf_putc(ob, '\n');
		if (o->chains) {
			size_t before = ob->len;
			co.parent = o->children ? he->children_period : he->self_period;
			callchain_print_graph(ob, &he->chain, &co);
			if (ob->len != before)
				outbuf_putc(ob, '\n');
		}
		if (ob->len > (1u << 19))
			outbuf_flush(ob);
	}
	outbuf_release(&tmp);
	return 0;
}
