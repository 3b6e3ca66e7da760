#!/bin/bash
# C definitions in the language (struct Rec { ... } before the probes, as
# bpftrace takes them): casts to them, '->', '.', '[]' (two dimensions),
# '*' of a pointer to a pointer, nested structs and unions, padding as
# x86-64's C ABI lays it out. tests/progs/lang-structs (-O0) prints the
# records it passes; what scry reads through its own definitions must be
# exactly that, with the binary's DWARF stripped (the program's types are
# all there is), and a definition overrides the binary's own.
. "$(dirname "$0")/lib.sh"
need_root
[ -e /sys/kernel/btf/vmlinux ] || skip_all "no BTF: the kernel is too old for scry's BPF"

P=$PROGS/lang-structs
cp "$P" "$T/nodwarf" && strip --strip-debug "$T/nodwarf"

DEFS='struct Inner { int16_t tag; s64 big; }
struct Rec {
	char c; int i; char name[10]; unsigned long long u;
	struct Inner in;
	union { int i; char c[4]; } n;
	int grid[2][3];
	struct Rec *next;
	uint8_t small; signed char neg; short sh
};'
FMT='rec c=%c i=%d name=%s u=%llu tag=%d big=%lld n=%d grid12=%d next=%s small=%u neg=%d sh=%d\n'

run_ok "the program's own struct, no DWARF in the binary" "$SCRY" script -e "$DEFS
uprobe:$T/nodwarf:visit { \$r = (struct Rec *)arg0;
	printf(\"$FMT\", \$r->c, \$r->i, \$r->name, \$r->u, \$r->in.tag, \$r->in.big, \$r->n.i, \$r->grid[1][2],
	       \$r->next->name, \$r->small, \$r->neg, \$r->sh);
	@pp[(*((struct Rec **)arg1))->name, (*(struct Rec **)arg1)->in.tag] = count(); }" -- "$T/nodwarf" 4 > "$T/out"
# The program's two lines come last (it prints at exit); scry's are the
# probe's: each of the two records twice.
grep '^rec ' "$T/out" | sort | uniq -c | awk '{ print $1 }' | sort -u > "$T/n"
is "$(cat "$T/n")" 3 "every line scry printed is one the program printed (each record seen twice, printed once)"
is "$(grep -c '^rec ' "$T/out")" 6 "four calls seen, two program lines"
has_line "$T/out" "rec c=b i=-2000 name=second u=18364758544493064721 tag=-8 big=-10000000000 n=33818120 grid12=212 next=first small=251 neg=-101 sh=-29999" \
	"the second record's every member: padding, nested struct, union, [1][2], ->next->name, u8, signed char, short"
has_line "$T/out" "@pp[first, -7]: 2" "(*(struct Rec **)arg1)->name: a pointer to a pointer"
has_line "$T/out" "@pp[second, -8]: 2" "the other record through the pointer to pointer"

# A definition takes precedence over the binary's DWARF; the types the
# program does not define still come from there.
run_ok "a definition overrides DWARF, others complement it" "$SCRY" script -e "
struct rec { char first; int second; char third[10] }
uprobe:$P:visit { @[((struct rec *)arg0)->second, ((struct rec *)arg0)->third,
	((struct inner *)(arg0 + 32))->big] = count(); }" -- "$P" 2 > "$T/over"
has_line "$T/over" "@[-1000, first, -5000000000]: 1" "struct rec from the program (members renamed), struct inner from DWARF"
has_line "$T/over" "@[-2000, second, -10000000000]: 1" "the second call"

run_ok "a pointer to a struct the program only names: the binary's" "$SCRY" script -e "
struct R2 { char c; int i; char name[10]; unsigned long long u; char in[16]; int n; int g[2][3]; struct rec *next; }
uprobe:$P:visit { @[((struct R2 *)arg0)->next->name, ((struct R2 *)arg0)->next->in.tag] = count(); }" -- "$P" 2 > "$T/named"
has_line "$T/named" "@[second, -8]: 1" "->next of the program's struct R2 is DWARF's struct rec"

# A syscall tracepoint's pointer is user memory: sleep's struct timespec.
run_ok "a syscall tracepoint's argument through a definition" "$SCRY" script -e '
struct TS { long sec; long nsec; };
tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ {
	$t = (struct TS *)args.rqtp; printf("slept %d.%09d\n", $t->sec, $t->nsec); }' -- sleep 0.25 > "$T/ts"
has_line "$T/ts" "slept 0.250000000" "tv_sec, tv_nsec read from sleep's memory"

# sizeof and pointer arithmetic count in the type's size, as C (and
# bpftrace) do; gcc's sizeof(struct rec) is what the program's DWARF says.
run_ok "sizeof, pointer arithmetic" "$SCRY" script -e "$DEFS
uprobe:$T/nodwarf:visit { \$r = (struct Rec *)arg0;
	printf(\"sizes %d %d %d %d %d %d\\n\", sizeof(struct Rec), sizeof(struct Inner), sizeof(unsigned short),
	       sizeof(struct Rec **), sizeof(\$r->grid), sizeof(*\$r));
	printf(\"step %d %d\\n\", (uint64)(\$r + 1) - (uint64)\$r, (uint64)(\$r - 2) - (uint64)\$r);
	printf(\"next %s\\n\", (\$r + 1)->name); exit(); }" -- "$T/nodwarf" 1 > "$T/size"
has_line "$T/size" "sizes 96 16 2 8 24 96" "sizeof of the program's structs, of C types, of a member and of *\$r (gcc: 96, 16)"
has_line "$T/size" "step 96 -192" "ptr + 1 and ptr - 2 step by sizeof(struct Rec)"
has_line "$T/size" "next second" "(\$r + 1)->name is the next element of the program's array"
run_ok "++ and -- on a typed pointer" "$SCRY" script -e "$DEFS
uprobe:$T/nodwarf:visit { \$r = (struct Rec *)arg0; \$q = \$r;
	printf(\"inc %s %s %d\\n\", (\$q++)->name, \$q->name, (uint64)\$q - (uint64)\$r);
	--\$q; printf(\"dec %s\\n\", \$q->name); exit(); }" -- "$T/nodwarf" 1 > "$T/inc"
has_line "$T/inc" "inc first second 96" "\$q++ yields the old pointer and steps by sizeof(struct Rec)"
has_line "$T/inc" "dec first" "--\$q steps back"
run_ok "sizeof a DWARF struct" "$SCRY" script -e "uprobe:$P:visit { printf(\"%d\\n\", sizeof(struct rec)); exit(); }" -- "$P" 1 > "$T/dsize"
has_line "$T/dsize" "96" "sizeof(struct rec) from the binary's DWARF"

# Errors name the place in the definition.
err_is() { # MSG REGEX PROGRAM
	"$SCRY" script --dry-run -e "$3" > /dev/null 2> "$T/err"
	local rc=$?
	if [ "$rc" -eq 1 ] && head -1 "$T/err" | grep -qE -- "$2"; then pass "$1"
	else fail "$1" "exit $rc" "$(head -3 "$T/err")"; fi
}
err_is "an unknown member type, at its place" "^scry: -e:2:10: unknown type 'strng' in a C definition" "struct A { int a;
	char b; strng c; } uprobe:$P:visit { }"
err_is "an unknown member: the members that exist" "'struct A' has no member 'z' \\(its members: a, b, x, y\\)" \
	"struct A { int a; char b; union { int x; char y; }; } uprobe:$P:visit { @ = ((struct A *)arg0)->z; }"
err_is "a struct by value needs its definition first" "member 'b' has an incomplete type 'struct B'" \
	"struct A { struct B b; } struct B { int x; } uprobe:$P:visit { }"
err_is "a struct named, defined nowhere" "'struct nosuch' has no members here \\(only declared\\?\\): define it before the probes" \
	"struct R { struct nosuch *p; } uprobe:$P:visit { @ = ((struct R *)arg0)->p->x; }"
err_is "a bit-field is refused when read" "->a is a bit-field: not readable" \
	"struct A { unsigned a : 3; } uprobe:$P:visit { @ = ((struct A *)arg0)->a; }"

err_is "a constant index past the array (bpftrace's words)" "the index 4 is out of bounds for array of size 4" \
	"struct A { int x[4]; } uprobe:$P:visit { @ = ((struct A *)arg0)->x[4]; }"
err_is "sizeof an unknown struct" "sizeof\\(struct Nope\\): no type 'struct Nope'" "BEGIN { @ = sizeof(struct Nope); }"

done_testing
