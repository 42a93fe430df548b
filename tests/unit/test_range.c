/* SPDX-License-Identifier: MIT */
/*
 * test_range.c - the [start, end) range sets placement is built on:
 * kx_ranges_add (sorted insert, merging), kx_ranges_sub (split, trim,
 * remove) and kx_ranges_total.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"

static void add_disjoint_sorted(void **state)
{
	struct kx_ranges rs = { 0 };

	assert_int_equal(kx_ranges_add(&rs, 0x1000, 0x2000), 0);
	assert_int_equal(kx_ranges_add(&rs, 0x5000, 0x6000), 0);
	assert_int_equal(kx_ranges_add(&rs, 0x9000, 0xa000), 0);
	EXPECT(&rs, 0x1000, 0x2000, 0x5000, 0x6000, 0x9000, 0xa000);
	assert_int_equal(kx_ranges_total(&rs), 0x3000);
	kx_ranges_free(&rs);
	assert_null(rs.r);
	assert_int_equal(rs.n, 0);
	assert_int_equal(rs.cap, 0);
}

static void add_out_of_order(void **state)
{
	struct kx_ranges rs = { 0 };

	assert_int_equal(kx_ranges_add(&rs, 0x9000, 0xa000), 0);
	assert_int_equal(kx_ranges_add(&rs, 0x1000, 0x2000), 0);
	assert_int_equal(kx_ranges_add(&rs, 0x5000, 0x6000), 0);
	assert_int_equal(kx_ranges_add(&rs, 0x3000, 0x4000), 0);
	EXPECT(&rs, 0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000, 0x9000, 0xa000);
	kx_ranges_free(&rs);
}

/* Touching ranges ([a, b) and [b, c)) become one, from either side. */
static void add_merges_adjacent(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x2000, 0x3000);
	kx_ranges_add(&rs, 0x3000, 0x4000); /* after */
	EXPECT(&rs, 0x2000, 0x4000);
	kx_ranges_add(&rs, 0x1000, 0x2000); /* before */
	EXPECT(&rs, 0x1000, 0x4000);
	/* Filling the gap between two ranges joins all three. */
	kx_ranges_add(&rs, 0x5000, 0x6000);
	EXPECT(&rs, 0x1000, 0x4000, 0x5000, 0x6000);
	kx_ranges_add(&rs, 0x4000, 0x5000);
	EXPECT(&rs, 0x1000, 0x6000);
	kx_ranges_free(&rs);
}

static void add_merges_overlapping(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x2000, 0x5000);
	kx_ranges_add(&rs, 0x4000, 0x8000); /* overlaps the top */
	EXPECT(&rs, 0x2000, 0x8000);
	kx_ranges_add(&rs, 0x1000, 0x3000); /* overlaps the bottom */
	EXPECT(&rs, 0x1000, 0x8000);
	kx_ranges_add(&rs, 0x3000, 0x4000); /* inside: no change */
	EXPECT(&rs, 0x1000, 0x8000);
	kx_ranges_add(&rs, 0x1000, 0x8000); /* identical */
	EXPECT(&rs, 0x1000, 0x8000);
	assert_int_equal(kx_ranges_total(&rs), 0x7000);
	kx_ranges_free(&rs);
}

/* One new range reaching over several old ones swallows them all, and
 * the ones beyond it stay where they were. */
static void add_swallows_several(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x1000, 0x2000);
	kx_ranges_add(&rs, 0x3000, 0x4000);
	kx_ranges_add(&rs, 0x5000, 0x6000);
	kx_ranges_add(&rs, 0x7000, 0x8000);
	kx_ranges_add(&rs, 0x9000, 0xa000);
	kx_ranges_add(&rs, 0xc000, 0xd000);
	/* From inside the second to the end of the fifth (touching). */
	assert_int_equal(kx_ranges_add(&rs, 0x3800, 0x9000), 0);
	EXPECT(&rs, 0x1000, 0x2000, 0x3000, 0xa000, 0xc000, 0xd000);
	/* From below everything to the middle of the gap: all but the last. */
	assert_int_equal(kx_ranges_add(&rs, 0x0, 0xb000), 0);
	EXPECT(&rs, 0x0, 0xb000, 0xc000, 0xd000);
	assert_int_equal(kx_ranges_total(&rs), 0xc000);
	kx_ranges_free(&rs);
}

/* Empty and reversed ranges add nothing. */
static void add_empty(void **state)
{
	struct kx_ranges rs = { 0 };

	assert_int_equal(kx_ranges_add(&rs, 0x1000, 0x1000), 0);
	assert_int_equal(kx_ranges_add(&rs, 0x2000, 0x1000), 0);
	assert_int_equal(rs.n, 0);
	assert_int_equal(kx_ranges_total(&rs), 0);
	kx_ranges_free(&rs);
}

/* Growing past the initial capacity keeps every range, in order. */
static void add_many(void **state)
{
	struct kx_ranges rs = { 0 };
	unsigned i;

	for (i = 100; i-- > 0;)
		assert_int_equal(kx_ranges_add(&rs, i * 0x10000ULL, i * 0x10000ULL + 0x1000), 0);
	assert_int_equal(rs.n, 100);
	assert_true(rs.cap >= 100);
	for (i = 0; i < 100; i++) {
		assert_int_equal(rs.r[i].start, i * 0x10000ULL);
		assert_int_equal(rs.r[i].end, i * 0x10000ULL + 0x1000);
	}
	assert_int_equal(kx_ranges_total(&rs), 100 * 0x1000);
	kx_ranges_free(&rs);
}

/* Full 64-bit addresses, up to the last page below 2^64. */
static void add_high(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x100000000ULL, 0x240000000ULL);
	kx_ranges_add(&rs, 0xfffffffffffff000ULL, 0xffffffffffffffffULL);
	kx_ranges_add(&rs, 0x100000, 0x80000000ULL);
	EXPECT(&rs, 0x100000, 0x80000000ULL, 0x100000000ULL, 0x240000000ULL,
	       0xfffffffffffff000ULL, 0xffffffffffffffffULL);
	assert_int_equal(kx_ranges_total(&rs),
			 (0x80000000ULL - 0x100000) + 0x140000000ULL + 0xfffULL);
	kx_ranges_free(&rs);
}

static void sub_split(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x100000, 0x40000000);
	kx_ranges_add(&rs, 0x50000000, 0x60000000);
	kx_ranges_sub(&rs, 0x3000000, 0x3100000);
	EXPECT(&rs, 0x100000, 0x3000000, 0x3100000, 0x40000000, 0x50000000, 0x60000000);
	assert_int_equal(kx_ranges_total(&rs),
			 0x40000000 - 0x100000 - 0x100000 + 0x10000000);
	kx_ranges_free(&rs);
}

/* Splitting when the array is full must grow it, not lose the top part. */
static void sub_split_at_capacity(void **state)
{
	struct kx_ranges rs = { 0 };
	unsigned i;

	for (i = 0; i < 16; i++)
		kx_ranges_add(&rs, i * 0x100000ULL, i * 0x100000ULL + 0x10000);
	assert_int_equal(rs.n, 16);
	assert_int_equal(rs.cap, 16);
	kx_ranges_sub(&rs, 15 * 0x100000ULL + 0x4000, 15 * 0x100000ULL + 0x5000);
	assert_int_equal(rs.n, 17);
	assert_int_equal(rs.r[15].start, 15 * 0x100000ULL);
	assert_int_equal(rs.r[15].end, 15 * 0x100000ULL + 0x4000);
	assert_int_equal(rs.r[16].start, 15 * 0x100000ULL + 0x5000);
	assert_int_equal(rs.r[16].end, 15 * 0x100000ULL + 0x10000);
	/* And the first one, so everything after it moves up. */
	kx_ranges_sub(&rs, 0x1000, 0x2000);
	assert_int_equal(rs.n, 18);
	assert_int_equal(rs.r[0].end, 0x1000);
	assert_int_equal(rs.r[1].start, 0x2000);
	assert_int_equal(rs.r[2].start, 0x100000);
	assert_int_equal(rs.r[17].start, 15 * 0x100000ULL + 0x5000);
	kx_ranges_free(&rs);
}

static void sub_trim_ends(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x10000, 0x20000);
	kx_ranges_sub(&rs, 0x8000, 0x12000);   /* the bottom, from below */
	EXPECT(&rs, 0x12000, 0x20000);
	kx_ranges_sub(&rs, 0x1e000, 0x30000);  /* the top, past the end */
	EXPECT(&rs, 0x12000, 0x1e000);
	kx_ranges_sub(&rs, 0x12000, 0x13000);  /* exactly at the start */
	EXPECT(&rs, 0x13000, 0x1e000);
	kx_ranges_sub(&rs, 0x1d000, 0x1e000);  /* exactly at the end */
	EXPECT(&rs, 0x13000, 0x1d000);
	kx_ranges_free(&rs);
}

/* One subtraction that trims the top of one range, removes the ones in
 * the middle and trims the bottom of the last. */
static void sub_across_several(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x1000, 0x3000);
	kx_ranges_add(&rs, 0x4000, 0x5000);
	kx_ranges_add(&rs, 0x6000, 0x7000);
	kx_ranges_add(&rs, 0x8000, 0xa000);
	kx_ranges_add(&rs, 0xc000, 0xd000);
	kx_ranges_sub(&rs, 0x2000, 0x9000);
	EXPECT(&rs, 0x1000, 0x2000, 0x9000, 0xa000, 0xc000, 0xd000);
	assert_int_equal(kx_ranges_total(&rs), 0x3000);
	kx_ranges_free(&rs);
}

static void sub_remove_whole(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x1000, 0x2000);
	kx_ranges_add(&rs, 0x3000, 0x4000);
	kx_ranges_add(&rs, 0x5000, 0x6000);
	kx_ranges_sub(&rs, 0x3000, 0x4000);    /* exactly the middle one */
	EXPECT(&rs, 0x1000, 0x2000, 0x5000, 0x6000);
	kx_ranges_sub(&rs, 0x0, 0x100000);     /* everything */
	assert_int_equal(rs.n, 0);
	assert_int_equal(kx_ranges_total(&rs), 0);
	kx_ranges_free(&rs);
}

static void sub_noop(void **state)
{
	struct kx_ranges rs = { 0 };

	kx_ranges_add(&rs, 0x1000, 0x2000);
	kx_ranges_add(&rs, 0x4000, 0x5000);
	kx_ranges_sub(&rs, 0x2000, 0x4000);    /* the gap, touching both */
	kx_ranges_sub(&rs, 0x0, 0x1000);       /* below, touching */
	kx_ranges_sub(&rs, 0x5000, 0x9000);    /* above, touching */
	kx_ranges_sub(&rs, 0x1800, 0x1800);    /* empty */
	kx_ranges_sub(&rs, 0x1800, 0x1000);    /* reversed */
	EXPECT(&rs, 0x1000, 0x2000, 0x4000, 0x5000);
	kx_ranges_free(&rs);

	/* On an empty set. */
	kx_ranges_sub(&rs, 0x0, 0x1000);
	assert_int_equal(rs.n, 0);
	kx_ranges_free(&rs);
}

static void total(void **state)
{
	struct kx_ranges rs = { 0 };

	assert_int_equal(kx_ranges_total(&rs), 0);
	kx_ranges_add(&rs, 0x100000, 0x40000000);
	kx_ranges_add(&rs, 0x1000, 0x9fc00);
	assert_int_equal(kx_ranges_total(&rs), (0x40000000 - 0x100000) + (0x9fc00 - 0x1000));
	kx_ranges_sub(&rs, 0x3000000, 0x3100000);
	assert_int_equal(kx_ranges_total(&rs),
			 (0x40000000 - 0x100000) + (0x9fc00 - 0x1000) - 0x100000);
	kx_ranges_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_disjoint_sorted),
		cmocka_unit_test(add_out_of_order),
		cmocka_unit_test(add_merges_adjacent),
		cmocka_unit_test(add_merges_overlapping),
		cmocka_unit_test(add_swallows_several),
		cmocka_unit_test(add_empty),
		cmocka_unit_test(add_many),
		cmocka_unit_test(add_high),
		cmocka_unit_test(sub_split),
		cmocka_unit_test(sub_split_at_capacity),
		cmocka_unit_test(sub_trim_ends),
		cmocka_unit_test(sub_across_several),
		cmocka_unit_test(sub_remove_whole),
		cmocka_unit_test(sub_noop),
		cmocka_unit_test(total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
