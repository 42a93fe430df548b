/* SPDX-License-Identifier: MIT */
/*
 * test_dtb_crash.c - the crash kernel's properties (dtb/crash.c):
 * linux,elfcorehdr and linux,usable-memory-range with 1 and 2 ranges in
 * 32- and 64-bit cells, byte for byte; refusals change nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"
#include "dtb.h"

static const char dts64[] =
	"/dts-v1/;\n/memreserve/ 0x10000000 0x1000;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; chosen { bootargs = \"x\"; }; };\n";
static const char dts32[] =
	"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; };\n";
static const char dts_mixed[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <1>; };\n";

/* /chosen/name is exactly these big-endian u32 cells. */
static void cells(const void *fdt, const char *name, unsigned n, const uint32_t *want)
{
	int node = fdt_path_offset(fdt, "/chosen"), len;
	const unsigned char *p;

	assert_true(node > 0);
	p = fdt_getprop(fdt, node, name, &len);
	if (!p)
		fail_msg("/chosen/%s missing", name);
	assert_int_equal(len, 4 * n);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal((uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 |
				 p[4 * i + 3], want[i]);
}
#define CELLS(fdt, name, ...) do { \
	static const uint32_t w_[] = { __VA_ARGS__ }; \
	cells((fdt), (name), sizeof(w_) / 4, w_); \
} while (0)

static void one_range_64(void **state)
{
	struct kx_range r[1] = { { 0x880000000ull, 0x8a0000000ull } };
	void *f = t_dtc_open(dts64, 512);
	uint64_t a, s;

	assert_int_equal(kx_dtb_set_crash(f, 0x89f000000ull, 0x10000, r, 1), 0);
	CELLS(f, "linux,elfcorehdr", 0x8, 0x9f000000, 0, 0x10000);
	CELLS(f, "linux,usable-memory-range", 0x8, 0x80000000, 0, 0x20000000);
	/* The header is reserved too, after what was there. */
	assert_int_equal(fdt_num_mem_rsv(f), 2);
	assert_int_equal(fdt_get_mem_rsv(f, 1, &a, &s), 0);
	assert_int_equal(a, 0x89f000000ull);
	assert_int_equal(s, 0x10000);
	free(f);
}

static void two_ranges_64(void **state)
{
	struct kx_range r[2] = { { 0x880000000ull, 0x8a0000000ull }, { 0x30000000, 0x38000000 } };
	void *f = t_dtc_open(dts64, 512);

	assert_int_equal(kx_dtb_set_crash(f, 0x89f000000ull, 0x10000, r, 2), 0);
	CELLS(f, "linux,usable-memory-range", 0x8, 0x80000000, 0, 0x20000000,
	      0, 0x30000000, 0, 0x8000000);
	/* Set again with one range: replaced, not appended. */
	assert_int_equal(kx_dtb_set_crash(f, 0x89f000000ull, 0x10000, r + 1, 1), 0);
	CELLS(f, "linux,usable-memory-range", 0, 0x30000000, 0, 0x8000000);
	assert_int_equal(fdt_num_mem_rsv(f), 2);
	free(f);
}

static void ranges_32(void **state)
{
	struct kx_range r[2] = { { 0x60000000, 0x70000000 }, { 0x30000000, 0x31000000 } };
	void *f = t_dtc_open(dts32, 512);

	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 1), 0);
	CELLS(f, "linux,elfcorehdr", 0x6ff00000, 0x1000);
	CELLS(f, "linux,usable-memory-range", 0x60000000, 0x10000000);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 2), 0);
	CELLS(f, "linux,usable-memory-range", 0x60000000, 0x10000000, 0x30000000, 0x1000000);
	free(f);
	f = t_dtc_open(dts_mixed, 512);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 2), 0);
	CELLS(f, "linux,elfcorehdr", 0, 0x6ff00000, 0x1000);
	CELLS(f, "linux,usable-memory-range", 0, 0x60000000, 0x10000000, 0, 0x30000000, 0x1000000);
	free(f);
}

static void refusals(void **state)
{
	struct kx_range r[3] = { { 0x60000000, 0x70000000 }, { 0x100000000ull, 0x110000000ull },
				 { 0x5000, 0x5000 } };
	void *f = t_dtc_open(dts32, 512);
	size_t total = fdt_totalsize(f);
	void *copy = malloc(total);

	memcpy(copy, f, total);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 0), -KX_DTB_ERR_ARG);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 3), -KX_DTB_ERR_ARG);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, NULL, 1), -KX_DTB_ERR_ARG);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r + 2, 1), -KX_DTB_ERR_ARG);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0, r, 1), -KX_DTB_ERR_ARG);
	assert_int_equal(kx_dtb_set_crash(f, UINT64_MAX, 2, r, 1), -KX_DTB_ERR_ARG);
	/* 32-bit cells cannot say 4 GiB. */
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 2), -KX_DTB_ERR_CELLS);
	assert_int_equal(kx_dtb_set_crash(f, 0x16ff00000ull, 0x1000, r, 1), -KX_DTB_ERR_CELLS);
	assert_memory_equal(f, copy, total);
	free(copy);
	free(f);
	f = t_dtc_open("/dts-v1/;\n/ { #size-cells = <3>; };\n", 512);
	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 1), -FDT_ERR_BADNCELLS);
	free(f);
}

static void deleted(void **state)
{
	struct kx_range r[1] = { { 0x60000000, 0x70000000 } };
	void *f = t_dtc_open(dts32, 512);
	int len;

	assert_int_equal(kx_dtb_set_crash(f, 0x6ff00000, 0x1000, r, 1), 0);
	assert_int_equal(kx_dtb_del_crash(f), 0);
	assert_null(fdt_getprop(f, fdt_path_offset(f, "/chosen"), "linux,elfcorehdr", &len));
	assert_null(
		fdt_getprop(f, fdt_path_offset(f, "/chosen"), "linux,usable-memory-range", &len));
	assert_int_equal(kx_dtb_del_crash(f), 0);
	free(f);
}

static int fake_random(void *buf, size_t n)
{
	memset(buf, 0x5a, n);
	return 0;
}

static void fixup_crash(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_dtb in, out;
	struct kx_dtb_fixup f = {
		.bootargs = "maxcpus=1 reset_devices", .crash = 1,
		.elfcorehdr = 0x89f000000ull, .elfcorehdr_size = 0x10000,
		.usable = { { 0x880000000ull, 0x8a0000000ull }, { 0x30000000, 0x38000000 } },
		.nusable = 2, .random = fake_random,
	};
	size_t len;
	void *b = t_dtc(dts64, NULL, &len);

	assert_int_equal(kx_dtb_from_mem(&ctx, "sys", b, len, &in), 0);
	in.source = KX_DTB_SRC_FIRMWARE;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	CELLS(out.fdt, "linux,elfcorehdr", 0x8, 0x9f000000, 0, 0x10000);
	CELLS(out.fdt, "linux,usable-memory-range", 0x8, 0x80000000, 0, 0x20000000,
	      0, 0x30000000, 0, 0x8000000);
	assert_int_equal(fdt_num_mem_rsv(out.fdt), 2);
	kx_dtb_free(&out);
	f.nusable = 0;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), -EINVAL);
	assert_string_equal(ctx.msg, "dtb sys: setting linux,elfcorehdr and "
			    "linux,usable-memory-range: argument out of range");
	kx_dtb_free(&in);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_range_64),
		cmocka_unit_test(two_ranges_64),
		cmocka_unit_test(ranges_32),
		cmocka_unit_test(refusals),
		cmocka_unit_test(deleted),
		cmocka_unit_test(fixup_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
