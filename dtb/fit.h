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

#endif
