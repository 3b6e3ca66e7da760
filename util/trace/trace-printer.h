/* The consuming half of scry trace: session callbacks that turn records
 * (the BPF tracer's, syscall tracepoints', other events', and the metadata
 * a trace recording carries) into lines, keep fd tables, thread names and
 * statistics, and print the summary. The same printer serves a live trace
 * and the replay of a recorded one (scry trace -i), so both print the same. */
#ifndef SCRY_TRACE_PRINTER_H
#define SCRY_TRACE_PRINTER_H

#include "util/core/cpumap.h"
#include "util/trace/fdtable.h"
#include "util/trace/sc-print.h"
#include "util/trace/sc-stats.h"
#include "util/trace/sc-stack.h"
#include "util/trace/sc-tp.h"
#include "util/core/session.h"
#include "util/trace/syscall-desc.h"
#include "util/trace/syscall-filter.h"
#include "util/trace/trace-meta.h"
#include "util/core/tp-format.h"

/* What an event of the session is to the printer (evsel->priv). */
enum trace_role_kind {
	ROLE_BPF_OUTPUT,        /* the BPF tracer's records */
	ROLE_SC_TP,             /* syscall tracepoints (tracepoint backend) */
	ROLE_EVENT,             /* --event: printed with its fields */
	ROLE_META,              /* a recorded trace's metadata (struct trace_meta) */
};

struct trace_role {
	enum trace_role_kind kind;
	struct sc_tp_layout layout;
	struct tep_event *tp;
};

/* The event of the BPF tracer's records in a trace recording (the other
 * one a recording adds, for its metadata, is in util/trace/trace-meta.h). */
#define TRACE_BPF_EVENT_NAME "scry:syscalls"

struct trace_printer {
	/* what to print */
	struct syscall_filter filter;
	bool filter_given;      /* -e given: a recording's stored selection does not apply */
	bool print_events;      /* false: summary only */
	bool failure_only;
	bool no_signals;
	bool summary;
	u64 duration_ns;
	bool names_in_records;  /* the BPF tracer: records carry comm */
	bool track_comms;       /* --event: remember names for their lines */
	pid_t workload_pid;     /* 0: none */
	struct sc_print_opts popts;

	/* state */
	struct tp_formats *formats;
	struct sc_descs descs;
	struct sc_tp tp;
	struct fdtables fdt;
	struct sc_stats stats;
	struct hashmap comms;           /* tid -> name, for records that carry none */
	struct hashmap attach_calls;    /* tid -> a call in progress at attach */
	bool noreturn_nr[SCRY_SC_NR_MAX];
	struct outbuf out;

	u64 *lost_per_cpu;
	int lost_cpus;
	u64 lost_total;
	u64 lost_end;                   /* from META_LOST_END */
	int workload_status;            /* from META_WORKLOAD, -1 unknown */

	/* --call-graph, -k (and a replay): the calls' stacks; NULL: none. */
	struct sc_stacks *stacks;

	/* A traced process (or -t thread) is gone. */
	void (*target_gone)(void *arg, pid_t pid);
	void *target_arg;
	bool tid_targets;
};

int trace_printer_init(struct trace_printer *p, struct tp_formats *formats, bool live_proc);
void trace_printer_release(struct trace_printer *p);

/* Session callbacks (tool->priv must be the printer). */
int trace_printer_sample(struct session *s, struct evsel *e, const struct perf_sample *smp,
			 const struct perf_event_header *h);
int trace_printer_record(struct session *s, struct evsel *e, const struct perf_event_header *h,
			 const struct perf_sample *id);
void trace_printer_lost(struct session *s, int cpu, u64 nr, u64 time);

/* One finished syscall (or exit, or signal) from either backend. */
void trace_printer_syscall(struct trace_printer *p, struct sc_event *ev);

/* Calls threads were in when tracing attached (/proc/TID/syscall). */
void trace_printer_load_attach_calls(struct trace_printer *p, const struct threadmap *t);
void trace_printer_add_attach_call(struct trace_printer *p, u32 tid, u32 pid, int nr, const u64 *args);
/* -a: every thread's call at attach (but skip's), only to name the
 * arguments of "... [continued]" lines: a thread may have left its call
 * before the tracer was on, so none is printed as unfinished. */
void trace_printer_load_attach_args_all(struct trace_printer *p, pid_t skip);
void trace_printer_add_attach_args(struct trace_printer *p, u32 tid, u32 pid, int nr, const u64 *args);
/* fn gets nr | TRACE_ATTACH_ARGS_ONLY for those (a recording keeps it). */
#define TRACE_ATTACH_ARGS_ONLY 0x40000000
void trace_printer_for_each_attach_call(struct trace_printer *p,
					void (*fn)(void *arg, u32 tid, u32 pid, int nr, const u64 *args), void *arg);
/* ... those still unfinished when tracing stopped, printed as such. */
void trace_printer_flush_attach_calls(struct trace_printer *p, u64 when);
/* A BPF in-flight slot at the end: printed as unfinished. */
void trace_printer_inflight(struct trace_printer *p, const struct scry_sc_rec *r);
/* "+++ exited with N +++" for a workload whose records carry no exits
 * (the tracepoint backend), from its wait status. */
void trace_printer_workload_exit(struct trace_printer *p, pid_t pid, int status, u64 when);
/* Records lost at the very end (never reported by the kernel). */
void trace_printer_lost_end(struct trace_printer *p, u64 n);
/* The summary table (with the losses), when asked for. */
void trace_printer_summary(struct trace_printer *p);
/* The "LOST ..." total on stderr (nothing if nothing was lost). */
void trace_printer_lost_summary(struct trace_printer *p, u64 queue_lost, u64 inflight_full, u64 unparsable);

const char *trace_printer_comm(struct trace_printer *p, u32 tid);

#endif
