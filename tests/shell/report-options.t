#!/bin/bash
# scry report's (and script's) perf habits: --time, --cpu, --tasks, --parent
# and --sort parent, the order of equal entries, the message when there is
# no data file, and the names in --folded and the flame graph; each checked
# against what the program did and against perf on the same file.
. "$(dirname "$0")/lib.sh"
need_root
TREE="$PROGS/report-tree"
TASKS="$PROGS/report-tasks"
have_perf=0
command -v perf > /dev/null && have_perf=1

# The entry lines of a report, trailing blanks cut.
entries() { grep -E '^ +[0-9]+\.[0-9]+%' | sed -E 's/ *$//'; }
samples() { sed -n "s/^# Samples: \([0-9]*\) .*/\1/p" | head -1; }
ERR=$T/pipes.err
: > "$ERR"

run_ok "record -g of report-tree" "$SCRY" record -q -F 999 -g -o "$T/s.data" -- "$TREE" 400 > /dev/null
files=s
if [ $have_perf = 1 ]; then
	oracle_ok "perf record -g of report-tree" perf record -q -F 999 -g -o "$T/p.data" -- "$TREE" 400 > /dev/null
	files="s p"
fi

# ---- --time -----------------------------------------------------------------------
# script prints times in microseconds: a sample printed as END is later
# than END.000 by its nanoseconds, so the ends given are END.999 (the
# nanoseconds' digits), which take in every sample printed as END.
"$SCRY" script -i "$T/s.data" -F time 2>> "$ERR" | tr -d ' :' > "$T/times"
N=$(wc -l < "$T/times")
t1=$(sed -n $((N / 5))p "$T/times"); t2=$(sed -n $((N / 2))p "$T/times"); t3=$(sed -n $((N * 4 / 5))p "$T/times")
count() { awk -v a="$1" -v b="$2" '$1 >= a && (b == "" || $1 <= b)' "$T/times" | wc -l; }
n=$("$SCRY" report -i "$T/s.data" --time "$t1,${t2}999" -g none 2>> "$ERR" | samples)
is "$n" "$(count "$t1" "$t2")" "--time $t1,${t2}999: the samples script printed from $t1 to $t2 (both ends in)"
n=$("$SCRY" report -i "$T/s.data" --time "$t1," -g none 2>> "$ERR" | samples)
is "$n" "$(count "$t1" "")" "--time START,: from $t1 to the end"
n=$("$SCRY" report -i "$T/s.data" --time ",${t2}999" -g none 2>> "$ERR" | samples)
is "$n" "$(count 0 "$t2")" "--time ,END: up to $t2"
n=$("$SCRY" report -i "$T/s.data" --time "$t1,${t2}999 $t3," -g none 2>> "$ERR" | samples)
is "$n" $(($(count "$t1" "$t2") + $(count "$t3" ""))) "--time with two ranges apart by a space"
n=$("$SCRY" script -i "$T/s.data" --time "$t1,${t2}999" -F time 2>> "$ERR" | wc -l)
is "$n" "$(count "$t1" "$t2")" "script --time $t1,${t2}999: the same samples"
"$SCRY" report -i "$T/s.data" --time "$t1,$t2" -g none > "$T/ts" 2>> "$ERR"
like "$T/ts" "^# Samples: [0-9]+  of event 'cpu-clock' \(time slices: $t1,$t2\)\$" \
	"report names the time slices in its Samples line, as perf does"
if [ $have_perf = 1 ]; then
	for f in $files; do
		"$SCRY" script -i "$T/$f.data" -F time 2>> "$ERR" | tr -d ' :' > "$T/ft"
		n=$(wc -l < "$T/ft")
		a=$(sed -n $((n / 5))p "$T/ft"); b=$(sed -n $((n / 2))p "$T/ft"); c=$(sed -n $((n * 4 / 5))p "$T/ft")
		for tm in "$a,$b" "$a," ",$b" "$a,$b $c," "10%/2" "0%-10%,30%-40%" "25%" "10%/1,10%/3"; do
			want=$(perf report -i "$T/$f.data" --stdio --no-children -g none -s comm,sym --time "$tm" 2> /dev/null | grep -v -e '^$' -e '^# To display' -e '^#$' -e 'Tip:' | sed -E 's/ *$//')
			got=$("$SCRY" report -i "$T/$f.data" --stdio --no-children -g none -s comm,sym --time "$tm" 2>> "$ERR" | grep -v -e '^$' -e '^# To display' -e '^#$' | sed -E 's/ *$//')
			# one cpu alone may have had none of the program's samples
			{ [ -n "$want" ] || [ "${#sel}" = 1 ]; } && [ "$got" = "$want" ] && pass "$f.data report --time '$tm': perf's samples and entries" ||
				fail "$f.data report --time '$tm' differs from perf" "$(diff <(echo "$want") <(echo "$got") | head -6)"
			want=$(perf script -i "$T/$f.data" -F time --time "$tm" 2> /dev/null | tr -d ' ' | md5sum)
			got=$("$SCRY" script -i "$T/$f.data" -F time --time "$tm" 2>> "$ERR" | tr -d ' ' | md5sum)
			is "$got" "$want" "$f.data script --time '$tm': the samples perf script prints"
		done
	done
else
	skip "perf is not installed: --time not compared with perf"
fi
for bad in abc 2,1 1,2,3 "10%/0" "1.1234567890," "50%-40%"; do
	usage_error "report --time '$bad': a usage error" "^scry: report: --time" "$SCRY" report -i "$T/s.data" --time "$bad"
done
usage_error "script --time 'x,': a usage error" "^scry: script: --time" "$SCRY" script -i "$T/s.data" --time x,
"$SCRY" record -q -F 999 -o - -- "$TREE" 100 2> /dev/null | "$SCRY" report -i - --time 10%/1 > /dev/null 2> "$T/err"
is "$? $(wc -l < "$T/err")" "1 1" "--time with a percentage on a pipe (no sample times): exit 1, one line"
like "$T/err" "sample times" "... saying the pipe has no sample times"

# ---- --cpu ------------------------------------------------------------------------
run_ok "record -C 0-1 of report-tasks" "$SCRY" record -q -C 0-1 -o "$T/c.data" -- "$TASKS" 300 > /dev/null
# (the Samples line says "1K" past 999: the -n column counts exactly)
nsamples() { "$SCRY" report -i "$T/c.data" --no-children -g none -n -s cpu "$@" 2>> "$ERR" | entries | awk '{ s += $2 } END { print s + 0 }'; }
total=$(nsamples); c0=$(nsamples -C 0); c1=$(nsamples --cpu 1); c01=$(nsamples --cpu 0-1)
is "$((c0 + c1)) $c01" "$total $total" "--cpu 0 ($c0) and --cpu 1 ($c1) add up to all $total samples, as 0-1 does"
"$SCRY" report -i "$T/c.data" -g none -s cpu --cpu 1 2>> "$ERR" | entries > "$T/cpu1"
is "$(awk '{ print $2 }' "$T/cpu1" | sort -u | tr '\n' ' ')" "$([ "$c1" -gt 0 ] && echo '001 ')" "--cpu 1 -s cpu: only CPU 1's entry"
if [ $have_perf = 1 ]; then
	oracle_ok "perf record --sample-cpu of report-tasks" perf record -q --sample-cpu -o "$T/cp.data" -- "$TASKS" 300 > /dev/null
	COMMS=report-tasks,rt-child1,rt-child2,rt-thread
	for f in c cp; do
		for sel in 0 1 0-1 0,1; do
			# The program's own tasks: -C with a command records every
			# process on those cpus (perf's meaning), and the others
			# come and go as the machine pleases. The entries, in
			# order, without their shares: with --comm perf's shares
			# are of every sample, scry's of the selected ones.
			# perf sizes its comm column from entries it may then
			# filter out, and cuts longer names to that width (seen
			# in CI: "report-ta"); the four names differ in their
			# first 9 characters, so both sides are compared on those.
			want=$(perf report -i "$T/$f.data" --stdio --no-children -g none -s cpu,comm -C $sel --comm "$COMMS" 2> /dev/null | grep -v -e '^$' -e '^#' -e 'Tip:' | awk '{ print $2, substr($3, 1, 9) }')
			got=$("$SCRY" report -i "$T/$f.data" --stdio --no-children -g none -s cpu,comm -C $sel --comm "$COMMS" 2>> "$ERR" | grep -v -e '^$' -e '^#' | awk '{ print $2, substr($3, 1, 9) }')
			# one cpu alone may have had none of the program's samples
			{ [ -n "$want" ] || [ "${#sel}" = 1 ]; } && [ "$got" = "$want" ] && pass "$f.data -C $sel -s cpu,comm: perf's samples and entries" ||
				fail "$f.data -C $sel differs from perf" "$(diff <(echo "$want") <(echo "$got") | head -6)" \
					"scry's stderr: $(tail -2 "$ERR")" "all: $("$SCRY" report -i "$T/$f.data" -g none -s cpu 2>&1 | tail -4)"
		done
	done
fi
usage_error "--cpu 0-x: a usage error" "^scry: report: --cpu" "$SCRY" report -i "$T/c.data" --cpu 0-x
"$SCRY" report -i "$T/s.data" --cpu 0 > /dev/null 2> "$T/err"
is "$? $(wc -l < "$T/err")" "1 1" "--cpu on a file whose samples have no CPU: exit 1, one line (perf refuses too)"

# ---- --tasks -----------------------------------------------------------------------
run_ok "record -g of report-tasks" "$SCRY" record -q -g -o "$T/t.data" -- "$TASKS" 150 > "$T/t.out"
run_ok "report --tasks" "$SCRY" report -i "$T/t.data" --tasks > "$T/tasks"
has_line "$T/tasks" "#      pid      tid     ppid  comm" "--tasks: perf's header"
has_line "$T/tasks" "         0        0       -1 |swapper" "--tasks: the idle task, as perf lists it"
ok=1
while read -r _ pid tid ppid comm; do
	case $comm in report-tasks) lvl=0 ;; rt-child*) lvl=1 ;; *) lvl=2 ;; esac
	line=$(printf '  %8d %8d %8d |%*s%s' "$pid" "$tid" "$ppid" $lvl "" "$comm")
	grep -qxF -- "$line" "$T/tasks" || { ok=0; fail "--tasks: no line '$line'" "$(cat "$T/tasks")"; }
done < "$T/t.out"
[ $ok = 1 ] && pass "--tasks: every task the program printed (pid, tid, ppid, comm), its children indented under it"
is "$(grep -c '|' "$T/tasks")" "$(($(wc -l < "$T/t.out") + 1))" "--tasks: those tasks and swapper, nothing else"
run_ok "report --task (perf's abbreviation)" "$SCRY" report -i "$T/t.data" --task > "$T/task"
is "$(cmp "$T/task" "$T/tasks" && echo same)" same "--task is --tasks"
if [ $have_perf = 1 ]; then
	oracle_ok "perf record of report-tasks" perf record -q -g -o "$T/tp.data" -- "$TASKS" 150 > /dev/null
	for f in t tp; do
		perf report -i "$T/$f.data" --tasks > "$T/perf.tasks" 2> /dev/null
		"$SCRY" report -i "$T/$f.data" --tasks > "$T/scry.tasks" 2>> "$ERR"
		is "$(diff "$T/perf.tasks" "$T/scry.tasks" | head -5)" "" "$f.data --tasks: perf's output, line for line"
	done
fi
# perf's tests/shell/pipe_test.sh, with task-clock (and task-clock:u where scry has it)
cp "$TASKS" "$T/test.file.x1Y2z3"
for ev in task-clock task-clock:u; do
	if [ "$ev" = task-clock:u ] && ! "$SCRY" record -q -e "$ev" -o /dev/null -- true > /dev/null 2>&1; then
		skip "scry record does not take '$ev' yet"
		continue
	fi
	"$SCRY" record -e "$ev" -o - "$T/test.file.x1Y2z3" 50 2> /dev/null | "$SCRY" report -i - --task 2>> "$ERR" > "$T/pipe.tasks"
	like "$T/pipe.tasks" '^ +[0-9]+ +[0-9]+ +-1 \|test\.file\.x1Y2z$' "record -e $ev -o - PROG | report -i - --task: PROG's task (perf's pipe_test)"
	if [ $have_perf = 1 ]; then
		perf record -e "$ev" -o - "$T/test.file.x1Y2z3" 50 2> /dev/null | "$SCRY" report -i - --task 2>> "$ERR" > "$T/pipe.tasks"
		like "$T/pipe.tasks" '\|test\.file\.x1Y2z$' "perf record -e $ev -o - | scry report -i - --task"
	fi
done

# ---- --parent, --sort parent ----------------------------------------------------------
"$SCRY" report -i "$T/s.data" --no-children -g none --parent '^work_' 2>> "$ERR" | entries > "$T/par"
like "$T/par" '\] hot +work_a$' "--parent '^work_': hot's samples under work_a have parent work_a"
like "$T/par" '\] hot +work_b$' "... and those under work_b, work_b"
"$SCRY" report -i "$T/s.data" --no-children -g none --sort parent 2>> "$ERR" | entries > "$T/par"
is "$(awk '{ print $2 }' "$T/par")" "[other]" "--sort parent, default regex (^sys_|^do_page_fault): all [other]"
if [ $have_perf = 1 ]; then
	for f in $files; do
		for args in "--no-children -g none --sort parent" "--no-children -g none --parent ^work_" \
			    "--no-children -g caller,none --parent ^(work_|main)" "--no-children -g none --parent ^(work_|main)" \
			    "--children -g none --parent ^(work_|main)" "--children -g none --sort parent,sym" \
			    "--no-children -g none -x --parent ^work_a" "--no-children -g none --sort sym,parent --parent ^main"; do
			want=$(perf report -i "$T/$f.data" --stdio $args 2> /dev/null | grep -v -e '^$' -e '^# To display' -e '^#$' -e 'Tip:' | sed -E 's/ *$//')
			got=$("$SCRY" report -i "$T/$f.data" --stdio $args 2>> "$ERR" | grep -v -e '^$' -e '^# To display' -e '^#$' | sed -E 's/ *$//')
			# one cpu alone may have had none of the program's samples
			{ [ -n "$want" ] || [ "${#sel}" = 1 ]; } && [ "$got" = "$want" ] && pass "$f.data $args: perf's entries and trees" ||
				fail "$f.data $args differs from perf" "$(diff <(echo "$want") <(echo "$got") | head -6)"
		done
	done
fi
usage_error "--parent with a bad regex: a usage error" "^scry: report: --parent: '\(' is not a regular expression" \
	"$SCRY" report -i "$T/s.data" --parent '('
run_ok "record without -g" "$SCRY" record -q -o "$T/nog.data" -- "$TREE" 100 > /dev/null
"$SCRY" report -i "$T/nog.data" --sort parent > /dev/null 2> "$T/err"
is "$? $(wc -l < "$T/err")" "1 1" "--sort parent on a file without callchains: exit 1, one line (perf refuses too)"

# ---- the order of equal entries ------------------------------------------------------
run_ok "record of signals with known codes" "$SCRY" record -q -e signal:signal_generate -o "$T/ties.data" -- \
	"$PROGS/report-ties" 1 2 255 256 257 65536 -1 -2 10 9 nbb naa nab nb nc > /dev/null
"$SCRY" report -i "$T/ties.data" -s signal:signal_generate.code 2>> "$ERR" | entries | awk '{ print $2 }' > "$T/codes"
# (the renames' signals have code 0, 15 of them: the first entry)
is "$(grep -vx 0 "$T/codes" | tr '\n' ' ')" "-1 255 -2 10 9 2 257 1 256 65536 " \
	"equal counts of a numeric field: perf's order (by the field's bytes, largest first), not text's"
"$SCRY" report -i "$T/ties.data" -s signal:signal_generate.comm 2>> "$ERR" | entries | awk '{ print $2 }' > "$T/comms"
is "$(grep -v report-ties "$T/comms" | tr '\n' ' ')" "c bb b ab aa " "equal counts of a text field: perf's order"
if [ $have_perf = 1 ]; then
	for k in signal:signal_generate.code signal:signal_generate.comm; do
		perf report -i "$T/ties.data" --stdio -s $k 2> /dev/null | entries | awk '{ print $1, $2 }' > "$T/perf.e"
		"$SCRY" report -i "$T/ties.data" --stdio -s $k 2>> "$ERR" | entries | awk '{ print $1, $2 }' > "$T/scry.e"
		is "$(diff "$T/perf.e" "$T/scry.e" | head -4)" "" "--sort $k: perf's entries in perf's order"
	done
	for k in pid cpu; do
		perf report -i "$T/cp.data" --stdio --no-children -g none -s $k 2> /dev/null | entries | awk '{ print $1, $2 }' > "$T/perf.e"
		"$SCRY" report -i "$T/cp.data" --stdio --no-children -g none -s $k 2>> "$ERR" | entries | awk '{ print $1, $2 }' > "$T/scry.e"
		is "$(diff "$T/perf.e" "$T/scry.e" | head -4)" "" "--sort $k: perf's order"
	done
fi

# ---- no data file ------------------------------------------------------------------------
mkdir "$T/empty"
for cmd in report script; do
	(cd "$T/empty" && "$SCRY" $cmd > "$T/out" 2> "$T/err")
	rc=$?
	is "$rc $(wc -l < "$T/err") $(wc -c < "$T/out")" "1 1 0" "$cmd with no data file here: exit 1, one line"
	like "$T/err" "scry\.data.*perf\.data.*scry record" "... naming scry.data, perf.data and 'scry record'"
done

# ---- names in --folded and the flame graph ---------------------------------------------------
STDERR_OK='^[0-9]+\+0 records (in|out)$|^[0-9]+ bytes ' run_ok "record -g of a program in the kernel" "$SCRY" record -q -g -o "$T/k.data" -- dd if=/dev/zero of=/dev/null bs=64k count=40000
run_ok "report --folded" "$SCRY" report -i "$T/k.data" --folded > "$T/folded"
unlike "$T/folded" '_\[k\]' "--folded: no _[k] in the names (stackcollapse-perf's default)"
unlike "$T/folded" '(^|;)0x[0-9a-f]+(;| )' "--folded: no raw addresses: unresolved frames are [unknown]"
like "$T/folded" '^dd;.*(do_syscall_64|entry_SYSCALL)' "--folded: the kernel frames are there, by name"
run_ok "report --flamegraph" "$SCRY" report -i "$T/k.data" --flamegraph "$T/k.svg"
unlike "$T/k.svg" '_\[k\]' "the flame graph shows no _[k] either"
k=$(grep -oE '<title>do_syscall_64 \([^<]*</title><rect[^>]*fill="rgb\([0-9]+,[0-9]+,[0-9]+\)' "$T/k.svg" | head -1 | grep -oE 'rgb\([0-9,]+' | tr -d 'rgb(')
if [ -n "$k" ] && awk -F, '{ exit !($3 > $1 && $3 >= 210) }' <<< "$k"; then
	pass "... and colours kernel frames blue (do_syscall_64: rgb($k))"
else
	fail "do_syscall_64 is not blue in the flame graph" "rgb: '$k'"
fi

# -F, perf's output fields: the sort keys, with overhead/sample/period as columns.
run_ok "report -F comm,dso,sym" "$SCRY" report -i "$T/s.data" --no-children -F comm,dso,sym > "$T/F1"
run_ok "report -s comm,dso,sym" "$SCRY" report -i "$T/s.data" --no-children -s comm,dso,sym > "$T/F2"
if [ -s "$T/F1" ] && cmp -s "$T/F1" "$T/F2"; then pass "-F comm,dso,sym is --sort comm,dso,sym"
else fail "-F comm,dso,sym is --sort comm,dso,sym" "$(diff "$T/F1" "$T/F2" | head -5)"; fi
run_ok "report -F overhead,sample,comm" "$SCRY" report -i "$T/s.data" --no-children -F overhead,sample,comm -q > "$T/F3"
like "$T/F3" '^ +[0-9.]+% +[0-9]+ +report-tree' "-F overhead,sample,comm: a sample-count column, entries by comm"
usage_error "-F with -s" "-F and -s/--sort exclude each other" "$SCRY" report -i "$T/s.data" -F comm -s dso

stderr_ok "$ERR" "the reports and scripts read through pipes above wrote nothing on stderr"
done_testing
