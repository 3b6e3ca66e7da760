/* A known write() pattern for filter tests: N (argv[1], default 13) writes
 * of 7 bytes to /dev/null among writes of 1..12 bytes (never 7), then
 * prints "writes7 N others M" on stdout. A kernel filter on count == 7
 * must keep exactly N of them. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n7 = argc > 1 ? atoi(argv[1]) : 13;
	int fd = open("/dev/null", O_WRONLY);
	static const char buf[16] = "abcdefghijklmno";
	int others = 0;

	if (fd < 0 || n7 < 0)
		return 1;
	for (int i = 0; i < n7; i++) {
		/* two writes of other sizes around each 7-byte one */
		size_t before = (size_t)(i % 6) + 1, after = (size_t)(i % 5) + 8;
		if (write(fd, buf, before) != (ssize_t)before || write(fd, buf, 7) != 7 ||
		    write(fd, buf, after) != (ssize_t)after)
			return 1;
		others += 2;
	}
	close(fd);
	printf("writes7 %d others %d\n", n7, others);
	return 0;
}
