#!/bin/bash
# scry report: histograms and callchain trees agree with what the program
# did (report-tree: hot() called 2/3 from work_a, 1/3 from work_b) and with
# perf report on the same files; sort keys, filters, options, bad input.
. "$(dirname "$0")/lib.sh"
need_root
TREE="$PROGS/report-tree"
have_perf=0
command -v perf >/dev/null && have_perf=1

# The entry lines of a report (percent columns and keys), at least MIN %.
# perf 6.1 names some PLT entries of a library bare ("@plt": libc's stub for
# ld.so's __tunable_get_val, which scry names "__tunable_get_val@plt"); a
# sample lands there once in a while, so PLT entries compare by kind only.
entries() { grep -v '^#' | grep -E '^ +[0-9]+\.[0-9]+%' | awk -v min="${1:-0}" '$1 + 0 >= min' | sed -E 's/ *$//; s/\] [^ ]*@plt$/] @plt/'; }

# near_entries A B TOL: the entry lines of two reports name the same entries
# (whatever their order) with each percentage within TOL; prints what differs.
near_entries() {
	awk -v tol="$3" '{ k = $0; sub(/^ *([0-9.]+% +)+/, "", k); gsub(/%/, "")
			v = $1; if ($2 ~ /^[0-9.]+$/) v = v " " $2 }
		FNR == NR { a[k] = v; next }
		!(k in a) { print "only in " FILENAME ": " $0; bad = 1; next }
		{ split(a[k], x, " "); split(v, y, " ")
		  for (i = 1; i in x; i++) if (x[i] - y[i] > tol || y[i] - x[i] > tol) { print "perf " a[k] " vs " v ": " k; bad = 1 }
		  delete a[k] }
		END { for (k in a) { print "only in perf: " k; bad = 1 } exit bad }' "$1" "$2"
}

# The stderr of scry in pipelines: all of it checked at the end.
PIPES_ERR=$T/pipes.err
: > "$PIPES_ERR"

run_ok "record -g of report-tree" "$SCRY" record -q -F 999 -g -o "$T/s.data" -- "$TREE" 700 > "$T/tree.out"

# ---- what the program did ------------------------------------------------------
run_ok "report --no-children exits 0" "$SCRY" report --stdio --no-children -i "$T/s.data" > "$T/nc.txt"
like "$T/nc.txt" '^ +(9[5-9]|100)\.[0-9]{2}%  report-tree +report-tree +\[\.\] hot$' "hot holds (nearly) all the samples"
a=$(grep -oE -- '--[0-9.]+%--work_a' "$T/nc.txt" | head -1 | grep -oE '[0-9.]+')
b=$(grep -oE -- '--[0-9.]+%--work_b' "$T/nc.txt" | head -1 | grep -oE '[0-9.]+')
if [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { r = a / b; exit !(r > 1.5 && r < 2.6) }'; then
	pass "callee tree: hot <- work_a $a% and <- work_b $b% (the program calls it 2:1)"
else
	fail "callee tree branches" "work_a: '$a' work_b: '$b'" "$(sed -n 12,30p "$T/nc.txt")"
fi
like "$T/nc.txt" '^                          main$' "branches continue to main"
run_ok "report --children" "$SCRY" report --children -i "$T/s.data" > "$T/ch.txt"
like "$T/ch.txt" '^ +(9[5-9]|100)\.[0-9]{2}% +0\.[0-9]{2}%  report-tree +report-tree +\[\.\] main$' "children: main has ~100% children, (almost) no self"
# work_a's own loop may take a sample or two: its self share is small, its
# children share about 2/3 (it makes 2/3 of hot's calls).
wa=$(awk '/\] work_a$/ { sub(/%/, "", $1); sub(/%/, "", $2); print $1, $2; exit }' "$T/ch.txt")
if awk -v c="${wa% *}" -v s="${wa#* }" 'BEGIN { exit !(c >= 50 && c <= 80 && s < 2) }' 2>/dev/null && [ -n "$wa" ]; then
	pass "children: work_a has an entry of its own (children ${wa% *}%, self ${wa#* }%)"
else
	fail "children: work_a's entry (want 50-80% children, < 2% self)" "$(grep 'work_a$' "$T/ch.txt" | head -2)"
fi
run_ok "report -g caller" "$SCRY" report -g caller --no-children -i "$T/s.data" > "$T/caller.txt"
like "$T/caller.txt" '^            ---__libc_start_call_main$' "-g caller: the tree starts at the root"
run_ok "report --inline" "$SCRY" report --no-children --inline -i "$T/s.data" > "$T/inl.txt"
like "$T/inl.txt" 'mix \(inlined\)$' "--inline: the inlined mix() shows as (inlined)"

# ---- against perf, on scry's file and on perf's --------------------------------------
if [ $have_perf = 1 ]; then
	oracle_ok "perf record -g of report-tree" perf record -q -F 999 -g -o "$T/p.data" -- "$TREE" 700 > /dev/null
	for f in s p; do
		for mode in --no-children --children; do
			# perf 6.1 gives an unresolved leaf a second --children entry
			# (0.00% self, the bare address) besides its own: left out of both.
			perf report --stdio $mode -g none -i "$T/$f.data" 2> "$T/perf.err" | entries | grep -vE ' 0\.00% .*\] 0x[0-9a-f]+$' > "$T/perf.e"
			"$SCRY" report --stdio $mode -g none -i "$T/$f.data" 2>> "$PIPES_ERR" | entries | grep -vE ' 0\.00% .*\] 0x[0-9a-f]+$' > "$T/scry.e"
			if [ -s "$T/perf.e" ] && diff "$T/perf.e" "$T/scry.e" > "$T/d.txt"; then
				pass "$f.data $mode: the same $(wc -l < "$T/scry.e") entries and percentages as perf report"
			else
				fail "$f.data $mode entries differ from perf's" "$(head -8 "$T/d.txt")" "perf's stderr: $(head -3 "$T/perf.err")"
			fi
		done
		# The whole tree of the top entry, character for character.
		perf report --stdio --no-children -i "$T/$f.data" 2> "$T/perf.err" | grep -v '^#' | sed -n '/\[\.\] hot$/,/^$/p' > "$T/perf.t"
		"$SCRY" report --stdio --no-children -i "$T/$f.data" 2>> "$PIPES_ERR" | grep -v '^#' | sed -n '/\[\.\] hot$/,/^$/p' > "$T/scry.t"
		if [ -s "$T/perf.t" ] && diff "$T/perf.t" "$T/scry.t" > "$T/d.txt"; then
			pass "$f.data: hot's callchain tree is perf's, line for line"
		else
			fail "$f.data: hot's tree differs from perf's" "$(head -10 "$T/d.txt")"
		fi
		for keys in pid dso sym "dso,sym" srcline cpu comm,sym; do
			perf report --stdio --no-children -g none -s "$keys" -i "$T/$f.data" 2> "$T/perf.err" | entries 0.5 > "$T/perf.e"
			"$SCRY" report --stdio --no-children -g none -s "$keys" -i "$T/$f.data" 2>> "$PIPES_ERR" | entries 0.5 > "$T/scry.e"
			if [ -s "$T/perf.e" ] && diff -b "$T/perf.e" "$T/scry.e" > "$T/d.txt"; then
				pass "$f.data --sort $keys: as perf report"
			else
				fail "$f.data --sort $keys differs from perf" "$(head -6 "$T/d.txt")"
			fi
		done
		perf report --stdio --no-children -g none -n -i "$T/$f.data" 2> "$T/perf.err" | entries 1 | awk '{ print $2 }' > "$T/perf.n"
		"$SCRY" report --stdio --no-children -g none -n -i "$T/$f.data" 2>> "$PIPES_ERR" | entries 1 | awk '{ print $2 }' > "$T/scry.n"
		is "$(cat "$T/scry.n")" "$(cat "$T/perf.n")" "$f.data -n: the same sample counts as perf"
		for filt in "--comm report-tree"; do
			perf report --stdio --children -g none $filt -i "$T/$f.data" 2> "$T/perf.err" | entries 0.5 > "$T/perf.e"
			"$SCRY" report --stdio --children -g none $filt -i "$T/$f.data" 2>> "$PIPES_ERR" | entries 0.5 > "$T/scry.e"
			if [ -s "$T/perf.e" ] && diff "$T/perf.e" "$T/scry.e" > "$T/d.txt"; then
				pass "$f.data $filt: as perf report"
			else
				fail "$f.data $filt differs from perf" "$(head -6 "$T/d.txt")"
			fi
		done
	done
else
	skip "perf is not installed: no comparison with perf report"
fi

"$SCRY" report --no-children -g none --symbols hot,main -i "$T/s.data" 2>> "$PIPES_ERR" | entries > "$T/sy.txt"
is "$(grep -vcE '\] (hot|main)$' "$T/sy.txt")" 0 "--symbols hot,main --no-children: only those symbols have entries"

# ---- keys and options of our own --------------------------------------------------------
"$SCRY" report --no-children -g none -s tid,symoff -i "$T/s.data" > "$T/k.txt"
like "$T/k.txt" '^ +[0-9.]+%  +[0-9]+:report-tree +\[\.\] hot\+0x[0-9a-f]+$' "--sort tid,symoff: TID:COMM and sym+offset"
total=$("$SCRY" report --no-children -g none -s symoff -i "$T/s.data" 2>> "$PIPES_ERR" | entries | awk '{ s += $1 } END { printf "%.0f", s }')
is "$total" 100 "--sort symoff: the entries add up to 100%"
"$SCRY" report --no-children -g none --percent-limit 5 -i "$T/s.data" 2>> "$PIPES_ERR" | entries > "$T/pl.txt"
is "$(awk '$1 + 0 < 5' "$T/pl.txt" | wc -l)" 0 "--percent-limit 5 hides the entries below 5%"
samples=$("$SCRY" script -i "$T/s.data" -F event 2>> "$PIPES_ERR" | grep -c cpu-clock)
run_ok "report --stats" "$SCRY" report --stats -i "$T/s.data" > "$T/stats.txt"
like "$T/stats.txt" "^ +SAMPLE events: +$samples  " "--stats: $samples SAMPLE records, as scry script counts"
like "$T/stats.txt" "^ +COMM events: +[1-9]" "--stats: COMM records counted"
run_ok "report --header" "$SCRY" report --header -i "$T/s.data" > "$T/h.txt"
like "$T/h.txt" "^# hostname : $(hostname)\$" "--header shows the features"
run_ok "report -q" "$SCRY" report -q --no-children -g none -i "$T/s.data" > "$T/q.txt"
is "$(grep -c '^#' "$T/q.txt")" 0 "-q: no comment lines"
# -o -: the program's own stdout goes to stderr, out of the data's way.
"$SCRY" record -q -F 999 -g -o - -- "$TREE" 300 2> "$T/pipe.rec" | "$SCRY" report --no-children -g none -i - > "$T/pipe.txt" 2>> "$PIPES_ERR"
STDERR_OK='^rounds [0-9]+$' stderr_ok "$T/pipe.rec" "record -o -: only the program's output on stderr"
like "$T/pipe.txt" '\[\.\] hot$' "report -i - reads a pipe from record -o -"
"$SCRY" report --no-children -g none --max-stack 1 --children -i "$T/s.data" 2>> "$PIPES_ERR" | entries > "$T/ms.txt"
is "$(awk '/\] main$/ && $1 != $2' "$T/ms.txt")" "" "--max-stack 1: callers get no children share"

# ---- --call-graph dwarf: unwound offline ------------------------------------------------
DEEP="$PROGS/unwind-deep"
run_ok "record --call-graph dwarf" "$SCRY" record -q --call-graph dwarf -o "$T/dw.data" -- "$DEEP" 500 > /dev/null
run_ok "report of the dwarf file" "$SCRY" report --no-children -i "$T/dw.data" > "$T/dw.txt"
is "$(sed -n '/\[\.\] uw_leaf$/,/^$/p' "$T/dw.txt" | sed -n 3,7p | tr -d ' -' | tr '\n' ' ')" "uw_leaf uw_c uw_b uw_a main " \
	"dwarf: the -O2 -fomit-frame-pointer chain uw_leaf <- uw_c <- uw_b <- uw_a <- main, unwound"
done_pct=$(awk '/^# DWARF unwinding:/ { printf "%d", 100 * $6 / $4 }' "$T/dw.txt")
[ "${done_pct:-0}" -ge 90 ] && pass "dwarf: $done_pct% of the stacks unwound to the end (counted in the header)" || fail "dwarf: only ${done_pct:-0}% unwound" "$(grep '^# DWARF' "$T/dw.txt")"
run_ok "record -g of unwind-deep" "$SCRY" record -q -g -o "$T/fpdeep.data" -- "$DEEP" 300 > /dev/null
"$SCRY" report --no-children -i "$T/fpdeep.data" 2>> "$PIPES_ERR" | sed -n '/\[\.\] uw_leaf$/,/^$/p' > "$T/fpdeep.txt"
unlike "$T/fpdeep.txt" '^ +uw_a$' "control: -g (frame pointers) cannot rebuild that chain"
if [ $have_perf = 1 ]; then
	# perf 6.1 adds the inlined functions of DWARF-unwound frames as entries of
	# their own (__libc_start_main, _dl_start_final, "(inlined)"), as scry does
	# only with --inline: leave those lines out of both. perf's unwinder now
	# and then drops a caller frame that scry finds (unwind.t checks that
	# sample by sample), which moves a --children share by a sample or two:
	# the entries must be the same, each percentage within 0.15 (3 of the
	# ~2,000 samples) of perf's.
	for mode in --children --no-children; do
		perf report --stdio $mode -g none -i "$T/dw.data" 2> "$T/perf.err" | entries 0.5 | grep -v -e __libc_start_main -e '(inlined)$' > "$T/perf.e"
		"$SCRY" report --stdio $mode -g none -i "$T/dw.data" 2>> "$PIPES_ERR" | entries 0.5 | grep -v __libc_start_main > "$T/scry.e"
		if [ -s "$T/perf.e" ] && near_entries "$T/perf.e" "$T/scry.e" 0.15 > "$T/d.txt"; then
			pass "dwarf $mode: the same $(wc -l < "$T/scry.e") entries as perf report (which unwinds scry's file too), percentages within 0.15"
		else
			fail "dwarf $mode entries differ from perf's" "$(head -6 "$T/d.txt")"
		fi
	done
fi

# ---- pictures -----------------------------------------------------------------------------
run_ok "report --folded" "$SCRY" report --folded -i "$T/s.data" > "$T/folded.txt"
is "$(awk '{ s += $NF } END { print s }' "$T/folded.txt")" "$samples" "--folded: the stack counts add up to the $samples samples"
like "$T/folded.txt" '^report-tree;__libc_start_call_main;main;work_a;hot [0-9]+$' "--folded: comm;root;...;leaf COUNT"
a=$(awk '/;work_a;hot / { print $NF }' "$T/folded.txt"); b=$(awk '/;work_b;hot / { print $NF }' "$T/folded.txt")
awk -v a="${a:-0}" -v b="${b:-1}" 'BEGIN { exit !(a / b > 1.5 && a / b < 2.6) }' && pass "--folded: work_a;hot $a vs work_b;hot $b (2:1)" || fail "folded ratio: $a vs $b"
run_ok "--flamegraph writes an SVG" "$SCRY" report --flamegraph "$T/fg.svg" -i "$T/s.data"
if command -v python3 > /dev/null; then
	python3 "$(dirname "$0")/../check-flamegraph.py" "$T/fg.svg" "$samples" > "$T/fg.check" 2>&1
	is "$? $(cut -d: -f2 "$T/fg.check")" "0  ok" "the SVG is well-formed, self-contained, and its frame widths sum to the $samples samples"
else
	skip "python3 is not installed: SVG not validated"
fi
grep -q '<title>hot (' "$T/fg.svg" && pass "the SVG names hot in a tooltip" || fail "no tooltip for hot in the SVG"
"$SCRY" report --flamegraph /nonexistent-dir/x.svg -i "$T/s.data" > /dev/null 2> "$T/err"
is "$? $(wc -l < "$T/err")" "1 1" "--flamegraph into a missing directory: exit 1, one error line"

# ---- tracepoint fields ------------------------------------------------------------------
run_ok "record of sched_switch" "$SCRY" record -q -e sched:sched_switch -o "$T/sw.data" -- "$PROGS/sc-slow" > /dev/null
run_ok "report --sort of a tracepoint field" "$SCRY" report --sort sched:sched_switch.prev_comm -i "$T/sw.data" > "$T/sw.txt"
like "$T/sw.txt" '^ +[0-9.]+%  sc-slow$' "--sort sched:sched_switch.prev_comm: the program's switches are an entry"
if [ $have_perf = 1 ]; then
	perf report --stdio --sort sched:sched_switch.prev_comm -i "$T/sw.data" 2> "$T/perf.err" | entries | awk '{ print $1, $2 }' | sort > "$T/perf.e"
	entries < "$T/sw.txt" | awk '{ print $1, $2 }' | sort > "$T/scry.e"
	is "$(diff "$T/perf.e" "$T/scry.e" | head -3)" "" "... with perf's percentages for every prev_comm"
fi

# ---- bad input ----------------------------------------------------------------------------
usage_error "unknown sort key: a usage error (129), naming the key" "unknown key 'nosuchkey'" \
	"$SCRY" report -s nosuchkey -i "$T/s.data"
"$SCRY" report -i "$T/nonexistent.data" > /dev/null 2> "$T/err"
is "$? $(wc -l < "$T/err")" "1 1" "missing file: exit 1, one error line"
head -c 3000 "$T/s.data" > "$T/cut.data"
timeout 20 "$SCRY" report -i "$T/cut.data" > /dev/null 2> "$T/err"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] && pass "truncated file: exit $rc, no crash" || fail "truncated file: exit $rc"

stderr_ok "$PIPES_ERR" "the reports and scripts read through pipes above wrote nothing on stderr"

done_testing
