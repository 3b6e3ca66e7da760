/* DWARF of one binary through libdw, for placing probes: an index of the
 * functions by name (built once, walking each CU's top level once), their
 * instances (out-of-line and inlined), line-table walks, the variables in
 * scope at an address, location expressions (location lists included)
 * evaluated at an address, and types (sizes, signedness, members). */
#ifndef SCRY_DWARF_H
#define SCRY_DWARF_H

#include <elfutils/libdw.h>
#include <stdio.h>

#include "util/types.h"

struct dwarf_index;

/* Index the DWARF of an already opened ELF (the binary or its debug file).
 * Returns NULL when it has no .debug_info. The Elf stays the caller's. */
struct dwarf_index *dwarf_index_new(Elf *elf);
void dwarf_index_free(struct dwarf_index *ix);
Dwarf *dwarf_index_dwarf(struct dwarf_index *ix);

/* The subprogram DIEs named name (definitions, abstract inline origins and
 * concrete out-of-line copies; not declarations). *dies is malloc'd. */
int dwarf_find_funcs(struct dwarf_index *ix, const char *name, Dwarf_Die **dies, int *nr);

/* Every indexed function name with code, once each, unsorted. */
typedef void (*dwarf_name_cb)(const char *name, void *ctx);
void dwarf_each_func_name(struct dwarf_index *ix, dwarf_name_cb cb, void *ctx);

/* One place a function's code is: an out-of-line subprogram, or a
 * DW_TAG_inlined_subroutine inside another function. */
struct dwarf_inst {
	Dwarf_Die die;          /* the instance (where its variables live) */
	Dwarf_Die func;         /* the real (out-of-line) subprogram holding the code */
	Dwarf_Die cu;
	bool inlined;
	u64 entry;              /* entry pc */
};

/* The instances of the function whose DIE is sp (as dwarf_find_funcs
 * returned it): itself when it has code, its inlined copies when it is an
 * inline origin. Appends to *insts (malloc'd, *nr entries). */
int dwarf_func_instances(struct dwarf_index *ix, Dwarf_Die *sp, struct dwarf_inst **insts, int *nr);

/* The out-of-line function whose code holds addr (a symbol's address: an
 * alias like glibc's malloc, whose DWARF knows it as __libc_malloc), as an
 * instance. Returns 0, or -1 when no function's ranges hold addr. */
int dwarf_func_at(struct dwarf_index *ix, u64 addr, struct dwarf_inst *out);

/* Whether the CU was compiled with optimization (-O1 and up, in
 * DW_AT_producer). */
bool dwarf_cu_optimized(Dwarf_Die *cu);

/* The address after the prologue of an out-of-line function: the first
 * row with prologue_end, else the first row of a different line. */
u64 dwarf_skip_prologue(Dwarf_Die *cu, Dwarf_Die *func, u64 entry);

/* Line-table walk restricted to one function instance (perf's rules: the
 * rows inside its ranges that are statements and not of a nested inlined
 * function, plus its declaration line at its entry and the call lines of
 * the functions inlined into it), or to a whole CU (inst NULL: every
 * statement row, every function's declaration and inline call lines).
 * The callback gets the file, line and address; returning non-zero stops. */
typedef int (*dwarf_line_cb)(const char *file, int line, u64 addr, void *ctx);
int dwarf_walk_lines(Dwarf_Die *cu, const struct dwarf_inst *inst, bool reversible, dwarf_line_cb cb, void *ctx);

/* Whether path b names the same file as a (a ends with b at a '/'). */
bool dwarf_file_matches(const char *a, const char *b);

/* The chain of scopes (instance, lexical blocks) holding addr, innermost
 * last, not going into functions inlined inside the instance. */
int dwarf_scopes_at(const struct dwarf_inst *inst, u64 addr, Dwarf_Die *scopes, int max);

/* Find a variable or parameter named name visible at addr in inst (then
 * the CU's globals). Returns 0 and *var, or -1. */
int dwarf_find_var(const struct dwarf_inst *inst, u64 addr, const char *name, Dwarf_Die *var);

/* Where a variable's value is at one address. */
enum dwarf_loc_kind {
	DWARF_LOC_REG,          /* in register reg */
	DWARF_LOC_MEM,          /* in memory at reg + off */
	DWARF_LOC_ADDR,         /* in memory at the static address addr (link-time vaddr) */
};
struct dwarf_loc {
	enum dwarf_loc_kind kind;
	unsigned reg;           /* DWARF register number */
	s64 off;
	u64 addr;
};

/* Evaluate var's DW_AT_location at addr (a location list chooses its entry)
 * within inst; frame base (DW_AT_frame_base, with DW_OP_call_frame_cfa
 * through the CFI in cfi) from inst->func. Returns 0, or -1 with a reason
 * in err: "optimized out" when no location covers addr, else what is not
 * supported. */
int dwarf_var_location(const struct dwarf_inst *inst, Dwarf_Die *var, u64 addr, Dwarf_CFI *cfi,
		       struct dwarf_loc *loc, char *err, size_t errlen);

/* Types. dwarf_type_of: the type DIE of a variable/member (qualifiers and
 * typedefs kept); dwarf_real_type: with them peeled. */
int dwarf_type_of(Dwarf_Die *die, Dwarf_Die *type);
int dwarf_real_type(Dwarf_Die *die, Dwarf_Die *type);
/* The byte size of a type (arrays: element size * count). -1: unknown. */
long dwarf_type_size(Dwarf_Die *type);
/* perf's way of naming a type: "int", "char*", "struct pt_item*", "long int". */
void dwarf_type_name(Dwarf_Die *type, char *buf, size_t len);
/* A member of a struct/union type by name (anonymous members searched),
 * with its byte offset. Returns -1 if none. */
int dwarf_find_member(Dwarf_Die *type, const char *name, Dwarf_Die *member, s64 *offset);

/* A source file's lines, for -L and lazy patterns. */
struct dwarf_source {
	char **lines;           /* each with its '\n' */
	int nr;
};

/* The path of a line-table file name: as is when absolute, else under the
 * CU's DW_AT_comp_dir. Malloc'd; NULL for a NULL file. */
char *dwarf_source_path(Dwarf_Die *cu, const char *file);
/* Read a whole source file; -1 (errno set) when it cannot be read. */
int dwarf_source_read(const char *path, struct dwarf_source *src);
void dwarf_source_free(struct dwarf_source *src);

#endif
