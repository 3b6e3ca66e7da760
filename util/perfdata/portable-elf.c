/* Building the ELF image a data file carries for a DSO (see the header).
 * The input is a file that may change or be damaged under us: every header
 * is copied out after checking it lies inside the buffer. */
#include "util/perfdata/portable-elf.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static bool in_buf(u64 off, u64 len, size_t size)
{
	return off <= size && len <= size - off;
}

/* Sections whose bytes symbol-elf.c (symbols, PLT names, build-id) and
 * the unwinder (unwind-elf.c) read. */
static bool keep_section(const Elf64_Shdr *sh, const char *name, bool unwind)
{
	static const char *const plt[] = { ".plt", ".plt.sec", ".plt.got" };
	static const char *const uw[] = { ".eh_frame", ".eh_frame_hdr", ".debug_frame" };

	switch (sh->sh_type) {
	case SHT_SYMTAB:
	case SHT_DYNSYM:
	case SHT_STRTAB:
	case SHT_NOTE:
		return true;
	case SHT_RELA:
	case SHT_REL:
		return sh->sh_flags & SHF_ALLOC;
	default:
		break;
	}
	for (size_t i = 0; i < ARRAY_SIZE(plt); i++)
		if (!strcmp(name, plt[i]))
			return true;
	for (size_t i = 0; unwind && i < ARRAY_SIZE(uw); i++)
		if (!strcmp(name, uw[i]))
			return true;
	return false;
}

struct range {
	u64 off, len;
};

static int push(struct range **v, u32 *nr, u32 *cap, u64 off, u64 len)
{
	if (*nr == *cap) {
		u32 ncap = *cap ? *cap * 2 : 32;
		struct range *nv = realloc(*v, ncap * sizeof(*nv));

		if (!nv)
			return -1;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*nr)++] = (struct range){ off, len };
	return 0;
}

int portable_elf_image(const u8 *file, size_t size, bool unwind, u8 **img, size_t *img_size, char *err,
		       size_t errlen)
{
	Elf64_Ehdr eh;
	Elf64_Shdr strsh;
	struct range *keep = NULL;
	u32 nr = 0, cap = 0;
	u64 end = 0, shtab;
	const char *names = NULL;
	u64 names_size = 0;
	u8 *out;

	*img = NULL;
	*img_size = 0;
	if (size < sizeof(eh)) {
		snprintf(err, errlen, "not an ELF file");
		return -1;
	}
	memcpy(&eh, file, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		snprintf(err, errlen, "not an ELF64 little-endian file");
		return -1;
	}
	shtab = (u64)eh.e_shnum * sizeof(Elf64_Shdr);
	if ((eh.e_phnum && (eh.e_phentsize != sizeof(Elf64_Phdr) ||
			    !in_buf(eh.e_phoff, (u64)eh.e_phnum * sizeof(Elf64_Phdr), size))) ||
	    (eh.e_shnum && (eh.e_shentsize != sizeof(Elf64_Shdr) || !in_buf(eh.e_shoff, shtab, size) ||
			    eh.e_shstrndx >= eh.e_shnum))) {
		snprintf(err, errlen, "ELF headers out of the file");
		return -1;
	}
	if (push(&keep, &nr, &cap, 0, sizeof(eh)) ||
	    (eh.e_phnum && push(&keep, &nr, &cap, eh.e_phoff, (u64)eh.e_phnum * sizeof(Elf64_Phdr))) ||
	    (eh.e_shnum && push(&keep, &nr, &cap, eh.e_shoff, shtab)))
		goto oom;
	if (eh.e_shnum) {
		memcpy(&strsh, file + eh.e_shoff + (u64)eh.e_shstrndx * sizeof(Elf64_Shdr), sizeof(strsh));
		if (strsh.sh_type != SHT_NOBITS && in_buf(strsh.sh_offset, strsh.sh_size, size)) {
			names = (const char *)file + strsh.sh_offset;
			names_size = strsh.sh_size;
		}
	}
	for (u32 i = 1; i < eh.e_shnum; i++) {
		Elf64_Shdr sh;
		const char *name = "";

		memcpy(&sh, file + eh.e_shoff + (u64)i * sizeof(Elf64_Shdr), sizeof(sh));
		if (sh.sh_type == SHT_NOBITS || !sh.sh_size || !in_buf(sh.sh_offset, sh.sh_size, size))
			continue;
		if (names && sh.sh_name < names_size && memchr(names + sh.sh_name, '\0', names_size - sh.sh_name))
			name = names + sh.sh_name;
		if (keep_section(&sh, name, unwind) && push(&keep, &nr, &cap, sh.sh_offset, sh.sh_size))
			goto oom;
	}
	for (u32 i = 0; i < nr; i++)
		end = MAX(end, keep[i].off + keep[i].len);
	out = calloc(1, end ? end : 1);
	if (!out)
		goto oom;
	for (u32 i = 0; i < nr; i++)
		memcpy(out + keep[i].off, file + keep[i].off, keep[i].len);
	free(keep);
	*img = out;
	*img_size = end;
	return 0;
oom:
	free(keep);
	snprintf(err, errlen, "out of memory");
	return -1;
}

int portable_elf_image_file(const char *path, bool unwind, u8 **img, size_t *img_size, char *err,
			    size_t errlen)
{
	struct stat st;
	void *map;
	int rc, fd = open(path, O_RDONLY | O_CLOEXEC);

	*img = NULL;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		snprintf(err, errlen, "%s: %s", path, fd < 0 ? strerror(errno) : "not a regular ELF file");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = portable_elf_image(map, (size_t)st.st_size, unwind, img, img_size, err, errlen);
	munmap(map, (size_t)st.st_size);
	return rc;
}

int portable_elf_vdso(u8 **img, size_t *img_size)
{
	const u8 *base = (const u8 *)getauxval(AT_SYSINFO_EHDR);
	Elf64_Ehdr eh;
	u64 size;

	*img = NULL;
	if (!base)
		return -1;
	memcpy(&eh, base, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64)
		return -1;
	/* Section headers come last in the vdso. */
	size = eh.e_shoff + (u64)eh.e_shnum * sizeof(Elf64_Shdr);
	if (size < sizeof(eh) || size > (1 << 20))
		return -1;
	*img = malloc(size);
	if (!*img)
		return -1;
	memcpy(*img, base, size);
	*img_size = size;
	return 0;
}
