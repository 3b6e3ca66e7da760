#!/bin/bash
# scry script's perf habits on data files: a syscall trace given to script
# or report is named for what it is; samples without a CPU get no invented
# one; --comms/--pid/--tid/--cpu select the samples perf script selects;
# -F +field/-field and TYPE:fields; --inline shows the frames DWARF says are
# inlined (perf 6.1's names); -G hides callchains. Each against what the
# programs did and against perf script on the same file.
. "$(dirname "$0")/lib.sh"
need_root
SPIN="$PROGS/spin"
BURN="$PROGS/burn"
TREE="$PROGS/report-tree-o2"
have_perf=0
command -v perf >/dev/null && have_perf=1

# The stderr of scry in pipelines, all checked at the end.
PIPES_ERR=$T/pipes.err
: > "$PIPES_ERR"
# Sample lines (not callchain frames, not blank) of scry script's output.
samples() { grep -c '^ *[^ 	].* [0-9]\+\.[0-9]\{6\}: ' "$1"; }
# The number of samples perf script shows with these options.
perf_count() { perf script -F comm,tid,time "$@" 2> "$T/perf.err" | grep -c .; }

# ---- a syscall trace given to report and script ---------------------------------
# one_line MSG FILE_STDOUT FILE_STDERR STATUS: exit 1, nothing on stdout, one
# line on stderr naming scry trace -i.
one_line() {
	if [ "$4" -eq 1 ] && [ ! -s "$2" ] && [ "$(wc -l < "$3")" -eq 1 ] &&
	   grep -qE 'is a syscall trace \(scry trace record\): show it with scry trace -i ' "$3"; then
		pass "$1"
	else
		fail "$1" "exit $4, stdout: $(head -c 200 "$2")" "stderr: $(head -3 "$3")"
	fi
}
for be in $(backends); do
	# sc-basic exits 3, on purpose
	WANT_STATUS=3 run_ok "trace record ($be)" "$SCRY" trace record $(backend_flag "$be") -q -o "$T/tr.$be" -- "$PROGS/sc-basic" > /dev/null
	"$SCRY" report -i "$T/tr.$be" > "$T/rep.out" 2> "$T/rep.err"
	one_line "report of a trace recording ($be): one line naming scry trace -i" "$T/rep.out" "$T/rep.err" $?
	"$SCRY" script -i "$T/tr.$be" > "$T/scr.out" 2> "$T/scr.err"
	one_line "script of a trace recording ($be): one line naming scry trace -i" "$T/scr.out" "$T/scr.err" $?
	unlike "$T/rep.out" 'swapper|__stop_|bpf_prog_' "... no bogus swapper/BPF entry ($be)"
	run_ok "trace -i still reads it ($be)" "$SCRY" trace -i "$T/tr.$be" -o "$T/tr.$be.txt"
	like "$T/tr.$be.txt" 'sc-basic/[0-9]+ munmap\(' "... and shows its syscalls ($be)"
done
# (script stops reading at once: the recorder may see its pipe closed)
"$SCRY" trace record -q -o - -- true 2> "$T/pipe.rec" | "$SCRY" script -i - > "$T/pipe.out" 2> "$T/pipe.err"
one_line "a trace recording on a pipe: the same one line" "$T/pipe.out" "$T/pipe.err" $?
STDERR_OK='^scry: writing -: Broken pipe$' stderr_ok "$T/pipe.rec" "... the recorder says no more than that its pipe closed"
run_ok "script -D of a trace recording still dumps it" "$SCRY" script -D -i "$T/tr.tp" > "$T/trd.txt"
like "$T/trd.txt" 'PERF_RECORD_SAMPLE' "... its records"

# ---- samples without a CPU ------------------------------------------------------
# A per-task recording (no -a, no -C): scry record, as perf record, does not
# sample the CPU.
run_ok "record a command (no CPU in the samples)" "$SCRY" record -q -e cpu-clock -F 999 -o "$T/nocpu.data" -- "$SPIN" 200 > /dev/null
if [ $have_perf = 1 ]; then
	perf evlist -v -i "$T/nocpu.data" 2> /dev/null > "$T/nocpu.evlist"
	unlike "$T/nocpu.evlist" 'sample_type:.*CPU' "perf evlist: the file's samples carry no CPU"
fi
run_ok "script of it" "$SCRY" script -i "$T/nocpu.data" > "$T/nocpu.txt"
n=$(samples "$T/nocpu.txt")
[ "$n" -ge 20 ] && pass "$n samples of spin" || fail "only $n samples of spin"
unlike "$T/nocpu.txt" '\[[0-9]{3}\]' "no invented [CPU] column"
run_ok "script --json of it" "$SCRY" script --json -i "$T/nocpu.data" > "$T/nocpu.json"
unlike "$T/nocpu.json" '"cpu":' "--json leaves the cpu out"
is "$(grep -c '"pid":' "$T/nocpu.json")" "$n" "--json: one object per sample ($n)"
run_ok "script -D of it" "$SCRY" script -D -i "$T/nocpu.data" > "$T/nocpu.D"
like "$T/nocpu.D" 'PERF_RECORD_SAMPLE\(misc 0x[0-9a-f]+\): [0-9]+/[0-9]+ time ' "-D: the samples' records..."
unlike "$T/nocpu.D" 'PERF_RECORD_SAMPLE.* cpu [0-9]' "... with no invented cpu"
"$SCRY" script -F comm,cpu -i "$T/nocpu.data" > "$T/fcpu.out" 2> "$T/fcpu.err"
rc=$?
is "$rc $(wc -l < "$T/fcpu.err") $(wc -c < "$T/fcpu.out")" "1 1 0" "-F comm,cpu on it: exit 1, one error line, no output"
like "$T/fcpu.err" "^scry: script: Samples for 'cpu-clock' event do not have CPU attribute set. Cannot print 'cpu' field.\$" "... perf's message"
if [ $have_perf = 1 ]; then
	perf script -F comm,cpu -i "$T/nocpu.data" > /dev/null 2> "$T/pcpu.err"
	is "$(sed 's/^scry: script: //' "$T/fcpu.err")" "$(grep Samples "$T/pcpu.err")" "... word for word perf script's"
fi
"$SCRY" script -F +cpu -i "$T/nocpu.data" > /dev/null 2> "$T/fcpu2.err"
is "$?" 1 "-F +cpu on it: exit 1 too"
"$SCRY" script -C 0 -i "$T/nocpu.data" > /dev/null 2> "$T/ccpu.err"
is "$? $(wc -l < "$T/ccpu.err")" "1 1" "--cpu on it: exit 1, one line"
like "$T/ccpu.err" "do not carry their CPU: remove --cpu" "... saying why"

# ---- filters: --comms, --pid, --tid, --cpu ------------------------------------------
# Two programs at once, system wide: spin and burn in processes of their own,
# their pids known; the samples carry their CPU.
timeout --preserve-status -s INT 2.5 "$SCRY" record -q -a -e cpu-clock -F 499 -o "$T/all.data" 2> "$T/rec.err" &
rec=$!
sleep 0.5
"$SPIN" 400 > /dev/null &
spin_pid=$!
"$BURN" 6000 > /dev/null &
burn_pid=$!
wait "$spin_pid" "$burn_pid"
wait "$rec"
stderr_ok "$T/rec.err" "record -a while spin and burn ran, stopped by SIGINT" $?
run_ok "script of it" "$SCRY" script -F comm,pid,tid,cpu,time,event -i "$T/all.data" > "$T/all.txt"
total=$(samples "$T/all.txt")
# What the unfiltered output says each filter should keep.
count_field() { awk -v col="$1" -v want="$2" '$col == want' "$T/all.txt" | grep -c .; }
n_spin=$(awk '$1 == "spin"' "$T/all.txt" | grep -c .)
n_burn=$(awk '$1 == "burn"' "$T/all.txt" | grep -c .)
# (a pid's samples: its program's, and any taken between fork and exec)
n_spinpid=$(awk -v p="$spin_pid" '{ split($2, a, "/") } a[1] == p' "$T/all.txt" | grep -c .)
n_burnpid=$(awk -v p="$burn_pid" '{ split($2, a, "/") } a[1] == p' "$T/all.txt" | grep -c .)
n_swapper=$(awk '{ split($2, a, "/") } a[2] == 0' "$T/all.txt" | grep -c .)
n_cpu0=$(grep -c ' \[000\] ' "$T/all.txt")
[ "$n_spin" -ge 10 ] && [ "$n_burn" -ge 20 ] && pass "spin ($n_spin) and burn ($n_burn) samples among $total" ||
	fail "samples of spin: $n_spin, burn: $n_burn (of $total)"
# (other spins may run meanwhile: other tests, system wide)
n_spinpid_spin=$(awk -v p="$spin_pid" '{ split($2, a, "/") } a[1] == p && $1 == "spin"' "$T/all.txt" | grep -c .)
[ "$n_spinpid" -ge 10 ] && [ "$n_spinpid_spin" -ge $((n_spinpid - 2)) ] &&
	pass "our spin (pid $spin_pid): $n_spinpid samples, named spin" || fail "our spin's pid: $n_spinpid samples, $n_spinpid_spin named spin"

# check_filter MSG WANT_COUNT LINE_REGEX PERF_OPTIONS -- SCRY_OPTIONS: scry
# script with the options keeps WANT_COUNT samples, each matching LINE_REGEX,
# and perf script with its options keeps as many.
check_filter() {
	local msg=$1 want=$2 re=$3 popts=() sopts=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do popts+=("$1"); shift; done
	shift
	sopts=("$@")
	"$SCRY" script -F comm,pid,tid,cpu,time,event "${sopts[@]}" -i "$T/all.data" > "$T/f.txt" 2>> "$PIPES_ERR"
	local got bad
	got=$(samples "$T/f.txt")
	bad=$(grep -vE -- "$re" "$T/f.txt" | head -3)
	if [ "$got" = "$want" ] && [ -z "$bad" ]; then pass "$msg: $got samples"
	else fail "$msg" "got $got samples, want $want" "lines that do not match: $bad"; fi
	if [ $have_perf = 1 ]; then
		is "$(perf_count -i "$T/all.data" "${popts[@]}")" "$got" "... as many as perf script ${popts[*]}"
	fi
}
check_filter "--comms spin" "$n_spin" '^ *spin ' --comms spin -- --comms spin
check_filter "--comm spin,burn" "$((n_spin + n_burn))" '^ *(spin|burn) ' --comms spin,burn -- --comm spin,burn
check_filter "-c nosuchcomm" 0 '^$' --comms nosuchcomm -- -c nosuchcomm
check_filter "--pid $spin_pid" "$n_spinpid" "^ *[^ ]+ +$spin_pid/$spin_pid " --pid "$spin_pid" -- --pid "$spin_pid"
check_filter "-p $spin_pid,$burn_pid" "$((n_spinpid + n_burnpid))" "^ *[^ ]+ +($spin_pid|$burn_pid)/" --pid "$spin_pid,$burn_pid" -- -p "$spin_pid,$burn_pid"
check_filter "--tid $spin_pid" "$n_spinpid" "/$spin_pid " --tid "$spin_pid" -- --tid "$spin_pid"
check_filter "--tid 0 (the idle task)" "$n_swapper" '^ *swapper +0/0 ' --tid 0 -- --tid 0
check_filter "--cpu 0" "$n_cpu0" ' \[000\] ' -C 0 -- --cpu 0
# every CPU the file's samples were taken on
maxcpu=$(grep -oE ' \[[0-9]{3,}\] ' "$T/all.txt" | tr -d '[] ' | sort -n | tail -1)
all_cpus=0-$((10#${maxcpu:-0}))
check_filter "-C $all_cpus (every CPU here)" "$total" '.' -C "$all_cpus" -- -C "$all_cpus"
n_spin0=$(awk '$1 == "spin" && $3 == "[000]"' "$T/all.txt" | grep -c .)
check_filter "--comms spin -C 0: both" "$n_spin0" '^ *spin .* \[000\] ' --comms spin -C 0 -- --comms spin -C 0
run_ok "-C $all_cpus,1000 (1000: a CPU the file has not)" "$SCRY" script -C "$all_cpus,1000" -F comm -i "$T/all.data" > "$T/c7.txt"
is "$(grep -c . "$T/c7.txt")" "$total" "... the same $total samples as $all_cpus"
usage_error "--cpu with a bad list: usage error" 'bad CPU list' "$SCRY" script --cpu 1-x -i "$T/all.data"
usage_error "--pid with a bad list: usage error" 'bad pid list' "$SCRY" script --pid 12,x -i "$T/all.data"
usage_error "--tid with an empty entry: usage error" 'bad tid list' "$SCRY" script --tid 1, -i "$T/all.data"
usage_error "--comms with an empty entry: usage error" 'bad comm list' "$SCRY" script --comms a,,b -i "$T/all.data"

# ---- -F +field, -field, TYPE:fields -------------------------------------------------
run_ok "-F -period,-ip,-dso" "$SCRY" script -F -period,-ip,-dso -i "$T/all.data" > "$T/fm.txt"
like "$T/fm.txt" '^ *spin +[0-9]+ \[[0-9]{3}\] [0-9]+\.[0-9]{6}: cpu-clock: +[^ ]+$' "-F -period,-ip,-dso: the default line less those three"
unlike "$T/fm.txt" ' [0-9a-f]{6,} | \(/' "... no address, no DSO"
is "$(samples "$T/fm.txt")" "$total" "... every sample still shown"
run_ok "-F comm,tid then -F +cpu" "$SCRY" script -F comm,tid -F +cpu -i "$T/all.data" > "$T/fp.txt"
like "$T/fp.txt" '^ *spin +[0-9]+ \[[0-9]{3}\] $' "-F comm,tid -F +cpu: comm, tid and the CPU"
run_ok "-F sw:comm,tid" "$SCRY" script -F sw:comm,tid -i "$T/all.data" > "$T/fsw.txt"
like "$T/fsw.txt" '^ *spin +[0-9]+ $' "-F sw:comm,tid: cpu-clock (a software event) shows comm and tid"
run_ok "-F trace:comm" "$SCRY" script -F trace:comm -i "$T/all.data" > "$T/ftr.txt"
like "$T/ftr.txt" '^ *spin +[0-9]+ \[[0-9]{3}\] [0-9.]+: +[0-9]+ cpu-clock: ' "-F trace:comm: software events keep the default"
run_ok "-F sw:" "$SCRY" script -F sw: -i "$T/all.data" > "$T/fnone.txt"
is "$(wc -c < "$T/fnone.txt")" 0 "-F sw: (an empty list) hides the software events"
if [ $have_perf = 1 ]; then
	for arg in -period,-ip,-dso sw:comm,tid trace:comm +cpu sw:; do
		oracle_ok "perf script takes -F $arg as well" perf script -F "$arg" -i "$T/all.data" > /dev/null
	done
fi
usage_error "-F with an unknown field: usage error listing the fields" \
	"unknown field 'nosuch' in -F \(fields: comm tid pid cpu time event ip sym symoff dso period trace callchain\)" \
	"$SCRY" script -F +nosuch -i "$T/all.data"
usage_error "-F mixing +field and plain fields: usage error" "mixes \+field/-field with plain fields" \
	"$SCRY" script -F +cpu,tid -i "$T/all.data"
usage_error "-F with an unknown type: usage error" "unknown event type 'hwx'" "$SCRY" script -F hwx:comm -i "$T/all.data"

# ---- --inline and -G ----------------------------------------------------------------
# report-tree at -O2: mix() is inlined into hot(), where the time goes. perf
# 6.1 adds inlined frames to DWARF-unwound chains (not to frame-pointer
# ones): compare on a --call-graph dwarf file.
run_ok "record --call-graph dwarf of report-tree-o2" "$SCRY" record -q -e cpu-clock -F 499 --call-graph dwarf -o "$T/dw.data" -- "$TREE" 300 > /dev/null
run_ok "script --inline" "$SCRY" script --inline -i "$T/dw.data" > "$T/inl.txt"
n_hot=$(grep -cE '^	 *[0-9a-f]+ hot\+0x[0-9a-f]+ \(' "$T/inl.txt")
n_mix=$(grep -cE '^	 *[0-9a-f]+ mix\+0x[0-9a-f]+ \(inlined\)$' "$T/inl.txt")
[ "$n_mix" -ge 10 ] && pass "--inline: $n_mix frames of mix (inlined), in $n_hot of hot" || fail "--inline: $n_mix mix (inlined) frames, $n_hot hot frames"
# Each inlined frame comes right before the frame of the function it is in, at its address.
bad=$(awk '/ \(inlined\)$/ { ip = $1; getline; if ($1 != ip) print }' "$T/inl.txt" | head -3)
is "$bad" "" "... each before its outer frame, at the same address"
is "$(awk '/ mix\+0x[0-9a-f]+ \(inlined\)$/ { getline; print $2 }' "$T/inl.txt" | sed 's/+.*//' | sort -u)" "hot" "... and that frame is hot"
run_ok "script without --inline" "$SCRY" script -i "$T/dw.data" > "$T/noinl.txt"
unlike "$T/noinl.txt" '\(inlined\)' "without --inline: no inlined frames"
is "$(grep -c . "$T/noinl.txt")" "$(($(grep -c . "$T/inl.txt") - $(grep -c '(inlined)$' "$T/inl.txt")))" "... the same lines otherwise"
if [ $have_perf = 1 ]; then
	# perf 6.1 also marks a function whose DWARF name differs from its ELF
	# symbol as inlined (libc's __libc_start_main_impl for
	# __libc_start_main, __GI__IO_doallocbuf for _IO_doallocbuf) and then
	# drops the outer frame: only the program's own inlined frames compare
	# (those followed by their outer frame, at the same address, in the
	# program).
	perf script --inline -i "$T/dw.data" 2> "$T/perf.err" > "$T/pinl.txt"
	own() { awk -v dso="($TREE)" '/ \(inlined\)$/ { n = $2; ip = $1; getline; if ($1 == ip && $NF == dso) print n }' "$1" | sort | uniq -c; }
	is "$(own "$T/inl.txt")" "$(own "$T/pinl.txt")" "the same inlined frames (names, offsets, counts) as perf script --inline"
fi
run_ok "script --inline --json" "$SCRY" script --inline --json -i "$T/dw.data" > "$T/inl.json"
like "$T/inl.json" '"sym":"mix","symoff":[0-9]+,"inlined":true\},\{"ip":"0x[0-9a-f]+","sym":"hot"' "--json --inline: mix as an inlined entry before hot"
run_ok "script -G" "$SCRY" script -G -i "$T/dw.data" > "$T/g.txt"
is "$(grep -c '^	' "$T/g.txt")" 0 "-G: no callchain frame lines"
is "$(samples "$T/g.txt")" "$(samples "$T/noinl.txt")" "... every sample still shown"
like "$T/g.txt" ' cpu-clock: +[0-9a-f]+ hot\+0x[0-9a-f]+ \(' "... with the sampled address on its line, as perf script -G"
if [ $have_perf = 1 ]; then
	perf script -G -F comm,tid,time,ip,sym -i "$T/dw.data" 2> /dev/null | awk '{ print $NF }' | sed 's/+.*//' > "$T/pg.sym"
	"$SCRY" script -G -F comm,tid,time,ip,sym -i "$T/dw.data" 2>> "$PIPES_ERR" | awk '{ print $NF }' | sed 's/+.*//' > "$T/sg.sym"
	is "$(cmp -s "$T/pg.sym" "$T/sg.sym" && echo same)" same "-G: the same sampled symbols as perf script -G"
fi
run_ok "script --json -G" "$SCRY" script --json -G -i "$T/dw.data" > "$T/g.json"
unlike "$T/g.json" '"callchain"' "--json -G: no callchain"

stderr_ok "$PIPES_ERR" "no unexpected messages from scry in pipelines"
done_testing
