/* Where a BPF program finds a probed function's registers: offsets into
 * struct pt_regs, which is the context of kprobe and uprobe programs and
 * the first member of a perf_event program's context (struct
 * bpf_perf_event_data). x86_64's function-call ABI. */
#ifndef SCRY_ARCH_X86_BPF_REGS_H
#define SCRY_ARCH_X86_BPF_REGS_H

#include <stddef.h>
#include <asm/ptrace.h>

#define BPF_REGS_NR_ARGS   6

/* arg0..arg5: rdi, rsi, rdx, rcx, r8, r9. */
static inline unsigned bpf_regs_arg_off(int n)
{
	static const unsigned off[BPF_REGS_NR_ARGS] = {
		offsetof(struct pt_regs, rdi), offsetof(struct pt_regs, rsi), offsetof(struct pt_regs, rdx),
		offsetof(struct pt_regs, rcx), offsetof(struct pt_regs, r8), offsetof(struct pt_regs, r9),
	};
	return off[n];
}
#define BPF_REGS_RET_OFF   offsetof(struct pt_regs, rax)     /* the return value at a function's return */
#define BPF_REGS_SP_OFF    offsetof(struct pt_regs, rsp)     /* at entry, [sp] is the return address */
#define BPF_REGS_IP_OFF    offsetof(struct pt_regs, rip)

#endif
