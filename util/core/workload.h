/* Starting the command to trace or record: fork it stopped before exec, let
 * the caller attach, then let it exec.  Events opened with enable_on_exec
 * start counting at that exec, so nothing of scry's own setup is seen. */
#ifndef SCRY_WORKLOAD_H
#define SCRY_WORKLOAD_H

#include <stdbool.h>
#include <sys/types.h>

struct workload {
	pid_t pid;
	int go_fd;      /* write end: one byte lets the child exec */
	int err_fd;     /* read end: the child writes errno here if exec fails */
	/* Set before workload_prepare when our stdout carries data (record
	 * -o -): the program's stdout goes to stderr instead of into it. */
	bool stdout_to_stderr;
};

/* Fork the child; it waits for workload_start. argv[0] is looked up in PATH. */
int workload_prepare(struct workload *w, char *const argv[], char *err, size_t errlen);
/* Let it exec. Fails (with a message) if the exec failed. */
int workload_start(struct workload *w, const char *argv0, char *err, size_t errlen);
/* Kill a prepared-but-never-started child (setup failed). */
void workload_abort(struct workload *w);

/* The exit code a shell would give: code, or 128+signal. */
int wait_status_exit_code(int status);

#endif
