/* SPDX-License-Identifier: MIT */
/*
 * decompress.c - the codec table (the payload's codec name picks the
 * function), the two steps of a compressed kernel (head, then the whole
 * bounded by what the head declares), and the output buffer the codecs
 * share.  A codec left out of the build is its _none file, so the table
 * is always whole and a refusal names the missing Kconfig option.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "decompress.h"
#include "le.h"

/* zboot names the kernel's method, "zstd22" (zstd -22) or "xzkern" (xz
 * with the kernel's filters): the format is the start of the name. */
static const char names[][5] = { "gzip", "zstd", "xz" };

int kx_decompress(struct kx_ctx *ctx, const struct kx_dec *d, const char *codec,
		  unsigned char **out, size_t *outlen)
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
		return kx_gunzip(ctx, d, out, outlen);
	case 1:
		return kx_unzstd(ctx, d, out, outlen);
	case 2:
		return kx_unxz(ctx, d, out, outlen);
	}
	return kx_fail(ctx, -ENOTSUP, "%s: no decompressor for it", d->what);
}

int kx_unpack_head(struct kx_ctx *ctx, const char *what, const unsigned char *in, size_t n,
		   const char *codec, unsigned char **head, size_t *len)
{
	struct kx_dec d = {
		.what = what, .in = in, .n = n, .cap = kx_gunzip_cap(ctx, n), .head = 1
	};

	return kx_decompress(ctx, &d, codec, head, len);
}

int kx_plan_unpack(struct kx_ctx *ctx, struct kx_plan *p, const char *what,
		   const unsigned char *in, size_t n, const char *codec, uint64_t whole,
		   const char *by, const unsigned char **out, size_t *outlen)
{
	struct kx_dec d = { .what = what, .in = in, .n = n, .cap = kx_gunzip_cap(ctx, n) };
	unsigned char *buf;
	int rc;

	if (whole && whole <= d.cap) {
		d.cap = (size_t)whole;
		d.declared_by = by;
	}
	rc = kx_decompress(ctx, &d, codec, &buf, outlen);
	if (rc)
		return rc;
	if (kx_plan_adopt(p, buf)) {
		free(buf);
		return kx_fail(ctx, -ENOMEM, "%s: out of memory", what);
	}
	*out = buf;
	return 0;
}

int kx_plan_unpack_as(struct kx_ctx *ctx, struct kx_plan *p, const char *what,
		      const unsigned char *in, size_t n, const char *codec,
		      const struct kx_format *f, const unsigned char **out, size_t *outlen)
{
	unsigned char *head;
	uint64_t whole;
	size_t len;
	char why[192];
	int rc = kx_unpack_head(ctx, what, in, n, codec, &head, &len);

	if (rc)
		return rc;
	rc = f->head(f, head, len, &whole, why, sizeof(why));
	free(head);
	if (rc)
		return kx_fail(ctx, rc, "%s: the payload as %s: %s", what, f->name, why);
	return kx_plan_unpack(ctx, p, what, in, n, codec, whole, f->name, out, outlen);
}

int kx_codec_off(struct kx_ctx *ctx, const char *what, const char *option)
{
	return kx_fail(ctx, -ENOTSUP, "%s: this kexec was built without CONFIG_DECOMPRESS_%s", what,
		       option);
}

const char *kx_dec_limit(const struct kx_dec *d, char buf[96])
{
	if (d->declared_by)
		kx_snprintf(buf, 96, "the %zu bytes its %s header declares", d->cap,
			    d->declared_by);
	else
		kx_snprintf(buf, 96, "the %zu-byte limit", d->cap);
	return buf;
}

static int beyond(struct kx_ctx *ctx, struct kx_outbuf *o)
{
	char lim[96];

	free(o->buf);
	return kx_fail(ctx, -EFBIG, "%s: decompresses beyond %s%s", o->d->what,
		       kx_dec_limit(o->d, lim),
		       o->d->declared_by ? "" : " (a decompression bomb?)");
}

/* The most bytes the buffer holds: one more than cap (to see a stream
 * run past it), or for a head its size. */
static size_t room(const struct kx_dec *d)
{
	if (!d->head)
		return d->cap + 1;
	return d->cap < KX_HEAD_BYTES ? d->cap : KX_HEAD_BYTES;
}

int kx_outbuf_full(const struct kx_outbuf *o)
{
	return o->d->head && o->used == room(o->d);
}

int kx_outbuf_grow(struct kx_ctx *ctx, struct kx_outbuf *o, size_t hint)
{
	size_t limit = room(o->d), size = o->buf ? o->size * 2 : (hint ? hint : 65536);
	unsigned char *nb;

	if (o->size >= limit)
		return beyond(ctx, o);
	if (size > limit || size < o->size)
		size = limit;
	nb = realloc(o->buf, size);
	if (!nb) {
		free(o->buf);
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing %zu bytes",
			       o->d->what, size);
	}
	o->buf = nb;
	o->size = size;
	return 0;
}

int kx_outbuf_done(struct kx_ctx *ctx, const char *codec, struct kx_outbuf *o, size_t used,
		   unsigned char **out, size_t *outlen)
{
	size_t left = o->d->n - used;

	if (o->used > o->d->cap)
		return beyond(ctx, o);
	/* scripts/Makefile.lib's size_append: the first zboot kernels count
	 * it in the header's payload size, later ones leave it out. */
	if (!o->d->head && left && (left != 4 || kx_get32(o->d->in + used) != (uint32_t)o->used)) {
		free(o->buf);
		return kx_fail(ctx, -EINVAL, "%s: %zu bytes of other data after the %s stream",
			       o->d->what, left, codec);
	}
	*out = o->buf;
	*outlen = o->used;
	return 0;
}
