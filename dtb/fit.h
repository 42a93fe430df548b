/* SPDX-License-Identifier: MIT */
/* fit.h - what dtb/fit.c shares with its hash functions and tests. */
#ifndef KX_FIT_H
#define KX_FIT_H

#include <stddef.h>
#include <stdint.h>

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

#endif
