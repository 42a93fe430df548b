/* SPDX-License-Identifier: MIT */
/*
 * image.c - the arm64 Image (Documentation/arch/arm64/booting.rst), raw or
 * gzip-wrapped (core/plan.c inflates Image.gz): check the header, then lay
 * out, bottom up as kexec-tools does, the kernel at a 2 MiB aligned base
 * + text_offset, the initrd after it, the device tree (fixed up for the
 * next kernel) and the purgatory, which enters the kernel with x0 = DTB.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include "image.h"
#include "dtb.h"
#include "le.h"
#include "purgatory_load.h"


int arm64_image_head(const unsigned char *d, size_t len, struct arm64_image *h,
		     char *why, size_t whylen)
{
	static const unsigned page_kib[4] = { 0, 4, 16, 64 };
	char mib[24];

	memset(h, 0, sizeof(*h));
	if (len < ARM64_HDR_SIZE)
		return kx_no(why, whylen, "%zu bytes is too short for the 64-byte arm64 Image header", len);
	if (memcmp(d + ARM64_HDR_MAGIC, ARM64_MAGIC, 4))
		return kx_no(why, whylen, "no \"ARM\\x64\" magic at 0x38");
	h->text_offset = kx_get64(d + ARM64_HDR_TEXT_OFFSET);
	h->image_size = kx_get64(d + ARM64_HDR_IMAGE_SIZE);
	h->flags = kx_get64(d + ARM64_HDR_FLAGS);
	/* The file is no longer than the kernel's footprint, or than its
	 * PE headers say (a signature may follow the footprint's data). */
	h->whole = kx_pe_end(d, len);
	if (h->whole < h->image_size)
		h->whole = h->image_size;
	h->page_kib = page_kib[(h->flags >> ARM64_FLAG_PAGE_SHIFT) & 3];
	/* Before 3.17 the header had no image_size: the kernel's footprint
	 * (.bss beyond the file) is unknown, so nothing can be placed after
	 * it safely.  booting.rst allows guessing; we refuse instead. */
	if (!h->image_size)
		return kx_no(why, whylen, "image_size is 0: a kernel older than 3.17 whose memory footprint"
			  " (.bss beyond the file) the header does not give; not loaded");
	if (h->flags & ARM64_FLAG_BE)
		return kx_no(why, whylen, "a big-endian kernel (flags 0x%" PRIx64 " bit 0): this loader and the"
			  " running kernel are little-endian, and kexec cannot switch endianness", h->flags);
	if (h->text_offset % KX_PAGE)
		return kx_no(why, whylen, "text_offset 0x%" PRIx64 " is not a multiple of 4 KiB", h->text_offset);
	if (h->text_offset >= ARM64_KERNEL_ALIGN * 64 || h->image_size > (1ULL << 32))
		return kx_no(why, whylen, "implausible header: text_offset 0x%" PRIx64 ", image_size 0x%" PRIx64,
			  h->text_offset, h->image_size);
	kx_snprintf(why, whylen,
		    "\"ARM\\x64\" Image, text_offset 0x%" PRIx64 ", image_size %s MiB, flags 0x%" PRIx64
		    " (little-endian, %s pages, %s)",
		    h->text_offset, kx_tenths(mib, h->image_size, 20), h->flags,
		    h->page_kib == 4 ? "4K" : h->page_kib == 16 ? "16K" : h->page_kib == 64 ? "64K" : "unspecified",
		    h->flags & ARM64_FLAG_PHYS_ANY ? "base anywhere in RAM" : "base near the start of RAM");
	return 0;
}

int arm64_image_parse(const unsigned char *d, size_t len, struct arm64_image *h,
		      char *why, size_t whylen)
{
	int rc = arm64_image_head(d, len, h, why, whylen);

	/* With the EFI stub, the PE sections catch a truncated file (the
	 * Image header cannot: image_size counts .bss). */
	return rc ? rc : kx_pe_check(d, len, why, whylen);
}

static int image_probe(const unsigned char *d, size_t len, char *why, size_t whylen)
{
	struct arm64_image h;

	return arm64_image_parse(d, len, &h, why, whylen);
}

static int image_head(const unsigned char *d, size_t len, uint64_t *whole, char *why, size_t whylen)
{
	struct arm64_image h;
	int rc = arm64_image_head(d, len, &h, why, whylen);

	*whole = h.whole;
	return rc;
}

int arm64_image_place(struct kx_ctx *ctx, struct kx_plan *p, const unsigned char *data,
		      size_t len, const char *path, const struct kx_opts *o)
{
	const struct kx_file *initrd = kx_plan_initrd(p);
	/* The auxiliary vector, not sysconf: its table costs 1 KiB here. */
	long page = (long)getauxval(AT_PAGESZ);
	struct arm64_image img;
	struct kx_dtb_seg dt;
	struct kx_hole h;
	uint64_t base, kaddr, kend, next, iaddr = 0, isize = 0, daddr;
	size_t bufsz;
	char why[192];
	int rc;

	if (arm64_image_parse(data, len, &img, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", path, why);
	kx_dtb_needs_load(p, o);
	if (p->panic)
		kx_snprintf(p->load_refusal, sizeof(p->load_refusal),
			    "an arm64 crash kernel through kexec_load needs ELF core headers, not built yet: use -s");
	/* booting.rst's page size field says what the kernel was built for;
	 * the CPU, not the running kernel, decides whether it can run. */
	if (img.page_kib && (long)img.page_kib * 1024 != page)
		kx_dbg(ctx, "kernel %s: built for %uK pages, the running kernel uses %ldK: the CPU must support"
		       " that granule", path, img.page_kib, page / 1024);
	/* A signed file may carry bytes past image_size (its PE signature):
	 * the kernel never looks at them, and they must not spill into the
	 * next segment. */
	bufsz = len;
	if (bufsz > img.image_size) {
		kx_dbg(ctx, "kernel %s: %zu bytes past image_size left out", path,
		       bufsz - (size_t)img.image_size);
		bufsz = (size_t)img.image_size;
	}

	/* The kernel: the lowest 2 MiB aligned base with room for
	 * text_offset + image_size (booting.rst: as close to the start of
	 * RAM as possible, memory below the base is not mapped). */
	kx_set_stage(ctx, KX_STAGE_PLAN);
	h = (struct kx_hole){ .size = img.text_offset + img.image_size, .align = ARM64_KERNEL_ALIGN };
	if (kx_find_hole(p, &h, &base))
		/* kx_add_segment explains the lack of room. */
		return kx_add_segment(ctx, p, data, bufsz, &h, "kernel", path, NULL);
	kaddr = base + img.text_offset;
	kend = KX_ALIGN_UP(kaddr + img.image_size, KX_PAGE);
	rc = kx_add_segment_at(ctx, p, data, bufsz, kaddr, kend - kaddr, "kernel", path);
	if (rc)
		return rc;
	kx_dbg(ctx, "kernel at 0x%" PRIx64 " (base 0x%" PRIx64 " + text_offset 0x%" PRIx64 "), memsz 0x%" PRIx64,
	       kaddr, base, img.text_offset, kend - kaddr);
	next = kend;

	/* Above it, bottom up: initrd, device tree, purgatory. */
	if (initrd) {
		h = (struct kx_hole){ .size = initrd->size, .align = KX_PAGE, .min = next };
		rc = kx_add_segment(ctx, p, initrd->data, initrd->size, &h, "initrd", initrd->path, &iaddr);
		if (rc)
			return rc;
		isize = initrd->size;
		next = iaddr + KX_ALIGN_UP(isize, KX_PAGE);
	}
	dt = (struct kx_dtb_seg){ .min = next, .max_size = ARM64_DTB_MAX,
				  .max_why = "booting.rst allows at most 2 MiB",
				  .initrd_start = iaddr, .initrd_size = isize };
	rc = kx_dtb_add_segment(ctx, p, o, &dt, &daddr);
	if (rc)
		return rc;
	kx_set_stage(ctx, KX_STAGE_PLAN);
	return arm64_purgatory_add(ctx, p, kaddr, daddr, daddr, !!(o->flags & KX_NO_CHECKS));
}

static int image_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k,
		      const struct kx_opts *o)
{
	return arm64_image_place(ctx, p, k->data, k->size, k->path, o);
}

const struct kx_format arm64_image_format = {
	.name = "Image",
	.alias = "Image", /* kexec-tools' arm64 name */
	.probe = image_probe,
	.head = image_head,
	.load = image_load,
};
