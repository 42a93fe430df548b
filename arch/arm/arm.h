/* SPDX-License-Identifier: MIT */
/*
 * arm.h - the 32-bit arm backend: the zImage header (magic words at 0x24,
 * arch/arm/boot/compressed/head.S and vmlinux.lds.S), U-Boot's legacy
 * uImage header (include/image.h), and the placement both share
 * (Documentation/arch/arm/booting.rst).
 */
#ifndef KX_ARM_H
#define KX_ARM_H

#include <stddef.h>
#include <stdint.h>
#include "internal.h"
#include "crash.h"

/* ---- zImage (zimage.c) ---- */

#define ARM_ZIMAGE_MAGIC 0x016f2818u   /* at 0x24, little-endian */
#define ARM_ZIMAGE_MAGIC_BE8 0x18286f01u /* the same from a big-endian kernel */
#define ARM_ZIMAGE_MAGIC2 0x45454545u  /* at 0x34: a tag table follows */
#define ARM_ZIMAGE_ENDIAN 0x04030201u  /* at 0x30, as a little-endian kernel writes it */
#define ARM_ZIMAGE_KRNL_SIZE 0x5a534c4bu /* "KLSZ": the decompressed size tag */
#define ARM_ZIMAGE_HDR 0x3c            /* bytes of header read */
#define ARM_TEXT_OFFSET 0x8000u        /* default TEXT_OFFSET */
#define ARM_MALLOC_SIZE 0x10000u       /* the decompressor's heap before the tag said it */
/* The kernel maps the tree through two 1 MiB sections starting at the one
 * r2 points into (arch/arm/kernel/head.S): 1 MiB always fits. */
#define ARM_DTB_MAX (1u << 20)

struct arm_zimage {
	uint32_t size;        /* the zImage proper: end (0x2c) - start (0x28) */
	uint32_t kernel_size; /* decompressed kernel (KRNL_SIZE tag), 0: unknown */
	uint32_t bss_size;    /* the kernel's .bss beyond it (tag), 0: unknown */
	uint32_t text_offset; /* where the kernel runs from the start of RAM */
	uint32_t malloc_size; /* the decompressor's heap */
	uint32_t dtb_size;    /* a device tree appended after size bytes, or 0 */
	uint64_t whole;       /* the most bytes the file can have: the zImage
				 and an appended tree of up to ARM_DTB_MAX */
};

/* Check the zImage header in the first len bytes of a file (magic, byte
 * order, start and end): 0, or -ENOEXEC with the reason in why. */
int arm_zimage_head(const unsigned char *d, size_t len, struct arm_zimage *z,
		    char *why, size_t whylen);
/* Check a zImage: 0 with z filled and a description in why, or -ENOEXEC
 * with the reason in why (not one, big-endian, truncated, bad tag table). */
int arm_zimage_parse(const unsigned char *d, size_t len, struct arm_zimage *z,
		     char *why, size_t whylen);

/* Bytes from the kernel's run address (RAM + text_offset) that booting
 * the zImage of len bytes uses: the decompressed kernel and its .bss, or
 * the decompressor relocated past it, whichever ends higher. */
uint64_t arm_zimage_footprint(const struct arm_zimage *z, size_t len);

/* ---- uImage (uimage.c) ---- */

#define ARM_UIMAGE_MAGIC 0x27051956u
#define ARM_UIMAGE_HDR 64
#define ARM_UIMAGE_OS_LINUX 5
#define ARM_UIMAGE_ARCH_ARM 2
#define ARM_UIMAGE_TYPE_KERNEL 2
#define ARM_UIMAGE_TYPE_KERNEL_NOLOAD 14
#define ARM_UIMAGE_COMP_NONE 0
#define ARM_UIMAGE_COMP_GZIP 1

struct arm_uimage {
	uint32_t size;        /* bytes of data after the header */
	uint32_t load, ep;    /* load address and entry point */
	uint32_t dcrc;        /* CRC32 of the data, as the header says */
	uint8_t os, arch, type, comp;
	char name[33];
	uint64_t whole;       /* header + data: the file's size */
};

/* Check a uImage header (the first len bytes of a file): magic, header
 * CRC, OS, arch and type.  0 with u filled (any compression: see
 * u->comp), or -ENOEXEC with the reason in why. */
int arm_uimage_head(const unsigned char *d, size_t len, struct arm_uimage *u,
		    char *why, size_t whylen);
/* arm_uimage_head(), then the data's size against len. */
int arm_uimage_header(const unsigned char *d, size_t len, struct arm_uimage *u,
		      char *why, size_t whylen);
/* arm_uimage_header(), then the data's CRC. */
int arm_uimage_parse(const unsigned char *d, size_t len, struct arm_uimage *u,
		     char *why, size_t whylen);

/* ---- placement (place.c) ---- */

/* What runs: the bytes of the kernel segment (they must live as long as
 * p), where it goes, and how much memory from there booting it uses. */
struct arm_kernel {
	const unsigned char *data;
	size_t len;
	uint64_t text_offset; /* run address - start of RAM */
	uint64_t footprint;   /* bytes used from the run address */
	int fixed;            /* run at addr (a raw Image), else at the start
				 of free RAM + text_offset (a zImage) */
	uint64_t addr;
};

/* Place the kernel, the initrd and the device tree (fixed up: bootargs,
 * initrd, seeds), bottom up; the entry is the kernel's first byte.
 * 0 or -errno (message set). */
int arm_place(struct kx_ctx *ctx, struct kx_plan *p, const struct arm_kernel *k, const char *path);
/* What 32-bit arm's crash dumps need (core/plan/crash.h). */
extern const struct kx_crash_arch arm_crash;

/* The formats, for backend.c's table (generated/formats.h). */
extern const struct kx_format arm_zimage_format;
extern const struct kx_format arm_uimage_format;

#endif
