/* Unit tests for the front end of the aggregation language: the parser (as
 * the S-expression dump of what it builds), the error messages with their
 * caret lines, the arena and the names used in messages. The lexer's own
 * tests are in test-lang-lexer.c.
 *
 * The programs are the bpftrace one-liner tutorial's and the bpftrace lab's
 * (what users type), the issue's examples, and one of every form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/lang/ast.h"
#include "util/lang/diag.h"
#include "util/lang/lexer.h"
#include "util/lang/parser.h"
#include "util/outbuf.h"

#include "tests/unit/lang-parse.h"


/* ---- the programs users type ---------------------------------------------------------- */

/* The bpftrace one-liner tutorial, lessons 2 to 12 (lesson 1 lists probes). */
static const struct parse_case tutorial[] = {
	{ "BEGIN { printf(\"hello world\\n\"); }",
	  "(block (probe BEGIN) (call printf \"hello world\\n\"))\n" },
	{ "tracepoint:syscalls:sys_enter_open { printf(\"%s %s\\n\", comm, str(args->filename)); }",
	  "(block (probe tracepoint syscalls sys_enter_open) (call printf \"%s %s\\n\" (builtin comm) "
	  "(call str (args -> filename))))\n" },
	{ "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }",
	  "(block (probe tracepoint raw_syscalls sys_enter) (assign = (map @ (builtin comm)) (call count)))\n" },
	{ "tracepoint:syscalls:sys_exit_read /pid == 18644/ { @bytes = hist(args->retval); }",
	  "(block (probe tracepoint syscalls sys_exit_read) (pred (== (builtin pid) 18644)) "
	  "(assign = (map @bytes) (call hist (args -> retval))))\n" },
	{ "kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200); }",
	  "(block (probe kretprobe vfs_read) (assign = (map @bytes) (call lhist (builtin retval) 0 2000 200)))\n" },
	{ "kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ "
	  "{ @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }",
	  "(block (probe kprobe vfs_read) (assign = (map @start (builtin tid)) (builtin nsecs)))\n"
	  "(block (probe kretprobe vfs_read) (pred (map @start (builtin tid))) "
	  "(assign = (map @ns (builtin comm)) (call hist (- (builtin nsecs) (map @start (builtin tid))))) "
	  "(call delete (map @start (builtin tid))))\n" },
	/* Lessons 8 to 10 as bpftrace 0.17 spells them ("name" and "stack"
	 * are from its early versions; test_tutorial_old_names). */
	{ "tracepoint:sched:sched* { @[probe] = count(); } interval:s:5 { exit(); }",
	  "(block (probe tracepoint sched sched*) (assign = (map @ (builtin probe)) (call count)))\n"
	  "(block (probe interval s 5) (call exit))\n" },
	{ "profile:hz:99 { @[kstack] = count(); }",
	  "(block (probe profile hz 99) (assign = (map @ (builtin kstack)) (call count)))\n" },
	{ "tracepoint:sched:sched_switch { @[kstack] = count(); }",
	  "(block (probe tracepoint sched sched_switch) (assign = (map @ (builtin kstack)) (call count)))\n" },
	{ "tracepoint:block:block_rq_complete { @ = hist(args->nr_sector * 512); }",
	  "(block (probe tracepoint block block_rq_complete) (assign = (map @) (call hist (* (args -> nr_sector) 512))))\n" },
	{ "kprobe:blk_account_io_start { @bytes = hist(((struct request *)arg0)->__data_len); }",
	  "(block (probe kprobe blk_account_io_start) (assign = (map @bytes) "
	  "(call hist (-> (cast \"struct request *\" (builtin arg0)) __data_len))))\n" },
};

static void test_tutorial(void **state)
{
	(void)state;
	check_dumps(tutorial, ARRAY_SIZE(tutorial));
}

/* As the tutorial writes them: bpftrace 0.17 rejects these too. */
static void test_tutorial_old_names(void **state)
{
	static const struct error_case c[] = {
		{ "tracepoint:sched:sched* { @[name] = count(); } interval:s:5 { exit(); }",
		  "-e:1:29: unknown identifier 'name' (did you mean probe?)\n"
		  "tracepoint:sched:sched* { @[name] = count(); } interval:s:5 { exit(); }\n"
		  "                            ^^^^" },
		{ "profile:hz:99 { @[stack] = count(); }",
		  "-e:1:19: unknown identifier 'stack' (did you mean kstack?)\n"
		  "profile:hz:99 { @[stack] = count(); }\n"
		  "                  ^^^^^" },
		{ "tracepoint:sched:sched_switch { @[stack] = count(); }",
		  "-e:1:35: unknown identifier 'stack' (did you mean kstack?)\n"
		  "tracepoint:sched:sched_switch { @[stack] = count(); }\n"
		  "                                  ^^^^^" },
		/* Lesson 1's argument is a probe to list, not a program. */
		{ "tracepoint:syscalls:sys_enter_*",
		  "-e:1:32: syntax error: unexpected end of file, expecting ',', '/' or '{'\n"
		  "tracepoint:syscalls:sys_enter_*\n"
		  "                               ^" },
	};

	(void)state;
	check_errors(c, ARRAY_SIZE(c));
}

/* The bpftrace lab: its examples, and an answer to each exercise. */
static const struct parse_case lab[] = {
	{ "tracepoint:syscalls:sys_enter_write   /* The probe */\n"
	  "/comm == \"bash\"/                      /* The predicate */\n"
	  "{\n"
	  "  @[args->fd] = sum(args->count);     /* An action */\n"
	  "}\n",
	  "(block (probe tracepoint syscalls sys_enter_write) (pred (== (builtin comm) \"bash\")) "
	  "(assign = (map @ (args -> fd)) (call sum (args -> count))))\n" },
	{ "tracepoint:syscalls:sys_enter_*{@calls[probe] = count();}",
	  "(block (probe tracepoint syscalls sys_enter_*) (assign = (map @calls (builtin probe)) (call count)))\n" },
	{ "tracepoint:syscalls:sys_enter_close{@calls[comm] = count();}",
	  "(block (probe tracepoint syscalls sys_enter_close) (assign = (map @calls (builtin comm)) (call count)))\n" },
	{ "tracepoint:syscalls:sys_enter_close /comm == \"FuncSched\"/\n{\n  @calls[ustack] = count();\n}",
	  "(block (probe tracepoint syscalls sys_enter_close) (pred (== (builtin comm) \"FuncSched\")) "
	  "(assign = (map @calls (builtin ustack)) (call count)))\n" },
	{ "interval:s:10 { time(\"%c\\n\"); }",
	  "(block (probe interval s 10) (call time \"%c\\n\"))\n" },
	{ "  tracepoint:syscalls:sys_enter_write\n"
	  "  {\n"
	  "    @[tid] = nsecs;\n"
	  "  }\n"
	  "\n"
	  "  tracepoint:syscalls:sys_exit_write\n"
	  "  /@[tid]/\n"
	  "  {\n"
	  "    $time_taken = nsecs - @[tid];\n"
	  "    delete(@[tid])\n"
	  "  }\n",
	  "(block (probe tracepoint syscalls sys_enter_write) (assign = (map @ (builtin tid)) (builtin nsecs)))\n"
	  "(block (probe tracepoint syscalls sys_exit_write) (pred (map @ (builtin tid))) "
	  "(assign = (var $time_taken) (- (builtin nsecs) (map @ (builtin tid)))) (call delete (map @ (builtin tid))))\n" },
	/* Exercises. */
	{ "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); @s[comm] = sum(1); @n[comm]++; }",
	  "(block (probe tracepoint raw_syscalls sys_enter) (assign = (map @ (builtin comm)) (call count)) "
	  "(assign = (map @s (builtin comm)) (call sum 1)) (post++ (map @n (builtin comm))))\n" },
	{ "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }\n"
	  "interval:s:10 { print(@, 10); clear(@); if (++@i >= 3) { exit(); } }",
	  "(block (probe tracepoint raw_syscalls sys_enter) (assign = (map @ (builtin comm)) (call count)))\n"
	  "(block (probe interval s 10) (call print (map @) 10) (call clear (map @)) "
	  "(if (>= (pre++ (map @i)) 3) (then (call exit))))\n" },
	{ "tracepoint:raw_syscalls:sys_enter /pid == 1234/ { @[pid, tid, comm] = count(); }",
	  "(block (probe tracepoint raw_syscalls sys_enter) (pred (== (builtin pid) 1234)) "
	  "(assign = (map @ (builtin pid) (builtin tid) (builtin comm)) (call count)))\n" },
	{ "tracepoint:raw_syscalls:sys_enter /tid == 1235/ { @[args->id] = count(); }",
	  "(block (probe tracepoint raw_syscalls sys_enter) (pred (== (builtin tid) 1235)) "
	  "(assign = (map @ (args -> id)) (call count)))\n" },
	{ "tracepoint:syscalls:sys_enter_write /tid == 1235/ { @start[tid] = nsecs; }\n"
	  "tracepoint:syscalls:sys_exit_write /@start[tid]/ {\n"
	  "\t$t = nsecs - @start[tid];\n"
	  "\tprintf(\"write took %d ns\\n\", $t);\n"
	  "\t@h = hist($t); @max = max($t); @min = min($t);\n"
	  "\tif ($t > @top) { @top = $t; print(ustack); }\n"
	  "\tdelete(@start[tid]);\n"
	  "}\n",
	  "(block (probe tracepoint syscalls sys_enter_write) (pred (== (builtin tid) 1235)) "
	  "(assign = (map @start (builtin tid)) (builtin nsecs)))\n"
	  "(block (probe tracepoint syscalls sys_exit_write) (pred (map @start (builtin tid))) "
	  "(assign = (var $t) (- (builtin nsecs) (map @start (builtin tid)))) "
	  "(call printf \"write took %d ns\\n\" (var $t)) (assign = (map @h) (call hist (var $t))) "
	  "(assign = (map @max) (call max (var $t))) (assign = (map @min) (call min (var $t))) "
	  "(if (> (var $t) (map @top)) (then (assign = (map @top) (var $t)) (call print (builtin ustack)))) "
	  "(call delete (map @start (builtin tid))))\n" },
	{ "profile:ms:10 { if (uid != 0) { @[cpu] = count(); } }",
	  "(block (probe profile ms 10) (if (!= (builtin uid) 0) (then (assign = (map @ (builtin cpu)) (call count)))))\n" },
	{ "profile:ms:10 /uid != 0/ { @[cpu] = count(); }",
	  "(block (probe profile ms 10) (pred (!= (builtin uid) 0)) (assign = (map @ (builtin cpu)) (call count)))\n" },
};

static void test_lab(void **state)
{
	(void)state;
	check_dumps(lab, ARRAY_SIZE(lab));
}

/* The issue's examples: every probe type, map function and builtin. */
static const struct parse_case issue[] = {
	{ "uprobe:libc:malloc { @ = hist(arg0); }",
	  "(block (probe uprobe libc malloc) (assign = (map @) (call hist (builtin arg0))))\n" },
	{ "BEGIN { exit(); }", "(block (probe BEGIN) (call exit))\n" },
	{ "uretprobe:libc:malloc { @ = lhist(retval, 0, 100, 10); }",
	  "(block (probe uretprobe libc malloc) (assign = (map @) (call lhist (builtin retval) 0 100 10)))\n" },
	{ "uprobe:/usr/lib/x86_64-linux-gnu/libc.so.6:malloc+4 { @[ustack] = count(); }",
	  "(block (probe uprobe /usr/lib/x86_64-linux-gnu/libc.so.6 malloc +0x4) "
	  "(assign = (map @ (builtin ustack)) (call count)))\n" },
	{ "kprobe:vfs_read { @ = count(); }", "(block (probe kprobe vfs_read) (assign = (map @) (call count)))\n" },
	{ "profile:us:100 { @[ustack(8), pid] = count(); }",
	  "(block (probe profile us 100) (assign = (map @ (builtin ustack 8) (builtin pid)) (call count)))\n" },
	{ "interval:ms:100 { @n++; if (@n == 10) { exit(); } }",
	  "(block (probe interval ms 100) (post++ (map @n)) (if (== (map @n) 10) (then (call exit))))\n" },
	{ "software:page-faults:100 { @[comm] = count(); }",
	  "(block (probe software page-faults 100) (assign = (map @ (builtin comm)) (call count)))\n" },
	{ "software:context-switches { @ = count(); }",
	  "(block (probe software context-switches) (assign = (map @) (call count)))\n" },
	{ "tracepoint:syscalls:sys_enter_read, tracepoint:syscalls:sys_enter_write { @[probe] = count(); }",
	  "(block (probe tracepoint syscalls sys_enter_read) (probe tracepoint syscalls sys_enter_write) "
	  "(assign = (map @ (builtin probe)) (call count)))\n" },
	{ "BEGIN { $x = pid > 100 ? 1 : 0; @y = $x == 1 ? \"big\" : \"small\"; }",
	  "(block (probe BEGIN) (assign = (var $x) (? (> (builtin pid) 100) 1 0)) "
	  "(assign = (map @y) (? (== (var $x) 1) \"big\" \"small\")))\n" },
	{ "uprobe:libc:free /comm == \"bash\"/ { @a[pid, comm] = sum(arg0); @b = avg(arg0); @c = min(arg0); "
	  "@d = max(arg0); @e = stats(arg0); @f = hist(arg0); @g = lhist(arg0, 0, 100, 10); }",
	  "(block (probe uprobe libc free) (pred (== (builtin comm) \"bash\")) "
	  "(assign = (map @a (builtin pid) (builtin comm)) (call sum (builtin arg0))) "
	  "(assign = (map @b) (call avg (builtin arg0))) (assign = (map @c) (call min (builtin arg0))) "
	  "(assign = (map @d) (call max (builtin arg0))) (assign = (map @e) (call stats (builtin arg0))) "
	  "(assign = (map @f) (call hist (builtin arg0))) (assign = (map @g) (call lhist (builtin arg0) 0 100 10)))\n" },
	{ "END { print(@a); print(@a, 10); print(@a, 10, 1000); clear(@b); zero(@c); delete(@a[1, \"x\"]); }",
	  "(block (probe END) (call print (map @a)) (call print (map @a) 10) (call print (map @a) 10 1000) "
	  "(call clear (map @b)) (call zero (map @c)) (call delete (map @a 1 \"x\")))\n" },
	{ "uretprobe:libc:malloc { printf(\"%d %d %d %d %s %d %d %d %lu\\n\", pid, tid, uid, gid, comm, cpu, "
	  "nsecs, elapsed, retval); }",
	  "(block (probe uretprobe libc malloc) (call printf \"%d %d %d %d %s %d %d %d %lu\\n\" (builtin pid) "
	  "(builtin tid) (builtin uid) (builtin gid) (builtin comm) (builtin cpu) (builtin nsecs) "
	  "(builtin elapsed) (builtin retval)))\n" },
	{ "uprobe:libc:read { printf(\"%d %d %d %d %d %d\\n\", arg0, arg1, arg2, arg3, arg4, arg5); "
	  "@[probe, func] = count(); }",
	  "(block (probe uprobe libc read) (call printf \"%d %d %d %d %d %d\\n\" (builtin arg0) (builtin arg1) "
	  "(builtin arg2) (builtin arg3) (builtin arg4) (builtin arg5)) "
	  "(assign = (map @ (builtin probe) (builtin func)) (call count)))\n" },
	{ "tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", str(args.filename), str(args->filename, 16)); }",
	  "(block (probe tracepoint syscalls sys_enter_openat) (call printf \"%s %s\\n\" "
	  "(call str (args . filename)) (call str (args -> filename) 16)))\n" },
	{ "profile:hz:49 { @[kstack, ustack, kstack(4), ustack(4)] = count(); }",
	  "(block (probe profile hz 49) (assign = (map @ (builtin kstack) (builtin ustack) (builtin kstack 4) "
	  "(builtin ustack 4)) (call count)))\n" },
	{ "interval:s:1 { time(\"%H:%M:%S\\n\"); printf(\"%s %s\\n\", ksym(arg0), usym(arg1)); exit(); }",
	  "(block (probe interval s 1) (call time \"%H:%M:%S\\n\") "
	  "(call printf \"%s %s\\n\" (call ksym (builtin arg0)) (call usym (builtin arg1))) (call exit))\n" },
};

static void test_issue_examples(void **state)
{
	(void)state;
	check_dumps(issue, ARRAY_SIZE(issue));
}

/* ---- syntax ------------------------------------------------------------------------- */

static void test_precedence(void **state)
{
	static const struct parse_case c[] = {
#define E(expr, want) { "BEGIN { $x = " expr "; }", "(block (probe BEGIN) (assign = (var $x) " want "))\n" }
		E("1 + 2 * 3", "(+ 1 (* 2 3))"),
		E("1 * 2 + 3", "(+ (* 1 2) 3)"),
		E("1 - 2 - 3", "(- (- 1 2) 3)"),
		E("8 / 4 / 2", "(/ (/ 8 4) 2)"),
		E("7 % 4 * 2", "(* (% 7 4) 2)"),
		E("1 << 2 + 3", "(<< 1 (+ 2 3))"),
		E("1 << 2 >> 3", "(>> (<< 1 2) 3)"),
		E("1 < 2 << 3", "(< 1 (<< 2 3))"),
		E("1 < 2 == 3 > 4", "(== (< 1 2) (> 3 4))"),
		E("1 <= 2 != 3 >= 4", "(!= (<= 1 2) (>= 3 4))"),
		E("1 & 2 == 3", "(& 1 (== 2 3))"),
		E("1 ^ 2 & 3", "(^ 1 (& 2 3))"),
		E("1 | 2 ^ 3", "(| 1 (^ 2 3))"),
		E("1 && 2 | 3", "(&& 1 (| 2 3))"),
		E("1 || 2 && 3", "(|| 1 (&& 2 3))"),
		E("1 || 2 || 3", "(|| (|| 1 2) 3)"),
		E("1 ? 2 : 3 ? 4 : 5", "(? 1 2 (? 3 4 5))"),
		E("1 ? 2 ? 3 : 4 : 5", "(? 1 (? 2 3 4) 5)"),
		E("1 || 2 ? 3 + 4 : 5 && 6", "(? (|| 1 2) (+ 3 4) (&& 5 6))"),
		E("(1 + 2) * 3", "(* (+ 1 2) 3)"),
		E("-1 - -2 * 3", "(- -1 (* -2 3))"),
		E("- 5", "-5"),
		E("-$y", "(- (var $y))"),
		E("- -$y", "(- (- (var $y)))"),
		E("!~$y", "(! (~ (var $y)))"),
		E("!$y == 0", "(== (! (var $y)) 0)"),
		E("*$y + 1", "(+ (* (var $y)) 1)"),
		E("&$y", "(& (var $y))"),
		E("(u8)$y + 1", "(+ (cast u8 (var $y)) 1)"),
		E("(int32)-1", "(cast int32 -1)"),
		E("(uint64)(s8)$y", "(cast uint64 (cast s8 (var $y)))"),
		E("*(u32 *)arg0", "(* (cast \"u32 *\" (builtin arg0)))"),
		E("(struct task_struct *)curtask", "(cast \"struct task_struct *\" (builtin curtask))"),
		E("((struct task_struct *)curtask)->pid", "(-> (cast \"struct task_struct *\" (builtin curtask)) pid)"),
		E("(union u **)0", "(cast \"union u **\" 0)"),
		E("(pid)", "(builtin pid)"),
		E("(pid) + 1", "(+ (builtin pid) 1)"),
		E("$a.b.c", "(. (. (var $a) b) c)"),
		E("$a->b[2]", "(index (-> (var $a) b) 2)"),
		E("@m[1][2]", "(index (map @m 1) 2)"),
		E("-@m[1]", "(- (map @m 1))"),
		E("$y++ + ++$y", "(+ (post++ (var $y)) (pre++ (var $y)))"),
		E("@m[pid]-- - --@m[pid]", "(- (post-- (map @m (builtin pid))) (pre-- (map @m (builtin pid))))"),
		E("args->a->b", "(-> (args -> a) b)"),
		E("args.comm", "(args . comm)"),
		E("$1 + $12", "(+ (positional 1) (positional 12))"),
		E("str($1)", "(call str (positional 1))"),
		E("1 == 2 ? \"a\" : comm", "(? (== 1 2) \"a\" (builtin comm))"),
		E("0xff & ~0x0f | 1 << 4", "(| (& 255 (~ 15)) (<< 1 4))"),
		E("-9223372036854775808", "-9223372036854775808"),
		E("18446744073709551615", "-1"),
#undef E
	};

	(void)state;
	check_dumps(c, ARRAY_SIZE(c));
}

static void test_statements(void **state)
{
	static const struct parse_case c[] = {
		{ "BEGIN { }", "(block (probe BEGIN))\n" },
		{ "BEGIN{}END{}", "(block (probe BEGIN))\n(block (probe END))\n" },
		{ "BEGIN,END{}", "(block (probe BEGIN) (probe END))\n" },
		{ "BEGIN { @x = 1 }", "(block (probe BEGIN) (assign = (map @x) 1))\n" },
		{ "BEGIN { @x = 1; }", "(block (probe BEGIN) (assign = (map @x) 1))\n" },
		{ "BEGIN { ; @x = 1;; ; }", "(block (probe BEGIN) (assign = (map @x) 1))\n" },
		{ "BEGIN { $a += 1; $a -= 2; $a *= 3; $a /= 4; $a %= 5; $a &= 6; $a |= 7; $a ^= 8; $a <<= 9; $a >>= 10 }",
		  "(block (probe BEGIN) (assign += (var $a) 1) (assign -= (var $a) 2) (assign *= (var $a) 3) "
		  "(assign /= (var $a) 4) (assign %= (var $a) 5) (assign &= (var $a) 6) (assign |= (var $a) 7) "
		  "(assign ^= (var $a) 8) (assign <<= (var $a) 9) (assign >>= (var $a) 10))\n" },
		{ "BEGIN { @m[1, \"a\"] += 2; @m[2, \"b\"]--; ++@n; $x--; }",
		  "(block (probe BEGIN) (assign += (map @m 1 \"a\") 2) (post-- (map @m 2 \"b\")) (pre++ (map @n)) "
		  "(post-- (var $x)))\n" },
		{ "BEGIN { if (1) { @a = 1 } }", "(block (probe BEGIN) (if 1 (then (assign = (map @a) 1))))\n" },
		{ "BEGIN { if (1) { } else { } }", "(block (probe BEGIN) (if 1 (then)))\n" },
		{ "BEGIN { if (pid == 1) { @a = 1; } else if (pid == 2) { @a = 2 } else { @a = 3; } @b = 4 }",
		  "(block (probe BEGIN) (if (== (builtin pid) 1) (then (assign = (map @a) 1)) "
		  "(else (if (== (builtin pid) 2) (then (assign = (map @a) 2)) (else (assign = (map @a) 3))))) "
		  "(assign = (map @b) 4))\n" },
		{ "BEGIN { if (1) { if (2) { exit() } } else { @x = 1 } }",
		  "(block (probe BEGIN) (if 1 (then (if 2 (then (call exit)))) (else (assign = (map @x) 1))))\n" },
		{ "BEGIN { if (1) { @a = 1 }; @b = 2 }",
		  "(block (probe BEGIN) (if 1 (then (assign = (map @a) 1))) (assign = (map @b) 2))\n" },
		{ "BEGIN { $i = 0; while ($i < 10) { $i++; } printf(\"%d\\n\", $i) }",
		  "(block (probe BEGIN) (assign = (var $i) 0) (while (< (var $i) 10) (post++ (var $i))) "
		  "(call printf \"%d\\n\" (var $i)))\n" },
		{ "BEGIN { unroll (3) { @x++ } unroll(100) { } }",
		  "(block (probe BEGIN) (unroll 3 (post++ (map @x))) (unroll 100))\n" },
		{ "BEGIN { 1; \"s\"; pid }", "(block (probe BEGIN) 1 \"s\" (builtin pid))\n" },
		{ "BEGIN { foo(1, 2); bar() }", "(block (probe BEGIN) (call foo 1 2) (call bar))\n" },
		{ "BEGIN { print(kstack(bpftrace)); print(ustack(bpftrace, 5)); print(kstack()) }",
		  "(block (probe BEGIN) (call print (builtin kstack)) (call print (builtin ustack 5)) "
		  "(call print (builtin kstack)))\n" },
		{ "BEGIN { @ = ($x); ($y) = 1 }",
		  "(block (probe BEGIN) (assign = (map @) (var $x)) (assign = (var $y) 1))\n" },
	};

	(void)state;
	check_dumps(c, ARRAY_SIZE(c));
}

static void test_probes(void **state)
{
	static const struct parse_case c[] = {
		{ "t:sched:sched_switch, tracepoint:syscalls:sys_enter_* {}",
		  "(block (probe tracepoint sched sched_switch) (probe tracepoint syscalls sys_enter_*))\n" },
		{ "u:/bin/bash:readline, ur:libc:malloc, uprobe:libc:*alloc*, uretprobe:/lib/a.so.1:f?o[0-9] {}",
		  "(block (probe uprobe /bin/bash readline) (probe uretprobe libc malloc) (probe uprobe libc *alloc*) "
		  "(probe uretprobe /lib/a.so.1 f?o[0-9]))\n" },
		{ "uprobe:/usr/bin/bash:readline/pid == 1/ {}",
		  "(block (probe uprobe /usr/bin/bash readline) (pred (== (builtin pid) 1)))\n" },
		{ "uprobe:./a.out:main+0x1c, uprobe:../x-y/b.out:_ZN3foo3barEv+12 {}",
		  "(block (probe uprobe ./a.out main +0x1c) (probe uprobe ../x-y/b.out _ZN3foo3barEv +0xc))\n" },
		{ "k:vfs_read, kprobe:vfs_*+8, kprobe:ext4:ext4_file_open, kr:vfs_read, kretprobe:nfs:nfs_open {}",
		  "(block (probe kprobe vfs_read) (probe kprobe vfs_* +0x8) (probe kprobe ext4 ext4_file_open) "
		  "(probe kretprobe vfs_read) (probe kretprobe nfs nfs_open))\n" },
		{ "p:hz:99, profile:s:1, profile:ms:10, profile:us:1_000 {}",
		  "(block (probe profile hz 99) (probe profile s 1) (probe profile ms 10) (probe profile us 1000))\n" },
		{ "i:s:1, interval:ms:0x10, interval:us:100, interval:hz:2 {}",
		  "(block (probe interval s 1) (probe interval ms 16) (probe interval us 100) (probe interval hz 2))\n" },
		{ "s:page-faults:100, software:cpu-clock, software:faults:1e3 {}",
		  "(block (probe software page-faults 100) (probe software cpu-clock) (probe software faults 1000))\n" },
		{ "BEGIN/1/{}", "(block (probe BEGIN) (pred 1))\n" },
		{ "BEGIN\n/1/\n{}", "(block (probe BEGIN) (pred 1))\n" },
		{ "BEGIN /1/ /* c */ {}", "(block (probe BEGIN) (pred 1))\n" },
		{ "BEGIN // c\n{}", "(block (probe BEGIN))\n" },
		{ "BEGIN /* c */, /* d */ END {}", "(block (probe BEGIN) (probe END))\n" },
		{ "BEGIN /$x / 2/ {}", "(block (probe BEGIN) (pred (/ (var $x) 2)))\n" },
	};
	struct lang_ast *ast;
	const struct lang_probe *pr;

	(void)state;
	check_dumps(c, ARRAY_SIZE(c));

	/* The fields themselves, and where each probe is. */
	ast = parse_ok("BEGIN {}\n  uprobe:/bin/sh:main+0x10,\n\tkprobe:m:f { }");
	assert_int_equal(ast->nblocks, 2);
	pr = &ast->blocks->next->probes[0];
	assert_int_equal(ast->blocks->next->nprobes, 2);
	assert_int_equal(pr->type, P_UPROBE);
	assert_string_equal(pr->text, "uprobe:/bin/sh:main+0x10");
	assert_string_equal(pr->target, "/bin/sh");
	assert_string_equal(pr->func, "main");
	assert_true(pr->has_offset);
	assert_int_equal(pr->offset, 0x10);
	assert_int_equal(pr->loc.line, 2);
	assert_int_equal(pr->loc.col, 3);
	assert_int_equal(pr->loc.off, 11);
	assert_int_equal(pr->loc.len, strlen("uprobe:/bin/sh:main+0x10"));
	assert_int_equal(ast->blocks->next->loc.line, 2);
	pr++;
	assert_int_equal(pr->type, P_KPROBE);
	assert_string_equal(pr->target, "m");
	assert_string_equal(pr->func, "f");
	assert_false(pr->has_offset);
	assert_int_equal(pr->loc.line, 3);
	assert_int_equal(pr->loc.col, 2);
	pr = &ast->blocks->probes[0];
	assert_int_equal(pr->type, P_BEGIN);
	assert_null(pr->target);
	assert_null(pr->func);
	assert_string_equal(pr->text, "BEGIN");
	lang_ast_free(ast);

	ast = parse_ok("profile:hz:99 {} software:major-faults {} interval:s:5 {}");
	pr = &ast->blocks->probes[0];
	assert_int_equal(pr->type, P_PROFILE);
	assert_string_equal(pr->target, "hz");
	assert_null(pr->func);
	assert_int_equal(pr->count, 99);
	pr = &ast->blocks->next->probes[0];
	assert_int_equal(pr->type, P_SOFTWARE);
	assert_string_equal(pr->target, "major-faults");
	assert_int_equal(pr->count, 0);
	pr = &ast->blocks->next->next->probes[0];
	assert_int_equal(pr->type, P_INTERVAL);
	assert_int_equal(pr->count, 5);
	assert_int_equal(ast->nblocks, 3);
	lang_ast_free(ast);
}

/* What the parser fills besides the dump: names, call ids, builtin
 * indexes, locations spanning a node's text. */
static void test_nodes(void **state)
{
	const char *src = "BEGIN {\n\t@x[pid, \"k\"] = count();\n  $v = hist(arg3) + foo(1);\n}";
	struct lang_ast *ast;
	const struct lang_stmt *s;
	const struct lang_expr *e;

	(void)state;
	ast = parse_ok(src);
	assert_string_equal(ast->file, "-e");
	assert_int_equal(ast->src_len, strlen(src));
	assert_memory_equal(ast->src, src, strlen(src));
	s = ast->blocks->body;
	assert_int_equal(s->kind, S_ASSIGN);
	assert_int_equal(s->assign.op, OP_ASSIGN);
	assert_int_equal(s->loc.line, 2);
	assert_int_equal(s->loc.col, 2);
	assert_int_equal(s->loc.len, strlen("@x[pid, \"k\"] = count()"));
	e = s->assign.lhs;
	assert_int_equal(e->kind, E_MAP);
	assert_string_equal(e->map.name, "@x");
	assert_int_equal(e->map.nkeys, 2);
	assert_int_equal(e->map.keys[0]->builtin.id, B_PID);
	assert_int_equal(e->map.keys[1]->str.len, 1);
	assert_string_equal(e->map.keys[1]->str.s, "k");
	assert_int_equal(e->loc.len, strlen("@x[pid, \"k\"]"));
	e = s->assign.rhs;
	assert_int_equal(e->kind, E_CALL);
	assert_int_equal(e->call.id, F_COUNT);
	assert_int_equal(e->call.nargs, 0);
	assert_int_equal(e->loc.col, 17);
	assert_int_equal(e->loc.len, strlen("count()"));
	s = s->next;
	assert_int_equal(s->loc.line, 3);
	assert_int_equal(s->loc.col, 3);
	assert_string_equal(s->assign.lhs->var.name, "$v");
	e = s->assign.rhs;
	assert_int_equal(e->kind, E_BINARY);
	assert_int_equal(e->op.op, OP_ADD);
	assert_int_equal(e->loc.col, 8);
	assert_int_equal(e->loc.len, strlen("hist(arg3) + foo(1)"));
	assert_int_equal(e->op.a->call.id, F_HIST);
	assert_int_equal(e->op.a->call.args[0]->builtin.id, B_ARG);
	assert_int_equal(e->op.a->call.args[0]->builtin.index, 3);
	assert_int_equal(e->op.b->call.id, F_UNKNOWN);
	assert_string_equal(e->op.b->call.name, "foo");
	assert_null(s->next);
	lang_ast_free(ast);

	/* Every function name the language knows gets its id. */
	{
		static const struct { const char *name; enum lang_func id; } f[] = {
			{ "str", F_STR }, { "ksym", F_KSYM }, { "usym", F_USYM }, { "count", F_COUNT },
			{ "sum", F_SUM }, { "avg", F_AVG }, { "min", F_MIN }, { "max", F_MAX },
			{ "stats", F_STATS }, { "hist", F_HIST }, { "lhist", F_LHIST }, { "printf", F_PRINTF },
			{ "print", F_PRINT }, { "time", F_TIME }, { "exit", F_EXIT }, { "delete", F_DELETE },
			{ "clear", F_CLEAR }, { "zero", F_ZERO }, { "strlen", F_UNKNOWN },
		};

		for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
			char prog[64];

			snprintf(prog, sizeof(prog), "BEGIN { %s() }", f[i].name);
			ast = parse_ok(prog);
			assert_int_equal(ast->blocks->body->expr->call.id, f[i].id);
			lang_ast_free(ast);
		}
	}

	/* Builtins, with the index of arg0..arg5. */
	{
		static const struct { const char *name; enum lang_builtin id; int index; } b[] = {
			{ "pid", B_PID, 0 }, { "tid", B_TID, 0 }, { "uid", B_UID, 0 }, { "gid", B_GID, 0 },
			{ "comm", B_COMM, 0 }, { "cpu", B_CPU, 0 }, { "nsecs", B_NSECS, 0 },
			{ "elapsed", B_ELAPSED, 0 }, { "retval", B_RETVAL, 0 }, { "arg0", B_ARG, 0 },
			{ "arg5", B_ARG, 5 }, { "probe", B_PROBE, 0 }, { "func", B_FUNC, 0 },
			{ "kstack", B_KSTACK, 0 }, { "ustack(3)", B_USTACK, 3 }, { "rand", B_RAND, 0 },
			{ "cgroup", B_CGROUP, 0 }, { "curtask", B_CURTASK, 0 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(b); i++) {
			char prog[64];

			snprintf(prog, sizeof(prog), "BEGIN { @ = %s }", b[i].name);
			ast = parse_ok(prog);
			e = ast->blocks->body->assign.rhs;
			assert_int_equal(e->kind, E_BUILTIN);
			assert_int_equal(e->builtin.id, b[i].id);
			assert_int_equal(e->builtin.index, b[i].index);
			assert_int_equal(e->loc.len, strlen(b[i].name));
			lang_ast_free(ast);
		}
	}

	/* A file's name in the tree and its messages; a shebang line. */
	{
		char err[512];

		ast = lang_parse("#!/usr/bin/scry script\nBEGIN { @ = 1 }", 38, "t.bt", err, sizeof(err));
		assert_non_null(ast);
		assert_string_equal(ast->file, "t.bt");
		assert_int_equal(ast->blocks->loc.line, 2);
		lang_ast_free(ast);
		assert_null(lang_parse("#!/usr/bin/scry script\nBEGIN { @ = }", 36, "t.bt", err, sizeof(err)));
		assert_string_equal(err, "t.bt:2:13: syntax error: unexpected '}', expecting an expression\n"
					 "BEGIN { @ = }\n"
					 "            ^");
	}

	/* The source need not end in a NUL: only len bytes are read. */
	{
		char buf[] = "BEGIN { @ = 1 }XXXX";
		char err[512];

		ast = lang_parse(buf, 15, NULL, err, sizeof(err));
		assert_non_null(ast);
		assert_string_equal(ast->src, "BEGIN { @ = 1 }");
		lang_ast_free(ast);
	}
}

static void test_syntax_errors(void **state)
{
	static const struct error_case c[] = {
		{ "BEGIN { printf(\"%d\\n\", pid); @x = }",
		  "-e:1:35: syntax error: unexpected '}', expecting an expression\n"
		  "BEGIN { printf(\"%d\\n\", pid); @x = }\n"
		  "                                  ^" },
		/* line:col on a multi-line program, with tabs kept in the caret line */
		{ "BEGIN {\n\t@x = 1;\n\t@y = 2 +;\n}",
		  "-e:3:10: syntax error: unexpected ';', expecting an expression\n"
		  "\t@y = 2 +;\n"
		  "\t        ^" },
		{ "kprobe:f {\n  @a = count()\n  @b = 1\n}",
		  "-e:3:3: syntax error: unexpected '@b', expecting ';' or '}'\n"
		  "  @b = 1\n"
		  "  ^^" },
		{ "BEGIN { exit();",
		  "-e:1:16: syntax error: unexpected end of file, expecting '}'\n"
		  "BEGIN { exit();\n"
		  "               ^" },
		{ "BEGIN {\n\tif (1) {\n\t\texit();\n\t}\n",
		  "-e:4:3: syntax error: unexpected end of file, expecting '}'\n"
		  "\t}\n"
		  "\t ^" },
		{ "BEGIN { exit() ",
		  "-e:1:15: syntax error: unexpected end of file, expecting ';' or '}'\n"
		  "BEGIN { exit() \n"
		  "              ^" },
		{ "BEGIN { printf(\"x\" }",
		  "-e:1:20: syntax error: unexpected '}', expecting ',' or ')'\n"
		  "BEGIN { printf(\"x\" }\n"
		  "                   ^" },
		{ "BEGIN { @x[1, 2 = 3 }",
		  "-e:1:17: syntax error: unexpected '=', expecting ',' or ']'\n"
		  "BEGIN { @x[1, 2 = 3 }\n"
		  "                ^" },
		{ "BEGIN { @x[] = 3 }",
		  "-e:1:12: syntax error: unexpected ']', expecting an expression\n"
		  "BEGIN { @x[] = 3 }\n"
		  "           ^" },
		{ "BEGIN { (1 + 2 }",
		  "-e:1:16: syntax error: unexpected '}', expecting ')'\n"
		  "BEGIN { (1 + 2 }\n"
		  "               ^" },
		{ "BEGIN { @ = 1 ? 2 }",
		  "-e:1:19: syntax error: unexpected '}', expecting ':'\n"
		  "BEGIN { @ = 1 ? 2 }\n"
		  "                  ^" },
		{ "BEGIN { @ = \"a\" \"b\" }",
		  "-e:1:17: syntax error: unexpected string, expecting ';' or '}'\n"
		  "BEGIN { @ = \"a\" \"b\" }\n"
		  "                ^^^" },
		{ "BEGIN { $x.; }",
		  "-e:1:12: syntax error: unexpected ';', expecting a field name\n"
		  "BEGIN { $x.; }\n"
		  "           ^" },
		{ "BEGIN { args->1 }",
		  "-e:1:15: syntax error: unexpected '1', expecting a field name\n"
		  "BEGIN { args->1 }\n"
		  "              ^" },
		{ "BEGIN { if 1 { } }",
		  "-e:1:12: syntax error: unexpected '1', expecting '('\n"
		  "BEGIN { if 1 { } }\n"
		  "           ^" },
		{ "BEGIN { if (1) exit(); }",
		  "-e:1:16: syntax error: unexpected 'exit', expecting '{'\n"
		  "BEGIN { if (1) exit(); }\n"
		  "               ^^^^" },
		{ "BEGIN { if (1) { } else exit(); }",
		  "-e:1:25: syntax error: unexpected 'exit', expecting '{'\n"
		  "BEGIN { if (1) { } else exit(); }\n"
		  "                        ^^^^" },
		{ "BEGIN { else { } }",
		  "-e:1:9: syntax error: unexpected 'else', expecting an expression\n"
		  "BEGIN { else { } }\n"
		  "        ^^^^" },
		{ "BEGIN { while 1 }",
		  "-e:1:15: syntax error: unexpected '1', expecting '('\n"
		  "BEGIN { while 1 }\n"
		  "              ^" },
		{ "BEGIN { unroll ($x) { } }",
		  "-e:1:17: syntax error: unexpected '$x', expecting an integer\n"
		  "BEGIN { unroll ($x) { } }\n"
		  "                ^^" },
		{ "BEGIN { unroll (101) { } }",
		  "-e:1:17: unroll maximum value is 100\n"
		  "BEGIN { unroll (101) { } }\n"
		  "                ^^^" },
		{ "BEGIN { unroll (0) { } }",
		  "-e:1:17: unroll minimum value is 1\n"
		  "BEGIN { unroll (0) { } }\n"
		  "                ^" },
		{ "BEGIN { (u8 x }",
		  "-e:1:13: syntax error: unexpected 'x', expecting '*' or ')'\n"
		  "BEGIN { (u8 x }\n"
		  "            ^" },
		{ "BEGIN { (struct) x }",
		  "-e:1:16: syntax error: unexpected ')', expecting a type name\n"
		  "BEGIN { (struct) x }\n"
		  "               ^" },
		/* a stray '/' */
		{ "BEGIN { / }",
		  "-e:1:9: syntax error: unexpected '/', expecting an expression\n"
		  "BEGIN { / }\n"
		  "        ^" },
		{ "BEGIN / { }",
		  "-e:1:9: syntax error: unexpected '{', expecting an expression\n"
		  "BEGIN / { }\n"
		  "        ^" },
		{ "kprobe:f /pid == 1 { }",
		  "-e:1:20: syntax error: unexpected '{', expecting '/'\n"
		  "kprobe:f /pid == 1 { }\n"
		  "                   ^" },
		{ "BEGIN { @ = 1 / }",
		  "-e:1:17: syntax error: unexpected '}', expecting an expression\n"
		  "BEGIN { @ = 1 / }\n"
		  "                ^" },
		{ "BEGIN { @ = 1 /{ }",
		  "-e:1:15: syntax error: unexpected '/', expecting ';' or '}'\n"
		  "BEGIN { @ = 1 /{ }\n"
		  "              ^" },
		/* probes and blocks */
		{ "",
		  "-e:1:1: syntax error: unexpected end of file, expecting a probe\n"
		  "\n"
		  "^" },
		{ "// nothing\n",
		  "-e:1:1: syntax error: unexpected end of file, expecting a probe\n"
		  "// nothing\n"
		  "^" },
		{ "{ exit() }",
		  "-e:1:1: syntax error: unexpected '{', expecting a probe\n"
		  "{ exit() }\n"
		  "^" },
		{ "BEGIN { } }",
		  "-e:1:11: syntax error: unexpected '}', expecting a probe\n"
		  "BEGIN { } }\n"
		  "          ^" },
		{ "BEGIN, { }",
		  "-e:1:8: syntax error: unexpected '{', expecting a probe\n"
		  "BEGIN, { }\n"
		  "       ^" },
		{ "BEGIN printf(\"hi\")",
		  "-e:1:7: syntax error: unexpected 'printf', expecting ',', '/' or '{'\n"
		  "BEGIN printf(\"hi\")\n"
		  "      ^^^^^^" },
		{ "BEGIN { }; END { }",
		  "-e:1:10: syntax error: unexpected ';', expecting a probe\n"
		  "BEGIN { }; END { }\n"
		  "         ^" },
	};

	(void)state;
	check_errors(c, ARRAY_SIZE(c));
}

static void test_semantic_errors(void **state)
{
	static const struct error_case c[] = {
		{ "BEGIN { @ = arg6 }",
		  "-e:1:13: unknown identifier 'arg6' (the arguments are arg0 to arg5)\n"
		  "BEGIN { @ = arg6 }\n"
		  "            ^^^^" },
		{ "BEGIN { @ = username }",
		  "-e:1:13: unknown identifier 'username' (not supported yet)\n"
		  "BEGIN { @ = username }\n"
		  "            ^^^^^^^^" },
		{ "BEGIN { pid() }",
		  "-e:1:9: 'pid' is a builtin variable, not a function\n"
		  "BEGIN { pid() }\n"
		  "        ^^^" },
		{ "BEGIN { @ = args }",
		  "-e:1:13: args is used with a field: args.NAME or args->NAME\n"
		  "BEGIN { @ = args }\n"
		  "            ^^^^" },
		{ "BEGIN { @[kstack(perf)] = count() }",
		  "-e:1:18: kstack(perf): perf's stack format is not supported yet, only bpftrace's (the default)\n"
		  "BEGIN { @[kstack(perf)] = count() }\n"
		  "                 ^^^^" },
		{ "BEGIN { @[ustack(0)] = count() }",
		  "-e:1:18: ustack: the number of frames must be between 1 and 127\n"
		  "BEGIN { @[ustack(0)] = count() }\n"
		  "                 ^" },
		{ "BEGIN { @[kstack(bpftrace, 128)] = count() }",
		  "-e:1:28: kstack: the number of frames must be between 1 and 127\n"
		  "BEGIN { @[kstack(bpftrace, 128)] = count() }\n"
		  "                           ^^^" },
		{ "BEGIN { @[kstack(bpftrace, x)] = count() }",
		  "-e:1:28: syntax error: unexpected 'x', expecting a number of frames\n"
		  "BEGIN { @[kstack(bpftrace, x)] = count() }\n"
		  "                           ^" },
		{ "BEGIN { @[kstack(pid)] = count() }",
		  "-e:1:18: syntax error: unexpected 'pid', expecting a number of frames, bpftrace or ')'\n"
		  "BEGIN { @[kstack(pid)] = count() }\n"
		  "                 ^^^" },
		{ "BEGIN { @ = (1, ) }",
		  "-e:1:17: syntax error: unexpected ')', expecting an expression\n"
		  "BEGIN { @ = (1, ) }\n"
		  "                ^" },
		{ "BEGIN { @ = $t->0 }",
		  "-e:1:17: syntax error: unexpected '0', expecting a field name\n"
		  "BEGIN { @ = $t->0 }\n"
		  "                ^" },
		{ "BEGIN { 1++ }",
		  "-e:1:10: the ++ operator must be applied to a map or variable\n"
		  "BEGIN { 1++ }\n"
		  "         ^^" },
		{ "BEGIN { --pid }",
		  "-e:1:9: the -- operator must be applied to a map or variable\n"
		  "BEGIN { --pid }\n"
		  "        ^^" },
		{ "BEGIN { $x + 1 = 2 }",
		  "-e:1:9: only a $variable or a @map can be assigned to\n"
		  "BEGIN { $x + 1 = 2 }\n"
		  "        ^^^^^^" },
		{ "BEGIN { @ = $0 }",
		  "-e:1:13: invalid positional parameter '$0': they are $1, $2, ...\n"
		  "BEGIN { @ = $0 }\n"
		  "            ^^" },
		{ "BEGIN { while (1) { break; } }",
		  "-e:1:21: 'break' is not supported yet\n"
		  "BEGIN { while (1) { break; } }\n"
		  "                    ^^^^^" },
		{ "BEGIN { return }",
		  "-e:1:9: 'return' is not supported yet\n"
		  "BEGIN { return }\n"
		  "        ^^^^^^" },
		{ "BEGIN { @x[1,2,3,4,5,6,7,8,9] = 1 }",
		  "-e:1:28: too many keys: a map takes at most 8\n"
		  "BEGIN { @x[1,2,3,4,5,6,7,8,9] = 1 }\n"
		  "                           ^" },
	};

	(void)state;
	check_errors(c, ARRAY_SIZE(c));
}

static void test_probe_errors(void **state)
{
	static const struct error_case c[] = {
		{ "foo:bar { }",
		  "-e:1:1: unknown probe type 'foo': expecting BEGIN, END, tracepoint (t), uprobe (u), "
		  "uretprobe (ur), kprobe (k), kretprobe (kr), profile (p), interval (i) or software (s)\n"
		  "foo:bar { }\n"
		  "^^^" },
		{ "BEGIN { }\n  begin { }",
		  "-e:2:3: unknown probe type 'begin': expecting BEGIN, END, tracepoint (t), uprobe (u), "
		  "uretprobe (ur), kprobe (k), kretprobe (kr), profile (p), interval (i) or software (s)\n"
		  "  begin { }\n"
		  "  ^^^^^" },
		{ "profile:hz:0 { }",
		  "-e:1:12: profile:hz needs a number greater than 0\n"
		  "profile:hz:0 { }\n"
		  "           ^" },
		{ "interval:ms:x1 { }",
		  "-e:1:13: interval:ms needs a number greater than 0\n"
		  "interval:ms:x1 { }\n"
		  "            ^^" },
		{ "profile:99 { }",
		  "-e:1:1: profile needs a unit and a number: profile:hz:N, profile:s:N, profile:ms:N or profile:us:N\n"
		  "profile:99 { }\n"
		  "^^^^^^^^^^" },
		{ "interval:s { }",
		  "-e:1:1: interval needs a unit and a number: interval:hz:N, interval:s:N, interval:ms:N or interval:us:N\n"
		  "interval:s { }\n"
		  "^^^^^^^^^^" },
		{ "profile:xs:1 {}",
		  "-e:1:9: unknown profile unit 'xs': expecting hz, s, ms or us\n"
		  "profile:xs:1 {}\n"
		  "        ^^" },
		{ "software:faults:0 {}",
		  "-e:1:17: software:faults needs a number greater than 0\n"
		  "software:faults:0 {}\n"
		  "                ^" },
		{ "software {}",
		  "-e:1:1: software needs an event: software:EVENT or software:EVENT:PERIOD\n"
		  "software {}\n"
		  "^^^^^^^^" },
		{ "hardware:cache-misses:1000 { }",
		  "-e:1:1: hardware probes are not supported yet\n"
		  "hardware:cache-misses:1000 { }\n"
		  "^^^^^^^^" },
		{ "BEGIN, U:/bin/x:p:f { }",
		  "-e:1:8: usdt probes are not supported yet\n"
		  "BEGIN, U:/bin/x:p:f { }\n"
		  "       ^" },
		{ "BEGIN:x {}",
		  "-e:1:1: BEGIN takes no arguments\n"
		  "BEGIN:x {}\n"
		  "^^^^^^^" },
		{ "tracepoint:a {}",
		  "-e:1:1: tracepoint needs a subsystem and an event: tracepoint:SUBSYSTEM:EVENT\n"
		  "tracepoint:a {}\n"
		  "^^^^^^^^^^^^" },
		{ "t:a: {}",
		  "-e:1:1: tracepoint needs a subsystem and an event: tracepoint:SUBSYSTEM:EVENT\n"
		  "t:a: {}\n"
		  "^^^^" },
		{ "uprobe:/bin/x {}",
		  "-e:1:1: uprobe needs a binary and a function: uprobe:BIN:FUNC[+OFFSET]\n"
		  "uprobe:/bin/x {}\n"
		  "^^^^^^^^^^^^^" },
		{ "ur:/bin/x:f:g {}",
		  "-e:1:1: uretprobe needs a binary and a function: uretprobe:BIN:FUNC\n"
		  "ur:/bin/x:f:g {}\n"
		  "^^^^^^^^^^^^^" },
		{ "uprobe:/bin/x:+4 {}",
		  "-e:1:15: a function name is needed before '+OFFSET'\n"
		  "uprobe:/bin/x:+4 {}\n"
		  "              ^^" },
		{ "kretprobe:f+1 {}",
		  "-e:1:11: kretprobe takes no offset: it fires at the function's return\n"
		  "kretprobe:f+1 {}\n"
		  "          ^^^" },
		{ "kprobe:a+1+2 {}",
		  "-e:1:8: more than one offset in 'a+1+2'\n"
		  "kprobe:a+1+2 {}\n"
		  "       ^^^^^" },
		{ "kprobe:a+zz {}",
		  "-e:1:10: invalid offset 'zz'\n"
		  "kprobe:a+zz {}\n"
		  "         ^^" },
		{ "kprobe {}",
		  "-e:1:1: kprobe needs a function: kprobe:FUNC[+OFFSET] or kprobe:MODULE:FUNC\n"
		  "kprobe {}\n"
		  "^^^^^^" },
		{ "a:b:c:d:e:f:g:h:i {}",
		  "-e:1:1: too many ':' in probe 'a:b:c:d:e:f:g:h:i'\n"
		  "a:b:c:d:e:f:g:h:i {}\n"
		  "^^^^^^^^^^^^^^^^^" },
	};

	(void)state;
	check_errors(c, ARRAY_SIZE(c));
}

static void test_depth_limit(void **state)
{
	char *src = malloc(100000);
	char err[512];
	size_t n = 0;

	(void)state;
	assert_non_null(src);
	n += (size_t)sprintf(src + n, "BEGIN { @ = ");
	for (int i = 0; i < 10000; i++)
		src[n++] = '(';
	src[n] = '\0';
	assert_null(lang_parse(src, n, "-e", err, sizeof(err)));
	assert_non_null(strstr(err, "the program nests too deeply (more than 200 levels)"));

	n = (size_t)sprintf(src, "BEGIN { ");
	for (int i = 0; i < 10000; i++)
		n += (size_t)sprintf(src + n, "if (1) { ");
	assert_null(lang_parse(src, n, "-e", err, sizeof(err)));
	assert_non_null(strstr(err, "nests too deeply"));

	n = (size_t)sprintf(src, "BEGIN { @ = 1");
	for (int i = 0; i < 10000; i++)
		n += (size_t)sprintf(src + n, " ? 1 : 1");
	assert_null(lang_parse(src, n, "-e", err, sizeof(err)));
	assert_non_null(strstr(err, "nests too deeply"));

	/* 150 levels are fine. */
	n = (size_t)sprintf(src, "BEGIN { @ = ");
	for (int i = 0; i < 50; i++)
		src[n++] = '(';
	src[n++] = '1';
	for (int i = 0; i < 50; i++)
		src[n++] = ')';
	n += (size_t)sprintf(src + n, " }");
	lang_ast_free(parse_ok(src));
	free(src);
}

/* Every prefix of every good program, and the program without each of its
 * bytes in turn, either parses or fails with one error (one message line, the
 * source line, the caret line), without crashing or leaking (run it under
 * make SANITIZE=1). */
static void check_one_outcome(const char *src, size_t len)
{
	char err[4096];
	struct lang_ast *ast;
	const char *nl;
	int lines = 0;

	memset(err, 'X', sizeof(err));
	ast = lang_parse(src, len, "-e", err, sizeof(err));
	if (ast) {
		assert_string_equal(err, "");
		assert_true(ast->nblocks >= 1);
		lang_ast_free(ast);
		return;
	}
	assert_int_equal(strncmp(err, "-e:", 3), 0);
	for (nl = err; (nl = strchr(nl, '\n')); nl++)
		lines++;
	if (lines != 2 || !strchr(strrchr(err, '\n'), '^')) {
		print_error("'%.*s':\n%s\n", (int)len, src, err);
		fail();
	}
}

static void test_prefixes(void **state)
{
	const struct parse_case *sets[] = { tutorial, lab, issue };
	const size_t sizes[] = { ARRAY_SIZE(tutorial), ARRAY_SIZE(lab), ARRAY_SIZE(issue) };
	size_t programs = 0;

	(void)state;
	for (size_t s = 0; s < ARRAY_SIZE(sets); s++) {
		for (size_t i = 0; i < sizes[s]; i++) {
			const char *src = sets[s][i].src;
			size_t len = strlen(src);
			char *copy = malloc(len + 1);

			assert_non_null(copy);
			for (size_t k = 0; k <= len; k++) {
				/* A prefix in its own allocation, so reading past
				 * len is a sanitizer error, not a silent read. */
				char *prefix = malloc(k ? k : 1);

				assert_non_null(prefix);
				memcpy(prefix, src, k);
				check_one_outcome(prefix, k);
				free(prefix);
			}
			for (size_t k = 0; k < len; k++) {
				memcpy(copy, src, k);
				memcpy(copy + k, src + k + 1, len - k - 1);
				check_one_outcome(copy, len - 1);
			}
			free(copy);
			programs++;
		}
	}
	assert_true(programs > 40);
}

/* ---- diag, arena, names, dump ----------------------------------------------------------- */

static void test_diag(void **state)
{
	const char *src = "a\n\tbb cc\r\nlast";
	struct lang_loc loc = { .line = 2, .col = 5, .off = 6, .len = 2 };
	char err[256], tiny[12];
	struct lang_ast *ast;

	(void)state;
	assert_int_equal(lang_diag_src(err, sizeof(err), src, strlen(src), "f.bt", loc, "bad %s", "cc"), -1);
	assert_string_equal(err, "f.bt:2:5: bad cc\n\tbb cc\n\t   ^^");

	/* The caret stops at the end of the line; an empty token gets one. */
	loc.len = 100;
	lang_diag_src(err, sizeof(err), src, strlen(src), NULL, loc, "x");
	assert_string_equal(err, "-e:2:5: x\n\tbb cc\n\t   ^^");
	loc = (struct lang_loc){ .line = 3, .col = 5, .off = 14, .len = 0 };
	lang_diag_src(err, sizeof(err), src, strlen(src), NULL, loc, "end");
	assert_string_equal(err, "-e:3:5: end\nlast\n    ^");

	/* Truncated, still terminated; no buffer at all is fine. */
	lang_diag_src(tiny, sizeof(tiny), src, strlen(src), NULL, loc, "a long message");
	assert_string_equal(tiny, "-e:3:5: a l");
	assert_int_equal(lang_diag_src(NULL, 0, src, strlen(src), NULL, loc, "x"), -1);

	/* Through a tree. */
	ast = lang_ast_new(src, strlen(src), "prog.bt");
	assert_non_null(ast);
	loc = (struct lang_loc){ .line = 1, .col = 1, .off = 0, .len = 1 };
	assert_int_equal(lang_diag(err, sizeof(err), ast, loc, "type %d", 7), -1);
	assert_string_equal(err, "prog.bt:1:1: type 7\na\n^");
	lang_ast_free(ast);
}

static void test_arena(void **state)
{
	struct lang_ast *ast = lang_ast_new("x", 1, NULL);
	char *big, *s;

	(void)state;
	assert_non_null(ast);
	assert_null(ast->file);
	assert_string_equal(ast->src, "x");
	for (int i = 0; i < 20000; i++) {
		size_t n = (size_t)(i % 97) + 1;
		unsigned char *p = lang_alloc(ast, n);

		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xa5, n);
	}
	big = lang_alloc(ast, 1 << 20);
	assert_int_equal(big[0] | big[(1 << 20) - 1], 0);
	memset(big, 1, 1 << 20);
	assert_non_null(lang_alloc(ast, 0));
	assert_ptr_not_equal(lang_alloc(ast, 0), lang_alloc(ast, 0));
	s = lang_strdup(ast, "hello world", 5);
	assert_string_equal(s, "hello");
	s = lang_strdup(ast, NULL, 0);
	assert_string_equal(s, "");
	lang_ast_free(ast);
	lang_ast_free(NULL);

	/* A program bigger than a block. */
	{
		size_t n = 300000;
		char *src = malloc(n + 1);

		assert_non_null(src);
		memset(src, ' ', n);
		memcpy(src, "BEGIN {", 7);
		memcpy(src + n - 1, "}", 1);
		src[n] = '\0';
		ast = parse_ok(src);
		assert_int_equal(ast->src_len, n);
		lang_ast_free(ast);
		free(src);
	}
}

static void test_names(void **state)
{
	static const struct { struct lang_type t; const char *name; } types[] = {
		{ { .kind = LT_INT, .size = 8 }, "u64" },
		{ { .kind = LT_INT, .size = 4, .is_signed = true }, "s32" },
		{ { .kind = LT_INT, .size = 1 }, "u8" },
		{ { .kind = LT_STR, .size = 64 }, "string[64]" },
		{ { .kind = LT_NONE }, "none" }, { { .kind = LT_KSTACK }, "kstack" },
		{ { .kind = LT_USTACK }, "ustack" }, { { .kind = LT_PROBE }, "probe" },
		{ { .kind = LT_KSYM }, "ksym" }, { { .kind = LT_USYM }, "usym" },
		{ { .kind = LT_FUNC }, "func" }, { { .kind = LT_COUNT }, "count" },
		{ { .kind = LT_SUM }, "sum" }, { { .kind = LT_MIN }, "min" }, { { .kind = LT_MAX }, "max" },
		{ { .kind = LT_AVG }, "avg" }, { { .kind = LT_STATS }, "stats" },
		{ { .kind = LT_HIST }, "hist" }, { { .kind = LT_LHIST }, "lhist" },
	};
	static const struct { enum lang_op op; const char *name; } ops[] = {
		{ OP_ADD, "+" }, { OP_SUB, "-" }, { OP_MUL, "*" }, { OP_DIV, "/" }, { OP_MOD, "%" },
		{ OP_BAND, "&" }, { OP_BOR, "|" }, { OP_BXOR, "^" }, { OP_BNOT, "~" }, { OP_LNOT, "!" },
		{ OP_LT, "<" }, { OP_GT, ">" }, { OP_SHL, "<<" }, { OP_SHR, ">>" }, { OP_LE, "<=" },
		{ OP_GE, ">=" }, { OP_EQ, "==" }, { OP_NE, "!=" }, { OP_LAND, "&&" }, { OP_LOR, "||" },
		{ OP_NEG, "-" }, { OP_DEREF, "*" }, { OP_ADDR, "&" }, { OP_PREINC, "++" },
		{ OP_PREDEC, "--" }, { OP_POSTINC, "++" }, { OP_POSTDEC, "--" }, { OP_ASSIGN, "=" },
	};
	static const char *const probes[] = {
		"BEGIN", "END", "tracepoint", "uprobe", "uretprobe", "kprobe", "kretprobe",
		"profile", "interval", "software",
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		assert_string_equal(lang_type_name(&types[i].t, buf, sizeof(buf)), types[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		assert_string_equal(lang_op_name(ops[i].op), ops[i].name);
	assert_string_equal(lang_op_name((enum lang_op)9999), "?");
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		assert_string_equal(lang_probe_type_name((enum lang_probe_type)i), probes[i]);
	assert_string_equal(lang_probe_type_name((enum lang_probe_type)99), "?");
	assert_string_equal(lang_lex_tok_name(TOK_EOF), "end of file");
	assert_string_equal(lang_lex_tok_name(TOK_SHR_ASSIGN), "'>>='");
	assert_string_equal(lang_lex_tok_name(TOK_ENDPRED), "'/'");
}

/* The dump with the types the checker fills in. */
static void test_dump_types(void **state)
{
	struct lang_ast *ast = parse_ok("BEGIN { @[comm] = sum(pid + 1) }");
	struct lang_stmt *s = ast->blocks->body;
	struct lang_expr *k = s->assign.lhs->map.keys[0], *sum = s->assign.rhs;
	struct outbuf ob;

	(void)state;
	k->type = (struct lang_type){ .kind = LT_STR, .size = 16 };
	s->assign.lhs->type = (struct lang_type){ .kind = LT_SUM, .size = 8, .is_signed = true };
	sum->call.args[0]->type = (struct lang_type){ .kind = LT_INT, .size = 8, .is_signed = true };
	sum->call.args[0]->op.a->type = (struct lang_type){ .kind = LT_INT, .size = 4 };
	outbuf_init_mem(&ob);
	lang_ast_dump(ast, &ob, true);
	assert_string_equal(outbuf_cstr(&ob),
			    "(block (probe BEGIN) (assign = (map @ (builtin comm):str16):sum "
			    "(call sum (+ (builtin pid):u32 1):s64)))\n");
	outbuf_reset(&ob);
	lang_ast_dump(ast, &ob, false);
	assert_string_equal(outbuf_cstr(&ob),
			    "(block (probe BEGIN) (assign = (map @ (builtin comm)) (call sum (+ (builtin pid) 1))))\n");
	outbuf_release(&ob);
	lang_ast_free(ast);
}

/* Two programs parsed at once do not share anything. */
static void test_two_at_once(void **state)
{
	struct lang_ast *a = parse_ok("BEGIN { @a = 1 }"), *b = parse_ok("END { @b = 2 }");
	struct outbuf ob;

	(void)state;
	outbuf_init_mem(&ob);
	lang_ast_dump(a, &ob, false);
	lang_ast_dump(b, &ob, false);
	assert_string_equal(outbuf_cstr(&ob), "(block (probe BEGIN) (assign = (map @a) 1))\n"
					      "(block (probe END) (assign = (map @b) 2))\n");
	outbuf_release(&ob);
	lang_ast_free(a);
	lang_ast_free(b);
}

/* latency and entry() come out of the parser as ordinary blocks: an entry
 * block storing the time and values by tid before the return block, which
 * takes and deletes them and runs its body when there was an entry. */
static void test_entry_rewrite(void **state)
{
	static const struct parse_case c[] = {
		{ "uretprobe:/bin/x:f /entry(arg0) > 1/ { @ = hist(latency); }",
		  "(block (probe uprobe /bin/x f) (assign = (map @__scry_ts0 (builtin tid)) (builtin nsecs))"
		  " (assign = (map @__scry_e0_0 (builtin tid)) (builtin arg0)))\n"
		  "(block (probe uretprobe /bin/x f) (assign = (var $__scry_ts) (map @__scry_ts0 (builtin tid)))"
		  " (assign = (var $__scry_e0) (map @__scry_e0_0 (builtin tid)))"
		  " (call delete (map @__scry_ts0 (builtin tid))) (call delete (map @__scry_e0_0 (builtin tid)))"
		  " (if (&& (!= (var $__scry_ts) 0) (> (var $__scry_e0) 1))"
		  " (then (assign = (map @) (call hist (- (builtin nsecs) (var $__scry_ts)))))))\n" },
		/* one map per distinct value; a syscall's exit enters at its sys_enter */
		{ "t:syscalls:sys_exit_read { @[entry(args.count), entry(args.fd)] = sum(entry(args.count)); }",
		  "(block (probe tracepoint syscalls sys_enter_read) (assign = (map @__scry_ts0 (builtin tid)) (builtin nsecs))"
		  " (assign = (map @__scry_e0_0 (builtin tid)) (args . count))"
		  " (assign = (map @__scry_e0_1 (builtin tid)) (args . fd)))\n"
		  "(block (probe tracepoint syscalls sys_exit_read) (assign = (var $__scry_ts) (map @__scry_ts0 (builtin tid)))"
		  " (assign = (var $__scry_e0) (map @__scry_e0_0 (builtin tid)))"
		  " (assign = (var $__scry_e1) (map @__scry_e0_1 (builtin tid)))"
		  " (call delete (map @__scry_ts0 (builtin tid))) (call delete (map @__scry_e0_0 (builtin tid)))"
		  " (call delete (map @__scry_e0_1 (builtin tid)))"
		  " (if (!= (var $__scry_ts) 0) (then (assign = (map @ (var $__scry_e0) (var $__scry_e1))"
		  " (call sum (var $__scry_e0))))))\n" },
		/* blocks without them stay as written */
		{ "uretprobe:/bin/x:f { @ = count(); }", "(block (probe uretprobe /bin/x f) (assign = (map @) (call count)))\n" },
	};
	static const struct error_case e[] = {
		{ "uprobe:/bin/x:f { @ = latency; }",
		  "-e:1:23: latency and entry() are only available in return probes (uretprobe, kretprobe, "
		  "syscalls:sys_exit_*); uprobe:/bin/x:f is not one\n"
		  "uprobe:/bin/x:f { @ = latency; }\n"
		  "                      ^^^^^^^" },
		{ "t:syscalls:sys_enter_read { @ = entry(args.fd); }",
		  "-e:1:33: latency and entry() are only available in return probes (uretprobe, kretprobe, "
		  "syscalls:sys_exit_*); t:syscalls:sys_enter_read is not one\n"
		  "t:syscalls:sys_enter_read { @ = entry(args.fd); }\n"
		  "                                ^^^^^^^^^^^^^^" },
		{ "uretprobe:/bin/x:f { @ = entry(); }",
		  "-e:1:26: entry() takes one argument: the value to take at the function's entry\n"
		  "uretprobe:/bin/x:f { @ = entry(); }\n"
		  "                         ^^^^^^^" },
	};

	(void)state;
	check_dumps(c, ARRAY_SIZE(c));
	check_errors(e, ARRAY_SIZE(e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tutorial),
		cmocka_unit_test(test_tutorial_old_names),
		cmocka_unit_test(test_lab),
		cmocka_unit_test(test_issue_examples),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_statements),
		cmocka_unit_test(test_probes),
		cmocka_unit_test(test_nodes),
		cmocka_unit_test(test_entry_rewrite),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_semantic_errors),
		cmocka_unit_test(test_probe_errors),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_diag),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_dump_types),
		cmocka_unit_test(test_two_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
