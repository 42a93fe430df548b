/* SPDX-License-Identifier: MIT */
/*
 * riscv_elf.h - the riscv64 backend's ELF vmlinux format (kexec_file_load only).
 */
#ifndef KX_RISCV_ELF_H
#define KX_RISCV_ELF_H

#include <stddef.h>
#include <stdint.h>
#include "internal.h"

#define RISCV_ELF_EHDR_SIZE 64 /* Elf64_Ehdr */

struct riscv_elf {
	uint64_t entry;  /* e_entry */
	uint64_t memsz;  /* from the lowest to the highest PT_LOAD p_paddr end */
	unsigned phnum;  /* program headers */
	unsigned nload;  /* of them PT_LOAD */
};

/* Check an ELF64 little-endian EM_RISCV ET_EXEC file and its PT_LOAD
 * program headers against len.  0, or -ENOEXEC with why set. */
int riscv_elf_parse(const unsigned char *d, size_t len, struct riscv_elf *e,
		    char *why, size_t whylen);

/* The format, for backend.c's table (generated/formats.h). */
extern const struct kx_format riscv_elf_format;

#endif
