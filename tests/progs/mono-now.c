/* Prints CLOCK_MONOTONIC in milliseconds (as scry trace -T stamps lines),
 * so that tests can tell how long after a traced command's end scry
 * returned. */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("%.3f\n", (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
	return 0;
}
