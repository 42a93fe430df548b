/* SPDX-License-Identifier: MIT */
/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 example vectors (NIST
 * "Examples with intermediate values") and an OpenSSL-computed digest of
 * digests; incremental updates, the accelerated block function and the
 * loader's fast path against the generic code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sha256.h"

/* A fixed xorshift32 stream, byte = top 8 bits; the expected digest of
 * DIGEST_OF_DIGESTS was computed in Python (hashlib) from the same stream. */
static void fill(unsigned char *p, size_t n, uint32_t seed)
{
	uint32_t x = seed;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)(x >> 24);
	}
}

#define SEED 0x2545f491u

static void unhex(const char *hex, unsigned char out[32])
{
	unsigned i, v;

	assert_int_equal(strlen(hex), 64);
	for (i = 0; i < 32; i++) {
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

static void hash_with(kx_sha256_blocks_fn *fn, const void *p, size_t n,
		      unsigned char out[32])
{
	struct kx_sha256 s;

	kx_sha256_init(&s);
	if (fn)
		s.blocks = fn;
	kx_sha256_update(&s, p, n);
	kx_sha256_final(&s, out);
}

/* assert_memory_equal without the context; this says which case broke. */
#define CHECK_DIGEST(got, want, ...) do {				\
	if (memcmp(got, want, 32)) {					\
		print_error(__VA_ARGS__);				\
		print_error("\n");					\
		assert_memory_equal(got, want, 32);			\
	}								\
} while (0)

/* Without an accelerated path the tests that need one check instead that
 * the loader reports the generic code. */
static void expect_generic(void)
{
	assert_string_equal(kx_sha256_impl(), "generic");
}

static kx_sha256_blocks_fn *accel(const char **name)
{
	const char *n = NULL;
	kx_sha256_blocks_fn *fn = kx_sha256_accel(&n);

	if (name)
		*name = n;
	return fn;
}

/* FIPS 180-4 examples: one block, two-block padding (448 bits leave no
 * room for the length), two blocks of data, and a million 'a'. */
static const struct {
	const char *msg;
	const char *hex;
} vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};
#define MILLION_A "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

static void check_vectors(kx_sha256_blocks_fn *fn, const char *what)
{
	unsigned char want[32], got[32];
	struct kx_sha256 s;
	unsigned char *a;
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		unhex(vectors[i].hex, want);
		hash_with(fn, vectors[i].msg, strlen(vectors[i].msg), got);
		CHECK_DIGEST(got, want, "%s: vector %zu", what, i);
	}

	unhex(MILLION_A, want);
	a = malloc(1000000);
	assert_non_null(a);
	memset(a, 'a', 1000000);
	hash_with(fn, a, 1000000, got);
	CHECK_DIGEST(got, want, "%s: a million 'a' at once", what);
	/* The same in 1000 updates of 1000: 1000 is not a multiple of 64,
	 * so the buffered path runs too. */
	kx_sha256_init(&s);
	if (fn)
		s.blocks = fn;
	for (i = 0; i < 1000; i++)
		kx_sha256_update(&s, a, 1000);
	kx_sha256_final(&s, got);
	CHECK_DIGEST(got, want, "%s: a million 'a' by 1000", what);
	free(a);
}

static void test_vectors_generic(void **state)
{
	check_vectors(NULL, "generic");
}

static void test_vectors_fast(void **state)
{
	unsigned char want[32], got[32];
	size_t i;

	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		unhex(vectors[i].hex, want);
		kx_sha256(vectors[i].msg, strlen(vectors[i].msg), got);
		CHECK_DIGEST(got, want, "kx_sha256: vector %zu", i);
	}
}

static void test_vectors_accel(void **state)
{
	const char *name;
	kx_sha256_blocks_fn *fn = accel(&name);

	if (!fn) {
		expect_generic();
		return;
	}
	check_vectors(fn, name);
}

/* Every length 0..1100 (all padding cases, up to 18 blocks), hashed
 * once each; the expected digest of their digests comes from OpenSSL:
 *   h = sha256(); for n in 0..1100: h.update(sha256(P[:n]).digest()) */
#define DIGEST_OF_DIGESTS "489ecb8d002d1a3aa13fa7b4e97d145a5545d7917cd4c99832a032f0a0939b02"
#define DOD_MAX 1100

static void digest_of_digests(kx_sha256_blocks_fn *fn, const char *what)
{
	unsigned char p[DOD_MAX], d[32], got[32], want[32];
	struct kx_sha256 outer;
	size_t n;

	fill(p, sizeof(p), SEED);
	/* Pins the stream to the one the expected value was made from. */
	assert_int_equal(p[0], 0xe1);
	assert_int_equal(p[7], 0x12);
	kx_sha256_init(&outer);
	for (n = 0; n <= DOD_MAX; n++) {
		hash_with(fn, p, n, d);
		kx_sha256_update(&outer, d, sizeof(d));
	}
	kx_sha256_final(&outer, got);
	unhex(DIGEST_OF_DIGESTS, want);
	CHECK_DIGEST(got, want, "%s: digest of digests of lengths 0..%d", what, DOD_MAX);
}

static void test_all_lengths(void **state)
{
	const char *name;
	kx_sha256_blocks_fn *fn = accel(&name);

	digest_of_digests(NULL, "generic");
	if (fn)
		digest_of_digests(fn, name);
}

/* Feed p[0..n) in pieces of the given sizes (cycled), with empty updates
 * in between. */
static void hash_pieces(const unsigned char *p, size_t n, const size_t *sizes,
			size_t nsizes, unsigned char out[32])
{
	struct kx_sha256 s;
	size_t off = 0, i = 0, k;

	kx_sha256_init(&s);
	while (off < n) {
		k = sizes[i++ % nsizes];
		if (k > n - off)
			k = n - off;
		kx_sha256_update(&s, p + off, k);
		kx_sha256_update(&s, p + off, 0);
		off += k;
	}
	kx_sha256_final(&s, out);
}

static void test_incremental(void **state)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 7, 13, 31, 55, 56, 57,
					 63, 64, 65, 127, 128, 129 };
	/* Patterns that straddle block boundaries from both sides. */
	static const size_t mixed[][4] = {
		{ 63, 1, 64, 1 }, { 1, 63, 65, 127 }, { 64, 0, 64, 3 },
		{ 60, 8, 120, 9 }, { 129, 62, 2, 191 }, { 0, 0, 5, 64 },
	};
	unsigned char p[300], want[32], got[32];
	struct kx_sha256 s;
	size_t n, k, i;

	fill(p, sizeof(p), SEED ^ 0x55);
	for (n = 0; n <= sizeof(p); n++) {
		hash_with(NULL, p, n, want);

		/* Two pieces, split anywhere. */
		for (k = 0; k <= n; k++) {
			kx_sha256_init(&s);
			kx_sha256_update(&s, p, k);
			kx_sha256_update(&s, p + k, n - k);
			kx_sha256_final(&s, got);
			CHECK_DIGEST(got, want, "len %zu split at %zu", n, k);
		}
		/* Fixed-size pieces. */
		for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
			hash_pieces(p, n, &chunks[i], 1, got);
			CHECK_DIGEST(got, want, "len %zu in pieces of %zu", n, chunks[i]);
		}
		for (i = 0; i < sizeof(mixed) / sizeof(mixed[0]); i++) {
			hash_pieces(p, n, mixed[i], 4, got);
			CHECK_DIGEST(got, want, "len %zu, pattern %zu", n, i);
		}
	}
}

static void test_accel_detect(void **state)
{
	const char *name = NULL;
	kx_sha256_blocks_fn *fn = accel(&name);
	struct kx_sha256 s;

	kx_sha256_init_fast(&s);
	if (!fn) {
		assert_null(kx_sha256_accel(NULL));
		assert_string_equal(kx_sha256_impl(), "generic");
		assert_ptr_equal(s.blocks, kx_sha256_blocks_generic);
		return;
	}
	assert_non_null(name);
	assert_ptr_not_equal(fn, kx_sha256_blocks_generic);
	assert_string_equal(kx_sha256_impl(), name);
	assert_ptr_equal(s.blocks, fn);
	/* Asking again, and without a name, gives the same answer. */
	assert_ptr_equal(kx_sha256_accel(NULL), fn);
}

/* Block function against block function: random chaining values (not
 * only the IV), 0..70 blocks, every misalignment of the input. */
static void test_accel_blocks(void **state)
{
	const char *name;
	kx_sha256_blocks_fn *fn = accel(&name);
	size_t nb, off, i;
	uint32_t h0[8], h1[8];
	unsigned char *buf;

	if (!fn) {
		expect_generic();
		return;
	}

	buf = malloc(70 * 64 + 16);
	assert_non_null(buf);
	fill(buf, 70 * 64 + 16, SEED + 1);
	for (nb = 0; nb <= 70; nb++) {
		for (off = 0; off < 16; off++) {
			fill((unsigned char *)h0, sizeof(h0), (uint32_t)(nb * 16 + off + 7));
			memcpy(h1, h0, sizeof(h1));
			kx_sha256_blocks_generic(h0, buf + off, nb);
			fn(h1, buf + off, nb);
			if (memcmp(h0, h1, sizeof(h0))) {
				print_error("%s: %zu blocks at offset %zu\n", name, nb, off);
				for (i = 0; i < 8; i++)
					print_error("  h[%zu] generic %08x %s %08x\n",
						    i, h0[i], name, h1[i]);
				fail();
			}
		}
	}
	free(buf);
}

/* Whole digests, lengths from 0 to past a MiB, both block functions and
 * the fast path. */
static void test_accel_digests(void **state)
{
	static const size_t big[] = { 4095, 4096, 65537, 1 << 20, (1 << 20) + 333 };
	const char *name;
	kx_sha256_blocks_fn *fn = accel(&name);
	unsigned char *buf, want[32], got[32];
	size_t n, i;

	buf = malloc((1 << 20) + 333);
	assert_non_null(buf);
	fill(buf, (1 << 20) + 333, SEED + 2);
	for (n = 0; n < 2000; n += 1 + n / 64) {
		hash_with(NULL, buf, n, want);
		if (fn) {
			hash_with(fn, buf, n, got);
			CHECK_DIGEST(got, want, "%s: len %zu", name, n);
		}
		kx_sha256(buf, n, got);
		CHECK_DIGEST(got, want, "kx_sha256: len %zu", n);
	}
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		hash_with(NULL, buf, big[i], want);
		if (fn) {
			hash_with(fn, buf, big[i], got);
			CHECK_DIGEST(got, want, "%s: len %zu", name, big[i]);
		}
		kx_sha256(buf, big[i], got);
		CHECK_DIGEST(got, want, "kx_sha256: len %zu", big[i]);
	}
	free(buf);
}

/* kx_sha256_init_fast + update + final equals the generic code, in one
 * piece and in uneven pieces. */
static void test_init_fast(void **state)
{
	static const size_t pieces[] = { 17, 64, 1, 200, 63 };
	unsigned char p[5000], want[32], got[32];
	struct kx_sha256 s;
	size_t n, off, k, i;

	fill(p, sizeof(p), SEED + 3);
	for (n = 0; n <= sizeof(p); n += 1 + n / 8) {
		hash_with(NULL, p, n, want);

		kx_sha256_init_fast(&s);
		kx_sha256_update(&s, p, n);
		kx_sha256_final(&s, got);
		CHECK_DIGEST(got, want, "init_fast: len %zu", n);

		kx_sha256_init_fast(&s);
		for (off = 0, i = 0; off < n; off += k) {
			k = pieces[i++ % 5];
			if (k > n - off)
				k = n - off;
			kx_sha256_update(&s, p + off, k);
		}
		kx_sha256_final(&s, got);
		CHECK_DIGEST(got, want, "init_fast: len %zu in pieces", n);
	}
	kx_sha256_init_fast(&s);
	if (s.blocks == kx_sha256_blocks_generic)
		assert_string_equal(kx_sha256_impl(), "generic");
	else
		assert_string_not_equal(kx_sha256_impl(), "generic");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_generic),
		cmocka_unit_test(test_vectors_fast),
		cmocka_unit_test(test_vectors_accel),
		cmocka_unit_test(test_all_lengths),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_accel_detect),
		cmocka_unit_test(test_accel_blocks),
		cmocka_unit_test(test_accel_digests),
		cmocka_unit_test(test_init_fast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
