/* SPDX-License-Identifier: MIT */
/*
 * fixup.c - the next kernel's tree in one call: copy, grow, apply the
 * fixups in drivers/of/kexec.c's order, pack.  Randomness comes from
 * kx_random (getrandom, never blocking): no entropy yet means no seeds,
 * never a failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "dtb_int.h"

#define TRIES 4          /* growth attempts before giving up */
#define EXTRA 0x1000     /* the kernel's FDT_EXTRA_SPACE */

struct seeds {
	unsigned char kaslr[KX_DTB_KASLR_SEED_SIZE];
	unsigned char rng[KX_DTB_RNG_SEED_SIZE];
	int have;
};

/* Apply every fixup to fdt (opened with room).  On failure *what names
 * the step for the message. */
static int apply(void *fdt, const struct kx_dtb_fixup *f, const struct seeds *sd,
		 const void *sys, int *copied, int *kept, const char **what)
{
	int rc = 0;

	*what = "removing stale handover properties";
	if ((rc = kx_dtb_del_stale(fdt)))
		return rc;
	*what = "setting linux,initrd-start/end";
	if ((rc = kx_dtb_set_initrd(fdt, f->initrd_start, f->initrd_size)))
		return rc;
	*what = "setting linux,elfcorehdr and linux,usable-memory-range";
	if (f->crash && (rc = kx_dtb_set_crash(fdt, f->elfcorehdr, f->elfcorehdr_size,
					       f->usable, f->nusable)))
		return rc;
	*what = "setting bootargs";
	if (f->bootargs)
		rc = kx_dtb_set_bootargs(fdt, f->bootargs);
	else if (f->del_bootargs)
		rc = kx_dtb_del_bootargs(fdt);
	if (rc)
		return rc;
	*what = "setting kaslr-seed and rng-seed";
	if ((rc = sd->have ? kx_dtb_set_seeds(fdt, sd->kaslr, sd->rng, sizeof(sd->rng))
			   : kx_dtb_set_seeds(fdt, NULL, NULL, 0)))
		return rc;
	*what = "copying /memory nodes";
	*copied = 0;
	if (sys && (rc = kx_dtb_copy_memory(fdt, sys)) < 0)
		return rc;
	*copied = sys ? rc : 0;
	*what = "copying what the firmware added to the running system's tree";
	*kept = 0;
	if (sys && f->keep && (rc = f->keep(fdt, sys)) < 0)
		return rc;
	*kept = sys && f->keep ? rc : 0;
	return 0;
}

/* A --dtb with no memory nodes (or, with f->keep, any --dtb): the
 * running system's tree lends its own.  Not having one is said under -d,
 * not fatal: on an EFI boot the stub removed the memory nodes and the
 * kernel reads the EFI memory map instead. */
static int system_tree(struct kx_ctx *ctx, const struct kx_dtb *in,
		       const struct kx_dtb_fixup *f, struct kx_dtb *own, const void **sys)
{
	struct kx_ctx quiet = { .root = ctx->root };
	int n = kx_dtb_count_memory(in->fdt);

	*sys = NULL;
	/* Trees read from the running system have what it has. */
	if (in->source == KX_DTB_SRC_FIRMWARE || in->source == KX_DTB_SRC_PROC ||
	    (n != 0 && !f->keep) || n < 0)
		return n < 0 ? kx_fail_plan(ctx, -EINVAL, "dtb %s: %s", in->name,
					    kx_dtb_strerror(n))
			     : 0;
	if (f->system) {
		*sys = f->system->fdt;
		return 0;
	}
	if (kx_dtb_read(&quiet, NULL, own)) {
		if (n)
			kx_dbg(ctx, "dtb %s: no system tree to copy what its firmware added from "
				    "(%s)",
			       in->name, quiet.msg);
		else
			kx_dbg(ctx, "dtb %s: no /memory nodes, and no system tree to copy them "
				    "from (%s)",
			       in->name, quiet.msg);
		return 0;
	}
	*sys = own->fdt;
	return 0;
}

int kx_dtb_fixup(struct kx_ctx *ctx, const struct kx_dtb *in,
		 const struct kx_dtb_fixup *f, struct kx_dtb *out)
{
	struct kx_dtb own = { 0 };
	const char *what = "";
	char why[192];
	const void *sys;
	struct seeds sd;
	size_t room;
	void *buf = NULL;
	int (*rnd)(void *, size_t);
	int rc, try, copied = 0, kept = 0, seeded, oom = 0;

	memset(out, 0, sizeof(*out));
	if ((rc = system_tree(ctx, in, f, &own, &sys)))
		return rc;
	/* Drawn once, so a retry in a bigger buffer writes the same seeds. */
	rnd = f->random ? f->random : kx_random;
	if (!(rc = rnd(sd.kaslr, sizeof(sd.kaslr))))
		rc = rnd(sd.rng, sizeof(sd.rng));
	sd.have = seeded = !rc;
	if (rc)
		kx_dbg(ctx, "dtb %s: no random bytes (%s): kaslr-seed and rng-seed left out",
		       in->name,
		       rc == -EAGAIN ? "the kernel's entropy pool is not ready" : kx_strerror(-rc));

	room = fdt_totalsize(in->fdt) + EXTRA + (f->bootargs ? strlen(f->bootargs) + 1 : 0) +
	       (sys ? fdt_totalsize(sys) : 0);
	for (try = 0; try < TRIES; try++, room *= 2) {
		free(buf);
		buf = NULL;
		rc = -FDT_ERR_NOSPACE;
		if (room > KX_DTB_MAX)
			break;
		if (!(buf = malloc(room))) {
			oom = 1;
			break;
		}
		if ((rc = fdt_open_into(in->fdt, buf, (int)room))) {
			what = "opening";
			break;
		}
		rc = apply(buf, f, &sd, sys, &copied, &kept, &what);
		if (rc != -FDT_ERR_NOSPACE)
			break;
		kx_dbg(ctx, "dtb %s: %zu bytes were not enough, retrying", in->name, room);
	}
	memset(&sd, 0, sizeof(sd));
	kx_dtb_free(&own);
	if (oom)
		return kx_fail_plan(ctx, -ENOMEM, "dtb %s: no memory for %zu bytes", in->name,
				    room);
	if (rc == -FDT_ERR_NOSPACE) {
		free(buf);
		return kx_fail_plan(ctx, -ENOSPC, "dtb %s: no room for the fixups within %u bytes",
			       in->name, KX_DTB_MAX);
	}
	if (rc) {
		free(buf);
		return kx_fail_plan(ctx, -EINVAL, "dtb %s: %s: %s", in->name, what,
				    kx_dtb_strerror(rc));
	}
	fdt_pack(buf);
	/* What goes to the next kernel passes the same gate as what came in:
	 * a tree libfdt accepted but could not carry over shows up here. */
	if ((rc = kx_dtb_check(buf, fdt_totalsize(buf), why, sizeof(why)))) {
		free(buf);
		return kx_fail_plan(ctx, -EINVAL, "dtb %s: the fixed-up tree is invalid: %s",
				    in->name, why);
	}
	out->fdt = buf;
	out->size = room;
	out->source = in->source;
	out->memory_copied = copied;
	out->kept = kept;
	out->seeded = seeded;
	kx_snprintf(out->name, sizeof(out->name), "%s", in->name);
	if (copied)
		kx_dbg(ctx, "dtb %s: no /memory nodes: %d copied from the running system's tree",
		       in->name, copied);
	else if (sys && !kx_dtb_count_memory(in->fdt))
		kx_dbg(ctx, "dtb %s: no /memory nodes, and the running system's tree has none "
		       "either (an EFI boot?)", in->name);
	if (kept)
		kx_dbg(ctx, "dtb %s: %d node(s) the firmware added to the running system's tree "
		       "copied in", in->name, kept);
	return 0;
}
