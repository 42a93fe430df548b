/* SPDX-License-Identifier: MIT */
/*
 * decompress.c - the bounded codecs (core/plan/decompress.h) on fuzzed
 * streams: gzip, zstd, xz by the first byte's low bits, the head alone or
 * the whole, the cap small (a bomb is a finding only if it passes it).
 */
#include <stdlib.h>
#include "fuzz.h"
#include "decompress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const codec[4] = { "gzip", "zstd22", "xzkern", "lz4" };
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	struct kx_dec d = { .what = "fuzz" };
	unsigned char *out = NULL;
	size_t outlen = 0;

	if (size < 1)
		return 0;
	fz_ctx(&ctx, &sys, &rec);
	d.in = data + 1;
	d.n = size - 1;
	d.head = !!(data[0] & 4);
	d.cap = data[0] & 8 ? 4096 : 1u << 20;
	d.declared_by = data[0] & 16 ? "bzImage" : NULL;
	if (kx_decompress(&ctx, &d, codec[data[0] & 3], &out, &outlen) == 0) {
		/* The contract: never past the cap, a head no longer than one. */
		if (outlen > d.cap || (d.head && outlen > KX_HEAD_BYTES))
			abort();
		free(out);
	}
	return 0;
}
