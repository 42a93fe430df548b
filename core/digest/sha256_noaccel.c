/* SPDX-License-Identifier: MIT */
/*
 * sha256_noaccel.c - kx_sha256_accel for architectures without a hardware
 * SHA-256 path: there is none, so the loader uses the portable FIPS 180-4
 * code of core/purgatory/sha256.c.  The build links this file or an arch one.
 */
#include <stddef.h>
#include "sha256.h"

kx_sha256_blocks_fn *kx_sha256_accel(const char **name)
{
	(void)name;
	return NULL;
}
