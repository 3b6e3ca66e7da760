/* perf's build-id cache (see buildid-cache.h for the layout). */
#include "util/symbols/buildid-cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/debug.h"
#include "util/symbols/kallsyms.h"
#include "util/symbols/symbol-elf.h"

#define ID_MAX 20

void buildid_hex(const u8 *id, u8 id_size, char *hex)
{
	static const char digits[] = "0123456789abcdef";

	for (u8 i = 0; i < id_size; i++) {
		hex[2 * i] = digits[id[i] >> 4];
		hex[2 * i + 1] = digits[id[i] & 15];
	}
	hex[2 * id_size] = '\0';
}

char *buildid_cache_dir(void)
{
	const char *d = getenv("PERF_BUILDID_DIR"), *home = getenv("HOME");
	char *p;

	if (d && d[0])
		return strdup(d);
	if (!home || !home[0])
		return NULL;
	return asprintf(&p, "%s/.debug", home) < 0 ? NULL : p;
}

static bool has_build_id(const char *file, const u8 *id, u8 id_size)
{
	u8 got[ID_MAX];
	struct stat st;

	return !stat(file, &st) && S_ISREG(st.st_mode) && elf_build_id(file, got) == id_size &&
	       !memcmp(got, id, id_size);
}

char *buildid_cache_find(const u8 *id, u8 id_size, const char *what)
{
	char hex[2 * ID_MAX + 1], *dir, *p = NULL;
	struct stat st;

	if (id_size < 2 || id_size > ID_MAX || !(dir = buildid_cache_dir()))
		return NULL;
	buildid_hex(id, id_size, hex);
	if (asprintf(&p, "%s/.build-id/%.2s/%s", dir, hex, hex + 2) < 0)
		p = NULL;
	free(dir);
	if (!p || stat(p, &st))
		goto none;
	if (S_ISDIR(st.st_mode)) {
		char *f;

		if (asprintf(&f, "%s/%s", p, what) < 0)
			goto none;
		free(p);
		p = f;
	} else if (strcmp(what, "elf")) {
		goto none;      /* the older layout has only the binary */
	}
	if (has_build_id(p, id, id_size)) {
		pr_debug("build-id cache: %s", p);
		return p;
	}
none:
	free(p);
	return NULL;
}

/* mkdir -p of every directory above and including path. */
static int make_dirs(char *path)
{
	for (char *s = strchr(path + 1, '/');; s = strchr(s + 1, '/')) {
		if (s)
			*s = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		if (!s)
			return 0;
		*s = '/';
	}
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	struct stat st;
	int in, out, rc = -1;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	if (fstat(in, &st)) {
		close(in);
		return -1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			goto out;
	rc = n < 0 ? -1 : 0;
out:
	if (close(out))
		rc = -1;
	close(in);
	if (rc)
		unlink(to);
	return rc;
}

/* A hard link when the cache is on the file's filesystem (what perf does
 * first), else a copy. */
static int link_or_copy(const char *from, const char *to)
{
	if (!access(to, F_OK))
		return 0;
	return link(from, to) && copy_file(from, to) ? -1 : 0;
}

/* Into err: "what: strerror". Returns -1. */
static int fail_errno(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s: %s", what, strerror(errno));
	return -1;
}

/* The real path and build-id of file (hex). */
static int file_identity(const char *file, char **real, u8 *id, char *hex, char *err, size_t errlen)
{
	int n;

	*real = realpath(file, NULL);
	if (!*real)
		return fail_errno(err, errlen, file);
	n = elf_build_id(*real, id);
	if (n <= 1) {
		snprintf(err, errlen, "%s: %s", file, n < 0 ? "not an ELF file" : "has no build-id");
		free(*real);
		return -1;
	}
	buildid_hex(id, (u8)n, hex);
	return n;
}

int buildid_cache_add(const char *file, char *err, size_t errlen)
{
	char hex[2 * ID_MAX + 1], *real, *dir, *entry = NULL, *link_path = NULL, *target = NULL, *f = NULL;
	char *dbg = NULL;
	u8 id[ID_MAX];
	int n, rc = -1;

	n = file_identity(file, &real, id, hex, err, errlen);
	if (n < 0)
		return -1;
	dir = buildid_cache_dir();
	if (!dir) {
		snprintf(err, errlen, "no cache directory: neither PERF_BUILDID_DIR nor HOME is set");
		free(real);
		return -1;
	}
	if (asprintf(&entry, "%s%s/%s", dir, real, hex) < 0 || asprintf(&f, "%s/elf", entry) < 0 ||
	    asprintf(&link_path, "%s/.build-id/%.2s/%s", dir, hex, hex + 2) < 0 ||
	    asprintf(&target, "../..%s/%s", real, hex) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (make_dirs(entry)) {
		fail_errno(err, errlen, entry);
		goto out;
	}
	if (link_or_copy(real, f)) {
		fail_errno(err, errlen, f);
		goto out;
	}
	/* Its debug file beside it, as perf keeps it ("debug"). */
	dbg = elf_find_debug_file("", real, id, (u8)n);
	if (dbg && strcmp(dbg, f)) {
		free(f);
		if (asprintf(&f, "%s/debug", entry) < 0 || link_or_copy(dbg, f)) {
			fail_errno(err, errlen, "debug file");
			f = NULL;
			goto out;
		}
	}
	*strrchr(link_path, '/') = '\0';
	if (make_dirs(link_path)) {
		fail_errno(err, errlen, link_path);
		goto out;
	}
	link_path[strlen(link_path)] = '/';
	if (symlink(target, link_path) && errno != EEXIST) {
		fail_errno(err, errlen, link_path);
		goto out;
	}
	rc = 0;
out:
	free(real);
	free(dir);
	free(entry);
	free(link_path);
	free(target);
	free(f);
	free(dbg);
	return rc;
}

/* rm -r of a cache entry directory (files only, one level). */
static void remove_entry_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(path);
}

int buildid_cache_remove(const char *file, char *err, size_t errlen)
{
	char hex[2 * ID_MAX + 1], *real, *dir, *link_path = NULL, target[PATH_MAX], *entry = NULL;
	u8 id[ID_MAX];
	ssize_t tl;
	int rc = -1;

	if (file_identity(file, &real, id, hex, err, errlen) < 0)
		return -1;
	dir = buildid_cache_dir();
	if (!dir || asprintf(&link_path, "%s/.build-id/%.2s/%s", dir, hex, hex + 2) < 0) {
		snprintf(err, errlen, "no cache directory: neither PERF_BUILDID_DIR nor HOME is set");
		link_path = NULL;
		goto out;
	}
	tl = readlink(link_path, target, sizeof(target) - 1);
	if (tl < 0) {
		snprintf(err, errlen, "%s (%s) is not in the cache", file, hex);
		goto out;
	}
	target[tl] = '\0';
	/* The entry the link names, relative to the link's directory. */
	if (target[0] != '/') {
		char *slash = strrchr(link_path, '/');

		if (asprintf(&entry, "%.*s/%s", (int)(slash - link_path), link_path, target) < 0)
			entry = NULL;
	} else {
		entry = strdup(target);
	}
	if (unlink(link_path)) {
		fail_errno(err, errlen, link_path);
		goto out;
	}
	if (entry) {
		struct stat st;

		if (!lstat(entry, &st) && S_ISDIR(st.st_mode))
			remove_entry_dir(entry);
	}
	rc = 0;
out:
	free(real);
	free(dir);
	free(link_path);
	free(entry);
	return rc;
}

struct listed {
	char id[2 * ID_MAX + 1];
	char *path;
};

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct listed *)a)->id, ((const struct listed *)b)->id);
}

static bool is_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

/* The file an entry's symlink stands for: "../../usr/bin/ls/ID" -> "/usr/bin/ls". */
static char *entry_name(const char *target, const char *id)
{
	size_t n, il = strlen(id);
	char *name;

	while (!strncmp(target, "../", 3))
		target += 3;
	while (*target == '/')
		target++;
	n = strlen(target);
	if (n > il + 1 && target[n - il - 1] == '/' && !strcmp(target + n - il, id))
		n -= il + 1;
	if (asprintf(&name, "/%.*s", (int)n, target) < 0)
		return NULL;
	return name;
}

/* Whether the file an entry was made from is still at its path, that
 * build (perf lists only those: the others are what the cache is for, but
 * its --list says what is "valid"). */
static bool still_there(const char *path, const char *hex)
{
	char now[2 * ID_MAX + 1];
	u8 id[ID_MAX];
	int n;

	if (!strcmp(path, "/[kernel.kallsyms]"))
		n = kallsyms_kernel_build_id(id);
	else
		n = elf_build_id(path, id);
	if (n <= 0 || n > ID_MAX)
		return false;
	buildid_hex(id, (u8)n, now);
	return !strcmp(now, hex);
}

static int collect(const char *bdir, DIR *top, struct listed **all, size_t *nr, size_t *cap)
{
	struct dirent *e;

	while ((e = readdir(top))) {
		char *sub, target[PATH_MAX];
		struct dirent *f;
		DIR *d;

		if (!is_hex(e->d_name, 2) || asprintf(&sub, "%s/%s", bdir, e->d_name) < 0)
			continue;
		d = opendir(sub);
		while (d && (f = readdir(d))) {
			ssize_t tl = readlinkat(dirfd(d), f->d_name, target, sizeof(target) - 1);
			struct listed *l;

			if (tl <= 0 || strlen(f->d_name) < 2 || strlen(f->d_name) > 2 * ID_MAX - 2 ||
			    !is_hex(f->d_name, strlen(f->d_name)))
				continue;
			target[tl] = '\0';
			if (*nr == *cap) {
				size_t nc = *cap ? 2 * *cap : 64;
				struct listed *na = realloc(*all, nc * sizeof(*na));

				if (!na)
					break;
				*all = na;
				*cap = nc;
			}
			l = &(*all)[*nr];
			snprintf(l->id, sizeof(l->id), "%s%s", e->d_name, f->d_name);
			l->path = entry_name(target, l->id);
			if (l->path && still_there(l->path, l->id))
				(*nr)++;
			else
				free(l->path);
		}
		if (d)
			closedir(d);
		free(sub);
	}
	return 0;
}

int buildid_cache_list(FILE *out, char *err, size_t errlen)
{
	char *dir = buildid_cache_dir(), *bdir = NULL;
	struct listed *all = NULL;
	size_t nr = 0, cap = 0;
	DIR *top;

	if (!dir || asprintf(&bdir, "%s/.build-id", dir) < 0) {
		snprintf(err, errlen, "no cache directory: neither PERF_BUILDID_DIR nor HOME is set");
		free(dir);
		return -1;
	}
	free(dir);
	top = opendir(bdir);
	if (top) {
		collect(bdir, top, &all, &nr, &cap);
		closedir(top);
	}
	free(bdir);
	if (nr)
		qsort(all, nr, sizeof(*all), by_id);
	for (size_t i = 0; i < nr; i++) {
		fprintf(out, "%s %s\n", all[i].id, all[i].path);
		free(all[i].path);
	}
	free(all);
	return (int)nr;
}
