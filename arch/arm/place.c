/* SPDX-License-Identifier: MIT */
/*
 * place.c - where the pieces of a 32-bit arm boot go (booting.rst): the
 * kernel at the start of RAM + TEXT_OFFSET with the memory its boot uses
 * kept free behind it, then, bottom up, the initrd and the device tree
 * (dtb/segment.c), both inside the kernel's low-memory mapping.  No purgatory: the kernel
 * enters the image with r2 = the segment that starts with the tree's
 * magic (arch/arm/kernel/machine_kexec.c: the last such segment wins, so
 * the tree goes last).
 */
#include <errno.h>
#include <inttypes.h>
#include "arm.h"
#include "dtb.h"

/* AUTO_ZRELADDR kernels run at (their address & ~(128 MiB - 1)) +
 * TEXT_OFFSET. */
#define ARM_ZRELADDR_MASK ((uint64_t)0xf8000000)

/*
 * The end of the memory the next kernel maps as low memory, counted from
 * the start of RAM.  A kernel with HIGHMEM says how much lowmem it has
 * (LowTotal, which leaves out what it reserved, so the bound is on the
 * safe side); without HIGHMEM all RAM is low memory: 0, no bound.
 */
static uint64_t lowmem_end(struct kx_ctx *ctx, uint64_t base)
{
	char buf[4096];
	uint64_t kib;

	if (kx_read_text(ctx, "/proc/meminfo", buf, sizeof(buf)) <= 0 ||
	    kx_parse_key(buf, "LowTotal:", &kib))
		return 0;
	return base + kib * 1024;
}

/* The kernel segment and the memory kept free behind it; *base is the
 * start of RAM the kernel will see, *next the first byte after its room. */
static int add_kernel(struct kx_ctx *ctx, struct kx_plan *p, const struct arm_kernel *k,
		      const char *path, uint64_t *base, uint64_t *next)
{
	uint64_t need = k->text_offset + k->footprint, kaddr, have;
	struct kx_hole h = { .size = need, .align = KX_PAGE };
	char a[16], b[16];

	if (k->fixed) {
		/* A raw Image runs where it was linked to run. */
		*base = k->addr - k->text_offset;
		h.min = *base;
		h.max = *base + need;
		if (k->addr % KX_PAGE)
			return kx_fail_plan(ctx, -EINVAL,
					    "kernel %s: load address 0x%" PRIx64
					    " is not page aligned,"
					    " and kexec segments start on a page",
					    path, k->addr);
		if (kx_find_hole(p, &h, &have) || have != *base)
			return kx_fail_plan(ctx, -EADDRNOTAVAIL,
					    "kernel %s: it must run at 0x%" PRIx64 " (its load"
					    " address), but 0x%" PRIx64 "-0x%" PRIx64
					    " is not free RAM "
					    "(RAM from %s)",
					    path, k->addr, *base, *base + need, p->memsrc);
	} else if (kx_find_hole(p, &h, base)) {
		/* kx_add_segment explains the lack of room. */
		return kx_add_segment(ctx, p, k->data, k->len, &h, "kernel", path, NULL);
	}
	kaddr = *base + k->text_offset;
	if (!k->fixed && *base & ~ARM_ZRELADDR_MASK)
		kx_dbg(ctx, "kernel %s: RAM starts at 0x%" PRIx64 ", not on 128 MiB: a kernel with"
		       " AUTO_ZRELADDR will decompress itself to 0x%" PRIx64, path, *base,
		       (kaddr & ARM_ZRELADDR_MASK) + k->text_offset);
	*next = KX_ALIGN_UP(kaddr + k->footprint, KX_PAGE);
	kx_dbg(ctx,
	       "kernel at 0x%" PRIx64 " (RAM 0x%" PRIx64 " + 0x%" PRIx64
	       "), %s kept free up to 0x%" PRIx64 " for the boot (%s file)",
	       kaddr, *base, k->text_offset, kx_size(a, *next - kaddr), *next, kx_size(b, k->len));
	return kx_add_segment_at(ctx, p, k->data, k->len, kaddr, KX_ALIGN_UP(k->len, KX_PAGE),
				 "kernel", path);
}

const struct kx_crash_arch arm_crash = {
	.machine = 40, /* EM_ARM */
	.elf32 = 1,    /* vmcore_elf64_check_arch is 0 on arm */
};

/* A crash kernel through kexec_load: the core header at the top of the
 * reservation, and on the command line where it is and which memory is
 * the crash kernel's (what kernels read that do not read the tree's
 * linux,elfcorehdr and linux,usable-memory-range).  That memory stops
 * below the header: arm's crash kernel reads the header through ioremap,
 * which refuses its own RAM.  1 if built. */
static int crash_words(struct kx_ctx *ctx, struct kx_plan *p, struct kx_crash_src *crash)
{
	const struct kx_core_hdr *h = &p->core;
	struct kx_range *r;
	char w[96];
	int rc = kx_crash_add(ctx, p, crash);

	if (rc <= 0)
		return rc;
	r = &crash->crash.r[crash->crash.n - 1];
	if (h->addr + h->size == r->end)
		r->end = h->addr;
	kx_snprintf(w, sizeof(w), "elfcorehdr=0x%" PRIx64 " mem=%" PRIu64 "K@0x%" PRIx64, h->addr,
		    (r->end - r->start) >> 10, r->start);
	/* The words go to the tree's bootargs, given or not. */
	p->cmdline_given = 1;
	return kx_cmdline_prepend(ctx, p, w) ? -1 : 1;
}

int arm_place(struct kx_ctx *ctx, struct kx_plan *p, const struct arm_kernel *k, const char *path)
{
	uint64_t base = 0, next = 0, lowmem, daddr;
	struct kx_crash_src crash;
	struct kx_dtb_seg dt;
	int rc, core;

	if (p->skip_checks)
		kx_dbg(ctx, "-i: nothing to skip, arm loads without a purgatory");
	core = crash_words(ctx, p, &crash);
	if (core < 0) {
		kx_crash_free(&crash);
		return ctx->err;
	}
	rc = add_kernel(ctx, p, k, path, &base, &next);
	if (rc)
		goto out;
	p->entry = base + k->text_offset;
	/* The kernel keeps crashkernel= in low memory: no further bound. */
	lowmem = core ? 0 : lowmem_end(ctx, base);
	if (lowmem)
		kx_dbg(ctx, "low memory (LowTotal) ends near 0x%" PRIx64 ": the initrd and the "
			    "tree stay below",
		       lowmem);
	/* The initrd, then the tree last: the kernel takes the last segment
	 * with the tree's magic (r2); both in low memory, the tree small
	 * enough for the kernel to map. */
	dt = (struct kx_dtb_seg){ .min = next, .max = lowmem, .max_size = ARM_DTB_MAX,
				  .max_why = "the arm kernel maps at most 1 MiB of it for sure"
					     " (two 1 MiB sections from the one r2 points into)",
				  .usable = core ? &crash.crash : NULL };
	rc = kx_dtb_add_initrd_and_tree(ctx, p, &dt, &daddr);
out:
	kx_crash_free(&crash);
	return rc;
}
