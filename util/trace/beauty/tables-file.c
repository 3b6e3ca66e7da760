/* File and fd related tables: open flags, *at() flags, access modes, lseek,
 * fcntl, flock, fd-creating calls, mount.  Names drop their common prefix
 * (O_, AT_, F_, ...) as perf trace prints them, except where the bare word
 * would be cryptic (LOCK_EX, S_IFREG), where strace's full name is kept. */
#include <linux/memfd.h>        /* before <sys/mman.h>: glibc then skips its MFD_* */
#include <linux/close_range.h>
#include <fcntl.h>
#include <stdio.h>              /* RENAME_* */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/uio.h>            /* RWF_* */
#include <sys/xattr.h>
#include <unistd.h>

#include "util/trace/beauty/beauty-internal.h"

/* glibc defines O_LARGEFILE as 0 on 64-bit targets because it never needs
 * to pass it; the kernel still has the bit (asm-generic/fcntl.h, which cannot
 * be included next to <fcntl.h>), and 32-bit callers do set it. */
#if O_LARGEFILE == 0
#define KERNEL_O_LARGEFILE 0100000
#else
#define KERNEL_O_LARGEFILE O_LARGEFILE
#endif

/* Newer than the installed headers (linux-libc-dev 6.1). */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

/* Multi-bit names come before the single bits they contain (O_SYNC holds
 * O_DSYNC, O_TMPFILE holds O_DIRECTORY): the first match consumes the bits. */
static const struct flag_name open_flag_entries[] = {
	{ O_RDONLY, O_ACCMODE, "RDONLY" },
	{ O_WRONLY, O_ACCMODE, "WRONLY" },
	{ O_RDWR, O_ACCMODE, "RDWR" },
	{ O_CREAT, 0, "CREAT" },
	{ O_EXCL, 0, "EXCL" },
	{ O_NOCTTY, 0, "NOCTTY" },
	{ O_TRUNC, 0, "TRUNC" },
	{ O_APPEND, 0, "APPEND" },
	{ O_NONBLOCK, 0, "NONBLOCK" },
	{ O_SYNC, 0, "SYNC" },
	{ O_DSYNC, 0, "DSYNC" },
	{ O_ASYNC, 0, "ASYNC" },
	{ O_DIRECT, 0, "DIRECT" },
	{ KERNEL_O_LARGEFILE, 0, "LARGEFILE" },
	{ O_TMPFILE, 0, "TMPFILE" },
	{ O_DIRECTORY, 0, "DIRECTORY" },
	{ O_NOFOLLOW, 0, "NOFOLLOW" },
	{ O_NOATIME, 0, "NOATIME" },
	{ O_CLOEXEC, 0, "CLOEXEC" },
	{ O_PATH, 0, "PATH" },
};
const struct flag_table bt_open_flags = FLAG_TABLE(open_flag_entries, "RDONLY");

/* AT_REMOVEDIR, AT_EACCESS (and AT_HANDLE_FID) share 0x200: each has its own
 * table, and the generic one leaves the bit as hex. */
static const struct flag_name at_flag_entries[] = {
	{ AT_SYMLINK_NOFOLLOW, 0, "SYMLINK_NOFOLLOW" },
	{ AT_SYMLINK_FOLLOW, 0, "SYMLINK_FOLLOW" },
	{ AT_NO_AUTOMOUNT, 0, "NO_AUTOMOUNT" },
	{ AT_EMPTY_PATH, 0, "EMPTY_PATH" },
	{ AT_RECURSIVE, 0, "RECURSIVE" },
};
const struct flag_table bt_at_flags = FLAG_TABLE(at_flag_entries, NULL);

static const struct flag_name unlinkat_flag_entries[] = {
	{ AT_REMOVEDIR, 0, "REMOVEDIR" },
};
const struct flag_table bt_unlinkat_flags = FLAG_TABLE(unlinkat_flag_entries, NULL);

static const struct flag_name faccessat_flag_entries[] = {
	{ AT_SYMLINK_NOFOLLOW, 0, "SYMLINK_NOFOLLOW" },
	{ AT_EACCESS, 0, "EACCESS" },
	{ AT_EMPTY_PATH, 0, "EMPTY_PATH" },
};
const struct flag_table bt_faccessat_flags = FLAG_TABLE(faccessat_flag_entries, NULL);

/* statx: a 2-bit sync type (0 is SYNC_AS_STAT, printed first as strace
 * does), then the usual *at() bits. */
static const struct flag_name statx_flag_entries[] = {
	{ AT_STATX_SYNC_AS_STAT, AT_STATX_SYNC_TYPE, "STATX_SYNC_AS_STAT" },
	{ AT_STATX_FORCE_SYNC, AT_STATX_SYNC_TYPE, "STATX_FORCE_SYNC" },
	{ AT_STATX_DONT_SYNC, AT_STATX_SYNC_TYPE, "STATX_DONT_SYNC" },
	{ AT_SYMLINK_NOFOLLOW, 0, "SYMLINK_NOFOLLOW" },
	{ AT_NO_AUTOMOUNT, 0, "NO_AUTOMOUNT" },
	{ AT_EMPTY_PATH, 0, "EMPTY_PATH" },
};
const struct flag_table bt_statx_flags = FLAG_TABLE(statx_flag_entries, NULL);

static const struct flag_name statx_mask_entries[] = {
	{ STATX_ALL, 0, "ALL" },
	{ STATX_BASIC_STATS, 0, "BASIC_STATS" },
	{ STATX_TYPE, 0, "TYPE" },
	{ STATX_MODE, 0, "MODE" },
	{ STATX_NLINK, 0, "NLINK" },
	{ STATX_UID, 0, "UID" },
	{ STATX_GID, 0, "GID" },
	{ STATX_ATIME, 0, "ATIME" },
	{ STATX_MTIME, 0, "MTIME" },
	{ STATX_CTIME, 0, "CTIME" },
	{ STATX_INO, 0, "INO" },
	{ STATX_SIZE, 0, "SIZE" },
	{ STATX_BLOCKS, 0, "BLOCKS" },
	{ STATX_BTIME, 0, "BTIME" },
	{ STATX_MNT_ID, 0, "MNT_ID" },
	{ STATX_DIOALIGN, 0, "DIOALIGN" },
};
const struct flag_table bt_statx_mask = FLAG_TABLE(statx_mask_entries, NULL);

/* statx's stx_attributes (shown with their STATX_ATTR_ prefix). */
static const struct flag_name statx_attr_entries[] = {
	{ 0x4, 0, "COMPRESSED" }, { 0x10, 0, "IMMUTABLE" }, { 0x20, 0, "APPEND" },
	{ 0x40, 0, "NODUMP" }, { 0x800, 0, "ENCRYPTED" }, { 0x1000, 0, "AUTOMOUNT" },
	{ 0x2000, 0, "MOUNT_ROOT" }, { 0x100000, 0, "VERITY" }, { 0x200000, 0, "DAX" },
};
const struct flag_table bt_statx_attrs = FLAG_TABLE(statx_attr_entries, NULL);

/* access(2) and faccessat(2): F_OK is the absence of the others. */
static const struct flag_name access_mode_entries[] = {
	{ R_OK, 0, "R_OK" },
	{ W_OK, 0, "W_OK" },
	{ X_OK, 0, "X_OK" },
};
const struct flag_table bt_access_modes = FLAG_TABLE(access_mode_entries, "F_OK");

static const struct value_name lseek_whence_entries[] = {
	{ SEEK_SET, "SET" }, { SEEK_CUR, "CUR" }, { SEEK_END, "END" },
	{ SEEK_DATA, "DATA" }, { SEEK_HOLE, "HOLE" },
};
const struct value_table bt_lseek_whences = VALUE_TABLE(lseek_whence_entries);

static const struct value_name fcntl_cmd_entries[] = {
	{ F_DUPFD, "DUPFD" },
	{ F_GETFD, "GETFD" },
	{ F_SETFD, "SETFD" },
	{ F_GETFL, "GETFL" },
	{ F_SETFL, "SETFL" },
	{ F_GETLK, "GETLK" },
	{ F_SETLK, "SETLK" },
	{ F_SETLKW, "SETLKW" },
	{ F_SETOWN, "SETOWN" },
	{ F_GETOWN, "GETOWN" },
	{ F_SETSIG, "SETSIG" },
	{ F_GETSIG, "GETSIG" },
	{ F_SETOWN_EX, "SETOWN_EX" },
	{ F_GETOWN_EX, "GETOWN_EX" },
	{ F_OFD_GETLK, "OFD_GETLK" },
	{ F_OFD_SETLK, "OFD_SETLK" },
	{ F_OFD_SETLKW, "OFD_SETLKW" },
	{ F_SETLEASE, "SETLEASE" },
	{ F_GETLEASE, "GETLEASE" },
	{ F_NOTIFY, "NOTIFY" },
	{ F_DUPFD_CLOEXEC, "DUPFD_CLOEXEC" },
	{ F_SETPIPE_SZ, "SETPIPE_SZ" },
	{ F_GETPIPE_SZ, "GETPIPE_SZ" },
	{ F_ADD_SEALS, "ADD_SEALS" },
	{ F_GET_SEALS, "GET_SEALS" },
	{ F_GET_RW_HINT, "GET_RW_HINT" },
	{ F_SET_RW_HINT, "SET_RW_HINT" },
	{ F_GET_FILE_RW_HINT, "GET_FILE_RW_HINT" },
	{ F_SET_FILE_RW_HINT, "SET_FILE_RW_HINT" },
};
const struct value_table bt_fcntl_cmds = VALUE_TABLE(fcntl_cmd_entries);

/* fcntl(F_SETFD) */
static const struct flag_name fd_flag_entries[] = {
	{ FD_CLOEXEC, 0, "CLOEXEC" },
};
const struct flag_table bt_fd_flags = FLAG_TABLE(fd_flag_entries, NULL);

/* The flags of the fd-creating calls (pipe2, dup3, accept4, inotify_init1,
 * epoll_create1, signalfd4, timerfd_create, pidfd_open, userfaultfd): all of
 * them are O_CLOEXEC and O_NONBLOCK under other names (SOCK_CLOEXEC,
 * EPOLL_CLOEXEC, TFD_NONBLOCK, ...).  O_DIRECT is pipe2's packet mode. */
static const struct flag_name fd_create_flag_entries[] = {
	{ O_NONBLOCK, 0, "NONBLOCK" },
	{ O_DIRECT, 0, "DIRECT" },
	{ O_CLOEXEC, 0, "CLOEXEC" },
};
const struct flag_table bt_fd_create_flags = FLAG_TABLE(fd_create_flag_entries, NULL);

static const struct flag_name eventfd_flag_entries[] = {
	{ EFD_SEMAPHORE, 0, "SEMAPHORE" },
	{ EFD_NONBLOCK, 0, "NONBLOCK" },
	{ EFD_CLOEXEC, 0, "CLOEXEC" },
};
const struct flag_table bt_eventfd_flags = FLAG_TABLE(eventfd_flag_entries, NULL);

#define MFD_HUGE(size) { MFD_HUGE_##size, MFD_HUGE_MASK << MFD_HUGE_SHIFT, "HUGE_" #size }
static const struct flag_name memfd_flag_entries[] = {
	{ MFD_CLOEXEC, 0, "CLOEXEC" },
	{ MFD_ALLOW_SEALING, 0, "ALLOW_SEALING" },
	{ MFD_HUGETLB, 0, "HUGETLB" },
	{ MFD_NOEXEC_SEAL, 0, "NOEXEC_SEAL" },
	{ MFD_EXEC, 0, "EXEC" },
	MFD_HUGE(64KB), MFD_HUGE(512KB), MFD_HUGE(1MB), MFD_HUGE(2MB), MFD_HUGE(8MB),
	MFD_HUGE(16MB), MFD_HUGE(32MB), MFD_HUGE(256MB), MFD_HUGE(512MB), MFD_HUGE(1GB),
	MFD_HUGE(2GB), MFD_HUGE(16GB),
};
const struct flag_table bt_memfd_flags = FLAG_TABLE(memfd_flag_entries, NULL);

static const struct flag_name flock_op_entries[] = {
	{ LOCK_SH, 0, "LOCK_SH" },
	{ LOCK_EX, 0, "LOCK_EX" },
	{ LOCK_NB, 0, "LOCK_NB" },
	{ LOCK_UN, 0, "LOCK_UN" },
};
const struct flag_table bt_flock_ops = FLAG_TABLE(flock_op_entries, NULL);

static const struct flag_name rename_flag_entries[] = {
	{ RENAME_NOREPLACE, 0, "NOREPLACE" },
	{ RENAME_EXCHANGE, 0, "EXCHANGE" },
	{ RENAME_WHITEOUT, 0, "WHITEOUT" },
};
const struct flag_table bt_rename_flags = FLAG_TABLE(rename_flag_entries, NULL);

static const struct flag_name fallocate_mode_entries[] = {
	{ FALLOC_FL_KEEP_SIZE, 0, "KEEP_SIZE" },
	{ FALLOC_FL_PUNCH_HOLE, 0, "PUNCH_HOLE" },
	{ FALLOC_FL_NO_HIDE_STALE, 0, "NO_HIDE_STALE" },
	{ FALLOC_FL_COLLAPSE_RANGE, 0, "COLLAPSE_RANGE" },
	{ FALLOC_FL_ZERO_RANGE, 0, "ZERO_RANGE" },
	{ FALLOC_FL_INSERT_RANGE, 0, "INSERT_RANGE" },
	{ FALLOC_FL_UNSHARE_RANGE, 0, "UNSHARE_RANGE" },
};
const struct flag_table bt_fallocate_modes = FLAG_TABLE(fallocate_mode_entries, NULL);

static const struct value_name fadvise_advice_entries[] = {
	{ POSIX_FADV_NORMAL, "NORMAL" },
	{ POSIX_FADV_RANDOM, "RANDOM" },
	{ POSIX_FADV_SEQUENTIAL, "SEQUENTIAL" },
	{ POSIX_FADV_WILLNEED, "WILLNEED" },
	{ POSIX_FADV_DONTNEED, "DONTNEED" },
	{ POSIX_FADV_NOREUSE, "NOREUSE" },
};
const struct value_table bt_fadvise_advices = VALUE_TABLE(fadvise_advice_entries);

/* fcntl(F_SETLEASE) */
static const struct value_name lease_type_entries[] = {
	{ F_RDLCK, "RDLCK" }, { F_WRLCK, "WRLCK" }, { F_UNLCK, "UNLCK" },
};
const struct value_table bt_lease_types = VALUE_TABLE(lease_type_entries);

/* fcntl(F_NOTIFY) */
static const struct flag_name dnotify_flag_entries[] = {
	{ DN_ACCESS, 0, "DN_ACCESS" },
	{ DN_MODIFY, 0, "DN_MODIFY" },
	{ DN_CREATE, 0, "DN_CREATE" },
	{ DN_DELETE, 0, "DN_DELETE" },
	{ DN_RENAME, 0, "DN_RENAME" },
	{ DN_ATTRIB, 0, "DN_ATTRIB" },
	{ DN_MULTISHOT, 0, "DN_MULTISHOT" },
};
const struct flag_table bt_dnotify_flags = FLAG_TABLE(dnotify_flag_entries, NULL);

/* fcntl(F_ADD_SEALS) */
static const struct flag_name seal_flag_entries[] = {
	{ F_SEAL_SEAL, 0, "SEAL_SEAL" },
	{ F_SEAL_SHRINK, 0, "SEAL_SHRINK" },
	{ F_SEAL_GROW, 0, "SEAL_GROW" },
	{ F_SEAL_WRITE, 0, "SEAL_WRITE" },
	{ F_SEAL_FUTURE_WRITE, 0, "SEAL_FUTURE_WRITE" },
};
const struct flag_table bt_seal_flags = FLAG_TABLE(seal_flag_entries, NULL);

static const struct flag_name xattr_flag_entries[] = {
	{ XATTR_CREATE, 0, "CREATE" },
	{ XATTR_REPLACE, 0, "REPLACE" },
};
const struct flag_table bt_xattr_flags = FLAG_TABLE(xattr_flag_entries, NULL);

static const struct flag_name close_range_flag_entries[] = {
	{ CLOSE_RANGE_UNSHARE, 0, "UNSHARE" },
	{ CLOSE_RANGE_CLOEXEC, 0, "CLOEXEC" },
};
const struct flag_table bt_close_range_flags = FLAG_TABLE(close_range_flag_entries, NULL);

static const struct flag_name splice_flag_entries[] = {
	{ SPLICE_F_MOVE, 0, "MOVE" },
	{ SPLICE_F_NONBLOCK, 0, "NONBLOCK" },
	{ SPLICE_F_MORE, 0, "MORE" },
	{ SPLICE_F_GIFT, 0, "GIFT" },
};
const struct flag_table bt_splice_flags = FLAG_TABLE(splice_flag_entries, NULL);

static const struct flag_name sync_file_range_flag_entries[] = {
	{ SYNC_FILE_RANGE_WAIT_BEFORE, 0, "WAIT_BEFORE" },
	{ SYNC_FILE_RANGE_WRITE, 0, "WRITE" },
	{ SYNC_FILE_RANGE_WAIT_AFTER, 0, "WAIT_AFTER" },
};
const struct flag_table bt_sync_file_range_flags = FLAG_TABLE(sync_file_range_flag_entries, NULL);

/* preadv2/pwritev2 */
static const struct flag_name rwf_flag_entries[] = {
	{ RWF_HIPRI, 0, "HIPRI" },
	{ RWF_DSYNC, 0, "DSYNC" },
	{ RWF_SYNC, 0, "SYNC" },
	{ RWF_NOWAIT, 0, "NOWAIT" },
	{ RWF_APPEND, 0, "APPEND" },
};
const struct flag_table bt_rwf_flags = FLAG_TABLE(rwf_flag_entries, NULL);

/* inotify_add_watch: CLOSE and MOVE are pairs of events, printed as one. */
static const struct flag_name inotify_mask_entries[] = {
	{ IN_ACCESS, 0, "ACCESS" },
	{ IN_MODIFY, 0, "MODIFY" },
	{ IN_ATTRIB, 0, "ATTRIB" },
	{ IN_CLOSE, 0, "CLOSE" },
	{ IN_CLOSE_WRITE, 0, "CLOSE_WRITE" },
	{ IN_CLOSE_NOWRITE, 0, "CLOSE_NOWRITE" },
	{ IN_OPEN, 0, "OPEN" },
	{ IN_MOVE, 0, "MOVE" },
	{ IN_MOVED_FROM, 0, "MOVED_FROM" },
	{ IN_MOVED_TO, 0, "MOVED_TO" },
	{ IN_CREATE, 0, "CREATE" },
	{ IN_DELETE, 0, "DELETE" },
	{ IN_DELETE_SELF, 0, "DELETE_SELF" },
	{ IN_MOVE_SELF, 0, "MOVE_SELF" },
	{ IN_UNMOUNT, 0, "UNMOUNT" },
	{ IN_Q_OVERFLOW, 0, "Q_OVERFLOW" },
	{ IN_IGNORED, 0, "IGNORED" },
	{ IN_ONLYDIR, 0, "ONLYDIR" },
	{ IN_DONT_FOLLOW, 0, "DONT_FOLLOW" },
	{ IN_EXCL_UNLINK, 0, "EXCL_UNLINK" },
	{ IN_MASK_CREATE, 0, "MASK_CREATE" },
	{ IN_MASK_ADD, 0, "MASK_ADD" },
	{ IN_ISDIR, 0, "ISDIR" },
	{ IN_ONESHOT, 0, "ONESHOT" },
};
const struct flag_table bt_inotify_masks = FLAG_TABLE(inotify_mask_entries, NULL);

static const struct value_name epoll_op_entries[] = {
	{ EPOLL_CTL_ADD, "ADD" }, { EPOLL_CTL_DEL, "DEL" }, { EPOLL_CTL_MOD, "MOD" },
};
const struct value_table bt_epoll_ops = VALUE_TABLE(epoll_op_entries);

/* Inside structs (captured-poll.c) strace spells names in full: POLLIN,
 * EPOLLIN, DT_REG. The poll bits are x86_64's (<bits/poll.h>). */
static const struct flag_name poll_event_entries[] = {
	{ 0x0001, 0, "POLLIN" }, { 0x0002, 0, "POLLPRI" }, { 0x0004, 0, "POLLOUT" },
	{ 0x0008, 0, "POLLERR" }, { 0x0010, 0, "POLLHUP" }, { 0x0020, 0, "POLLNVAL" },
	{ 0x0040, 0, "POLLRDNORM" }, { 0x0080, 0, "POLLRDBAND" }, { 0x0100, 0, "POLLWRNORM" },
	{ 0x0200, 0, "POLLWRBAND" }, { 0x0400, 0, "POLLMSG" }, { 0x1000, 0, "POLLREMOVE" },
	{ 0x2000, 0, "POLLRDHUP" }, { 0x8000, 0, "POLL_BUSY_LOOP" },
};
const struct flag_table bt_poll_events = FLAG_TABLE(poll_event_entries, NULL);

#define EPOLLEV(x) { EPOLL##x, 0, "EPOLL" #x }
static const struct flag_name epoll_event_entries[] = {
	EPOLLEV(IN), EPOLLEV(PRI), EPOLLEV(OUT), EPOLLEV(ERR), EPOLLEV(HUP), { 0x20, 0, "EPOLLNVAL" },
	EPOLLEV(RDNORM), EPOLLEV(RDBAND), EPOLLEV(WRNORM), EPOLLEV(WRBAND), EPOLLEV(MSG),
	EPOLLEV(RDHUP), EPOLLEV(EXCLUSIVE), EPOLLEV(WAKEUP), EPOLLEV(ONESHOT), EPOLLEV(ET),
};
const struct flag_table bt_epoll_events = FLAG_TABLE(epoll_event_entries, NULL);

/* linux_dirent64's d_type (<dirent.h>'s DT_*: the kernel's values). */
static const struct value_name dirent_type_entries[] = {
	{ 0, "DT_UNKNOWN" }, { 1, "DT_FIFO" }, { 2, "DT_CHR" }, { 4, "DT_DIR" }, { 6, "DT_BLK" },
	{ 8, "DT_REG" }, { 10, "DT_LNK" }, { 12, "DT_SOCK" }, { 14, "DT_WHT" },
};
const struct value_table bt_dirent_types = VALUE_TABLE(dirent_type_entries);

/* mount(2): the top 16 bits may hold the historical magic 0xC0ED. */
static const struct flag_name mount_flag_entries[] = {
	{ MS_MGC_VAL, MS_MGC_MSK, "MGC_VAL" },
	{ MS_RDONLY, 0, "RDONLY" },
	{ MS_NOSUID, 0, "NOSUID" },
	{ MS_NODEV, 0, "NODEV" },
	{ MS_NOEXEC, 0, "NOEXEC" },
	{ MS_SYNCHRONOUS, 0, "SYNCHRONOUS" },
	{ MS_REMOUNT, 0, "REMOUNT" },
	{ MS_MANDLOCK, 0, "MANDLOCK" },
	{ MS_DIRSYNC, 0, "DIRSYNC" },
	{ MS_NOSYMFOLLOW, 0, "NOSYMFOLLOW" },
	{ MS_NOATIME, 0, "NOATIME" },
	{ MS_NODIRATIME, 0, "NODIRATIME" },
	{ MS_BIND, 0, "BIND" },
	{ MS_MOVE, 0, "MOVE" },
	{ MS_REC, 0, "REC" },
	{ MS_SILENT, 0, "SILENT" },
	{ MS_POSIXACL, 0, "POSIXACL" },
	{ MS_UNBINDABLE, 0, "UNBINDABLE" },
	{ MS_PRIVATE, 0, "PRIVATE" },
	{ MS_SLAVE, 0, "SLAVE" },
	{ MS_SHARED, 0, "SHARED" },
	{ MS_RELATIME, 0, "RELATIME" },
	{ MS_KERNMOUNT, 0, "KERNMOUNT" },
	{ MS_I_VERSION, 0, "I_VERSION" },
	{ MS_STRICTATIME, 0, "STRICTATIME" },
	{ MS_LAZYTIME, 0, "LAZYTIME" },
	{ MS_ACTIVE, 0, "ACTIVE" },
	{ MS_NOUSER, 0, "NOUSER" },
};
const struct flag_table bt_mount_flags = FLAG_TABLE(mount_flag_entries, NULL);

static const struct flag_name umount_flag_entries[] = {
	{ MNT_FORCE, 0, "FORCE" },
	{ MNT_DETACH, 0, "DETACH" },
	{ MNT_EXPIRE, 0, "EXPIRE" },
	{ UMOUNT_NOFOLLOW, 0, "NOFOLLOW" },
};
const struct flag_table bt_umount_flags = FLAG_TABLE(umount_flag_entries, NULL);

static const struct flag_name getrandom_flag_entries[] = {
	{ GRND_NONBLOCK, 0, "NONBLOCK" },
	{ GRND_RANDOM, 0, "RANDOM" },
	{ GRND_INSECURE, 0, "INSECURE" },
};
const struct flag_table bt_getrandom_flags = FLAG_TABLE(getrandom_flag_entries, NULL);

/* mknod's file type field, printed strace-style: "S_IFCHR|0620". */
static const struct value_name file_type_entries[] = {
	{ S_IFREG, "S_IFREG" }, { S_IFDIR, "S_IFDIR" }, { S_IFCHR, "S_IFCHR" },
	{ S_IFBLK, "S_IFBLK" }, { S_IFIFO, "S_IFIFO" }, { S_IFLNK, "S_IFLNK" },
	{ S_IFSOCK, "S_IFSOCK" },
};
const struct value_table bt_file_types = VALUE_TABLE(file_type_entries);
