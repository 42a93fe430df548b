/* SPDX-License-Identifier: MIT */
/*
 * test_dtb_chosen.c - /chosen fixups (dtb/chosen.c, memreserve.c,
 * fixup.c) on trees with 32- and 64-bit cells: bootargs kept or set,
 * initrd set or deleted with its /memreserve/, stale handover properties,
 * seeds, a missing /chosen, a tree with no room.
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

#define TREE(cells, initrd, crash, ima) \
	"/dts-v1/;\n" \
	"/memreserve/ 0x10000000 0x1000;\n" \
	"/memreserve/ 0x44000000 0x100000;\n" \
	"/memreserve/ 0x50000000 0x2000;\n" \
	"/ {\n" \
	"	" cells "\n" \
	"	model = \"chosen test\";\n" \
	"	chosen {\n" \
	"		bootargs = \"console=ttyAMA0 root=/dev/vda\";\n" \
	"		" initrd "\n" \
	"		" crash "\n" \
	"		" ima "\n" \
	"		kaslr-seed = <0x12345678 0x9abcdef0>;\n" \
	"		rng-seed = [01 02 03 04];\n" \
	"		stdout-path = \"serial0\";\n" \
	"	};\n" \
	"};\n"

static const char dts64[] = TREE("#address-cells = <2>; #size-cells = <2>;",
	"linux,initrd-start = <0x0 0x44000000>; linux,initrd-end = <0x0 0x44100000>;",
	"linux,elfcorehdr = <0x0 0x9f000000 0x0 0x10000>; "
	"linux,usable-memory-range = <0x0 0x80000000 0x0 0x10000000>;",
	"linux,ima-kexec-buffer = <0x0 0x50000000 0x0 0x2000>; "
	"linux,kho-fdt = <0x0 0x60000000 0x0 0x1000>; linux,kho-scratch = <0x0 0x61000000 0x0 "
	"0x100000>;");
static const char dts32[] = TREE("#address-cells = <1>; #size-cells = <1>;",
	"linux,initrd-start = <0x44000000>; linux,initrd-end = <0x44100000>;",
	"linux,elfcorehdr = <0x9f000000 0x10000>; linux,usable-memory-range = <0x80000000 "
	"0x10000000>;",
	"");
static const char nochosen[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <1>; model = \"bare\"; };\n";

static const void *prop(const void *fdt, const char *name, int *len)
{
	int node = fdt_path_offset(fdt, "/chosen");

	*len = -1;
	return node < 0 ? NULL : fdt_getprop(fdt, node, name, len);
}

static void no_prop(const void *fdt, const char *name)
{
	int len;

	if (prop(fdt, name, &len))
		fail_msg("/chosen/%s still there", name);
}

static uint64_t num(const void *fdt, const char *name, int want_len)
{
	int len;
	const unsigned char *p = prop(fdt, name, &len);
	uint64_t v = 0;

	if (!p)
		fail_msg("/chosen/%s missing", name);
	assert_int_equal(len, want_len);
	for (int i = 0; i < len; i++)
		v = v << 8 | p[i];
	return v;
}

/* The /memreserve/ map is exactly these (address, size) pairs. */
static void rsv(const void *fdt, unsigned n, const uint64_t *want)
{
	uint64_t a, s;

	assert_int_equal(fdt_num_mem_rsv(fdt), n);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(fdt_get_mem_rsv(fdt, i, &a, &s), 0);
		assert_int_equal(a, want[2 * i]);
		assert_int_equal(s, want[2 * i + 1]);
	}
}
#define RSV(fdt, ...) do { \
	static const uint64_t w_[] = { __VA_ARGS__ }; \
	rsv((fdt), sizeof(w_) / 16, w_); \
} while (0)

static void chosen_created(void **state)
{
	void *f = t_dtc_open(nochosen, 256);
	int len;

	assert_int_equal(fdt_path_offset(f, "/chosen"), -FDT_ERR_NOTFOUND);
	assert_true(kx_dtb_chosen(f) > 0);
	assert_true(fdt_path_offset(f, "/chosen") > 0);
	assert_int_equal(kx_dtb_set_bootargs(f, "quiet"), 0);
	assert_string_equal(prop(f, "bootargs", &len), "quiet");
	assert_int_equal(kx_dtb_check(f, fdt_totalsize(f), NULL, 0), 0);
	free(f);
	/* Deleting from a tree without /chosen is no error and adds nothing. */
	f = t_dtc_open(nochosen, 256);
	assert_int_equal(kx_dtb_del_bootargs(f), 0);
	assert_int_equal(kx_dtb_set_initrd(f, 0, 0), 0);
	assert_int_equal(kx_dtb_del_stale(f), 0);
	assert_int_equal(fdt_path_offset(f, "/chosen"), -FDT_ERR_NOTFOUND);
	free(f);
}

static void bootargs(void **state)
{
	void *f = t_dtc_open(dts64, 256);
	int len;

	assert_int_equal(kx_dtb_set_bootargs(f, NULL), 0); /* kept */
	assert_string_equal(prop(f, "bootargs", &len), "console=ttyAMA0 root=/dev/vda");
	assert_int_equal(kx_dtb_set_bootargs(f, "root=/dev/vdb quiet"), 0);
	assert_string_equal(prop(f, "bootargs", &len), "root=/dev/vdb quiet");
	assert_int_equal(len, 20);
	assert_int_equal(kx_dtb_del_bootargs(f), 0);
	no_prop(f, "bootargs");
	assert_int_equal(kx_dtb_del_bootargs(f), 0);
	free(f);
}

static void initrd_64(void **state)
{
	void *f = t_dtc_open(dts64, 256);
	uint64_t s, e;

	assert_int_equal(kx_dtb_get_initrd(f, &s, &e), 0);
	assert_int_equal(s, 0x44000000);
	assert_int_equal(e, 0x44100000);
	assert_int_equal(kx_dtb_set_initrd(f, 0x148000000ull, 0x200000), 0);
	assert_int_equal(num(f, "linux,initrd-start", 8), 0x148000000ull);
	assert_int_equal(num(f, "linux,initrd-end", 8), 0x148200000ull);
	/* Old initrd's entry gone, new one added, the others kept. */
	RSV(f, 0x10000000, 0x1000, 0x50000000, 0x2000, 0x148000000ull, 0x200000);
	/* Loading it again does not stack reservations. */
	assert_int_equal(kx_dtb_set_initrd(f, 0x148000000ull, 0x200000), 0);
	RSV(f, 0x10000000, 0x1000, 0x50000000, 0x2000, 0x148000000ull, 0x200000);
	free(f);
}

static void initrd_32(void **state)
{
	void *f = t_dtc_open(dts32, 256);

	assert_int_equal(kx_dtb_set_initrd(f, 0x48000000, 0x200000), 0);
	assert_int_equal(num(f, "linux,initrd-start", 4), 0x48000000);
	assert_int_equal(num(f, "linux,initrd-end", 4), 0x48200000);
	RSV(f, 0x10000000, 0x1000, 0x50000000, 0x2000, 0x48000000, 0x200000);
	/* Above 4 GiB does not fit one cell: refused, nothing changed. */
	assert_int_equal(kx_dtb_set_initrd(f, 0xfff00000, 0x200000), -KX_DTB_ERR_CELLS);
	assert_int_equal(num(f, "linux,initrd-start", 4), 0x48000000);
	RSV(f, 0x10000000, 0x1000, 0x50000000, 0x2000, 0x48000000, 0x200000);
	assert_int_equal(kx_dtb_set_initrd(f, UINT64_MAX - 10, 100), -KX_DTB_ERR_ARG);
	free(f);
}

static void initrd_deleted(void **state)
{
	void *f = t_dtc_open(dts64, 256);
	uint64_t s, e;

	assert_int_equal(kx_dtb_set_initrd(f, 0x48000000, 0), 0);
	no_prop(f, "linux,initrd-start");
	no_prop(f, "linux,initrd-end");
	assert_int_equal(kx_dtb_get_initrd(f, &s, &e), -FDT_ERR_NOTFOUND);
	RSV(f, 0x10000000, 0x1000, 0x50000000, 0x2000);
	free(f);
}

static void initrd_old_forms(void **state)
{
	uint64_t s, e;
	void *f;

	/* Firmware reserved whole 64 KiB pages for a 0x800-byte initrd, and
	 * wrote 32-bit properties into a 64-bit tree (U-Boot does). */
	f = t_dtc_open(
		"/dts-v1/;\n/memreserve/ 0x44000000 0x10000;\n/memreserve/ 0x44000000 0x20000;\n"
		"/ { chosen { linux,initrd-start = <0x44000000>; linux,initrd-end = "
		"<0x44000800>; }; };\n",
		256);
	assert_int_equal(kx_dtb_get_initrd(f, &s, &e), 0);
	assert_int_equal(e, 0x44000800);
	assert_int_equal(kx_dtb_set_initrd(f, 0, 0), 0);
	RSV(f, 0x44000000, 0x20000);
	free(f);
	/* A start without an end is malformed: nothing is changed. */
	f = t_dtc_open("/dts-v1/;\n/ { chosen { linux,initrd-start = <0x0 0x44000000>; }; };\n",
		       256);
	assert_int_equal(kx_dtb_get_initrd(f, &s, &e), -FDT_ERR_BADVALUE);
	assert_int_equal(kx_dtb_set_initrd(f, 0x48000000, 0x1000), -FDT_ERR_BADVALUE);
	free(f);
	f = t_dtc_open(
		"/dts-v1/;\n"
		"/ { chosen { linux,initrd-start = <0x1>; linux,initrd-end = [00 00 02]; }; };\n",
		256);
	assert_int_equal(kx_dtb_get_initrd(f, &s, &e), -FDT_ERR_BADVALUE);
	free(f);
	f = t_dtc_open("/dts-v1/;\n/ { #address-cells = <3>; chosen { }; };\n", 256);
	assert_int_equal(kx_dtb_set_initrd(f, 0x48000000, 0x1000), -FDT_ERR_BADNCELLS);
	free(f);
}

static void stale_removed(void **state)
{
	void *f = t_dtc_open(dts64, 256);
	int len;

	assert_int_equal(kx_dtb_del_stale(f), 0);
	no_prop(f, "linux,elfcorehdr");
	no_prop(f, "linux,usable-memory-range");
	no_prop(f, "linux,ima-kexec-buffer");
	no_prop(f, "linux,kho-fdt");
	no_prop(f, "linux,kho-scratch");
	/* The IMA buffer's reservation goes with it; the rest stays. */
	RSV(f, 0x10000000, 0x1000, 0x44000000, 0x100000);
	assert_string_equal(prop(f, "stdout-path", &len), "serial0");
	assert_int_equal(num(f, "linux,initrd-start", 8), 0x44000000);
	free(f);
	f = t_dtc_open(dts32, 256);
	assert_int_equal(kx_dtb_del_stale(f), 0);
	no_prop(f, "linux,elfcorehdr");
	no_prop(f, "linux,usable-memory-range");
	free(f);
}

static void seeds(void **state)
{
	unsigned char k[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, r[KX_DTB_RNG_SEED_SIZE];
	void *f = t_dtc_open(dts64, 512);
	int len;

	memset(r, 0xa5, sizeof(r));
	/* An old non-zero kaslr-seed is replaced, not an error. */
	assert_int_equal(kx_dtb_set_seeds(f, k, r, sizeof(r)), 0);
	assert_memory_equal(prop(f, "kaslr-seed", &len), k, 8);
	assert_int_equal(len, 8);
	assert_memory_equal(prop(f, "rng-seed", &len), r, sizeof(r));
	assert_int_equal(len, 64);
	/* No entropy: the old seeds go, none come. */
	assert_int_equal(kx_dtb_set_seeds(f, NULL, NULL, 0), 0);
	no_prop(f, "kaslr-seed");
	no_prop(f, "rng-seed");
	free(f);
	/* Added where there were none, /chosen created for them. */
	f = t_dtc_open(nochosen, 512);
	assert_int_equal(kx_dtb_set_seeds(f, k, r, 64), 0);
	assert_memory_equal(prop(f, "kaslr-seed", &len), k, 8);
	assert_int_equal(num(f, "rng-seed", 64) & 0xff, 0xa5);
	free(f);
}

static void no_room(void **state)
{
	void *f = t_dtc_open(dts64, 0);
	size_t total = fdt_totalsize(f);

	assert_int_equal(kx_dtb_set_bootargs(f, "a much longer command line than before"),
			 -FDT_ERR_NOSPACE);
	assert_int_equal(fdt_totalsize(f), total);
	free(f);
}

static int fake_random(void *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((unsigned char *)buf)[i] = (unsigned char)(0x40 + i);
	return 0;
}

static int no_entropy(void *buf, size_t n)
{
	return -EAGAIN;
}

static void lines(void *arg, const char *line)
{
	char *log = arg;

	strcat(log, line);
	strcat(log, "\n");
}

static void fixup_grows(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_dtb in, out;
	struct kx_dtb_fixup f = { .bootargs = NULL, .initrd_start = 0x48000000,
				  .initrd_size = 0x200000, .random = fake_random };
	static char big[100000];
	size_t len;
	void *b = t_dtc(dts64, NULL, &len);
	int n;

	/* dtc leaves no room at all: the copy must grow. */
	assert_int_equal(kx_dtb_from_mem(&ctx, "board.dtb", b, len, &in), 0);
	in.source = KX_DTB_SRC_FIRMWARE;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(kx_dtb_check(out.fdt, fdt_totalsize(out.fdt), NULL, 0), 0);
	assert_memory_equal(in.fdt, b, len); /* the input is left alone */
	assert_string_equal(prop(out.fdt, "bootargs", &n), "console=ttyAMA0 root=/dev/vda");
	assert_int_equal(num(out.fdt, "linux,initrd-start", 8), 0x48000000);
	assert_int_equal(num(out.fdt, "linux,initrd-end", 8), 0x48200000);
	assert_int_equal(num(out.fdt, "kaslr-seed", 8), 0x4041424344454647ull);
	assert_int_equal(num(out.fdt, "rng-seed", 64) & 0xff, 0x40 + 63);
	no_prop(out.fdt, "linux,elfcorehdr");
	RSV(out.fdt, 0x10000000, 0x1000, 0x48000000, 0x200000);
	assert_int_equal(out.seeded, 1);
	assert_int_equal(out.memory_copied, 0);
	assert_string_equal(out.name, "board.dtb");
	kx_dtb_free(&out);

	/* A 100 KB command line, no initrd, bootargs replaced. */
	memset(big, 'x', sizeof(big) - 1);
	f.bootargs = big;
	f.initrd_size = 0;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(strlen(prop(out.fdt, "bootargs", &n)), sizeof(big) - 1);
	no_prop(out.fdt, "linux,initrd-start");
	RSV(out.fdt, 0x10000000, 0x1000);
	kx_dtb_free(&out);

	/* Explicit delete. */
	f.bootargs = NULL;
	f.del_bootargs = 1;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	no_prop(out.fdt, "bootargs");
	kx_dtb_free(&out);
	assert_int_equal(ctx.err, 0);
	kx_dtb_free(&in);
	free(b);
}

/* The whole list on a 32-bit-cell tree, with an old non-zero kaslr-seed. */
static void fixup_32(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_dtb in, out;
	struct kx_dtb_fixup f = { .bootargs = "root=/dev/vdb", .initrd_start = 0x48000000,
				  .initrd_size = 0x123456, .random = fake_random };
	size_t len;
	void *b = t_dtc(dts32, NULL, &len);
	int n;

	assert_int_equal(kx_dtb_from_mem(&ctx, "board.dtb", b, len, &in), 0);
	in.source = KX_DTB_SRC_FIRMWARE;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_string_equal(prop(out.fdt, "bootargs", &n), "root=/dev/vdb");
	assert_int_equal(num(out.fdt, "linux,initrd-start", 4), 0x48000000);
	assert_int_equal(num(out.fdt, "linux,initrd-end", 4), 0x48123456);
	assert_int_equal(num(out.fdt, "kaslr-seed", 8), 0x4041424344454647ull);
	assert_int_equal(num(out.fdt, "rng-seed", 64) & 0xffff, 0x7e7f);
	no_prop(out.fdt, "linux,elfcorehdr");
	no_prop(out.fdt, "linux,usable-memory-range");
	assert_string_equal(prop(out.fdt, "stdout-path", &n), "serial0");
	RSV(out.fdt, 0x10000000, 0x1000, 0x50000000, 0x2000, 0x48000000, 0x123456);
	kx_dtb_free(&out);
	kx_dtb_free(&in);
	free(b);
}

static void fixup_without_entropy(void **state)
{
	static char log[4096];
	struct kx_ctx ctx = { .debug = lines, .debug_arg = log };
	struct kx_dtb in, out;
	struct kx_dtb_fixup f = { .bootargs = "quiet", .random = no_entropy };
	size_t len;
	void *b = t_dtc(dts32, NULL, &len);
	int n;

	assert_int_equal(kx_dtb_from_mem(&ctx, "board.dtb", b, len, &in), 0);
	in.source = KX_DTB_SRC_FIRMWARE;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	no_prop(out.fdt, "kaslr-seed");
	no_prop(out.fdt, "rng-seed");
	assert_string_equal(prop(out.fdt, "bootargs", &n), "quiet");
	assert_int_equal(out.seeded, 0);
	assert_string_equal(log, "dtb board.dtb: no random bytes (the kernel's entropy pool is not "
			    "ready): kaslr-seed and rng-seed left out\n");
	kx_dtb_free(&out);
	/* The real getrandom on this host works. */
	f.random = NULL;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), 0);
	assert_int_equal(out.seeded, 1);
	num(out.fdt, "kaslr-seed", 8);
	num(out.fdt, "rng-seed", 64);
	kx_dtb_free(&out);
	kx_dtb_free(&in);
	free(b);
}

static void fixup_refuses(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_dtb in, out;
	struct kx_dtb_fixup f = { .initrd_start = 0x100000000ull, .initrd_size = 0x1000,
				  .random = fake_random };
	size_t len;
	void *b = t_dtc(dts32, NULL, &len);

	assert_int_equal(kx_dtb_from_mem(&ctx, "board.dtb", b, len, &in), 0);
	in.source = KX_DTB_SRC_FIRMWARE;
	assert_int_equal(kx_dtb_fixup(&ctx, &in, &f, &out), -EINVAL);
	assert_string_equal(ctx.msg, "dtb board.dtb: setting linux,initrd-start/end: "
			    "value does not fit #address-cells/#size-cells");
	assert_null(out.fdt);
	kx_dtb_free(&in);
	free(b);
}

/* Should a tree with a stale property twice get past the gate, the
 * deletions still remove every copy. */
static void stale_duplicates_removed(void **state)
{
	size_t len;
	void *b = t_dup_chosen_tree(0x40000000, &len), *f = malloc(len + 4096);

	assert_int_equal(fdt_open_into(b, f, (int)len + 4096), 0);
	assert_int_equal(kx_dtb_del_stale(f), 0);
	no_prop(f, "linux,elfcorehdr");
	no_prop(f, "linux,usable-memory-range");
	assert_int_equal(kx_dtb_set_initrd(f, 0, 0), 0);
	no_prop(f, "linux,initrd-start");
	no_prop(f, "linux,initrd-end");
	free(f);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chosen_created),
		cmocka_unit_test(bootargs),
		cmocka_unit_test(initrd_64),
		cmocka_unit_test(initrd_32),
		cmocka_unit_test(initrd_deleted),
		cmocka_unit_test(initrd_old_forms),
		cmocka_unit_test(stale_removed),
		cmocka_unit_test(stale_duplicates_removed),
		cmocka_unit_test(seeds),
		cmocka_unit_test(no_room),
		cmocka_unit_test(fixup_grows),
		cmocka_unit_test(fixup_32),
		cmocka_unit_test(fixup_without_entropy),
		cmocka_unit_test(fixup_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
