#!/bin/bash
# Sockets and iovecs decoded as strace 6.1 prints them (the BPF tracer's
# copies by rule): trace-dec-net makes each call with known values
# (socketpair, getsockname/getpeername/accept/accept4/recvfrom addresses
# and their [in => out] lengths, getsockopt/setsockopt values, sendmsg /
# recvmsg with a name, two iovecs and SCM_RIGHTS, sendmmsg/recvmmsg,
# writev/readv/pwritev/preadv(2)); each decoded argument must be exactly
# strace's text for the same call, ephemeral ports and pids aside (those
# are checked against what the program itself reports).
. "$(dirname "$0")/lib.sh"
need_root
have_bpf || skip_all "BPF is not available: these decoders read memory the BPF tracer copies"
command -v strace > /dev/null || skip_all "strace is not installed (make deps installs it)"

P="$PROGS/trace-dec-net"
run_ok "trace of trace-dec-net" "$SCRY" trace -o "$T/scry" -- "$P" "$T/f" > "$T/scry.out"
oracle_ok "strace of the same" strace -f -qq -o "$T/strace" -- "$P" "$T/f" > "$T/strace.out"
read -r _ udp _ tcp < "$T/scry.out"
tid=$(sed -nE 's/^ *[0-9.]+ \([^)]*\): [^ ]*\/([0-9]+) .*/\1/p' "$T/scry" | head -1)

# args.pl SYSCALL:INDEX... < trace: for each call of those syscalls, in
# order, "name(arg, arg) = ret" with only the arguments at those
# positions (0-based), split at top-level commas; scry's "name: " before
# each argument, fd paths and padding dropped. Ports other than 0, pids
# (netlink's, credentials') and addresses are normalized.
cat > "$T/args.pl" <<'EOF'
my %want;
for (@ARGV) { my ($s, @i) = split /:/; $want{$s} = [@i]; }
@ARGV = ();
sub split_args {
	my ($s) = @_;
	my @out; my ($cur, $depth, $q, $esc) = ('', 0, 0, 0);
	for my $c (split //, $s) {
		if ($q) {
			$cur .= $c;
			if ($esc) { $esc = 0 } elsif ($c eq '\\') { $esc = 1 } elsif ($c eq '"') { $q = 0 }
			next;
		}
		if ($c eq '"') { $q = 1 }
		elsif ($c =~ /[\[\{\(]/) { $depth++ }
		elsif ($c =~ /[\]\}\)]/) { $depth-- }
		elsif ($c eq ',' && !$depth) { push @out, $cur; $cur = ''; next }
		$cur .= $c;
	}
	push @out, $cur if length $cur;
	s/^ +// for @out;
	return @out;
}
while (<>) {
	next unless /(?:^|[ \/0-9] )([a-z0-9_]+)\((.*)\) += (.*)$/;
	my ($name, $args, $ret) = ($1, $2, $3);
	next unless $want{$name};
	my @a = split_args($args);
	s/^[a-z_0-9]+: // for @a;
	$ret =~ s/<[^>]*>//g;
	my $line = "$name(" . join(', ', map { $a[$_] // '?' } @{$want{$name}}) . ") = $ret";
	$line =~ s/htons\([1-9][0-9]*\)/htons(PORT)/g;
	$line =~ s/\b(nl_)?pid=[1-9][0-9]*/$1pid=PID/g;
	$line =~ s/0x[0-9a-f]{6,}/ADDR/g;
	print "$line\n";
}
EOF
sel="bind:1 connect:1 socketpair:3 getsockname:1:2 getpeername:1:2 accept:1:2 accept4:1:2 recvfrom:1:4:5 getsockopt:3:4 setsockopt:3 sendmsg:1 recvmsg:1 writev:1 readv:1 pwritev:1 preadv:1 pwritev2:1 preadv2:1"
perl "$T/args.pl" $sel < "$T/strace" > "$T/s.args"
perl "$T/args.pl" $sel < "$T/scry" > "$T/c.args"

# One check per call: its decoded arguments as strace prints them.
n=$(wc -l < "$T/s.args")
[ "$n" -ge 30 ] && pass "strace saw the program's $n socket and iovec calls" || fail "strace saw only $n calls" "$(cat "$T/s.args")"
i=0
while IFS= read -r want; do
	i=$((i + 1))
	got=$(sed -n "${i}p" "$T/c.args")
	is "$got" "$want" "${want%%(*} #$i as strace prints it"
done < "$T/s.args"
is "$(wc -l < "$T/c.args")" "$n" "scry shows as many of those calls as strace"

# The values the program knows: its ports and its pid. (A descriptor may
# show its socket:[inode] when scry looked it up while the program ran.)
calls_of "$T/scry" > "$T/calls"
# like_call REGEX MSG: a line of $T/calls matches; else show the lines of
# the same syscall.
like_call() {
	if grep -qE -- "$1" "$T/calls"; then pass "$2"; else
		fail "$2" "no line matches: $1" "lines of that syscall:" \
			"$(grep -E "^$(echo "$1" | sed -E 's/^\^([a-z0-9_]+).*/\1/')\(" "$T/calls" | head -8)"
	fi
}
like_call "^getsockname\(fd: 3(<[^>]*>)?, usockaddr: \{sa_family=AF_INET, sin_port=htons\($udp\), sin_addr=inet_addr\(\"127.0.0.1\"\)\}, usockaddr_len: \[16\]\) = 0$" \
	"getsockname: the UDP port the program bound ($udp)"
like_call "^getpeername\(fd: 4(<[^>]*>)?, usockaddr: \{sa_family=AF_INET, sin_port=htons\($tcp\), sin_addr=inet_addr\(\"127.0.0.1\"\)\}, usockaddr_len: \[16\]\) = 0$" \
	"getpeername: the TCP listener's port ($tcp)"
like_call "^sendmsg\(fd: 4(<[^>]*>)?, msg: \{msg_name=\{sa_family=AF_INET, sin_port=htons\($udp\), " "sendmsg: to the UDP port"
like_call "^getsockname\(fd: 3(<[^>]*>)?, usockaddr: \{sa_family=AF_NETLINK, nl_pid=$tid, nl_groups=00000000\}, usockaddr_len: \[128 => 12\]\) = 0$" \
	"getsockname of a netlink socket: the program's pid ($tid)"
like_call "^getsockopt\(fd: 3(<[^>]*>)?, level: SOL_SOCKET, optname: PEERCRED, optval: \{pid=$tid, uid=$(id -u), gid=$(id -g)\}, optlen: \[12\]\) = 0$" \
	"getsockopt SO_PEERCRED: the program's own pid, uid and gid"
like_call "^getsockopt\(fd: 4(<[^>]*>)?, level: SOL_SOCKET, optname: 0x270f /\* SO_\?\?\? \*/, optval: 0x[0-9a-f]+, optlen: \[4\]\) = -1 ENOPROTOOPT " \
	"getsockopt of an unknown option: its number as strace shows it"
like_call '^recvmsg\(fd: 4(<[^>]*>)?, msg: \{.*msg_control=\[\{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[5\]\}\], msg_controllen=24, msg_flags=MSG_CMSG_CLOEXEC\}, flags: CMSG_CLOEXEC\) = 1$' \
	"recvmsg: the descriptor passed (SCM_RIGHTS) and the flags returned"

# sendmmsg/recvmmsg: the tracer copies the headers, not what they point
# to: names and iovecs print as pointers (strace shows them); the rest,
# msg_len included, is strace's.
# recvmmsg's timeout shows as given, and the time left in the result.
mm() { perl "$T/args.pl" sendmmsg:1:2 recvmmsg:1:2:4 < "$1" |
	sed -E 's/msg_name=\{[^}]*\}/msg_name=ADDR/g; s/msg_iov=\[[^]]*\]/msg_iov=ADDR/g; s/msg_iov=ADDR/msg_iov=IOV/g' |
	sed -E 's/\(left \{tv_sec=[0-9]+, tv_nsec=[0-9]+\}\)$/(left {tv_sec=S, tv_nsec=NS})/'; }
mm "$T/strace" > "$T/s.mm"; mm "$T/scry" > "$T/c.mm"
like "$T/c.mm" '^recvmmsg\(.*, 2, \{tv_sec=5, tv_nsec=0\}\) = 1 \(left \{tv_sec=S, tv_nsec=NS\}\)$' "recvmmsg: the timeout given and the time left"
if [ "$(wc -l < "$T/s.mm")" -eq 4 ] && cmp -s "$T/s.mm" "$T/c.mm"; then
	pass "sendmmsg/recvmmsg: counts, lengths, flags and msg_len as strace prints them (names and iovecs as pointers)"
else
	fail "sendmmsg/recvmmsg differ from strace beyond names and iovecs" "$(diff "$T/s.mm" "$T/c.mm")"
fi

# Without the BPF tracer nothing is copied: pointers, as before.
run_ok "the tracepoint backend" "$SCRY" trace --no-bpf -e getsockopt,readv -o "$T/tp" -- "$P" "$T/f" > /dev/null
calls_of "$T/tp" > "$T/tp.calls"
like "$T/tp.calls" '^getsockopt\(fd: 4(<[^>]*>)?, level: SOL_SOCKET, optname: RCVBUF, optval: 0x[0-9a-f]+, optlen: 0x[0-9a-f]+\) = 0$' \
	"... getsockopt's value and length as pointers"
like "$T/tp.calls" '^readv\(fd: 3(<[^>]*>)?, vec: 0x[0-9a-f]+, vlen: 2\) = 11$' "... readv's iovecs as a pointer"
done_testing
