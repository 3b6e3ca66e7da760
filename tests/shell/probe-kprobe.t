#!/bin/bash
# Kernel probes (no -x): the definitions scry writes to kprobe_events,
# checked exactly against a fake tracefs ($T/tracefs, through --tracefs and
# SCRY_TRACEFS), since this kernel may have no kprobes; function parameters
# come from vmlinux DWARF or BTF. Then the live test, which skips with the
# reason when the kernel has no kprobe_events.
. "$(dirname "$0")/lib.sh"

FAKE=$T/tracefs
mkdir -p "$FAKE/events"
: > "$FAKE/kprobe_events"
: > "$FAKE/uprobe_events"

run_ok "kprobe on a function: exit 0" "$SCRY" probe --tracefs "$FAKE" do_sys_openat2 > "$T/a.out"
is "$(cat "$FAKE/kprobe_events")" "p:probe/do_sys_openat2 do_sys_openat2" "definition written for do_sys_openat2"
has_line "$T/a.out" "  probe:do_sys_openat2 (on do_sys_openat2)" "summary line"

: > "$FAKE/kprobe_events"
run_ok "kretprobe: exit 0" "$SCRY" probe --tracefs "$FAKE" 'do_sys_openat2%return $retval' > "$T/r.out"
is "$(cat "$FAKE/kprobe_events")" 'r:probe/do_sys_openat2__return do_sys_openat2 retval=$retval:s32' \
	"definition written for do_sys_openat2%return \$retval (int, from BTF)"

if [ -r /sys/kernel/btf/vmlinux ] || [ -r "/usr/lib/debug/boot/vmlinux-$(uname -r)" ]; then
	: > "$FAKE/kprobe_events"
	run_ok "kprobe with a parameter (BTF): exit 0" env SCRY_TRACEFS="$FAKE" "$SCRY" probe 'vfs_read count' > "$T/v.out"
	is "$(cat "$FAKE/kprobe_events")" "p:probe/vfs_read vfs_read count=%dx:u64" \
		"definition for vfs_read count (third parameter, size_t, in %dx)"
	run_ok "-n vfs_read%return" env SCRY_TRACEFS="$FAKE" "$SCRY" probe -n 'vfs_read%return $retval' > "$T/vr.out"
	is "$(cat "$T/vr.out")" 'r:probe/vfs_read__return vfs_read retval=$retval:s64' "vfs_read%return: ssize_t \$retval"
	: > "$FAKE/kprobe_events"
	run_ok "-n with three parameters" env SCRY_TRACEFS="$FAKE" "$SCRY" probe -n 'myprobes:rd=vfs_read file count buf' > "$T/n.out"
	is "$(cat "$T/n.out")" "p:myprobes/rd vfs_read file=%di:x64 count=%dx:u64 buf=%si:x64" \
		"-n with a group, event name and three parameters"
	is "$(cat "$FAKE/kprobe_events")" "" "-n writes nothing"
	SCRY_TRACEFS=$FAKE "$SCRY" probe 'vfs_read nosuchparam' > "$T/b.out" 2> "$T/b.err"
	is "$?" 1 "unknown parameter: exit 1"
	like "$T/b.err" "nosuchparam" "unknown parameter: named in the error"
	is "$(cat "$FAKE/kprobe_events")" "" "unknown parameter: nothing written"
else
	skip "no BTF nor vmlinux DWARF for kernel function parameters"
fi

# An existing event: error without -f, _1 with it (the fake file has the
# definition, as the kernel's would).
echo "p:probe/do_sys_openat2 do_sys_openat2" > "$FAKE/kprobe_events"
"$SCRY" probe --tracefs "$FAKE" do_sys_openat2 > "$T/d.out" 2> "$T/d.err"
is "$?" 1 "same name again: exit 1"
run_ok "-f: added" "$SCRY" probe -q -f --tracefs "$FAKE" do_sys_openat2 > "$T/d.out"
is "$(tail -1 "$FAKE/kprobe_events")" "p:probe/do_sys_openat2_1 do_sys_openat2" "-f: the _1 suffix"

# -l reads kprobe_events, -d writes the deletion.
printf 'p:probe/do_sys_openat2 do_sys_openat2+0\nr:probe/vfs_read__return vfs_read+0 arg1=$retval\n' > "$FAKE/kprobe_events"
run_ok "-l" "$SCRY" probe --tracefs "$FAKE" -l > "$T/l.out"
is "$(cat "$T/l.out")" "  probe:do_sys_openat2 (on do_sys_openat2)
  probe:vfs_read__return (on vfs_read%return with arg1)" "-l lists kprobes"
run_ok "-d" "$SCRY" probe --tracefs "$FAKE" -d 'probe:vfs_*' > "$T/x.out"
is "$(cat "$T/x.out")" "Removed event: probe:vfs_read__return" "-d says what it removed"
is "$(tail -1 "$FAKE/kprobe_events")" "-:probe/vfs_read__return" "-d writes -:GROUP/EVENT"

# A kernel without kprobe_events: one clear line naming the config option.
rm "$FAKE/kprobe_events"
"$SCRY" probe --tracefs "$FAKE" do_sys_openat2 > "$T/k.out" 2> "$T/k.err"
is "$?" 1 "no kprobe_events: exit 1"
like "$T/k.err" "CONFIG_KPROBE_EVENTS" "no kprobe_events: names CONFIG_KPROBE_EVENTS"
is "$(wc -l < "$T/k.err")" 1 "no kprobe_events: one line"

# The live kernel.
if [ "$(id -u)" -ne 0 ]; then
	skip "live kprobe: needs root"
elif [ ! -e /sys/kernel/tracing/kprobe_events ]; then
	skip "live kprobe: this kernel has no kprobe_events (CONFIG_KPROBE_EVENTS off)"
else
	run_ok "live kprobe added" "$SCRY" probe -q 'pkprobet:openat2=do_sys_openat2' > "$T/live.out"
	run_ok "live kprobe: record" "$SCRY" record -q -e pkprobet:openat2 -o "$T/k.data" -- cat /etc/hostname > /dev/null
	run_ok "live kprobe: script" "$SCRY" script -i "$T/k.data" > "$T/k.script"
	like "$T/k.script" "pkprobet:openat2" "live kprobe recorded"
	run_ok "live kprobe: -d" "$SCRY" probe -q -d 'pkprobet:*'
	is "$(grep -c pkprobet /sys/kernel/tracing/kprobe_events)" 0 "live kprobe removed"
fi

done_testing
