#!/bin/bash
# The syscalls scry sees, per thread and in order, are exactly those strace
# sees for the same program (strace's first line, the execve it watches
# before the program exists, excepted: scry traces from the exec on).
. "$(dirname "$0")/lib.sh"
need_root
command -v strace >/dev/null || skip_all "strace is not installed (make deps installs it)"

# "tid name" per call, from strace -f output.
strace_calls() {
	grep -vE '^[0-9]+ +(\+\+\+|---)' "$1" | grep -v ' resumed>' |
		sed -nE 's/^([0-9]+) +([a-z0-9_]+)\(.*/\1 \2/p' | grep -v ' execve$'
}

# "tid name" per call, from scry trace output.
scry_calls() {
	grep -vE '\+\+\+' "$1" | sed -nE 's/^ *[0-9.]+ \([^)]*\): [^ ]*\/([0-9]+) ([a-z0-9_]+)\(.*/\1 \2/p'
}

# Per-thread sequences, threads renumbered by first appearance, so the
# two tools' different tids compare.
per_thread() {
	awk '{ if (!($1 in id)) id[$1] = n++; print id[$1], NR, $2 }' | sort -k1,1n -k2,2n | awk '{ print $1, $3 }'
}

for be in $(backends); do
	flag=$(backend_flag "$be")
	for prog in sc-basic sc-fork sc-threads; do
		strace -f -qq -o "$T/strace.$prog" "$PROGS/$prog" "$T/x" >/dev/null 2>&1
		"$SCRY" trace $flag -o "$T/scry.$prog" -- "$PROGS/$prog" "$T/x" >/dev/null 2>&1
		strace_calls "$T/strace.$prog" | per_thread > "$T/s.$prog"
		scry_calls "$T/scry.$prog" | per_thread > "$T/c.$prog"
		n=$(wc -l < "$T/s.$prog")
		if [ "$prog" = sc-threads ]; then
			# Threads interleave differently from run to run, and how
			# often they meet on a futex is timing: compare each thread's
			# calls but futex as a multiset, threads in any order.
			canon() { grep -v ' futex$' "$1" | sort -k1,1n -k2 |
				awk '{ if ($1 != t) { if (NR > 1) print l; t = $1; l = "" } l = l " " $2 } END { print l }' | sort; }
			canon "$T/s.$prog" > "$T/s2"; canon "$T/c.$prog" > "$T/c2"
			if cmp -s "$T/s2" "$T/c2"; then pass "$be: $prog: each thread made the same calls as under strace"
			else fail "$be: $prog: calls differ from strace's" "$(diff "$T/s2" "$T/c2" | head -8)"; fi
		elif cmp -s "$T/s.$prog" "$T/c.$prog"; then
			pass "$be: $prog: the same $n calls in the same order as strace"
		else
			fail "$be: $prog: call sequence differs from strace's" "$(diff "$T/s.$prog" "$T/c.$prog" | head -8)"
		fi
		[ "$n" -gt 20 ] && pass "$be: $prog: strace saw a real workload ($n calls)" ||
			fail "$be: $prog: strace saw only $n calls"
	done
done
done_testing
