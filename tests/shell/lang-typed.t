#!/bin/bash
# Typed values in the language: a uprobe's args.NAME from the binary's
# DWARF, ->, ., [] and str() through struct pointers, char arrays as
# strings, a uretprobe's retval typed by the function, casts to struct
# pointers, curtask from the kernel's BTF. tests/progs/typed-args prints the
# structs it passes; what scry reads must be exactly that, at -O0 and -O2.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"

for build in typed-args typed-args-o2; do
	P=$PROGS/$build
	run_ok "$build: args.NAME through struct pointers" "$SCRY" script -e "uprobe:$P:shape_area /args.scale > -3/ {
		printf(\"shape %s corner.x=%d corner.y=%ld origin.x=%d origin.y=%ld sides[2]=%d flags=%u next=%s\\n\",
		       args.s->name, args.s->corner->x, args.s->corner->y, args.s->origin.x, args.s->origin.y,
		       args.s->sides[2], args.s->flags, args.s->next->name);
		@scale[str(args.label)] = sum(args.scale); }" -- "$P" 6 > "$T/$build.out"
	# The program's own lines come last (it prints at exit); scry's are
	# the probe's: the same text for each of the three shapes.
	grep '^shape ' "$T/$build.out" | sort | uniq -c | awk '{ print $1 }' | sort -u > "$T/$build.n"
	is "$(cat "$T/$build.n")" 2 "$build: every shape line scry printed is one the program printed (each twice)"
	is "$(grep -c '^shape ' "$T/$build.out")" 6 "$build: three calls seen (scale 0, -1, -2), three program lines"
	has_line "$T/$build.out" "@scale[small]: 0" "$build: str(args.label), args.scale (int, negative)"
	has_line "$T/$build.out" "@scale[medium]: -1" "$build: args.scale = -1 sign-extended from int"
	has_line "$T/$build.out" "@scale[large]: -2" "$build: args.scale = -2"

	run_ok "$build: typed retval and entry(args.s)" "$SCRY" script -e "uretprobe:$P:corner_of {
		@[entry(args.s)->name, entry(args.which)] = sum(retval->y); }" -- "$P" 3 > "$T/$build.ret"
	has_line "$T/$build.ret" "@[triangle, -1]: -30" "$build: retval->y of struct point *, keyed by entry(args.s)->name"
	has_line "$T/$build.ret" "@[square, -2]: -40" "$build: short args.which sign-extended"
	has_line "$T/$build.ret" "@[pentagon, -3]: -50" "$build: the third call"

	run_ok "$build: a cast to a struct pointer" "$SCRY" script -e "uprobe:$P:corner_of {
		@[((struct shape *)arg0)->sides[3], ((struct shape *)arg0)->next->next->name] = count(); }" -- "$P" 3 > "$T/$build.cast"
	has_line "$T/$build.cast" "@[33, pentagon]: 1" "$build: (struct shape *)arg0 from the binary's DWARF"
done

P=$PROGS/typed-args
run_ok "curtask from BTF" "$SCRY" script -e "tracepoint:syscalls:sys_enter_write /pid == cpid/ {
	@[curtask->comm, curtask->pid == pid, curtask->tgid == pid, curtask->real_parent->tgid > 1] = count(); }" -- "$P" 1 > "$T/task"
like "$T/task" '^@\[typed-args, 1, 1, 1\]: [0-9]+$' "curtask->comm, ->pid, ->tgid, ->real_parent->tgid (kernel memory, BTF)"

# Errors name the variable and what exists.
err_is() { # MSG REGEX PROGRAM
	"$SCRY" script --dry-run -e "$3" > /dev/null 2> "$T/err"
	local rc=$?
	if [ "$rc" -eq 1 ] && head -1 "$T/err" | grep -qE -- "$2"; then pass "$1"
	else fail "$1" "exit $rc" "$(head -3 "$T/err")"; fi
}
err_is "unknown member: the members that exist" \
	"'struct shape' has no member 'nosuch' \\(its members: name, corner, origin, sides, flags, next\\)" \
	"uprobe:$P:shape_area { @ = args.s->nosuch; }"
err_is "unknown parameter: the parameters" "shape_area has no parameter 'bogus' \\(its parameters: s, scale, label\\)" \
	"uprobe:$P:shape_area { @ = args.bogus; }"
err_is "'.' on a pointer" "args.s is a pointer \\('struct shape\\*'\\): use '->'" "uprobe:$P:shape_area { @ = args.s.name; }"
err_is "'->' on an int" "args.scale is 'int', not a pointer" "uprobe:$P:shape_area { @ = args.scale->x; }"
err_is "args in a uretprobe" "in uretprobe, entry\\(args.s\\)" "uretprobe:$P:shape_area { @ = args.s; }"
err_is "cast to an unknown struct" "no type 'struct nosuch' in " "uprobe:$P:shape_area { @ = ((struct nosuch *)arg0)->x; }"
cp "$P" "$T/nodwarf" && strip --strip-debug "$T/nodwarf"
err_is "a binary without DWARF" "has no DWARF \\(build it with -g" "uprobe:$T/nodwarf:shape_area { @ = args.s; }"
err_is "a kernel struct's unknown member (BTF)" "'struct task_struct' has no member 'bogus'" \
	'tracepoint:sched:sched_switch { @ = curtask->bogus; }'

done_testing
