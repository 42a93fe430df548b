/* SPDX-License-Identifier: MIT */
/*
 * digest.c - the loader's half of the purgatory check: which bytes the
 * purgatory hashes (core/purgatory/purgatory.h regions) and the SHA-256 (FIPS 180-4)
 * they must have once the kernel has copied them into place.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "digest.h"
#include "sha256.h"

int kx_digest_fill(struct kx_ctx *ctx, const struct kx_plan *p, unsigned nseg,
		   struct kx_purg_params *pp, int skip)
{
	struct kx_sha256 s;
	unsigned i, n = 0;

	memset(pp->region, 0, sizeof(pp->region));
	memset(pp->digest, 0, sizeof(pp->digest));
	pp->nregions = 0;
	pp->skip_checks = 1;
	/* -i is asked for to save time, so hash nothing here either (as
	 * kexec-tools does). */
	if (skip)
		return 0;

	kx_sha256_init_fast(&s);
	for (i = 0; i < nseg && i < p->nseg; i++) {
		const struct kx_segment *sg = &p->seg[i];

		/*
		 * Only [mem, mem + bufsz): the bytes the kernel copies from
		 * our buffer.  The tail up to memsz is zeroed by the kernel
		 * itself, not carried from here, and nothing reads it as
		 * content (the new kernel clears its own bss); hashing it
		 * would cost the slow generic SHA-256 in purgatory megabytes
		 * of zeros for a bzImage's init_size.
		 */
		if (!sg->bufsz)
			continue;
		/* Rewritten by the kernel when CPUs or memory change. */
		if (p->core.hotplug && sg->mem == p->core.addr)
			continue;
		if (n == KX_PURG_REGIONS)
			return kx_fail_plan(ctx, -E2BIG,
				       "purgatory: more than %d segments to check (use -i to skip "
				       "the check)",
				       KX_PURG_REGIONS);
		pp->region[n].start = sg->mem;
		pp->region[n].len = sg->bufsz;
		n++;
		kx_sha256_update(&s, sg->buf, sg->bufsz);
	}
	kx_sha256_final(&s, pp->digest);
	pp->nregions = n;
	pp->skip_checks = 0;
	return 0;
}
