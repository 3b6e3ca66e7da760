/* The pure pieces of the later functions (see funcs.h). */
#include "util/lang/funcs.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <asm/ptrace.h>

#include "util/outbuf.h"

int lang_func_kaddr(const char *name, u64 *addr)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512];
	int rc = -1;

	if (!f)
		return -1;
	/* "ffffffff81000000 T _stext [module]" */
	while (fgets(line, sizeof(line), f)) {
		char sym[256], type;
		unsigned long long a;

		if (sscanf(line, "%llx %c %255s", &a, &type, sym) != 3 || strcmp(sym, name))
			continue;
		if (a) {
			*addr = a;
			rc = 0;
		}
		break;
	}
	fclose(f);
	return rc;
}

/* bpftrace's names for x86-64's registers (src/arch/x86_64.cpp), each
 * with its place in the kernel's struct pt_regs. */
static const struct { const char *name; size_t off; } regs[] = {
	{ "r15", offsetof(struct pt_regs, r15) }, { "r14", offsetof(struct pt_regs, r14) },
	{ "r13", offsetof(struct pt_regs, r13) }, { "r12", offsetof(struct pt_regs, r12) },
	{ "bp", offsetof(struct pt_regs, rbp) }, { "bx", offsetof(struct pt_regs, rbx) },
	{ "r11", offsetof(struct pt_regs, r11) }, { "r10", offsetof(struct pt_regs, r10) },
	{ "r9", offsetof(struct pt_regs, r9) }, { "r8", offsetof(struct pt_regs, r8) },
	{ "ax", offsetof(struct pt_regs, rax) }, { "cx", offsetof(struct pt_regs, rcx) },
	{ "dx", offsetof(struct pt_regs, rdx) }, { "si", offsetof(struct pt_regs, rsi) },
	{ "di", offsetof(struct pt_regs, rdi) }, { "orig_ax", offsetof(struct pt_regs, orig_rax) },
	{ "ip", offsetof(struct pt_regs, rip) }, { "cs", offsetof(struct pt_regs, cs) },
	{ "flags", offsetof(struct pt_regs, eflags) }, { "sp", offsetof(struct pt_regs, rsp) },
	{ "ss", offsetof(struct pt_regs, ss) },
};

int lang_func_reg_offset(const char *name)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (!strcmp(regs[i].name, name))
			return (int)regs[i].off;
	return -1;
}

int lang_func_pton(const char *text, u8 out[16])
{
	int af = strchr(text, ':') ? AF_INET6 : strchr(text, '.') ? AF_INET : 0;

	memset(out, 0, 16);
	if (!af || inet_pton(af, text, out) != 1)
		return -1;
	return af == AF_INET ? 4 : 16;
}

void lang_func_put_buf(struct outbuf *ob, const u8 *bytes, size_t len, char mode)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		u8 c = bytes[i];

		if (mode == 'h') {
			char t[3] = { hex[c >> 4], hex[c & 15], ' ' };

			outbuf_putn(ob, t, i + 1 < len ? 3 : 2);
		} else if (mode != 'x' && c >= 32 && c <= 126) {
			outbuf_putc(ob, (char)c);
		} else {
			char t[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			outbuf_putn(ob, t, 4);
		}
	}
}

void lang_func_put_inet(struct outbuf *ob, u64 af, const u8 addr[16])
{
	char text[INET6_ADDRSTRLEN];

	if (af != AF_INET && af != AF_INET6)
		return;
	if (inet_ntop((int)af, addr, text, sizeof(text)))
		outbuf_puts(ob, text);
}

u64 lang_func_monotonic_offset(void)
{
	struct timespec rt, mono;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	return ((u64)rt.tv_sec * 1000000000ULL + (u64)rt.tv_nsec) -
	       ((u64)mono.tv_sec * 1000000000ULL + (u64)mono.tv_nsec);
}

void lang_func_put_strftime(struct outbuf *ob, const char *fmt, u64 ns, u64 offset_ns)
{
	u64 wall = ns + offset_ns;
	time_t secs = (time_t)(wall / 1000000000ULL);
	char usecs[8], expanded[512], text[512];
	size_t n = 0, len;
	struct tm tm;

	/* "%f" becomes the microseconds before strftime(3) sees the format
	 * (bpftrace replaces every "%f" the same way) */
	snprintf(usecs, sizeof(usecs), "%06llu", (unsigned long long)(wall % 1000000000ULL / 1000));
	for (const char *p = fmt; *p && n + 7 < sizeof(expanded); p++) {
		if (p[0] == '%' && p[1] == 'f') {
			memcpy(expanded + n, usecs, 6);
			n += 6;
			p++;
		} else {
			expanded[n++] = *p;
		}
	}
	expanded[n] = '\0';
	if (!localtime_r(&secs, &tm)) {
		outbuf_puts(ob, "(?)");
		return;
	}
	len = strftime(text, sizeof(text), expanded, &tm);
	if (!len && *expanded) {
		outbuf_puts(ob, "(?)");
		return;
	}
	outbuf_putn(ob, text, len);
}

void lang_func_cat(struct outbuf *ob, const char *path, size_t max)
{
	FILE *f = fopen(path, "r");
	char buf[4096];
	size_t got, total = 0;

	if (!f) {
		fprintf(stderr, "cat(\"%s\"): %s\n", path, strerror(errno));
		return;
	}
	while (total < max && (got = fread(buf, 1, MIN(sizeof(buf), max - total), f)) > 0) {
		outbuf_putn(ob, buf, got);
		total += got;
	}
	fclose(f);
}

void lang_func_system(struct outbuf *ob, const char *cmd)
{
	FILE *p;
	char buf[4096];
	size_t got;

	fflush(stdout);
	p = popen(cmd, "r");
	if (!p) {
		fprintf(stderr, "system(\"%s\"): %s\n", cmd, strerror(errno));
		return;
	}
	while ((got = fread(buf, 1, sizeof(buf), p)) > 0)
		outbuf_putn(ob, buf, got);
	pclose(p);
}

/* ---- cgroup_path -------------------------------------------------------------------- */

struct cgroup_root {
	char name[64];
	char dir[256];
	char path[512];         /* found: the cgroup's path below dir; "" when not */
};

/* The first directory under dir (depth first) whose inode is id: its path
 * from dir into out ("/" for dir itself). */
static bool find_inode(const char *dir, size_t base_len, u64 id, char *out, size_t outlen, int depth)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	bool found = false;

	if (depth > 32 || stat(dir, &st) || !S_ISDIR(st.st_mode))
		return false;
	if (st.st_ino == id) {
		snprintf(out, outlen, "%s", dir[base_len] ? dir + base_len : "/");
		return true;
	}
	d = opendir(dir);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		char sub[4096];

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name) >= sizeof(sub))
			continue;
		found = find_inode(sub, base_len, id, out, outlen, depth + 1);
	}
	closedir(d);
	return found;
}

static int cmp_roots(const void *pa, const void *pb)
{
	const struct cgroup_root *a = pa, *b = pb;
	bool ua = !strcmp(a->name, "unified"), ub = !strcmp(b->name, "unified");

	if (ua != ub)
		return ua ? -1 : 1;
	return strcmp(a->name, b->name);
}

void lang_func_put_cgroup_path(struct outbuf *ob, u64 id, const char *filter, const char *mounts)
{
	FILE *f = fopen(mounts, "r");
	struct cgroup_root roots[32];
	char line[1024];
	int n = 0;
	bool first = true;

	if (!f)
		return;
	while (n < (int)(sizeof(roots) / sizeof(roots[0])) && fgets(line, sizeof(line), f)) {
		char dev[256], dir[256], type[32];
		const char *base;

		if (sscanf(line, "%255s %255s %31s", dev, dir, type) != 3)
			continue;
		if (!strcmp(type, "cgroup2"))
			base = "unified";
		else if (!strcmp(type, "cgroup"))
			base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
		else
			continue;
		if (fnmatch(filter, base, 0))
			continue;
		snprintf(roots[n].name, sizeof(roots[n].name), "%s", base);
		snprintf(roots[n].dir, sizeof(roots[n].dir), "%s", dir);
		roots[n].path[0] = '\0';
		n++;
	}
	fclose(f);
	qsort(roots, (size_t)n, sizeof(roots[0]), cmp_roots);
	for (int i = 0; i < n; i++) {
		if (!find_inode(roots[i].dir, strlen(roots[i].dir), id, roots[i].path, sizeof(roots[i].path), 0))
			continue;
		if (!first)
			outbuf_putc(ob, ',');
		first = false;
		outbuf_printf(ob, "%s:%s", roots[i].name, roots[i].path);
	}
}
