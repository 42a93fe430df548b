/* SPDX-License-Identifier: MIT */
/*
 * purgatory.h - the parameter block every purgatory blob carries, shared by
 * the loader (which patches a copy of the blob) and the freestanding
 * purgatory code (which reads it).  The blob's build emits the block's
 * offset; the loader checks the magic there before patching.
 */
#ifndef KX_PURGATORY_H
#define KX_PURGATORY_H

#include <stdint.h>

#define KX_PURG_MAGIC 0x31505850474b584bULL /* "KXKGPXP1" little endian */
#define KX_PURG_REGIONS 16

/* The UART the purgatory reports on (--serial): how it is reached.  Each
 * 32-bit kind follows its 8-bit one (console.c adds 1 for UPIO_MEM32). */
enum kx_con_kind {
	KX_CON_NONE,
	KX_CON_PORT,        /* 8250/16550 at an I/O port (x86) */
	KX_CON_8250,        /* 8250/16550 registers in memory, 8-bit accesses */
	KX_CON_8250_32,     /* the same, 32-bit accesses */
	KX_CON_PL011,       /* Arm PL011 (ttyAMA), 8-bit accesses */
	KX_CON_PL011_32,    /* the same, 32-bit accesses */
};

struct kx_purg_region {
	uint64_t start; /* physical address */
	uint64_t len;   /* bytes */
};

struct kx_purg_params {
	uint64_t magic;       /* KX_PURG_MAGIC, set in the blob at build time */
	uint64_t entry;       /* where to jump: the kernel's entry */
	uint64_t arg0;        /* x86: boot_params (rsi); arm64: DTB (x0) */
	uint64_t arg1;
	uint32_t skip_checks; /* non-zero: do not verify */
	uint32_t nregions;
	struct kx_purg_region region[KX_PURG_REGIONS];
	uint8_t digest[32];   /* SHA-256 over the regions, in order */
	uint64_t console;     /* the UART: I/O port or physical address */
	uint32_t console_kind;  /* enum kx_con_kind; KX_CON_NONE: say nothing */
	uint16_t console_shift; /* 8250: log2 of the register spacing */
	uint16_t console_div;   /* 8250: divisor to set (115200 / baud); 0: keep */
};

#endif
