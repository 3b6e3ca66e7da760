#!/bin/bash
# Memory copied by rule (the BPF tracer's captures): rt_sigreturn is seen
# returning and shows the mask its frame restores, as strace does; with a
# --string-limit above a string slot's 256 bytes, buffers are shown up to
# the limit, byte for byte what strace -s shows.
. "$(dirname "$0")/lib.sh"
need_root
have_bpf || skip_all "BPF is not available: captures need the BPF tracer"

P="$PROGS/trace-sigreturn"
run_ok "trace of trace-sigreturn" "$SCRY" trace --string-limit 1000 -o "$T/scry" -- "$P" "$T/f1"
calls_of "$T/scry" > "$T/calls"
has_line "$T/calls" "rt_sigreturn(frame: {mask=[USR2 RT_4]}) = 0" "rt_sigreturn: the mask the frame restores"
x600=$(printf 'x%.0s' $(seq 600))
has_line "$T/calls" "write(fd: 3<$T/f1>, buf: \"$x600\", count: 600) = 600" "write: 600 bytes shown with --string-limit 1000"
has_line "$T/calls" "read(fd: 3<$T/f1>, buf: \"$x600\", count: 1024) = 600" "read: the 600 bytes read"
run_ok "a short list: rt_sigreturn alone (per-syscall tracepoints cannot see it return)" \
	"$SCRY" trace -e rt_sigreturn -o "$T/scry2" -- "$P" "$T/f2"
calls_of "$T/scry2" > "$T/calls2"
has_line "$T/calls2" "rt_sigreturn(frame: {mask=[USR2 RT_4]}) = 0" "... it is seen returning all the same"
run_ok "--string-limit 300: the tail cut" "$SCRY" trace --string-limit 300 -e write -o "$T/scry3" -- "$P" "$T/f3"
calls_of "$T/scry3" > "$T/calls3"
has_line "$T/calls3" "write(fd: 3<$T/f3>, buf: \"$(printf 'x%.0s' $(seq 300))\"..., count: 600) = 600" \
	"300 of the 600 bytes, then ..."

like "$T/calls" '^clock_nanosleep\(which_clock: REALTIME, flags: 0, rqtp: \{tv_sec=2, tv_nsec=0\}, rmtp: \{tv_sec=1, tv_nsec=[0-9]+\}\) = \? ERESTART_RESTARTBLOCK \(Interrupted by signal\)$' \
	"an interrupted sleep (glibc: clock_nanosleep): the time left in rmtp (copied at an interrupted return too)"

run_ok "trace of trace-iov" "$SCRY" trace -e writev,readv -o "$T/iov" -- "$PROGS/trace-iov"
calls_of "$T/iov" > "$T/iov.calls"
has_line "$T/iov.calls" 'writev(fd: 4, vec: [{iov_base="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"..., iov_len=40}, {iov_base="abc", iov_len=3}], vlen: 2) = 43' \
	"writev: each element's data up to --string-limit (the second one too)"
has_line "$T/iov.calls" 'readv(fd: 3, vec: [{iov_base="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"..., iov_len=38}, {iov_base="aaabc", iov_len=20}], vlen: 2) = 43' \
	"readv: each element what it received of the 43 bytes"

if command -v strace > /dev/null; then
	oracle_ok "strace of trace-iov" strace -o "$T/iov.strace" -e trace=writev,readv -- "$PROGS/trace-iov"
	is "$(sed -nE 's/^(writev|readv)\([0-9]+, (.*), 2\) += 43$/\2/p' "$T/iov.strace")" \
		"$(sed -nE 's/^(writev|readv)\(fd: [^,]*, vec: (.*), vlen: 2\) = 43$/\2/p' "$T/iov.calls")" "... the iovecs as strace prints them"

	oracle_ok "strace -s 1000 of the same" strace -s 1000 -o "$T/strace" -- "$P" "$T/f1"
	like "$T/strace" '^clock_nanosleep\(CLOCK_REALTIME, 0, \{tv_sec=2, tv_nsec=0\}, \{tv_sec=1, tv_nsec=[0-9]+\}\) += \? ERESTART_RESTARTBLOCK \(Interrupted by signal\)$' \
		"... strace shows the same shape"
	want=$(grep -E '^(rt_sigreturn|write\(3|read\(3)' "$T/strace" | sed -E 's/ +=/ =/; s/^write\(3, //; s/^read\(3, //; s/, [0-9]+\) = [0-9]+$//')
	got=$(grep -E '^(rt_sigreturn|write\(fd: 3|read\(fd: 3)' "$T/calls" | sed -E 's/^rt_sigreturn\(frame: /rt_sigreturn(/; s/^(write|read)\(fd: [^,]*, buf: //; s/, count: [0-9]+\) = [0-9]+$//')
	[ "$(echo "$want" | grep -c .)" -ge 3 ] || fail "strace's trace has rt_sigreturn, the write and the read" "$want"
	is "$got" "$want" "rt_sigreturn's mask and the buffers as strace -s 1000 prints them"
else
	skip "strace is not installed"
fi
done_testing
