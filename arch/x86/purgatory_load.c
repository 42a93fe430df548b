/* SPDX-License-Identifier: MIT */
/*
 * purgatory_load.c - place a patched copy of the x86_64 purgatory blob:
 * parameter block (core/purgatory.h) at the offset the build found, memsz
 * up to _end for its stack, entered by relocate_kernel in 64-bit mode.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "digest.h"
#include "purgatory.h"
#include "purgatory_load.h"
#include "generated/x86_purgatory.h"

/* What the digest needs once kexec_load is chosen. */
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

int x86_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, uint64_t entry,
		      uint64_t boot_params, int skip_checks)
{
	/*
	 * Top down below 4 GiB, above the first MiB, as kexec-tools places
	 * its purgatory: the kernel and initrd grow from elsewhere, and the
	 * low MiB is the new kernel's to reserve.  The blob itself would run
	 * anywhere in the identity map.
	 */
	const struct kx_hole h = {
		.size = KX_X86_PURG_MEMSZ,
		.align = KX_PAGE,
		.min = 0x100000,
		.max = 1ULL << 32,
		.top_down = 1,
	};
	struct kx_purg_params *pp;
	struct seal *seal;
	unsigned char *buf;
	uint64_t addr;
	int rc;

	/* The header and the blob come from one build; a mismatch means a
	 * stale object, and patching at a wrong offset would boot garbage. */
	if ((size_t)(kx_x86_purgatory_end - kx_x86_purgatory) != KX_X86_PURG_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "purgatory: embedded blob is %zu bytes, expected %u (stale build: rebuild)",
			       (size_t)(kx_x86_purgatory_end - kx_x86_purgatory),
			       (unsigned)KX_X86_PURG_SIZE);
	buf = kx_plan_alloc(p, KX_X86_PURG_SIZE);
	if (!buf)
		return kx_fail(ctx, -ENOMEM, "purgatory: out of memory");
	memcpy(buf, kx_x86_purgatory, KX_X86_PURG_SIZE);

	/* buf is page aligned and the build checked the offset is 8-byte
	 * aligned, so the block can be used in place. */
	pp = (struct kx_purg_params *)(buf + KX_X86_PURG_PARAMS_OFF);
	if (pp->magic != KX_PURG_MAGIC)
		return kx_fail(ctx, -EINVAL,
			       "purgatory: no parameter block (magic) at offset 0x%x of the blob (stale build: rebuild)",
			       (unsigned)KX_X86_PURG_PARAMS_OFF);
	pp->entry = entry;
	pp->arg0 = boot_params;
	pp->arg1 = 0;
	/* Until sealed, the blob says "skip": an unsealed plan never reaches
	 * kexec_load (load.c seals first), but fail safe all the same. */
	pp->skip_checks = 1;
	pp->nregions = 0;
	seal = kx_plan_alloc(p, sizeof(*seal));
	if (!seal)
		return kx_fail(ctx, -ENOMEM, "purgatory: out of memory");
	seal->pp = pp;
	seal->nseg = p->nseg;
	seal->skip = skip_checks;

	rc = kx_add_segment(ctx, p, buf, KX_X86_PURG_SIZE, &h, "purgatory",
			    "generated", &addr);
	if (rc)
		return rc;
	kx_plan_on_seal(p, digest_seal, seal);
	/* purgatory_start is the blob's first byte (arch.mk checks). */
	p->entry = addr;
	return 0;
}
