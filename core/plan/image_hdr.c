/* SPDX-License-Identifier: MIT */
/*
 * image_hdr.c - the 64-byte header arm64 and riscv64 Images share
 * (Documentation/arch/arm64/booting.rst, Documentation/arch/riscv/
 * boot-image-header.rst): text_offset at 0x08, image_size at 0x10, flags
 * at 0x18 with bit 0 the kernel's endianness, each arch's magic at 0x38.
 * The arch gives its magic, its limits and its words (kx_image_rules);
 * the rest is checked here, and the format's probe and head are these.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "internal.h"
#include "le.h"

#define HDR_TEXT_OFFSET 0x08
#define HDR_IMAGE_SIZE 0x10
#define HDR_FLAGS 0x18
#define FLAG_BE 0x1

#define HDR_SIZE 64

int kx_image_head(const struct kx_image_rules *r, const unsigned char *d, size_t len,
		  struct kx_image_hdr *h, char *why, size_t whylen)
{
	memset(h, 0, sizeof(*h));
	if (len < HDR_SIZE)
		return kx_no(why, whylen, "%zu bytes is too short for the 64-byte %s Image header",
			     len, r->arch);
	if (r->magic(d, why, whylen))
		return -ENOEXEC;
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
		return kx_no(why, whylen, "a big-endian kernel (flags 0x%" PRIx64 " bit 0): this "
					  "loader and the running kernel are little-endian, and "
					  "kexec cannot switch endianness", h->flags);
	if (h->text_offset % KX_PAGE)
		return kx_no(why, whylen, "text_offset 0x%" PRIx64 " is not a multiple of 4 KiB",
			     h->text_offset);
	if (h->text_offset >= r->text_offset_max || h->image_size > (1ULL << 32))
		return kx_no(why, whylen, "implausible header: text_offset 0x%" PRIx64 ", "
					  "image_size 0x%" PRIx64,
			  h->text_offset, h->image_size);
	r->describe(d, h, why, whylen);
	return 0;
}

int kx_image_parse(const struct kx_image_rules *r, const unsigned char *d, size_t len,
		   struct kx_image_hdr *h, char *why, size_t whylen)
{
	int rc = kx_image_head(r, d, len, h, why, whylen);

	return rc ? rc : kx_pe_check(d, len, why, whylen);
}

int kx_image_probe(const struct kx_format *f, const unsigned char *d, size_t len,
		   char *why, size_t whylen)
{
	struct kx_image_hdr h;

	return kx_image_parse(f->image, d, len, &h, why, whylen);
}

int kx_image_declared(const struct kx_format *f, const unsigned char *d, size_t len,
		      uint64_t *whole, char *why, size_t whylen)
{
	struct kx_image_hdr h;
	int rc = kx_image_head(f->image, d, len, &h, why, whylen);

	*whole = h.whole;
	return rc;
}

size_t kx_image_bufsz(struct kx_ctx *ctx, const struct kx_image_hdr *h, size_t len,
		      const char *path)
{
	/* A signed file may carry bytes past image_size (its PE signature):
	 * the kernel never looks at them, and they must not spill into the
	 * next segment. */
	if (len <= h->image_size)
		return len;
	kx_dbg(ctx, "kernel %s: %zu bytes past image_size left out", path,
	       len - (size_t)h->image_size);
	return (size_t)h->image_size;
}
