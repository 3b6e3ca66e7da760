# TAP helpers for scry's end-to-end tests (sourced by tests/shell/*.t).
#
# Each test runs the real scry ($SCRY) against the real kernel on programs
# from tests/progs ($PROGS) and checks what scry printed against what the
# program itself reported. Everything a test creates lives in $T (removed on
# exit), and background processes are killed on exit.
set -u
: "${SCRY:?SCRY must point at the scry binary}"
: "${PROGS:?PROGS must point at the built tests/progs}"

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

pass() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; }
fail() {
	TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	shift
	for line in "$@"; do echo "#   $line"; done
}
skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N # SKIP $1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
done_testing() { echo "1..$TAP_N"; [ "$TAP_FAILED" -eq 0 ]; }

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

# The call part of scry trace lines: drop "TIME ( DUR ms): COMM/TID " and the
# padding before " = ", so lines compare exactly.
calls_of() {
	sed -E -e 's/^ *[0-9]+\.[0-9]+ \(( *[0-9]+\.[0-9]+ ms| +)\): [^ ]*\/[0-9]+ //' \
	       -e 's/\) +=/) =/' "$1"
}

need_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (tracepoints with raw data, BPF)"
}

# Whether the BPF tracer works here; tests that need it skip otherwise.
have_bpf() {
	[ "$(id -u)" -eq 0 ] && [ -e /sys/kernel/btf/vmlinux ] &&
		"$SCRY" trace -q -e getpid -- true >/dev/null 2>&1
}

# Backends to run backend-independent tests under.
backends() {
	if have_bpf; then echo "bpf tp"; else echo "tp"; fi
}

backend_flag() { [ "$1" = tp ] && echo --no-bpf; }
