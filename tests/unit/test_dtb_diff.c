/* SPDX-License-Identifier: MIT */
/*
 * test_dtb_diff.c - the --dry-run -d summary (dtb/diff.c): exact text
 * for a normal load, a crash load, a --dtb given memory nodes, a tree
 * that gains /chosen; snprintf-like truncation; no seed ever printed.
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

static const char board[] =
	"/dts-v1/;\n"
	"/memreserve/ 0x10000000 0x1000;\n"
	"/memreserve/ 0x44000000 0x100000;\n"
	"/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	chosen {\n"
	"		bootargs = \"console=ttyAMA0 root=/dev/vda\";\n"
	"		linux,initrd-start = <0x0 0x44000000>;\n"
	"		linux,initrd-end = <0x0 0x44100000>;\n"
	"		linux,usable-memory-range = <0x0 0x80000000 0x0 0x10000000>;\n"
	"		kaslr-seed = <0x0 0x0>;\n"
	"		stdout-path = \"serial0\";\n"
	"	};\n"
	"};\n";

static int fake_random(void *buf, size_t n)
{
	memset(buf, 0x77, n);
	return 0;
}

/* kx_dtb_from_mem + kx_dtb_fixup, as the firmware's own tree. */
static void fixed(const char *dts, enum kx_dtb_source src, const struct kx_dtb_fixup *f,
		  struct kx_dtb *in, struct kx_dtb *out)
{
	struct kx_ctx ctx = { 0 };
	size_t len;
	void *b = t_dtc(dts, NULL, &len);

	assert_int_equal(kx_dtb_from_mem(&ctx, "board.dtb", b, len, in), 0);
	in->source = src;
	assert_int_equal(kx_dtb_fixup(&ctx, in, f, out), 0);
	free(b);
}

static void normal_load(void **state)
{
	struct kx_dtb_fixup f = { .bootargs = "root=/dev/vdb", .initrd_start = 0x48000000,
				  .initrd_size = 0x200000, .random = fake_random };
	struct kx_dtb in, out;
	char buf[2048];
	int n;

	fixed(board, KX_DTB_SRC_FIRMWARE, &f, &in, &out);
	n = kx_dtb_diff(in.fdt, out.fdt, buf, sizeof(buf));
	assert_string_equal(buf,
		"chosen: bootargs: \"console=ttyAMA0 root=/dev/vda\" -> \"root=/dev/vdb\"\n"
		"chosen: linux,initrd-start: 0x44000000 -> 0x48000000\n"
		"chosen: linux,initrd-end: 0x44100000 -> 0x48200000\n"
		"chosen: linux,usable-memory-range: 0x80000000+0x10000000 -> (none)\n"
		"chosen: kaslr-seed: (8 bytes) -> (8 bytes)\n"
		"chosen: rng-seed: (none) -> (64 bytes)\n"
		"memreserve: - 0x44000000+0x100000 (old initrd)\n"
		"memreserve: + 0x48000000+0x200000 (initrd)\n");
	assert_int_equal(n, strlen(buf));
	/* No seed bytes anywhere in the text. */
	assert_null(strstr(buf, "0x77"));
	/* Nothing changed: nothing said. */
	assert_int_equal(kx_dtb_diff(out.fdt, out.fdt, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	kx_dtb_free(&out);
	kx_dtb_free(&in);
}

static void truncation(void **state)
{
	struct kx_dtb_fixup f = { .bootargs = "root=/dev/vdb", .random = fake_random };
	struct kx_dtb in, out;
	char full[2048], small[20];
	int n;

	fixed(board, KX_DTB_SRC_FIRMWARE, &f, &in, &out);
	n = kx_dtb_diff(in.fdt, out.fdt, full, sizeof(full));
	assert_int_equal(kx_dtb_diff(in.fdt, out.fdt, small, sizeof(small)), n);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, full, sizeof(small) - 1);
	assert_int_equal(kx_dtb_diff(in.fdt, out.fdt, NULL, 0), n);
	kx_dtb_free(&out);
	kx_dtb_free(&in);
}

static void crash_load(void **state)
{
	struct kx_dtb_fixup f = {
		.crash = 1, .elfcorehdr = 0x9f000000, .elfcorehdr_size = 0x10000,
		.usable = { { 0x90000000, 0xa0000000 }, { 0x30000000, 0x38000000 } }, .nusable = 2,
		.random = fake_random,
	};
	struct kx_dtb in, out;
	char buf[2048];

	fixed(board, KX_DTB_SRC_FIRMWARE, &f, &in, &out);
	kx_dtb_diff(in.fdt, out.fdt, buf, sizeof(buf));
	assert_string_equal(buf,
		"chosen: linux,initrd-start: 0x44000000 -> (none)\n"
		"chosen: linux,initrd-end: 0x44100000 -> (none)\n"
		"chosen: linux,usable-memory-range: 0x80000000+0x10000000 -> "
		"0x90000000+0x10000000 0x30000000+0x8000000\n"
		"chosen: kaslr-seed: (8 bytes) -> (8 bytes)\n"
		"chosen: rng-seed: (none) -> (64 bytes)\n"
		"chosen: linux,elfcorehdr: (none) -> 0x9f000000+0x10000\n"
		"memreserve: - 0x44000000+0x100000 (old initrd)\n"
		"memreserve: + 0x9f000000+0x10000 (elfcorehdr)\n");
	kx_dtb_free(&out);
	kx_dtb_free(&in);
}

static int no_entropy(void *buf, size_t n)
{
	return -EAGAIN;
}

static void chosen_added_and_memory(void **state)
{
	struct kx_dtb_fixup f = { .bootargs = "quiet", .random = no_entropy };
	struct kx_dtb in, out, sys;
	struct kx_ctx ctx = { 0 };
	char buf[2048];
	size_t len;
	void *b = t_dtc(
		"/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n"
		"	memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x20000000>;"
		" };\n"
		"	memory@80000000 { device_type = \"memory\"; reg = <0x80000000 0x1000>; };\n"
		"};\n",
		NULL, &len);

	assert_int_equal(kx_dtb_from_mem(&ctx, "sys", b, len, &sys), 0);
	free(b);
	f.system = &sys;
	fixed("/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; model = \"user\"; };\n",
	      KX_DTB_SRC_FILE, &f, &in, &out);
	kx_dtb_diff(in.fdt, out.fdt, buf, sizeof(buf));
	assert_string_equal(buf,
		"chosen: (node added)\n"
		"chosen: bootargs: (none) -> \"quiet\"\n"
		"memory: + /memory@40000000 0x40000000+0x20000000\n"
		"memory: + /memory@80000000 0x80000000+0x1000\n");
	kx_dtb_free(&out);
	kx_dtb_free(&in);
	kx_dtb_free(&sys);
}

/* Every kind of value, as it reads when it goes. */
static void values(void **state)
{
	size_t len;
	void *before = t_dtc("/dts-v1/;\n/ { chosen { bootargs = \"a\\\"b\\\\c\";"
			     " linux,stdout = \"a\", \"b\"; x = <1 0xffffffff>; y = [01 02 03]; z;"
			     " big = [00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13"
			     " 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20 21 22 23];"
			     " nul = [00]; bin = [41 01 00]; }; };\n", NULL, &len);
	void *after = t_dtc("/dts-v1/;\n/ { chosen { }; };\n", NULL, &len);
	char buf[2048];

	kx_dtb_diff(before, after, buf, sizeof(buf));
	assert_string_equal(buf,
		"chosen: bootargs: \"a\\\"b\\\\c\" -> (none)\n"
		"chosen: linux,stdout: \"a\", \"b\" -> (none)\n"
		"chosen: x: <0x1 0xffffffff> -> (none)\n"
		"chosen: y: (3 bytes) -> (none)\n"
		"chosen: z: (empty) -> (none)\n"
		"chosen: big: (36 bytes) -> (none)\n"
		"chosen: nul: (1 bytes) -> (none)\n"
		"chosen: bin: (3 bytes) -> (none)\n");
	/* And a removed /chosen. */
	free(after);
	after = t_dtc("/dts-v1/;\n/ { };\n", NULL, &len);
	kx_dtb_diff(before, after, buf, sizeof(buf));
	assert_int_equal(strncmp(buf, "chosen: (node removed)\nchosen: bootargs: ", 41), 0);
	free(after);
	free(before);
}

static void lines(void *arg, const char *line)
{
	strcat(arg, line);
	strcat(arg, "\n");
}

static void debug_lines(void **state)
{
	static char log[4096];
	struct kx_ctx ctx = { .debug = lines, .debug_arg = log };
	struct kx_dtb_fixup f = { .bootargs = "root=/dev/vdb", .random = fake_random };
	struct kx_dtb in, out;

	fixed(board, KX_DTB_SRC_FIRMWARE, &f, &in, &out);
	kx_dtb_debug_diff(&ctx, &in, &out);
	assert_string_equal(log,
		"dtb: chosen: bootargs: \"console=ttyAMA0 root=/dev/vda\" -> \"root=/dev/vdb\"\n"
		"dtb: chosen: linux,initrd-start: 0x44000000 -> (none)\n"
		"dtb: chosen: linux,initrd-end: 0x44100000 -> (none)\n"
		"dtb: chosen: linux,usable-memory-range: 0x80000000+0x10000000 -> (none)\n"
		"dtb: chosen: kaslr-seed: (8 bytes) -> (8 bytes)\n"
		"dtb: chosen: rng-seed: (none) -> (64 bytes)\n"
		"dtb: memreserve: - 0x44000000+0x100000 (old initrd)\n");
	log[0] = 0;
	kx_dtb_debug_diff(&ctx, &out, &out);
	assert_string_equal(log, "dtb board.dtb: unchanged\n");
	kx_dtb_free(&out);
	kx_dtb_free(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normal_load),
		cmocka_unit_test(truncation),
		cmocka_unit_test(crash_load),
		cmocka_unit_test(chosen_added_and_memory),
		cmocka_unit_test(values),
		cmocka_unit_test(debug_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
