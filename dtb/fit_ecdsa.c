/* SPDX-License-Identifier: MIT */
/*
 * fit_ecdsa.c - an ECDSA P-256 signature over a FIT's hash, checked with a
 * key node of a U-Boot key tree (lib/ecdsa/ in U-Boot: "ecdsa,curve" =
 * "prime256v1", "ecdsa,x-point" and "ecdsa,y-point" 32 big-endian bytes
 * each), the signature being r and s as 32 big-endian bytes each, as
 * mkimage writes it.  BearSSL's generic prime-curve code (ec_prime_i31)
 * does the arithmetic: 4 KiB smaller than its P-256-only one, and one
 * signature per boot does not need the speed.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include <bearssl_ec.h>
#include "internal.h"
#include "fit.h"

int kx_fit_ecdsa_verify(const void *keys, int key, const unsigned char hash[32],
			const void *sig, int siglen, char *why, size_t whylen)
{
	const char *curve = kx_fit_str(keys, key, "ecdsa,curve");
	const void *x, *y;
	unsigned char q[65];
	br_ec_public_key pk = { BR_EC_secp256r1, q, sizeof(q) };
	int xlen, ylen;

	x = fdt_getprop(keys, key, "ecdsa,x-point", &xlen);
	y = fdt_getprop(keys, key, "ecdsa,y-point", &ylen);
	if (!curve || strcmp(curve, "prime256v1") || !x || !y || xlen != 32 || ylen != 32)
		return kx_no(why, whylen, "key %s: no P-256 key (ecdsa,curve \"prime256v1\", "
					  "ecdsa,x-point, ecdsa,y-point)",
			     fdt_get_name(keys, key, NULL)), -EINVAL;
	if (siglen != 64)
		return kx_no(why, whylen, "a %d-byte signature for a P-256 key (r and s: 64)",
			     siglen), 0;
	q[0] = 0x04; /* uncompressed point */
	memcpy(q + 1, x, 32);
	memcpy(q + 33, y, 32);
	if (br_ecdsa_i31_vrfy_raw(&br_ec_prime_i31, hash, 32, &pk, sig, 64))
		return 1;
	return kx_no(why, whylen, "the signature does not match with key %s",
		     fdt_get_name(keys, key, NULL)), 0;
}
