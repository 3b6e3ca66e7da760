/* Writes a line, then dies of SIGSEGV (writing through a NULL pointer). */
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

int main(void)
{
	volatile int *p = NULL;
	struct rlimit no_core = { 0, 0 };

	/* No core file: the test checks the signal, not the dump. */
	setrlimit(RLIMIT_CORE, &no_core);
	if (write(1, "about to crash\n", 15) != 15)
		return 1;
	*p = 1;
	return 0;
}
