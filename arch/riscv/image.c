/* SPDX-License-Identifier: MIT */
/*
 * image.c - the riscv64 Image (Documentation/arch/riscv/boot-image-header.rst),
 * raw or gzip-wrapped (core/plan/plan.c inflates Image.gz): check the header,
 * then lay out, bottom up, the kernel on a 2 MiB boundary (boot.rst) at or
 * above the start of RAM + text_offset, the initrd after the 2 MiB the
 * kernel rounds itself up to, and the device tree (fixed up for the next
 * kernel).  No purgatory: the running kernel
 * (arch/riscv/kernel/machine_kexec.c) takes the first segment that starts
 * with a device-tree header as the tree and jumps to the kernel's first
 * byte with a0 = its own hart id, a1 = the tree, the MMU off.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "image.h"
#include "dtb.h"
#include "le.h"

uint32_t riscv_image_version(const unsigned char *d)
{
	return kx_get32(d + RISCV_HDR_VERSION);
}

/* Header 0.2 and later: "RSC\x05" (where arm64 has its magic); 0.1 had
 * only the "RISCV" one, now deprecated. */
static int has_magic2(const unsigned char *d)
{
	return !memcmp(d + RISCV_HDR_MAGIC2, RISCV_MAGIC2, 4);
}

static int magic(const unsigned char *d, char *why, size_t whylen)
{
	if (has_magic2(d) ||
	    (riscv_image_version(d) < 2 && !memcmp(d + RISCV_HDR_MAGIC, RISCV_MAGIC, 8)))
		return 0;
	if (!memcmp(d + RISCV_HDR_MAGIC2, "ARM\x64", 4))
		return kx_no(why, whylen,
			     "an arm64 Image (\"ARM\\x64\" at 0x38), not a riscv64 one");
	return kx_no(why, whylen, "no \"RSC\\x05\" magic at 0x38 (nor \"RISCV\" at 0x30 in a 0.1 "
				  "header)");
}

static void describe(const unsigned char *d, const struct kx_image_hdr *h, char *why, size_t whylen)
{
	uint32_t v = riscv_image_version(d);
	char mib[24];

	kx_snprintf(why, whylen,
		    "\"%s\" Image, header %u.%u, text_offset 0x%" PRIx64 ", image_size %s MiB, "
		    "little-endian%s",
		    has_magic2(d) ? "RSC\\x05" : "RISCV", v >> 16, v & 0xffff, h->text_offset,
		    kx_tenths(mib, h->image_size, 20),
		    d[0] == 'M' && d[1] == 'Z' ? ", EFI stub" : "");
}

/* boot-image-header.rst: booting fails without image_size. */
const struct kx_image_rules riscv_image_rules = {
	.arch = "riscv",
	.text_offset_max = 1ULL << 30,
	.no_image_size = "image_size is 0: the kernel's memory footprint (.bss beyond the"
			 " file) is unknown; boot-image-header.rst makes it mandatory",
	.magic = magic,
	.describe = describe,
};

/* machine_kexec takes the first segment that starts with a device-tree
 * header: put the tree first, so that no initrd that happens to start
 * with one (a .dtb given as the initrd by mistake) is taken instead. */
static void tree_first(struct kx_plan *p)
{
	struct kx_segment d;
	unsigned i;

	for (i = 1; i < p->nseg && strcmp(p->seg[i].what, "dtb"); i++)
		;
	if (i >= p->nseg)
		return;
	d = p->seg[i];
	memmove(&p->seg[1], &p->seg[0], i * sizeof(p->seg[0]));
	p->seg[0] = d;
}

/* The firmware's memory (OpenSBI's region, PMP protected: boot.rst says
 * the kernel must not use it) is System RAM to kernels booted by firmware
 * that did not mark it no-map, yet reading it faults: dump tools stop
 * there (makedumpfile 1.7.6: SIGSEGV through mmap, "Can't read the dump
 * memory" through read).  The running tree's /reserved-memory says where
 * it is; nothing in a region that is not reusable is the kernel's. */
static int firmware_memory(struct kx_ctx *ctx, struct kx_ranges *out)
{
	struct kx_dtb d = { 0 };
	int rc = kx_dtb_read(ctx, NULL, &d);

	if (rc) {
		/* No running tree (a system booted through ACPI): nothing
		 * known to leave out. */
		kx_dbg(ctx, "crash: no firmware memory to leave out: %s", ctx->msg);
		kx_fail_forget(ctx);
		return 0;
	}
	if ((rc = kx_dtb_reserved_ranges(d.fdt, out)))
		rc = kx_fail(ctx, rc == -FDT_ERR_NOSPACE ? -ENOMEM : -EINVAL,
			     "%s: /reserved-memory: %s", d.name, kx_dtb_strerror(rc));
	kx_dtb_free(&d);
	return rc;
}

const struct kx_crash_arch riscv_crash = {
	.machine = 243, /* EM_RISCV */
	.unreadable = firmware_memory,
};

static int image_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	struct kx_image_hdr img;
	struct kx_crash_src crash;
	struct kx_dtb_seg dt;
	struct kx_hole h;
	uint64_t base, kaddr, next, daddr;
	size_t bufsz;
	char why[192];
	int rc, core;

	if (kx_image_parse(&riscv_image_rules, k->data, k->size, &img, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", k->path, why);
	bufsz = kx_image_bufsz(ctx, &img, k->size, k->path);
	/* A crash kernel through kexec_load: the core header first, at the
	 * top of the reservation; the tree says where (linux,elfcorehdr). */
	core = kx_crash_add(ctx, p, &crash);
	if (core < 0)
		return core;

	/* The kernel: the lowest 2 MiB boundary at or above the start of
	 * RAM + text_offset, where boot loaders put it.  Firmware that sits
	 * at the start of RAM (OpenSBI) stays below it even on a kernel
	 * that does not list the firmware's region as reserved; everything
	 * else goes above the kernel. */
	base = p->ram.n ? p->ram.r[0].start & ~(RISCV_KERNEL_ALIGN - 1) : 0;
	h = (struct kx_hole){ .size = img.image_size, .align = RISCV_KERNEL_ALIGN,
			      .min = base + img.text_offset };
	rc = kx_add_segment(ctx, p, k->data, bufsz, &h, "kernel", k->path, &kaddr);
	if (rc)
		goto out;
	p->entry = kaddr;
	/* The next kernel reserves itself up to the next 2 MiB boundary
	 * (setup_bootmem in arch/riscv/mm/init.c, rv64 with
	 * STRICT_KERNEL_RWX: it maps its end read-only by PMDs) and drops an
	 * initrd that overlaps that reservation: start after it. */
	next = KX_ALIGN_UP(kaddr + img.image_size, RISCV_KERNEL_ALIGN);
	kx_dbg(ctx, "kernel at 0x%" PRIx64 " (2 MiB aligned, at or above RAM 0x%" PRIx64
	       " + text_offset 0x%" PRIx64 "), memsz 0x%" PRIx64 "; it keeps up to 0x%" PRIx64,
	       kaddr, base, img.text_offset, p->seg[p->nseg - 1].memsz, next);

	/* Above it: the initrd, then the tree.  A --dtb (a board's .dtb)
	 * lacks what the firmware added at boot: OpenSBI's reservation of
	 * its own memory, kept from the running system's tree. */
	dt = (struct kx_dtb_seg){ .min = next, .max_size = RISCV_DTB_MAX,
				  .max_why = "the riscv kernel maps at most 2 MiB of it "
					     "(MAX_FDT_SIZE)",
				  .keep = kx_dtb_copy_reserved,
				  .usable = core ? &crash.crash : NULL };
	rc = kx_dtb_add_initrd_and_tree(ctx, p, &dt, &daddr);
	if (!rc)
		tree_first(p);
out:
	kx_crash_free(&crash);
	return rc;
}

const struct kx_format riscv_image_format = {
	.name = "Image",
	.alias = "image-riscv", /* kexec-tools' riscv name */
	.probe = kx_image_probe,
	.head = kx_image_declared,
	.load = image_load,
	.image = &riscv_image_rules,
};
