#!/bin/bash
# scry probe's DWARF side against perf probe on the same binaries: the -L,
# -V and -F listings byte for byte, and the uprobe definitions of -n (the
# address and fetch arguments of each), on tests/progs/probe-target at -O0
# and -O2. Nothing is written to uprobe_events (-n, listings only).
. "$(dirname "$0")/lib.sh"

command -v perf >/dev/null 2>&1 || skip_all "perf is not installed (it is the oracle here)"
perf probe -x "$PROGS/probe-target" -F >/dev/null 2>&1 || skip_all "perf probe does not work here"
# scry's own failure (a crash included) is a failure, never a skip.
run_ok "scry probe -F runs" "$SCRY" probe -x "$PROGS/probe-target" -F > /dev/null

same() { # MSG CMD...: scry and perf print the same thing
	local msg=$1; shift
	"$SCRY" probe "$@" >"$T/mine" 2>&1
	perf probe "$@" >"$T/perf" 2>&1
	if cmp -s "$T/mine" "$T/perf"; then pass "$msg"; else
		fail "$msg" "$(diff "$T/mine" "$T/perf" | head -8 | tr '\n' '|')"
	fi
}

# "0xADDR arg=fetch ..." of each definition (perf -n -v: "Writing event: p:G/E
# PATH:0xADDR ARGS", on its stderr); scry's stderr goes to $T/defs.err.
defs_perf() { perf probe -n -v "$@" 2>&1 | sed -n 's/^Writing event: [pr]:[^ ]* [^ ]*:\(0x[0-9a-f]*\)/\1/p'; }
defs_scry() { "$SCRY" probe -n "$@" 2> "$T/defs.err" | sed -n 's/^[pr]:[^ ]* [^ ]*:\(0x[0-9a-f]*\)/\1/p'; }

for bin in probe-target probe-target-o2; do
	B=$PROGS/$bin
	for w in pt_add pt_loop main pt_weigh:2-5 probe-target.c:56-62 probe-target.c:1-90; do
		same "$bin -L $w" -x "$B" -L "$w"
	done
	for w in pt_add pt_loop main probe-target.c:60 pt_add:4 'pt_weigh%return'; do
		same "$bin -V $w" -x "$B" -V "$w"
	done
	same "$bin -F" -x "$B" -F
	same "$bin -F 'pt_*'" -x "$B" -F 'pt_*'
	for s in 'pt_add a b name' 'pt_weigh it->weight it->id it->label:string' 'pt_add:4 sum' \
		 'probe-target.c:60' 'pt_loop $params' 'pt_answer' 'pt_add name:string'; do
		m=$(defs_scry -x "$B" -a "$s")
		p=$(defs_perf -x "$B" -a "$s")
		if [ -n "$p" ] && [ "$m" = "$p" ] && [ ! -s "$T/defs.err" ]; then pass "$bin -n '$s'"; else
			fail "$bin -n '$s'" "scry: $m" "perf: $p" "scry's stderr: $(head -3 "$T/defs.err")"
		fi
	done
done

done_testing
