/* A process to attach to: prints its pid, then every ~20 ms writes the
 * 5-byte message "tick\n" to fd 3 (/dev/null) and sleeps, until it has
 * done ITER iterations (argv[1], default 500) or is killed. With argv[2]
 * "block" it then blocks in read() on an empty pipe forever. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int iter = argc > 1 ? atoi(argv[1]) : 500;
	int fd = open("/dev/null", O_WRONLY);
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	printf("pid %d fd %d\n", getpid(), fd);
	fflush(stdout);
	for (int i = 0; i < iter; i++) {
		if (write(fd, "tick\n", 5) != 5)
			return 1;
		nanosleep(&ts, NULL);
	}
	if (argc > 2 && !strcmp(argv[2], "block")) {
		int p[2];
		char c;
		if (pipe(p))
			return 1;
		if (read(p[0], &c, 1) < 0)
			return 1;
	}
	return 0;
}
