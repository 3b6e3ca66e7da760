#!/bin/bash
# scry list with bpftrace-style probe patterns (tracepoint:, uprobe:,
# kprobe:, software:, profile:, interval:): one probe a line in bpftrace's
# form, sorted as bpftrace sorts them; checked against what tracefs, nm and
# the kernel say, and against bpftrace -l on the same patterns where
# bpftrace is installed. perf-style globs keep their own output.
. "$(dirname "$0")/lib.sh"
need_root

have_bpftrace=false
command -v bpftrace > /dev/null 2>&1 && have_bpftrace=true
TRACEFS=/sys/kernel/tracing
[ -d "$TRACEFS/events" ] || TRACEFS=/sys/kernel/debug/tracing
LIBC=$(readlink -f "$(ldd /bin/true | awk '$1 ~ /^libc\.so/ { print $3 }')")

# list PATTERN: scry's listing into $T/s.out (stderr $T/s.err), exit status in $rc.
list() {
	"$SCRY" list "$1" > "$T/s.out" 2> "$T/s.err"
	rc=$?
}

# vs_bpftrace PATTERN [SED]: scry's listing equals bpftrace -l's (after SED
# on bpftrace's, for the paths it spells differently).
vs_bpftrace() {
	if ! $have_bpftrace; then
		skip "bpftrace is not installed: no comparison for $1"
		return
	fi
	bpftrace -l "$1" 2> /dev/null | sed -e "${2:-}" > "$T/b.out"
	if [ ! -s "$T/b.out" ]; then
		skip "bpftrace -l '$1' lists nothing here: no comparison"
		return
	fi
	if cmp -s "$T/s.out" "$T/b.out"; then
		pass "'$1': as bpftrace -l lists it ($(wc -l < "$T/b.out") lines)"
	else
		fail "'$1': as bpftrace -l lists it" "$(diff "$T/s.out" "$T/b.out" | head -5 | tr '\n' '|')"
	fi
}

# ---- tracepoints ----------------------------------------------------------------------------
list 'tracepoint:sched:*'
is "$rc" 0 "tracepoint:sched:*: exit 0"
is "$(cat "$T/s.err")" "" "tracepoint:sched:*: nothing on stderr"
is "$(cat "$T/s.out")" \
   "$(for d in "$TRACEFS"/events/sched/*/; do d=${d%/}; echo "tracepoint:sched:${d##*/}"; done | LC_ALL=C sort)" \
   "tracepoint:sched:*: every event of events/sched, sorted"
vs_bpftrace 'tracepoint:sched:*'

list 't:syscalls:*open*'
has_line "$T/s.out" "tracepoint:syscalls:sys_enter_openat" "t:syscalls:*open*: the t: alias, sys_enter_openat"
has_line "$T/s.out" "tracepoint:syscalls:sys_exit_open" "t:syscalls:*open*: sys_exit_open"
unlike "$T/s.out" "^tracepoint:syscalls:sys_enter_read$" "t:syscalls:*open*: nothing else"
vs_bpftrace 't:syscalls:*open*'

list 'tracepoint:*sched_sw*'
is "$(cat "$T/s.out")" "$(printf 'tracepoint:sched:sched_swap_numa\ntracepoint:sched:sched_switch' |
	grep -Fxf <(cd "$TRACEFS/events/sched" && ls -d sched_sw* | sed 's/^/tracepoint:sched:/'))" \
   "a glob's * crosses the colon, as bpftrace's does"
vs_bpftrace 'tracepoint:*sched_sw*'

list 'tracepoint:*'
unlike "$T/s.out" "^tracepoint:ftrace:" "ftrace's own events are not tracepoints"
vs_bpftrace 'tracepoint:*'

# ---- uprobes ----------------------------------------------------------------------------------
list 'uprobe:libc:*alloc*'
is "$rc" 0 "uprobe:libc:*alloc*: exit 0"
for f in malloc calloc realloc; do
	has_line "$T/s.out" "uprobe:$LIBC:$f" "uprobe:libc:*alloc*: libc by name, $f"
done
unlike "$T/s.out" "^uprobe:$LIBC:free$" "uprobe:libc:*alloc*: free is not a match"
# bpftrace names libc by the path ld.so.cache gives (/lib/...); scry by its real path.
vs_bpftrace 'uprobe:libc:*alloc*' "s|^uprobe:[^:]*/libc\.so\.6:|uprobe:$LIBC:|"
list "uprobe:$LIBC:*"
vs_bpftrace "uprobe:$LIBC:*"

BIN=$PROGS/probe-values
list "u:$BIN:pv_*"
is "$(cat "$T/s.out")" \
   "$(nm --defined-only "$BIN" | awk '$2 ~ /^[TtWi]$/ && $3 ~ /^pv_/ { print "uprobe:'"$BIN"':" $3 }' | LC_ALL=C sort -u)" \
   "u:BIN:pv_*: the functions nm lists"
vs_bpftrace "uprobe:$BIN:pv_*"
list "ur:$BIN:pv_entry"
is "$(cat "$T/s.out")" "uretprobe:$BIN:pv_entry" "ur: lists uretprobes"

if [ -x /bin/bash ]; then
	list 'u:/bin/bash:read*'
	has_line "$T/s.out" "uprobe:/bin/bash:read_command" "u:/bin/bash:read*: bash's read_command, the path as written"
	vs_bpftrace 'uprobe:/bin/bash:read*' ""
fi

# ---- kprobes, software, profile, interval ------------------------------------------------------
list 'kprobe:vfs_rea*'
if [ "$rc" -eq 0 ]; then
	has_line "$T/s.out" "kprobe:vfs_read" "kprobe:vfs_rea*: vfs_read (definitions resolve without kprobes)"
	unlike "$T/s.out" "\.part\." "kprobe globs leave .part.N pieces out"
	vs_bpftrace 'kprobe:vfs_rea*'
else
	skip "no readable kernel function list here: $(cat "$T/s.err")"
fi

list 'software:*'
is "$(cat "$T/s.out")" "$(printf 'software:%s:\n' alignment-faults bpf-output context-switches cpu-clock \
	cpu-migrations dummy emulation-faults major-faults minor-faults page-faults task-clock)" \
   "software:*: perf's software events (bpftrace 0.17 prints 'software:*:' here: not compared)"
list 's:cs'
is "$(cat "$T/s.out")" "software:context-switches:" "an alias lists its event"
list 'profile:*'
is "$(cat "$T/s.out")" "$(printf 'profile:%s:\n' hz ms s us)" "profile:*: its units"
list 'interval:*'
is "$(cat "$T/s.out")" "$(printf 'interval:%s:\n' hz ms s us)" "interval:*: its units"

# ---- errors --------------------------------------------------------------------------------------
list 'tracepoint:nosuch:*'
is "$rc" 1 "no match: exit 1"
is "$(cat "$T/s.out")" "" "no match: nothing on stdout"
is "$(cat "$T/s.err")" "scry: list: no probe matches tracepoint:nosuch:*" "no match: one line saying so"

list 'uprobe:nosuchlibzz:*'
is "$rc" 1 "missing binary: exit 1"
is "$(cat "$T/s.err")" "scry: list: nosuchlibzz: no such file, no library libnosuchlibzz.so* in the dynamic linker's directories and no program nosuchlibzz on \$PATH" \
   "missing binary: what was tried"

"$SCRY" list 'tracepoint:sched:*' 'sched:*' > "$T/s.out" 2> "$T/s.err"
is "$?" 129 "probe patterns and perf globs mixed: usage error (129)"
like "$T/s.err" "cannot be mixed" "mixed: says so"

# ---- bpftrace -l's forms: paths as written, globs over files and types ----------------------------
mkdir -p "$T/bins" && cp "$PROGS/typed-args" "$PROGS/typed-args-o2" "$T/bins/"
(cd "$T" && "$SCRY" list 'uprobe:./bins/typed-args:corner_*') > "$T/s.out" 2>&1
is "$(cat "$T/s.out")" "uprobe:./bins/typed-args:corner_of" "a relative path is shown as written"
(cd "$T" && "$SCRY" list 'uprobe:./bins/typed-*:corner_*') > "$T/s.out" 2>&1
is "$(cat "$T/s.out" | tr '\n' ' ')" "uprobe:./bins/typed-args-o2:corner_of uprobe:./bins/typed-args:corner_of " \
   "a glob over files: each binary's functions"
(cd "$T" && "$SCRY" list '*:./bins/typed-args:corner_*') > "$T/s.out" 2>&1
is "$(cat "$T/s.out" | tr '\n' ' ')" "uprobe:./bins/typed-args:corner_of uretprobe:./bins/typed-args:corner_of " \
   "a glob over the types: uprobe and uretprobe"
"$SCRY" list '*ware:cpu-clock' > "$T/s.out" 2>&1
has_line "$T/s.out" "software:cpu-clock:" "*ware:cpu-clock: the software type"

# ---- -v: what each probe takes (bpftrace -lv) ------------------------------------------------------
"$SCRY" list -v "uprobe:$PROGS/typed-args:corner_of" > "$T/s.out" 2>&1
is "$(cat "$T/s.out")" "$(printf 'uprobe:%s:corner_of\n    struct shape* s\n    short int which' "$PROGS/typed-args")" \
   "-v uprobe: the parameters from DWARF, as bpftrace -lv writes them"
"$SCRY" list -v "uretprobe:$PROGS/typed-args:corner_of" > "$T/s.out" 2>&1
has_line "$T/s.out" "    struct point* retval" "-v uretprobe: retval's type"
"$SCRY" list -v 'tracepoint:syscalls:sys_enter_read' > "$T/s.out" 2>&1
is "$(cat "$T/s.out")" "$(printf 'tracepoint:syscalls:sys_enter_read\n    int __syscall_nr\n    unsigned int fd\n    char * buf\n    size_t count')" \
   "-v tracepoint: the format's fields"
if $have_bpftrace; then
	for pat in "uprobe:$PROGS/typed-args:corner_of" 'tracepoint:sched:sched_switch'; do
		"$SCRY" list -v "$pat" > "$T/s.out" 2>&1
		bpftrace -lv "$pat" > "$T/b.out" 2>/dev/null
		is "$(cat "$T/s.out")" "$(cat "$T/b.out")" "-v '$pat': as bpftrace -lv"
	done
fi

# ---- perf-style globs keep perf list's form --------------------------------------------------------
"$SCRY" list 'sched:sched_switch' > "$T/s.out" 2>&1
is "$(cat "$T/s.out")" "$(printf '  %-50s [%s]' sched:sched_switch 'Tracepoint event')" \
   "perf-style glob: perf list's layout, unchanged"
"$SCRY" list --names 'sched:sched_sw*' > "$T/s.out" 2>&1
has_line "$T/s.out" "sched:sched_switch" "perf-style --names unchanged"

done_testing
