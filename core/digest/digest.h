/* SPDX-License-Identifier: MIT */
/*
 * digest.h - fill a purgatory parameter block (core/purgatory/purgatory.h) with the
 * regions and SHA-256 (FIPS 180-4) the purgatory checks before it jumps.
 * core/digest/digest.c does it; core/digest/digest_none.c (no CONFIG_PURGATORY_CHECK)
 * only tells the purgatory to skip the check.
 */
#ifndef KX_DIGEST_H
#define KX_DIGEST_H

#include "kexec.h"
#include "purgatory.h"

/*
 * Describe the first nseg segments of p in pp (regions, digest) and set
 * pp->skip_checks from skip.  The purgatory's own segment is not among
 * them: it cannot hash the block it lives in.  Returns 0, or -E2BIG
 * (message set) if more than KX_PURG_REGIONS segments carry data.
 */
int kx_digest_fill(struct kx_ctx *ctx, const struct kx_plan *p, unsigned nseg,
		   struct kx_purg_params *pp, int skip);

#endif
