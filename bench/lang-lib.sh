# Shared by bench/lang-*: scry script -e against bpftrace 0.17 in the same
# run (absolute times on a shared machine are noise; ratios are the figure).
# Sourced, not run. Sets DIR SCRY PROGS TMP ROUNDS; the caller names itself
# in BENCH before sourcing.
#   SCRY=path/to/scry  PROGS=dir of the built tests/progs  BPFTRACE=bpftrace
#   CPU=N  the CPU the measured workloads run on (default: the last one;
#          CPU=none: anywhere). On a shared VM one CPU can be much slower
#          than the other for minutes (dd: 0.73 s on one, 0.45 s on the
#          other), which would otherwise decide the ratios by placement.
set -u
set -m	# background tracers get their own process group and take SIGINT
DIR=$(cd "$(dirname "$0")/.." && pwd)
SCRY=${SCRY:-$DIR/scry}
PROGS=${PROGS:-$DIR/build/opt/tests/progs}
BPFTRACE=${BPFTRACE:-bpftrace}
TMP=$(mktemp -d /tmp/scry-bench.XXXXXX)
TRACER_PID=
CPU=${CPU:-$(($(nproc) - 1))}
if [ "$CPU" = none ]; then
	PIN=() PIN_LB=()
else
	PIN=("$(command -v taskset)" -c "$CPU") PIN_LB=(--cpu "$CPU")
	[ -n "${PIN[0]}" ] || { echo "$BENCH: taskset is missing (util-linux); or CPU=none" >&2; exit 1; }
fi
trap 'lb_cleanup' EXIT
trap 'exit 130' INT TERM

lb_cleanup() {
	if [ -n "$TRACER_PID" ] && kill -0 "$TRACER_PID" 2>/dev/null; then
		kill -INT "$TRACER_PID" 2>/dev/null
		wait "$TRACER_PID" 2>/dev/null
	fi
	[ -n "${LB_ON_EXIT:-}" ] && eval "$LB_ON_EXIT"
	rm -rf "$TMP"
}

lb_die() { echo "$BENCH: $*" >&2; exit 1; }

# Root, scry, bpftrace and the named test programs (make builds them).
lb_require() {
	[ "$(id -u)" -eq 0 ] || lb_die "needs root"
	[ -x "$SCRY" ] || lb_die "build scry first (make)"
	command -v "$BPFTRACE" >/dev/null || lb_die "bpftrace is not installed (apt-get install bpftrace)"
	for p in "$@"; do
		[ -x "$PROGS/$p" ] || lb_die "build the test programs first (make bench, or make $PROGS/$p)"
	done
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
# a / b as "N.NNx", or "-" when either is missing.
ratio() { awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "-" }'; }
# Geometric mean of the per-round ratios of two lists of the same rounds.
round_ratio() {
	awk -v t="$1" -v b="$2" 'BEGIN { n = split(t, x, " "); split(b, y, " ");
		for (i = 1; i <= n; i++) if (x[i] > 0 && y[i] > 0) { s += log(x[i] / y[i]); k++ }
		if (k) printf "%.3fx", exp(s / k); else print "-" }'
}
# The distinct values of a list, in order of first appearance ("4000000" or "4000000,3999998").
distinct() { tr ' ' '\n' | grep . | awk '!seen[$1]++' | paste -sd, -; }

# The loop time lang-bench / dd printed.
bench_time() { sed -nE 's/.* calls in ([0-9.]+) s.*/\1/p' "$1" | tail -1; }
dd_time() { sed -nE 's/.* copied, ([0-9.]+) s.*/\1/p' "$1" | tail -1; }

# Total of a hist/lhist's buckets in a map printout (FILE [MAP], default: every hist line).
hist_total() {
	awk -v m="${2:-}" '
		/^@/ { cur = $1; sub(/:.*/, "", cur); sub(/\[.*/, "", cur) }
		/^\[[^]]*[])] +[0-9]+ \|/ && (m == "" || cur == m) {
			s = $0; sub(/^\[[^]]*[])] +/, "", s); sub(/ .*/, "", s); t += s }
		END { print t + 0 }' "$1"
}
# The value of "@name: N" (a keyless count/sum), or of "@name[key]: N".
map_value() { awk -v k="$2:" '$1 == k { print $2; f = 1 } END { if (!f) print "-" }' "$1"; }
# "Lost N events" from either tool, summed over the files given.
lost_count() { cat "$@" 2>/dev/null | sed -nE 's/.*Lost ([0-9]+) events.*/\1/p' | awk '{ s += $1 } END { print s + 0 }'; }

# A tracer in the background, system-wide, stdout in $1.out and stderr in
# $1.err. Its program prints "ready" from BEGIN, which both tools run only
# after every probe is attached ("Attaching N probes..." comes before).
tracer_start() {
	local o=$1
	shift
	"$@" > "$o.out" 2> "$o.err" &
	TRACER_PID=$!
	for _ in $(seq 1 300); do
		grep -q '^ready$' "$o.out" 2>/dev/null && return 0
		kill -0 "$TRACER_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "$BENCH: $1 did not start:" >&2
	head -5 "$o.err" >&2
	tracer_stop
	return 1
}
tracer_stop() {
	[ -n "$TRACER_PID" ] || return 0
	kill -INT "$TRACER_PID" 2>/dev/null
	wait "$TRACER_PID" 2>/dev/null
	TRACER_PID=
}
