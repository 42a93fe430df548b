/* SPDX-License-Identifier: MIT */
/*
 * image.c - the arm64 Image (Documentation/arch/arm64/booting.rst), raw or
 * gzip-wrapped (core/plan/plan.c inflates Image.gz): check the header, then lay
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
	/* Before 3.17 the header had no image_size: the kernel's footprint
	 * (.bss beyond the file) is unknown, so nothing can be placed after
	 * it safely.  booting.rst allows guessing; we refuse instead. */
	static const struct kx_image_rules rules = {
		.text_offset_max = ARM64_KERNEL_ALIGN * 64,
		.no_image_size = "image_size is 0: a kernel older than 3.17 whose memory footprint"
				 " (.bss beyond the file) the header does not give; not loaded",
	};
	static const unsigned page_kib[4] = { 0, 4, 16, 64 };
	char mib[24];
	int rc;

	memset(h, 0, sizeof(*h));
	if (len < ARM64_HDR_SIZE)
		return kx_no(why, whylen, "%zu bytes is too short for the 64-byte arm64 Image header", len);
	if (memcmp(d + ARM64_HDR_MAGIC, ARM64_MAGIC, 4))
		return kx_no(why, whylen, "no \"ARM\\x64\" magic at 0x38");
	rc = kx_image_hdr(d, len, &rules, &h->hdr, why, whylen);
	if (rc)
		return rc;
	h->page_kib = page_kib[(h->hdr.flags >> ARM64_FLAG_PAGE_SHIFT) & 3];
	kx_snprintf(why, whylen,
		    "\"ARM\\x64\" Image, text_offset 0x%" PRIx64 ", image_size %s MiB, flags 0x%" PRIx64
		    " (little-endian, %s pages, %s)",
		    h->hdr.text_offset, kx_tenths(mib, h->hdr.image_size, 20), h->hdr.flags,
		    h->page_kib == 4 ? "4K" : h->page_kib == 16 ? "16K" : h->page_kib == 64 ? "64K" : "unspecified",
		    h->hdr.flags & ARM64_FLAG_PHYS_ANY ? "base anywhere in RAM" : "base near the start of RAM");
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

	*whole = h.hdr.whole;
	return rc;
}

int arm64_image_place(struct kx_ctx *ctx, struct kx_plan *p, const unsigned char *data,
		      size_t len, const char *path)
{
	/* The auxiliary vector, not sysconf: its table costs 1 KiB here. */
	long page = (long)getauxval(AT_PAGESZ);
	struct arm64_image img;
	struct kx_dtb_seg dt;
	struct kx_hole h;
	uint64_t base, kaddr, kend, daddr;
	size_t bufsz;
	char why[192];
	int rc;

	if (arm64_image_parse(data, len, &img, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", path, why);
	/* booting.rst's page size field says what the kernel was built for;
	 * the CPU, not the running kernel, decides whether it can run. */
	if (img.page_kib && (long)img.page_kib * 1024 != page)
		kx_dbg(ctx, "kernel %s: built for %uK pages, the running kernel uses %ldK: the CPU must support"
		       " that granule", path, img.page_kib, page / 1024);
	bufsz = kx_image_bufsz(ctx, &img.hdr, len, path);

	/* The kernel: the lowest 2 MiB aligned base with room for
	 * text_offset + image_size (booting.rst: as close to the start of
	 * RAM as possible, memory below the base is not mapped). */
	h = (struct kx_hole){ .size = img.hdr.text_offset + img.hdr.image_size, .align = ARM64_KERNEL_ALIGN };
	if (kx_find_hole(p, &h, &base))
		/* kx_add_segment explains the lack of room. */
		return kx_add_segment(ctx, p, data, bufsz, &h, "kernel", path, NULL);
	kaddr = base + img.hdr.text_offset;
	kend = KX_ALIGN_UP(kaddr + img.hdr.image_size, KX_PAGE);
	rc = kx_add_segment_at(ctx, p, data, bufsz, kaddr, kend - kaddr, "kernel", path);
	if (rc)
		return rc;
	kx_dbg(ctx, "kernel at 0x%" PRIx64 " (base 0x%" PRIx64 " + text_offset 0x%" PRIx64 "), memsz 0x%" PRIx64,
	       kaddr, base, img.hdr.text_offset, kend - kaddr);

	/* Above it, bottom up: initrd, device tree, purgatory. */
	dt = (struct kx_dtb_seg){ .min = kend, .max_size = ARM64_DTB_MAX,
				  .max_why = "booting.rst allows at most 2 MiB" };
	rc = kx_dtb_add_initrd_and_tree(ctx, p, &dt, &daddr);
	if (rc)
		return rc;
	return arm64_purgatory_add(ctx, p, kaddr, daddr, daddr, p->skip_checks);
}

static int image_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	return arm64_image_place(ctx, p, k->data, k->size, k->path);
}

const struct kx_format arm64_image_format = {
	.name = "Image",
	.alias = "Image", /* kexec-tools' arm64 name */
	.probe = image_probe,
	.head = image_head,
	.load = image_load,
};
