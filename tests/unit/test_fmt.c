/* SPDX-License-Identifier: MIT */
/*
 * test_fmt.c - core/report/fmt.c, the printf subset, against the host's printf:
 * every conversion, flag and length the code base uses with edge values,
 * snprintf's truncation rules, streams, the "%?" stop for anything else,
 * and kx_tenths against "%.1f" (ties included).
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "internal.h"

/* The same format and arguments through both, compared whole. */
#define SAME(...) do { \
	char want_[256], got_[256]; \
	int wn_ = snprintf(want_, sizeof(want_), __VA_ARGS__); \
	int gn_ = kx_snprintf(got_, sizeof(got_), __VA_ARGS__); \
	assert_string_equal(got_, want_); \
	assert_int_equal(gn_, wn_); \
} while (0)

static void conversions(void **state)
{
	SAME("plain text, no conversion");
	SAME("100%% sure");
	SAME("%s|%s|%s", "a", "", "long string with spaces");
	SAME("%c%c%c", 'k', 'x', '"');
	SAME("%d %d %d %d %d", 0, 1, -1, INT_MAX, INT_MIN);
	SAME("%ld %ld %ld", 0L, LONG_MAX, LONG_MIN);
	SAME("%lld %lld", LLONG_MAX, LLONG_MIN);
	SAME("%u %u %u", 0u, 7u, UINT_MAX);
	SAME("%lu %llu", ULONG_MAX, ULLONG_MAX);
	SAME("%zu %zu", (size_t)0, SIZE_MAX);
	SAME("%x %x %x", 0u, 0xdeadbeefu, UINT_MAX);
	SAME("%lx %llx %zx", ULONG_MAX, 0x123456789abcdefULL, (size_t)0x1f1);
	SAME("0x%09llx-0x%09llx", 0x1000ULL, 0x13fff4000ULL);
	SAME("0x%09llx", 0x123456789abcULL); /* wider than the field */
	SAME("%2u|%2u|%2u", 0u, 15u, 123u);
	SAME("%02u.%02u", 2u, 5u);
	SAME("%08x %04x", 0xd00dfeedu, 0x1fu);
	SAME("%05d|%05d|%-5d|%5d", -42, 42, -42, -42);
	SAME("%-11s|%-11s|", "kernel", "boot_params_long");
	SAME("%10s|%10s|", "4.0 KiB", "0123456789abc");
	SAME("%-3c|%3c|", 'a', 'b');
	SAME("%s%s%s", "", "", ""); /* empty output */
}

static void truncation(void **state)
{
	char b[8];

	memset(b, 'z', sizeof(b));
	assert_int_equal(kx_snprintf(b, 5, "%s", "abcdefgh"), 8);
	assert_string_equal(b, "abcd");
	assert_int_equal(b[5], 'z'); /* nothing written past len */
	assert_int_equal(kx_snprintf(b, 1, "%d", 12345), 5);
	assert_string_equal(b, "");
	/* Measuring only, as dtb/diff.c does. */
	assert_int_equal(kx_snprintf(NULL, 0, "%s=%u", "cells", 2u), 7);
	memset(b, 'z', sizeof(b));
	assert_int_equal(kx_snprintf(b, 0, "x"), 1);
	assert_int_equal(b[0], 'z');
	/* A field cut in the middle of its padding. */
	assert_int_equal(kx_snprintf(b, sizeof(b), "%10s", "ab"), 10);
	assert_string_equal(b, "       ");
}

static int via_v(char *b, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int via_v(char *b, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = kx_vsnprintf(b, n, fmt, ap);
	va_end(ap);
	return r;
}

static void va_list_form(void **state)
{
	char b[64];

	assert_int_equal(
		via_v(b, sizeof(b), "%s: %d of %zu (0x%llx)", "seg", 3, (size_t)16, 0xfeULL), 19);
	assert_string_equal(b, "seg: 3 of 16 (0xfe)");
}

static void stream(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(kx_fprintf(f, "%-4s|%3u|0x%x\n", "ab", 7u, 255u), 14);
	assert_int_equal(kx_fprintf(f, "%s", "tail"), 4);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(text, "ab  |  7|0xff\ntail");
	free(text);
}

/* Anything outside the subset stops the output where it is, before an
 * argument of the wrong type is read.  The formats are hidden from the
 * compiler's format check on purpose. */
static void unsupported(void **state)
{
	const char *fmt[] = {
		"a %.1f b %s", "a %5.2s b", "a %p", "a %*d", "a %hd", "a %zd", "end %"
	};
	const char *want[] = { "a %?", "a %?", "a %?", "a %?", "a %?", "a %?", "end %?" };
	char b[32];
	size_t i;

	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		kx_snprintf(b, sizeof(b), fmt[i], 1.5, "never read");
		assert_string_equal(b, want[i]);
	}
}

static void tenths_one(uint64_t v, unsigned shift)
{
	char want[32], got[24];

	snprintf(want, sizeof(want), "%.1f", (double)v / (double)(1ULL << shift));
	assert_string_equal(kx_tenths(got, v, shift), want);
}

static void tenths(void **state)
{
	uint64_t v;
	unsigned i;

	/* Every fraction of a KiB and the ties (x.x5 exactly) around them. */
	for (v = 0; v < 4 << 10; v++)
		tenths_one(v, 10);
	for (v = 0; v < 64; v++) {
		tenths_one((v << 20) + (1 << 19), 20);         /* .5: tie, even */
		tenths_one((v << 20) + 104857 * 2 + 52429, 20); /* near .25 */
		tenths_one((v << 20) + (1 << 18), 20);         /* .25 exactly */
		tenths_one((v << 20) + 3 * (1 << 18), 20);     /* .75 exactly */
		tenths_one((v << 20) + (1 << 20) - 1, 20);     /* rounds up to v+1 */
	}
	/* Sizes as the reports see them, up to 2^52. */
	srand(1);
	for (i = 0; i < 100000; i++) {
		v = ((uint64_t)rand() << 31 | (uint64_t)rand()) & ((1ULL << (i % 52 + 1)) - 1);
		tenths_one(v, 20);
		tenths_one(v, 10);
	}
	tenths_one(66666666, 20);
	tenths_one(4096, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conversions),
		cmocka_unit_test(truncation),
		cmocka_unit_test(va_list_form),
		cmocka_unit_test(stream),
		cmocka_unit_test(unsupported),
		cmocka_unit_test(tenths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
