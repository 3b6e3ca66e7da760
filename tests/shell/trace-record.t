#!/bin/bash
# scry trace record writes a trace to a data file; scry trace -i prints
# what live scry trace prints, summary included.
. "$(dirname "$0")/lib.sh"
need_root
printf 'hello world\n' > "$T/in.txt"

# Lines without what differs between runs: times, pids, addresses, random bytes.
norm() { calls_of "$1" | sed -E 's/0x[0-9a-f]+/0xADDR/g; s/pipe:\[[0-9]+\]/pipe:[N]/g; s/= [0-9]{3,}$/= N/; s/(\\x[0-9a-f]{2})+/RANDOM/g'; }

for be in $(backends); do
	flag=$(backend_flag "$be")
	WANT_STATUS=3 run_ok "$be: trace record exits with the program's status" \
		"$SCRY" trace record -q $flag -o "$T/r.$be" -- "$PROGS/sc-basic" "$T/in.txt" > /dev/null
	run_ok "$be: trace -i" "$SCRY" trace -i "$T/r.$be" -o "$T/replay.$be"
	WANT_STATUS=3 run_ok "$be: live trace" "$SCRY" trace $flag -o "$T/live.$be" -- "$PROGS/sc-basic" "$T/in.txt" > /dev/null
	norm "$T/replay.$be" > "$T/a"; norm "$T/live.$be" > "$T/b"
	if cmp -s "$T/a" "$T/b"; then pass "$be: the replay prints what a live trace prints ($(wc -l < "$T/a") lines)"
	else fail "$be: replay differs from live" "$(diff "$T/a" "$T/b" | head -6)"; fi
	if [ "$be" = bpf ]; then
		like "$T/replay.$be" "openat\(dfd: CWD, filename: \"$T/in.txt\", flags: RDONLY\|CLOEXEC\) += 3<$T/in.txt>\$" \
			"$be: strings and fd paths come back from the file"
	fi
	run_ok "$be: trace -i again" "$SCRY" trace -i "$T/r.$be" -o "$T/replay2.$be"
	cmp -s "$T/replay.$be" "$T/replay2.$be" && pass "$be: replaying twice prints the same bytes" ||
		fail "$be: two replays differ"
	run_ok "$be: trace -i -s" "$SCRY" trace -i "$T/r.$be" -s -o "$T/sum.$be"
	like "$T/sum.$be" '^   openat +[0-9]+ +1 ' "$be: -i -s: the summary with openat's one error"
	run_ok "$be: trace -i -e openat" "$SCRY" trace -i "$T/r.$be" -e openat -o "$T/e.$be"
	is "$(calls_of "$T/e.$be" | grep -v '^+++' | sed 's/(.*//' | sort -u)" "openat" "$be: -i -e openat selects while replaying"
	if command -v perf >/dev/null; then
		oracle_ok "$be: perf script reads the trace recording" perf script -i "$T/r.$be" > /dev/null
	else
		skip "perf is not installed"
	fi
done

# The recording keeps the selection it was made with.
WANT_STATUS=3 run_ok "trace record -e read" "$SCRY" trace record -q -e read -o "$T/sel" -- "$PROGS/sc-basic" "$T/in.txt" > /dev/null
run_ok "trace -i of it" "$SCRY" trace -i "$T/sel" -o "$T/sel.txt"
is "$(calls_of "$T/sel.txt" | grep -v '^+++' | sed 's/(.*//' | sort -u)" "read" "a recording made with -e read replays only reads"
"$SCRY" trace -i "$T/nope" 2> "$T/err"; is "$?" 1 "-i of a missing file: exit 1"
run_ok "record of cpu-clock" "$SCRY" record -q -e cpu-clock -o "$T/cc" -- true
"$SCRY" trace -i "$T/cc" 2> "$T/err"; is "$?" 1 "-i of a file that is not a trace: exit 1"
like "$T/err" "not a trace recording" "... saying so"
done_testing
