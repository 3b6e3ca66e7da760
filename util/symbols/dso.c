/* DSOs: the files (and pseudo-files) that MMAP records name.  A data file
 * names the same few paths in thousands of records, so lookup by path is
 * a hash map; symbols are read once per DSO, on first use. */
#include "util/symbols/dso.h"

#include <stdlib.h>
#include <string.h>

#include "util/debug.h"
#include "util/symbols/buildid-cache.h"
#include "util/symbols/fetch.h"
#include "util/symbols/kallsyms.h"
#include "util/symbols/symbol-elf.h"

#define DELETED_SUFFIX " (deleted)"

/* FNV-1a: paths are short and this runs once per MMAP record. */
static u64 path_hash(const char *s)
{
	u64 h = 0xcbf29ce484222325ULL;

	while (*s) {
		h ^= (u8)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

static bool is_kmodule_path(const char *path)
{
	return has_suffix(path, ".ko") || has_suffix(path, ".ko.xz") || has_suffix(path, ".ko.zst") ||
	       has_suffix(path, ".ko.gz");
}

/* What a path is, from its name alone: kernel maps are told apart by the
 * machine (which knows the record was a kernel one) and set kind itself. */
static enum dso_kind guess_kind(const char *path)
{
	static const char *const anon_prefixes[] = {
		"//anon", "/dev/zero", "/anon_hugepage", "/memfd:", "/SYSV", "/dev/shm/",
	};

	if (!strncmp(path, "[kernel.kallsyms]", 17) || !strncmp(path, "[guest.kernel.kallsyms]", 23))
		return DSO_KERNEL;
	if (!strcmp(path, "[vdso]"))
		return DSO_VDSO;
	if (!path[0] || path[0] == '[')
		return DSO_ANON;        /* [heap], [stack], [vvar], [anon:name] ... */
	for (size_t i = 0; i < ARRAY_SIZE(anon_prefixes); i++)
		if (!strncmp(path, anon_prefixes[i], strlen(anon_prefixes[i])))
			return DSO_ANON;
	if (is_kmodule_path(path))
		return DSO_KMODULE;
	return DSO_USER;
}

void dsos_init(struct dsos *d)
{
	hashmap_init(&d->by_hash);
	d->all = NULL;
	d->nr = d->cap = 0;
	d->root = "";
}

static void dso_delete(struct dso *dso)
{
	symtab_free(&dso->symtab);
	free(dso->path);
	free(dso->symsrc);
	free(dso->segs);
	free(dso);
}

void dsos_free(struct dsos *d)
{
	for (size_t i = 0; i < d->nr; i++)
		dso_delete(d->all[i]);
	free(d->all);
	hashmap_free(&d->by_hash);
	d->all = NULL;
	d->nr = d->cap = 0;
}

struct dso *dsos_find(const struct dsos *d, const char *path)
{
	struct dso *dso = hashmap_get(&d->by_hash, path_hash(path));

	while (dso && strcmp(dso->path, path))
		dso = dso->hash_next;
	return dso;
}

static struct dso *dso_new(const char *path, const char *root)
{
	struct dso *dso = calloc(1, sizeof(*dso));
	const char *slash;

	if (!dso)
		return NULL;
	dso->path = strdup(path);
	if (!dso->path) {
		free(dso);
		return NULL;
	}
	slash = strrchr(dso->path, '/');
	dso->name = slash && slash[1] ? slash + 1 : dso->path;
	dso->kind = guess_kind(path);
	dso->root = root ? root : "";
	symtab_init(&dso->symtab);
	return dso;
}

struct dso *dsos_findnew(struct dsos *d, const char *path)
{
	struct dso *dso = dsos_find(d, path);
	u64 h = path_hash(path);

	if (dso)
		return dso;
	if (d->nr == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 32;
		struct dso **na = realloc(d->all, ncap * sizeof(*na));

		if (!na)
			return NULL;
		d->all = na;
		d->cap = ncap;
	}
	dso = dso_new(path, d->root);
	if (!dso)
		return NULL;
	dso->hash_next = hashmap_get(&d->by_hash, h);
	if (hashmap_put(&d->by_hash, h, dso)) {
		dso_delete(dso);
		return NULL;
	}
	d->all[d->nr++] = dso;
	return dso;
}

void dso_set_build_id(struct dso *dso, const u8 *id, u8 size)
{
	if (size > sizeof(dso->build_id))
		size = sizeof(dso->build_id);
	memcpy(dso->build_id, id, size);
	dso->build_id_size = size;
}

/* ---- loading ------------------------------------------------------------------- */

char *dso_file_path(const struct dso *dso)
{
	size_t rl = strlen(dso->root), pl = strlen(dso->path);
	char *p;

	if (has_suffix(dso->path, DELETED_SUFFIX))
		pl -= strlen(DELETED_SUFFIX);
	p = malloc(rl + pl + 1);
	if (!p)
		return NULL;
	memcpy(p, dso->root, rl);
	memcpy(p + rl, dso->path, pl);
	p[rl + pl] = '\0';
	return p;
}

/* Whether the file on disk is the one that was recorded. A file with no
 * build-id, or a recording without one, gets the benefit of the doubt. */
static bool file_is_recorded_one(struct dso *dso, const char *file)
{
	u8 id[20];
	int n = elf_build_id(file, id);

	if (n < 0)
		return false;
	if (!n)
		return true;
	if (!dso->build_id_size) {
		dso_set_build_id(dso, id, (u8)n);
		return true;
	}
	if (n == dso->build_id_size && !memcmp(id, dso->build_id, (size_t)n))
		return true;
	pr_debug("%s: build-id differs from the recorded one; not using it", file);
	return false;
}

/* The recorded binary when it is not at its path (deleted, or the data
 * file is from elsewhere): perf's build-id cache, else (no symbols carried
 * in the data file either) a debuginfod server. */
static char *find_binary_elsewhere(struct dso *dso)
{
	char *p;

	if (!dso->build_id_size)
		return NULL;
	p = buildid_cache_find(dso->build_id, dso->build_id_size, "elf");
	if (!p && !dso->image)
		p = fetch_executable(dso->build_id, dso->build_id_size, dso->path);
	return p;
}

/* The debug file when none is on this machine and the binary has no full
 * symbol table (missing or stripped): a debuginfod server, unless the data
 * file carries the symbols of a missing binary. */
static char *fetch_debug(struct dso *dso, const char *file, bool file_ok)
{
	if (!dso->build_id_size || !fetch_enabled() || (!file_ok && dso->image) ||
	    (file_ok && elf_has_symtab(file)))
		return NULL;
	return fetch_debuginfo(dso->build_id, dso->build_id_size, dso->path);
}

/* An executable or library: symbols from its debug file when that has a
 * full .symtab (a stripped file keeps only .dynsym), PLT entries and load
 * segments from the file itself (a debug file's .plt has no contents). */
static void load_user(struct dso *dso)
{
	char *file = dso_file_path(dso), *dbg;
	bool file_ok = file && file_is_recorded_one(dso, file);
	const char *segsrc;

	dbg = elf_find_debug_file(dso->root, dso->path, dso->build_id, dso->build_id_size);
	if (!dbg)
		dbg = fetch_debug(dso, file, file_ok);
	if (dbg && !elf_has_symtab(dbg)) {
		free(dbg);
		dbg = NULL;
	}
	if (!file_ok) {
		char *elsewhere = dbg ? buildid_cache_find(dso->build_id, dso->build_id_size, "elf")
				      : find_binary_elsewhere(dso);

		if (elsewhere) {
			free(file);
			file = elsewhere;
			file_ok = true;
		}
	}
	if (!file_ok && !dbg && dso->image) {
		/* Not on this machine (or another build): the copy the data
		 * file carries. */
		if (elf_image_load(dso->image, dso->image_size, &dso->symtab, &dso->segs, &dso->nr_segs,
				   &dso->relocatable) >= 0) {
			dso->have_file = true;
			dso->symsrc = strdup("(embedded in the data file)");
		}
		free(file);
		return;
	}
	segsrc = file_ok ? file : dbg;
	if (segsrc && elf_segments(segsrc, &dso->segs, &dso->nr_segs, &dso->relocatable))
		dso->nr_segs = 0;
	if (dbg) {
		elf_load_symbols(dbg, &dso->symtab);
		if (file_ok)
			elf_load_plt(file, &dso->symtab);
		dso->symsrc = dbg;
		dbg = NULL;
	} else if (file_ok) {
		elf_load_symbols(file, &dso->symtab);
		dso->symsrc = strdup(file);
	}
	dso->have_file = dso->symsrc != NULL;
	free(dbg);
	free(file);
}

/* This machine runs the kernel the file was recorded on (same build-id):
 * its kallsyms has every symbol, where the file carries only those hit. */
static bool same_kernel_here(const struct dso *dso)
{
	u8 id[20];
	int n;

	if (!dso->build_id_size)
		return false;
	n = kallsyms_kernel_build_id(id);
	return n == dso->build_id_size && !memcmp(id, dso->build_id, (size_t)n);
}

/* A kallsyms file named by the user, else this machine's when it runs the
 * recorded kernel, else the symbols the data file carries (the recording
 * boot's), else this machine's. */
static void load_kernel(struct dso *dso, const char *kallsyms_path)
{
	const char *src = kallsyms_path ? kallsyms_path : kallsyms_default_path();
	int n;

	if (!kallsyms_path && dso->image && same_kernel_here(dso) && kallsyms_load(src, &dso->symtab) > 0) {
		dso->have_file = true;
		dso->symsrc = strdup(src);
		return;
	}
	if (!kallsyms_path && dso->image && kallsyms_load_mem(dso->image, dso->image_size, &dso->symtab) > 0) {
		dso->have_file = true;
		dso->symsrc = strdup("(embedded in the data file)");
		return;
	}
	n = kallsyms_load(src, &dso->symtab);

	if (n == -2)
		pr_debug("%s: kernel addresses are hidden (kptr_restrict)", src);
	if (n > 0) {
		dso->have_file = true;
		dso->symsrc = strdup(src);
	}
}

/* The running kernel's vdso, unless the recording says it was another. */
static void load_vdso(struct dso *dso)
{
	u8 id[20];
	u8 n;

	if (elf_vdso_load(&dso->symtab, &dso->segs, &dso->nr_segs, id, &n) < 0 ||
	    (dso->build_id_size && n && (n != dso->build_id_size || memcmp(id, dso->build_id, n)))) {
		symtab_free(&dso->symtab);
		free(dso->segs);
		dso->segs = NULL;
		dso->nr_segs = 0;
		/* Another kernel's: the copy the data file carries, if any. */
		if (!dso->image || elf_image_load(dso->image, dso->image_size, &dso->symtab, &dso->segs,
						  &dso->nr_segs, &dso->relocatable) < 0)
			return;
	}
	dso->have_file = true;
	dso->relocatable = true;
}

void dso_load(struct dso *dso, const char *kallsyms_path)
{
	if (dso->loaded)
		return;
	dso->loaded = true;
	switch (dso->kind) {
	case DSO_USER:
		load_user(dso);
		break;
	case DSO_KERNEL:
		load_kernel(dso, kallsyms_path);
		break;
	case DSO_VDSO:
		load_vdso(dso);
		break;
	case DSO_KMODULE:       /* named through the kernel's kallsyms */
	case DSO_ANON:
		break;
	}
	symtab_finish(&dso->symtab);
}

u64 dso_offset_to_addr(const struct dso *dso, u64 offset)
{
	const struct dso_segment *best = NULL;

	for (u32 i = 0; i < dso->nr_segs; i++) {
		const struct dso_segment *s = &dso->segs[i];

		if (offset - s->offset < s->size)
			return s->vaddr + (offset - s->offset);
		/* Past every file-backed byte (a bss tail mapped from the file's
		 * last page): the closest segment below still places it. */
		if (s->offset <= offset && (!best || s->offset > best->offset))
			best = s;
	}
	return best ? best->vaddr + (offset - best->offset) : offset;
}

int dso_segments_addr_to_offset(const struct dso_segment *segs, u32 nr, u64 addr, u64 *offset)
{
	for (u32 i = 0; i < nr; i++) {
		if (addr >= segs[i].vaddr && addr - segs[i].vaddr < segs[i].size) {
			*offset = addr - segs[i].vaddr + segs[i].offset;
			return 0;
		}
	}
	return -1;
}

const struct symbol *dso_find_symbol(struct dso *dso, u64 addr)
{
	dso_load(dso, NULL);
	return symtab_find(&dso->symtab, addr);
}
