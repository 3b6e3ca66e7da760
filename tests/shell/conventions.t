#!/bin/bash
# The conventions every command keeps, as git and perf keep them: a usage
# error (unknown option, missing argument, bad value, unknown command)
# exits 129 with the usage on stderr; -h prints the usage on stdout and
# exits 0; a failed write on stdout is reported once, by the dispatcher,
# and fails the command; a reader that stops early (| head) is no error.
. "$(dirname "$0")/lib.sh"

# ---- usage errors: 129, the error line, then the usage ------------------------
usage_error "trace --bogus" "^scry trace: unknown option '--bogus'$" "$SCRY" trace --bogus
usage_error "record -F (missing argument)" "^scry record: option '-F' needs an argument$" "$SCRY" record -F
usage_error "record -F abc (bad value)" "^scry: record: -F takes a frequency in Hz \(at least 1\) or max, not 'abc'$" "$SCRY" record -F abc -- true
usage_error "record -z0 (bad value)" "^scry: record: -z LEVEL must be 1\.\.22, not '0'$" "$SCRY" record -z0 -- true
usage_error "record --call-graph lbr (bad value)" "^scry: record: unknown --call-graph mode 'lbr'" \
	"$SCRY" record --call-graph lbr -- true
# (record takes both, as perf: the command bounds the run; trace does not.)
usage_error "trace -p 1 -- true (a command and -p)" "^scry: trace: give either a command or -p/-t/-a" \
	"$SCRY" trace -p 1 -- true
usage_error "record -p 1 -a (two targets)" "^scry: record: -p, -t and -a exclude each other" "$SCRY" record -p 1 -a
usage_error "record (nothing to record)" "^scry: record: nothing to record" "$SCRY" record
usage_error "report --sort (missing argument)" "^scry report: option '--sort' needs an argument$" "$SCRY" report --sort
usage_error "report -g bogus (bad value)" "^scry: report: -g: unknown item 'bogus'" "$SCRY" report -g bogus
usage_error "report FILE (the input is -i's)" "^scry: report: unexpected argument 'x.data'" "$SCRY" report x.data
usage_error "probe -x (missing argument)" "^scry probe: option '-x' needs an argument$" "$SCRY" probe -x
usage_error "probe -l -d X (one action at a time)" "^scry: probe: use one of" "$SCRY" probe -l -d 'x:*'
usage_error "probe (no action)" "^ usage: scry probe " "$SCRY" probe
usage_error "list --nope" "^scry list: unknown option '--nope'$" "$SCRY" list --nope
usage_error "script -F bad (bad value)" "^scry: script: unknown field 'bad' in -F" "$SCRY" script -F bad
usage_error "trace -e opnat (bad value)" "^scry: unknown syscall 'opnat'" "$SCRY" trace -e opnat -- true
usage_error "inject --itrace (perf's, not scry's)" "^scry inject: --itrace is not supported" "$SCRY" inject --itrace
usage_error "inject FILE (the input is -i's)" "^scry: inject: unexpected argument 'x.data'" "$SCRY" inject x.data
usage_error "stat --bogus" "^scry stat: unknown option '--bogus'$" "$SCRY" stat --bogus
usage_error "stat -e nosuch (bad value)" "^scry: stat: unknown event 'nosuch'" "$SCRY" stat -e nosuch -- true
usage_error "trace record --bogus" "^scry trace record: unknown option '--bogus'$" "$SCRY" trace record --bogus

# The usage printed is the command's own, exactly what -h prints.
"$SCRY" script -F bad > /dev/null 2> "$T/err"
"$SCRY" script -h > "$T/h" 2> "$T/h.err"
is "$(tail -n +2 "$T/err")" "$(cat "$T/h")" "script -F bad: after the error line, the usage -h prints"
stderr_ok "$T/h.err" "script -h: nothing on stderr"

# An unknown command: 129 and the closest names (there is no usage of a
# command to print: the dispatcher's hint points at scry help).
for cmd in nonsense "help nonsense"; do
	"$SCRY" $cmd > "$T/out" 2> "$T/err"
	is "$?:$(wc -c < "$T/out")" "129:0" "scry $cmd: exit 129, nothing on stdout"
	is "$(cat "$T/err")" "scry: 'nonsense' is not a scry command; see 'scry help'." "scry $cmd: one line saying so"
done

# -h: the usage on stdout, exit 0, nothing on stderr.
for c in trace record report script probe list inject stat argdist stackcount buildid-cache; do
	run_ok "$c -h: exit 0, nothing on stderr" "$SCRY" $c -h > "$T/h"
	like "$T/h" "^ usage: scry $c" "$c -h: the usage on stdout"
done

# ---- a write error on stdout: reported once, exit 1 ------------------------------
full="scry: write error on stdout: No space left on device"
for cmd in "--version" "help" "help trace" "list sw" "trace -h" "-h"; do
	"$SCRY" $cmd > /dev/full 2> "$T/err"
	is "$?:$(cat "$T/err")" "1:$full" "scry $cmd > /dev/full: exit 1, one line saying so"
done
# The same commands with somewhere to write succeed (the check is no noise).
for cmd in "--version" "help" "list sw"; do
	run_ok "scry $cmd > a file" "$SCRY" $cmd > "$T/out"
	[ -s "$T/out" ] && pass "scry $cmd wrote its output" || fail "scry $cmd wrote nothing"
done

# ---- a reader that stops early: no error ------------------------------------------
# SIGPIPE ends scry (status 141) or it sees EPIPE and stops (0): either way
# nothing on stderr.
"$SCRY" list sw 2> "$T/err" | head -1 > /dev/null
rc=${PIPESTATUS[0]}
{ [ "$rc" -eq 0 ] || [ "$rc" -eq 141 ]; } && [ ! -s "$T/err" ] && pass "scry list | head -1: no error (exit $rc)" ||
	fail "scry list | head -1: exit $rc" "$(head -3 "$T/err")"
if [ "$(id -u)" -eq 0 ]; then
	run_ok "record a file to read" "$SCRY" record -q -e cpu-clock -F 999 -g -o "$T/s.data" -- "$PROGS/spin" 300 > /dev/null
	for c in script report "script -D" "report --folded"; do
		"$SCRY" $c -i "$T/s.data" 2> "$T/err" | head -1 > /dev/null
		rc=${PIPESTATUS[0]}
		{ [ "$rc" -eq 0 ] || [ "$rc" -eq 141 ]; } && [ ! -s "$T/err" ] && pass "scry $c | head -1: no error (exit $rc)" ||
			fail "scry $c | head -1: exit $rc" "$(head -3 "$T/err")"
		# A full disk is an error these report themselves (their output
		# bypasses stdio): one line, exit 1.
		"$SCRY" $c -i "$T/s.data" > /dev/full 2> "$T/err"
		is "$?:$(wc -l < "$T/err")" "1:1" "scry $c > /dev/full: exit 1, one line"
		like "$T/err" "No space left on device" "... saying why"
	done
else
	for i in $(seq 13); do skip "needs root to record a file"; done
fi
done_testing
