/* report --tasks: the threads a data file knew of, each under the thread
 * that forked it, in perf report --tasks' layout:
 *
 *	#      pid      tid     ppid  comm
 *	         0        0       -1 |swapper
 *	      6344     6344       -1 |sc-fork
 *	      6346     6346     6344 | sc-fork
 */
#ifndef SCRY_TASKS_H
#define SCRY_TASKS_H

#include "util/outbuf.h"

struct machine;

/* Print m's threads (and the idle task, 0/0 "swapper", as perf always has
 * it). Returns -1 on ENOMEM. */
int tasks_print(const struct machine *m, struct outbuf *ob);

#endif
