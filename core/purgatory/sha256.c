/* SPDX-License-Identifier: MIT */
/*
 * sha256.c - portable SHA-256 (FIPS 180-4: padding 5.1.1, IV 5.3.3,
 * computation 6.2.2).  Freestanding: the purgatory links this file with no
 * libc, so it calls nothing, not even memcpy, and keeps no mutable statics.
 */
#include <stddef.h>
#include <stdint.h>
#include "sha256.h"
#include "sha256_ops.h"

/* Aligned: the SHA-NI code loads four at a time with aligned loads. */
const uint32_t kx_sha256_k[64] __attribute__((aligned(16))) = {
	KX_SHA256_K_0, KX_SHA256_K_16, KX_SHA256_K_32, KX_SHA256_K_48,
};

/* Shifts, not a cast: alignment and host byte order do not matter, and gcc
 * turns this into one load plus bswap (or movbe) at -O2 and -Os.  -Os
 * would rather call it than inline it, hence always_inline. */
static inline __attribute__((always_inline)) uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* One round on W[t] (w[i], i = t mod 16), then W[t + 16] computed into
 * its slot (FIPS 180-4 6.2.2 step 1: it needs W[t + 14], W[t + 9],
 * W[t + 1] and W[t], all in the 16-word ring by then).  One copy of the
 * sixteen rounds instead of two (a first one that loads the message):
 * 1.5 KB less in the arm64 binary, whose 128 KiB are counted, for the
 * 16 words per block no round uses and the loads in a loop (measured:
 * 301 against 338 MB/s, x86-64 at -O2; the SHA-NI and arm64 SHA2 paths,
 * which most loads take, are unchanged). */
#define R(i, a, b, c, d, e, f, g, h) do {					\
	ROUND(a, b, c, d, e, f, g, h, w[i] + k[i]);				\
	w[i] += SSIG1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] +			\
		SSIG0(w[((i) + 1) & 15]);					\
} while (0)

/* The state array is st, not h as in the prototype: h is the eighth
 * working variable here, as in the spec. */
void kx_sha256_blocks_generic(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
	uint32_t w[16];

	for (; nblocks; nblocks--, p += 64) {
		uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
		uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
		const uint32_t *k;
		unsigned i;

		for (i = 0; i < 16; i++)
			w[i] = load_be32(p + 4 * i);
		for (k = kx_sha256_k; k < kx_sha256_k + 64; k += 16)
			ROUNDS16(R);
		st[0] += a;
		st[1] += b;
		st[2] += c;
		st[3] += d;
		st[4] += e;
		st[5] += f;
		st[6] += g;
		st[7] += h;
	}
}

void kx_sha256_init_blocks(struct kx_sha256 *s, kx_sha256_blocks_fn *blocks)
{
	/* FIPS 180-4 5.3.3: the square roots of the first 8 primes. */
	s->h[0] = 0x6a09e667;
	s->h[1] = 0xbb67ae85;
	s->h[2] = 0x3c6ef372;
	s->h[3] = 0xa54ff53a;
	s->h[4] = 0x510e527f;
	s->h[5] = 0x9b05688c;
	s->h[6] = 0x1f83d9ab;
	s->h[7] = 0x5be0cd19;
	s->len = 0;
	s->used = 0;
	s->blocks = blocks;
}

/* A function of its own: a purgatory that never calls it (arm64) lets
 * its link drop the generic block function and the table with it. */
void kx_sha256_init(struct kx_sha256 *s)
{
	kx_sha256_init_blocks(s, kx_sha256_blocks_generic);
}

void kx_sha256_update(struct kx_sha256 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t whole;

	s->len += n;
	if (s->used) {
		while (n && s->used < 64) {
			s->buf[s->used++] = *p++;
			n--;
		}
		if (s->used < 64)
			return;
		s->blocks(s->h, s->buf, 1);
		s->used = 0;
	}
	/* Whole blocks straight from the caller's buffer: no copy. */
	whole = n / 64;
	if (whole) {
		s->blocks(s->h, p, whole);
		p += whole * 64;
		n -= whole * 64;
	}
	while (n--)
		s->buf[s->used++] = *p++;
}

void kx_sha256_final(struct kx_sha256 *s, unsigned char out[32])
{
	uint64_t bits = s->len * 8;
	unsigned i = s->used;

	/* FIPS 180-4 5.1.1: a 1 bit, zeros up to 56 mod 64, then the
	 * message length in bits as a 64-bit big-endian number. */
	s->buf[i++] = 0x80;
	if (i > 56) {
		while (i < 64)
			s->buf[i++] = 0;
		s->blocks(s->h, s->buf, 1);
		i = 0;
	}
	while (i < 56)
		s->buf[i++] = 0;
	for (i = 0; i < 8; i++)
		s->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	s->blocks(s->h, s->buf, 1);
	s->used = 0;

	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}
