/* iovecs whose first element is longer than strace's -s (32): the second
 * element's data is shown all the same, as strace shows it (-s counts per
 * element); readv's elements show what each received of the 43 bytes. */
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	char a[40], b[4] = "abc", in[64];
	struct iovec out[2] = { { a, 40 }, { b, 3 } }, back[2] = { { in, 38 }, { in + 40, 20 } };
	int p[2];

	memset(a, 'a', sizeof(a));
	if (pipe(p) || writev(p[1], out, 2) != 43 || readv(p[0], back, 2) != 43)
		return 1;
	return 0;
}
