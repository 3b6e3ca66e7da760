/* System V IPC: the *get() creation flags, shmat and msgsnd/msgrcv flags,
 * and the *ctl() commands.  These keep strace's full names (IPC_CREAT,
 * SHM_RDONLY): the prefixes tell IPC_ from SHM_ from MSG_ values, which
 * share bits. */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "util/trace/beauty/beauty-internal.h"

#define F(x) { x, 0, #x }
#define V(x) { x, #x }

/* msgget, semget (the low nine bits are permissions, printed apart). */
static const struct flag_name ipcget_flag_entries[] = {
	F(IPC_CREAT), F(IPC_EXCL),
};
const struct flag_table bt_ipcget_flags = FLAG_TABLE(ipcget_flag_entries, NULL);

static const struct flag_name shmget_flag_entries[] = {
	F(IPC_CREAT), F(IPC_EXCL), F(SHM_HUGETLB), F(SHM_NORESERVE),
};
const struct flag_table bt_shmget_flags = FLAG_TABLE(shmget_flag_entries, NULL);

static const struct flag_name shmat_flag_entries[] = {
	F(SHM_RDONLY), F(SHM_RND), F(SHM_REMAP), F(SHM_EXEC),
};
const struct flag_table bt_shmat_flags = FLAG_TABLE(shmat_flag_entries, NULL);

/* msgsnd, msgrcv */
static const struct flag_name msgop_flag_entries[] = {
	F(IPC_NOWAIT), F(MSG_NOERROR), F(MSG_EXCEPT), F(MSG_COPY),
};
const struct flag_table bt_msgop_flags = FLAG_TABLE(msgop_flag_entries, NULL);

static const struct value_name shmctl_cmd_entries[] = {
	V(IPC_RMID), V(IPC_SET), V(IPC_STAT), V(IPC_INFO), V(SHM_LOCK), V(SHM_UNLOCK),
	V(SHM_STAT), V(SHM_INFO), V(SHM_STAT_ANY),
};
const struct value_table bt_shmctl_cmds = VALUE_TABLE(shmctl_cmd_entries);

static const struct value_name semctl_cmd_entries[] = {
	V(IPC_RMID), V(IPC_SET), V(IPC_STAT), V(IPC_INFO), V(GETPID), V(GETVAL),
	V(GETALL), V(GETNCNT), V(GETZCNT), V(SETVAL), V(SETALL), V(SEM_STAT),
	V(SEM_INFO), V(SEM_STAT_ANY),
};
const struct value_table bt_semctl_cmds = VALUE_TABLE(semctl_cmd_entries);

static const struct value_name msgctl_cmd_entries[] = {
	V(IPC_RMID), V(IPC_SET), V(IPC_STAT), V(IPC_INFO), V(MSG_STAT), V(MSG_INFO),
	V(MSG_STAT_ANY),
};
const struct value_table bt_msgctl_cmds = VALUE_TABLE(msgctl_cmd_entries);
