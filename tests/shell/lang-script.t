#!/bin/bash
# The aggregation language live: scry script -e compiles bpftrace's
# language to BPF and aggregates in the kernel. Each program runs against
# tests/progs/lang-calls, whose calls are known (it prints what it did), and
# the maps must hold exactly those numbers. Where bpftrace is installed, it
# runs the same program on the same workload and the maps must agree.
# Afterwards nothing of scry's (programs, maps, probes) is left.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls
OBJ=$PROGS/bpf-objects
have_bt=0
command -v bpftrace > /dev/null && have_bt=1

# Only "Lost"-free, quiet runs pass: scry says nothing on stderr then.
lang() { run_ok "$1" "$SCRY" script "${@:2}"; }

# same FILE WANT MSG: FILE's content is exactly WANT (printf-escaped).
same() {
	printf "$2" > "$T/want"
	if cmp -s "$1" "$T/want"; then pass "$3"; else
		fail "$3" "diff (want vs got):" "$(diff "$T/want" "$1" | head -20)"
	fi
}

# The maps of an output (lines from the first "@"), for comparing tools.
maps_of() { sed -n '/^@/,$p' "$1"; }

# bt MSG FILE PROGRAM [-c CMD]: bpftrace's output of the same program.
bt() { timeout 30 bpftrace -e "$2" "${@:3}" > "$1" 2> "$T/bt.err"; }

# A run in the background until SIGINT/SIGTERM or its process's end:
# BEGIN runs once every probe is attached, so its "ready" line says the
# workload may start ("Attaching" comes before the attaching, as in
# bpftrace).
bg_script() { # OUT ERR PROGRAM [ARGS...]
	local out=$1 err=$2 prog=$3
	shift 3
	"$SCRY" script -e "BEGIN { printf(\"ready\\n\"); } $prog" "$@" > "$out" 2> "$err" &
	BGPID=$!
	for _ in $(seq 200); do grep -q '^ready$' "$out" 2>/dev/null && return 0; sleep 0.05; done
	return 1
}

wait_release() { for _ in $(seq 300); do pgrep -x scry-release > /dev/null || break; sleep 0.1; done; }

# ---- hello world, BEGIN and END ------------------------------------------------------
lang "hello world" -e 'BEGIN { printf("hello world\n"); exit(); }' > "$T/hello"
queue_flush
same "$T/hello" 'Attaching 1 probe...\nhello world\n\n\n' "hello world: bpftrace's layout"
if [ $have_bt = 1 ]; then
	bt "$T/hello.bt" 'BEGIN { printf("hello world\n"); exit(); }'
	if cmp -s "$T/hello" "$T/hello.bt"; then pass "hello world: byte for byte bpftrace's"
	else fail "hello world: byte for byte bpftrace's" "$(diff "$T/hello.bt" "$T/hello")"; fi
fi
lang "BEGIN and END" -e 'BEGIN { printf("begin\n"); @x = 1; exit(); } END { printf("end %d\n", @x); }' > "$T/be"
queue_flush
same "$T/be" 'Attaching 2 probes...\nbegin\nend 1\n\n\n@x: 1\n' "BEGIN runs, exit() ends, END runs, then the maps"

# ---- tracepoints ------------------------------------------------------------------------
lang "file opens with str()" -e 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\n", comm, str(args.filename)); }' \
	-- "$LC" opens > "$T/opens"
queue_flush
for f in /dev/null /etc/hostname /nonexistent/lang-calls; do
	has_line "$T/opens" "lang-calls $f" "openat of $f printed with its path"
done

lang "syscall counts by comm" -e 'tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }' -- "$LC" getpids 50 > "$T/comm"
queue_flush
has_line "$T/comm" "@[lang-calls]: 100" "getppid counted exactly by comm (the program made 100)"
lang "-- CMD follows the command's children" -e 'tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }' \
	-- sh -c "$LC getpids 5; $LC getpids 7" > "$T/kids"
queue_flush
has_line "$T/kids" "@[lang-calls]: 24" "-- CMD: the getppid calls of both children of the shell (10 + 14)"
n=$(ls /sys/kernel/tracing/events/syscalls | grep -c '^sys_enter_getp.*id$')
lang "counts by probe over a glob" -e 'tracepoint:syscalls:sys_enter_getp*id { @[probe] = count(); }' -- "$LC" getpids 50 > "$T/probe"
queue_flush
has_line "$T/probe" "Attaching $n probes..." "one attachment per tracepoint the glob matches ($n)"
has_line "$T/probe" "@[tracepoint:syscalls:sys_enter_getpid]: 50" "probe names the getpid tracepoint: 50 calls"
has_line "$T/probe" "@[tracepoint:syscalls:sys_enter_getppid]: 100" "probe names the getppid tracepoint: 100 calls"
if [ $have_bt = 1 ]; then
	bt "$T/probe.bt" 'tracepoint:syscalls:sys_enter_getp*id /comm == "lang-calls"/ { @[probe] = count(); }' -c "$LC getpids 50"
	if diff <(maps_of "$T/probe") <(maps_of "$T/probe.bt") > "$T/probe.diff"; then pass "counts by probe: the same maps as bpftrace"
	else fail "counts by probe: the same maps as bpftrace" "$(cat "$T/probe.diff")"; fi
fi

# -p: one process, its reads as a histogram; scry ends when it exits.
"$LC" --wait reads > "$T/wait.out" &
lcpid=$!
for _ in $(seq 100); do grep -q '^pid' "$T/wait.out" && break; sleep 0.05; done
bg_script "$T/reads" "$T/reads.err" 'tracepoint:syscalls:sys_exit_read { @bytes = hist(args.ret); @n = count(); }' -p "$lcpid"
kill -USR1 "$lcpid"
wait "$BGPID"
rc=$?
wait "$lcpid" 2>/dev/null
is "$rc" 0 "-p: scry ends with status 0 when the process exits"
stderr_ok "$T/reads.err" "-p: nothing on stderr"
same "$T/reads" 'Attaching 2 probes...\nready\n\n\n@bytes: \n[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n[8, 16)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n[16, 32)               0 |                                                    |\n[32, 64)               0 |                                                    |\n[64, 128)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n[128, 256)             0 |                                                    |\n[256, 512)             0 |                                                    |\n[512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n[1K, 2K)               0 |                                                    |\n[2K, 4K)               0 |                                                    |\n[4K, 8K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n\n@n: 8\n' \
	"-p: the read-size histogram of that process only (reads of 1,2,3,4,8,100,1000,4096 bytes)"

# Read latency: a start time per thread, deleted at the exit.
"$LC" --wait reads > "$T/wait.out" &
lcpid=$!
for _ in $(seq 100); do grep -q '^pid' "$T/wait.out" && break; sleep 0.05; done
bg_script "$T/lat" "$T/lat.err" 'tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; }
tracepoint:syscalls:sys_exit_read /@start[tid]/ { @ns = hist(nsecs - @start[tid]); @n = count(); delete(@start[tid]); }' -p "$lcpid"
kill -USR1 "$lcpid"
wait "$BGPID"
wait "$lcpid" 2>/dev/null
stderr_ok "$T/lat.err" "read latency: nothing on stderr"
has_line "$T/lat" "@n: 8" "read latency: 8 reads timed"
like "$T/lat" '^\[[0-9]+[KM]?, [0-9]+[KM]?\) +[0-9]+ \|@' "read latency: a histogram of nanoseconds"
unlike "$T/lat" '^@start\[' "read latency: no @start entry left after delete()"

# ---- uprobes ---------------------------------------------------------------------------------
lang "sum, min, max, avg, stats" -e "uprobe:$LC:lc_value { @s = sum(arg0); @mn = min(arg0); @mx = max(arg0); @a = avg(arg0); @st = stats(arg0); @c = count(); }" \
	-- "$LC" values 100 > "$T/agg"
queue_flush
same "$T/agg" "Attaching 1 probe...\nvalues 1..100 sum 5050\n\n\n@a: 50\n\n@c: 100\n@mn: 1\n@mx: 100\n@s: 5050\n@st: count 100, average 50, total 5050\n\n" \
	"sum/min/max/avg/stats/count of arg0 = 1..100"
if [ $have_bt = 1 ]; then
	bt "$T/agg.bt" "uprobe:$LC:lc_value { @s = sum(arg0); @mn = min(arg0); @mx = max(arg0); @a = avg(arg0); @st = stats(arg0); @c = count(); }" -c "$LC values 100"
	if diff <(maps_of "$T/agg") <(maps_of "$T/agg.bt") > "$T/agg.diff"; then pass "aggregations: the same maps as bpftrace"
	else fail "aggregations: the same maps as bpftrace" "$(cat "$T/agg.diff")"; fi
fi

lang "lhist of return values" -e "uretprobe:$LC:lc_ret { @ = lhist(retval, 0, 100, 10); }" -- "$LC" rets 200 > "$T/lhist"
queue_flush
is "$(grep -cE '^\[[0-9]+, [0-9]+\) +20 \|@{52}\|$' "$T/lhist")" 10 "lhist: ten buckets of 20 returns each"
if [ $have_bt = 1 ]; then
	bt "$T/lhist.bt" "uretprobe:$LC:lc_ret { @ = lhist(retval, 0, 100, 10); }" -c "$LC rets 200"
	if diff <(maps_of "$T/lhist") <(maps_of "$T/lhist.bt") > "$T/lhist.diff"; then pass "lhist: the same as bpftrace"
	else fail "lhist: the same as bpftrace" "$(cat "$T/lhist.diff")"; fi
fi

lang "str() of a uprobe argument" -e "uprobe:$LC:lc_str { @[str(arg0)] = count(); }" -- "$LC" strings > "$T/str"
queue_flush
for s in alpha beta gamma; do has_line "$T/str" "@[$s]: 1" "str(arg0) read \"$s\" from the program"; done

# User stacks from two known callers, named after the program has exited.
lang "ustack keys" -e "uprobe:$LC:lc_leaf { @[ustack] = count(); }" -- "$LC" stacks > "$T/stacks"
queue_flush
awk '/^@\[$/ { s = "" } /^    / { s = s $1 " " } /^\]: / { print s "=" $2 }' "$T/stacks" | sed -E 's/\+[0-9]+//g' > "$T/stacks.keys"
has_line "$T/stacks.keys" "lc_leaf lc_caller_a main __libc_start_call_main =3" "ustack: lc_caller_a's 3 calls, every frame named after the exit"
has_line "$T/stacks.keys" "lc_leaf lc_caller_b main __libc_start_call_main =5" "ustack: lc_caller_b's 5 calls, with the caller of the probed function"
lang "ustack(2)" -e "uprobe:$LC:lc_leaf { @[ustack(2)] = count(); }" -- "$LC" stacks > "$T/stacks2"
queue_flush
awk '/^@\[$/ { s = "" } /^    / { s = s $1 " " } /^\]: / { print s "=" $2 }' "$T/stacks2" | sed -E 's/\+[0-9]+//g' > "$T/stacks2.keys"
has_line "$T/stacks2.keys" "lc_leaf lc_caller_a =3" "ustack(2): two frames"

# Kernel stacks of a tracepoint: counted once per unique stack.
lang "kstack keys" -e 'tracepoint:syscalls:sys_enter_getppid { @[kstack] = count(); }' -- "$LC" getpids 10 > "$T/kst"
queue_flush
has_line "$T/kst" "]: 20" "kstack: the 20 getppid calls under one stack"
like "$T/kst" '^    (do_syscall_64|x64_sys_call|entry_SYSCALL_64)' "kstack: kernel frames named"

# profile: the stacks of a spinning program.
lang "profile:hz:99" -e 'profile:hz:99 { @[ustack] = count(); }' -- "$PROGS/spin" 600 > "$T/prof"
queue_flush
like "$T/prof" '^    spin_leaf\+[0-9]+$' "profile: samples land in spin_leaf"
awk '/^@\[$/ { s = "" } /^    / { s = s $1 " " } /^\]: / { print $2, s }' "$T/prof" | sort -n | tail -1 | sed -E 's/\+[0-9]+//g' > "$T/prof.top"
like "$T/prof.top" 'spin_leaf spin_mid spin_outer main' "profile: the hottest stack is spin's whole chain"

# interval, a counter, exit().
start=$(date +%s%N)
lang "interval" -e 'interval:ms:100 { @i++; if (@i == 3) { exit(); } }' > "$T/iv"
queue_flush
ms=$(( ($(date +%s%N) - start) / 1000000 ))
same "$T/iv" 'Attaching 1 probe...\n\n\n@i: 3\n' "interval: three ticks, then exit()"
[ "$ms" -lt 3000 ] && pass "interval: ended after ~300 ms ($ms ms)" || fail "interval: took $ms ms"

# ---- print(@m, top, div), clear, time, symbols, software, full maps, losses -----------------
lang "print with top and div" -e "uprobe:$LC:lc_value { @[arg0 % 5] = sum(arg0); } END { print(@, 2); print(@, 2, 10); clear(@); }" \
	-- "$LC" values 100 > "$T/top"
queue_flush
same "$T/top" 'Attaching 2 probes...\nvalues 1..100 sum 5050\n@[4]: 1030\n@[0]: 1050\n@[4]: 103\n@[0]: 105\n\n\n\n' \
	"print(@, 2) shows the top two, print(@, 2, 10) divides, clear() empties (bpftrace's layout)"
lang "time, ksym, usym" -e 'BEGIN { time("%Y\n"); printf("%s|%s\n", ksym(0), usym(0)); exit(); }' > "$T/time"
queue_flush
has_line "$T/time" "$(date +%Y)" "time() formats the wall clock"
has_line "$T/time" "0|0" "ksym(0) and usym(0) print 0, as bpftrace does"
lang "software probe" -e 'software:page-faults:1 { @[comm] = count(); }' -- "$LC" values 10 > "$T/sw"
queue_flush
like "$T/sw" '^@\[lang-calls\]: [1-9][0-9]*$' "software:page-faults counts the command's faults"
STDERR_OK='^scry: map @ is full \(5 entries\): 15 updates were dropped; raise its size with --map-entries$' \
	lang "a full map" --map-entries 5 -e "uprobe:$LC:lc_value { @[arg0] = count(); }" -- "$LC" values 20 > "$T/full"
queue_flush
is "$(grep -c '^@\[' "$T/full")" 5 "a full map keeps its 5 entries, and says what was dropped and how to raise it"
"$SCRY" script --ringbuf-kb 4 -e "uprobe:$LC:lc_value { printf(\"%d\\n\", arg0); }" -- "$LC" loop 100000 > "$T/lost" 2> "$T/lost.err"
printed=$(grep -c '^7$' "$T/lost")
lost=$(sed -n 's/^Lost \([0-9]*\) events$/\1/p' "$T/lost.err")
is "$((printed + ${lost:-0}))" 100000 "a small ring: every printf printed or counted as lost ($printed + ${lost:-0})"

# ---- exact under concurrency, Ctrl-C, SIGTERM -----------------------------------------------
bg_script "$T/conc" "$T/conc.err" "uprobe:$LC:lc_value { @c = count(); @s = sum(arg0); @h = hist(arg0); @p[pid] = count(); }"
"$LC" loop 200000 > /dev/null & a=$!
"$LC" loop 200000 > /dev/null & b=$!
wait $a $b
kill -INT "$BGPID"
wait "$BGPID"
is "$?" 0 "Ctrl-C: status 0"
stderr_ok "$T/conc.err" "Ctrl-C: nothing on stderr"
has_line "$T/conc" "@c: 400000" "two processes at once: count() exact (400000)"
has_line "$T/conc" "@s: 2800000" "two processes at once: sum() exact"
has_line "$T/conc" "[4, 8)            400000 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|" "two processes at once: hist() exact"
is "$(grep -c '^@p\[[0-9]*\]: 200000$' "$T/conc")" 2 "two processes at once: 200000 each by pid"

bg_script "$T/term" "$T/term.err" 'tracepoint:syscalls:sys_enter_getppid { @ = count(); } END { printf("end\n"); }'
"$LC" getpids 5 > /dev/null
kill -TERM "$BGPID"
wait "$BGPID"
is "$?" 0 "SIGTERM: status 0"
has_line "$T/term" "end" "SIGTERM: END runs"
like "$T/term" '^@: [0-9]+$' "SIGTERM: the maps are printed"

# ---- programs in files, arguments, -v ----------------------------------------------------------
printf '#!/usr/bin/env scry\n// counts\ntracepoint:syscalls:sys_enter_getppid /comm == str($1)/ { @[comm] = sum($2); }\n' > "$T/prog.bt"
lang "--file with arguments" --file "$T/prog.bt" lang-calls 3 -- "$LC" getpids 4 > "$T/file"
queue_flush
has_line "$T/file" "@[lang-calls]: 24" "--file: #! skipped, \$1 a string, \$2 a number (8 calls x 3)"
"$SCRY" script -v -e 'BEGIN { @ = count(); exit(); }' > "$T/v.out" 2> "$T/v.err"
like "$T/v.err" '^ +[0-9]+: call 1$' "-v: the BPF instructions"
like "$T/v.err" 'processed [0-9]+ insns' "-v: the verifier's statistics"

# ---- errors ---------------------------------------------------------------------------------------
err_is() { # MSG WANT ARGS...
	local msg=$1 want=$2
	shift 2
	"$SCRY" script "$@" > "$T/e.out" 2> "$T/e.err"
	local rc=$?
	printf "$want" > "$T/e.want"
	if [ "$rc" = 1 ] && cmp -s "$T/e.err" "$T/e.want" && [ ! -s "$T/e.out" ]; then pass "$msg"
	else fail "$msg" "status $rc" "$(diff "$T/e.want" "$T/e.err")"; fi
}
err_is "parse error: line, column, caret" \
	'scry: -e:2:8: syntax error: unexpected '"'}'"', expecting an expression\n  @x = }\n       ^\n' \
	-e 'BEGIN {
  @x = }'
err_is "type error" \
	'scry: -e:1:19: hist needs an integer, not string[16]\nBEGIN { @x = hist(comm); }\n                  ^^^^\n' \
	-e 'BEGIN { @x = hist(comm); }'
"$SCRY" script -e 'tracepoint:sched:sched_swich { @ = count(); }' > /dev/null 2> "$T/e.err"
like "$T/e.err" 'sched_swich.*did you mean.*sched:sched_switch' "unknown tracepoint: close matches"
"$SCRY" script -e "uprobe:$LC:lc_valeu { @ = count(); }" > /dev/null 2> "$T/e.err"
like "$T/e.err" 'lc_valeu.*lc_value' "unknown function: close matches"
"$SCRY" script -e 'tracepoint:syscalls:sys_enter_openat { @[str(args.filenam)] = count(); }' > /dev/null 2> "$T/e.err"
like "$T/e.err" "no field 'filenam'; did you mean: filename" "unknown field: close matches"
if [ ! -e /sys/bus/event_source/devices/kprobe ]; then
	"$SCRY" script -e 'kprobe:vfs_read { @ = count(); }' > /dev/null 2> "$T/e.err"
	like "$T/e.err" 'this kernel has no kprobes' "kprobe here: says the kernel has none"
fi
"$SCRY" script -e 'BEGIN { $i = 0; while (1) { $i++; } }' > /dev/null 2> "$T/e.err"
like "$T/e.err" "verifier refused the program here" "a program the verifier refuses: the statement named"
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SCRY" script -e 'BEGIN { exit(); }' > /dev/null 2> "$T/e.err"
	is "$?" 1 "no permission: status 1"
	like "$T/e.err" 'root|CAP_BPF' "no permission: names the fix"
fi
usage_error "-e and --file together: usage error" 'not both' "$SCRY" script -e 'BEGIN{}' --file "$T/prog.bt"
usage_error "-p and a command together: usage error" 'not both' "$SCRY" script -p 1 -e 'BEGIN{}' -- true

# ---- nothing left behind --------------------------------------------------------------------------
# Runs ended each way, with a map named for this test run only (other
# scry instances may run on the machine): none of its objects survives.
U=z$$
"$SCRY" script -e "uprobe:$LC:lc_value { @$U = count(); }" -- "$LC" --bogus > /dev/null 2>&1
"$SCRY" script -e "uprobe:$LC:lc_value { @$U = count(); }" -- "$LC" loop 10 > /dev/null 2>&1
"$SCRY" script -e "BEGIN { @$U = 1; exit(); }" > /dev/null 2>&1
for sig in INT TERM; do
	bg_script "$T/sig" "$T/sig.err" "tracepoint:syscalls:sys_enter_getppid { @$U = count(); }"
	kill -$sig "$BGPID"
	wait "$BGPID"
done
"$SCRY" script -e "BEGIN { @$U = 1; } tracepoint:nope:nope { }" > /dev/null 2>&1
wait_release
is "$("$OBJ" | grep -c " scry_$U")" 0 "no program or map outlives scry (-- CMD ended or failing, exit(), Ctrl-C, SIGTERM, a failing start)"
is "$(grep -c scry /sys/kernel/tracing/uprobe_events)" 0 "no uprobe_events entry of scry's"

done_testing
