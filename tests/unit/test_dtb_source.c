/* SPDX-License-Identifier: MIT */
/*
 * test_dtb_source.c - where the tree comes from (dtb/source.c,
 * flatten.c): a fake /proc/device-tree flattened (sorted, made-up "name"
 * dropped, same bytes as dtc makes of the same tree), and the order
 * --dtb > /sys/firmware/fdt > /proc/device-tree, with exact messages.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"
#include "dtb.h"

#define W(root, rel, lit) t_write((root), (rel), (lit), sizeof(lit) - 1)

/* The kernel's view of a small arm64 board, as /proc/device-tree shows
 * it: a "name" in every node, values raw.  Written under base/ with
 * proc/device-tree a symlink to it, as on a real system. */
static const char *fake_proc(const char *model)
{
	const char *root = t_tmpdir();
	char base[512], link[512];

	snprintf(base, sizeof(base), "%s/sys/firmware/devicetree/base", root);
	W(base, "name", "\0");
	W(base, "compatible", "test,board\0test,generic\0");
	t_write(base, "model", model, strlen(model) + 1);
	W(base, "#address-cells", "\0\0\0\2");
	W(base, "#size-cells", "\0\0\0\2");
	W(base, "chosen/name", "chosen\0");
	W(base, "chosen/bootargs", "console=ttyAMA0\0");
	W(base, "chosen/linux,booted-from-kexec", "");
	W(base, "memory@40000000/name", "memory\0");
	W(base, "memory@40000000/device_type", "memory\0");
	W(base, "memory@40000000/reg", "\0\0\0\0\x40\0\0\0\0\0\0\0\x20\0\0\0");
	W(base, "cpus/name", "cpus\0");
	W(base, "cpus/#address-cells", "\0\0\0\1");
	W(base, "cpus/#size-cells", "\0\0\0\0");
	W(base, "cpus/cpu@0/name", "cpu\0");
	W(base, "cpus/cpu@0/reg", "\0\0\0\0");
	W(base, "firmware/name", "fw\0"); /* not made up: kept */
	snprintf(link, sizeof(link), "%s/proc", root);
	assert_int_equal(mkdir(link, 0755), 0);
	snprintf(link, sizeof(link), "%s/proc/device-tree", root);
	assert_int_equal(symlink("../sys/firmware/devicetree/base", link), 0);
	return root;
}

/* The same tree in dts, entries in strcmp order, no made-up names. */
static const char same_dts[] =
	"/dts-v1/;\n/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	compatible = \"test,board\", \"test,generic\";\n"
	"	model = \"proc\";\n"
	"	chosen { bootargs = \"console=ttyAMA0\"; linux,booted-from-kexec; };\n"
	"	cpus { #address-cells = <1>; #size-cells = <0>; cpu@0 { reg = <0>; }; };\n"
	"	firmware { name = \"fw\"; };\n"
	"	memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x20000000>; };\n"
	"};\n";

/* Node a of fa and node b of fb: same name, properties (order, names,
 * values) and children, recursively. */
static void same_node(const void *fa, int a, const void *fb, int b)
{
	const char *na, *nb;
	const void *va, *vb;
	int pa, pb, la, lb;

	assert_string_equal(fdt_get_name(fa, a, NULL), fdt_get_name(fb, b, NULL));
	pb = fdt_first_property_offset(fb, b);
	fdt_for_each_property_offset(pa, fa, a) {
		assert_true(pb >= 0);
		va = fdt_getprop_by_offset(fa, pa, &na, &la);
		vb = fdt_getprop_by_offset(fb, pb, &nb, &lb);
		assert_string_equal(na, nb);
		assert_int_equal(la, lb);
		assert_memory_equal(va, vb, la);
		pb = fdt_next_property_offset(fb, pb);
	}
	assert_int_equal(pb, -FDT_ERR_NOTFOUND);
	b = fdt_first_subnode(fb, b);
	fdt_for_each_subnode(a, fa, a) {
		assert_true(b >= 0);
		same_node(fa, a, fb, b);
		b = fdt_next_subnode(fb, b);
	}
	assert_int_equal(b, -FDT_ERR_NOTFOUND);
}

static void flattened(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_dtb d, again;
	const char *root = fake_proc("proc");
	size_t len;
	/* dtc drops a "name" equal to the node name, as we do, and refuses
	 * any other unless told not to. */
	void *want = t_dtc(same_dts, "-E no-name_properties", &len);
	int node, n;

	ctx.root = root;
	assert_int_equal(kx_dtb_flatten(&ctx, "/proc/device-tree", &d), 0);
	assert_int_equal(fdt_check_full(d.fdt, fdt_totalsize(d.fdt)), 0);
	assert_int_equal(d.source, KX_DTB_SRC_PROC);
	assert_string_equal(d.name, "/proc/device-tree");
	assert_string_equal(fdt_getprop(d.fdt, 0, "model", &n), "proc");
	assert_null(fdt_getprop(d.fdt, 0, "name", &n));
	node = fdt_path_offset(d.fdt, "/memory@40000000");
	assert_null(fdt_getprop(d.fdt, node, "name", &n));
	assert_string_equal(fdt_getprop(d.fdt, fdt_path_offset(d.fdt, "/firmware"), "name", &n),
			    "fw");
	assert_non_null(fdt_getprop(d.fdt, fdt_path_offset(d.fdt, "/chosen"),
				    "linux,booted-from-kexec", &n));
	assert_int_equal(n, 0);
	assert_int_equal(kx_dtb_count_memory(d.fdt), 1);
	/* The same nodes and properties, in the same order, as dtc builds
	 * from the same tree (only the string table's order differs). */
	same_node(d.fdt, 0, want, 0);
	assert_int_equal(fdt_num_mem_rsv(d.fdt), 0);
	/* And the same every time. */
	assert_int_equal(kx_dtb_flatten(&ctx, "/proc/device-tree", &again), 0);
	assert_int_equal(fdt_totalsize(again.fdt), fdt_totalsize(d.fdt));
	assert_memory_equal(again.fdt, d.fdt, fdt_totalsize(d.fdt));
	kx_dtb_free(&again);
	kx_dtb_free(&d);
	free(want);
}

static void flatten_grows(void **state)
{
	struct kx_ctx ctx = { 0 };
	static unsigned char big[300000];
	const char *root = fake_proc("big");
	const void *p;
	struct kx_dtb d;
	char base[512];
	int n;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 13);
	snprintf(base, sizeof(base), "%s/sys/firmware/devicetree/base", root);
	t_write(base, "firmware/blob", big, sizeof(big));
	ctx.root = root;
	assert_int_equal(kx_dtb_flatten(&ctx, "/proc/device-tree", &d), 0);
	p = fdt_getprop(d.fdt, fdt_path_offset(d.fdt, "/firmware"), "blob", &n);
	assert_int_equal(n, sizeof(big));
	assert_memory_equal(p, big, sizeof(big));
	kx_dtb_free(&d);
}

static void flatten_errors(void **state)
{
	struct kx_ctx ctx = { 0 };
	const char *root = t_tmpdir();
	struct kx_dtb d;

	ctx.root = root;
	assert_int_equal(kx_dtb_flatten(&ctx, "/proc/device-tree", &d), -ENOENT);
	assert_string_equal(ctx.msg, "dtb /proc/device-tree: No such file or directory");
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	t_write_str(root, "proc/device-tree", "not a directory");
	assert_int_equal(kx_dtb_flatten(&ctx, "/proc/device-tree", &d), -ENOTDIR);
	assert_string_equal(ctx.msg, "dtb /proc/device-tree: Not a directory");
	assert_null(d.fdt);
}

static char *model(const struct kx_dtb *d)
{
	int n;

	return (char *)fdt_getprop(d->fdt, 0, "model", &n);
}

static void source_order(void **state)
{
	struct kx_ctx ctx = { 0 };
	const char *root = fake_proc("proc");
	char fdt[512], file[512];
	struct kx_dtb d;
	size_t len;
	void *b;

	b = t_dtc("/dts-v1/;\n/ { model = \"firmware\"; };\n", NULL, &len);
	snprintf(fdt, sizeof(fdt), "%s", t_write(root, "sys/firmware/fdt", b, len));
	free(b);
	b = t_dtc("/dts-v1/;\n/ { model = \"file\"; };\n", NULL, &len);
	snprintf(file, sizeof(file), "%s", t_write(root, "board.dtb", b, len));
	free(b);
	ctx.root = root;

	assert_int_equal(kx_dtb_read(&ctx, file, &d), 0);
	assert_string_equal(model(&d), "file");
	assert_int_equal(d.source, KX_DTB_SRC_FILE);
	assert_string_equal(d.name, file);
	kx_dtb_free(&d);

	assert_int_equal(kx_dtb_read(&ctx, NULL, &d), 0);
	assert_string_equal(model(&d), "firmware");
	assert_int_equal(d.source, KX_DTB_SRC_FIRMWARE);
	assert_string_equal(d.name, "/sys/firmware/fdt");
	kx_dtb_free(&d);

	unlink(fdt);
	assert_int_equal(kx_dtb_read(&ctx, NULL, &d), 0);
	assert_string_equal(model(&d), "proc");
	assert_int_equal(d.source, KX_DTB_SRC_PROC);
	kx_dtb_free(&d);

	snprintf(fdt, sizeof(fdt), "%s/proc/device-tree", root);
	unlink(fdt);
	assert_int_equal(kx_dtb_read(&ctx, NULL, &d), -ENOENT);
	assert_string_equal(ctx.msg, "dtb: no device tree: no --dtb given, and neither "
			    "/sys/firmware/fdt nor /proc/device-tree exists");
	assert_null(d.fdt);
	assert_int_equal(ctx.err, -ENOENT);
}

static void bad_sources(void **state)
{
	static const char crash_hdr[] = /* version 4: refused before libfdt */
		"\xd0\x0d\xfe\xed\0\0\0\xdb\0\0\0\x38\0\0\0\xbc\0\0\0\x28\0\0\0\x04\0\0\0\0"
		"\0\0\0\0\0\0\0\0\0\0\0\0";
	struct kx_ctx ctx = { 0 };
	const char *root = fake_proc("proc");
	unsigned char junk[300];
	struct kx_dtb d;
	const char *p;

	ctx.root = root;
	assert_int_equal(kx_dtb_read(&ctx, "/nonexistent/board.dtb", &d), -ENOENT);
	assert_string_equal(ctx.msg, "dtb /nonexistent/board.dtb: No such file or directory");

	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	memset(junk, 0, sizeof(junk));
	memcpy(junk, crash_hdr, sizeof(crash_hdr) - 1);
	p = t_write(root, "old.dtb", junk, sizeof(junk));
	assert_int_equal(kx_dtb_read(&ctx, p, &d), -EINVAL);
	assert_non_null(strstr(ctx.msg, "/old.dtb: version 4 is older than 16"));
	assert_int_equal(strncmp(ctx.msg, "dtb /", 5), 0);

	/* A broken /sys/firmware/fdt is an error, not a reason to guess. */
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	W(root, "sys/firmware/fdt", "\xd0\x0d\xfe\xed garbage that is no tree at all......");
	assert_int_equal(kx_dtb_read(&ctx, NULL, &d), -EINVAL);
	assert_string_equal(ctx.msg, "dtb /sys/firmware/fdt: last compatible version 1953654117 is "
				     "newer than 17" );
	assert_null(d.fdt);
}

/* A file mmap cannot serve (sysfs, as --dtb=/sys/firmware/fdt in
 * Buildroot's kexec test) is read whole: here a sysfs text file of the
 * host, read and refused as no tree rather than "No such device". */
static void unmappable(void **state)
{
	static const char path[] = "/sys/kernel/uevent_seqnum";
	struct kx_ctx ctx = { 0 };
	struct kx_dtb d;

	if (access(path, R_OK))
		skip();
	assert_int_equal(kx_dtb_read(&ctx, path, &d), -EINVAL);
	assert_int_equal(strncmp(ctx.msg, "dtb /sys/kernel/uevent_seqnum: ", 31), 0);
	if (strstr(ctx.msg, "No such device"))
		fail_msg("%s", ctx.msg);
	assert_null(d.fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flattened),
		cmocka_unit_test(flatten_grows),
		cmocka_unit_test(flatten_errors),
		cmocka_unit_test(source_order),
		cmocka_unit_test(bad_sources),
		cmocka_unit_test(unmappable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
