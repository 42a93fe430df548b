/* SPDX-License-Identifier: MIT */
/*
 * image.h - the riscv64 backend's format: the Image header of
 * Documentation/arch/riscv/boot-image-header.rst and the placement rules
 * of Documentation/arch/riscv/boot.rst.
 */
#ifndef KX_RISCV_IMAGE_H
#define KX_RISCV_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "internal.h"

#define RISCV_HDR_SIZE 64
#define RISCV_HDR_TEXT_OFFSET 0x08
#define RISCV_HDR_IMAGE_SIZE 0x10
#define RISCV_HDR_FLAGS 0x18
#define RISCV_HDR_VERSION 0x20
#define RISCV_HDR_MAGIC 0x30  /* "RISCV\0\0\0", deprecated since 0.2 */
#define RISCV_HDR_MAGIC2 0x38 /* "RSC\x05", since 0.2 */
#define RISCV_MAGIC "RISCV\0\0\0"
#define RISCV_MAGIC2 "RSC\x05"


#define RISCV_KERNEL_ALIGN 0x200000ULL /* boot.rst: a PMD boundary, 2 MiB on rv64 */
#define RISCV_DTB_MAX 0x200000ULL      /* MAX_FDT_SIZE: the early fixmap maps 2 MiB */

struct riscv_image {
	struct kx_image_hdr hdr; /* text_offset (from the start of RAM, where boot
				    loaders put it), image_size, flags (core/plan/image_hdr.c) */
	uint32_t version;        /* major << 16 | minor */
};

/* Check the 64-byte header (of a file whose first len bytes are d).
 * 0, or -ENOEXEC with why set. */
int riscv_image_head(const unsigned char *d, size_t len, struct riscv_image *h,
		     char *why, size_t whylen);
/* The header, then the whole file (len bytes) against its EFI stub's PE
 * headers.  0, or -ENOEXEC with why set. */
int riscv_image_parse(const unsigned char *d, size_t len, struct riscv_image *h,
		      char *why, size_t whylen);

/* The format, for backend.c's table (generated/formats.h). */
extern const struct kx_format riscv_image_format;

#endif
