/* SPDX-License-Identifier: MIT */
/*
 * fitsig.c - a FIT's signatures, in a build with CONFIG_FIT_SIGNATURE: the
 * input is a key tree and a FIT, [the tree's length, 2 bytes little-endian]
 * [key tree][FIT], and the FIT is planned as --fit-keys naming that tree
 * would have it: the key nodes (RSA, ECDSA), U-Boot's required-key policy,
 * the regions a signature covers (hashed-nodes, hashed-strings), each
 * signature's check.  The seeds are FITs mkimage signed with keys made at
 * build time (seeds.py), so the checks past a good signature are reached.
 */
#include <stdio.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kx_opts o = { .cmdline = "console=ttyAMA0" };
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	char keys[512];
	size_t n;

	if (size < 2)
		return 0;
	n = data[0] | (size_t)data[1] << 8;
	if (n > size - 2)
		return 0;
	fz_ctx(&ctx, &sys, &rec);
	snprintf(keys, sizeof(keys), "%s", fz_file("boot/keys.dtb", data + 2, n));
	o.fit_keys = keys;
	o.kernel = fz_file("boot/kernel", data + 2 + n, size - 2 - n);
	fz_plan(&ctx, &o, "fitsig");
	return 0;
}
