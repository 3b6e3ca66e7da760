/* Clocks and timers: clock ids, interval timer kinds, absolute-time flags. */
#include <sys/time.h>
#include <sys/timerfd.h>
#include <time.h>

#include "util/trace/beauty/beauty-internal.h"

#define CLOCK(x) { CLOCK_##x, #x }
/* Negative ids are dynamic clocks (a process's CPU clock, a PTP device
 * fd): they print as numbers. */
static const struct value_name clock_id_entries[] = {
	CLOCK(REALTIME), CLOCK(MONOTONIC), CLOCK(PROCESS_CPUTIME_ID),
	CLOCK(THREAD_CPUTIME_ID), CLOCK(MONOTONIC_RAW), CLOCK(REALTIME_COARSE),
	CLOCK(MONOTONIC_COARSE), CLOCK(BOOTTIME), CLOCK(REALTIME_ALARM),
	CLOCK(BOOTTIME_ALARM), CLOCK(TAI),
};
const struct value_table bt_clock_ids = VALUE_TABLE(clock_id_entries);

static const struct value_name itimer_which_entries[] = {
	{ ITIMER_REAL, "REAL" }, { ITIMER_VIRTUAL, "VIRTUAL" }, { ITIMER_PROF, "PROF" },
};
const struct value_table bt_itimer_whiches = VALUE_TABLE(itimer_which_entries);

/* clock_nanosleep, timer_settime */
static const struct flag_name timer_flag_entries[] = {
	{ TIMER_ABSTIME, 0, "ABSTIME" },
};
const struct flag_table bt_timer_flags = FLAG_TABLE(timer_flag_entries, NULL);

static const struct flag_name timerfd_settime_flag_entries[] = {
	{ TFD_TIMER_ABSTIME, 0, "TIMER_ABSTIME" },
	{ TFD_TIMER_CANCEL_ON_SET, 0, "TIMER_CANCEL_ON_SET" },
};
const struct flag_table bt_timerfd_settime_flags = FLAG_TABLE(timerfd_settime_flag_entries, NULL);
