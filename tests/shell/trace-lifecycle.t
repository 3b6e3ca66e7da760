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

done_testing
