/* SPDX-License-Identifier: MIT */
/*
 * decompress.h - compressed kernels and payloads (a gzip'ed Image, an EFI
 * zboot or uImage payload) by codec name, bounded.
 *
 * Every codec keeps one contract: the output never exceeds d->cap; a
 * size the stream declares above cap is refused before anything is
 * allocated; a truncated stream or other data after it is an error naming
 * d->what.  On success *out (malloc'ed) and *outlen are set; on failure
 * they are left alone.  A codec left out of the build is its _none file,
 * which refuses naming the Kconfig option.
 *
 * A compressed kernel is decompressed in two steps, so that a stream
 * that is no kernel costs KX_HEAD_BYTES and not its whole size: first its
 * head (d->head: the first KX_HEAD_BYTES, or all of a shorter stream; no
 * check of what follows), which the image format reads to say how big the
 * whole file is; then the whole, with cap at most that size (d->declared_by
 * names the format, for the message when the stream runs past it).
 */
#ifndef KX_DECOMPRESS_H
#define KX_DECOMPRESS_H

#include "internal.h"

/* Every header a format reads lies in the first 64 KiB of its file (the
 * bzImage setup header, the arm64 and riscv Image headers, the zImage
 * header, PE headers). */
#define KX_HEAD_BYTES (64u << 10)

struct kx_dec {
	const char *what;          /* names the payload in messages */
	const unsigned char *in;   /* the compressed bytes */
	size_t n;
	size_t cap;                /* the most bytes the whole may have */
	const char *declared_by;   /* cap is what this format's header
				      declares ("bzImage"); NULL: cap is
				      the memory limit (kx_gunzip_cap) */
	int head;                  /* only the first KX_HEAD_BYTES are wanted */
};

typedef int kx_decompress_fn(struct kx_ctx *ctx, const struct kx_dec *d,
			     unsigned char **out, size_t *outlen);

kx_decompress_fn kx_gunzip; /* inflate.c or inflate_none.c */
kx_decompress_fn kx_unzstd; /* decompress_zstd.c or decompress_zstd_none.c */
kx_decompress_fn kx_unxz;   /* decompress_xz.c or decompress_xz_none.c */

/* decompress.c: with the codec whose name starts `codec` ("gzip", and
 * zboot's "zstd22", "xzkern"), or a refusal. */
int kx_decompress(struct kx_ctx *ctx, const struct kx_dec *d, const char *codec,
		  unsigned char **out, size_t *outlen);

/* decompress.c: a compressed kernel (in, n) in its two steps.
 * kx_unpack_head: its first KX_HEAD_BYTES, malloc'ed (free it).
 * kx_plan_unpack: all of it, into memory the plan owns, at most `whole`
 * bytes as format `by` declares (whole 0: the header does not say; the
 * memory limit applies either way). */
int kx_unpack_head(struct kx_ctx *ctx, const char *what, const unsigned char *in, size_t n,
		   const char *codec, unsigned char **head, size_t *len);
int kx_plan_unpack(struct kx_ctx *ctx, struct kx_plan *p, const char *what,
		   const unsigned char *in, size_t n, const char *codec, uint64_t whole,
		   const char *by, const unsigned char **out, size_t *outlen);
/* Both steps for a payload that must be of format f (zboot: an arm64
 * Image): its head refused by f is an error naming `what`. */
int kx_plan_unpack_as(struct kx_ctx *ctx, struct kx_plan *p, const char *what,
		      const unsigned char *in, size_t n, const char *codec,
		      const struct kx_format *f, const unsigned char **out, size_t *outlen);

/* inflate.c: the memory limit of every codec's output for an input of
 * in_size bytes: 2 GiB, deflate's 1032:1, half of MemAvailable.  (Not a
 * ratio bound of zstd or xz, but a kernel compresses some 4:1 and nothing
 * bootable comes near it.) */
size_t kx_gunzip_cap(struct kx_ctx *ctx, size_t in_size);

/* decompress.c, for the _none files: "what: this kexec was built without
 * CONFIG_DECOMPRESS_<option>", one message for all of them. */
int kx_codec_off(struct kx_ctx *ctx, const char *what, const char *option);

/* decompress.c, for the codecs' messages: "the 1000-byte limit" or "the
 * 8245760 bytes its bzImage header declares", into buf. */
const char *kx_dec_limit(const struct kx_dec *d, char buf[96]);

/* decompress.c, for the codecs' streaming loops: an output buffer that
 * grows up to cap + 1 bytes (the extra byte lets a stream of exactly cap
 * bytes end, and shows one that does not), or to the head's size. */
struct kx_outbuf {
	unsigned char *buf;
	size_t used, size;
	const struct kx_dec *d;
};
/* Room for more output: the first call allocates hint bytes (64 KiB if
 * 0), later ones double.  0, or -EFBIG/-ENOMEM (message set, buffer freed). */
int kx_outbuf_grow(struct kx_ctx *ctx, struct kx_outbuf *o, size_t hint);
/* The head is complete: KX_HEAD_BYTES (or cap, if less) are there. */
int kx_outbuf_full(const struct kx_outbuf *o);
/* A stream ended after `used` input bytes (or, for a head, filled it):
 * check the cap and what follows (nothing, or the le32 output size the
 * kernel's build appends to zstd and xz payloads), then hand the buffer
 * over.  0 or -errno (buffer freed). */
int kx_outbuf_done(struct kx_ctx *ctx, const char *codec, struct kx_outbuf *o, size_t used,
		   unsigned char **out, size_t *outlen);

#endif
