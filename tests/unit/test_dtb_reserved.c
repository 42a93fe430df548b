/* SPDX-License-Identifier: MIT */
/*
 * test_dtb_reserved.c - /reserved-memory (dtb/reserved.c, fixup.c):
 * copying the running system's static reservations (what firmware such
 * as OpenSBI adds at boot) into a --dtb that lacks them, re-encoded
 * between cell sizes; leaving alone what the --dtb already reserves;
 * the ranges it keeps from the kernel (left out of a crash dump).
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

/* The running system: OpenSBI's node (no no-map, as QEMU's OpenSBI 1.1
 * writes it), a no-map carve-out, a dynamic pool, a disabled node. */
static const char sys[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
	"	memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x40000000>; };\n"
	"	reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"		mmode_resv0@80000000 { reg = <0 0x80000000 0 0x80000>; };\n"
	"		dsp@90000000 { reg = <0 0x90000000 0 0x100000>; no-map; };\n"
	"		pool { compatible = \"shared-dma-pool\"; size = <0 0x400000>; reusable; "
	"};\n"
	"		off@a0000000 { reg = <0 0xa0000000 0 0x1000>; status = \"disabled\"; };\n"
	"	};\n	chosen { };\n};\n";
/* A board file: 1-cell root, no /reserved-memory. */
static const char user32[] =
	"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; model = \"user\";\n"
	"	memory@80000000 { device_type = \"memory\"; reg = <0x80000000 0x40000000>; };\n"
	"	chosen { };\n};\n";
/* A board file that reserves the DSP itself (under another name) and has
 * its own OpenSBI node. */
static const char user_has[] =
	"/dts-v1/;\n/memreserve/ 0x90080000 0x1000;\n"
	"/ { #address-cells = <2>; #size-cells = <2>;\n"
	"	reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"		mmode_resv0@80000000 { reg = <0 0x80000000 0 0x40000>; };\n"
	"	};\n};\n";

static int node(const void *fdt, const char *path)
{
	int n = fdt_path_offset(fdt, path);

	if (n < 0)
		fail_msg("%s: %s", path, fdt_strerror(n));
	return n;
}

static void reg32(const void *fdt, const char *path, uint32_t a, uint32_t s)
{
	int len;
	const fdt32_t *r = fdt_getprop(fdt, node(fdt, path), "reg", &len);

	assert_non_null(r);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(r[0]), a);
	assert_int_equal(fdt32_to_cpu(r[1]), s);
}

static void copied(void **state)
{
	void *s = t_dtc_open(sys, 0), *u = t_dtc_open(user32, 4096);
	int len;

	assert_int_equal(kx_dtb_copy_reserved(u, s), 2);
	/* Created with the user's root cells and an empty ranges. */
	assert_int_equal(fdt_address_cells(u, node(u, "/reserved-memory")), 1);
	assert_int_equal(fdt_size_cells(u, node(u, "/reserved-memory")), 1);
	assert_non_null(fdt_getprop(u, node(u, "/reserved-memory"), "ranges", &len));
	assert_int_equal(len, 0);
	reg32(u, "/reserved-memory/mmode_resv0@80000000", 0x80000000, 0x80000);
	reg32(u, "/reserved-memory/dsp@90000000", 0x90000000, 0x100000);
	/* Every property goes along: no-map stays no-map. */
	assert_non_null(fdt_getprop(u, node(u, "/reserved-memory/dsp@90000000"), "no-map", &len));
	/* Dynamic and disabled nodes are the system's business. */
	assert_true(fdt_path_offset(u, "/reserved-memory/pool") == -FDT_ERR_NOTFOUND);
	assert_true(fdt_path_offset(u, "/reserved-memory/off@a0000000") == -FDT_ERR_NOTFOUND);
	/* A second pass finds them there and copies nothing. */
	assert_int_equal(kx_dtb_copy_reserved(u, s), 0);
	free(s);
	free(u);
}

static void left_alone(void **state)
{
	void *s = t_dtc_open(sys, 0), *u = t_dtc_open(user_has, 4096);
	const fdt32_t *r;
	int len;

	/* Same name (its own size kept) and memory the user's memreserve
	 * meets: nothing to copy. */
	assert_int_equal(kx_dtb_copy_reserved(u, s), 0);
	r = fdt_getprop(u, node(u, "/reserved-memory/mmode_resv0@80000000"), "reg", &len);
	assert_int_equal(len, 16);
	assert_int_equal(fdt32_to_cpu(r[3]), 0x40000);
	assert_true(fdt_path_offset(u, "/reserved-memory/dsp@90000000") == -FDT_ERR_NOTFOUND);
	free(u);
	/* No /reserved-memory in the system's tree: nothing either. */
	u = t_dtc_open(user32, 4096);
	assert_int_equal(kx_dtb_copy_reserved(u, u), 0);
	free(s);
	free(u);
}

static void errors(void **state)
{
	void *s, *u = t_dtc_open(user32, 4096);

	/* A reg that is not whole entries. */
	s = t_dtc_open(
		"/dts-v1/;\n"
		"/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
		"	x@0 { reg = <0 0x80000000 0>; }; }; };\n",
		0);
	assert_int_equal(kx_dtb_copy_reserved(u, s), -FDT_ERR_BADVALUE);
	free(s);
	/* An address the user's 1-cell root cannot hold. */
	s = t_dtc_open(
		"/dts-v1/;\n"
		"/ { reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
		"	x@100000000 { reg = <1 0 0 0x1000>; }; }; };\n",
		0);
	assert_int_equal(kx_dtb_copy_reserved(u, s), -KX_DTB_ERR_CELLS);
	free(s);
	/* No room. */
	free(u);
	u = t_dtc_open(user32, 0);
	s = t_dtc_open(sys, 0);
	assert_int_equal(kx_dtb_copy_reserved(u, s), -FDT_ERR_NOSPACE);
	free(s);
	free(u);
}

static int fake_random(void *buf, size_t n)
{
	memset(buf, 1, n);
	return 0;
}

static void lines(void *arg, const char *line)
{
	strcat(arg, line);
	strcat(arg, "\n");
}

/* Through kx_dtb_fixup with f.keep: a --dtb that has memory nodes still
 * gets the system's reservations; the system's own tree is left as is;
 * without f.keep nothing changes (arm64). */
static void through_fixup(void **state)
{
	static char log[4096];
	struct kx_ctx ctx = { .debug = lines, .debug_arg = log };
	struct kx_dtb_fixup f = { .random = fake_random, .keep = kx_dtb_copy_reserved };
	struct kx_dtb in, out;
	const char *root = t_tmpdir(), *path;
	size_t len;
	void *b;

	ctx.root = root;
	b = t_dtc(sys, NULL, &len);
	t_write(root, "sys/firmware/fdt", b, len);
	free(b);
	b = t_dtc(user32, NULL, &len);
	path = t_write(root, "board.dtb", b, len);
	free(b);
	assert_int_equal(kx_dtb_read(&ctx, path, &in), 0);
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.kept, 2);
	assert_int_equal(out.memory_copied, 0);
	reg32(out.fdt, "/reserved-memory/mmode_resv0@80000000", 0x80000000, 0x80000);
	assert_non_null(strstr(log, "/board.dtb: 2 node(s) the firmware added to the running "
				    "system's tree copied in\n"));
	kx_dtb_free(&out);
	f.keep = NULL;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.kept, 0);
	assert_true(fdt_path_offset(out.fdt, "/reserved-memory") == -FDT_ERR_NOTFOUND);
	kx_dtb_free(&out);
	kx_dtb_free(&in);
	/* No system tree: said under -d, not fatal. */
	log[0] = 0;
	ctx.root = t_tmpdir();
	f.keep = kx_dtb_copy_reserved;
	b = t_dtc(user32, NULL, &len);
	path = t_write(ctx.root, "board.dtb", b, len);
	free(b);
	assert_int_equal(kx_dtb_read(&ctx, path, &in), 0);
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.kept, 0);
	assert_non_null(strstr(log, "/board.dtb: no system tree to copy what its firmware added "
				    "from"));
	kx_dtb_free(&out);
	kx_dtb_free(&in);
}

/* A 1-cell tree, open in /reserved-memory. */
#define RM1 \
	"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n" \
	"  reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;\n"

/* What the running tree keeps from the kernel: OpenSBI's region and the
 * no-map carve-out; not the dynamic pool, not the disabled node, and not
 * a reusable region with a reg (CMA: the kernel's to lend). */
static void ranges(void **state)
{
	void *s = t_dtc_open(sys, 0), *r;
	struct kx_ranges got = { 0 };

	assert_int_equal(kx_dtb_reserved_ranges(s, &got), 0);
	t_expect_ranges(&got, 2, (const uint64_t[]){ 0x80000000, 0x80080000, 0x90000000,
						     0x90100000 });
	kx_ranges_free(&got);
	r = t_dtc_open(RM1 "    cma@88000000 { reg = <0x88000000 0x800000>; reusable; }; }; };\n",
		       0);
	assert_int_equal(kx_dtb_reserved_ranges(r, &got), 0);
	assert_int_equal(got.n, 0);
	free(r);
	r = t_dtc_open(RM1 "    odd { reg = <0x1 0x2 0x3>; }; }; };\n", 0);
	assert_int_equal(kx_dtb_reserved_ranges(r, &got), -FDT_ERR_BADVALUE);
	kx_ranges_free(&got);
	free(r);
	r = t_dtc_open("/dts-v1/;\n/ { };\n", 0);
	assert_int_equal(kx_dtb_reserved_ranges(r, &got), 0);
	assert_int_equal(got.n, 0);
	free(r);
	free(s);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(copied),
		cmocka_unit_test(left_alone),
		cmocka_unit_test(errors),
		cmocka_unit_test(ranges),
		cmocka_unit_test(through_fixup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
