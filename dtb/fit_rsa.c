/* SPDX-License-Identifier: MIT */
/*
 * fit_rsa.c - an RSA signature over a FIT's hash, checked with a key node
 * of a U-Boot key tree (/signature/key-NAME, as mkimage -K writes it:
 * "rsa,modulus" big-endian bytes, "rsa,exponent" a 64-bit number,
 * "rsa,num-bits"), the way U-Boot's rsa_verify does (lib/rsa/): s^e mod n
 * by BearSSL's i31 engine, then the whole encoded message compared with
 * the expected one.  PKCS#1 v1.5 (RFC 8017 9.2): 00 01, FF bytes, 00, the
 * DigestInfo with its NULL parameters, the hash; a signer that leaves the
 * NULL out is refused, as U-Boot refuses it.  EMSA-PSS (RFC 8017 9.1.2),
 * MGF1 with the same hash, a salt of any length (mkimage with OpenSSL 3
 * writes the longest).
 * SHA-256 only, so far.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include <bearssl_rsa.h>
#include "internal.h"
#include "sha256.h"
#include "fit.h"

#define RSA_MAX 512 /* 4096 bits: U-Boot's and BearSSL's limit */

static const unsigned char sha256_info[19] = {
	0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
};

/* RFC 8017 B.2.1 with SHA-256: len bytes of mask from seed, xored into out. */
static void mgf1_xor(unsigned char *out, size_t len, const unsigned char seed[32])
{
	unsigned char in[36], t[32];
	uint32_t c;
	size_t i, j;

	memcpy(in, seed, 32);
	for (c = 0, i = 0; i < len; c++) {
		in[32] = (unsigned char)(c >> 24), in[33] = (unsigned char)(c >> 16);
		in[34] = (unsigned char)(c >> 8), in[35] = (unsigned char)c;
		kx_sha256(in, sizeof(in), t);
		for (j = 0; j < 32 && i < len; j++)
			out[i++] ^= t[j];
	}
}

static int pss_ok(unsigned char *em, size_t k, const unsigned char hash[32])
{
	size_t db = k - 32 - 1, i;
	unsigned char m[8 + 32 + RSA_MAX] = { 0 }, h[32];

	if (em[k - 1] != 0xbc || (em[0] & 0x80))
		return 0;
	mgf1_xor(em, db, em + db);
	em[0] &= 0x7f;
	for (i = 0; i < db && !em[i]; i++)
		;
	if (i == db || em[i] != 0x01)
		return 0;
	i++;
	/* M' = 8 zero bytes, the hash, the salt */
	memcpy(m + 8, hash, 32);
	memcpy(m + 40, em + i, db - i);
	kx_sha256(m, 40 + db - i, h);
	return !memcmp(h, em + db, 32);
}

static int pkcs1_ok(const unsigned char *em, size_t k, const unsigned char hash[32])
{
	size_t t = sizeof(sha256_info) + 32, i;

	if (k < t + 11 || em[0] || em[1] != 1 || em[k - t - 1])
		return 0;
	for (i = 2; i < k - t - 1; i++)
		if (em[i] != 0xff)
			return 0;
	return !memcmp(em + k - t, sha256_info, sizeof(sha256_info)) &&
	       !memcmp(em + k - 32, hash, 32);
}

int kx_fit_rsa_verify(const void *keys, int key, int pss, const unsigned char hash[32],
		      const void *sig, int siglen, char *why, size_t whylen)
{
	const unsigned char *n, *e;
	unsigned char em[RSA_MAX], one[8] = { 0, 0, 0, 0, 0, 1, 0, 1 };
	br_rsa_public_key pk;
	const fdt32_t *bits;
	int nlen, elen, blen;

	n = fdt_getprop(keys, key, "rsa,modulus", &nlen);
	e = fdt_getprop(keys, key, "rsa,exponent", &elen);
	bits = fdt_getprop(keys, key, "rsa,num-bits", &blen);
	if (!n || !bits || blen != 4 || nlen <= 0 || nlen > RSA_MAX ||
	    fdt32_ld(bits) != 8u * (uint32_t)nlen)
		return kx_no(why, whylen, "key %s: no RSA key (rsa,modulus, rsa,num-bits)",
			     fdt_get_name(keys, key, NULL)), -EINVAL;
	if (siglen != nlen)
		return kx_no(why, whylen, "a %d-byte signature for a %d-bit key", siglen,
			     8 * nlen), 0;
	pk = (br_rsa_public_key){ (unsigned char *)n, (size_t)nlen,
				  e && elen == 8 ? (unsigned char *)e : one, 8 };
	memcpy(em, sig, (size_t)nlen);
	if (!br_rsa_i31_public(em, (size_t)nlen, &pk))
		return kx_no(why, whylen, "the signature is not below %s's modulus",
			     fdt_get_name(keys, key, NULL)), 0;
	if (pss ? pss_ok(em, (size_t)nlen, hash) : pkcs1_ok(em, (size_t)nlen, hash))
		return 1;
	return kx_no(why, whylen, "the signature does not match with key %s",
		     fdt_get_name(keys, key, NULL)), 0;
}
