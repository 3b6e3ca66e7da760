#!/bin/bash
# Values fetched by scry probe's uprobes, end to end: probes on a function
# entry with $params, a source line with a local, a struct field through a
# pointer, a string parameter and %return with $retval, recorded with scry
# record while tests/progs/probe-values runs; scry script must print exactly
# the values the program printed itself. At -O0 and at -O2 (registers,
# location lists). Groups: pvvalO0, pvvalO2 (this test's own).
. "$(dirname "$0")/lib.sh"
need_root
UPROBES=/sys/kernel/tracing/uprobe_events
[ -w "$UPROBES" ] || skip_all "no writable $UPROBES (kernel without CONFIG_UPROBE_EVENTS)"

SRC=$(cd "$(dirname "$0")/../progs" && pwd)/probe-values.c
ours() { grep -E '^[pr]:pvval' "$UPROBES"; }
cleanup_probes() { ours | sed -E 's/^[pr]:([^ ]+).*/-:\1/' | sort -u >> "$UPROBES"; }
trap 'cleanup_probes; cleanup' EXIT
cleanup_probes

start=$(grep -n '^__attribute__((noinline)) int pv_line' "$SRC" | cut -d: -f1)
rel=$(( $(grep -n 'PV_LINE_SQ' "$SRC" | cut -d: -f1) - start ))

# What the program printed, as the fields each event should show:
#   pv_entry i=-1 l=100000000000 s=alpha -> entry: i=-1 l=100000000000
#                                        -> str: s="alpha"
expected() { # EVENT < program output
	case $1 in
	entry) sed -n 's/^pv_entry \(i=[^ ]* l=[^ ]*\) s=.*/\1/p' ;;
	str) sed -n 's/^pv_entry i=[^ ]* l=[^ ]* s=\(.*\)/s="\1"/p' ;;
	line) sed -n 's/^pv_line \(sq=.*\)/\1/p' ;;
	st) sed -n 's/^pv_struct \(id=[^ ]* score=.*\)/\1/p' ;;
	ret) sed -n 's/^pv_ret \(ret=.*\)/\1/p' ;;
	esac
}

# What scry script printed for GROUP:EVENT, without the probe address:
#   ... pvvalO0:entry: (55d1c0a8e139) i=-1 l=100000000000 s=0x55d1c0a8f004
got() { # GROUP EVENT < script output
	sed -n "s/.* $1:$2: ([^)]*) //p" | if [ "$2" = entry ]; then sed 's/ s=.*//'; else cat; fi
}

for opt in O0 O2; do
	G=pvval$opt
	BIN=$T/pvvalbin$opt
	if [ $opt = O0 ]; then cp "$PROGS/probe-values" "$BIN"; else cp "$PROGS/probe-values-o2" "$BIN"; fi

	ok=1
	for spec in "$G:entry=pv_entry \$params" \
		    "$G:str=pv_entry s=s:string" \
		    "$G:line=pv_line:$rel sq=sq" \
		    "$G:st=pv_struct id=r->id score=r->score" \
		    "$G:ret=pv_ret%return ret=\$retval"; do
		if ! "$SCRY" probe -q -x "$BIN" "$spec" > "$T/add.out" 2> "$T/add.err" || [ -s "$T/add.err" ]; then
			fail "$opt: scry probe '$spec'" "$(cat "$T/add.out" "$T/add.err")"
			ok=0
		fi
	done
	[ $ok = 1 ] && pass "$opt: five probes added"
	run_ok "$opt: -l" "$SCRY" probe -l "$G:*" > "$T/l.out"
	is "$(wc -l < "$T/l.out")" 5 "$opt: -l lists them"

	run_ok "$opt: scry record ran the program" "$SCRY" record -q -e "$G:*" -o "$T/$opt.data" -- "$BIN" 3 > "$T/$opt.prog"
	run_ok "$opt: scry script" "$SCRY" script -i "$T/$opt.data" > "$T/$opt.script"
	for ev in entry str line st ret; do
		exp=$(expected $ev < "$T/$opt.prog")
		act=$(got "$G" $ev < "$T/$opt.script")
		if [ -z "$exp" ]; then
			fail "$opt: $ev: the program printed nothing for it"
		else
			is "$act" "$exp" "$opt: $ev values are the program's ($(echo "$exp" | head -1)...)"
		fi
	done

	run_ok "$opt: -d" "$SCRY" probe -q -d "$G:*"
	is "$(ours | wc -l)" 0 "$opt: probes removed"
done

done_testing
