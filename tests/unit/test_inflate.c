/* SPDX-License-Identifier: MIT */
/*
 * test_inflate.c - bounded gzip: kx_gunzip (round trip, truncation,
 * corruption, decompression bombs, lying trailers), kx_is_gzip,
 * kx_gunzip_cap and kx_file_open's mapping of input files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <cmocka.h>
#include "support.h"
#include "decompress.h"

#define MiB (1ULL << 20)

/* gzip `n` bytes of `data` (or of zeros if data is NULL) at `level`. */
static unsigned char *gz(const void *data, size_t n, int level, size_t *outlen)
{
	static const unsigned char zero[65536];
	size_t cap = deflateBound(NULL, n) + 64, left = n;
	unsigned char *out = malloc(cap);
	const unsigned char *in = data;
	z_stream zs;
	int zr;

	assert_non_null(out);
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(
		deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	do {
		size_t chunk = left > sizeof(zero) ? sizeof(zero) : left;

		zs.next_in = (unsigned char *)(in ? in + (n - left) : zero);
		zs.avail_in = (uInt)chunk;
		left -= chunk;
		zr = deflate(&zs, left ? Z_NO_FLUSH : Z_FINISH);
		assert_true(zr == Z_OK || zr == Z_STREAM_END);
		assert_int_equal(zs.avail_in, 0);
	} while (left);
	assert_int_equal(zr, Z_STREAM_END);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* Text-like data that compresses, but not to nothing. */
static unsigned char *sample(size_t n)
{
	static const char *const words[] = {
		"kexec ", "segment ", "purgatory ", "initrd ",
		"boot_params ", "e820\n", "0x1000000 ", "crashkernel ",
	};
	unsigned char *b = malloc(n);
	uint32_t x = 12345;
	size_t i = 0;

	assert_non_null(b);
	while (i < n) {
		const char *w;
		size_t l;

		x = x * 1103515245 + 12345;
		w = words[(x >> 16) % 8];
		l = strlen(w);
		if (l > n - i)
			l = n - i;
		memcpy(b + i, w, l);
		i += l;
		if (i < n && (x >> 8) % 5 == 0)
			b[i++] = (unsigned char)(x >> 24);
	}
	return b;
}

/* msg starts with want (the wording after it may grow hints). */
#define assert_msg_starts(msg, want) do { \
	if (strncmp((msg), (want), strlen(want))) \
		fail_msg("\"%s\" does not start with \"%s\"", (msg), (want)); \
} while (0)

static void put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void round_trip(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t n = 300000, zn, outlen = 0;
	unsigned char *data = sample(n), *z = gz(data, n, 9, &zn), *out = NULL;

	assert_true(zn < n / 2);
	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, 64 * MiB), &out, &outlen), 0);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, data, n);
	assert_int_equal(ctx.err, 0);
	free(out);

	/* Stored (level 0) blocks too. */
	free(z);
	z = gz(data, n, 0, &zn);
	assert_true(zn > n);
	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, 64 * MiB), &out, &outlen), 0);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, data, n);
	free(out);
	free(z);
	free(data);
}

/* The output may be exactly the cap; one byte less and the trailer is refused. */
static void cap_boundary(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t n = 100000, zn, outlen = 0;
	unsigned char *data = sample(n), *z = gz(data, n, 6, &zn), *out = NULL;

	assert_int_equal(kx_gunzip(&ctx, T_DEC("k", z, zn, n), &out, &outlen), 0);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, data, n);
	free(out);
	out = NULL;
	assert_int_equal(kx_gunzip(&ctx, T_DEC("k", z, zn, n - 1), &out, &outlen), -EFBIG);
	assert_null(out);
	assert_msg_starts(ctx.msg, "k: gzip trailer says it inflates to 100000 bytes, above the "
				   "99999-byte limit");
	free(z);
	free(data);
}

/* An empty payload inflates to zero bytes. */
static void empty_payload(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t zn, outlen = 1;
	unsigned char *z = gz("", 0, 9, &zn), *out = NULL;

	assert_int_equal(kx_gunzip(&ctx, T_DEC("k", z, zn, MiB), &out, &outlen), 0);
	assert_int_equal(outlen, 0);
	free(out);
	free(z);
}

/* Reference: how many bytes zlib itself gets out of a cut stream. */
static size_t zlib_output_of(const unsigned char *z, size_t zn, size_t max)
{
	unsigned char *buf = malloc(max);
	z_stream zs;
	size_t got;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(inflateInit2(&zs, 16 + MAX_WBITS), Z_OK);
	zs.next_in = (unsigned char *)z;
	zs.avail_in = (uInt)zn;
	zs.next_out = buf;
	zs.avail_out = (uInt)max;
	assert_int_equal(inflate(&zs, Z_FINISH), Z_BUF_ERROR);
	got = zs.total_out;
	inflateEnd(&zs);
	free(buf);
	return got;
}

/* Stored blocks of zeros: the last four bytes of any cut are zeros, so
 * the would-be ISIZE is 0 and the cut itself is what gets reported. */
static void truncated(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t n = 200000, zn, outlen = 0, got;
	unsigned char *z = gz(NULL, n, 0, &zn), *out = (unsigned char *)0x1;
	char want[160];

	/* Only the 8-byte trailer missing: all the data came out. */
	assert_int_equal(kx_gunzip(&ctx, T_DEC("initrd", z, zn - 8, 4 * MiB), &out, &outlen),
			 -EINVAL);
	assert_ptr_equal(out, (unsigned char *)0x1);
	assert_int_equal(ctx.stage, KX_STAGE_INPUT);
	assert_string_equal(ctx.msg, "initrd: gzip data truncated after 200000 bytes of output");

	/* Cut in the middle. */
	memset(&ctx, 0, sizeof(ctx));
	got = zlib_output_of(z, zn / 2, n);
	assert_true(got > 0 && got < n);
	snprintf(want, sizeof(want), "initrd: gzip data truncated after %zu bytes of output", got);
	assert_int_equal(kx_gunzip(&ctx, T_DEC("initrd", z, zn / 2, 4 * MiB), &out, &outlen),
			 -EINVAL);
	assert_string_equal(ctx.msg, want);
	assert_non_null(strstr(ctx.msg, "truncated"));
	free(z);
}

static void corrupt(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t n = 100000, zn, outlen = 0;
	unsigned char *data = sample(n), *z = gz(data, n, 9, &zn), *out = (unsigned char *)0x1;

	/* CRC-32 in the trailer. */
	z[zn - 8] ^= 0xff;
	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, 64 * MiB), &out, &outlen), -EINVAL);
	assert_ptr_equal(out, (unsigned char *)0x1);
	assert_string_equal(ctx.msg, "kernel: corrupt gzip data (incorrect data check)");
	z[zn - 8] ^= 0xff;

	/* The first deflate block header: BFINAL=1, BTYPE=3 (reserved). */
	memset(&ctx, 0, sizeof(ctx));
	z[10] = 0x07;
	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, 64 * MiB), &out, &outlen), -EINVAL);
	assert_string_equal(ctx.msg, "kernel: corrupt gzip data (invalid block type)");
	assert_ptr_equal(out, (unsigned char *)0x1);
	free(z);

	/* An ISIZE that lies low, with room under the cap: zlib's own
	 * length check catches it. */
	memset(&ctx, 0, sizeof(ctx));
	z = gz(data, n, 9, &zn);
	put_le32(z + zn - 4, (uint32_t)(n - 1));
	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, 64 * MiB), &out, &outlen), -EINVAL);
	assert_string_equal(ctx.msg, "kernel: corrupt gzip data (incorrect length check)");
	free(z);
	free(data);
}

/* Zero padding after the stream (as a partition or firmware image may
 * have) is not part of it: ISIZE reads 0, the payload is still whole. */
static void trailing_padding(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t n = 70000, zn, outlen = 0;
	unsigned char *data = sample(n), *z = gz(data, n, 9, &zn), *out = NULL;
	unsigned char *padded = calloc(1, zn + 512);

	memcpy(padded, z, zn);
	assert_int_equal(
		kx_gunzip(&ctx, T_DEC("kernel", padded, zn + 512, 64 * MiB), &out, &outlen), 0);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, data, n);
	free(out);
	free(padded);
	free(z);
	free(data);
}

/* RFC 1952: a gzip file is a series of members; gunzip (and kexec-tools'
 * gzread) give their concatenation. */
static void concatenated_members(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t n = 60000, za, zb, outlen = 0;
	unsigned char *data, *a, *b, *both, *out = NULL;
	int rc;

	data = sample(2 * n);
	a = gz(data, n, 9, &za);
	b = gz(data + n, n, 9, &zb);
	both = malloc(za + zb);
	memcpy(both, a, za);
	memcpy(both + za, b, zb);
	rc = kx_gunzip(&ctx, T_DEC("kernel", both, za + zb, 64 * MiB), &out, &outlen);
	assert_int_equal(rc, 0);
	assert_int_equal(outlen, 2 * n);
	assert_memory_equal(out, data, 2 * n);
	free(out);
	free(both);
	free(a);
	free(b);
	free(data);
}

static void not_gzip(void **state)
{
	struct kx_ctx ctx = { 0 };
	static const unsigned char text[] = "this is not gzip data, just text";
	unsigned char *out = NULL;
	size_t outlen;

	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", text, sizeof(text), MiB), &out, &outlen),
			 -EINVAL);
	assert_string_equal(ctx.msg, "kernel: not gzip data");
	assert_null(out);
}

/* 64 MiB of zeros (a 64 KiB file) against a 1 MiB cap. */
static void bomb(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t zn, outlen = 0;
	unsigned char *z = gz(NULL, 64 * MiB, 9, &zn), *out = (unsigned char *)0x1;

	assert_true(zn < 128 * 1024);
	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, MiB), &out, &outlen), -EFBIG);
	assert_ptr_equal(out, (unsigned char *)0x1);
	assert_int_equal(ctx.err, -EFBIG);
	assert_msg_starts(ctx.msg,
			  "kernel: gzip trailer says it inflates to 67108864 bytes, above the "
			  "1048576-byte limit");
	free(z);
}

/* A trailer claiming far more than the cap is refused from the trailer
 * alone: the message says so, and nothing was inflated. */
static void trailer_above_cap(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t n = 50000, zn, outlen = 0;
	unsigned char *data = sample(n), *z = gz(data, n, 9, &zn), *out = (unsigned char *)0x1;

	put_le32(z + zn - 4, 0xffffffffu);
	assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, 4096), &out, &outlen), -EFBIG);
	assert_ptr_equal(out, (unsigned char *)0x1);
	assert_msg_starts(ctx.msg,
			  "kernel: gzip trailer says it inflates to 4294967295 bytes, above the "
			  "4096-byte limit");
	assert_non_null(strstr(ctx.msg, "trailer"));
	free(z);
	free(data);
}

/* The trailer is only a hint: a bomb whose ISIZE lies low still stops at
 * the cap while inflating. */
static void lying_isize_stops_at_cap(void **state)
{
	static const uint32_t lies[] = { 0, 100, 65536, 1000000 };
	size_t zn, outlen = 0, i;
	unsigned char *z = gz(NULL, 64 * MiB, 9, &zn);

	for (i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		struct kx_ctx ctx = { 0 };
		unsigned char *out = (unsigned char *)0x1;

		put_le32(z + zn - 4, lies[i]);
		assert_int_equal(kx_gunzip(&ctx, T_DEC("kernel", z, zn, MiB), &out, &outlen),
				 -EFBIG);
		assert_ptr_equal(out, (unsigned char *)0x1);
		assert_string_equal(ctx.msg,
				    "kernel: decompresses beyond the 1048576-byte limit (a "
				    "decompression bomb?)");
	}
	free(z);
}

static void is_gzip(void **state)
{
	size_t zn;
	unsigned char *z = gz("x", 1, 9, &zn);

	assert_true(zn >= 18);
	assert_int_equal(kx_is_gzip(z, zn), 1);
	assert_int_equal(kx_is_gzip(z, 18), 1);
	assert_int_equal(kx_is_gzip(z, 17), 0);          /* shorter than any gzip */
	assert_int_equal(kx_is_gzip(NULL, 0), 0);
	z[2] = 7;                                         /* not deflate */
	assert_int_equal(kx_is_gzip(z, zn), 0);
	z[2] = 8;
	z[1] = 0x8c;
	assert_int_equal(kx_is_gzip(z, zn), 0);
	z[1] = 0x8b;
	z[0] = 0x1e;
	assert_int_equal(kx_is_gzip(z, zn), 0);
	assert_int_equal(kx_is_gzip((const unsigned char *)"MZ not a gzip file at all", 25), 0);
	free(z);
}

static void gunzip_cap(void **state)
{
	struct kx_ctx ctx = { 0 };

	/* MemAvailable 512 MiB: at most half of it, 256 MiB. */
	ctx.root = t_fake_root(1024, NULL);
	assert_int_equal(kx_gunzip_cap(&ctx, 1000), 1000 * 1032 + 4096);
	assert_int_equal(kx_gunzip_cap(&ctx, MiB), 256 * MiB);
	/* No /proc/meminfo: the ratio, then 2 GiB. */
	ctx.root = t_tmpdir();
	assert_int_equal(kx_gunzip_cap(&ctx, MiB), 1032 * MiB + 4096);
	assert_int_equal(kx_gunzip_cap(&ctx, 8 * MiB), 2048 * MiB);
	assert_int_equal(ctx.err, 0);
}

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* A gzip file is mapped as it is: plan.c decompresses a kernel. */
static void file_open_gz(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_file f;
	const char *root = t_fake_root(1024, NULL), *path;
	size_t n = 200000, zn;
	unsigned char *data = sample(n), *z = gz(data, n, 9, &zn);
	int fds = count_fds();

	ctx.root = root;
	path = t_write(root, "boot/vmlinuz.gz", z, zn);
	assert_int_equal(kx_file_open(&ctx, &f, "kernel", path), 0);
	assert_int_equal(f.inflated, 0);
	assert_int_equal(f.size, zn);
	assert_int_equal(f.file_size, zn);
	assert_memory_equal(f.data, z, zn);
	assert_true(f.fd >= 0);
	assert_string_equal(f.path, path);
	kx_file_close(&f);
	assert_int_equal(f.fd, -1);
	assert_null(f.data);
	assert_int_equal(count_fds(), fds);
	assert_int_equal(ctx.err, 0);
	free(z);
	free(data);
}

static void file_open_plain(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_file f;
	size_t n = 123457;
	unsigned char *data = sample(n);
	const char *path = t_write(t_tmpdir(), "vmlinuz", data, n);

	assert_int_equal(kx_file_open(&ctx, &f, "kernel", path), 0);
	assert_int_equal(f.inflated, 0);
	assert_int_equal(f.size, n);
	assert_int_equal(f.file_size, n);
	assert_int_equal(f.map_size, n);
	assert_ptr_equal(f.data, f.map);
	assert_memory_equal(f.data, data, n);
	kx_file_close(&f);
	free(data);
}

static void file_open_errors(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_file f;
	const char *dir = t_tmpdir(), *p;
	char want[600];
	int fds = count_fds();

	snprintf(want, sizeof(want), "%s/missing", dir);
	assert_int_equal(kx_file_open(&ctx, &f, "kernel", want), -ENOENT);
	assert_int_equal(ctx.stage, KX_STAGE_INPUT);
	assert_int_equal(f.fd, -1);
	assert_null(f.data);
	snprintf(want, sizeof(want), "kernel %s/missing: No such file or directory", dir);
	assert_string_equal(ctx.msg, want);

	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(kx_file_open(&ctx, &f, "kernel", dir), -EINVAL);
	snprintf(want, sizeof(want), "kernel %s: not a regular file (a directory)", dir);
	assert_string_equal(ctx.msg, want);
	assert_int_equal(f.fd, -1);

	/* A FIFO with no writer: refused at once (opening it would wait). */
	snprintf(want, sizeof(want), "%s/fifo", dir);
	assert_int_equal(mkfifo(want, 0600), 0);
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(kx_file_open(&ctx, &f, "initrd", want), -EINVAL);
	assert_non_null(strstr(ctx.msg, "fifo: not a regular file (a FIFO)"));
	assert_int_equal(f.fd, -1);
	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(kx_file_open(&ctx, &f, "kernel", "/dev/zero"), -EINVAL);
	assert_string_equal(ctx.msg, "kernel /dev/zero: not a regular file (a character device)");

	memset(&ctx, 0, sizeof(ctx));
	p = t_write(dir, "empty", "", 0);
	assert_int_equal(kx_file_open(&ctx, &f, "initrd", p), -EINVAL);
	snprintf(want, sizeof(want), "initrd %s: empty file", p);
	assert_string_equal(ctx.msg, want);
	assert_int_equal(f.fd, -1);
	assert_int_equal(count_fds(), fds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(cap_boundary),
		cmocka_unit_test(empty_payload),
		cmocka_unit_test(truncated),
		cmocka_unit_test(corrupt),
		cmocka_unit_test(trailing_padding),
		cmocka_unit_test(concatenated_members),
		cmocka_unit_test(not_gzip),
		cmocka_unit_test(bomb),
		cmocka_unit_test(trailer_above_cap),
		cmocka_unit_test(lying_isize_stops_at_cap),
		cmocka_unit_test(is_gzip),
		cmocka_unit_test(gunzip_cap),
		cmocka_unit_test(file_open_gz),
		cmocka_unit_test(file_open_plain),
		cmocka_unit_test(file_open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
