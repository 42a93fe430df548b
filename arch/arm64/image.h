/* SPDX-License-Identifier: MIT */
/*
 * image.h - the arm64 backend's formats: the Image header of
 * Documentation/arch/arm64/booting.rst, EFI zboot (a PE file wrapping a
 * compressed Image: core/plan/zboot.c), and the placement shared by both.
 */
#ifndef KX_ARM64_IMAGE_H
#define KX_ARM64_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "internal.h"

#define ARM64_HDR_SIZE 64
#define ARM64_HDR_TEXT_OFFSET 0x08
#define ARM64_HDR_IMAGE_SIZE 0x10
#define ARM64_HDR_FLAGS 0x18
#define ARM64_HDR_MAGIC 0x38
#define ARM64_MAGIC "ARM\x64"

#define ARM64_FLAG_PAGE_SHIFT 1    /* bits 1-2: 0 unspecified, 1 4K, 2 16K, 3 64K */
#define ARM64_FLAG_PHYS_ANY 0x8    /* bit 3: base anywhere in RAM */

#define ARM64_KERNEL_ALIGN 0x200000ULL /* 2 MiB: booting.rst */
#define ARM64_DTB_MAX 0x200000ULL      /* booting.rst: at most 2 MiB */

/* The Image header's arm64 words (core/plan/image_hdr.c checks the rest). */
extern const struct kx_image_rules arm64_image_rules;
/* The page size the kernel was built for: 4, 16, 64 KiB, 0 unspecified. */
unsigned arm64_image_page_kib(const struct kx_image_hdr *h);

/* What arm64's dumps need (backend.c's kx_arch.crash). */
extern const struct kx_crash_arch arm64_crash;

/* Place an Image (data, len: the uncompressed bytes; they must live as
 * long as p), the initrd, the device tree and the purgatory. */
int arm64_image_place(struct kx_ctx *ctx, struct kx_plan *p, const unsigned char *data,
		      size_t len, const char *path);

/* The formats, for backend.c's table (generated/formats.h). */
extern const struct kx_format arm64_image_format;
extern const struct kx_format arm64_zboot_format;

#endif
