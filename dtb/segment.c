/* SPDX-License-Identifier: MIT */
/*
 * segment.c - the next kernel's device tree as a segment of a plan, for
 * the backends whose kernel takes one (arm64, arm, riscv64): read it, fix it
 * up (bootargs, initrd, seeds, what a --dtb lacks), bound its size by the
 * arch's rule, place it page aligned.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "internal.h"
#include "dtb.h"

static const char *source_name(const struct kx_dtb *d, const struct kx_plan *p)
{
	switch (d->source) {
	case KX_DTB_SRC_FILE:
		return p->dtb_path;
	case KX_DTB_SRC_FIRMWARE:
		return "/sys/firmware/fdt";
	case KX_DTB_SRC_PROC:
		return "/proc/device-tree";
	case KX_DTB_SRC_MEM:
		return p->dtb_name ? p->dtb_name : "generated";
	default:
		return "generated";
	}
}

/* A UKI's .dtbauto trees: the first whose root's first "compatible" is
 * the running tree's (in), as systemd-stub picks one, replaces in.  None:
 * in stays.  0 or -errno (a candidate that is no tree is refused). */
static int pick_auto(struct kx_ctx *ctx, const struct kx_plan *p, struct kx_dtb *in)
{
	const char *want = fdt_getprop(in->fdt, 0, "compatible", NULL), *c;
	struct kx_dtb t;
	unsigned i;
	int rc;

	for (i = 0; want && i < p->ndtb_auto; i++) {
		rc = kx_dtb_from_mem(ctx, p->dtb_name, p->dtb_auto[i].data, p->dtb_auto[i].size,
				     &t);
		if (rc)
			return rc;
		c = fdt_getprop(t.fdt, 0, "compatible", NULL);
		if (c && !strcmp(c, want)) {
			kx_dbg(ctx, "dtb: %s number %u is for \"%s\", as the running tree", t.name,
			       i + 1, want);
			kx_dtb_free(in);
			*in = t;
			return 0;
		}
		kx_dtb_free(&t);
	}
	kx_dbg(ctx, "dtb: none of %s is for \"%s\": the running tree", p->dtb_name,
	       want ? want : "(no compatible)");
	return 0;
}

int kx_dtb_add_segment(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_dtb_seg *s,
		       uint64_t *addr)
{
	struct kx_dtb in = { 0 }, out = { 0 };
	struct kx_dtb_fixup f = { 0 };
	struct kx_hole h;
	unsigned char *buf;
	size_t size;
	char sz[16];
	int rc;

	/* --dtb, else a tree the image carries (a UKI's .dtb), else the
	 * running system's. */
	if (!p->dtb_path && p->dtb_data)
		rc = kx_dtb_from_mem(ctx, p->dtb_name, p->dtb_data, p->dtb_size, &in);
	else if (p->dtb_path)
		rc = kx_dtb_read_file(ctx, p->dtb_path, p->verify, &in);
	else
		rc = kx_dtb_read(ctx, NULL, &in);
	if (!rc && !p->dtb_path && p->ndtb_auto)
		rc = pick_auto(ctx, p, &in);
	if (rc) {
		kx_dtb_free(&in);
		return rc;
	}
	/* No command line given: the tree's bootargs stay (kexec-tools). */
	f.bootargs = p->cmdline_given ? p->cmdline : NULL;
	f.initrd_start = s->initrd_start;
	f.initrd_size = s->initrd_size;
	f.keep = s->keep;
	if (s->usable) {
		/* As the kernel writes them: crashkernel= (the highest, where
		 * the segments are), then crashkernel=,low. */
		const struct kx_ranges *u = s->usable;

		f.crash = 1;
		f.elfcorehdr = p->core.addr;
		f.elfcorehdr_size = p->core.size;
		f.nusable = u->n < 2 ? u->n : 2;
		f.usable[0] = u->r[u->n - 1];
		if (u->n > 1)
			f.usable[1] = u->r[0];
	}
	rc = kx_dtb_fixup(ctx, &in, &f, &out);
	if (rc)
		goto out;
	kx_dtb_debug_diff(ctx, &in, &out);
	size = fdt_totalsize(out.fdt);
	if (s->max_size && size > s->max_size) {
		rc = kx_fail_plan(ctx, -E2BIG, "dtb %s: %s after the fixups, %s", in.name,
				  kx_size(sz, size), s->max_why);
		goto out;
	}
	rc = -ENOMEM;
	buf = kx_plan_alloc(p, size);
	if (!buf) {
		kx_fail_plan(ctx, rc, "dtb: out of memory");
		goto out;
	}
	memcpy(buf, out.fdt, size);
	/* Page aligned (the kernels ask 8 bytes); kx_add_segment rounds
	 * memsz to a page. */
	h = (struct kx_hole){ .size = size, .align = KX_PAGE, .min = s->min, .max = s->max };
	rc = kx_add_segment(ctx, p, buf, size, &h, "dtb", source_name(&in, p), addr);
	if (!rc)
		kx_dbg(ctx, "dtb %s: %s at 0x%" PRIx64 "%s", in.name, kx_size(sz, size), *addr,
		       out.seeded ? ", fresh kaslr-seed and rng-seed"
				  : ", no seeds (no entropy yet)");
out:
	kx_dtb_free(&in);
	kx_dtb_free(&out);
	return rc;
}

int kx_dtb_add_initrd_and_tree(struct kx_ctx *ctx, struct kx_plan *p, struct kx_dtb_seg *s,
			       uint64_t *addr)
{
	const struct kx_file *initrd = kx_plan_initrd(p);
	struct kx_hole h;
	int rc;

	if (initrd) {
		h = (struct kx_hole){
			.size = initrd->size, .align = KX_PAGE, .min = s->min, .max = s->max
		};
		rc = kx_add_segment(ctx, p, initrd->data, initrd->size, &h, "initrd", initrd->path,
				    &s->initrd_start);
		if (rc)
			return rc;
		s->initrd_size = initrd->size;
		s->min = s->initrd_start + KX_ALIGN_UP(initrd->size, KX_PAGE);
	}
	return kx_dtb_add_segment(ctx, p, s, addr);
}
