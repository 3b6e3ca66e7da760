#!/bin/bash
# System information and process control decoded as strace 6.1 decodes
# them: trace-dec-sys makes each call with known values (uname, sysinfo,
# statfs, rlimits, getrusage, times, getrandom, CPU affinity, groups, NUMA
# policies, clone3, futex ops, prctl options, fcntl results, terminal and
# socket ioctls) and every line scry prints for them, argument by argument
# and with its result, must be the line strace prints for the same call
# (the BPF tracer); the tracepoint backend decodes what the registers hold.
#
# What differs between two runs is blanked in both (addresses, process
# ids, times, free blocks, random bytes); what scry spells its own way in
# the arguments it does not decode here (RLIMIT_NOFILE is NOFILE to scry,
# its flags and commands drop their prefix: trace-vs-strace.t covers
# those) is left out of the comparison, position by position.
. "$(dirname "$0")/lib.sh"
need_root
command -v strace >/dev/null || skip_all "strace is not installed (make deps installs it)"

prog="$PROGS/trace-dec-sys"

# The tracepoint backend copies no memory: what the registers hold still
# decodes (futex's arguments per operation, prctl's capability, fcntl's and
# prctl's results), the structs show as their addresses.
run_ok "tp: trace of trace-dec-sys" "$SCRY" trace --no-bpf -o "$T/tp.out" -- "$prog"
like "$T/tp.out" 'futex\(uaddr: 0x[0-9a-f]+, op: WAKE_PRIVATE, val: 1\) += 0$' "tp: futex wake: no utime, uaddr2 or val3"
like "$T/tp.out" 'futex\(uaddr: 0x[0-9a-f]+, op: WAIT_BITSET_PRIVATE, val: 0, utime: 0x[0-9a-f]+, val3: FUTEX_BITSET_MATCH_ANY\) += -1 ETIMEDOUT' \
	"tp: futex bitset wait: the bitset named, the timeout's address"
like "$T/tp.out" 'futex\(uaddr: 0x[0-9a-f]+, op: CMP_REQUEUE_PRIVATE, val: 1, utime: 2, uaddr2: 0x[0-9a-f]+, val3: 5\) += -1 EAGAIN' \
	"tp: futex cmp-requeue: val2 in utime's place, val3 in decimal"
like "$T/tp.out" 'prctl\(option: CAPBSET_READ, arg2: CAP_CHOWN\) += 1$' "tp: prctl PR_CAPBSET_READ's capability"
like "$T/tp.out" 'prctl\(option: GET_DUMPABLE\) += 1 \(SUID_DUMP_USER\)$' "tp: prctl PR_GET_DUMPABLE: no arguments, its result named"
like "$T/tp.out" 'fcntl\(fd: [0-9]+(<[^>]*>)?, cmd: GETFD\) += 0x1 \(flags FD_CLOEXEC\)$' "tp: fcntl F_GETFD's flags"
like "$T/tp.out" 'ioctl\(fd: [0-9]+(<[^>]*>)?, cmd: TCFLSH, arg: TCIOFLUSH\) += 0$' "tp: ioctl TCFLSH's argument"
like "$T/tp.out" 'uname\(name: 0x[0-9a-f]+\) += 0$' "tp: uname's struct as its address"

if ! have_bpf; then
	skip "the BPF tracer is needed for the rest: the structs are copied by it"
	done_testing
	exit
fi
calls='uname|sysinfo|statfs|fstatfs|prlimit64|getrlimit|setrlimit|getrusage|times|getrandom|sched_getaffinity|sched_setaffinity|getgroups|setgroups|get_mempolicy|set_mempolicy|mbind|clone3|futex|prctl|fcntl|ioctl'

strace -f -qq -o "$T/strace.out" "$prog"
run_ok "trace of trace-dec-sys" "$SCRY" trace -o "$T/scry.out" -- "$prog"

# One line per call of the program's first process: "name\targ\targ...\t= ret",
# arguments split at their top-level commas, scry's "name: " dropped, then
# what varies blanked. Which positions scry spells differently, per call:
# skipped (the value becomes "-").
cat > "$T/norm.pl" <<'EOS'
use strict;
my ($tool, $want) = @ARGV[0, 1];
my %skip = (prlimit64 => [1], getrlimit => [0], setrlimit => [0], getrusage => [0],
	    getrandom => [2], futex => [1], prctl => [0], fcntl => [1]);
my ($first, %pending);
open(my $in, '<', $ARGV[2]) or die;
while (my $l = <$in>) {
	chomp $l;
	my ($pid, $call);
	if ($tool eq 'strace') {
		next unless $l =~ /^(\d+) +(.*)$/;
		($pid, $call) = ($1, $2);
		# A call another process's event cut in two.
		if ($call =~ /^(.*) <unfinished \.\.\.>$/) { $pending{$pid} = $1; next; }
		if ($call =~ /^<\.\.\. \w+ resumed>(.*)$/) { $call = ($pending{$pid} // '') . $1; }
	} else {
		next unless $l =~ /^ *[0-9.]+ \([^)]*\): \S*\/(\d+) (.*)$/;
		($pid, $call) = ($1, $2);
	}
	$first //= $pid;
	next unless $pid == $first;
	next unless $call =~ /^($want)\((.*)\) += (.*)$/;
	my ($name, $args, $ret) = ($1, $2, $3);
	my (@a, $cur, $depth, $q);
	$cur = ''; $depth = 0; $q = 0;
	for (my $i = 0; $i < length $args; $i++) {
		my $c = substr($args, $i, 1);
		if ($q) { $cur .= $c; if ($c eq '\\') { $cur .= substr($args, ++$i, 1); } elsif ($c eq '"') { $q = 0; } next; }
		if ($c eq '"') { $q = 1; }
		elsif ($c =~ /[\[{(]/) { $depth++; }
		elsif ($c =~ /[\]})]/) { $depth--; }
		elsif ($c eq ',' && !$depth) { push @a, $cur; $cur = ''; $i++ if substr($args, $i + 1, 1) eq ' '; next; }
		$cur .= $c;
	}
	push @a, $cur if length $args;
	if ($tool eq 'scry') {
		s/^\w+: // for @a;
		s/^(-?\d+)<[^>]*>$/$1/ for @a;         # scry names the files of fds
		$ret =~ s/^(\d+)<[^>]*>/$1/;
	}
	$a[$_] = '-' for grep { $_ < @a } @{$skip{$name} // []};
	s/SNDCTL_TMR_\w+ or // for @a;            # strace's guess among requests of one number
	my $line = join("\t", $name, @a) . "\t= $ret";
	# What differs from run to run.
	$line =~ s/0x[1-9a-f][0-9a-f]{8,}/ADDR/g;
	$line =~ s/\\x[0-9a-f]{2}/\\xNN/g;
	$line =~ s/\b(uptime|freeram|sharedram|bufferram|freeswap|procs|f_bfree|f_bavail|f_ffree|tv_sec|tv_usec|tms_\w+)=\d+( \/\* [0-9.]+ s \*\/)?/$1=N/g;
	$line =~ s/loads=\[\d+, \d+, \d+\]/loads=[N]/;
	$line =~ s/= \d+$/= PID/ if $name eq 'clone3' || $name eq 'times';
	$line =~ s/(\[\{)?parent_tid=\[\d+\]/parent_tid=[PID]/g;
	print "$line\n";
}
EOS
perl "$T/norm.pl" strace "$calls" "$T/strace.out" > "$T/s"
perl "$T/norm.pl" scry "$calls" "$T/scry.out" > "$T/c"

n=$(wc -l < "$T/s")
[ "$n" -ge 50 ] && pass "strace saw the program's calls ($n)" || fail "strace saw only $n of the program's calls"
is "$(wc -l < "$T/c")" "$n" "scry saw as many"

# Each call, in order, against strace's: one check per call, named by it.
i=0
while IFS= read -r want; do
	i=$((i + 1))
	got=$(sed -n "${i}p" "$T/c")
	name=${want%%	*}
	what=$(printf '%s' "$want" | cut -f2- | tr '\t' ' ' | cut -c1-70)
	is "$got" "$want" "$name($what...) as strace prints it"
done < "$T/s"

# A few values the program set itself, whatever strace says.
like "$T/scry.out" 'prlimit64\(pid: 0, resource: NOFILE, new_rlim: \{rlim_cur=[0-9]+, rlim_max=[0-9]+\}, old_rlim: NULL\)' \
	"prlimit64's new limit, copied at entry"
like "$T/scry.out" 'getrlimit\(resource: STACK, rlim: \{rlim_cur=[0-9]+(\*1024)?, rlim_max=(RLIM64_INFINITY|[0-9]+(\*1024)?)\}\) += 0' \
	"getrlimit's limit, in strace's units"
like "$T/scry.out" 'getrandom\(ubuf: "(\\x[0-9a-f]{2}){16}", len: 16, flags: ' "getrandom's 16 bytes, in hex"
like "$T/scry.out" 'getgroups\(gidsetsize: 64, grouplist: \[0, 4\]\) += 2$' "the groups just set: [0, 4]"
like "$T/scry.out" 'futex\(uaddr: 0x[0-9a-f]+, op: WAKE_PRIVATE, val: 1\) += 0$' "futex wake: no uaddr2, no val3"
like "$T/scry.out" 'prctl\(option: SET_NAME, arg2: "scry-dec-sys"\) += 0$' "prctl PR_SET_NAME's string, alone"
like "$T/scry.out" 'prctl\(option: CAPBSET_READ, arg2: CAP_CHOWN\) += 1$' "prctl PR_CAPBSET_READ's capability"
like "$T/scry.out" 'fcntl\(fd: [0-9]+</dev/null>, cmd: GETFL\) += 0x8002 \(flags O_RDWR\|O_LARGEFILE\)$' "fcntl F_GETFL's flags"
like "$T/scry.out" 'ioctl\(fd: [0-9]+(<[^>]*>)?, cmd: FIONREAD, arg: \[5\]\) += 0$' "FIONREAD: the 5 bytes written"
like "$T/scry.out" 'ioctl\(fd: [0-9]+(<[^>]*>)?, cmd: TIOCGWINSZ, arg: \{ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0\}\) += 0$' \
	"TIOCGWINSZ: the size just set"

# The longest host name there is (64 bytes: its field holds it and its
# NUL), in a UTS namespace of its own: whole, as strace shows it.
if command -v unshare > /dev/null && unshare -u true 2> /dev/null; then
	long=$(printf 'h%.0s' $(seq 64))
	unshare -u sh -c "hostname $long && strace -qq -e trace=uname -o '$T/strace.uts' '$prog' &&
		'$SCRY' trace -e uname -o '$T/scry.uts' -- '$prog'" > /dev/null 2>&1
	want=$(sed -nE 's/^[0-9]+ +uname\((.*)\) += 0$/\1/p; s/^uname\((.*)\) += 0$/\1/p' "$T/strace.uts" | head -1)
	got=$(sed -nE 's/^.* uname\(name: (.*)\) += 0$/\1/p' "$T/scry.uts" | head -1)
	case "$want" in
	*"nodename=\"$long\""*) is "$got" "$want" "uname: a 64-byte host name, whole, as strace prints it" ;;
	*) fail "uname: strace did not show the 64-byte host name" "$want" ;;
	esac
else
	skip "no unshare -u here: the 64-byte host name is not tried"
fi
done_testing
