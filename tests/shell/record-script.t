#!/bin/bash
# scry record writes files perf reads, scry script reads them (and perf's),
# with the same events, names, times and tracepoint fields.
. "$(dirname "$0")/lib.sh"
need_root
SPIN="$PROGS/spin"

# Samples: "comm tid time" per sample, from each tool's script output
# (stderr in $T/samples.err: scry's is checked).
scry_samples() { "$SCRY" script -i "$1" -F comm,tid,time,event 2> "$T/samples.err" | awk 'NF { print $1, $2, $3 }' | tr -d ':'; }
perf_samples() { perf script -i "$1" -F comm,tid,time,event 2> "$T/samples.perr" | awk 'NF { print $1, $2, $3 }' | tr -d ':'; }

have_perf=0
command -v perf >/dev/null && have_perf=1

# ---- cpu-clock with frame-pointer callchains ------------------------------
run_ok "record -g: exits with the program's status" "$SCRY" record -q -e cpu-clock -F 999 -g -o "$T/fp.data" -- "$SPIN" 300 > "$T/spin.out"
run_ok "scry script" "$SCRY" script -i "$T/fp.data" > "$T/fp.txt"
n=$(grep -c ' cpu-clock: ' "$T/fp.txt")
[ "$n" -ge 100 ] && pass "scry script: $n cpu-clock samples for 300 ms at 999 Hz" || fail "only $n samples"
like "$T/fp.txt" "^ +spin +[0-9]+ (\[[0-9]{3}\] )?[0-9]+\.[0-9]{6}: +[0-9]+ cpu-clock: " "the sample line: COMM TID [CPU] TIME: PERIOD EVENT: (perf script's default)"
like "$T/fp.txt" "^	 *[0-9a-f]+ spin_leaf\+0x[0-9a-f]+ \($SPIN\)\$" "callchain frames name spin_leaf in the binary"
chain=$(awk '/spin_leaf\+/ { getline a; getline b; getline c; print $2, a, b, c; exit }' "$T/fp.txt" | sed -E 's/\+0x[0-9a-f]+//g; s/\([^)]*\)//g; s/[0-9a-f]{6,} //g' | tr -s ' \t' ' ')
like <(echo "$chain") "spin_leaf spin_mid spin_outer main" "the chain is spin_leaf <- spin_mid <- spin_outer <- main"
if [ $have_perf = 1 ]; then
	perf script -i "$T/fp.data" > "$T/perf.txt" 2> "$T/perf.err"
	is "$?" 0 "perf script reads scry's file"
	is "$(grep -ci warning "$T/perf.err")" 0 "... without warnings"
	pn=$(grep -c ' cpu-clock' "$T/perf.txt")
	is "$pn" "$n" "... and sees the same $n samples"
	scry_samples "$T/fp.data" > "$T/s1"; perf_samples "$T/fp.data" > "$T/p1"
	stderr_ok "$T/samples.err" "scry script -F comm,tid,time,event: nothing on stderr"
	if cmp -s "$T/s1" "$T/p1"; then pass "same comm, tid and time for every sample as perf script"
	else fail "samples differ from perf script's" "$(diff "$T/s1" "$T/p1" | head -4)"; fi
	perf report --stdio -i "$T/fp.data" > "$T/rep.txt" 2> "$T/rep.err"
	is "$?" 0 "perf report reads scry's file"
	like "$T/rep.txt" "spin_leaf" "... and names spin_leaf"
	is "$(grep -ci warning "$T/rep.err")" 0 "... without warnings"
	perf report --header-only -i "$T/fp.data" > "$T/hdr.txt" 2>&1
	like "$T/hdr.txt" "^# hostname : $(hostname)\$" "perf sees the hostname feature"
	like "$T/hdr.txt" "^# event : name = cpu-clock" "... the event name"
	perf buildid-list -i "$T/fp.data" > "$T/bid.txt" 2>&1
	want=$(readelf -n "$SPIN" | awk '/Build ID/ { print $3 }')
	like "$T/bid.txt" "^$want $SPIN\$" "perf buildid-list: the binary's build-id (as readelf -n says)"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do skip "perf is not installed"; done
fi

# ---- a tracepoint, compressed ---------------------------------------------
run_ok "record -z of two tracepoints" \
	"$SCRY" record -q -z -e sched:sched_process_exec,sched:sched_process_exit -o "$T/tp.data" -- "$PROGS/sc-fork" > "$T/fork.out"
child=$(awk '$1 == "child" { print $2 }' "$T/fork.out")
run_ok "script of the tracepoint file" "$SCRY" script -i "$T/tp.data" > "$T/tp.txt"
like "$T/tp.txt" "sched:sched_process_exit: comm=sc-fork pid=$child prio=[0-9]+" "tracepoint fields from the file's formats (child $child)"
run_ok "script --header-only" "$SCRY" script -i "$T/tp.data" --header-only > "$T/tph.txt"
like "$T/tph.txt" "^# compressed : Zstd" "-z: the compressed feature"
if [ $have_perf = 1 ]; then
	perf script -i "$T/tp.data" > "$T/ptp.txt" 2> "$T/ptp.err"
	is "$?" 0 "perf script reads scry's compressed tracepoint file"
	grep -oE 'sched:sched_process_exit: comm=[^ ]+ pid=[0-9]+' "$T/tp.txt" > "$T/a"
	grep -oE 'sched:sched_process_exit: comm=[^ ]+ pid=[0-9]+' "$T/ptp.txt" > "$T/b"
	[ -s "$T/a" ] && cmp -s "$T/a" "$T/b" && pass "... and prints the same tracepoint fields" ||
		fail "tracepoint fields differ" "$(diff "$T/a" "$T/b" | head -4)"
else
	skip "perf is not installed"; skip "perf is not installed"
fi

# ---- a pipe ---------------------------------------------------------------
# -o -: the program's own stdout goes to stderr, out of the data's way.
"$SCRY" record -q -e cpu-clock -F 499 -o - -- "$SPIN" 200 2> "$T/pipe.rec" | "$SCRY" script -i - > "$T/pipe.txt" 2> "$T/pipe.err"
STDERR_OK='^spin_leaf 0x' stderr_ok "$T/pipe.rec" "record -o -: only the program's output on stderr"
stderr_ok "$T/pipe.err" "script -i -: nothing on stderr"
n=$(grep -c ' cpu-clock: ' "$T/pipe.txt")
[ "$n" -ge 20 ] && pass "record -o - | script -i - streams ($n samples)" || fail "pipe: $n samples"
like "$T/pipe.txt" "spin_leaf" "... with symbols"
if [ $have_perf = 1 ]; then
	"$SCRY" record -q -e cpu-clock -F 499 -o - -- "$SPIN" 100 2> "$T/pipe.rec" | perf script -i - > "$T/ppipe.txt" 2>&1
	like "$T/ppipe.txt" "spin_leaf" "perf script reads scry's pipe"
	STDERR_OK='^spin_leaf 0x' stderr_ok "$T/pipe.rec" "record -o - into perf: only the program's output on stderr"
else
	skip "perf is not installed"; skip "perf is not installed"
fi

# ---- JSON, -F, -D, --header -----------------------------------------------
run_ok "script --json" "$SCRY" script -i "$T/fp.data" --json > "$T/j.txt"
bad=$(python3 -c 'import json,sys
n=0
for line in open(sys.argv[1]):
    o=json.loads(line); n+=1
    assert "comm" in o and "time" in o and "event" in o
print(n)' "$T/j.txt" 2>&1)
[ "$bad" -ge 100 ] 2>/dev/null && pass "--json: $bad valid JSON objects" || fail "--json: $bad"
run_ok "script -F comm,tid" "$SCRY" script -i "$T/fp.data" -F comm,tid > "$T/f.txt"
is "$(awk 'NF != 2' "$T/f.txt" | wc -l)" 0 "-F comm,tid: two fields per line"
run_ok "script -D" "$SCRY" script -i "$T/fp.data" -D > "$T/d.txt"
like "$T/d.txt" '^0x[0-9a-f]+ \[0x[0-9a-f]+\]: PERF_RECORD_SAMPLE' "-D: records with offsets"
like "$T/d.txt" 'PERF_RECORD_FINISHED_ROUND' "-D: rounds"
usage_error "-F with an unknown field: a usage error (129)" "unknown field 'bogus'" "$SCRY" script -i "$T/fp.data" -F bogus

# ---- -p and -a ------------------------------------------------------------
bg_run "$SPIN" 3000 > /dev/null
P=$!
sleep 0.2
run_ok "record -p, stopped by SIGINT" timeout --preserve-status -s INT 1 "$SCRY" record -q -e cpu-clock -F 499 -p "$P" -o "$T/p.data"
run_ok "script of the -p file" "$SCRY" script -i "$T/p.data" > "$T/p.txt"
like "$T/p.txt" "^ +spin +$P .*cpu-clock:  *[0-9a-f]+ spin_(leaf|mid|outer)\+" "-p: samples of the running process, symbolized (synthesized maps)"
kill "$P"
run_ok "record -a, stopped by SIGINT" timeout --preserve-status -s INT 1 "$SCRY" record -q -a -e cpu-clock -F 99 -o "$T/a.data"
n=$("$SCRY" script -i "$T/a.data" 2> "$T/a.err" | grep -c cpu-clock)
stderr_ok "$T/a.err" "script of the -a file: nothing on stderr"
[ "$n" -ge 50 ] && pass "-a: samples of the whole system ($n)" || fail "-a: $n samples"

# ---- a full disk: reported, and what was written stays readable ------------
mkdir "$T/small"
if mount -t tmpfs -o size=256k tmpfs "$T/small" 2>/dev/null; then
	"$SCRY" record -q -e cpu-clock -F 4999 -g -o "$T/small/x.data" -- "$SPIN" 2000 > /dev/null 2> "$T/full.err"
	rc=$?
	[ "$rc" -ne 0 ] && pass "a full disk: record fails (exit $rc)" || fail "a full disk: exit 0"
	like "$T/full.err" "No space left on device" "... saying why"
	n=$("$SCRY" script -i "$T/small/x.data" 2> "$T/full.serr" | grep -c ' cpu-clock: ')
	[ "$n" -gt 0 ] && pass "... and the $n samples written before stay readable" || fail "nothing readable after ENOSPC"
	# The file ends where the disk did: a record may be cut short there.
	STDERR_OK='^scry: .*offset 0x[0-9a-f]+: ' stderr_ok "$T/full.serr" "... with at most the cut record said on stderr"
	run_ok "script --header-only of it" "$SCRY" script -i "$T/small/x.data" --header-only > "$T/full.hdr"
	like "$T/full.hdr" "^# event : name = cpu-clock" "... with the features (room made for them)"
	umount "$T/small"
else
	for i in 1 2 3 4 5 6; do skip "cannot mount a small tmpfs"; done
fi

# ---- errors -------------------------------------------------------------------
"$SCRY" record -e nosuch -- true 2> "$T/e1"; is "$?" 129 "record: unknown event: a usage error (129, as perf)"
like "$T/e1" "unknown event 'nosuch'" "... naming it"
"$SCRY" script -i "$T/none.data" 2> "$T/e2"; is "$?" 1 "script: missing file: exit 1"
is "$(wc -l < "$T/e2")" 1 "... one line"
"$SCRY" record -e cycles -o "$T/c.data" -- true 2> "$T/e3"
if perf stat -e cycles true 2>&1 | grep -q "not supported"; then
	like "$T/e3" "'cycles' is not supported here .*using cpu-clock" "cycles falls back to cpu-clock with a message"
else
	pass "this machine has hardware counters: no fallback needed"
fi
done_testing
