#!/bin/bash
# The machine around scry trace: tracefs not mounted, no permission, lost
# records, help and the dispatcher, timestamps and names.
. "$(dirname "$0")/lib.sh"
need_root

# tracefs absent: scry mounts it (in a private mount namespace, so the
# host's tracefs is untouched).
if command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	unshare -m sh -c "umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug/tracing 2>/dev/null
		[ -e /sys/kernel/tracing/events ] && exit 3
		'$SCRY' trace -e exit_group -o '$T/mnt' -- true && grep -q '^nodev /sys/kernel/tracing tracefs' /proc/self/mounts"
	rc=$?
	if [ $rc -eq 3 ]; then skip "tracefs could not be unmounted in a private namespace"
	else is "$rc" 0 "with tracefs unmounted, scry mounts it and traces"; fi
	like "$T/mnt" 'exit_group\(error_code: 0\)' "... and the trace is complete"
else
	skip "unshare -m unavailable: cannot unmount tracefs safely"
	skip "unshare -m unavailable"
fi

# Not root: one clear line, exit 1.
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$SCRY" trace -- true 2> "$T/perm"
	is "$?" 1 "as an unprivileged user: exit 1"
	is "$(wc -l < "$T/perm")" 1 "... one line"
	like "$T/perm" "run as root" "... saying to run as root"
else
	skip "no nobody user or setpriv"; skip "-"; skip "-"
fi

# Lost records: with a one-page ring some are lost; every call is either
# printed or counted as lost, and the loss is reported where it happened.
if have_bpf; then
	"$SCRY" trace -m 1 -o "$T/lost" -- dd if=/dev/zero of=/dev/null bs=1 count=20k 2> "$T/lost.err"
	shown=$(grep -cE ' (read|write)\(fd: [01]' "$T/lost")
	lost=$(grep -oE '^LOST [0-9]+ events( on CPU [0-9]+| at the end of the trace)$' "$T/lost" |
		awk '{ s += $2 } END { print s + 0 }')
	others=$(grep -cvE ' (read|write)\(fd: [01]|^LOST ' "$T/lost")
	total=$((shown + lost))
	# dd's 20480 reads + 20480 writes; lost records may also be of its
	# other calls (~100 at start-up) and of its comm/exit records: the
	# upper bound only guards against counting losses twice.
	[ "$total" -ge 40960 ] && [ "$total" -le $((40960 + others + 400)) ] &&
		pass "every call printed or counted lost ($shown shown + $lost lost)" ||
		fail "calls unaccounted for: $shown shown + $lost lost of 40960"
	if [ "$lost" -gt 0 ]; then
		like "$T/lost.err" "^scry trace: LOST $lost events" "the total lost is on stderr at the end"
	else
		pass "nothing lost this time (the loss lines are tested only when it happens)"
	fi
else
	skip "no BPF"; skip "no BPF"
fi

# stdout's path is known before the program's first write.
run_ok "trace -e write" "$SCRY" trace -e write -o "$T/w" -- sh -c 'echo hi' > "$T/stdout-file"
hi='0x[0-9a-f]+'; have_bpf && hi='"hi\\n"'
like "$T/w" "write\(fd: 1<$T/stdout-file>, buf: $hi, count: 3\) += 3\$" \
	"the workload's inherited stdout shows its path"

# -T: absolute CLOCK_MONOTONIC ms; --no-comm: tid only.
up=$(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)
run_ok "trace -T --no-comm" "$SCRY" trace -T --no-comm -e exit_group -o "$T/abs" -- true
ts=$(awk 'NR == 1 { printf "%d", $1 }' "$T/abs")
[ -n "$ts" ] && [ "$ts" -ge $((up - 60000)) ] && [ "$ts" -le $((up + 60000)) ] &&
	pass "-T stamps are milliseconds of the monotonic clock ($ts)" || fail "-T stamp $ts, uptime $up ms"
like "$T/abs" '^ *[0-9.]+ \( +\): [0-9]+ exit_group\(' "--no-comm prints the tid alone"

# The dispatcher.
run_ok "scry --version" "$SCRY" --version > "$T/v"
like "$T/v" '^scry version [0-9]+\.[0-9]+' "scry --version says the version"
"$SCRY" trce 2> "$T/u"; is "$?" 129 "an unknown command: a usage error (129)"
like "$T/u" "'trce' is not a scry command; did you mean: trace\?" "... suggesting the closest"
run_ok "scry trace -h" "$SCRY" trace -h > "$T/h"
missing=""
for o in expr pid tid all-cpus output duration summary with-summary failure event \
	no-syscalls time comm inherit no-bpf mmap-pages; do
	grep -qE -- "--(\[no-\])?$o\b" "$T/h" || missing="$missing $o"
done
is "$missing" "" "scry trace -h lists every option"
run_ok "scry help trace" env MANPAGER=cat PAGER=cat "$SCRY" help trace > "$T/man"
like "$T/man" "scry-trace - trace syscalls like strace|SCRY-TRACE" "scry help trace shows the manual page"
done_testing
