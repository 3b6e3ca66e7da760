/* The tracing data blob, as perf's util/trace-event-info.c writes it and
 * util/trace-event-read.c reads it (version 0.6):
 *
 *	"\027\010\104tracing" "0.6\0" endian:u8 long_size:u8 page_size:u32
 *	"header_page\0"  u64 size, text of events/header_page
 *	"header_event\0" u64 size, text of events/header_event
 *	u32 nr ftrace formats, each u64 size + text
 *	u32 nr systems, each: name "\0", u32 nr events, each u64 size + format
 *	u32 size + kallsyms text (perf 6.1 writes 0)
 *	u32 size + printk_formats text
 *	u64 size + saved_cmdlines text (0.6 and later; perf 6.1 writes 0)
 *
 * Numbers are in the byte order the endian byte names. */
#include "util/perfdata/tracing-data.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char magic[10] = { 027, 010, 0104, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

/* ---- build ------------------------------------------------------------------- */

static void put_u32(struct outbuf *ob, u32 v) { outbuf_putn(ob, &v, sizeof(v)); }
static void put_u64(struct outbuf *ob, u64 v) { outbuf_putn(ob, &v, sizeof(v)); }

static int put_file(const struct tracefs *t, const char *rel, const char *tag, struct outbuf *ob, char *err,
		    size_t errlen)
{
	size_t len;
	char *text = tracefs_read(t, rel, &len);

	if (!text) {
		snprintf(err, errlen, "cannot read %s/%s: %s", t->root, rel, strerror(errno));
		return -1;
	}
	outbuf_putn(ob, tag, strlen(tag) + 1);
	put_u64(ob, len);
	outbuf_putn(ob, text, len);
	free(text);
	return 0;
}

static bool seen_before(const char *const *v, u32 i)
{
	for (u32 j = 0; j < i; j++)
		if (!strcmp(v[j], v[i]))
			return true;
	return false;
}

static bool event_seen_before(const char *const *sys, const char *const *name, u32 i)
{
	for (u32 j = 0; j < i; j++)
		if (!strcmp(sys[j], sys[i]) && !strcmp(name[j], name[i]))
			return true;
	return false;
}

/* One system: its name, then the formats of its events (each once). */
static int put_system(const struct tracefs *t, const char *const *sys, const char *const *name, u32 n, u32 first,
		      struct outbuf *ob, char *err, size_t errlen)
{
	u32 count = 0;

	outbuf_putn(ob, sys[first], strlen(sys[first]) + 1);
	for (u32 i = first; i < n; i++)
		count += !strcmp(sys[i], sys[first]) && !event_seen_before(sys, name, i);
	put_u32(ob, count);
	for (u32 i = first; i < n; i++) {
		size_t len;
		char *fmt;

		if (strcmp(sys[i], sys[first]) || event_seen_before(sys, name, i))
			continue;
		fmt = tracefs_event_format(t, sys[i], name[i], &len);
		if (!fmt) {
			snprintf(err, errlen, "%s:%s: cannot read its format: %s", sys[i], name[i], strerror(errno));
			return -1;
		}
		put_u64(ob, len);
		outbuf_putn(ob, fmt, len);
		free(fmt);
	}
	return 0;
}

int tracing_data_build(const struct tracefs *t, const char *const *sys, const char *const *name, u32 n,
		       struct outbuf *ob, char *err, size_t errlen)
{
	u32 nr_sys = 0;
	size_t len;
	char *printk;

	outbuf_putn(ob, magic, sizeof(magic));
	outbuf_putn(ob, "0.6", 4);
	outbuf_putc(ob, 0);                         /* little endian */
	outbuf_putc(ob, (char)sizeof(long));
	put_u32(ob, (u32)sysconf(_SC_PAGESIZE));
	if (put_file(t, "events/header_page", "header_page", ob, err, errlen) ||
	    put_file(t, "events/header_event", "header_event", ob, err, errlen))
		return -1;
	put_u32(ob, 0);                         /* ftrace formats: none used */
	for (u32 i = 0; i < n; i++)
		nr_sys += !seen_before(sys, i);
	put_u32(ob, nr_sys);
	for (u32 i = 0; i < n; i++)
		if (!seen_before(sys, i) && put_system(t, sys, name, n, i, ob, err, errlen))
			return -1;
	put_u32(ob, 0);                         /* kallsyms: perf 6.1 writes none either */
	printk = tracefs_read(t, "printk_formats", &len);
	put_u32(ob, printk ? (u32)len : 0);
	if (printk)
		outbuf_putn(ob, printk, len);
	free(printk);
	put_u64(ob, 0);                         /* saved cmdlines: COMM records name tasks */
	if (ob->error) {
		snprintf(err, errlen, "tracing data: %s", strerror(ob->error));
		return -1;
	}
	return 0;
}

/* ---- load: the blob's structure ---------------------------------------------------
 *
 * Loading is in three passes: read the structure (every size checked,
 * nothing parsed), try the parsing in a child process, then parse here
 * what the child survived. libtraceevent 1.7 crashes on some malformed
 * formats (changing one byte of sched_switch's print fmt finds dozens),
 * and a file must not be able to crash scry. */

struct text {
	const char *sys;        /* NUL-terminated, in the blob */
	const u8 *p;
	u64 len;
};

struct plan {
	bool bigendian;
	u8 long_size;
	u32 page_size;
	struct text header_page, printk, cmdlines;
	struct text *formats;
	u32 nr_formats;
};

struct blob {
	const u8 *p;
	u64 len, pos;
	bool swap;
	char *err;
	size_t errlen;
};

static int __attribute__((format(printf, 2, 3))) blob_fail(struct blob *b, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(b->err, b->errlen, "offset 0x%llx: tracing data: ", (unsigned long long)b->pos);

	if (n >= 0 && (size_t)n < b->errlen) {
		va_start(ap, fmt);
		vsnprintf(b->err + n, b->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static u64 left(const struct blob *b) { return b->len - b->pos; }

static int get(struct blob *b, void *dst, u64 n, const char *what)
{
	if (n > left(b))
		return blob_fail(b, "%s needs %llu bytes, only %llu left", what, (unsigned long long)n,
				 (unsigned long long)left(b));
	memcpy(dst, b->p + b->pos, n);
	b->pos += n;
	return 0;
}

static int get_u32(struct blob *b, u32 *v, const char *what)
{
	if (get(b, v, 4, what))
		return -1;
	if (b->swap)
		*v = __builtin_bswap32(*v);
	return 0;
}

static int get_u64(struct blob *b, u64 *v, const char *what)
{
	if (get(b, v, 8, what))
		return -1;
	if (b->swap)
		*v = __builtin_bswap64(*v);
	return 0;
}

/* A NUL-terminated string in place. */
static int get_str(struct blob *b, const char **s, const char *what)
{
	const u8 *nul = memchr(b->p + b->pos, 0, left(b));

	if (!nul)
		return blob_fail(b, "%s is not NUL-terminated", what);
	*s = (const char *)b->p + b->pos;
	b->pos = (u64)(nul - b->p) + 1;
	return 0;
}

/* u64 or u32 size, then that many bytes, left in place. */
static int get_text(struct blob *b, bool size64, struct text *t, const char *what)
{
	u32 l32 = 0;

	if (size64 ? get_u64(b, &t->len, what) : get_u32(b, &l32, what))
		return -1;
	if (!size64)
		t->len = l32;
	if (t->len > left(b)) {
		b->pos -= size64 ? 8 : 4;       /* name the size field */
		return blob_fail(b, "%s: size %llu is past the end (%llu bytes left)", what,
				 (unsigned long long)t->len, (unsigned long long)left(b) - (size64 ? 8 : 4));
	}
	t->p = b->p + b->pos;
	b->pos += t->len;
	return 0;
}

static int expect_tag(struct blob *b, const char *tag)
{
	size_t n = strlen(tag) + 1;

	if (n > left(b) || memcmp(b->p + b->pos, tag, n))
		return blob_fail(b, "expected \"%s\"", tag);
	b->pos += n;
	return 0;
}

static int read_preamble(struct blob *b, struct plan *pl, double *version)
{
	const char *ver = "";
	u8 endian = 0;

	if (left(b) < sizeof(magic) || memcmp(b->p, magic, sizeof(magic)))
		return blob_fail(b, "bad magic (not tracing data)");
	b->pos = sizeof(magic);
	if (get_str(b, &ver, "version"))
		return -1;
	*version = strtod(ver, NULL);
	if (get(b, &endian, 1, "endianness") || get(b, &pl->long_size, 1, "long size"))
		return -1;
	if (endian > 1 || (pl->long_size != 4 && pl->long_size != 8)) {
		b->pos -= 2;
		return blob_fail(b, "endianness %u / long size %u not understood", endian, pl->long_size);
	}
	pl->bigendian = endian;
	b->swap = endian != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	if (get_u32(b, &pl->page_size, "page size"))
		return -1;
	if (!pl->page_size)
		return blob_fail(b, "page size 0");
	return 0;
}

static int read_formats(struct blob *b, struct plan *pl, const char *sys)
{
	u32 count = 0;
	struct text *n;

	if (get_u32(b, &count, "event count"))
		return -1;
	if (count > left(b) / 8)
		return blob_fail(b, "%u formats of %s cannot fit in %llu bytes", count, sys,
				 (unsigned long long)left(b));
	n = realloc(pl->formats, (pl->nr_formats + (size_t)count + 1) * sizeof(*n));
	if (!n)
		return blob_fail(b, "out of memory");
	pl->formats = n;
	for (u32 i = 0; i < count; i++) {
		struct text *t = &pl->formats[pl->nr_formats];
		t->sys = sys;
		if (get_text(b, true, t, "event format"))
			return -1;
		pl->nr_formats++;
	}
	return 0;
}

static int read_plan(struct blob *b, struct plan *pl)
{
	struct text skip;
	double version = 0;
	u32 nr_sys = 0;

	if (read_preamble(b, pl, &version) || expect_tag(b, "header_page") ||
	    get_text(b, true, &pl->header_page, "header_page") || expect_tag(b, "header_event") ||
	    get_text(b, true, &skip, "header_event") || read_formats(b, pl, "ftrace") ||
	    get_u32(b, &nr_sys, "system count"))
		return -1;
	if (nr_sys > left(b) / 5)
		return blob_fail(b, "%u systems cannot fit in %llu bytes", nr_sys, (unsigned long long)left(b));
	for (u32 i = 0; i < nr_sys; i++) {
		const char *sys = "";
		if (get_str(b, &sys, "system name") || read_formats(b, pl, sys))
			return -1;
	}
	/* kallsyms: perf skips it (its own symbol code resolves addresses). */
	if (get_text(b, false, &skip, "kallsyms") || get_text(b, false, &pl->printk, "printk formats"))
		return -1;
	/* Saved cmdlines came with version 0.6. */
	if (version >= 0.6 && get_text(b, true, &pl->cmdlines, "saved cmdlines"))
		return -1;
	return 0;
}

/* ---- load: parsing ---------------------------------------------------------------- */

/* Steps: 0 the header page, 1..n the formats, n+1 printk, n+2 cmdlines. */
static u32 nr_steps(const struct plan *pl) { return pl->nr_formats + 3; }

static char *cstr(const struct text *t)
{
	char *s = malloc(t->len + 1);

	if (s) {
		memcpy(s, t->p, t->len);
		s[t->len] = '\0';
	}
	return s;
}

/* Whether libtraceevent's printk_formats parser reads a line (len bytes,
 * no newline) within its bounds. It takes what follows the first ':' after
 * the address, less one character (the blank of "ADDR : \"FMT\""), and
 * less an opening quote, as the format; then looks at the format's last
 * three characters. A line without a ':', with nothing after it, or with a
 * format shorter than three characters makes it read outside its copy
 * (found by tests/fuzz/fuzz-data-file); such a line names no usable
 * format anyway. */
static bool printk_line_ok(const char *line, size_t len)
{
	size_t i = 0, j;

	while (i < len && line[i] == ':')
		i++;
	for (j = i; j < len && line[j] != ':'; j++)
		;
	if (i == len || j >= len || j + 2 > len)
		return false;
	line += j + 2;
	len -= j + 2;
	if (len && line[0] == '"') {
		line++;
		len--;
	}
	return len >= 3;
}

/* Keep the lines of a printk_formats text (s, in place) that
 * libtraceevent's parser reads safely. */
static void printk_keep_safe_lines(char *s)
{
	char *out = s;

	for (char *line = s; *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (printk_line_ok(line, len)) {
			memmove(out, line, len);
			out += len;
			if (nl)
				*out++ = '\n';
		}
		line += len + (nl ? 1 : 0);
	}
	*out = '\0';
}

/* Run step i on f; returns 1 for a format that parsed. */
static int run_step(struct tp_formats *f, const struct plan *pl, u32 i)
{
	const struct text *t = i == 0 ? &pl->header_page : i <= pl->nr_formats ? &pl->formats[i - 1]
				 : i == pl->nr_formats + 1 ? &pl->printk : &pl->cmdlines;
	char *s;
	int parsed = 0;

	if (!t->len || !(s = cstr(t)))
		return 0;
	if (i == 0) {
		/* The commit field's size is the kernel's long size (perf does this too). */
		if (!tep_parse_header_page(f->tep, s, (unsigned long)t->len, tep_get_long_size(f->tep)))
			tep_set_long_size(f->tep, tep_get_header_page_size(f->tep));
	} else if (i <= pl->nr_formats) {
		parsed = tp_formats_add(f, t->sys, s, (size_t)t->len) != NULL;
	} else if (i == pl->nr_formats + 1) {
		printk_keep_safe_lines(s);
		tep_parse_printk_formats(f->tep, s);
	} else {
		tep_parse_saved_cmdlines(f->tep, s);
	}
	free(s);
	return parsed;
}

static void setup_tep(struct tp_formats *f, const struct plan *pl)
{
	tep_set_file_bigendian(f->tep, pl->bigendian ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_long_size(f->tep, pl->long_size);
	tep_set_page_size(f->tep, (int)pl->page_size);
}

/* The child's last word: every step ran. */
#define STEPS_DONE UINT32_MAX

/* In a child: every step from `from` on, writing each index before it
 * runs, so that the parent knows which one killed the child. */
static void __attribute__((noreturn)) child_steps(const struct plan *pl, const u8 *skip, u32 from, int fd)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct tp_formats scratch;
	u32 done = STEPS_DONE;
	int null;

	/* Die of a crash, whatever handler the caller (or a test harness,
	 * or a sanitizer) installed: the death is the answer. */
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		signal(fatal[i], SIG_DFL);
	/* The parser's complaints come again when the parent parses. */
	if ((null = open("/dev/null", O_WRONLY)) >= 0)
		dup2(null, STDERR_FILENO);
	if (tp_formats_init(&scratch, NULL))
		_exit(2);
	setup_tep(&scratch, pl);
	if (from > 0 && !skip[0])
		run_step(&scratch, pl, 0);      /* the long size it sets matters later */
	for (u32 i = from; i < nr_steps(pl); i++) {
		if (skip[i])
			continue;
		if (write(fd, &i, sizeof(i)) != sizeof(i))
			_exit(2);
		run_step(&scratch, pl, i);
	}
	if (write(fd, &done, sizeof(done)) != sizeof(done))
		_exit(2);
	_exit(0);
}

/* Mark in skip[] the steps that kill the parser. 0, or -1 if no child
 * could tell (the caller then parses without the safety net). */
static int vet_steps(const struct plan *pl, u8 *skip)
{
	u32 from = 0;

	for (;;) {
		int fds[2];
		u32 idx, last = STEPS_DONE - 1;
		pid_t pid;

		if (pipe2(fds, O_CLOEXEC))
			return -1;
		pid = fork();
		if (pid < 0) {
			close(fds[0]);
			close(fds[1]);
			return -1;
		}
		if (pid == 0) {
			close(fds[0]);
			child_steps(pl, skip, from, fds[1]);
		}
		close(fds[1]);
		while (read(fds[0], &idx, sizeof(idx)) == sizeof(idx))
			last = idx;
		close(fds[0]);
		/* Reap it; the verdict came through the pipe (a caller that
		 * ignores SIGCHLD would leave waitpid nothing to report). */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		if (last == STEPS_DONE)
			return 0;
		if (last >= nr_steps(pl))
			return -1;
		skip[last] = 1; /* it died in step `last`: go on without it */
		from = last + 1;
	}
}

int tracing_data_load(struct tp_formats *f, const void *data, u64 size, char *err, size_t errlen)
{
	struct blob b = { data, size, 0, false, err, errlen };
	struct plan pl;
	u8 *skip;
	int parsed = 0;

	memset(&pl, 0, sizeof(pl));
	if (!data)
		return blob_fail(&b, "none");
	if (read_plan(&b, &pl)) {
		free(pl.formats);
		return -1;
	}
	skip = calloc(nr_steps(&pl), 1);
	if (!skip) {
		free(pl.formats);
		return blob_fail(&b, "out of memory");
	}
	vet_steps(&pl, skip);
	setup_tep(f, &pl);
	for (u32 i = 0; i < nr_steps(&pl); i++)
		if (!skip[i])
			parsed += run_step(f, &pl, i);
	free(skip);
	free(pl.formats);
	return parsed;
}
