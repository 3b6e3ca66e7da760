/* The syscall selection of `scry trace -e LIST`: which syscall numbers to
 * trace, parsed from strace/perf-trace style lists. */
#ifndef SCRY_SYSCALL_FILTER_H
#define SCRY_SYSCALL_FILTER_H

#include "util/trace/syscalls.h"
#include "util/types.h"

struct syscall_filter {
	/* One bit per syscall number the table names (bits for unnamed
	 * numbers stay clear; `others` answers for those). */
	u64 bits[SYSCALL_NR_MAX / 64];
	/* Every syscall the table names is selected: lets trace open
	 * raw_syscalls instead of one tracepoint per syscall. */
	bool all;
	/* Numbers the table does not name (holes, syscalls newer than the
	 * headers scry was built with) are selected. True when the list
	 * started from everything ("!open", "all"), as strace traces syscalls
	 * it cannot name under trace=all. */
	bool others;
};

/* Select everything: the default when no -e is given. */
void syscall_filter_init_all(struct syscall_filter *f);

/*
 * Parse LIST into *f. LIST is comma separated; each item is
 *	openat		a syscall name
 *	*stat*, open?, [gs]etuid	a glob (fnmatch(3))
 *	/regex		a POSIX extended regex, unanchored (strace's /regex)
 *	%file		a group (see util/trace/syscall-groups.h)
 *	all, *		every syscall
 *	none		no syscall (alone: trace none; later in a list it adds nothing)
 * optionally prefixed with '!' to remove the item's syscalls instead of
 * adding them, and/or with '?' to accept an item that matches nothing
 * (strace's "?value"; so a glob cannot begin with '?': write [a-z]etuid).
 * Blanks around an item are ignored.
 *
 * Items apply left to right. If the first item is an exclusion, the
 * selection starts from every syscall, otherwise from none:
 *	"%file,!openat"	the %file syscalls but openat
 *	"!%memory,mmap"	everything but %memory, with mmap put back
 * Note that strace reads a leading '!' as negating the whole list, so strace
 * takes "!open,close" as neither open nor close; here it is everything but
 * open (close is added back). Write "!open,!close" for strace's meaning.
 *
 * An empty list or item, a name or glob or regex that matches no syscall, an
 * unknown group or a bad regex is an error: returns -1 with *f unchanged
 * and ONE line in err (no "scry:" prefix, no newline), naming the item and,
 * for a misspelt name or group, the closest names:
 *	unknown syscall 'opnat' (did you mean: openat, openat2?)
 * A list may select nothing ("none", "%ipc,!%ipc"); that is not an error.
 * Returns 0 on success.
 */
int syscall_filter_parse(struct syscall_filter *f, const char *list, char *err, size_t errlen);

/* Whether syscall nr is selected; numbers the table does not name (and
 * negative or too large ones) follow f->others. */
bool syscall_filter_has(const struct syscall_filter *f, int nr);

/* How many syscalls the table names are selected. */
unsigned syscall_filter_count(const struct syscall_filter *f);

/* Every syscall the table names is selected. */
bool syscall_filter_is_all(const struct syscall_filter *f);

/* The next selected syscall number after prev (pass -1 to start); -1 when
 * there is none. Only numbers the table names are returned. */
int syscall_filter_next(const struct syscall_filter *f, int prev);

#define syscall_filter_for_each(nr, f) \
	for ((nr) = syscall_filter_next((f), -1); (nr) >= 0; (nr) = syscall_filter_next((f), (nr)))

#endif
