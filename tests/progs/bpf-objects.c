/* Lists the BPF programs and maps the kernel holds, one "prog NAME" or
 * "map NAME" line each (needs root): the tests check that nothing of
 * scry's ("scry_...") outlives it. bpftool does this too, but it is not on
 * every machine; this is the three bpf(2) commands it takes. */
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static void list(int next_cmd, int fd_cmd, const char *kind)
{
	unsigned id = 0;

	for (;;) {
		union bpf_attr attr;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (sys_bpf(next_cmd, &attr))
			break;
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		if (fd_cmd == BPF_PROG_GET_FD_BY_ID)
			attr.prog_id = id;
		else
			attr.map_id = id;
		fd = (int)sys_bpf(fd_cmd, &attr);
		if (fd < 0)
			continue;       /* gone meanwhile */
		if (fd_cmd == BPF_PROG_GET_FD_BY_ID) {
			struct bpf_prog_info info;

			memset(&info, 0, sizeof(info));
			memset(&attr, 0, sizeof(attr));
			attr.info.bpf_fd = (unsigned)fd;
			attr.info.info_len = sizeof(info);
			attr.info.info = (unsigned long)&info;
			if (!sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr))
				printf("%s %.*s\n", kind, (int)sizeof(info.name), info.name);
		} else {
			struct bpf_map_info info;

			memset(&info, 0, sizeof(info));
			memset(&attr, 0, sizeof(attr));
			attr.info.bpf_fd = (unsigned)fd;
			attr.info.info_len = sizeof(info);
			attr.info.info = (unsigned long)&info;
			if (!sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr))
				printf("%s %.*s\n", kind, (int)sizeof(info.name), info.name);
		}
		close(fd);
	}
}

int main(void)
{
	list(BPF_PROG_GET_NEXT_ID, BPF_PROG_GET_FD_BY_ID, "prog");
	list(BPF_MAP_GET_NEXT_ID, BPF_MAP_GET_FD_BY_ID, "map");
	return 0;
}
