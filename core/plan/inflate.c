/* SPDX-License-Identifier: MIT */
/*
 * inflate.c - gzip (RFC 1952) through zlib's inflate, bounded
 * (decompress.h): the output may not exceed a cap, and a trailer that
 * already claims more than the cap is refused before anything is
 * allocated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "decompress.h"

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

int kx_gunzip(struct kx_ctx *ctx, const struct kx_dec *d, unsigned char **out, size_t *outlen)
{
	const unsigned char *in = d->in;
	struct kx_outbuf o = { .d = d };
	size_t n = d->n, isize, hint = 0;
	char lim[96];
	z_stream zs;
	int zr, rc;

	if (!kx_is_gzip(in, n))
		return kx_fail(ctx, -EINVAL, "%s: not gzip data", d->what);
	/* ISIZE (the size mod 2^32) sizes the buffer when plausible. */
	isize = (size_t)in[n - 4] | (size_t)in[n - 3] << 8 |
		(size_t)in[n - 2] << 16 | (size_t)in[n - 1] << 24;
	if (isize > d->cap)
		return kx_fail(ctx, -EFBIG,
			       "%s: gzip trailer says it inflates to %zu bytes, above %s"
			       " (a decompression bomb, or a truncated file)",
			       d->what, isize, kx_dec_limit(d, lim));
	if (!d->head && isize)
		hint = isize + 1; /* +1 so that a short ISIZE shows */
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return kx_fail(ctx, -ENOMEM, "%s: cannot start inflate", d->what);
	zs.next_in = (unsigned char *)in;
more:
	do {
		if (o.used == o.size && (rc = kx_outbuf_grow(ctx, &o, hint))) {
			inflateEnd(&zs);
			return rc;
		}
		/* zlib counts in uInt: feed at most 1 GiB per call. */
		zs.avail_in =
			(uInt)((n - zs.total_in) > (1u << 30) ? (1u << 30) : (n - zs.total_in));
		zs.next_out = o.buf + o.used;
		zs.avail_out =
			(uInt)((o.size - o.used) > (1u << 30) ? (1u << 30) : (o.size - o.used));
		zr = inflate(&zs, Z_NO_FLUSH);
		o.used = zs.total_out;
	} while (!kx_outbuf_full(&o) &&
		 (zr == Z_OK || (zr == Z_BUF_ERROR && zs.avail_out == 0 && zs.total_in < n)));
	if (zr == Z_STREAM_END && !kx_outbuf_full(&o) &&
	    more_members(in + zs.total_in, n - zs.total_in)) {
		/* RFC 1952: a file may hold several members, one after the other. */
		uint64_t consumed = zs.total_in;

		inflateReset(&zs);
		zs.total_in = consumed;
		zs.total_out = o.used;
		zr = Z_OK;
		goto more;
	}
	inflateEnd(&zs);
	if (zr == Z_STREAM_END || kx_outbuf_full(&o)) {
		if (!d->head && !all_zero(in + zs.total_in, n - zs.total_in))
			kx_dbg(ctx, "%s: %zu bytes after the gzip data ignored", d->what,
			       (size_t)(n - zs.total_in));
		/* What follows a gzip stream is ignored (padding), unlike zstd's. */
		return kx_outbuf_done(ctx, "gzip", &o, n, out, outlen);
	}
	free(o.buf);
	if (zr == Z_BUF_ERROR)
		return kx_fail(ctx, -EINVAL, "%s: gzip data truncated after %zu bytes of output",
			       d->what, o.used);
	return kx_fail(ctx, -EINVAL, "%s: corrupt gzip data (%s)", d->what,
		       zs.msg ? zs.msg : "inflate error");
}
