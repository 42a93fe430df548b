/* SPDX-License-Identifier: MIT */
/*
 * decompress_xz.c - xz through liblzma, bounded like kx_gunzip: the size
 * the stream's index declares (it sits at the end) is checked against the
 * cap before anything is allocated, the decoder runs under a memory limit,
 * and the output never grows past the cap either way.  One stream, then
 * nothing or the kernel's 4-byte size.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <lzma.h>
#include "decompress.h"

/* The decoder's own memory: the kernel's xz_wrap.sh (32 MiB dictionary)
 * needs 33 MiB, xz -9 65 MiB; a stream asking for more is refused. */
#define XZ_MEMLIMIT (96ULL << 20)
#define XZ_HDR LZMA_STREAM_HEADER_SIZE /* the footer has the same size */

/* The uncompressed size the index declares, if a stream ends at `end`
 * (footer, then the index before it).  0, or -1: no index found there. */
static int xz_declared(const unsigned char *in, size_t end, uint64_t *size)
{
	lzma_stream_flags f;
	lzma_index *idx = NULL;
	uint64_t mem = XZ_MEMLIMIT;
	size_t pos;

	if (end < 2 * XZ_HDR || lzma_stream_footer_decode(&f, in + end - XZ_HDR) != LZMA_OK ||
	    f.backward_size > end - 2 * XZ_HDR)
		return -1;
	pos = end - XZ_HDR - f.backward_size;
	if (lzma_index_buffer_decode(&idx, &mem, NULL, in, &pos, end - XZ_HDR) != LZMA_OK)
		return -1;
	*size = lzma_index_uncompressed_size(idx);
	lzma_index_end(idx, NULL);
	return 0;
}

static int xz_error(struct kx_ctx *ctx, const char *what, lzma_stream *s, lzma_ret lr, size_t used)
{
	switch (lr) {
	case LZMA_BUF_ERROR:
		return kx_fail(ctx, -EINVAL, "%s: xz data truncated after %zu bytes of output",
			       what, used);
	case LZMA_MEMLIMIT_ERROR:
		return kx_fail(ctx, -EFBIG, "%s: the xz stream needs %llu KiB to decompress, above "
					    "the %llu KiB this kexec allows",
			       what, (unsigned long long)lzma_memusage(s) >> 10, XZ_MEMLIMIT >> 10);
	case LZMA_MEM_ERROR:
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing xz", what);
	default:
		return kx_fail(ctx, -EINVAL,
			       "%s: corrupt or unsupported xz data (liblzma error %d)", what,
			       (int)lr);
	}
}

int kx_unxz(struct kx_ctx *ctx, const struct kx_dec *d, unsigned char **out, size_t *outlen)
{
	static const unsigned char magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	lzma_stream s = LZMA_STREAM_INIT;
	struct kx_outbuf o = { .d = d };
	uint64_t declared;
	size_t n = d->n, hint = 0;
	char lim[96];
	lzma_ret lr;
	int rc;

	if (n < sizeof(magic) || memcmp(d->in, magic, sizeof(magic)))
		return kx_fail(ctx, -EINVAL, "%s: not xz data", d->what);
	/* The stream ends the payload, or comes before the kernel's size. */
	if (!xz_declared(d->in, n, &declared) || (n > 4 && !xz_declared(d->in, n - 4, &declared))) {
		if (declared > d->cap)
			return kx_fail(ctx, -EFBIG,
				       "%s: the xz index says it decompresses to %llu bytes,"
				       " above %s (a decompression bomb?)",
				       d->what, (unsigned long long)declared, kx_dec_limit(d, lim));
		if (!d->head)
			hint = (size_t)declared + 1; /* +1: the end shows without a realloc */
	}
	if (lzma_stream_decoder(&s, XZ_MEMLIMIT, 0) != LZMA_OK)
		return kx_fail(ctx, -ENOMEM, "%s: cannot start xz", d->what);
	s.next_in = d->in;
	s.avail_in = n;
	do {
		if (o.used == o.size && (rc = kx_outbuf_grow(ctx, &o, hint)))
			goto out;
		s.next_out = o.buf + o.used;
		s.avail_out = o.size - o.used;
		/* With all input given, no progress twice is LZMA_BUF_ERROR. */
		lr = lzma_code(&s, LZMA_FINISH);
		o.used = o.size - s.avail_out;
	} while (lr == LZMA_OK && !kx_outbuf_full(&o));
	if (lr == LZMA_STREAM_END || kx_outbuf_full(&o)) {
		rc = kx_outbuf_done(ctx, "xz", &o, n - s.avail_in, out, outlen);
	} else {
		free(o.buf);
		rc = xz_error(ctx, d->what, &s, lr, o.used);
	}
out:
	lzma_end(&s);
	return rc;
}
