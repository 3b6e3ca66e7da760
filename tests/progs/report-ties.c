/* Equal counts for report's order of equal entries: for each argument,
 * three signals (SIGUSR1, ignored) sent to itself with rt_sigqueueinfo,
 * whose si_code is the argument (so signal:signal_generate.code takes
 * these values, three times each); an argument "nNAME" first renames the
 * process NAME (signal_generate.comm). Prints "sent N". */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int sent = 0;

	signal(SIGUSR1, SIG_IGN);
	for (int i = 1; i < argc; i++) {
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		si.si_signo = SIGUSR1;
		if (argv[i][0] == 'n')
			prctl(PR_SET_NAME, argv[i] + 1);
		else
			si.si_code = atoi(argv[i]);
		for (int j = 0; j < 3; j++)
			sent += syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si) == 0;
	}
	printf("sent %d\n", sent);
	return 0;
}
