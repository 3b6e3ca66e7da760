/* Resolving a binary's name as the dynamic linker and the shell would
 * (moved here from builtin-probe.c so that uprobes in the language resolve
 * names exactly as `scry probe -x` does). */
#include "util/symbols/binpath.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Directories searched after those of /etc/ld.so.conf.d, in this order. */
static const char *const binpath_default_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
	"/lib", "/usr/lib", "/usr/local/lib",
};

#define BINPATH_MAX_DIRS 64

static bool is_elf_file(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rbe");
	bool ok;

	if (!f)
		return false;
	ok = fread(m, 1, 4, f) == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
	fclose(f);
	return ok;
}

/* The dynamic linker's directories: the *.conf files of /etc/ld.so.conf.d
 * (plain directory lines; "include" lines are what ld.so.conf itself
 * holds) and the default ones. */
static int library_dirs(char dirs[][PATH_MAX], int max)
{
	int n = 0;
	glob_t g;

	if (glob("/etc/ld.so.conf.d/*.conf", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			FILE *f = fopen(g.gl_pathv[i], "re");
			char line[PATH_MAX];

			while (f && fgets(line, sizeof(line), f) && n < max) {
				char *s = line, *e;

				while (isspace((unsigned char)*s))
					s++;
				e = s + strcspn(s, "#\n");
				while (e > s && isspace((unsigned char)e[-1]))
					e--;
				*e = '\0';
				if (*s == '/')
					snprintf(dirs[n++], PATH_MAX, "%s", s);
			}
			if (f)
				fclose(f);
		}
		globfree(&g);
	}
	for (size_t i = 0; i < sizeof(binpath_default_dirs) / sizeof(binpath_default_dirs[0]) && n < max; i++)
		snprintf(dirs[n++], PATH_MAX, "%s", binpath_default_dirs[i]);
	return n;
}

/* "libc", "c", "libc.so.6" -> the library the dynamic linker would load:
 * the first directory holding an ELF file named like it (libc.so is a
 * linker script in -dev packages, hence the ELF check). out has PATH_MAX
 * bytes. */
static bool find_library(const char *name, char *out)
{
	char (*dirs)[PATH_MAX] = malloc(BINPATH_MAX_DIRS * sizeof(*dirs));
	char pat[PATH_MAX + 64], lib[256];
	bool found = false;
	int nd;

	if (!dirs)
		return false;
	nd = library_dirs(dirs, BINPATH_MAX_DIRS);
	if (!strncmp(name, "lib", 3))
		snprintf(lib, sizeof(lib), "%s", name);
	else
		snprintf(lib, sizeof(lib), "lib%s", name);
	for (int i = 0; i < nd && !found; i++) {
		glob_t g;

		/* The exact name first, then versioned ones: libc.so.6. */
		snprintf(pat, sizeof(pat), "%s/%s", dirs[i], lib);
		if (strstr(lib, ".so") && is_elf_file(pat) && realpath(pat, out)) {
			found = true;
			break;
		}
		snprintf(pat, sizeof(pat), "%s/%s.so*", dirs[i], lib);
		if (glob(pat, 0, NULL, &g) == 0) {
			for (size_t j = 0; j < g.gl_pathc && !found; j++)
				if (is_elf_file(g.gl_pathv[j]) && realpath(g.gl_pathv[j], out))
					found = true;
			globfree(&g);
		}
	}
	free(dirs);
	return found;
}

/* A program on $PATH: "-x bash". out has PATH_MAX bytes. */
static bool find_in_path(const char *name, char *out)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, cand[PATH_MAX];
	bool found = false;

	if (!path || strchr(name, '/'))
		return false;
	copy = strdup(path);
	for (dir = copy ? strtok_r(copy, ":", &save) : NULL; dir && !found; dir = strtok_r(NULL, ":", &save)) {
		snprintf(cand, sizeof(cand), "%s/%s", dir, name);
		if (access(cand, X_OK) == 0 && is_elf_file(cand) && realpath(cand, out))
			found = true;
	}
	free(copy);
	return found;
}

static int copy_out(const char *path, char *out, size_t len)
{
	if (strlen(path) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, path, strlen(path) + 1);
	return 0;
}

int binpath_resolve(const char *name, char *out, size_t len)
{
	char real[PATH_MAX];
	struct stat st;

	if (stat(name, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			errno = EINVAL;
			return -1;
		}
		if (!is_elf_file(name)) {
			errno = ENOEXEC;
			return -1;
		}
		if (!realpath(name, real))
			return -1;
		return copy_out(real, out, len);
	}
	if (!strchr(name, '/') && (find_library(name, real) || find_in_path(name, real)))
		return copy_out(real, out, len);
	errno = ENOENT;
	return -1;
}

char *binpath_strerror(const char *name, int errnum, char *buf, size_t len)
{
	switch (errnum) {
	case EINVAL:
		snprintf(buf, len, "%s is not a regular file", name);
		break;
	case ENOEXEC:
		snprintf(buf, len, "%s is not an ELF binary", name);
		break;
	case ENOENT:
		if (strchr(name, '/'))
			snprintf(buf, len, "%s: no such file", name);
		else
			snprintf(buf, len,
				 "%s: no such file, no library lib%s.so* in the dynamic linker's "
				 "directories and no program %s on $PATH",
				 name, strncmp(name, "lib", 3) ? name : name + 3, name);
		break;
	default:
		snprintf(buf, len, "%s: %s", name, strerror(errnum));
	}
	return buf;
}
