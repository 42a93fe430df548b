/* SPDX-License-Identifier: MIT */
/*
 * decompress.c - the codec table: the payload's codec name picks the
 * function.  A codec left out of the build is its _none file, so the table
 * is always whole and a refusal names the missing Kconfig option.  The
 * helpers below serve the streaming codecs (zstd, xz); with only gzip
 * built nothing calls them and --gc-sections drops them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "decompress.h"
#include "le.h"

/* zboot names the kernel's method, "zstd22" (zstd -22) or "xzkern" (xz
 * with the kernel's filters): the format is the start of the name. */
static const char names[][5] = { "gzip", "zstd", "xz" };

int kx_decompress(struct kx_ctx *ctx, const char *what, const unsigned char *in,
		  size_t n, size_t cap, unsigned char **out, size_t *outlen,
		  const char *codec)
{
	size_t i;

	for (i = 0; i < KX_ARRAY_SIZE(names); i++) {
		const char *c = codec, *p = names[i];

		/* No libc call in the loop: nothing to save across it. */
		while (*p && *p == *c)
			p++, c++;
		if (!*p)
			break;
	}
	/* Direct calls cost less than a table of function pointers. */
	switch (i) {
	case 0:
		return kx_gunzip(ctx, what, in, n, cap, out, outlen);
	case 1:
		return kx_unzstd(ctx, what, in, n, cap, out, outlen);
	case 2:
		return kx_unxz(ctx, what, in, n, cap, out, outlen);
	}
	return kx_fail(ctx, -ENOTSUP, "%s: no decompressor for it", what);
}

int kx_plan_decompress(struct kx_ctx *ctx, struct kx_plan *p, const char *what,
		       const unsigned char *in, size_t n, const char *codec,
		       const unsigned char **out, size_t *outlen)
{
	unsigned char *buf;
	int rc = kx_decompress(ctx, what, in, n, kx_gunzip_cap(ctx, n), &buf, outlen, codec);

	if (rc)
		return rc;
	if (kx_plan_adopt(p, buf)) {
		free(buf);
		return kx_fail(ctx, -ENOMEM, "%s: out of memory", what);
	}
	*out = buf;
	return 0;
}

int kx_codec_off(struct kx_ctx *ctx, const char *what, const char *option)
{
	return kx_fail(ctx, -ENOTSUP, "%s: this kexec was built without CONFIG_DECOMPRESS_%s", what, option);
}

static int beyond(struct kx_ctx *ctx, const char *what, struct kx_outbuf *o)
{
	free(o->buf);
	return kx_fail(ctx, -EFBIG, "%s: decompresses beyond the %zu-byte limit (a decompression bomb?)",
		       what, o->cap);
}

int kx_outbuf_grow(struct kx_ctx *ctx, const char *what, struct kx_outbuf *o, size_t hint)
{
	size_t limit = o->cap + 1, size = o->buf ? o->size * 2 : (hint ? hint : 65536);
	unsigned char *nb;

	if (o->size >= limit)
		return beyond(ctx, what, o);
	if (size > limit || size < o->size)
		size = limit;
	nb = realloc(o->buf, size);
	if (!nb) {
		free(o->buf);
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing %zu bytes", what, size);
	}
	o->buf = nb;
	o->size = size;
	return 0;
}

int kx_outbuf_done(struct kx_ctx *ctx, const char *what, const char *codec, struct kx_outbuf *o,
		   const unsigned char *in, size_t n, size_t used,
		   unsigned char **out, size_t *outlen)
{
	size_t left = n - used;

	if (o->used > o->cap)
		return beyond(ctx, what, o);
	/* scripts/Makefile.lib's size_append: the first zboot kernels count
	 * it in the header's payload size, later ones leave it out. */
	if (left && (left != 4 || kx_get32(in + used) != (uint32_t)o->used)) {
		free(o->buf);
		return kx_fail(ctx, -EINVAL, "%s: %zu bytes of other data after the %s stream",
			       what, left, codec);
	}
	*out = o->buf;
	*outlen = o->used;
	return 0;
}
