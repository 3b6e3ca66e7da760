/* Descriptor numbers and what they are: a UDP socket kept open and
 * connected to 127.0.0.1:9; a unix socket closed at once, its number taken
 * by an open of /etc; then a pause, so that a tracer reading /proc late
 * finds the number naming /etc. Prints "kept FD INODE LPORT" and
 * "reused FD DIRFD INODE" for the tests. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) }, me;
	socklen_t len = sizeof(me);
	struct timespec pause = { 0, 400 * 1000 * 1000 };
	struct stat st, gst;
	int kept, gone, dir;

	kept = socket(AF_INET, SOCK_DGRAM, 0);
	if (kept < 0 || connect(kept, (struct sockaddr *)&to, sizeof(to)) || fstat(kept, &st) ||
	    getsockname(kept, (struct sockaddr *)&me, &len))
		return 1;
	gone = socket(AF_UNIX, SOCK_STREAM, 0);
	if (gone < 0 || fstat(gone, &gst))
		return 1;
	close(gone);
	dir = open("/etc", O_RDONLY | O_DIRECTORY);
	printf("kept %d %lu %u\nreused %d %d %lu\n", kept, (unsigned long)st.st_ino, ntohs(me.sin_port), gone, dir,
	       (unsigned long)gst.st_ino);
	fflush(stdout);
	nanosleep(&pause, NULL);
	close(dir);
	close(kept);
	return 0;
}
