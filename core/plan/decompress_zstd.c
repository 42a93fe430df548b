/* SPDX-License-Identifier: MIT */
/*
 * decompress_zstd.c - zstd (RFC 8878) through libzstd, bounded like
 * kx_gunzip: a frame that declares a content size above the cap is
 * refused before anything is allocated, and the output never grows past
 * the cap either way (the kernel's "zstd -22" reads a pipe and declares no
 * size).  One frame, then nothing or the kernel's 4-byte size.
 */
#include <errno.h>
#include <stdlib.h>
#include <zstd.h>
#include <zstd_errors.h>
#include "decompress.h"
#include "le.h"

int kx_unzstd(struct kx_ctx *ctx, const struct kx_dec *d, unsigned char **out, size_t *outlen)
{
	unsigned long long declared = ZSTD_getFrameContentSize(d->in, d->n);
	struct kx_outbuf o = { .d = d };
	ZSTD_inBuffer zi = { d->in, d->n, 0 };
	ZSTD_outBuffer zo;
	ZSTD_DCtx *z;
	size_t r, hint = 0;
	char lim[96];
	int rc;

	if (d->n < 4 || kx_get32(d->in) != ZSTD_MAGICNUMBER)
		return kx_fail(ctx, -EINVAL, "%s: not zstd data", d->what);
	/* Neither UNKNOWN nor ERROR (the two largest values; ERROR here is a
	 * cut header, which the loop reports as truncated). */
	if (declared < ZSTD_CONTENTSIZE_ERROR) {
		if (declared > d->cap)
			return kx_fail(ctx, -EFBIG,
				       "%s: the zstd frame says it decompresses to %llu bytes,"
				       " above %s (a decompression bomb?)",
				       d->what, declared, kx_dec_limit(d, lim));
		if (!d->head)
			hint = (size_t)declared + 1; /* +1: the end shows without a realloc */
	}
	z = ZSTD_createDCtx();
	if (!z)
		return kx_fail(ctx, -ENOMEM, "%s: cannot start zstd", d->what);
	/* The window (the decoder's own buffer) stays under libzstd's
	 * default limit, 2^27 bytes (ZSTD_WINDOWLOG_LIMIT_DEFAULT): what
	 * "zstd -22" uses at most; ZSTD_decompressStream refuses more. */
	do {
		if (o.used == o.size && (rc = kx_outbuf_grow(ctx, &o, hint)))
			goto out;
		zo = (ZSTD_outBuffer){ o.buf, o.size, o.used };
		r = ZSTD_decompressStream(z, &zo, &zi);
		o.used = zo.pos;
		if (ZSTD_isError(r)) {
			free(o.buf);
			if (ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
				rc = kx_fail(ctx, -EFBIG,
					     "%s: the zstd frame needs a window above the 128 MiB"
					     " this kexec allows",
					     d->what);
			else
				rc = kx_fail(ctx, -EINVAL, "%s: corrupt zstd data (%s)", d->what,
					     ZSTD_getErrorName(r));
			goto out;
		}
		/* Input used up, room left, frame not done: cut short. */
		if (r && zi.pos == d->n && zo.pos < zo.size) {
			free(o.buf);
			rc = kx_fail(ctx, -EINVAL, "%s: zstd data truncated after %zu bytes of "
						   "output",
				     d->what, o.used);
			goto out;
		}
	} while (r && !kx_outbuf_full(&o));
	rc = kx_outbuf_done(ctx, "zstd", &o, zi.pos, out, outlen);
out:
	ZSTD_freeDCtx(z);
	return rc;
}
