/* SPDX-License-Identifier: MIT */
/*
 * sha256.c - portable SHA-256 (FIPS 180-4: padding 5.1.1, IV 5.3.3,
 * computation 6.2.2).  Freestanding: the purgatory links this file with no
 * libc, so it calls nothing, not even memcpy, and keeps no mutable statics.
 */
#include <stddef.h>
#include <stdint.h>
#include "sha256.h"

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
/* Aligned: the SHA-NI code loads four at a time with aligned loads. */
const uint32_t kx_sha256_k[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Shifts, not a cast: alignment and host byte order do not matter, and gcc
 * turns this into one load plus bswap (or movbe) at -O2 and -Os.  -Os
 * would rather call it than inline it, hence always_inline. */
static inline __attribute__((always_inline)) uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

#define ROR(x, n) ((x) >> (n) | (x) << (32 - (n)))

/*
 * The functions of FIPS 180-4 4.1.2, with the rotations nested so each
 * costs one copy of x instead of three:
 *   ror(x,6) ^ ror(x,11) ^ ror(x,25) == ror(ror(ror(x,14) ^ x, 5) ^ x, 6).
 */
#define BSIG0(x) ROR(ROR(ROR(x, 9) ^ (x), 11) ^ (x), 2)
#define BSIG1(x) ROR(ROR(ROR(x, 14) ^ (x), 5) ^ (x), 6)
#define SSIG0(x) (ROR(ROR(x, 11) ^ (x), 7) ^ (x) >> 3)
#define SSIG1(x) (ROR(ROR(x, 2) ^ (x), 17) ^ (x) >> 10)
/* Ch with one operation fewer.  Maj as b ^ ((a ^ b) & (b ^ c)): this
 * round's b ^ c is the previous round's a ^ b, which the compiler reuses. */
#define CH(e, f, g) ((((f) ^ (g)) & (e)) ^ (g))
#define MAJ(a, b, c) ((((a) ^ (b)) & ((b) ^ (c))) ^ (b))

/* One round.  Instead of shifting eight variables, the caller renames
 * them: the new a lands in h and the new e in d. */
#define ROUND(a, b, c, d, e, f, g, h, wk) do {				\
	uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + (wk);		\
	uint32_t t2_ = BSIG0(a) + MAJ(a, b, c);				\
	(d) += t1_;							\
	(h) = t1_ + t2_;						\
} while (0)

/* Rounds 0-15 take the message words; later ones extend the schedule in
 * a 16-word ring (W[t] for t >= 16, FIPS 180-4 6.2.2 step 1). */
#define R_LOAD(i, a, b, c, d, e, f, g, h) do {				\
	w[i] = load_be32(p + 4 * (i));					\
	ROUND(a, b, c, d, e, f, g, h, w[i] + k[i]);			\
} while (0)
#define R_SCHED(i, a, b, c, d, e, f, g, h) do {				\
	w[i] += SSIG1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] +		\
		SSIG0(w[((i) + 1) & 15]);				\
	ROUND(a, b, c, d, e, f, g, h, w[i] + k[i]);			\
} while (0)

/* Sixteen rounds bring the names back where they started. */
#define ROUNDS16(R) do {						\
	R(0, a, b, c, d, e, f, g, h);  R(1, h, a, b, c, d, e, f, g);	\
	R(2, g, h, a, b, c, d, e, f);  R(3, f, g, h, a, b, c, d, e);	\
	R(4, e, f, g, h, a, b, c, d);  R(5, d, e, f, g, h, a, b, c);	\
	R(6, c, d, e, f, g, h, a, b);  R(7, b, c, d, e, f, g, h, a);	\
	R(8, a, b, c, d, e, f, g, h);  R(9, h, a, b, c, d, e, f, g);	\
	R(10, g, h, a, b, c, d, e, f); R(11, f, g, h, a, b, c, d, e);	\
	R(12, e, f, g, h, a, b, c, d); R(13, d, e, f, g, h, a, b, c);	\
	R(14, c, d, e, f, g, h, a, b); R(15, b, c, d, e, f, g, h, a);	\
} while (0)

/* The state array is st, not h as in the prototype: h is the eighth
 * working variable here, as in the spec. */
void kx_sha256_blocks_generic(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
	uint32_t w[16];

	for (; nblocks; nblocks--, p += 64) {
		uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
		uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
		const uint32_t *k = kx_sha256_k;

		ROUNDS16(R_LOAD);
		/* Rolled three times: half the code of a full unroll
		 * (4.4 KB against 9 KB at -Os) for 2-5% more instructions. */
		for (k = kx_sha256_k + 16; k < kx_sha256_k + 64; k += 16)
			ROUNDS16(R_SCHED);
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

void kx_sha256_init(struct kx_sha256 *s)
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
	s->blocks = kx_sha256_blocks_generic;
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
