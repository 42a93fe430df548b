/* SPDX-License-Identifier: MIT */
/*
 * sha256_ni.c - kx_sha256_accel for x86: the SHA-256 block function
 * (FIPS 180-4 6.2.2) on the SHA extensions (Intel SDM: SHA256RNDS2,
 * SHA256MSG1, SHA256MSG2), used only when CPUID reports them.
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>
#include "sha256.h"

/* CPUID feature bits (Intel SDM vol. 2A, CPUID). */
#define LEAF1_ECX_SSSE3		(1u << 9)
#define LEAF1_ECX_SSE4_1	(1u << 19)
#define LEAF7_EBX_SHA		(1u << 29)

/* Only this file's block function uses these instructions: the rest of
 * the loader stays baseline x86 and never reaches it on older CPUs. */
#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/*
 * Four rounds on message words m (W[4i] in the low lane).  SHA256RNDS2
 * does two rounds: it takes the state as CDGH and ABEF plus W+K of both
 * rounds in the low half of its third operand, and returns the new ABEF;
 * the old ABEF is then the new CDGH.  So the two variables swap roles
 * after the first call and swap back after the second.
 */
#define QROUND(i, m) do {						\
	wk = _mm_add_epi32(m, _mm_load_si128((const __m128i *)&kx_sha256_k[4 * (i)])); \
	cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);			\
	wk = _mm_shuffle_epi32(wk, 0x0e);				\
	abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);			\
} while (0)

/* W[t..t+3] from W[t-16..t-1] held in m0..m3 (oldest first), into m0:
 * MSG1 adds sigma0, the add brings W[t-7..t-4], MSG2 adds sigma1. */
#define SCHED(m0, m1, m2, m3)						\
	((m0) = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(m0, m1), \
						   _mm_alignr_epi8(m3, m2, 4)), m3))

SHA_TARGET
static void sha256_ni_blocks(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
	/* pshufb mask: each 32-bit lane byte-reversed, so W is big endian. */
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i abef, cdgh, abef0, cdgh0, m0, m1, m2, m3, wk, t;
	int i;

	/* st[] is A..H from the lowest lane up; the instructions want
	 * A,B,E,F and C,D,G,H from the highest lane down.  Lane comments
	 * below read from the highest lane down. */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[0]), 0xb1);  /* C D A B */
	cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&st[4]), 0x1b); /* E F G H */
	abef = _mm_alignr_epi8(t, cdgh, 8);		/* A B E F */
	cdgh = _mm_blend_epi16(cdgh, t, 0xf0);		/* C D G H */

	for (; nblocks; nblocks--, p += 64) {
		abef0 = abef;
		cdgh0 = cdgh;
		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);

		QROUND(0, m0);
		QROUND(1, m1);
		QROUND(2, m2);
		QROUND(3, m3);
		for (i = 4; i < 16; i += 4) {
			SCHED(m0, m1, m2, m3);
			QROUND(i, m0);
			SCHED(m1, m2, m3, m0);
			QROUND(i + 1, m1);
			SCHED(m2, m3, m0, m1);
			QROUND(i + 2, m2);
			SCHED(m3, m0, m1, m2);
			QROUND(i + 3, m3);
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}

	/* Back to A..H. */
	t = _mm_shuffle_epi32(abef, 0x1b);		/* F E B A */
	cdgh = _mm_shuffle_epi32(cdgh, 0xb1);		/* D C H G */
	_mm_storeu_si128((__m128i *)&st[0], _mm_blend_epi16(t, cdgh, 0xf0));	/* D C B A */
	_mm_storeu_si128((__m128i *)&st[4], _mm_alignr_epi8(cdgh, t, 8));	/* H G F E */
}

kx_sha256_blocks_fn *kx_sha256_accel(const char **name)
{
	unsigned int a, b, c, d;

	/* SHA256RNDS2 and friends, plus PSHUFB (SSSE3) and PBLENDW (SSE4.1)
	 * for the byte order and the state layout. */
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return NULL;
	if ((c & (LEAF1_ECX_SSSE3 | LEAF1_ECX_SSE4_1)) !=
	    (LEAF1_ECX_SSSE3 | LEAF1_ECX_SSE4_1))
		return NULL;
	/* __get_cpuid_count fails if leaf 7 is above the maximum leaf. */
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || !(b & LEAF7_EBX_SHA))
		return NULL;
	if (name)
		*name = "sha-ni";
	return sha256_ni_blocks;
}
