#!/bin/bash
# Tuples in scry script (bpftrace 0.17's): literals, t.N, in variables and
# map values, nested, strings of different sizes in one map; printed as
# bpftrace prints them in text and in -f json (compared with bpftrace's own
# output where it is installed); bpftrace's errors; and the same output
# from the offline evaluator over a data file as from the live run.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls
G=scry_tuples
have_bt=0
command -v bpftrace > /dev/null && have_bt=1

# out NAME PROGRAM [FLAGS...]: scry's stdout in $T/NAME (stderr must be empty).
out() {
	local name=$1 prog=$2
	shift 2
	timeout 30 "$SCRY" script "$@" -e "$prog" > "$T/$name" 2> "$T/$name.err"
	stderr_ok "$T/$name.err" "$name: runs" $?
}

# same_as_bpftrace NAME PROGRAM [FLAGS...]: bpftrace prints the same stdout.
same_as_bpftrace() {
	local name=$1 prog=$2
	shift 2
	[ $have_bt = 1 ] || { skip "$name: bpftrace is not installed"; return; }
	timeout 30 bpftrace "$@" -e "$prog" > "$T/$name.bt" 2> /dev/null
	if cmp -s "$T/$name" "$T/$name.bt"; then pass "$name: byte for byte bpftrace's"
	else fail "$name: byte for byte bpftrace's" "$(diff "$T/$name.bt" "$T/$name" | head -10)"; fi
}

# ---- values ------------------------------------------------------------------------------
P='BEGIN { $v = 99; $t = (0, 1, "str", (5, 6), $v); printf("%d %d %s %d %d %d\n", $t.0, $t.1, $t.2, $t.3.0, $t.3.1, $t.4); exit(); }'
out access "$P"
has_line "$T/access" "0 1 str 5 6 99" "access: \$t.N of every kind, \$t.3.0 of a nested tuple"
same_as_bpftrace access "$P"

P='BEGIN { @ = ((int32)-100, (int8)10, 50); @n = ((int8)1, ((int8)-20, (int8)30)); @s = (1, 2, "string", (4, 5));
@m = (0, 1, "str"); printf("%d %d %s\n", @m.0, @m.1, @m.2);
print(((int8)-100, (int8)100, "abcdef", 3, (int32)1, (int64)-10, (int8)10, (int16)-555)); exit(); }'
out maps "$P"
has_line "$T/maps" "@: (-100, 10, 50)" "maps: mixed integer sizes, negative values"
has_line "$T/maps" "@n: (1, (-20, 30))" "maps: a nested tuple"
has_line "$T/maps" "@s: (1, 2, string, (4, 5))" "maps: a string and a tuple inside"
has_line "$T/maps" "0 1 str" "maps: @m.N read back from the map"
has_line "$T/maps" "(-100, 100, abcdef, 3, 1, -10, 10, -555)" "print(tuple): bpftrace's layout"
same_as_bpftrace maps "$P"

# Strings of several sizes in one map's tuples: each value whole, the
# shorter NUL-padded; a variable's tuple reassigned with a longer string.
P='BEGIN { @a[1] = (1, "a"); @a[2] = (3, "abcdefghijkl"); @b[1] = (4, ("xy", 5));
$t = (1, "a"); $t = (2, "abcdef"); print($t); $t = ($t.0 + 1, $t.1); print($t); @b[2] = (5, ("longer", 6)); exit(); }'
out widen "$P"
has_line "$T/widen" "@a[1]: (1, a)" "widen: a short string in a map of longer ones"
has_line "$T/widen" "@a[2]: (3, abcdefghijkl)" "widen: the longest string"
has_line "$T/widen" "@b[1]: (4, (xy, 5))" "widen: a nested tuple's string widened, the element after it in place"
has_line "$T/widen" "(2, abcdef)" "widen: a variable holds a longer string after the first assignment"
has_line "$T/widen" "(3, abcdef)" "widen: a tuple built from the variable's own elements"
same_as_bpftrace widen "$P"

# ---- -f json --------------------------------------------------------------------------
P='BEGIN { @ = (1, 2, "string", (4, 5)); @q = (1, "with \"quotes\""); $t = (1, 2, "string"); print($t); exit(); }'
out json "$P" -f json
has_line "$T/json" '{"type": "map", "data": {"@": [1,2,"string",[4,5]]}}' "json: a tuple as an array, nested"
has_line "$T/json" '{"type": "map", "data": {"@q": [1,"with \"quotes\""]}}' "json: a string in a tuple escaped"
has_line "$T/json" '{"type": "value", "data": [1,2,"string"]}' "json: print(tuple)"
same_as_bpftrace json "$P" -f json

# ---- errors ----------------------------------------------------------------------------------
# err NAME PROGRAM MESSAGE: scry refuses the program with bpftrace's message.
err() {
	"$SCRY" script -e "$2" > /dev/null 2> "$T/$1.err"
	local rc=$?
	if [ $rc -ne 0 ] && grep -qF -- "$3" "$T/$1.err"; then pass "error: $1"
	else fail "error: $1" "exit $rc" "$(head -3 "$T/$1.err")"; fi
}
err key 'BEGIN { @[(1, 2)] = 1; exit(); }' "tuple cannot be used as a map key. Try a multi-key associative array instead"
err map-mismatch 'BEGIN { @ = (1, "a"); @ = (1, 2); exit(); }' 'Tuple type mismatch: (int64,string[2]) != (int64,int64).'
err count-mismatch 'BEGIN { @ = (1, 2); @ = (1, 2, 3); exit(); }' 'Tuple type mismatch: (int64,int64) != (int64,int64,int64).'
err int-size 'BEGIN { @ = ((int8)1, 2); @ = (2, 2); exit(); }' 'Tuple type mismatch: (int8,int64) != (int64,int64).'
err var-mismatch 'BEGIN { $t = (1, 2); $t = (1, "x"); exit(); }' 'Tuple type mismatch: (int64,int64) != (int64,string[2]).'
err index 'BEGIN { $t = (1, 2); print($t.2); exit(); }' 'Invalid tuple index: 2. Found 2 elements in tuple.'
err field 'BEGIN { $t = (1, 2); print($t.x); exit(); }' 'Tuples must be indexed with a constant and non-negative integer'
err not-tuple 'BEGIN { $t = 1; print($t.0); exit(); }' "Can not access index 0 on expression of type 'int64'"
err aggregation 'BEGIN { @ = (1, count()); exit(); }' 'count() should be directly assigned to a map'
A=$(printf 'comm, %.0s' $(seq 63))comm
err size "BEGIN { \$a = ($A); \$b = (\$a, \$a, \$a, \$a, \$a); exit(); }" 'a tuple of 5120 bytes: at most 4096'
err printf 'BEGIN { printf("%d\n", (1, 2)); exit(); }' 'which %d cannot print'

# ---- over a data file: the same output as live --------------------------------------------------
trap '"$SCRY" probe -q -d "$G:*" > /dev/null 2>&1; cleanup' EXIT
run_ok "record getpid" "$SCRY" record -q -o "$T/pids.data" -e syscalls:sys_enter_getpid -- "$LC" getpids 40 > /dev/null
P='t:syscalls:sys_enter_getpid /comm == "lang-calls"/ { @c[comm]++; $t = (@c[comm], comm, (tid == pid, "x"));
@last = $t; @w = (1, "a"); @k[$t.2.0] = ($t.1, $t.0); @q = tid == pid ? (1, "y") : (0, "no"); @r = tid != pid ? (1, "y") : (0, "no"); }
END { print(@last); print((@last.0, @last.2.1)); exit(); }'
"$LC" getpids 40 > "$T/wl.out" 2> /dev/null
for f in "" "-f json"; do
	name=offline${f:+-json}
	"$SCRY" script $f -e "$P" -i "$T/pids.data" > "$T/$name.off" 2> "$T/$name.off.err"
	stderr_ok "$T/$name.off.err" "$name: over the file" $?
	"$SCRY" script $f -e "$P" -- "$LC" getpids 40 2> "$T/$name.live.err" | grep -vxFf "$T/wl.out" > "$T/$name.live"
	stderr_ok "$T/$name.live.err" "$name: live"
	if cmp -s "$T/$name.off" "$T/$name.live"; then pass "$name: the file and the live run print the same"
	else fail "$name: the file and the live run print the same" "$(diff "$T/$name.live" "$T/$name.off" | head -20)"; fi
done
has_line "$T/offline.off" "@last: (40, lang-calls, (1, x))" "offline: the tuple of the 40th call"
has_line "$T/offline.off" "(40, x)" "offline: print of a tuple of map elements"
has_line "$T/offline.off" "@k[1]: (lang-calls, 40)" "offline: a tuple built from a variable's elements"
has_line "$T/offline.off" "@q: (1, y)" "offline: a tuple chosen by ?: (the shorter string)"
has_line "$T/offline.off" "@r: (0, no)" "offline: a tuple chosen by ?: (the longer string)"
has_line "$T/offline-json.off" '{"type": "map", "data": {"@last": [40,"lang-calls",[1,"x"]]}}' "offline: -f json"

done_testing
