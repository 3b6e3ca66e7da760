#!/bin/bash
# The language's later functions (bpftrace 0.17's): bswap, strncmp, buf,
# ntop, strftime, kaddr, reg, uptr/kptr, cat, system (--unsafe) and join,
# live and over a data file. Values are checked against what the test
# knows (literals, tests/progs/lang-calls' strings, /proc/kallsyms, the
# clock, files it wrote); where bpftrace is installed, the same programs
# must print byte for byte what bpftrace prints.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls
have_bt=0
command -v bpftrace > /dev/null && have_bt=1

lang() { run_ok "$1" "$SCRY" script "${@:2}"; }

# same FILE WANT MSG: FILE's content is exactly WANT (printf-escaped).
same() {
	printf "$2" > "$T/want"
	if cmp -s "$1" "$T/want"; then pass "$3"; else
		fail "$3" "diff (want vs got):" "$(diff "$T/want" "$1" | head -20)"
	fi
}

# like_bt NAME PROGRAM [ARGS]: bpftrace prints what scry printed to $T/NAME.
like_bt() {
	local name=$1 prog=$2
	shift 2
	if [ $have_bt = 0 ]; then skip "$name: bpftrace is not installed"; return; fi
	timeout 30 bpftrace "$@" -e "$prog" 2> "$T/$name.bt.err" | grep -v '^__BPFTRACE' > "$T/$name.bt"
	if cmp -s "$T/$name" "$T/$name.bt"; then pass "$name: byte for byte bpftrace's output"
	else fail "$name: byte for byte bpftrace's output" "$(diff "$T/$name.bt" "$T/$name" | head -10)"; fi
}

# ---- pure values: BEGIN, against the expected text and bpftrace ---------------
P='BEGIN { printf("%x %x %x %lx %x\n", bswap((int16)0x1234), bswap((int32)0x12345678), bswap((int8)0x12), bswap(0x1122334455667788), bswap(bswap(0x1234)));
$i = (uint32)0x12345678; printf("%x %lx\n", bswap($i), bswap(0x12340000 + 0x5678));
printf("%d %d %d %d %d\n", strncmp("hello", "hell", 5), strncmp("hello", "hell", 4), strncmp("one", "one ", 4), strncmp("a", "b", 0), strncmp("wow", comm, 17));
printf("%r|%rx|%rh\n", buf("ok\x01\x7f~ ", 6), buf("Hi", 2), buf("Hi", 3));
printf("%s %s %s %s\n", ntop(0x0100007f), ntop(2, 0xffff0000), ntop(1), ntop(0x0000ffff));
@k[buf("ok_key", 8), 1] = 1; @v = buf("ok_value", 8); @n[ntop(0x0101a8c0)] = 2; exit(); }'
lang "bswap, strncmp, buf, ntop in BEGIN" -e "$P" > "$T/pure"
same "$T/pure" 'Attaching 1 probe...
3412 78563412 12 8877665544332211 1234
78563412 7856341200000000
1 0 1 0 1
ok\\x01\\x7f~ |\\x48\\x69|48 69 00
127.0.0.1 0.0.255.255 1.0.0.0 255.255.0.0


@k[ok_key\\x00\\x00, 1]: 1
@n[192.168.1.1]: 2
@v: ok_value
' "bswap of each width, strncmp's bpftrace semantics, buf's escapes, ntop of integers"
like_bt pure "$P"

P='i:ms:10 { printf("IP: %s %s %s\n", ntop(2, pton("127.0.0.1")), ntop(10, pton("::1")), ntop(pton("fe80::1:2"))); @[ntop(pton("10.1.2.3"))] = 1; exit(); }'
lang "pton" -e "$P" > "$T/pton"
same "$T/pton" 'Attaching 1 probe...\nIP: 127.0.0.1 ::1 fe80::1:2\n\n\n@[10.1.2.3]: 1\n' "pton(): IPv4 and IPv6 bytes back through ntop() (bpftrace's pton tests)"
like_bt pton "$P"

# strncmp's length from $1, buf's from a constant $1 (bpftrace's positional tests)
lang "strncmp and buf with \$1" -e 'BEGIN { if (strncmp("hello", "hell", $1) == 0) { printf("ok\n"); } @ = buf("hello", $1); exit(); }' 3 > "$T/pos"
has_line "$T/pos" "ok" "strncmp(\"hello\", \"hell\", \$1 = 3) is 0"
has_line "$T/pos" "@: hel" "buf(\"hello\", \$1 = 3) holds 3 bytes"

# ---- uprobes: buf, reg, uptr over lang-calls' strings -------------------------
lang "buf, reg, uptr in a uprobe" -e "uprobe:$LC:lc_str { \$n = 3;
	printf(\"%s %s %r %r %d\n\", usym(reg(\"ip\")), str(uptr(arg0)), buf(arg0, 2), buf(arg0, \$n), reg(\"di\") == arg0);
	@[buf(kptr(arg0), 4)] = count(); }" -- "$LC" strings > "$T/up"
for s in alpha beta gamma; do
	has_line "$T/up" "lc_str $s ${s:0:2} ${s:0:3} 1" "uprobe: reg(\"ip\") names lc_str, str(uptr(arg0)) is \"$s\", buf of 2 and of a variable 3 bytes, reg(\"di\") is arg0"
done
# kptr(arg0) reads the user address as kernel memory: nothing (zeroes), as bpftrace
has_line "$T/up" '@[\x00\x00\x00\x00]: 3' "kptr(): a user pointer read as kernel memory gives zero bytes"

# ---- strftime -----------------------------------------------------------------
before=$(date +%s)
lang "strftime" -e 'BEGIN { printf("%s|%s|%s - %s\n", strftime("%Y-%m-%d %H:%M:%S", nsecs), strftime("%s", nsecs), strftime("1%f", 1000123000), strftime("1%f", 0)); @[strftime("%m/%d/%y", nsecs)] = 1; @t[1] = strftime("%H", nsecs); exit(); }' > "$T/time"
after=$(date +%s)
IFS='|' read -r stamp secs diff < <(sed -n 2p "$T/time")
if [ "$secs" -ge "$before" ] && [ "$secs" -le "$after" ]; then pass "strftime(\"%s\", nsecs) is the wall clock ($secs)"
else fail "strftime(\"%s\", nsecs) is the wall clock" "got $secs, ran from $before to $after"; fi
is "$stamp" "$(date -d "@$secs" '+%Y-%m-%d %H:%M:%S')" "strftime's fields in local time"
is "$(( ${diff% - *} - ${diff#* - } ))" 123 "%f: microseconds, 1000123000 ns and 0 ns apart by 123 us (bpftrace's test)"
like "$T/time" '^@\[[0-9]{2}/[0-9]{2}/[0-9]{2}\]: 1$' "strftime as a map key"
like "$T/time" '^@t\[1\]: [0-9]{2}$' "strftime as a map value"

# ---- kaddr --------------------------------------------------------------------
want=$(awk '$3 == "vfs_read" { print $1; exit }' /proc/kallsyms | sed 's/^0*//')
lang "kaddr" -e 'BEGIN { printf("%lx\n", kaddr("vfs_read")); exit(); }' > "$T/kaddr"
has_line "$T/kaddr" "$want" "kaddr(\"vfs_read\") is /proc/kallsyms' address"
"$SCRY" script -e 'BEGIN { print(kaddr("scry_no_such_symbol_zz")) }' > "$T/ka.out" 2> "$T/ka.err"
rc=$?
is "$rc" 1 "kaddr of a missing symbol: exit 1"
like "$T/ka.err" "^scry: -e:1:15: Failed to resolve kernel symbol: scry_no_such_symbol_zz$" "kaddr: bpftrace's message, with the place"

# ---- cat ----------------------------------------------------------------------
printf 'line one\nline two\n' > "$T/catme"
lang "cat" -e "BEGIN { printf(\"<\"); cat(\"%s/%s\", \"$T\", \"catme\"); printf(\">\n\"); cat(\"/proc/%d/comm\", pid); exit(); }" > "$T/cat"
same "$T/cat" "Attaching 1 probe...\n<line one\nline two\n>\nscry\n\n\n" "cat(): the file's content in order with printf, its format's arguments filled"
P="BEGIN { printf(\"<\"); cat(\"%s/%s\", \"$T\", \"catme\"); printf(\">\n\"); exit(); }"
lang "cat, for bpftrace" -e "$P" > "$T/cat-bt"
like_bt cat-bt "$P"
"$SCRY" script -e "BEGIN { cat(\"$T/missing\"); printf(\"after\n\"); exit(); }" > "$T/cat2" 2> "$T/cat2.err"
is "$?" 0 "cat() of a missing file: the run goes on"
has_line "$T/cat2" "after" "cat() of a missing file: what follows still prints"
like "$T/cat2.err" "^cat\(\"$T/missing\"\): No such file or directory$" "cat() of a missing file: one error line"

# ---- system -------------------------------------------------------------------
"$SCRY" script -e 'BEGIN { system("echo hi"); }' > "$T/sys0" 2> "$T/sys0.err"
is "$?" 1 "system() without --unsafe: refused"
like "$T/sys0.err" '^scry: -e:1:9: system\(\) is an unsafe function being used in safe mode' "system() without --unsafe: bpftrace's message"
lang "system with --unsafe" --unsafe -e 'BEGIN { printf("a\n"); system("echo %d %s %d", 42, "x", 7); printf("b\n"); exit(); }' > "$T/sys"
same "$T/sys" "Attaching 1 probe...\na\n42 x 7\nb\n\n\n" "system(): the command's output, in order with printf"
like_bt sys 'BEGIN { printf("a\n"); system("echo %d %s %d", 42, "x", 7); printf("b\n"); exit(); }' --unsafe
lang "system's arguments" --unsafe -e 'i:ms:10 { system("echo %d %d %d %d %d %d %d", 1, 2, 3, 4, 5, 6, 7); exit(); }' > "$T/sys7"
has_line "$T/sys7" "1 2 3 4 5 6 7" "system() with 7 arguments (bpftrace's system_more_args)"
grep -q -- '--unsafe' <("$SCRY" script --help 2>&1) && pass "--unsafe is in script --help" || fail "--unsafe is in script --help"

# ---- join ---------------------------------------------------------------------
lang "join" -e 't:syscalls:sys_enter_execve /pid == cpid/ { join(args.argv); join(args->argv, ","); }' -- sh -c 'exec /bin/echo a "b c" d' > "$T/join"
has_line "$T/join" "/bin/echo a b c d" "join(args.argv): the exec's arguments apart by spaces"
has_line "$T/join" "/bin/echo,a,b c,d" "join(args->argv, \",\"): apart by the delimiter"
has_line "$T/join" "sh,-c,exec /bin/echo a \"b c\" d" "join: the command's own exec first"

# ---- cgroup_path -------------------------------------------------------------
if grep -q '^cgroup2 ' /proc/mounts; then
	v2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	CG=$v2/scry_funcs_$$
	if mkdir "$CG" 2> /dev/null; then
		lang "cgroup_path" -e 't:syscalls:sys_enter_getppid /comm == "lang-calls"/ { @[cgroup_path(cgroup), cgroup_path(cgroup, "unified")] = count(); printf("%s\n", cgroup_path(cgroup & ((1 << 32) - 1))); }' -- sh -c "echo \$\$ > $CG/cgroup.procs; exec $LC getpids 3" > "$T/cg"
		has_line "$T/cg" "@[unified:/scry_funcs_$$, unified:/scry_funcs_$$]: 6" "cgroup_path: the cgroup v2 path of a process moved there, as a key"
		has_line "$T/cg" "unified:/scry_funcs_$$" "cgroup_path in printf (bpftrace's \"cgroup_path printf\")"
		rmdir "$CG" 2> /dev/null
	else
		skip "cgroup_path: cannot make a cgroup under $v2"
	fi
	P='BEGIN { print(cgroup_path(cgroup & ((1 << 32) - 1))); printf("path: %s\n", cgroup_path(cgroup, "unified")); exit(); }'
	lang "cgroup_path of scry's own cgroup" -e "$P" > "$T/cg-bt"
	like "$T/cg-bt" '^unified:/' "cgroup_path: the unified hierarchy first"
	like_bt cg-bt "$P"
else
	skip "cgroup_path: no cgroup2 mounted"
fi

# ---- over a data file ---------------------------------------------------------
run_ok "record the reads" "$SCRY" record -q -o "$T/reads.data" -e syscalls:sys_enter_read -- "$LC" reads > /dev/null
lang "the functions over a data file" -i "$T/reads.data" -e 't:syscalls:sys_enter_read /comm == "lang-calls" && args.count == 4096/ { @b[bswap((uint16)args.count)] = count(); @s = strncmp(comm, "lang-", 5); @n = ntop(args.count); @f = buf("x\ty", 3); @t = strftime("%Y", nsecs); }' > "$T/off"
has_line "$T/off" "@b[16]: 1" "-i: bswap((uint16)4096) is 16"
has_line "$T/off" "@s: 0" "-i: strncmp of comm"
has_line "$T/off" "@n: 0.16.0.0" "-i: ntop(4096)"
has_line "$T/off" '@f: x\x09y' "-i: buf() of a string"
like "$T/off" '^@t: 20[0-9]{2}$' "-i: strftime() of the sample's time"
"$SCRY" script -i "$T/reads.data" -e 't:syscalls:sys_enter_read { cat("/etc/hostname"); }' > /dev/null 2> "$T/off.err"
is "$?" 1 "-i: cat() is refused"
like "$T/off.err" "cat\(\): this function cannot be evaluated over a data file yet" "-i: the refusal names cat()"
"$SCRY" script -i "$T/reads.data" -e 't:syscalls:sys_enter_read { @ = buf(args.buf, 4); }' > /dev/null 2> "$T/off2.err"
like "$T/off2.err" "buf\(\): the memory a pointer points to is not in a data file" "-i: buf() of a pointer is refused, naming buf()"

# ---- nothing left behind ------------------------------------------------------
unlike /sys/kernel/tracing/uprobe_events "lang-calls" "no uprobe left behind"

done_testing
