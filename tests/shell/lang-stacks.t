#!/bin/bash
# scry script --folded/--flamegraph: maps keyed by stacks, aggregated in
# the kernel, drawn at the end (stackcount's folded output, a profiler in
# one line). The folded counts must add up to the map's own counts, which
# are what tests/progs did; the SVG must be a consistent flame graph.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls
SPIN=$PROGS/spin
CHECK=$(dirname "$0")/../check-flamegraph.py

# The sum of a text output's stack-keyed map values ("]: N" lines).
map_total() { sed -n 's/^.*\]: \([0-9]*\)$/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }'; }
folded_total() { awk '{ s += $NF } END { print s + 0 }' "$1"; }

# ---- a profiler: user and kernel stacks sampled, counted in the kernel --------------------------
run_ok "profile:hz:499 @[ustack, kstack] = count() with --folded and --flamegraph" \
	"$SCRY" script -e 'profile:hz:499 { @[ustack, kstack] = count(); }' \
	--folded "$T/cpu.folded" --flamegraph "$T/cpu.svg" -- "$SPIN" 600 > "$T/cpu.out"
total=$(map_total "$T/cpu.out")
[ "$total" -gt 50 ] && pass "profile: $total samples of a 600 ms spin" || fail "profile: samples" "only $total"
is "$(folded_total "$T/cpu.folded")" "$total" "--folded: the counts add up to the map's"
like "$T/cpu.folded" '^[^ ]*main;spin_outer;spin_mid;spin_leaf(;[^ ]*_\[k\])* [0-9]+$' \
	"--folded: root first, names without offsets, kernel frames marked _[k]"
unlike "$T/cpu.folded" '\+0x|\+[0-9]' "--folded: no offsets in frame names"
if python3 "$CHECK" "$T/cpu.svg" "$total" > "$T/check.out" 2>&1; then pass "--flamegraph: a consistent SVG ($(cat "$T/check.out"))"
else fail "--flamegraph: a consistent SVG" "$(cat "$T/check.out")"; fi
grep -q 'spin_leaf' "$T/cpu.svg" && pass "--flamegraph: the program's frames are named" || fail "--flamegraph: frames named" "no spin_leaf"

# ---- stackcount's per-process split: @[pid, comm, ustack] ------------------------------------
run_ok "@[pid, comm, ustack] = count() on a uprobe" \
	"$SCRY" script -e "uprobe:$LC:lc_value { @[pid, comm, ustack] = count(); }" --folded "$T/pc.folded" \
	-- "$LC" values 100 > "$T/pc.out"
pid=$(sed -n 's/^@\[\([0-9]*\), lang-calls, $/\1/p' "$T/pc.out")
has_line "$T/pc.folded" "$pid;lang-calls;__libc_start_call_main;main;lc_value 100" \
	"--folded: pid and comm as the first frames, the 100 calls of lc_value"

# Several maps: each under a frame of its name.
run_ok "two stack maps" "$SCRY" script -e "uprobe:$LC:lc_value { @a[ustack] = count(); @b[ustack(1)] = sum(2); }" \
	--folded "$T/two.folded" -- "$LC" values 10 > /dev/null
has_line "$T/two.folded" '@a;__libc_start_call_main;main;lc_value 10' "two maps: @a's stacks under @a"
has_line "$T/two.folded" '@b;lc_value 20' "two maps: @b's sums under @b, its stacks cut to 1 frame"

# ---- errors ----------------------------------------------------------------------------------------
"$SCRY" script -e 'BEGIN { @x = count(); exit(); }' --folded "$T/none.folded" > "$T/none.out" 2> "$T/none.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'no map of the program is keyed by a stack' "$T/none.err" && [ ! -s "$T/none.out" ]; then
	pass "--folded with no stack map: one error, nothing run"
else fail "--folded with no stack map" "exit $rc" "$(cat "$T/none.err")"; fi
"$SCRY" script -e 'profile:hz:99 { @[kstack] = count(); }' --flamegraph /nonexistent/dir/x.svg > /dev/null 2> "$T/nodir.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'cannot write /nonexistent/dir/x.svg' "$T/nodir.err"; then
	pass "--flamegraph to a file that cannot be written: one error before the run"
else fail "--flamegraph to an unwritable file" "exit $rc" "$(cat "$T/nodir.err")"; fi
usage_error "--folded without a program" "go with a program" "$SCRY" script --folded x -i /dev/null

done_testing
