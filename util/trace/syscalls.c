#include "util/trace/syscalls.h"

#include <string.h>

#include "util/trace/syscalls-table.h"

_Static_assert(SYSCALL_TABLE_MAX_NR < SYSCALL_NR_MAX, "SYSCALL_NR_MAX too small for this kernel's table");

int syscall_max_nr(void) { return SYSCALL_TABLE_MAX_NR; }

const char *syscall_name(int nr)
{
	if (nr < 0 || nr > SYSCALL_TABLE_MAX_NR)
		return NULL;
	return syscall_table_names[nr];
}

int syscall_nr(const char *name)
{
	/* ~450 entries, looked up only while parsing options: a scan is enough. */
	for (int nr = 0; nr <= SYSCALL_TABLE_MAX_NR; nr++)
		if (syscall_table_names[nr] && !strcmp(syscall_table_names[nr], name))
			return nr;
	return -1;
}
