#!/bin/bash
# scry record --switch-output: continuous capture in pieces, each a complete
# file (own header, build-ids, embedded symbols of what it hit), named
# OUTPUT.TIMESTAMP as perf names them; --switch-max-files keeps the newest.
. "$(dirname "$0")/lib.sh"
need_root
# A copy of spin that is deleted once recorded: each piece must name its
# frames from what it carries.
cp "$PROGS/spin" "$T/swspin"
STDERR_OK="$CYCLES_FALLBACK|^\[ scry record: "

pieces() { ls "$T"/"$1".2[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9] 2> /dev/null; }

# ---- by time ------------------------------------------------------------------------
run_ok "--switch-output=1s over a 2.6 s run" "$SCRY" record -F 499 --switch-output=1s -o "$T/t.data" -- "$T/swspin" 2600 > /dev/null
rm -f "$T/swspin"
n=$(pieces t.data | wc -l)
[ "$n" -ge 2 ] && [ "$n" -le 4 ] && pass "--switch-output=1s: $n pieces named OUTPUT.YYYYmmddHHMMSScc" ||
	fail "--switch-output=1s: pieces" "$n" "$(ls "$T")"
[ ! -e "$T/t.data" ] && pass "the last piece is renamed too (no t.data left)" || fail "t.data left behind"
total=0
for f in $(pieces t.data); do
	b=$(basename "$f")
	run_ok "$b: scry report reads it alone" "$SCRY" report -i "$f" --stdio -q --no-children > "$T/r.$b"
	s=$("$SCRY" script -i "$f" -F comm 2> /dev/null | grep -c swspin)
	# A piece begun as the program exits holds a few samples of a process
	# /proc no longer describes (a zombie has no maps): nothing to name.
	if [ "$s" -ge 20 ]; then
		like "$T/r.$b" ' swspin +\[\.\] spin_leaf$' "$b: spin_leaf named from the piece's own symbols (the binary is gone)"
	else
		skip "$b: only $s samples, taken as the program exited"
	fi
	if command -v perf > /dev/null; then
		oracle_ok "$b: perf report reads it" perf report -i "$f" --stdio --no-children > "$T/p.$b"
		like "$T/p.$b" '\[\.\] 0x|\[\.\] spin_leaf|swspin' "$b: perf finds the samples of swspin"
	fi
	total=$((total + s))
done
[ "$total" -gt 400 ] && pass "the pieces hold $total samples of the 2.6 s run at 499 Hz" || fail "samples in the pieces" "$total"

# ---- by size, and the newest N kept ----------------------------------------------------
"$SCRY" record -F 2000 --switch-output=20K --switch-max-files 2 -o "$T/s.data" -- "$PROGS/spin" 1500 > /dev/null 2> "$T/s.err"
stderr_ok "$T/s.err" "--switch-output=20K --switch-max-files 2" $?
n=$(pieces s.data | wc -l)
is "$n" 2 "--switch-max-files 2: two pieces kept"
d=$(grep -c '^\[ scry record: Dump ' "$T/s.err")
[ "$d" -gt 2 ] && pass "... of the $d written (every 20K)" || fail "--switch-output=20K: dumps" "$d"
for f in $(pieces s.data); do
	sz=$(stat -c %s "$f")
	[ "$sz" -lt $((20 * 1024 + 200 * 1024)) ] && pass "$(basename "$f"): $sz bytes, a piece of about 20K and its symbols" ||
		fail "$(basename "$f") is $sz bytes"
done

# ---- on SIGUSR2 ------------------------------------------------------------------------
"$SCRY" record -q -F 499 --switch-output -o "$T/g.data" -- "$PROGS/spin" 1500 > /dev/null 2> "$T/g.err" &
rec=$!
BG_PIDS="$BG_PIDS $rec"
sleep 0.5; kill -USR2 $rec; sleep 0.4; kill -USR2 $rec
wait $rec
is "$?" 0 "--switch-output (signal): the run ends normally"
is "$(pieces g.data | wc -l)" 3 "two SIGUSR2: three pieces"
stderr_ok "$T/g.err" "--switch-output -q: nothing on stderr"

# ---- each piece also as a pprof profile ----------------------------------------------------
mkdir "$T/pp"
run_ok "--switch-output=1s --pprof-dir" "$SCRY" record -q -g -F 499 --switch-output=1s --pprof-dir "$T/pp" \
	-o "$T/pp.data" -- "$PROGS/spin" 1600 > /dev/null
np=$(pieces pp.data | wc -l)
is "$(ls "$T/pp" | grep -c '^pp\.data\.[0-9]\{16\}\.pb\.gz$')" "$np" "--pprof-dir: a PIECE.pb.gz for each of the $np pieces"
if command -v go > /dev/null && go tool pprof -h > /dev/null 2>&1; then
	for f in "$T"/pp/*.pb.gz; do
		go tool pprof -top "$f" > "$T/pp.top" 2>&1
		like "$T/pp.top" ' spin_leaf$' "$(basename "$f"): go tool pprof reads it, spin_leaf on top"
	done
else
	skip "go tool pprof is not installed (golang-go)"
fi
usage_error "--pprof-dir without --switch-output" "go with --switch-output" "$SCRY" record --pprof-dir "$T/pp" -- true
usage_error "--pprof-dir to a missing directory" "not a directory" "$SCRY" record --switch-output=1s --pprof-dir "$T/nope" -- true

usage_error "--switch-output=bogus" "^scry: record: --switch-output 'bogus'" "$SCRY" record --switch-output=bogus -- true
usage_error "--switch-output with -o -" "not with -o -" "$SCRY" record --switch-output=1s -o - -- true
usage_error "--switch-max-files alone" "go with --switch-output" "$SCRY" record --switch-max-files 2 -- true

done_testing
