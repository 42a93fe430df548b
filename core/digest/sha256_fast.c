/* SPDX-License-Identifier: MIT */
/*
 * sha256_fast.c - the loader's SHA-256 entry points (FIPS 180-4 via
 * core/purgatory/sha256.c): the same digest, with the fastest block function this
 * CPU offers (kx_sha256_accel), probed once.
 */
#include <stddef.h>
#include <stdint.h>
#include "sha256.h"

/* The loader is single threaded; a second probe would give the same
 * answer anyway. */
static kx_sha256_blocks_fn *fast_blocks;
static const char *fast_name;

static kx_sha256_blocks_fn *pick(void)
{
	if (!fast_blocks) {
		const char *name = NULL;
		kx_sha256_blocks_fn *fn = kx_sha256_accel(&name);

		if (fn) {
			fast_name = name ? name : "accel";
			fast_blocks = fn;
		} else {
			fast_name = "generic";
			fast_blocks = kx_sha256_blocks_generic;
		}
	}
	return fast_blocks;
}

void kx_sha256_init_fast(struct kx_sha256 *s)
{
	kx_sha256_init_blocks(s, pick());
}

void kx_sha256(const void *p, size_t n, unsigned char out[32])
{
	struct kx_sha256 s;

	kx_sha256_init_fast(&s);
	kx_sha256_update(&s, p, n);
	kx_sha256_final(&s, out);
}

const char *kx_sha256_impl(void)
{
	pick();
	return fast_name;
}
