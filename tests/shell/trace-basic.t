#!/bin/bash
# scry trace -- CMD on a program whose syscalls are known: the exact lines
# for a successful open with its flags and path, a read of a known count,
# an open that fails with ENOENT, an anonymous mmap and munmap, exit_group
# and the exit status, under both backends.
. "$(dirname "$0")/lib.sh"
need_root

printf 'hello world\n' > "$T/input.txt"
IN="$T/input.txt"

for be in $(backends); do
	flag=$(backend_flag "$be")
	WANT_STATUS=3 run_ok "$be: scry exits with the program's exit status, nothing on stderr" \
		"$SCRY" trace $flag -o "$T/trace.$be" -- "$PROGS/sc-basic" "$IN" > "$T/prog.$be"
	calls_of "$T/trace.$be" > "$T/calls.$be"

	fd=$(awk -v p="$IN" '$1 == "openat" && $2 == p { print $4 }' "$T/prog.$be")
	addr=$(awk '$1 == "mmap" { print $3 }' "$T/prog.$be")
	[ -n "$fd" ] && [ -n "$addr" ] || fail "$be: the program reported its calls"

	if [ "$be" = bpf ]; then
		has_line "$T/calls.$be" "openat(dfd: CWD, filename: \"$IN\", flags: RDONLY|CLOEXEC) = $fd<$IN>" \
			"$be: openat with path string, flags and the fd's path"
		has_line "$T/calls.$be" "read(fd: $fd<$IN>, buf: \"hello w\", count: 7) = 7" \
			"$be: read of 7 bytes on that fd, with its path and the bytes read"
		has_line "$T/calls.$be" "close(fd: $fd<$IN>) = 0" "$be: close shows the path it closes"
		has_line "$T/calls.$be" \
			'openat(dfd: CWD, filename: "/nonexistent/scry-test", flags: RDONLY) = -1 ENOENT (No such file or directory)' \
			"$be: failed open with errno name and message"
	else
		like "$T/calls.$be" "^openat\(dfd: CWD, filename: 0x[0-9a-f]+, flags: RDONLY\|CLOEXEC\) = $fd\$" \
			"$be: openat with flags (pointer for the path: no strings without BPF)"
		like "$T/calls.$be" "^read\(fd: $fd(<$IN>)?, buf: 0x[0-9a-f]+, count: 7\) = 7\$" \
			"$be: read of 7 bytes on that fd"
		like "$T/calls.$be" \
			'^openat\(dfd: CWD, filename: 0x[0-9a-f]+, flags: RDONLY\) = -1 ENOENT \(No such file or directory\)$' \
			"$be: failed open with errno name and message"
	fi
	has_line "$T/calls.$be" \
		"mmap(addr: NULL, len: 8192, prot: READ|WRITE, flags: PRIVATE|ANONYMOUS, fd: -1, off: 0) = $addr" \
		"$be: mmap with decoded prot and flags returns the program's address"
	has_line "$T/calls.$be" "munmap(addr: $addr, len: 8192) = 0" "$be: munmap of that address"
	has_line "$T/calls.$be" "exit_group(error_code: 3) = ?" "$be: exit_group never returns"
	has_line "$T/calls.$be" "+++ exited with 3 +++" "$be: the exit is reported"
	# Every line of the trace is well formed: a timestamp, a duration (or
	# blank for calls that do not return), comm/tid, then the call.
	bad=$(grep -cvE '^ *[0-9]+\.[0-9]{3} \(( *[0-9]+\.[0-9]{3} ms|         )\): sc-basic/[0-9]+ ' "$T/trace.$be")
	is "$bad" 0 "$be: every line has the TIME ( DUR ms): COMM/TID prefix"
	# Calls appear in the order the program made them.
	order=$(awk '{ line[NR] = $0 } /^openat\(/ { last_open = NR } /^read\(.*count: 7\)/ { start = last_open }
		END { for (i = start; i <= NR; i++) { split(line[i], a, "(");
		      if (a[1] ~ /^(openat|read|close|mmap|munmap)$/) printf "%s ", a[1];
		      if (line[i] ~ /^munmap\(.*len: 8192\)/) break } }' "$T/calls.$be")
	is "$order" "openat read close openat mmap munmap " "$be: in program order"
done
done_testing
