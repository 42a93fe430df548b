/* SPDX-License-Identifier: MIT */
/*
 * test_arm64_fit.c - U-Boot FIT images on arm64 (dtb/fit.c): one
 * configuration's kernel, tree and ramdisk, with the data in the tree or
 * after it (mkimage -E: data-offset, data-position), a gzip kernel, every
 * hash node checked (crc32, sha1, sha256) and each way a FIT can be wrong
 * refused before anything is placed.  FITs are written here with libfdt's
 * sequential writer, as mkimage lays them out; SHA-1 against FIPS 180-4's
 * examples.  What a configuration signature covers (dtb/fit_sig.c) is
 * checked against FITs that Debian's mkimage signed, with openssl.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <libfdt.h>
#include <zlib.h>
#include <zstd.h>
#include "support.h"
#include "internal.h"
#include "image.h"
#include "le.h"
#include "sha256.h"
#include "fit.h"
#include "generated/autoconf.h"

#define MIB (1ULL << 20)

static const char *root;
static unsigned char *img, rd[3000];
static void *fitdtb;
static size_t fitdtblen;
static const size_t imglen = 256 * 1024;

static const char running[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; model = \"running\";\n"
	"  chosen { bootargs = \"console=ttyAMA0\"; };\n"
	"  memory@0 { device_type = \"memory\"; reg = <0 0 0 0x10000000>; }; };\n";
static const char fit_tree[] =
	"/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>; model = \"from the FIT\";\n"
	"  memory@0 { device_type = \"memory\"; reg = <0 0 0 0x10000000>; }; };\n";

/* One image of a FIT to write. */
struct im {
	const char *name, *type, *comp;
	const void *data;
	size_t len;
	const char *algo[3];  /* its hash nodes; NULL ends */
	const char *arch;     /* NULL: arm64 */
	int flip;             /* corrupt the data after hashing */
};

enum where { INLINE, OFFSET, POSITION };

static void hash_value(const char *algo, const void *d, size_t n, unsigned char *v, int *len)
{
	if (!strcmp(algo, "crc32")) {
		uint32_t c = (uint32_t)crc32(0, d, (uInt)n);

		v[0] = c >> 24, v[1] = c >> 16, v[2] = c >> 8, v[3] = c;
		*len = 4;
	} else if (!strcmp(algo, "sha1")) {
		kx_sha1(d, n, v);
		*len = 20;
	} else {
		kx_sha256(d, n, v);
		*len = 32;
	}
}

/* A FIT with images im[0..n-1] and one configuration "conf-1" (the
 * default) of kernel, fdt and ramdisk (NULL: none), written to root/name. */
static const char *fit(const char *name, const struct im *im, unsigned n, const char *kernel,
		       const char *fdt, const char *ramdisk, enum where where)
{
	size_t cap = 2 * MIB, total, at = 0;
	unsigned char *b = calloc(1, cap + 2 * MIB), *ext = calloc(1, 2 * MIB);
	const char *path;
	unsigned i, j;

	assert_non_null(b);
	assert_non_null(ext);
	assert_int_equal(fdt_create(b, (int)cap), 0);
	fdt_finish_reservemap(b);
	fdt_begin_node(b, "");
	fdt_property_string(b, "description", "a test FIT");
	fdt_begin_node(b, "images");
	for (i = 0; i < n; i++) {
		unsigned char v[32];
		int vlen;

		fdt_begin_node(b, im[i].name);
		if (where == INLINE) {
			fdt_property(b, "data", im[i].data, (int)im[i].len);
		} else {
			/* mkimage -E: data-offset (or -p's data-position) first. */
			fdt_property_u32(b, where == OFFSET ? "data-offset" : "data-position",
					 (uint32_t)(where == OFFSET ? at : 0x100000 + at));
			fdt_property_u32(b, "data-size", (uint32_t)im[i].len);
			memcpy(ext + at, im[i].data, im[i].len);
			at += KX_ALIGN_UP(im[i].len, 4);
		}
		fdt_property_string(b, "type", im[i].type);
		fdt_property_string(b, "arch", im[i].arch ? im[i].arch : "arm64");
		fdt_property_string(b, "os", "linux");
		fdt_property_string(b, "compression", im[i].comp ? im[i].comp : "none");
		if (!strcmp(im[i].type, "kernel")) {
			fdt_property_u32(b, "load", 0x40080000);
			fdt_property_u32(b, "entry", 0x40080000);
		}
		for (j = 0; j < 3 && im[i].algo[j]; j++) {
			char hn[16];

			snprintf(hn, sizeof(hn), "hash-%u", j + 1);
			hash_value(im[i].algo[j], im[i].data, im[i].len, v, &vlen);
			fdt_begin_node(b, hn);
			fdt_property(b, "value", v, vlen);
			fdt_property_string(b, "algo", im[i].algo[j]);
			fdt_end_node(b);
		}
		fdt_end_node(b);
	}
	fdt_end_node(b);
	fdt_begin_node(b, "configurations");
	fdt_property_string(b, "default", "conf-1");
	fdt_begin_node(b, "conf-1");
	if (kernel)
		fdt_property_string(b, "kernel", kernel);
	if (fdt)
		fdt_property_string(b, "fdt", fdt);
	if (ramdisk)
		fdt_property_string(b, "ramdisk", ramdisk);
	fdt_end_node(b);
	fdt_end_node(b);
	fdt_end_node(b);
	assert_int_equal(fdt_finish(b), 0);
	assert_int_equal(fdt_pack(b), 0);
	total = fdt_totalsize(b);
	if (where == OFFSET) {
		memcpy(b + KX_ALIGN_UP(total, 4), ext, at);
		total = KX_ALIGN_UP(total, 4) + at;
	} else if (where == POSITION) {
		memcpy(b + 0x100000, ext, at);
		total = 0x100000 + at;
	}
	/* Corrupt after hashing: the bytes as they are in the file. */
	for (i = 0; i < n; i++) {
		if (!im[i].flip)
			continue;
		for (j = 0; j + im[i].len <= total; j++)
			if (!memcmp(b + j, im[i].data, im[i].len)) {
				b[j + im[i].len / 2] ^= 0x40;
				break;
			}
	}
	path = t_write(root, name, b, total);
	free(b);
	free(ext);
	return path;
}

static int setup(void **state)
{
	size_t len;
	void *b;

	root = t_fake_root(256, "console=ttyAMA0\n");
	b = t_dtc(running, NULL, &len);
	t_write(root, "sys/firmware/fdt", b, len);
	free(b);
	fitdtb = t_dtc(fit_tree, NULL, &fitdtblen);
	img = malloc(imglen);
	assert_non_null(img);
	for (size_t i = 0; i < imglen; i++)
		img[i] = (unsigned char)(i * 13 + 1);
	memset(img, 0, 64);
	kx_put64(img + ARM64_HDR_IMAGE_SIZE, 4 * MIB);
	kx_put64(img + ARM64_HDR_FLAGS, 0xa);
	memcpy(img + ARM64_HDR_MAGIC, ARM64_MAGIC, 4);
	for (size_t i = 0; i < sizeof(rd); i++)
		rd[i] = (unsigned char)(i * 7 + 3);
	return 0;
}

static int teardown(void **state)
{
	free(img);
	free(fitdtb);
	return 0;
}

static struct im kernel_im(void)
{
	return (struct im){ "kernel-1", "kernel", NULL, img, imglen, { "sha256", "crc32" }, NULL,
			    0 };
}

static struct im fdt_im(void)
{
	return (struct im){ "fdt-1", "flat_dt", NULL, fitdtb, fitdtblen, { "sha1" }, NULL, 0 };
}

static struct im rd_im(void)
{
	return (struct im){ "ramdisk-1", "ramdisk", NULL, rd, sizeof(rd), { "crc32" }, NULL, 0 };
}

/* Build a plan of kernel with the options given; the message on failure. */
static int plan(const char *kernel, const char *dtb, const char *initrd, const char *conf,
		struct kx_plan **p, char *msg)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .kernel = kernel, .cmdline = "console=ttyAMA0 x", .dtb = dtb,
			     .initrd = initrd, .fit_config = conf };
	int rc = kx_plan_build(&ctx, &o, p);

	strcpy(msg, ctx.msg);
	return rc;
}

static void expect_whole(const struct kx_plan *p)
{
	const void *t = t_seg(p, "dtb")->buf;

	assert_string_equal(p->format, "fit");
	assert_memory_equal(t_seg(p, "kernel")->buf, img, imglen);
	assert_string_equal(fdt_getprop(t, 0, "model", NULL), "from the FIT");
	assert_non_null(strstr(t_seg(p, "dtb")->source, "'s fdt-1"));
	assert_int_equal(t_seg(p, "initrd")->bufsz, sizeof(rd));
	assert_memory_equal(t_seg(p, "initrd")->buf, rd, sizeof(rd));
	assert_non_null(p->fit);
	assert_string_equal(p->fit->config, "conf-1");
	assert_true(p->fit->by_default);
	assert_int_equal(p->fit->nparts, 3);
	assert_string_equal(p->fit->part[0].hashes, "sha256 crc32");
	assert_string_equal(p->fit->part[1].hashes, "sha1");
	assert_string_equal(p->fit->part[2].role, "ramdisk");
	assert_int_equal(p->fit->part[2].size, sizeof(rd));
	/* The FIT's tree: kexec_file_load cannot carry it. */
	assert_int_equal(p->file_capable, 0);
}

static void inline_and_external(void **state)
{
	struct im im[3] = { kernel_im(), fdt_im(), rd_im() };
	static const enum where w[] = { INLINE, OFFSET, POSITION };
	struct kx_plan *p;
	char msg[512];

	for (unsigned i = 0; i < 3; i++) {
		const char *f = fit("fit.itb", im, 3, "kernel-1", "fdt-1", "ramdisk-1", w[i]);

		if (plan(f, NULL, NULL, NULL, &p, msg))
			fail_msg("%u: %s", i, msg);
		expect_whole(p);
		kx_plan_free(p);
	}
}

/* compression = "gzip": the kernel inflated, then placed as an Image. */
static void gzip_kernel(void **state)
{
	size_t zlen;
	unsigned char *z = t_gzip(img, imglen, &zlen);
	struct im im[2] = { { "kernel-1", "kernel", "gzip", z, zlen, { "sha256" }, NULL, 0 },
			    fdt_im() };
	struct kx_plan *p;
	char msg[512];

	assert_int_equal(plan(fit("gz.itb", im, 2, "kernel-1", "fdt-1", NULL, OFFSET), NULL, NULL,
			      NULL, &p, msg), 0);
	assert_memory_equal(t_seg(p, "kernel")->buf, img, imglen);
	assert_string_equal(p->fit->part[0].comp, "gzip");
	assert_int_equal(p->fit->part[0].size, zlen);
	for (unsigned i = 0; i < p->nseg; i++)
		assert_string_not_equal(p->seg[i].what, "initrd");
	kx_plan_free(p);
	free(z);
}

/* A zstd kernel (U-Boot's "zstd"): loaded where CONFIG_DECOMPRESS_ZSTD
 * is on, else refused naming it; "lzma" (U-Boot's LZMA-alone) is refused
 * by name everywhere. */
static void other_codecs(void **state)
{
	size_t cap = ZSTD_compressBound(imglen), zlen;
	unsigned char *z = malloc(cap);
	struct im im[1] = { { "kernel-1", "kernel", "zstd", z, 0, { "sha256" }, NULL, 0 } };
	struct kx_plan *p;
	char msg[512];
	int rc;

	zlen = ZSTD_compress(z, cap, img, imglen, 3);
	assert_false(ZSTD_isError(zlen));
	im[0].len = zlen;
	rc = plan(fit("zst.itb", im, 1, "kernel-1", NULL, NULL, OFFSET), NULL, NULL, NULL, &p,
		  msg);
#ifdef CONFIG_DECOMPRESS_ZSTD
	if (rc)
		fail_msg("%s", msg);
	assert_memory_equal(t_seg(p, "kernel")->buf, img, imglen);
	assert_string_equal(p->fit->part[0].comp, "zstd");
	kx_plan_free(p);
#else
	assert_int_not_equal(rc, 0);
	assert_non_null(strstr(msg, "FIT image kernel-1 (zstd)"));
	assert_non_null(strstr(msg, "CONFIG_DECOMPRESS_ZSTD"));
#endif
	im[0].comp = "lzma";
	assert_int_equal(plan(fit("lz.itb", im, 1, "kernel-1", NULL, NULL, OFFSET), NULL, NULL,
			      NULL, &p, msg), -ENOTSUP);
	assert_non_null(strstr(msg, "FIT image kernel-1 (lzma): no decompressor for it"));
	free(z);
}

/* --dtb and --initrd win over the FIT's, and the report says so. */
static void given_win(void **state)
{
	struct im im[3] = { kernel_im(), fdt_im(), rd_im() };
	const char *f = fit("fit.itb", im, 3, "kernel-1", "fdt-1", "ramdisk-1", INLINE);
	const char *given = t_write(root, "given.img", "given", 5);
	char dtb[512], msg[512];
	struct kx_plan *p;
	size_t len;
	void *t = t_dtc(running, NULL, &len);

	snprintf(dtb, sizeof(dtb), "%s", t_write(root, "given.dtb", t, len));
	free(t);
	if (plan(f, dtb, given, NULL, &p, msg))
		fail_msg("%s", msg);
	assert_string_equal(fdt_getprop(t_seg(p, "dtb")->buf, 0, "model", NULL), "running");
	assert_int_equal(t_seg(p, "initrd")->bufsz, 5);
	assert_string_equal(p->fit->part[1].unused, "--dtb given");
	assert_string_equal(p->fit->part[2].unused, "--initrd given");
	kx_plan_free(p);
}

static void refused(void **state)
{
	struct im im[3] = { kernel_im(), fdt_im(), rd_im() };
	struct kx_plan *p;
	char msg[512];
	const char *f;
	unsigned i;
	static const char *const algo[3] = { "sha256", "sha1", "crc32" };

	/* One byte changed in each image, in each layout. */
	for (i = 0; i < 3; i++) {
		char want[128];

		im[i].flip = 1;
		f = fit("bad.itb", im, 3, "kernel-1", "fdt-1", "ramdisk-1",
			i == 1 ? OFFSET : INLINE);
		assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -EBADMSG);
		snprintf(want, sizeof(want), "FIT image %s: its %s (hash-1) does not match",
			 im[i].name, algo[i]);
		if (!strstr(msg, want))
			fail_msg("%u: %s", i, msg);
		im[i].flip = 0;
	}
	/* No hash node; an algorithm not checked here. */
	im[2].algo[0] = NULL;
	f = fit("bad.itb", im, 3, "kernel-1", "fdt-1", "ramdisk-1", INLINE);
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -EBADMSG);
	assert_non_null(strstr(msg, "FIT image ramdisk-1: no hash node"));
	im[2].algo[0] = "md5";
	f = fit("bad.itb", im, 3, "kernel-1", "fdt-1", "ramdisk-1", INLINE);
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -ENOTSUP);
	assert_non_null(strstr(msg, "hash algorithm \"md5\" is not one this kexec checks"));
	im[2] = rd_im();
	/* A configuration naming an image that is not there, or none. */
	f = fit("bad.itb", im, 3, "kernel-1", "fdt-2", NULL, INLINE);
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "its fdt \"fdt-2\" is not an image in /images"));
	f = fit("bad.itb", im, 3, NULL, "fdt-1", NULL, INLINE);
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "FIT configuration conf-1 has no kernel"));
	f = fit("bad.itb", im, 3, "kernel-1", "fdt-1", NULL, INLINE);
	assert_int_equal(plan(f, NULL, NULL, "conf-9", &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "the FIT has no configuration \"conf-9\""));
	/* Another arch's kernel; a tree as the kernel. */
	im[0].arch = "riscv";
	f = fit("bad.itb", im, 3, "kernel-1", "fdt-1", NULL, INLINE);
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -ENOEXEC);
	assert_non_null(strstr(msg, "FIT image kernel-1 is for arch \"riscv\", not \"arm64\""));
	im[0] = kernel_im();
	f = fit("bad.itb", im, 3, "fdt-1", NULL, NULL, INLINE);
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "FIT image fdt-1: type is not kernel"));
	/* External data past the file's end: cut the file short. */
	f = fit("bad.itb", im, 3, "kernel-1", "fdt-1", "ramdisk-1", OFFSET);
	{
		size_t len;
		unsigned char *b = t_read(f, &len);

		f = t_write(root, "short.itb", b, len - 100);
		free(b);
	}
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "FIT image ramdisk-1: its 3000 bytes at 0x"));
	assert_non_null(strstr(msg, "are not in the file after the tree"));
}

/* External data that points into the tree itself. */
static void data_in_tree(void **state)
{
	struct im im[2] = { kernel_im(), fdt_im() };
	const char *f = fit("in.itb", im, 2, "kernel-1", "fdt-1", NULL, POSITION);
	size_t len;
	unsigned char *b = t_read(f, &len);
	int n = fdt_path_offset(b, "/images/fdt-1");
	struct kx_plan *p;
	char msg[512];

	assert_true(n >= 0);
	assert_int_equal(fdt_setprop_inplace_u32(b, n, "data-size", 16), 0);
	assert_int_equal(fdt_setprop_inplace_u32(b, n, "data-position", 8), 0);
	f = t_write(root, "in2.itb", b, len);
	free(b);
	assert_int_not_equal(plan(f, NULL, NULL, NULL, &p, msg), 0);
	assert_non_null(strstr(msg, "FIT image fdt-1: its 16 bytes at 0x8 are not in the file "
				    "after the tree"));
}

/* Two images' external data in the same bytes: the tree's data-position
 * pointed into the kernel's data (its hash set to match). */
static void data_overlap(void **state)
{
	struct im im[2] = { kernel_im(), fdt_im() };
	const char *f = fit("ov.itb", im, 2, "kernel-1", "fdt-1", NULL, POSITION);
	size_t len;
	unsigned char *b = t_read(f, &len), v[20];
	int k = fdt_path_offset(b, "/images/kernel-1"), n = fdt_path_offset(b, "/images/fdt-1");
	const fdt32_t *at = fdt_getprop(b, k, "data-position", NULL);
	struct kx_plan *p;
	char msg[512];

	assert_non_null(at);
	assert_int_equal(fdt_setprop_inplace_u32(b, n, "data-position", fdt32_ld(at) + 64), 0);
	assert_int_equal(fdt_setprop_inplace_u32(b, n, "data-size", 100), 0);
	kx_sha1(b + fdt32_ld(at) + 64, 100, v);
	assert_int_equal(fdt_setprop_inplace(b, fdt_subnode_offset(b, n, "hash-1"), "value", v,
					     20), 0);
	f = t_write(root, "ov2.itb", b, len);
	free(b);
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "FIT images kernel-1 and fdt-1: their data overlap"));
}

/* In dir d: the test's Image, tree and ramdisk, and name, the source of
 * a FIT of them (with an image no configuration names) whose conf-1 has a
 * signature-1 node of the properties conf_sig (NULL: none) and whose
 * images each have one of img_sig (NULL: none). */
static void sig_its(const char *d, const char *name, const char *conf_sig,
		    const char *img_sig)
{
	char its[4096], is[256] = "", cs[256] = "";

	t_write(d, "Image", img, imglen);
	t_write(d, "tree.dtb", fitdtb, fitdtblen);
	t_write(d, "rd", rd, sizeof(rd));
	if (img_sig)
		snprintf(is, sizeof(is), " signature-1 { %s };", img_sig);
	if (conf_sig)
		snprintf(cs, sizeof(cs), "   signature-1 { %s sign-images = \"kernel\", "
			 "\"fdt\", \"ramdisk\"; };\n", conf_sig);
	snprintf(its, sizeof(its),
		 "/dts-v1/;\n/ { description = \"signed\"; #address-cells = <1>;\n"
		 " images {\n"
		 "  kernel-1 { data = /incbin/(\"%s/Image\"); type = \"kernel\"; arch = \"arm64\";"
		 " os = \"linux\"; compression = \"none\"; hash-1 { algo = \"sha256\"; };%s };\n"
		 "  fdt-1 { data = /incbin/(\"%s/tree.dtb\"); type = \"flat_dt\"; arch = \"arm64\";"
		 " compression = \"none\"; hash-1 { algo = \"sha1\"; };%s };\n"
		 "  ramdisk-1 { data = /incbin/(\"%s/rd\"); type = \"ramdisk\"; arch = \"arm64\";"
		 " os = \"linux\"; compression = \"none\"; hash-1 { algo = \"crc32\"; };%s };\n"
		 "  unused-1 { data = [00]; type = \"ramdisk\"; hash-1 { algo = \"crc32\"; }; };\n"
		 " };\n configurations { default = \"conf-1\";\n"
		 "  conf-1 { kernel = \"kernel-1\"; fdt = \"fdt-1\"; ramdisk = \"ramdisk-1\";\n"
		 "%s  }; }; };\n", d, is, d, is, d, is, cs);
	t_write_str(d, name, its);
}

/* sig_its's f.its (or p.its when pad is NULL) signed in its configuration
 * by key "dev" with RSA-2048, padding pad (NULL: mkimage's default,
 * PKCS#1 v1.5). */
static void signed_its(const char *d, const char *pad)
{
	char cs[128];

	snprintf(cs, sizeof(cs), "algo = \"sha256,rsa2048\"; key-name-hint = \"dev\"; %s%s%s",
		 pad ? "padding = \"" : "", pad ? pad : "", pad ? "\";" : "");
	sig_its(d, pad ? "f.its" : "p.its", cs, NULL);
}

/* The bytes of f that conf-1's signature-1 covers, into out; returns
 * openssl's verdict on them with the signature and the key in dir. */
static int openssl_says(const char *dir, const char *f)
{
	size_t len;
	unsigned char *b = t_read(f, &len);
	int conf = fdt_path_offset(b, "/configurations/conf-1");
	int sig = fdt_subnode_offset(b, conf, "signature-1"), n, vlen;
	struct kx_fit_region r[64];
	const void *v = fdt_getprop(b, sig, "value", &vlen);
	char why[160], cmd[1024], out[512];
	FILE *o;

	assert_true(sig >= 0);
	n = kx_fit_sig_regions(b, conf, sig, r, 64, why, sizeof(why));
	if (n < 0)
		fail_msg("%s", why);
	snprintf(out, sizeof(out), "%s/signed.bin", dir);
	o = fopen(out, "wb");
	for (int i = 0; i < n; i++)
		fwrite(b + r[i].off, 1, r[i].size, o);
	fclose(o);
	t_write(dir, "sig.bin", v, (size_t)vlen);
	free(b);
	snprintf(cmd, sizeof(cmd), "openssl dgst -sha256 -verify '%s/pub.pem' -signature "
		 "'%s/sig.bin' '%s' > /dev/null 2>&1", dir, dir, out);
	return system(cmd);
}

/* What a configuration signature covers, against mkimage's own signing
 * (Debian's u-boot-tools, RSA-2048 PKCS#1 v1.5): openssl accepts the
 * signature over exactly those bytes, for the data in the tree and after
 * it; a change to a signed property is seen, one to /configurations'
 * default (not signed) is not. */
static void signed_regions(void **state)
{
	const char *d = t_tmpdir();
	char f[512];
	size_t len;
	unsigned char *b;
	int n;

	t_sh("cd '%s' && mkdir -p keys && openssl genpkey -algorithm RSA -pkeyopt "
	     "rsa_keygen_bits:2048 -out keys/dev.key 2> /dev/null && openssl pkey -in "
	     "keys/dev.key -pubout -out pub.pem", d);
	signed_its(d, NULL);
	t_sh("cd '%s' && mkimage -f p.its -k keys in.itb > /dev/null && "
	     "mkimage -E -f p.its -k keys ext.itb > /dev/null", d);
	snprintf(f, sizeof(f), "%s/in.itb", d);
	assert_int_equal(openssl_says(d, f), 0);
	snprintf(f, sizeof(f), "%s/ext.itb", d);
	assert_int_equal(openssl_says(d, f), 0);
	/* An image the configuration does not name is not covered. */
	b = t_read(f, &len);
	n = fdt_path_offset(b, "/images/unused-1");
	assert_int_equal(fdt_setprop_inplace_u32(b, n, "data-size", 0), 0);
	/* /configurations' default is not covered either. */
	assert_int_equal(fdt_setprop_inplace(b, fdt_path_offset(b, "/configurations"), "default",
					     "conf-9", 7), 0);
	t_write(d, "ext.itb", b, len);
	assert_int_equal(openssl_says(d, f), 0);
	/* A signed property changed: the kernel's os. */
	n = fdt_path_offset(b, "/images/kernel-1");
	assert_int_equal(fdt_setprop_inplace(b, n, "os", "LINUX", 6), 0);
	t_write(d, "ext.itb", b, len);
	assert_int_not_equal(openssl_says(d, f), 0);
	free(b);
}

/* A FIT signed by Debian's mkimage (-K: the key tree, -r: required), in
 * the file and after it: with --fit-keys the configuration must verify,
 * else nothing loads; the key's policy as U-Boot's, made strict. */
static void signatures(void **state)
{
	const char *d = t_tmpdir();
	char keys[512], other[512], f[512], fe[512], msg[512];
	struct kx_plan *p;
	size_t len;
	unsigned char *b;
	int n;

	for (int i = 0; i < 2; i++)
		t_sh("cd '%s' && mkdir -p k%d && openssl genpkey -algorithm RSA -pkeyopt "
		     "rsa_keygen_bits:2048 -out k%d/dev.key 2> /dev/null && openssl req -batch "
		     "-new -x509 -key k%d/dev.key -out k%d/dev.crt -subj /CN=dev 2> /dev/null && "
		     "printf '/dts-v1/;\\n/ { };\\n' | dtc -q -O dtb -o ctl%d.dtb -",
		     d, i, i, i, i, i);
	signed_its(d, "pss");
	signed_its(d, NULL);
	t_sh("cd '%s' && mkimage -f f.its -k k0 -K ctl0.dtb -r s.itb > /dev/null && "
	     "mkimage -E -f f.its -k k1 -K ctl1.dtb -r se.itb > /dev/null && "
	     "mkimage -f p.its -k k0 p.itb > /dev/null", d);
	snprintf(keys, sizeof(keys), "%s/ctl0.dtb", d);
	snprintf(other, sizeof(other), "%s/ctl1.dtb", d);
	snprintf(f, sizeof(f), "%s/s.itb", d);
	snprintf(fe, sizeof(fe), "%s/se.itb", d);
#ifdef CONFIG_FIT_SIGNATURE
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .kernel = f, .cmdline = "x", .fit_keys = keys };

	assert_int_equal(kx_plan_build(&ctx, &o, &p), 0);
	assert_string_equal(p->fit->signed_by, "signature-1 (sha256,rsa2048, pss) with key-dev");
	assert_memory_equal(t_seg(p, "kernel")->buf, img, imglen);
	kx_plan_free(p);
	/* PKCS#1 v1.5, the same key. */
	snprintf(fe, sizeof(fe), "%s/p.itb", d);
	o.kernel = fe;
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	assert_int_equal(kx_plan_build(&ctx, &o, &p), 0);
	assert_string_equal(p->fit->signed_by, "signature-1 (sha256,rsa2048, pkcs-1.5) with "
					       "key-dev");
	kx_plan_free(p);
	/* Signed with another key, or data after the tree with the other. */
	o.kernel = f;
	o.fit_keys = other;
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	assert_int_equal(kx_plan_build(&ctx, &o, &p), -EKEYREJECTED);
	assert_non_null(strstr(ctx.msg, "FIT configuration conf-1: required key key-dev"));
	snprintf(fe, sizeof(fe), "%s/se.itb", d);
	o.kernel = fe;
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	assert_int_equal(kx_plan_build(&ctx, &o, &p), 0);
	kx_plan_free(p);
	/* /configurations' default is not signed; the kernel's os is. */
	b = t_read(fe, &len);
	assert_int_equal(fdt_setprop_inplace(b, fdt_path_offset(b, "/configurations"), "default",
					     "conf-9", 7), 0);
	t_write(d, "se2.itb", b, len);
	o.kernel = t_write(d, "se2.itb", b, len);
	o.fit_config = "conf-1";
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	assert_int_equal(kx_plan_build(&ctx, &o, &p), 0);
	kx_plan_free(p);
	n = fdt_path_offset(b, "/images/kernel-1");
	assert_int_equal(fdt_setprop_inplace(b, n, "os", "LINUX", 6), 0);
	o.kernel = t_write(d, "se3.itb", b, len);
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	assert_int_equal(kx_plan_build(&ctx, &o, &p), -EKEYREJECTED);
	free(b);
	/* An unsigned FIT, when keys are given. */
	o.kernel = fit("plain.itb", (struct im[]){ kernel_im() }, 1, "kernel-1", NULL, NULL,
		       INLINE);
	o.fit_config = NULL;
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	assert_int_equal(kx_plan_build(&ctx, &o, &p), -EKEYREJECTED);
	assert_non_null(strstr(ctx.msg, "no signature node"));
#else
	assert_int_equal(plan(f, NULL, NULL, NULL, &p, msg), 0);
	kx_plan_free(p);
	{
		struct kx_ctx ctx = { .root = root };
		struct kx_opts o = { .kernel = f, .cmdline = "x", .fit_keys = keys };

		assert_int_equal(kx_plan_build(&ctx, &o, &p), -EOPNOTSUPP);
		assert_non_null(strstr(ctx.msg, "built without CONFIG_FIT_SIGNATURE"));
	}
	(void)other;
	(void)n;
	(void)b;
	(void)len;
#endif
	(void)msg;
}

#ifdef CONFIG_FIT_SIGNATURE
/* A plan of FIT f with the key tree keys; msg gets the refusal. */
static int keyed(const char *f, const char *keys, struct kx_plan **p, char *msg)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .kernel = f, .cmdline = "x", .fit_keys = keys };
	int rc = kx_plan_build(&ctx, &o, p);

	strcpy(msg, ctx.msg);
	return rc;
}

/* f with the property prop of node changed (in place, as long) to v,
 * written to root/name. */
static const char *changed(const char *f, const char *name, const char *node, const char *prop,
			   const void *v, int vlen)
{
	size_t len;
	unsigned char *b = t_read(f, &len);
	const char *g;

	assert_int_equal(fdt_setprop_inplace(b, fdt_path_offset(b, node), prop, v, vlen), 0);
	g = t_write(root, name, b, len);
	free(b);
	return g;
}

/* ECDSA P-256 and RSA-4096 configuration signatures, and image signatures
 * (required = "image"), made by Debian's mkimage: good, wrong key, a
 * signed property changed, an unsigned one changed (no matter), a
 * signature byte changed. */
static void more_signatures(void **state)
{
	const char *d = t_tmpdir();
	char keys[512], other[512], f[512], msg[512];
	struct kx_plan *p;
	unsigned char v[64];
	int vlen;

	/* mkimage 2023.01 needs /signature in the control tree to add an
	 * ECDSA key, and writes no required (or algo) into it: fdtput. */
	for (int i = 0; i < 2; i++)
		t_sh("cd '%s' && mkdir -p e%d && openssl ecparam -name prime256v1 -genkey -noout "
		     "-out e%d/ecdev.pem && printf '/dts-v1/;\\n/ { signature { }; };\\n' | "
		     "dtc -q -O dtb -o ectl%d.dtb -", d, i, i, i);
	sig_its(d, "e.its", "algo = \"sha256,ecdsa256\"; key-name-hint = \"ecdev\";", NULL);
	t_sh("cd '%s' && mkimage -f e.its -k e0 -K ectl0.dtb e.itb > /dev/null && "
	     "mkimage -E -f e.its -k e1 -K ectl1.dtb e1.itb > /dev/null && "
	     "fdtput -t s ectl0.dtb /signature/ecdev required conf && "
	     "fdtput -t s ectl1.dtb /signature/ecdev required conf", d);
	snprintf(keys, sizeof(keys), "%s/ectl0.dtb", d);
	snprintf(other, sizeof(other), "%s/ectl1.dtb", d);
	snprintf(f, sizeof(f), "%s/e.itb", d);
	assert_int_equal(keyed(f, keys, &p, msg), 0);
	assert_string_equal(p->fit->signed_by, "signature-1 (sha256,ecdsa256) with ecdev");
	assert_memory_equal(t_seg(p, "kernel")->buf, img, imglen);
	kx_plan_free(p);
	assert_int_equal(keyed(f, other, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "required key ecdev: the signature does not match"));
	snprintf(f, sizeof(f), "%s/e1.itb", d);
	assert_int_equal(keyed(f, other, &p, msg), 0);
	kx_plan_free(p);
	/* The signer's name is not covered (a signature node's property). */
	assert_int_equal(keyed(changed(f, "e2.itb", "/configurations/conf-1/signature-1",
				       "signer-name", "mkimagf", 8), other, &p, msg), 0);
	kx_plan_free(p);
	assert_int_equal(keyed(changed(f, "e3.itb", "/images/kernel-1", "os", "LINUX", 6), other,
			       &p, msg), -EKEYREJECTED);
	{
		size_t len;
		unsigned char *b = t_read(f, &len);
		const void *sv = fdt_getprop(b, fdt_path_offset(b, "/configurations/conf-1/"
							     "signature-1"), "value", &vlen);

		assert_int_equal(vlen, 64);
		memcpy(v, sv, 64);
		free(b);
	}
	v[40] ^= 1;
	assert_int_equal(keyed(changed(f, "e4.itb", "/configurations/conf-1/signature-1", "value",
				       v, 64), other, &p, msg), -EKEYREJECTED);
	/* An RSA key tree for an ECDSA signature. */
	t_sh("cd '%s' && mkdir -p r4 && openssl genpkey -algorithm RSA -pkeyopt "
	     "rsa_keygen_bits:4096 -out r4/dev.key 2> /dev/null && openssl req -batch -new "
	     "-x509 -key r4/dev.key -out r4/dev.crt -subj /CN=dev 2> /dev/null && "
	     "printf '/dts-v1/;\\n/ { };\\n' | dtc -q -O dtb -o rctl.dtb -", d);
	snprintf(keys, sizeof(keys), "%s/rctl.dtb", d);
	sig_its(d, "r.its", "algo = \"sha256,rsa4096\"; key-name-hint = \"dev\";", NULL);
	t_sh("cd '%s' && mkimage -f r.its -k r4 -K rctl.dtb -r r.itb > /dev/null", d);
	assert_int_equal(keyed(f, keys, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "is sha256,ecdsa256, the key sha256,rsa4096"));
	snprintf(f, sizeof(f), "%s/r.itb", d);
	assert_int_equal(keyed(f, keys, &p, msg), 0);
	assert_string_equal(p->fit->signed_by, "signature-1 (sha256,rsa4096, pkcs-1.5) with "
					       "key-dev");
	kx_plan_free(p);

	/* Image signatures: each image used signed, the key required = "image";
	 * the configuration itself is not signed. */
	sig_its(d, "i.its", NULL, "algo = \"sha256,rsa4096\"; key-name-hint = \"dev\";");
	t_sh("cd '%s' && printf '/dts-v1/;\\n/ { };\\n' | dtc -q -O dtb -o ictl.dtb - && "
	     "mkimage -f i.its -k r4 -K ictl.dtb -r i.itb > /dev/null && "
	     "fdtget ictl.dtb /signature/key-dev required | grep -qx image", d);
	snprintf(keys, sizeof(keys), "%s/ictl.dtb", d);
	snprintf(f, sizeof(f), "%s/i.itb", d);
	assert_int_equal(keyed(f, keys, &p, msg), 0);
	assert_string_equal(p->fit->signed_by, "");
	for (unsigned i = 0; i < 3; i++)
		assert_string_equal(p->fit->part[i].signed_by, "signature-1 (sha256,rsa4096, "
							       "pkcs-1.5) with key-dev");
	kx_plan_free(p);
	/* The ramdisk's signature changed; an image without one. */
	{
		size_t len;
		unsigned char *b = t_read(f, &len);
		int n = fdt_path_offset(b, "/images/ramdisk-1/signature-1");
		unsigned char *sv = (unsigned char *)fdt_getprop(b, n, "value", &vlen);

		assert_int_equal(vlen, 512);
		sv[100] ^= 0x20;
		assert_int_equal(keyed(t_write(root, "i2.itb", b, len), keys, &p, msg),
				 -EKEYREJECTED);
		assert_non_null(strstr(msg, "FIT image ramdisk-1: required key key-dev: the "
					    "signature does not match"));
		sv[100] ^= 0x20;
		/* All ones: above any 4096-bit modulus, refused before s^e. */
		memset(sv, 0xff, 512);
		assert_int_equal(keyed(t_write(root, "i4.itb", b, len), keys, &p, msg),
				 -EKEYREJECTED);
		assert_non_null(strstr(msg, "FIT image ramdisk-1: required key key-dev: the "
					    "signature is not below key-dev's modulus"));
		assert_int_equal(fdt_set_name(b, n, "other-1"), 0);
		assert_int_equal(keyed(t_write(root, "i3.itb", b, len), keys, &p, msg),
				 -EKEYREJECTED);
		assert_non_null(strstr(msg, "FIT image ramdisk-1: required key key-dev: no "
					    "signature node"));
		free(b);
	}
	/* With the key not required, signed images are enough too. */
	t_sh("cd '%s' && fdtput -d ictl.dtb /signature/key-dev required", d);
	assert_int_equal(keyed(f, keys, &p, msg), 0);
	kx_plan_free(p);
}

/* What checking a 32 MiB FIT costs on this machine (the host's build of
 * the arm64 planner, portable SHA-256): a 32 MiB kernel (sha256 hash node)
 * and a tree, the configuration signed with RSA-2048, data after the tree;
 * the plan built with the key tree, sealed copy included.  Printed; the
 * bound only catches the absurd (ASan runs it too). */
static void timing_32mib(void **state)
{
	const char *d = t_tmpdir();
	const size_t n = 32 * MIB;
	unsigned char *big = malloc(n);
	char its[2048], keys[512], f[512], msg[512];
	struct timespec t0, t1;
	struct kx_plan *p;
	double ms;

	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (unsigned char)(i * 131 + (i >> 12));
	memcpy(big, img, 64);
	kx_put64(big + ARM64_HDR_IMAGE_SIZE, n + MIB);
	t_write(d, "big/Image", big, n);
	t_write(d, "big/tree.dtb", fitdtb, fitdtblen);
	free(big);
	snprintf(its, sizeof(its),
		 "/dts-v1/;\n/ { description = \"32 MiB\"; #address-cells = <1>;\n images {\n"
		 "  kernel-1 { data = /incbin/(\"%s/big/Image\"); type = \"kernel\";"
		 " arch = \"arm64\"; os = \"linux\"; compression = \"none\";"
		 " hash-1 { algo = \"sha256\"; }; };\n"
		 "  fdt-1 { data = /incbin/(\"%s/big/tree.dtb\"); type = \"flat_dt\";"
		 " arch = \"arm64\"; compression = \"none\"; hash-1 { algo = \"sha256\"; }; };\n"
		 " };\n configurations { default = \"conf-1\";"
		 " conf-1 { kernel = \"kernel-1\"; fdt = \"fdt-1\"; signature-1 {"
		 " algo = \"sha256,rsa2048\"; key-name-hint = \"dev\"; }; }; }; };\n",
		 d, d);
	t_write_str(d, "big/b.its", its);
	t_sh("cd '%s/big' && mkdir -p k && openssl genpkey -algorithm RSA -pkeyopt "
	     "rsa_keygen_bits:2048 -out k/dev.key 2> /dev/null && openssl req -batch -new -x509 "
	     "-key k/dev.key -out k/dev.crt -subj /CN=dev 2> /dev/null && printf '/dts-v1/;\\n/ "
	     "{ };\\n' | dtc -q -O dtb -o ctl.dtb - && mkimage -E -f b.its -k k -K ctl.dtb -r "
	     "b.itb > /dev/null", d);
	snprintf(keys, sizeof(keys), "%s/big/ctl.dtb", d);
	snprintf(f, sizeof(f), "%s/big/b.itb", d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (keyed(f, keys, &p, msg))
		fail_msg("%s", msg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	assert_string_equal(p->fit->signed_by, "signature-1 (sha256,rsa2048, pkcs-1.5) with "
					       "key-dev");
	assert_int_equal(t_seg(p, "kernel")->bufsz, n);
	kx_plan_free(p);
	print_message("32 MiB FIT, sha256 + RSA-2048, sealed and checked: %.0f ms\n", ms);
	assert_true(ms < 20000);
}
#else
static void more_signatures(void **state)
{
	skip();
}

static void timing_32mib(void **state)
{
	skip();
}
#endif

/* Every byte of the tree of a FIT (its data after it) changed in turn,
 * and the tree cut short at each 64 bytes: each plan is built or refused
 * with a message, never a crash or a read outside the file (ASan). */
static void mutations(void **state)
{
	struct im im[3] = { kernel_im(), fdt_im(), rd_im() };
	const char *f = fit("m.itb", im, 3, "kernel-1", "fdt-1", "ramdisk-1", OFFSET);
	size_t len, tree, i;
	unsigned char *b = t_read(f, &len);
	struct kx_plan *p;
	char msg[512];
	unsigned built = 0, refused = 0;

	tree = fdt_totalsize(b);
	for (i = 0; i < tree; i++) {
		const char *g;

		b[i] ^= 0xff;
		g = t_write(root, "m2.itb", b, len);
		b[i] ^= 0xff;
		if (plan(g, NULL, NULL, NULL, &p, msg) == 0) {
			built++;
			kx_plan_free(p);
		} else {
			assert_true(msg[0] != 0);
			refused++;
		}
	}
	for (i = 0; i < tree; i += 64) {
		if (plan(t_write(root, "m3.itb", b, i), NULL, NULL, NULL, &p, msg) == 0)
			fail_msg("a FIT cut at %zu bytes was loaded", i);
		assert_true(msg[0] != 0);
	}
	/* Most bytes are in names, tags, offsets and hashes. */
	assert_true(refused > built);
	free(b);
}

/* FIPS 180-4's examples (and the empty message). */
static void sha1_vectors(void **state)
{
	static const struct {
		const char *msg, *hex;
	} v[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
	};
	unsigned char d[20], *a = malloc(1000000);
	char hex[41];

	for (unsigned i = 0; i < 3; i++) {
		kx_sha1(v[i].msg, strlen(v[i].msg), d);
		for (int j = 0; j < 20; j++)
			sprintf(hex + 2 * j, "%02x", d[j]);
		assert_string_equal(hex, v[i].hex);
	}
	memset(a, 'a', 1000000);
	kx_sha1(a, 1000000, d);
	for (int j = 0; j < 20; j++)
		sprintf(hex + 2 * j, "%02x", d[j]);
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(a);
	/* A value of the wrong length is not a match of another algorithm. */
	assert_int_equal(kx_fit_hash_matches("sha1", "abc", 3, d, 19), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inline_and_external),
		cmocka_unit_test(gzip_kernel),
		cmocka_unit_test(other_codecs),
		cmocka_unit_test(given_win),
		cmocka_unit_test(refused),
		cmocka_unit_test(data_in_tree),
		cmocka_unit_test(data_overlap),
		cmocka_unit_test(sha1_vectors),
		cmocka_unit_test(signed_regions),
		cmocka_unit_test(mutations),
		cmocka_unit_test(signatures),
		cmocka_unit_test(more_signatures),
		cmocka_unit_test(timing_32mib),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
