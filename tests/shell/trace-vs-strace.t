#!/bin/bash
# The syscalls scry sees, per thread and in order, are exactly those strace
# sees for the same program, the program's own execve included (the BPF
# tracer sees it enter; the tracepoint backend starts at the exec and
# leaves it out). execve's arguments print as strace prints them.
. "$(dirname "$0")/lib.sh"
need_root
command -v strace >/dev/null || skip_all "strace is not installed (make deps installs it)"

# same_as_strace S C MIN WHAT: strace's lines S and scry's C are the same,
# and there are at least MIN of them.
same_as_strace() {
	n=$(wc -l < "$1")
	if [ "$n" -ge "$3" ] && cmp -s "$1" "$2"; then
		pass "$4 ($n, as strace prints them)"
	else
		fail "$4: not as strace prints them ($n)" "$(diff "$1" "$2" | head -8 | cut -c1-300)"
	fi
}

# "tid name" per call, from strace -f output; with "tp", without the
# program's own execve (the first line).
strace_calls() {
	grep -vE '^[0-9]+ +(\+\+\+|---)' "$1" | grep -v ' resumed>' |
		sed -nE 's/^([0-9]+) +([a-z0-9_]+)\(.*/\1 \2/p' | awk -v be="$2" 'NR > 1 || be != "tp" || $2 != "execve"'
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
		strace -f -qq -o "$T/strace.$prog" "$PROGS/$prog" "$T/x" > /dev/null 2> "$T/strace.err"
		# strace -f exits with the program's status: scry must too.
		WANT_STATUS=$? run_ok "$be: $prog: trace exits as strace does, nothing on stderr" \
			"$SCRY" trace $flag -o "$T/scry.$prog" -- "$PROGS/$prog" "$T/x" > /dev/null
		strace_calls "$T/strace.$prog" "$be" | per_thread > "$T/s.$prog"
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

# ---- execve's arguments --------------------------------------------------------------------
# A shell running programs with spaces, quotes, escapes, an empty argument,
# an argument longer than strace's -s 32 and more than 32 of them, a
# cleared environment and one of 1 variable: each execve line (path, argv,
# the number of variables) as strace prints it, addresses aside.
if have_bpf; then
	cat > "$T/execs.sh" <<-'EOS'
	/bin/true a "b c" 'q"q' "$(printf 'tab\there')" ""
	/bin/true an-argument-longer-than-32-bytes-is-cut-short $(seq 1 40)
	env -i /bin/true
	env -i ONE=1 /bin/true x
	exec /bin/true last
	EOS
	strace -f -qq -e trace=execve -o "$T/strace.exec" sh "$T/execs.sh"
	run_ok "bpf: trace of a shell script's execs" "$SCRY" trace -e execve -o "$T/scry.exec" -- sh "$T/execs.sh"
	# strace: execve("/bin/true", ["/bin/true", "a"], 0x7ffd... /* 3 vars */) = 0
	sed -nE 's/^[0-9]+ +execve\((.*)\) = (.*)$/\1 = \2/p' "$T/strace.exec" | sed -E 's/0x[0-9a-f]+/ADDR/g' > "$T/s.exec"
	sed -nE 's/^.* execve\(filename: (.*), argv: (.*), envp: (.*)\) = (.*)$/\1, \2, \3 = \4/p' "$T/scry.exec" |
		sed -E 's/0x[0-9a-f]+/ADDR/g' > "$T/c.exec"
	same_as_strace "$T/s.exec" "$T/c.exec" 6 "bpf: the execve calls of a shell script, the script's own first"
	like "$T/c.exec" '^"/usr/bin/env", \["env", "-i", "ONE=1", "/bin/true", "x"\], ADDR /\* [0-9]+ vars \*/ = 0$' "... env -i ONE=1 /bin/true x among them"
	like "$T/c.exec" '^"/bin/true", \["/bin/true", "x"\], ADDR /\* 1 var \*/ = 0$' "... and what it ran, with 1 variable"

	# An argv longer than the tracer captures (2 KiB of strings): the
	# elements that fit (92 of 22 bytes, with /bin/true's), then "...".
	long=$(seq -f 'argument-number-%05g' 1 200)
	run_ok "bpf: trace of a 200-element argv" "$SCRY" trace --string-limit 256 -e execve -o "$T/scry.long" -- /bin/true $long
	line=$(grep ' execve(' "$T/scry.long" | head -1)
	shown=$(echo "$line" | grep -o '"argument-number-[0-9]*"' | wc -l)
	case "$line" in
	*'argv: ["/bin/true", "argument-number-00001", "argument-number-00002", '*'"argument-number-00092", ...], envp: '*)
		pass "a 200-element argv: the $shown elements that fit in 2 KiB, then \"...\"" ;;
	*) fail "a 200-element argv ($shown shown)" "$(echo "$line" | cut -c1-300)" ;;
	esac
	# The program's exec fails (not executable): scry says so and prints
	# no execve line of its own.
	printf 'x' > "$T/noexec"; chmod 644 "$T/noexec"
	"$SCRY" trace -e execve -o "$T/scry.noexec" -- "$T/noexec" 2> "$T/noexec.err"
	is "$?" 1 "an exec that fails: exit 1"
	like "$T/noexec.err" "cannot run '$T/noexec': Permission denied" "... saying why"
	is "$(grep -c execve "$T/scry.noexec" 2>/dev/null || true)" 0 "... with no execve line"

	# ---- data buffers -------------------------------------------------------------------
	# read, write, pread64 and readlink with their data, as strace shows it:
	# every byte value (cat of a file holding 0..255), text, short reads,
	# EOF, -s 32 (the default: "..." after) and -s 256.
	perl -e 'print map { chr } 0 .. 255' > "$T/bytes"
	printf 'hello world\n' > "$T/text"
	cat > "$T/io.sh" <<-EOS
	cat "$T/bytes" "$T/text"
	head -c 40 "$T/bytes"
	readlink /proc/self/exe
	printf 'a\\0b\\001\\0019x\\n'
	EOS
	# "name(fd, data, count) = ret" from either tool, one line per call, sorted.
	io_calls() { sed -nE 's/^[0-9]+ +((read|write|pread64|readlink)\(.*)$/\1/p; s/^.* (read|write|pread64|readlink)\((fd|path): ([0-9]+|"[^"]*")(<[^>]*>)?, buf: (.*), (count|bufsiz): ([0-9]+)(, pos: [0-9]+)?\) += (.*)$/\1(\3, \5, \7\8) = \9/p' "$1" |
		sed -E 's/, pos: ([0-9]+)\)/, \1)/; s/\) += /) = /' | sort; }
	for s in 32 256; do
		lim=; [ $s = 256 ] && lim="--string-limit 256"
		strace -f -qq -s $s -e trace=read,write,pread64,readlink -o "$T/strace.io$s" sh "$T/io.sh" > /dev/null
		run_ok "bpf -s $s: trace of the io script" "$SCRY" trace $lim -e read,write,pread64,readlink -o "$T/scry.io$s" -- sh "$T/io.sh" > /dev/null
		io_calls "$T/strace.io$s" > "$T/s.io$s"; io_calls "$T/scry.io$s" > "$T/c.io$s"
		same_as_strace "$T/s.io$s" "$T/c.io$s" 10 "bpf -s $s: the read/write/pread64/readlink calls and their data"
	done
	like "$T/c.io256" '^write\(1, "\\0\\1\\2\\3\\4\\5\\6\\7\\10\\t\\n\\v\\f\\r\\16.* !\\"#.*~\\177\\200.*\\377", 256\) = 256$' "... the 256 byte values written, in strace's escapes"
	like "$T/c.io32" '^readlink\("/proc/self/exe", "/usr/bin/readlink", [0-9]+\) = 17$' "... readlink's result"

	# ---- structs ------------------------------------------------------------------------
	# stat of a file, a sticky directory and a device; pipe2's descriptors;
	# connect to IPv4, IPv6, a unix path and an abstract name; the times of
	# clock_nanosleep and nanosleep; wait4's status for an exit and a kill:
	# each struct, in order, as strace prints it.
	structs() { grep -oE '\{st_mode=[^}]*\}|\{stx_mask=[^}]*\}|\{sa_family=[^}]*\}|\{tv_sec=[^}]*\}|\[\{W[^]]*\]|pipe2\((fildes: )?\[[0-9]+, [0-9]+\]' "$1" |
		sed -E 's/^pipe2\((fildes: )?/pipe2 /'; }
	strace -f -qq -o "$T/strace.st" "$PROGS/sc-structs" "$T/text"
	run_ok "bpf: trace of sc-structs" "$SCRY" trace -o "$T/scry.st" -- "$PROGS/sc-structs" "$T/text"
	structs "$T/strace.st" > "$T/s.st"; structs "$T/scry.st" > "$T/c.st"
	same_as_strace "$T/s.st" "$T/c.st" 11 "bpf: the structs of sc-structs (stat, statx, sockaddr, timespec, pipe fds, wait status)"
	# rt_sigaction and rt_sigprocmask lines whole (the C library's own
	# among them), argument names and addresses aside, in any order.
	sigcalls() { sed -nE 's/^([0-9]+ +|.*: [^ ]+\/[0-9]+ )(rt_sig(action|procmask)\(.*)$/\2/p' "$1" |
		sed -E 's/(sig|act|oact|sigsetsize|how|nset|oset): //g; s/0x[0-9a-f]{6,}/ADDR/g; s/\) += /) = /' | sort; }
	sigcalls "$T/strace.st" > "$T/s.sig"; sigcalls "$T/scry.st" > "$T/c.sig"
	same_as_strace "$T/s.sig" "$T/c.sig" 9 "bpf: rt_sigaction and rt_sigprocmask with their actions and masks"
	like "$T/c.sig" '^rt_sigprocmask\(SIG_BLOCK, ~\[RTMIN RT_1\], NULL, 8\) = 0$' "... a full mask, as strace abbreviates it"
	like "$T/scry.st" 'sendto\(fd: [0-9]+(<[^>]*>)?, buff: "ping", len: 4, flags: 0, addr: \{sa_family=AF_INET, sin_port=htons\(9\), sin_addr=inet_addr\("127.0.0.1"\)\}, addr_len: 16\) += 4$' \
		"... sendto with its data and its address (two copies in one call)"
	like "$T/c.st" '^\{st_mode=S_IFREG\|0644, st_size=12, \.\.\.\}$' "... stat of the 12-byte file"
	like "$T/scry.st" 'newfstatat\(dfd: CWD, filename: "hello world\\n", statbuf: 0x[0-9a-f]+, flag: 0\) += -1 ENOENT' \
		"... a path in a page not yet faulted in: read again when the call returns"
	like "$T/c.st" '^\{stx_mask=[^,]*STATX_MNT_ID, stx_attributes=STATX_ATTR_MOUNT_ROOT, stx_mode=S_IFDIR\|' "... statx of /, a mount root"
	like "$T/c.st" '^\{st_mode=S_IFCHR\|0[0-7]{3}, st_rdev=makedev\(0x1, 0x3\), \.\.\.\}$' "... /dev/null, a device"
	like "$T/c.st" '^\{sa_family=AF_UNIX, sun_path=@"scry-abstract"\}$' "... an abstract unix address"
	like "$T/c.st" '^\[\{WIFSIGNALED\(s\) && WTERMSIG\(s\) == SIGKILL\}\]$' "... a child killed by SIGKILL"
else
	skip "no BPF here: execve's strings are captured by the BPF tracer only"
fi
done_testing
