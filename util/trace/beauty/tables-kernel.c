/* Kernel facilities with a multiplexing syscall: bpf commands, keyctl
 * operations, membarrier commands, seccomp operations and filter flags. */
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/membarrier.h>
#include <linux/seccomp.h>

#include "util/trace/beauty/beauty-internal.h"

#define BPF(x) { BPF_##x, #x }
static const struct value_name bpf_cmd_entries[] = {
	BPF(MAP_CREATE), BPF(MAP_LOOKUP_ELEM), BPF(MAP_UPDATE_ELEM), BPF(MAP_DELETE_ELEM),
	BPF(MAP_GET_NEXT_KEY), BPF(PROG_LOAD), BPF(OBJ_PIN), BPF(OBJ_GET),
	BPF(PROG_ATTACH), BPF(PROG_DETACH), BPF(PROG_TEST_RUN), BPF(PROG_GET_NEXT_ID),
	BPF(MAP_GET_NEXT_ID), BPF(PROG_GET_FD_BY_ID), BPF(MAP_GET_FD_BY_ID),
	BPF(OBJ_GET_INFO_BY_FD), BPF(PROG_QUERY), BPF(RAW_TRACEPOINT_OPEN),
	BPF(BTF_LOAD), BPF(BTF_GET_FD_BY_ID), BPF(TASK_FD_QUERY),
	BPF(MAP_LOOKUP_AND_DELETE_ELEM), BPF(MAP_FREEZE), BPF(BTF_GET_NEXT_ID),
	BPF(MAP_LOOKUP_BATCH), BPF(MAP_LOOKUP_AND_DELETE_BATCH), BPF(MAP_UPDATE_BATCH),
	BPF(MAP_DELETE_BATCH), BPF(LINK_CREATE), BPF(LINK_UPDATE),
	BPF(LINK_GET_FD_BY_ID), BPF(LINK_GET_NEXT_ID), BPF(ENABLE_STATS),
	BPF(ITER_CREATE), BPF(LINK_DETACH), BPF(PROG_BIND_MAP),
};
const struct value_table bt_bpf_cmds = VALUE_TABLE(bpf_cmd_entries);

#define KEYCTL(x) { KEYCTL_##x, #x }
static const struct value_name keyctl_op_entries[] = {
	KEYCTL(GET_KEYRING_ID), KEYCTL(JOIN_SESSION_KEYRING), KEYCTL(UPDATE),
	KEYCTL(REVOKE), KEYCTL(CHOWN), KEYCTL(SETPERM), KEYCTL(DESCRIBE), KEYCTL(CLEAR),
	KEYCTL(LINK), KEYCTL(UNLINK), KEYCTL(SEARCH), KEYCTL(READ), KEYCTL(INSTANTIATE),
	KEYCTL(NEGATE), KEYCTL(SET_REQKEY_KEYRING), KEYCTL(SET_TIMEOUT),
	KEYCTL(ASSUME_AUTHORITY), KEYCTL(GET_SECURITY), KEYCTL(SESSION_TO_PARENT),
	KEYCTL(REJECT), KEYCTL(INSTANTIATE_IOV), KEYCTL(INVALIDATE),
	KEYCTL(GET_PERSISTENT), KEYCTL(DH_COMPUTE), KEYCTL(PKEY_QUERY),
	KEYCTL(PKEY_ENCRYPT), KEYCTL(PKEY_DECRYPT), KEYCTL(PKEY_SIGN),
	KEYCTL(PKEY_VERIFY), KEYCTL(RESTRICT_KEYRING), KEYCTL(MOVE),
	KEYCTL(CAPABILITIES), KEYCTL(WATCH_KEY),
};
const struct value_table bt_keyctl_ops = VALUE_TABLE(keyctl_op_entries);

#define MEMBARRIER(x) { MEMBARRIER_CMD_##x, #x }
static const struct value_name membarrier_cmd_entries[] = {
	MEMBARRIER(QUERY), MEMBARRIER(GLOBAL), MEMBARRIER(GLOBAL_EXPEDITED),
	MEMBARRIER(REGISTER_GLOBAL_EXPEDITED), MEMBARRIER(PRIVATE_EXPEDITED),
	MEMBARRIER(REGISTER_PRIVATE_EXPEDITED), MEMBARRIER(PRIVATE_EXPEDITED_SYNC_CORE),
	MEMBARRIER(REGISTER_PRIVATE_EXPEDITED_SYNC_CORE),
	MEMBARRIER(PRIVATE_EXPEDITED_RSEQ), MEMBARRIER(REGISTER_PRIVATE_EXPEDITED_RSEQ),
};
const struct value_table bt_membarrier_cmds = VALUE_TABLE(membarrier_cmd_entries);

static const struct flag_name membarrier_flag_entries[] = {
	{ MEMBARRIER_CMD_FLAG_CPU, 0, "FLAG_CPU" },
};
const struct flag_table bt_membarrier_flags = FLAG_TABLE(membarrier_flag_entries, NULL);

#define SECCOMP(x) { SECCOMP_##x, #x }
static const struct value_name seccomp_op_entries[] = {
	SECCOMP(SET_MODE_STRICT), SECCOMP(SET_MODE_FILTER), SECCOMP(GET_ACTION_AVAIL),
	SECCOMP(GET_NOTIF_SIZES),
};
const struct value_table bt_seccomp_ops = VALUE_TABLE(seccomp_op_entries);

#define SECCOMP_FLAG(x) { SECCOMP_FILTER_FLAG_##x, 0, #x }
static const struct flag_name seccomp_filter_flag_entries[] = {
	SECCOMP_FLAG(TSYNC), SECCOMP_FLAG(LOG), SECCOMP_FLAG(SPEC_ALLOW),
	SECCOMP_FLAG(NEW_LISTENER), SECCOMP_FLAG(TSYNC_ESRCH),
	SECCOMP_FLAG(WAIT_KILLABLE_RECV),
};
const struct flag_table bt_seccomp_filter_flags = FLAG_TABLE(seccomp_filter_flag_entries, NULL);
