#!/bin/bash
# How scry record runs, as perf record does: a command next to -a/-p/-C
# only bounds the run (and perf's -aR without --), -R, the probe hint as
# printed; user-only sampling for an unprivileged user and errors naming
# the sysctl and the capability; -c 0 refused, -F max and -F throttled to
# kernel.perf_event_max_sample_rate; -D's delay and ranges; a stop signal
# sent to scry alone ends the command (SIGTERM, as perf) and the file is
# complete. Each checked against what the programs did and against perf.
. "$(dirname "$0")/lib.sh"
need_root
SPIN="$PROGS/spin"
PHASES="$PROGS/phases"

have_perf=0
command -v perf > /dev/null && have_perf=1
ms_now() { echo $(($(date +%s%N) / 1000000)); }
# "pid" per sample.
pids_of() { "$SCRY" script -i "$1" -F pid 2> /dev/null | awk 'NF { print $1 }'; }
nsamples() { "$SCRY" script -i "$1" 2> /dev/null | grep -c .; }
perf_nsamples() { perf script -i "$1" 2> /dev/null | grep -c .; }
# The value of an attr field in perf's header print (scry report --header-only).
attr_field() { "$SCRY" report --header-only -i "$1" | grep "^# event : name = $2," | grep -oE "$3 = [^,]+" | head -1; }

# ---- 1. a command with a target only bounds the run ---------------------------
bg_run "$SPIN" 30000 > /dev/null
spin_pid=$!
start=$(ms_now)
run_ok "record -a -- sleep 1: exits 0" "$SCRY" record -q -e cpu-clock -F 499 -a -o "$T/a.data" -- sleep 1
took=$(($(ms_now) - start))
[ "$took" -ge 1000 ] && [ "$took" -lt 15000 ] && pass "-a -- sleep 1: the run lasts as long as sleep (${took} ms)" ||
	fail "-a -- sleep 1 took ${took} ms"
pids_of "$T/a.data" | sort -u > "$T/a.pids"
[ "$(wc -l < "$T/a.pids")" -gt 1 ] && pass "-a -- sleep 1: samples of $(wc -l < "$T/a.pids") pids" ||
	fail "-a -- sleep 1: samples of one pid only" "$(cat "$T/a.pids")"
grep -qx "$spin_pid" "$T/a.pids" && pass "... among them the spinning program's ($spin_pid), not sleep's child" ||
	fail "no sample of the spinning program $spin_pid" "$(head -5 "$T/a.pids")"
is "$(attr_field "$T/a.data" cpu-clock enable_on_exec)" "" "-a -- CMD: the events are not enabled on the command's exec"
if [ $have_perf = 1 ]; then
	n=$(nsamples "$T/a.data")
	oracle_ok "perf script reads the -a -- sleep file" perf script -i "$T/a.data" > /dev/null
	is "$(perf_nsamples "$T/a.data")" "$n" "perf script counts the same $n samples as scry script"
else
	skip "perf is not installed"; skip "perf is not installed"
fi

run_ok "record -p PID -- sleep 0.5" "$SCRY" record -q -e cpu-clock -F 499 -p "$spin_pid" -o "$T/p.data" -- sleep 0.5
is "$(pids_of "$T/p.data" | sort -u | tr '\n' ' ')" "$spin_pid " "-p PID -- sleep: samples of PID only"
kill -0 "$spin_pid" 2> /dev/null && pass "-p PID -- sleep: PID keeps running after the run" || fail "the -p target died"

bg_run taskset -c 0 "$SPIN" 30000 > /dev/null
pinned=$!
run_ok "record -C 0 -- sleep 0.5" "$SCRY" record -q -e cpu-clock -F 499 -C 0 -o "$T/c.data" -- sleep 0.5
"$SCRY" script -i "$T/c.data" -F pid,cpu 2> /dev/null | awk 'NF { print $2 }' | sort -u > "$T/c.cpus"
is "$(cat "$T/c.cpus")" "[000]" "-C 0 -- sleep: every sample on cpu 0"
pids_of "$T/c.data" | grep -qx "$pinned" && pass "-C 0 -- sleep: samples of the program pinned to cpu 0 ($pinned)" ||
	fail "-C 0: no sample of the pinned program $pinned"
kill "$pinned" "$spin_pid"

# perf's spelling: options bundled, the command without --.
(cd "$T" && run_ok "record -aR sleep 0.3 (no --)" "$SCRY" record -q -e cpu-clock -aR sleep 0.3)
[ -s "$T/scry.data" ] && pass "-aR sleep: scry.data written" || fail "no scry.data"
like <(attr_field "$T/scry.data" cpu-clock sample_type) '\|RAW$' "-R: PERF_SAMPLE_RAW in the event's sample_type"
if [ $have_perf = 1 ]; then
	oracle_ok "perf script reads the -R file" perf script -i "$T/scry.data" > /dev/null
else
	skip "perf is not installed"
fi
WANT_STATUS=3 run_ok "record -a -- CMD: exits with CMD's status" "$SCRY" record -q -e cpu-clock -a -o "$T/st.data" -- sh -c 'exit 3'

# ---- 1b. the hint scry probe prints works as printed ----------------------------
UPROBES=/sys/kernel/tracing/uprobe_events
if [ -w "$UPROBES" ]; then
	BIN=$T/rrunspin
	cp "$SPIN" "$BIN"
	ours() { grep -E '^[pr]:probe_rrunspin' "$UPROBES"; }
	cleanup_probes() { ours | sed -E 's/^[pr]:([^ ]+).*/-:\1/' | sort -u >> "$UPROBES"; }
	trap 'cleanup_probes; cleanup' EXIT
	cleanup_probes
	run_ok "probe -x BIN spin_leaf" "$SCRY" probe -x "$BIN" spin_leaf > "$T/probe.out"
	hint=$(sed -n 's/^\t\(scry record .*\)$/\1/p' "$T/probe.out")
	is "$hint" "scry record -e probe_rrunspin:spin_leaf -aR sleep 1" "probe prints the record hint"
	bg_run "$BIN" 3000 > /dev/null
	bin_pid=$!
	read -r -a words <<< "${hint#scry }"
	(cd "$T" && rm -f scry.data && run_ok "the hint runs as printed" "$SCRY" "${words[@]}")
	kill "$bin_pid"
	hits=$("$SCRY" script -i "$T/scry.data" 2> /dev/null | grep -c "rrunspin *$bin_pid .*probe_rrunspin:spin_leaf")
	[ "$hits" -gt 100 ] && pass "the hint recorded $hits hits of spin_leaf in the running program" ||
		fail "only $hits hits of probe_rrunspin:spin_leaf"
	if [ $have_perf = 1 ]; then
		is "$(perf script -i "$T/scry.data" 2> /dev/null | grep -c 'probe_rrunspin:spin_leaf')" \
			"$(nsamples "$T/scry.data")" "perf script sees the same samples"
	else
		skip "perf is not installed"
	fi
	cleanup_probes
	is "$(ours | wc -l)" 0 "no probe left"
else
	for i in 1 2 3 4 5 6; do skip "no writable $UPROBES"; done
fi

# ---- 2. an unprivileged user ----------------------------------------------------
PARANOID=/proc/sys/kernel/perf_event_paranoid
if command -v setpriv > /dev/null && id nobody > /dev/null 2>&1 &&
   setpriv --reuid=nobody --regid=nogroup --clear-groups "$SCRY" --version > /dev/null 2>&1 &&
   setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$SPIN"; then
	orig_paranoid=$(cat "$PARANOID")
	trap 'echo "$orig_paranoid" > "$PARANOID"; [ "$(type -t cleanup_probes)" = function ] && cleanup_probes; cleanup' EXIT
	echo 2 > "$PARANOID"
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	U=$T/user
	mkdir "$U" && chmod 755 "$T" && chmod 777 "$U"
	as_user "$SCRY" record -o "$U/u.data" -- "$SPIN" 300 > /dev/null 2> "$U/u.err"
	is "$?" 0 "user, paranoid 2: record -- CMD exits 0"
	is "$(grep -c 'kernel.perf_event_paranoid is 2: sampling user space only' "$U/u.err")" 1 \
		"... and says once that it samples user space only"
	STDERR_OK="^scry: record: kernel.perf_event_paranoid is 2: sampling user space only \(cycles:u\)|^scry: record: 'cycles(:u)?' is not supported here|^\[ scry record: " \
		stderr_ok "$U/u.err" "... nothing else on stderr"
	is "$(attr_field "$U/u.data" 'cpu-clock:u' exclude_kernel)" "exclude_kernel = 1" "... the event excludes the kernel"
	is "$(attr_field "$U/u.data" 'cpu-clock:u' exclude_hv)" "exclude_hv = 1" "... and the hypervisor"
	"$SCRY" report -i "$U/u.data" --stdio > "$U/u.rep" 2> /dev/null
	like "$U/u.rep" "spin +spin +\[\.\] spin_leaf" "... its samples name spin_leaf"
	unlike "$U/u.rep" "\[k\]" "... and none is in the kernel"
	if [ $have_perf = 1 ]; then
		perf evlist -v -f -i "$U/u.data" > "$U/u.ev" 2>&1
		like "$U/u.ev" "^cpu-clock:u: .*exclude_kernel: 1, exclude_hv: 1" "perf evlist: cpu-clock:u excluding kernel and hypervisor"
		as_user perf record -q -o "$U/p.data" -- "$SPIN" 100 > /dev/null 2>&1
		perf evlist -v -f -i "$U/p.data" > "$U/p.ev" 2>&1
		like "$U/p.ev" "^cpu-clock:u[a-z]*: .*exclude_kernel: 1" "... as perf record's own user fallback excludes the kernel"
	else
		skip "perf is not installed"; skip "perf is not installed"
	fi
	as_user "$SCRY" record -q -e cpu-clock -o "$U/a.data" -a -- sleep 0.1 > /dev/null 2> "$U/a.err"
	is "$?" 1 "user, paranoid 2: -a fails (exit 1)"
	like "$U/a.err" "^scry: no permission to open event 'cpu-clock:u': recording every process \(-a, -C\) needs kernel.perf_event_paranoid at most 0 \(it is 2: .*CAP_PERFMON" \
		"... naming the sysctl, its value and CAP_PERFMON"
	as_user "$SCRY" record -q -e sched:sched_switch -o "$U/t.data" -- true > /dev/null 2> "$U/t.err"
	is "$?" 1 "user, paranoid 2: a tracepoint fails (exit 1)"
	like "$U/t.err" "kernel.perf_event_paranoid .*\(it is 2\)" "... naming the sysctl and its value"
	like "$U/t.err" "CAP_PERFMON" "... and the capability"
	echo "$orig_paranoid" > "$PARANOID"
	is "$(cat "$PARANOID")" "$orig_paranoid" "perf_event_paranoid restored ($orig_paranoid)"
else
	for i in $(seq 16); do skip "cannot run scry as user nobody (setpriv, or the paths are not readable to it)"; done
fi

# ---- 3. -c and -F limits -----------------------------------------------------------
usage_error "-c 0 is a usage error" "^scry: record: -c 0 is not a sample period" "$SCRY" record -c 0 -- true
usage_error "-c x is a usage error" "^scry: record: -c takes a sample period" "$SCRY" record -c x -- true
usage_error "-F 0 is a usage error" "^scry: record: -F takes a frequency" "$SCRY" record -F 0 -- true
usage_error "-F and -c together" "^scry: record: -F and -c exclude each other" "$SCRY" record -F max -c 5 -- true
max=$(cat /proc/sys/kernel/perf_event_max_sample_rate)
STDERR_OK="^scry: record: using the maximum frequency rate, $max Hz \(kernel.perf_event_max_sample_rate\)\$" \
	run_ok "-F max" "$SCRY" record -q -e cpu-clock -F max -o "$T/fmax.data" -- true
# -q keeps the info line quiet: see it without -q.
"$SCRY" record -e cpu-clock -F max -o "$T/fmax2.data" -- true 2> "$T/fmax.err"
like "$T/fmax.err" "^scry: record: using the maximum frequency rate, $max Hz" "-F max says the rate it uses"
is "$(attr_field "$T/fmax.data" cpu-clock '\{ sample_period, sample_freq \}')" "{ sample_period, sample_freq } = $max" \
	"-F max: sample_freq is kernel.perf_event_max_sample_rate ($max)"
over=$((max * 2))
"$SCRY" record -e cpu-clock -F "$over" -o "$T/fover.data" -- true 2> "$T/fover.err"
is "$?" 0 "-F $over (above the maximum) records"
like "$T/fover.err" "^scry: warning: record: Maximum frequency rate \($max Hz\) exceeded, throttling from $over Hz to $max Hz" \
	"... with perf's warning"
is "$(attr_field "$T/fover.data" cpu-clock '\{ sample_period, sample_freq \}')" "{ sample_period, sample_freq } = $max" \
	"... at the maximum"
if [ $have_perf = 1 ]; then
	perf record -e cpu-clock -F "$over" -o "$T/pover.data" -- true > /dev/null 2> "$T/pover.err"
	like "$T/pover.err" "Maximum frequency rate \([0-9,.']+ Hz\) exceeded, throttling from [0-9,.']+ Hz to [0-9,.']+ Hz" "perf warns alike"
	perf evlist -v -i "$T/pover.data" 2> /dev/null | grep -oE 'sample_freq \}: [0-9]+' > "$T/pf"
	perf evlist -v -i "$T/fover.data" 2> /dev/null | grep -oE 'sample_freq \}: [0-9]+' > "$T/sf"
	is "$(cat "$T/sf")" "$(cat "$T/pf")" "perf evlist: the same sample_freq as perf record's ($(cat "$T/pf"))"
else
	skip "perf is not installed"; skip "perf is not installed"
fi

# ---- 4. -D: counting after a delay, or in ranges ------------------------------------
# phases: phase_a for its first 300 ms, then phase_b for 700 ms.
syms_of() { "$SCRY" script -i "$1" -F sym 2> /dev/null | awk 'NF { print $1 }' | sort | uniq -c; }
run_ok "record (no -D) of phases" "$SCRY" record -q -e cpu-clock -F 999 -o "$T/d0.data" -- "$PHASES" 300 700
syms_of "$T/d0.data" > "$T/d0.syms"
like "$T/d0.syms" " phase_a$" "without -D: phase_a is sampled"
run_ok "record -D 600" "$SCRY" record -q -e cpu-clock -F 999 -D 600 -o "$T/d.data" -- "$PHASES" 300 700
syms_of "$T/d.data" > "$T/d.syms"
unlike "$T/d.syms" " phase_a$" "-D 600: no sample of phase_a (its first 300 ms)"
like "$T/d.syms" " phase_b$" "-D 600: phase_b is sampled"
is "$(attr_field "$T/d.data" cpu-clock enable_on_exec)" "" "-D: the event is not enabled on exec"
like <(attr_field "$T/d.data" 'dummy:u' 'disabled') "disabled = 1" "-D: a dummy:u event tracks the command from its exec"
"$SCRY" report -i "$T/d.data" --stdio > "$T/d.rep" 2> /dev/null
like "$T/d.rep" "phases +phases +\[\.\] phase_b" "-D: the command's comm and mmaps are known (report names phase_b in phases)"
if [ $have_perf = 1 ]; then
	is "$(perf_nsamples "$T/d.data")" "$(nsamples "$T/d.data")" "perf script reads the -D file, the same samples"
	perf record -q -e cpu-clock -F 999 -D 600 -o "$T/pd.data" -- "$PHASES" 300 700 > /dev/null 2>&1
	perf report -i "$T/pd.data" --stdio 2> /dev/null | grep -c 'phase_a' > "$T/pd.a"
	is "$(cat "$T/pd.a")" 0 "perf record -D 600 has no phase_a either"
else
	skip "perf is not installed"; skip "perf is not installed"
fi
run_ok "record -D 100-200,600-700" "$SCRY" record -q -e cpu-clock -F 999 -D 100-200,600-700 -o "$T/dr.data" -- "$PHASES" 300 700
syms_of "$T/dr.data" > "$T/dr.syms"
like "$T/dr.syms" " phase_a$" "-D ranges: the first range falls in phase_a"
like "$T/dr.syms" " phase_b$" "... the second in phase_b"
"$SCRY" script -i "$T/dr.data" -F time 2> /dev/null | tr -d ':' |
	awk 'NR > 1 && $1 - p > g { g = $1 - p } { p = $1; if (NR == 1) f = $1 } END { printf "%d %d\n", g * 1000, (p - f) * 1000 }' > "$T/dr.gap"
read -r gap span < "$T/dr.gap"
[ "$gap" -ge 250 ] && pass "-D ranges: nothing sampled between them (a ${gap} ms gap)" || fail "largest gap ${gap} ms"
[ "$span" -lt 800 ] && pass "-D ranges: nothing after the last range (samples span ${span} ms)" || fail "samples span ${span} ms"
usage_error "-D -1 is refused (no --control)" "^scry: record: -D -1 .*--control" "$SCRY" record -D -1 -- true
usage_error "-D 20-10 is a usage error" "^scry: record: -D takes MS or ascending ranges" "$SCRY" record -D 20-10 -- true

# ---- 5. a stop signal sent to scry alone ends the command ------------------------------
for sig in INT TERM; do
	"$SCRY" record -e cpu-clock -F 999 -o "$T/sig.data" -- "$SPIN" 60000 > /dev/null 2> "$T/sig.err" &
	scry_pid=$!
	BG_PIDS="$BG_PIDS $scry_pid"
	for _ in $(seq 50); do wl=$(pgrep -P "$scry_pid"); [ -n "$wl" ] && break; sleep 0.1; done
	sleep 0.5
	kill -"$sig" "$scry_pid"
	gone=no
	for _ in $(seq 10); do kill -0 "$wl" 2> /dev/null || { gone=yes; break; }; sleep 0.1; done
	is "$gone" yes "SIG$sig to scry alone: the command ($wl) is gone within a second"
	wait "$scry_pid"
	is "$?" 143 "... scry exits 143, the command's status (it got SIGTERM), as perf does"
	like "$T/sig.err" "^\[ scry record: [1-9][0-9]* samples" "... the summary is printed"
	"$SCRY" report -i "$T/sig.data" --stdio > "$T/sig.rep" 2> "$T/sig.rerr"
	like "$T/sig.rep" "spin +spin +\[\.\] spin_leaf" "... scry report reads the file"
	if [ $have_perf = 1 ]; then
		perf report -i "$T/sig.data" --stdio 2> /dev/null | grep -c 'spin_leaf' > "$T/sig.p"
		[ "$(cat "$T/sig.p")" -gt 0 ] && pass "... perf report reads it" || fail "perf report does not see spin_leaf"
	else
		skip "perf is not installed"
	fi
done
if [ $have_perf = 1 ]; then
	perf record -q -e cpu-clock -o "$T/psig.data" -- "$SPIN" 60000 > /dev/null 2>&1 &
	perf_pid=$!
	BG_PIDS="$BG_PIDS $perf_pid"
	for _ in $(seq 50); do wl=$(pgrep -P "$perf_pid"); [ -n "$wl" ] && break; sleep 0.1; done
	sleep 0.5
	kill -INT "$perf_pid"
	wait "$perf_pid"
	is "$?" 143 "perf record, SIGINT alone: exits 143 too"
else
	skip "perf is not installed"
fi

done_testing
