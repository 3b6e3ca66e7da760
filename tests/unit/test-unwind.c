/* Unit tests for the DWARF unwinder: the register mapping, pointer
 * encodings, .eh_frame_hdr parsing and lookup on made-up tables,
 * .debug_frame conversion, ELF images (this test binary, then truncated and
 * scribbled-on copies), and unwind_sample itself: on a snapshot of this
 * process's own registers and stack taken three calls deep (the chain must
 * come back, named), and on damaged copies of that snapshot (never a crash,
 * never more frames than asked for). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <asm/perf_regs.h>
#include <unistd.h>

#include "arch/x86/perf-regs.h"
#include "arch/x86/unwind-regs.h"
#include "util/symbols/machine.h"
#include "util/symbols/symbol-elf.h"
#include "util/symbols/unwind-elf.h"
#include "util/symbols/unwind.h"

/* ---- registers -------------------------------------------------------------------- */

static void test_dwarf_to_perf(void **state)
{
	(void)state;
	assert_int_equal(arch_dwarf_to_perf_reg(0), PERF_REG_X86_AX);
	assert_int_equal(arch_dwarf_to_perf_reg(1), PERF_REG_X86_DX);
	assert_int_equal(arch_dwarf_to_perf_reg(2), PERF_REG_X86_CX);
	assert_int_equal(arch_dwarf_to_perf_reg(3), PERF_REG_X86_BX);
	assert_int_equal(arch_dwarf_to_perf_reg(6), PERF_REG_X86_BP);
	assert_int_equal(arch_dwarf_to_perf_reg(ARCH_DWARF_REG_SP), PERF_REG_X86_SP);
	assert_int_equal(arch_dwarf_to_perf_reg(8), PERF_REG_X86_R8);
	assert_int_equal(arch_dwarf_to_perf_reg(15), PERF_REG_X86_R15);
	assert_int_equal(arch_dwarf_to_perf_reg(ARCH_DWARF_REG_IP), PERF_REG_X86_IP);
	assert_int_equal(arch_dwarf_to_perf_reg(17), -1);      /* xmm0 */
	assert_int_equal(arch_dwarf_to_perf_reg(-1), -1);
	assert_int_equal(arch_dwarf_to_perf_reg(1000), -1);
}

static void test_regs_value(void **state)
{
	u64 mask = arch_perf_regs_mask(), regs[64], v;
	int n = 0;

	(void)state;
	/* The block holds the sampled registers in bit order: value = bit. */
	for (int bit = 0; bit < 64; bit++)
		if (mask & (1ull << bit))
			regs[n++] = (u64)bit * 1000;
	for (int bit = 0; bit < 64; bit++) {
		bool in = mask & (1ull << bit);

		assert_int_equal(perf_regs_value(regs, mask, bit, &v), in);
		if (in)
			assert_int_equal(v, (u64)bit * 1000);
	}
	assert_false(perf_regs_value(regs, mask, PERF_REG_X86_DS, &v));
	assert_false(perf_regs_value(regs, mask, -1, &v));
	assert_false(perf_regs_value(regs, mask, 64, &v));
	assert_false(perf_regs_value(NULL, mask, 0, &v));
	/* A sparse mask: ip is the second value. */
	regs[0] = 11;
	regs[1] = 22;
	assert_true(perf_regs_value(regs, (1ull << PERF_REG_X86_SP) | (1ull << PERF_REG_X86_IP), PERF_REG_X86_IP, &v));
	assert_int_equal(v, 22);
}

/* ---- pointer encodings and .eh_frame_hdr ------------------------------------------ */

static void test_encodings(void **state)
{
	const u8 u4[] = { 0x78, 0x56, 0x34, 0x12 }, s4[] = { 0xfc, 0xff, 0xff, 0xff };
	const u8 uleb[] = { 0xe5, 0x8e, 0x26 }, sleb[] = { 0x7f }, s2[] = { 0xfe, 0xff };
	const u8 bad[] = { 0x80, 0x80 };
	u64 v;

	(void)state;
	assert_int_equal(dw_read_encoded(u4, u4 + 4, DW_EH_PE_udata4, 0, 0, &v), 4);
	assert_int_equal(v, 0x12345678);
	assert_int_equal(dw_read_encoded(s4, s4 + 4, DW_EH_PE_sdata4, 0, 0, &v), 4);
	assert_int_equal(v, (u64)-4);
	assert_int_equal(dw_read_encoded(s4, s4 + 4, DW_EH_PE_pcrel | DW_EH_PE_sdata4, 0x1000, 0, &v), 4);
	assert_int_equal(v, 0xffc);
	assert_int_equal(dw_read_encoded(u4, u4 + 4, DW_EH_PE_datarel | DW_EH_PE_udata4, 0, 0x10, &v), 4);
	assert_int_equal(v, 0x12345688);
	assert_int_equal(dw_read_encoded(s2, s2 + 2, DW_EH_PE_sdata2, 0, 0, &v), 2);
	assert_int_equal(v, (u64)-2);
	assert_int_equal(dw_read_encoded(uleb, uleb + 3, DW_EH_PE_uleb128, 0, 0, &v), 3);
	assert_int_equal(v, 624485);
	assert_int_equal(dw_read_encoded(sleb, sleb + 1, DW_EH_PE_sleb128, 0, 0, &v), 1);
	assert_int_equal(v, (u64)-1);
	/* truncated, omitted, unknown */
	assert_int_equal(dw_read_encoded(u4, u4 + 3, DW_EH_PE_udata4, 0, 0, &v), -1);
	assert_int_equal(dw_read_encoded(u4, u4 + 4, DW_EH_PE_udata8, 0, 0, &v), -1);
	assert_int_equal(dw_read_encoded(bad, bad + 2, DW_EH_PE_uleb128, 0, 0, &v), -1);
	assert_int_equal(dw_read_encoded(u4, u4 + 4, DW_EH_PE_omit, 0, 0, &v), -1);
	assert_int_equal(dw_read_encoded(u4, u4 + 4, 0x07, 0, 0, &v), -1);
	assert_int_equal(dw_read_encoded(u4, u4 + 4, 0x20 | DW_EH_PE_udata4, 0, 0, &v), -1);
	assert_int_equal(dw_read_encoded(u4, u4, DW_EH_PE_udata4, 0, 0, &v), -1);
}

static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }

/* A header at 0x2000: eh_frame at 0x2100, FDEs for functions starting at
 * 0x1000, 0x1100 and 0x1400 (entries relative to the header). */
static size_t make_hdr(u8 *p, u8 table_enc, u32 count)
{
	static const u32 starts[] = { 0x1000, 0x1100, 0x1400 };

	p[0] = 1;
	p[1] = DW_EH_PE_pcrel | DW_EH_PE_sdata4;
	p[2] = DW_EH_PE_udata4;
	p[3] = table_enc;
	put32(p + 4, 0x2100 - (0x2000 + 4));
	put32(p + 8, count);
	for (int i = 0; i < 3; i++) {
		put32(p + 12 + i * 8, starts[i] - 0x2000);
		put32(p + 16 + i * 8, 0x2100 + (u32)i * 0x20 - 0x2000);
	}
	return 12 + 3 * 8;
}

static void test_eh_frame_hdr(void **state)
{
	u8 p[64];
	size_t n = make_hdr(p, DW_EH_PE_datarel | DW_EH_PE_sdata4, 3);
	struct eh_frame_hdr h;
	u64 fde, start;

	(void)state;
	assert_int_equal(eh_frame_hdr_parse(p, n, 0x2000, &h), 0);
	assert_true(h.searchable);
	assert_int_equal(h.eh_frame_vaddr, 0x2100);
	assert_int_equal(h.fde_count, 3);
	assert_int_equal(h.table_vaddr, 0x200c);
	assert_false(eh_frame_hdr_find(&h, p, n, 0xfff, &fde, &start));
	assert_true(eh_frame_hdr_find(&h, p, n, 0x1000, &fde, &start));
	assert_int_equal(start, 0x1000);
	assert_int_equal(fde, 0x2100);
	assert_true(eh_frame_hdr_find(&h, p, n, 0x10ff, &fde, &start));
	assert_int_equal(fde, 0x2100);
	assert_true(eh_frame_hdr_find(&h, p, n, 0x1100, &fde, &start));
	assert_int_equal(fde, 0x2120);
	assert_true(eh_frame_hdr_find(&h, p, n, 0x13ff, &fde, &start));
	assert_int_equal(start, 0x1100);
	assert_true(eh_frame_hdr_find(&h, p, n, 0x9000, &fde, &start));
	assert_int_equal(fde, 0x2140);

	/* A table the buffer cannot hold, another entry encoding, no table,
	 * unknown version, truncated: never searchable, never read past. */
	make_hdr(p, DW_EH_PE_datarel | DW_EH_PE_sdata4, 1000);
	assert_int_equal(eh_frame_hdr_parse(p, n, 0x2000, &h), 0);
	assert_false(h.searchable);
	assert_false(eh_frame_hdr_find(&h, p, n, 0x1000, &fde, &start));
	make_hdr(p, DW_EH_PE_udata4, 3);
	assert_int_equal(eh_frame_hdr_parse(p, n, 0x2000, &h), 0);
	assert_false(h.searchable);
	make_hdr(p, DW_EH_PE_omit, 3);
	assert_int_equal(eh_frame_hdr_parse(p, n, 0x2000, &h), 0);
	assert_false(h.searchable);
	p[0] = 2;
	assert_int_equal(eh_frame_hdr_parse(p, n, 0x2000, &h), -1);
	make_hdr(p, DW_EH_PE_datarel | DW_EH_PE_sdata4, 3);
	for (size_t cut = 0; cut < n; cut++)
		if (!eh_frame_hdr_parse(p, cut, 0x2000, &h) && eh_frame_hdr_find(&h, p, cut, 0x1400, &fde, &start))
			assert_true(h.searchable && 12 + h.fde_count * 8 <= cut);
}

/* ---- .debug_frame ------------------------------------------------------------------ */

/* One CIE (version 1, no augmentation, code 1, data -8, return address
 * r16, "def_cfa rsp+8; rip at cfa-8") and FDEs for [0x1200, 0x1220) and
 * [0x1100, 0x1140) (out of order: the table must sort them). */
static size_t make_debug_frame(u8 *p)
{
	static const u8 cie[] = { 1, 0, 1, 0x78, 16, 0x0c, 7, 8, 0x90, 1, 0, 0 };
	static const u64 fdes[2][2] = { { 0x1200, 0x20 }, { 0x1100, 0x40 } };
	size_t n = 0;

	put32(p, 4 + sizeof(cie));
	put32(p + 4, 0xffffffff);
	memcpy(p + 8, cie, sizeof(cie));
	n = 8 + sizeof(cie);
	for (int i = 0; i < 2; i++) {
		put32(p + n, 4 + 16 + 4);
		put32(p + n + 4, 0);    /* the CIE at offset 0 */
		memcpy(p + n + 8, fdes[i], 16);
		memcpy(p + n + 24, "\x0e\x10\x00\x00", 4);      /* def_cfa_offset 16; nops */
		n += 28;
	}
	return n;
}

static void test_debug_frame(void **state)
{
	u8 df[256];
	size_t n = make_debug_frame(df);
	struct cfi_table t;
	s32 pair[2];
	u32 id, cie_ptr;
	s32 pc;
	u64 fde;

	(void)state;
	assert_int_equal(debug_frame_convert(df, n, 0x3000, &t), 0);
	assert_int_equal(t.fde_count, 2);
	assert_int_equal(t.table_vaddr % 8, 0);
	assert_true(t.table_vaddr - t.vaddr + 16 <= t.size);
	/* sorted: 0x1100 first */
	memcpy(pair, t.data + (t.table_vaddr - t.vaddr), 8);
	assert_int_equal((s64)pair[0], (s64)0x1100 - 0x3000);
	fde = (u64)pair[1];
	/* the FDE: its CIE pointer leads to an .eh_frame CIE (id 0, "zR"),
	 * its pc_begin (pcrel sdata4) decodes to 0x1100 */
	memcpy(&cie_ptr, t.data + fde + 4, 4);
	memcpy(&id, t.data + fde + 4 - cie_ptr + 4, 4);
	assert_int_equal(id, 0);
	assert_memory_equal(t.data + fde + 4 - cie_ptr + 9, "zR", 3);
	memcpy(&pc, t.data + fde + 8, 4);
	assert_int_equal(0x3000 + fde + 8 + (u64)(s64)pc, 0x1100);
	memcpy(pair, t.data + (t.table_vaddr - t.vaddr) + 8, 8);
	assert_int_equal((s64)pair[0], (s64)0x1200 - 0x3000);
	cfi_table_release(&t);

	/* Every truncation and a scribbled CIE: converted or left out, never
	 * read past. */
	for (size_t cut = 0; cut <= n; cut++) {
		assert_int_equal(debug_frame_convert(df, cut, 0x3000, &t), 0);
		assert_true(t.fde_count <= 2);
		cfi_table_release(&t);
	}
	df[9] = 'z';    /* an augmentation it does not know */
	assert_int_equal(debug_frame_convert(df, n, 0x3000, &t), 0);
	assert_int_equal(t.fde_count, 0);
	cfi_table_release(&t);
	/* FDEs too far from the table's place for 32-bit offsets: left out */
	df[9] = 0;
	assert_int_equal(debug_frame_convert(df, n, 0x300000000ull, &t), 0);
	assert_int_equal(t.fde_count, 0);
	cfi_table_release(&t);
}

/* ---- ELF images ---------------------------------------------------------------------- */

static u8 *read_self(size_t *size)
{
	FILE *f = fopen("/proc/self/exe", "rb");
	u8 *buf = NULL;
	size_t cap = 0, n = 0;

	assert_non_null(f);
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	*size = n;
	return buf;
}

static void test_elf_self(void **state)
{
	size_t size;
	u8 *buf = read_self(&size), id[20];
	struct unwind_elf e;
	struct eh_frame_hdr h;
	int idn = elf_build_id("/proc/self/exe", id);

	(void)state;
	assert_int_equal(unwind_elf_parse(&e, buf, size), 0);
	assert_true(e.eh_frame_hdr.present);
	assert_true(e.eh_frame.present);
	assert_true(e.nr_loads > 0);
	assert_int_equal(e.build_id_size, idn > 0 ? idn : 0);
	if (idn > 0)
		assert_memory_equal(e.build_id, id, (size_t)idn);
	assert_ptr_equal(unwind_elf_at(&e, e.eh_frame_hdr.vaddr, 4), buf + e.eh_frame_hdr.off);
	assert_null(unwind_elf_at(&e, ~0ull - 2, 8));
	assert_int_equal(eh_frame_hdr_parse(buf + e.eh_frame_hdr.off, e.eh_frame_hdr.size, e.eh_frame_hdr.vaddr, &h), 0);
	assert_true(h.searchable);
	assert_true(h.fde_count > 10);
	assert_int_equal(h.eh_frame_vaddr, e.eh_frame.vaddr);
	unwind_elf_release(&e);

	/* Cut short anywhere, or with header fields scribbled on: refused or
	 * parsed within bounds (ASan checks the reads). */
	for (size_t cut = 0; cut < size; cut += cut < 4096 ? 7 : 4093) {
		if (!unwind_elf_parse(&e, buf, cut)) {
			for (u32 i = 0; i < e.nr_secs; i++)
				assert_true(e.secs[i].off + e.secs[i].size <= cut);
			unwind_elf_release(&e);
		}
	}
	srand(7);
	for (int round = 0; round < 2000; round++) {
		u8 *copy = malloc(size);
		size_t at;

		assert_non_null(copy);
		memcpy(copy, buf, size);
		for (int k = 0; k < 4; k++) {
			at = round % 2 ? (size_t)rand() % 64 : size - 1 - (size_t)rand() % 4096;
			copy[at] = (u8)rand();
		}
		if (!unwind_elf_parse(&e, copy, size)) {
			if (e.eh_frame_hdr.present &&
			    !eh_frame_hdr_parse(copy + e.eh_frame_hdr.off, e.eh_frame_hdr.size, e.eh_frame_hdr.vaddr, &h)) {
				u64 fde, start;
				eh_frame_hdr_find(&h, copy + e.eh_frame_hdr.off, e.eh_frame_hdr.size, 0x1234, &fde, &start);
			}
			unwind_elf_release(&e);
		}
		free(copy);
	}
	free(buf);
}

/* ---- unwinding this process ------------------------------------------------------------- */

#define SNAP_STACK 8192

/* Registers (by perf bit) and the stack above sp, as the kernel would
 * sample them, taken inside snap_take. */
struct snap {
	u64 regs[PERF_REG_X86_64_MAX];
	u8 stack[SNAP_STACK];
	u64 stack_size;
};

static u64 stack_end;   /* the end of the [stack] mapping */

/* The stack is read byte by byte below the frames ASan knows of. */
__attribute__((no_sanitize_address, noinline)) static void copy_stack(struct snap *sn)
{
	const volatile u8 *sp = (const volatile u8 *)(uintptr_t)sn->regs[PERF_REG_X86_SP];

	sn->stack_size = MIN((u64)SNAP_STACK, stack_end - sn->regs[PERF_REG_X86_SP]);
	for (u64 i = 0; i < sn->stack_size; i++)
		sn->stack[i] = sp[i];
}

__attribute__((noinline)) static void snap_take(struct snap *sn)
{
	u64 *r = sn->regs;

	/* Callee-saved registers, sp and ip at one instruction: what the CFI
	 * of this point describes. */
	__asm__ volatile("movq %%rbx, 8(%0)\n\t"
			 "movq %%rbp, 48(%0)\n\t"
			 "movq %%rsp, 56(%0)\n\t"
			 "leaq 0(%%rip), %%rax\n\t"
			 "movq %%rax, 64(%0)\n\t"
			 "movq %%r12, 160(%0)\n\t"
			 "movq %%r13, 168(%0)\n\t"
			 "movq %%r14, 176(%0)\n\t"
			 "movq %%r15, 184(%0)\n\t"
			 :
			 : "r"(r)
			 : "rax", "memory");
	copy_stack(sn);
}

/* Each keeps work after its call: no tail calls. */
__attribute__((noinline)) static void uw_chain3(struct snap *sn)
{
	snap_take(sn);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void uw_chain2(struct snap *sn)
{
	uw_chain3(sn);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void uw_chain1(struct snap *sn)
{
	uw_chain2(sn);
	__asm__ volatile("" ::: "memory");
}

struct fixture {
	struct machine m;
	struct unwind_ctx *u;
	struct snap *sn;
	u64 regs[64];           /* packed in mask order */
	struct perf_sample s;
	pid_t pid;
};

/* This process's file mappings into machine m, as MMAP2 records; the
 * executable's under the name exe_as when given. */
static void load_maps_into(struct fixture *fx, struct machine *m, const char *exe_as)
{
	char self[4096];
	ssize_t sl = readlink("/proc/self/exe", self, sizeof(self) - 1);

	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096 + 256];

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end, pgoff;
		char perms[8], name[4096] = "";
		u64 b[600];
		struct perf_event_header *h = (struct perf_event_header *)b;
		u8 *p = (u8 *)(h + 1);
		u32 ids[2] = { (u32)fx->pid, (u32)fx->pid }, pf[2];
		u64 v[3];

		if (sscanf(line, "%llx-%llx %7s %llx %*x:%*x %*u %4095s", &start, &end, perms, &pgoff, name) < 4)
			continue;
		if (!strcmp(name, "[stack]"))
			stack_end = end;
		if (name[0] != '/' && strcmp(name, "[vdso]"))
			continue;
		if (exe_as && sl > 0 && (size_t)sl == strlen(name) && !memcmp(name, self, (size_t)sl))
			snprintf(name, sizeof(name), "%s", exe_as);
		memset(b, 0, sizeof(b));
		v[0] = start;
		v[1] = end - start;
		v[2] = pgoff;
		pf[0] = (perms[0] == 'r' ? 1 : 0) | (perms[2] == 'x' ? 4 : 0);
		pf[1] = 2;
		memcpy(p, ids, 8);
		memcpy(p + 8, v, 24);
		memcpy(p + 56, pf, 8);
		strcpy((char *)p + 64, name);
		h->type = PERF_RECORD_MMAP2;
		h->misc = PERF_RECORD_MISC_USER;
		h->size = (u16)(sizeof(*h) + ((64 + strlen(name) + 1 + 7) & ~7ul));
		assert_int_equal(machine_process(m, h), 0);
	}
	fclose(f);
	assert_true(stack_end != 0);
}

static void load_self_maps(struct fixture *fx)
{
	load_maps_into(fx, &fx->m, NULL);
}

static void pack(struct fixture *fx)
{
	u64 mask = arch_perf_regs_mask();
	int n = 0;

	for (int bit = 0; bit < 64; bit++)
		if (mask & (1ull << bit))
			fx->regs[n++] = bit < PERF_REG_X86_64_MAX ? fx->sn->regs[bit] : 0;
	memset(&fx->s, 0, sizeof(fx->s));
	fx->s.pid = fx->s.tid = (u32)fx->pid;
	fx->s.user_regs_abi = PERF_SAMPLE_REGS_ABI_64;
	fx->s.user_regs = fx->regs;
	fx->s.user_stack = fx->sn->stack;
	fx->s.user_stack_size = fx->sn->stack_size;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->pid = getpid();
	machine_init(&fx->m);
	load_self_maps(fx);
	fx->u = unwind_new(&fx->m);
	assert_non_null(fx->u);
	fx->sn = calloc(1, sizeof(*fx->sn));
	assert_non_null(fx->sn);
	uw_chain1(fx->sn);
	pack(fx);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	unwind_free(fx->u);
	machine_free(&fx->m);
	free(fx->sn);
	free(fx);
	return 0;
}

static const char *name_of(struct fixture *fx, u64 ip)
{
	struct addr_location al;

	machine_resolve(&fx->m, fx->pid, fx->pid, ip, PERF_RECORD_MISC_USER, &al);
	return al.sym ? al.sym->name : "?";
}

static void test_unwind_self(void **state)
{
	struct fixture *fx = *state;
	const char *want[] = { "snap_take", "uw_chain3", "uw_chain2", "uw_chain1", "setup" };
	u64 ips[64];
	int n = unwind_sample(fx->u, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips, 64);

	assert_true(n >= 5);
	assert_int_equal(ips[0], fx->sn->regs[PERF_REG_X86_IP]);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (strcmp(name_of(fx, ips[i]), want[i]))
			fail_msg("frame %zu: %s, expected %s", i, name_of(fx, ips[i]), want[i]);
	assert_int_equal(unwind_stats(fx->u)->samples, 1);
	/* The cap is honoured. */
	assert_int_equal(unwind_sample(fx->u, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips, 3), 3);
	assert_int_equal(unwind_sample(fx->u, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips, 1), 1);
	assert_int_equal(unwind_sample(fx->u, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips, 0), -1);
}

static void test_unwind_missing(void **state)
{
	struct fixture *fx = *state;
	struct perf_sample s = fx->s;
	u64 ips[16];

	/* no registers: nothing; no ip/sp in the mask: nothing */
	s.user_regs_abi = 0;
	assert_int_equal(unwind_sample(fx->u, fx->pid, fx->pid, &s, arch_perf_regs_mask(), ips, 16), 0);
	s = fx->s;
	assert_int_equal(unwind_sample(fx->u, fx->pid, fx->pid, &s, 1ull << PERF_REG_X86_AX, ips, 16), 0);
	/* no stack: just the ip */
	s.user_stack_size = 0;
	assert_int_equal(unwind_sample(fx->u, fx->pid, fx->pid, &s, arch_perf_regs_mask(), ips, 16), 1);
	/* a thread without maps: no tables, so at most what libunwind's
	 * frame-pointer guess finds (a SANITIZE=1 build keeps frame pointers),
	 * and never counted complete */
	s = fx->s;
	{
		u64 before = unwind_stats(fx->u)->unwound;
		assert_true(unwind_sample(fx->u, 424242, 424242, &s, arch_perf_regs_mask(), ips, 16) >= 1);
		assert_int_equal(ips[0], fx->sn->regs[PERF_REG_X86_IP]);
		assert_int_equal(unwind_stats(fx->u)->unwound, before);
	}
}

/* The executable's file missing (another machine), its ELF image carried
 * in the data file instead: the same chain. Its file there but with
 * another build-id, and no image: not used. */
static void test_unwind_image(void **state)
{
	struct fixture *fx = *state;
	struct machine m2;
	struct unwind_ctx *u2;
	struct dso *dso;
	size_t size;
	u8 *img = read_self(&size);
	u64 ips[64], ips2[64];
	int n = unwind_sample(fx->u, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips, 64), n2;

	machine_init(&m2);
	load_maps_into(fx, &m2, "/nonexistent/scry-test/self");
	dso = dsos_find(&m2.dsos, "/nonexistent/scry-test/self");
	assert_non_null(dso);
	dso->image = img;
	dso->image_size = size;
	u2 = unwind_new(&m2);
	assert_non_null(u2);
	n2 = unwind_sample(u2, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips2, 64);
	assert_true(n >= 5);
	assert_int_equal(n2, n);
	assert_memory_equal(ips2, ips, (size_t)n * sizeof(u64));
	unwind_free(u2);
	machine_free(&m2);

	machine_init(&m2);
	load_maps_into(fx, &m2, NULL);
	for (size_t i = 0; i < m2.dsos.nr; i++)
		if (m2.dsos.all[i]->kind == DSO_USER) {
			static const u8 other[20] = { 1, 2, 3 };
			dso_set_build_id(m2.dsos.all[i], other, sizeof(other));
		}
	u2 = unwind_new(&m2);
	n2 = unwind_sample(u2, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips2, 64);
	assert_true(n2 >= 1);
	assert_int_equal(unwind_stats(u2)->unwound, 0);
	unwind_free(u2);
	machine_free(&m2);
	free(img);
}

/* Samples of many processes in turn (more than the unwinder keeps caches
 * for): each forked from this one, each unwound in full. */
static void test_unwind_many_processes(void **state)
{
	struct fixture *fx = *state;
	u64 ips[64];
	int full = 0;

	for (u32 k = 1; k <= 20; k++) {
		u64 b[8] = { 0 };
		struct perf_event_header *h = (struct perf_event_header *)b;
		u32 ids[4] = { 900000 + k, (u32)fx->pid, 900000 + k, (u32)fx->pid };

		h->type = PERF_RECORD_FORK;
		h->size = sizeof(*h) + 24;
		memcpy(h + 1, ids, sizeof(ids));
		assert_int_equal(machine_process(&fx->m, h), 0);
	}
	for (int round = 0; round < 100; round++) {
		pid_t pid = round % 3 ? (pid_t)(900001 + round % 20) : fx->pid;
		int n = unwind_sample(fx->u, pid, pid, &fx->s, arch_perf_regs_mask(), ips, 64);

		if (n >= 5 && !strcmp(name_of(fx, ips[3]), "uw_chain1"))
			full++;
	}
	assert_int_equal(full, 100);
}

/* Scribbled stacks and registers: a chain of 1..max frames, no crash, no
 * loop (ASan and the test's own termination check it). */
static void test_unwind_damaged(void **state)
{
	struct fixture *fx = *state;
	struct snap *orig = malloc(sizeof(*orig));
	u64 ips[32];

	assert_non_null(orig);
	memcpy(orig, fx->sn, sizeof(*orig));
	srand(11);
	for (int round = 0; round < 3000; round++) {
		int n;

		memcpy(fx->sn, orig, sizeof(*orig));
		switch (round % 4) {
		case 0:         /* random words in the stack */
			for (int k = 0; k < 16; k++) {
				u64 v = ((u64)rand() << 32) ^ (u64)rand();
				memcpy(fx->sn->stack + ((size_t)rand() % (SNAP_STACK / 8)) * 8, &v, 8);
			}
			break;
		case 1:         /* the stack all return addresses into snap_take */
			for (size_t i = 0; i + 8 <= SNAP_STACK; i += 8)
				memcpy(fx->sn->stack + i, &orig->regs[PERF_REG_X86_IP], 8);
			break;
		case 2:         /* ip anywhere in this binary or nowhere */
			fx->sn->regs[PERF_REG_X86_IP] += (u64)(rand() % 65536) - 32768;
			break;
		default:        /* sp moved, stack cut */
			fx->sn->regs[PERF_REG_X86_SP] += (u64)(rand() % 256) - 128;
			fx->sn->stack_size = (u64)rand() % (orig->stack_size + 1);
			break;
		}
		pack(fx);
		n = unwind_sample(fx->u, fx->pid, fx->pid, &fx->s, arch_perf_regs_mask(), ips, 32);
		assert_true(n >= 1 && n <= 32);
	}
	memcpy(fx->sn, orig, sizeof(*orig));
	pack(fx);
	free(orig);
	{
		const struct unwind_stats *st = unwind_stats(fx->u);
		assert_int_equal(st->samples, st->unwound + st->partial + st->failed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dwarf_to_perf),
		cmocka_unit_test(test_regs_value),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_eh_frame_hdr),
		cmocka_unit_test(test_debug_frame),
		cmocka_unit_test(test_elf_self),
		cmocka_unit_test_setup_teardown(test_unwind_self, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwind_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwind_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwind_many_processes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwind_image, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
