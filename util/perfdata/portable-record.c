/* Building the portable section at the end of `scry record`. Runs once,
 * after the data is written: the cost (reading each hit DSO's headers and
 * tables, compressing) is reported in the record summary. */
#include "util/perfdata/portable-record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/debug.h"
#include "util/symbols/kallsyms.h"
#include "util/perfdata/portable-elf.h"
#include "util/perfdata/portable.h"
#include "util/symbols/unwind-elf.h"

#define KALLSYMS "/proc/kallsyms"
#define DELETED_SUFFIX " (deleted)"

/* The kallsyms lines of the symbols containing the addresses hit: the
 * same text kallsyms_load reads, so the reader needs no other parser. */
static int kernel_lines(struct buildid_tracker *t, struct outbuf *ob, u32 *nr)
{
	struct symtab all;
	struct hashmap starts;
	size_t it = 0;
	u64 addr;
	FILE *f;
	char *line = NULL;
	size_t linesz = 0;

	*nr = 0;
	symtab_init(&all);
	if (kallsyms_load(KALLSYMS, &all) <= 0) {
		symtab_free(&all);
		return -1;      /* hidden addresses (kptr_restrict) or no kallsyms */
	}
	hashmap_init(&starts);
	while (hashmap_next(&t->kaddrs, &it, &addr, NULL)) {
		const struct symbol *sym = symtab_find(&all, addr);

		/* kallsyms has no sizes: a symbol ends where the next one
		 * starts, so that one is carried too, or the last symbol hit
		 * would reach no further than its own start. */
		if (sym) {
			hashmap_put(&starts, sym->start, (void *)1);
			if (sym->size)
				hashmap_put(&starts, sym->start + sym->size, (void *)1);
		}
	}
	symtab_free(&all);
	f = fopen(KALLSYMS, "re");
	while (f && starts.nr && getline(&line, &linesz, f) > 0) {
		char *end;
		u64 a = strtoull(line, &end, 16);

		if (end != line && *end == ' ' && hashmap_get(&starts, a)) {
			outbuf_puts(ob, line);
			(*nr)++;
		}
	}
	free(line);
	if (f)
		fclose(f);
	hashmap_free(&starts);
	return 0;
}

static char *file_of(const char *path)
{
	size_t n = strlen(path), sl = strlen(DELETED_SUFFIX);

	if (n >= sl && !strcmp(path + n - sl, DELETED_SUFFIX))
		n -= sl;
	return strndup(path, n);
}

/* One DSO's image: its build-id must be the recorded one (the file may
 * have been replaced since it was mapped). */
static int add_dso(struct portable_builder *b, const struct dso *dso, bool unwind,
		   struct portable_record_stats *st)
{
	struct unwind_elf e;
	char err[512], *file = NULL;
	u8 *img = NULL;
	size_t size;
	int rc = -1;

	if (dso->kind == DSO_VDSO) {
		if (portable_elf_vdso(&img, &size))
			return -1;
	} else {
		file = file_of(dso->path);
		if (!file || portable_elf_image_file(file, unwind, &img, &size, err, sizeof(err))) {
			pr_debug("portable: %s: %s", dso->path, file ? err : "out of memory");
			goto out;
		}
	}
	if (unwind_elf_parse(&e, img, size))
		goto out;
	unwind_elf_release(&e);
	if (dso->build_id_size && e.build_id_size &&
	    (dso->build_id_size != e.build_id_size || memcmp(dso->build_id, e.build_id, e.build_id_size))) {
		pr_debug("portable: %s: the file is not the recorded build", dso->path);
		goto out;
	}
	if (portable_builder_add(b, PORTABLE_ELF, unwind ? PORTABLE_F_UNWIND : 0, e.build_id, e.build_id_size,
				 dso->path, img, size, err, sizeof(err))) {
		pr_warn("%s", err);
		goto out;
	}
	st->dsos++;
	st->unwind += unwind;
	rc = 0;
out:
	free(img);
	free(file);
	return rc;
}

int portable_record(struct buildid_tracker *t, bool unwind, struct data_header *h,
		    struct portable_record_stats *st, char *err, size_t errlen)
{
	struct portable_builder b;
	struct timespec t0, t1;
	struct raw_feature *raw;
	size_t it = 0;
	void *v;

	memset(st, 0, sizeof(*st));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	portable_builder_init(&b, 3);
	if (t->kernel_hit && t->kaddrs.nr) {
		struct outbuf ob;

		outbuf_init_mem(&ob);
		if (!kernel_lines(t, &ob, &st->ksyms) && st->ksyms && !ob.error &&
		    portable_builder_add(&b, PORTABLE_KSYMS, 0, NULL, 0, "[kernel.kallsyms]", ob.buf, ob.len, err,
					 errlen))
			pr_warn("%s", err);
		outbuf_release(&ob);
	}
	while (hashmap_next(&t->hit, &it, NULL, &v)) {
		const struct dso *dso = v;

		if ((dso->kind == DSO_USER || dso->kind == DSO_VDSO) && add_dso(&b, dso, unwind, st))
			st->skipped++;
	}
	portable_builder_finish(&b);
	if (b.ob.error) {
		snprintf(err, errlen, "portable: out of memory");
		portable_builder_release(&b);
		return -1;
	}
	if (b.nr) {
		raw = realloc(h->raw, (h->nr_raw + 1) * sizeof(*raw));
		if (!raw) {
			portable_builder_release(&b);
			snprintf(err, errlen, "portable: out of memory");
			return -1;
		}
		h->raw = raw;
		raw = &h->raw[h->nr_raw];
		raw->id = FEAT_SCRY_PORTABLE;
		raw->data = b.ob.buf;   /* the header owns it now */
		raw->size = b.ob.len;
		b.ob.buf = NULL;
		b.ob.len = b.ob.cap = 0;
		h->nr_raw++;
		data_header_set(h, FEAT_SCRY_PORTABLE);
		st->bytes = raw->size;
		st->raw_bytes = b.raw_bytes;
	}
	portable_builder_release(&b);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	return 0;
}
