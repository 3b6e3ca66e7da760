#!/bin/bash
# scry argdist and scry stackcount: bcc's tools as front ends of the
# language. tests/progs/lang-calls makes known calls (values, sleeps,
# stacks, strings, reads, getpids); the tables, histograms and stacks must
# show exactly those, in bcc's layouts (tools/argdist.py display(),
# table.py print_log2_hist, tools/stackcount.py). bcc's own tools
# (bpfcc-tools) need kernel headers this machine lacks, so the layouts are
# checked against bcc's code as written down here.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"
LC=$PROGS/lang-calls
TAB=$(printf '\t')
STAMP='^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]$'

# The print after the "[HH:MM:SS]" line (one print: -n 1 or the command ended first).
after_stamp() { sed -n '/^\[[0-9:]*\]$/,$p' "$1" | tail -n +2; }
row() { printf '\t%-10s %s\n' "$1" "$2"; }
hrow() {  # low high count stars
	printf '%10d -> %-10d : %-8d |%-40s|\n' "$1" "$2" "$3" "$(printf '%*s' "$4" '' | tr ' ' '*')"
}

# ---- argdist -C: one row per value, ascending by count ---------------------------
spec="p:$LC:lc_value(long v):long:v"
run_ok "argdist -C on lc_value(1..10)" "$SCRY" argdist -C "$spec" -n 1 -- "$LC" values 10 > "$T/c"
is "$(grep -cE "$STAMP" "$T/c")" 1 "argdist -n 1: one timestamped print"
{ echo "$spec"; row COUNT EVENT; for v in $(seq 1 10); do row 1 "v = $v"; done; } > "$T/c.want"
is "$(after_stamp "$T/c")" "$(cat "$T/c.want")" "argdist -C: the specifier, COUNT/EVENT and one row per call (v = 1..10)"

# ---- argdist -H: bcc's log2 histogram of the same values -------------------------
hspec="p:$LC:lc_value(long v):long:v"
run_ok "argdist -H on lc_value(1..10)" "$SCRY" argdist -H "$hspec" -- "$LC" values 10 > "$T/h"
{ printf '     %-19s : count     distribution\n' v
  hrow 0 1 1 10; hrow 2 3 2 20; hrow 4 7 4 40; hrow 8 15 3 30; } > "$T/h.want"
is "$(after_stamp "$T/h")" "$(cat "$T/h.want")" \
	"argdist -H: no specifier line, header with the expression, 0->1:1 2->3:2 4->7:4 8->15:3, floor(40*n/max) stars"

# -C before -H whatever the order given; a label replaces the specifier and the expression.
run_ok "argdist -H and -C with labels" "$SCRY" argdist -H "$hspec#the values" -C "$spec:v<=7#small ones" -- "$LC" values 10 > "$T/l"
{ echo "small ones"; row COUNT EVENT; for v in $(seq 1 7); do row 1 "v = $v"; done
  printf '     %-19s : count     distribution\n' "the values"
  hrow 0 1 1 10; hrow 2 3 2 20; hrow 4 7 4 40; hrow 8 15 3 30; } > "$T/l.want"
is "$(after_stamp "$T/l")" "$(cat "$T/l.want")" "argdist: counts first, labels after '#', the filter v<=7 keeps 7 calls"

# -T: the N largest rows; an expression as the key.
run_ok "argdist -T 1" "$SCRY" argdist -T 1 -C "p:$LC:lc_value(long v):long:v<=7" -- "$LC" values 10 > "$T/top"
is "$(after_stamp "$T/top" | tail -n +3)" "$(row 7 'v<=7 = 1')" "argdist -T 1: only the largest row (7 calls with v<=7)"

# Default expressions: total calls in an entry probe, retval in a return probe.
run_ok "argdist default expressions" "$SCRY" argdist -C "p:$LC:lc_sleep()" -C "r:$LC:lc_sleep()" -- "$LC" sleeps > "$T/def"
has_line "$T/def" "$(row 6 'total calls')" "argdist p: without an expression: 'total calls' = 6"
for v in 100 200 300; do has_line "$T/def" "$(row 2 "retval = $v")" "argdist r: without an expression: retval = $v twice"; done

# ---- $entry(param) and $latency in return probes --------------------------------------
run_ok "argdist \$entry" "$SCRY" argdist -C "r:$LC:lc_sleep(long size, long ms):long,long:\$entry(size),\$entry(ms)" \
	-- "$LC" sleeps > "$T/en"
for p in 100:10 200:20 300:40; do
	has_line "$T/en" "$(row 2 "size = ${p%:*}, ms = ${p#*:}")" "argdist \$entry(size),\$entry(ms): ${p%:*}, ${p#*:} twice (shown as the names)"
done
run_ok "argdist \$latency" "$SCRY" argdist -C "r:$LC:lc_sleep(long size, long ms):long,u64:size,\$latency/1000000" \
	-H "r:$LC:lc_sleep(long size):u64:\$latency/\$entry(size)" -- "$LC" sleeps > "$T/lat"
for p in 100:10 200:20 300:40; do
	size=${p%:*} ms=${p#*:}
	got=$(sed -n "s/^${TAB}[0-9]* *size = $size, \$latency\/1000000 = //p" "$T/lat" | sort -n | head -1)
	if [ -n "$got" ] && [ "$got" -ge "$ms" ] && [ "$got" -le $((ms + 10)) ]; then
		pass "argdist \$latency: lc_sleep($size) slept $ms ms, took $got ms"
	else fail "argdist \$latency: lc_sleep($size, $ms)" "got '$got'" "$(cat "$T/lat")"; fi
done
has_line "$T/lat" "$(printf '     %-19s : count     distribution' '$latency/size')" "argdist -H: \$entry(size) shown as size"
# 10 ms / 100, 20 ms / 200, 40 ms / 300: about 100000-133333 ns a byte, all six from 65536 up.
is "$(awk -F'[:|]' '/->/ { split($1, a, " "); if (a[1] >= 65536) s += $2; else if ($2 + 0) bad++ } END { print s + 0, bad + 0 }' "$T/lat")" \
	"6 0" "argdist -H \$latency/\$entry(size): the 6 sleeps at 65536 ns a byte and more, none below"

# ---- strings, tracepoints, aliases ----------------------------------------------------------
run_ok "argdist char*" "$SCRY" argdist -C "p:$LC:lc_str(const char *s):char*:s" -- "$LC" strings > "$T/s"
for w in alpha beta gamma; do has_line "$T/s" "$(row 1 "s = $w")" "argdist char*: s = $w"; done
run_ok "argdist -z 3" "$SCRY" argdist -z 3 -C "p:$LC:lc_str(const char *s):char*:s" -- "$LC" strings > "$T/z"
has_line "$T/z" "$(row 1 "s = alp")" "argdist -z 3: three bytes of the string (bcc's char[3])"

run_ok "argdist tracepoint" "$SCRY" argdist -C 't:syscalls:sys_enter_read():u64:args->count' -- "$LC" reads > "$T/tp"
for n in 1 2 3 4 8 100 1000 4096; do has_line "$T/tp" "$(row 1 "args->count = $n")" "argdist t: args->count = $n (lang-calls' read)"; done

# -p PID and the $PID/$COMM aliases.
bg_run "$LC" --wait values 5 > "$T/w.out"
wpid=$!
for _ in $(seq 50); do grep -q '^pid' "$T/w.out" && break; sleep 0.1; done
"$SCRY" argdist -p "$wpid" -i 10 -C "p:$LC:lc_value():u32,char*:\$PID,\$COMM" > "$T/pid" 2> "$T/pid.err" &
apid=$!
sleep 1.5
kill -USR1 "$wpid"
wait "$apid"
stderr_ok "$T/pid.err" "argdist -p PID: ends when the process does" $?
has_line "$T/pid" "$(row 5 "\$PID = $wpid, \$COMM = lang-calls")" "argdist -p: \$PID and \$COMM of the 5 calls"

# ---- intervals: -i, -n, -c ---------------------------------------------------------------------
run_ok "argdist -i 0.5 (25 calls over 2.5 s)" "$SCRY" argdist -i 0.5 -C "p:$LC:lc_value()" -- "$LC" ticks 25 > "$T/iv"
n=$(grep -cE "$STAMP" "$T/iv")
[ "$n" -ge 4 ] && [ "$n" -le 7 ] && pass "argdist -i 0.5: $n prints" || fail "argdist -i: prints" "$n" "$(cat "$T/iv")"
is "$(awk -F'\t' '/total calls/ { split($2, a, " "); s += a[1] } END { print s }' "$T/iv")" 25 \
	"argdist -i: cleared after each print, the prints add up to the 25 calls"
run_ok "argdist -c" "$SCRY" argdist -c -i 0.5 -C "p:$LC:lc_value()" -- "$LC" ticks 25 > "$T/cu"
is "$(awk -F'\t' '/total calls/ { split($2, a, " "); if (a[1] < last) bad++; last = a[1] } END { print last, bad + 0 }' "$T/cu")" \
	"25 0" "argdist -c: cumulative counts, never going down, ending at 25"
start=$(date +%s%N)
run_ok "argdist -n 2" "$SCRY" argdist -n 2 -i 0.3 -C "p:$LC:lc_value()" -- "$LC" ticks 50 > "$T/n2"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$(grep -cE "$STAMP" "$T/n2")" 2 "argdist -n 2: two prints"
[ "$ms" -lt 3000 ] && pass "argdist -n 2: then the end ($ms ms; the command would take 5 s)" || fail "argdist -n: ends" "$ms ms"

# -v: the program on stderr.
"$SCRY" argdist -v -n 1 -C "$spec:v>5" -H "r:$LC:lc_value(long v):long:\$retval" -- "$LC" values 3 > /dev/null 2> "$T/v.err"
has_line "$T/v.err" "uprobe:$LC:lc_value /arg0>5/ { @p000[(int64)(arg0)] = count(); }" "argdist -v: the -C probe as a program"
has_line "$T/v.err" "uretprobe:$LC:lc_value { @p001 = hist((uint64)((int64)(retval))); }" "argdist -v: the -H probe as a program"

# Kernel functions: the program is made; the kernel says whether kprobes attach.
"$SCRY" argdist -v -C 'p::vfs_read(void *file, char *buf, size_t count):size_t:count:count>100' > "$T/k.out" 2> "$T/k.err"
rc=$?
has_line "$T/k.err" 'kprobe:vfs_read /arg2>100/ { @p000[(uint64)(arg2)] = count(); }' "argdist p::func: a kprobe, params by position"
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	skip "argdist on a kprobe: this kernel has kprobes (the failure path is not reachable)"
else
	is "$rc" 1 "argdist p::func without kprobes: exit 1"
	like "$T/k.err" 'no kprobes' "argdist p::func without kprobes: the language's reason"
fi

# ---- argdist usage errors ---------------------------------------------------------------------------
usage_error "argdist without a specifier" "^scry: argdist: at least one specifier" "$SCRY" argdist
usage_error "argdist bad probe type" "probe type must be 'p', 'r' or 't'" "$SCRY" argdist -C 'x:c:malloc()'
usage_error "argdist mismatched types" "mismatched # of exprs and types" "$SCRY" argdist -C 'p:c:malloc(size_t n):u64,u64:n'
usage_error "argdist -H with two exprs" "histograms can only have 1 expr" "$SCRY" argdist -H 'p:c:malloc(size_t n):u64,u64:n,n'
usage_error "argdist -H without expr" "histograms must have expr" "$SCRY" argdist -H 'p:c:malloc(size_t n)'
usage_error "argdist \$entry unknown" "no such parameter" "$SCRY" argdist -C 'r:c:malloc(size_t n):u64:$entry(x)'
usage_error "argdist \$retval in p" "only available in return probes" "$SCRY" argdist -C 'p:c:malloc(size_t n):u64:$retval'
usage_error "argdist unknown alias" "unknown alias \\\$FOO" "$SCRY" argdist -C 'p:c:malloc():u64:$FOO'
usage_error "argdist unknown type" "type 'struct foo'" "$SCRY" argdist -C 'p:c:malloc(size_t n):struct foo:n'
usage_error "argdist USDT" "USDT probes" "$SCRY" argdist -C 'u:pthread:pthread_start():u64:arg2'
usage_error "argdist -p and a command" "either a command or -p" "$SCRY" argdist -p 1 -C 'p:c:malloc()' -- true
usage_error "argdist -i 0" "-i wants seconds" "$SCRY" argdist -i 0 -C 'p:c:malloc()'

# ---- stackcount: the two stacks of lc_leaf -------------------------------------------------------------
run_ok "stackcount lib:func" "$SCRY" stackcount "$LC:lc_leaf" -- "$LC" stacks > "$T/st"
has_line "$T/st" "Tracing 1 functions for \"$LC:lc_leaf\"... Hit Ctrl-C to end." "stackcount: bcc's first line"
is "$(tail -1 "$T/st")" "Detaching..." "stackcount: bcc's last line"
# Each stack: frames "  name", "    comm [pid]", "    N", a blank line; ascending by count.
awk '/^  [^ ]/ { f = f (f ? "," : "") substr($0, 3) } /^    [^ ]+ \[[0-9]+\]$/ { c = $1 }
     /^    [0-9]+$/ { print $1 " " c " " f; f = "" }' "$T/st" > "$T/st.sum"
like "$T/st.sum" '^3 lang-calls lc_leaf,lc_caller_a,main' "stackcount: lc_leaf from lc_caller_a 3 times, with comm"
like "$T/st.sum" '^5 lang-calls lc_leaf,lc_caller_b,main' "stackcount: lc_leaf from lc_caller_b 5 times"
is "$(cut -d' ' -f1 "$T/st.sum" | tr '\n' ' ')" "3 5 " "stackcount: two stacks, ascending by count"
is "$(grep -c '^$' "$T/st")" 3 "stackcount: a blank line before the stacks and after each"

run_ok "stackcount -f" "$SCRY" stackcount -f "$LC:lc_leaf" -- "$LC" stacks > "$T/f"
like "$T/f" '^lang-calls;(.*;)?main;lc_caller_a;lc_leaf 3$' "stackcount -f: comm;frames root first, count 3"
like "$T/f" '^lang-calls;(.*;)?main;lc_caller_b;lc_leaf 5$' "stackcount -f: the other stack, count 5"
is "$(grep -vc '^lang-calls;' "$T/f")" 1 "stackcount -f: only folded lines (and the program's own)"

run_ok "stackcount -s -v -T -U" "$SCRY" stackcount -s -v -T -U "$LC:lc_l*f" -- "$LC" stacks > "$T/sv"
like "$T/sv" '^  [0-9a-f]+ +lc_leaf\+0x0$' "stackcount -s -v: address, then name+0x offset"
like "$T/sv" '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "stackcount -T: the time before the stacks"
has_line "$T/sv" "Tracing 1 functions for \"$LC:lc_l*f\"... Hit Ctrl-C to end." "stackcount: a glob"

run_ok "stackcount -r" "$SCRY" stackcount -r -f "$LC:^lc_lea.*\$" -- "$LC" stacks > "$T/re"
is "$(grep -c ';lc_leaf [35]$' "$T/re")" 2 "stackcount -r '^lc_lea.*\$': a regex that is a glob"

# Tracepoints: user and kernel stacks; -K -P; -K alone (no process).
run_ok "stackcount t:" "$SCRY" stackcount t:syscalls:sys_enter_getppid -- "$LC" getpids 3 > "$T/tp"
is "$(awk '/^    [0-9]+$/ { s += $1 } END { print s }' "$T/tp")" 6 "stackcount t:syscalls:sys_enter_getppid: the 6 getppid calls"
like "$T/tp" '^  do_syscall_64' "stackcount t: kernel frames"
like "$T/tp" '^  (syscall|__libc_start_call_main)$' "stackcount t: then user frames"
run_ok "stackcount -K -P" "$SCRY" stackcount -K -P t:syscalls:sys_enter_getppid -- "$LC" getpids 3 > "$T/kp"
like "$T/kp" '^    lang-calls \[[0-9]+\]$' "stackcount -K -P: per process"
unlike "$T/kp" '^  (syscall|__libc_start_call_main)$' "stackcount -K: no user frames"
run_ok "stackcount -K" "$SCRY" stackcount -K t:syscalls:sys_enter_getppid -- "$LC" getpids 3 > "$T/k"
unlike "$T/k" '\[[0-9]+\]$' "stackcount -K without -P: kernel stacks of all processes together (no comm line)"
is "$(awk '/^    [0-9]+$/ { s += $1 } END { print s }' "$T/k")" 6 "stackcount -K: still the 6 calls"

# -i and -D.
run_ok "stackcount -i 0.5" "$SCRY" stackcount -i 0.5 "$LC:lc_value" -- "$LC" ticks 20 > "$T/si"
is "$(awk '/^    [0-9]+$/ { s += $1 } END { print s }' "$T/si")" 20 "stackcount -i: the prints add up to the 20 calls"
n=$(grep -c '^Detaching' "$T/si")
is "$n" 1 "stackcount -i: Detaching once, at the end"
start=$(date +%s%N)
run_ok "stackcount -D 1" "$SCRY" stackcount -D 1 "$LC:lc_value" -- "$LC" ticks 50 > "$T/sd"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 3500 ] && pass "stackcount -D 1: ends after a second ($ms ms)" || fail "stackcount -D" "$ms ms"
like "$T/sd" '^    [0-9]+$' "stackcount -D: the stacks counted meanwhile"
has_line "$T/sd" "Tracing 1 functions for \"$LC:lc_value\"... Hit Ctrl-C to end." "stackcount -D: its timer is not one of the functions"

# -p: no comm line (bcc's).
bg_run "$LC" --wait stacks > "$T/w2.out"
wpid=$!
for _ in $(seq 50); do grep -q '^pid' "$T/w2.out" && break; sleep 0.1; done
"$SCRY" stackcount -p "$wpid" "$LC:lc_leaf" > "$T/sp" 2> "$T/sp.err" &
spid=$!
sleep 1.5
kill -USR1 "$wpid"
wait "$spid"
stderr_ok "$T/sp.err" "stackcount -p PID: ends when the process does" $?
is "$(awk '/^    [0-9]+$/ { printf "%s ", $1 }' "$T/sp")" "3 5 " "stackcount -p: the two stacks"
unlike "$T/sp" '\[[0-9]+\]$' "stackcount -p: no comm line"

"$SCRY" stackcount --debug vfs_read > /dev/null 2> "$T/sk.err"
rc=$?
has_line "$T/sk.err" 'kprobe:vfs_read { @[kstack, ustack, pid, comm] = count(); }' "stackcount --debug: the program of a kernel function"
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	skip "stackcount on a kprobe: this kernel has kprobes"
else
	is "$rc" 1 "stackcount func without kprobes: exit 1"
	like "$T/sk.err" 'no kprobes' "stackcount func without kprobes: the language's reason"
fi

# ---- bcc's own tools, where they run ---------------------------------------------------------------
# bpfcc-tools compile C with the kernel's headers: the running kernel's, or
# BCC_KERNEL_SOURCE; Debian's linux-headers-*-common plus its -amd64 tree,
# merged as symlinks, do for uprobes when the kernel's own are missing.
bcc_src() {
	[ -n "${BCC_KERNEL_SOURCE:-}" ] && { echo "$BCC_KERNEL_SOURCE"; return; }
	[ -e "/lib/modules/$(uname -r)/build" ] && return
	local common arch
	common=$(ls -d /usr/src/linux-headers-*-common 2>/dev/null | tail -1)
	arch=${common%-common}-amd64
	[ -d "$common" ] && [ -d "$arch" ] || return
	mkdir -p "$T/ksrc" && cp -rs "$common/." "$T/ksrc/" && cp -rsf "$arch/." "$T/ksrc/" && echo "$T/ksrc"
}
# bcc_run OUT PROG_MODE READY_REGEX CMD...: run bcc's tool on lang-calls
# --wait, start the program once the tool's output says it is attached.
bcc_run() {
	local out=$1 mode=$2 ready=$3 wp tp
	shift 3
	"$LC" --wait $mode > "$T/bw.out" &
	wp=$!
	BG_PIDS="$BG_PIDS $wp"
	for _ in $(seq 50); do grep -q '^pid' "$T/bw.out" && break; sleep 0.1; done
	BCC_KERNEL_SOURCE=$BCC_SRC timeout 120 "$@" -p "$wp" > "$out" 2>&1 &
	tp=$!
	BG_PIDS="$BG_PIDS $tp"
	for _ in $(seq 600); do grep -qE "$ready" "$out" && break; kill -0 "$tp" 2>/dev/null || break; sleep 0.1; done
	kill -USR1 "$wp"
	wait "$wp"
	wait "$tp"      # the tool's own -n/-D ends it (a background job ignores SIGINT)
}
if ! command -v argdist-bpfcc > /dev/null || ! command -v stackcount-bpfcc > /dev/null; then
	skip "bcc's argdist and stackcount: bpfcc-tools is not installed"
else
	BCC_SRC=$(bcc_src)
	bcc_run "$T/bcc-ad" "values 10" '^open uprobes' argdist-bpfcc -v -i 3 -n 1 \
		-C "$spec" -H "$hspec" -C "p:$LC:lc_value()"
	if ! grep -qE "$STAMP" "$T/bcc-ad"; then
		skip "bcc's argdist does not run here: $(grep -m1 -iE 'error|unable' "$T/bcc-ad")"
	else
		run_ok "scry argdist, bcc's command line" "$SCRY" argdist -n 1 -C "$spec" -H "$hspec" -C "p:$LC:lc_value()" \
			-- "$LC" values 10 > "$T/our-ad"
		after_stamp "$T/bcc-ad" | sed '/^Traceback/,$d' > "$T/bcc-ad.t"  # -v: its exit() shows a traceback
		after_stamp "$T/our-ad" > "$T/our-ad.t"
		is "$(sort "$T/our-ad.t")" "$(sort "$T/bcc-ad.t")" "argdist: the lines bcc's argdist prints, byte for byte (ties in any order)"
		is "$(grep -vP '^\t1 ' "$T/our-ad.t")" "$(grep -vP '^\t1 ' "$T/bcc-ad.t")" \
			"argdist: in bcc's order (titles, tables, then the histogram)"
	fi
	bcc_run "$T/bcc-sc" stacks '^Tracing' stackcount-bpfcc -D 3 "$LC:lc_leaf"
	if ! grep -q '^Detaching' "$T/bcc-sc"; then
		skip "bcc's stackcount does not run here: $(head -1 "$T/bcc-sc")"
	else
		# Frame names aside (bcc cannot name them once the process exited),
		# the layout is the same: header, blank lines, 4 frames, counts, footer.
		frames() { sed -E 's/^  [^ ].*/  FRAME/; s/^Tracing.*/Tracing/' "$1"; }
		is "$(frames "$T/sp" | sed 1d)" "$(frames "$T/bcc-sc" | sed 1d)" "stackcount -p: bcc's stackcount's layout, line for line"
	fi
fi

usage_error "stackcount without a pattern" "give a pattern" "$SCRY" stackcount
usage_error "stackcount two patterns" "one pattern only" "$SCRY" stackcount a b
usage_error "stackcount -K -U" "mutually exclusive" "$SCRY" stackcount -K -U vfs_read
usage_error "stackcount -r not a glob" "only regular expressions that are globs" "$SCRY" stackcount -r 'tcp_(send|recv)'
usage_error "stackcount USDT" "USDT" "$SCRY" stackcount u:node:gc
usage_error "stackcount bad type" "type must be 'p', 't', or 'u'" "$SCRY" stackcount x:a:b
usage_error "stackcount too many parts" "too many" "$SCRY" stackcount a:b:c:d

done_testing
