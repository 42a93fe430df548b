/* SPDX-License-Identifier: MIT */
/*
 * purgatory_load.c - place a patched copy of the arm64 purgatory blob:
 * parameter block (core/purgatory.h) at the offset the build found, memsz
 * up to _end for its stack, entered by the kernel's cpu_soft_restart with
 * the MMU off.  The digest is deferred to kexec_load (kx_plan_on_seal).
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "digest.h"
#include "purgatory.h"
#include "purgatory_load.h"
#include "generated/arm64_purgatory.h"

struct seal {
	struct kx_purg_params *pp;
	unsigned nseg; /* the segments before the purgatory's own */
	int skip;
};

static int digest_seal(struct kx_ctx *ctx, struct kx_plan *p, void *arg)
{
	struct seal *s = arg;

	return kx_digest_fill(ctx, p, s->nseg, s->pp, s->skip);
}

int arm64_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, uint64_t entry,
			uint64_t dtb, uint64_t min, int skip_checks)
{
	/* Bottom up above the device tree, as kexec-tools places it. */
	const struct kx_hole h = {
		.size = KX_ARM64_PURG_MEMSZ,
		.align = KX_PAGE,
		.min = min,
	};
	struct kx_purg_params *pp;
	struct seal *seal;
	unsigned char *buf;
	uint64_t addr;
	int rc;

	if ((size_t)(kx_arm64_purgatory_end - kx_arm64_purgatory) != KX_ARM64_PURG_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "purgatory: embedded blob is %zu bytes, expected %u (stale build: rebuild)",
			       (size_t)(kx_arm64_purgatory_end - kx_arm64_purgatory),
			       (unsigned)KX_ARM64_PURG_SIZE);
	buf = kx_plan_alloc(p, KX_ARM64_PURG_SIZE);
	if (!buf)
		return kx_fail(ctx, -ENOMEM, "purgatory: out of memory");
	memcpy(buf, kx_arm64_purgatory, KX_ARM64_PURG_SIZE);

	pp = (struct kx_purg_params *)(buf + KX_ARM64_PURG_PARAMS_OFF);
	if (pp->magic != KX_PURG_MAGIC)
		return kx_fail(ctx, -EINVAL,
			       "purgatory: no parameter block (magic) at offset 0x%x of the blob (stale build: rebuild)",
			       (unsigned)KX_ARM64_PURG_PARAMS_OFF);
	pp->entry = entry;
	pp->arg0 = dtb;
	pp->arg1 = 0;
	pp->skip_checks = 1; /* until sealed */
	pp->nregions = 0;
	seal = kx_plan_alloc(p, sizeof(*seal));
	if (!seal)
		return kx_fail(ctx, -ENOMEM, "purgatory: out of memory");
	seal->pp = pp;
	seal->nseg = p->nseg;
	seal->skip = skip_checks;

	rc = kx_add_segment(ctx, p, buf, KX_ARM64_PURG_SIZE, &h, "purgatory", "generated", &addr);
	if (rc)
		return rc;
	kx_plan_on_seal(p, digest_seal, seal);
	p->entry = addr; /* purgatory_start is the blob's first byte (arch.mk checks) */
	return 0;
}
