#!/bin/bash
# latency and entry() in return probes (argdist's $latency and
# $entry(param)): tests/progs/lang-calls' lc_sleep(size, ms) sleeps known
# times with known sizes, and read(2) is called with known counts.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls

run_ok "uretprobe: latency keyed by entry(arg0)" "$SCRY" script -e \
	"uretprobe:$LC:lc_sleep { @ms[entry(arg0)] = avg(latency / 1000000); @n[entry(arg0), entry(arg1)] = count(); @per_byte = hist(latency / entry(arg0)); }" \
	-- "$LC" sleeps > "$T/sl"
# A sleep of N ms takes N ms and a little more: the average in whole ms.
for pair in 100:10 200:20 300:40; do
	size=${pair%:*} ms=${pair#*:}
	got=$(sed -n "s/^@ms\[$size\]: //p" "$T/sl")
	if [ -n "$got" ] && [ "$got" -ge "$ms" ] && [ "$got" -le $((ms + 5)) ]; then
		pass "latency: lc_sleep($size, $ms) took $got ms"
	else fail "latency: lc_sleep($size, $ms)" "got '$got' ms" "$(cat "$T/sl")"; fi
	has_line "$T/sl" "@n[$size, $ms]: 2" "entry(arg0), entry(arg1): ($size, $ms) twice"
done
# latency / entry(arg0): 10 ms / 100 = 100 us a byte: all in [64K, 128K) ns.
like "$T/sl" '^\[64K, 128K\) +[0-9]+ \|' "hist(latency / entry(arg0)): ns per byte of argdist's \$latency/\$entry(size)"
unlike "$T/sl" '__scry' "the rewrite's own maps are not printed"

run_ok "syscall exit tracepoint: entry(args.count)" "$SCRY" script -e \
	'tracepoint:syscalls:sys_exit_read { @r[entry(args.count)] = count(); @ok[entry(args.count) == retval] = count(); }' \
	-- "$LC" reads > "$T/rd"
for n in 2 3 4 8 100 1000 4096; do
	has_line "$T/rd" "@r[$n]: 1" "entry(args.count) in sys_exit_read: the read of $n bytes"
done
unlike "$T/rd" '^@ok\[0\]' "entry(args.count) == retval for every read (from /dev/zero)"

# A predicate sees the entry values too; returns without an entry are skipped.
run_ok "predicate on entry(arg0)" "$SCRY" script -e \
	"uretprobe:$LC:lc_sleep /entry(arg0) >= 200/ { @big = count(); }" -- "$LC" sleeps > "$T/pr"
has_line "$T/pr" "@big: 4" "/entry(arg0) >= 200/: the four calls of 200 and 300 bytes"

"$SCRY" script -e "uprobe:$LC:lc_value { @x = latency; }" > /dev/null 2> "$T/e1.err"
rc=$?
is "$rc" 1 "latency in an entry probe: exit 1"
like "$T/e1.err" 'latency and entry\(\) are only available in return probes' "latency in an entry probe: the reason"
"$SCRY" script -e "uretprobe:$LC:lc_value { @x = entry(arg0, arg1); }" > /dev/null 2> "$T/e2.err"
like "$T/e2.err" 'entry\(\) takes one argument' "entry() with two arguments: the reason"
run_ok "--dry-run of a latency program" "$SCRY" script --dry-run -e "uretprobe:$LC:lc_value { @ = hist(latency); }"

done_testing
