#!/bin/bash
# scry script -f json: the language's output as bpftrace 0.17's JSON lines.
# Every line parses as JSON; the values equal the text output's and what
# tests/progs/lang-calls did; where bpftrace is installed, the same program
# gives the same lines (apart from what differs by nature: time, stacks).
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
command -v python3 > /dev/null || skip_all "python3 is needed to parse JSON"
LC=$PROGS/lang-calls
have_bt=0
command -v bpftrace > /dev/null && have_bt=1

# json_ok FILE MSG: every line of scry's in FILE (those starting with "{":
# the traced command writes its own lines too) is one JSON object with
# "type" and "data", and there is one at least.
json_ok() {
	if python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    if not line.startswith("{"):
        continue
    o = json.loads(line)
    assert set(o) == {"type", "data"}, line
    n += 1
assert n > 0, "no JSON lines"
' "$1" 2> "$T/json.err"; then pass "$2"; else fail "$2" "$(tail -3 "$T/json.err")" "$(head -5 "$1")"; fi
}

# The program with no probe firing outside BEGIN: the whole output is
# deterministic (no time(), no stacks), so it compares with bpftrace's byte
# for byte.
PROG='BEGIN { printf("q\"\\\t%d %s\n", 42, "s"); @a = count(); @b[1, "x"] = sum(3); @b[2, "y"] = sum(-5);
@h = hist(0); @h = hist(1); @h = hist(100); @h = hist(-1); @h2[2] = hist(5);
@l = lhist(-5, 0, 100, 10); @l = lhist(55, 0, 100, 10); @l = lhist(500, 0, 100, 10);
@s = stats(10); @s = stats(20); @avg = avg(4); @m = max(7); @mn = min(-3); @str["k"] = "v";
@e[1] = 1; delete(@e[1]); print(@e); print(@b); print(5); print("str"); exit(); }'
run_ok "-f json of every kind of map" "$SCRY" script -f json -e "$PROG" > "$T/all"
json_ok "$T/all" "-f json: every line parses"
has_line "$T/all" '{"type": "attached_probes", "data": {"probes": 1}}' "-f json: the attached probes line"
has_line "$T/all" '{"type": "printf", "data": "q\"\\\t42 s\n"}' "-f json: printf's text quoted and escaped"
has_line "$T/all" '{"type": "map", "data": {"@b": {"2,y": -5, "1,x": 3}}}' "-f json: keys joined by commas, sorted by value"
has_line "$T/all" '{"type": "value", "data": 5}' "-f json: print(5)"
has_line "$T/all" '{"type": "value", "data": "str"}' "-f json: print(\"str\")"
has_line "$T/all" '{"type": "hist", "data": {"@h": [{"max": -1, "count": 1}, {"min": 0, "max": 0, "count": 1}, {"min": 1, "max": 1, "count": 1}, {"min": 2, "max": 3, "count": 0}, {"min": 4, "max": 7, "count": 0}, {"min": 8, "max": 15, "count": 0}, {"min": 16, "max": 31, "count": 0}, {"min": 32, "max": 63, "count": 0}, {"min": 64, "max": 127, "count": 1}]}}' \
	"-f json: hist buckets with bounds, empty ones inside the range"
has_line "$T/all" '{"type": "hist", "data": {"@l": [{"max": -1, "count": 1}, {"min": 0, "max": 9, "count": 0}, {"min": 10, "max": 19, "count": 0}, {"min": 20, "max": 29, "count": 0}, {"min": 30, "max": 39, "count": 0}, {"min": 40, "max": 49, "count": 0}, {"min": 50, "max": 59, "count": 1}, {"min": 60, "max": 69, "count": 0}, {"min": 70, "max": 79, "count": 0}, {"min": 80, "max": 89, "count": 0}, {"min": 90, "max": 99, "count": 0}, {"min": 100, "count": 1}]}}' \
	"-f json: lhist with its below and above buckets"
has_line "$T/all" '{"type": "stats", "data": {"@s": {"count": 2, "average": 15, "total": 30}}}' "-f json: stats"
has_line "$T/all" '{"type": "stats", "data": {"@avg": 4}}' "-f json: avg under type stats"
unlike "$T/all" '"@e"' "-f json: an empty map prints nothing"
if [ $have_bt = 1 ]; then
	timeout 30 bpftrace -f json -e "$PROG" > "$T/all.bt" 2> "$T/bt.err"
	if cmp -s "$T/all" "$T/all.bt"; then pass "-f json: byte for byte bpftrace's"
	else fail "-f json: byte for byte bpftrace's" "$(diff "$T/all.bt" "$T/all" | head -10)"; fi
fi

# A workload: the JSON values are the text output's values.
run_ok "-f json over uprobes" "$SCRY" script -f json -e "uprobe:$LC:lc_value { @s = sum(arg0); @c = count(); @h = hist(arg0); }" \
	-- "$LC" values 100 > "$T/up"
json_ok "$T/up" "-f json over uprobes: every line parses"
has_line "$T/up" '{"type": "map", "data": {"@s": 5050}}' "-f json: sum of 1..100"
has_line "$T/up" '{"type": "map", "data": {"@c": 100}}' "-f json: 100 calls"
# The command's own output line is not scry's: it stays as the program wrote it.
has_line "$T/up" 'values 1..100 sum 5050' "-f json: the command's output passes through"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.startswith("{") and "@h" in line:
        b = json.loads(line)["data"]["@h"]
        print(sum(x["count"] for x in b))
' "$T/up" > "$T/hsum"
is "$(cat "$T/hsum")" 100 "-f json: the hist's buckets hold the 100 calls"

# Stacks are strings of the text form.
run_ok "-f json with a user stack key" "$SCRY" script -f json -e "uprobe:$LC:lc_value { @[ustack] = count(); }" \
	-- "$LC" values 10 > "$T/st"
json_ok "$T/st" "-f json with stacks: every line parses"
like "$T/st" '^\{"type": "map", "data": \{"@": \{"\\n    lc_value\+0\\n' "-f json: a stack key is its frames, 4 spaces each"

usage_error "-f with an unknown format" "unknown output format 'xml'" "$SCRY" script -f xml -e 'BEGIN { exit(); }'
usage_error "-f without a program" "go with a program" "$SCRY" script -f json -i /dev/null

done_testing
