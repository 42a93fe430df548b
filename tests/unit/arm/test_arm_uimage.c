/* SPDX-License-Identifier: MIT */
/*
 * test_arm_uimage.c - U-Boot's legacy uImage header on arm: magic, both
 * CRC32s, size, OS/arch/type checks, compression, and what is inside (a
 * zImage placed as any zImage, a raw Image at its load address).  Images
 * are generated here with real CRCs (fake.h).  `make ARCH=arm unit`.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fake.h"
#include "dtb.h"

#define ZLEN (256 * 1024)

static unsigned char *wrapped_zimage(uint8_t arch, uint8_t type, uint8_t comp, size_t *len)
{
	unsigned char *z = fake_zimage(ZLEN, &fake_armmp), *u;

	u = fake_uimage(z, ZLEN, arch, type, comp, 0x80008000, 0x80008000, len);
	free(z);
	return u;
}

static void parse_good(void **state)
{
	size_t len;
	unsigned char *b = wrapped_zimage(ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, &len);
	struct arm_uimage u;
	char why[192];

	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), 0);
	assert_int_equal(u.size, ZLEN);
	assert_int_equal(u.load, 0x80008000);
	assert_int_equal(u.ep, 0x80008000);
	assert_int_equal(u.os, ARM_UIMAGE_OS_LINUX);
	assert_int_equal(u.comp, ARM_UIMAGE_COMP_NONE);
	assert_string_equal(u.name, "Linux-6.1.0-test");
	assert_non_null(strstr(why, "Linux-6.1.0-test"));
	/* kernel_noload is a kernel too. */
	b[30] = ARM_UIMAGE_TYPE_KERNEL_NOLOAD;
	fake_uimage_rehash(b);
	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "kernel_noload"));
	free(b);
}

static void parse_truncated(void **state)
{
	size_t len;
	unsigned char *b = wrapped_zimage(ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, &len);
	struct arm_uimage u;
	char why[192];

	assert_int_equal(arm_uimage_parse(b, len - 1, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	assert_int_equal(arm_uimage_parse(b, 63, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "too short"));
	free(b);
}

static void parse_bad_magic(void **state)
{
	size_t len;
	unsigned char *b = wrapped_zimage(ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, &len);
	struct arm_uimage u;
	char why[192];

	b[3] ^= 0x10;
	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "magic"));
	free(b);
}

static void parse_bad_crc(void **state)
{
	size_t len;
	unsigned char *b = wrapped_zimage(ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, &len);
	struct arm_uimage u;
	char why[192];

	/* A header byte changed, its CRC not. */
	b[40] ^= 1;
	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "damaged header"));
	b[40] ^= 1;
	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), 0);
	/* A data byte changed: the header alone (the probe) still passes,
	 * the whole check does not. */
	b[64 + 5000] ^= 0x80;
	assert_int_equal(arm_uimage_header(b, len, &u, why, sizeof(why)), 0);
	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "damaged data"));
	free(b);
}

/* A damaged uImage is refused by the load with the CRC's words. */
static void plan_bad_crc(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len;
	unsigned char *b = wrapped_zimage(ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, &len);

	b[len - 1] ^= 1;
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	assert_null(p);
	assert_non_null(strstr(f.ctx.msg, "damaged data"));
	assert_int_equal(f.rec.calls, 0);
	fake_teardown(&f);
	free(b);
}

static void parse_not_for_us(void **state)
{
	size_t len;
	unsigned char *b = wrapped_zimage(22, ARM_UIMAGE_TYPE_KERNEL, 0, &len);
	struct arm_uimage u;
	char why[192];

	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "arm64"));
	b[29] = ARM_UIMAGE_ARCH_ARM;
	b[30] = 3; /* ramdisk */
	fake_uimage_rehash(b);
	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "ramdisk"));
	b[30] = ARM_UIMAGE_TYPE_KERNEL;
	b[28] = 2; /* NetBSD */
	fake_uimage_rehash(b);
	assert_int_equal(arm_uimage_parse(b, len, &u, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "not a Linux image"));
	free(b);
}

/* A zImage inside: placed like a bare zImage, whatever the header's
 * load address says (0x80008000 is not RAM on this machine). */
static void plan_zimage_inside(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len;
	unsigned char *b = wrapped_zimage(ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, &len);
	const struct kx_segment *k;

	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	o.cmdline = "root=/dev/sda";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "uImage");
	k = t_seg(p, "kernel");
	assert_int_equal(k->mem, RAM_BASE + 0x208000);
	assert_int_equal(k->bufsz, ZLEN);
	assert_memory_equal(k->buf, b + 64, ZLEN);
	assert_int_equal(p->entry, k->mem);
	assert_int_equal(p->nseg, 3);
	kx_plan_free(p);
	/* --type picks it by kexec-tools' name. */
	o.type = "uImage";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	kx_plan_free(p);
	fake_teardown(&f);
	free(b);
}

static void plan_gzip(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	unsigned char *z = fake_zimage(ZLEN, &fake_armmp), *gz, *b;
	size_t glen, len;

	gz = t_gzip(z, ZLEN, &glen);
	b = fake_uimage(gz, glen, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, ARM_UIMAGE_COMP_GZIP,
			0, 0, &len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_memory_equal(t_seg(p, "kernel")->buf, z, ZLEN);
	assert_int_equal(t_seg(p, "kernel")->bufsz, ZLEN);
	kx_plan_free(p);
	fake_teardown(&f);
	free(b);
	/* Another codec: refused by name. */
	b = fake_uimage(gz, glen, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 3 /* lzma */, 0, 0,
			&len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOTSUP);
	assert_null(p);
	assert_non_null(strstr(f.ctx.msg, "lzma"));
	fake_teardown(&f);
	free(b);
	free(gz);
	free(z);
}

/* A raw Image (no zImage magic) runs at the header's load address. */
static void plan_raw_image(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t n = 2 * MIB, len;
	unsigned char *img = calloc(1, n), *b;
	const struct kx_segment *k, *rd;

	assert_non_null(img);
	memset(img, 0xe1, n);
	b = fake_uimage(img, n, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, 0x40008000,
			0x40008040, &len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	k = t_seg(p, "kernel");
	rd = t_seg(p, "initrd");
	assert_int_equal(k->mem, 0x40008000);
	assert_int_equal(p->entry, 0x40008040);
	/* Its .bss is unknown: a quarter more (at least 1 MiB) is kept. */
	assert_true(rd->mem >= 0x40008000 + n + MIB);
	kx_plan_free(p);
	fake_teardown(&f);
	free(b);

	/* Where it must run is not RAM: refused, naming the address. */
	b = fake_uimage(img, n, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, 0x80008000,
			0x80008000, &len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EADDRNOTAVAIL);
	assert_non_null(strstr(f.ctx.msg, "0x80008000"));
	fake_teardown(&f);
	free(b);

	/* kernel_noload with a raw Image: nothing says where. */
	b = fake_uimage(img, n, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL_NOLOAD, 0, 0, 0, &len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.initrd = NULL;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	assert_non_null(strstr(f.ctx.msg, "kernel_noload"));
	fake_teardown(&f);
	free(b);

	/* An entry point outside the Image. */
	b = fake_uimage(img, n, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, 0x40008000,
			0x48000000, &len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	assert_non_null(strstr(f.ctx.msg, "entry"));
	fake_teardown(&f);
	free(b);
	free(img);
}

/* A damaged zImage inside a good uImage: the zImage's reason. */
static void plan_bad_zimage_inside(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	unsigned char *z = fake_zimage(ZLEN, &fake_armmp), *b;
	size_t len;

	kx_put32(z + 0x2c, ZLEN * 2); /* end beyond the data */
	b = fake_uimage(z, ZLEN, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, 0, 0, 0, &len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	assert_non_null(strstr(f.ctx.msg, "zImage inside the uImage"));
	assert_non_null(strstr(f.ctx.msg, "truncated"));
	fake_teardown(&f);
	free(b);
	free(z);
}

/* A gzip payload that runs past what the zImage inside declares (its
 * size and room for an appended tree) is refused, named. */
static void plan_gzip_past_zimage(void **state)
{
	struct fixture f;
	struct kx_plan *p = NULL;
	struct kx_opts o = { 0 };
	size_t n = ZLEN + 2 * MIB, glen, len;
	unsigned char *z = calloc(1, n), *gz, *b, *zi = fake_zimage(ZLEN, &fake_armmp);
	char want[128];

	assert_non_null(z);
	memcpy(z, zi, ZLEN);
	gz = t_gzip(z, n, &glen);
	/* The trailer lying low: the stream itself stops at the size. */
	gz[glen - 4] = gz[glen - 3] = gz[glen - 2] = gz[glen - 1] = 0;
	b = fake_uimage(gz, glen, ARM_UIMAGE_ARCH_ARM, ARM_UIMAGE_TYPE_KERNEL, ARM_UIMAGE_COMP_GZIP,
			0, 0, &len);
	fake_setup(&f, b, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EFBIG);
	assert_null(p);
	snprintf(want, sizeof(want),
		 ": decompresses beyond the %u bytes its zImage header declares",
		 (unsigned)(ZLEN + MIB));
	assert_non_null(strstr(f.ctx.msg, want));
	fake_teardown(&f);
	free(b);
	free(gz);
	free(z);
	free(zi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_truncated),
		cmocka_unit_test(parse_bad_magic),
		cmocka_unit_test(parse_bad_crc),
		cmocka_unit_test(parse_not_for_us),
		cmocka_unit_test(plan_bad_crc),
		cmocka_unit_test(plan_zimage_inside),
		cmocka_unit_test(plan_gzip),
		cmocka_unit_test(plan_gzip_past_zimage),
		cmocka_unit_test(plan_raw_image),
		cmocka_unit_test(plan_bad_zimage_inside),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
