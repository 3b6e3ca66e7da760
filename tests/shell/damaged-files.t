#!/bin/bash
# A corpus of damaged data files through scry script and scry report
# (histograms and callchain trees): truncated at many
# offsets, bytes changed in every section, absurd sizes, empty and random
# files. Every run must end with a clear error (exit 1, one "scry:" line)
# or a correct partial result (exit 0), never a signal or a timeout.
. "$(dirname "$0")/lib.sh"
need_root

run_ok "record -z of a tracepoint and cpu-clock" \
	"$SCRY" record -q -z -e cpu-clock,sched:sched_process_exit -F 999 -g -o "$T/z.data" -- "$PROGS/spin" 100 > /dev/null
run_ok "record -g" "$SCRY" record -q -e cpu-clock -F 999 -g -o "$T/f.data" -- "$PROGS/spin" 100 > /dev/null
# -o -: the program's own stdout goes to stderr, out of the data's way.
STDERR_OK='^spin_leaf 0x' run_ok "record -o - (a pipe)" \
	"$SCRY" record -q -e cpu-clock -F 999 -o - -- "$PROGS/spin" 100 > "$T/p.data"

# perf's files join the corpus when this perf can write them.
sources="f z p"
if command -v perf >/dev/null; then
	if perf record -q -z -g -e cpu-clock -F 999 -o "$T/pz.data" -- "$PROGS/spin" 100 > /dev/null 2> "$T/perf.err"
	then sources="$sources pz"; else echo "# perf record -z failed: $(head -1 "$T/perf.err")"; fi
	if perf record -q -e sched:sched_switch -a -o "$T/ps.data" -- sleep 0.1 > /dev/null 2> "$T/perf.err"
	then sources="$sources ps"; else echo "# perf record -a failed: $(head -1 "$T/perf.err")"; fi
fi

runs=0 crashes=0 hangs=0 noisy=0
try_one() {
	timeout 20 "$SCRY" "$4" -i "$1" > /dev/null 2> "$T/err" < "${2:-/dev/null}"
	local rc=$?
	runs=$((runs + 1))
	if [ $rc -eq 124 ]; then hangs=$((hangs + 1)); echo "# hang: $4 $3"
	elif [ $rc -gt 1 ]; then crashes=$((crashes + 1)); echo "# rc $rc: $4 $3"; head -3 "$T/err" | sed 's/^/#   /'
	elif [ $rc -eq 1 ] && [ "$(grep '^scry: ' "$T/err" | grep -vc '^scry: warning: ')" -ne 1 ]; then noisy=$((noisy + 1)); echo "# not one error line: $4 $3"
	fi
}
# Every case through script; report (slower to start: it loads the kernel's
# symbols for every sample it attributes) on every third case.
nth=0
try() {
	try_one "$1" "$2" "$3" script
	nth=$((nth + 1))
	[ $((nth % 3)) -eq 1 ] && try_one "$1" "$2" "$3" report
}

for src in $sources; do
	size=$(stat -c %s "$T/$src.data")
	step=$((size / 60 + 1))
	for off in 0 1 7 8 15 16 64 103 104 105 $(seq 200 "$step" "$size"); do
		head -c "$off" "$T/$src.data" > "$T/cut"
		try "$T/cut" "" "$src truncated at $off"
	done
	for off in $(seq 0 3 300) $(seq 301 "$step" "$size"); do
		for byte in '\xff' '\x00' '\x7f'; do
			cp "$T/$src.data" "$T/flip"
			printf "$byte" | dd of="$T/flip" bs=1 seek="$off" conv=notrunc status=none
			try "$T/flip" "" "$src byte $off = $byte"
		done
	done
done
: > "$T/empty"; try "$T/empty" "" "empty file"
head -c 100000 /dev/urandom > "$T/rand"; try "$T/rand" "" "random bytes"
{ printf 'PERFILE2'; head -c 5000 /dev/urandom; } > "$T/rand2"; try "$T/rand2" "" "magic then random"
try - "$T/rand" "random bytes on stdin"
head -c 3000 "$T/p.data" > "$T/pcut"; try - "$T/pcut" "truncated pipe on stdin"

is "$crashes" 0 "no run ended by a signal ($runs runs)"
is "$hangs" 0 "no run timed out"
is "$noisy" 0 "every failed run printed exactly one error line"
# A truncated file still gives the samples before the cut.
half=$(( $(stat -c %s "$T/f.data") * 2 / 3 ))
head -c "$half" "$T/f.data" > "$T/half"
# Where the cut lands decides what scry says about it: a section that
# runs past the end (a warning), or a record cut short (the one error line).
cut_said='^scry: (warning: )?.*(past the end of the file|offset 0x[0-9a-f]+: )'
n=$("$SCRY" script -i "$T/half" 2> "$T/half.err" | grep -c cpu-clock)
[ "$n" -gt 10 ] && pass "a file cut at 2/3 still shows the $n samples before the cut" || fail "cut file: $n samples"
STDERR_OK=$cut_said stderr_ok "$T/half.err" "... and says only what is wrong with the file"
"$SCRY" report --stats -i "$T/half" > "$T/half.stats" 2> "$T/err"
STDERR_OK=$cut_said stderr_ok "$T/err" "report --stats on the cut file: only what is wrong with the file on stderr"
m=$(awk '/^ +SAMPLE events:/ { print $3; exit }' "$T/half.stats")
is "${m:-none}" "$n" "report on the cut file counts the same $n samples"
"$SCRY" report --no-children -i "$T/half" 2> "$T/err" | grep -q '\[\.\] spin_leaf$' && pass "... and reports spin_leaf from them" || fail "no spin_leaf entry in the report of the cut file"
STDERR_OK=$cut_said stderr_ok "$T/err" "report on the cut file: only what is wrong with the file on stderr"
done_testing
