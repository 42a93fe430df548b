/* SPDX-License-Identifier: MIT */
/*
 * test_arm64_uki.c - unified kernel images on arm64 (core/plan/uki.c): the
 * .linux Image (or an EFI zboot in it) placed as the file itself would be,
 * the UKI's .dtb as the next kernel's tree unless --dtb is given (then no
 * kexec_file_load: it cannot carry a tree), the running tree otherwise.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include "support.h"
#include "internal.h"
#include "image.h"
#include "le.h"

#define MIB (1ULL << 20)

static const char *root;
static unsigned char *img;
static const size_t imglen = 256 * 1024;

static const char running[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; model = \"running\";\n"
	"  compatible = \"linux,dummy-virt\";\n"
	"  chosen { bootargs = \"console=ttyAMA0\"; };\n"
	"  memory@0 { device_type = \"memory\"; reg = <0 0 0 0x10000000>; }; };\n";
static const char ukidtb[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; model = \"from the UKI\";\n"
	"  kx-uki { token = \"t0k3n\"; };\n"
	"  memory@0 { device_type = \"memory\"; reg = <0 0 0 0x10000000>; }; };\n";

static int setup(void **state)
{
	size_t len;
	void *b;

	root = t_fake_root(256, "console=ttyAMA0\n");
	b = t_dtc(running, NULL, &len);
	t_write(root, "sys/firmware/fdt", b, len);
	free(b);
	img = malloc(imglen);
	assert_non_null(img);
	for (size_t i = 0; i < imglen; i++)
		img[i] = (unsigned char)(i * 13 + 1);
	memset(img, 0, 64);
	kx_put64(img + ARM64_HDR_TEXT_OFFSET, 0);
	kx_put64(img + ARM64_HDR_IMAGE_SIZE, 4 * MIB);
	kx_put64(img + ARM64_HDR_FLAGS, 0xa);
	memcpy(img + ARM64_HDR_MAGIC, ARM64_MAGIC, 4);
	return 0;
}

static int teardown(void **state)
{
	free(img);
	return 0;
}

static const char *uki(const char *name, const void *kern, size_t n, int with_dtb)
{
	struct t_sec s[3] = { { ".text", "stub", 4 }, { ".linux", kern, n } };
	size_t len, dlen;
	void *dtb = t_dtc(ukidtb, NULL, &dlen);
	unsigned char *b;
	const char *path;

	if (with_dtb)
		s[2] = (struct t_sec){ ".dtb", dtb, dlen };
	b = t_pe(s, with_dtb ? 3 : 2, &len);
	path = t_write(root, name, b, len);
	free(b);
	free(dtb);
	return path;
}

static struct kx_plan *plan(const char *kernel, const char *dtb)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .kernel = kernel, .cmdline = "console=ttyAMA0 x", .dtb = dtb };
	struct kx_plan *p;

	if (kx_plan_build(&ctx, &o, &p))
		fail_msg("%s", ctx.msg);
	return p;
}

static const char *model(const struct kx_plan *p)
{
	const void *fdt = t_seg(p, "dtb")->buf;
	const char *m = fdt_getprop(fdt, 0, "model", NULL);

	assert_non_null(m);
	return m;
}

static void image_and_dtb(void **state)
{
	struct kx_plan *p = plan(uki("uki.efi", img, imglen, 1), NULL);
	const void *fdt = t_seg(p, "dtb")->buf;
	int node = fdt_path_offset(fdt, "/kx-uki");

	assert_string_equal(p->format, "uki");
	assert_non_null(strstr(p->why, "; .linux: Image "));
	assert_memory_equal(t_seg(p, "kernel")->buf, img, imglen);
	assert_string_equal(model(p), "from the UKI");
	assert_true(node >= 0);
	assert_string_equal(fdt_getprop(fdt, node, "token", NULL), "t0k3n");
	assert_non_null(strstr(t_seg(p, "dtb")->source, "uki.efi's .dtb"));
	/* The kernel's bootargs are the command line given. */
	assert_string_equal(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL),
			    "console=ttyAMA0 x");
	assert_int_equal(p->file_capable, 0);
	assert_non_null(strstr(p->file_refusal, "the UKI's .dtb"));
	kx_plan_free(p);
}

/* --dtb wins over the UKI's; without .dtb the running tree, and then
 * kexec_file_load may take the .linux Image. */
static void other_trees(void **state)
{
	size_t len;
	void *b = t_dtc(running, NULL, &len);
	const char *board = t_write(root, "board.dtb", b, len);
	struct kx_plan *p;

	free(b);
	p = plan(uki("uki2.efi", img, imglen, 1), board);
	assert_string_equal(model(p), "running");
	kx_plan_free(p);
	p = plan(uki("uki3.efi", img, imglen, 0), NULL);
	assert_string_equal(model(p), "running");
	assert_int_equal(p->file_capable, 1);
	assert_memory_equal(p->file_kernel.data, img, imglen);
	kx_plan_free(p);
}

/* An EFI zboot as .linux: unpacked, and kexec_file_load gets the Image. */
static void zboot_inside(void **state)
{
	size_t glen, zlen;
	unsigned char *gz = t_gzip(img, imglen, &glen), *z = t_zboot(gz, glen, "gzip", &zlen);
	struct kx_plan *p = plan(uki("uki-z.efi", z, zlen, 0), NULL);

	assert_non_null(strstr(p->why, "; .linux: zboot "));
	assert_memory_equal(t_seg(p, "kernel")->buf, img, imglen);
	assert_int_equal(p->file_kernel.size, imglen);
	assert_memory_equal(p->file_kernel.data, img, imglen);
	kx_plan_free(p);
	free(z);
	free(gz);
}

/* .dtbauto: the one whose root's first compatible is the running tree's
 * (none: the running tree); a .dtb wins over them. */
static void dtbauto(void **state)
{
	static const char *const dts[] = {
		"/dts-v1/;\n/ { compatible = \"other,board\"; model = \"other\"; };\n",
		"/dts-v1/;\n/ { compatible = \"linux,dummy-virt\", \"x\"; model = \"match\"; };\n",
	};
	struct t_sec s[4] = { { ".text", "stub", 4 }, { ".linux", img, imglen } };
	void *t[2];
	size_t tl[2], len;
	unsigned char *b;
	struct kx_plan *p;
	unsigned i;

	for (i = 0; i < 2; i++) {
		t[i] = t_dtc(dts[i], NULL, &tl[i]);
		s[2 + i] = (struct t_sec){ ".dtbauto", t[i], tl[i] };
	}
	b = t_pe(s, 4, &len);
	p = plan(t_write(root, "auto.efi", b, len), NULL);
	free(b);
	/* The running tree here says compatible = "linux,dummy-virt". */
	assert_string_equal(model(p), "match");
	assert_non_null(strstr(t_seg(p, "dtb")->source, "auto.efi's .dtbauto"));
	assert_int_equal(p->file_capable, 0);
	kx_plan_free(p);
	/* Only the other board's: the running tree. */
	b = t_pe(s, 3, &len);
	p = plan(t_write(root, "auto1.efi", b, len), NULL);
	free(b);
	assert_string_equal(model(p), "running");
	kx_plan_free(p);
	for (i = 0; i < 2; i++)
		free(t[i]);
}

/* A section off the 8-byte grid (PE puts them on FileAlignment's, 512 by
 * default) is refused: the Image and trees in it are read in place.  The
 * fuzzer found a FIT probed there first. */
static void misaligned(void **state)
{
	struct t_sec s[2] = { { ".text", "stub", 4 }, { ".linux", img, imglen - 8 } };
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .cmdline = "x" };
	struct kx_plan *p;
	size_t len;
	unsigned char *b = t_pe(s, 2, &len);
	unsigned char *sec = b + 0x40 + 24 + kx_get16(b + 0x40 + 20) + 40;

	kx_put32(sec + 20, kx_get32(sec + 20) + 2);
	o.kernel = t_write(root, "odd.efi", b, len);
	free(b);
	assert_int_equal(kx_plan_build(&ctx, &o, &p), -ENOEXEC);
	if (!strstr(ctx.msg, "odd.efi") || !strstr(ctx.msg, ".linux section starts at 0x") ||
	    !strstr(ctx.msg, "not 8-byte aligned"))
		fail_msg("%s", ctx.msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(image_and_dtb),
		cmocka_unit_test(other_trees),
		cmocka_unit_test(zboot_inside),
		cmocka_unit_test(dtbauto),
		cmocka_unit_test(misaligned),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
