#!/bin/bash
# The life of what scry trace follows, next to strace -f: threads and
# processes ending, scry itself told to stop (the command ends with it, a
# -p target does not), a kernel thread as -p, a prompt return on a loaded
# machine (and a probe deletable right after), descriptors reused by other
# kinds of files, signals' siginfo and real-time signal names.
. "$(dirname "$0")/lib.sh"
need_root
have_bpf || skip_all "the BPF tracer does not load here (these are its records)"
HAVE_STRACE=1
command -v strace > /dev/null || HAVE_STRACE=0

# exits FILE: "tid status" of every "+++ ... +++" line of scry's output.
scry_exits() {
	sed -nE 's|^ *[0-9.]+ \( *\): [^ ]*/([0-9]+) \+\+\+ (.*) \+\+\+$|\1 \2|p' "$1"
}
# ... of strace -f -o FILE's ("PID +++ exited with 0 +++").
strace_exits() {
	sed -nE 's|^([0-9]+) +\+\+\+ (.*) \+\+\+$|\1 \2|p' "$1"
}

# ---- threads and processes ending --------------------------------------------
WANT_STATUS=3 run_ok "trace of sc-thread-exit exits 3, as the program" \
	"$SCRY" trace -e exit,exit_group -o "$T/te" -- "$PROGS/sc-thread-exit" > "$T/te.out"
main=$(awk '$1 == "main" { print $2 }' "$T/te.out")
ta=$(awk '$2 == "a" { print $3 }' "$T/te.out")
tb=$(awk '$2 == "b" { print $3 }' "$T/te.out")
scry_exits "$T/te" | sort > "$T/te.exits"
printf '%s\n' "$ta exited with 0" "$tb exited with 3" "$main exited with 3" | sort > "$T/te.want"
if cmp -s "$T/te.exits" "$T/te.want"; then
	pass "each thread's end and the process's: $(tr '\n' ';' < "$T/te.want")"
else
	fail "thread and process ends" "$(diff "$T/te.want" "$T/te.exits")"
fi
like "$T/te" "sc-thread-exit/$main \+\+\+ exited with 3 \+\+\+\$" \
	"the process's end is named by its pid and the leader's name (not the renamed thread's)"
like "$T/te" "sc-worker-b/$tb \+\+\+ exited with 3 \+\+\+\$" "a thread's end carries its own name and tid"
if [ $HAVE_STRACE = 1 ]; then
	strace -f -q -e trace=exit,exit_group -o "$T/te.strace" "$PROGS/sc-thread-exit" > "$T/te.sout" 2>/dev/null
	smain=$(awk '$1 == "main" { print $2 }' "$T/te.sout")
	sa=$(awk '$2 == "a" { print $3 }' "$T/te.sout")
	sb=$(awk '$2 == "b" { print $3 }' "$T/te.sout")
	strace_exits "$T/te.strace" | sed -e "s/^$smain /main /" -e "s/^$sa /a /" -e "s/^$sb /b /" | sort > "$T/s.roles"
	scry_exits "$T/te" | sed -e "s/^$main /main /" -e "s/^$ta /a /" -e "s/^$tb /b /" | sort > "$T/c.roles"
	if [ -s "$T/s.roles" ] && cmp -s "$T/s.roles" "$T/c.roles"; then
		pass "the same ends as strace -f shows ($(tr '\n' ';' < "$T/s.roles"))"
	else
		fail "ends differ from strace -f's" "$(diff "$T/s.roles" "$T/c.roles")"
	fi
else
	skip "strace is not installed"
fi

# ---- scry told to stop: the command ends with it ------------------------------
# workload_of SCRYPID NAME: the pid of scry's child once it runs NAME.
workload_of() {
	local w
	for _ in $(seq 100); do
		w=$(pgrep -P "$1" -x "$2")
		[ -n "$w" ] && { echo "$w"; return 0; }
		sleep 0.05
	done
	return 1
}

"$SCRY" trace -e none -o "$T/int" -- sleep 30 > /dev/null 2> "$T/int.err" &
S=$!
BG_PIDS="$BG_PIDS $S"
W=$(workload_of "$S" sleep)
sleep 0.2
kill -INT "$S"
wait "$S"
rc=$?
WANT_STATUS=143 stderr_ok "$T/int.err" "SIGINT to scry alone: it exits with the command's status (killed by SIGTERM: 143)" "$rc"
if [ -n "$W" ] && ! kill -0 "$W" 2> /dev/null; then pass "... and the command ($W) is gone, not left running untraced"
else fail "the command ${W:-?} still runs after scry was stopped"; kill -9 "$W" 2> /dev/null; fi
like "$T/int" "sleep/$W --- SIGTERM \{si_signo=SIGTERM, si_code=SI_USER, si_pid=$S, si_uid=0\} ---\$" \
	"... ended by scry's SIGTERM, shown as delivered"
like "$T/int" "sleep/$W \+\+\+ killed by SIGTERM \+\+\+\$" "... and its end traced: +++ killed by SIGTERM +++"

# The command ignores SIGTERM: a second signal to scry kills it.
"$SCRY" trace -e none -o "$T/int2" -- sh -c "trap '' TERM; exec sleep 30" > /dev/null 2> "$T/int2.err" &
S=$!
BG_PIDS="$BG_PIDS $S"
W=$(workload_of "$S" sleep)
sleep 0.2
kill -INT "$S"
sleep 0.5
if [ -n "$W" ] && kill -0 "$W" 2> /dev/null; then pass "a command that ignores SIGTERM outlives the first signal"
else fail "the command ignoring SIGTERM is gone after one signal"; fi
kill -TERM "$S"
wait "$S"
WANT_STATUS=137 stderr_ok "$T/int2.err" "a second signal: scry exits with the command's status (SIGKILL: 137)" "$?"
if [ -n "$W" ] && ! kill -0 "$W" 2> /dev/null; then pass "... and the command is gone"
else fail "the command ${W:-?} still runs after the second signal"; kill -9 "$W" 2> /dev/null; fi
like "$T/int2" "sleep/$W \+\+\+ killed by SIGKILL \+\+\+\$" "... +++ killed by SIGKILL +++"

# trace record too: the command ends with the recording, its end recorded.
"$SCRY" trace record -q -e none -o "$T/int.data" -- sleep 30 > /dev/null 2> "$T/intr.err" &
S=$!
BG_PIDS="$BG_PIDS $S"
W=$(workload_of "$S" sleep)
sleep 0.2
kill -INT "$S"
wait "$S"
WANT_STATUS=143 stderr_ok "$T/intr.err" "trace record stopped by SIGINT: exits 143, quiet" "$?"
if [ -n "$W" ] && ! kill -0 "$W" 2> /dev/null; then pass "trace record: the command ($W) is gone"
else fail "trace record: the command ${W:-?} still runs"; kill -9 "$W" 2> /dev/null; fi
"$SCRY" trace -i "$T/int.data" > "$T/intr.txt" 2>&1
like "$T/intr.txt" "sleep/$W \+\+\+ killed by SIGTERM \+\+\+\$" "trace record: the replay shows its end (+++ killed by SIGTERM +++)"

# As timeout -s INT does it (--foreground: to scry alone, not its group).
timeout --foreground --preserve-status -s INT 1 "$SCRY" trace -e none -o "$T/to" -- sleep 30.25 > /dev/null 2> "$T/to.err"
WANT_STATUS=143 stderr_ok "$T/to.err" "timeout -s INT 1 scry trace -- sleep: exits 143, quiet" "$?"
w=$(sed -nE 's|^.* sleep/([0-9]+) \+\+\+ killed by SIGTERM \+\+\+$|\1|p' "$T/to")
if [ -n "$w" ] && ! kill -0 "$w" 2> /dev/null; then pass "timeout -s INT: no process of the command left ($w)"
else fail "timeout -s INT: the command ${w:-?} was not ended (trace: $(tail -1 "$T/to"))"; fi

# ---- -p of a kernel thread ----------------------------------------------------
if [ "$(cat /proc/2/comm 2> /dev/null)" = kthreadd ]; then
	"$SCRY" trace -p 2 > "$T/kt.out" 2> "$T/kt.err"
	is "$?" 1 "-p 2 (kthreadd): exit status 1"
	is "$(cat "$T/kt.err")" "scry: 2: kernel thread, no syscalls to trace" "... one clear error line"
	is "$(wc -c < "$T/kt.out")" 0 "... and no invented trace line"
	"$SCRY" trace -t 2 -o "$T/kt.trace" 2> "$T/kt.err"
	is "$?/$(cat "$T/kt.err")" "1/scry: 2: kernel thread, no syscalls to trace" "-t 2: the same error"
else
	skip "pid 2 is not kthreadd here (a pid namespace)"
	skip "pid 2 is not kthreadd here"; skip "pid 2 is not kthreadd here"; skip "pid 2 is not kthreadd here"
fi

# ---- a prompt return, even on a loaded machine ---------------------------------
# Both cores busy; -e openat puts BPF programs on two syscall tracepoints,
# whose removal (an RCU tasks-trace grace period each) must not hold scry up.
# The time from the command's end (its +++ line, -T: CLOCK_MONOTONIC ms) to
# scry's return, as mono-now reads the same clock right after.
BUSY=""
for _ in 1 2; do
	sh -c 'while :; do :; done' &
	BUSY="$BUSY $!"
done
BG_PIDS="$BG_PIDS $BUSY"
gaps=""
for i in 1 2 3 4 5; do
	"$SCRY" trace -T -e openat -o "$T/gap" -- true 2> "$T/gap.err"
	now=$("$PROGS/mono-now")
	end=$(sed -nE 's|^ *([0-9.]+) .*\+\+\+ exited with 0 \+\+\+$|\1|p' "$T/gap" | tail -1)
	[ -n "$end" ] && gaps="$gaps $(awk -v a="$now" -v b="$end" 'BEGIN { printf "%d", a - b }')"
done
echo "# ms from the command's end to scry's return, both cores busy:$gaps"
median=$(echo $gaps | tr ' ' '\n' | sort -n | sed -n 3p)
if [ -n "$median" ] && [ "$median" -lt 300 ]; then
	pass "scry returns within 0.3 s of the command's end under load (median ${median} ms of:$gaps)"
else
	fail "scry returns too late after the command's end under load (median ${median:-?} ms of:$gaps)"
fi

# A probe the trace used can be deleted right after it: scry probe waits for
# the release helper, which is findable (named) as soon as scry returns.
GRP=scry_trace_life
"$SCRY" probe -q -x "$PROGS/sc-basic" "$GRP:tl_main=main" > /dev/null 2> "$T/probe.err" ||
	"$SCRY" probe -q -f -x "$PROGS/sc-basic" "$GRP:tl_main=main" > /dev/null 2>> "$T/probe.err"
ok=0
for i in 1 2 3; do
	"$SCRY" trace -e none --event "$GRP:tl_main" -o "$T/pr" -- "$PROGS/sc-basic" /etc/hostname > /dev/null 2>&1
	if "$SCRY" probe -q -d "$GRP:tl_main" 2> "$T/pd.err"; then ok=$((ok + 1)); else cat "$T/pd.err" | sed 's/^/# /'; fi
	[ "$i" -lt 3 ] && "$SCRY" probe -q -x "$PROGS/sc-basic" "$GRP:tl_main=main" > /dev/null 2>> "$T/probe.err"
done
is "$ok" 3 "scry probe -d right after a trace that used the probe succeeds (3 of 3, under load)"
like "$T/pr" "$GRP:tl_main\(" "... and the trace did use it"
kill $BUSY 2> /dev/null
"$SCRY" probe -q -d "$GRP:*" > /dev/null 2>&1
grep -q "$GRP" /sys/kernel/tracing/uprobe_events && fail "probes of $GRP left behind" || pass "no probe of $GRP left"

# ---- signals: SIGCHLD's times, real-time signals' names -------------------------
run_ok "trace of sc-signals" "$SCRY" trace -e kill,rt_sigprocmask,wait4 -o "$T/sig" -- "$PROGS/sc-signals" > "$T/sig.out"
read -r _ child _ cstatus _ cutime _ cstime < "$T/sig.out"
chld=$(grep -E -- "--- SIGCHLD \{" "$T/sig" | head -1)
echo "# the program saw: child $child status $cstatus utime $cutime stime $cstime; scry: ${chld#*: }"
like "$T/sig" "--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=$child, si_uid=0, si_status=5, si_utime=[0-9]+( /\* [0-9.]+ s \*/)?, si_stime=[0-9]+( /\* [0-9.]+ s \*/)?\} ---\$" \
	"SIGCHLD: pid, uid, status, utime and stime, as strace prints them"
ut=$(echo "$chld" | sed -nE 's/.*si_utime=([0-9]+).*/\1/p')
if [ -n "$ut" ] && [ "$ut" -ge $((cutime - 2)) ] && [ "$ut" -le $((cutime + 2)) ] && [ "$ut" -ge 15 ]; then
	pass "SIGCHLD's si_utime ($ut ticks) is the child's user time as wait4 reported it ($cutime)"
else
	fail "SIGCHLD's si_utime ${ut:-?} is not the child's user time ($cutime ticks)"
fi
# Without the numbers that differ between runs, the lines strace prints for
# the same program (sorted: scry prints a signal sent by kill before kill's
# line, which is printed when the call returns).
sig_shapes() {
	sed -nE -e 's/^.*(--- SIG[A-Z_0-9]+ \{.*\} ---)$/\1/p' \
		-e 's/^.*kill\((pid: )?[0-9]+, (sig: )?([A-Z_0-9]+)\).*$/kill \3/p' \
		-e 's/^.*rt_sigprocmask\((how: )?(SIG_[A-Z]+), (nset: )?(\[[^]]*\]).*$/mask \2 \4/p' "$1" |
		sed -E -e 's/si_pid=[0-9]+/si_pid=P/' -e 's/si_utime=[0-9]+( \/\* [0-9.]+ s \*\/)?/si_utime=T/' \
			-e 's/si_stime=[0-9]+( \/\* [0-9.]+ s \*\/)?/si_stime=T/'
}
if [ $HAVE_STRACE = 1 ]; then
	strace -f -q -e trace=kill,rt_sigprocmask,wait4 -o "$T/sig.strace" "$PROGS/sc-signals" > /dev/null
	sig_shapes "$T/sig.strace" | sort > "$T/sig.s"
	sig_shapes "$T/sig" | sort > "$T/sig.c"
	if [ "$(wc -l < "$T/sig.s")" -ge 5 ] && cmp -s "$T/sig.s" "$T/sig.c"; then
		pass "signal names in masks, kill's argument and deliveries, and SIGCHLD's fields as strace's ($(grep -c . "$T/sig.s") lines)"
	else
		fail "signal lines differ from strace's" "$(diff "$T/sig.s" "$T/sig.c")"
	fi
	sut=$(sed -nE 's/.*SIGCHLD .*si_utime=([0-9]+ \/\* [0-9.]+ s \*\/).*/\1/p' "$T/sig.strace")
	cut=$(echo "$chld" | sed -nE 's/.*si_utime=([0-9]+ \/\* [0-9.]+ s \*\/).*/\1/p')
	if [ -n "$sut" ] && [ -n "$cut" ]; then pass "a nonzero si_utime has strace's seconds comment (strace: $sut, scry: $cut)"
	else fail "si_utime's comment: strace '${sut:-none}', scry '${cut:-none}'"; fi
else
	skip "strace is not installed"; skip "strace is not installed"
fi
like "$T/sig" "kill\(pid: [0-9]+, sig: SIGRT_4\) += 0\$" "kill(pid, 36) names SIGRT_4, as strace"
like "$T/sig" "nset: \[USR1 RT_4 RT_32\]" "... and the same signals in a mask: [USR1 RT_4 RT_32]"

# ---- trace -a: a call entered before the trace carries its arguments ----------
# sc-loop spends nearly all its time in a 20 ms nanosleep: -a starts while it
# is in one, and the call's end is shown "[continued]" with the arguments
# /proc/TID/syscall held at attach (as -p shows them). A second one blocks in
# read() the whole time: under -a not reported as unfinished (only -p, -t
# targets are), as before.
"$PROGS/sc-loop" 100000 > "$T/aloop.out" &
ALOOP=$!
"$PROGS/sc-loop" 1 block > "$T/bloop.out" &
BLOOP=$!
BG_PIDS="$BG_PIDS $ALOOP $BLOOP"
sleep 0.3
got=""
for _ in 1 2 3; do
	"$SCRY" trace -a -e clock_nanosleep,nanosleep,read -o "$T/all" 2> "$T/all.err" &
	S=$!
	sleep 1.5
	kill -INT "$S"
	wait "$S"
	# (A call that ended between the tracer's start and the look at
	# /proc, a few ms, has no arguments to show: try again then.)
	got=$(grep -E "sc-loop/$ALOOP \.\.\. \[continued\]: [a-z_0-9]+\([a-z]" "$T/all" | head -1)
	[ -n "$got" ] && break
done
echo "# ${got#*: }"
like "$T/all" "sc-loop/$ALOOP \.\.\. \[continued\]: clock_nanosleep\(which_clock: REALTIME, flags: 0, rqtp: 0x[0-9a-f]+, rmtp: NULL\) += 0\$" \
	"-a: a call in progress at attach ends as [continued] with its arguments"
n=$(grep -c "\[continued\]: " "$T/all"); n0=$(grep -cE "\[continued\]: [a-z_0-9]+\(\) " "$T/all")
echo "# -a: $n continued lines, $n0 of them without arguments"
[ "$n" -gt 0 ] && [ "$n0" -le $((n / 4)) ] && pass "-a: continued lines carry their arguments ($((n - n0)) of $n)" ||
	fail "-a: $n0 of $n continued lines without arguments"
unlike "$T/all" "sc-loop/$BLOOP read\(.*still in the call" "-a: a thread blocked throughout is not invented as unfinished"
kill "$ALOOP" "$BLOOP" 2> /dev/null

# ---- descriptors: a number reused by another kind of file ---------------------
run_ok "trace of sc-fdreuse" "$SCRY" trace -e socket,connect,close,openat -o "$T/fd" -- "$PROGS/sc-fdreuse" > "$T/fd.out"
read -r _ kfd kino kport < <(grep '^kept ' "$T/fd.out")
read -r _ gfd dfd gino < <(grep '^reused ' "$T/fd.out")
like "$T/fd" "socket\(family: INET, type: DGRAM, protocol: IP\) += $kfd<socket:\[$kino\]>\$" \
	"a socket shows socket:[inode] as strace -y does (inode $kino, from the program's fstat)"
like "$T/fd" "socket\(family: UNIX, type: STREAM, protocol: 0\) += $gfd<socket:\[$gino\]>\$" \
	"a socket closed at once, its number reused by an open (of /etc) before the line is printed: socket:[$gino], its inode read when socket() returned"
unlike "$T/fd" "socket\(.*\) += $gfd</etc>" "... in particular not the later file's (= $gfd</etc>)"
like "$T/fd" "openat\(dfd: CWD, filename: \"/etc\", flags: RDONLY\|DIRECTORY\) += $dfd</etc>\$" "... while the open shows its own path"
like "$T/fd" "close\(fd: $kfd<socket:\[$kino\]>\) += 0\$" "the kept socket's close names it"
# -yy (parsed by the strace-options work): endpoints, as strace -yy.
if "$SCRY" trace -yy -e none -- true > /dev/null 2>&1; then
	run_ok "trace -yy of sc-fdreuse" "$SCRY" trace -yy -e socket,connect,close,openat -o "$T/fdyy" -- "$PROGS/sc-fdreuse" > "$T/fdyy.out"
	read -r _ kfd kino kport < <(grep '^kept ' "$T/fdyy.out")
	like "$T/fdyy" "close\(fd: $kfd<UDP:\[127\.0\.0\.1:$kport->127\.0\.0\.1:9\]>\) += 0\$" \
		"-yy: a connected UDP socket with its endpoints (UDP:[127.0.0.1:$kport->127.0.0.1:9])"
	if [ $HAVE_STRACE = 1 ]; then
		strace -yy -q -e trace=close -o "$T/fd.strace" "$PROGS/sc-fdreuse" > "$T/fds.out"
		read -r _ skfd _ skport < <(grep '^kept ' "$T/fds.out")
		like "$T/fd.strace" "^close\($skfd<UDP:\[127\.0\.0\.1:$skport->127\.0\.0\.1:9\]>\) += 0\$" \
			"... the same form as strace -yy's"
	else
		skip "strace is not installed"
	fi
else
	skip "-yy is not parsed by this scry (the strace-options work adds it)"
	skip "-yy is not parsed by this scry"; skip "-yy is not parsed by this scry"
fi

done_testing
