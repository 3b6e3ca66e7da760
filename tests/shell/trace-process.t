#!/bin/bash
# Following children, deaths by signal, threads, and the environment the
# traced program sees (no descriptor of scry's leaks into it).
. "$(dirname "$0")/lib.sh"
need_root

for be in $(backends); do
	flag=$(backend_flag "$be")

	# A forked child that writes a known line and exits 7.
	run_ok "$be: sc-fork exits 0 and so does scry" "$SCRY" trace $flag -o "$T/fork" -- "$PROGS/sc-fork" > "$T/fork.out"
	child=$(awk '$1 == "child" { print $2 }' "$T/fork.out")
	calls_of "$T/fork" > "$T/fork.calls"
	msg='0x[0-9a-f]+'; [ "$be" = bpf ] && msg='"hello from the child\\n"'
	like "$T/fork" "sc-fork/$child write\(fd: 1(<[^>]*>)?, buf: $msg, count: 21\) += 21\$" \
		"$be: the child's write of 21 bytes is traced under the child's tid"
	like "$T/fork" "sc-fork/$child exit_group\(error_code: 7\) += \?\$" "$be: the child's exit_group(7)"
	like "$T/fork" "^ *[0-9.]+ \( *[0-9.]+ ms\): sc-fork/[0-9]+ clone\(clone_flags: CHILD_CLEARTID\|CHILD_SETTID\|SIGCHLD, .*\) += $child\$" \
		"$be: the parent's clone returns the child's pid, flags decoded"
	like "$T/fork" "wait4\(upid: $child, .*\) += $child\$" "$be: wait4 for the child returns its pid"
	unlike "$T/fork" "\[continued\]: clone\(" "$be: the child's own return from clone is not shown"

	# Death by signal: reported, and scry exits 128+11.
	WANT_STATUS=139 run_ok "$be: scry exits 128+SIGSEGV when the program dies of SIGSEGV" \
		"$SCRY" trace $flag -o "$T/crash" -- "$PROGS/sc-crash" > /dev/null
	like "$T/crash" "sc-crash/[0-9]+ \+\+\+ killed by SIGSEGV( \(core dumped\))? \+\+\+\$" \
		"$be: +++ killed by SIGSEGV +++"
	if [ "$be" = bpf ]; then
		like "$T/crash" "sc-crash/[0-9]+ --- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL\} ---\$" \
			"$be: the SIGSEGV delivery, with its si_code and address"
	fi

	# Threads: each worker's five getppid() calls under its own tid.
	run_ok "$be: trace of sc-threads" "$SCRY" trace $flag -e getppid -o "$T/thr" -- "$PROGS/sc-threads" > "$T/thr.out"
	for tid in $(awk '$1 == "thread" { print $2 }' "$T/thr.out"); do
		n=$(grep -cE "/$tid getppid\(\) += [0-9]+\$" "$T/thr")
		is "$n" 5 "$be: thread $tid: its 5 getppid calls"
	done
done

# The program sees the descriptors it would see untraced.
"$PROGS/sc-fds" > "$T/fds.plain"
for be in $(backends); do
	run_ok "$be: trace of sc-fds" "$SCRY" trace $(backend_flag "$be") -o "$T/fds.trace" -- "$PROGS/sc-fds" > "$T/fds.$be"
	if cmp -s "$T/fds.plain" "$T/fds.$be"; then
		pass "$be: no descriptor leaks into the traced program ($(head -1 "$T/fds.plain"))"
	else
		fail "$be: the traced program sees other descriptors" "untraced: $(cat "$T/fds.plain")" \
			"traced:   $(cat "$T/fds.$be")"
	fi
done

# A command that cannot be run.
"$SCRY" trace -- "$T/no-such-program" 2> "$T/err"
rc=$?
is "$rc" 1 "a command that cannot run: exit status 1"
is "$(wc -l < "$T/err")" 1 "a command that cannot run: one line of error"
like "$T/err" "cannot run '$T/no-such-program': No such file or directory" "... naming the command and why"
done_testing
