#!/bin/bash
# Directories, polling, time and ids decoded as strace 6.1 prints them:
# tests/progs/trace-dec-poll makes each call with known values (getcwd,
# getdents64 of a 5-file directory, poll/ppoll/select/pselect6 on a pipe
# holding a byte, epoll on a socketpair holding a byte, interval timers,
# utimensat with UTIME_NOW/UTIME_OMIT and with times, getresuid/getresgid,
# timerfd, clocks, sleeps). It runs under strace and under scry trace (BPF
# backend) in the same directory, and each decoded argument and result is
# compared with strace's text, call by call; values that change from run to
# run (a clock, the time left) compare by shape (digits as N), addresses as
# ADDR.
. "$(dirname "$0")/lib.sh"
need_root
command -v strace >/dev/null || skip_all "strace is not installed (make deps installs it)"
have_bpf || skip_all "no BPF here: the structs are copied by the BPF tracer only"

prog=$PROGS/trace-dec-poll

# Each call's arguments and result, one per line: "name<TAB>occurrence<TAB>
# index (or ret)<TAB>value", from the program's getcwd (or the call named
# after the file) on. scry's "name: " before each value is dropped, so both
# compare by position.
cat > "$T/split.pl" <<'EOF'
use strict; use warnings;
my ($tool, $file, $first) = (@ARGV, 'getcwd');
open my $fh, '<', $file or die "$file: $!";
my (%occ, $started);
while (my $l = <$fh>) {
	chomp $l;
	if ($tool eq 'strace') { $l =~ s/^\d+\s+// or next; }
	else { $l =~ s/^\s*[\d.]+ \([^)]*\): \S+\/\d+ // or next; }
	$l =~ /^([a-z_0-9]+)\(/ or next;
	my $name = $1;
	$started = 1 if $name eq $first;
	next unless $started;
	my ($i, $depth, $inq, $cur, @args) = (length($name) + 1, 0, 0, '');
	for (; $i < length $l; $i++) {
		my $c = substr($l, $i, 1);
		if ($inq) {
			$cur .= $c;
			if ($c eq '\\') { $cur .= substr($l, ++$i, 1) } elsif ($c eq '"') { $inq = 0 }
			next;
		}
		if ($c eq '"') { $inq = 1 }
		elsif ($c =~ /[\[\{\(]/) { $depth++ }
		elsif ($c =~ /[\]\}\)]/) { last if !$depth; $depth-- }
		elsif ($c eq ',' && !$depth) { push @args, $cur; $cur = ''; $i++; next }
		$cur .= $c;
	}
	push @args, $cur if $cur ne '' || @args;
	(my $ret = substr($l, $i + 1)) =~ s/^\s*=\s*//;
	my $n = ++$occ{$name};
	for my $k (0 .. $#args) {
		(my $v = $args[$k]) =~ s/^[a-z_][a-z0-9_]*: // if $tool eq 'scry';
		$v = $args[$k] if $tool ne 'scry';
		print "$name\t$n\t$k\t$v\n";
	}
	print "$name\t$n\tret\t$ret\n";
}
EOF

mkdir "$T/w"
strace -f -qq -o "$T/strace.out" "$prog" "$T/w" > /dev/null
rm -rf "$T/w" && mkdir "$T/w"
run_ok "trace of trace-dec-poll" "$SCRY" trace -o "$T/scry.out" -- "$prog" "$T/w"
perl "$T/split.pl" strace "$T/strace.out" > "$T/s.args"
perl "$T/split.pl" scry "$T/scry.out" > "$T/c.args"

# value TOOL NAME OCC IDX: that argument (or ret) of that call.
value() { awk -F'\t' -v n="$2" -v o="$3" -v i="$4" '$1 == n && $2 == o && $3 == i { sub(/^[^\t]*\t[^\t]*\t[^\t]*\t/, ""); print; exit }' "$T/$1.args"; }

# same NAME OCC "IDX..." MODE WHAT: each listed argument of the OCC-th NAME
# call is strace's; MODE exact (addresses as ADDR) or shape (digits as N too).
same() {
	local name=$1 occ=$2 mode=$4 what=$5 i s c bad=
	for i in $3; do
		s=$(value s "$name" "$occ" "$i" | sed -E 's/0x[0-9a-f]+/ADDR/g')
		c=$(value c "$name" "$occ" "$i" | sed -E 's/0x[0-9a-f]+/ADDR/g')
		if [ "$mode" = shape ]; then
			s=$(echo "$s" | sed -E 's/[0-9]+/N/g'); c=$(echo "$c" | sed -E 's/[0-9]+/N/g')
		fi
		if [ -z "$s" ] || [ "$s" != "$c" ]; then
			bad="$bad${bad:+; }[$i] strace: '$s' scry: '$c'"
		fi
	done
	if [ -z "$bad" ]; then pass "$name #$occ: $what"; else fail "$name #$occ: $what" "$bad"; fi
}

# ---- directories ----------------------------------------------------------------------------
same getcwd 1 "0 ret" exact "the path returned, and its length"
same getdents64 1 "1 ret" exact "a directory of 5 files: 7 entries"
is "$(value c getdents64 1 1 | sed -E 's/0x[0-9a-f]+/ADDR/')" "ADDR /* 7 entries */" "... as the test program made them"
same getdents64 2 "1 ret" exact "at its end: 0 entries"
same getdents 1 "1 ret" exact "getdents (the old layout): 7 entries"

# ---- poll, ppoll ----------------------------------------------------------------------------
same poll 1 "0 1 2 ret" exact "fds with events (one fd -1), revents in the result"
is "$(value c poll 1 ret)" "2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}])" "... the pipe's ends, readable and writable"
same poll 2 "0 ret" exact "nothing ready: 0 (Timeout)"
same ppoll 1 "0 2 3 4" exact "a timeout struct and a signal mask"
same ppoll 1 "ret" shape "the result with the time left"
like "$T/c.args" $'^ppoll\t1\tret\t1 \\(\\[\\{fd=3, revents=POLLIN\\}\\], left \\{tv_sec=0, tv_nsec=[0-9]+\\}\\)$' "... the time left below the second given"
same ppoll 2 "0 2 3 ret" exact "no timeout, no mask"

# ---- select, pselect6 -----------------------------------------------------------------------
same select 1 "0 1 2 3 4 ret" exact "sets in, no timeout; the ready sets in the result"
is "$(value c select 1 ret)" "2 (in [3], out [4])" "... the pipe's read end readable, its write end writable"
same select 2 "1 2 3 4 ret" exact "a zero timeout: the time left {0, 0}"
same select 3 "1 4 ret" exact "nothing ready: 0 (Timeout)"
same pselect6 1 "0 1 2 3 4" exact "sets and a timespec"
same pselect6 1 "ret" shape "the ready sets and the time left"
# the struct and the mask behind its pointer (a BUFPAIR rule)
same pselect6 1 "5" exact "... its sigmask argument: the struct and the mask it points to"

# ---- epoll ----------------------------------------------------------------------------------
same epoll_ctl 1 "3" exact "EPOLL_CTL_ADD's event: EPOLLIN|EPOLLET and a 64-bit datum"
is "$(value c epoll_ctl 1 3)" "{events=EPOLLIN|EPOLLET, data={u32=5, u64=4294967301}}" "... as the test program gave it"
same epoll_ctl 2 "3" exact "an EPOLLOUT event"
same epoll_ctl 3 "3" exact "EPOLL_CTL_DEL: no event (NULL)"
same epoll_wait 1 "1 2 3 ret" exact "the two events returned"
same epoll_pwait 1 "1 4 5 ret" exact "no event returned ([]), a signal mask"
same epoll_pwait 2 "1 4 ret" exact "one event returned"

# ---- time -----------------------------------------------------------------------------------
same setitimer 1 "1 2" exact "a new timer of 100 s, no old one asked for"
same getitimer 1 "1" shape "the running timer"
same setitimer 2 "1" exact "a timer stopped ..."
same setitimer 2 "2" shape "... and its old value"
same getitimer 2 "1" exact "a timer never set: zeros"
same setitimer 3 "1 2" exact "the 20 ms alarm"
same utimensat 1 "2" exact "UTIME_NOW and UTIME_OMIT by name"
same utimensat 2 "2" exact "times, each with its date"
same utimensat 3 "2" exact "no times (NULL)"
same timerfd_settime 1 "2 3" exact "a timerfd armed, no old value asked for"
same timerfd_settime 2 "2" exact "a timerfd re-armed ..."
same timerfd_settime 2 "3" shape "... and its old value"
same timerfd_gettime 1 "1" exact "a timerfd's setting"
same clock_gettime 1 "1" shape "a clock read"
same clock_getres 1 "1" exact "a clock's resolution"
same nanosleep 1 "0 1" exact "a sleep and its rmtp (not written when the sleep ends)"
same clock_nanosleep 1 "2 3" exact "a clock sleep without rmtp"

same utimes 1 "1" exact "utimes' timevals, each with its date"
same futimesat 1 "2" exact "futimesat's"
same utime 1 "1" exact "utime's struct utimbuf, each time with its date"
same gettimeofday 1 "0" shape "the time of day"
same gettimeofday 1 "1" exact "the kernel's timezone"
same settimeofday 1 "0 1 ret" exact "a time refused (EINVAL)"

# ---- ids ------------------------------------------------------------------------------------
same getresuid 1 "0 1 2 ret" exact "the three uids"
same getresgid 1 "0 1 2 ret" exact "the three gids"
is "$(value c getresuid 1 0)" "[$(id -u)]" "... the uid this test runs as"

# ---- a recorded trace, replayed ----------------------------------------------------------------
# The pieces are in the file: the replay decodes as the live trace did.
rm -rf "$T/w" && mkdir "$T/w"
run_ok "trace record of trace-dec-poll" "$SCRY" trace record -q -o "$T/rec.data" -- "$prog" "$T/w" > /dev/null
run_ok "trace -i of the recording" "$SCRY" trace -i "$T/rec.data" -o "$T/replay.out"
perl "$T/split.pl" scry "$T/replay.out" > "$T/c.args"
same poll 1 "0 ret" exact "replayed: poll's fds and revents"
same select 1 "1 2 ret" exact "replayed: select's sets"
same epoll_wait 1 "1" exact "replayed: epoll_wait's events"
same getdents64 1 "1" exact "replayed: getdents64's count"
same utimensat 1 "2" exact "replayed: utimensat's times"

# ---- strace's -s: arrays cut at that many elements ------------------------------------------
rm -rf "$T/w" && mkdir "$T/w"
strace -f -qq -s 1 -e trace=poll,epoll_wait -o "$T/strace.s1" "$prog" "$T/w" nosignal > /dev/null
rm -rf "$T/w" && mkdir "$T/w"
run_ok "trace --string-limit 1" "$SCRY" trace --string-limit 1 -e poll,epoll_wait -o "$T/scry.s1" -- "$prog" "$T/w" nosignal
perl "$T/split.pl" strace "$T/strace.s1" poll > "$T/s.args"
perl "$T/split.pl" scry "$T/scry.s1" poll > "$T/c.args"
same poll 1 "0 ret" exact "-s 1: one pollfd, then ...; one revents, then ..."
is "$(value c poll 1 0)" "[{fd=3, events=POLLIN|POLLPRI}, ...]" "... as the program gave them"
same epoll_wait 1 "1" exact "-s 1: one event, then ..."

# ---- without copies -------------------------------------------------------------------------
# The tracepoint backend copies nothing: pointers, and the results that
# need no copy. (Without the final signal: the tracepoint backend reports
# a malformed record around rt_sigreturn, a matter of its own.)
rm -rf "$T/w" && mkdir "$T/w"
run_ok "tp: trace of trace-dec-poll" "$SCRY" trace --no-bpf -o "$T/tp.out" -- "$prog" "$T/w" nosignal
like "$T/tp.out" ' poll\(ufds: 0x[0-9a-f]+, nfds: 3, timeout_msecs: 1000\) += 2$' "tp: poll's fds as a pointer, its count alone"
like "$T/tp.out" ' poll\(ufds: 0x[0-9a-f]+, nfds: 1, timeout_msecs: 0\) += 0 \(Timeout\)$' "tp: ... 0 (Timeout) needs no copy"
like "$T/tp.out" ' select\(n: 5, inp: 0x[0-9a-f]+, outp: 0x[0-9a-f]+, exp: NULL, tvp: NULL\) += 2$' "tp: select's sets as pointers, its count alone"
like "$T/tp.out" ' getdents64\(fd: 3(<[^>]*>)?, dirent: 0x[0-9a-f]+, count: 8192\) += 168$' "tp: getdents64's records as a pointer"
done_testing
