#include "util/core/workload.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int workload_prepare(struct workload *w, char *const argv[], char *err, size_t errlen)
{
	int go[2], ep[2];

	bool redirect = w->stdout_to_stderr;

	w->pid = -1;
	w->go_fd = w->err_fd = -1;
	if (pipe2(go, O_CLOEXEC) || pipe2(ep, O_CLOEXEC)) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	w->pid = fork();
	if (w->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (w->pid == 0) {
		char c;
		int e;
		ssize_t n;

		close(go[1]);
		close(ep[0]);
		/* Wait until the tracer is attached. EOF means it gave up. */
		do
			n = read(go[0], &c, 1);
		while (n < 0 && errno == EINTR);
		if (n != 1)
			_exit(127);
		if (redirect && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(127);
		/* Both pipe ends are close-on-exec: the program starts with
		 * exactly the descriptors it would have had untraced. */
		execvp(argv[0], argv);
		e = errno;
		n = write(ep[1], &e, sizeof(e));
		(void)n;
		_exit(127);
	}
	close(go[0]);
	close(ep[1]);
	w->go_fd = go[1];
	w->err_fd = ep[0];
	return 0;
}

int workload_start(struct workload *w, const char *argv0, char *err, size_t errlen)
{
	int e = 0;
	ssize_t n;

	if (write(w->go_fd, "g", 1) != 1) {
		snprintf(err, errlen, "cannot start '%s': %s", argv0, strerror(errno));
		return -1;
	}
	close(w->go_fd);
	w->go_fd = -1;
	/* Returns 0 bytes (EOF) once the exec succeeded and closed the pipe. */
	do
		n = read(w->err_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(w->err_fd);
	w->err_fd = -1;
	if (n == (ssize_t)sizeof(e)) {
		snprintf(err, errlen, "cannot run '%s': %s", argv0, strerror(e));
		waitpid(w->pid, NULL, 0);
		w->pid = -1;
		return -1;
	}
	return 0;
}

void workload_abort(struct workload *w)
{
	if (w->go_fd >= 0)
		close(w->go_fd);    /* the child reads EOF and exits */
	if (w->err_fd >= 0)
		close(w->err_fd);
	if (w->pid > 0)
		waitpid(w->pid, NULL, 0);
	w->pid = -1;
	w->go_fd = w->err_fd = -1;
}

int wait_status_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}
