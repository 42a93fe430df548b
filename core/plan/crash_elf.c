/* SPDX-License-Identifier: MIT */
/*
 * crash_elf.c - the ELF core header of a crash kernel, laid out as the
 * kernel's own crash_prepare_elf64_headers lays it out (kernel/kexec_file.c,
 * which fs/proc/vmcore.c in the crash kernel reads): a PT_NOTE per present
 * CPU, the VMCOREINFO PT_NOTE, the kernel text PT_LOAD where the arch's
 * tools expect one, then a PT_LOAD per RAM range.  Notes and loads name
 * physical memory of the crashed kernel: p_offset = p_paddr.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "crash.h"
#include "le.h"

#define ET_CORE 4
#define PT_LOAD 1
#define PT_NOTE 4
#define PF_RWX 7
#define ELFCLASS32 1

struct layout {
	unsigned ehsize, phentsize;
};

static const struct layout elf64 = { 64, 56 }, elf32 = { 52, 32 };

struct phdr {
	uint32_t type, flags;
	uint64_t addr, vaddr, size;
};

static void put_ehdr(unsigned char *b, const struct layout *l, int elfclass, uint16_t machine,
		     unsigned phnum)
{
	memcpy(b, "\177ELF", 4);
	b[4] = (unsigned char)elfclass;
	b[5] = 1; /* ELFDATA2LSB: every arch here is little-endian */
	b[6] = 1; /* EV_CURRENT */
	kx_put16(b + 16, ET_CORE);
	kx_put16(b + 18, machine);
	kx_put32(b + 20, 1);
	if (l == &elf64) {
		kx_put64(b + 32, l->ehsize); /* e_phoff: right after */
		kx_put16(b + 52, l->ehsize);
		kx_put16(b + 54, l->phentsize);
		kx_put16(b + 56, phnum);
	} else {
		kx_put32(b + 28, l->ehsize);
		kx_put16(b + 40, l->ehsize);
		kx_put16(b + 42, l->phentsize);
		kx_put16(b + 44, phnum);
	}
}

static void put_phdr(unsigned char *b, const struct layout *l, const struct phdr *ph)
{
	if (l == &elf64) {
		kx_put32(b, ph->type);
		kx_put32(b + 4, ph->flags);
		kx_put64(b + 8, ph->addr);   /* p_offset */
		kx_put64(b + 16, ph->vaddr);
		kx_put64(b + 24, ph->addr);  /* p_paddr */
		kx_put64(b + 32, ph->size);  /* p_filesz */
		kx_put64(b + 40, ph->size);  /* p_memsz */
	} else {
		kx_put32(b, ph->type);
		kx_put32(b + 4, (uint32_t)ph->addr);
		kx_put32(b + 8, (uint32_t)ph->vaddr);
		kx_put32(b + 12, (uint32_t)ph->addr);
		kx_put32(b + 16, (uint32_t)ph->size);
		kx_put32(b + 20, (uint32_t)ph->size);
		kx_put32(b + 24, ph->flags);
	}
}

/* Why ELF32 cannot hold ph (its physical range, or a 64-bit kernel's
 * virtual address), or NULL.  A 32-bit kernel's high memory has no
 * linear address: what is written there wraps, as for kexec-tools. */
static const char *too_big32(const struct phdr *ph, const struct kx_crash_arch *a)
{
	if (ph->addr + ph->size > (1ULL << 32))
		return " (above 4 GiB)";
	if (ph->vaddr > UINT32_MAX && !a->elf32)
		return ": its virtual address is a 64-bit kernel's";
	return NULL;
}

int kx_crash_elf(const struct kx_crash_src *s, const struct kx_crash_arch *a, int elfclass,
		 unsigned char **out, size_t *len, char *why, size_t whylen)
{
	const struct layout *l = elfclass == ELFCLASS32 ? &elf32 : &elf64;
	int text = a->text && s->text_size;
	size_t n = s->ncpu + 1 + (size_t)text + s->ram.n, i, k = 0;
	struct phdr *ph;
	unsigned char *b;
	size_t sz;

	*out = NULL;
	*len = 0;
	if (n >= 0xffff) { /* PN_XNUM: more would need a section header */
		kx_no(why, whylen, "%zu program headers: more than an ELF header counts", n);
		return -E2BIG;
	}
	ph = calloc(n, sizeof(*ph));
	if (!ph)
		return -ENOMEM;
	for (i = 0; i < s->ncpu; i++)
		ph[k++] = (struct phdr){ PT_NOTE, 0, s->cpu[i].addr, 0, s->cpu[i].size };
	ph[k++] = (struct phdr){ PT_NOTE, 0, s->vmcoreinfo.addr, 0, s->vmcoreinfo.size };
	if (text)
		ph[k++] = (struct phdr){ PT_LOAD, PF_RWX, s->text_paddr, s->text_vaddr,
					 s->text_size };
	for (i = 0; i < s->ram.n; i++) {
		uint64_t p = s->ram.r[i].start;

		ph[k++] = (struct phdr){ PT_LOAD, PF_RWX, p, s->have_linear ? p + s->linear : 0,
					 s->ram.r[i].end - p };
	}
	for (i = 0; l == &elf32 && i < n; i++) {
		if (too_big32(&ph[i], a)) {
			kx_no(why, whylen, "ELF32 core headers cannot hold %s at 0x%" PRIx64 "-0x%"
					   PRIx64 "%s: use ELF64 (the default)",
			      ph[i].type == PT_NOTE ? "a note" : "memory", ph[i].addr,
			      ph[i].addr + ph[i].size, too_big32(&ph[i], a));
			free(ph);
			return -EOVERFLOW;
		}
	}
	sz = KX_ALIGN_UP(l->ehsize + n * l->phentsize, KX_CRASH_HDR_ALIGN);
	b = calloc(1, sz);
	if (!b) {
		free(ph);
		return -ENOMEM;
	}
	put_ehdr(b, l, l == &elf32 ? ELFCLASS32 : 2, a->machine, (unsigned)n);
	for (i = 0; i < n; i++)
		put_phdr(b + l->ehsize + i * l->phentsize, l, &ph[i]);
	free(ph);
	*out = b;
	*len = sz;
	return 0;
}
