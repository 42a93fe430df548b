/* SPDX-License-Identifier: MIT */
/*
 * purgatory.c - the freestanding C half of the arm64 purgatory: the
 * parameter block the loader patches (core/purgatory.h), the SHA-256 check
 * of the segments (FIPS 180-4, core/sha256.c) and the failure path.
 * Built with -mgeneral-regs-only -mstrict-align: the MMU is off, so memory
 * is Device memory, where unaligned accesses fault.
 */
#include <stddef.h>
#include <stdint.h>
#include "purgatory.h"
#include "sha256.h"

_Static_assert(offsetof(struct kx_purg_params, entry) == 8, "entry.S PP_ENTRY");
_Static_assert(offsetof(struct kx_purg_params, arg0) == 16, "entry.S PP_ARG0");
_Static_assert(offsetof(struct kx_purg_params, skip_checks) == 32, "entry.S PP_SKIP");

int purgatory_verify(void);
void purgatory_halt(void) __attribute__((noreturn));
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

__attribute__((section(".data.params"), aligned(8), used))
struct kx_purg_params purgatory_params = {
	.magic = KX_PURG_MAGIC,
};

int purgatory_verify(void)
{
	const struct kx_purg_params *pp = &purgatory_params;
	struct kx_sha256 s;
	unsigned char d[32];
	unsigned i, diff = 0;

	if (!pp->nregions)
		return 0;
	if (pp->nregions > KX_PURG_REGIONS)
		return -1;

	kx_sha256_init(&s);
	for (i = 0; i < pp->nregions; i++)
		kx_sha256_update(&s, (const void *)(uintptr_t)pp->region[i].start,
				 pp->region[i].len);
	kx_sha256_final(&s, d);

	for (i = 0; i < sizeof(d); i++)
		diff |= d[i] ^ pp->digest[i];
	return diff ? -1 : 0;
}

/* No console we could trust (the UART's address is in the old tree):
 * wait forever, visibly hung rather than booting changed bytes. */
void purgatory_halt(void)
{
	for (;;)
		__asm__ volatile("wfe");
}

/* gcc's freestanding contract (arch.mk passes
 * -fno-tree-loop-distribute-patterns so these loops stay loops). */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
