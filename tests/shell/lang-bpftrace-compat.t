#!/bin/bash
# What bpftrace's own runtime tests (bench/bpftrace-suite) expect of its
# command line and language, checked here on scry alone, and against
# bpftrace where it is installed: -q, the attach notice its test runner
# waits for, bpftrace's integer type names as pointees, typed pointer
# arithmetic (live and over a data file).
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"

PTR='BEGIN { @=(int32*) 32; @+=6; $p = (int64 *)8; $p++; $q = (uint16 *)100; $q -= 3;
	printf("%d %d %d %d\n", $p, $p + 2, 2 + $p, $q - 1); @m = (int8 *)5; @m--; exit(); }'
run_ok "typed pointer arithmetic" "$SCRY" script -q -e "$PTR" > "$T/ptr"
has_line "$T/ptr" "16 32 32 92" "p++ steps 8 bytes for int64 *, p + 2 and 2 + p 16, q -= 3 and q - 1 2 each for uint16 *"
has_line "$T/ptr" "@: 56" "@ += 6 on an int32 * map value steps 24 bytes"
has_line "$T/ptr" "@m: 4" "@m-- on an int8 * steps 1 byte"
if command -v bpftrace >/dev/null; then
	bpftrace -q -e "$PTR" > "$T/ptr.bt" 2> "$T/ptr.bt.err"
	is "$(cat "$T/ptr")" "$(cat "$T/ptr.bt")" "the same output as bpftrace's"
else
	skip "bpftrace is not installed"
fi
"$SCRY" record -q -o "$T/tiny.data" -e cpu-clock -- true 2> "$T/rec.err"
run_ok "the same program over a data file" "$SCRY" script -q -i "$T/tiny.data" -e "$PTR" > "$T/ptr.off"
is "$(cat "$T/ptr.off")" "$(cat "$T/ptr")" "offline: the same output as live"

run_ok "-q" "$SCRY" script -q -e 'BEGIN { @x = 5; exit(); }' > "$T/q"
is "$(grep -c Attaching "$T/q")" 0 "-q: no attach notice"
has_line "$T/q" "@x: 5" "-q: the map is printed"
run_ok "-q -f json" "$SCRY" script -q -f json -e 'BEGIN { @x = 5; exit(); }' > "$T/qj"
is "$(grep -v '^$' "$T/qj")" '{"type": "map", "data": {"@x": 5}}' "-q -f json: only the map's object"

__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$SCRY" script -e 'BEGIN { printf("begun\n"); } i:ms:100 { exit(); }' > "$T/notify" 2>&1
is "$(sed -n 2,3p "$T/notify" | tr '\n' ' ')" "begun __BPFTRACE_NOTIFY_PROBES_ATTACHED " \
	"bpftrace's test runner sees its attach line once attached, after BEGIN's output"
__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$SCRY" script -q -e 'BEGIN,END { printf("Hello\n"); exit(); }' > "$T/notify2" 2>&1
is "$(grep -v '^$' "$T/notify2" | tr '\n' ' ')" "Hello Hello " "exit() in BEGIN: END runs, no attach line in between (as bpftrace)"

# Interval timers start after BEGIN: their first firing is a whole period
# after BEGIN's nsecs, even on a busy machine
run_ok "BEGIN before the others" "$SCRY" script -q -e 'BEGIN { @start = nsecs; } i:ms:300 { printf("%d\n", (nsecs - @start) / 1000000 >= 300); clear(@start); exit(); }' > "$T/begin"
is "$(grep -v '^$' "$T/begin")" "1" "interval:ms:300 fires 300 ms or more after BEGIN"

# Blocks on one event run in the program's order (the kernel runs a
# software event's and a uprobe's handlers newest first: scry attaches
# those in reverse, as bpftrace does)
ORDER='software:faults:1 { @r1 = 1; if (@go == 1) { printf("first"); } }
software:faults:1 { @r2 = 1; if (@go == 1) { printf(" second\n"); exit(); } }
software:faults:1 { if (@r1 == 1 && @r2 == 1) { @go = 1; } }'
run_ok "three blocks on one software event" timeout 20 "$SCRY" script -q -e "$ORDER" -- sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done' > "$T/order"
has_line "$T/order" "first second" "software: the blocks run in the order written"
P=$PROGS/typed-args
ORDER_U="uprobe:$P:corner_of { @r1 = 1; if (@go == 1) { printf(\"first\"); } }
uprobe:$P:corner_of { @r2 = 1; if (@go == 1) { printf(\" second\\n\"); exit(); } }
uprobe:$P:corner_of { if (@r1 == 1 && @r2 == 1) { @go = 1; } }"
run_ok "three blocks on one uprobe" "$SCRY" script -q -e "$ORDER_U" -- "$P" 3 > "$T/order.u"
has_line "$T/order.u" "first second" "uprobe: the blocks run in the order written"
__BPFTRACE_NOTIFY_PROBES_ATTACHED=1 "$SCRY" script -q -e 'BEGIN { printf("begun\n"); exit(); }' 2>/dev/null > "$T/notify.out"
is "$(grep -v '^$' "$T/notify.out")" "begun" "the attach line goes to stderr, as bpftrace's (stdout stays the program's)"
is "$("$SCRY" script -e 'BEGIN { printf("x\n"); exit(); }' | grep -c NOTIFY)" 0 "no attach line without the variable"

run_ok "positional parameters" "$SCRY" script -q -e 'BEGIN { printf("%d args: %s %d -%s- %s -%s-\n", $#, str($1), $2, str($2), str($1 + 1), str($3)); exit(); }' one 2 > "$T/pos"
has_line "$T/pos" "2 args: one 2 -2- ne --" "\$#, str(\$N) of a word and of a number, str(\$1 + 1), str() of a missing one"
"$SCRY" script -e 'BEGIN { unroll (101) { printf("x"); } }' 2> "$T/unroll.err"
like "$T/unroll.err" "unroll maximum value is 100" "unroll (101): bpftrace's message"
"$SCRY" script -e 'BEGIN { unroll (0) { printf("x"); } }' 2> "$T/unroll0.err"
like "$T/unroll0.err" "unroll minimum value is 1" "unroll (0): bpftrace's message"

run_ok "?: of statements" "$SCRY" script -q -e 'BEGIN { $x = 0; $x ? printf("yes\n") : printf("no\n"); $x = 1; $x ? printf("yes\n") : printf("no\n"); exit(); }' > "$T/tern"
is "$(grep -v '^$' "$T/tern" | tr '\n' ' ')" "no yes " "c ? printf() : printf() as a statement runs one side"
run_ok "?: of statements over a file" "$SCRY" script -q -i "$T/tiny.data" -e 'BEGIN { $x = 0; $x ? printf("yes\n") : printf("no\n"); exit(); }' > "$T/tern.off"
is "$(grep -v '^$' "$T/tern.off")" "no" "offline: the same"

# uprobe:BIN:ADDRESS and a quoted name
ADDR=$(nm "$PROGS/typed-args" | awk '$3 == "corner_of" { print $1 }')
run_ok "uprobe at an address" "$SCRY" script -q -e "uprobe:$PROGS/typed-args:0x$ADDR { @[probe] = count(); }" -- "$PROGS/typed-args" 3 > "$T/addr"
has_line "$T/addr" "@[uprobe:$PROGS/typed-args:corner_of]: 3" "uprobe:BIN:0xADDR: the function starting there, each call"
"$SCRY" script -e "uprobe:$PROGS/typed-args:0x$(printf '%x' $((0x$ADDR + 1))) { exit(); }" 2> "$T/addr.err"
like "$T/addr.err" "could not resolve address: .*typed-args:0x[0-9a-f]+ \(no function starts there\)" "an address inside a function: one error"
run_ok "a quoted function name" "$SCRY" script -q -e "uprobe:$PROGS/typed-args:\"corner_of\"+0 { @ = count(); }" -- "$PROGS/typed-args" 3 > "$T/quoted"
has_line "$T/quoted" "@: 3" "uprobe:BIN:\"corner_of\"+0"

run_ok "sizeof of tuples" "$SCRY" script -q -e 'BEGIN { $t = ((int8)1, (int16)2, (int32)3); printf("%d %d %d\n", sizeof($t), sizeof((1, "ab")), sizeof((1, (int8)2))); exit(); }' > "$T/tsize"
has_line "$T/tsize" "8 16 16" "sizeof() of a tuple is bpftrace's (a C struct of its elements)"

# enum constants: the program's definitions, the kernel's BTF
run_ok "enum constants" "$SCRY" script -q -e 'enum E { A = 3, B, C = -2, D, F = A }; BEGIN { printf("%d %d %d %d %d %d %d\n", A, B, C, D, F, BTF_VAR_STATIC, BTF_VAR_GLOBAL_ALLOCATED); exit(); }' > "$T/enum"
has_line "$T/enum" "3 4 -2 -1 3 0 1" "the program's enumerators (implicit, negative, by name) and BTF's"

# positional parameters in probe specs and unroll counts
run_ok "\$1 in a probe spec" "$SCRY" script -q -e 'i:ms:$1 { printf("tick\n"); exit(); } BEG$2 { printf("begun\n"); }' 1 IN > "$T/posprobe"
is "$(grep -v '^$' "$T/posprobe" | tr '\n' ' ')" "begun tick " "interval:ms:\$1 and BEG\$2 with 1 and IN"
run_ok "unroll (\$1)" "$SCRY" script -q -e 'BEGIN { $a = 1; unroll ($1) { $a = $a + 1; } printf("a=%d\n", $a); exit(); }' 10 > "$T/unrollpos"
has_line "$T/unrollpos" "a=11" "unroll (\$1) with 10"
"$SCRY" script -e 'i:ms:$2 { exit(); }' 1 2> "$T/posmiss.err"
like "$T/posmiss.err" 'positional parameter \$2 is not given' "a probe spec's missing parameter: one error"

# a block's probe that does not exist is left out when the block has others
"$SCRY" script -q -e 't:syscalls:sys_exit_clock_nanosleep,t:syscalls:nonsense { printf("hit\n"); exit(); }' -- sleep 0.1 > "$T/multi" 2> "$T/multi.err"
is "$?" 0 "a missing probe among others: the program runs"
has_line "$T/multi" "hit" "the other probe fires"
like "$T/multi.err" "warning: t:syscalls:nonsense: no tracepoint syscalls:nonsense \(left out" "one warning names the missing one"
"$SCRY" script -e 't:syscalls:nonsense2,t:syscalls:nonsense { exit(); }' > /dev/null 2> "$T/multi2.err"
is "$?" 1 "all of a block's probes missing: an error"
is "$(wc -l < "$T/multi2.err")" 1 "all missing: one error line, no warnings"

# SIGUSR1: every map now
"$SCRY" script -q -e 'BEGIN { @scalar = 5; } interval:s:3 { exit(); }' > "$T/usr1" 2>&1 &
pid=$!
sleep 1.5
kill -USR1 $pid
wait $pid
is "$?" 0 "SIGUSR1 does not end the run"
is "$(grep -c '^@scalar: 5$' "$T/usr1")" 2 "SIGUSR1 printed the maps once, the end once more"

for bad in "a1111:is not a valid decimal number" "111a1:is not a valid decimal number" \
	"5000000:out of valid pid range \[1,4194304\]" "0:out of valid pid range"; do
	"$SCRY" script -p "${bad%%:*}" --file "$T/no-such.bt" 2> "$T/pid.err"
	is "$?" 129 "-p ${bad%%:*}: a usage error, before the program file is read"
	like "$T/pid.err" "pid '${bad%%:*}' ${bad#*:}" "-p ${bad%%:*}: bpftrace's words"
done

# (int32 *) over user memory: a uprobe reading the struct the program passes
P=$PROGS/typed-args
run_ok "a bpftrace integer name as a pointee" "$SCRY" script -q -e "uprobe:$P:corner_of {
	@[*((int64 *)args.s->corner + 1)] = count(); }" -- "$P" 3 > "$T/int64"
# struct point { int x; long y; }: the second 8 bytes are y, which the program printed
for y in -30 -40 -50; do
	has_line "$T/int64" "@[$y]: 1" "*((int64 *)corner + 1) is corner->y ($y)"
done
done_testing
