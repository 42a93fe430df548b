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

int kx_unzstd(struct kx_ctx *ctx, const char *what, const unsigned char *in,
	      size_t n, size_t cap, unsigned char **out, size_t *outlen)
{
	unsigned long long declared = ZSTD_getFrameContentSize(in, n);
	struct kx_outbuf o = { .cap = cap };
	ZSTD_inBuffer zi = { in, n, 0 };
	ZSTD_outBuffer zo;
	ZSTD_DCtx *d;
	size_t r, hint = 0;
	int rc;

	if (n < 4 || kx_get32(in) != ZSTD_MAGICNUMBER)
		return kx_fail(ctx, -EINVAL, "%s: not zstd data", what);
	/* Neither UNKNOWN nor ERROR (the two largest values; ERROR here is a
	 * cut header, which the loop reports as truncated). */
	if (declared < ZSTD_CONTENTSIZE_ERROR) {
		if (declared > cap)
			return kx_fail(ctx, -EFBIG, "%s: the zstd frame says it decompresses to %llu bytes,"
				       " above the %zu-byte limit (a decompression bomb?)", what, declared, cap);
		hint = (size_t)declared + 1; /* +1: the end shows without a realloc */
	}
	d = ZSTD_createDCtx();
	if (!d)
		return kx_fail(ctx, -ENOMEM, "%s: cannot start zstd", what);
	/* The window (the decoder's own buffer) stays under libzstd's
	 * default limit, 2^27 bytes (ZSTD_WINDOWLOG_LIMIT_DEFAULT): what
	 * "zstd -22" uses at most; ZSTD_decompressStream refuses more. */
	do {
		if (o.used == o.size && (rc = kx_outbuf_grow(ctx, what, &o, hint)))
			goto out;
		zo = (ZSTD_outBuffer){ o.buf, o.size, o.used };
		r = ZSTD_decompressStream(d, &zo, &zi);
		o.used = zo.pos;
		if (ZSTD_isError(r)) {
			free(o.buf);
			if (ZSTD_getErrorCode(r) == ZSTD_error_frameParameter_windowTooLarge)
				rc = kx_fail(ctx, -EFBIG, "%s: the zstd frame needs a window above the 128 MiB"
					     " this kexec allows", what);
			else
				rc = kx_fail(ctx, -EINVAL, "%s: corrupt zstd data (%s)", what, ZSTD_getErrorName(r));
			goto out;
		}
		/* Input used up, room left, frame not done: cut short. */
		if (r && zi.pos == n && zo.pos < zo.size) {
			free(o.buf);
			rc = kx_fail(ctx, -EINVAL, "%s: zstd data truncated after %zu bytes of output",
				     what, o.used);
			goto out;
		}
	} while (r);
	rc = kx_outbuf_done(ctx, what, "zstd", &o, in, n, zi.pos, out, outlen);
out:
	ZSTD_freeDCtx(d);
	return rc;
}
