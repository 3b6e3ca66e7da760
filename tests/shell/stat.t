#!/bin/bash
# scry stat: counts checked against what the program did (tests/progs/
# stat-work does exactly N writes and touches N fresh pages) and against
# perf stat on the same program; the layouts (columns, -x CSV, -j JSON,
# -r, -I) against perf 6.1's; the targets (-p, -a, -A, -C, --per-thread);
# the usage errors; and perf's own stat shell tests run with perf -> scry.
. "$(dirname "$0")/lib.sh"
need_root

W=$PROGS/stat-work
HAVE_PERF=0
perf stat -e page-faults true > /dev/null 2>&1 && HAVE_PERF=1

# value EVENT FILE: an event's count in a -x, file (first field).
value() { awk -F, -v e="$1" '$3 == e { print $1; exit }' "$2"; }

# ---- exact counts ------------------------------------------------------------------
run_ok "stat -x, -e syscalls:sys_enter_write,page-faults,task-clock -- stat-work 1000 2000" \
	"$SCRY" stat -o "$T/c.csv" -x, -e syscalls:sys_enter_write,page-faults,task-clock -- "$W" 1000 2000
is "$(value syscalls:sys_enter_write "$T/c.csv")" 1000 "sys_enter_write: exactly the program's 1000 writes"
pf=$(value page-faults "$T/c.csv")
[ "${pf:-0}" -ge 2000 ] && [ "$pf" -lt 2300 ] && pass "page-faults $pf: the 2000 pages touched and a few more" ||
	fail "page-faults: '$pf', want 2000..2300"
if [ "$HAVE_PERF" = 1 ]; then
	oracle_ok "perf stat on the same program" \
		perf stat -o "$T/p.csv" -x, -e syscalls:sys_enter_write,page-faults -- "$W" 1000 2000
	is "$(value syscalls:sys_enter_write "$T/p.csv")" 1000 "perf counts the same 1000 writes"
	ppf=$(value page-faults "$T/p.csv")
	awk -v a="$pf" -v b="$ppf" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d <= b * 0.03) }' &&
		pass "page-faults $pf within 3% of perf's $ppf" || fail "page-faults $pf vs perf's $ppf"
else
	skip "perf stat does not run here: no comparison"
	skip "perf stat does not run here: no comparison"
	skip "perf stat does not run here: no comparison"
fi

# task-clock: the cpu time of a program spinning 300 ms (the machine may be
# busy: compared with the program's own user + sys time, and CPUs utilized
# with task-clock over the elapsed time).
run_ok "stat -e task-clock -- stat-work 0 0 300" "$SCRY" stat -o "$T/tc.txt" -e task-clock -- "$W" 0 0 300
read -r tc util el us sy <<< "$(awk '/task-clock/ { tc = $1; u = $5 } /time elapsed/ { el = $1 }
	/seconds user/ { us = $1 } /seconds sys/ { sy = $1 } END { print tc, u, el, us, sy }' "$T/tc.txt")"
awk -v t="$tc" -v us="$us" -v sy="$sy" 'BEGIN { r = (us + sy) * 1000; d = t - r; if (d < 0) d = -d
	exit !(t > 0 && d <= 15 + 0.15 * t) }' && pass "task-clock $tc msec: the program's user+sys ($us + $sy s)" ||
	fail "task-clock '$tc' msec vs user $us + sys $sy s"
awk -v t="$tc" -v u="$util" -v e="$el" 'BEGIN { d = t / 1000 / e - u; if (d < 0) d = -d; exit !(e > 0 && d < 0.002) }' &&
	pass "CPUs utilized $util: task-clock over $el s elapsed" || fail "CPUs utilized '$util' ($tc msec, $el s)"

# ---- the default layout --------------------------------------------------------------
run_ok "stat -- stat-work 1500" "$SCRY" stat -o "$T/d.txt" -- "$W" 1500
has_line "$T/d.txt" " Performance counter stats for '$W 1500':" "the title names the command"
for ev in task-clock context-switches cpu-migrations page-faults cycles instructions branches branch-misses; do
	like "$T/d.txt" "^ +([0-9.,]+|<not supported>) +(msec )? *$ev( |$)" "default event $ev"
done
like "$T/d.txt" "^ +[0-9.]+ msec task-clock +# +[0-9]+\.[0-9]{3} CPUs utilized" "task-clock: CPUs utilized"
like "$T/d.txt" "^ +[0-9,]+ +page-faults +# +[0-9]+\.[0-9]{3} [KMG]?/sec" "page-faults: a rate per second"
like "$T/d.txt" "^ +[0-9]+\.[0-9]{9} seconds time elapsed$" "seconds time elapsed"
like "$T/d.txt" "^ +[0-9]+\.[0-9]{9} seconds user$" "seconds user"
like "$T/d.txt" "^ +[0-9]+\.[0-9]{9} seconds sys$" "seconds sys"
if [ "$HAVE_PERF" = 1 ]; then
	perf stat -o "$T/pd.txt" -- "$W" 1500 2> /dev/null
	# Same lines, numbers and their widths aside (perf's elapsed time is
	# not comparable; the unit tests pin the columns).
	norm() { grep -vE "seconds|^#|^$" "$1" | sed -E 's/[0-9][0-9.,]*/N/g; s/[KMG]\/sec/\/sec/; s/ +/ /g'; }
	is "$(norm "$T/d.txt")" "$(norm "$T/pd.txt")" "the counter lines are perf's, numbers aside"
else
	skip "perf stat does not run here: no comparison"
fi

# Thousands separators, and --no-big-num without them.
run_ok "stat -e syscalls:sys_enter_write -- stat-work 12345" \
	"$SCRY" stat -o "$T/b.txt" -e syscalls:sys_enter_write -- "$W" 12345
like "$T/b.txt" "^ +12,345 +syscalls:sys_enter_write" "12,345 with a thousands separator"
run_ok "stat --no-big-num" "$SCRY" stat -o "$T/nb.txt" --no-big-num -e syscalls:sys_enter_write -- "$W" 12345
like "$T/nb.txt" "^ +12345 +syscalls:sys_enter_write" "--no-big-num: 12345"

# ---- -r: means and their variation ----------------------------------------------------
run_ok "stat -r 3" "$SCRY" stat -o "$T/r.txt" -r 3 -e task-clock,syscalls:sys_enter_write -- "$W" 200 0 20
has_line "$T/r.txt" " Performance counter stats for '$W 200 0 20' (3 runs):" "-r 3: the title says 3 runs"
like "$T/r.txt" "^ +200 +syscalls:sys_enter_write" "-r 3: the mean of exact counts is exact"
like "$T/r.txt" "CPUs utilized +\( \+- +[0-9]+\.[0-9]{2}% \)$" "-r 3: task-clock's variation"
like "$T/r.txt" "^ +[0-9]+\.[0-9]+ \+- [0-9]+\.[0-9]+ seconds time elapsed  \( \+- +[0-9]+\.[0-9]{2}% \)$" \
	"-r 3: elapsed time +- its variation"
run_ok "stat -r 2 -x," "$SCRY" stat -o "$T/r.csv" -r 2 -x, -e syscalls:sys_enter_write -- "$W" 10
is "$(cat "$T/r.csv")" "10,,syscalls:sys_enter_write,0.00%,$(cut -d, -f5 "$T/r.csv"),100.00,," \
	"-r 2 -x,: the variation field after the event"

# ---- -I: a line per event per interval -------------------------------------------------
run_ok "stat -I 100 -- stat-work 0 0 550" "$SCRY" stat -o "$T/i.txt" -I 100 -e task-clock,page-faults -- "$W" 0 0 550
has_line "$T/i.txt" "#           time             counts unit events" "-I: perf's header"
n=$(grep -cE "^ +[0-9]+\.[0-9]{9} .*task-clock" "$T/i.txt")
{ [ "$n" -ge 5 ] && [ "$n" -le 7 ]; } && pass "-I 100 over 550 ms: $n task-clock lines" ||
	fail "-I 100 over 550 ms: $n task-clock lines, want 5..7"
first=$(awk '/task-clock/ { print $1; exit }' "$T/i.txt")
awk -v t="$first" 'BEGIN { exit !(t >= 0.095 && t <= 0.15) }' && pass "the first interval ends at ${first}s" ||
	fail "first interval at '$first'"
run_ok "stat -I 100 -x," "$SCRY" stat -o "$T/i.csv" -I 100 -x, -e task-clock -- "$W" 0 0 250
bad=$(awk -F, 'NF != 8' "$T/i.csv")
[ -s "$T/i.csv" ] && [ -z "$bad" ] && pass "-I -x,: time and the 7 fields" || fail "-I -x, lines" "$bad"

# ---- -x: perf's CSV fields --------------------------------------------------------------
run_ok "stat -x';'" "$SCRY" stat -o "$T/x.csv" -x';' -e task-clock,page-faults,cycles -- "$W" 10
like "$T/x.csv" "^[0-9]+\.[0-9]{2};msec;task-clock;[0-9]+;100\.00;[0-9]+\.[0-9]{3};CPUs utilized$" "-x: task-clock's fields"
like "$T/x.csv" "^[0-9]+;;page-faults;[0-9]+;100\.00;[0-9]+\.[0-9]{3};[KMG]?/sec$" "-x: page-faults' fields"
if grep -q "not supported" "$T/x.csv"; then
	has_line "$T/x.csv" "<not supported>;;cycles;0;100.00;;" "-x: an event the machine lacks"
else
	like "$T/x.csv" "^[0-9]+;;cycles;" "-x: cycles counted"
fi

# ---- -j: JSON lines with perf's keys ------------------------------------------------------
run_ok "stat -j" "$SCRY" stat -o "$T/j.json" -j -- "$W" 10
keys=$(python3 -c '
import json, sys
seen = set()
for line in open(sys.argv[1]):
    if line.strip():
        seen |= set(json.loads(line))
print(" ".join(sorted(seen)))' "$T/j.json" 2>&1)
is "$keys" "counter-value event event-runtime metric-unit metric-value pcnt-running unit" "-j: every line parses, perf's keys"
run_ok "stat -j -a -A -I 100" "$SCRY" stat -o "$T/ja.json" -j -a -A -I 100 -e cpu-clock sleep 0.15
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    assert "interval" in d and "cpu" in d, d' "$T/ja.json" 2> "$T/ja.err" && pass "-j -A -I: interval and cpu keys" ||
	fail "-j -A -I" "$(cat "$T/ja.err")"

# ---- targets ------------------------------------------------------------------------------
# sc-loop writes every 20 ms: attached after it started and counting until
# it exits, stat sees some of its 50 writes (how many depends on the load).
"$PROGS/sc-loop" 50 > "$T/loop.out" &
LOOP=$!
BG_PIDS="$BG_PIDS $LOOP"
sleep 0.2
run_ok "stat -p PID (until it exits)" "$SCRY" stat -o "$T/p.csv" -x, -e syscalls:sys_enter_write -p "$LOOP"
w=$(value syscalls:sys_enter_write "$T/p.csv")
{ [ "${w:-0}" -ge 1 ] && [ "$w" -le 50 ]; } && pass "-p: $w of the running program's 50 writes" ||
	fail "-p: '$w' writes, want 1..50"
kill -0 "$LOOP" 2> /dev/null && fail "-p: stat ended before its process" || pass "-p: stat ended when its process did"
run_ok "stat -p PID" "$SCRY" stat -o "$T/p2.txt" -e task-clock -p $$ -- sleep 0.1
has_line "$T/p2.txt" " Performance counter stats for process id '$$':" "-p: the title names the process"

run_ok "stat -a -- stat-work 700" "$SCRY" stat -o "$T/a.csv" -x, -a -e syscalls:sys_enter_write -- "$W" 700
w=$(value syscalls:sys_enter_write "$T/a.csv")
[ "${w:-0}" -ge 700 ] && pass "-a: $w writes, the program's 700 among them" || fail "-a: '$w' writes"
run_ok "stat -a -A" "$SCRY" stat -o "$T/A.csv" -x, -a -A -e cpu-clock,page-faults sleep 0.1
ncpu=$(grep -c '^processor' /proc/cpuinfo)
is "$(grep -c ',cpu-clock,' "$T/A.csv")" "$ncpu" "-A: one cpu-clock line per cpu"
like "$T/A.csv" "^CPU0,[0-9.]+,msec,cpu-clock," "-A: CPU0 first"
run_ok "stat -C 0" "$SCRY" stat -o "$T/C.txt" -C 0 -e cpu-clock sleep 0.1
has_line "$T/C.txt" " Performance counter stats for 'CPU(s) 0':" "-C 0: the title names the cpu"
run_ok "stat --per-thread" "$SCRY" stat -o "$T/t.csv" -x, --per-thread -e syscalls:sys_enter_write -- "$W" 300
like "$T/t.csv" "^stat-work-[0-9]+,300,,syscalls:sys_enter_write," "--per-thread: comm-tid and its 300 writes"

# The command's exit status is stat's; -- is optional.
"$SCRY" stat -o /dev/null sh -c 'exit 3'
is "$?" 3 "the command's exit status passes through"

# ---- stat record / stat report ------------------------------------------------------------
# Both print the counts on stderr, as perf's do.
"$SCRY" stat record -o "$T/s.data" -e syscalls:sys_enter_write,page-faults,cycles -- "$W" 321 2> "$T/rec.txt"
is "$?" 0 "stat record -o FILE"
like "$T/rec.txt" "^ +321 +syscalls:sys_enter_write" "stat record prints the counts too"
"$SCRY" stat report -i "$T/s.data" -x, 2> "$T/rep.csv"
is "$?" 0 "stat report -i FILE -x,"
is "$(value syscalls:sys_enter_write "$T/rep.csv")" 321 "report: the 321 writes recorded"
like "$T/rep.csv" "^[0-9]+,,page-faults," "report: page-faults"
like "$T/rep.csv" "^(<not supported>|[0-9]+),,cycles," "report: cycles, supported or not"
"$SCRY" stat record -o - -e syscalls:sys_enter_write -- "$W" 55 2> "$T/rec.err" | "$SCRY" stat report -i - 2> "$T/rep.txt"
is "${PIPESTATUS[*]}" "0 0" "stat record -o - | stat report -i -: both exit 0"
unlike "$T/rec.err" "^scry" "stat record -o -: no error"
has_line "$T/rep.txt" " Performance counter stats for 'pipe':" "report of a pipe: titled 'pipe', as perf's"
like "$T/rep.txt" "^ +55 +syscalls:sys_enter_write" "report of a pipe: the 55 writes"
like "$T/rep.txt" "seconds time elapsed$" "report: the elapsed time recorded"
if [ "$HAVE_PERF" = 1 ]; then
	"$SCRY" stat record -o "$T/pf.data" -e page-faults,task-clock,syscalls:sys_enter_write -- "$W" 123 300 2> /dev/null
	perf stat report -i "$T/pf.data" 2> "$T/perf-rep.txt"
	pf=$(awk '/page-faults/ { gsub(",", "", $1); print $1 }' "$T/perf-rep.txt")
	[ "${pf:-0}" -ge 300 ] && pass "perf stat report reads scry's file: $pf page-faults" ||
		fail "perf stat report of scry's file" "$(head -5 "$T/perf-rep.txt")"
	like "$T/perf-rep.txt" "^ +123 +syscalls:sys_enter_write" "perf stat report: the tracepoint's 123 (its format in the file)"
else
	skip "perf stat does not run here: no perf stat report"
	skip "perf stat does not run here: no perf stat report"
fi
"$SCRY" stat report -i "$T/nothing.data" > "$T/o" 2> "$T/e"
is "$?:$(wc -l < "$T/e")" "1:1" "report of a missing file: exit 1, one line"

run_ok "scry help stat" env MANPAGER=cat PAGER=cat "$SCRY" help stat > "$T/man"
like "$T/man" "scry-stat - count events|SCRY-STAT" "scry help stat shows the manual page"

# ---- errors -----------------------------------------------------------------------------------
usage_error "stat -e nosuch" "^scry: stat: unknown event 'nosuch'" "$SCRY" stat -e nosuch -- true
usage_error "stat -e (missing argument)" "^scry stat: option '-e' needs an argument" "$SCRY" stat -e
usage_error "stat (nothing to count)" "^scry: stat: nothing to count" "$SCRY" stat
usage_error "stat -p 1 -a" "^scry: stat: -p, -t and -a/-C exclude each other" "$SCRY" stat -p 1 -a
usage_error "stat -A without -a" "^scry: stat: -A and --per-core" "$SCRY" stat -A true
usage_error "stat -r 0" "^scry: stat: -r N needs" "$SCRY" stat -r 0 true
usage_error "stat -x, -j" "^scry: stat: -x and -j exclude each other" "$SCRY" stat -x, -j true
"$SCRY" stat -p 999999999 -e task-clock > "$T/o" 2> "$T/e"
is "$?:$(wc -l < "$T/e")" "1:1" "-p of no process: exit 1, one line"
"$SCRY" stat -- /nonexistent/prog > "$T/o" 2> "$T/e"
rc=$?
[ "$rc" -ne 0 ] && [ "$(wc -l < "$T/e")" -eq 1 ] && pass "a command that does not exist: exit $rc, one line" ||
	fail "missing command: exit $rc" "$(cat "$T/e")"

# ---- perf's own shell tests, with perf -> scry ----------------------------------------------
PT=/usr/lib/perf-core/tests/shell
if [ -d "$PT" ]; then
	mkdir -p "$T/bin"
	ln -s "$SCRY" "$T/bin/perf"
	for t in stat.sh stat+csv_output.sh stat+shadow_stat.sh stat+json_output.sh; do
		(cd "$T" && PATH="$T/bin:$PATH" bash "$PT/$t") > "$T/pt.out" 2>&1
		rc=$?
		[ "$rc" -eq 0 ] && pass "perf's $t with perf -> scry" || fail "perf's $t: exit $rc" "$(tail -5 "$T/pt.out")"
	done
else
	for t in stat.sh stat+csv_output.sh stat+shadow_stat.sh stat+json_output.sh; do skip "perf's $t: $PT is absent"; done
fi

done_testing
