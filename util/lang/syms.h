/* Naming addresses for the aggregation language: kernel addresses from
 * kallsyms, user addresses of a process from the ELF files it had mapped,
 * demangled, still named after the process has exited.
 *
 * User addresses need the process's address map as it was when the
 * address was taken. With tracking on, the maps of every running process
 * are read from /proc at start (util/perfdata/synthesize.c) and a
 * system-wide sideband event (a software dummy event with mmap, comm,
 * task records on every CPU) keeps them current: the runtime polls its
 * fds and calls lang_syms_drain. Processes are kept after they exit, so
 * their stacks are named when the maps are printed at the end (bpftrace
 * prints bare addresses then, its issue #246). Without tracking, a
 * process's maps are read from /proc the first time one of its addresses
 * is named.
 *
 * The offline evaluator feeds a data file's COMM/MMAP/FORK/EXIT records
 * through lang_syms_process instead. */
#ifndef SCRY_LANG_SYMS_H
#define SCRY_LANG_SYMS_H

#include <linux/perf_event.h>
#include <sys/types.h>

#include "util/outbuf.h"
#include "util/types.h"

struct lang_syms;

/* track_processes: open the sideband event and read /proc now (needs the
 * rights of system-wide perf events: root or CAP_PERFMON). NULL with a
 * one-line reason in err when that fails, or on ENOMEM. */
struct lang_syms *lang_syms_new(bool track_processes, char *err, size_t errlen);
void lang_syms_free(struct lang_syms *s);

/* For a data file (the offline evaluator): addresses are named only from
 * the records given to lang_syms_process and the symbols attached to
 * lang_syms_machine (the file's own, file_session_attach), never from
 * this machine's /proc. NULL on ENOMEM. */
struct lang_syms *lang_syms_new_file(void);
struct machine *lang_syms_machine(struct lang_syms *s);

/* Kernel symbols from path (a saved kallsyms) rather than /proc/kallsyms:
 * for tests and data files from another machine. Before the first lookup.
 * Returns -ENOMEM. */
int lang_syms_set_kallsyms(struct lang_syms *s, const char *path);

/* Apply one COMM, MMAP, MMAP2, FORK or EXIT record now (others are
 * ignored). Returns -EINVAL for a record too short for its type. */
int lang_syms_process(struct lang_syms *s, const struct perf_event_header *h);

/* The sideband ring fds for the runtime's poll loop (POLLIN): how many were
 * stored in fds[0..max); 0 without tracking. */
int lang_syms_pollfds(const struct lang_syms *s, int *fds, int max);
/* Read the sideband rings and apply what is old enough to be in order
 * (records of different CPUs are sorted by time a round late, as perf
 * does). Returns the number of records read. */
u64 lang_syms_drain(struct lang_syms *s);
/* Read the rings and apply everything: before naming addresses taken up
 * to now (lang_output does it before printing user addresses). */
void lang_syms_sync(struct lang_syms *s);
/* Sideband records the kernel dropped (PERF_RECORD_LOST): mappings that
 * may be missing. */
u64 lang_syms_lost(const struct lang_syms *s);

/* Append the name of a kernel address: "sym" or "sym+off" (decimal
 * offset), the module not shown (as bpftrace); "0x..." when no symbol
 * covers it, "0" for 0. s may be NULL (then always hex). */
void lang_syms_kernel(struct lang_syms *s, u64 addr, struct outbuf *ob, bool with_offset);
/* The same for a user address of process pid. */
void lang_syms_user(struct lang_syms *s, pid_t pid, u64 addr, struct outbuf *ob, bool with_offset);

#endif
