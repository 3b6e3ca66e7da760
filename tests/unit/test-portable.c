/* Unit tests for util/perfdata/portable (the section carried for reporting on
 * another machine) and util/perfdata/portable-elf (the DSO images in it): a round
 * trip through the encoder and decoder; every truncation point refused
 * cleanly; flipped bytes refused or harmless (ASan checks the reads), and
 * always refused inside compressed data (zstd's checksum); the image of
 * this test binary naming the same symbols and keeping its unwind tables;
 * embedded kernel symbols; attaching to a machine's DSOs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/symbols/kallsyms.h"
#include "util/symbols/machine.h"
#include "util/perfdata/portable-elf.h"
#include "util/perfdata/portable.h"
#include "util/symbols/symbol-elf.h"
#include "util/symbols/unwind-elf.h"

static const char ksyms[] = "ffffffff81000000 T _text\n"
			    "ffffffff81001000 T do_one\n"
			    "ffffffff81002000 t helper_two\n"
			    "ffffffffc0001000 t mod_fn\t[somemod]\n";

static u8 *self_image(bool unwind, size_t *size)
{
	char err[256];
	u8 *img;

	assert_int_equal(portable_elf_image_file("/proc/self/exe", unwind, &img, size, err, sizeof(err)), 0);
	return img;
}

/* A section of: kernel symbols, an entry of a kind from a newer writer,
 * this binary's image. */
static void build(struct portable_builder *b, const u8 *img, size_t size)
{
	static const u8 id[20] = { 0xde, 0xad, 0xbe, 0xef };
	char err[256];

	portable_builder_init(b, 3);
	assert_int_equal(portable_builder_add(b, PORTABLE_KSYMS, 0, NULL, 0, "[kernel.kallsyms]", ksyms,
					      strlen(ksyms), err, sizeof(err)), 0);
	assert_int_equal(portable_builder_add(b, 77, 0, NULL, 0, "future", "xyz", 3, err, sizeof(err)), 0);
	assert_int_equal(portable_builder_add(b, PORTABLE_ELF, PORTABLE_F_UNWIND, id, 20, "/nonexistent/scry-test/self",
					      img, size, err, sizeof(err)), 0);
	portable_builder_finish(b);
	assert_int_equal(b->ob.error, 0);
}

static void test_round_trip(void **state)
{
	struct portable_builder b;
	struct portable p;
	size_t size;
	u8 *img = self_image(true, &size);
	char err[256];

	(void)state;
	build(&b, img, size);
	assert_int_equal(b.ob.len % 8, 0);
	assert_true(b.ob.len < size);   /* zeros compress */
	assert_int_equal(portable_parse(&p, b.ob.buf, b.ob.len, err, sizeof(err)), 0);
	assert_int_equal(p.nr, 2);      /* the unknown kind is skipped */
	assert_int_equal(p.e[0].kind, PORTABLE_KSYMS);
	assert_string_equal(p.e[0].path, "[kernel.kallsyms]");
	assert_int_equal(p.e[0].build_id_size, 0);
	assert_int_equal(p.e[1].kind, PORTABLE_ELF);
	assert_int_equal(p.e[1].flags, PORTABLE_F_UNWIND);
	assert_int_equal(p.e[1].build_id_size, 20);
	assert_int_equal(p.e[1].build_id[3], 0xef);
	assert_string_equal(p.e[1].path, "/nonexistent/scry-test/self");
	assert_int_equal(p.e[1].raw_size, size);
	assert_null(p.e[1].data);
	assert_int_equal(portable_load(&p, err, sizeof(err)), 0);
	assert_memory_equal(p.e[0].data, ksyms, strlen(ksyms));
	assert_memory_equal(p.e[1].data, img, size);
	portable_release(&p);
	portable_builder_release(&b);
	free(img);

	/* An empty section is valid. */
	portable_builder_init(&b, 1);
	portable_builder_finish(&b);
	assert_int_equal(portable_parse(&p, b.ob.buf, b.ob.len, err, sizeof(err)), 0);
	assert_int_equal(p.nr, 0);
	portable_release(&p);
	portable_builder_release(&b);
}

/* Cut anywhere: refused, with one line, never read past the cut (ASan). */
static void test_truncated(void **state)
{
	struct portable_builder b;
	struct portable p;
	size_t size;
	u8 *img = self_image(false, &size);
	char err[256];

	(void)state;
	build(&b, img, size);
	for (size_t cut = 0; cut < b.ob.len; cut++) {
		u8 *copy = malloc(cut ? cut : 1);

		assert_non_null(copy);
		memcpy(copy, b.ob.buf, cut);
		err[0] = '\0';
		assert_int_equal(portable_parse(&p, copy, cut, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "portable section"));
		assert_null(strchr(err, '\n'));
		free(copy);
	}
	/* And a section longer than its entries (padding): still read. */
	assert_int_equal(portable_parse(&p, b.ob.buf, b.ob.len, err, sizeof(err)), 0);
	portable_release(&p);
	portable_builder_release(&b);
	free(img);
}

/* Every byte flipped in turn: refused, or parsed within bounds; a flip in
 * compressed bytes is always caught by the load. */
static void test_flipped(void **state)
{
	struct portable_builder b;
	struct portable p, good;
	size_t size;
	u8 *img = self_image(false, &size);
	u8 *copy;
	char err[256];

	(void)state;
	build(&b, img, size);
	assert_int_equal(portable_parse(&good, b.ob.buf, b.ob.len, err, sizeof(err)), 0);
	copy = malloc(b.ob.len);
	assert_non_null(copy);
	for (size_t at = 0; at < b.ob.len; at++) {
		bool in_z = false;

		memcpy(copy, b.ob.buf, b.ob.len);
		copy[at] ^= 0x5a;
		for (u32 i = 0; i < good.nr; i++) {
			size_t zoff = (size_t)(good.e[i].zdata - (const u8 *)b.ob.buf);

			if (at >= zoff && at < zoff + good.e[i].zsize)
				in_z = true;
		}
		if (portable_parse(&p, copy, b.ob.len, err, sizeof(err)))
			continue;
		/* Only the padding after an entry may change unnoticed. */
		for (u32 i = 0; i < good.nr; i++) {
			size_t eoff = (size_t)(good.e[i].zdata - (const u8 *)b.ob.buf) - strlen(good.e[i].path) -
				      PORTABLE_ENTRY_FIXED;

			if (at >= eoff && at < eoff + PORTABLE_ENTRY_FIXED + strlen(good.e[i].path) + good.e[i].zsize)
				fail_msg("flip at %zu (entry %u) not caught", at, i);
		}
		if (in_z && !portable_load(&p, err, sizeof(err)))
			fail_msg("flip at %zu not caught", at);
		else if (!portable_load(&p, err, sizeof(err)))
			for (u32 i = 0; i < p.nr; i++)
				assert_true(p.e[i].raw_size <= PORTABLE_MAX_RAW);
		portable_release(&p);
	}
	/* Hostile sizes: a huge entry count, an entry size past the end. */
	memcpy(copy, b.ob.buf, b.ob.len);
	memset(copy + 8, 0xff, 4);
	assert_int_equal(portable_parse(&p, copy, b.ob.len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more entries"));
	memcpy(copy, b.ob.buf, b.ob.len);
	memset(copy + PORTABLE_HDR_SIZE, 0xff, 4);
	assert_int_equal(portable_parse(&p, copy, b.ob.len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "entry size"));
	memcpy(copy, b.ob.buf, b.ob.len);
	copy[4] = 9;    /* version */
	assert_int_equal(portable_parse(&p, copy, b.ob.len, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "version"));
	free(copy);
	portable_release(&good);
	portable_builder_release(&b);
	free(img);
}

/* The image names what the file names, keeps its unwind tables (only when
 * asked) and its segments; code bytes are gone. */
static void test_image(void **state)
{
	struct symtab a, b;
	struct dso_segment *sa, *sb;
	u32 na, nb;
	bool ra, rb;
	size_t size, size2;
	u8 *img = self_image(true, &size), *img2 = self_image(false, &size2);
	struct unwind_elf e;
	struct eh_frame_hdr h;
	const struct symbol *main_sym;

	(void)state;
	symtab_init(&a);
	symtab_init(&b);
	assert_true(elf_load_symbols("/proc/self/exe", &a) > 10);
	assert_int_equal(elf_segments("/proc/self/exe", &sa, &na, &ra), 0);
	assert_int_equal(elf_image_load(img, size, &b, &sb, &nb, &rb), (int)a.nr);
	symtab_finish(&a);
	symtab_finish(&b);
	assert_int_equal(a.nr, b.nr);
	for (size_t i = 0; i < a.nr; i++) {
		assert_int_equal(a.syms[i].start, b.syms[i].start);
		assert_int_equal(a.syms[i].size, b.syms[i].size);
		assert_string_equal(a.syms[i].name, b.syms[i].name);
	}
	assert_int_equal(na, nb);
	assert_int_equal(ra, rb);
	assert_memory_equal(sa, sb, na * sizeof(*sa));
	main_sym = symtab_find_name(&b, "main");
	assert_non_null(main_sym);

	assert_int_equal(unwind_elf_parse(&e, img, size), 0);
	assert_true(e.eh_frame_hdr.present && e.eh_frame.present);
	assert_true(e.build_id_size > 0);
	assert_int_equal(eh_frame_hdr_parse(img + e.eh_frame_hdr.off, e.eh_frame_hdr.size, e.eh_frame_hdr.vaddr, &h), 0);
	assert_true(h.searchable && h.fde_count > 10);
	/* main's code is not carried. */
	{
		const u8 *code = unwind_elf_at(&e, main_sym->start, 4);
		static const u8 zero[4];

		assert_non_null(code);
		assert_memory_equal(code, zero, 4);
	}
	unwind_elf_release(&e);

	/* Without unwind tables: the header's bytes are not there. */
	assert_int_equal(unwind_elf_parse(&e, img2, size2), 0);
	assert_int_not_equal(eh_frame_hdr_parse(img2 + e.eh_frame_hdr.off, e.eh_frame_hdr.size,
						e.eh_frame_hdr.vaddr, &h), 0);
	unwind_elf_release(&e);

	/* Not ELF, or headers out of the buffer: refused. */
	{
		u8 *out;
		size_t osize;
		char err[256];

		assert_int_equal(portable_elf_image((const u8 *)"hello", 5, true, &out, &osize, err, sizeof(err)), -1);
		assert_int_equal(portable_elf_image(img, 80, true, &out, &osize, err, sizeof(err)), -1);
		for (size_t cut = 0; cut < size; cut += cut < 4096 ? 13 : 997)
			if (!portable_elf_image(img, cut, true, &out, &osize, err, sizeof(err))) {
				assert_true(osize <= cut);
				free(out);
			}
	}
	symtab_free(&a);
	symtab_free(&b);
	free(sa);
	free(sb);
	free(img);
	free(img2);
}

/* A data header carrying the section, attached to a machine: the kernel
 * symbols come from it (no KASLR offset), the DSO gets its image and its
 * build-id, and a missing file is named from the image. */
static void test_attach(void **state)
{
	struct portable_builder b;
	struct portable p;
	struct data_header h;
	struct machine m;
	struct dso *dso;
	size_t size;
	u8 *img = self_image(true, &size);
	char err[256];
	const struct symbol *s;

	(void)state;
	build(&b, img, size);
	data_header_init(&h);
	machine_init(&m);
	assert_int_equal(portable_attach(&p, &m, &h, err, sizeof(err)), 0);     /* none */
	h.raw = calloc(1, sizeof(*h.raw));
	assert_non_null(h.raw);
	h.raw[0].id = FEAT_SCRY_PORTABLE;
	h.raw[0].data = b.ob.buf;
	h.raw[0].size = b.ob.len;
	h.nr_raw = 1;
	b.ob.buf = NULL;
	assert_int_equal(portable_attach(&p, &m, &h, err, sizeof(err)), 1);
	dso_load(m.kernel, NULL);
	s = symtab_find(&m.kernel->symtab, 0xffffffff81001010ull);
	assert_non_null(s);
	assert_string_equal(s->name, "do_one");
	s = symtab_find(&m.kernel->symtab, 0xffffffffc0001004ull);
	assert_non_null(s);
	assert_string_equal(s->name, "mod_fn [somemod]");
	dso = dsos_find(&m.dsos, "/nonexistent/scry-test/self");
	assert_non_null(dso);
	assert_int_equal(dso->build_id_size, 20);
	assert_ptr_equal(dso->image, p.e[1].data);
	dso_load(dso, NULL);
	assert_true(dso->have_file);
	assert_non_null(symtab_find_name(&dso->symtab, "main"));
	assert_true(dso->nr_segs > 0);
	machine_free(&m);
	portable_release(&p);

	/* Damaged: refused whole, nothing attached. */
	((u8 *)h.raw[0].data)[h.raw[0].size - 40] ^= 0xff;
	machine_init(&m);
	assert_int_equal(portable_attach(&p, &m, &h, err, sizeof(err)), -1);
	assert_null(m.kernel->image);
	machine_free(&m);
	portable_release(&p);

	data_header_free(&h);
	portable_builder_release(&b);
	free(img);
}

static void test_kallsyms_mem(void **state)
{
	struct symtab t;

	(void)state;
	symtab_init(&t);
	assert_int_equal(kallsyms_load_mem(ksyms, strlen(ksyms), &t), 4);
	assert_string_equal(symtab_find(&t, 0xffffffff81002004ull)->name, "helper_two");
	symtab_free(&t);
	symtab_init(&t);
	assert_int_equal(kallsyms_load_mem(ksyms, 0, &t), 0);
	/* Cut in the middle of a line: what is whole is read. */
	assert_true(kallsyms_load_mem(ksyms, 40, &t) >= 1);
	symtab_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_flipped),
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_attach),
		cmocka_unit_test(test_kallsyms_mem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
