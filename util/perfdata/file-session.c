#include "util/perfdata/file-session.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/debug.h"
#include "util/perfdata/tracing-data.h"
#include "util/symbols/dso.h"
#include "util/symbols/machine.h"

const char *file_session_default_input(void)
{
	if (!access("scry.data", R_OK))
		return "scry.data";
	if (!access("perf.data", R_OK))
		return "perf.data";
	return "scry.data";
}

int file_session_open(struct file_session *fs, const char *path, char *err, size_t errlen)
{
	char why[512];

	memset(fs, 0, sizeof(*fs));
	/* No input given and no default one: say where we looked and what
	 * makes one, rather than "scry.data: No such file or directory". */
	if (!path && access("scry.data", F_OK) && access("perf.data", F_OK)) {
		snprintf(err, errlen, "no data file: neither scry.data nor perf.data is in this directory "
			 "(run 'scry record' first, or give a file with -i FILE)");
		return -1;
	}
	fs->path = path ? path : file_session_default_input();
	fs->reader = data_reader_open(fs->path, why, sizeof(why));
	if (!fs->reader) {
		snprintf(err, errlen, "%s: %s", fs->path, why);
		return -1;
	}
	if (tp_formats_init(&fs->formats, NULL)) {
		snprintf(err, errlen, "%s: out of memory", fs->path);
		data_reader_close(fs->reader);
		fs->reader = NULL;
		return -1;
	}
	return 0;
}

void file_session_close(struct file_session *fs)
{
	tp_formats_release(&fs->formats);
	portable_release(&fs->portable);
	if (fs->reader)
		data_reader_close(fs->reader);
	fs->reader = NULL;
}

const char *file_session_note(const struct file_session *fs)
{
	return data_reader_note(fs->reader);
}

void file_session_print_header(const struct file_session *fs, struct outbuf *ob)
{
	u32 nr;
	u64 gen;
	const struct file_attr *attrs = data_reader_attrs(fs->reader, &nr, &gen);

	data_header_print(file_session_header(fs), attrs, nr, ob);
}

bool file_session_has_callchains(const struct file_session *fs)
{
	u32 nr;
	u64 gen;
	const struct file_attr *attrs = data_reader_attrs(fs->reader, &nr, &gen);

	for (u32 i = 0; i < nr; i++)
		if (attrs[i].attr.sample_type & (PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_STACK_USER))
			return true;
	return false;
}

bool file_session_is_syscall_trace(struct file_session *fs)
{
	const struct file_attr *attrs;
	u32 nr;
	u64 gen;

	/* A damaged pipe says so again when the session reads it. */
	if (data_reader_is_pipe(fs->reader))
		data_reader_peek(fs->reader);
	attrs = data_reader_attrs(fs->reader, &nr, &gen);
	for (u32 i = 0; i < nr; i++)
		if (attrs[i].name && !strcmp(attrs[i].name, FILE_SESSION_TRACE_META_EVENT))
			return true;
	return false;
}

int file_session_check_samples(struct file_session *fs, const char *cmd)
{
	if (!file_session_is_syscall_trace(fs))
		return 0;
	pr_err("%s: %s is a syscall trace (scry trace record): show it with scry trace -i %s", cmd, fs->path,
	       fs->path);
	return -1;
}

/* The build-ids the header lists, onto m's DSOs by path: a binary no
 * longer at its path (or replaced) is then found by build-id (perf's
 * build-id cache, debuginfod) and a different file is not trusted. */
static void give_build_ids(const struct data_header *h, struct machine *m)
{
	for (u32 i = 0; i < h->nr_build_ids; i++) {
		const struct build_id_entry *b = &h->build_ids[i];
		struct dso *dso;

		u16 mode = b->misc & PERF_RECORD_MISC_CPUMODE_MASK;

		/* User binaries (the kernel and its modules are named by kallsyms). */
		if ((mode != PERF_RECORD_MISC_USER && mode != PERF_RECORD_MISC_GUEST_USER) || !b->filename ||
		    b->filename[0] != '/' || !b->size)
			continue;
		dso = dsos_findnew(&m->dsos, b->filename);
		if (dso && dso->kind == DSO_USER && !dso->build_id_size)
			dso_set_build_id(dso, b->id, b->size);
	}
}

int file_session_attach(struct file_session *fs, struct machine *m, char *err, size_t errlen)
{
	give_build_ids(file_session_header(fs), m);
	return portable_attach(&fs->portable, m, file_session_header(fs), err, errlen);
}

int file_session_load_formats(struct file_session *fs, char *err, size_t errlen)
{
	const struct data_header *h = file_session_header(fs);

	if (errlen)
		err[0] = '\0';
	if (fs->formats_loaded)
		return 1;
	if (fs->formats_failed)
		return -1;
	if (!h->tracing_data)
		return 0;
	if (tracing_data_load(&fs->formats, h->tracing_data, h->tracing_data_size, err, errlen) < 0) {
		fs->formats_failed = true;
		return -1;
	}
	fs->formats_loaded = true;
	return 1;
}
