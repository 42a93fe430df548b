/* SPDX-License-Identifier: MIT */
/* fit.h - what dtb/fit.c shares with its hash functions and tests. */
#ifndef KX_FIT_H
#define KX_FIT_H

#include <stddef.h>
#include <stdint.h>

/* fit.c: property name of node as a string (NUL-terminated inside the
 * property), or NULL. */
const char *kx_fit_str(const void *t, int node, const char *name);

/* sha1.c: the SHA-1 digest of n bytes. */
void kx_sha1(const void *data, size_t n, unsigned char out[20]);

/* fit.c: does the hash node's "algo" (crc32, sha1, sha256) over the n
 * bytes give "value"?  1 yes, 0 no, -ENOTSUP for another algorithm,
 * -EINVAL for a value of the wrong length. */
int kx_fit_hash_matches(const char *algo, const void *data, size_t n, const void *value,
			int vlen);

/* fit_sig.c: the regions of the FIT (file offsets, in order) that
 * configuration conf's signature node sig covers, as U-Boot's verifier
 * takes them; their count (at most max), or -EINVAL with why. */
struct kx_fit_region {
	uint32_t off, size;
};
int kx_fit_sig_regions(const void *fit, int conf, int sig, struct kx_fit_region *r, int max,
		       char *why, size_t whylen);

/* fit_rsa.c: does sig (siglen bytes) sign hash (SHA-256) with the RSA
 * key node key of the key tree keys?  PKCS#1 v1.5, or EMSA-PSS when pss.
 * 1 yes, 0 no (why says so), -EINVAL for a node that is no RSA key. */
int kx_fit_rsa_verify(const void *keys, int key, int pss, const unsigned char hash[32],
		      const void *sig, int siglen, char *why, size_t whylen);

/* fit_ecdsa.c: does sig (r and s, 64 bytes) sign hash (SHA-256) with the
 * P-256 key node key of the key tree keys?  1 yes, 0 no (why says so),
 * -EINVAL for a node that is no P-256 key. */
int kx_fit_ecdsa_verify(const void *keys, int key, const unsigned char hash[32],
			const void *sig, int siglen, char *why, size_t whylen);

/* An image a configuration uses, for its signatures: its node and data;
 * signed_by (vlen bytes) gets the signature and key that verified it. */
struct kx_fit_img {
	int node;
	const unsigned char *data;
	size_t len;
	char *signed_by;
	size_t vlen;
	int hashed;                 /* sha256 holds the data's digest */
	unsigned char sha256[32];
};

/* fit_verify.c (fit_verify_none.c): the signatures of configuration conf
 * and of its nimg images against the key tree in keys_path (--fit-keys),
 * with U-Boot's required-key policy; verdict says which signature and key
 * verified the configuration ("" when only its images were).  0, or
 * -errno recorded. */
struct kx_ctx;
int kx_fit_verify(struct kx_ctx *ctx, const char *path, const void *fit, int conf,
		  struct kx_fit_img *img, int nimg, const char *keys_path, char *verdict,
		  size_t vlen);

#endif
