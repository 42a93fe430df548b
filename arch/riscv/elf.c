/* SPDX-License-Identifier: MIT */
/*
 * elf.c - the riscv64 ELF vmlinux, for kexec_file_load only.  riscv's
 * kexec_file_load up to at least 6.12 takes an ELF executable and no
 * Image (arch/riscv/kernel/elf_kexec.c): the running kernel places the
 * PT_LOAD segments itself, in free RAM, and builds the device tree (and,
 * for -p, the ELF core headers).  Here the file is only checked, so that a
 * wrong or cut file is named before the syscall; no segment is planned,
 * and kexec_load (-c, or the fallback of -a) is refused with the reason:
 * the physical placement of a kernel that is not relocatable is the
 * kernel's job on this path.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "dtb.h"
#include "riscv_elf.h"
#include "le.h"

/* ELF64 (System V gABI) offsets and values, little-endian. */
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define E_TYPE 16
#define E_MACHINE 18
#define E_VERSION 20
#define E_ENTRY 24
#define E_PHOFF 32
#define E_EHSIZE 52
#define E_PHENTSIZE 54
#define E_PHNUM 56
#define ET_EXEC 2
#define ET_DYN 3
#define EM_RISCV 243
#define PH_SIZE 56 /* Elf64_Phdr */
#define P_TYPE 0
#define P_OFFSET 8
#define P_PADDR 24
#define P_FILESZ 32
#define P_MEMSZ 40
#define PT_LOAD 1
#define PN_XNUM 0xffff /* the real count is in section 0: not for a kernel */

static const char *machine_name(unsigned m)
{
	switch (m) {
	case 3: return "i386";
	case 40: return "ARM";
	case 62: return "x86-64";
	case 183: return "AArch64";
	default: return NULL;
	}
}

int riscv_elf_parse(const unsigned char *d, size_t len, struct riscv_elf *e, char *why,
		    size_t whylen)
{
	uint64_t phoff, end, lo = UINT64_MAX, hi = 0;
	unsigned type, machine, phentsize, i;
	const char *m;
	char mib[24];

	memset(e, 0, sizeof(*e));
	if (len < 4 || memcmp(d, "\177ELF", 4))
		return kx_no(why, whylen, "no ELF magic (\"\\x7fELF\")");
	if (len < RISCV_ELF_EHDR_SIZE)
		return kx_no(why, whylen, "truncated: %zu bytes, an ELF64 header needs %d", len,
			     RISCV_ELF_EHDR_SIZE);
	if (d[EI_CLASS] == ELFCLASS32)
		return kx_no(why, whylen, "a 32-bit ELF (ELFCLASS32): a riscv64 kernel is "
					  "ELFCLASS64");
	if (d[EI_CLASS] != ELFCLASS64)
		return kx_no(why, whylen, "ELF class %u is neither 32- nor 64-bit", d[EI_CLASS]);
	if (d[EI_DATA] == ELFDATA2MSB)
		return kx_no(why, whylen, "a big-endian ELF (ELFDATA2MSB): riscv64 kernels are "
					  "little-endian");
	if (d[EI_DATA] != ELFDATA2LSB || d[EI_VERSION] != 1 || kx_get32(d + E_VERSION) != 1)
		return kx_no(why, whylen, "bad ELF identification (data encoding %u, version %u/%"
					  PRIu32 ")",
			     d[EI_DATA], d[EI_VERSION], kx_get32(d + E_VERSION));
	machine = kx_get16(d + E_MACHINE);
	if (machine != EM_RISCV) {
		m = machine_name(machine);
		if (m)
			return kx_no(why, whylen, "an ELF for %s (e_machine %u), not RISC-V (%d)",
				     m, machine, EM_RISCV);
		return kx_no(why, whylen, "e_machine %u is not RISC-V (%d)", machine, EM_RISCV);
	}
	type = kx_get16(d + E_TYPE);
	if (type != ET_EXEC)
		return kx_no(why, whylen,
			     "ELF type %u%s, not an executable (ET_EXEC): kexec_file_load takes"
			     " only that",
			     type, type == ET_DYN ? " (ET_DYN)" : "");
	phoff = kx_get64(d + E_PHOFF);
	phentsize = kx_get16(d + E_PHENTSIZE);
	e->phnum = kx_get16(d + E_PHNUM);
	e->entry = kx_get64(d + E_ENTRY);
	if (kx_get16(d + E_EHSIZE) != RISCV_ELF_EHDR_SIZE || phentsize != PH_SIZE)
		return kx_no(why, whylen, "bad ELF64 header sizes (e_ehsize %u, e_phentsize %u; "
					  "expected %d, %d)",
			     kx_get16(d + E_EHSIZE), phentsize, RISCV_ELF_EHDR_SIZE, PH_SIZE);
	if (!e->phnum || e->phnum == PN_XNUM)
		return kx_no(why, whylen, "%s program headers (e_phnum %u)",
			     e->phnum ? "too many" : "no", e->phnum);
	/* e_phnum < 0xffff: the product cannot overflow. */
	end = phoff + (uint64_t)e->phnum * PH_SIZE;
	if (phoff < RISCV_ELF_EHDR_SIZE || end < phoff || end > len)
		return kx_no(why, whylen, "truncated: the program headers (e_phoff 0x%" PRIx64 ", "
					  "%u of %u bytes) end at %" PRIu64 ", the file has %zu "
					  "bytes", phoff, e->phnum, PH_SIZE,
			     end, len);
	for (i = 0; i < e->phnum; i++) {
		const unsigned char *ph = d + phoff + (uint64_t)i * PH_SIZE;
		uint64_t off = kx_get64(ph + P_OFFSET), filesz = kx_get64(ph + P_FILESZ);
		uint64_t memsz = kx_get64(ph + P_MEMSZ), paddr = kx_get64(ph + P_PADDR);

		if (kx_get32(ph + P_TYPE) != PT_LOAD)
			continue;
		if (off + filesz < off || off + filesz > len)
			return kx_no(why, whylen, "truncated: PT_LOAD %u needs bytes up to %" PRIu64
				     ", the file has %zu", i, off + filesz, len);
		if (filesz > memsz)
			return kx_no(why, whylen, "PT_LOAD %u: p_filesz 0x%" PRIx64 " > p_memsz 0x%"
						  PRIx64,
				     i, filesz, memsz);
		if (paddr + memsz < paddr)
			return kx_no(why, whylen, "PT_LOAD %u wraps around the address space", i);
		e->nload++;
		if (paddr < lo)
			lo = paddr;
		if (paddr + memsz > hi)
			hi = paddr + memsz;
	}
	if (!e->nload)
		return kx_no(why, whylen, "no PT_LOAD segment: nothing to load");
	e->memsz = hi - lo;
	kx_snprintf(
		why, whylen,
		"ELF64 little-endian RISC-V executable, %u PT_LOAD (%s MiB from paddr 0x%" PRIx64
		"), entry 0x%" PRIx64,
		e->nload, kx_tenths(mib, e->memsz, 20), lo, e->entry);
	return 0;
}

static int elf_probe(const struct kx_format *f, const unsigned char *d, size_t len,
		     char *why, size_t whylen)
{
	struct riscv_elf e;

	return riscv_elf_parse(d, len, &e, why, whylen);
}

/* A compressed vmlinux is refused from its first bytes: kexec_file_load
 * reads the file as it is on disk, and kexec_load takes no ELF. */
static int elf_head(const struct kx_format *f, const unsigned char *d, size_t len,
		    uint64_t *whole, char *why, size_t whylen)
{
	*whole = 0;
	if (len < 4 || memcmp(d, "\177ELF", 4))
		return kx_no(why, whylen, "no ELF magic (\"\\x7fELF\")");
	return kx_no(why, whylen, "a compressed ELF vmlinux: kexec_file_load takes the file as it "
				  "is on disk (decompress it first)");
}

static int elf_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	struct riscv_elf e;
	char why[192];

	if (riscv_elf_parse(k->data, k->size, &e, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", k->path, why);
	if (!p->file_capable)
		return kx_fail_plan(ctx, -EOPNOTSUPP,
				    "kernel %s: an ELF vmlinux loads only through kexec_file_load,"
				    " and that is impossible here: %s; give an Image instead",
				    k->path, p->file_refusal);
	kx_plan_no_load(p, "ELF vmlinux: only through kexec_file_load (-s); give an Image for "
			   "kexec_load");
	kx_dbg(ctx, "kernel %s: ELF vmlinux, %u PT_LOAD: the kernel places them (kexec_file_load)",
	       k->path, e.nload);
	return 0;
}

const struct kx_format riscv_elf_format = {
	.name = "vmlinux",
	.alias = "elf-riscv", /* kexec-tools' riscv name */
	.probe = elf_probe,
	.head = elf_head,
	.load = elf_load,
};
