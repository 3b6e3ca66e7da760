/* Unit tests for the checker (sema.c) and the BPF code generator
 * (codegen.c): good programs get the map, format and variable tables they
 * should; bad ones get their exact message with the caret; small programs
 * compile to the instruction sequences written here.
 *
 * Attachments are made by hand (fake tracepoint formats), so no kernel is
 * needed; the end-to-end tests load the same code into the kernel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/lang/codegen.h"
#include "util/lang/parser.h"
#include "util/lang/sema.h"
#include "util/outbuf.h"

/* ---- fake attachments --------------------------------------------------------------------- */

struct fake_tp {
	const char *sys, *name;
	struct lang_tp_field fields[6];
};

#define F_INT(n, off, sz, sgn) { .name = (char *)(n), .ctype = (char *)"long", .kind = TPF_INT, .offset = off, \
				 .size = sz, .is_signed = sgn }
#define F_PTR(n, off) { .name = (char *)(n), .ctype = (char *)"const char *", .kind = TPF_INT, .offset = off, \
			.size = 8, .is_pointer = true, .user_pointer = true }

static const struct fake_tp fake_tps[] = {
	{ "syscalls", "sys_enter_openat", { F_INT("__syscall_nr", 8, 4, true), F_INT("dfd", 16, 8, false),
					     F_PTR("filename", 24), F_INT("flags", 32, 8, false), F_INT("mode", 40, 8, false) } },
	{ "syscalls", "sys_exit_read", { F_INT("__syscall_nr", 8, 4, true), F_INT("ret", 16, 8, true) } },
	{ "syscalls", "sys_enter_read", { F_INT("__syscall_nr", 8, 4, true), F_INT("fd", 16, 8, false),
					   F_PTR("buf", 24), F_INT("count", 32, 8, false) } },
	{ "raw_syscalls", "sys_enter", { F_INT("id", 8, 8, true) } },
	{ "sched", "sched_switch", { { .name = (char *)"prev_comm", .ctype = (char *)"char[16]", .kind = TPF_CHAR_ARRAY,
				       .offset = 8, .size = 16 }, F_INT("prev_pid", 24, 4, true) } },
};

static void fake_attach(struct lang_program *p, int block, int probe, const struct lang_probe *pr)
{
	struct lang_attach *a;
	char name[256];

	p->attaches = realloc(p->attaches, (p->nattaches + 1) * sizeof(*a));
	a = &p->attaches[p->nattaches++];
	memset(a, 0, sizeof(*a));
	a->block = block;
	a->probe = probe;
	a->type = pr->type;
	switch (pr->type) {
	case P_TRACEPOINT:
		for (size_t i = 0; i < ARRAY_SIZE(fake_tps); i++)
			if (!strcmp(fake_tps[i].sys, pr->target) && !strcmp(fake_tps[i].name, pr->func)) {
				int n = 0;

				while (n < 6 && fake_tps[i].fields[n].name)
					n++;
				a->fields = calloc(n ? n : 1, sizeof(*a->fields));
				for (int k = 0; k < n; k++) {
					a->fields[k] = fake_tps[i].fields[k];
					a->fields[k].name = strdup(fake_tps[i].fields[k].name);
					a->fields[k].ctype = strdup(fake_tps[i].fields[k].ctype);
				}
				a->nfields = n;
			}
		a->tp_sys = strdup(pr->target);
		a->tp_name = strdup(pr->func);
		snprintf(name, sizeof(name), "tracepoint:%s:%s", pr->target, pr->func);
		break;
	case P_UPROBE:
	case P_URETPROBE:
		a->path = strdup("/bin/true");
		a->func = strdup(pr->func);
		a->at_func_entry = pr->type == P_UPROBE;
		snprintf(name, sizeof(name), "%s:/bin/true:%s", pr->type == P_UPROBE ? "uprobe" : "uretprobe", pr->func);
		break;
	default:
		snprintf(name, sizeof(name), "%s", pr->text);
		break;
	}
	a->name = strdup(name);
}

/* Parse and check; err gets the message when it fails. */
static int check(const char *src, struct lang_program *p, char *err, size_t errlen, const char *const *pos, int npos)
{
	int bi = 0;

	memset(p, 0, sizeof(*p));
	p->positional = pos;
	p->npositional = npos;
	p->ast = lang_parse(src, strlen(src), "-e", err, errlen);
	if (!p->ast)
		return -1;
	for (struct lang_block *b = p->ast->blocks; b; b = b->next, bi++)
		for (int k = 0; k < b->nprobes; k++)
			fake_attach(p, bi, k, &b->probes[k]);
	return lang_sema(p, err, errlen);
}

static void good(const char *src, struct lang_program *p)
{
	char err[2048] = "";

	if (check(src, p, err, sizeof(err), NULL, 0)) {
		print_error("%s\n%s\n", src, err);
		fail();
	}
}

static int bad_failed;

static void bad(const char *src, const char *want)
{
	struct lang_program p;
	char err[2048] = "";

	if (!check(src, &p, err, sizeof(err), NULL, 0)) {
		print_error("checked, but should fail: %s\n", src);
		fail();
	}
	if (strcmp(err, want)) {
		print_error("program: %s\nwant: %s\ngot:  %s\n", src, want, err);
		bad_failed++;
	}
	lang_program_release(&p);
}

static const struct lang_map *map_named(const struct lang_program *p, const char *name)
{
	for (int i = 0; i < p->nmaps; i++)
		if (!strcmp(p->maps[i].name, name))
			return &p->maps[i];
	return NULL;
}

/* ---- the checker -------------------------------------------------------------------------- */

static void test_maps(void **state)
{
	struct lang_program p;
	const struct lang_map *m;

	(void)state;
	good("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); @bytes = hist(args.id); "
	     "@l[pid, comm] = lhist(args.id, 0, 100, 10); @s = sum(-3); @x = nsecs; @str[tid] = comm; }", &p);
	assert_int_equal(p.nmaps, 6);
	m = map_named(&p, "@");
	assert_non_null(m);
	assert_int_equal(m->value.kind, LT_COUNT);
	assert_int_equal(m->nkeys, 1);
	assert_int_equal(m->keys[0].kind, LT_STR);
	assert_int_equal(m->keys[0].size, 16);
	assert_int_equal(m->storage, LMS_PERCPU_HASH);
	m = map_named(&p, "@bytes");
	assert_int_equal(m->value.kind, LT_HIST);
	assert_int_equal(m->storage, LMS_PERCPU_ARRAY);
	assert_int_equal(m->value_size, 8 * LANG_HIST_BUCKETS);
	m = map_named(&p, "@l");
	assert_int_equal(m->value.kind, LT_LHIST);
	assert_int_equal(m->nkeys, 2);
	assert_int_equal(m->key_size, 8 + 16);
	assert_int_equal(m->value_size, 8 * 12);
	m = map_named(&p, "@s");
	assert_int_equal(m->value.kind, LT_SUM);
	assert_true(m->value.is_signed);
	m = map_named(&p, "@x");
	assert_int_equal(m->value.kind, LT_INT);
	assert_int_equal(m->storage, LMS_HASH);
	m = map_named(&p, "@str");
	assert_int_equal(m->value.kind, LT_STR);
	assert_int_equal(m->value.size, 16);
	lang_program_release(&p);

	/* A map read in a block before the one that assigns it. */
	good("tracepoint:syscalls:sys_exit_read /@start[tid]/ { @ns = hist(nsecs - @start[tid]); delete(@start[tid]); }"
	     " tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; }", &p);
	m = map_named(&p, "@start");
	assert_int_equal(m->value.kind, LT_INT);
	assert_int_equal(m->keys[0].kind, LT_INT);
	lang_program_release(&p);

	/* String keys of different sizes share the longest. */
	good("tracepoint:sched:sched_switch { @[args.prev_comm] = count(); @[comm] = count(); @[\"a-much-longer-literal-key\"] = count(); }", &p);
	m = map_named(&p, "@");
	assert_int_equal(m->keys[0].size, 26);
	assert_int_equal(m->key_size, 32);
	lang_program_release(&p);
}

static void test_formats(void **state)
{
	struct lang_program p;

	(void)state;
	good("BEGIN { printf(\"%d %s %-5u %x\\n\", 1, \"ab\", pid, 2); time(\"%H\\n\"); print(1); exit(); }", &p);
	assert_int_equal(p.nfmts, 3);
	assert_int_equal(p.fmts[0].kind, FMT_PRINTF);
	assert_int_equal(p.fmts[0].nargs, 4);
	assert_int_equal(p.fmts[0].args[1].kind, LT_STR);
	assert_int_equal(p.fmts[0].arg_off[0], 0);
	assert_int_equal(p.fmts[0].arg_off[1], 8);
	assert_int_equal(p.fmts[0].arg_off[2], 16);
	assert_int_equal(p.fmts[1].kind, FMT_TIME);
	assert_int_equal(p.fmts[2].kind, FMT_PRINT_VALUE);
	lang_program_release(&p);
}

static void test_positional(void **state)
{
	const char *const pos[] = { "42", "bash" };
	struct lang_program p;
	char err[1024] = "";

	(void)state;
	assert_int_equal(check("BEGIN { @[$2] = sum($1); }", &p, err, sizeof(err), pos, 2), 0);
	assert_int_equal(p.maps[0].keys[0].kind, LT_STR);
	assert_int_equal(p.maps[0].keys[0].size, 5);
	lang_program_release(&p);
	/* An argument not given is 0, as in bpftrace. */
	assert_int_equal(check("BEGIN { @ = sum($3); }", &p, err, sizeof(err), pos, 2), 0);
	assert_int_equal(p.maps[0].value.kind, LT_SUM);
	lang_program_release(&p);
}

static void test_errors(void **state)
{
	(void)state;
	/* a bare name is an enum constant (the program's, the kernel's BTF) or nothing */
	bad("BEGIN { @ = bpftrace }",
	    "-e:1:13: unknown identifier 'bpftrace'\n"
	    "BEGIN { @ = bpftrace }\n"
	    "            ^^^^^^^^");
	bad("BEGIN { foo }",
	    "-e:1:9: unknown identifier 'foo'\n"
	    "BEGIN { foo }\n"
	    "        ^^^");
	bad("enum E { A = 1 << 2 }; BEGIN { @ = A; }",
	    "-e:1:36: the value of enumerator 'A' is not a number scry computes\n"
	    "enum E { A = 1 << 2 }; BEGIN { @ = A; }\n"
	    "                                   ^");
	bad("BEGIN { @ = hist(comm); }",
	    "-e:1:18: hist needs an integer, not string[16]\n"
	    "BEGIN { @ = hist(comm); }\n"
	    "                 ^^^^");
	bad("tracepoint:syscalls:sys_enter_openat { printf(\"%s\\n\", str(args.filenam)); }",
	    "-e:1:59: tracepoint:syscalls:sys_enter_openat has no field 'filenam'; did you mean: filename?\n"
	    "tracepoint:syscalls:sys_enter_openat { printf(\"%s\\n\", str(args.filenam)); }\n"
	    "                                                          ^^^^^^^^^^^^");
	bad("tracepoint:raw_syscalls:sys_enter { @x = count(); @x = 5; }",
	    "-e:1:51: @x holds count (first assigned at 1:37); a value cannot be assigned to it\n"
	    "tracepoint:raw_syscalls:sys_enter { @x = count(); @x = 5; }\n"
	    "                                                  ^^^^^^");
	bad("BEGIN { @x = count(); @x = sum(1); }",
	    "-e:1:28: @x is count (first assigned at 1:9), not sum\n"
	    "BEGIN { @x = count(); @x = sum(1); }\n"
	    "                           ^^^^^^");
	bad("BEGIN { @x[1] = 1; @x[1, 2] = 2; }",
	    "-e:1:20: @x has 1 key (first used at 1:9), not 2\n"
	    "BEGIN { @x[1] = 1; @x[1, 2] = 2; }\n"
	    "                   ^^^^^^^^");
	bad("BEGIN { printf(\"%d %d\\n\", 1); }",
	    "-e:1:9: printf(): the format has 2 conversions but 1 argument follows\n"
	    "BEGIN { printf(\"%d %d\\n\", 1); }\n"
	    "        ^^^^^^^^^^^^^^^^^^^^");
	bad("BEGIN { printf(\"%d\\n\", comm); }",
	    "-e:1:24: printf(): argument 1 is string[16], which %d cannot print\n"
	    "BEGIN { printf(\"%d\\n\", comm); }\n"
	    "                       ^^^^");
	bad("BEGIN { $x = $y + 1; }",
	    "-e:1:14: $y is used before it is assigned\n"
	    "BEGIN { $x = $y + 1; }\n"
	    "             ^^");
	bad("BEGIN { @ = count(); if (@ > 1) { exit(); } }",
	    "-e:1:26: @ holds count: its value is known only when printed, not in the program\n"
	    "BEGIN { @ = count(); if (@ > 1) { exit(); } }\n"
	    "                         ^");
	bad("tracepoint:raw_syscalls:sys_enter { @ = arg0; }",
	    "-e:1:41: arg0 is not available in tracepoints: use args.FIELD (scry list shows the fields)\n"
	    "tracepoint:raw_syscalls:sys_enter { @ = arg0; }\n"
	    "                                        ^^^^");
	bad("uprobe:/bin/true:main { @ = retval; }",
	    "-e:1:29: retval is only available in uretprobe, kretprobe and sys_exit_* tracepoints\n"
	    "uprobe:/bin/true:main { @ = retval; }\n"
	    "                            ^^^^^^");
	bad("BEGIN { @ = lhist(1, 0, 100, 0); }",
	    "-e:1:30: lhist()'s step must be > 0 (got 0)\n"
	    "BEGIN { @ = lhist(1, 0, 100, 0); }\n"
	    "                             ^");
	bad("BEGIN { $x = count(); }",
	    "-e:1:14: count() aggregates into a map, not a variable: @x = count(...)\n"
	    "BEGIN { $x = count(); }\n"
	    "             ^^^^^^^");
	bad("BEGIN { comm == 1; }",
	    "-e:1:9: string[16] == s64: a string can only be compared with a string\n"
	    "BEGIN { comm == 1; }\n"
	    "        ^^^^^^^^^");
	bad("BEGIN { if (comm < \"a\") { exit(); } }",
	    "-e:1:13: string[16] < string[2]: strings can only be compared with == and !=\n"
	    "BEGIN { if (comm < \"a\") { exit(); } }\n"
	    "            ^^^^^^^^^^");
	bad("BEGIN { print(@nope); }",
	    "-e:1:15: @nope is never assigned\n"
	    "BEGIN { print(@nope); }\n"
	    "              ^^^^^");
	assert_int_equal(bad_failed, 0);
}

/* ---- the code generator ---------------------------------------------------------------------- */

static void compile(const char *src, struct lang_program *p)
{
	struct lang_codegen_opts o = { .start_ns = 1000 };
	char err[2048] = "";

	good(src, p);
	if (lang_codegen(p, &o, err, sizeof(err))) {
		print_error("%s\n%s\n", src, err);
		fail();
	}
}

static char *dump(const struct lang_program *p)
{
	struct outbuf ob;
	char *s;

	outbuf_init_mem(&ob);
	lang_codegen_dump(p, &ob);
	s = strdup(outbuf_cstr(&ob));
	outbuf_release(&ob);
	return s;
}

static void test_codegen_count(void **state)
{
	struct lang_program p;
	char *text;

	(void)state;
	compile("BEGIN { @ = count(); }", &p);
	assert_int_equal(p.nprogs, 1);
	text = dump(&p);
	/* The prologue (ctx saved, scratch looked up into r9), the keyless
	 * per-CPU array element found and incremented, the end. */
	assert_string_equal(text,
		"; program 0 (scry_b0_BEGIN), block 1, 22 instructions\n"
		"    0: *(u64 *)(r10 -8) = r1\n"
		"    1: *(u32 *)(r10 -16) = 0\n"
		"    2: r1 = map[fd 0] ll\n"
		"    4: r2 = r10\n"
		"    5: r2 += -16\n"
		"    6: call 1\n"
		"    7: if r0 == 0 goto +12\n"
		"    8: r9 = r0\n"
		"    9: *(u32 *)(r10 -16) = 0\n"
		"   10: r1 = map[fd 0] ll\n"
		"   12: r2 = r10\n"
		"   13: r2 += -16\n"
		"   14: call 1\n"
		"   15: if r0 != 0 goto +1\n"
		"   16: goto +3\n"
		"   17: r1 = *(u64 *)(r0 +0)\n"
		"   18: r1 += 1\n"
		"   19: *(u64 *)(r0 +0) = r1\n"
		"   20: r0 = 0\n"
		"   21: exit\n");
	free(text);
	assert_int_equal(p.progs[0].nrelocs, 2);
	assert_int_equal(p.progs[0].relocs[0].map, LANG_IMAP_SCRATCH);
	assert_int_equal(p.progs[0].relocs[1].map, 0);
	lang_program_release(&p);
}

/* Programs of every kind compile; the generator's own checks hold
 * (labels placed, jumps in range, stack within 512 bytes). */
static void test_codegen_programs(void **state)
{
	static const char *const progs[] = {
		"BEGIN { printf(\"hello world\\n\"); exit(); }",
		"tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args.filename)); }",
		"tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }",
		"tracepoint:syscalls:sys_exit_read /pid == 18644/ { @bytes = hist(args.ret); }",
		"tracepoint:syscalls:sys_exit_read { @bytes = lhist(retval, 0, 2000, 200); }",
		"tracepoint:syscalls:sys_enter_read { @start[tid] = nsecs; } "
		"tracepoint:syscalls:sys_exit_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }",
		"tracepoint:sched:sched_switch { @[kstack] = count(); @u[ustack(5)] = count(); }",
		"uprobe:/bin/true:main { @[ustack] = count(); @s = sum(arg0); @mn = min(arg1); @mx = max(arg2); "
		"@a = avg(arg0); @st = stats(arg0); }",
		"uretprobe:/bin/true:main { @[retval] = count(); @f[func] = count(); }",
		"tracepoint:sched:sched_switch /comm == \"bash\" && args.prev_comm != \"swapper/0\"/ { @x++; @y += 2; @z -= 1; }",
		"BEGIN { $a = 1; $b = $a * 2 + (3 - $a) / 2 % 5; $c = $a > $b ? $a : $b; $d = ($a << 3) | ($b >> 1) ^ ~$c; "
		"if ($d > 0 && $c != 2 || !$a) { @r = $d; } else if ($c == 1) { @r = -$c; } else { @r = 0; } "
		"$s = $a > 0 ? \"yes\" : \"no\"; @t[$s] = count(); unroll(3) { $a++; } while ($a < 10) { $a += 1; } }",
		"BEGIN { @x = ((((1 + 2) * (3 + 4)) - ((5 + 6) * (7 + 8))) + (((9 + 10) * (11 + 12)) - ((13 + 14) * (pid + 16)))) * "
		"((((tid + 2) * (cpu + 4)) - ((nsecs + 6) * (uid + 8))) + (((gid + 10) * (rand + 12)) - ((elapsed + 14) * (pid + 16)))); }",
		"BEGIN { print(@x); print(@x, 3); clear(@x); zero(@x); time(); time(\"%H:%M\\n\"); @x[1] = count(); "
		"printf(\"%s %s %s\\n\", probe, ksym(0), usym(0)); print(comm); }",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(progs); i++) {
		struct lang_program p;

		compile(progs[i], &p);
		assert_true(p.nprogs >= 1);
		for (int k = 0; k < p.nprogs; k++) {
			assert_true(p.progs[k].ninsns > 10);
			assert_true(p.progs[k].ninsns < 100000);
		}
		assert_true(p.scratch_size >= 8);
		lang_program_release(&p);
	}
}

/* Several tracepoints in one block share a program when they need not
 * differ, and get one each when the fields they read sit elsewhere. */
static void test_codegen_grouping(void **state)
{
	struct lang_program p;

	(void)state;
	compile("tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_read { @[probe] = count(); }", &p);
	assert_int_equal(p.nattaches, 2);
	assert_int_equal(p.nprogs, 1);
	assert_int_equal(p.attaches[0].prog, 0);
	assert_int_equal(p.attaches[1].prog, 0);
	lang_program_release(&p);
	compile("tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_read { @[args.__syscall_nr] = count(); }",
		&p);
	assert_int_equal(p.nprogs, 1);
	lang_program_release(&p);
	compile("BEGIN { @ = 1; } tracepoint:raw_syscalls:sys_enter, BEGIN { @b = count(); }", &p);
	assert_int_equal(p.nprogs, 3);
	lang_program_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_positional),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_codegen_count),
		cmocka_unit_test(test_codegen_programs),
		cmocka_unit_test(test_codegen_grouping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
