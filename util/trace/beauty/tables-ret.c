/* Syscalls whose result prints more than its value (strace's
 * "= 1 ([{fd=3, revents=POLLIN}])", "= 0x1 (flags FD_CLOEXEC)"): which
 * printer each has. The printers live next to the structs they read. */
#include "util/trace/beauty/beauty-internal.h"

const struct sc_ret_fmt bt_sc_ret_fmts[] = {
	{ "", NULL },   /* (keeps the table non-empty; never matches a syscall) */
	/* system information and process control (captured-sys.c) */
	{ "fcntl", bt_print_fcntl_ret },
	{ "prctl", bt_print_prctl_ret },
	/* polling (captured-poll.c): revents, ready sets, the time left */
	{ "poll", bt_print_poll_ret },
	{ "ppoll", bt_print_ppoll_ret },
	{ "select", bt_print_select_ret },
	{ "pselect6", bt_print_pselect6_ret },
	/* sockets (captured-net.c) */
	{ "recvmmsg", bt_print_recvmmsg_ret },
};
const size_t bt_sc_ret_fmts_nr = ARRAY_SIZE(bt_sc_ret_fmts);
