/* SPDX-License-Identifier: MIT */
/*
 * purgatory_test.h - what the tests that run a purgatory blob's check
 * share (test_x86_purgatory.c on the host, arm64/qemu_purgatory.c under
 * qemu-aarch64, which links nothing but libc): a region of the parameter
 * block, and a digest from its hex text.
 */
#ifndef KX_PURGATORY_TEST_H
#define KX_PURGATORY_TEST_H

#include <stdint.h>
#include <stdlib.h>
#include "purgatory.h"

static inline void set_region(struct kx_purg_params *pp, unsigned i, const void *p, size_t n)
{
	pp->region[i].start = (uint64_t)(uintptr_t)p;
	pp->region[i].len = n;
}

static inline void hex(unsigned char out[32], const char *s)
{
	unsigned i;

	for (i = 0; i < 32; i++) {
		char b[3] = { s[2 * i], s[2 * i + 1], 0 };

		out[i] = (unsigned char)strtoul(b, NULL, 16);
	}
}

#endif
