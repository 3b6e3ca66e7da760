#!/usr/bin/env python3
"""Check an SVG flame graph written by scry (util/profile/flamegraph-svg.c).

usage: check-flamegraph.py FILE.svg TOTAL

Checks that the file is well-formed XML with an <svg> root; that it refers to
nothing outside itself (no href/src but "#..." or "data:", no url() but
"url(#...)", no @import, no http(s)/ftp/file URL in its script or style); and
that its frames (the <rect>s carrying data-n, in document order, data-p the
index of the parent frame, absent on root-level frames) are consistent:
root-level counts sum to TOTAL, a frame's children sum to at most its own
count, widths are proportional to counts within rounding, a child lies
horizontally inside its parent and above it (root at the bottom).

Prints one line: "ok: ..." and exits 0, or the first problem found and
exits 1.  Standard library only.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
# Coordinates are written with 2 decimals: 0.005 of rounding each, twice.
TOL = 0.011
URL_RE = re.compile(r"\b(?:https?|ftp|file):", re.I)
CSS_URL_RE = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.I)


class Bad(Exception):
    pass


def local(name):
    return name.rsplit("}", 1)[-1]


def check_refs(root):
    """Nothing outside the document: what a viewer would fetch."""
    for el in root.iter():
        tag = local(el.tag) if isinstance(el.tag, str) else ""
        for attr, val in el.attrib.items():
            a = local(attr).lower()
            v = val.strip()
            if a in ("href", "src", "action", "formaction", "data", "srcset"):
                if not (v.startswith("#") or v.startswith("data:")):
                    raise Bad("external reference: <%s %s=\"%s\">" % (tag, a, v[:80]))
            if a == "style" or v.lower().startswith("url("):
                for m in CSS_URL_RE.finditer(v):
                    if not m.group(1).startswith("#"):
                        raise Bad("external url() in <%s %s=\"%s\">" % (tag, a, v[:80]))
        if tag in ("script", "style"):
            text = "".join(el.itertext())
            m = URL_RE.search(text)
            if m:
                raise Bad("URL in <%s>: %s" % (tag, text[m.start():m.start() + 60].split("\n")[0]))
            if tag == "style":
                if "@import" in text:
                    raise Bad("@import in <style>")
                for m in CSS_URL_RE.finditer(text):
                    if not m.group(1).startswith("#"):
                        raise Bad("external url() in <style>: %s" % m.group(1)[:80])


def number(el, attr, index, kind=float):
    v = el.get(attr)
    if v is None:
        raise Bad("frame %d: no %s" % (index, attr))
    try:
        x = kind(v)
    except ValueError:
        raise Bad("frame %d: bad %s=\"%s\"" % (index, attr, v[:40]))
    if kind is float and (x != x or x in (float("inf"), float("-inf"))):
        raise Bad("frame %d: bad %s=\"%s\"" % (index, attr, v[:40]))
    return x


def check_frames(root, total):
    frames = []
    for el in root.iter(SVG_NS + "rect"):
        if el.get("data-n") is None:
            continue
        i = len(frames)
        n = number(el, "data-n", i, int)
        if n < 0:
            raise Bad("frame %d: negative data-n" % i)
        p = el.get("data-p")
        if p is not None:
            try:
                p = int(p)
            except ValueError:
                raise Bad("frame %d: bad data-p=\"%s\"" % (i, p[:40]))
            if not 0 <= p < i:
                raise Bad("frame %d: data-p=%d does not name an earlier frame" % (i, p))
        w = number(el, "width", i)
        if w < 0:
            raise Bad("frame %d: negative width" % i)
        frames.append({"n": n, "p": p, "x": number(el, "x", i), "y": number(el, "y", i),
                       "w": w, "kids": 0})

    roots = [f for f in frames if f["p"] is None]
    root_sum = sum(f["n"] for f in roots)
    if root_sum != total:
        raise Bad("root frames sum to %d, expected %d" % (root_sum, total))
    if total == 0:
        if any(f["n"] or f["w"] > TOL for f in frames):
            raise Bad("no samples, yet frames with counts or widths")
        return "ok: no samples, %d frames" % len(frames)

    # Counts first: a wrong count is reported as such, not as a wrong width.
    for i, f in enumerate(frames):
        if f["p"] is None:
            continue
        par = frames[f["p"]]
        par["kids"] += f["n"]
        if par["kids"] > par["n"]:
            raise Bad("frame %d: children sum to %d or more, more than its %d"
                      % (f["p"], par["kids"], par["n"]))

    root_w = sum(f["w"] for f in roots)
    if root_w <= 0:
        raise Bad("root frames have no width")
    scale = root_w / total
    for i, f in enumerate(frames):
        want = f["n"] * scale
        if abs(f["w"] - want) > TOL + 1e-6 * want:
            raise Bad("frame %d: width %.2f for %d of %d, expected %.3f"
                      % (i, f["w"], f["n"], total, want))
        if f["p"] is None:
            continue
        par = frames[f["p"]]
        if f["x"] < par["x"] - TOL or f["x"] + f["w"] > par["x"] + par["w"] + TOL:
            raise Bad("frame %d: [%.2f, %.2f] not inside its parent %d [%.2f, %.2f]"
                      % (i, f["x"], f["x"] + f["w"], f["p"], par["x"], par["x"] + par["w"]))
        if f["y"] >= par["y"]:
            raise Bad("frame %d: not above its parent %d (y %.1f >= %.1f)"
                      % (i, f["p"], f["y"], par["y"]))
    return "ok: %d frames, total %d" % (len(frames), total)


def main(argv):
    if len(argv) != 3:
        print("usage: check-flamegraph.py FILE.svg TOTAL", file=sys.stderr)
        return 1
    try:
        total = int(argv[2])
        if total < 0:
            raise ValueError
    except ValueError:
        print("bad TOTAL '%s': a non-negative integer is needed" % argv[2], file=sys.stderr)
        return 1
    try:
        try:
            root = ET.parse(argv[1]).getroot()
        except ET.ParseError as e:
            raise Bad("not well-formed XML: %s" % e)
        except OSError as e:
            raise Bad("cannot read %s: %s" % (argv[1], e.strerror or e))
        if root.tag != SVG_NS + "svg":
            raise Bad("root element is <%s>, not an SVG <svg>" % root.tag)
        check_refs(root)
        msg = check_frames(root, total)
    except Bad as e:
        print("%s: %s" % (argv[1], e), file=sys.stderr)
        return 1
    except RecursionError:
        print("%s: nesting too deep to check" % argv[1], file=sys.stderr)
        return 1
    print("%s: %s" % (argv[1], msg))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
