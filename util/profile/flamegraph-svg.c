/* The SVG flame graph: layout, colours, XML escaping and the inline script.
 *
 * Layout (classic flame graph): the "all" frame at the bottom, each child
 * above its parent, children left to right by name, a frame's width
 * proportional to its count.  Frames are written in preorder, one
 *
 *	<g class="f"><title>NAME (N UNITS, P%)</title>
 *	<rect x= y= width= height= fill= data-n="N" data-s="S" data-p="PARENT"/><text>..</text></g>
 *
 * each, where S is the count of the samples left of the frame (the script
 * zooms from counts, exact, not from rounded pixels), and PARENT is the
 * document-order index of the parent frame: the
 * script finds a frame's subtree as the run of frames after it, and
 * tests/check-flamegraph.py checks counts and geometry from the same
 * attributes.  The full name is only in the <title>; <text> holds what fits.
 * Frames too narrow to draw follow in a hidden group, names and counts
 * only (write_narrow), so that the search's share counts them too.
 * The document must stay well-formed whatever the names hold, so names are
 * escaped, and bytes XML cannot carry (control characters, invalid UTF-8)
 * become U+FFFD. */
#include "util/profile/flamegraph.h"
#include "util/profile/flamegraph-tree.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Geometry, in px.  CHAR_W approximates the advance of the 12px font, as
 * flamegraph.pl does, to decide how much of a name fits. */
enum { XPAD = 10, FRAME_H = 16, FONT = 12, TOP_TITLE = 24, TOP_SUB = 18,
       CTL_H = 22, BOTTOM = 34, SEARCH_W = 220, IC_W = 22, MIN_WIDTH = 300, MAX_WIDTH = 100000 };
#define CHAR_W (FONT * 0.59)
#define MIN_FRAME_W 0.1		/* narrower frames are left out */
/* ...of the picture, not of the search: up to this many of them are listed,
 * undrawn, for the search to count the samples under them. */
#define NARROW_MAX 200000

/* ---- XML text -------------------------------------------------------------- */

/* The code point at s (len > 0 bytes), or -1 for a byte that does not start
 * a valid, shortest-form UTF-8 sequence of a character XML 1.0 allows.
 * *adv is how many bytes to consume. */
static s32 utf8_next(const unsigned char *s, size_t len, size_t *adv)
{
	u32 c = s[0], need, min;

	*adv = 1;
	if (c < 0x80)
		return c < 0x20 && c != '\t' ? -1 : (s32)c;
	if ((c & 0xe0) == 0xc0)
		need = 1, min = 0x80, c &= 0x1f;
	else if ((c & 0xf0) == 0xe0)
		need = 2, min = 0x800, c &= 0x0f;
	else if ((c & 0xf8) == 0xf0)
		need = 3, min = 0x10000, c &= 0x07;
	else
		return -1;
	if (len <= need)
		return -1;
	for (u32 i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
		return -1;
	*adv = need + 1;
	return (s32)c;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0, adv;

	for (size_t i = 0; i < len; i += adv, n++)
		utf8_next((const unsigned char *)s + i, len - i, &adv);
	return n;
}

/* Write at most maxch characters of s, escaped for XML text and attribute
 * values. */
static void xml_put(FILE *out, const char *s, size_t len, size_t maxch)
{
	size_t adv;

	for (size_t i = 0; i < len && maxch; i += adv, maxch--) {
		const unsigned char *p = (const unsigned char *)s + i;
		s32 c = utf8_next(p, len - i, &adv);

		switch (c) {
		case -1: fputs("\xef\xbf\xbd", out); break;
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fwrite(p, 1, adv, out); break;
		}
	}
}

static void xml_puts(FILE *out, const char *s)
{
	xml_put(out, s, strlen(s), SIZE_MAX);
}

/* ---- colours --------------------------------------------------------------- */

struct rgb { int r, g, b; };

/* Three values in [0, 1] from a name hash: the same name always gets the
 * same colour, in every graph. */
static struct rgb frame_colour(const char *name, u32 len, u64 h, bool root, bool kernel)
{
	double v1 = (double)(h & 0xffff) / 0xffff;
	double v2 = (double)(h >> 16 & 0xffff) / 0xffff;
	double v3 = (double)(h >> 32 & 0xffff) / 0xffff;

	if (root)
		return (struct rgb){ 210, 210, 200 };
	if (kernel || (len >= 4 && !memcmp(name + len - 4, "_[k]", 4)))	/* kernel: blue */
		return (struct rgb){ (int)(60 + 70 * v1), (int)(130 + 70 * v1), (int)(210 + 45 * v2) };
	if (len && name[0] == '[')	/* [unknown], [vdso]...: grey */
		return (struct rgb){ (int)(170 + 40 * v1), (int)(170 + 40 * v1), (int)(170 + 40 * v1) };
	/* Warm, as flamegraph.pl's "hot": red to yellow. */
	return (struct rgb){ (int)(205 + 50 * v3), (int)(230 * v1), (int)(55 * v2) };
}

/* ---- layout ---------------------------------------------------------------- */

struct svg_item {
	u32 node;
	u32 depth;
	u32 parent;	/* document index of the parent frame, UINT32_MAX: none */
	u64 start;	/* samples left of this frame */
};

struct layout {
	int width, height;
	double scale;	/* px per sample */
	double bottom;	/* y of the bottom edge of the "all" frame */
	int ctl_y;	/* top of the controls row */
};

static bool visible(const struct flame *f, const struct layout *l, u32 node)
{
	return (double)flame_node_total(f, node) * l->scale >= MIN_FRAME_W;
}

/* The deepest frame drawn, to size the picture. */
static int max_depth(const struct flame *f, const struct flame_tree *t, const struct layout *l,
		     u32 *depth_out)
{
	struct svg_item *st = malloc(64 * sizeof(*st));
	size_t nr = 0, cap = 64;
	u32 maxd = 0;

	if (!st)
		return -1;
	st[nr++] = (struct svg_item){ .node = FLAME_ROOT };
	while (nr) {
		struct svg_item it = st[--nr];

		maxd = MAX(maxd, it.depth);
		if (nr + flame_tree_nr_kids(t, it.node) > cap) {
			size_t ncap = MAX(cap * 2, nr + flame_tree_nr_kids(t, it.node));
			struct svg_item *ns = realloc(st, ncap * sizeof(*ns));

			if (!ns) {
				free(st);
				return -1;
			}
			st = ns;
			cap = ncap;
		}
		for (u32 i = t->first[it.node]; i < t->first[it.node + 1]; i++)
			if (visible(f, l, t->kids[i]))
				st[nr++] = (struct svg_item){ .node = t->kids[i], .depth = it.depth + 1 };
	}
	free(st);
	*depth_out = maxd;
	return 0;
}

/* The length of a name as shown: stackcollapse's annotations (kernel,
 * inlined, jit, waker) pick the colour; flamegraph.pl does not show them,
 * nor does this. */
static u32 shown_len(const char *name, u32 len)
{
	if (len > 4 && name[len - 4] == '_' && name[len - 3] == '[' && name[len - 1] == ']' &&
	    name[len - 2] && strchr("kijw", name[len - 2]))
		return len - 4;
	return len;
}

static void write_frame(const struct flame *f, FILE *out, const struct layout *l,
			const struct svg_item *it, const char *units)
{
	u32 len;
	const char *name = flame_node_name(f, it->node, &len);
	u64 n = flame_node_total(f, it->node), total = flame_total(f);
	struct rgb c = frame_colour(name, len, flame_node_hash(f, it->node), it->node == FLAME_ROOT,
				    flame_node_kernel(f, it->node));
	double x = XPAD + (double)it->start * l->scale, w = (double)n * l->scale;
	double y = l->bottom - (double)(it->depth + 1) * FRAME_H;
	long fit = (long)((w - 6) / CHAR_W);
	size_t nch;

	len = shown_len(name, len);
	fputs("<g class=\"f\"><title>", out);
	xml_put(out, name, len, SIZE_MAX);
	fprintf(out, " (%" PRIu64 " ", n);
	xml_puts(out, units);
	fprintf(out, ", %.2f%%)</title><rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" "
		"rx=\"2\" fill=\"rgb(%d,%d,%d)\" data-n=\"%" PRIu64 "\" data-s=\"%" PRIu64 "\"",
		100.0 * (double)n / (double)total, x, y, w, FRAME_H - 1, c.r, c.g, c.b, n, it->start);
	if (it->parent != UINT32_MAX)
		fprintf(out, " data-p=\"%" PRIu32 "\"", it->parent);
	fprintf(out, "/><text x=\"%.2f\" y=\"%.1f\">", x + 3, y + 11.5);
	/* As much of the name as fits, ".." marking a cut; nothing under 3. */
	if (fit >= 3) {
		nch = utf8_chars(name, len);
		if (nch <= (size_t)fit) {
			xml_put(out, name, len, SIZE_MAX);
		} else {
			xml_put(out, name, len, (size_t)fit - 2);
			fputs("..", out);
		}
	}
	fputs("</text></g>\n", out);
}

/* Grow a stack of items to hold more. */
static int stack_reserve(struct svg_item **st, size_t *cap, size_t want)
{
	size_t ncap;
	struct svg_item *ns;

	if (want <= *cap)
		return 0;
	ncap = MAX(*cap * 2, want);
	ns = realloc(*st, ncap * sizeof(*ns));
	if (!ns)
		return -1;
	*st = ns;
	*cap = ncap;
	return 0;
}

/* An undrawn frame and its subtree, in preorder, as
 *	<g data-n="N" data-a="ANCHOR" data-d="DEPTH"><title>NAME</title></g>
 * ANCHOR the document index of the drawn frame they are under, DEPTH 1 for
 * its children: all the search needs to count the samples under a match
 * once.  *budget counts down what may still be written. */
static int write_narrow(const struct flame *f, const struct flame_tree *t, FILE *out,
			u32 node, u32 anchor, size_t *budget)
{
	struct svg_item *st = malloc(64 * sizeof(*st));
	size_t nr = 0, cap = 64;

	if (!st)
		return -1;
	st[nr++] = (struct svg_item){ .node = node, .depth = 1 };
	while (nr && *budget) {
		struct svg_item it = st[--nr];
		u32 len;
		const char *name = flame_node_name(f, it.node, &len);

		(*budget)--;
		fprintf(out, "<g data-n=\"%" PRIu64 "\" data-a=\"%" PRIu32 "\" data-d=\"%" PRIu32 "\"><title>",
			flame_node_total(f, it.node), anchor, it.depth);
		xml_put(out, name, shown_len(name, len), SIZE_MAX);
		fputs("</title></g>\n", out);
		if (stack_reserve(&st, &cap, nr + flame_tree_nr_kids(t, it.node))) {
			free(st);
			return -1;
		}
		for (u32 i = t->first[it.node + 1]; i-- > t->first[it.node];)
			st[nr++] = (struct svg_item){ .node = t->kids[i], .depth = it.depth + 1 };
	}
	free(st);
	return 0;
}

/* Preorder, children left to right: the frames' document order.  With
 * budget NULL, the drawn frames; else the undrawn ones (write_narrow). */
static int write_frames(const struct flame *f, const struct flame_tree *t, FILE *out,
			const struct layout *l, const char *units, size_t *budget)
{
	struct svg_item *st = malloc(64 * sizeof(*st));
	size_t nr = 0, cap = 64;
	u32 index = 0;

	if (!st)
		return -1;
	st[nr++] = (struct svg_item){ .node = FLAME_ROOT, .parent = UINT32_MAX };
	while (nr) {
		struct svg_item it = st[--nr];
		u32 me = index++;
		u64 end = it.start;

		if (!budget)
			write_frame(f, out, l, &it, units);
		if (stack_reserve(&st, &cap, nr + flame_tree_nr_kids(t, it.node))) {
			free(st);
			return -1;
		}
		/* Pushed last to first so that the first child pops first; each
		 * starts where its left siblings (drawn or not) end. */
		for (u32 i = t->first[it.node]; i < t->first[it.node + 1]; i++)
			end += flame_node_total(f, t->kids[i]);
		for (u32 i = t->first[it.node + 1]; i-- > t->first[it.node];) {
			u32 k = t->kids[i];

			end -= flame_node_total(f, k);
			if (visible(f, l, k)) {
				st[nr++] = (struct svg_item){ .node = k, .depth = it.depth + 1,
							      .parent = me, .start = end };
			} else if (budget && *budget && write_narrow(f, t, out, k, me, budget)) {
				free(st);
				return -1;
			}
		}
	}
	free(st);
	return 0;
}

/* ---- the document ---------------------------------------------------------- */

static const char svg_style[] =
	"text { font-family: Verdana, sans-serif; font-size: 12px; fill: #000; }\n"
	"#scry-title { font-size: 17px; text-anchor: middle; }\n"
	"#scry-subtitle { fill: #555; text-anchor: middle; }\n"
	"#scry-frames g { cursor: pointer; }\n"
	"#scry-frames text { pointer-events: none; }\n"
	"#scry-frames g:hover rect { stroke: #000; stroke-width: 0.5; }\n"
	"#scry-frames g.parent rect { fill-opacity: 0.5; }\n"
	"#scry-frames g.parent text { fill: #555; }\n"
	".hide { display: none; }\n"
	".ctl { cursor: pointer; fill: #0040a0; }\n"
	"#scry-matched { text-anchor: end; }\n"
	"#scry-ic { fill: #999; }\n"
	"#scry-ic.on { fill: #0040a0; font-weight: bold; }\n"
	"input { box-sizing: border-box; width: 100%; height: 100%; font: 12px Verdana, sans-serif; }\n";

/* The script: zoom, unzoom, hover status, search.  Static text: everything
 * it knows about frames it reads from the document (counts from data-n,
 * names from the <title>), so no name is ever written into JavaScript. */
static const char svg_script[] =
	"(function () {\n"
	"\"use strict\";\n"
	"var svg = document.getElementById(\"scry-flame\");\n"
	"var W = +svg.getAttribute(\"width\"), XPAD = +svg.getAttribute(\"data-xpad\");\n"
	"var CHARW = +svg.getAttribute(\"data-charw\");\n"
	"var holder = document.getElementById(\"scry-frames\");\n"
	"var status = document.getElementById(\"scry-status\");\n"
	"var reset = document.getElementById(\"scry-reset\");\n"
	"var matched = document.getElementById(\"scry-matched\");\n"
	"var input = document.getElementById(\"scry-search\");\n"
	"var ic = document.getElementById(\"scry-ic\"), icase = false;\n"
	"var frames = [], zoomed = -1, i;\n"
	"var gs = holder.getElementsByTagName(\"g\");\n"
	"for (i = 0; i < gs.length; i++) {\n"
	"  var g = gs[i], r = g.getElementsByTagName(\"rect\")[0];\n"
	"  var info = g.getElementsByTagName(\"title\")[0].textContent, k = info.lastIndexOf(\" (\");\n"
	"  g.setAttribute(\"data-i\", i);\n"
	"  frames.push({ g: g, r: r, t: g.getElementsByTagName(\"text\")[0],\n"
	"    x: +r.getAttribute(\"x\"), w: +r.getAttribute(\"width\"), n: +r.getAttribute(\"data-n\"),\n"
	"    s: +r.getAttribute(\"data-s\"),\n"
	"    p: r.hasAttribute(\"data-p\") ? +r.getAttribute(\"data-p\") : -1,\n"
	"    name: k >= 0 ? info.slice(0, k) : info, info: info, fill: r.getAttribute(\"fill\"), end: i });\n"
	"}\n"
	"var TOTAL = frames.length ? frames[0].n : 0;\n"
	"/* Frames too narrow to draw, by the drawn frame they are under: for the\n"
	" * search's share, which would miss their samples otherwise. */\n"
	"var narrow = {}, nlist = document.getElementById(\"scry-narrow\");\n"
	"var NARROW_CUT = !!document.getElementById(\"scry-narrow-cut\");\n"
	"for (i = 0; nlist && i < nlist.children.length; i++) {\n"
	"  var ng = nlist.children[i], a = +ng.getAttribute(\"data-a\");\n"
	"  (narrow[a] = narrow[a] || []).push({ n: +ng.getAttribute(\"data-n\"),\n"
	"    d: +ng.getAttribute(\"data-d\"), name: ng.textContent });\n"
	"}\n"
	"/* The samples under matches in one drawn frame's undrawn subtrees, in\n"
	" * preorder: a match deeper than the last one, right after it, is in it. */\n"
	"function narrowSum(list, re) {\n"
	"  var s = 0, under = 0;\n"
	"  for (var k = 0; k < list.length; k++) {\n"
	"    if (under && list[k].d > under) continue;\n"
	"    under = 0;\n"
	"    if (re.test(list[k].name)) { s += list[k].n; under = list[k].d; }\n"
	"  }\n"
	"  return s;\n"
	"}\n"
	"/* Frames are in preorder: a frame's subtree is the run after it, up to end. */\n"
	"var open = [];\n"
	"for (i = 0; i < frames.length; i++) {\n"
	"  while (open.length && open[open.length - 1] !== frames[i].p) frames[open.pop()].end = i - 1;\n"
	"  open.push(i);\n"
	"}\n"
	"while (open.length) frames[open.pop()].end = frames.length - 1;\n"
	"function fit(f, w) {\n"
	"  var m = Math.floor((w - 6) / CHARW), s = \"\";\n"
	"  if (m >= 3) s = f.name.length <= m ? f.name : f.name.slice(0, m - 2) + \"..\";\n"
	"  f.t.textContent = s;\n"
	"}\n"
	"function place(f, x, w) {\n"
	"  f.r.setAttribute(\"x\", x.toFixed(2));\n"
	"  f.r.setAttribute(\"width\", w.toFixed(2));\n"
	"  f.t.setAttribute(\"x\", (x + 3).toFixed(2));\n"
	"  fit(f, w);\n"
	"}\n"
	"function unzoom() {\n"
	"  for (var j = 0; j < frames.length; j++) {\n"
	"    var f = frames[j];\n"
	"    f.g.classList.remove(\"hide\"); f.g.classList.remove(\"parent\");\n"
	"    place(f, f.x, f.w);\n"
	"  }\n"
	"  zoomed = -1;\n"
	"  reset.classList.add(\"hide\");\n"
	"  if (input.value) search(input.value);\n"
	"}\n"
	"/* Frame z fills the width; its ancestors stay, full width and faded. */\n"
	"function zoom(zi) {\n"
	"  var z = frames[zi], j, f;\n"
	"  if (z.p < 0) { unzoom(); return; }\n"
	"  /* From counts, not from the rounded x and width: a zoom would\n"
	"   * magnify their rounding. */\n"
	"  var scale = (W - 2 * XPAD) / z.n;\n"
	"  for (j = 0; j < frames.length; j++) {\n"
	"    f = frames[j];\n"
	"    f.g.classList.remove(\"parent\");\n"
	"    if (j >= zi && j <= z.end) {\n"
	"      f.g.classList.remove(\"hide\");\n"
	"      place(f, XPAD + (f.s - z.s) * scale, f.n * scale);\n"
	"    } else {\n"
	"      f.g.classList.add(\"hide\");\n"
	"    }\n"
	"  }\n"
	"  for (j = z.p; j >= 0; j = frames[j].p) {\n"
	"    f = frames[j];\n"
	"    f.g.classList.remove(\"hide\"); f.g.classList.add(\"parent\");\n"
	"    place(f, XPAD, W - 2 * XPAD);\n"
	"  }\n"
	"  zoomed = zi;\n"
	"  reset.classList.remove(\"hide\");\n"
	"  if (input.value) search(input.value);\n"
	"}\n"
	"function pct(n, of) { return of ? (100 * n / of).toFixed(2) : \"0.00\"; }\n"
	"/* The matched share: the samples under a matching frame, of all of them;\n"
	" * a match inside a matched frame is not counted twice (preorder: a\n"
	" * frame's subtree is j..end).  Zoomed, also the share of the zoomed\n"
	" * frame's samples: all of them when one of its ancestors matches. */\n"
	"function search(pat) {\n"
	"  var re = null, sum = 0, cover = -1, zsum = 0, zin = false, j, f, hit, z, text, s;\n"
	"  if (pat) {\n"
	"    try { re = new RegExp(pat, icase ? \"i\" : \"\"); } catch (e) { re = null; }\n"
	"  }\n"
	"  z = zoomed >= 0 ? frames[zoomed] : null;\n"
	"  for (j = 0; j < frames.length; j++) {\n"
	"    f = frames[j];\n"
	"    hit = re !== null && f.p >= 0 && re.test(f.name);\n"
	"    f.r.setAttribute(\"fill\", hit ? \"rgb(230,0,230)\" : f.fill);\n"
	"    if (hit && j > cover) {\n"
	"      sum += f.n; cover = f.end;\n"
	"      if (z && j <= zoomed && f.end >= zoomed) zin = true;\n"
	"      else if (z && j > zoomed && j <= z.end) zsum += f.n;\n"
	"    }\n"
	"    if (re && j > cover && narrow[j]) {\n"
	"      s = narrowSum(narrow[j], re);\n"
	"      sum += s;\n"
	"      if (z && j >= zoomed && j <= z.end) zsum += s;\n"
	"    }\n"
	"  }\n"
	"  if (!pat) text = \"\";\n"
	"  else if (!re) text = \"bad regex\";\n"
	"  else {\n"
	"    /* Undrawn frames past NARROW_MAX were not listed: a lower bound. */\n"
	"    text = \"Matched: \" + (NARROW_CUT ? \"at least \" : \"\") + pct(sum, TOTAL) + \"%\";\n"
	"    if (z) text += \" (\" + pct(zin ? z.n : zsum, z.n) + \"% of the zoom)\";\n"
	"  }\n"
	"  matched.textContent = text;\n"
	"  /* The exact counts, for tools (tests/flamegraph-browser.py). */\n"
	"  matched.setAttribute(\"data-n\", re ? sum : \"\");\n"
	"  matched.setAttribute(\"data-zn\", re && z ? (zin ? z.n : zsum) : \"\");\n"
	"}\n"
	"function frameOf(e) {\n"
	"  var g = e.target.closest ? e.target.closest(\"g.f\") : null;\n"
	"  return g ? +g.getAttribute(\"data-i\") : -1;\n"
	"}\n"
	"holder.addEventListener(\"mouseover\", function (e) {\n"
	"  var j = frameOf(e);\n"
	"  if (j >= 0) status.textContent = frames[j].info;\n"
	"});\n"
	"holder.addEventListener(\"mouseout\", function () { status.textContent = \" \"; });\n"
	"holder.addEventListener(\"click\", function (e) {\n"
	"  var j = frameOf(e);\n"
	"  if (j >= 0) zoom(j);\n"
	"});\n"
	"reset.addEventListener(\"click\", unzoom);\n"
	"function toggleCase() {\n"
	"  icase = !icase;\n"
	"  if (icase) ic.classList.add(\"on\"); else ic.classList.remove(\"on\");\n"
	"  search(input.value);\n"
	"}\n"
	"ic.addEventListener(\"click\", toggleCase);\n"
	"input.addEventListener(\"input\", function () { search(input.value); });\n"
	"document.addEventListener(\"keydown\", function (e) {\n"
	"  if (e.key === \"Escape\") {\n"
	"    if (zoomed >= 0) unzoom();\n"
	"    else if (input.value) { input.value = \"\"; search(\"\"); }\n"
	"  } else if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === \"i\") {\n"
	"    e.preventDefault();\n"
	"    toggleCase();\n"
	"  } else if (((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === \"f\") ||\n"
	"             (e.key === \"/\" && document.activeElement !== input)) {\n"
	"    /* The page's search, not the browser's: that one finds only the\n"
	"     * names that fit in their frames, and no share. */\n"
	"    e.preventDefault();\n"
	"    input.focus();\n"
	"    input.select();\n"
	"  }\n"
	"});\n"
	"/* A reload may keep what was typed in the box. */\n"
	"if (input.value) search(input.value);\n"
	"svg.flame = { zoom: zoom, unzoom: unzoom, search: search, frames: frames };\n"
	"})();\n";

int flame_write_svg(const struct flame *f, FILE *out, const struct flame_svg_opts *o)
{
	static const struct flame_svg_opts defaults;
	const char *title, *units;
	struct flame_tree t;
	struct layout l;
	u32 depth = 0;
	u64 total = flame_total(f);
	int frames_top, ret = -1;
	size_t narrow_budget = NARROW_MAX;

	if (!o)
		o = &defaults;
	title = o->title ? o->title : "Flame Graph";
	units = o->units ? o->units : "samples";
	l.width = o->width > 0 ? o->width : 1200;
	l.width = MIN(MAX(l.width, MIN_WIDTH), MAX_WIDTH);
	l.scale = total ? (double)(l.width - 2 * XPAD) / (double)total : 0;
	if (flame_tree_build(f, &t))
		return -1;
	if (total && max_depth(f, &t, &l, &depth))
		goto out;
	l.ctl_y = TOP_TITLE + 8 + (o->subtitle ? TOP_SUB : 0);
	frames_top = l.ctl_y + CTL_H + 10;
	l.height = frames_top + (total ? (int)(depth + 1) * FRAME_H : 2 * FRAME_H) + BOTTOM;
	l.bottom = l.height - BOTTOM;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" id=\"scry-flame\" "
		"width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" data-xpad=\"%d\" data-charw=\"%.2f\" "
		"data-total=\"%" PRIu64 "\">\n",
		l.width, l.height, l.width, l.height, XPAD, CHAR_W, total);
	fprintf(out, "<style>\n%s</style>\n", svg_style);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f6f6ef\"/>\n",
		l.width, l.height);
	fprintf(out, "<text id=\"scry-title\" x=\"%d\" y=\"%d\">", l.width / 2, TOP_TITLE);
	xml_puts(out, title);
	fputs("</text>\n", out);
	if (o->subtitle) {
		fprintf(out, "<text id=\"scry-subtitle\" x=\"%d\" y=\"%d\">", l.width / 2,
			TOP_TITLE + TOP_SUB);
		xml_puts(out, o->subtitle);
		fputs("</text>\n", out);
	}
	fprintf(out, "<text id=\"scry-reset\" class=\"ctl hide\" x=\"%d\" y=\"%d\">Reset Zoom</text>\n",
		XPAD, l.ctl_y + 15);
	fprintf(out, "<text id=\"scry-matched\" x=\"%d\" y=\"%d\"></text>\n",
		l.width - XPAD - SEARCH_W - IC_W - 8, l.ctl_y + 15);
	/* flamegraph.pl's ignore-case toggle, also on Ctrl-I. */
	fprintf(out, "<text id=\"scry-ic\" class=\"ctl\" x=\"%d\" y=\"%d\">"
		"<title>Ignore case (Ctrl-I)</title>ic</text>\n",
		l.width - XPAD - SEARCH_W - IC_W + 4, l.ctl_y + 15);
	fprintf(out, "<foreignObject x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\">"
		"<input xmlns=\"http://www.w3.org/1999/xhtml\" id=\"scry-search\" type=\"text\" "
		"placeholder=\"Search (regex)\" title=\"Search frames: a regular expression\"/>"
		"</foreignObject>\n",
		l.width - XPAD - SEARCH_W, l.ctl_y, SEARCH_W, CTL_H);
	fputs("<g id=\"scry-frames\">\n", out);
	if (total && write_frames(f, &t, out, &l, units, NULL))
		goto out;
	fputs("</g>\n", out);
	/* A frame's undrawn children are listed right to left: the search
	 * needs each subtree in preorder, not the siblings' order. */
	fputs("<g id=\"scry-narrow\" class=\"hide\">\n", out);
	if (total && write_frames(f, &t, out, &l, units, &narrow_budget))
		goto out;
	fputs("</g>\n", out);
	if (!narrow_budget)
		fputs("<g id=\"scry-narrow-cut\"/>\n", out);
	if (!total)
		fprintf(out, "<text x=\"%d\" y=\"%d\" style=\"text-anchor: middle\">No samples</text>\n",
			l.width / 2, frames_top + FRAME_H);
	fprintf(out, "<text id=\"scry-status\" x=\"%d\" y=\"%d\"> </text>\n", XPAD, l.height - 12);
	fprintf(out, "<script><![CDATA[\n%s]]></script>\n</svg>\n", svg_script);
	ret = 0;
out:
	flame_tree_release(&t);
	if (fflush(out) || ferror(out))
		ret = -1;
	return ret;
}
