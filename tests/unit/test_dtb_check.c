/* SPDX-License-Identifier: MIT */
/*
 * test_dtb_check.c - the gate (dtb/check.c): good trees pass; truncated,
 * bad magic, old versions (the libfdt 1.6.1 crash blob), bad
 * last_comp_version, totalsize and block layout problems, wrapping
 * offsets and misaligned buffers are refused with exact reasons.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"
#include "dtb.h"

/* A 220-byte blob (header version 4) that segfaults libfdt 1.6.1 inside
 * fdt_check_full (found by fuzzing; it reproduces without sanitizers). */
static const char crash_b64[] =
	"0A3+7QAAANsAAAA4AAAAvAAAACgAAAAEAAAAAAAAKAAAAAAfAAAAhAAAAAAAAAAAAAAAAAAAAAAAAAAB"
	"AAAAAAAAAAMAAAACAAAAAHgAAAAAAAABY2hvc2VuAAAAAAADAAAAAgAAAAZhAAAAAAAAAgAAAAFtZW1v"
	"cnlAMAAAAAAAIQAAAwAAAAcAAAAPbWVtb3IhAAADAAAABwAAAA9tZW1vcnkAAAAAAAMAAAAQAAAAGwAA"
	"AAAAAAAAAAAAAAAAEAAAAAACAAAAAgAAAAltb2RlbHR5cGUAcmVnAA==";

static const char dts[] =
	"/dts-v1/;\n"
	"/memreserve/ 0x44000000 0x100000;\n"
	"/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	model = \"gate\";\n"
	"	chosen { bootargs = \"console=ttyAMA0\"; };\n"
	"	memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x20000000>; };\n"
	"};\n";

static size_t b64(const char *in, unsigned char *out)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned acc = 0, bits = 0;
	size_t n = 0;

	for (; *in && *in != '='; in++) {
		acc = acc << 6 | (unsigned)(strchr(al, *in) - al);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n;
}

static void set32(void *blob, size_t off, uint32_t v)
{
	unsigned char *b = blob;

	b[off] = v >> 24;
	b[off + 1] = v >> 16;
	b[off + 2] = v >> 8;
	b[off + 3] = v;
}

static unsigned char *good(size_t *len)
{
	return t_dtc(dts, NULL, len);
}

/* Refused with exactly this code and reason. */
static void refused(const void *blob, size_t len, int code, const char *why)
{
	char w[192] = "";

	assert_int_equal(kx_dtb_check(blob, len, w, sizeof(w)), code);
	assert_string_equal(w, why);
}

static void good_tree(void **state)
{
	char w[192] = "untouched";
	size_t len;
	unsigned char *b = good(&len);

	assert_int_equal(kx_dtb_check(b, len, w, sizeof(w)), 0);
	assert_string_equal(w, "untouched");
	assert_int_equal(kx_dtb_check(b, len, NULL, 0), 0);
	free(b);
	/* Version 16 has no size_dt_struct and still passes. */
	b = t_dtc(dts, "-V 16", &len);
	assert_int_equal(fdt_version(b), 16);
	assert_int_equal(kx_dtb_check(b, len, NULL, 0), 0);
	free(b);
}

static void truncated(void **state)
{
	size_t len;
	unsigned char *b = good(&len);
	char why[96];

	refused(b, 39, -FDT_ERR_TRUNCATED, "39 bytes is too short for a device tree header (40)");
	refused(NULL, 0, -FDT_ERR_TRUNCATED, "0 bytes is too short for a device tree header (40)");
	snprintf(why, sizeof(why), "totalsize %zu is larger than the %zu bytes given", len,
		 len - 1);
	refused(b, len - 1, -FDT_ERR_TRUNCATED, why);
	free(b);
}

static void bad_magic(void **state)
{
	size_t len;
	unsigned char *b = good(&len);

	b[0] = 0x7f;
	refused(b, len, -FDT_ERR_BADMAGIC, "bad magic 0x7f0dfeed, not a device tree blob");
	free(b);
}

static void libfdt_crash_blob(void **state)
{
	unsigned char *b = aligned_alloc(8, 256);
	struct kx_ctx ctx = { 0 };
	struct kx_dtb d;
	size_t len = b64(crash_b64, b);

	assert_int_equal(len, 220);
	refused(b, len, -FDT_ERR_BADVERSION, "version 4 is older than 16");
	assert_int_equal(kx_dtb_from_mem(&ctx, "fuzz.dtb", b, len, &d), -EINVAL);
	assert_string_equal(ctx.msg, "dtb fuzz.dtb: version 4 is older than 16");
	assert_null(d.fdt);
	/* As 16 and 17 the same bytes are refused too, without a crash. */
	set32(b, 20, 16);
	assert_true(kx_dtb_check(b, len, NULL, 0) < 0);
	set32(b, 20, 17);
	assert_true(kx_dtb_check(b, len, NULL, 0) < 0);
	free(b);
}

static void last_comp_version(void **state)
{
	size_t len;
	unsigned char *b = good(&len);

	set32(b, 24, 18);
	refused(b, len, -FDT_ERR_BADVERSION, "last compatible version 18 is newer than 17");
	set32(b, 20, 16);
	set32(b, 24, 17);
	refused(b, len, -FDT_ERR_BADVERSION, "last compatible version 17 is newer than its version "
					     "16");
	free(b);
}

static void totalsize_beyond_length(void **state)
{
	size_t len;
	unsigned char *b = good(&len);
	char why[96];

	set32(b, 4, len + 8);
	snprintf(why, sizeof(why), "totalsize %zu is larger than the %zu bytes given", len + 8,
		 len);
	refused(b, len, -FDT_ERR_TRUNCATED, why);
	set32(b, 4, 39);
	refused(b, len, -FDT_ERR_TRUNCATED, "totalsize 39 is smaller than the header");
	free(b);
}

static void block_outside(void **state)
{
	size_t len;
	unsigned char *b = good(&len);
	uint32_t str = fdt_off_dt_strings(b), st = fdt_off_dt_struct(b);
	char why[128];

	set32(b, 32, len - str + 1); /* size_dt_strings one past the end */
	snprintf(why, sizeof(why), "strings block 0x%x-0x%zx ends beyond totalsize %zu", str,
		 len + 1, len);
	refused(b, len, -FDT_ERR_TRUNCATED, why);
	free(b);

	b = good(&len);
	set32(b, 36, ((len - st) | 3) + 1); /* size_dt_struct, 4-byte multiple */
	snprintf(why, sizeof(why), "structure block 0x%x-0x%zx ends beyond totalsize %zu", st,
		 st + ((len - st) | 3) + 1, len);
	refused(b, len, -FDT_ERR_TRUNCATED, why);
	free(b);
}

static void wrapping_offsets(void **state)
{
	size_t len;
	unsigned char *b = good(&len);
	char why[128];

	/* 0xfffffff0 + 0x20 is 0x10 in 32 bits: must not look inside. */
	set32(b, 12, 0xfffffff0);
	set32(b, 32, 0x20);
	snprintf(why, sizeof(why), "strings block 0xfffffff0-0x100000010 ends beyond totalsize %zu",
		 len);
	refused(b, len, -FDT_ERR_TRUNCATED, why);
	free(b);
	b = good(&len);
	set32(b, 8, 0xfffffffc);
	set32(b, 36, 8);
	snprintf(why, sizeof(why), "structure block 0xfffffffc-0x100000004 ends beyond totalsize "
				   "%zu", len);
	refused(b, len, -FDT_ERR_TRUNCATED, why);
	free(b);
}

static void misaligned_blocks(void **state)
{
	size_t len;
	unsigned char *b = good(&len);

	set32(b, 16, 0x2c);
	refused(b, len, -FDT_ERR_BADLAYOUT, "memory reservation map at 0x2c is not 8-byte aligned");
	free(b);
	b = good(&len);
	set32(b, 8, fdt_off_dt_struct(b) + 2);
	assert_int_equal(kx_dtb_check(b, len, NULL, 0), -FDT_ERR_BADLAYOUT);
	free(b);
	b = good(&len);
	set32(b, 12, fdt_off_dt_struct(b)); /* strings on top of structure */
	refused(b, len, -FDT_ERR_BADLAYOUT, "structure block overlaps the strings block");
	free(b);
	b = good(&len);
	set32(b, 16, 0x20); /* map inside the header */
	refused(b, len, -FDT_ERR_BADLAYOUT, "memory reservation map at 0x20 overlaps the header");
	free(b);
}

static void unterminated_rsvmap(void **state)
{
	size_t len, i;
	unsigned char *b = good(&len);
	char why[128];

	/* Every reservation entry non-empty up to the end of the blob. */
	for (i = fdt_off_mem_rsvmap(b); i + 16 <= len; i += 16)
		set32(b, i + 12, 0x1000);
	snprintf(why, sizeof(why), "memory reservation map at 0x%x has no end inside totalsize %zu",
		 fdt_off_mem_rsvmap(b), len);
	refused(b, len, -FDT_ERR_TRUNCATED, why);
	free(b);
}

static void libfdt_checks_structure(void **state)
{
	size_t len;
	unsigned char *b = good(&len);

	set32(b, fdt_off_dt_struct(b), 0x77); /* not FDT_BEGIN_NODE */
	refused(b, len, -FDT_ERR_BADSTRUCTURE, "corrupt structure block (FDT_ERR_BADSTRUCTURE)");
	free(b);
}

/* Version 16: libfdt reads names past size_dt_strings, fdt_open_into
 * would drop them (a fuzz finding): refused. */
static void v16_names_outside(void **state)
{
	size_t len;
	unsigned char *b = t_dtc(dts, "-V 16", &len);

	set32(b, 32, 15); /* just "#address-cells" */
	refused(b, len, -FDT_ERR_BADSTRUCTURE, "property name at 0xf is outside the strings block");
	set32(b, 32, 14); /* its NUL outside */
	refused(b, len, -FDT_ERR_BADSTRUCTURE, "property name at 0x0 is outside the strings block");
	set32(b, 32, 0);
	refused(b, len, -FDT_ERR_BADSTRUCTURE, "property name at 0x0 is outside the strings block");
	free(b);
}

static void misaligned_buffer(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t len;
	unsigned char *b = good(&len), *raw = malloc(len + 8), *odd = raw + 1;
	struct kx_dtb d;

	memcpy(odd, b, len);
	assert_int_equal(kx_dtb_check_header(odd, len, NULL, 0), 0);
	refused(odd, len, -FDT_ERR_ALIGNMENT, "buffer is not 8-byte aligned");
	/* kx_dtb_from_mem copies to an aligned buffer. */
	assert_int_equal(kx_dtb_from_mem(&ctx, "odd", odd, len, &d), 0);
	assert_int_equal((uintptr_t)d.fdt % 8, 0);
	assert_int_equal(d.source, KX_DTB_SRC_MEM);
	assert_string_equal(d.name, "odd");
	assert_memory_equal(d.fdt, b, len);
	kx_dtb_free(&d);
	assert_null(d.fdt);
	free(raw);
	free(b);
}

static void too_big(void **state)
{
	struct kx_ctx ctx = { 0 };
	size_t len, big = KX_DTB_MAX + 4096;
	unsigned char *b = good(&len), *huge = calloc(1, big);
	struct kx_dtb d;

	memcpy(huge, b, len);
	set32(huge, 4, big);
	refused(huge, big, -KX_DTB_ERR_TOOBIG, "totalsize 67112960 is larger than 67108864");
	assert_int_equal(kx_dtb_from_mem(&ctx, "huge.dtb", huge, big, &d), -EFBIG);
	assert_string_equal(ctx.msg, "dtb huge.dtb: totalsize 67112960 is larger than 67108864");
	free(huge);
	free(b);
}

/* Header mutations: whatever passes the gate must survive libfdt. */
static void mutations(void **state)
{
	size_t len, i;
	unsigned char *b = good(&len), *m = malloc(len), *buf = malloc(len + 8192);
	uint32_t x = 12345;
	int passed = 0;

	for (i = 0; i < 4000; i++) {
		memcpy(m, b, len);
		x = x * 1103515245 + 12345;
		m[(x >> 8) % 40] ^= (unsigned char)(1u << ((x >> 4) % 8));
		x = x * 1103515245 + 12345;
		m[(x >> 8) % len] = (unsigned char)(x >> 20);
		if (kx_dtb_check(m, len, NULL, 0))
			continue;
		passed++;
		assert_int_equal(fdt_open_into(m, buf, len + 8192), 0);
		assert_true(kx_dtb_set_bootargs(buf, "x") == 0);
		assert_true(kx_dtb_set_initrd(buf, 0x48000000, 0x1000) >= -KX_DTB_ERR_ARG);
	}
	assert_true(passed > 0);
	free(buf);
	free(m);
	free(b);
}

static void strerror_words(void **state)
{
	assert_string_equal(kx_dtb_strerror(0), "no error");
	assert_string_equal(kx_dtb_strerror(-FDT_ERR_NOSPACE),
			    "no room left in the tree's buffer (FDT_ERR_NOSPACE)");
	assert_string_equal(kx_dtb_strerror(FDT_ERR_BADVERSION),
			    "unsupported device tree version (FDT_ERR_BADVERSION)");
	assert_string_equal(kx_dtb_strerror(-KX_DTB_ERR_CELLS),
			    "value does not fit #address-cells/#size-cells");
	assert_string_equal(kx_dtb_strerror(-KX_DTB_ERR_TOOBIG), "device tree larger than 64 MiB");
	assert_string_equal(kx_dtb_strerror(-KX_DTB_ERR_ARG), "argument out of range");
	assert_string_equal(kx_dtb_strerror(-40), "unknown device tree error");
	assert_string_equal(kx_dtb_strerror(-2147483647 - 1), "unknown device tree error");
	for (int i = 1; i <= FDT_ERR_MAX; i++)
		assert_non_null(strstr(kx_dtb_strerror(-i), "FDT_ERR_"));
}

/* A name twice in one node (libfdt's sequential writer does not check)
 * is refused, naming the node and the property, whether the copies are
 * among a node's first properties or hundreds apart (the gate checks
 * big nodes in passes of 512).  The same name in two nodes is fine. */
static unsigned char *props_tree(unsigned n, int dup_a, int dup_b, size_t *len)
{
	size_t size = 64 * 1024;
	unsigned char *fdt = malloc(size);
	char name[32];
	unsigned i;

	assert_non_null(fdt);
	assert_int_equal(fdt_create(fdt, (int)size), 0);
	assert_int_equal(fdt_finish_reservemap(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, ""), 0);
	assert_int_equal(fdt_begin_node(fdt, "big"), 0);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "p%u", (int)i == dup_b ? (unsigned)dup_a : i);
		assert_int_equal(fdt_property_u32(fdt, name, i), 0);
	}
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_begin_node(fdt, "other"), 0);
	assert_int_equal(fdt_property_u32(fdt, "p1", 1), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_end_node(fdt), 0);
	assert_int_equal(fdt_finish(fdt), 0);
	*len = fdt_totalsize(fdt);
	return fdt;
}

static void dup_properties(void **state)
{
	static const int pairs[][2] = {
		{ 0, 1 }, { 3, 511 }, { 5, 600 }, { 700, 1999 }, { 1500, 1501 }
	};
	unsigned char *b;
	size_t len, i;
	char want[96];

	b = t_dup_chosen_tree(0x40000000, &len);
	refused(b, len, -KX_DTB_ERR_DUPPROP,
		"node /chosen: property \"linux,initrd-start\" appears twice (a name may appear "
		"once in a node)");
	free(b);
	b = props_tree(2000, -1, -1, &len);
	assert_int_equal(kx_dtb_check(b, len, NULL, 0), 0);
	free(b);
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		b = props_tree(2000, pairs[i][0], pairs[i][1], &len);
		snprintf(want, sizeof(want), "node /big: property \"p%d\" appears twice (a name "
					     "may appear once in a node)",
			 pairs[i][0]);
		refused(b, len, -KX_DTB_ERR_DUPPROP, want);
		free(b);
	}
	assert_string_equal(kx_dtb_strerror(-KX_DTB_ERR_DUPPROP),
			    "a property name appears twice in a node");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_tree),
		cmocka_unit_test(truncated),
		cmocka_unit_test(bad_magic),
		cmocka_unit_test(libfdt_crash_blob),
		cmocka_unit_test(last_comp_version),
		cmocka_unit_test(totalsize_beyond_length),
		cmocka_unit_test(block_outside),
		cmocka_unit_test(wrapping_offsets),
		cmocka_unit_test(misaligned_blocks),
		cmocka_unit_test(unterminated_rsvmap),
		cmocka_unit_test(libfdt_checks_structure),
		cmocka_unit_test(v16_names_outside),
		cmocka_unit_test(dup_properties),
		cmocka_unit_test(misaligned_buffer),
		cmocka_unit_test(too_big),
		cmocka_unit_test(mutations),
		cmocka_unit_test(strerror_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
