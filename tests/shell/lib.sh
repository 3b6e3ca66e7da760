# TAP helpers for scry's end-to-end tests (sourced by tests/shell/*.t).
#
# Each test runs the real scry ($SCRY) against the real kernel on programs
# from tests/progs ($PROGS) and checks what scry printed against what the
# program itself reported. Everything a test creates lives in $T (removed on
# exit), and background processes are killed on exit.
set -u
: "${SCRY:?SCRY must point at the scry binary}"
: "${PROGS:?PROGS must point at the built tests/progs}"
# No debuginfod server unless a test starts its own (Debian's login shells
# may name debuginfod.debian.net): results must not depend on the network.
unset DEBUGINFOD_URLS

T=$(mktemp -d /tmp/scry-test.XXXXXX)
TAP_N=0
TAP_FAILED=0
BG_PIDS=""

cleanup() {
	for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	# scry's detached tracepoint release (util/core/perf-release.c) finishes
	# within the test file that started it.
	for _ in $(seq 300); do pgrep -x scry-release > /dev/null || break; sleep 0.1; done
	rm -rf "$T"
}
trap cleanup EXIT

# Background a command and remember it for cleanup.
bg_run() {
	"$@" &
	BG_PIDS="$BG_PIDS $!"
}

pass() { queue_flush; TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; }
fail() {
	queue_flush
	TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	shift
	# Every line a comment, also of multi-line diagnostics (a diff).
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/#   /'; done
}
skip() { queue_flush; TAP_N=$((TAP_N + 1)); echo "ok $TAP_N # SKIP $1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
done_testing() { queue_flush; echo "1..$TAP_N"; [ "$TAP_FAILED" -eq 0 ]; }

# is ACTUAL EXPECTED MSG
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:      '$1'" "expected: '$2'"; fi
}

# has_line FILE LINE MSG: FILE holds LINE exactly (after normalizing).
has_line() {
	if grep -qxF -- "$2" "$1"; then pass "$3"; else
		fail "$3" "expected line: $2" "lines that start alike:"
		grep -F -- "${2%%(*}(" "$1" | head -5 | sed 's/^/#     /'
	fi
}

# like FILE REGEX MSG: some line of FILE matches the extended REGEX.
like() {
	if grep -qE -- "$2" "$1"; then pass "$3"; else
		fail "$3" "no line matches: $2" "first lines:"; head -5 "$1" | sed 's/^/#     /'
	fi
}

# unlike FILE REGEX MSG
unlike() {
	if grep -qE -- "$2" "$1"; then fail "$3" "unexpected line:" "$(grep -E -- "$2" "$1" | head -3)"; else pass "$3"; fi
}

# ---- stderr: checked, not thrown away ----------------------------------------
# A command expected to succeed must also be quiet: whatever it writes on
# stderr is either a line the test expects (STDERR_OK, an extended regex,
# given as a prefix: STDERR_OK='^scry: warning: ' run_ok ...) or a failure
# that shows it.

# What scry record says on a machine without hardware counters (a VM) when
# it records its default event, cycles.
CYCLES_FALLBACK="^scry: record: 'cycles' is not supported here \(no hardware counters\): using cpu-clock instead\$"

# stderr_ok FILE MSG [STATUS]: one test: FILE (a command's stderr) holds no
# line STDERR_OK does not match, and STATUS (when given) is WANT_STATUS
# (default 0). For commands in pipelines and $(...), which send their
# stderr to a file of their own.
stderr_ok() {
	local extra want=${WANT_STATUS:-0}
	if [ -n "${STDERR_OK:-}" ]; then extra=$(grep -vE -- "$STDERR_OK" "$1" | head -5)
	else extra=$(head -5 "$1"); fi
	if [ "${3:-$want}" -eq "$want" ] && [ -z "$extra" ]; then pass "$2"
	elif [ -z "$extra" ]; then fail "$2" "exit status $3 (want $want)"
	else fail "$2" "exit status ${3:-$want}, unexpected stderr:" "$extra"; fi
}

# run_ok MSG CMD [ARG...]: one test: CMD exits 0 (WANT_STATUS=N: N, for a
# program's own status that scry passes on) with nothing unexpected on
# stderr (see stderr_ok). Returns CMD's status. Its stdout goes where the
# caller sends it (run_ok MSG CMD > FILE), and so would the test's result:
# that is queued and printed before the next one (not for pipelines or
# $(...), whose subshell would lose it: use stderr_ok there).
run_ok() { queued_run run_ok "$@"; }

# oracle_ok MSG CMD [ARG...]: as run_ok, for a peer tool the test compares
# with (perf): it must exit 0; its stderr is shown when it fails, not judged
# otherwise (its warnings depend on the machine, not on scry).
oracle_ok() { queued_run oracle "$@"; }

QUEUED=()
queued_run() {
	local kind=$1 msg=$2 rc n=${#QUEUED[@]}
	shift 2
	"$@" 2> "$T/queued.$n.err"
	rc=$?
	QUEUED+=("$kind $rc ${WANT_STATUS:-0} ${STDERR_OK:-}")
	QUEUED_MSG[$n]=$msg
	return $rc
}

queue_flush() {
	local n=${#QUEUED[@]} kind rc want allow
	[ "$n" -eq 0 ] && return
	local q=("${QUEUED[@]}")
	QUEUED=()
	for i in $(seq 0 $((n - 1))); do
		read -r kind rc want allow <<< "${q[$i]}"
		if [ "$kind" = run_ok ]; then
			WANT_STATUS=$want STDERR_OK=$allow stderr_ok "$T/queued.$i.err" "${QUEUED_MSG[$i]}" "$rc"
		elif [ "$rc" -eq 0 ]; then
			pass "${QUEUED_MSG[$i]}"
		else
			fail "${QUEUED_MSG[$i]}" "exit status $rc" "$(head -5 "$T/queued.$i.err")"
		fi
	done
}

# usage_error MSG REGEX CMD [ARG...]: one test: CMD is a usage error, as git
# and perf have them: exit 129, nothing on stdout, one error line matching
# REGEX on stderr and then the command's usage.
usage_error() {
	local msg=$1 re=$2 rc
	shift 2
	"$@" > "$T/usage.out" 2> "$T/usage.err"
	rc=$?
	if [ "$rc" -eq 129 ] && [ ! -s "$T/usage.out" ] && head -1 "$T/usage.err" | grep -qE -- "$re" &&
	   grep -q '^ usage: scry ' "$T/usage.err"; then
		pass "$msg"
	else
		fail "$msg" "exit status $rc (want 129)" "stdout: $(head -c 200 "$T/usage.out")" "stderr:" \
			"$(head -3 "$T/usage.err")"
	fi
}

# The call part of scry trace lines: drop "TIME ( DUR ms): COMM/TID " and the
# padding before " = ", so lines compare exactly.
calls_of() {
	sed -E -e 's/^ *[0-9]+\.[0-9]+ \(( *[0-9]+\.[0-9]+ ms| +)\): [^ ]*\/[0-9]+ //' \
	       -e 's/\) +=/) =/' "$1"
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (tracepoints with raw data, BPF)"
}

# Whether the BPF tracer works here; tests that need it skip otherwise. When
# the machine has what it needs (root, BTF) and it still fails, say why: a
# broken tracer must not pass as a machine without one.
have_bpf() {
	[ "$(id -u)" -eq 0 ] && [ -e /sys/kernel/btf/vmlinux ] || return 1
	"$SCRY" trace -q -e getpid -o /dev/null -- true > /dev/null 2> "$T/have_bpf.err" && return 0
	echo "# the BPF tracer failed here: $(head -1 "$T/have_bpf.err")" >&2
	return 1
}

# Backends to run backend-independent tests under.
backends() {
	if have_bpf; then echo "bpf tp"; else echo "tp"; fi
}

backend_flag() { [ "$1" = tp ] && echo --no-bpf; }
