/* SPDX-License-Identifier: MIT */
/*
 * purgatory_verify.c - the part every purgatory shares, built freestanding
 * into each arch's blob (arch/<arch>/arch.mk): the parameter block the
 * loader patches (purgatory.h) and the SHA-256 check of the segments
 * (FIPS 180-4, core/purgatory/sha256.c).  The entry code, the failure path and the
 * SHA-256 block function stay per architecture.
 */
#include <stddef.h>
#include <stdint.h>
/* Everything named here lies in the blob: hidden, so taking a function's
 * address is PC-relative (-fvisibility=hidden covers definitions only;
 * x86's -fpie would go through the GOT, which the static link then turns
 * into an absolute address). */
#pragma GCC visibility push(hidden)
#include "purgatory.h"
#include "sha256.h"

/* Every entry.S addresses these fields by number. */
_Static_assert(offsetof(struct kx_purg_params, entry) == 8, "entry.S PP_ENTRY");
_Static_assert(offsetof(struct kx_purg_params, arg0) == 16, "entry.S PP_ARG0");
_Static_assert(offsetof(struct kx_purg_params, skip_checks) == 32, "entry.S PP_SKIP");

int purgatory_verify(void);

/* The block function, named by the arch.mk (purg-sha256): the generic
 * one, or one written for the way the purgatory runs there (arm64: caches
 * off, arch/arm64/purgatory/sha256_regs.S). */
kx_sha256_blocks_fn KX_PURG_SHA256;
#pragma GCC visibility pop

/* .data.params: first in .data (each purgatory.lds), so the block lies in
 * the .bin even if the rest of .data were to move. */
__attribute__((section(".data.params"), aligned(8), used))
struct kx_purg_params purgatory_params = {
	.magic = KX_PURG_MAGIC,
};

/* 0 if the regions hash to the digest, -1 if not. */
int purgatory_verify(void)
{
	const struct kx_purg_params *pp = &purgatory_params;
	struct kx_sha256 s;
	unsigned char d[32];
	unsigned i, diff = 0;

	/* A block without regions vouches for nothing, so there is nothing
	 * to refuse. */
	if (!pp->nregions)
		return 0;
	if (pp->nregions > KX_PURG_REGIONS)
		return -1;

	kx_sha256_init_blocks(&s, KX_PURG_SHA256);
	for (i = 0; i < pp->nregions; i++)
		kx_sha256_update(&s, (const void *)(uintptr_t)pp->region[i].start,
				 pp->region[i].len);
	kx_sha256_final(&s, d);

	for (i = 0; i < sizeof(d); i++)
		diff |= d[i] ^ pp->digest[i];
	return diff ? -1 : 0;
}
