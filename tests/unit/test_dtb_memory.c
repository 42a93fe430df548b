/* SPDX-License-Identifier: MIT */
/*
 * test_dtb_memory.c - /memory nodes (dtb/memory.c, fixup.c): counting,
 * copying the system's into a --dtb that has none (re-encoded between
 * cell sizes), leaving a tree that has them alone.
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

static const char sys64[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; model = \"system\";\n"
	"	memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x20000000>; "
	"numa-node-id = <0>; };\n"
	"	memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x10000000 0 "
	"0xa0000000 0 0x1000000>; };\n"
	"	memory@c0000000 { device_type = \"memory\"; status = \"disabled\"; reg = <0 "
	"0xc0000000 0 0x1000>; };\n"
	"	sram@10000000 { compatible = \"mmio-sram\"; reg = <0 0x10000000 0 0x1000>; };\n"
	"	chosen { };\n};\n";
static const char user32[] =
	"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; model = \"user\";\n"
	"	chosen { bootargs = \"console=ttyS0\"; };\n};\n";
static const char user_with_memory[] =
	"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; model = \"user\";\n"
	"	memory { device_type = \"memory\"; reg = <0x40000000 0x8000000>; };\n};\n";
static const char sys_high[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
	"	memory@880000000 { device_type = \"memory\"; reg = <0x8 0x80000000 0 0x1000>; };\n"
	"};\n";

static void *blob(const char *dts)
{
	size_t len;

	return t_dtc(dts, NULL, &len);
}

static void reg_is(const void *fdt, const char *path, unsigned n, const uint32_t *want)
{
	int node = fdt_path_offset(fdt, path), len;
	const unsigned char *p;

	if (node < 0)
		fail_msg("%s missing", path);
	p = fdt_getprop(fdt, node, "reg", &len);
	assert_non_null(p);
	assert_int_equal(len, 4 * n);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal((uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 |
				 p[4 * i + 3], want[i]);
}
#define REG(fdt, path, ...) do { \
	static const uint32_t w_[] = { __VA_ARGS__ }; \
	reg_is((fdt), (path), sizeof(w_) / 4, w_); \
} while (0)

static void count(void **state)
{
	void *s = blob(sys64), *u = blob(user32), *w = blob(user_with_memory);

	assert_int_equal(kx_dtb_count_memory(s), 2); /* disabled and sram not counted */
	assert_int_equal(kx_dtb_count_memory(u), 0);
	assert_int_equal(kx_dtb_count_memory(w), 1);
	free(w);
	w = blob("/dts-v1/;\n/ { a { device_type = \"memory\"; status = \"okay\"; };\n"
		 "	b { device_type = \"memory\"; status = \"ok\"; };\n"
		 "	c { device_type = \"memory\"; status = \"fail\"; };\n"
		 "	d { device_type = \"memory-x\"; };\n"
		 "	e { f { device_type = \"memory\"; }; };\n};\n");
	assert_int_equal(kx_dtb_count_memory(w), 2); /* only children of / */
	free(s);
	free(u);
	free(w);
}

static void copied_and_reencoded(void **state)
{
	void *s = blob(sys64), *u = t_dtc_open(user32, 1024);
	const char *first;
	int len, node;

	assert_int_equal(kx_dtb_copy_memory(u, s), 2);
	assert_int_equal(kx_dtb_count_memory(u), 2);
	REG(u, "/memory@40000000", 0x40000000, 0x20000000);
	REG(u, "/memory@80000000", 0x80000000, 0x10000000, 0xa0000000, 0x1000000);
	node = fdt_path_offset(u, "/memory@40000000");
	assert_string_equal(fdt_getprop(u, node, "device_type", &len), "memory");
	assert_non_null(fdt_getprop(u, node, "numa-node-id", &len));
	assert_int_equal(len, 4);
	assert_int_equal(fdt_path_offset(u, "/memory@c0000000"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(u, "/sram@10000000"), -FDT_ERR_NOTFOUND);
	/* The system's order is kept. */
	first = fdt_get_name(u, fdt_first_subnode(u, 0), NULL);
	assert_string_equal(first, "memory@40000000");
	assert_int_equal(kx_dtb_check(u, fdt_totalsize(u), NULL, 0), 0);
	/* Now it has some: a second call touches nothing. */
	assert_int_equal(kx_dtb_copy_memory(u, s), 0);
	assert_int_equal(kx_dtb_count_memory(u), 2);
	free(u);
	free(s);
}

static void left_alone(void **state)
{
	void *s = blob(sys64), *u = t_dtc_open(user_with_memory, 1024);
	size_t total = fdt_totalsize(u);
	void *copy = malloc(total);

	memcpy(copy, u, total);
	assert_int_equal(kx_dtb_copy_memory(u, s), 0);
	assert_memory_equal(u, copy, total);
	free(copy);
	free(u);
	free(s);
}

static void does_not_fit(void **state)
{
	void *s = blob(sys_high), *u = t_dtc_open(user32, 1024);

	assert_int_equal(kx_dtb_copy_memory(u, s), -KX_DTB_ERR_CELLS);
	assert_int_equal(kx_dtb_count_memory(u), 0);
	free(u);
	free(s);
	/* No room at all. */
	s = blob(sys64);
	u = t_dtc_open(user32, 0);
	assert_int_equal(kx_dtb_copy_memory(u, s), -FDT_ERR_NOSPACE);
	free(u);
	free(s);
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

/* A --dtb file without memory nodes, the system's tree from the fake root. */
static void fixup_copies(void **state)
{
	static char log[4096];
	struct kx_ctx ctx = { .debug = lines, .debug_arg = log };
	struct kx_dtb_fixup f = { .random = fake_random };
	struct kx_dtb in, sys, out;
	const char *root = t_tmpdir(), *path;
	size_t len;
	void *b;

	ctx.root = root;
	b = t_dtc(sys64, NULL, &len);
	t_write(root, "sys/firmware/fdt", b, len);
	free(b);
	b = t_dtc(user32, NULL, &len);
	path = t_write(root, "user.dtb", b, len);
	free(b);
	assert_int_equal(kx_dtb_read(&ctx, path, &in), 0);
	assert_int_equal(in.source, KX_DTB_SRC_FILE);
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.memory_copied, 2);
	REG(out.fdt, "/memory@80000000", 0x80000000, 0x10000000, 0xa0000000, 0x1000000);
	assert_non_null(
		strstr(log, ": no /memory nodes: 2 copied from the running system's tree\n"));
	kx_dtb_free(&out);

	/* The system tree handed in instead. */
	b = t_dtc(sys_high, "-p 64", &len);
	assert_int_equal(kx_dtb_from_mem(&ctx, "sys", b, len, &sys), 0);
	free(b);
	f.system = &sys;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), -EINVAL);
	assert_non_null(strstr(ctx.msg, "/user.dtb: copying /memory nodes: value does not fit "
			       "#address-cells/#size-cells"));
	assert_null(out.fdt);
	kx_dtb_free(&sys);
	kx_dtb_free(&in);
}

/* The system has no memory nodes (EFI boot) or no tree: said, not fatal. */
static void fixup_nothing_to_copy(void **state)
{
	static char log[4096];
	struct kx_ctx ctx = { .debug = lines, .debug_arg = log };
	struct kx_dtb_fixup f = { .random = fake_random };
	struct kx_dtb in, out, sys;
	const char *root = t_tmpdir(), *path;
	size_t len;
	void *b;

	ctx.root = root;
	b = t_dtc(user32, NULL, &len);
	path = t_write(root, "user.dtb", b, len);
	assert_int_equal(kx_dtb_read(&ctx, path, &in), 0);
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.memory_copied, 0);
	assert_int_equal(kx_dtb_count_memory(out.fdt), 0);
	assert_non_null(strstr(log, "/user.dtb: no /memory nodes, and no system tree to copy them "
			       "from (dtb: no device tree: no --dtb given, and neither "
			       "/sys/firmware/fdt nor /proc/device-tree exists)\n"));
	assert_int_equal(ctx.err, 0);
	kx_dtb_free(&out);
	kx_dtb_free(&in);
	/* The system's own tree is never completed from itself. */
	in.source = KX_DTB_SRC_FIRMWARE;
	assert_int_equal(kx_dtb_from_mem(&ctx, "/sys/firmware/fdt", b, len, &in), 0);
	in.source = KX_DTB_SRC_FIRMWARE;
	log[0] = 0;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.memory_copied, 0);
	assert_null(strstr(log, "memory"));
	kx_dtb_free(&out);
	kx_dtb_free(&in);
	/* A system tree without memory nodes either. */
	log[0] = 0;
	assert_int_equal(kx_dtb_from_mem(&ctx, "/sys/firmware/fdt", b, len, &sys), 0);
	in = sys; /* shares sys's blob: freed once, below */
	in.source = KX_DTB_SRC_FILE;
	f.system = &sys;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.memory_copied, 0);
	assert_string_equal(log, "dtb /sys/firmware/fdt: no /memory nodes, and the running "
				 "system's "
			    "tree has none either (an EFI boot?)\n");
	kx_dtb_free(&out);
	kx_dtb_free(&sys);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(count),
		cmocka_unit_test(copied_and_reencoded),
		cmocka_unit_test(left_alone),
		cmocka_unit_test(does_not_fit),
		cmocka_unit_test(fixup_copies),
		cmocka_unit_test(fixup_nothing_to_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
