#!/bin/bash
# scry inject rewrites a data file as perf inject does: a pipe stream into a
# seekable file and back, compressed records expanded, build-ids added (-b)
# for the DSOs the samples hit. Every output is read by perf and by scry,
# and must hold the samples of its input (same samples, same symbols). The
# inject parts of perf's own pipe_test.sh run with scry in perf's place.
. "$(dirname "$0")/lib.sh"
need_root
command -v perf > /dev/null || skip_all "perf is not installed"
NOP="$PROGS/noploop"

# The samples of a file, one line each (comm tid time event symbol), as
# scry script and perf script print them; stderr in $T/ids.err.
scry_ids() { "$SCRY" script -i "$1" -F comm,tid,time,event,sym 2> "$T/ids.err" | awk 'NF { print $1, $2, $3, $4, $6 }'; }
perf_ids() { perf script -i "$1" -F comm,tid,time,event,sym 2> "$T/ids.err" | awk 'NF { print $1, $2, $3, $4, $6 }'; }
# The top symbols of a report (1% or more), with their share, sorted
# (ties of equal share come in any order).
perf_top() { perf report -i "$1" --stdio --sort sym 2> /dev/null | awk '!/^#/ && $1 + 0 >= 1 { print $1, $NF }' | sort; }
scry_top() { "$SCRY" report -i "$1" --stdio --sort sym 2> /dev/null | awk '!/^#/ && $1 + 0 >= 1 { print $1, $NF }' | sort; }
# Records that came out of a COMPRESSED record share its offset in scry
# script -D: the offsets used more than once (0 when nothing is compressed).
shared_offsets() { "$SCRY" script -D -i "$1" 2> /dev/null | awk '/^0x/ { print $1 }' | sort | uniq -d | wc -l; }
# The header's size field: 104 for a file, 16 for a pipe stream.
header_size() { od -An -t u8 -j 8 -N 8 "$1" | tr -d ' '; }
# COMPRESSED records perf counts in a file (0 when none).
compressed() { perf report --stats -i "$1" 2> /dev/null | awk '/COMPRESSED events/ { print $3; f = 1 } END { if (!f) print 0 }'; }

# same WHAT A B [MIN]: files A and B hold the same lines, at least MIN
# (default 1) of them: two empty outputs prove nothing.
same() {
	local n
	n=$(wc -l < "$2")
	if [ "$n" -lt "${4:-1}" ]; then fail "$1" "only $n lines (want at least ${4:-1})"
	elif cmp -s "$2" "$3"; then pass "$1 ($n lines)"
	else fail "$1" "$(diff "$2" "$3" | head -6)"; fi
}

# readable WHAT IN OUT: perf and scry read OUT and find IN's samples there,
# sample for sample and with the same top symbols. (perf 6.1 cannot read a
# compressed pipe stream, even its own: then perf's view of OUT is compared
# with scry's of IN.)
readable() {
	perf_ids "$2" > "$T/in.p"
	perf_ids "$3" > "$T/out.p"
	[ -s "$T/out.p" ] || fail "$1: perf script reads it" "$(head -3 "$T/ids.err")"
	scry_ids "$3" > "$T/out.s"
	stderr_ok "$T/ids.err" "$1: scry script reads it, nothing on stderr"
	scry_ids "$2" > "$T/in.s"
	[ -s "$T/in.p" ] || cp "$T/in.s" "$T/in.p"
	same "$1: perf script: the same samples as the input" "$T/out.p" "$T/in.p" 50
	same "$1: scry script: the same samples as the input" "$T/out.s" "$T/in.s" 50
	perf_top "$3" > "$T/top.p"
	scry_top "$3" > "$T/top.s"
	like "$T/top.p" " noploop\$" "$1: perf report: noploop among the top symbols"
	same "$1: perf report and scry report: the same top symbols and shares" "$T/top.s" "$T/top.p" 1
}

# ---- perf's pipe_test.sh, the inject parts, scry for perf -------------------------
"$SCRY" record -q -e task-clock -o - "$NOP" 2> "$T/r1.err" | "$SCRY" inject -b 2> "$T/i1.err" |
	"$SCRY" report -i - 2> "$T/p1.err" > "$T/p1"
stderr_ok "$T/r1.err" "pipe #1: scry record -o -: nothing on stderr"
stderr_ok "$T/i1.err" "pipe #1: scry inject -b: nothing on stderr"
stderr_ok "$T/p1.err" "pipe #1: scry report -i -: nothing on stderr"
like "$T/p1" "noploop" "pipe #1: record -o - | inject -b | report -i -: noploop found"

"$SCRY" record -q -e task-clock -o - "$NOP" 2> "$T/r2.err" | "$SCRY" inject -b -o "$T/p2.data" 2> "$T/i2.err"
stderr_ok "$T/i2.err" "pipe #2: record -o - | inject -b -o DATA: nothing on stderr"
run_ok "pipe #2: scry report -i DATA" "$SCRY" report -i "$T/p2.data" > "$T/p2"
like "$T/p2" "noploop" "pipe #2: noploop found"

run_ok "pipe #3: scry record -o DATA" "$SCRY" record -q -e task-clock -o "$T/p3.data" "$NOP" > /dev/null
"$SCRY" inject -b -i "$T/p3.data" 2> "$T/i3.err" | "$SCRY" report -i - 2> "$T/p3.err" > "$T/p3"
stderr_ok "$T/i3.err" "pipe #3: inject -b -i DATA | report -i -: nothing on stderr from inject"
stderr_ok "$T/p3.err" "pipe #3: ... nothing on stderr from report"
like "$T/p3" "noploop" "pipe #3: noploop found"

# The same with perf on either side.
perf record -q -e task-clock -o - "$NOP" 2> /dev/null | "$SCRY" inject -b 2> "$T/i4.err" |
	perf report -i - --stdio 2> /dev/null > "$T/p4"
stderr_ok "$T/i4.err" "perf record -o - | scry inject -b | perf report -i -: nothing on stderr from scry"
like "$T/p4" "noploop" "... perf report finds noploop"
"$SCRY" inject -b -i "$T/p3.data" 2> "$T/i5.err" | perf report -i - --stdio 2> /dev/null > "$T/p5"
stderr_ok "$T/i5.err" "scry inject -b -i DATA | perf report -i -: nothing on stderr from scry"
like "$T/p5" "noploop" "... perf report finds noploop"

# perf's own test, its perf inject being scry inject.
pipe_test=/usr/lib/perf-core/tests/shell/pipe_test.sh
if [ -r "$pipe_test" ] && command -v cc > /dev/null; then
	mkdir -p "$T/shim"
	printf '#!/bin/sh\n[ "$1" = inject ] && { shift; exec "%s" inject "$@"; }\nexec "%s" "$@"\n' \
		"$SCRY" "$(command -v perf)" > "$T/shim/perf"
	chmod +x "$T/shim/perf"
	# Its files in $T, not /tmp (it leaves them behind when it fails).
	sed "s|/tmp/|$T/|g" "$pipe_test" > "$T/pipe_test.sh"
	PATH="$T/shim:$PATH" sh "$T/pipe_test.sh" > "$T/pipe_test.out" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && pass "perf's pipe_test.sh with scry inject for perf inject" ||
		fail "perf's pipe_test.sh with scry inject: exit $rc" "$(grep -v '^\[' "$T/pipe_test.out" | tail -5)"
else
	skip "perf's pipe_test.sh (or cc) is not installed"
fi

# ---- pipe -> file ----------------------------------------------------------------------
oracle_ok "perf record -o - (a pipe stream)" perf record -q -e task-clock -o - "$NOP" 400 > "$T/perf.pipe"
"$SCRY" record -q -e task-clock -o - "$NOP" 400 > "$T/scry.pipe" 2> "$T/rec.err"
stderr_ok "$T/rec.err" "scry record -o - (a pipe stream)"
for who in perf scry; do
	is "$(header_size "$T/$who.pipe")" 16 "$who's pipe stream has the 16-byte pipe header"
	run_ok "$who's pipe -> file: scry inject -i PIPE -o FILE" "$SCRY" inject -i "$T/$who.pipe" -o "$T/$who.file"
	is "$(header_size "$T/$who.file")" 104 "$who's pipe -> file: a seekable file's 104-byte header"
	run_ok "$who's pipe -> file: scry report --header-only" "$SCRY" report --header-only -i "$T/$who.file" > "$T/h"
	like "$T/h" "^# hostname : $(uname -n)\$" "$who's pipe -> file: the hostname feature is there"
	like "$T/h" "^# event : name = task-clock" "$who's pipe -> file: the event's name (EVENT_DESC) is there"
	oracle_ok "$who's pipe -> file: perf report --header-only" perf report --header-only -i "$T/$who.file" > "$T/ph"
	like "$T/ph" "^# os release : $(uname -r)\$" "$who's pipe -> file: perf reads its os release feature"
	readable "$who's pipe -> file" "$T/$who.pipe" "$T/$who.file"
done
# From standard input, as perf inject's default.
"$SCRY" inject -o "$T/stdin.file" < "$T/perf.pipe" 2> "$T/err"
stderr_ok "$T/err" "scry inject -o FILE < PIPE"
cmp -s "$T/stdin.file" "$T/perf.file" && pass "... the same file as with -i PIPE" || fail "stdin and -i differ"

# ---- file -> pipe ------------------------------------------------------------------------
oracle_ok "perf record -o FILE" perf record -q -e task-clock -o "$T/perf.data" "$NOP" 400 > /dev/null
for who in perf scry; do
	src="$T/$who.data"
	[ "$who" = scry ] && src="$T/p3.data"
	"$SCRY" inject -i "$src" > "$T/$who.topipe" 2> "$T/err"
	stderr_ok "$T/err" "$who's file -> pipe: scry inject -i FILE > PIPE"
	is "$(header_size "$T/$who.topipe")" 16 "$who's file -> pipe: the 16-byte pipe header"
	readable "$who's file -> pipe" "$src" "$T/$who.topipe"
	# And through a real pipe into perf and scry.
	"$SCRY" inject -i "$src" 2> "$T/err" | perf script -F comm,tid,time,event,sym -i - 2> /dev/null |
		awk 'NF { print $1, $2, $3, $4, $6 }' > "$T/live.p"
	perf_ids "$src" > "$T/in.p"
	same "$who's file | scry inject | perf script -i -: the same samples" "$T/live.p" "$T/in.p" 50
done
# A tracepoint's name and fields: perf names a pipe stream's events from
# its EVENT_UPDATE records (else "unknown tracepoint").
run_ok "scry record -e sched:sched_switch -o FILE" "$SCRY" record -q -e sched:sched_switch -o "$T/tp.data" -- sh -c "sleep 0.05; sleep 0.05; sleep 0.05"
oracle_ok "perf script of the file" perf script -i "$T/tp.data" > "$T/tp.file.p"
"$SCRY" inject -i "$T/tp.data" 2> "$T/err" | perf script -i - > "$T/tp.pipe.p" 2> /dev/null
stderr_ok "$T/err" "tracepoint file -> pipe: nothing on stderr"
n=$(grep -c 'sched:sched_switch: prev_comm=' "$T/tp.pipe.p")
[ "$n" -gt 0 ] && pass "tracepoint file | scry inject | perf script -i -: named, with fields ($n)" ||
	fail "tracepoint file -> pipe: perf script names no sched_switch" "$(head -2 "$T/tp.pipe.p")"
same "tracepoint file -> pipe: perf script prints what it prints of the file" "$T/tp.pipe.p" "$T/tp.file.p" 3
"$SCRY" inject -i "$T/tp.data" 2> /dev/null | "$SCRY" script -i - > "$T/tp.pipe.s" 2> "$T/err"
stderr_ok "$T/err" "tracepoint file -> pipe: scry script reads it"
run_ok "scry script of the file" "$SCRY" script -i "$T/tp.data" > "$T/tp.file.s"
same "tracepoint file -> pipe: scry script prints what it prints of the file" "$T/tp.pipe.s" "$T/tp.file.s" 3

# A file on standard input (not a pipe: it is mapped), and -v's summary.
"$SCRY" inject -v -o "$T/stdin2.data" < "$T/perf.data" 2> "$T/err"
n=$(perf report --stats -i "$T/perf.data" 2> /dev/null | awk '/SAMPLE events/ { print $3; exit }')
like "$T/err" "^\[ scry inject: [0-9]+ records \($n samples\), 0 build-ids added to [0-9]+, [0-9.]+ MB written \]\$" \
	"-v: one summary line, the samples perf counts ($n)"
is "$(wc -l < "$T/err")" 1 "-v: nothing else on stderr"
readable "a file on standard input" "$T/perf.data" "$T/stdin2.data"

# And back: file -> pipe -> file holds the same samples still.
run_ok "file -> pipe -> file" "$SCRY" inject -i "$T/perf.topipe" -o "$T/back.data"
readable "file -> pipe -> file" "$T/perf.data" "$T/back.data"

# ---- -b: build-ids ---------------------------------------------------------------------
nop_id=$(readelf -n "$NOP" | awk '/Build ID/ { print $3 }')
kernel_id=$(perf buildid-list -k 2> /dev/null)
libc=$(ldd "$NOP" | awk '/libc.so/ { print $3 }')
libc_id=$(readelf -n "$(readlink -f "$libc")" | awk '/Build ID/ { print $3 }')
# perf's pipe stream carries no build-ids: what is there after inject -b is inject's.
run_ok "inject without -b" "$SCRY" inject -i "$T/perf.pipe" -o "$T/nob.data"
oracle_ok "perf buildid-list of it" perf buildid-list -i "$T/nob.data" > "$T/nob.ids"
unlike "$T/nob.ids" "^[0-9a-f]{40} " "without -b: no build-ids added"
run_ok "scry inject -b -i PIPE -o FILE" "$SCRY" inject -b -i "$T/perf.pipe" -o "$T/b.data"
oracle_ok "perf buildid-list -i OUT" perf buildid-list -i "$T/b.data" > "$T/b.ids"
has_line "$T/b.ids" "$nop_id $NOP" "-b: perf buildid-list shows the program's build-id (readelf -n's)"
if grep -q '\[kernel.kallsyms\]' "$T/b.ids"; then
	has_line "$T/b.ids" "$kernel_id [kernel.kallsyms]" "-b: the kernel's build-id is the running kernel's (perf buildid-list -k)"
else
	skip "no kernel sample in this run"
fi
run_ok "scry report --header-only of it" "$SCRY" report --header-only -i "$T/b.data" > "$T/b.h"
has_line "$T/b.h" "# build id : $nop_id $NOP" "-b: scry's header shows the program's build-id"
is "$(grep -c "$NOP\$" "$T/b.ids")" 1 "-b: one entry for the program"
readable "-b" "$T/perf.pipe" "$T/b.data"
# On a file that has build-ids already (scry record's): none twice.
run_ok "scry inject -b on a file with build-ids" "$SCRY" inject -b -i "$T/p3.data" -o "$T/bb.data"
oracle_ok "perf buildid-list of it" perf buildid-list -i "$T/bb.data" > "$T/bb.ids"
is "$(sort "$T/bb.ids" | uniq -d | wc -l):$(grep -c "^$nop_id $NOP\$" "$T/bb.ids")" "0:1" "-b twice: no entry repeated, the program's once"
# In a pipe stream, as perf inject -b writes it: perf buildid-list reads it.
"$SCRY" inject -b -i "$T/perf.pipe" > "$T/b.pipe" 2> "$T/err"
stderr_ok "$T/err" "scry inject -b > PIPE"
# (A pipe stream's build-ids follow its data: a file made of it shows them.)
run_ok "... made a file again (no -b)" "$SCRY" inject -i "$T/b.pipe" -o "$T/bp.data"
oracle_ok "... perf buildid-list of that" perf buildid-list -i "$T/bp.data" > "$T/bp.ids"
has_line "$T/bp.ids" "$nop_id $NOP" "-b in a pipe stream: the program's build-id"
# --buildid-all: every DSO mapped, libc whether sampled or not.
run_ok "scry inject --buildid-all" "$SCRY" inject --buildid-all -i "$T/perf.pipe" -o "$T/ball.data"
oracle_ok "perf buildid-list of it" perf buildid-list -i "$T/ball.data" > "$T/ball.ids"
like "$T/ball.ids" "^$libc_id .*libc\.so\.6\$" "--buildid-all: libc's build-id (readelf -n's)"
has_line "$T/ball.ids" "$nop_id $NOP" "--buildid-all: the program's build-id"

# ---- -z: compressed records expanded ------------------------------------------------------
oracle_ok "perf record -z" perf record -q -z -e task-clock -o "$T/pz.data" "$NOP" 400 > /dev/null
run_ok "scry record -z" "$SCRY" record -q -z -e task-clock -o "$T/sz.data" "$NOP" 400 > /dev/null
"$SCRY" record -q -z -e task-clock -o - "$NOP" 400 > "$T/sz.pipe" 2> "$T/err"
stderr_ok "$T/err" "scry record -z -o -"
for f in pz.data sz.data sz.pipe; do
	n=$(shared_offsets "$T/$f")
	[ "$n" -gt 0 ] && pass "$f has COMPRESSED records (scry script -D: $n)" || fail "$f has no COMPRESSED records"
	if [ "$f" != sz.pipe ]; then
		n=$(compressed "$T/$f")
		[ "$n" -gt 0 ] && pass "$f has COMPRESSED records (perf report --stats: $n)" || fail "$f: perf sees no COMPRESSED records"
	fi
	run_ok "$f: scry inject -i Z -o PLAIN" "$SCRY" inject -i "$T/$f" -o "$T/$f.plain"
	is "$(shared_offsets "$T/$f.plain")" 0 "$f: the output has no COMPRESSED records (scry script -D)"
	is "$(compressed "$T/$f.plain")" 0 "$f: ... nor for perf report --stats"
	perf script -D -i "$T/$f.plain" 2> /dev/null | grep -c PERF_RECORD_COMPRESSED > "$T/n"
	is "$(cat "$T/n")" 0 "$f: perf script -D shows none either"
	run_ok "$f: scry report --header-only" "$SCRY" report --header-only -i "$T/$f.plain" > "$T/zh"
	unlike "$T/zh" "^# compressed" "$f: no compression feature in the output's header"
	readable "$f decompressed" "$T/$f" "$T/$f.plain"
done

# ---- errors ------------------------------------------------------------------------------
"$SCRY" inject -i "$T/nonexistent" -o "$T/x" > /dev/null 2> "$T/err"
is "$?:$(wc -l < "$T/err")" "1:1" "a missing input: exit 1, one line"
like "$T/err" "^scry: inject: $T/nonexistent: No such file or directory\$" "... naming the file and why"
[ -e "$T/x" ] && fail "a missing input created the output" || pass "... and no output file"
head -c 3000 /dev/urandom > "$T/junk"
"$SCRY" inject -i "$T/junk" -o "$T/x" > /dev/null 2> "$T/err"
is "$?:$(wc -l < "$T/err")" "1:1" "a file that is not perf.data: exit 1, one line"
like "$T/err" "^scry: inject: $T/junk: offset 0x0: " "... naming the file and the offset"
"$SCRY" inject -i "$T/perf.data" -o "$T/perf.data" > /dev/null 2> "$T/err"
is "$?:$(wc -l < "$T/err")" "1:1" "the input as output: exit 1, one line"
oracle_ok "... the input is untouched" perf report --stats -i "$T/perf.data" > /dev/null
"$SCRY" inject -i "$T/perf.data" -o /dev/full 2> "$T/err"
is "$?:$(wc -l < "$T/err")" "1:1" "a full disk: exit 1, one line"
like "$T/err" "No space left on device" "... saying why"
"$SCRY" inject -i "$T/perf.data" > /dev/full 2> "$T/err"
is "$?:$(cat "$T/err")" "1:scry: inject: writing standard output: No space left on device" "stdout on a full disk: exit 1, one line"
# A bad record part way: one line naming it, exit 1, and the records before
# it written out as a file perf and scry read.
python3 - "$T/perf.data" "$T/dmg.data" <<'EOF'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
off, size = struct.unpack_from('<QQ', d, 40)
p, i = off, 0
while p < off + size:
    t, m, s = struct.unpack_from('<IHH', d, p)
    if i == 300:
        struct.pack_into('<H', d, p + 6, 3)     # a size less than a header
        break
    p, i = p + s, i + 1
open(sys.argv[2], 'wb').write(d)
EOF
"$SCRY" inject -i "$T/dmg.data" -o "$T/dmg.out" 2> "$T/err"
is "$?:$(wc -l < "$T/err")" "1:1" "a bad record part way: exit 1, one line"
like "$T/err" "^scry: inject: $T/dmg.data: offset 0x[0-9a-f]+: record size 3 is less than 8" "... naming the file, the offset and what is wrong"
n=$(perf script -i "$T/dmg.out" 2> /dev/null | wc -l)
[ "$n" -gt 200 ] && [ "$n" -le 300 ] && pass "... the records before it written: perf script reads $n samples" ||
	fail "the records before a bad one: perf script reads $n samples (want 200..300)"
is "$("$SCRY" script -i "$T/dmg.out" 2> /dev/null | wc -l)" "$n" "... and scry script as many"
usage_error "inject --itrace (perf's, not scry's)" "^scry inject: --itrace is not supported" "$SCRY" inject --itrace=i100us -i "$T/perf.data"
usage_error "inject --jit" "^scry inject: --jit is not supported" "$SCRY" inject -j -i "$T/perf.data"
usage_error "inject -s (sched-stat)" "^scry inject: --sched-stat is not supported" "$SCRY" inject -s -i "$T/perf.data"
usage_error "inject --bogus" "^scry inject: unknown option '--bogus'\$" "$SCRY" inject --bogus
usage_error "inject FILE (the input is -i's)" "^scry: inject: unexpected argument 'x.data'" "$SCRY" inject x.data
usage_error "inject -i (missing argument)" "^scry inject: option '-i' needs an argument\$" "$SCRY" inject -i
done_testing
