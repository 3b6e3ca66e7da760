/* The process model of a recorded (or live) system: threads with their
 * names, processes with their address maps, built from COMM, FORK, EXIT,
 * MMAP and MMAP2 records in time order; and resolving a sampled address to
 * map, DSO, symbol and offset. */
#ifndef SCRY_MACHINE_H
#define SCRY_MACHINE_H

#include <linux/perf_event.h>
#include <sys/types.h>

#include "util/symbols/dso.h"
#include "util/core/event.h"

struct map {
	u64 start, end;         /* [start, end) */
	u64 pgoff;              /* file offset of start */
	struct dso *dso;
	u32 prot, flags;
};

/* The maps of one address space, sorted by start, non-overlapping. */
struct maps {
	struct map *v;
	size_t nr, cap;
	int refcnt;             /* shared by the threads of a process */
	/* Changes whenever the maps do (and differs from that of every other
	 * maps of the machine, past or present): what was resolved in these
	 * maps holds while it stays the same (util/symbols/sample-chain). */
	u64 gen;
};

struct thread {
	pid_t pid, tid;
	pid_t ppid;             /* the tid that forked it (FORK's ptid), -1: not seen */
	char comm[32];
	bool comm_set;          /* from a COMM record (else inherited or "") */
	bool exited;            /* an EXIT was seen; kept for samples that follow it */
	struct maps *maps;
};

struct machine {
	struct hashmap threads; /* tid -> struct thread */
	struct maps kmaps;      /* kernel and modules */
	struct dsos dsos;
	struct dso *kernel;     /* [kernel.kallsyms] */
	char *kallsyms_path;    /* where kernel symbols come from (NULL: /proc/kallsyms); owned */
	u64 ktext_recorded;     /* _text as the kernel MMAP record gave it (0: unknown) */
	s64 kreloc;             /* recorded _text - _text of kallsyms_path (KASLR, other boot) */
	bool kreloc_done;
	u64 maps_gen;           /* the last generation given to maps (struct maps.gen) */
	/* The threads last looked up, by tid modulo the size: a tid's thread
	 * is the same object until it is reaped, which clears its entry. */
	struct thread *recent[16];
	/* Reaping (machine_reap_exited): exited threads, oldest first, freed
	 * this long after their EXIT in record time. 0: kept for the
	 * machine's life (report's entries point at them). */
	u64 reap_after_ns;
	struct exited_thread {
		pid_t tid;
		u64 time;
	} *exited;
	size_t exited_head, exited_nr, exited_cap;
};

void machine_init(struct machine *m);
/* Free the threads that exited more than `after_ns` ago (in the records'
 * own time, as FORK and EXIT records arrive), and their maps: a long
 * system-wide record would otherwise keep every process it ever saw.
 * Only for users that keep no pointer to a thread (record's build-id
 * tracking); a sample read after its thread was reaped finds a new,
 * empty one. */
void machine_reap_exited(struct machine *m, u64 after_ns);
void machine_free(struct machine *m);
/* Take kernel symbols from path (a saved kallsyms) instead of /proc/kallsyms.
 * Call before the first kernel lookup. Returns -1 on ENOMEM. */
int machine_set_kallsyms(struct machine *m, const char *path);

/* Apply a COMM, FORK, EXIT, MMAP or MMAP2 record (others are ignored).
 * Returns -1 only for a record too short for its type. */
int machine_process(struct machine *m, const struct perf_event_header *h);

/* The thread tid, created when new (sharing the maps of its process's
 * leader pid, created too if needed). NULL only on ENOMEM. */
struct thread *machine_thread(struct machine *m, pid_t pid, pid_t tid);

/* The map containing addr, or NULL. The pointer is valid until the next
 * change to these maps. */
struct map *maps_find(const struct maps *ms, u64 addr);

struct addr_location {
	struct thread *thread;
	struct map *map;        /* NULL when no map covers the address */
	struct dso *dso;
	const struct symbol *sym;
	u64 addr;               /* the address in the DSO's terms (what symbols use) */
	u64 symoff;             /* addr - sym->start */
	bool kernel;
};

/* Resolve ip of thread (pid, tid); cpumode is the sample's
 * PERF_RECORD_MISC_CPUMODE_MASK bits (kernel or user). al->map points into
 * the maps and is valid until the next record is processed. */
void machine_resolve(struct machine *m, pid_t pid, pid_t tid, u64 ip, u16 cpumode,
		     struct addr_location *al);

/* The map covering ip (kmaps for kernel cpumodes, else the thread's maps),
 * without loading any symbols: for record time, when only the DSO hit
 * matters. NULL when no map covers it. */
struct map *machine_find_map(struct machine *m, pid_t pid, pid_t tid, u64 ip, u16 cpumode);

/* For callchains: PERF_CONTEXT_* markers in a chain switch the cpumode.
 * Whether ip is a marker (then *cpumode is the mode it switches to). */
bool callchain_context_marker(u64 ip, u16 *cpumode);
static inline bool callchain_context(u64 ip, u16 *cpumode)
{
	return ip >= PERF_CONTEXT_MAX && callchain_context_marker(ip, cpumode);
}

#endif
