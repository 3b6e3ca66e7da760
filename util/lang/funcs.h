/* The pure pieces of the language's later functions (bpftrace 0.17's
 * bswap, strncmp, buf, ntop, strftime, kaddr, reg, uptr/kptr, cat, system,
 * join): what the checker resolves when it compiles (kaddr's symbol, reg's
 * offset) and how user space prints their values. The checker, the code
 * generator, the evaluator and output.c call these; nothing here touches
 * the kernel beyond reading /proc/kallsyms. */
#ifndef SCRY_LANG_FUNCS_H
#define SCRY_LANG_FUNCS_H

#include <stddef.h>

#include "util/types.h"

struct outbuf;

/* kaddr("sym"): the address of a kernel symbol from /proc/kallsyms.
 * 0, or -1 when there is none (or kallsyms hides addresses: all zero). */
int lang_func_kaddr(const char *name, u64 *addr);

/* reg("ip"): the byte offset in struct pt_regs (x86-64) of a register
 * named as bpftrace names it (ip, sp, ax, di, r8, orig_ax, ...); -1 for
 * a name it does not know. */
int lang_func_reg_offset(const char *name);

/* pton("addr"): the address's bytes into out: 4 for an IPv4 address
 * (one with a '.' and no ':'), 16 for IPv6 (a ':'); -1 when it is not one. */
int lang_func_pton(const char *text, u8 out[16]);

/* buf()'s text, as bpftrace's hex_format_buffer: mode 0 (print, %r)
 * bytes 32..126 as themselves and others as "\xNN"; 'x' (%rx) every byte
 * as "\xNN"; 'h' (%rh) "NN NN NN". */
void lang_func_put_buf(struct outbuf *ob, const u8 *bytes, size_t len, char mode);

/* ntop(): af 2 (AF_INET) prints addr[0..4) dotted, 10 (AF_INET6)
 * addr[0..16) as inet_ntop does; any other family prints nothing. */
void lang_func_put_inet(struct outbuf *ob, u64 af, const u8 addr[16]);

/* strftime(fmt, ns): ns since the clock the program reads (nsecs), plus
 * offset_ns (the wall clock at that clock's 0), in local time through
 * strftime(3); "%f" is the microseconds, zero-padded to 6 digits, as in
 * bpftrace. "(?)" when the time cannot be converted. */
void lang_func_put_strftime(struct outbuf *ob, const char *fmt, u64 ns, u64 offset_ns);

/* The wall clock at CLOCK_MONOTONIC's 0 (nsecs' clock), in ns. */
u64 lang_func_monotonic_offset(void);

/* cat(): up to max bytes of the file at path appended to ob; an error
 * line on stderr when it cannot be read (as bpftrace: the run goes on). */
void lang_func_cat(struct outbuf *ob, const char *path, size_t max);

/* system(): the command run by /bin/sh, its standard output appended to
 * ob (ob is flushed first so the order of the output is kept). */
void lang_func_system(struct outbuf *ob, const char *cmd);

/* cgroup_path(id, filter): for each cgroup hierarchy mounted (mounts is
 * /proc/mounts' format; cgroup2 is named "unified", a v1 hierarchy by its
 * mount point's last component) whose name matches the glob filter, the
 * directory whose inode is id, as "name:/path", joined by ","; unified
 * first, the others by name; hierarchies without it are left out (as
 * bpftrace 0.17). */
void lang_func_put_cgroup_path(struct outbuf *ob, u64 id, const char *filter, const char *mounts);

#define LANG_CAT_MAX 10240      /* bpftrace's cat_bytes_max */

#endif
