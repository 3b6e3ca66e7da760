#!/usr/bin/env python3
"""Run an SVG flame graph written by scry (util/profile/flamegraph-svg.c) in a
real browser, headless Chromium driven by Selenium, and check that its script
does what a reader does with it, against the same profile's folded stacks.

usage: flamegraph-browser.py [--narrow] FILE.svg FILE.folded

FILE.folded is `scry report --folded` (or `scry script --folded`) of the same
samples: the numbers the page shows are checked against it, not against the
page's own attributes.  Checks:

  - the page loads, its script runs, and the browser's console logs no error
    (the log channel itself is checked with a console.error of our own);
  - hovering a frame shows "NAME (N UNITS, P%)" on the details line, N and P
    from the folded stacks, and its <title> says the same;
  - clicking a frame widens it to the full width, its subtree scaled with it,
    its ancestors full width, everything else hidden, Reset Zoom shown;
    Reset Zoom, Escape, and a click on "all" each restore every frame;
  - Ctrl-F focuses the search box; a regex typed there highlights the frames
    whose names match (count checked against the folded stacks' tree) and
    shows the share of samples under them, a sample counted once however
    many of its frames match, also those under frames too narrow to draw
    (the exact count is the matched share's data-n); zoomed, the share of
    the zoomed frame too; Ctrl-I ignores case; a bad regex says so; Escape
    clears the search.

With --narrow, only the page's load and search, for a graph whose frames
with children are mostly too narrow to draw.

Prints one line per check, "ok MSG" or "not ok MSG<TAB>DETAIL", and exits 0;
"skip: REASON" and exit 2 when Selenium, Chromium or chromedriver is
missing; exit 1 on bad usage or input.
"""
import os
import re
import shutil
import sys
import tempfile

W_TOL = 0.02          # px: the page writes coordinates with 2 decimals
HIGHLIGHT = "rgb(230,0,230)"
ANNOTATION = re.compile(r"_\[[kijw]\]$")   # stackcollapse's, not shown in the SVG

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
except ImportError:
    webdriver = None


class Checks:
    def __init__(self):
        self.failed = 0

    def ok(self, cond, msg, detail=""):
        if cond:
            print("ok %s" % msg)
        else:
            self.failed += 1
            print("not ok %s\t%s" % (msg, str(detail).replace("\n", " | ")))
        sys.stdout.flush()
        return cond


# ---- the truth: folded stacks ---------------------------------------------------

class Node:
    def __init__(self, name, parent):
        self.name, self.parent, self.n, self.kids = name, parent, 0, {}


def read_folded(path):
    """[(frames, count)], frames with stackcollapse's annotations dropped."""
    stacks = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                raise ValueError("%s:%d: not 'STACK COUNT': %s" % (path, lineno, line[:80]))
            stacks.append(([ANNOTATION.sub("", s) for s in stack.split(";")], int(count)))
    return stacks


def build_tree(stacks):
    root = Node("all", None)
    for frames, n in stacks:
        node = root
        node.n += n
        for name in frames:
            node = node.kids.setdefault(name, Node(name, node))
            node.n += n
    return root


def drawn_nodes(root, px_per_sample):
    """The frames the SVG draws (flamegraph.pl's rule: 0.1 px or wider), not "all"."""
    out, todo = [], [root]
    while todo:
        node = todo.pop()
        for k in node.kids.values():
            if k.n * px_per_sample >= 0.1:
                out.append(k)
                todo.append(k)
    return out


def path_of(node):
    names = []
    while node.parent is not None:
        names.append(node.name)
        node = node.parent
    return names[::-1]


def expected_search(stacks, drawn, pattern, zoom=(), flags=0):
    """Frames highlighted (drawn ones), the samples under a matching frame
    (drawn or not; each counted once), and how many of those are under the
    frame at path zoom."""
    rx = re.compile(pattern, flags)
    hits = [d for d in drawn if rx.search(d.name)]
    covered = in_zoom = 0
    for frames, n in stacks:
        if any(rx.search(name) for name in frames):
            covered += n
            if tuple(frames[:len(zoom)]) == tuple(zoom):
                in_zoom += n
    return len(hits), covered, in_zoom


# ---- the page ---------------------------------------------------------------------

FRAMES_JS = """
var out = [], gs = document.querySelectorAll('#scry-frames g.f');
for (var i = 0; i < gs.length; i++) {
  var g = gs[i], r = g.querySelector('rect');
  out.push({ title: g.querySelector('title').textContent,
    x: +r.getAttribute('x'), w: +r.getAttribute('width'), n: +r.getAttribute('data-n'),
    p: r.hasAttribute('data-p') ? +r.getAttribute('data-p') : -1,
    fill: r.getAttribute('fill'), hidden: getComputedStyle(g).display === 'none',
    parent: g.classList.contains('parent'), text: g.querySelector('text').textContent });
}
return out;
"""
TITLE_RE = re.compile(r"^(.*) \((\d+) (.+), (\d+\.\d\d)%\)$", re.S)


def find_browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def start(profile_dir):
    opts = Options()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1400,1000", "--user-data-dir=" + profile_dir):
        opts.add_argument(a)
    opts.binary_location = find_browser()
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


def at(d, el):
    """el, scrolled into the middle of the window: WebDriver's pointer
    actions do not scroll, and a deep graph is taller than the window."""
    d.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", el)
    return el


def severe(logs):
    return [e.get("message", "") for e in logs if e.get("level") == "SEVERE"]


def check_narrow_search(d, c, stacks, tree, drawn, total):
    """Matches among frames too narrow to draw count: the undrawn frame U
    with the most samples that has an undrawn child C, searched alone, with
    C (nested: counted once), and with the drawn frame above them."""
    drawn_ids = {id(n) for n in drawn}
    undrawn, todo = [], [tree]
    while todo:
        node = todo.pop()
        for k in node.kids.values():
            todo.append(k)
            if id(k) not in drawn_ids and k.kids:
                undrawn.append(k)
    if not c.ok(undrawn, "the profile has undrawn frames (under 0.1 px) with children",
                "every frame is drawn"):
        return
    u = max(undrawn, key=lambda n: (n.n, n.name))
    child = max(u.kids.values(), key=lambda n: (n.n, n.name))
    above = u.parent
    while above.parent is not None and id(above) not in drawn_ids:
        above = above.parent
    box = d.find_element("id", "scry-search")
    matched = d.find_element("id", "scry-matched")
    ActionChains(d).click(at(d, box)).perform()
    for pattern, what in (("^%s$" % re.escape(u.name), "an undrawn frame"),
                          ("^(%s|%s)$" % (re.escape(u.name), re.escape(child.name)),
                           "an undrawn frame and its child"),
                          ("^(%s|%s)$" % (re.escape(above.name), re.escape(child.name)),
                           "a drawn frame and an undrawn one under it")):
        want_hits, want_cover, _ = expected_search(stacks, drawn, pattern)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.BACKSPACE)
        box.send_keys(pattern)
        got_n = matched.get_attribute("data-n")
        hits = [f for f in d.execute_script(FRAMES_JS) if f["fill"] == HIGHLIGHT]
        want_text = "Matched: %.2f%%" % (100.0 * want_cover / total)
        c.ok(got_n == str(want_cover) and matched.text == want_text and len(hits) == want_hits,
             "search /%s/ (%s): %d of %d samples as the folded stacks, '%s', %d drawn frames highlighted"
             % (pattern, what, want_cover, total, want_text, want_hits),
             "got %s samples, '%s', %d highlighted" % (got_n, matched.text, len(hits)))
    logs = severe(d.get_log("browser"))
    c.ok(not logs, "no console errors while searching", "; ".join(logs[:3]))


def run(d, c, svg, stacks, narrow_only=False):
    d.get("file://" + os.path.abspath(svg))
    has_script = d.execute_script("var s = document.getElementById('scry-flame');"
                                  "return !!(s && s.flame && s.flame.frames.length);")
    c.ok(has_script, "the page loads and its script runs", "no svg.flame with frames")
    logs = severe(d.get_log("browser"))
    c.ok(not logs, "no console errors on load", "; ".join(logs[:3]))
    d.execute_script("console.error('scry-log-probe')")
    probe = severe(d.get_log("browser"))
    c.ok(any("scry-log-probe" in m for m in probe),
         "the browser's console log is collected (a console.error of ours shows)", probe[:3])
    if not has_script:
        return

    svg_el = d.find_element("id", "scry-flame")
    W = float(svg_el.get_attribute("width"))
    XPAD = float(svg_el.get_attribute("data-xpad"))
    full = W - 2 * XPAD
    frames = d.execute_script(FRAMES_JS)
    rects = d.find_elements("css selector", "#scry-frames g.f rect")
    total = sum(n for _, n in stacks)
    tree = build_tree(stacks)
    drawn = drawn_nodes(tree, full / total if total else 0)
    c.ok(frames[0]["n"] == total and len(frames) == len(drawn) + 1,
         "the page has the folded stacks' %d samples in %d drawn frames" % (total, len(drawn) + 1),
         "page: %d samples, %d frames" % (frames[0]["n"], len(frames)))

    # The paths of the page's frames, to find each in the folded tree.
    for f in frames:
        m = TITLE_RE.match(f["title"])
        f["name"] = m.group(1) if m else f["title"]
        f["path"] = (frames[f["p"]]["path"] + [f["name"]]) if f["p"] >= 0 else []
    if narrow_only:
        check_narrow_search(d, c, stacks, tree, drawn, total)
        return
    # The frame to hover and zoom: the widest that is not full width and has
    # children (report-tree: work_a), so zooming moves and hides frames.
    cands = [i for i, f in enumerate(frames) if 0 < f["n"] < total and f["p"] >= 0 and
             any(g["p"] == i for g in frames)]
    if not c.ok(cands, "the profile has a frame narrower than the whole, with children",
                "all frames are full width or leaves"):
        return
    zi = max(cands, key=lambda i: (frames[i]["n"], -i))
    z = frames[zi]
    node = tree
    for name in z["path"]:
        node = node.kids.get(name) if node else None
    want_n = node.n if node else -1
    m = TITLE_RE.match(z["title"])
    units = m.group(3) if m else "samples"
    want = "%s (%d %s, %.2f%%)" % (z["name"], want_n, units, 100.0 * want_n / total)

    # ---- hover --------------------------------------------------------------
    ActionChains(d).move_to_element(at(d, rects[zi])).perform()
    status = d.find_element("id", "scry-status").text
    c.ok(status == want, "hover over %s: the details line says '%s' (folded: %d of %d)"
         % ("/".join(z["path"]), want, want_n, total), "got '%s'" % status)
    c.ok(z["title"] == want, "its tooltip (<title>) says the same", "got '%s'" % z["title"])
    ActionChains(d).move_to_element(at(d, d.find_element("id", "scry-title"))).perform()  # off the frames
    status = d.find_element("id", "scry-status").text
    c.ok(status.strip() == "", "leaving the frames clears the details line", "got '%s'" % status)

    # ---- zoom ---------------------------------------------------------------
    reset = d.find_element("id", "scry-reset")
    c.ok(not reset.is_displayed(), "Reset Zoom is hidden before a zoom", "shown")

    def subtree(i):
        out, j = [i], i + 1
        while j < len(frames):
            p = frames[j]["p"]
            while p >= 0 and p != i:
                p = frames[p]["p"]
            if p != i:
                break
            out.append(j)
            j += 1
        return out

    inside = set(subtree(zi))
    ancestors = set()
    p = z["p"]
    while p >= 0:
        ancestors.add(p)
        p = frames[p]["p"]

    def check_zoomed(how):
        now = d.execute_script(FRAMES_JS)
        bad = []
        for j, f in enumerate(now):
            if j in inside:
                # Widths from counts, exact; places from the unzoomed
                # ones, whose rounding (0.005 px) the zoom magnifies.
                want_w = full * frames[j]["n"] / z["n"]
                want_x = XPAD + (frames[j]["x"] - z["x"]) * full / z["w"]
                x_tol = W_TOL + 0.01 * full / z["w"]
                if f["hidden"] or abs(f["w"] - want_w) > W_TOL or abs(f["x"] - want_x) > x_tol:
                    bad.append("frame %d (%s) x %.2f w %.2f hidden %s, want x %.2f w %.2f"
                               % (j, f["name"] if "name" in f else j, f["x"], f["w"], f["hidden"],
                                  want_x, want_w))
            elif j in ancestors:
                if f["hidden"] or not f["parent"] or abs(f["w"] - full) > W_TOL:
                    bad.append("ancestor %d: w %.2f hidden %s faded %s" % (j, f["w"], f["hidden"], f["parent"]))
            elif not f["hidden"]:
                bad.append("frame %d outside the zoom is shown" % j)
        c.ok(not bad, "%s: %s fills the width (%.0f px), its %d-frame subtree scaled with it, "
             "%d ancestors full width and faded, the other %d frames hidden"
             % (how, z["name"], full, len(inside), len(ancestors),
                len(frames) - len(inside) - len(ancestors)), "; ".join(bad[:3]))
        c.ok(reset.is_displayed(), "%s: Reset Zoom is shown" % how, "hidden")
        c.ok(now[zi]["text"] == z["text"] or now[zi]["text"].startswith(z["name"][:3]),
             "%s: the zoomed frame's label shows its name" % how, "label '%s'" % now[zi]["text"])

    def check_restored(how):
        now = d.execute_script(FRAMES_JS)
        bad = ["frame %d: x %.2f w %.2f hidden %s faded %s" % (j, f["x"], f["w"], f["hidden"], f["parent"])
               for j, f in enumerate(now)
               if f["hidden"] or f["parent"] or abs(f["x"] - frames[j]["x"]) > W_TOL
               or abs(f["w"] - frames[j]["w"]) > W_TOL or f["text"] != frames[j]["text"]]
        c.ok(not bad, "%s restores all %d frames (place, width, label)" % (how, len(now)), "; ".join(bad[:3]))
        c.ok(not reset.is_displayed(), "%s hides Reset Zoom" % how, "still shown")

    ActionChains(d).click(at(d, rects[zi])).perform()
    check_zoomed("click")
    reset.click()
    check_restored("Reset Zoom")
    ActionChains(d).click(at(d, rects[zi])).perform()
    check_zoomed("click again")
    ActionChains(d).send_keys(Keys.ESCAPE).perform()
    check_restored("Escape")
    ActionChains(d).click(at(d, rects[zi])).perform()
    ActionChains(d).click(at(d, rects[0])).perform()
    check_restored("a click on 'all'")

    # ---- search -------------------------------------------------------------
    box = d.find_element("id", "scry-search")
    matched = d.find_element("id", "scry-matched")
    ActionChains(d).key_down(Keys.CONTROL).send_keys("f").key_up(Keys.CONTROL).perform()
    focused = d.execute_script("return document.activeElement && document.activeElement.id")
    c.ok(focused == "scry-search", "Ctrl-F focuses the search box", "focus on '%s'" % focused)

    def search(pattern):
        # Clicked and typed into, as a reader does (WebDriver's clear() fails
        # on an input inside an SVG's foreignObject, and its send_keys does
        # not focus one).
        if d.execute_script("return document.activeElement") != box:
            ActionChains(d).click(at(d, box)).perform()
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(Keys.BACKSPACE)
        box.send_keys(pattern)
        now = d.execute_script(FRAMES_JS)
        return [j for j, f in enumerate(now) if f["fill"] == HIGHLIGHT], matched.text

    # The zoomed frame's name alone, its parent's name or a child's (one
    # sample under both: counted once), and whatever matches nothing.
    child = next(g for g in frames if g["p"] == zi)
    patterns = [("^%s$" % re.escape(z["name"]), "a frame's name"),
                ("^(%s|%s)$" % (re.escape(frames[z["p"]]["name"]), re.escape(child["name"])),
                 "nested matches, a parent's name and a child's"),
                ("^(%s|%s)$" % (re.escape(z["name"]), re.escape(child["name"])),
                 "a frame and its child"),
                (z["name"][1:3], "a substring"),
                ("no-such-frame-xyz", "nothing")]
    for pattern, what in patterns:
        want_hits, want_cover, _ = expected_search(stacks, drawn, pattern)
        hits, text = search(pattern)
        want_text = "Matched: %.2f%%" % (100.0 * want_cover / total)
        got_n = matched.get_attribute("data-n")
        c.ok(len(hits) == want_hits and text == want_text and got_n == str(want_cover),
             "search /%s/ (%s): %d frames highlighted, '%s', %d of %d samples as the folded stacks"
             % (pattern, what, want_hits, want_text, want_cover, total),
             "got %d frames, '%s', %s samples" % (len(hits), text, got_n))
    hits, text = search("(")
    c.ok(not hits and "bad regex" in text.lower(), "search /(/: says bad regex, highlights nothing",
         "%d highlighted, '%s'" % (len(hits), text))
    # Ignoring case: off at first, Ctrl-I or a click on "ic" toggles it.
    ic = d.find_element("id", "scry-ic")
    pattern = "^%s$" % re.escape(z["name"].upper())
    results = []
    for how in ("case matters", "Ctrl-I", "a click on 'ic'"):
        if how == "Ctrl-I":
            ActionChains(d).key_down(Keys.CONTROL).send_keys("i").key_up(Keys.CONTROL).perform()
        elif how != "case matters":
            ActionChains(d).click(at(d, ic)).perform()
        on = "on" in (ic.get_attribute("class") or "").split()
        want_hits, want_cover, _ = expected_search(stacks, drawn, pattern, flags=re.I if on else 0)
        hits, text = search(pattern)
        results.append((how, on, len(hits), text, want_hits, want_cover))
    want_on = [False, True, False]
    bad = ["%s: ignoring case %s (want %s), %d frames '%s', want %d frames, %.2f%%"
           % (how, on, w, n, text, wn, 100.0 * wc / total)
           for (how, on, n, text, wn, wc), w in zip(results, want_on)
           if on != w or n != wn or text != "Matched: %.2f%%" % (100.0 * wc / total)]
    c.ok(not bad and results[1][2] > 0,
         "search /%s/: no match while case matters, %d with Ctrl-I (ignore case), none after a click on 'ic'"
         % (pattern, results[1][4]), "; ".join(bad) or "Ctrl-I matched nothing")

    search("^%s$" % re.escape(z["name"]))
    ActionChains(d).click(at(d, rects[zi])).perform()
    hits = [j for j, f in enumerate(d.execute_script(FRAMES_JS)) if f["fill"] == HIGHLIGHT]
    c.ok(zi in hits, "a zoom keeps the search's highlight", "highlighted: %s" % hits)
    # Zoomed, the share is also of the zoomed frame's samples: an
    # ancestor's name (all of them), a child's (which may match elsewhere
    # too), a sibling's (none of them).
    zoom_patterns = patterns[1:3] + [("^%s$" % re.escape(child["name"]), "a child's name")]
    zoom_patterns += [("^%s$" % re.escape(g["name"]), "a sibling's name")
                      for g in frames if g["p"] == z["p"] and g["name"] != z["name"]][:1]
    for pattern, what in zoom_patterns:
        _, want_cover, want_in = expected_search(stacks, drawn, pattern, z["path"])
        _, text = search(pattern)
        want_text = "Matched: %.2f%% (%.2f%% of the zoom)" % (100.0 * want_cover / total,
                                                               100.0 * want_in / z["n"])
        got_zn = matched.get_attribute("data-zn")
        c.ok(text == want_text and got_zn == str(want_in), "zoomed into %s, search /%s/ (%s): '%s' (folded: %d of %d, %d of %d)"
             % (z["name"], pattern, what, want_text, want_cover, total, want_in, z["n"]),
             "got '%s', %s samples in the zoom" % (text, got_zn))
    ActionChains(d).send_keys(Keys.ESCAPE).perform()   # unzoom
    _, want_cover, _ = expected_search(stacks, drawn, pattern)
    text = matched.text
    c.ok(text == "Matched: %.2f%%" % (100.0 * want_cover / total),
         "unzoomed, the share is of all samples again", "got '%s'" % text)
    ActionChains(d).click(at(d, d.find_element("id", "scry-title"))).perform()
    ActionChains(d).send_keys("/").perform()
    focused = d.execute_script("return document.activeElement && document.activeElement.id")
    c.ok(focused == "scry-search" and box.get_attribute("value") == pattern,
         "'/' focuses the search box (and is not typed into it)",
         "focus on '%s', box '%s'" % (focused, box.get_attribute("value")))
    ActionChains(d).send_keys(Keys.ESCAPE).perform()   # clear the search
    now = d.execute_script(FRAMES_JS)
    bad = [j for j, f in enumerate(now) if f["fill"] != frames[j]["fill"]]
    c.ok(not bad and box.get_attribute("value") == "" and matched.text.strip() == "",
         "Escape clears the search: colours back, box and share empty",
         "%d frames still coloured, box '%s', '%s'" % (len(bad), box.get_attribute("value"), matched.text))

    logs = severe(d.get_log("browser"))
    c.ok(not logs, "no console errors while hovering, zooming and searching", "; ".join(logs[:3]))


def main(argv):
    narrow_only = len(argv) == 4 and argv[1] == "--narrow"
    if narrow_only:
        argv = argv[:1] + argv[2:]
    if len(argv) != 3:
        print("usage: flamegraph-browser.py [--narrow] FILE.svg FILE.folded", file=sys.stderr)
        return 1
    missing = [what for what, have in (("python3-selenium", webdriver is not None),
                                       ("chromium", find_browser()),
                                       ("chromedriver", shutil.which("chromedriver"))) if not have]
    if missing:
        print("skip: %s not installed" % ", ".join(missing))
        return 2
    try:
        stacks = read_folded(argv[2])
    except (OSError, ValueError) as e:
        print("flamegraph-browser.py: %s" % e, file=sys.stderr)
        return 1
    if not stacks:
        print("flamegraph-browser.py: %s: no stacks" % argv[2], file=sys.stderr)
        return 1
    c = Checks()
    profile = tempfile.mkdtemp(prefix="scry-chromium.")
    d = None
    try:
        d = start(profile)
        run(d, c, argv[1], stacks, narrow_only)
    except WebDriverException as e:
        c.ok(False, "the browser session", e.msg or str(e).splitlines()[0])
    finally:
        if d:
            d.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
