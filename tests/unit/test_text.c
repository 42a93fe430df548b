/* SPDX-License-Identifier: MIT */
/*
 * test_text.c - the hand-written parsers for /proc and /sys numbers
 * (core/plan/text.c): hex with and without 0x, decimals, overflow, iomem lines,
 * "Key:" values at line starts only.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "internal.h"

static void hex(void **state)
{
	uint64_t v = 7;

	assert_string_equal(kx_parse_hex("0x1f\n", &v), "\n");
	assert_int_equal(v, 0x1f);
	assert_string_equal(kx_parse_hex("3FFdffff-", &v), "-");
	assert_int_equal(v, 0x3ffdffff);
	assert_non_null(kx_parse_hex("ffffffffffffffff", &v));
	assert_int_equal(v, UINT64_MAX);
	v = 7;
	assert_null(kx_parse_hex("1ffffffffffffffff", &v)); /* 65 bits */
	assert_null(kx_parse_hex("", &v));
	assert_null(kx_parse_hex("zz", &v));
	assert_int_equal(v, 7);
	/* "0x" alone is a 0 followed by an x, as strtoull reads it. */
	assert_string_equal(kx_parse_hex("0xg", &v), "xg");
	assert_int_equal(v, 0);
}

static void dec(void **state)
{
	uint64_t v = 0;

	assert_string_equal(kx_parse_dec("1048576 kB", &v), " kB");
	assert_int_equal(v, 1048576);
	assert_non_null(kx_parse_dec("18446744073709551615", &v));
	assert_int_equal(v, UINT64_MAX);
	assert_null(kx_parse_dec("18446744073709551616", &v));
	assert_null(kx_parse_dec(" 1", &v));
}

static void iomem_line(void **state)
{
	uint64_t s, e;
	int depth;

	assert_string_equal(kx_parse_iomem("00100000-3ffdffff : System RAM", &s, &e, &depth),
			    "System RAM");
	assert_int_equal(s, 0x100000);
	assert_int_equal(e, 0x3ffdffff);
	assert_int_equal(depth, 0);
	assert_string_equal(kx_parse_iomem("    01000000-01ffffff : Kernel code", &s, &e, &depth),
			    "Kernel code");
	assert_int_equal(depth, 2);
	assert_null(kx_parse_iomem("00100000-0000ffff : backwards", &s, &e, &depth));
	assert_null(kx_parse_iomem("00100000 3ffdffff : no dash", &s, &e, &depth));
	assert_null(kx_parse_iomem("00100000-3ffdffff: no space", &s, &e, &depth));
	assert_null(kx_parse_iomem("", &s, &e, &depth));
}

static void key(void **state)
{
	const char *mi = "MemTotal:       1004012 kB\nMemFree: 5 kB\n"
			 "XMemAvailable: 9 kB\nMemAvailable:\t 42 kB\n";
	uint64_t v = 0;

	assert_int_equal(kx_parse_key(mi, "MemTotal:", &v), 0);
	assert_int_equal(v, 1004012);
	/* Only at a line start: XMemAvailable is not MemAvailable. */
	assert_int_equal(kx_parse_key(mi, "MemAvailable:", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(kx_parse_key(mi, "SwapTotal:", &v), -ENOENT);
	assert_int_equal(kx_parse_key("RssAnon: lots\n", "RssAnon:", &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hex),
		cmocka_unit_test(dec),
		cmocka_unit_test(iomem_line),
		cmocka_unit_test(key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
