/* One entry point per command: int cmd_NAME(int argc, const char **argv),
 * argv[0] being the command name. Returns the process exit status. */
#ifndef SCRY_BUILTIN_H
#define SCRY_BUILTIN_H

int cmd_trace(int argc, const char **argv);
int cmd_record(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_script(int argc, const char **argv);
int cmd_probe(int argc, const char **argv);
int cmd_list(int argc, const char **argv);
int cmd_inject(int argc, const char **argv);
int cmd_buildid_cache(int argc, const char **argv);
int cmd_stat(int argc, const char **argv);
int cmd_argdist(int argc, const char **argv);
int cmd_stackcount(int argc, const char **argv);

/* What a command needs, in its row of the command table (scry.c). The
 * dispatcher sets it up when the command first asks, once its options are
 * known: -h and usage errors never wait for (or fail on) a missing tracefs. */
enum command_needs {
	CMD_TRACEFS = 1 << 0,   /* tracefs: tracepoint formats and ids, probe definitions (cmd_tracefs) */
	CMD_DATA_FILE = 1 << 1, /* reads a data file (util/perfdata/file-session) */
	CMD_TARGETS = 1 << 2,   /* runs or attaches to processes (util/core/target) */
	CMD_ROOT = 1 << 3,      /* perf events, tracefs and BPF: root (or the capabilities) for most uses */
};

struct tracefs;

/* The running command's tracefs, opened once, on its first call. NULL
 * when there is none: the reason is printed the command's way (its
 * table row's prefix) the first time. */
const struct tracefs *cmd_tracefs(void);

#endif
