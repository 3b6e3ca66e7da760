#include "util/perfdata/synthesize.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/symbols/kallsyms.h"

/* Append the tracking event's sample_id trailer (time 0: it predates the
 * recording) to a record of `len` bytes in buf; returns the new length. */
static size_t add_sample_id(const struct synth *s, char *buf, size_t len, pid_t pid, pid_t tid)
{
	u64 t = s->track->attr.sample_type;
	u64 *p = (u64 *)(buf + len);

	if (!s->track->attr.sample_id_all)
		return len;
	if (t & PERF_SAMPLE_TID)
		*p++ = (u64)(u32)pid | ((u64)(u32)tid << 32);
	if (t & PERF_SAMPLE_TIME)
		*p++ = 0;
	if (t & PERF_SAMPLE_ID)
		*p++ = s->id;
	if (t & PERF_SAMPLE_STREAM_ID)
		*p++ = s->id;
	if (t & PERF_SAMPLE_CPU)
		*p++ = 0;
	if (t & PERF_SAMPLE_IDENTIFIER)
		*p++ = s->id;
	return (size_t)((char *)p - buf);
}

static int emit_comm(struct synth *s, pid_t pid, pid_t tid, const char *comm)
{
	u64 buf[64];
	char *b = (char *)buf;
	struct perf_event_header *h = (void *)b;
	size_t n = strlen(comm) + 1, len;

	if (n > 16)
		n = 16;
	memset(buf, 0, sizeof(buf));
	h->type = PERF_RECORD_COMM;
	((u32 *)(h + 1))[0] = (u32)pid;
	((u32 *)(h + 1))[1] = (u32)tid;
	memcpy(b + sizeof(*h) + 8, comm, n - 1);
	len = (sizeof(*h) + 8 + n + 7) & ~7ul;
	len = add_sample_id(s, b, len, pid, tid);
	h->size = (u16)len;
	return s->emit(s->arg, h);
}

static int read_comm(pid_t pid, pid_t tid, char *comm, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", pid, tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(comm, (int)len, f))
		comm[0] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
	return 0;
}

int maps_line_parse(char *line, struct maps_line *ml)
{
	int name_at = -1;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &ml->start, &ml->end, ml->perms, &ml->pgoff, &ml->maj,
		   &ml->min, &ml->ino, &name_at) < 7)
		return -1;
	/* (at the end of the line %n may not be reached: no name) */
	ml->name = name_at >= 0 ? line + name_at : line + strlen(line);
	return 0;
}

/* One MMAP2 per executable mapping in /proc/PID/maps (and per readable
 * one when the tracking event has mmap_data). */
static int emit_maps(struct synth *s, pid_t pid)
{
	char path[64], line[4096 + 256];
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;       /* gone, or not ours to read (kernel threads): nothing to map */
	while (!rc && fgets(line, sizeof(line), f)) {
		struct maps_line ml;
		char name[4096];
		u64 buf[(4096 + 256) / 8];
		char *b = (char *)buf;
		struct perf_event_header *h = (void *)b;
		struct {
			u32 pid, tid;
			u64 start, len, pgoff;
			u32 maj, min;
			u64 ino, ino_generation;
			u32 prot, flags;
		} __attribute__((packed)) *m = (void *)(h + 1);
		size_t nlen, len;

		if (maps_line_parse(line, &ml))
			continue;
		/* Code: what samples can hit; and, when the tracking event
		 * asks for data mappings (mmap_data, for dwarf unwinding),
		 * readable ones: perf reads unwind tables through them. */
		if (ml.perms[2] != 'x' && (!s->track->attr.mmap_data || ml.perms[0] != 'r'))
			continue;
		snprintf(name, sizeof(name), "%s", ml.name[0] ? ml.name : "//anon");
		memset(buf, 0, sizeof(buf));
		h->type = PERF_RECORD_MMAP2;
		h->misc = PERF_RECORD_MISC_USER | (ml.perms[2] != 'x' ? PERF_RECORD_MISC_MMAP_DATA : 0);
		m->pid = m->tid = (u32)pid;
		m->start = ml.start;
		m->len = ml.end - ml.start;
		m->pgoff = ml.pgoff;
		m->maj = ml.maj;
		m->min = ml.min;
		m->ino = ml.ino;
		m->prot = (ml.perms[2] == 'x' ? PROT_EXEC : 0) | (ml.perms[0] == 'r' ? PROT_READ : 0) |
			  (ml.perms[1] == 'w' ? PROT_WRITE : 0);
		m->flags = ml.perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE;
		nlen = strlen(name) + 1;
		memcpy(b + sizeof(*h) + sizeof(*m), name, nlen);
		len = (sizeof(*h) + sizeof(*m) + nlen + 7) & ~7ul;
		len = add_sample_id(s, b, len, pid, pid);
		h->size = (u16)len;
		rc = s->emit(s->arg, h);
	}
	fclose(f);
	return rc;
}

int synthesize_thread(struct synth *s, pid_t pid, pid_t tid, bool maps)
{
	char comm[32];

	if (read_comm(pid, tid, comm, sizeof(comm)))
		return 0;       /* gone meanwhile */
	if (emit_comm(s, pid, tid, comm))
		return -1;
	return maps ? emit_maps(s, pid) : 0;
}

int synthesize_all(struct synth *s)
{
	DIR *proc = opendir("/proc");
	struct dirent *de;
	int rc = 0;

	if (!proc)
		return -1;
	while (!rc && (de = readdir(proc))) {
		char path[64];
		struct dirent *te;
		DIR *task;
		long pid = strtol(de->d_name, NULL, 10);
		bool first = true;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/task", pid);
		task = opendir(path);
		if (!task)
			continue;
		while (!rc && (te = readdir(task))) {
			long tid = strtol(te->d_name, NULL, 10);
			if (tid <= 0)
				continue;
			rc = synthesize_thread(s, (pid_t)pid, (pid_t)tid, first);
			first = false;
		}
		closedir(task);
	}
	closedir(proc);
	return rc;
}

int synthesize_kernel(struct synth *s, const char *kallsyms_path)
{
	static const char name[] = "[kernel.kallsyms]_text";
	u64 text = kallsyms_lookup(kallsyms_path, "_text");
	u64 buf[32];
	char *b = (char *)buf;
	struct perf_event_header *h = (void *)b;
	struct {
		u32 pid, tid;
		u64 start, len, pgoff;
	} *m = (void *)(h + 1);
	size_t len;

	if (!text)
		return 0;       /* hidden kernel addresses: nothing to name them with */
	memset(buf, 0, sizeof(buf));
	h->type = PERF_RECORD_MMAP;
	h->misc = PERF_RECORD_MISC_KERNEL;
	m->pid = (u32)-1;
	m->tid = 0;
	m->start = text;
	m->len = ~0ull - text;
	m->pgoff = text;
	memcpy(b + sizeof(*h) + sizeof(*m), name, sizeof(name));
	len = (sizeof(*h) + sizeof(*m) + sizeof(name) + 7) & ~7ul;
	len = add_sample_id(s, b, len, -1, 0);
	h->size = (u16)len;
	return s->emit(s->arg, h);
}
