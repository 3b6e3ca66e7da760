#!/bin/bash
# scry report --pprof: the samples as a gzipped pprof profile, read back by
# go tool pprof: its flat shares and stacks are report's own (report-tree:
# hot() with mix() inlined, called 2:1 from work_a and work_b), with
# inlined functions, source lines, build-ids, labels, time and duration; the
# filters apply; dwarf-unwound, portable and --no-embed files name frames.
. "$(dirname "$0")/lib.sh"
need_root
command -v go > /dev/null && go tool pprof -h > /dev/null 2>&1 || skip_all "no go tool pprof (make deps installs golang-go)"
TREE="$PROGS/report-tree"
DEEP="$PROGS/unwind-deep"
export PPROF_TMPDIR=$T/pprof HOME=$T     # pprof keeps nothing outside $T

# go tool pprof, offline, its stderr (the "Main binary filename not
# available" kind of remarks) kept apart.
pp() { go tool pprof "$@" 2>> "$T/pprof.err"; }

# The stacks of a profile as folded lines "comm;root;...;leaf", one per
# distinct stack, from pprof -raw (every location: its function, the
# outermost of its lines as report names frames without --inline, or its
# address when it has none, as report names unresolved frames).
pprof_stacks() {
	pp -raw "$1" | awk '
		function flush() { if (ids != "") { ns++; sids[ns] = ids; scomm[ns] = comm } ids = ""; comm = "" }
		/^Samples:/ { sec = "s"; next }
		/^Locations/ { flush(); sec = "l"; next }
		/^Mappings/ { sec = "m"; next }
		sec == "s" && /^ *-?[0-9]+( +-?[0-9]+)*: / { flush(); ids = $0; sub(/^[^:]*: */, "", ids); sub(/ +$/, "", ids); next }
		sec == "s" && /comm:\[/ { c = $0; sub(/.*comm:\[/, "", c); sub(/\].*/, "", c); comm = c; next }
		sec == "l" && /^ +[0-9]+: 0x/ {
			id = $1; sub(/:/, "", id); a = $2; if (a == "0x0") a = "0"
			n = $0; if (n ~ / M=[0-9]+ /) { sub(/^.* M=[0-9]+ /, "", n); sub(/ [^ ]*:[0-9]+ s=[0-9]+ *$/, "", n) } else n = ""
			name[id] = n == "" ? a : n; next }
		sec == "l" && /^ +[^ ]/ { n = $0; sub(/^ +/, "", n); sub(/ [^ ]*:[0-9]+ s=[0-9]+ *$/, "", n); name[id] = n; next }
		END { for (i = 1; i <= ns; i++) { k = split(sids[i], v, " "); s = scomm[i]
			for (j = k; j >= 1; j--) s = s ";" name[v[j]]; print s } }' | sort -u
}
# The same from pprof -traces (its view: names only; unresolved frames are
# "<unknown>" or "[dso]" there), the stacks whose frames all have names.
traces_stacks() {
	pp -traces -noinlines "$1" | awk '
		function flush() { if (n) { s = comm; for (i = n; i >= 1; i--) s = s ";" f[i]; print s } n = 0 }
		/^-+\+-+$/ { flush(); comm = ""; next }
		/^ +comm: / { comm = $2; next }
		/^ +[a-z]+: / { next }
		$1 ~ /^[0-9]/ && substr($0, 1, 11) !~ /^ *$/ { sub(/^ *[^ ]+ +/, ""); n = 1; f[1] = $0; next }
		/^             [^ ]/ && n { sub(/^ +/, ""); f[++n] = $0 }
		END { flush() }' | grep -vE ';(<unknown>|\[[^];]*\])(;|$)' | sort -u
}
named_stacks() { grep -vE ';(0x[0-9a-f]+|0)(;|$)'; }
report_stacks() { "$SCRY" report --folded "$@" | sed -E 's/ [0-9]+$//; s/_\[k\]//g' | sort -u; }

# "NAME PERCENT" of pprof -top's flat column and of report --no-children
# --sort sym, for the entries of at least MIN percent.
pprof_top() {
	pp -top -noinlines -nodefraction=0 -edgefraction=0 "$1" |
		awk -v min="$2" '$2 ~ /%$/ && $1 != "flat" { p = $2; sub(/%/, "", p); if (p + 0 >= min) print $NF, p }' | sort
}
report_top() {
	"$SCRY" report --no-children --sort sym -q -g none -i "$1" |
		awk -v min="$2" '$1 ~ /%$/ { p = $1; sub(/%/, "", p); if (p + 0 >= min) print $NF, p }' | sort
}
# same_shares A B: the same names, percentages within 0.1 points.
same_shares() {
	join -a1 -a2 -e missing -o 0,1.2,2.2 "$1" "$2" |
		awk '$2 == "missing" || $3 == "missing" || $2 - $3 > 0.1 || $3 - $2 > 0.1 { print; bad = 1 } END { exit bad }'
}

run_ok "record -g of report-tree" "$SCRY" record -q -F 999 -g -o "$T/s.data" -- "$TREE" 600 > /dev/null
run_ok "report --pprof FILE" "$SCRY" report -i "$T/s.data" --pprof "$T/s.pb.gz"
if gzip -t "$T/s.pb.gz" 2> /dev/null; then pass "the profile is gzip"; else fail "the profile is gzip"; fi
"$SCRY" report -i "$T/s.data" --pprof "$T/s2.pb.gz" > "$T/s.out"
if [ ! -s "$T/s.out" ] && cmp -s "$T/s.pb.gz" "$T/s2.pb.gz"; then pass "nothing on stdout with --pprof FILE, the same profile again"; else fail "stdout with --pprof FILE" "$(head -3 "$T/s.out")"; fi

# ---- flat shares and stacks: report's ------------------------------------------
pprof_top "$T/s.pb.gz" 0.5 > "$T/pp.top"
report_top "$T/s.data" 0.5 > "$T/rep.top"
if [ -s "$T/rep.top" ] && diff=$(same_shares "$T/pp.top" "$T/rep.top"); then
	pass "pprof -top's flat shares are report --no-children's within 0.1 points ($(tr '\n' ' ' < "$T/pp.top"))"
else
	fail "pprof -top vs report --no-children" "$diff" "pprof: $(tr '\n' ' ' < "$T/pp.top")" "report: $(tr '\n' ' ' < "$T/rep.top")"
fi
like "$T/pp.top" '^hot (9[5-9]|100)' "hot holds (nearly) all the samples"
pprof_stacks "$T/s.pb.gz" > "$T/pp.stacks"
report_stacks -i "$T/s.data" > "$T/rep.stacks"
if [ -s "$T/rep.stacks" ] && cmp -s "$T/pp.stacks" "$T/rep.stacks"; then
	pass "the profile's stacks are report's chains ($(wc -l < "$T/rep.stacks") distinct, from pprof -raw)"
else
	fail "pprof -raw's stacks vs report --folded" "$(diff "$T/pp.stacks" "$T/rep.stacks" | head -8)"
fi
traces_stacks "$T/s.pb.gz" > "$T/tr.stacks"
if [ -s "$T/tr.stacks" ] && cmp -s "$T/tr.stacks" <(named_stacks < "$T/rep.stacks"); then
	pass "pprof -traces's stacks are report's (those with named frames: $(wc -l < "$T/tr.stacks"))"
else
	fail "pprof -traces vs report" "$(diff "$T/tr.stacks" <(named_stacks < "$T/rep.stacks") | head -8)"
fi
has_line "$T/tr.stacks" "report-tree;__libc_start_call_main;main;work_a;hot" "a stack main -> work_a -> hot"
has_line "$T/tr.stacks" "report-tree;__libc_start_call_main;main;work_b;hot" "a stack main -> work_b -> hot"
# cum of work_a : work_b is the program's 2:1
read -r wa wb <<< "$(pp -top -noinlines -nodefraction=0 "$T/s.pb.gz" | awk '$NF == "work_a" { a = $5 } $NF == "work_b" { b = $5 } END { sub(/%/, "", a); sub(/%/, "", b); print a, b }')"
if awk -v a="$wa" -v b="$wb" 'BEGIN { exit !(b > 0 && a / b > 1.5 && a / b < 2.6) }'; then
	pass "cum work_a $wa% : work_b $wb% (the program calls hot 2:1)"
else
	fail "cum work_a : work_b" "'$wa' '$wb'"
fi

# ---- inlined frames, lines, functions' files --------------------------------------
pp -traces "$T/s.pb.gz" > "$T/traces.txt"
if awk '/mix \(inline\)$/ { getline nx; if (nx ~ / hot$/) ok = 1 } END { exit !ok }' "$T/traces.txt"; then
	pass "the inlined mix() is a line of hot's locations, innermost first"
else
	fail "mix (inline) then hot" "$(grep -m3 -A1 'mix' "$T/traces.txt")"
fi
mixline=$(grep -n '6364136223846793005UL' "$(dirname "$0")/../progs/report-tree.c" | head -1 | cut -d: -f1)
pp -top -lines -nodefraction=0 "$T/s.pb.gz" > "$T/lines.txt"
like "$T/lines.txt" " mix report-tree\.c:$mixline( |$)" "-lines: mix at report-tree.c:$mixline (the loop's line, from DWARF)"
like "$T/lines.txt" " main report-tree\.c:[0-9]+( |$)" "-lines: main has a file and a line"

# ---- mappings, labels, time --------------------------------------------------------
pp -raw "$T/s.pb.gz" > "$T/raw.txt"
bid=$(readelf -n "$TREE" | awk '/Build ID:/ { print $3; exit }')
like "$T/raw.txt" "^[0-9]+: 0x[0-9a-f]+/0x[0-9a-f]+/0x[0-9a-f]+ .*report-tree $bid" "the program's mapping has its path and build-id ($bid)"
like "$T/raw.txt" "^[0-9]+: .*/libc\.so\.6 [0-9a-f]{40}" "libc's mapping has a build-id"
like "$T/traces.txt" "^File: report-tree$" "the program is the main binary (the first mapping)"
pp -tags "$T/s.pb.gz" > "$T/tags.txt"
pid=$("$SCRY" report --sort pid -q -g none -i "$T/s.data" | awk '$NF ~ /report-tree/ { print $NF; exit }' | grep -oE '[0-9]+$')
[ -n "$pid" ] || pid=$("$SCRY" report --sort pid -q -g none -i "$T/s.data" | awk '{ print $NF; exit }' | grep -oE '[0-9]+')
like "$T/tags.txt" "^ *comm: Total" "a comm label"
like "$T/tags.txt" " report-tree$" "comm: report-tree"
like "$T/tags.txt" " $pid( |$)" "pid/tid: $pid, the program's (as report --sort pid says)"
dur=$(awk '/^Duration:/ { sub(/,$/, "", $2); print $2; exit }' "$T/traces.txt")
secs=$(echo "$dur" | awk '{ v = $1; if (v ~ /ms$/) { sub(/ms/, "", v); v /= 1000 } else sub(/s$/, "", v); print v }')
if awk -v s="$secs" 'BEGIN { exit !(s >= 0.4 && s <= 1.5) }'; then
	pass "duration $dur (the program ran 600 ms)"
else
	fail "duration" "'$dur'"
fi
now=$(date -u +%s)
when=$(awk '/^Time:/ { print $2, $3, $4; exit }' "$T/raw.txt")
t=$(date -u -d "$when" +%s 2>/dev/null || echo 0)
if [ $((now - t)) -ge 0 ] && [ $((now - t)) -lt 600 ]; then
	pass "time: $when (when it was recorded)"
else
	fail "time" "'$when' ($t vs now $now)"
fi
like "$T/raw.txt" "^PeriodType: cpu nanoseconds" "cpu-clock is cpu/nanoseconds"

# ---- stdout, filters, events ------------------------------------------------------
"$SCRY" report -i "$T/s.data" --pprof - > "$T/stdout.pb.gz" 2> "$T/stdout.err"
stderr_ok "$T/stdout.err" "--pprof - exits 0" $?
if cmp -s "$T/stdout.pb.gz" "$T/s.pb.gz"; then pass "--pprof - writes the same profile on stdout"; else fail "--pprof - vs FILE"; fi
run_ok "--comm report-tree --pprof" "$SCRY" report -i "$T/s.data" --comm report-tree --pprof "$T/comm.pb.gz"
pprof_stacks "$T/comm.pb.gz" > "$T/comm.stacks"
if cmp -s "$T/comm.stacks" <(report_stacks -i "$T/s.data" --comm report-tree); then pass "--comm: the stacks of that command"; else fail "--comm stacks" "$(diff "$T/comm.stacks" <(report_stacks -i "$T/s.data" --comm report-tree) | head -5)"; fi
run_ok "--comm nosuch --pprof" "$SCRY" report -i "$T/s.data" --comm nosuch --pprof "$T/none.pb.gz"
# the number of samples of pprof -traces (lines with a value)
nsamples() { pp -traces "$@" | awk '$1 ~ /^[0-9]/ && substr($0, 1, 11) !~ /^ *$/ { n++ } END { print n + 0 }'; }
is "$(nsamples "$T/none.pb.gz")" "0" "--comm nosuch: no samples"
run_ok "--pid OTHER --pprof" "$SCRY" report -i "$T/s.data" --pid 1 --tid 1 --pprof "$T/pid.pb.gz"
is "$(nsamples "$T/pid.pb.gz")" "0" "--pid/--tid of another process: no samples"
run_ok "--symbols work_b,hot --dso report-tree --pprof" "$SCRY" report -i "$T/s.data" --symbols hot --dso report-tree --pprof "$T/sym.pb.gz"
pp -top -noinlines -nodefraction=0 "$T/sym.pb.gz" | awk '$2 ~ /%$/ && $1 != "flat" && $1 + 0 > 0 { print $NF }' > "$T/sym.flat"
is "$(sort -u "$T/sym.flat" | tr '\n' ' ')" "hot " "--symbols hot --dso report-tree: only samples that hit hot"

TP=syscalls:sys_enter_clock_nanosleep
run_ok "record two events (cpu-clock, a tracepoint)" "$SCRY" record -q -e "cpu-clock,$TP" -g -o "$T/two.data" -- \
	sh -c 'sleep 0.1; i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done'
run_ok "report --pprof of it" "$SCRY" report -i "$T/two.data" --pprof "$T/two.pb.gz"
pp -raw "$T/two.pb.gz" > "$T/two.raw"
has_line "$T/two.raw" "cpu/nanoseconds[dflt] $TP/count" "two sample types: cpu/nanoseconds and the tracepoint's count"
ns=$(pp -sample_index=$TP -traces "$T/two.pb.gz" | awk '$1 ~ /^[0-9]+$/ && substr($0, 1, 11) !~ /^ *$/ { s += $1 } END { print s + 0 }')
is "$ns" "1" "the tracepoint's column counts sleep's one clock_nanosleep"
like "$T/two.raw" "^ +[0-9]+: 0x[0-9a-f]+ M=[0-9]+ clock_nanosleep" "the tracepoint's sample has its stack (clock_nanosleep in libc)"
cpu=$(pp -traces "$T/two.pb.gz" | awk '$1 ~ /^[0-9.]+[mun]?s$/ && substr($0, 1, 11) !~ /^ *$/ { n++ } END { print n + 0 }')
if [ "$cpu" -gt 0 ]; then pass "the cpu column has samples ($cpu)"; else fail "cpu samples in the two-event file"; fi

# ---- a pipe, and perf's own file ----------------------------------------------------
"$SCRY" record -q -F 999 -g -o - -- "$TREE" 300 2> "$T/pipe.err" > "$T/pipe.data"
STDERR_OK="^rounds [0-9]+$" stderr_ok "$T/pipe.err" "record -o - (a pipe file; the program's output goes to stderr)" $?
"$SCRY" report -i - --pprof "$T/pipe.pb.gz" < "$T/pipe.data" 2> "$T/pipe2.err"
stderr_ok "$T/pipe2.err" "report -i - --pprof (the pipe form on stdin)" $?
if cmp -s <(pprof_stacks "$T/pipe.pb.gz") <(report_stacks -i "$T/pipe.data"); then pass "-i -: the stacks are report's"; else fail "pipe stacks vs report" "$(diff <(pprof_stacks "$T/pipe.pb.gz") <(report_stacks -i "$T/pipe.data") | head -5)"; fi
if command -v perf > /dev/null; then
	oracle_ok "perf record -g of report-tree" perf record -q -F 999 -g -o "$T/perf.data" -- "$TREE" 300 > /dev/null
	run_ok "report --pprof of perf's file" "$SCRY" report -i "$T/perf.data" --pprof "$T/perf.pb.gz"
	if diff=$(same_shares <(pprof_top "$T/perf.pb.gz" 0.5) <(report_top "$T/perf.data" 0.5)); then
		pass "perf's file: pprof's flat shares are report's"
	else
		fail "perf's file: shares" "$diff"
	fi
	if cmp -s <(pprof_stacks "$T/perf.pb.gz") <(report_stacks -i "$T/perf.data"); then pass "perf's file: the stacks are report's"; else fail "perf's file: stacks"; fi
else
	skip "no perf: perf's own file not tested"
fi

# ---- dwarf, portable, --no-embed ----------------------------------------------------
run_ok "record --call-graph dwarf of unwind-deep" "$SCRY" record -q -F 999 --call-graph dwarf -o "$T/d.data" -- "$DEEP" 500 > /dev/null
run_ok "report --pprof of it" "$SCRY" report -i "$T/d.data" --pprof "$T/d.pb.gz"
pprof_stacks "$T/d.pb.gz" > "$T/d.stacks"
like "$T/d.stacks" ";main;uw_a;uw_b;uw_c;uw_leaf$" "dwarf: main -> uw_a -> uw_b -> uw_c -> uw_leaf (unwound offline)"
if cmp -s "$T/d.stacks" <(report_stacks -i "$T/d.data"); then pass "dwarf: the stacks are report's"; else fail "dwarf stacks vs report" "$(diff "$T/d.stacks" <(report_stacks -i "$T/d.data") | head -6)"; fi

mkdir -p "$T/w"
cp "$TREE" "$T/w/rt"
run_ok "record a copy (portable)" "$SCRY" record -q -F 999 -g -o "$T/p.data" -- "$T/w/rt" 300 > /dev/null
run_ok "record a copy --no-embed" "$SCRY" record -q -F 999 -g --no-embed -o "$T/ne.data" -- "$T/w/rt" 300 > /dev/null
run_ok "--pprof of the --no-embed file" "$SCRY" report -i "$T/ne.data" --pprof "$T/ne.pb.gz"
rm "$T/w/rt"
run_ok "--pprof of the portable file, the binary gone" "$SCRY" report -i "$T/p.data" --pprof "$T/p.pb.gz"
pprof_stacks "$T/ne.pb.gz" > "$T/ne.stacks"
pprof_stacks "$T/p.pb.gz" > "$T/p.stacks"
has_line "$T/ne.stacks" "rt;__libc_start_call_main;main;work_a;hot" "--no-embed (binary present): named frames"
has_line "$T/p.stacks" "rt;__libc_start_call_main;main;work_a;hot" "portable (binary gone): named frames from the file's own symbols"

# ---- errors, help -------------------------------------------------------------------
"$SCRY" report -i "$T/s.data" --pprof "$T/nodir/x.pb.gz" > "$T/err.out" 2> "$T/err.err"
rc=$?
if [ "$rc" = 1 ] && [ "$(wc -l < "$T/err.err")" = 1 ] && grep -q "cannot create $T/nodir/x.pb.gz: No such file or directory" "$T/err.err"; then
	pass "an unwritable --pprof file: one error line, exit 1"
else
	fail "unwritable --pprof" "rc $rc" "$(cat "$T/err.err")"
fi
for o in --stats --folded "--flamegraph $T/f.svg" "-g folded"; do
	usage_error "--pprof with $o: a usage error" "^scry: report: --pprof is an output of its own" \
		"$SCRY" report -i "$T/s.data" --pprof "$T/x.pb.gz" $o
done
usage_error "--pprof - with --header: a usage error" "^scry: report: --pprof is an output of its own" \
	"$SCRY" report -i "$T/s.data" --pprof - --header
run_ok "--pprof FILE with --header: the header on stdout" "$SCRY" report -i "$T/s.data" --pprof "$T/h.pb.gz" --header > "$T/h.out"
like "$T/h.out" "^# hostname : " "... with the header"
if cmp -s "$T/h.pb.gz" "$T/s.pb.gz"; then pass "... and the same profile"; else fail "--header changed the profile"; fi
"$SCRY" report -h > "$T/help.txt" 2>&1
like "$T/help.txt" "--pprof FILE.pb.gz +write the samples as a gzipped pprof profile" "--help names --pprof"
MANWIDTH=200 "$SCRY" help report 2>/dev/null | col -b > "$T/man.txt"
like "$T/man.txt" "--pprof FILE.pb.gz" "the manual page names --pprof"
done_testing
