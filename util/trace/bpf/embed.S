/* The compiled BPF objects, embedded in the scry binary so it needs no
 * files at run time. SYSCALL_TRACE_OBJ (the path) comes from the Makefile. */
	.section .rodata
	.balign 8
	.global scry_bpf_syscall_trace_start
	.global scry_bpf_syscall_trace_end
scry_bpf_syscall_trace_start:
	.incbin SYSCALL_TRACE_OBJ
scry_bpf_syscall_trace_end:
	.section .note.GNU-stack,"",@progbits
