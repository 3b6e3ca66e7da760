#!/bin/bash
# -e selection, --duration, --failure, -s/-S summaries, bad lists.
. "$(dirname "$0")/lib.sh"
need_root

for be in $(backends); do
	flag=$(backend_flag "$be")

	WANT_STATUS=3 run_ok "$be: trace -e openat" "$SCRY" trace $flag -e openat -o "$T/e1" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
	names=$(calls_of "$T/e1" | grep -v '^+++' | sed 's/(.*//' | sort -u | tr '\n' ' ')
	is "$names" "openat " "$be: -e openat shows only openat"
	n=$(calls_of "$T/e1" | grep -c '^openat(')
	[ "$n" -ge 4 ] && pass "$be: ... all $n of them" || fail "$be: only $n openat calls"

	WANT_STATUS=3 run_ok "$be: trace -e '!...'" "$SCRY" trace $flag -e '!mmap,!munmap,!brk' -o "$T/e2" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
	unlike "$T/e2" ' (mmap|munmap|brk)\(' "$be: -e '!mmap,!munmap,!brk' excludes them"
	like "$T/e2" ' openat\(' "$be: ... and keeps the rest"
	WANT_STATUS=3 run_ok "$be: trace -e '!mmap,munmap'" "$SCRY" trace $flag -e '!mmap,munmap' -o "$T/e2b" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
	unlike "$T/e2b" ' mmap\(' "$be: -e '!mmap,munmap': everything but mmap ..."
	like "$T/e2b" ' munmap\(' "$be: ... with munmap (added back)"

	WANT_STATUS=3 run_ok "$be: trace -e %memory" "$SCRY" trace $flag -e '%memory' -o "$T/e3" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
	names=$(calls_of "$T/e3" | grep -v '^+++' | sed 's/(.*//' | sort -u | tr '\n' ' ')
	is "$names" "brk mmap mprotect munmap " "$be: -e %memory"

	WANT_STATUS=3 run_ok "$be: trace -e '*stat*'" "$SCRY" trace $flag -e '*stat*' -o "$T/e4" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
	names=$(calls_of "$T/e4" | grep -v '^+++' | sed 's/(.*//' | sort -u | tr '\n' ' ')
	is "$names" "newfstatat " "$be: -e '*stat*' (a glob)"

	# --duration: only the 60 ms nanosleep among fast calls.
	run_ok "$be: trace --duration" "$SCRY" trace $flag --duration 30 -o "$T/d" -- "$PROGS/sc-slow"
	names=$(calls_of "$T/d" | sed 's/(.*//' | tr '\n' ' ')
	is "$names" "clock_nanosleep " "$be: --duration 30 keeps only the 60 ms sleep"
	ms=$(sed -nE 's/.*\( *([0-9]+)\.[0-9]+ ms\).*/\1/p' "$T/d")
	[ "${ms:-0}" -ge 59 ] && [ "${ms:-0}" -lt 1000 ] && pass "$be: its duration is ~60 ms ($ms)" ||
		fail "$be: duration $ms ms"

	# --failure
	WANT_STATUS=3 run_ok "$be: trace --failure" "$SCRY" trace $flag --failure -o "$T/f" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
	n=$(calls_of "$T/f" | grep -cvE ' = -1 E[A-Z]+ \(')
	is "$n" 0 "$be: --failure shows only failed calls"
	like "$T/f" 'openat\(.*flags: RDONLY\) = -1 ENOENT \(No such file or directory\)$' "$be: ... such as the ENOENT"

	# -s: the summary only; counts are what the program did.
	run_ok "$be: trace -s" "$SCRY" trace $flag -s -o "$T/s" -- "$PROGS/sc-slow"
	unlike "$T/s" 'getppid\(' "$be: -s prints no calls"
	like "$T/s" '^ sc-slow \([0-9]+\), [0-9]+ events, 100\.0%$' "$be: -s names the thread"
	like "$T/s" '^   getppid +6 +0 ' "$be: -s counts getppid 6 times, 0 errors"
	like "$T/s" '^   clock_nanosleep +1 +0 +(6[0-9]|[7-9][0-9])\.[0-9]{3} ' "$be: -s: one nanosleep of ~60 ms total"
	WANT_STATUS=3 run_ok "$be: trace -S" "$SCRY" trace $flag -S -o "$T/S" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
	like "$T/S" 'openat\(dfd: CWD' "$be: -S prints the calls"
	like "$T/S" '^   openat +[0-9]+ +1 ' "$be: ... and the summary, with openat's one error"

	# Only the tracepoints the filter needs: a list without descriptors
	# opens just its own; one that shows fds adds the calls that keep fd
	# paths current (open*, close, dup*, ...), and the paths are right.
	if command -v strace > /dev/null; then
		# (scry's stderr of all three runs: checked after them. A
		# sanitized scry's leak check cannot run under ptrace: off here,
		# it runs everywhere else.)
		: > "$T/tps.err"
		tps() {
			ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -qq -e trace=perf_event_open -o "$T/peo" "$SCRY" trace $flag -o "$T/tps.out" "$@" > /dev/null 2>> "$T/tps.err"
			grep -oE 'type=PERF_TYPE_TRACEPOINT, [^}]*config=[0-9]+' "$T/peo" | sed 's/.*config=//' | sort -u | wc -l
		}
		is "$(tps -e getppid -- "$PROGS/sc-slow")" 2 "$be: -e getppid opens 2 tracepoints (enter, exit)"
		is "$(tps -e getppid,clock_nanosleep -- "$PROGS/sc-slow")" 4 "$be: -e getppid,clock_nanosleep opens 4"
		n=$(tps -e read -- "$PROGS/sc-basic" /etc/hostname)
		[ "$n" -gt 4 ] && pass "$be: -e read (an fd argument) adds the fd-tracking calls ($n tracepoints)" ||
			fail "$be: -e read opens only $n tracepoints"
		stderr_ok "$T/tps.err" "$be: ... and nothing on stderr in those runs"
	else
		skip "$be: strace is not installed (counting the tracepoints opened)"
	fi
	# (The tracepoint backend has no path strings: its fd paths come
	# from /proc only, see scry-trace(1).)
	if [ "$be" = bpf ]; then
		WANT_STATUS=3 run_ok "$be: trace -e read" "$SCRY" trace $flag -e read -o "$T/r" -- "$PROGS/sc-basic" /etc/hostname > /dev/null
		like "$T/r" " read\\(fd: 3</etc/hostname>, buf: \"[^\"]+\", count: [0-9]+\\) = [0-9]+\$" \
			"$be: -e read: the fd's path, known from an openat that was traced unprinted"
	fi
done

# Bad lists and options: usage errors (exit 129), one line naming the
# problem (and the closest names), then the usage.
usage_error "an unknown syscall: a usage error, suggesting openat" "unknown syscall 'opnat' \(did you mean: openat" \
	"$SCRY" trace -e opnat -- true
usage_error "an unknown group: a usage error naming it" "%nosuch" "$SCRY" trace -e %nosuch -- true
usage_error "an unknown option: a usage error naming it" "unknown option '--bogus'" "$SCRY" trace --bogus -- true
usage_error "nothing to trace: a usage error saying what to give" "give a command, -p PID, -t TID or -a" "$SCRY" trace
usage_error "a command and -p: a usage error" "either a command or -p/-t/-a" "$SCRY" trace -p 1 -- true
# What only running shows wrong: exit 1, one line.
"$SCRY" trace -o /nonexistent-dir/x -- true 2> "$T/err"; is "$?" 1 "unwritable -o: exit 1"
like "$T/err" "cannot write /nonexistent-dir/x: No such file or directory" "... naming the file"
"$SCRY" trace --event nosuch:event -- true 2> "$T/err"; is "$?" 1 "an unknown tracepoint: exit 1"
like "$T/err" "unknown tracepoint 'nosuch:event'" "... naming it"
done_testing
