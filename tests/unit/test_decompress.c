/* SPDX-License-Identifier: MIT */
/*
 * test_decompress.c - the codec table (core/plan/decompress.c): a payload's
 * codec name picks gzip, zstd or xz; a codec compiled out is refused
 * naming its Kconfig option (the _none files); an unknown one is refused.
 * And the helpers the streaming codecs share: the bounded output buffer
 * and what may follow a stream.  The codecs themselves are tested where
 * they can be built (tests/unit/arm64/test_arm64_codecs.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>
#include "support.h"
#include "decompress.h"
#include "generated/autoconf.h"

/* "gzip" goes to kx_gunzip, arguments untouched. */
static void table_gzip(void **state)
{
	struct kx_ctx ctx = { 0 };
	unsigned char data[5000], *z, *out = NULL;
	size_t i, zn, outlen = 0;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 13 / 7);
	z = t_gzip(data, sizeof(data), &zn);
	assert_int_equal(kx_decompress(&ctx, T_DEC("k", z, zn, 1 << 20), "gzip", &out, &outlen), 0);
	assert_int_equal(outlen, sizeof(data));
	assert_memory_equal(out, data, sizeof(data));
	free(out);
	/* The cap reaches the codec. */
	out = (unsigned char *)0x1;
	assert_int_equal(kx_decompress(&ctx, T_DEC("k", z, zn, 100), "gzip", &out, &outlen),
			 -EFBIG);
	assert_ptr_equal(out, (unsigned char *)0x1);
	free(z);
}

/* The kernel's other zboot codecs, and names that are not codecs. */
static void table_unknown(void **state)
{
	static const char *const names[] = { "lz4", "lzma", "lzo", "bzip2", "", "gz", "zst", "x" };
	size_t i, outlen = 7;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct kx_ctx ctx = { 0 };
		unsigned char *out = (unsigned char *)0x1;

		assert_int_equal(kx_decompress(&ctx,
					       T_DEC("kernel k: EFI zboot",
						     (const unsigned char *)"data", 4, 1 << 20),
					       names[i], &out, &outlen),
				 -ENOTSUP);
		assert_string_equal(ctx.msg, "kernel k: EFI zboot: no decompressor for it");
		assert_ptr_equal(out, (unsigned char *)0x1);
		assert_int_equal(outlen, 7);
	}
}

/* A codec compiled out (its _none file) says which option it needs: on
 * x86 always, where the codecs cannot be configured. */
static void table_compiled_out(void **state)
{
	struct kx_ctx ctx = { 0 };
	unsigned char *out = (unsigned char *)0x1;
	size_t outlen = 7;
	const unsigned char junk[16] = { 0 };

	(void)ctx;
	(void)junk;
#ifndef CONFIG_DECOMPRESS_ZSTD
	/* zboot's "zstd22" (and the newest kernels' plain "zstd"). */
	assert_int_equal(kx_decompress(&ctx, T_DEC("k", junk, sizeof(junk), 1 << 20), "zstd22",
				       &out, &outlen),
			 -ENOTSUP);
	assert_string_equal(ctx.msg, "k: this kexec was built without CONFIG_DECOMPRESS_ZSTD");
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(kx_decompress(&ctx, T_DEC("k", junk, sizeof(junk), 1 << 20), "zstd", &out,
				       &outlen),
			 -ENOTSUP);
	assert_string_equal(ctx.msg, "k: this kexec was built without CONFIG_DECOMPRESS_ZSTD");
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(kx_unzstd(&ctx, T_DEC("k", junk, sizeof(junk), 1 << 20), &out, &outlen),
			 -ENOTSUP);
	assert_string_equal(ctx.msg, "k: this kexec was built without CONFIG_DECOMPRESS_ZSTD");
	memset(&ctx, 0, sizeof(ctx));
#endif
#ifndef CONFIG_DECOMPRESS_XZ
	assert_int_equal(kx_decompress(&ctx, T_DEC("k", junk, sizeof(junk), 1 << 20), "xzkern",
				       &out, &outlen),
			 -ENOTSUP);
	assert_string_equal(ctx.msg, "k: this kexec was built without CONFIG_DECOMPRESS_XZ");
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(kx_unxz(&ctx, T_DEC("k", junk, sizeof(junk), 1 << 20), &out, &outlen),
			 -ENOTSUP);
	assert_string_equal(ctx.msg, "k: this kexec was built without CONFIG_DECOMPRESS_XZ");
#endif
	assert_ptr_equal(out, (unsigned char *)0x1);
	assert_int_equal(outlen, 7);
}

/* The first allocation is the hint, then doubling, never past cap + 1. */
static void outbuf_grows_to_cap(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_dec d = { .what = "k", .cap = 1000 };
	struct kx_outbuf o = { .d = &d };

	assert_int_equal(kx_outbuf_grow(&ctx, &o, 300), 0);
	assert_int_equal(o.size, 300);
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 300), 0);
	assert_int_equal(o.size, 600);
	memset(o.buf, 0xa5, o.size); /* all of it is ours */
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 300), 0);
	assert_int_equal(o.size, 1001);
	memset(o.buf, 0x5a, o.size);
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 300), -EFBIG);
	assert_string_equal(ctx.msg, "k: decompresses beyond the 1000-byte limit (a decompression "
				     "bomb?)");
	/* The buffer is freed (LeakSanitizer would say otherwise). */

	/* No hint: 64 KiB, or the limit if smaller; a hint above it too. */
	memset(&o, 0, sizeof(o));
	o.d = &d;
	d.cap = 1 << 20;
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 0), 0);
	assert_int_equal(o.size, 65536);
	free(o.buf);
	memset(&o, 0, sizeof(o));
	o.d = &d;
	d.cap = 100;
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 0), 0);
	assert_int_equal(o.size, 101);
	free(o.buf);
	memset(&o, 0, sizeof(o));
	o.d = &d;
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 5000), 0);
	assert_int_equal(o.size, 101);
	free(o.buf);
}

/* A head stops at cap, not cap + 1, and is full there; the limit a
 * format's header declares is named as such. */
static void outbuf_head_and_declared(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_dec d = { .what = "k", .cap = 1000, .head = 1 };
	struct kx_outbuf o = { .d = &d };

	assert_int_equal(kx_outbuf_grow(&ctx, &o, 0), 0);
	assert_int_equal(o.size, 1000);
	o.used = 999;
	assert_false(kx_outbuf_full(&o));
	o.used = 1000;
	assert_true(kx_outbuf_full(&o));
	free(o.buf);

	memset(&o, 0, sizeof(o));
	d = (struct kx_dec){ .what = "kernel k", .cap = 1000, .declared_by = "Image" };
	o.d = &d;
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 2000), 0);
	assert_int_equal(o.size, 1001);
	assert_false(kx_outbuf_full(&o));
	assert_int_equal(kx_outbuf_grow(&ctx, &o, 0), -EFBIG);
	assert_string_equal(ctx.msg, "kernel k: decompresses beyond the 1000 bytes its Image "
				     "header declares");
}

static struct kx_outbuf filled(const struct kx_dec *d, size_t used)
{
	struct kx_outbuf o = { .used = used, .size = used + 1, .d = d };

	o.buf = malloc(o.size);
	assert_non_null(o.buf);
	return o;
}

/* After a stream: nothing, or the kernel's le32 size of the output. */
static void outbuf_done_tail(void **state)
{
	/* stream (10 bytes) + the size word 300 + one more byte */
	static const unsigned char in[15] = { [10] = 0x2c, [11] = 0x01, [14] = 0x77 };
	struct kx_ctx ctx = { 0 };
	struct kx_dec d = { .what = "k", .in = in, .n = 10, .cap = 1000 };
	struct kx_outbuf o = filled(&d, 300);
	unsigned char *out = NULL;
	size_t outlen = 0;

	assert_int_equal(kx_outbuf_done(&ctx, "zstd", &o, 10, &out, &outlen), 0);
	assert_ptr_equal(out, o.buf);
	assert_int_equal(outlen, 300);
	free(out);
	d.n = 14;
	o = filled(&d, 300);
	assert_int_equal(kx_outbuf_done(&ctx, "zstd", &o, 10, &out, &outlen), 0);
	assert_int_equal(outlen, 300);
	free(out);

	/* A size word that is not the output's size, or more bytes. */
	out = (unsigned char *)0x1;
	o = filled(&d, 301);
	assert_int_equal(kx_outbuf_done(&ctx, "zstd", &o, 10, &out, &outlen), -EINVAL);
	assert_string_equal(ctx.msg, "k: 4 bytes of other data after the zstd stream");
	memset(&ctx, 0, sizeof(ctx));
	d.n = 15;
	o = filled(&d, 300);
	assert_int_equal(kx_outbuf_done(&ctx, "xz", &o, 10, &out, &outlen), -EINVAL);
	assert_string_equal(ctx.msg, "k: 5 bytes of other data after the xz stream");
	memset(&ctx, 0, sizeof(ctx));
	d.n = 11;
	o = filled(&d, 300);
	assert_int_equal(kx_outbuf_done(&ctx, "xz", &o, 10, &out, &outlen), -EINVAL);
	assert_string_equal(ctx.msg, "k: 1 bytes of other data after the xz stream");
	memset(&ctx, 0, sizeof(ctx));
	/* A head: what follows is not looked at. */
	d.head = 1;
	o = filled(&d, 300);
	assert_int_equal(kx_outbuf_done(&ctx, "xz", &o, 10, &out, &outlen), 0);
	free(out);
	d.head = 0;
	out = (unsigned char *)0x1;

	/* The extra byte of room was used: one more than the cap. */
	d.n = 10;
	o = filled(&d, 1001);
	assert_int_equal(kx_outbuf_done(&ctx, "xz", &o, 10, &out, &outlen), -EFBIG);
	assert_string_equal(ctx.msg, "k: decompresses beyond the 1000-byte limit (a decompression "
				     "bomb?)");
	assert_ptr_equal(out, (unsigned char *)0x1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_gzip),
		cmocka_unit_test(table_unknown),
		cmocka_unit_test(table_compiled_out),
		cmocka_unit_test(outbuf_grows_to_cap),
		cmocka_unit_test(outbuf_head_and_declared),
		cmocka_unit_test(outbuf_done_tail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
