/* SPDX-License-Identifier: MIT */
/*
 * sha256_ops.h - the pieces of the SHA-256 compression (FIPS 180-4 4.1.2,
 * 4.2.2, 6.2.2) shared by the generic block function (core/purgatory/sha256.c) and
 * the arm64 purgatory's register-only one (arch/arm64/purgatory/sha256_regs.S).
 */
#ifndef KX_SHA256_OPS_H
#define KX_SHA256_OPS_H

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes, sixteen at a time: lists, not a table,
 * so the arm64 purgatory's assembly takes them as immediates. */
#define KX_SHA256_K_0							\
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,			\
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,			\
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,			\
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
#define KX_SHA256_K_16							\
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,			\
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,			\
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,			\
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
#define KX_SHA256_K_32							\
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,			\
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,			\
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,			\
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
#define KX_SHA256_K_48							\
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,			\
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,			\
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,			\
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2

/* The rest is C. */
#ifndef __ASSEMBLER__

/* x must be a uint32_t. */
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

/* One round, wk = W[t] + K[t].  Instead of shifting eight variables, the
 * caller renames them: the new a lands in h and the new e in d. */
#define ROUND(a, b, c, d, e, f, g, h, wk) do {				\
	uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + (wk);		\
	uint32_t t2_ = BSIG0(a) + MAJ(a, b, c);				\
	(d) += t1_;							\
	(h) = t1_ + t2_;						\
} while (0)

/* Sixteen rounds R(i, ...) bring the names back where they started. */
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

#endif /* !__ASSEMBLER__ */

#endif
