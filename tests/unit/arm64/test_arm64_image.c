/* SPDX-License-Identifier: MIT */
/*
 * test_arm64_image.c - the arm64 Image header checks, the EFI zboot
 * header, and the arm64 plan on a fake root: where each segment goes,
 * what the purgatory block and the device tree tell the next kernel;
 * zboot payloads in each codec (a result or, compiled out, a refusal).
 * Images are generated here, never committed.  Not built by `make unit`
 * (an x86 build would not link it): see tests/unit/arm64/README.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <cmocka.h>
#include "support.h"
#include "image.h"
#include "zboot.h"
#include "le.h"
#include "purgatory.h"
#include "dtb.h"
#include "generated/arm64_purgatory.h"
#include "generated/autoconf.h"

#define MIB (1ULL << 20)

static int parse(const unsigned char *d, size_t len, struct kx_image_hdr *h, char *why,
		 size_t whylen)
{
	return kx_image_parse(&arm64_image_rules, d, len, h, why, whylen);
}

/* An Image of len bytes (>= 64): header, then a counting pattern. */
static unsigned char *image(size_t len, uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	unsigned char *b = malloc(len);
	size_t i;

	assert_non_null(b);
	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(i * 7 + 3);
	memset(b, 0, 64);
	kx_put64(b + ARM64_HDR_TEXT_OFFSET, text_offset);
	kx_put64(b + ARM64_HDR_IMAGE_SIZE, image_size);
	kx_put64(b + ARM64_HDR_FLAGS, flags);
	memcpy(b + ARM64_HDR_MAGIC, ARM64_MAGIC, 4);
	return b;
}

static void parse_good(void **state)
{
	unsigned char *b = image(4096, 0x80000, 8 * MIB, 0xa);
	struct kx_image_hdr h;
	char why[192];

	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), 0);
	assert_int_equal(h.text_offset, 0x80000);
	assert_int_equal(h.image_size, 8 * MIB);
	assert_int_equal(arm64_image_page_kib(&h), 4);
	assert_non_null(strstr(why, "4K pages"));
	/* With an EFI stub whose sections fit the file. */
	t_add_pe(b, 4096);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), 0);
	free(b);
}

static void parse_truncated(void **state)
{
	unsigned char *b = image(8192, 0, 8 * MIB, 0xa);
	struct kx_image_hdr h;
	char why[192];

	assert_int_equal(parse(b, 63, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "too short"));
	/* The PE section table says 8192 bytes; the file has 5000. */
	t_add_pe(b, 8192);
	assert_int_equal(parse(b, 8192, &h, why, sizeof(why)), 0);
	assert_int_equal(parse(b, 5000, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	/* Cut inside the PE header itself. */
	assert_int_equal(parse(b, 0x50, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	free(b);
}

static void parse_bad(void **state)
{
	unsigned char *b = image(4096, 0, 8 * MIB, 0xb);
	struct kx_image_hdr h;
	char why[192];

	/* Big-endian (flags bit 0). */
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "big-endian"));
	/* image_size 0: before 3.17. */
	kx_put64(b + ARM64_HDR_FLAGS, 0xa);
	kx_put64(b + ARM64_HDR_IMAGE_SIZE, 0);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "3.17"));
	/* Bad magic. */
	kx_put64(b + ARM64_HDR_IMAGE_SIZE, 8 * MIB);
	b[ARM64_HDR_MAGIC + 3] = 0x65;
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "magic"));
	/* text_offset not page aligned. */
	b[ARM64_HDR_MAGIC + 3] = 0x64;
	kx_put64(b + ARM64_HDR_TEXT_OFFSET, 0x80010);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "text_offset"));
	free(b);
}

static void zboot_parse(void **state)
{
	unsigned char pay[100] = { 0x1f, 0x8b, 8 };
	struct kx_zboot z;
	size_t len;
	char why[192];
	unsigned char *b = t_zboot(pay, sizeof(pay), "zstd22", &len);

	assert_int_equal(kx_zboot_parse(b, len, &z, why, sizeof(why)), 0);
	assert_string_equal(z.codec, "zstd22");
	assert_int_equal(z.payload_off, 0x1000);
	assert_int_equal(z.payload_size, 100);
	/* Truncated: the payload is not inside. */
	assert_int_equal(kx_zboot_parse(b, 0x1000 + 50, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	assert_int_equal(kx_zboot_parse(b, 0x30, &z, why, sizeof(why)), -ENOEXEC);
	/* Not zboot. */
	memcpy(b + 4, "zimh", 4);
	assert_int_equal(kx_zboot_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	free(b);
}

struct fixture {
	const char *root, *kernel, *initrd, *dtb;
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	unsigned char *img;
	size_t img_len;
};

static const char dts[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; compatible = \"linux,dummy-virt\";\n"
	"  chosen { bootargs = \"console=ttyAMA0 from-the-tree\"; };\n"
	"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x10000000>; };\n"
	"};\n";

static void setup_files(struct fixture *f, const unsigned char *kernel, size_t klen)
{
	unsigned char *rd = malloc(3 * MIB + 123);
	void *blob;
	size_t blen;

	memset(f, 0, sizeof(*f));
	memset(rd, 0x5a, 3 * MIB + 123);
	f->root = t_fake_root(256, "BOOT_IMAGE=/vmlinuz root=/dev/vda console=ttyAMA0\n");
	f->kernel = strdup(t_write(f->root, "boot/Image", kernel, klen));
	f->initrd = strdup(t_write(f->root, "boot/initrd", rd, 3 * MIB + 123));
	blob = t_dtc(dts, NULL, &blen);
	f->dtb = strdup(t_write(f->root, "boot/board.dtb", blob, blen));
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
	free(blob);
	free(rd);
}

static void teardown_files(struct fixture *f)
{
	free((char *)f->kernel);
	free((char *)f->initrd);
	free((char *)f->dtb);
}

/* The fake root's RAM: 1 MiB .. 256 MiB, reserved 0x3000000-0x30fffff. */
static void check_layout(struct fixture *f, struct kx_plan *p, const unsigned char *img,
			 size_t img_len, uint64_t text_offset, uint64_t image_size)
{
	const struct kx_segment *k = t_seg(p, "kernel"), *rd = t_seg(p, "initrd"),
		*d = t_seg(p, "dtb"), *pg = t_seg(p, "purgatory");
	const struct kx_purg_params *pp;
	uint64_t start, end;

	/* Lowest 2 MiB aligned base in RAM (from 1 MiB) + text_offset. */
	assert_int_equal(k->mem, 0x200000 + text_offset);
	assert_int_equal(k->memsz, image_size);
	assert_int_equal(k->bufsz, img_len);
	assert_memory_equal(k->buf, img, img_len);
	/* Bottom up, in kexec-tools' order. */
	assert_int_equal(rd->mem, k->mem + k->memsz);
	assert_int_equal(d->mem, rd->mem + rd->memsz);
	assert_int_equal(d->mem % 4096, 0);
	assert_true(d->bufsz <= 2 * MIB);
	assert_int_equal(pg->mem, d->mem + d->memsz);
	assert_int_equal(p->entry, pg->mem);
	assert_int_equal(pg->memsz, KX_ALIGN_UP(KX_ARM64_PURG_MEMSZ, 4096));
	/* The purgatory jumps to the Image with x0 = the tree. */
	pp = (const void *)((const unsigned char *)pg->buf + KX_ARM64_PURG_PARAMS_OFF);
	assert_int_equal(pp->magic, KX_PURG_MAGIC);
	assert_int_equal(pp->entry, k->mem);
	assert_int_equal(pp->arg0, d->mem);
	/* The tree: the initrd where it was placed, our command line. */
	{ char w[128]; assert_int_equal(kx_dtb_check(d->buf, d->bufsz, w, sizeof(w)), 0); }
	assert_int_equal(kx_dtb_get_initrd(d->buf, &start, &end), 0);
	assert_int_equal(start, rd->mem);
	assert_int_equal(end, rd->mem + 3 * MIB + 123);
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    "root=/dev/sda kx.t=1");
}

static void plan_layout(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	const struct kx_purg_params *pp;
	size_t len = 1 * MIB + 4096;
	unsigned char *img = image(len, 0x80000, 8 * MIB, 0xa);

	setup_files(&f, img, len);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	o.cmdline = "root=/dev/sda kx.t=1";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "Image");
	assert_int_equal(p->nseg, 4);
	check_layout(&f, p, img, len, 0x80000, 8 * MIB);
	/* --dtb: not through kexec_file_load, said why. */
	assert_int_equal(p->file_capable, 0);
	assert_non_null(strstr(p->file_refusal, "--dtb"));
	/* -a: kexec_load, sealed with a digest over the 3 segments below. */
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_int_equal(f.rec.flags, 183UL << 16);
	assert_int_equal(f.rec.entry, p->entry);
	pp = (const void *)((const unsigned char *)t_seg(p, "purgatory")->buf +
			    KX_ARM64_PURG_PARAMS_OFF);
	assert_int_equal(pp->skip_checks, 0);
	assert_int_equal(pp->nregions, 3);
	kx_plan_free(p);

	/* -s with --dtb: refused, naming the reason. */
	o.syscall = KX_SYSCALL_FILE;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), -EOPNOTSUPP);
	assert_non_null(strstr(f.ctx.msg, "device tree"));
	kx_plan_free(p);
	teardown_files(&f);
	free(img);
}

static void plan_keeps_bootargs(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 64 * 1024;
	unsigned char *img = image(len, 0, 4 * MIB, 0xa);
	const struct kx_segment *d;

	setup_files(&f, img, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	o.flags = KX_NO_CHECKS;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	/* No command line given: the tree's bootargs stay. */
	d = t_seg(p, "dtb");
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    "console=ttyAMA0 from-the-tree");
	assert_int_equal(t_seg(p, "kernel")->mem, 0x200000);
	assert_int_equal(p->nseg, 3);
	kx_plan_free(p);
	teardown_files(&f);
	free(img);
}

static void plan_zboot(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 1 * MIB + 4096, glen, zlen;
	unsigned char *img = image(len, 0x80000, 8 * MIB, 0xa), *gz = t_gzip(img, len, &glen);
	unsigned char *z = t_zboot(gz, glen, "gzip", &zlen);
	char want[512];
	void *blob;
	size_t blen;

	setup_files(&f, z, zlen);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	o.cmdline = "root=/dev/sda kx.t=1";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "zboot");
	check_layout(&f, p, img, len, 0x80000, 8 * MIB);
	/* kexec_file_load cannot carry --dtb; it would get the Image. */
	assert_int_equal(p->file_capable, 0);
	assert_int_equal(p->kernel_fd, -1);
	assert_int_equal(p->file_kernel.size, len);
	assert_memory_equal(p->file_kernel.data, img, len);
	assert_string_equal(p->file_kernel.how, "unpacked from its EFI zboot");
	kx_plan_free(p);
	/* Without --dtb (the running tree): kexec_file_load takes it, as the
	 * unpacked Image. */
	o.dtb = NULL;
	blob = t_dtc(dts, NULL, &blen);
	t_write(f.root, "sys/firmware/fdt", blob, blen);
	free(blob);
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(p->file_capable, 1);
	assert_int_equal(p->kernel_fd, -1);
	assert_memory_equal(p->file_kernel.data, img, len);
	kx_plan_free(p);
	teardown_files(&f);
	free(z);

	/* A codec the kernel has but this kexec does not know: refused by name. */
	z = t_zboot(gz, glen, "lz4", &zlen);
	setup_files(&f, z, zlen);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOTSUP);
	assert_null(p);
	snprintf(want, sizeof(want), "kernel %s: EFI zboot, lz4 payload of %zu bytes at 0x1000: no "
				     "decompressor for it",
		 f.kernel, glen);
	assert_string_equal(f.ctx.msg, want);
	teardown_files(&f);
	free(z);
	free(gz);
	free(img);
}

/* Compressible like a kernel (some 3:1), not like image()'s pattern: the
 * cap keeps deflate's 1032:1 ratio bound for every codec. */
static unsigned char *noisy(unsigned char *b, size_t len)
{
	uint32_t x = 2463534242u;
	size_t i;

	for (i = ARM64_HDR_SIZE; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (unsigned char)(i % 3 ? x & 0x1f : x);
	}
	return b;
}

/* The payload of a zstd22 or xzkern zboot kernel: the stream, then the
 * le32 size of the output (scripts/Makefile.lib size_append). */
static unsigned char *payload(const char *codec, const unsigned char *img, size_t len, size_t *n)
{
	size_t cap = len + len / 8 + 4096, pos = 0;
	unsigned char *o = malloc(cap);

	assert_non_null(o);
	if (!strcmp(codec, "zstd22")) {
		/* From a pipe: no content size in the frame. */
		ZSTD_CCtx *c = ZSTD_createCCtx();

		assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0)));
		assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1)));
		pos = ZSTD_compress2(c, o, cap, img, len);
		assert_false(ZSTD_isError(pos));
		ZSTD_freeCCtx(c);
	} else {
		/* scripts/xz_wrap.sh for arm64: the ARM64 branch filter, LZMA2, CRC32. */
		lzma_options_lzma opt;
		lzma_filter fl[] = { { .id = LZMA_FILTER_ARM64 },
				     { .id = LZMA_FILTER_LZMA2, .options = &opt },
				     { .id = LZMA_VLI_UNKNOWN } };

		assert_false(lzma_lzma_preset(&opt, 6));
		opt.dict_size = 1 << 20;
		assert_int_equal(lzma_stream_buffer_encode(fl, LZMA_CHECK_CRC32, NULL, img, len, o,
							   &pos, cap - 4),
				 LZMA_OK);
	}
	kx_put32(o + pos, (uint32_t)len);
	*n = pos;
	return o;
}

/* zboot with a zstd or an xz payload: loaded when the codec is built in,
 * else refused naming the option; a cut payload, data after it and a
 * bomb are errors that name the file. */
static void zboot_codec(const char *codec, int built, const char *option)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 1 * MIB + 4096, n, zlen, i;
	unsigned char *img = noisy(image(len, 0x80000, 8 * MIB, 0xa), len),
		      *pay = payload(codec, img, len, &n), *z;
	const char *fam = codec[0] == 'z' ? "zstd" : "xz";
	char want[512], head[320];
	/* As newer kernels write it: the size word after the payload; as the
	 * first ones did: inside it. */
	static const int inside[] = { 0, 1 };

	for (i = 0; i < 2; i++) {
		z = t_zboot(pay, n + 4, codec, &zlen);
		kx_put32(z + 0x0c, n + 4 * inside[i]);
		setup_files(&f, z, zlen);
		o.kernel = f.kernel;
		o.initrd = f.initrd;
		o.dtb = f.dtb;
		o.cmdline = "root=/dev/sda kx.t=1";
		snprintf(head, sizeof(head), "kernel %s: EFI zboot, %s payload of %zu bytes at "
					     "0x1000",
			 f.kernel, codec, n + 4 * inside[i]);
		if (built) {
			assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
			assert_string_equal(p->format, "zboot");
			check_layout(&f, p, img, len, 0x80000, 8 * MIB);
			kx_plan_free(p);
		} else {
			assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOTSUP);
			assert_null(p);
			snprintf(want, sizeof(want), "%s: this kexec was built without %s", head,
				 option);
			assert_string_equal(f.ctx.msg, want);
		}
		teardown_files(&f);
		free(z);
	}
	if (!built)
		goto out;

	/* Cut short: the payload size says less than the stream. */
	z = t_zboot(pay, n + 4, codec, &zlen);
	kx_put32(z + 0x0c, n / 2);
	setup_files(&f, z, zlen);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EINVAL);
	snprintf(head, sizeof(head), "kernel %s: EFI zboot, %s payload of %zu bytes at 0x1000: %s "
				     "data truncated after ",
		 f.kernel, codec, n / 2, fam);
	assert_memory_equal(f.ctx.msg, head, strlen(head));
	teardown_files(&f);
	free(z);

	/* Other data after the stream: a size word that is not the size. */
	kx_put32(pay + n, (uint32_t)len + 1);
	z = t_zboot(pay, n + 4, codec, &zlen);
	setup_files(&f, z, zlen);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EINVAL);
	snprintf(want, sizeof(want), "kernel %s: EFI zboot, %s payload of %zu bytes at 0x1000: 4 "
				     "bytes of other data after the %s stream",
		 f.kernel, codec, n + 4, fam);
	assert_string_equal(f.ctx.msg, want);
	teardown_files(&f);
	free(z);
out:
	free(pay);
	free(img);
}

static void plan_zboot_zstd(void **state)
{
#ifdef CONFIG_DECOMPRESS_ZSTD
	zboot_codec("zstd22", 1, "CONFIG_DECOMPRESS_ZSTD");
#else
	zboot_codec("zstd22", 0, "CONFIG_DECOMPRESS_ZSTD");
#endif
}

static void plan_zboot_xz(void **state)
{
#ifdef CONFIG_DECOMPRESS_XZ
	zboot_codec("xzkern", 1, "CONFIG_DECOMPRESS_XZ");
#else
	zboot_codec("xzkern", 0, "CONFIG_DECOMPRESS_XZ");
#endif
}

/* A zstd frame declaring 1 TiB: refused from its header, before any
 * allocation, with or without the codec (then by the option). */
static void plan_zboot_bomb(void **state)
{
	static const unsigned char frame[] = { 0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0,
					       0, 0, 1, 0, 0, 1, 0, 0 };
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t zlen;
	unsigned char *z = t_zboot(frame, sizeof(frame), "zstd22", &zlen);

	setup_files(&f, z, zlen);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
#ifdef CONFIG_DECOMPRESS_ZSTD
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EFBIG);
	assert_non_null(strstr(f.ctx.msg, ": the zstd frame says it decompresses to 1099511627776 "
					  "bytes, above the "));
#else
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOTSUP);
	assert_non_null(strstr(f.ctx.msg, "CONFIG_DECOMPRESS_ZSTD"));
#endif
	assert_null(p);
	assert_non_null(strstr(f.ctx.msg, f.kernel));
	teardown_files(&f);
	free(z);
}

static void plan_image_gz(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 256 * 1024, glen;
	unsigned char *img = image(len, 0, 4 * MIB, 0xa), *gz = t_gzip(img, len, &glen);

	setup_files(&f, gz, glen);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "Image");
	assert_memory_equal(t_seg(p, "kernel")->buf, img, len);
	kx_plan_free(p);
	teardown_files(&f);
	free(gz);
	free(img);
}

static void plan_no_room(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 4096;
	unsigned char *img = image(len, 0, 300 * MIB, 0xa);

	setup_files(&f, img, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOSPC);
	assert_non_null(strstr(f.ctx.msg, "kernel"));
	teardown_files(&f);
	free(img);
}

/* A tree with a /chosen property twice (as --dtb, and as the running
 * system's) is refused at the gate: the second copy would outlive the
 * fixups' deletion of the first. */
static void plan_dup_chosen(void **state)
{
	struct fixture f;
	size_t len = 64 * 1024;
	unsigned char *img = image(len, 0, 4 * MIB, 0xa);

	setup_files(&f, img, len);
	t_dup_chosen_refused(f.root, f.kernel, 0x100000);
	teardown_files(&f);
	free(img);
}

/* Decompressed data past the header's image_size (no PE headers say
 * more) is refused, as Image.gz and as a zboot payload; a zboot payload
 * that is no Image (1 GiB of zeros) costs its first 64 KiB. */
static void plan_gz_past_image_size(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p = NULL;
	size_t len = 3 * MIB, glen, zlen;
	unsigned char *img = image(len, 0, 2 * MIB, 0xa), *gz = t_gzip(img, len, &glen);
	unsigned char *zb = t_zboot(gz, glen, "gzip", &zlen), *zeros;
	const char *zpath;
	char want[512];
	long before;

	setup_files(&f, gz, glen);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EFBIG);
	snprintf(want, sizeof(want), "kernel %s: gzip trailer says it inflates to 3145728 bytes, "
				     "above the 2097152 bytes its Image header declares", f.kernel);
	assert_non_null(strstr(f.ctx.msg, want));
	assert_null(p);

	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	o.kernel = t_write(f.root, "boot/zboot.efi", zb, zlen);
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EFBIG);
	assert_non_null(strstr(f.ctx.msg, ": gzip trailer says it inflates to 3145728 bytes, above "
					  "the 2097152 bytes its Image header declares"));
	free(zb);

	/* 1 GiB of zeros: the first 64 KiB show it is no Image. */
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	t_write_str(f.root, "proc/meminfo", "MemTotal: 8388608 kB\nMemAvailable: 8000000 kB\n");
	zpath = t_gzip_zeros(f.root, "zeros.gz", 1ULL << 30);
	zeros = t_read(zpath, &glen);
	zb = t_zboot(zeros, glen, "gzip", &zlen);
	o.kernel = t_write(f.root, "boot/zeros.efi", zb, zlen);
	before = t_peak_reset();
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	printf("refusing a zboot of 1 GiB of zeros: peak RSS +%ld KiB\n", t_peak_kib() - before);
	assert_true(t_peak_kib() - before < 1024);
	assert_non_null(strstr(f.ctx.msg, "gzip payload of"));
	assert_non_null(strstr(f.ctx.msg, ": the payload as Image: no \"ARM\\x64\" magic at 0x38"));
	free(zeros);
	free(zb);
	teardown_files(&f);
	free(gz);
	free(img);
}

/* -c -p: the core header at the top of the reservation with the kernel
 * text's PT_LOAD (from /proc/kallsyms here: no /proc/kcore), every
 * segment in the reservation, the tree with linux,elfcorehdr and
 * linux,usable-memory-range; the same through a zboot. */
static void plan_crash(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	size_t len = 1 * MIB, glen, zlen;
	unsigned char *img = image(len, 0, 4 * MIB, 0xa), *gz = t_gzip(img, len, &glen);
	unsigned char *z = t_zboot(gz, glen, "gzip", &zlen);
	const struct kx_segment *hdr, *dt, *pg;
	const struct kx_purg_params *pp;
	void *blob;
	size_t blen;
	int pass;

	setup_files(&f, img, len);
	t_crash_root(f.root,
		     "00100000-0fffffff : System RAM\n"
		     "  00210000-00ffffff : Kernel code\n"
		     "  08000000-0bffffff : Crash kernel\n",
		     "fa1c000\n", 376, "0xf3d2000 1000\n");
	t_write_str(f.root, "proc/kallsyms",
		    "ffffa0c4f2e00000 T _text\nffffa0c4f2e10000 T _stext\n"
		    "ffffa0c4f5000000 B _end\n");
	for (pass = 0; pass < 2; pass++) {
		o.kernel = pass ? t_write(f.root, "boot/zboot.efi", z, zlen) : f.kernel;
		o.dtb = f.dtb;
		o.cmdline = "console=ttyAMA0";
		hdr = t_crash_plan(&f.ctx, &o, 0x8000000, 0xc000000, &p);
		/* EM_AARCH64 */
		assert_int_equal(kx_get16((const unsigned char *)hdr->buf + 18), 183);
		assert_int_equal(p->core.elf_class, 64);
		assert_int_equal(p->core.text_vaddr, 0xffffa0c4f2e00000ULL);
		assert_int_equal(p->core.text_paddr, 0x200000);
		assert_int_equal(p->core.text_size, 0x2200000);
		t_expect_ranges(&p->core.ram, 2, (const uint64_t[]){ 0x100000, 0x8000000,
								   0xc000000, 0x10000000 });
		t_expect_crash_chosen(p, 1, (const uint64_t[]){ 0x8000000, 0x4000000 });
		dt = t_seg(p, "dtb");
		/* The purgatory enters the kernel placed in the reservation. */
		pg = t_seg(p, "purgatory");
		pp = (const void *)((const unsigned char *)pg->buf + KX_ARM64_PURG_PARAMS_OFF);
		assert_int_equal(pp->entry, t_seg(p, "kernel")->mem);
		assert_int_equal(pp->arg0, dt->mem);
		kx_plan_free(p);
	}
	/* -s -p of the zboot, as Fedora's kdump-utils loads its aarch64
	 * kernel: kexec_file_load gets the unpacked Image (a memfd). */
	blob = t_dtc(dts, NULL, &blen);
	t_write(f.root, "sys/firmware/fdt", blob, blen);
	free(blob);
	o.dtb = NULL;
	o.flags = KX_PANIC;
	o.syscall = KX_SYSCALL_FILE;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(p->file_kernel.size, len);
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_true(f.rec.flags & 0x2); /* KEXEC_FILE_ON_CRASH */
	assert_true(f.rec.kernel_fd >= 0);
	kx_plan_free(p);
	teardown_files(&f);
	free(z);
	free(gz);
	free(img);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_truncated),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(zboot_parse),
		cmocka_unit_test(plan_layout),
		cmocka_unit_test(plan_keeps_bootargs),
		cmocka_unit_test(plan_zboot),
		cmocka_unit_test(plan_zboot_zstd),
		cmocka_unit_test(plan_zboot_xz),
		cmocka_unit_test(plan_zboot_bomb),
		cmocka_unit_test(plan_image_gz),
		cmocka_unit_test(plan_gz_past_image_size),
		cmocka_unit_test(plan_no_room),
		cmocka_unit_test(plan_dup_chosen),
		cmocka_unit_test(plan_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
