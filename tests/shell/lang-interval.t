#!/bin/bash
# scry script --interval/--count/--top: argdist's -i/-n/-T without writing
# an interval probe. Every print carries the time, the maps are cleared
# after it, so the prints add up to what tests/progs/lang-calls did.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls

# lc_value(1..12), 100 ms apart: 1.2 s, printed every 0.4 s.
run_ok "--interval 0.4 over 12 calls 100 ms apart" \
	"$SCRY" script -e "uprobe:$LC:lc_value { @c = count(); @s = sum(arg0); }" --interval 0.4 -- "$LC" ticks 12 > "$T/iv"
n=$(grep -cE '^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]$' "$T/iv")
[ "$n" -ge 3 ] && [ "$n" -le 5 ] && pass "--interval: $n timestamped prints in 1.2 s" || fail "--interval: prints" "$n" "$(cat "$T/iv")"
is "$(sed -n 's/^@c: //p' "$T/iv" | awk '{ s += $1 } END { print s }')" 12 "--interval: the counts of every print add up to the 12 calls"
is "$(sed -n 's/^@s: //p' "$T/iv" | awk '{ s += $1 } END { print s }')" 78 "--interval: the sums add up to 1+...+12 (cleared after each print)"

# --count: stops after N prints and ends the command.
start=$(date +%s%N)
run_ok "--interval 0.3 --count 2" \
	"$SCRY" script -e "uprobe:$LC:lc_value { @c = count(); }" --interval 0.3 --count 2 -- "$LC" ticks 50 > "$T/cnt"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$(grep -cE '^\[[0-9:]+\]$' "$T/cnt")" 2 "--count 2: two prints"
[ "$ms" -lt 3000 ] && pass "--count 2: the run ends after them ($ms ms, the command would take 5 s)" || fail "--count: ends" "$ms ms"
unlike "$T/cnt" '^ticks 50' "--count: the command was ended, not waited for"

# --top: the N largest entries only, at the end or every interval.
run_ok "--top 1" "$SCRY" script -e "uprobe:$LC:lc_value { @[arg0 <= 7] = count(); }" --top 1 -- "$LC" values 10 > "$T/top"
has_line "$T/top" "@[1]: 7" "--top 1: the largest entry"
unlike "$T/top" '^@\[0\]' "--top 1: the others are left out"

usage_error "--count without --interval" "give --interval too" "$SCRY" script -e 'BEGIN { exit(); }' --count 2
usage_error "--interval 0" "wants seconds greater than 0" "$SCRY" script -e 'BEGIN { exit(); }' --interval 0
usage_error "--interval with --folded" "draw the whole run" "$SCRY" script -e 'profile:hz:99 { @[kstack] = count(); }' --interval 1 --folded x

done_testing
