/* SPDX-License-Identifier: MIT */
/*
 * zboot.h - EFI zboot kernels (zboot.c), an arch's format in one line:
 * KX_ZBOOT_FORMAT(riscv_zboot_format, riscv_image_format).
 */
#ifndef KX_ZBOOT_H
#define KX_ZBOOT_H

#include "internal.h"

struct kx_zboot {
	uint32_t payload_off, payload_size;
	char codec[32];
	uint64_t whole; /* the file's size as its headers declare it */
};
#define KX_ZBOOT_CODEC 0x18 /* the codec's name in the header */

/* Check the zboot header (in the first len bytes of a file): 0 (any
 * codec; see codec), or -ENOEXEC + why. */
int kx_zboot_head(const unsigned char *d, size_t len, struct kx_zboot *z, char *why,
		  size_t whylen);
/* The header, then the payload inside the len-byte file. */
int kx_zboot_parse(const unsigned char *d, size_t len, struct kx_zboot *z, char *why,
		   size_t whylen);
/* struct kx_format's probe and head. */
int kx_zboot_probe(const struct kx_format *f, const unsigned char *d, size_t len, char *why,
		   size_t whylen);
int kx_zboot_declared(const struct kx_format *f, const unsigned char *d, size_t len,
		      uint64_t *whole, char *why, size_t whylen);
/* Unpack k's payload, which must be of format image (the arch's Image),
 * and load it as that format; kexec_file_load is to get the Image. */
int kx_zboot_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k,
		  const struct kx_format *image);

/* The format `var`, whose payload is of format `image`. */
#define KX_ZBOOT_FORMAT(var, image)                                                       \
	static int var##_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k) \
	{                                                                                  \
		return kx_zboot_load(ctx, p, k, &image);                                   \
	}                                                                                  \
	const struct kx_format var = {                                                     \
		.name = "zboot",                                                           \
		.probe = kx_zboot_probe,                                                   \
		.head = kx_zboot_declared,                                                 \
		.load = var##_load,                                                        \
	}

#endif
