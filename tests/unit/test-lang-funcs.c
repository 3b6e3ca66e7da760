/* Unit tests for the later functions of the language (util/lang/funcs.c):
 * how buf(), ntop() and strftime() values print (bpftrace 0.17's text),
 * reg()'s register table, kaddr() of a missing symbol; and the checker's
 * types and messages for them (BEGIN programs: no attachments needed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "util/lang/funcs.h"
#include "util/lang/parser.h"
#include "util/lang/program.h"
#include "util/lang/sema.h"
#include "util/outbuf.h"

static void expect_text(struct outbuf *ob, const char *want)
{
	outbuf_putc(ob, '\0');
	assert_string_equal(ob->buf, want);
	outbuf_reset(ob);
}

static void test_buf(void **state)
{
	static const u8 hello[] = { 'H', 'e', 'l', 'l', 'o', 0 };
	static const u8 mixed[] = { 'o', 'k', ' ', '~', 0x1f, 0x7f, 0x80, 0xff, '\n' };
	struct outbuf ob;

	(void)state;
	outbuf_init_mem(&ob);
	/* bpftrace's runtime tests buf_no_ascii and buf_no_ascii_no_escaping */
	lang_func_put_buf(&ob, hello, sizeof(hello), 'x');
	expect_text(&ob, "\\x48\\x65\\x6c\\x6c\\x6f\\x00");
	lang_func_put_buf(&ob, hello, sizeof(hello), 'h');
	expect_text(&ob, "48 65 6c 6c 6f 00");
	lang_func_put_buf(&ob, hello, sizeof(hello), 0);
	expect_text(&ob, "Hello\\x00");
	/* 32..126 are themselves, the rest escaped */
	lang_func_put_buf(&ob, mixed, sizeof(mixed), 0);
	expect_text(&ob, "ok ~\\x1f\\x7f\\x80\\xff\\x0a");
	lang_func_put_buf(&ob, hello, 0, 'h');
	expect_text(&ob, "");
	lang_func_put_buf(&ob, hello, 1, 'h');
	expect_text(&ob, "48");
	outbuf_release(&ob);
}

static void test_inet(void **state)
{
	u8 a[16] = { 0 };
	u32 v4;
	struct outbuf ob;

	(void)state;
	outbuf_init_mem(&ob);
	/* bpftrace's "ntop static ip": the integer's bytes in memory order */
	v4 = 0x0100007f;
	memcpy(a, &v4, 4);
	lang_func_put_inet(&ob, 2, a);
	expect_text(&ob, "127.0.0.1");
	v4 = 0xffff0000;
	memcpy(a, &v4, 4);
	lang_func_put_inet(&ob, 2, a);
	expect_text(&ob, "0.0.255.255");
	memset(a, 0, sizeof(a));
	a[15] = 1;
	lang_func_put_inet(&ob, 10, a);
	expect_text(&ob, "::1");
	a[10] = a[11] = 0xff;
	a[12] = 216, a[13] = 58, a[14] = 194, a[15] = 164;
	lang_func_put_inet(&ob, 10, a);
	expect_text(&ob, "::ffff:216.58.194.164");
	lang_func_put_inet(&ob, 99, a);         /* no such family: nothing */
	expect_text(&ob, "");
	outbuf_release(&ob);
}

static void test_pton(void **state)
{
	static const u8 v4[4] = { 127, 0, 0, 1 }, v6[16] = { [0] = 0xfe, [1] = 0x80, [15] = 1 };
	u8 out[16];

	(void)state;
	assert_int_equal(lang_func_pton("127.0.0.1", out), 4);
	assert_memory_equal(out, v4, 4);
	assert_int_equal(lang_func_pton("fe80::1", out), 16);
	assert_memory_equal(out, v6, 16);
	assert_int_equal(lang_func_pton("1.2.3", out), -1);
	assert_int_equal(lang_func_pton("localhost", out), -1);
	assert_int_equal(lang_func_pton("", out), -1);
}

static void test_strftime(void **state)
{
	struct outbuf ob;
	/* 2021-03-04 05:06:07.123456789 UTC as the wall clock at 0 */
	u64 off = 1614834367ULL * 1000000000ULL + 123456789ULL;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	outbuf_init_mem(&ob);
	lang_func_put_strftime(&ob, "%Y-%m-%d %H:%M:%S", 0, off);
	expect_text(&ob, "2021-03-04 05:06:07");
	lang_func_put_strftime(&ob, "%m/%d/%y", 86400ULL * 1000000000ULL, off);
	expect_text(&ob, "03/05/21");
	/* %f: microseconds, six digits, carried from ns (as bpftrace) */
	lang_func_put_strftime(&ob, "%S.%f", 0, off);
	expect_text(&ob, "07.123456");
	lang_func_put_strftime(&ob, "1%f", 1000123000ULL, 0);
	expect_text(&ob, "1000123");
	lang_func_put_strftime(&ob, "%f %f", 999999000ULL, 1000ULL);
	expect_text(&ob, "000000 000000");
	lang_func_put_strftime(&ob, "", 0, off);
	expect_text(&ob, "");
	outbuf_release(&ob);
}

static void test_regs(void **state)
{
	u64 addr = 1;

	(void)state;
	/* struct pt_regs on x86-64: r15 first, ip the 17th, sp the 20th */
	assert_int_equal(lang_func_reg_offset("r15"), 0);
	assert_int_equal(lang_func_reg_offset("di"), 14 * 8);
	assert_int_equal(lang_func_reg_offset("ip"), 16 * 8);
	assert_int_equal(lang_func_reg_offset("sp"), 19 * 8);
	assert_int_equal(lang_func_reg_offset("ss"), 20 * 8);
	assert_int_equal(lang_func_reg_offset("rip"), -1);
	assert_int_equal(lang_func_reg_offset(""), -1);
	assert_int_equal(lang_func_kaddr("scry_no_such_kernel_symbol_zz", &addr), -1);
	assert_int_equal(addr, 1);
}

static void test_cgroup_path(void **state)
{
	char dir[] = "/tmp/scry-cgroup-XXXXXX", path[256], mounts[300];
	struct outbuf ob;
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/v2", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/v2/a", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/v2/a/b", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(stat(path, &st), 0);
	snprintf(mounts, sizeof(mounts), "%s/mounts", dir);
	f = fopen(mounts, "w");
	assert_non_null(f);
	/* a v1 hierarchy without the id, the v2 one with it, a tmpfs */
	fprintf(f, "cgroup %s/pids cgroup rw 0 0\ncgroup2 %s/v2 cgroup2 rw 0 0\ntmpfs %s tmpfs rw 0 0\n", dir, dir, dir);
	fclose(f);
	outbuf_init_mem(&ob);
	lang_func_put_cgroup_path(&ob, st.st_ino, "*", mounts);
	expect_text(&ob, "unified:/a/b");
	lang_func_put_cgroup_path(&ob, st.st_ino, "pids", mounts);
	expect_text(&ob, "");
	snprintf(path, sizeof(path), "%s/v2", dir);
	assert_int_equal(stat(path, &st), 0);
	lang_func_put_cgroup_path(&ob, st.st_ino, "uni*", mounts);
	expect_text(&ob, "unified:/");
	outbuf_release(&ob);
	unlink(mounts);
	snprintf(path, sizeof(path), "%s/v2/a/b", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/v2/a", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/v2", dir);
	rmdir(path);
	rmdir(dir);
}

/* ---- the checker -------------------------------------------------------------------------- */

static int check(const char *src, struct lang_program *p, char *err, size_t errlen, bool unsafe)
{
	memset(p, 0, sizeof(*p));
	p->unsafe = unsafe;
	p->ast = lang_parse(src, strlen(src), "-e", err, errlen);
	if (!p->ast)
		return -1;
	return lang_sema(p, err, errlen);
}

static void bad(const char *src, const char *want)
{
	struct lang_program p;
	char err[2048] = "";

	assert_int_not_equal(check(src, &p, err, sizeof(err), false), 0);
	if (strcmp(err, want)) {
		print_error("program: %s\nwant: %s\ngot:  %s\n", src, want, err);
		fail();
	}
	lang_program_release(&p);
}

static void test_sema(void **state)
{
	struct lang_program p;
	char err[2048] = "";

	(void)state;
	assert_int_equal(check("BEGIN { @a = bswap((int16)1); @b = strncmp(\"ab\", \"ac\", 1); "
			       "@c[buf(\"xyz\", 2)] = 1; @d = ntop(1); @e = strftime(\"%H\", nsecs); "
			       "@f = uptr(1); system(\"true\"); cat(\"/x%d\", 1); }",
			       &p, err, sizeof(err), true), 0);
	for (int i = 0; i < p.nmaps; i++) {
		const struct lang_map *m = &p.maps[i];

		switch (m->name[1]) {
		case 'a': assert_int_equal(m->value.kind, LT_INT); assert_false(m->value.is_signed); break;
		case 'b': assert_int_equal(m->value.kind, LT_INT); break;
		case 'c': assert_int_equal(m->keys[0].kind, LT_BUF); assert_int_equal(m->key_size, 16); break;
		case 'd': assert_int_equal(m->value.kind, LT_INET); assert_int_equal(m->value_size, 24); break;
		case 'e': assert_int_equal(m->value.kind, LT_TIMESTAMP); assert_int_equal(m->value_size, 16); break;
		case 'f': assert_int_equal(m->value.kind, LT_INT); break;
		default: fail();
		}
	}
	/* bswap's value has its argument's width */
	assert_int_equal(p.ast->blocks->body->assign.rhs->type.size, 2);
	assert_int_equal(p.nfmts, 3);   /* strftime's, system's, cat's */
	lang_program_release(&p);

	bad("BEGIN { system(\"ls\"); }",
	    "-e:1:9: system() is an unsafe function being used in safe mode (run with --unsafe)\n"
	    "BEGIN { system(\"ls\"); }\n"
	    "        ^^^^^^^^^^^^");
	bad("BEGIN { @ = strncmp(\"a\", 1, 1); }",
	    "-e:1:26: strncmp()'s argument 2 must be a string, not s64\n"
	    "BEGIN { @ = strncmp(\"a\", 1, 1); }\n"
	    "                         ^");
	bad("BEGIN { @ = strncmp(\"a\", \"b\", pid); }",
	    "-e:1:31: strncmp()'s length must be a constant integer\n"
	    "BEGIN { @ = strncmp(\"a\", \"b\", pid); }\n"
	    "                              ^^^");
	bad("BEGIN { @ = bswap(\"x\"); }",
	    "-e:1:19: bswap() needs an integer, not string[2]\n"
	    "BEGIN { @ = bswap(\"x\"); }\n"
	    "                  ^^^");
	bad("BEGIN { @ = kaddr(\"scry_no_such_kernel_symbol_zz\"); }",
	    "-e:1:13: Failed to resolve kernel symbol: scry_no_such_kernel_symbol_zz\n"
	    "BEGIN { @ = kaddr(\"scry_no_such_kernel_symbol_zz\"); }\n"
	    "            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^");
	bad("BEGIN { @ = reg(\"rip\"); }",
	    "-e:1:17: 'rip' is not a valid register on this architecture\n"
	    "BEGIN { @ = reg(\"rip\"); }\n"
	    "                ^^^^^");
	bad("BEGIN { @ = reg(\"ip\"); }",
	    "-e:1:13: reg() is only available in uprobe, uretprobe, kprobe and kretprobe probes\n"
	    "BEGIN { @ = reg(\"ip\"); }\n"
	    "            ^^^^^^^^^");
	bad("BEGIN { @ = buf(1); }",
	    "-e:1:13: buf() of a pointer needs a length: buf(p, n)\n"
	    "BEGIN { @ = buf(1); }\n"
	    "            ^^^^^^");
	bad("BEGIN { printf(\"%r\", 1); }",
	    "-e:1:22: printf(): argument 1 is s64, which %r cannot print\n"
	    "BEGIN { printf(\"%r\", 1); }\n"
	    "                     ^");
	bad("BEGIN { @ = cat(\"/x\"); }",
	    "-e:1:13: cat() is a statement and has no value\n"
	    "BEGIN { @ = cat(\"/x\"); }\n"
	    "            ^^^^^^^^^");
	bad("BEGIN { @ = strftime(\"%H\", \"x\"); }",
	    "-e:1:28: strftime() needs an integer, not string[2]\n"
	    "BEGIN { @ = strftime(\"%H\", \"x\"); }\n"
	    "                           ^^^");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_inet),
		cmocka_unit_test(test_pton),
		cmocka_unit_test(test_strftime),
		cmocka_unit_test(test_regs),
		cmocka_unit_test(test_cgroup_path),
		cmocka_unit_test(test_sema),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
