/* strace-style syscall groups (%file, %net, ...) for `trace -e` lists: which
 * group(s) each syscall name belongs to, as a constant table. */
#ifndef SCRY_SYSCALL_GROUPS_H
#define SCRY_SYSCALL_GROUPS_H

#include "util/types.h"

/* One bit per group; a syscall may be in several ("openat" is %file and
 * %desc). The meanings are strace's (strace(1), -e trace=). */
enum syscall_group_bit {
	SYSCALL_GROUP_FILE	= 1u << 0,	/* %file: takes a file name */
	SYSCALL_GROUP_DESC	= 1u << 1,	/* %desc: file descriptor related */
	SYSCALL_GROUP_NET	= 1u << 2,	/* %net, %network: network */
	SYSCALL_GROUP_PROCESS	= 1u << 3,	/* %process: creation, exec, termination */
	SYSCALL_GROUP_MEMORY	= 1u << 4,	/* %memory: memory mapping */
	SYSCALL_GROUP_SIGNAL	= 1u << 5,	/* %signal: signal related */
	SYSCALL_GROUP_IPC	= 1u << 6,	/* %ipc: SysV IPC */
	SYSCALL_GROUP_CREDS	= 1u << 7,	/* %creds: user/group ids, capabilities */
	SYSCALL_GROUP_CLOCK	= 1u << 8,	/* %clock: read or set system clocks */
	SYSCALL_GROUP_STAT	= 1u << 9,	/* %stat: stat variants */
	SYSCALL_GROUP_LSTAT	= 1u << 10,	/* %lstat: lstat variants */
	SYSCALL_GROUP_FSTAT	= 1u << 11,	/* %fstat: fstat, fstatat, statx */
	SYSCALL_GROUP_ANYSTAT	= 1u << 12,	/* %%stat: any file status request */
	SYSCALL_GROUP_STATFS	= 1u << 13,	/* %statfs: statfs variants */
	SYSCALL_GROUP_FSTATFS	= 1u << 14,	/* %fstatfs: fstatfs variants */
	SYSCALL_GROUP_ANYSTATFS	= 1u << 15,	/* %%statfs: any file system statistics */
	SYSCALL_GROUP_PURE	= 1u << 16,	/* %pure: no arguments, always succeed */
};

/* A group as shown to users. */
struct syscall_group {
	const char *name;	/* with its percent sign(s): "%file", "%%stat" */
	unsigned bit;
	const char *help;	/* one short line */
};

/* The bit of a group named with its leading '%' ("%file", "%network",
 * "%%stat"); 0 if there is no such group. The bare strace spellings
 * ("file") are deprecated there and not accepted here, since "%stat" would
 * then be ambiguous. */
unsigned syscall_group_bit(const char *group_name);

/* "%file" for SYSCALL_GROUP_FILE; NULL unless bit is exactly one group. */
const char *syscall_group_name(unsigned bit);

/* The groups a syscall name belongs to, ORed; 0 for a name in no group or
 * one the table does not know. */
unsigned syscall_groups_of(const char *sc_name);

/* Whether sc_name is in at least one of the groups in group_bits. */
bool syscall_in_group(const char *sc_name, unsigned group_bits);

/* The groups in help order (aliases such as %network are not listed):
 *	for (const struct syscall_group *g = NULL; (g = syscall_group_next(g)); )
 * Returns NULL after the last one. */
const struct syscall_group *syscall_group_next(const struct syscall_group *prev);
#define syscall_group_for_each(g) \
	for (const struct syscall_group *g = syscall_group_next(NULL); g; g = syscall_group_next(g))

/* Writes the group names joined by sep ("%file, %desc, ...") for error and
 * help messages; always NUL-terminated when len > 0. Returns the length the
 * full text needs, as snprintf does. */
size_t syscall_groups_format(char *buf, size_t len, const char *sep);

#endif
