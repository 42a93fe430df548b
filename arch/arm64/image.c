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
#include "crash.h"
#include "purgatory_load.h"

static int magic(const unsigned char *d, char *why, size_t whylen)
{
	if (memcmp(d + ARM64_HDR_MAGIC, ARM64_MAGIC, 4))
		return kx_no(why, whylen, "no \"ARM\\x64\" magic at 0x38");
	return 0;
}

static void describe(const unsigned char *d, const struct kx_image_hdr *h, char *why, size_t whylen)
{
	static const char *const pages[4] = { "unspecified", "4K", "16K", "64K" };
	char mib[24];

	kx_snprintf(why, whylen,
		    "\"ARM\\x64\" Image, text_offset 0x%" PRIx64
		    ", image_size %s MiB, flags 0x%" PRIx64 " (little-endian, %s pages, %s)",
		    h->text_offset, kx_tenths(mib, h->image_size, 20), h->flags,
		    pages[(h->flags >> ARM64_FLAG_PAGE_SHIFT) & 3],
		    h->flags & ARM64_FLAG_PHYS_ANY ? "base anywhere in RAM"
						   : "base near the start of RAM");
}

/* Before 3.17 the header had no image_size: the kernel's footprint (.bss
 * beyond the file) is unknown, so nothing can be placed after it safely.
 * booting.rst allows guessing; we refuse instead. */
const struct kx_image_rules arm64_image_rules = {
	.arch = "arm64",
	.text_offset_max = ARM64_KERNEL_ALIGN * 64,
	.no_image_size = "image_size is 0: a kernel older than 3.17 whose memory footprint"
			 " (.bss beyond the file) the header does not give; not loaded",
	.magic = magic,
	.describe = describe,
};

/* arm64's crash tools (makedumpfile, crash) read the kernel text's
 * PT_LOAD to find the KASLR'd image (kimage_voffset). */
const struct kx_crash_arch arm64_crash = {
	.machine = 183, /* EM_AARCH64 */
	.text = 1,
};

unsigned arm64_image_page_kib(const struct kx_image_hdr *h)
{
	static const unsigned kib[4] = { 0, 4, 16, 64 };

	return kib[(h->flags >> ARM64_FLAG_PAGE_SHIFT) & 3];
}

int arm64_image_place(struct kx_ctx *ctx, struct kx_plan *p, const unsigned char *data,
		      size_t len, const char *path)
{
	/* The auxiliary vector, not sysconf: its table costs 1 KiB here. */
	long page = (long)getauxval(AT_PAGESZ);
	struct kx_image_hdr img;
	struct kx_crash_src crash;
	struct kx_dtb_seg dt;
	struct kx_hole h;
	uint64_t base, kaddr, kend, daddr;
	size_t bufsz;
	unsigned kib;
	char why[192];
	int rc, core;

	if (kx_image_parse(&arm64_image_rules, data, len, &img, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", path, why);
	/* booting.rst's page size field says what the kernel was built for;
	 * the CPU, not the running kernel, decides whether it can run. */
	kib = arm64_image_page_kib(&img);
	if (kib && (long)kib * 1024 != page)
		kx_dbg(ctx, "kernel %s: built for %uK pages, the running kernel uses %ldK: the CPU "
			    "must support that granule", path, kib, page / 1024);
	bufsz = kx_image_bufsz(ctx, &img, len, path);
	/* A crash kernel through kexec_load: the core header first, at the
	 * top of the reservation; the tree says where (linux,elfcorehdr). */
	core = kx_crash_add(ctx, p, &crash);
	if (core < 0)
		return core;

	/* The kernel: the lowest 2 MiB aligned base with room for
	 * text_offset + image_size (booting.rst: as close to the start of
	 * RAM as possible, memory below the base is not mapped). */
	h = (struct kx_hole){ .size = img.text_offset + img.image_size,
			      .align = ARM64_KERNEL_ALIGN };
	if (kx_find_hole(p, &h, &base)) {
		/* kx_add_segment explains the lack of room. */
		rc = kx_add_segment(ctx, p, data, bufsz, &h, "kernel", path, NULL);
		goto out;
	}
	kaddr = base + img.text_offset;
	kend = KX_ALIGN_UP(kaddr + img.image_size, KX_PAGE);
	rc = kx_add_segment_at(ctx, p, data, bufsz, kaddr, kend - kaddr, "kernel", path);
	if (rc)
		goto out;
	kx_dbg(ctx, "kernel at 0x%" PRIx64 " (base 0x%" PRIx64 " + text_offset 0x%" PRIx64 "), "
		    "memsz 0x%" PRIx64,
	       kaddr, base, img.text_offset, kend - kaddr);

	/* Above it, bottom up: initrd, device tree, purgatory. */
	dt = (struct kx_dtb_seg){ .min = kend, .max_size = ARM64_DTB_MAX,
				  .max_why = "booting.rst allows at most 2 MiB",
				  .usable = core ? &crash.crash : NULL };
	rc = kx_dtb_add_initrd_and_tree(ctx, p, &dt, &daddr);
	if (!rc)
		rc = arm64_purgatory_add(ctx, p, kaddr, daddr, daddr, p->skip_checks);
out:
	kx_crash_free(&crash);
	return rc;
}

static int image_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	return arm64_image_place(ctx, p, k->data, k->size, k->path);
}

const struct kx_format arm64_image_format = {
	.name = "Image",
	.alias = "Image", /* kexec-tools' arm64 name */
	.probe = kx_image_probe,
	.head = kx_image_declared,
	.load = image_load,
	.image = &arm64_image_rules,
};
