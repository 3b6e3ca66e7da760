/* errno names and messages.
 *
 * The messages are the glibc strerror() texts that strace prints, stored
 * here so that output does not depend on the locale or the C library.  The
 * values come from <errno.h>; the kernel-internal codes (512 and up) never
 * reach a process but do show up in the raw syscall exit tracepoint, so
 * they are named too (include/linux/errno.h in the kernel sources). */
#include <errno.h>

#include "util/trace/beauty/beauty-internal.h"

/* Kernel-internal errnos: not in any userspace header. */
#ifndef ERESTARTSYS
#define ERESTARTSYS		512
#endif
#ifndef ERESTARTNOINTR
#define ERESTARTNOINTR		513
#endif
#ifndef ERESTARTNOHAND
#define ERESTARTNOHAND		514
#endif
#ifndef ENOIOCTLCMD
#define ENOIOCTLCMD		515
#endif
#ifndef ERESTART_RESTARTBLOCK
#define ERESTART_RESTARTBLOCK	516
#endif
#ifndef EPROBE_DEFER
#define EPROBE_DEFER		517
#endif
#ifndef EOPENSTALE
#define EOPENSTALE		518
#endif
#ifndef ENOPARAM
#define ENOPARAM		519
#endif
/* NFSv3 protocol errors (the kernel's NFS client and server use them). */
#ifndef EBADHANDLE
#define EBADHANDLE		521
#endif
#ifndef ENOTSYNC
#define ENOTSYNC		522
#endif
#ifndef EBADCOOKIE
#define EBADCOOKIE		523
#endif
#ifndef ENOTSUPP
#define ENOTSUPP		524
#endif
#ifndef ETOOSMALL
#define ETOOSMALL		525
#endif
#ifndef ESERVERFAULT
#define ESERVERFAULT		526
#endif
#ifndef EBADTYPE
#define EBADTYPE		527
#endif
#ifndef EJUKEBOX
#define EJUKEBOX		528
#endif
#ifndef EIOCBQUEUED
#define EIOCBQUEUED		529
#endif
#ifndef ERECALLCONFLICT
#define ERECALLCONFLICT		530
#endif
#ifndef ENOGRACE
#define ENOGRACE		531
#endif

#define ERR(e, msg)	{ e, #e, msg, false }
#define RESTART(e, msg)	{ e, #e, msg, true }

/* Sorted by value, so errno_name() can search it in halves (a unit test
 * checks the order). */
const struct errno_desc bt_errno_descs[] = {
	ERR(EPERM, "Operation not permitted"),
	ERR(ENOENT, "No such file or directory"),
	ERR(ESRCH, "No such process"),
	ERR(EINTR, "Interrupted system call"),
	ERR(EIO, "Input/output error"),
	ERR(ENXIO, "No such device or address"),
	ERR(E2BIG, "Argument list too long"),
	ERR(ENOEXEC, "Exec format error"),
	ERR(EBADF, "Bad file descriptor"),
	ERR(ECHILD, "No child processes"),
	ERR(EAGAIN, "Resource temporarily unavailable"),
	ERR(ENOMEM, "Cannot allocate memory"),
	ERR(EACCES, "Permission denied"),
	ERR(EFAULT, "Bad address"),
	ERR(ENOTBLK, "Block device required"),
	ERR(EBUSY, "Device or resource busy"),
	ERR(EEXIST, "File exists"),
	ERR(EXDEV, "Invalid cross-device link"),
	ERR(ENODEV, "No such device"),
	ERR(ENOTDIR, "Not a directory"),
	ERR(EISDIR, "Is a directory"),
	ERR(EINVAL, "Invalid argument"),
	ERR(ENFILE, "Too many open files in system"),
	ERR(EMFILE, "Too many open files"),
	ERR(ENOTTY, "Inappropriate ioctl for device"),
	ERR(ETXTBSY, "Text file busy"),
	ERR(EFBIG, "File too large"),
	ERR(ENOSPC, "No space left on device"),
	ERR(ESPIPE, "Illegal seek"),
	ERR(EROFS, "Read-only file system"),
	ERR(EMLINK, "Too many links"),
	ERR(EPIPE, "Broken pipe"),
	ERR(EDOM, "Numerical argument out of domain"),
	ERR(ERANGE, "Numerical result out of range"),
	ERR(EDEADLK, "Resource deadlock avoided"),
	ERR(ENAMETOOLONG, "File name too long"),
	ERR(ENOLCK, "No locks available"),
	ERR(ENOSYS, "Function not implemented"),
	ERR(ENOTEMPTY, "Directory not empty"),
	ERR(ELOOP, "Too many levels of symbolic links"),
	ERR(ENOMSG, "No message of desired type"),
	ERR(EIDRM, "Identifier removed"),
	ERR(ECHRNG, "Channel number out of range"),
	ERR(EL2NSYNC, "Level 2 not synchronized"),
	ERR(EL3HLT, "Level 3 halted"),
	ERR(EL3RST, "Level 3 reset"),
	ERR(ELNRNG, "Link number out of range"),
	ERR(EUNATCH, "Protocol driver not attached"),
	ERR(ENOCSI, "No CSI structure available"),
	ERR(EL2HLT, "Level 2 halted"),
	ERR(EBADE, "Invalid exchange"),
	ERR(EBADR, "Invalid request descriptor"),
	ERR(EXFULL, "Exchange full"),
	ERR(ENOANO, "No anode"),
	ERR(EBADRQC, "Invalid request code"),
	ERR(EBADSLT, "Invalid slot"),
	ERR(EBFONT, "Bad font file format"),
	ERR(ENOSTR, "Device not a stream"),
	ERR(ENODATA, "No data available"),
	ERR(ETIME, "Timer expired"),
	ERR(ENOSR, "Out of streams resources"),
	ERR(ENONET, "Machine is not on the network"),
	ERR(ENOPKG, "Package not installed"),
	ERR(EREMOTE, "Object is remote"),
	ERR(ENOLINK, "Link has been severed"),
	ERR(EADV, "Advertise error"),
	ERR(ESRMNT, "Srmount error"),
	ERR(ECOMM, "Communication error on send"),
	ERR(EPROTO, "Protocol error"),
	ERR(EMULTIHOP, "Multihop attempted"),
	ERR(EDOTDOT, "RFS specific error"),
	ERR(EBADMSG, "Bad message"),
	ERR(EOVERFLOW, "Value too large for defined data type"),
	ERR(ENOTUNIQ, "Name not unique on network"),
	ERR(EBADFD, "File descriptor in bad state"),
	ERR(EREMCHG, "Remote address changed"),
	ERR(ELIBACC, "Can not access a needed shared library"),
	ERR(ELIBBAD, "Accessing a corrupted shared library"),
	ERR(ELIBSCN, ".lib section in a.out corrupted"),
	ERR(ELIBMAX, "Attempting to link in too many shared libraries"),
	ERR(ELIBEXEC, "Cannot exec a shared library directly"),
	ERR(EILSEQ, "Invalid or incomplete multibyte or wide character"),
	ERR(ERESTART, "Interrupted system call should be restarted"),
	ERR(ESTRPIPE, "Streams pipe error"),
	ERR(EUSERS, "Too many users"),
	ERR(ENOTSOCK, "Socket operation on non-socket"),
	ERR(EDESTADDRREQ, "Destination address required"),
	ERR(EMSGSIZE, "Message too long"),
	ERR(EPROTOTYPE, "Protocol wrong type for socket"),
	ERR(ENOPROTOOPT, "Protocol not available"),
	ERR(EPROTONOSUPPORT, "Protocol not supported"),
	ERR(ESOCKTNOSUPPORT, "Socket type not supported"),
	ERR(EOPNOTSUPP, "Operation not supported"),
	ERR(EPFNOSUPPORT, "Protocol family not supported"),
	ERR(EAFNOSUPPORT, "Address family not supported by protocol"),
	ERR(EADDRINUSE, "Address already in use"),
	ERR(EADDRNOTAVAIL, "Cannot assign requested address"),
	ERR(ENETDOWN, "Network is down"),
	ERR(ENETUNREACH, "Network is unreachable"),
	ERR(ENETRESET, "Network dropped connection on reset"),
	ERR(ECONNABORTED, "Software caused connection abort"),
	ERR(ECONNRESET, "Connection reset by peer"),
	ERR(ENOBUFS, "No buffer space available"),
	ERR(EISCONN, "Transport endpoint is already connected"),
	ERR(ENOTCONN, "Transport endpoint is not connected"),
	ERR(ESHUTDOWN, "Cannot send after transport endpoint shutdown"),
	ERR(ETOOMANYREFS, "Too many references: cannot splice"),
	ERR(ETIMEDOUT, "Connection timed out"),
	ERR(ECONNREFUSED, "Connection refused"),
	ERR(EHOSTDOWN, "Host is down"),
	ERR(EHOSTUNREACH, "No route to host"),
	ERR(EALREADY, "Operation already in progress"),
	ERR(EINPROGRESS, "Operation now in progress"),
	ERR(ESTALE, "Stale file handle"),
	ERR(EUCLEAN, "Structure needs cleaning"),
	ERR(ENOTNAM, "Not a XENIX named type file"),
	ERR(ENAVAIL, "No XENIX semaphores available"),
	ERR(EISNAM, "Is a named type file"),
	ERR(EREMOTEIO, "Remote I/O error"),
	ERR(EDQUOT, "Disk quota exceeded"),
	ERR(ENOMEDIUM, "No medium found"),
	ERR(EMEDIUMTYPE, "Wrong medium type"),
	ERR(ECANCELED, "Operation canceled"),
	ERR(ENOKEY, "Required key not available"),
	ERR(EKEYEXPIRED, "Key has expired"),
	ERR(EKEYREVOKED, "Key has been revoked"),
	ERR(EKEYREJECTED, "Key was rejected by service"),
	ERR(EOWNERDEAD, "Owner died"),
	ERR(ENOTRECOVERABLE, "State not recoverable"),
	ERR(ERFKILL, "Operation not possible due to RF-kill"),
	ERR(EHWPOISON, "Memory page has hardware error"),
	/* strace's texts for the restart codes ... */
	RESTART(ERESTARTSYS, "To be restarted if SA_RESTART is set"),
	RESTART(ERESTARTNOINTR, "To be restarted"),
	RESTART(ERESTARTNOHAND, "To be restarted if no handler"),
	ERR(ENOIOCTLCMD, "No ioctl command"),
	RESTART(ERESTART_RESTARTBLOCK, "Interrupted by signal"),
	/* ... and, where glibc has no text ("Unknown error 517"), what the
	 * kernel's comments say the code means. */
	ERR(EPROBE_DEFER, "Driver requests probe retry"),
	ERR(EOPENSTALE, "Open found a stale dentry"),
	ERR(ENOPARAM, "Parameter not supported"),
	ERR(EBADHANDLE, "Illegal NFS file handle"),
	ERR(ENOTSYNC, "Update synchronization mismatch"),
	ERR(EBADCOOKIE, "Cookie is stale"),
	ERR(ENOTSUPP, "Operation is not supported"),
	ERR(ETOOSMALL, "Buffer or request is too small"),
	ERR(ESERVERFAULT, "An untranslatable error occurred"),
	ERR(EBADTYPE, "Type not supported by server"),
	ERR(EJUKEBOX, "Request initiated, but will not complete before timeout"),
	ERR(EIOCBQUEUED, "iocb queued, will get completion event"),
	ERR(ERECALLCONFLICT, "Conflict with recalled state"),
	ERR(ENOGRACE, "NFS file lock reclaim refused"),
};
const size_t bt_errno_descs_nr = ARRAY_SIZE(bt_errno_descs);

const struct errno_desc *bt_errno_desc_find(int err)
{
	size_t lo = 0, hi = bt_errno_descs_nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (bt_errno_descs[mid].err == err)
			return &bt_errno_descs[mid];
		if (bt_errno_descs[mid].err < err)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *errno_name(int err)
{
	const struct errno_desc *d = bt_errno_desc_find(err);

	return d ? d->name : NULL;
}

const char *errno_message(int err)
{
	const struct errno_desc *d = bt_errno_desc_find(err);

	return d ? d->msg : NULL;
}
