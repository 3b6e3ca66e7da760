/* Forks a child that writes a known line and exits 7; the parent waits and
 * exits 0. Prints "child PID" so tests can find the child's lines. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		static const char msg[] = "hello from the child\n";
		ssize_t n = write(1, msg, sizeof(msg) - 1);
		_exit(n == (ssize_t)(sizeof(msg) - 1) ? 7 : 1);
	}
	waitpid(pid, &status, 0);
	printf("child %d status %d\n", pid, WEXITSTATUS(status));
	return 0;
}
