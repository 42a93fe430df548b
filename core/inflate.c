/* SPDX-License-Identifier: MIT */
/*
 * inflate.c - gzip (RFC 1952) through zlib's inflate, bounded: the output
 * may not exceed a cap, and a trailer that already claims more than the cap
 * is refused before anything is allocated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "internal.h"

#define GUNZIP_HARD_MAX (2ULL << 30) /* no kernel image is bigger */
#define DEFLATE_MAX_RATIO 1032       /* deflate cannot expand more */

size_t kx_gunzip_cap(struct kx_ctx *ctx, size_t in_size)
{
	uint64_t cap = GUNZIP_HARD_MAX, ratio = (uint64_t)in_size * DEFLATE_MAX_RATIO + 4096, kib;
	char text[8192];

	if (ratio < cap)
		cap = ratio;
	/* Never plan to use more than half of what the system can give. */
	if (kx_read_text(ctx, "/proc/meminfo", text, sizeof(text)) > 0 &&
	    kx_parse_key(text, "MemAvailable:", &kib) == 0 && kib * 512 < cap)
		cap = kib * 512;
	return (size_t)cap;
}

static int all_zero(const unsigned char *p, size_t n)
{
	while (n && !*p) {
		p++;
		n--;
	}
	return n == 0;
}

/* Another member follows (padding of zeros is not one). */
static int more_members(const unsigned char *p, size_t n)
{
	return n >= 18 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

int kx_gunzip(struct kx_ctx *ctx, const char *what, const unsigned char *in,
	      size_t n, size_t cap, unsigned char **out, size_t *outlen)
{
	size_t isize, size, used = 0;
	unsigned char *buf = NULL;
	z_stream zs;
	int zr;

	if (!kx_is_gzip(in, n))
		return kx_fail(ctx, -EINVAL, "%s: not gzip data", what);
	/* ISIZE (the size mod 2^32) sizes the buffer when plausible. */
	isize = (size_t)in[n - 4] | (size_t)in[n - 3] << 8 |
		(size_t)in[n - 2] << 16 | (size_t)in[n - 1] << 24;
	if (isize > cap)
		return kx_fail(ctx, -EFBIG, "%s: gzip trailer says it inflates to %zu bytes, above the %zu-byte limit"
			       " (a decompression bomb, or a truncated file)", what, isize, cap);
	size = isize ? isize + 1 : 65536; /* +1 so that a short ISIZE shows */
	if (size > cap)
		size = cap;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return kx_fail(ctx, -ENOMEM, "%s: cannot start inflate", what);
	zs.next_in = (unsigned char *)in;
more:
	do {
		if (used == size || !buf) {
			unsigned char *nb;

			if (buf) {
				if (size >= cap) {
					zr = Z_BUF_ERROR;
					goto over;
				}
				size = size > cap / 2 ? cap : size * 2;
			}
			nb = realloc(buf, size);
			if (!nb) {
				inflateEnd(&zs);
				free(buf);
				return kx_fail(ctx, -ENOMEM, "%s: out of memory inflating %zu bytes", what, size);
			}
			buf = nb;
		}
		/* zlib counts in uInt: feed at most 1 GiB per call. */
		zs.avail_in = (uInt)((n - zs.total_in) > (1u << 30) ? (1u << 30) : (n - zs.total_in));
		zs.next_out = buf + used;
		zs.avail_out = (uInt)((size - used) > (1u << 30) ? (1u << 30) : (size - used));
		zr = inflate(&zs, Z_NO_FLUSH);
		used = zs.total_out;
	} while (zr == Z_OK || (zr == Z_BUF_ERROR && zs.avail_out == 0 && zs.total_in < n));
	if (zr == Z_STREAM_END && more_members(in + zs.total_in, n - zs.total_in)) {
		/* RFC 1952: a file may hold several members, one after the other. */
		uint64_t consumed = zs.total_in;

		inflateReset(&zs);
		zs.total_in = consumed;
		zs.total_out = used;
		zr = Z_OK;
		goto more;
	}
	inflateEnd(&zs);
	if (zr == Z_STREAM_END) {
		if (!all_zero(in + zs.total_in, n - zs.total_in))
			kx_dbg(ctx, "%s: %zu bytes after the gzip data ignored", what, (size_t)(n - zs.total_in));
		*out = buf;
		*outlen = used;
		return 0;
	}
	free(buf);
	if (zr == Z_BUF_ERROR)
		return kx_fail(ctx, -EINVAL, "%s: gzip data truncated after %zu bytes of output", what, used);
	return kx_fail(ctx, -EINVAL, "%s: corrupt gzip data (%s)", what, zs.msg ? zs.msg : "inflate error");
over:
	inflateEnd(&zs);
	free(buf);
	return kx_fail(ctx, -EFBIG, "%s: inflates beyond the %zu-byte limit (a decompression bomb?)", what, cap);
}
