/* /proc/kallsyms: "ffffffff81000000 T _text" and, for modules,
 * "ffffffffc0a01000 t foo\t[mod]".  Some 200,000 lines on a distribution
 * kernel, so lines are parsed by hand rather than with sscanf. */
#include "util/symbols/kallsyms.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/symbols/demangle.h"

struct ksym_line {
	u64 addr;
	char type;
	const char *name;       /* NUL-terminated in the line buffer */
	const char *module;     /* NULL for the kernel proper */
};

static int hexdig(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Split one line in place. false for lines that are not symbol lines. */
static bool parse_line(char *line, struct ksym_line *k)
{
	char *p = line, *end;
	int d, digits = 0;

	k->addr = 0;
	while ((d = hexdig(*p)) >= 0 && digits++ < 16) {
		k->addr = k->addr << 4 | (u64)d;
		p++;
	}
	if (!digits || *p != ' ' || !p[1] || p[2] != ' ')
		return false;
	k->type = p[1];
	k->name = p + 3;
	k->module = NULL;
	end = p + 3 + strcspn(p + 3, "\t\n");
	if (*end == '\t') {
		char *mod = end + 1, *close;

		*end = '\0';
		if (*mod == '[' && (close = strchr(mod, ']'))) {
			close[1] = '\0';
			k->module = mod;
		}
	} else {
		*end = '\0';
	}
	return *k->name != '\0';
}

/* Absolute and undefined symbols name no code address. */
static bool wanted_type(char type)
{
	return type != 'a' && type != 'A' && type != 'U' && type != 'u';
}

/* "sym [module]", demangled when a Rust module's symbol is mangled. */
static int add_ksym(struct symtab *t, const struct ksym_line *k, char **buf, size_t *bufsz)
{
	char *dm = demangle(k->name);
	const char *name = dm ? dm : k->name;
	size_t need = strlen(name) + (k->module ? strlen(k->module) + 1 : 0) + 1;
	int ret;

	if (k->module) {
		if (need > *bufsz) {
			char *nb = realloc(*buf, need);
			if (!nb) {
				free(dm);
				return -1;
			}
			*buf = nb;
			*bufsz = need;
		}
		snprintf(*buf, need, "%s %s", name, k->module);
		name = *buf;
	}
	ret = symtab_add(t, k->addr, 0, name, (u8)k->type);
	free(dm);
	return ret;
}

static int load_stream(FILE *f, struct symtab *t)
{
	char *line = NULL, *namebuf = NULL;
	size_t linesz = 0, namesz = 0;
	int lines = 0, nonzero = 0, added = 0;

	while (getline(&line, &linesz, f) > 0) {
		struct ksym_line k;

		if (!parse_line(line, &k))
			continue;
		lines++;
		if (!k.addr)
			continue;
		nonzero++;
		if (!wanted_type(k.type))
			continue;
		if (add_ksym(t, &k, &namebuf, &namesz)) {
			added = -1;
			break;
		}
		added++;
	}
	free(line);
	free(namebuf);
	if (added < 0)
		return -1;
	/* kptr_restrict shows every address as zero: nothing usable. */
	if (lines && !nonzero)
		return -2;
	symtab_finish(t);
	return added;
}

int kallsyms_load(const char *path, struct symtab *t)
{
	FILE *f = fopen(path, "re");
	int n;

	if (!f)
		return -1;
	n = load_stream(f, t);
	fclose(f);
	return n;
}

int kallsyms_load_mem(const void *buf, size_t size, struct symtab *t)
{
	FILE *f;
	int n;

	if (!size)
		return 0;
	f = fmemopen((void *)buf, size, "r");
	if (!f)
		return -1;
	n = load_stream(f, t);
	fclose(f);
	return n;
}

const char *kallsyms_default_path(void)
{
	const char *p = getenv("SCRY_KALLSYMS");

	return p && *p ? p : "/proc/kallsyms";
}

u64 kallsyms_lookup(const char *path, const char *name)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t linesz = 0;
	u64 addr = 0;

	if (!f)
		return 0;
	while (getline(&line, &linesz, f) > 0) {
		struct ksym_line k;

		if (parse_line(line, &k) && !k.module && !strcmp(k.name, name)) {
			addr = k.addr;
			break;
		}
	}
	free(line);
	fclose(f);
	return addr;
}

/* The kernel's notes hold an ELF note list: namesz, descsz, type, name, desc. */
int kallsyms_kernel_build_id(u8 id[20])
{
	u8 buf[4096];
	int fd = open("/sys/kernel/notes", O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t off = 0;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	while (n > 0 && off + 12 <= (size_t)n) {
		u32 namesz, descsz, type;
		size_t name_off = off + 12, desc_off;
		memcpy(&namesz, buf + off, 4);
		memcpy(&descsz, buf + off + 4, 4);
		memcpy(&type, buf + off + 8, 4);
		desc_off = name_off + ((namesz + 3u) & ~3u);
		if (desc_off + descsz > (size_t)n)
			break;
		if (type == 3 /* NT_GNU_BUILD_ID */ && namesz == 4 && !memcmp(buf + name_off, "GNU", 4)) {
			u32 sz = descsz > 20 ? 20 : descsz;
			memcpy(id, buf + desc_off, sz);
			return (int)sz;
		}
		off = desc_off + ((descsz + 3u) & ~3u);
	}
	return 0;
}
