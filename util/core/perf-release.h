/* Releasing perf events without making the user wait for the kernel.
 *
 * When the last perf event on a tracepoint goes away, the kernel unregisters
 * the tracepoint and waits for an RCU tasks-trace grace period, holding a
 * global mutex: one tracepoint after another, about 30-60 ms each on a small
 * VM. A `scry trace -e LIST` of 13 syscalls (the listed ones plus those that
 * keep fd paths current) opens 26 tracepoints and would spend ~1.5 s in
 * close() after its work is done; a list of 60 syscalls, several seconds.
 * perf trace and perf record pay this on every exit.
 *
 * perf_release_in_background() hands scry's perf events and BPF links to a
 * detached process (named "scry-release") that drops them in the background:
 * scry's own closes are then not the last reference and cost nothing, and
 * the command returns at once. Detaching a BPF program from a syscall
 * tracepoint is slow in the same way, so the links go to the helper too; the
 * caller first tells its programs to stop recording and disables its events,
 * so nothing is recorded after the call. The helper keeps no other fd: a
 * pipe scry wrote into sees its end when scry exits.
 */
#ifndef SCRY_PERF_RELEASE_H
#define SCRY_PERF_RELEASE_H

/* Call once, after the last output was written and before closing the perf
 * events. Returns 0 when the helper holds the events, -1 (errno set) when it
 * could not be started: the caller's closes are then the slow ones, nothing
 * else changes. */
int perf_release_in_background(void);

/* The name the helper runs under (ps, pgrep). */
#define PERF_RELEASE_COMM "scry-release"

/* Until the helpers hold them, the events of a tracepoint keep it busy: a
 * probe scry record just used cannot be deleted yet. Waits until no helper
 * runs on this machine, at most timeout_ms; returns 0 when none is left,
 * -1 when one still runs. */
int perf_release_wait(unsigned timeout_ms);

#endif
