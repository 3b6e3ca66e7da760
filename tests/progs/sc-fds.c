/* Prints the descriptor numbers it sees: the first free one (what its
 * first open returns) and every open descriptor from /proc/self/fd. A
 * tracer that leaks a descriptor into its tracee changes this output. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/dev/null", O_RDONLY);
	DIR *d;
	struct dirent *de;

	printf("first fd %d\n", fd);
	close(fd);
	d = opendir("/proc/self/fd");
	if (!d)
		return 1;
	printf("open:");
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && atoi(de->d_name) != dirfd(d))
			printf(" %s", de->d_name);
	printf("\n");
	closedir(d);
	return 0;
}
