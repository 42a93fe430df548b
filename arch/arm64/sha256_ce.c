/* SPDX-License-Identifier: MIT */
/*
 * sha256_ce.c - kx_sha256_accel for arm64: the SHA-256 block function
 * (FIPS 180-4 6.2.2) on the ARMv8 Cryptographic Extension (SHA256H,
 * SHA256H2, SHA256SU0, SHA256SU1), used only when the kernel reports it
 * (AT_HWCAP HWCAP_SHA2).  The BCM2711 (Raspberry Pi 4) has none: there the
 * portable code of core/purgatory/sha256.c runs.
 *
 * The unit tests compile arch/arm64 with the host compiler; on a host that
 * is not arm64 this file offers no accelerated function.
 */
#include <stddef.h>
#include <stdint.h>
#include "sha256.h"

#if defined(__aarch64__)
#include <arm_neon.h>
#include <sys/auxv.h>

#ifndef HWCAP_SHA2
#define HWCAP_SHA2 (1UL << 6) /* arch/arm64/include/uapi/asm/hwcap.h */
#endif

/* Only this function uses the extension; the rest of the loader stays
 * baseline ARMv8-A. */
__attribute__((target("+crypto")))
static void sha256_ce_blocks(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	uint32x4_t abcd = vld1q_u32(&h[0]), efgh = vld1q_u32(&h[4]);

	while (nblocks--) {
		uint32x4_t abcd0 = abcd, efgh0 = efgh, m[4], wk, t;
		int i;

		/* The message words are big-endian. */
		for (i = 0; i < 4; i++)
			m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16 * i)));
		/* Sixteen groups of four rounds; m[i % 4] holds W[4i..4i+3],
		 * and is replaced by W[4i+16..4i+19] once used. */
		for (i = 0; i < 16; i++) {
			wk = vaddq_u32(m[i & 3], vld1q_u32(&kx_sha256_k[4 * i]));
			if (i < 12)
				m[i & 3] =
					vsha256su1q_u32(vsha256su0q_u32(m[i & 3], m[(i + 1) & 3]),
							m[(i + 2) & 3], m[(i + 3) & 3]);
			t = abcd;
			abcd = vsha256hq_u32(abcd, efgh, wk);
			efgh = vsha256h2q_u32(efgh, t, wk);
		}
		abcd = vaddq_u32(abcd, abcd0);
		efgh = vaddq_u32(efgh, efgh0);
		p += 64;
	}
	vst1q_u32(&h[0], abcd);
	vst1q_u32(&h[4], efgh);
}

kx_sha256_blocks_fn *kx_sha256_accel(const char **name)
{
	if (!(getauxval(AT_HWCAP) & HWCAP_SHA2))
		return NULL;
	if (name)
		*name = "armv8-ce";
	return sha256_ce_blocks;
}
#else
kx_sha256_blocks_fn *kx_sha256_accel(const char **name)
{
	(void)name;
	return NULL;
}
#endif
