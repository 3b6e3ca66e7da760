/* Memory management: mmap/mprotect prot, mmap flags, madvise advice, mremap,
 * msync and mlock flags. */
#include <linux/mman.h>         /* first: PROT_SEM, MADV_COLLAPSE, MAP_HUGE_*; glibc then skips its copies */
#include <sys/mman.h>

#include "util/trace/beauty/beauty-internal.h"

/* Newer than the installed headers (linux-libc-dev 6.1). */
#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif
#ifndef MADV_GUARD_REMOVE
#define MADV_GUARD_REMOVE 103
#endif

static const struct flag_name mmap_prot_entries[] = {
	{ PROT_READ, 0, "READ" },
	{ PROT_WRITE, 0, "WRITE" },
	{ PROT_EXEC, 0, "EXEC" },
	{ PROT_SEM, 0, "SEM" },
	{ PROT_GROWSDOWN, 0, "GROWSDOWN" },
	{ PROT_GROWSUP, 0, "GROWSUP" },
};
const struct flag_table bt_mmap_prots = FLAG_TABLE(mmap_prot_entries, "NONE");

/* The low four bits are the mapping type, an enumeration, not bits; the
 * huge page size is a 6-bit log2 field at bit 26. */
#define MAP_HUGE(size) { MAP_HUGE_##size, (u64)MAP_HUGE_MASK << MAP_HUGE_SHIFT, "HUGE_" #size }
static const struct flag_name mmap_flag_entries[] = {
	{ MAP_SHARED, MAP_TYPE, "SHARED" },
	{ MAP_PRIVATE, MAP_TYPE, "PRIVATE" },
	{ MAP_SHARED_VALIDATE, MAP_TYPE, "SHARED_VALIDATE" },
	{ MAP_DROPPABLE, MAP_TYPE, "DROPPABLE" },
	{ MAP_FIXED, 0, "FIXED" },
	{ MAP_ANONYMOUS, 0, "ANONYMOUS" },
	{ MAP_32BIT, 0, "32BIT" },
	{ MAP_GROWSDOWN, 0, "GROWSDOWN" },
	{ MAP_DENYWRITE, 0, "DENYWRITE" },
	{ MAP_EXECUTABLE, 0, "EXECUTABLE" },
	{ MAP_LOCKED, 0, "LOCKED" },
	{ MAP_NORESERVE, 0, "NORESERVE" },
	{ MAP_POPULATE, 0, "POPULATE" },
	{ MAP_NONBLOCK, 0, "NONBLOCK" },
	{ MAP_STACK, 0, "STACK" },
	{ MAP_HUGETLB, 0, "HUGETLB" },
	{ MAP_SYNC, 0, "SYNC" },
	{ MAP_FIXED_NOREPLACE, 0, "FIXED_NOREPLACE" },
	MAP_HUGE(16KB), MAP_HUGE(64KB), MAP_HUGE(512KB), MAP_HUGE(1MB), MAP_HUGE(2MB),
	MAP_HUGE(8MB), MAP_HUGE(16MB), MAP_HUGE(32MB), MAP_HUGE(256MB), MAP_HUGE(512MB),
	MAP_HUGE(1GB), MAP_HUGE(2GB), MAP_HUGE(16GB),
	/* Bit 26 is also the lowest bit of the huge page size: only when no
	 * size matched is it MAP_UNINITIALIZED. */
	{ MAP_UNINITIALIZED, 0, "UNINITIALIZED" },
};
const struct flag_table bt_mmap_flags = FLAG_TABLE(mmap_flag_entries, NULL);

static const struct value_name madvise_advice_entries[] = {
	{ MADV_NORMAL, "NORMAL" },
	{ MADV_RANDOM, "RANDOM" },
	{ MADV_SEQUENTIAL, "SEQUENTIAL" },
	{ MADV_WILLNEED, "WILLNEED" },
	{ MADV_DONTNEED, "DONTNEED" },
	{ MADV_FREE, "FREE" },
	{ MADV_REMOVE, "REMOVE" },
	{ MADV_DONTFORK, "DONTFORK" },
	{ MADV_DOFORK, "DOFORK" },
	{ MADV_MERGEABLE, "MERGEABLE" },
	{ MADV_UNMERGEABLE, "UNMERGEABLE" },
	{ MADV_HUGEPAGE, "HUGEPAGE" },
	{ MADV_NOHUGEPAGE, "NOHUGEPAGE" },
	{ MADV_DONTDUMP, "DONTDUMP" },
	{ MADV_DODUMP, "DODUMP" },
	{ MADV_WIPEONFORK, "WIPEONFORK" },
	{ MADV_KEEPONFORK, "KEEPONFORK" },
	{ MADV_COLD, "COLD" },
	{ MADV_PAGEOUT, "PAGEOUT" },
	{ MADV_POPULATE_READ, "POPULATE_READ" },
	{ MADV_POPULATE_WRITE, "POPULATE_WRITE" },
	{ MADV_DONTNEED_LOCKED, "DONTNEED_LOCKED" },
	{ MADV_COLLAPSE, "COLLAPSE" },
	{ MADV_HWPOISON, "HWPOISON" },
	{ MADV_SOFT_OFFLINE, "SOFT_OFFLINE" },
	{ MADV_GUARD_INSTALL, "GUARD_INSTALL" },
	{ MADV_GUARD_REMOVE, "GUARD_REMOVE" },
};
const struct value_table bt_madvise_advices = VALUE_TABLE(madvise_advice_entries);

static const struct flag_name mremap_flag_entries[] = {
	{ MREMAP_MAYMOVE, 0, "MAYMOVE" },
	{ MREMAP_FIXED, 0, "FIXED" },
	{ MREMAP_DONTUNMAP, 0, "DONTUNMAP" },
};
const struct flag_table bt_mremap_flags = FLAG_TABLE(mremap_flag_entries, NULL);

static const struct flag_name msync_flag_entries[] = {
	{ MS_ASYNC, 0, "ASYNC" },
	{ MS_INVALIDATE, 0, "INVALIDATE" },
	{ MS_SYNC, 0, "SYNC" },
};
const struct flag_table bt_msync_flags = FLAG_TABLE(msync_flag_entries, NULL);

static const struct flag_name mlockall_flag_entries[] = {
	{ MCL_CURRENT, 0, "CURRENT" },
	{ MCL_FUTURE, 0, "FUTURE" },
	{ MCL_ONFAULT, 0, "ONFAULT" },
};
const struct flag_table bt_mlockall_flags = FLAG_TABLE(mlockall_flag_entries, NULL);

static const struct flag_name mlock2_flag_entries[] = {
	{ MLOCK_ONFAULT, 0, "ONFAULT" },
};
const struct flag_table bt_mlock2_flags = FLAG_TABLE(mlock2_flag_entries, NULL);
