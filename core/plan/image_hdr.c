/* SPDX-License-Identifier: MIT */
/*
 * image_hdr.c - the 64-byte header arm64 and riscv64 Images share
 * (Documentation/arch/arm64/booting.rst, Documentation/arch/riscv/
 * boot-image-header.rst): text_offset at 0x08, image_size at 0x10, flags
 * at 0x18 with bit 0 the kernel's endianness, each arch's magic at 0x38.
 * The arch checks its magic; the fields and the rules both arches apply
 * are checked here.
 */
#include <inttypes.h>
#include "internal.h"
#include "le.h"

#define HDR_TEXT_OFFSET 0x08
#define HDR_IMAGE_SIZE 0x10
#define HDR_FLAGS 0x18
#define FLAG_BE 0x1

int kx_image_hdr(const unsigned char *d, size_t len, const struct kx_image_rules *r,
		 struct kx_image_hdr *h, char *why, size_t whylen)
{
	h->text_offset = kx_get64(d + HDR_TEXT_OFFSET);
	h->image_size = kx_get64(d + HDR_IMAGE_SIZE);
	h->flags = kx_get64(d + HDR_FLAGS);
	/* The file is no longer than the kernel's footprint, or than its
	 * PE headers say (a signature may follow the footprint's data). */
	h->whole = kx_pe_end(d, len);
	if (h->whole < h->image_size)
		h->whole = h->image_size;
	if (!h->image_size)
		return kx_no(why, whylen, "%s", r->no_image_size);
	if (h->flags & FLAG_BE)
		return kx_no(why, whylen, "a big-endian kernel (flags 0x%" PRIx64 " bit 0): this loader and the"
			  " running kernel are little-endian, and kexec cannot switch endianness", h->flags);
	if (h->text_offset % KX_PAGE)
		return kx_no(why, whylen, "text_offset 0x%" PRIx64 " is not a multiple of 4 KiB", h->text_offset);
	if (h->text_offset >= r->text_offset_max || h->image_size > (1ULL << 32))
		return kx_no(why, whylen, "implausible header: text_offset 0x%" PRIx64 ", image_size 0x%" PRIx64,
			  h->text_offset, h->image_size);
	return 0;
}

size_t kx_image_bufsz(struct kx_ctx *ctx, const struct kx_image_hdr *h, size_t len, const char *path)
{
	/* A signed file may carry bytes past image_size (its PE signature):
	 * the kernel never looks at them, and they must not spill into the
	 * next segment. */
	if (len <= h->image_size)
		return len;
	kx_dbg(ctx, "kernel %s: %zu bytes past image_size left out", path, len - (size_t)h->image_size);
	return (size_t)h->image_size;
}
