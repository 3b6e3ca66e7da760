/* One slow call among fast ones: three getppid()s, then a 60 ms nanosleep,
 * then three more getppid()s. For --duration. */
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts = { 0, 60 * 1000 * 1000 };

	for (int i = 0; i < 3; i++)
		getppid();
	nanosleep(&ts, NULL);
	for (int i = 0; i < 3; i++)
		getppid();
	return 0;
}
