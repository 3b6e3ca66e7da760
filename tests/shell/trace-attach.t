#!/bin/bash
# scry trace -p: attach to a running process, see its calls, detach on
# SIGINT/SIGTERM leaving it running; calls in progress at either end.
. "$(dirname "$0")/lib.sh"
need_root

start_loop() {
	bg_run "$PROGS/sc-loop" "$@" > "$T/loop.out"
	for _ in $(seq 50); do [ -s "$T/loop.out" ] && break; sleep 0.05; done
	LOOP=$(awk '{ print $2 }' "$T/loop.out")
	LOOPFD=$(awk '{ print $4 }' "$T/loop.out")
}

for be in $(backends); do
	flag=$(backend_flag "$be")
	start_loop 100000
	bg_run "$SCRY" trace $flag -p "$LOOP" -o "$T/attach.$be" 2> "$T/bg.err"
	S=$!
	# 2 s: a sanitized scry on a loaded machine takes most of a second to
	# load and attach its tracer.
	sleep 2
	kill -INT "$S"
	wait "$S"
	stderr_ok "$T/bg.err" "$be: scry detaches on SIGINT and exits 0, nothing on stderr" "$?"
	kill -0 "$LOOP" 2>/dev/null && pass "$be: the traced process still runs after detach" ||
		fail "$be: the traced process died"
	# The BPF tracer shows the bytes written, the tracepoints a pointer.
	tick='0x[0-9a-f]+'; [ "$be" = bpf ] && tick='"tick\\n"'
	n=$(grep -cE "sc-loop/$LOOP write\(fd: $LOOPFD</dev/null>, buf: $tick, count: 5\) += 5\$" "$T/attach.$be")
	[ "$n" -ge 20 ] && pass "$be: its writes of 5 bytes to fd $LOOPFD</dev/null> ($n in 2 s)" ||
		fail "$be: only $n writes seen in 2 s" "$(head -3 "$T/attach.$be")"
	like "$T/attach.$be" "sc-loop/$LOOP clock_nanosleep\(.*\) += 0\$" "$be: its sleeps"
	# Still making calls after we left: nothing of ours disturbs it.
	before=$(awk '{ print $14 }' /proc/"$LOOP"/stat)
	sleep 0.3
	kill -0 "$LOOP" && pass "$be: it keeps running after detach" || fail "$be: it stopped after detach"
	kill "$LOOP"
done

# A process blocked in read() when we attach and when we leave.
if have_bpf; then
	start_loop 1 block
	sleep 0.2
	bg_run "$SCRY" trace -p "$LOOP" -o "$T/blocked" 2> "$T/bg.err"
	S=$!
	sleep 0.5
	kill -TERM "$S"
	wait "$S"
	stderr_ok "$T/bg.err" "scry detaches on SIGTERM and exits 0, nothing on stderr" "$?"
	like "$T/blocked" "sc-loop/$LOOP read\(fd: [0-9]+<pipe:\[[0-9]+\]>, buf: 0x[0-9a-f]+, count: 1\) += \? <unfinished: still in the call when tracing stopped>\$" \
		"the read it was blocked in, with its arguments, as unfinished"
	kill "$LOOP"
else
	skip "BPF tracer unavailable: in-progress calls need it"
fi

# -t: one thread, by tid (the main thread of a running process).
start_loop 100000
bg_run "$SCRY" trace -t "$LOOP" -e write -o "$T/tid" 2> "$T/bg.err"
S=$!
sleep 0.6
kill -INT "$S"; wait "$S"
stderr_ok "$T/bg.err" "-t: detaches on SIGINT, nothing on stderr" "$?"
n=$(grep -cE "sc-loop/$LOOP write\(fd: $LOOPFD</dev/null>, buf: (0x[0-9a-f]+|\"tick\\\\n\"), count: 5\) += 5\$" "$T/tid")
[ "$n" -ge 10 ] && pass "-t $LOOP: the thread's writes ($n)" || fail "-t: only $n writes"
others=$(calls_of "$T/tid" | grep -vc '^write(')
is "$others" 0 "-t with -e write: nothing else"
kill "$LOOP"

# -p ends when the process exits (after ~2 s: time for even a sanitized
# scry to attach first).
start_loop 100
run_ok "scry -p returns when the traced process exits" timeout 10 "$SCRY" trace -p "$LOOP" -o "$T/ends"
like "$T/ends" "\+\+\+ exited with 0 \+\+\+|exit_group\(error_code: 0\)" "its exit is shown"

# A signal sent to it: shown with its sender, then its death, then scry ends.
if have_bpf; then
	start_loop 100000
	bg_run "$SCRY" trace -p "$LOOP" -e none -o "$T/sig" 2> "$T/bg.err"
	S=$!
	sleep 0.5
	kill -TERM "$LOOP"
	wait "$S"
	stderr_ok "$T/bg.err" "-p: scry ends when the process is killed, nothing on stderr" "$?"
	like "$T/sig" "sc-loop/$LOOP --- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=$$, si_uid=0\} ---\$" \
		"the SIGTERM delivery names the sender (this test, pid $$)"
	like "$T/sig" "sc-loop/$LOOP \+\+\+ killed by SIGTERM \+\+\+\$" "+++ killed by SIGTERM +++"
else
	skip "no BPF"; skip "no BPF"; skip "no BPF"
fi

# Errors: one line, exit status 1.
"$SCRY" trace -p 999999999 2> "$T/err"; rc=$?
is "$rc" 1 "a pid that does not exist: exit status 1"
has_line "$T/err" "scry: no process with pid 999999999" "... with one clear line"
"$SCRY" trace -p 12abc 2> "$T/err"; is "$?" 1 "a malformed pid: exit 1"
done_testing
