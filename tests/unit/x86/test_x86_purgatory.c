/* SPDX-License-Identifier: MIT */
/*
 * test_x86_purgatory.c - runs the real x86_64 purgatory blob's SHA-256
 * check (purgatory_verify, at KX_X86_PURG_VERIFY_OFF) in this process,
 * copied to executable pages at arbitrary addresses, against FIPS 180-4
 * known answers and against what core/digest/digest.c fills in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "generated/autoconf.h"
#include "generated/x86_purgatory.h"
#include "kexec.h"
#include "purgatory.h"
#include "purgatory_test.h"
#include "digest.h"
#include "../../arch/x86/purgatory_load.h"

#define AREA (4 * 65536)
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Two copies of the blob in separate mappings, the second not even page
 * aligned: whatever the blob touches must be found relative to itself. */
struct blobs {
	unsigned char *map[2];
	unsigned char *base[2];
};

static int setup(void **state)
{
	struct blobs *b = calloc(1, sizeof(*b));
	static const size_t off[2] = { 0, 3 * 4096 + 0x40 };
	int i;

	if (!b)
		return -1;
	for (i = 0; i < 2; i++) {
		b->map[i] = mmap(NULL, AREA, PROT_READ | PROT_WRITE | PROT_EXEC,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (b->map[i] == MAP_FAILED)
			return -1;
		b->base[i] = b->map[i] + off[i];
		memcpy(b->base[i], kx_x86_purgatory, KX_X86_PURG_SIZE);
	}
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	struct blobs *b = *state;
	int i;

	for (i = 0; i < 2; i++)
		munmap(b->map[i], AREA);
	free(b);
	return 0;
}

static struct kx_purg_params *params(unsigned char *base)
{
	return (struct kx_purg_params *)(base + KX_X86_PURG_PARAMS_OFF);
}

static int run_verify(unsigned char *base)
{
	int (*verify)(void) = (int (*)(void))(base + KX_X86_PURG_VERIFY_OFF);

	return verify();
}

static void test_pristine_blob(void **state)
{
	struct kx_purg_params pp;
	static const unsigned char zero[sizeof(pp.region)];

	(void)state;
	assert_int_equal(kx_x86_purgatory_end - kx_x86_purgatory, KX_X86_PURG_SIZE);
	assert_true(KX_X86_PURG_PARAMS_OFF % 8 == 0);
	assert_true(KX_X86_PURG_PARAMS_OFF + sizeof(pp) <= KX_X86_PURG_SIZE);
	assert_true(KX_X86_PURG_VERIFY_OFF < KX_X86_PURG_SIZE);
	/* The 4 KiB stack lives past the copied bytes. */
	assert_true(KX_X86_PURG_MEMSZ >= KX_X86_PURG_SIZE + 4096);

	memcpy(&pp, kx_x86_purgatory + KX_X86_PURG_PARAMS_OFF, sizeof(pp));
	assert_true(pp.magic == KX_PURG_MAGIC);
	assert_memory_equal(kx_x86_purgatory + KX_X86_PURG_PARAMS_OFF, "KXKGPXP1", 8);
	assert_true(pp.entry == 0 && pp.arg0 == 0 && pp.arg1 == 0);
	assert_int_equal(pp.skip_checks, 0);
	assert_int_equal(pp.nregions, 0);
	assert_memory_equal(pp.region, zero, sizeof(pp.region));
}

static void test_verify_abc(void **state)
{
	struct blobs *b = *state;
	struct kx_purg_params *pp = params(b->base[0]);
	char ab[2] = { 'a', 'b' }, c = 'c';

	/* FIPS 180-4 example "abc", split so the blob joins regions. */
	hex(pp->digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	set_region(pp, 0, ab, 2);
	set_region(pp, 1, &c, 1);
	pp->nregions = 2;
	assert_int_equal(run_verify(b->base[0]), 0);

	c = 'd';
	assert_int_equal(run_verify(b->base[0]), -1);
	c = 'c';
	pp->digest[31] ^= 1;
	assert_int_equal(run_verify(b->base[0]), -1);
}

static void test_verify_million_a(void **state)
{
	struct blobs *b = *state;
	static const size_t cut[] = { 1, 63, 65, 4103, 55, 64 };
	size_t n = 1000000, at = 0;
	unsigned char *a = malloc(n);
	unsigned i;
	int copy;

	assert_non_null(a);
	memset(a, 'a', n);
	for (copy = 0; copy < 2; copy++) {
		struct kx_purg_params *pp = params(b->base[copy]);

		/* Odd lengths cross the 64-byte block boundaries. */
		for (i = 0, at = 0; i < ARRAY_LEN(cut); i++) {
			set_region(pp, i, a + at, cut[i]);
			at += cut[i];
		}
		set_region(pp, i, a + at, n - at);
		pp->nregions = i + 1;
		hex(pp->digest, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	assert_int_equal(run_verify(b->base[0]), 0);
	assert_int_equal(run_verify(b->base[1]), 0);

	a[n / 2] ^= 0x20;
	assert_int_equal(run_verify(b->base[0]), -1);
	assert_int_equal(run_verify(b->base[1]), -1);
	a[n / 2] ^= 0x20;
	a[n - 1] = 'b';
	assert_int_equal(run_verify(b->base[0]), -1);
	free(a);
}

static void test_verify_region_count(void **state)
{
	struct blobs *b = *state;
	struct kx_purg_params *pp = params(b->base[0]);

	/* No regions: nothing to vouch for, whatever the digest says. */
	pp->nregions = 0;
	memset(pp->digest, 0x5a, sizeof(pp->digest));
	assert_int_equal(run_verify(b->base[0]), 0);

	/* A corrupt count must not send the hash past the table. */
	pp->nregions = KX_PURG_REGIONS + 1;
	assert_int_equal(run_verify(b->base[0]), -1);
	pp->nregions = 0xffffffff;
	assert_int_equal(run_verify(b->base[0]), -1);
}

static void test_position_independent(void **state)
{
	struct blobs *b = *state;
	char msg[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	int i;

	assert_true(b->base[0] != b->base[1]);
	for (i = 0; i < 2; i++) {
		struct kx_purg_params *pp = params(b->base[i]);

		set_region(pp, 0, msg, strlen(msg));
		pp->nregions = 1;
		/* FIPS 180-4 two-block example (448-bit message). */
		hex(pp->digest, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	}
	assert_int_equal(run_verify(b->base[0]), 0);
	assert_int_equal(run_verify(b->base[1]), 0);
	msg[0] = 'A';
	assert_int_equal(run_verify(b->base[0]), -1);
	assert_int_equal(run_verify(b->base[1]), -1);

	/* The check only reads: code and data around the block are as
	 * built after running it. */
	assert_memory_equal(b->base[1], kx_x86_purgatory, KX_X86_PURG_PARAMS_OFF);
	assert_memory_equal(
		b->base[1] + KX_X86_PURG_PARAMS_OFF + sizeof(struct kx_purg_params),
		kx_x86_purgatory + KX_X86_PURG_PARAMS_OFF + sizeof(struct kx_purg_params),
		KX_X86_PURG_SIZE - KX_X86_PURG_PARAMS_OFF - sizeof(struct kx_purg_params));
}

/* The loader's digest (core/digest/digest.c, maybe with SHA-NI) and the blob's
 * generic one must agree on a plan's segments, with user addresses
 * standing in for physical ones. */
static void test_digest_fill_agrees(void **state)
{
	struct blobs *b = *state;
	struct kx_purg_params *pp = params(b->base[0]);
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = calloc(1, sizeof(*p));
	static const size_t len[] = { 5000, 0, 64, 1, 200000 };
	unsigned char *buf[ARRAY_LEN(len)];
	unsigned i, j;

	assert_non_null(p);
	for (i = 0; i < ARRAY_LEN(len); i++) {
		buf[i] = malloc(len[i] + 1);
		assert_non_null(buf[i]);
		for (j = 0; j < len[i]; j++)
			buf[i][j] = (unsigned char)(i * 31 + j * 7);
		p->seg[i].buf = buf[i];
		p->seg[i].bufsz = len[i];
		p->seg[i].mem = (uint64_t)(uintptr_t)buf[i];
		p->seg[i].memsz = (len[i] + 4095) & ~4095UL;
	}
	p->nseg = ARRAY_LEN(len);

	assert_int_equal(kx_digest_fill(&ctx, p, p->nseg, pp, 0), 0);
#ifdef CONFIG_PURGATORY_CHECK
	/* The empty segment carries no bytes, so no region. */
	assert_int_equal(pp->nregions, ARRAY_LEN(len) - 1);
	assert_int_equal(pp->skip_checks, 0);
	assert_true(pp->region[1].start == (uint64_t)(uintptr_t)buf[2]);
	assert_true(pp->region[1].len == 64);
	assert_int_equal(run_verify(b->base[0]), 0);
	buf[4][123456] ^= 1;
	assert_int_equal(run_verify(b->base[0]), -1);
	buf[4][123456] ^= 1;
	assert_int_equal(run_verify(b->base[0]), 0);
#else
	assert_int_equal(pp->skip_checks, 1);
	assert_int_equal(pp->nregions, 0);
#endif

	/* -i: told to skip, and given nothing to check. */
	assert_int_equal(kx_digest_fill(&ctx, p, p->nseg, pp, 1), 0);
	assert_int_equal(pp->skip_checks, 1);
	assert_int_equal(pp->nregions, 0);
	assert_int_equal(ctx.err, 0);

	for (i = 0; i < ARRAY_LEN(len); i++)
		free(buf[i]);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pristine_blob),
		cmocka_unit_test_setup_teardown(test_verify_abc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_million_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_region_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_position_independent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digest_fill_agrees, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
