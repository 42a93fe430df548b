/* SPDX-License-Identifier: MIT */
/*
 * test_arm64_codecs.c - the EFI zboot payload codecs (core/plan/decompress_zstd.c,
 * core/plan/decompress_xz.c), which only an arm64 configuration can turn on
 * (CONFIG_DECOMPRESS_ZSTD, CONFIG_DECOMPRESS_XZ): round trips, the cap
 * (a declared size above it is refused before anything is allocated; an
 * undeclared one stops at it), truncation, data after the stream, corrupt
 * and lying streams.  Streams are made here with the host's libzstd and
 * liblzma.  Built against both configurations (unit.mk): a codec compiled
 * out must refuse, naming its option.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzma.h>
#include <zstd.h>
#include <cmocka.h>
#include "support.h"
#include "decompress.h"
#include "generated/autoconf.h"

#define MiB (1ULL << 20)
#define N 300000
/* Helpers neither codec's tests use when both are compiled out. */
#define HELPER static __attribute__((unused))

/* msg starts with want. */
#define assert_msg_starts(msg, want) do { \
	if (strncmp((msg), (want), strlen(want))) \
		fail_msg("\"%s\" does not start with \"%s\"", (msg), (want)); \
} while (0)

HELPER void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Something like code: compresses, but not to nothing. */
HELPER unsigned char *sample(size_t n)
{
	unsigned char *b = malloc(n ? n : 1);
	uint32_t x = 2463534242u;
	size_t i;

	assert_non_null(b);
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (i % 64 < 40)
			       ? (unsigned char)("mov x0, x1; ldr x2, [sp, #16]; bl kx_"[i % 37])
			       : (unsigned char)(x & 7);
	}
	return b;
}

/* in + tail (size bytes), in a new buffer. */
HELPER unsigned char *append(const unsigned char *in, size_t n, const void *tail, size_t size)
{
	unsigned char *b = malloc(n + size);

	assert_non_null(b);
	memcpy(b, in, n);
	memcpy(b + n, tail, size);
	return b;
}

typedef kx_decompress_fn codec_fn;

/* Decompress expecting success and the original bytes back. */
HELPER void expect_ok(codec_fn *fn, const unsigned char *z, size_t zn, size_t cap,
		      const unsigned char *want, size_t n)
{
	struct kx_ctx ctx = { 0 };
	unsigned char *out = NULL;
	size_t outlen = 0;

	if (fn(&ctx, T_DEC("k", z, zn, cap), &out, &outlen))
		fail_msg("%s", ctx.msg);
	assert_int_equal(outlen, n);
	if (n)
		assert_memory_equal(out, want, n);
	free(out);
}

/* Decompress expecting err, and *out left alone; returns the message. */
static const char *expect_err(codec_fn *fn, const unsigned char *z, size_t zn, size_t cap, int err)
{
	static struct kx_ctx ctx;
	unsigned char *out = (unsigned char *)0x1;
	size_t outlen = 7;

	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(fn(&ctx, T_DEC("k", z, zn, cap), &out, &outlen), err);
	assert_ptr_equal(out, (unsigned char *)0x1);
	assert_int_equal(outlen, 7);
	assert_int_equal(ctx.err, err);
	return ctx.msg;
}

/* The head of a stream (decompress.h): its first 64 KiB and no more,
 * whatever follows them (the rest cut off, or other data after it). */
HELPER void expect_head(codec_fn *fn, const unsigned char *z, size_t zn, const unsigned char *want)
{
	struct kx_dec d = { .what = "k", .in = z, .n = zn, .cap = 64 * MiB, .head = 1 };
	struct kx_ctx ctx = { 0 };
	unsigned char *out = NULL;
	size_t outlen = 0;

	if (fn(&ctx, &d, &out, &outlen))
		fail_msg("%s", ctx.msg);
	assert_int_equal(outlen, KX_HEAD_BYTES);
	assert_memory_equal(out, want, KX_HEAD_BYTES);
	free(out);
}

#ifdef CONFIG_DECOMPRESS_ZSTD
/* zstd of in; declare: the frame carries the content size (the
 * kernel's "zstd -22" reads a pipe and does not). */
static unsigned char *zstd_of(const void *in, size_t n, int declare, size_t *zn)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(n), r;
	unsigned char *o = malloc(cap);

	assert_non_null(c);
	assert_non_null(o);
	assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3)));
	assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, declare)));
	assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
	r = ZSTD_compress2(c, o, cap, in, n);
	assert_false(ZSTD_isError(r));
	ZSTD_freeCCtx(c);
	assert_int_equal(ZSTD_getFrameContentSize(o, r), declare ? n : ZSTD_CONTENTSIZE_UNKNOWN);
	*zn = r;
	return o;
}

/* Where the frame header keeps the content size (RFC 8878 3.1.1.1). */
static size_t fcs_offset(const unsigned char *z)
{
	static const size_t did[] = { 0, 1, 2, 4 };
	unsigned fhd = z[4];

	return 5 + !(fhd & 0x20) + did[fhd & 3];
}

static void zstd_round_trip(void **state)
{
	unsigned char *data = sample(N), *z;
	size_t zn;
	int declare;

	for (declare = 0; declare <= 1; declare++) {
		z = zstd_of(data, N, declare, &zn);
		assert_true(zn < N / 2);
		expect_ok(kx_unzstd, z, zn, 64 * MiB, data, N);
		/* Through the table, as zboot names it. */
		{
			struct kx_ctx ctx = { 0 };
			unsigned char *out = NULL;
			size_t outlen;

			assert_int_equal(kx_decompress(&ctx, T_DEC("k", z, zn, 64 * MiB), "zstd22",
						       &out, &outlen),
					 0);
			assert_int_equal(outlen, N);
			free(out);
		}
		free(z);
		/* Empty. */
		z = zstd_of("", 0, declare, &zn);
		expect_ok(kx_unzstd, z, zn, MiB, NULL, 0);
		free(z);
	}
	free(data);
}

static void zstd_head(void **state)
{
	unsigned char *data = sample(N), *z, *t;
	size_t zn;
	int declare;

	for (declare = 0; declare <= 1; declare++) {
		z = zstd_of(data, N, declare, &zn);
		expect_head(kx_unzstd, z, zn, data);
		expect_head(kx_unzstd, z, zn * 3 / 4, data);
		t = append(z, zn, "junk", 4);
		expect_head(kx_unzstd, t, zn + 4, data);
		free(t);
		free(z);
	}
	free(data);
}

/* Exactly the cap fits; one byte less is refused, from the header when
 * the frame declares its size, else when the output reaches it. */
static void zstd_cap(void **state)
{
	unsigned char *data = sample(N), *z;
	size_t zn;

	z = zstd_of(data, N, 1, &zn);
	expect_ok(kx_unzstd, z, zn, N, data, N);
	assert_string_equal(expect_err(kx_unzstd, z, zn, N - 1, -EFBIG),
			    "k: the zstd frame says it decompresses to 300000 bytes, above the "
			    "299999-byte limit (a decompression bomb?)");
	free(z);
	z = zstd_of(data, N, 0, &zn);
	expect_ok(kx_unzstd, z, zn, N, data, N);
	assert_string_equal(expect_err(kx_unzstd, z, zn, N - 1, -EFBIG),
			    "k: decompresses beyond the 299999-byte limit (a decompression bomb?)");
	free(z);
	free(data);
}

/* A header claiming 1 TiB: refused from the header alone, before any
 * allocation (a 1 TiB buffer would fail, or crash the sanitizers).  And a
 * frame whose window is too big for the decoder's memory limit. */
static void zstd_huge_declared(void **state)
{
	/* magic, FHD: 8-byte size, single segment; then a raw last block of 0 bytes */
	unsigned char z[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0 };

	/* No size, but a 1 GiB window (the decoder's own buffer): refused. */
	unsigned char w[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00, 20 << 3, 1, 0, 0 };

	assert_int_equal(ZSTD_getFrameContentSize(z, sizeof(z)), 1ULL << 40);
	assert_string_equal(expect_err(kx_unzstd, z, sizeof(z), 2048ULL * MiB, -EFBIG),
			    "k: the zstd frame says it decompresses to 1099511627776 bytes, above "
			    "the 2147483648-byte limit (a decompression bomb?)");
	assert_string_equal(expect_err(kx_unzstd, w, sizeof(w), 2048ULL * MiB, -EFBIG),
			    "k: the zstd frame needs a window above the 128 MiB this kexec allows");
}

/* 16 MiB of zeros in a few hundred bytes, against a 1 MiB cap. */
static void zstd_bomb(void **state)
{
	unsigned char *zero = calloc(1, 16 * MiB), *z;
	size_t zn;

	z = zstd_of(zero, 16 * MiB, 0, &zn);
	assert_true(zn < 4096);
	assert_string_equal(
		expect_err(kx_unzstd, z, zn, MiB, -EFBIG),
		"k: decompresses beyond the 1048576-byte limit (a decompression bomb?)");
	free(z);
	z = zstd_of(zero, 16 * MiB, 1, &zn);
	assert_msg_starts(expect_err(kx_unzstd, z, zn, MiB, -EFBIG),
			  "k: the zstd frame says it decompresses to 16777216 bytes");
	free(z);
	free(zero);
}

static void zstd_truncated(void **state)
{
	unsigned char *data = sample(N), *z;
	const char *msg;
	size_t zn, got;

	z = zstd_of(data, N, 1, &zn);
	/* Only the checksum's last byte missing: all the output came out. */
	assert_string_equal(expect_err(kx_unzstd, z, zn - 1, 64 * MiB, -EINVAL),
			    "k: zstd data truncated after 300000 bytes of output");
	/* Cut in the middle, and inside the frame header. */
	msg = expect_err(kx_unzstd, z, zn / 2, 64 * MiB, -EINVAL);
	assert_int_equal(sscanf(msg, "k: zstd data truncated after %zu bytes of output", &got), 1);
	assert_true(got < N);
	assert_string_equal(expect_err(kx_unzstd, z, 6, 64 * MiB, -EINVAL),
			    "k: zstd data truncated after 0 bytes of output");
	free(z);
	free(data);
}

/* After the frame: the kernel's le32 size of the output is all there may be. */
static void zstd_trailing(void **state)
{
	unsigned char *data = sample(N), *z, *t, word[4], *z2;
	size_t zn, zn2;
	char want[96];

	z = zstd_of(data, N, 0, &zn);
	put_le32(word, N);
	t = append(z, zn, word, 4);
	expect_ok(kx_unzstd, t, zn + 4, 64 * MiB, data, N);
	free(t);
	put_le32(word, N + 1);
	t = append(z, zn, word, 4);
	assert_string_equal(expect_err(kx_unzstd, t, zn + 4, 64 * MiB, -EINVAL),
			    "k: 4 bytes of other data after the zstd stream");
	free(t);
	t = append(z, zn, "\0", 1);
	assert_string_equal(expect_err(kx_unzstd, t, zn + 1, 64 * MiB, -EINVAL),
			    "k: 1 bytes of other data after the zstd stream");
	free(t);
	/* A second frame is other data too: the kernel writes one. */
	z2 = zstd_of(data, 1000, 1, &zn2);
	t = append(z, zn, z2, zn2);
	snprintf(want, sizeof(want), "k: %zu bytes of other data after the zstd stream", zn2);
	assert_string_equal(expect_err(kx_unzstd, t, zn + zn2, 64 * MiB, -EINVAL), want);
	free(t);
	free(z2);
	free(z);
	free(data);
}

static void zstd_corrupt(void **state)
{
	static const unsigned char text[] = "this is not zstd data, just text";
	unsigned char *data = sample(N), *z;
	size_t zn, off;

	assert_string_equal(expect_err(kx_unzstd, text, sizeof(text), MiB, -EINVAL),
			    "k: not zstd data");
	assert_string_equal(expect_err(kx_unzstd, text, 2, MiB, -EINVAL), "k: not zstd data");
	z = zstd_of(data, N, 1, &zn);
	/* The checksum. */
	z[zn - 2] ^= 0x40;
	assert_msg_starts(expect_err(kx_unzstd, z, zn, 64 * MiB, -EINVAL),
			  "k: corrupt zstd data (");
	z[zn - 2] ^= 0x40;
	/* A declared size that lies, low or high (still under the cap). */
	off = fcs_offset(z);
	assert_int_equal(z[4] >> 6, 2); /* 4-byte field */
	put_le32(z + off, N - 1);
	assert_msg_starts(expect_err(kx_unzstd, z, zn, 64 * MiB, -EINVAL),
			  "k: corrupt zstd data (");
	put_le32(z + off, N + 4096);
	assert_msg_starts(expect_err(kx_unzstd, z, zn, 64 * MiB, -EINVAL),
			  "k: corrupt zstd data (");
	free(z);
	free(data);
}
#endif

#ifdef CONFIG_DECOMPRESS_XZ
/* xz of in; bcj: with the ARM64 branch filter first, as the kernel's
 * scripts/xz_wrap.sh does for arm64 ("xzkern"). */
static unsigned char *xz_of(const void *in, size_t n, int bcj, size_t *xn)
{
	lzma_options_lzma opt;
	lzma_filter f[3];
	size_t cap = lzma_stream_buffer_bound(n), pos = 0, i = 0;
	unsigned char *o = malloc(cap);

	assert_non_null(o);
	assert_false(lzma_lzma_preset(&opt, 6));
	opt.dict_size = 1 << 20;
	if (bcj)
		f[i++] = (lzma_filter){ .id = LZMA_FILTER_ARM64 };
	f[i++] = (lzma_filter){ .id = LZMA_FILTER_LZMA2, .options = &opt };
	f[i] = (lzma_filter){ .id = LZMA_VLI_UNKNOWN };
	assert_int_equal(lzma_stream_buffer_encode(f, LZMA_CHECK_CRC32, NULL, in, n, o, &pos, cap),
			 LZMA_OK);
	*xn = pos;
	return o;
}

/* The same stream with its index (and footer) rewritten to declare
 * `claim` uncompressed bytes for its one block. */
static unsigned char *xz_claim(const unsigned char *x, size_t xn, uint64_t claim, size_t *outn)
{
	lzma_stream_flags f;
	lzma_index *idx = NULL, *fake;
	lzma_index_iter it;
	uint64_t mem = UINT64_MAX;
	size_t start, pos, cap;
	unsigned char *o;

	assert_int_equal(lzma_stream_footer_decode(&f, x + xn - 12), LZMA_OK);
	start = pos = xn - 12 - f.backward_size;
	assert_int_equal(lzma_index_buffer_decode(&idx, &mem, NULL, x, &pos, xn - 12), LZMA_OK);
	lzma_index_iter_init(&it, idx);
	assert_false(lzma_index_iter_next(&it, LZMA_INDEX_ITER_BLOCK));
	fake = lzma_index_init(NULL);
	assert_int_equal(lzma_index_append(fake, NULL, it.block.unpadded_size, claim), LZMA_OK);
	cap = start + lzma_index_size(fake) + 12;
	o = malloc(cap);
	memcpy(o, x, start);
	pos = start;
	assert_int_equal(lzma_index_buffer_encode(fake, o, &pos, cap - 12), LZMA_OK);
	f.backward_size = lzma_index_size(fake);
	assert_int_equal(lzma_stream_footer_encode(&f, o + pos), LZMA_OK);
	*outn = pos + 12;
	lzma_index_end(idx, NULL);
	lzma_index_end(fake, NULL);
	return o;
}

static void xz_round_trip(void **state)
{
	unsigned char *data = sample(N), *x;
	size_t xn;
	int bcj;

	for (bcj = 0; bcj <= 1; bcj++) {
		x = xz_of(data, N, bcj, &xn);
		assert_true(xn < N / 2);
		expect_ok(kx_unxz, x, xn, 64 * MiB, data, N);
		{
			struct kx_ctx ctx = { 0 };
			unsigned char *out = NULL;
			size_t outlen;

			assert_int_equal(kx_decompress(&ctx, T_DEC("k", x, xn, 64 * MiB), "xzkern",
						       &out, &outlen),
					 0);
			assert_int_equal(outlen, N);
			free(out);
		}
		free(x);
	}
	x = xz_of("", 0, 0, &xn);
	expect_ok(kx_unxz, x, xn, MiB, NULL, 0);
	free(x);
	free(data);
}

static void xz_head(void **state)
{
	unsigned char *data = sample(N), *x, *t;
	size_t xn;
	int bcj;

	for (bcj = 0; bcj <= 1; bcj++) {
		x = xz_of(data, N, bcj, &xn);
		expect_head(kx_unxz, x, xn, data);
		expect_head(kx_unxz, x, xn * 3 / 4, data);
		t = append(x, xn, "junk", 4);
		expect_head(kx_unxz, t, xn + 4, data);
		free(t);
		free(x);
	}
	free(data);
}

/* The index declares the size: one byte over the cap is refused before
 * decoding.  Hidden (data after the stream), the output stops at the cap. */
static void xz_cap(void **state)
{
	unsigned char *data = sample(N), *x, *t;
	size_t xn;

	x = xz_of(data, N, 1, &xn);
	expect_ok(kx_unxz, x, xn, N, data, N);
	assert_string_equal(expect_err(kx_unxz, x, xn, N - 1, -EFBIG),
			    "k: the xz index says it decompresses to 300000 bytes, above the "
			    "299999-byte limit (a decompression bomb?)");
	t = append(x, xn, "junk!", 5);
	assert_string_equal(expect_err(kx_unxz, t, xn + 5, N - 1, -EFBIG),
			    "k: decompresses beyond the 299999-byte limit (a decompression bomb?)");
	free(t);
	free(x);
	free(data);
}

static void xz_huge_declared(void **state)
{
	unsigned char *data = sample(4096), *x, *h;
	size_t xn, hn;

	x = xz_of(data, 4096, 0, &xn);
	h = xz_claim(x, xn, 1ULL << 40, &hn);
	assert_string_equal(expect_err(kx_unxz, h, hn, 2048ULL * MiB, -EFBIG),
			    "k: the xz index says it decompresses to 1099511627776 bytes, above the"
			    " 2147483648-byte limit (a decompression bomb?)");
	free(h);
	/* An index that lies low (under the cap): liblzma checks it. */
	h = xz_claim(x, xn, 4095, &hn);
	assert_msg_starts(expect_err(kx_unxz, h, hn, 64 * MiB, -EINVAL),
			  "k: corrupt or unsupported xz data");
	free(h);
	free(x);
	free(data);
}

static void xz_bomb(void **state)
{
	unsigned char *zero = calloc(1, 16 * MiB), *x, *t;
	size_t xn;

	x = xz_of(zero, 16 * MiB, 0, &xn);
	assert_true(xn < 8192);
	assert_msg_starts(expect_err(kx_unxz, x, xn, MiB, -EFBIG),
			  "k: the xz index says it decompresses to 16777216 bytes");
	t = append(x, xn, "junk!", 5);
	assert_string_equal(
		expect_err(kx_unxz, t, xn + 5, MiB, -EFBIG),
		"k: decompresses beyond the 1048576-byte limit (a decompression bomb?)");
	free(t);
	free(x);
	free(zero);
}

static void xz_truncated(void **state)
{
	unsigned char *data = sample(N), *x;
	const char *msg;
	size_t xn, got;

	x = xz_of(data, N, 1, &xn);
	/* Without its footer: all the output came out. */
	assert_string_equal(expect_err(kx_unxz, x, xn - 12, 64 * MiB, -EINVAL),
			    "k: xz data truncated after 300000 bytes of output");
	msg = expect_err(kx_unxz, x, xn / 2, 64 * MiB, -EINVAL);
	assert_int_equal(sscanf(msg, "k: xz data truncated after %zu bytes of output", &got), 1);
	assert_true(got < N);
	assert_string_equal(expect_err(kx_unxz, x, 8, 64 * MiB, -EINVAL),
			    "k: xz data truncated after 0 bytes of output");
	free(x);
	free(data);
}

static void xz_trailing(void **state)
{
	unsigned char *data = sample(N), *x, *t, word[4];
	size_t xn;

	x = xz_of(data, N, 1, &xn);
	/* The kernel's size word, inside the payload (early zboot kernels):
	 * the index is still found, before it. */
	put_le32(word, N);
	t = append(x, xn, word, 4);
	expect_ok(kx_unxz, t, xn + 4, 64 * MiB, data, N);
	assert_string_equal(expect_err(kx_unxz, t, xn + 4, N - 1, -EFBIG),
			    "k: the xz index says it decompresses to 300000 bytes, above the "
			    "299999-byte limit (a decompression bomb?)");
	free(t);
	/* Four zero bytes (xz's stream padding) are not the size word. */
	t = append(x, xn, "\0\0\0\0", 4);
	assert_string_equal(expect_err(kx_unxz, t, xn + 4, 64 * MiB, -EINVAL),
			    "k: 4 bytes of other data after the xz stream");
	free(t);
	t = append(x, xn, "junk!", 5);
	assert_string_equal(expect_err(kx_unxz, t, xn + 5, 64 * MiB, -EINVAL),
			    "k: 5 bytes of other data after the xz stream");
	free(t);
	free(x);
	free(data);
}

/* Block header CRC32 recomputed after a change (xz format 3.1.7). */
static void fix_block_header(unsigned char *b)
{
	size_t size = ((size_t)b[0] + 1) * 4;

	put_le32(b + size - 4, lzma_crc32(b, size - 4, 0));
}

/* The LZMA2 properties byte (dictionary size) of a block header with
 * one filter: flags, then the optional sizes (VLIs), then the filter. */
static unsigned char *lzma2_props(unsigned char *b)
{
	size_t i = 2, k;

	assert_int_equal(b[1] & 3, 0);
	for (k = 0x40; k <= 0x80; k <<= 1)
		if (b[1] & k)
			while (b[i++] & 0x80)
				;
	assert_int_equal(b[i], LZMA_FILTER_LZMA2);
	assert_int_equal(b[i + 1], 1);
	return b + i + 2;
}

static void xz_corrupt(void **state)
{
	static const unsigned char text[] = "this is not xz data, just text";
	unsigned char *data = sample(N), *x, *p;
	size_t xn;

	assert_string_equal(expect_err(kx_unxz, text, sizeof(text), MiB, -EINVAL),
			    "k: not xz data");
	x = xz_of(data, N, 0, &xn);
	x[xn / 2] ^= 0x10;
	assert_msg_starts(expect_err(kx_unxz, x, xn, 64 * MiB, -EINVAL),
			  "k: corrupt or unsupported xz data (liblzma error");
	x[xn / 2] ^= 0x10;
	/* A dictionary of 4 GiB asked for: beyond the decoder's memory limit. */
	p = lzma2_props(x + 12);
	*p = 40;
	fix_block_header(x + 12);
	assert_msg_starts(expect_err(kx_unxz, x, xn, 64 * MiB, -EFBIG), "k: the xz stream needs ");
	assert_non_null(strstr(expect_err(kx_unxz, x, xn, 64 * MiB, -EFBIG),
			       "KiB to decompress, above the 98304 KiB this kexec allows"));
	free(x);
	free(data);
}
#endif

/* A codec compiled out refuses, naming its option (its _none file). */
static void compiled_out(void **state)
{
	unsigned char z[64] = { 0x28, 0xb5, 0x2f, 0xfd };

	(void)z;
#ifndef CONFIG_DECOMPRESS_ZSTD
	assert_string_equal(expect_err(kx_unzstd, z, sizeof(z), MiB, -ENOTSUP),
			    "k: this kexec was built without CONFIG_DECOMPRESS_ZSTD");
#endif
#ifndef CONFIG_DECOMPRESS_XZ
	memcpy(z, "\xfd" "7zXZ", 6);
	assert_string_equal(expect_err(kx_unxz, z, sizeof(z), MiB, -ENOTSUP),
			    "k: this kexec was built without CONFIG_DECOMPRESS_XZ");
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifdef CONFIG_DECOMPRESS_ZSTD
		cmocka_unit_test(zstd_round_trip),
		cmocka_unit_test(zstd_head),
		cmocka_unit_test(zstd_cap),
		cmocka_unit_test(zstd_huge_declared),
		cmocka_unit_test(zstd_bomb),
		cmocka_unit_test(zstd_truncated),
		cmocka_unit_test(zstd_trailing),
		cmocka_unit_test(zstd_corrupt),
#endif
#ifdef CONFIG_DECOMPRESS_XZ
		cmocka_unit_test(xz_round_trip),
		cmocka_unit_test(xz_head),
		cmocka_unit_test(xz_cap),
		cmocka_unit_test(xz_huge_declared),
		cmocka_unit_test(xz_bomb),
		cmocka_unit_test(xz_truncated),
		cmocka_unit_test(xz_trailing),
		cmocka_unit_test(xz_corrupt),
#endif
		cmocka_unit_test(compiled_out),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
