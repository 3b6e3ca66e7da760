#!/bin/bash
# The kernel removes a syscall tracepoint slowly (an RCU tasks-trace grace
# period each, under a global mutex). scry hands that work to a detached
# helper (comm "scry-release", util/core/perf-release.c) so that a trace of a long
# syscall list returns as soon as its output is complete. Checked here:
# scry returns while the helper is still releasing (so the slow part really
# ran after scry), the helper holds nothing but perf events and BPF links
# (and the directory it reads them from; an output pipe is not kept open:
# $(...) returns), the output is whole,
# and the helper is gone a while later, leaving nothing behind.
. "$(dirname "$0")/lib.sh"
need_root

helpers() { pgrep -x scry-release | tr '\n' ' '; }

# Wait (up to 60 s) until no helper runs: earlier tests' helpers must not be
# taken for this one's.
wait_helpers() {
	for _ in $(seq 600); do
		[ -z "$(helpers)" ] && return 0
		sleep 0.1
	done
	return 1
}

# What a process's fds are, one kind per line with a count.
fd_kinds() {
	for f in /proc/"$1"/fd/*; do readlink "$f"; done 2>/dev/null |
		sed -E 's/^(pipe|socket):\[[0-9]+\]$/\1/' | sort | uniq -c | awk '{ print $2 "=" $1 }' | tr '\n' ' '
}

# 21 syscalls, 42 tracepoints (and the fd-tracking ones): ~1-2 s of removal
# on a small VM.
LIST=%process,%signal,!rt_sigreturn  # (rt_sigreturn would need the raw tracepoints)

for be in $(backends); do
	flag=$(backend_flag "$be")
	wait_helpers || fail "$be: helpers of earlier runs still there after 60 s: $(helpers)"

	out=$("$SCRY" trace $flag -e "$LIST" -- "$PROGS/sc-basic" /etc/hostname 2>&1)
	h=$(helpers)
	kinds=""
	for p in $h; do kinds="$kinds$(fd_kinds "$p")"; done
	if [ -n "$h" ]; then
		pass "$be: scry returned (its output captured by \$(...)) while the tracepoints were still being released"
	else
		fail "$be: no scry-release helper running right after scry returned"
	fi
	if [ -n "$h" ] && [ -z "${kinds// /}" ]; then
		fail "$be: could not read the helper's fds"
	elif echo "$kinds" | tr ' ' '\n' | grep -vE '^(anon_inode:\[perf_event\]|anon_inode:bpf_link|pipe|/proc/[0-9]+/fd)=[0-9]+$' | grep -q .; then
		fail "$be: the helper holds more than perf events, BPF links and its gate pipe" "$kinds"
	else
		pass "$be: the helper holds only perf events, BPF links and its gate pipe ($kinds)"
	fi
	npipe=$(echo "$kinds" | tr ' ' '\n' | sed -n 's/^pipe=//p')
	[ "${npipe:-0}" -le 1 ] && pass "$be: ... and at most one pipe (${npipe:-0})" || fail "$be: the helper holds $npipe pipes"

	echo "$out" > "$T/out-$be"
	like "$T/out-$be" ' exit_group\(error_code: 3\) ' "$be: the trace is whole (exit_group printed)"
	like "$T/out-$be" '\+\+\+ exited with 3 \+\+\+' "$be: ... and the exit line"
	like "$T/out-$be" '^openat /etc/hostname = 3$' "$be: ... and the program's own output"

	if wait_helpers; then pass "$be: the helper is gone within 60 s"; else
		fail "$be: the helper still runs after 60 s: $(helpers)"
	fi
done

# Other users of the same syscall tracepoints are not starved, neither while
# scry's BPF programs run nor while the helper still holds them: a program on
# a syscall tracepoint that returned 0 would hide the calls from every perf
# event on it.
if have_bpf; then
	wait_helpers
	run_ok "a BPF trace" "$SCRY" trace -e getppid -o "$T/g-bpf" -- "$PROGS/sc-threads" > /dev/null
	[ -n "$(helpers)" ] || echo "# (the helper was already done: the check below is weaker)"
	run_ok "a --no-bpf trace right after it" "$SCRY" trace --no-bpf -e getppid -o "$T/g-tp" -- "$PROGS/sc-threads" > /dev/null
	is "$(grep -c ' getppid() ' "$T/g-tp")" 10 "a --no-bpf trace right after a BPF one sees all 10 getppid calls"
	if command -v perf > /dev/null; then
		run_ok "another BPF trace" "$SCRY" trace -e getppid -o "$T/g-bpf2" -- "$PROGS/sc-threads" > /dev/null
		oracle_ok "perf record right after it" perf record -q -e syscalls:sys_enter_getppid -o "$T/g.data" -- "$PROGS/sc-threads" > /dev/null
		is "$(perf script -i "$T/g.data" 2> "$T/perf.err" | grep -c sys_enter_getppid)" 10 \
			"perf record right after a BPF trace sees all 10 getppid calls"
	else
		skip "perf is not installed"; skip "perf is not installed"
	fi
fi

# scry record: the same for a file with many tracepoints.
wait_helpers
WANT_STATUS=3 run_ok "record of many tracepoints" \
	"$SCRY" record -q -e 'syscalls:sys_enter_*stat*,syscalls:sys_exit_*stat*' -o "$T/rec.data" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
h=$(helpers)
[ -n "$h" ] && pass "record: returned while the tracepoints were still being released" ||
	fail "record: no scry-release helper running right after scry record returned"
n=$("$SCRY" script -i "$T/rec.data" 2> "$T/rec.err" | grep -c 'sys_enter_newfstatat')
stderr_ok "$T/rec.err" "record: script of the file, nothing on stderr"
[ "$n" -ge 1 ] && pass "record: the file is complete ($n newfstatat entries)" || fail "record: no newfstatat in the file"
wait_helpers && pass "record: the helper is gone within 60 s" || fail "record: helper still there: $(helpers)"

# Nothing to release slowly (cpu-clock only): no helper at all.
WANT_STATUS=3 run_ok "record of cpu-clock" "$SCRY" record -q -e cpu-clock -o "$T/cpu.data" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
is "$(helpers)" "" "record -e cpu-clock starts no helper"

done_testing
