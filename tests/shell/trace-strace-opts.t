#!/bin/bash
# strace's habits in scry trace: -e trace=/signal=/status=/read=/write=, -P,
# -f/-ff/-y/-yy, -tt/-ttt, -c (against strace -c), -X, --no-abbrev,
# --json (against the text lines), --summary-hist; and their usage errors.
. "$(dirname "$0")/lib.sh"
need_root

printf 'scry-strace-opts:0123456789abcdef\n' > "$T/data"
# "syscall calls errors" rows of a -c table
cols() { awk '/^-----/ { n++; next } n == 1 { if (NF == 5) print $5, $4, 0; else print $6, $4, $5 }' "$1" | sort; }

# ---- the tracepoint backend: what needs no copied memory ------------------------------
WANT_STATUS=3 run_ok "tp: trace -e status=failed" "$SCRY" trace --no-bpf -e status=failed -o "$T/tp-sf" -- "$PROGS/sc-basic" "$T/data" > /dev/null
n=$(calls_of "$T/tp-sf" | grep -v '^+++' | grep -cvE ' = -1 E[A-Z]+ \(')
is "$n" 0 "tp: -e status=failed: every call shown failed"
like "$T/tp-sf" 'openat\(dfd: CWD, filename: 0x[0-9a-f]+, flags: RDONLY\) += -1 ENOENT' "tp: ... the ENOENT among them"
WANT_STATUS=3 run_ok "tp: trace -c" "$SCRY" trace --no-bpf -c -o "$T/tp-c" -- "$PROGS/sc-basic" "$T/data" > /dev/null
if command -v strace > /dev/null; then
	strace -f -c -o "$T/tp-c.strace" "$PROGS/sc-basic" "$T/data" > /dev/null 2> "$T/tp-c.strace.err"
	WANT_STATUS=3 stderr_ok "$T/tp-c.strace.err" "strace -c runs" $?
	# (the tracepoint backend misses the command's own execve: entered
	# before its tracepoints are enabled)
	is "$(cols "$T/tp-c" | grep -v '^execve ')" "$(cols "$T/tp-c.strace" | grep -v '^execve ')" \
		"tp: -c: calls and errors per syscall as strace -c counts them"
else
	skip "strace is not installed: -c not compared"
	skip "strace is not installed"
fi

if ! have_bpf; then
	skip "the BPF tracer does not work here (path strings and buffers need it)"
	done_testing
	exit
fi

# ---- -e trace= (and a bare list), -e status= ------------------------------------
WANT_STATUS=3 run_ok "trace -e trace=openat,close" "$SCRY" trace -e trace=openat,close -o "$T/t1" -- "$PROGS/sc-basic" "$T/data" > /dev/null
names=$(calls_of "$T/t1" | grep -v '^+++' | sed 's/(.*//' | sort -u | tr '\n' ' ')
is "$names" "close openat " "-e trace=openat,close: only those"
WANT_STATUS=3 run_ok "trace -e openat -e trace=close" "$SCRY" trace -e openat -e trace=close -o "$T/t2" -- "$PROGS/sc-basic" "$T/data" > /dev/null
is "$(calls_of "$T/t2" | grep -v '^+++')" "$(calls_of "$T/t1" | grep -v '^+++')" "-e LIST -e trace=LIST add up"

WANT_STATUS=3 run_ok "trace -e status=failed" "$SCRY" trace -e status=failed -o "$T/sf" -- "$PROGS/sc-basic" "$T/data" > /dev/null
n=$(calls_of "$T/sf" | grep -v '^+++' | grep -cvE ' = -1 E[A-Z]+ \(')
is "$n" 0 "-e status=failed: every call shown failed"
like "$T/sf" 'openat\(dfd: CWD, filename: "/nonexistent/scry-test", flags: RDONLY\) += -1 ENOENT' "... the program's ENOENT among them"
unlike "$T/sf" "filename: \"$T/data\"" "... and not its successful openat"
WANT_STATUS=3 run_ok "trace -e status=successful" "$SCRY" trace -e status=successful -o "$T/ss" -- "$PROGS/sc-basic" "$T/data" > /dev/null
unlike "$T/ss" ' = -1 E[A-Z]+ ' "-e status=successful: no failed call"
unlike "$T/ss" 'exit_group\(' "... and not exit_group (unfinished)"
like "$T/ss" "openat\\(dfd: CWD, filename: \"$T/data\"" "... the successful openat is there"
WANT_STATUS=3 run_ok "trace -e status=unfinished" "$SCRY" trace -e status=unfinished -o "$T/su" -- "$PROGS/sc-basic" "$T/data" > /dev/null
is "$(calls_of "$T/su" | grep -v '^+++')" "exit_group(error_code: 3) = ?" "-e status=unfinished: exit_group alone"

# ---- -e signal= ------------------------------------------------------------------------
run_ok "trace -e signal=all" "$SCRY" trace -e trace=none -o "$T/sig1" -- sh -c 'sleep 0 & wait'
like "$T/sig1" -- '--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED' "the child's SIGCHLD is shown by default"
run_ok "trace -e signal='!SIGCHLD'" "$SCRY" trace -e trace=none -e 'signal=!SIGCHLD' -o "$T/sig2" -- sh -c 'sleep 0 & wait'
unlike "$T/sig2" 'SIGCHLD' "-e signal='!SIGCHLD' hides it"
like "$T/sig2" '\+\+\+ exited with 0 \+\+\+' "... and keeps the exits"
run_ok "trace -e signal=17" "$SCRY" trace -e trace=none -e signal=17,SIGUSR1 -o "$T/sig3" -- sh -c 'sleep 0 & wait'
like "$T/sig3" -- '--- SIGCHLD ' "-e signal=17 (a number) shows SIGCHLD"

# ---- -e read= / -e write=: the bytes moved ---------------------------------------------
WANT_STATUS=3 run_ok "trace -e read=3 -e write=1" "$SCRY" trace -e trace=read,write -e read=3 -e write=1 -o "$T/rw" -- "$PROGS/sc-basic" "$T/data" > "$T/rw.stdout"
# The dump after read(fd: 3</data>) holds the 7 bytes read.
dump_after() {
	awk -v re="$2" '
		$0 ~ re { on = 1; next }
		on && /^ \| [0-9a-f]+  / { print; next }
		on { exit }' "$1" | cut -c11-58 | tr -s ' ' '\n' | grep -v '^$' | tr -d '\n'
}
got=$(dump_after "$T/rw" "read\\(fd: 3<$T/data>")
want=$(head -c 7 "$T/data" | od -An -tx1 | tr -d ' \n')
is "$got" "$want" "-e read=3: the dump holds the 7 bytes the program read"
got=$(dump_after "$T/rw" 'write\(fd: 1')
want=$(od -An -tx1 < "$T/rw.stdout" | tr -d ' \n')
is "$got" "$want" "-e write=1: the dump holds the bytes the program wrote ($(wc -c < "$T/rw.stdout"))"
like "$T/rw" '^ \| 00000  73 63 72 79 2d 73 74  +scry-st +\|$' "... laid out as strace's (offset, hex, ASCII)"
WANT_STATUS=3 run_ok "trace -e read=4" "$SCRY" trace -e trace=read,write -e read=4 -o "$T/rw4" -- "$PROGS/sc-basic" "$T/data" > /dev/null
like "$T/rw4" "read\\(fd: 3<$T/data>" "-e read=4: the read on fd 3 is shown ..."
unlike "$T/rw4" '^ \| ' "... with no dump (nothing was read from fd 4)"

# A recording replayed with them (-e LIST: looked up after the file's formats).
WANT_STATUS=3 run_ok "trace record" "$SCRY" trace record -q -o "$T/rec.data" -- "$PROGS/sc-basic" "$T/data" > /dev/null
run_ok "trace -i -e trace=read -e read=3" "$SCRY" trace -i "$T/rec.data" -e trace=read -e read=3 -o "$T/rw-replay"
got=$(dump_after "$T/rw-replay" "read\\(fd: 3<$T/data>, buf: \"scry-st\", count: 7\\) = 7")
is "$got" "$(head -c 7 "$T/data" | od -An -tx1 | tr -d ' \n')" "replay: the read decoded, and its dump"
run_ok "trace -i -e status=failed -P" "$SCRY" trace -i "$T/rec.data" -e status=failed -P /nonexistent/scry-test -o "$T/sf-replay"
is "$(calls_of "$T/sf-replay" | grep -v '^+++')" 'openat(dfd: CWD, filename: "/nonexistent/scry-test", flags: RDONLY) = -1 ENOENT (No such file or directory)' \
	"replay: -e status=failed with -P"

# ---- -P PATH ------------------------------------------------------------------------------
WANT_STATUS=3 run_ok "trace -P" "$SCRY" trace -P "$T/data" -o "$T/p" -- "$PROGS/sc-basic" "$T/data" > /dev/null
is "$(calls_of "$T/p" | grep -v '^+++' | sed 's/(.*//' | tr '\n' ' ')" "openat read close " "-P: only the calls on that path"
n=$(calls_of "$T/p" | grep -v '^+++' | grep -cF "$T/data")
is "$n" 3 "... each of them names it"
ln -s "$T/data" "$T/link"
WANT_STATUS=3 run_ok "trace -P through a symlink" "$SCRY" trace -P "$T/link" -o "$T/p2" -- "$PROGS/sc-basic" "$T/data" > /dev/null
is "$(calls_of "$T/p2" | grep -v '^+++' | sed 's/(.*//' | tr '\n' ' ')" "openat read close " "-P LINK: the calls on the file it names"

# ---- -f, -ff, -y, -yy: accepted --------------------------------------------------------
WANT_STATUS=3 run_ok "trace -f -y -yy" "$SCRY" trace -f -y -yy -e openat -o "$T/fy" -- "$PROGS/sc-basic" "$T/data" > /dev/null
is "$(calls_of "$T/fy" | grep -F "$T/data")" "openat(dfd: CWD, filename: \"$T/data\", flags: RDONLY|CLOEXEC) = 3<$T/data>" "-f -y -yy change nothing"
"$SCRY" trace -ff -e openat -- "$PROGS/sc-basic" "$T/data" > /dev/null 2> "$T/ff0"
like "$T/ff0" "openat\\(dfd: CWD, filename: \"$T/data\"" "-ff without -o is -f (the trace on stderr)"
mkdir "$T/ff"
run_ok "trace -ff -o PREFIX" "$SCRY" trace -ff -o "$T/ff/tr" -e execve,exit_group -- sh -c "$PROGS/sc-slow; $PROGS/sc-slow"
files=$(cd "$T/ff" && ls)
is "$(echo "$files" | wc -l) $(echo "$files" | grep -cE '^tr\.[0-9]+$')" "3 3" "-ff -o PREFIX: PREFIX.TID for sh and its two children, nothing else"
good=0
for f in "$T"/ff/tr.*; do
	tid=${f##*.}
	# every line of a file is its thread's
	[ -z "$(grep -vE "^ *[0-9]+\.[0-9]+ \([ 0-9.ms]+\): [^ ]+/$tid " "$f")" ] && grep -q '+++ exited with 0 +++' "$f" && good=$((good + 1))
done
is "$good" 3 "... each file holds its own thread's lines, to its exit"
is "$(grep -l "execve(filename: \"$PROGS/sc-slow\"" "$T"/ff/tr.* | wc -l)" 2 "... a child's execve in each child's file"
run_ok "trace -f follows children" "$SCRY" trace -f -e execve -o "$T/f1" -- sh -c "$PROGS/sc-slow; true"
like "$T/f1" 'sc-slow/[0-9]+ execve\(' "... children are followed"

# ---- -tt, -ttt --------------------------------------------------------------------------
before=$(date +%s)
WANT_STATUS=3 run_ok "trace -tt" "$SCRY" trace -tt -e openat -o "$T/tt" -- "$PROGS/sc-basic" "$T/data" > /dev/null
WANT_STATUS=3 run_ok "trace -ttt" "$SCRY" trace -ttt -e openat -o "$T/ttt" -- "$PROGS/sc-basic" "$T/data" > /dev/null
after=$(date +%s)
n=$(grep -cvE '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6} \(' "$T/tt")
is "$n" 0 "-tt: every line starts with HH:MM:SS.uuuuuu"
hms=$(grep -F "$T/data" "$T/tt" | cut -c1-8)
now_ok=no
for s in $(seq "$before" "$after"); do [ "$(date -d "@$s" +%T)" = "$hms" ] && now_ok=yes; done
is "$now_ok" yes "-tt: the wall clock of the call ($hms)"
sec=$(grep -F "$T/data" "$T/ttt" | sed -nE 's/^([0-9]{10})\.[0-9]{6} \(.*/\1/p')
[ -n "$sec" ] && [ "$sec" -ge "$before" ] && [ "$sec" -le "$after" ] && pass "-ttt: seconds since the epoch ($sec)" ||
	fail "-ttt: '$sec' not within $before..$after"
# -t stays perf trace's --tid; a command's own -tt is the command's.
out=$("$SCRY" trace -e trace=none -o /dev/null echo -tt 2> "$T/echo.err")
stderr_ok "$T/echo.err" "trace CMD -tt: runs"
is "$out" "-tt" "... the command gets its -tt"
"$SCRY" trace -t xyz > /dev/null 2> "$T/tid.err"
like "$T/tid.err" "bad pid list 'xyz'" "-t is still --tid (a thread list)"

# ---- -X, --no-abbrev ---------------------------------------------------------------------
WANT_STATUS=3 run_ok "trace -X raw" "$SCRY" trace -X raw -e openat,mmap -o "$T/xr" -- "$PROGS/sc-basic" "$T/data" > /dev/null
like "$T/xr" "openat\\(dfd: -100, filename: \"$T/data\", flags: 0x80000\\)" "-X raw: AT_FDCWD as -100, RDONLY|CLOEXEC as 0x80000"
like "$T/xr" 'mmap\(addr: NULL, len: 8192, prot: 0x3, flags: 0x22, fd: -1' "-X raw: mmap's prot and flags as numbers"
WANT_STATUS=3 run_ok "trace -X verbose" "$SCRY" trace -X verbose -e openat -o "$T/xv" -- "$PROGS/sc-basic" "$T/data" > /dev/null
like "$T/xv" "openat\\(dfd: -100 /\\* AT_FDCWD \\*/, filename: \"$T/data\", flags: 0x80000 /\\* RDONLY\\|CLOEXEC \\*/\\)" "-X verbose: number and names"
WANT_STATUS=3 run_ok "trace -X abbrev --no-abbrev" "$SCRY" trace -X abbrev --no-abbrev -e openat -o "$T/xa" -- "$PROGS/sc-basic" "$T/data" > /dev/null
like "$T/xa" "flags: RDONLY\\|CLOEXEC\\)" "-X abbrev: names (the default)"

# ---- -c: strace's table, against strace -c ----------------------------------------------
WANT_STATUS=3 run_ok "trace -c" "$SCRY" trace -c -o "$T/c" -- "$PROGS/sc-basic" "$T/data" > /dev/null
like "$T/c" '^% time     seconds  usecs/call     calls    errors syscall$' "-c: strace's header"
unlike "$T/c" 'openat\(' "-c: no call lines"
like "$T/c" '^100\.00 +[0-9]+\.[0-9]{6} +[0-9]+ +[0-9]+ +[0-9]+ total$' "-c: the total line"
# Sorted by time: the seconds column never grows downwards.
sorted=$(grep -E '^ *[0-9]+\.[0-9]{2} ' "$T/c" | grep -v ' total$' | awk '{print $2}')
is "$sorted" "$(echo "$sorted" | sort -rn)" "-c: sorted by time"
if command -v strace > /dev/null; then
	# calls and errors per syscall (time differs by nature)
	strace -f -c -o "$T/c.strace" "$PROGS/sc-basic" "$T/data" > /dev/null 2> "$T/c.strace.err"
	WANT_STATUS=3 stderr_ok "$T/c.strace.err" "strace -c runs" $?
	cols() { awk '/^-----/ { n++; next } n == 1 { if (NF == 5) print $5, $4, 0; else print $6, $4, $5 }' "$1" | sort; }
	is "$(cols "$T/c")" "$(cols "$T/c.strace")" "-c: calls and errors per syscall as strace -c counts them"
	is "$(grep ' total$' "$T/c" | awk '{print $4, $5}')" "$(grep ' total$' "$T/c.strace" | awk '{print $4, $5}')" \
		"-c: the same total calls and errors"
else
	skip "strace is not installed: -c not compared"
	skip "strace is not installed"
fi

# ---- --summary-hist ------------------------------------------------------------------------
run_ok "trace -s --summary-hist" "$SCRY" trace -s --summary-hist -e getppid,clock_nanosleep -o "$T/h" -- "$PROGS/sc-slow"
like "$T/h" '^@usecs\[clock_nanosleep\]: $' "--summary-hist: a histogram per syscall, named as bpftrace names a keyed map"
like "$T/h" '^\[32K, 64K\) +1 \|@{52}\|$' "... the 60 ms sleep in [32K, 64K) usecs, a full bar"
sum=$(awk '/^@usecs\[getppid\]:/ { on = 1; next } on && /^\[/ { s += $(NF - 1) == "|" ? 0 : 0; split($0, a, "|"); n = split(a[1], w, " "); s += w[n]; next } on { exit } END { print s + 0 }' "$T/h")
is "$sum" 6 "... getppid's buckets hold its 6 calls"
# bpftrace, given values in the same buckets, prints the same lines.
if command -v bpftrace > /dev/null; then
	python3 - "$T/h" > "$T/h.bt" <<'BT'
import re, sys
mult = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
stmts, key = [], None
for line in open(sys.argv[1]):
    m = re.match(r"^@usecs\[(\w+)\]: $", line)
    if m:
        key = m.group(1)
        continue
    m = re.match(r"^\[(\d+)([KMG]?)[,\]].*?(\d+) \|", line)
    if key and m:
        v = int(m.group(1)) * mult[m.group(2)]
        stmts += ['@usecs["%s"] = hist(%d);' % (key, v)] * int(m.group(3))
    elif not line.strip():
        key = None
print("BEGIN { " + " ".join(stmts) + " exit(); }")
BT
	timeout 60 bpftrace "$T/h.bt" > "$T/h.bt.out" 2> "$T/h.bt.err"
	grep -E '^(@usecs|\[)' "$T/h.bt.out" | sort > "$T/h.bt.rows"
	grep -E '^(@usecs|\[)' "$T/h" | sort > "$T/h.rows"
	if [ -s "$T/h.bt.rows" ] && cmp -s "$T/h.rows" "$T/h.bt.rows"; then
		pass "--summary-hist: the rows bpftrace prints for the same buckets"
	else
		fail "--summary-hist: rows differ from bpftrace's" "$(diff "$T/h.rows" "$T/h.bt.rows" | head -10)" "$(head -3 "$T/h.bt.err")"
	fi
else
	skip "bpftrace is not installed: --summary-hist not compared"
fi

# ---- --json -------------------------------------------------------------------------------
WANT_STATUS=3 run_ok "trace --json" "$SCRY" trace --json -e openat,read,close -o "$T/j" -- "$PROGS/sc-basic" "$T/data" > /dev/null
WANT_STATUS=3 run_ok "trace (text, to compare)" "$SCRY" trace -e openat,read,close -o "$T/jt" -- "$PROGS/sc-basic" "$T/data" > /dev/null
bad=0
while IFS= read -r line; do printf '%s\n' "$line" | python3 -m json.tool > /dev/null 2>&1 || bad=$((bad + 1)); done < "$T/j"
is "$bad" 0 "--json: every line ($(wc -l < "$T/j")) is valid JSON"
# The lines the JSON makes, as the text output prints them.
python3 - "$T/j" > "$T/j.text" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o["type"] == "syscall":
        args = ", ".join("%s: %s" % (a["name"], a["value"]) for a in o["args"] if a.get("shown", True))
        print("%s(%s) = %s" % (o["syscall"], args, o["result"]))
    elif o["type"] == "exit":
        print("+++ exited with %d +++" % o["exit_code"])
EOF
is "$(cat "$T/j.text")" "$(calls_of "$T/jt")" "--json: the decoded values and results are the text lines'"
python3 - "$T/j" "$T/data" > "$T/j.check" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o["type"] == "syscall" and o["syscall"] == "openat":
        a = {x["name"]: x for x in o["args"]}
        if a["filename"]["value"] == '"%s"' % sys.argv[2]:
            print("ok" if a["dfd"]["raw"] == -100 and o["ret"] == 3 and o["errno"] is None and
                  o["pid"] == o["tid"] and o["comm"] == "sc-basic" and o["dur"] >= 0 else "bad: " + line)
        if a["filename"]["value"] == '"/nonexistent/scry-test"':
            print("ok" if o["ret"] == -1 and o["errno"] == "ENOENT" else "bad: " + line)
EOF
is "$(cat "$T/j.check" | tr '\n' ' ')" "ok ok " "--json: raw values, ret, errno, pid/tid/comm"
run_ok "trace --json (signals)" "$SCRY" trace --json -e trace=none -o "$T/js" -- sh -c 'sleep 0 & wait'
types=$(python3 -c 'import json,sys; print(" ".join(sorted({json.loads(l)["type"] + ":" + json.loads(l).get("signal", "") for l in open(sys.argv[1])})))' "$T/js")
is "$types" "exit: signal:SIGCHLD" "--json: signals and exits as objects with a type"

WANT_STATUS=3 run_ok "trace --json -tt --event" "$SCRY" trace --json -tt -e openat --event sched:sched_process_exit -o "$T/je" -- "$PROGS/sc-basic" "$T/data" > /dev/null
got=$(python3 -c '
import json, re, sys
ok = set()
for l in open(sys.argv[1]):
    o = json.loads(l)
    if re.fullmatch(r"\d\d:\d\d:\d\d\.\d{6}", o.get("wall", "")):
        ok.add(o["type"])
    if o["type"] == "event" and o["event"] == "sched:sched_process_exit" and "pid=%d" % o["pid"] in o["fields"]:
        ok.add("fields")
print(" ".join(sorted(ok)))' "$T/je")
is "$got" "event exit fields syscall" "--json -tt: a wall stamp on every object; --event records as objects with their fields"

# ---- usage errors -------------------------------------------------------------------------
usage_error "-e bogus=1" "unknown qualifier 'bogus'" "$SCRY" trace -e bogus=1 true
usage_error "-e signal=SIGFOO" "unknown signal 'SIGFOO'" "$SCRY" trace -e signal=SIGFOO true
usage_error "-e status=fail" "unknown status 'fail'" "$SCRY" trace -e status=fail true
usage_error "-e read=x" "bad descriptor 'x'" "$SCRY" trace -e read=x true
usage_error "-e inject=..." "strace's, not scry trace's" "$SCRY" trace -e inject=open:error=ENOENT true
usage_error "-X foo" "not raw, abbrev or verbose" "$SCRY" trace -X foo true
usage_error "--summary-hist alone" "summary-hist" "$SCRY" trace --summary-hist true
usage_error "--json with -c" "one or the other" "$SCRY" trace --json -c true
usage_error "-tt with -i" "wall-clock" "$SCRY" trace -tt -i "$T/none.data"

done_testing
