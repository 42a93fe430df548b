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
#include "crash.h"

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

/* The Image header's riscv words (core/plan/image_hdr.c checks the rest):
 * text_offset counts from the start of RAM, where boot loaders put it. */
extern const struct kx_image_rules riscv_image_rules;
/* The header's version: major << 16 | minor. */
uint32_t riscv_image_version(const unsigned char *d);

extern const struct kx_format riscv_image_format;
extern const struct kx_format riscv_zboot_format;
/* What riscv64's crash dumps need (core/plan/crash.h). */
extern const struct kx_crash_arch riscv_crash;

#endif
