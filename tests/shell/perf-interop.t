#!/bin/bash
# scry reads what perf record writes (cpu-clock with callchains, a
# tracepoint system-wide, compressed, pipe) and prints the same events as
# perf script: count, comms, tids, times, symbols, tracepoint field values.
. "$(dirname "$0")/lib.sh"
need_root
command -v perf >/dev/null || skip_all "perf is not installed"
SPIN="$PROGS/spin"

# comm tid time event, one line per sample, time-ordered.
scry_ids() { "$SCRY" script -i "$1" -F comm,tid,time,event 2>/dev/null | awk 'NF { print $1, $2, $3, $4 }'; }
perf_ids() { perf script -i "$1" -F comm,tid,time,event 2>/dev/null | awk 'NF { print $1, $2, $3, $4 }'; }
# symbol+offset of every frame, in order.
frames() { grep -oE '[A-Za-z_][A-Za-z0-9_.@]*\+0x[0-9a-f]+' "$1"; }

compare() { # what, scry-file, perf-file
	if cmp -s "$2" "$3"; then pass "$1 ($(wc -l < "$2") lines)"
	else fail "$1" "$(diff "$2" "$3" | head -6)"; fi
}

perf record -q -e cpu-clock -F 999 -g -o "$T/p.data" -- "$SPIN" 300 > /dev/null 2>&1
scry_ids "$T/p.data" > "$T/s"; perf_ids "$T/p.data" > "$T/p"
[ "$(wc -l < "$T/s")" -ge 100 ] && pass "perf's cpu-clock -g file: scry reads its samples" || fail "too few samples"
compare "cpu-clock -g: same samples (comm, tid, time, event) as perf script" "$T/s" "$T/p"
"$SCRY" script -i "$T/p.data" -F ip,sym,symoff,callchain > "$T/sf" 2>/dev/null
perf script -i "$T/p.data" -F ip,sym,symoff > "$T/pf" 2>/dev/null
frames "$T/sf" | grep -E '^spin_|^main\+' > "$T/a"; frames "$T/pf" | grep -E '^spin_|^main\+' > "$T/b"
compare "cpu-clock -g: the same symbol+offset for every frame in the program" "$T/a" "$T/b"

perf record -q -e sched:sched_switch -a -o "$T/sw.data" -- sleep 0.3 > /dev/null 2>&1
scry_ids "$T/sw.data" > "$T/s"; perf_ids "$T/sw.data" > "$T/p"
compare "sched_switch -a: same events as perf script" "$T/s" "$T/p"
"$SCRY" script -i "$T/sw.data" | grep -oE 'prev_comm=.*' | sed 's/ *$//' > "$T/a"
perf script -i "$T/sw.data" 2>/dev/null | grep -oE 'prev_comm=.*' | sed 's/ *$//' > "$T/b"
compare "sched_switch: the same field values" "$T/a" "$T/b"

perf record -q -z -e cpu-clock -F 999 -o "$T/z.data" -- "$SPIN" 200 > /dev/null 2>&1
scry_ids "$T/z.data" > "$T/s"; perf_ids "$T/z.data" > "$T/p"
compare "perf record -z: same samples" "$T/s" "$T/p"

perf record -q -e cpu-clock -F 999 -o - -- "$SPIN" 200 2>/dev/null > "$T/pipe.data"
"$SCRY" script -i - < "$T/pipe.data" -F comm,tid,time,event 2>/dev/null | awk 'NF { print $1, $2, $3, $4 }' > "$T/s"
perf_ids "$T/pipe.data" > "$T/p"
compare "perf's pipe form on stdin: same samples" "$T/s" "$T/p"
done_testing
