#!/bin/bash
# scry record's event syntax, as perf has it: modifiers (:u :k :pp :S),
# groups ({a,b}, {a,b}:S), per-event terms (period=, max-stack=, call-graph=,
# name=), --filter on the tracepoint -e before it, --all-user/--all-kernel,
# and the errors of each. Checked against what the programs did and against
# perf script on the same files.
. "$(dirname "$0")/lib.sh"
need_root
SPIN="$PROGS/spin"
have_perf=0
command -v perf >/dev/null && have_perf=1

# Instruction pointers of the samples of event EV in `scry script` (or perf
# script) output on stdin: the field after "EV:".
ips_of() { awk -v ev="$1:" '{ for (i = 1; i < NF; i++) if ($i == ev) { print $(i + 1); break } }'; }
# Kernel addresses (0xffff...) and user ones (below 0x800000000000) of a list.
n_kernel() { grep -cE '^ffff[0-9a-f]{12}$' "$1"; }
n_user() { grep -cE '^[0-9a-f]{1,12}$' "$1"; }

# ---- modifiers: :u user space only, :k the kernel only -----------------------
run_ok "record -e cpu-clock:u" "$SCRY" record -q -e cpu-clock:u -F 999 -o "$T/u.data" -- "$SPIN" 300 > /dev/null
"$SCRY" script -i "$T/u.data" 2> "$T/u.err" | ips_of cpu-clock:u > "$T/u.ips"
stderr_ok "$T/u.err" "scry script of the :u file"
n=$(wc -l < "$T/u.ips")
[ "$n" -ge 50 ] && pass ":u: $n samples named cpu-clock:u" || fail ":u: only $n samples"
is "$(n_user "$T/u.ips")" "$n" ":u: every sample ip is a user address"
# task-clock:u over a program that lives in the kernel: what samples there
# are are user-space ones (and dd is mostly in the kernel, so :k gets many).
run_ok "record -e task-clock:u of dd" "$SCRY" record -q -e task-clock:u -F 999 -o "$T/tu.data" -- \
	dd if=/dev/zero of=/dev/null bs=1 count=300000 status=none
"$SCRY" script -i "$T/tu.data" 2>/dev/null | ips_of task-clock:u > "$T/tu.ips"
is "$(n_kernel "$T/tu.ips")" 0 "task-clock:u: no kernel address among $(wc -l < "$T/tu.ips") samples"
run_ok "record -e cpu-clock:k of dd" "$SCRY" record -q -e cpu-clock:k -F 999 -o "$T/k.data" -- \
	dd if=/dev/zero of=/dev/null bs=1 count=300000 status=none
"$SCRY" script -i "$T/k.data" 2>/dev/null | ips_of cpu-clock:k > "$T/k.ips"
n=$(wc -l < "$T/k.ips")
[ "$n" -ge 20 ] && pass ":k: $n samples named cpu-clock:k" || fail ":k: only $n samples"
is "$(n_kernel "$T/k.ips")" "$n" ":k: every sample ip is a kernel address"
run_ok "cycles:k (cpu-clock:k where there is no PMU)" "$SCRY" record -q -e cycles:k -o "$T/ck.data" -- true
run_ok "record -e cpu-clock:upp (precise_ip, accepted for software events as by perf)" \
	"$SCRY" record -q -e cpu-clock:upp -o "$T/upp.data" -- "$SPIN" 50 > /dev/null
if [ $have_perf = 1 ]; then
	perf script -i "$T/u.data" 2> "$T/pu.err" | ips_of cpu-clock:u > "$T/pu.ips"
	is "$(wc -l < "$T/pu.ips")/$(n_user "$T/pu.ips")" "$(wc -l < "$T/u.ips")/$(wc -l < "$T/u.ips")" \
		"perf script: the same number of :u samples, all user addresses"
	perf script -i "$T/k.data" 2>/dev/null | ips_of cpu-clock:k > "$T/pk.ips"
	is "$(n_kernel "$T/pk.ips")" "$(wc -l < "$T/k.ips")" "perf script: every :k sample in the kernel"
	perf evlist -v -i "$T/upp.data" > "$T/upp.ev" 2>/dev/null
	like "$T/upp.ev" "^cpu-clock:upp: .*exclude_kernel: 1.*precise_ip: 2" "perf evlist: cpu-clock:upp excludes the kernel, precise_ip 2"
	perf evlist -v -i "$T/ck.data" > "$T/ck.ev" 2>/dev/null
	like "$T/ck.ev" "^cpu-clock:k: .*exclude_user: 1" "perf evlist: cycles:k became cpu-clock:k, user excluded"
	perf record -q -e sched:sched_switch:k -o "$T/pk.data" -- true > /dev/null 2>&1
	"$SCRY" record -q -e sched:sched_switch:k -o "$T/sk.data" -- true
	a=$(perf evlist -v -i "$T/pk.data" 2>/dev/null | grep -oE '^[^:]+:[^:]+:|exclude_(user|kernel): 1' | tr '\n' ' ')
	b=$(perf evlist -v -i "$T/sk.data" 2>/dev/null | grep -oE '^[^:]+:[^:]+:|exclude_(user|kernel): 1' | tr '\n' ' ')
	is "$b" "$a" "sched:sched_switch:k: named and excluding as perf's own"
else
	for i in 1 2 3 4 5; do skip "perf is not installed"; done
fi

# ---- --all-user / --all-kernel --------------------------------------------------
run_ok "--all-user over cpu-clock,task-clock:k" "$SCRY" record -q --all-user -e cpu-clock,task-clock:k -F 999 \
	-o "$T/au.data" -- dd if=/dev/zero of=/dev/null bs=1 count=200000 status=none
"$SCRY" script -i "$T/au.data" 2>/dev/null | awk '/ (cpu|task)-clock(:k)?: / { for (i = 1; i < NF; i++) if ($i ~ /clock(:k)?:$/) print $(i + 1) }' > "$T/au.ips"
is "$(n_kernel "$T/au.ips")" 0 "--all-user: no kernel address among $(wc -l < "$T/au.ips") samples of both events"
usage_error "--all-user with --all-kernel" "^scry: record: --all-user and --all-kernel exclude each other" \
	"$SCRY" record --all-user --all-kernel -- true

# ---- groups ---------------------------------------------------------------------
run_ok "record -e '{cpu-clock,task-clock}'" "$SCRY" record -q -e '{cpu-clock,task-clock}' -F 999 -o "$T/g.data" -- "$SPIN" 200 > /dev/null
"$SCRY" script -i "$T/g.data" -F event 2>/dev/null | sort | uniq -c | awk '{ print $2 }' | tr '\n' ' ' > "$T/g.ev"
is "$(cat "$T/g.ev")" "cpu-clock: task-clock: " "scry script: samples of both members"
run_ok "record -e '{cpu-clock,task-clock}:S' (leader sampling)" "$SCRY" record -q -e '{cpu-clock,task-clock}:uS' -F 999 -o "$T/gs.data" -- "$SPIN" 200 > /dev/null
ns=$("$SCRY" script -i "$T/gs.data" 2>/dev/null | grep -c ' cpu-clock: ')
[ "$ns" -ge 50 ] && pass "scry script: $ns leader samples" || fail "only $ns leader samples"
if [ $have_perf = 1 ]; then
	perf evlist -v -i "$T/g.data" > "$T/g.evl" 2>/dev/null
	like "$T/g.evl" "^cpu-clock: .*disabled: 1" "perf evlist: the leader starts disabled"
	unlike "$T/g.evl" "^task-clock: .*disabled: 1" "... the member follows it"
	oracle_ok "perf script reads the group file" perf script -i "$T/g.data" > "$T/pg.txt"
	is "$(grep -c ' task-clock: ' "$T/pg.txt")/$(grep -c ' cpu-clock: ' "$T/pg.txt")" \
		"$("$SCRY" script -i "$T/g.data" -F event 2>/dev/null | grep -c task-clock)/$("$SCRY" script -i "$T/g.data" -F event 2>/dev/null | grep -c cpu-clock)" \
		"perf script: as many samples of each member as scry script"
	perf evlist -v -i "$T/gs.data" > "$T/gs.evl" 2>/dev/null
	like "$T/gs.evl" "^task-clock: .*read_format: ID\|GROUP.*exclude_kernel: 1" "perf evlist: :uS reads the group (PERF_FORMAT_GROUP), user only"
	oracle_ok "perf script reads the leader-sampling file" perf script -i "$T/gs.data" > "$T/pgs.txt"
	# perf shows each leader sample's group as one line per member.
	is "$(grep -c ' task-clock: ' "$T/pgs.txt")" "$ns" "perf script: one task-clock value per leader sample ($ns)"
	oracle_ok "perf report reads it" perf report --stdio -i "$T/gs.data" > "$T/pgr.txt"
	like "$T/pgr.txt" "spin_leaf" "... and names spin_leaf"
	like "$T/pgr.txt" "^# Samples: [0-9]+ +of events? 'anon group \{ cpu-clock, task-clock \}'" \
		"... and shows the group (the file's group_desc)"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11; do skip "perf is not installed"; done
fi

# ---- terms -----------------------------------------------------------------------
run_ok "record -e 'cpu-clock/period=200000/'" "$SCRY" record -q -e 'cpu-clock/period=200000/' -o "$T/p.data" -- "$SPIN" 200 > /dev/null
"$SCRY" script -i "$T/p.data" -F period 2>/dev/null | awk 'NF { print $1 }' | sort | uniq -c > "$T/p.periods"
is "$(awk '{ print $2 }' "$T/p.periods" | tr '\n' ' ')" "200000 " "period=200000: every sample's period is 200000 ($(awk '{ print $1 }' "$T/p.periods") samples)"
run_ok "record -e 'cpu-clock/max-stack=3/'" "$SCRY" record -q -e 'cpu-clock/max-stack=3/' -F 999 -o "$T/ms.data" -- "$SPIN" 200 > /dev/null
"$SCRY" script -i "$T/ms.data" 2>/dev/null | awk '/cpu-clock/ { if (n) print n; n = 0; next } /^\t/ { n++ } END { if (n) print n }' | sort -n | uniq -c > "$T/ms.depth"
is "$(awk '{ print $2 }' "$T/ms.depth" | tail -1)" 3 "max-stack=3: the deepest callchain has 3 frames (spin's is 4 deep and more)"
cp "$SPIN" "$T/recev_spin"
# The probe goes whatever happens below (and then once more at exit).
trap '"$SCRY" probe -q -d "probe_recev_spin:*" > /dev/null 2>&1; cleanup' EXIT
if "$SCRY" probe -q -x "$T/recev_spin" spin_mid > /dev/null 2> "$T/probe.err"; then
	# perf's record+probe_libc_inet_pton.sh: -e EVENT/max-stack=3/ on a uprobe
	run_ok "record -e 'probe_recev_spin:spin_mid/max-stack=3/'" "$SCRY" record -q \
		-e 'probe_recev_spin:spin_mid/max-stack=3/' -o "$T/up.data" -- "$T/recev_spin" 30 > /dev/null
	run_ok "probe -d of the uprobe right after the record" "$SCRY" probe -q -d 'probe_recev_spin:spin_mid'
	"$SCRY" script -i "$T/up.data" 2>/dev/null | awk '/probe_recev_spin:spin_mid:/ { getline a; getline b; getline c; getline d; print a; print b; print c; print d; exit }' \
		| sed -E 's/^\t *[0-9a-f]+ //; s/\+0x[0-9a-f]+//; s/ \(.*//' | tr '\n' ' ' > "$T/up.chain"
	is "$(cat "$T/up.chain")" "spin_mid spin_outer main  " "uprobe with max-stack=3: spin_mid <- spin_outer <- main, then the next sample"
	if [ $have_perf = 1 ]; then
		perf script -i "$T/up.data" 2>/dev/null | awk '/probe_recev_spin:spin_mid:/ { getline a; getline b; getline c; print a; print b; print c; exit }' \
			| sed -E 's/^\t *[0-9a-f]+ //; s/\+0x[0-9a-f]+//; s/ \(.*//' | tr '\n' ' ' > "$T/pup.chain"
		is "$(cat "$T/pup.chain")" "spin_mid spin_outer main " "perf script: the same 3 frames"
	else
		skip "perf is not installed"
	fi
else
	for i in 1 2 3; do skip "cannot add a uprobe: $(head -1 "$T/probe.err")"; done
fi
run_ok "call-graph=dwarf,4096 and name=" "$SCRY" record -q -e 'cpu-clock/call-graph=dwarf,4096,name=dw/' -o "$T/dw.data" -- "$SPIN" 50 > /dev/null
"$SCRY" script -i "$T/dw.data" --header-only > "$T/dw.hdr" 2>&1
like "$T/dw.hdr" "^# event : name = dw," "name=dw names the event"
if [ $have_perf = 1 ]; then
	perf evlist -v -i "$T/dw.data" > "$T/dw.evl" 2>/dev/null
	like "$T/dw.evl" "^dw: .*REGS_USER\|STACK_USER.*sample_stack_user: 4096" "perf evlist: call-graph=dwarf,4096: user regs and 4096 bytes of stack"
else
	skip "perf is not installed"
fi

# ---- --filter ----------------------------------------------------------------------
run_ok "record -e syscalls:sys_enter_write --filter 'count == 7'" "$SCRY" record -q -e syscalls:sys_enter_write \
	--filter 'count == 7' -o "$T/f.data" -- "$PROGS/write-counts" 13 > "$T/f.out"
want=$(awk '{ print $2 }' "$T/f.out")
is "$("$SCRY" script -i "$T/f.data" 2>/dev/null | grep -c 'sys_enter_write: ')" "$want" "scry script: exactly the $want writes of 7 bytes"
is "$("$SCRY" script -i "$T/f.data" 2>/dev/null | grep -c 'count: 0x0*7\b')" "$want" "... each with count 7"
if [ $have_perf = 1 ]; then
	is "$(perf script -i "$T/f.data" 2>/dev/null | grep -c 'count: 0x0*7\b')" "$want" "perf script: the same $want"
else
	skip "perf is not installed"
fi
"$SCRY" record -q -e syscalls:sys_enter_write --filter 'cnt == 7' -o "$T/fb.data" -- "$PROGS/write-counts" 3 > /dev/null 2> "$T/fb.err"
rc=$?
[ "$rc" -ne 0 ] && pass "an invalid filter fails (exit $rc)" || fail "an invalid filter exits 0"
has_line "$T/fb.err" "scry: the kernel rejects filter 'cnt == 7' on syscalls:sys_enter_write: Field not found (at character 5)" \
	"... with the kernel's reason"
is "$(ls /sys/kernel/tracing/instances | grep -c "^scry_filter_")" 0 "... and no tracefs instance left behind"
usage_error "--filter before any -e" "^scry: record: --filter 'count == 7' must follow the -e tracepoint it filters" \
	"$SCRY" record --filter 'count == 7' -e syscalls:sys_enter_write -- true
usage_error "--filter after a -e that is no tracepoint" \
	"^scry: record: --filter 'count == 7' follows -e cpu-clock, which is not a tracepoint" \
	"$SCRY" record -e syscalls:sys_enter_write -e cpu-clock --filter 'count == 7' -- true

# ---- errors --------------------------------------------------------------------------
usage_error "unknown term" "^scry: record: unknown term 'bogus' in 'cpu-clock/bogus=1/' \(known terms: period, freq, max-stack, call-graph, stack-size, name, inherit, no-inherit\)" \
	"$SCRY" record -e 'cpu-clock/bogus=1/' -- true
usage_error "bad modifier" "^scry: record: bad modifier 'x' in 'cpu-clock:x' \(known: u k h G H I p pp ppp S D e W\)" \
	"$SCRY" record -e cpu-clock:x -- true
usage_error "repeated modifier (as perf)" "^scry: record: modifier 'u' repeated in 'cpu-clock:uu'" \
	"$SCRY" record -e cpu-clock:uu -- true
usage_error "pppp" "^scry: record: modifier 'p' repeated in 'cpu-clock:pppp' \(at most ppp\)" \
	"$SCRY" record -e cpu-clock:pppp -- true
usage_error "nested groups" "^scry: record: groups do not nest" "$SCRY" record -e '{cpu-clock,{task-clock}}' -- true
usage_error "unterminated terms" "^scry: record: unterminated terms in 'cpu-clock/period=1'" \
	"$SCRY" record -e 'cpu-clock/period=1' -- true
usage_error "misspelt tracepoint" "^scry: record: unknown tracepoint 'sched:sched_swich' \(did you mean sched:sched_switch\?\)" \
	"$SCRY" record -e sched:sched_swich -- true
usage_error "-e cycles --bogus: only the usage error" "^scry record: unknown option '--bogus'" \
	"$SCRY" record -e cycles --bogus -- true
unlike "$T/usage.err" "not supported" "... no word of cycles' fallback before it"
"$SCRY" record -q -e instructions -o "$T/i.data" -- true 2> "$T/i.err"
rc=$?
[ "$rc" -eq 1 ] && pass "-e instructions without a PMU: exit 1" || fail "-e instructions: exit $rc"
like "$T/i.err" "^scry: event 'instructions' is not supported: this CPU \(or VM\) has no hardware counters" "... naming the missing counter, no substitute"
if perf stat -e cycles -x, true 2>&1 | grep -q 'not supported'; then
	"$SCRY" record -o "$T/d.data" -- "$SPIN" 50 > /dev/null 2> "$T/d.err"
	is "$(grep -c "cycles" "$T/d.err")" 1 "no -e: one line about cycles -> cpu-clock, whatever the cpus"
	"$SCRY" record -q -e cycles,cycles:u -o "$T/d2.data" -- true 2> "$T/d2.err"
	is "$(grep -c "cycles" "$T/d2.err")" 0 "-q: no line about it"
	"$SCRY" record -e cycles,cycles:u -o "$T/d2.data" -- true 2> "$T/d2.err"
	is "$(grep -c "cycles" "$T/d2.err")" 1 "-e cycles,cycles:u: still one line"
	"$SCRY" record -e cycles -p 999999 2> "$T/d3.err"
	is "$(cat "$T/d3.err")" "scry: no process with pid 999999" "-e cycles -p 999999: the error alone, no word of cycles before it"
else
	for i in 1 2 3 4; do skip "this machine has cycles"; done
fi

done_testing
