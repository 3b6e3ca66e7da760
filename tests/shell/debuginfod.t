#!/bin/bash
# Binaries and debug files found by build-id when they are gone from their
# path: from a real debuginfod server (Debian's debuginfod, serving a
# directory with the test program built -g) through libdebuginfod, and
# from perf's build-id cache (~/.debug), which scry buildid-cache writes in
# perf's layout. The oracle for names and source lines is what scry report
# printed while the binary was still there; perf buildid-cache --list and
# perf report check the cache both ways.
. "$(dirname "$0")/lib.sh"
need_root
command -v gcc > /dev/null || skip_all "needs gcc to build the program"
command -v debuginfod > /dev/null && command -v debuginfod-find > /dev/null ||
	skip_all "needs Debian's debuginfod (apt-get install debuginfod)"
SRC="$(cd "$(dirname "$0")/../progs" && pwd)"
unset DEBUGINFOD_URLS DEBUGINFOD_TIMEOUT DEBUGINFOD_PROGRESS DEBUGINFOD_VERBOSE PERF_BUILDID_DIR
export HOME="$T/home" DEBUGINFOD_CACHE_PATH="$T/dcache"
mkdir -p "$HOME" "$T/bin" "$T/srv"
ID_OF() { readelf -n "$1" | sed -n 's/^ *Build ID: //p'; }

gcc -g -O0 -Wall -o "$T/bin/tree" "$SRC/report-tree.c" || skip_all "cannot build report-tree.c"
gcc -g -O0 -Wall -o "$T/bin/deep" "$SRC/unwind-deep.c" || skip_all "cannot build unwind-deep.c"
cp "$T/bin/tree" "$T/bin/deep" "$T/srv/"
ID=$(ID_OF "$T/bin/tree")

# ---- record, and the report while the binary is there (the oracle) ---------------
run_ok "record --no-embed (the file carries no symbols)" \
	"$SCRY" record -q -F 999 -g --no-embed -o "$T/t.data" -- "$T/bin/tree" 400 > /dev/null
REP=(report -i "$T/t.data" --stdio -q -g none --percent-limit 0)
run_ok "report with the binary there" "$SCRY" "${REP[@]}" -s dso,sym > "$T/here.sym"
run_ok "report -s sym,srcline with the binary there" "$SCRY" "${REP[@]}" -s dso,sym,srcline > "$T/here.src"
for f in hot work_a work_b main; do
	like "$T/here.sym" "tree +\[\.\] $f\$" "the oracle names $f"
done
like "$T/here.src" " hot +report-tree\.c:[0-9]+\$" "the oracle has hot's source lines"
# --call-graph dwarf: the unwinder needs the binary's .eh_frame too.
run_ok "record --call-graph dwarf --no-embed" \
	"$SCRY" record -q -F 999 --call-graph dwarf --no-embed -o "$T/dw.data" -- "$T/bin/deep" 300 > /dev/null
DW=(report -i "$T/dw.data" --stdio -q -g caller --percent-limit 5)
run_ok "report -g of it with the binary there" "$SCRY" "${DW[@]}" > "$T/here.dw"
like "$T/here.dw" "^[ |]+(--[0-9.]+%--)?uw_a\$" "the oracle unwinds through uw_a"
rm "$T/bin/tree" "$T/bin/deep"
run_ok "report with the binary deleted, no debuginfod" "$SCRY" "${REP[@]}" -s dso,sym > "$T/gone.sym"
unlike "$T/gone.sym" "\] hot\$" "... hot is not named"
like "$T/gone.sym" "tree +\[\.\] 0x[0-9a-f]+\$" "... its addresses are shown instead"

# ---- a debuginfod server on a free port ---------------------------------------------
port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
PORT=""
for _ in $(seq 20); do
	p=$((20000 + RANDOM % 40000))
	port_in_use "$p" || { PORT=$p; break; }
done
[ -n "$PORT" ] || skip_all "no free port found"
URL="http://127.0.0.1:$PORT"
debuginfod -F "$T/srv" -p "$PORT" -d "$T/db.sqlite" > "$T/server.log" 2>&1 &
SERVER=$!
BG_PIDS="$BG_PIDS $SERVER"
# Up and the program indexed: it answers for the build-id (into a cache of
# its own, so that scry's starts cold).
up=no
for _ in $(seq 150); do
	# (A fresh cache each time: libdebuginfod remembers a miss.)
	rm -rf "$T/probe-cache"
	DEBUGINFOD_URLS=$URL DEBUGINFOD_CACHE_PATH="$T/probe-cache" debuginfod-find debuginfo "$ID" \
		> /dev/null 2>&1 && { up=yes; break; }
	kill -0 "$SERVER" 2> /dev/null || break
	sleep 0.2
done
is "$up" yes "debuginfod -F serves the program (build-id $ID)"

export DEBUGINFOD_URLS=$URL
t0=$(date +%s%N)
run_ok "report from debuginfod (cold cache)" "$SCRY" "${REP[@]}" -s dso,sym > "$T/d.sym"
t1=$(date +%s%N)
is "$(cat "$T/d.sym")" "$(cat "$T/here.sym")" "... names what it named with the binary there"
[ -s "$DEBUGINFOD_CACHE_PATH/$ID/debuginfo" ] && pass "... the debug file is in DEBUGINFOD_CACHE_PATH" ||
	fail "... no $DEBUGINFOD_CACHE_PATH/$ID/debuginfo"
run_ok "report -s srcline from debuginfod (warm cache)" "$SCRY" "${REP[@]}" -s dso,sym,srcline > "$T/d.src"
t2=$(date +%s%N)
is "$(cat "$T/d.src")" "$(cat "$T/here.src")" "... the same source lines as with the binary there"
echo "# report: cold cache $(((t1 - t0) / 1000000)) ms, warm (with srcline) $(((t2 - t1) / 1000000)) ms"
run_ok "report -g of the dwarf callchains from debuginfod" "$SCRY" "${DW[@]}" > "$T/d.dw"
is "$(cat "$T/d.dw")" "$(cat "$T/here.dw")" "... the same callchains as with the binary there"
run_ok "script from debuginfod" "$SCRY" script -i "$T/t.data" -F sym > "$T/d.script"
like "$T/d.script" "^ *hot\$" "script names hot"
"$SCRY" "${REP[@]}" -v -s sym > /dev/null 2> "$T/v.err"
STDERR_OK="^scry: debuginfod: debuginfo of $T/bin/tree \\($ID\\): $DEBUGINFOD_CACHE_PATH/" \
	stderr_ok "$T/v.err" "report -v: one line naming the cached file"
# On a terminal (script(1) gives it one), a progress line while it
# downloads, cleared when done.
if command -v script > /dev/null; then
	DEBUGINFOD_CACHE_PATH="$T/ttycache" script -qec "$SCRY ${REP[*]} -s sym > /dev/null" "$T/tty.out" > /dev/null
	is "$?" 0 "report on a terminal"
	tr '\r' '\n' < "$T/tty.out" > "$T/tty.lines"
	like "$T/tty.lines" "^scry: debuginfod: debuginfo of $T/bin/tree: [0-9]+/[0-9]+ KB" \
		"... a progress line: the file and how much of it came"
	like "$T/tty.lines" $'^\e\\[K' "... cleared at the end"
else
	skip "no script(1) for a terminal"
fi
run_ok "--no-debuginfod: the server is not asked" "$SCRY" "${REP[@]}" -s dso,sym --no-debuginfod > "$T/no.sym"
unlike "$T/no.sym" "tree +\[\.\] hot\$" "... hot is not named"

# A stripped copy: its DWARF from the server (probe -L lists hot's lines).
cp "$T/srv/tree" "$T/bin/stripped"
strip "$T/bin/stripped"
run_ok "probe -L of a stripped binary: DWARF from debuginfod" \
	"$SCRY" probe -x "$T/bin/stripped" -L hot > "$T/L.out"
like "$T/L.out" "sink = mix\(sink\);" "... hot's source lines"
"$SCRY" probe -x "$T/bin/stripped" -L hot --no-debuginfod > /dev/null 2> "$T/L.err"
is "$?" 1 "probe -L --no-debuginfod of the stripped binary: no DWARF, exit 1"
run_ok "script --no-debuginfod" "$SCRY" script -i "$T/t.data" -F sym --no-debuginfod > "$T/no.script"
unlike "$T/no.script" "^ *hot\$" "... names no hot"

# ---- the server stopped: one warning, the report goes on ----------------------------
kill "$SERVER"
wait "$SERVER" 2> /dev/null
for _ in $(seq 50); do port_in_use "$PORT" || break; sleep 0.1; done
export DEBUGINFOD_CACHE_PATH="$T/dcache2"
"$SCRY" "${REP[@]}" -s dso,sym > "$T/down.sym" 2> "$T/down.err"
is "$?" 0 "server down: report exits 0"
is "$(wc -l < "$T/down.err")" 1 "... one line on stderr"
like "$T/down.err" "^scry: warning: debuginfod: $URL: Connection refused; going on without it" "... a warning naming the server"
cmp -s "$T/down.sym" "$T/gone.sym" && pass "... the report of what it has (addresses)" ||
	fail "... the report differs from the one without debuginfod" "$(diff "$T/gone.sym" "$T/down.sym" | head)"

# A server that takes the connection and never answers: the timeout.
if command -v python3 > /dev/null; then
	python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(16); print(s.getsockname()[1]); sys.stdout.flush(); time.sleep(120)' > "$T/mute.port" &
	BG_PIDS="$BG_PIDS $!"
	for _ in $(seq 50); do [ -s "$T/mute.port" ] && break; sleep 0.1; done
	export DEBUGINFOD_URLS="http://127.0.0.1:$(cat "$T/mute.port")"
	for tmo in 1 ""; do
		rm -rf "$DEBUGINFOD_CACHE_PATH"
		t0=$(date +%s%N)
		if [ -n "$tmo" ]; then
			DEBUGINFOD_TIMEOUT=$tmo "$SCRY" "${REP[@]}" -s dso,sym > "$T/mute.sym" 2> "$T/mute.err"
		else
			"$SCRY" "${REP[@]}" -s dso,sym > "$T/mute.sym" 2> "$T/mute.err"
		fi
		rc=$?
		ms=$((($(date +%s%N) - t0) / 1000000))
		what=${tmo:+DEBUGINFOD_TIMEOUT=$tmo}
		what=${what:-DEBUGINFOD_TIMEOUT unset}
		echo "# a mute server, $what: $ms ms"
		is "$rc:$(wc -l < "$T/mute.err")" "0:1" "a mute server, $what: exit 0, one warning"
		like "$T/mute.err" "^scry: warning: debuginfod: .*going on without it" "... saying so"
		lim=$(( ${tmo:-5} * 1000 + 2500 ))
		[ "$ms" -lt "$lim" ] && pass "... given up within the timeout ($ms ms < $lim)" ||
			fail "... took $ms ms"
	done
else
	skip "no python3 for a mute server"
fi
unset DEBUGINFOD_URLS

# ---- perf's build-id cache ------------------------------------------------------------
cp "$T/srv/tree" "$T/bin/tree"
run_ok "buildid-cache --add" "$SCRY" buildid-cache --add "$T/bin/tree"
E="$HOME/.debug/$T/bin/tree/$ID"
[ -f "$E/elf" ] && [ -L "$HOME/.debug/.build-id/${ID:0:2}/${ID:2}" ] &&
	is "$(readlink "$HOME/.debug/.build-id/${ID:0:2}/${ID:2}")" "../..$T/bin/tree/$ID" "perf's layout: the link and elf" ||
	fail "no $E/elf or its .build-id link"
run_ok "buildid-cache --list" "$SCRY" buildid-cache --list > "$T/list"
is "$(cat "$T/list")" "$ID $T/bin/tree" "--list: BUILDID PATH"
HAVE_PERF=no
command -v perf > /dev/null && HAVE_PERF=yes
if [ $HAVE_PERF = yes ]; then
	oracle_ok "perf buildid-cache --list of scry's cache" perf buildid-cache --list > "$T/perf.list"
	is "$(cat "$T/perf.list")" "$(cat "$T/list")" "... the same lines as scry's"
fi
rm "$T/bin/tree"
run_ok "report of the deleted binary, from the cache" "$SCRY" "${REP[@]}" -s dso,sym > "$T/c.sym"
is "$(cat "$T/c.sym")" "$(cat "$T/here.sym")" "... names what it named with the binary there"
run_ok "... and source lines too" "$SCRY" "${REP[@]}" -s dso,sym,srcline > "$T/c.src"
is "$(cat "$T/c.src")" "$(cat "$T/here.src")" "... the same source lines"
cp "$T/srv/deep" "$T/bin/deep"
run_ok "buildid-cache --add of the dwarf-recorded program" "$SCRY" buildid-cache --add "$T/bin/deep"
rm "$T/bin/deep"
run_ok "report -g of the dwarf callchains from the cache" "$SCRY" "${DW[@]}" > "$T/c.dw"
is "$(cat "$T/c.dw")" "$(cat "$T/here.dw")" "... the same callchains as with the binary there"
run_ok "buildid-cache --remove of it (by the cached copy)" "$SCRY" buildid-cache --remove \
	"$HOME/.debug/$T/bin/deep/$(ID_OF "$T/srv/deep")/elf"
# perf lists only entries whose file is still there (its "valid" ones).
run_ok "--list with the file gone" "$SCRY" buildid-cache --list > "$T/list.gone"
is "$(cat "$T/list.gone")" "" "... lists nothing, as perf does"
if [ $HAVE_PERF = yes ]; then
	oracle_ok "perf buildid-cache --list with the file gone" perf buildid-cache --list > "$T/perf.list.gone"
	is "$(cat "$T/perf.list.gone")" "" "... perf lists nothing either"
	oracle_ok "perf report of the deleted binary" perf report -i "$T/t.data" --stdio -q -g none -s dso,sym > "$T/perf.sym"
	like "$T/perf.sym" "tree +\[\.\] hot" "... perf names hot from scry's cache entry"
	# perf's entries, read by scry: the same --list, the same names.
	cp "$T/srv/tree" "$T/bin/tree"
	export HOME="$T/perfhome"
	mkdir -p "$HOME"
	oracle_ok "perf buildid-cache --add" perf buildid-cache --add "$T/bin/tree,/bin/ls"
	oracle_ok "perf buildid-cache --list" perf buildid-cache --list > "$T/perf.list2"
	run_ok "scry buildid-cache --list of perf's cache" "$SCRY" buildid-cache --list > "$T/list2"
	is "$(cat "$T/list2")" "$(cat "$T/perf.list2")" "... the same lines as perf's"
	is "$(wc -l < "$T/list2")" 2 "... both files"
	rm "$T/bin/tree"
	run_ok "report from perf's cache entry" "$SCRY" "${REP[@]}" -s dso,sym > "$T/pc.sym"
	is "$(cat "$T/pc.sym")" "$(cat "$T/here.sym")" "... names what it named with the binary there"
	# The same files both ways (perf also writes an SDT "probes" list).
	(cd "$T/perfhome" && find .debug ! -name probes -printf '%y %p %l\n' | sort) > "$T/perf.tree"
	cp "$T/srv/tree" "$T/bin/tree"
	export HOME="$T/scryhome"
	mkdir -p "$HOME"
	run_ok "scry buildid-cache --add of the same files" "$SCRY" buildid-cache --add "$T/bin/tree,/bin/ls"
	(cd "$HOME" && find .debug -printf '%y %p %l\n' | sort) > "$T/scry.tree"
	is "$(cat "$T/scry.tree")" "$(cat "$T/perf.tree")" "... the same files and links as perf's"
	export HOME="$T/home"
else
	skip "no perf to compare with"
fi
cp "$T/srv/tree" "$T/bin/tree"
run_ok "buildid-cache --remove" "$SCRY" buildid-cache --remove "$T/bin/tree"
run_ok "... --list after it" "$SCRY" buildid-cache --list > "$T/list3"
is "$(cat "$T/list3")" "" "... the entry is gone"
[ ! -e "$E" ] && pass "... and its directory" || fail "$E is still there"
WANT_STATUS=1 STDERR_OK="^scry: buildid-cache: $T/bin/tree \\($ID\\) is not in the cache\$" \
	run_ok "--remove of what is not there: exit 1, one line" "$SCRY" buildid-cache --remove "$T/bin/tree"
WANT_STATUS=1 STDERR_OK="^scry: buildid-cache: $T/nothing: No such file or directory\$" \
	run_ok "--add of no file: exit 1, one line" "$SCRY" buildid-cache --add "$T/nothing"
usage_error "buildid-cache with nothing to do" "^scry: buildid-cache: nothing to do" "$SCRY" buildid-cache
usage_error "buildid-cache FILE (files go with --add)" "^scry: buildid-cache: unexpected argument" \
	"$SCRY" buildid-cache x

done_testing
