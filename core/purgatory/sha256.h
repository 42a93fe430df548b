/* SPDX-License-Identifier: MIT */
/*
 * sha256.h - SHA-256 (FIPS 180-4).  The generic code is freestanding so the
 * purgatory builds the same file; the loader may swap in a hardware block
 * function (SHA-NI, ARMv8 crypto) detected at run time.
 */
#ifndef KX_SHA256_H
#define KX_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Compress nblocks 64-byte blocks into h. */
typedef void kx_sha256_blocks_fn(uint32_t h[8], const unsigned char *p, size_t nblocks);

struct kx_sha256 {
	kx_sha256_blocks_fn *blocks; /* block function in use */
	uint32_t h[8];
	uint64_t len;          /* bytes hashed so far */
	unsigned char buf[64];
	unsigned used;         /* bytes in buf */
};

kx_sha256_blocks_fn kx_sha256_blocks_generic;
extern const uint32_t kx_sha256_k[64]; /* the round constants (FIPS 180-4, 4.2.2) */

/* core/purgatory/sha256.c: freestanding (the purgatory links it); no libc calls. */
void kx_sha256_init(struct kx_sha256 *s); /* generic block function */
void kx_sha256_init_blocks(struct kx_sha256 *s, kx_sha256_blocks_fn *blocks);

void kx_sha256_update(struct kx_sha256 *s, const void *p, size_t n);
void kx_sha256_final(struct kx_sha256 *s, unsigned char out[32]);

/* core/digest/sha256_fast.c: loader only.  Picks the fastest block function of
 * this CPU once (kx_sha256_accel), falls back to the generic one. */
void kx_sha256_init_fast(struct kx_sha256 *s);
void kx_sha256(const void *p, size_t n, unsigned char out[32]);
const char *kx_sha256_impl(void); /* "generic", "sha-ni", ... */

/* Provided per architecture (arch/<arch>/sha256_*.c or core/digest/sha256_noaccel.c):
 * a faster block function if this CPU has one, else NULL. */
kx_sha256_blocks_fn *kx_sha256_accel(const char **name);

#endif
