#!/bin/bash
# scry reads what perf record writes (cpu-clock with callchains, a
# tracepoint system-wide, compressed, pipe) and prints the same events as
# perf script: count, comms, tids, times, symbols, tracepoint field values.
. "$(dirname "$0")/lib.sh"
need_root
command -v perf >/dev/null || skip_all "perf is not installed"
SPIN="$PROGS/spin"

# comm tid time event, one line per sample, time-ordered; stderr in
# $T/ids.err (scry's is checked, perf's shown when it fails).
scry_ids() { "$SCRY" script -i "$1" -F comm,tid,time,event 2> "$T/ids.err" | awk 'NF { print $1, $2, $3, $4 }'; }
perf_ids() { perf script -i "$1" -F comm,tid,time,event 2> "$T/ids.err" | awk 'NF { print $1, $2, $3, $4 }'; }
# symbol+offset of every frame, in order.
frames() { grep -oE '[A-Za-z_][A-Za-z0-9_.@]*\+0x[0-9a-f]+' "$1"; }

# compare WHAT SCRY-FILE PERF-FILE [MIN]: the same lines, and at least MIN
# of them (default 1): two empty outputs are no evidence of anything.
compare() {
	local n
	n=$(wc -l < "$2")
	if [ "$n" -lt "${4:-1}" ]; then fail "$1" "only $n lines from scry (want at least ${4:-1})" "perf: $(wc -l < "$3") lines"
	elif cmp -s "$2" "$3"; then pass "$1 ($n lines)"
	else fail "$1" "$(diff "$2" "$3" | head -6)"; fi
}

oracle_ok "perf record -g" perf record -q -e cpu-clock -F 999 -g -o "$T/p.data" -- "$SPIN" 300 > /dev/null
scry_ids "$T/p.data" > "$T/s"
stderr_ok "$T/ids.err" "scry script of perf's -g file: nothing on stderr"
perf_ids "$T/p.data" > "$T/p"
compare "cpu-clock -g: same samples (comm, tid, time, event) as perf script" "$T/s" "$T/p" 30
run_ok "scry script -F ip,sym,symoff,callchain" "$SCRY" script -i "$T/p.data" -F ip,sym,symoff,callchain > "$T/sf"
oracle_ok "perf script -F ip,sym,symoff" perf script -i "$T/p.data" -F ip,sym,symoff > "$T/pf"
frames "$T/sf" | grep -E '^spin_|^main\+' > "$T/a"; frames "$T/pf" | grep -E '^spin_|^main\+' > "$T/b"
compare "cpu-clock -g: the same symbol+offset for every frame in the program" "$T/a" "$T/b" 30

oracle_ok "perf record -a of sched_switch" perf record -q -e sched:sched_switch -a -o "$T/sw.data" -- sleep 0.3 > /dev/null
scry_ids "$T/sw.data" > "$T/s"
stderr_ok "$T/ids.err" "scry script of perf's sched_switch file: nothing on stderr"
perf_ids "$T/sw.data" > "$T/p"
compare "sched_switch -a: same events as perf script" "$T/s" "$T/p" 10
"$SCRY" script -i "$T/sw.data" 2> "$T/sw.err" | grep -oE 'prev_comm=.*' | sed 's/ *$//' > "$T/a"
stderr_ok "$T/sw.err" "scry script of the sched_switch file: nothing on stderr"
perf script -i "$T/sw.data" 2> "$T/sw.perr" | grep -oE 'prev_comm=.*' | sed 's/ *$//' > "$T/b"
compare "sched_switch: the same field values" "$T/a" "$T/b" 10

oracle_ok "perf record -z" perf record -q -z -e cpu-clock -F 999 -o "$T/z.data" -- "$SPIN" 200 > /dev/null
scry_ids "$T/z.data" > "$T/s"
stderr_ok "$T/ids.err" "scry script of perf's compressed file: nothing on stderr"
perf_ids "$T/z.data" > "$T/p"
compare "perf record -z: same samples" "$T/s" "$T/p" 30

# -o -: the program's own stdout goes to stderr, out of the data's way.
oracle_ok "perf record -o -" perf record -q -e cpu-clock -F 999 -o - -- "$SPIN" 200 > "$T/pipe.data"
"$SCRY" script -i - < "$T/pipe.data" -F comm,tid,time,event 2> "$T/pipe.err" | awk 'NF { print $1, $2, $3, $4 }' > "$T/s"
stderr_ok "$T/pipe.err" "scry script -i - of perf's pipe: nothing on stderr"
perf_ids "$T/pipe.data" > "$T/p"
compare "perf's pipe form on stdin: same samples" "$T/s" "$T/p" 30
done_testing
