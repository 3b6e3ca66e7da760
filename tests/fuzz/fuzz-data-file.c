/* libFuzzer harness: a data file as report and script read it
 * (util/perfdata): header, attrs, feature sections (printed as --header
 * does), tracing data, the portable section attached to a machine, and the
 * data section's records (COMPRESSED ones expanded) in time order through
 * a session whose records build the machine and whose samples are
 * resolved into frames, as `scry report` does. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"
#include "util/core/evlist.h"
#include "util/core/session.h"
#include "util/outbuf.h"
#include "util/perfdata/file-session.h"
#include "util/symbols/machine.h"
#include "util/symbols/sample-chain.h"

struct fuzz_run {
	struct machine machine;
	struct sample_chain chain;
};

static int on_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
		     const struct perf_event_header *h)
{
	struct fuzz_run *fr = s->tool->priv;
	struct sample_frame frames[64];
	struct addr_location al;
	u16 cpumode = h->misc & PERF_RECORD_MISC_CPUMODE_MASK;
	struct thread *t = (s32)smp->tid == -1 ? NULL : machine_thread(&fr->machine, (pid_t)smp->pid, (pid_t)smp->tid);
	size_t n = sample_chain_frames(&fr->chain, smp, e->attr.sample_regs_user, cpumode, true, frames, 64, 64);

	for (size_t i = 0; i < n; i++)
		sample_chain_resolve(&fr->chain, smp, t, frames[i].ip, frames[i].cpumode, &al);
	return 0;
}

static int on_record(struct session *s, struct evsel *e, const struct perf_event_header *h,
		     const struct perf_sample *id)
{
	struct fuzz_run *fr = s->tool->priv;

	machine_process(&fr->machine, h);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct fuzz_run fr;
	struct session_tool tool = { .sample = on_sample, .record = on_record, .priv = &fr };
	struct file_session fs;
	struct session session;
	struct evlist evlist;
	struct outbuf ob;
	char err[512];

	/* One memory file for every input, rewritten: the reader takes a path. */
	if (fd < 0) {
		fd = memfd_create("scry-fuzz", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	memset(&fs, 0, sizeof(fs));
	if (file_session_open(&fs, path, err, sizeof(err))) {
		file_session_close(&fs);
		return 0;
	}
	outbuf_init_mem(&ob);
	file_session_print_header(&fs, &ob);
	outbuf_release(&ob);
	(void)file_session_has_callchains(&fs);
	(void)file_session_load_formats(&fs, err, sizeof(err));

	machine_init(&fr.machine);
	/* no kallsyms of this machine: the file's own, or none */
	if (machine_set_kallsyms(&fr.machine, "/dev/null"))
		abort();
	if (sample_chain_init(&fr.chain, &fr.machine))
		abort();
	(void)file_session_attach(&fs, &fr.machine, err, sizeof(err));
	evlist_init(&evlist);
	session_init(&session, &evlist, NULL);
	session.tool = &tool;
	(void)session_file_run(&session, fs.reader, err, sizeof(err));
	session_release(&session);
	sample_chain_release(&fr.chain);
	machine_free(&fr.machine);
	evlist_release(&evlist);
	file_session_close(&fs);
	return 0;
}
