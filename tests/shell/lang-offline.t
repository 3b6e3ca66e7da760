#!/bin/bash
# scry script -e PROGRAM -i FILE: the language over a data file's recorded
# events. A deterministic workload (tests/progs/lang-calls) is recorded
# with scry record (and perf record) and run again under the same program
# live: both outputs must be the same text (maps, hist, counts, stacks),
# and the values what the program itself did.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls
G=scry_langoff

# Probe events of this test's own group, gone at the end whatever happens.
trap '"$SCRY" probe -q -d "$G:*" > /dev/null 2>&1; cleanup' EXIT

# same NAME PROGRAM FILE WORKLOAD...: the program over FILE and live over
# the workload give the same output (the workload's own lines aside).
same() {
	local name=$1 prog=$2 file=$3
	shift 3
	"$@" > "$T/wl.out" 2>/dev/null
	"$SCRY" script ${FLAGS:-} -e "$prog" -i "$file" > "$T/$name.off" 2> "$T/$name.off.err"
	stderr_ok "$T/$name.off.err" "$name: over the file" $?
	"$SCRY" script ${FLAGS:-} -e "$prog" -- "$@" 2> "$T/$name.live.err" | grep -vxFf "$T/wl.out" > "$T/$name.live"
	stderr_ok "$T/$name.live.err" "$name: live"
	if cmp -s "$T/$name.off" "$T/$name.live"; then pass "$name: the file and the live run print the same"
	else fail "$name: the file and the live run print the same" "$(diff "$T/$name.live" "$T/$name.off" | head -20)"; fi
}

# ---- tracepoints ------------------------------------------------------------------------------
run_ok "record the reads" "$SCRY" record -q -o "$T/reads.data" \
	-e syscalls:sys_enter_read,syscalls:sys_exit_read,sched:sched_process_exit -- "$LC" reads > /dev/null
same reads 'tracepoint:syscalls:sys_enter_read /comm == "lang-calls"/ {
	@n[comm] = count(); @h = hist(args.count); @s = sum(args.count); $big = args.count > 100 ? 1 : 0;
	@big[$big, probe] = count();
}
tracepoint:syscalls:sys_exit_read /comm == "lang-calls"/ {
	@l = lhist(args.ret, 0, 5000, 1000); @st = stats(retval); @mx = max(retval); @mn = min(args.ret);
	@av = avg(args.ret); if (args.ret >= 1000) { printf("read %d by %s\n", args.ret, comm); }
}
t:sched:sched_process_exit /args.comm == "lang-calls"/ { @exit[args.comm] = count(); }' "$T/reads.data" "$LC" reads
# The workload's reads (1+2+3+4+8+100+1000+4096) and the loader's, as scry script decodes them.
want=$("$SCRY" script -i "$T/reads.data" -F comm,event,trace 2>/dev/null |
	sed -n 's/^ *lang-calls syscalls:sys_enter_read: .*count: \(0x[0-9a-f]*\)$/\1/p' | while read -r c; do echo $((c)); done |
	awk '{ s += $1 } END { print s }')
[ "$want" -ge 5214 ] 2>/dev/null && has_line "$T/reads.off" "@s: $want" "reads: args.count summed from the file's own format" ||
	fail "reads: args.count summed" "scry script -F trace gave '$want'"
has_line "$T/reads.off" 'read 4096 by lang-calls' "reads: printf with a string and retval"
has_line "$T/reads.off" '@exit[lang-calls]: 1' "reads: a char[] field as a string key"

run_ok "record getpid and getppid" "$SCRY" record -q -o "$T/pids.data" \
	-e syscalls:sys_enter_getpid,syscalls:sys_enter_getppid -- "$LC" getpids 40 > /dev/null
same getpids 'tracepoint:syscalls:sys_enter_getpid, t:syscalls:sys_enter_getppid { @[probe] = count(); @t[tid == pid] = count(); @x++; }
END { printf("end %d\n", @x); delete(@x); }' "$T/pids.data" "$LC" getpids 40
has_line "$T/getpids.off" '@[tracepoint:syscalls:sys_enter_getppid]: 80' "getpids: 80 getppid"
has_line "$T/getpids.off" '@[tracepoint:syscalls:sys_enter_getpid]: 40' "getpids: 40 getpid"
has_line "$T/getpids.off" 'end 120' "getpids: END after the last event"

# print(@m) and clear(@m) act when the event is evaluated (live, user
# space acts on them when it reads the ring: later).
"$SCRY" script -e 'tracepoint:syscalls:sys_enter_getp* { @x++; @t = count(); if (@x == 30) { print(@x); clear(@t); } }' \
	-i "$T/pids.data" > "$T/print.out" 2> "$T/print.err"
stderr_ok "$T/print.err" "print(@m) and clear(@m) over the file" $?
is "$(tr '\n' ' ' < "$T/print.out")" "Attaching 2 probes... @x: 30   @t: 90 @x: 120 " \
	"a glob over the file's tracepoints; print(@x) shows the 30th event's value, clear(@t) empties it then"

# -f json: the same JSON lines.
FLAGS="-f json" same json 't:syscalls:sys_enter_getpid { @c[comm, tid == pid]++; @h = hist(@c[comm, 1]); @n = count(); }
	END { printf("done\\n"); time("%Y"); print(7); }' "$T/pids.data" "$LC" getpids 40

# --file PROGRAM -i FILE, with a positional parameter.
printf '#!/usr/bin/env -S scry script --file\nt:syscalls:sys_enter_getppid /comm == str($1)/ { @[comm] = count(); }\n' > "$T/p.bt"
"$SCRY" script --file "$T/p.bt" -i "$T/pids.data" lang-calls > "$T/file.out" 2> "$T/file.err"
stderr_ok "$T/file.err" "--file P.bt -i FILE ARG" $?
has_line "$T/file.out" '@[lang-calls]: 80' "--file: the program file over the data file, \$1 given"

# A pipe: the events come after the program would need them.
"$SCRY" record -q -o - -e syscalls:sys_enter_getppid -- sh -c "$LC getpids 5 > /dev/null" 2> /dev/null |
	"$SCRY" script -e 't:syscalls:sys_enter_getppid { @ = count(); }' -i - > "$T/pipe.out" 2> "$T/pipe.err"
rc=$?
[ "$rc" -eq 1 ] && [ "$(wc -l < "$T/pipe.err")" -eq 1 ] && grep -q 'read it from a file' "$T/pipe.err" &&
	pass "-i - (a pipe): one line, exit 1" || fail "-i - (a pipe)" "exit $rc" "$(cat "$T/pipe.err")"

# -f json and --top go through the same output module.
"$SCRY" script -f json --top 1 -e 'tracepoint:syscalls:sys_enter_getp* { @[probe] = count(); }' -i "$T/pids.data" \
	> "$T/json.off" 2> "$T/json.err"
stderr_ok "$T/json.err" "-f json --top 1 over the file" $?
has_line "$T/json.off" '{"type": "map", "data": {"@": {"tracepoint:syscalls:sys_enter_getppid": 80}}}' \
	"-f json --top 1: bpftrace's JSON, the largest entry only"

# exit(): the events after it are not evaluated; END still runs.
"$SCRY" script -e 't:syscalls:sys_enter_getpid { @n++; if (@n == 10) { exit(); } } END { printf("END %d\n", @n); }' \
	-i "$T/pids.data" > "$T/exit.out" 2> "$T/exit.err"
stderr_ok "$T/exit.err" "exit() over the file" $?
has_line "$T/exit.out" 'END 10' "exit(): evaluation stops at the 10th event, END runs"
has_line "$T/exit.out" '@n: 10' "exit(): the maps as they were"

# ---- uprobes: probe events scry probe made --------------------------------------------------------
if "$SCRY" probe -q -x "$LC" "$G:lc_value=lc_value v=%di:s64" && "$SCRY" probe -q -x "$LC" "$G:lc_ret__return=lc_ret%return \$retval" &&
   "$SCRY" probe -q -x "$LC" "$G:lc_leaf=lc_leaf"; then
	pass "scry probe: lc_value with v, lc_ret's return value, lc_leaf"
	run_ok "record the values" "$SCRY" record -q -o "$T/values.data" -e "$G:lc_value" -- "$LC" values 100 > /dev/null
	same values "uprobe:$LC:lc_value { @s = sum(arg0); @h = hist(arg0); @c[func, probe] = count();
		@m[arg0 % 3] = stats(arg0); }" "$T/values.data" "$LC" values 100
	has_line "$T/values.off" '@s: 5050' "values: arg0 is the recorded argument (1..100)"
	"$SCRY" script -e "u:$LC:lc_value { @v = sum(args.v); }" -i "$T/values.data" > "$T/args.out" 2> "$T/args.err"
	stderr_ok "$T/args.err" "args.NAME of a uprobe: its recorded argument by name" $?
	has_line "$T/args.out" '@v: 5050' "args.v summed"

	run_ok "record the returns" "$SCRY" record -q -o "$T/rets.data" -e "$G:lc_ret__return" -- "$LC" rets 250 > /dev/null
	same rets "uretprobe:$LC:lc_ret { @r = lhist(retval, 0, 100, 10); @z[retval == 0] = count(); }" \
		"$T/rets.data" "$LC" rets 250
	has_line "$T/rets.off" '@z[1]: 3' "rets: retval of the return probe (0 three times in 0..249 % 100)"

	run_ok "record the stacks (frame pointers)" "$SCRY" record -q -g -o "$T/stacks.data" -e "$G:lc_leaf" \
		-- "$LC" stacks > /dev/null
	same stacks "uprobe:$LC:lc_leaf { @[ustack] = count(); @two[ustack(2), comm] = count(); }" \
		"$T/stacks.data" "$LC" stacks
	like "$T/stacks.off" '^    lc_caller_b\+[0-9]+$' "stacks: user frames named through the file's symbols"
	has_line "$T/stacks.off" ', lang-calls]: 5' "stacks: lc_leaf from lc_caller_b 5 times"
	"$SCRY" script -e "uprobe:$LC:lc_leaf { @[ustack] = count(); }" -i "$T/stacks.data" --folded "$T/stacks.folded" \
		> /dev/null 2> "$T/folded.err"
	stderr_ok "$T/folded.err" "--folded over the file" $?
	has_line "$T/stacks.folded" '__libc_start_call_main;main;lc_caller_a;lc_leaf 3' "--folded: the stacks, root first"

	# DWARF: the user stack unwound from the samples' stack copies, the
	# callers named at their return addresses as the kernel's walk gives them.
	run_ok "record the stacks (--call-graph dwarf)" "$SCRY" record -q --call-graph dwarf -o "$T/dwarf.data" \
		-e "$G:lc_leaf" -- "$LC" stacks > /dev/null
	"$SCRY" script -e "uprobe:$LC:lc_leaf { @[ustack] = count(); }" -i "$T/dwarf.data" > "$T/dwarf.out" 2> "$T/dwarf.err"
	stderr_ok "$T/dwarf.err" "ustack over a dwarf file" $?
	is "$(grep -E '^    (lc_|main)' "$T/dwarf.out" | tr '\n' ' ')" "$(sed '/^@two/,$d' "$T/stacks.live" | grep -E '^    (lc_|main)' | tr '\n' ' ')" \
		"dwarf: the program's frames as the live run's frame-pointer stacks name them"

	# perf's own files: perf record of the same probe event.
	if [ -x /usr/bin/perf ]; then
		oracle_ok "perf record -g of the probe event" /usr/bin/perf record -q -g -o "$T/perf-stacks.data" \
			-e "$G:lc_leaf" -- "$LC" stacks > /dev/null
		"$SCRY" script -e "uprobe:$LC:lc_leaf { @[ustack] = count(); @two[ustack(2), comm] = count(); }" \
			-i "$T/perf-stacks.data" > "$T/perf-stacks.out" 2> "$T/perf-stacks.err"
		stderr_ok "$T/perf-stacks.err" "a program over perf record's file" $?
		if cmp -s "$T/perf-stacks.out" "$T/stacks.off"; then pass "perf record's file: the same output as scry record's"
		else fail "perf record's file: the same output" "$(diff "$T/stacks.off" "$T/perf-stacks.out" | head)"; fi
	else
		skip "perf is not installed"
		skip "perf is not installed"
		skip "perf is not installed"
	fi
else
	fail "scry probe: lc_value with v, lc_ret's return value, lc_leaf"
fi

if [ -x /usr/bin/perf ]; then
	oracle_ok "perf record of getpid" /usr/bin/perf record -q -o "$T/perf-pids.data" -e syscalls:sys_enter_getpid \
		-- "$LC" getpids 25 > /dev/null
	"$SCRY" script -e 't:syscalls:sys_enter_getpid /comm == "lang-calls"/ { @[comm] = count(); }' \
		-i "$T/perf-pids.data" > "$T/perf-pids.out" 2> "$T/perf-pids.err"
	stderr_ok "$T/perf-pids.err" "a tracepoint program over perf record's file" $?
	has_line "$T/perf-pids.out" '@[lang-calls]: 25' "perf record's file: the 25 getpid calls"
else
	skip "perf is not installed"; skip "perf is not installed"; skip "perf is not installed"
fi

# ---- profile, interval, BEGIN and END on the recorded clock -----------------------------------------
run_ok "record a profile" "$SCRY" record -q -F 499 -g -o "$T/prof.data" -- "$LC" loop 30000000 > /dev/null
samples=$("$SCRY" script -i "$T/prof.data" -F comm 2>/dev/null | grep -c 'lang-calls')
"$SCRY" script -e 'BEGIN { printf("begin\n"); } profile:hz:99 { @[comm] = count(); @u[ustack(1)] = count(); }
	END { printf("end\n"); }' -i "$T/prof.data" > "$T/prof.out" 2> "$T/prof.err"
stderr_ok "$T/prof.err" "profile:hz:99 over the file's cpu-clock samples" $?
has_line "$T/prof.out" "@[lang-calls]: $samples" "profile: one firing per recorded sample ($samples)"
is "$(sed -n '2p;3p' "$T/prof.out" | tr '\n' ' ')" "begin end " "BEGIN before the first event, END after the last"
like "$T/prof.out" '^    lc_value\+[0-9]+$' "profile: ustack(1) names the loop's function"

ms=$("$SCRY" script -i "$T/prof.data" --header 2>/dev/null | sed -n 's/^# sample duration : *\([0-9]*\)\..*/\1/p')
"$SCRY" script -e 'interval:ms:10 { @ticks = count(); }' -i "$T/prof.data" > "$T/ticks.out" 2> "$T/ticks.err"
stderr_ok "$T/ticks.err" "interval:ms:10 over the file" $?
ticks=$(sed -n 's/^@ticks: //p' "$T/ticks.out")
if [ -n "$ms" ] && [ -n "$ticks" ] && [ $((ticks - ms / 10)) -ge -1 ] && [ $((ticks - ms / 10)) -le 1 ]; then
	pass "interval: $ticks firings over $ms ms of recorded time"
else fail "interval: firings on the recorded clock" "ticks '$ticks', duration '$ms' ms"; fi

# A file cut short in its records: what is there is read, with a warning (as scry script does).
size=$(stat -c %s "$T/pids.data")
head -c $((size - 2000)) "$T/pids.data" > "$T/cut.data"
"$SCRY" script -e 't:syscalls:sys_enter_getppid { @ = count(); }' -i "$T/cut.data" > "$T/cut.out" 2> "$T/cut.err"
STDERR_OK='^scry: warning: .*cut short' stderr_ok "$T/cut.err" "a file cut short: a warning, the records read" $?
like "$T/cut.out" '^@: [0-9]+$' "a file cut short: the maps of what was read"

# ---- what cannot be done, said once ---------------------------------------------------------------
"$SCRY" script -e 'tracepoint:sched:sched_switch { @ = count(); }' -i "$T/pids.data" > "$T/none.out" 2> "$T/none.err"
rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l < "$T/none.err")" -eq 1 ] && [ ! -s "$T/none.out" ] &&
   grep -q 'tracepoint:sched:sched_switch: the data file has no events for this probe (its events: syscalls:sys_enter_getpid, syscalls:sys_enter_getppid)' "$T/none.err"; then
	pass "a probe with no events: one line naming the file's events, exit 1"
else fail "a probe with no events" "exit $rc" "$(cat "$T/none.err")"; fi

for bad in garbage truncated missing; do
	case $bad in
	garbage) echo "not a data file" > "$T/bad.data" ;;
	truncated) head -c 200 "$T/reads.data" > "$T/bad.data" ;;
	missing) rm -f "$T/bad.data" ;;
	esac
	"$SCRY" script -e 'BEGIN { @ = count(); }' -i "$T/bad.data" > "$T/bad.out" 2> "$T/bad.err"
	rc=$?
	if [ "$rc" -eq 1 ] && [ "$(wc -l < "$T/bad.err")" -eq 1 ] && [ ! -s "$T/bad.out" ]; then
		pass "a $bad file: one line ($(cat "$T/bad.err")), exit 1"
	else fail "a $bad file: one line, exit 1" "exit $rc" "$(head -3 "$T/bad.err")"; fi
done

"$SCRY" script -e 't:syscalls:sys_enter_getpid { @[uid] = count(); }' -i "$T/pids.data" > /dev/null 2> "$T/uid.err"
rc=$?
[ "$rc" -eq 1 ] && grep -q 'uid is not recorded in a data file' "$T/uid.err" &&
	pass "uid: refused before anything runs, with the place" || fail "uid over a file" "exit $rc" "$(cat "$T/uid.err")"
"$SCRY" script -e 't:syscalls:sys_enter_getpid { @[kstack] = count(); }' -i "$T/pids.data" > /dev/null 2> "$T/cc.err"
rc=$?
[ "$rc" -eq 1 ] && grep -q 'kstack and ustack need callchains' "$T/cc.err" &&
	pass "kstack over a file without callchains: refused" || fail "kstack without callchains" "exit $rc" "$(cat "$T/cc.err")"
usage_error "-i with -- CMD" "with -i the program reads the file's events" \
	"$SCRY" script -e 'BEGIN { exit(); }' -i "$T/pids.data" -- true

done_testing
