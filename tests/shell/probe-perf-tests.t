#!/bin/bash
# perf's own shell tests of perf probe, run with scry in perf's place (a
# directory on PATH with perf -> scry): test_uprobe_from_different_cu.sh
# whole (--funcs FILTER, adding and deleting a uprobe on a function whose
# DWARF is in another CU, built with -flto), and the probe part of
# record+probe_libc_inet_pton.sh (its pipeline that reads the event's name
# out of perf probe's summary with tail and head). The record part of the
# latter needs event terms (-e EVENT/max-stack=3/) and ping: not here.
. "$(dirname "$0")/lib.sh"
need_root
[ -w /sys/kernel/tracing/uprobe_events ] || skip_all "no writable uprobe_events"
PERF_TESTS=/usr/lib/perf-core/tests/shell
[ -d "$PERF_TESTS" ] || skip_all "perf's shell tests are not installed ($PERF_TESTS)"

mkdir -p "$T/bin"
ln -s "$SCRY" "$T/bin/perf"

# ---- test_uprobe_from_different_cu.sh -------------------------------------------
t=$PERF_TESTS/test_uprobe_from_different_cu.sh
if [ -r "$t" ] && command -v gcc > /dev/null 2>&1; then
	PATH=$T/bin:$PATH bash "$t" > "$T/cu.out" 2>&1
	is "$?" 0 "test_uprobe_from_different_cu.sh passes with scry as perf"
	has_line "$T/cu.out" "foo" "... --funcs foo lists foo"
	like "$T/cu.out" "^  probe_testfile:foo(_[0-9]+)? +\(on foo in /tmp/perf-uprobe-different-cu-sh\.[^ ]*/testfile\)\$" \
		"... the uprobe on foo was added"
	like "$T/cu.out" "^Removed event: probe_testfile:foo" "... and deleted"
else
	skip "no $t or no gcc"
fi

# ---- record+probe_libc_inet_pton.sh: adding, and reading the name back ------------
libc=$(grep -w libc /proc/self/maps | head -1 | sed -r 's/.*[[:space:]](\/.*)/\1/g')
event_pattern='probe_libc:inet_pton(\_[[:digit:]]+)?'
event_name=$(PATH=$T/bin:$PATH perf probe -f -x "$libc" -a inet_pton 2>&1 | tail -n +2 | head -n -5 |
	     grep -P -o "$event_pattern(?=[[:space:]]\(on inet_pton in $libc\))")
like <(echo "$event_name") "^probe_libc:inet_pton(_[0-9]+)?\$" \
	"inet_pton: the script's pipeline finds the event's name in scry's summary"
if [ -n "$event_name" ]; then
	run_ok "inet_pton: perf probe -q -d $event_name" env PATH="$T/bin:$PATH" perf probe -q -d "$event_name"
	unlike /sys/kernel/tracing/uprobe_events "^p:${event_name/://} " "inet_pton: deleted"
fi

done_testing
