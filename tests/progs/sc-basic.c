/* Known syscalls with known arguments, each reported on stdout so tests can
 * check scry's lines against what the program itself did:
 *   openat(CWD, argv[1], O_RDONLY|O_CLOEXEC), read 7 bytes, close,
 *   open a missing path (ENOENT), mmap 8192 bytes PROT_READ|PROT_WRITE
 *   MAP_PRIVATE|MAP_ANONYMOUS, munmap, exit 3. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/etc/hostname";
	char buf[16];
	long fd, n, bad;
	void *p;

	fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	printf("openat %s = %ld\n", path, fd);
	n = syscall(SYS_read, fd, buf, 7);
	printf("read %ld 7 = %ld\n", fd, n);
	printf("close %ld = %ld\n", fd, (long)syscall(SYS_close, fd));
	bad = syscall(SYS_openat, AT_FDCWD, "/nonexistent/scry-test", O_RDONLY);
	printf("openat /nonexistent/scry-test = %ld %s\n", bad, bad < 0 ? strerror(errno) : "");
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap = %p\n", p);
	printf("munmap = %d\n", munmap(p, 8192));
	fflush(stdout);
	return 3;
}
