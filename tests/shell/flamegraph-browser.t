#!/bin/bash
# The SVG flame graph's script, run in a browser: headless Chromium driven by
# Selenium (tests/flamegraph-browser.py) loads the graphs of recorded
# report-tree runs (scry report --flamegraph, scry script --flamegraph),
# hovers, zooms, unzooms and searches, and checks what the page shows
# against the same samples' folded stacks; and that its console logs no error.
. "$(dirname "$0")/lib.sh"
need_root
TREE="$PROGS/report-tree"
DRIVER=$(dirname "$0")/../flamegraph-browser.py
CHECK=$(dirname "$0")/../check-flamegraph.py

# Debian's python3-selenium is in the system python's path, which a
# python3 of one's own (pyenv, a venv) earlier in PATH may not search.
PY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" > /dev/null && "$p" -c 'import selenium' 2> /dev/null; then PY=$p; break; fi
done
missing=
[ -n "$PY" ] || missing="$missing python3-selenium"
command -v chromium > /dev/null || command -v chromium-browser > /dev/null ||
	command -v google-chrome > /dev/null || missing="$missing chromium"
command -v chromedriver > /dev/null || missing="$missing chromedriver (chromium-driver)"
[ -z "$missing" ] || skip_all "not installed:$missing (make deps installs them)"

folded_total() { awk '{ s += $NF } END { printf "%.0f\n", s }' "$1"; }

# browser_checks LABEL MIN [--narrow] SVG FOLDED: the driver's checks, one
# TAP line each, at least MIN of them.
browser_checks() {
	local label=$1 min=$2 line msg detail rc n=0
	shift 2
	"$PY" "$DRIVER" "$@" > "$T/browser.out" 2> "$T/browser.err"
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q '^skip: ' "$T/browser.out"; then
		skip "$label: $(sed -n 's/^skip: //p' "$T/browser.out")"
		return
	fi
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "$label: ${line#ok }"; n=$((n + 1)) ;;
		"not ok "*)
			msg=${line#not ok }
			detail=${msg#*$'\t'}
			fail "$label: ${msg%%$'\t'*}" "$detail"; n=$((n + 1)) ;;
		esac
	done < "$T/browser.out"
	if [ "$rc" -ne 0 ] || [ "$n" -lt "$min" ]; then
		fail "$label: the browser driver ran all its checks" "exit $rc, $n checks" "$(head -5 "$T/browser.err")"
	fi
}

# ---- scry report --flamegraph -----------------------------------------------------------
run_ok "record -g of report-tree" "$SCRY" record -q -F 999 -g -o "$T/s.data" -- "$TREE" 500 > /dev/null
run_ok "report --folded" "$SCRY" report --folded -i "$T/s.data" > "$T/s.folded"
run_ok "report --flamegraph" "$SCRY" report --flamegraph "$T/s.svg" -i "$T/s.data"
total=$(folded_total "$T/s.folded")
if "$PY" "$CHECK" "$T/s.svg" "$total" > "$T/check.out" 2>&1; then pass "report's SVG is consistent ($(cat "$T/check.out"))"
else fail "report's SVG is consistent" "$(cat "$T/check.out")"; fi
browser_checks "report --flamegraph" 30 "$T/s.svg" "$T/s.folded"

# ---- scry script --flamegraph -------------------------------------------------------------
if [ -e /sys/kernel/btf/vmlinux ]; then
	run_ok "script profile:hz:499 @[ustack] = count() --folded --flamegraph" \
		"$SCRY" script -e 'profile:hz:499 { @[ustack] = count(); }' \
		--folded "$T/u.folded" --flamegraph "$T/u.svg" -- "$TREE" 600 > /dev/null
	browser_checks "script --flamegraph" 30 "$T/u.svg" "$T/u.folded"
	# Frames too narrow to draw (under 0.1 px): main's one call weighs
	# 10^10, hot's calls 1 each, so work_a, work_b and hot are left out of
	# the picture; the search still counts them, exactly.
	run_ok "script: uprobes weighted so that most frames are too narrow to draw" \
		"$SCRY" script -e "uprobe:$TREE:hot { @[ustack] = sum(1); } uprobe:$TREE:main { @[ustack] = sum(10000000000); }" \
		--folded "$T/n.folded" --flamegraph "$T/n.svg" -- "$TREE" 100 > /dev/null
	if "$PY" "$CHECK" "$T/n.svg" "$(folded_total "$T/n.folded")" > "$T/check.out" 2>&1; then
		pass "that SVG is consistent ($(cat "$T/check.out"))"
	else fail "that SVG is consistent" "$(cat "$T/check.out")"; fi
	browser_checks "undrawn frames" 6 --narrow "$T/n.svg" "$T/n.folded"
else
	skip "script --flamegraph: no BTF, no BPF profiler here"
fi

done_testing
