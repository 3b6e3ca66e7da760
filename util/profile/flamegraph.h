/* Stacks of frames merged into a tree, written as folded stacks (the text
 * format of Brendan Gregg's flamegraph.pl and of speedscope) or as a
 * self-contained interactive SVG flame graph.
 *
 *	struct flame *f = flame_new();
 *	const char *st[] = { "main", "work", "leaf" };	// root first
 *	flame_add(f, st, 3, 1);				// once per sample
 *	flame_write_folded(f, stdout);			// "main;work;leaf 1"
 *	flame_write_svg(f, file, &(struct flame_svg_opts){ .title = "cpu-clock" });
 *	flame_free(f);
 *
 * Frame names are stored with ';' replaced by ':' and newlines (and carriage
 * returns) by spaces, so that both outputs show the same names and two
 * stacks that would print alike are one stack.  A stack of no frames, and a
 * NULL name, count as "[unknown]": every sample added is in the total and
 * under some root frame. */
#ifndef SCRY_FLAMEGRAPH_H
#define SCRY_FLAMEGRAPH_H

#include <stdbool.h>
#include <stdio.h>

#include "util/types.h"

struct flame;

struct flame *flame_new(void);
void flame_free(struct flame *f);

/* Add count samples for one stack, frames[0] the root (outermost caller),
 * frames[n-1] the leaf.  Names are copied.  A count of 0 adds nothing.
 * Returns 0, or -1 with errno ENOMEM (or EOVERFLOW when the total would
 * pass 2^64-1, or the tree 2^31 frames). */
int flame_add(struct flame *f, const char *const *frames, size_t n, u64 count);

/* The same, with kernel[k] (NULL: none) telling which frames are the
 * kernel's: the SVG colours them so, the names stay as given. A name
 * decides a frame's identity: the same name added once as a kernel frame
 * and once not is one frame, coloured as the kernel's. */
int flame_add_marked(struct flame *f, const char *const *frames, const bool *kernel, size_t n, u64 count);

/* Folded stacks: one line per distinct stack, "root;...;leaf COUNT", sorted
 * by stack string (bytewise, as LC_ALL=C sort).  Returns 0, or -1 when the
 * output fails (errno) or memory runs out. */
int flame_write_folded(const struct flame *f, FILE *out);

struct flame_svg_opts {
	const char *title;	/* NULL: "Flame Graph" */
	const char *subtitle;	/* NULL: none */
	const char *units;	/* NULL: "samples" */
	int width;		/* px, 0: 1200 */
};

/* A self-contained SVG (inline CSS and JavaScript, no network): frames as
 * rects whose width is proportional to their count, root at the bottom under
 * an "all" frame; hovering shows "name (N samples, P%)" (a <title> per frame
 * and a status line); a click zooms into a frame, "Reset Zoom" or Escape
 * unzooms; a search box (JavaScript regex; Ctrl-F or "/" goes there,
 * Escape clears it, "ic" or Ctrl-I toggles ignoring case) highlights matching frames and shows the matched share:
 * the samples under a matching frame, each counted once however many of its
 * frames match, of all samples and, zoomed, of the zoomed frame's.  Colours come from a hash of the name: warm
 * colours, blue for kernel frames (added as such, or named with
 * stackcollapse's "_[k]" annotation, which is not shown: flamegraph.pl
 * shows no "_[k]", "_[i]", "_[j]" or "_[w]" either), grey for "[...]"
 * names such as "[unknown]".  Frames narrower than 0.1px are not drawn, as
 * in flamegraph.pl, but listed (up to 200000 of them) for the search, which
 * unlike flamegraph.pl's counts them too; every rect carries its count (data-n), the samples left of it (data-s), and the
 * document-order index of its parent frame (data-p, absent on "all"), which
 * is what tests/check-flamegraph.py checks.  o may be NULL.
 * Returns 0, or -1 as flame_write_folded(). */
int flame_write_svg(const struct flame *f, FILE *out, const struct flame_svg_opts *o);

/* The sum of all counts added. */
u64 flame_total(const struct flame *f);

#endif
