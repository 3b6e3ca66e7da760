#!/bin/bash
# scry trace --call-graph fp|dwarf, -k, --kernel-syscall-graph: each shown
# call is followed by its stacks, one frame per line at perf trace's column
# (39), named "sym+0xoff (dso)" as scry script names them. sc-stack makes
# one write through main -> stk_a -> stk_b (sc-stack-fp: with frame
# pointers, the syscall made in stk_b itself).
. "$(dirname "$0")/lib.sh"
need_root
have_bpf || skip_all "the BPF tracer does not work here"

# frames FILE: the frames under the line of the write of "stack-probe\n",
# as "name" (offset and dso cut), one a line.
# (awk without regex intervals: the column is tested by hand)
frame_line='function fl(s) { return substr(s, 1, 39) ~ /^ *$/ && substr(s, 40, 1) ~ /[^ ]/ }'
frames() {
	awk "$frame_line"' /write\(.*"stack-probe\\n"/ { on = 1; next } on && fl($0) { print; next } { on = 0 }' "$1" |
		sed -E 's/^ +//; s/\+0x[0-9a-f]+ / /; s/ \(.*\)$//'
}
# The user frames of the program's own functions, in order, on one line.
own() { frames "$1" | grep -E '^(stk_a|stk_b|main)$' | tr '\n' ' ' | sed 's/ $//'; }

# ---- dwarf: a program without frame pointers, the write through libc's wrapper
run_ok "--call-graph dwarf" "$SCRY" trace --call-graph dwarf -e write -o "$T/dw" -- "$PROGS/sc-stack" > "$T/dw.out"
is "$(tail -1 "$T/dw.out")" "stack-write 12" "the program wrote 12 bytes"
is "$(own "$T/dw")" "stk_b stk_a main" "dwarf: stk_b, stk_a, main after the write line, in that order"
is "$(frames "$T/dw" | sed -n '2,4p' | tr '\n' ' ')" "stk_b stk_a main " "dwarf: right after libc's write frame"
like "$T/dw" "^ {39}[^ ].*write\+0x[0-9a-f]+ \(/.*libc\.so\.6\)\$" "dwarf: the leaf frame is libc's write, named sym+0xoff (dso)"
like "$T/dw" "^ {39}stk_b\+0x[0-9a-f]+ \($PROGS/sc-stack\)\$" "dwarf: the program's frames name its file"
n_writes=$(grep -c ' write(' "$T/dw")
n_blocks=$(awk "$frame_line"' / write\(/ { w = 1; next } w && fl($0) { n++ } { w = 0 } END { print n + 0 }' "$T/dw")
is "$n_blocks" "$n_writes" "dwarf: every write line has its frames ($n_writes)"

# The same chain through perf trace (names without offsets).
if command -v perf > /dev/null; then
	oracle_ok "perf trace --call-graph dwarf" perf trace --call-graph dwarf -e write -o "$T/perf" -- "$PROGS/sc-stack" > /dev/null
	pown=$(awk '/write\(.*count: 12\)/ { on = 1; next } on && /^ +[^ ]/ && !/^ +[0-9.]+ \(/ { print; next } { on = 0 }' "$T/perf" |
		sed -E 's/^ +//; s/ \(.*\)$//' | grep -E '^(stk_a|stk_b|main)$' | tr '\n' ' ' | sed 's/ $//')
	is "$(own "$T/dw")" "$pown" "dwarf: the program's frames are perf trace's"
else
	skip "perf is not installed"
fi

# The same stack through strace -k (" > DSO(sym+0xoff) [0xaddr]"): the same
# DSOs frame by frame, and the same places: strace gives callers' return
# addresses, scry (as perf) the address inside the call, one less.
if command -v strace > /dev/null && strace -k -e trace=getpid -o "$T/probe" true 2> /dev/null; then
	oracle_ok "strace -k" strace -k -e trace=write -o "$T/st" "$PROGS/sc-stack" > /dev/null
	st_frames() { awk '/^write\(1, "stack-probe\\n"/ { on = 1; next } on && /^ > / { print; next } { on = 0 }' "$T/st"; }
	ours_full() { awk "$frame_line"' /write\(.*"stack-probe\\n"/ { on = 1; next } on && fl($0) { print; next } { on = 0 }' "$1" | sed -E 's/^ +//'; }
	is "$(ours_full "$T/dw" | sed -E 's/.* \((.*)\)$/\1/' | tr '\n' ' ')" \
	   "$(st_frames | sed -E 's/^ > ([^(]*)\(.*/\1/' | tr '\n' ' ')" "dwarf: the frames' DSOs are strace -k's, frame by frame"
	for f in stk_b stk_a main; do
		ours=$(ours_full "$T/dw" | sed -nE "s/^$f\+(0x[0-9a-f]+) .*/\1/p")
		theirs=$(st_frames | sed -nE "s/.*\($f\+(0x[0-9a-f]+)\).*/\1/p")
		is "$(printf '0x%x' $((ours + 1)))" "$theirs" "dwarf: $f+$ours is strace -k's return address $f+$theirs less one"
	done
else
	skip "strace -k does not work here"
fi

# ---- -k: strace's option, dwarf (distro binaries have no frame pointers)
run_ok "-k" "$SCRY" trace -k -e write -o "$T/k" -- "$PROGS/sc-stack" > /dev/null
is "$(own "$T/k")" "stk_b stk_a main" "-k: unwinds a program without frame pointers"

# Threads: each thread's calls with its own stack (held per thread).
run_ok "-k on two threads" "$SCRY" trace -k -e getppid -o "$T/thr" -- "$PROGS/sc-threads" > /dev/null
is "$(grep -c ' getppid()' "$T/thr") $(grep -cE '^ {39}worker\+0x[0-9a-f]+ ' "$T/thr") $(grep -cE '^ {39}start_thread\+' "$T/thr")" \
   "10 10 10" "threads: each of the 10 getppid calls under worker, under start_thread"

# ---- fp: a frame-pointer build
run_ok "--call-graph fp" "$SCRY" trace --call-graph fp -e write -o "$T/fp" -- "$PROGS/sc-stack-fp" > /dev/null
is "$(frames "$T/fp" | sed -n '1,3p' | tr '\n' ' ')" "stk_b stk_a main " "fp: stk_b, stk_a, main, leaf first"
like "$T/fp" "^ {39}main\+0x[0-9a-f]+ \($PROGS/sc-stack-fp\)\$" "fp: frames name the program's file"

# ---- no option: no frames
run_ok "no --call-graph" "$SCRY" trace -e write -o "$T/none" -- "$PROGS/sc-stack" > /dev/null
unlike "$T/none" '^ {39}[^ ]' "without --call-graph no frame lines"
like "$T/none" 'write\(.*"stack-probe\\n"' "... and the write line is there"

# ---- kernel stacks
for opt in --kernel-syscall-graph --kernel-callchains; do
	run_ok "dwarf $opt" "$SCRY" trace --call-graph dwarf $opt -e write -o "$T/kern" -- "$PROGS/sc-stack" > /dev/null
	like "$T/kern" '^ {39}do_syscall_64\+0x[0-9a-f]+ \(\[kernel\.kallsyms\]\)$' "$opt: kernel frames (do_syscall_64)"
	is "$(own "$T/kern")" "stk_b stk_a main" "$opt: the user frames follow"
	is "$(frames "$T/kern" | grep -nE 'do_syscall_64|^stk_b$' | cut -d: -f2 | tr '\n' ' ')" "do_syscall_64 stk_b " \
		"$opt: kernel frames first, as perf trace prints them"
done
unlike "$T/dw" 'kernel\.kallsyms' "without it no kernel frames"
# Every syscall: the BPF tracer on the raw syscall tracepoints, whose
# stacks start in the tracing itself (not shown).
run_ok "every syscall, -k --kernel-syscall-graph" "$SCRY" trace -k --kernel-syscall-graph -o "$T/all" -- "$PROGS/sc-stack" > /dev/null
is "$(own "$T/all")" "stk_b stk_a main" "every syscall: the write's user frames"
unlike "$T/all" '^ +(bpf_prog_|bpf_trace_run|__bpf_trace_|__traceiter_)|\[bpf\]' "every syscall: no frames of the tracing itself"
like <(frames "$T/all" | head -1) "^(syscall_exit|do_syscall_64)" "every syscall: the kernel stack starts where perf trace's does (the syscall's return path)"

# ---- only shown calls: --failure hides the (successful) writes and their stacks
run_ok "--failure" "$SCRY" trace -k --failure -e write -o "$T/fail" -- "$PROGS/sc-stack" > /dev/null
unlike "$T/fail" '^ {39}[^ ]' "--failure: no frames of calls not shown"

# ---- trace record -k, trace -i
run_ok "trace record -k" "$SCRY" trace record -q -k -e write -o "$T/r.data" -- "$PROGS/sc-stack" > /dev/null
run_ok "trace -i" "$SCRY" trace -i "$T/r.data" -o "$T/replay"
is "$(frames "$T/replay" | tr '\n' ' ')" "$(frames "$T/k" | tr '\n' ' ')" "trace -i prints the recorded stacks as live"

# ---- usage errors
usage_error "--call-graph lbr" "not fp or dwarf" "$SCRY" trace --call-graph lbr -- true
usage_error "--kernel-syscall-graph alone" "needs --call-graph or -k" "$SCRY" trace --kernel-syscall-graph -- true
usage_error "--call-graph with --no-bpf" "need the BPF tracer" "$SCRY" trace --no-bpf --call-graph fp -- true
usage_error "--call-graph with -i" "record them" "$SCRY" trace -i "$T/r.data" -k
"$SCRY" help trace 2>&1 | grep -q -- '--call-graph' && pass "scry help trace documents --call-graph" ||
	fail "scry help trace does not mention --call-graph"
done_testing
