#!/bin/bash
# --event mixes tracepoints into the trace, printed with their fields.
. "$(dirname "$0")/lib.sh"
need_root

for be in $(backends); do
	flag=$(backend_flag "$be")
	run_ok "$be: trace --event" "$SCRY" trace $flag -e exit_group --event sched:sched_process_exit -o "$T/ev" -- "$PROGS/sc-fork" > "$T/out"
	child=$(awk '$1 == "child" { print $2 }' "$T/out")
	like "$T/ev" "sched:sched_process_exit\(comm=sc-fork pid=$child prio=[0-9]+" \
		"$be: the child's sched_process_exit with its fields"
	# The event comes after the child's exit_group, in time order.
	a=$(grep -n "/$child exit_group" "$T/ev" | cut -d: -f1)
	b=$(grep -n "sched_process_exit(comm=sc-fork pid=$child " "$T/ev" | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] && pass "$be: ... after its exit_group" ||
		fail "$be: order exit_group line $a, event line $b"
done

run_ok "trace --no-syscalls --event GLOB" "$SCRY" trace --no-syscalls --event 'sched:sched_process_e*' -o "$T/ev2" -- "$PROGS/sc-fork" > /dev/null
unlike "$T/ev2" ' (write|clone|exit_group)\(' "--no-syscalls: no syscalls"
like "$T/ev2" 'sched:sched_process_exec\(' "a glob adds sched_process_exec ..."
like "$T/ev2" 'sched:sched_process_exit\(' "... and sched_process_exit"
done_testing
