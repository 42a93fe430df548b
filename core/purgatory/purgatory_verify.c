/* SPDX-License-Identifier: MIT */
/*
 * purgatory_verify.c - the part every purgatory shares, built freestanding
 * into each arch's blob (arch/<arch>/arch.mk): the parameter block the
 * loader patches (purgatory.h), the SHA-256 check of the segments
 * (FIPS 180-4, core/purgatory/sha256.c) and the line it reports on the
 * console --serial named.  The entry code, the failure path, the UART
 * access and the SHA-256 block function stay per architecture.
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

int purgatory_verify(void);
/* The arch's: s on the console pp names (nothing for KX_CON_NONE). */
void purgatory_puts(const struct kx_purg_params *pp, const char *s);

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
static int check(const struct kx_purg_params *pp)
{
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

/* The check (unless -i), and on the console how it went: a board that
 * hangs after `kexec -e` shows whether it got this far.  0: enter the
 * kernel; -1: the arch's purgatory_halt says why and stops. */
int purgatory_verify(void)
{
	const struct kx_purg_params *pp = &purgatory_params;
	unsigned n = pp->nregions;
	char d[3] = { (char)('0' + n / 10 % 10), (char)('0' + n % 10), 0 };
	int rc = pp->skip_checks ? 0 : check(pp);

	if (rc)
		return rc;
	purgatory_puts(pp, "kexec: purgatory: ");
	if (pp->skip_checks) {
		purgatory_puts(pp, "no checks (-i)");
	} else {
		purgatory_puts(pp, "checked ");
		purgatory_puts(pp, d + (n < 10));
		purgatory_puts(pp, " segments");
	}
	purgatory_puts(pp, ", entering the kernel\r\n");
	return 0;
}
