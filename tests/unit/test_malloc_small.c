/* SPDX-License-Identifier: MIT */
/*
 * test_malloc_small.c - the command's allocator (core/malloc_small.c),
 * built here under other names so that the test program keeps its libc's
 * (and ASan's) malloc: blocks in order, the last one given back and grown
 * in place, big blocks mapped and moved by mremap, calloc's zeroing, and
 * sizes that do not fit.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#define malloc ms_malloc
#define free ms_free
#define calloc ms_calloc
#define realloc ms_realloc
#include "../../core/malloc_small.c"
#undef malloc
#undef free
#undef calloc
#undef realloc

static int all_are(const unsigned char *p, int v, size_t n)
{
	while (n--)
		if (*p++ != v)
			return 0;
	return 1;
}

static void small_blocks(void **state)
{
	unsigned char *p = ms_malloc(10), *q = ms_malloc(10), *r;

	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 16, 0);
	assert_ptr_equal(q, p + 32); /* 10 bytes and the header, in 16s */
	/* The last block's room comes back; an earlier one's does not. */
	ms_free(q);
	r = ms_malloc(1);
	assert_ptr_equal(r, q);
	ms_free(p);
	assert_ptr_equal(ms_malloc(1), r + 32);
	/* The last block grows in place; another moves, keeping its bytes. */
	q = ms_malloc(20);
	memset(q, 0x5a, 20);
	assert_ptr_equal(ms_realloc(q, 200), q);
	memset(q, 0x5a, 200);
	r = ms_malloc(8);
	p = ms_realloc(q, 400);
	assert_ptr_not_equal(p, q);
	assert_true(all_are(p, 0x5a, 200));
	/* Shrinking keeps the block. */
	assert_ptr_equal(ms_realloc(p, 10), p);
	ms_free(NULL);
	(void)state;
}

/* More than an arena's worth: each block whole and apart from the others. */
static void many_blocks(void **state)
{
	unsigned char *b[200];
	unsigned i;

	for (i = 0; i < 200; i++) {
		b[i] = ms_malloc(1000);
		assert_non_null(b[i]);
		memset(b[i], i, 1000);
	}
	for (i = 0; i < 200; i++)
		assert_true(all_are(b[i], i & 0xff, 1000));
	(void)state;
}

static void big_blocks(void **state)
{
	unsigned char *b = ms_malloc(1 << 20), *c, *s;

	assert_non_null(b);
	assert_int_equal((uintptr_t)b % 4096, 16); /* a mapping of its own */
	memset(b, 0xa5, 1 << 20);
	c = ms_realloc(b, 64 << 20);
	assert_non_null(c);
	assert_true(all_are(c, 0xa5, 1 << 20));
	c[(64 << 20) - 1] = 1;
	ms_free(c);
	/* A small block that grows big moves into a mapping. */
	s = ms_malloc(100);
	memset(s, 0x3c, 100);
	c = ms_realloc(s, 100 << 10);
	assert_int_equal((uintptr_t)c % 4096, 16);
	assert_true(all_are(c, 0x3c, 100));
	ms_free(c);
	(void)state;
}

static void calloc_zeroes(void **state)
{
	unsigned char *p = ms_malloc(64), *q;

	memset(p, 0xff, 64);
	ms_free(p);
	q = ms_calloc(8, 8); /* the same, dirty, room */
	assert_ptr_equal(q, p);
	assert_true(all_are(q, 0, 64));
	q = ms_calloc(1 << 10, 1 << 10);
	assert_true(all_are(q, 0, 1 << 20));
	ms_free(q);
	(void)state;
}

static void too_big(void **state)
{
	unsigned char *p = ms_malloc(16);

	errno = 0;
	assert_null(ms_malloc(SIZE_MAX));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(ms_calloc(SIZE_MAX / 2, 4));
	assert_int_equal(errno, ENOMEM);
	memset(p, 7, 16);
	assert_null(ms_realloc(p, SIZE_MAX - 8));
	assert_true(all_are(p, 7, 16)); /* still there */
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_blocks),
		cmocka_unit_test(many_blocks),
		cmocka_unit_test(big_blocks),
		cmocka_unit_test(calloc_zeroes),
		cmocka_unit_test(too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
