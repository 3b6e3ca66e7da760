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

static bool is_elf_file(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rb");
	bool ok;

	if (!f)
		return false;
	ok = fread(m, 1, 4, f) == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
	fclose(f);
	return ok;
}

/* The dynamic linker's directories: the *.conf files of /etc/ld.so.conf.d (plain
 * directory lines; "include" lines are what ld.so.conf itself holds) and
 * the default ones. */
static int library_dirs(char dirs[][PATH_MAX], int max)
{
	static const char *const defaults[] = {
		"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
		"/lib", "/usr/lib", "/usr/local/lib",
	};
	int n = 0;
	glob_t g;

	if (glob("/etc/ld.so.conf.d/*.conf", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			FILE *f = fopen(g.gl_pathv[i], "r");
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
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]) && n < max; i++)
		snprintf(dirs[n++], PATH_MAX, "%s", defaults[i]);
	return n;
}

/* "libc", "c", "libc.so.6" -> the library the dynamic linker would load:
 * the first directory holding an ELF file named like it (libc.so is a
 * linker script in -dev packages, hence the ELF check). */
static bool find_library(const char *name, char *out)
{
	char dirs[64][PATH_MAX], pat[PATH_MAX + 64], lib[256];
	int nd = library_dirs(dirs, 64);

	if (!strncmp(name, "lib", 3))
		snprintf(lib, sizeof(lib), "%s", name);
	else
		snprintf(lib, sizeof(lib), "lib%s", name);
	for (int i = 0; i < nd; i++) {
		glob_t g;
		bool found = false;

		/* The exact name first, then versioned ones: libc.so.6. */
		snprintf(pat, sizeof(pat), "%s/%s", dirs[i], lib);
		if (strstr(lib, ".so") && is_elf_file(pat) && realpath(pat, out))
			return true;
		snprintf(pat, sizeof(pat), "%s/%s.so*", dirs[i], lib);
		if (glob(pat, 0, NULL, &g) == 0) {
			for (size_t j = 0; j < g.gl_pathc && !found; j++)
				if (is_elf_file(g.gl_pathv[j]) && realpath(g.gl_pathv[j], out))
					found = true;
			globfree(&g);
		}
		if (found)
			return true;
	}
	return false;
}

/* A program on $PATH: "-x bash". */
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

int binpath_resolve(const char *name, char *out, char *err, size_t errlen)
{
	struct stat st;

	if (stat(name, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s is not a regular file", name);
			return -EINVAL;
		}
		if (!is_elf_file(name)) {
			snprintf(err, errlen, "%s is not an ELF binary", name);
			return -ENOEXEC;
		}
		if (!realpath(name, out)) {
			int e = errno;
			snprintf(err, errlen, "%s: %s", name, strerror(e));
			return -e;
		}
		return 0;
	}
	if (!strchr(name, '/') && (find_library(name, out) || find_in_path(name, out)))
		return 0;
	if (strchr(name, '/'))
		snprintf(err, errlen, "%s: no such file", name);
	else
		snprintf(err, errlen, "%s: no such file, no library lib%s.so* in the dynamic linker's "
			 "directories and no program %s on $PATH", name,
			 strncmp(name, "lib", 3) ? name : name + 3, name);
	return -ENOENT;
}
