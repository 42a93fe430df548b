/* SPDX-License-Identifier: MIT */
/*
 * decompress.h - compressed payloads by codec name (an EFI zboot header
 * names its codec).  Every codec keeps kx_gunzip's contract: the output
 * never exceeds cap, a size the stream declares above cap is refused
 * before anything is allocated, and a truncated stream or other data after
 * it is an error naming `what`.  On success *out (malloc'ed) and *outlen
 * are set; on failure they are left alone.  A codec left out of the build
 * is its _none file, which refuses naming the Kconfig option.
 *
 * Callers take the cap from kx_gunzip_cap for every codec: deflate's
 * 1032:1 ratio bound is no limit of zstd or xz, but a kernel compresses
 * some 4:1 and nothing bootable comes near it.
 */
#ifndef KX_DECOMPRESS_H
#define KX_DECOMPRESS_H

#include "internal.h"

typedef int kx_decompress_fn(struct kx_ctx *ctx, const char *what, const unsigned char *in,
			     size_t n, size_t cap, unsigned char **out, size_t *outlen);

/* decompress.c: with the codec whose name starts `codec` ("gzip", and
 * zboot's "zstd22", "xzkern"), or a refusal.  codec comes last: the
 * other arguments pass through to the codec as they are. */
int kx_decompress(struct kx_ctx *ctx, const char *what, const unsigned char *in,
		  size_t n, size_t cap, unsigned char **out, size_t *outlen,
		  const char *codec);

/* decompress.c: kx_decompress with kx_gunzip_cap's cap, into memory the
 * plan owns (a segment may point into it): what a format needs for a
 * compressed payload inside its file. */
int kx_plan_decompress(struct kx_ctx *ctx, struct kx_plan *p, const char *what,
		       const unsigned char *in, size_t n, const char *codec,
		       const unsigned char **out, size_t *outlen);

kx_decompress_fn kx_unzstd; /* decompress_zstd.c or decompress_zstd_none.c */
kx_decompress_fn kx_unxz;   /* decompress_xz.c or decompress_xz_none.c */
/* decompress.c, for the _none files: "what: this kexec was built without
 * CONFIG_DECOMPRESS_<option>", one message for all of them. */
int kx_codec_off(struct kx_ctx *ctx, const char *what, const char *option);

/* decompress.c, for the codecs' streaming loops: an output buffer that
 * grows up to cap + 1 bytes (the extra byte lets a stream of exactly cap
 * bytes end, and shows one that does not). */
struct kx_outbuf {
	unsigned char *buf;
	size_t used, size, cap;
};
/* Room for more output: the first call allocates hint bytes (64 KiB if
 * 0), later ones double.  0, or -EFBIG/-ENOMEM (message set, buffer freed). */
int kx_outbuf_grow(struct kx_ctx *ctx, const char *what, struct kx_outbuf *o, size_t hint);
/* A stream ended after `used` input bytes: check the cap and what follows
 * (nothing, or the le32 output size the kernel's build appends to zstd and
 * xz payloads), then hand the buffer over.  0 or -errno (buffer freed). */
int kx_outbuf_done(struct kx_ctx *ctx, const char *what, const char *codec, struct kx_outbuf *o,
		   const unsigned char *in, size_t n, size_t used,
		   unsigned char **out, size_t *outlen);

#endif
