#!/bin/bash
# scry probe's commands on uprobes: -n, adding with default and duplicate
# names, -l, -d with globs, -L/-V/-F, and the errors (no such function,
# binary, bad argument, no debug info, a definition the kernel refuses):
# each a clear error, exit 1, and nothing left in uprobe_events.
# Probes live in groups of this test's own: probe_pvcmdbin, probe_pvcmdstrip.
. "$(dirname "$0")/lib.sh"
need_root
UPROBES=/sys/kernel/tracing/uprobe_events
[ -w "$UPROBES" ] || skip_all "no writable $UPROBES (kernel without CONFIG_UPROBE_EVENTS)"

SRC=$(cd "$(dirname "$0")/../progs" && pwd)/probe-values.c
BIN=$T/pvcmdbin
cp "$PROGS/probe-values" "$BIN"
ours() { grep -E '^[pr]:probe_pvcmd' "$UPROBES"; }
cleanup_probes() { ours | sed -E 's/^[pr]:([^ ]+).*/-:\1/' | sort -u >> "$UPROBES"; }
trap 'cleanup_probes; cleanup' EXIT
cleanup_probes

# ---- -n: the definition, nothing written --------------------------------
run_ok "-n exits 0, nothing on stderr" "$SCRY" probe -x "$BIN" -n pv_entry > "$T/n.out"
like "$T/n.out" "^p:probe_pvcmdbin/pv_entry $BIN:0x[0-9a-f]+\$" "-n prints the uprobe definition"
is "$(ours | wc -l)" 0 "-n writes nothing to uprobe_events"

# The place matches perf probe's (after the prologue at -O0).
if perf probe -n -v -x "$BIN" pv_entry > "$T/perf.out" 2>&1; then
	perf_off=$(sed -n 's/^Writing event: p:[^ ]* [^ ]*:\(0x[0-9a-f]*\).*/\1/p' "$T/perf.out")
	scry_off=$(sed -n 's/.*:\(0x[0-9a-f]*\)$/\1/p' "$T/n.out")
	is "$((scry_off))" "$((perf_off))" "entry offset is perf probe's ($perf_off)"
else
	skip "perf probe failed here"
fi

# A line with two addresses (the loop-less "int sq = ..." at -O0 has two
# rows): the same definitions as perf probe's, one event name for both.
run_ok "-n pv_line:2" "$SCRY" probe -x "$BIN" -n pv_line:2 > "$T/n2.out"
perf probe -n -v -x "$BIN" pv_line:2 2>&1 | sed -n 's/^Writing event: //p' > "$T/perf2.out"
if [ -s "$T/perf2.out" ]; then
	is "$(cat "$T/n2.out")" "$(cat "$T/perf2.out")" "-n pv_line:2: perf probe's definitions"
else
	skip "perf probe -n pv_line:2 wrote nothing here"
fi

# ---- adding, default names, duplicates ---------------------------------------
run_ok "add exits 0, nothing on stderr" "$SCRY" probe -x "$BIN" pv_entry > "$T/add.out"
has_line "$T/add.out" "  probe_pvcmdbin:pv_entry (on pv_entry in $BIN)" "perf's summary line"
has_line "$T/add.out" "	scry record -e probe_pvcmdbin:pv_entry -aR sleep 1" "usage hint"
is "$(ours | sed -E 's/:0x0*/:0x/')" "$(sed -E 's/:0x0*/:0x/' "$T/n.out")" "written definition is the -n one"

"$SCRY" probe -x "$BIN" pv_entry > "$T/dup.out" 2> "$T/dup.err"
is "$?" 1 "same name again: exit 1"
like "$T/dup.err" "probe_pvcmdbin:pv_entry already exists.*-f" "error says the name exists and suggests -f"
is "$(ours | wc -l)" 1 "nothing added by the refused duplicate"

run_ok "-f adds a duplicate" "$SCRY" probe -q -f -x "$BIN" pv_entry > "$T/f.out"
is "$(ours | grep -c 'probe_pvcmdbin/pv_entry_1 ')" 1 "with the _1 suffix"
is "$(cat "$T/f.out")" "" "-q prints nothing"

run_ok "add pv_ret%return" "$SCRY" probe -q -x "$BIN" 'pv_ret%return' > /dev/null
is "$(ours | grep -c '^r:probe_pvcmdbin/pv_ret__return ')" 1 "%return: r: definition named FUNC__return"
run_ok "add pv_line:4" "$SCRY" probe -q -x "$BIN" 'pv_line:4' > /dev/null
is "$(ours | grep -c '^p:probe_pvcmdbin/pv_line_L4 ')" 1 "FUNC:RLINE named FUNC_L<RLINE> (perf's name)"
run_ok "add myev=pv_struct" "$SCRY" probe -q -x "$BIN" 'myev=pv_struct' > /dev/null
is "$(ours | grep -c '^p:probe_pvcmdbin/myev ')" 1 "EVENT= names the event"

# ---- -l ----------------------------------------------------------------------
run_ok "-l exits 0, nothing on stderr" "$SCRY" probe -l 'probe_pvcmdbin:*' > "$T/l.out"
is "$(wc -l < "$T/l.out")" 5 "-l lists the five probes of the group"
has_line "$T/l.out" "  probe_pvcmdbin:pv_entry (on pv_entry@probe-values.c in $BIN)" "-l: entry probe place"
has_line "$T/l.out" "  probe_pvcmdbin:pv_ret__return (on pv_ret%return@probe-values.c in $BIN)" "-l: return probe place"
has_line "$T/l.out" "  probe_pvcmdbin:pv_line_L4 (on pv_line:4@probe-values.c in $BIN)" "-l: line probe place"
run_ok "-l with a glob" "$SCRY" probe -l 'probe_pvcmdbin:pv_entry*' > "$T/l2.out"
is "$(wc -l < "$T/l2.out")" 2 "-l with a glob lists only the matches"
run_ok "scry list of the group" "$SCRY" list 'probe_pvcmdbin:*' > "$T/list.out"
like "$T/list.out" "^  probe_pvcmdbin:pv_ret__return +\[Uprobe event\]" "scry list shows the probe events"

# ---- -d ----------------------------------------------------------------------
run_ok "-d with a glob exits 0" "$SCRY" probe -d 'probe_pvcmdbin:pv_entry*' > "$T/d.out"
is "$(sort "$T/d.out" | tr '\n' ' ')" "Removed event: probe_pvcmdbin:pv_entry Removed event: probe_pvcmdbin:pv_entry_1 " "-d says what it removed"
is "$(ours | grep -c pv_entry)" 0 "the pv_entry probes are gone"
is "$(ours | wc -l)" 3 "the others stay"
run_ok "-d myev" "$SCRY" probe -d 'myev' > "$T/d2.out"
is "$(cat "$T/d2.out")" "Removed event: probe_pvcmdbin:myev" "-d EVENT without a group"
"$SCRY" probe -d 'probe_pvcmdbin:nomatch*' > "$T/d3.out" 2> "$T/d3.err"
is "$?" 1 "-d matching nothing: exit 1"
like "$T/d3.err" "matches no probe event" "-d matching nothing says so"
run_ok "-d GROUP:*" "$SCRY" probe -q -d 'probe_pvcmdbin:*'
is "$(ours | wc -l)" 0 "-d GROUP:* removes the rest"

# ---- errors: clear, exit 1, nothing left behind ------------------------------
check_err() { # MSG REGEX-OF-STDERR -- ARGS...
	local msg=$1 re=$2; shift 3
	"$SCRY" probe "$@" > "$T/e.out" 2> "$T/e.err"
	local rc=$?
	is "$rc" 1 "$msg: exit 1"
	is "$(wc -l < "$T/e.err")" 1 "$msg: one error line"
	like "$T/e.err" "$re" "$msg: says why"
	is "$(ours | wc -l)" 0 "$msg: nothing left in uprobe_events"
}
check_err "no such function" "pv_entyr.*pv_entry" -- -x "$BIN" pv_entyr
check_err "no such binary" "no such file" -- -x "$T/nonexistent" pv_entry
check_err "no such library" "no library libnosuchlibxyz" -- -x nosuchlibxyz pv_entry
check_err "no such variable" "nosuchvar" -- -x "$BIN" pv_entry nosuchvar
check_err "bad argument syntax" "." -- -x "$BIN" pv_entry 'x=:u99'
check_err "bad register" "%zz" -- -x "$BIN" pv_entry 'bad=%zz'
check_err "a line without code" "no code" -- -x "$BIN" pv_line:3
check_err "kernel refuses a definition, the first probe rolled back" "kernel refused.*already used" \
	-- -x "$BIN" -a pv_line -a 'pv_entry a=%di a=%si'
check_err "-L of a missing function" "pv_nope" -- -x "$BIN" -L pv_nope

# ---- -L: the function's source, numbered from its first line -----------------
start=$(grep -n '^__attribute__((noinline)) int pv_line' "$SRC" | cut -d: -f1)
sq_rel=$(( $(grep -n 'PV_LINE_SQ' "$SRC" | cut -d: -f1) - start ))
run_ok "-L exits 0, nothing on stderr" "$SCRY" probe -x "$BIN" -L pv_line > "$T/L.out"
like "$T/L.out" "^<pv_line@.*probe-values.c:0>\$" "-L header names the function and file"
bad=0; n=0
while IFS= read -r l; do
	n=$((n + 1))
	text=${l:9}
	if [ "$text" != "$(sed -n "$((start + n - 1))p" "$SRC")" ]; then
		bad=$((bad + 1)); echo "# -L line $n: '$l'"
	fi
	num=$(echo "${l:0:7}" | tr -d ' ')
	if [ -n "$num" ] && [ "$num" != "$((n - 1))" ]; then
		bad=$((bad + 1)); echo "# -L line $n numbered '$num'"
	fi
done < <(tail -n +2 "$T/L.out" | head -6)
is "$bad" 0 "-L lines are the source's, numbered from the function's start"
like "$T/L.out" "^ +$sq_rel  .*PV_LINE_SQ" "-L marks the printf line as probe-able"

run_ok "-V exits 0, nothing on stderr" "$SCRY" probe -x "$BIN" -V "pv_line:$sq_rel" > "$T/V.out"
like "$T/V.out" "int[[:space:]]+sq" "-V lists the local sq"
like "$T/V.out" "int[[:space:]]+n" "-V lists the parameter n"

run_ok "-F with a glob" "$SCRY" probe -x "$BIN" -F 'pv_*' > "$T/F.out"
is "$(tr '\n' ' ' < "$T/F.out")" "pv_entry pv_line pv_ret pv_struct " "-F with a glob lists the functions, sorted"

# ---- a binary without debug info ----------------------------------------------
SBIN=$T/pvcmdstrip
cp "$BIN" "$SBIN" && strip -g "$SBIN"
"$SCRY" probe -x "$SBIN" -L pv_line > "$T/sL.out" 2> "$T/sL.err"
is "$?" 1 "-L without debug info: exit 1"
like "$T/sL.err" "debug" "-L without debug info explains"
run_ok "entry probe without debug info" "$SCRY" probe -q -x "$SBIN" pv_entry > "$T/s.out"
run_ok "return probe without debug info" "$SCRY" probe -q -x "$SBIN" 'pv_ret%return' > "$T/s2.out"
is "$(ours | grep -c 'probe_pvcmdstrip/pv_')" 2 "both defined"
run_ok "-d of the group" "$SCRY" probe -q -d 'probe_pvcmdstrip:*'
is "$(ours | wc -l)" 0 "removed"

# ---- -x with a library name ------------------------------------------------
run_ok "-x c -n malloc" "$SCRY" probe -x c -n malloc > "$T/libc.out"
like "$T/libc.out" "^p:probe_libc/malloc /[^ ]*/libc\.so\.6:0x[0-9a-f]+\$" "-x c finds libc through the linker's paths (.dynsym)"

done_testing
