/* SPDX-License-Identifier: MIT */
/*
 * test_riscv_image.c - the riscv64 Image header checks and the riscv64
 * plan on a fake root shaped like QEMU's virt machine under OpenSBI:
 * where each segment goes, what the device tree tells the next kernel,
 * which syscall is chosen and why.  Images are generated here, never
 * committed.  Not built by `make unit` (an x86 build would not link it):
 * see tests/unit/riscv/README.md.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>
#include "support.h"
#include "image.h"
#include "dtb.h"
#include "le.h"

#define MIB (1ULL << 20)
#define KEXEC_ARCH_RISCV (243UL << 16)

static int parse(const unsigned char *d, size_t len, struct kx_image_hdr *h, char *why,
		 size_t whylen)
{
	return kx_image_parse(&riscv_image_rules, d, len, h, why, whylen);
}

/* An Image of len bytes (>= 64): a version 0.2 header with both magics,
 * then a counting pattern. */
static unsigned char *image(size_t len, uint64_t text_offset, uint64_t image_size, uint64_t flags)
{
	unsigned char *b = malloc(len);
	size_t i;

	assert_non_null(b);
	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(i * 7 + 3);
	memset(b, 0, 64);
	kx_put32(b, 0x0000006f); /* j . (as head.S's first word would jump) */
	kx_put64(b + RISCV_HDR_TEXT_OFFSET, text_offset);
	kx_put64(b + RISCV_HDR_IMAGE_SIZE, image_size);
	kx_put64(b + RISCV_HDR_FLAGS, flags);
	kx_put32(b + RISCV_HDR_VERSION, 2);
	memcpy(b + RISCV_HDR_MAGIC, RISCV_MAGIC, 8);
	memcpy(b + RISCV_HDR_MAGIC2, RISCV_MAGIC2, 4);
	return b;
}

static void parse_good(void **state)
{
	unsigned char *b = image(4096, 0x200000, 8 * MIB, 0);
	struct kx_image_hdr h;
	char why[192];

	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), 0);
	assert_int_equal(h.text_offset, 0x200000);
	assert_int_equal(h.image_size, 8 * MIB);
	assert_int_equal(riscv_image_version(b), 2);
	assert_string_equal(why, "\"RSC\\x05\" Image, header 0.2, text_offset 0x200000, image_size "
				 "8.0 MiB, little-endian");
	/* With an EFI stub whose sections fit the file. */
	t_add_pe(b, 4096);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), 0);
	assert_non_null(strstr(why, ", EFI stub"));
	/* A 0.1 header: only the "RISCV" magic, magic2 not there yet. */
	kx_put32(b + RISCV_HDR_VERSION, 1);
	memset(b + RISCV_HDR_MAGIC2, 0, 4);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "\"RISCV\" Image, header 0.1"));
	free(b);
}

static void parse_truncated(void **state)
{
	unsigned char *b = image(8192, 0x200000, 8 * MIB, 0);
	struct kx_image_hdr h;
	char why[192];

	assert_int_equal(parse(b, 63, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "too short"));
	/* The PE section table says 8192 bytes; the file has 5000. */
	t_add_pe(b, 8192);
	assert_int_equal(parse(b, 8192, &h, why, sizeof(why)), 0);
	assert_int_equal(parse(b, 5000, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated: 5000 bytes"));
	/* Cut inside the PE header itself. */
	assert_int_equal(parse(b, 0x50, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	free(b);
}

static void parse_bad(void **state)
{
	unsigned char *b = image(4096, 0x200000, 8 * MIB, 0);
	struct kx_image_hdr h;
	char why[192];

	/* No magic at all. */
	memset(b + RISCV_HDR_MAGIC, 0, 12);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "no \"RSC\\x05\" magic"));
	/* A 0.2 header must have magic2: "RISCV" alone is not enough. */
	memcpy(b + RISCV_HDR_MAGIC, RISCV_MAGIC, 8);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	/* An arm64 Image is named as such. */
	memcpy(b + RISCV_HDR_MAGIC2, "ARM\x64", 4);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "an arm64 Image"));
	memcpy(b + RISCV_HDR_MAGIC2, RISCV_MAGIC2, 4);
	/* image_size 0. */
	kx_put64(b + RISCV_HDR_IMAGE_SIZE, 0);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "image_size is 0"));
	kx_put64(b + RISCV_HDR_IMAGE_SIZE, 8 * MIB);
	/* Big-endian. */
	kx_put64(b + RISCV_HDR_FLAGS, 1);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "big-endian"));
	kx_put64(b + RISCV_HDR_FLAGS, 0);
	/* text_offset not page aligned, or absurd. */
	kx_put64(b + RISCV_HDR_TEXT_OFFSET, 0x200010);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "text_offset"));
	kx_put64(b + RISCV_HDR_TEXT_OFFSET, 1ULL << 40);
	assert_int_equal(parse(b, 4096, &h, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "implausible"));
	free(b);
}

/* QEMU virt under OpenSBI, 256 MiB: /proc/iomem as 6.12 shows it (the
 * firmware's 512 KiB and the kernel's 2 MiB rounding as reserved
 * children), and the running tree with OpenSBI's reservation. */
static const char iomem[] =
	"10000000-100000ff : serial\n"
	"80000000-8fffffff : System RAM\n"
	"  80000000-8007ffff : Reserved\n"
	"  80202000-8146a337 : Kernel image\n"
	"    80202000-80c76977 : Kernel code\n"
	"  8146a338-815fffff : Reserved\n"
	"  8fe00000-8fffffff : Reserved\n";
static const char running_dts[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; compatible = \"riscv-virtio\";\n"
	"  chosen { bootargs = \"console=ttyS0 running\"; };\n"
	"  memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x10000000>; };\n"
	"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"    mmode_resv0@80000000 { reg = <0 0x80000000 0 0x80000>; }; };\n"
	"};\n";
/* A board's tree, as QEMU dumps it: no reservation. */
static const char board_dts[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; compatible = \"riscv-virtio\";\n"
	"  chosen { bootargs = \"console=ttyS0 from-the-board\"; };\n"
	"  memory@80000000 { device_type = \"memory\"; reg = <0 0x80000000 0 0x10000000>; };\n"
	"};\n";

struct fixture {
	const char *root, *kernel, *initrd, *dtb;
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
};

static void setup_files(struct fixture *f, const unsigned char *kernel, size_t klen,
			const void *rd, size_t rdlen)
{
	void *blob;
	size_t blen;

	memset(f, 0, sizeof(*f));
	f->root = t_fake_root(256, "console=ttyS0 root=/dev/vda\n");
	t_write_str(f->root, "proc/iomem", iomem);
	blob = t_dtc(running_dts, NULL, &blen);
	t_write(f->root, "sys/firmware/fdt", blob, blen);
	free(blob);
	f->kernel = strdup(t_write(f->root, "boot/Image", kernel, klen));
	f->initrd = rd ? strdup(t_write(f->root, "boot/initrd", rd, rdlen)) : NULL;
	blob = t_dtc(board_dts, NULL, &blen);
	f->dtb = strdup(t_write(f->root, "boot/board.dtb", blob, blen));
	free(blob);
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
}

static void teardown_files(struct fixture *f)
{
	free((char *)f->kernel);
	free((char *)f->initrd);
	free((char *)f->dtb);
}

static unsigned char *ramdisk(size_t n)
{
	unsigned char *rd = malloc(n);

	assert_non_null(rd);
	memset(rd, 0x5a, n);
	return rd;
}

/* --dtb: the kernel on the first 2 MiB boundary at or above RAM +
 * text_offset, the initrd past the 2 MiB the kernel rounds itself up to,
 * the tree after it and first among the segments; kexec_load, no
 * purgatory. */
static void plan_layout(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 1 * MIB + 4096, rdlen = 3 * MIB + 123;
	uint64_t isz = 8 * MIB + 12288, start, end;
	unsigned char *img = image(len, 0x200000, isz, 0), *rd = ramdisk(rdlen);
	const struct kx_segment *k, *i, *d;
	int rm;

	setup_files(&f, img, len, rd, rdlen);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	o.cmdline = "root=/dev/vda kx.t=1";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "Image");
	assert_int_equal(p->nseg, 3);
	k = t_seg(p, "kernel");
	i = t_seg(p, "initrd");
	d = t_seg(p, "dtb");
	/* RAM starts at 0x80000000 (OpenSBI's 512 KiB reserved): the
	 * kernel where OpenSBI put kernel 1, 0x80000000 + 0x200000. */
	assert_int_equal(k->mem, 0x80200000);
	assert_int_equal(k->memsz, isz);
	assert_int_equal(k->bufsz, len);
	assert_memory_equal(k->buf, img, len);
	assert_int_equal(p->entry, k->mem);
	/* 0x80a03000 rounded up to 2 MiB. */
	assert_int_equal(i->mem, 0x80c00000);
	assert_int_equal(i->bufsz, rdlen);
	assert_int_equal(d->mem, i->mem + i->memsz);
	assert_true(d->bufsz <= RISCV_DTB_MAX);
	/* machine_kexec takes the first segment with a tree header. */
	assert_ptr_equal(&p->seg[0], d);
	assert_int_equal(fdt_magic(p->seg[0].buf), FDT_MAGIC);
	/* The tree: the initrd, our command line, the board's own model,
	 * and OpenSBI's reservation from the running tree. */
	assert_int_equal(kx_dtb_get_initrd(d->buf, &start, &end), 0);
	assert_int_equal(start, i->mem);
	assert_int_equal(end, i->mem + rdlen);
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    "root=/dev/vda kx.t=1");
	rm = fdt_path_offset(d->buf, "/reserved-memory/mmode_resv0@80000000");
	assert_true(rm >= 0);
	/* --dtb: not through kexec_file_load, said why. */
	assert_int_equal(p->file_capable, 0);
	assert_non_null(strstr(p->file_refusal, "--dtb"));
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_int_equal(f.rec.flags, KEXEC_ARCH_RISCV);
	assert_int_equal(f.rec.entry, 0x80200000);
	assert_int_equal(f.rec.nr, 3);
	assert_int_equal(f.rec.seg[0].mem, d->mem);
	kx_plan_free(p);

	/* -s with --dtb: refused, naming the reason. */
	o.syscall = KX_SYSCALL_FILE;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), -EOPNOTSUPP);
	assert_non_null(strstr(f.ctx.msg, "device tree"));
	kx_plan_free(p);
	teardown_files(&f);
	free(img);
	free(rd);
}

/* No --dtb: the running tree (OpenSBI's reservation already in it), its
 * bootargs kept when no command line is given; -a tries kexec_file_load
 * first and falls back to kexec_load when the kernel has none. */
static void plan_running_tree(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 64 * 1024;
	unsigned char *img = image(len, 0x200000, 4 * MIB, 0);
	const struct kx_segment *d;

	setup_files(&f, img, len, NULL, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(p->nseg, 2);
	d = t_seg(p, "dtb");
	assert_ptr_equal(&p->seg[0], d);
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    "console=ttyS0 running");
	assert_true(fdt_path_offset(d->buf, "/reserved-memory/mmode_resv0@80000000") >= 0);
	assert_int_equal(t_seg(p, "kernel")->mem, 0x80200000);
	/* The tree right after the kernel's 2 MiB. */
	assert_int_equal(d->mem, 0x80600000);
	assert_int_equal(p->file_capable, 1);
	f.rec.fail_file = -ENOSYS;
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(p->syscall, "kexec_load");
	assert_string_equal(f.rec.last, "kexec_load");
	assert_non_null(strstr(p->fallback, "kexec_file_load"));
	kx_plan_free(p);
	/* A kernel with kexec_file_load takes the file itself. */
	f.rec.fail_file = 0;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(f.rec.last, "kexec_file_load");
	kx_plan_free(p);
	teardown_files(&f);
	free(img);
}

/* An initrd that starts with a tree header (a .dtb given as the initrd):
 * the real tree still comes first, so machine_kexec takes that one. */
static void plan_tree_first(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 64 * 1024, rdlen;
	unsigned char *img = image(len, 0x200000, 4 * MIB, 0);
	void *rd = t_dtc(board_dts, NULL, &rdlen);

	setup_files(&f, img, len, rd, rdlen);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.cmdline = "x";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->seg[0].what, "dtb");
	assert_string_equal(p->seg[1].what, "kernel");
	assert_string_equal(p->seg[2].what, "initrd");
	kx_plan_free(p);
	teardown_files(&f);
	free(img);
	free(rd);
}

static void plan_image_gz(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 256 * 1024, glen;
	unsigned char *img = image(len, 0x200000, 4 * MIB, 0), *gz = t_gzip(img, len, &glen);

	setup_files(&f, gz, glen, NULL, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "Image");
	assert_memory_equal(t_seg(p, "kernel")->buf, img, len);
	/* kexec_file_load gets the gunzipped Image (through a memfd). */
	assert_int_equal(p->file_capable, 1);
	assert_int_equal(p->kernel_fd, -1);
	assert_ptr_equal(p->file_kernel.data, t_seg(p, "kernel")->buf);
	assert_string_equal(p->file_kernel.how, "gunzipped");
	kx_plan_free(p);
	teardown_files(&f);
	free(gz);
	free(img);
}

/* EFI zboot (riscv's vmlinuz.efi): placed as the Image inside it, which
 * kexec_file_load would get; a payload that is no riscv Image, or a
 * truncated file, is refused naming the file. */
static void plan_zboot(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 256 * 1024, glen, zlen;
	unsigned char *img = image(len, 0x200000, 4 * MIB, 0), *gz = t_gzip(img, len, &glen);
	unsigned char *z = t_zboot(gz, glen, "gzip", &zlen), *other;
	char want[600];

	setup_files(&f, z, zlen, NULL, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "zboot");
	assert_memory_equal(t_seg(p, "kernel")->buf, img, len);
	assert_int_equal(t_seg(p, "kernel")->mem, 0x80200000);
	assert_int_equal(p->entry, 0x80200000);
	assert_int_equal(p->file_capable, 1);
	assert_int_equal(p->file_kernel.size, len);
	assert_memory_equal(p->file_kernel.data, img, len);
	assert_string_equal(p->file_kernel.how, "unpacked from its EFI zboot");
	kx_plan_free(p);
	teardown_files(&f);

	setup_files(&f, z, 0x1000 + glen / 2, NULL, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	if (!strstr(f.ctx.msg, "zboot: truncated: the zboot payload"))
		fail_msg("%s", f.ctx.msg);
	teardown_files(&f);
	free(z);
	free(gz);

	/* An arm64 Image inside: not this arch's. */
	other = calloc(1, len);
	memcpy(other + 0x38, "ARM\x64", 4);
	gz = t_gzip(other, len, &glen);
	z = t_zboot(gz, glen, "gzip", &zlen);
	setup_files(&f, z, zlen, NULL, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	snprintf(want, sizeof(want), "kernel %s: EFI zboot, gzip payload of %zu bytes at 0x1000: "
		 "the payload as Image: ", f.kernel, glen);
	if (strncmp(f.ctx.msg, want, strlen(want)))
		fail_msg("%s\nwant %s", f.ctx.msg, want);
	teardown_files(&f);
	free(other);
	free(z);
	free(gz);
	free(img);
}

static void plan_refusals(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 4096;
	unsigned char *img = image(len, 0x200000, 300 * MIB, 0);
	char *cl = malloc(1100);

	/* No room for the kernel in 256 MiB. */
	setup_files(&f, img, len, NULL, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOSPC);
	assert_non_null(strstr(f.ctx.msg, "kernel"));
	teardown_files(&f);
	free(img);

	/* A command line past riscv's COMMAND_LINE_SIZE (1024). */
	img = image(len, 0x200000, 4 * MIB, 0);
	setup_files(&f, img, len, NULL, 0);
	o.kernel = f.kernel;
	memset(cl, 'a', 1099);
	cl[1099] = 0;
	o.cmdline = cl;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -E2BIG);
	assert_non_null(strstr(f.ctx.msg, "1024"));
	o.cmdline = NULL;
	f.ctx.err = 0; /* the context keeps the first failure */
	f.ctx.msg[0] = 0;

	/* A crash kernel through kexec_load without VMCOREINFO: the error. */
	o.flags = KX_PANIC;
	o.syscall = KX_SYSCALL_LOAD;
	t_write_str(f.root, "proc/iomem",
		    "80000000-8fffffff : System RAM\n  88000000-8bffffff : Crash kernel\n");
	t_write_str(f.root, "sys/devices/system/cpu/cpu0/crash_notes", "8fa1c000\n");
	t_write_str(f.root, "sys/devices/system/cpu/cpu0/crash_notes_size", "376\n");
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOENT);
	assert_non_null(strstr(f.ctx.msg, "/sys/kernel/vmcoreinfo: No such file"));
	teardown_files(&f);
	free(img);
	free(cl);
}

/* -c -p: the core header at the top of the reservation, every segment in
 * it, the tree first with linux,elfcorehdr and linux,usable-memory-range
 * (crashkernel= first, then crashkernel=,low) and the header reserved. */
static void plan_crash(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	size_t len = 1 << 20;
	unsigned char *img = image(len, 0x200000, 4 * MIB, 0);
	const struct kx_segment *hdr, *dt;
	uint64_t a, s;
	int node, n, i;

	setup_files(&f, img, len, NULL, 0);
	t_crash_root(f.root,
		     "80000000-8fffffff : System RAM\n"
		     "  80202000-80c76977 : Kernel code\n"
		     "  84000000-85ffffff : Crash kernel\n"
		     "  88000000-8bffffff : Crash kernel\n",
		     "8fa1c000\n", 376, "0x8f3d2000 1000\n");
	o.kernel = f.kernel;
	o.cmdline = "console=ttyS0";
	hdr = t_crash_plan(&f.ctx, &o, 0x88000000, 0x8c000000, &p);
	assert_int_equal(kx_get16((const unsigned char *)hdr->buf + 18), 243); /* EM_RISCV */
	assert_int_equal(p->core.text_size, 0);
	/* Dumped: RAM outside the reservations and OpenSBI's region. */
	t_expect_ranges(&p->core.ram, 3, (const uint64_t[]){ 0x80080000, 0x84000000, 0x86000000,
							   0x88000000, 0x8c000000, 0x90000000 });
	dt = &p->seg[0];
	assert_string_equal(dt->what, "dtb");
	t_expect_crash_chosen(p, 2, (const uint64_t[]){ 0x88000000, 0x4000000, 0x84000000,
							  0x2000000 });
	node = fdt_path_offset(dt->buf, "/chosen");
	for (i = 0, n = 0; i < fdt_num_mem_rsv(dt->buf); i++)
		if (!fdt_get_mem_rsv(dt->buf, i, &a, &s) && a == hdr->mem && s == hdr->memsz)
			n++;
	assert_int_equal(n, 1);
	assert_string_equal(fdt_getprop(dt->buf, node, "bootargs", NULL), "console=ttyS0");
	kx_plan_free(p);

	/* No running tree (ACPI), a --dtb: no firmware memory known, all
	 * of RAM outside the reservations dumped. */
	unlink(t_write_str(f.root, "sys/firmware/fdt", ""));
	o.dtb = f.dtb;
	t_crash_plan(&f.ctx, &o, 0x88000000, 0x8c000000, &p);
	t_expect_ranges(&p->core.ram, 3, (const uint64_t[]){ 0x80000000, 0x84000000, 0x86000000,
							   0x88000000, 0x8c000000, 0x90000000 });
	kx_plan_free(p);
	teardown_files(&f);
	free(img);
	(void)state;
}

/* A tree with a /chosen property twice (as --dtb, and as the running
 * system's) is refused at the gate. */
static void plan_dup_chosen(void **state)
{
	struct fixture f;
	size_t len = 64 * 1024;
	unsigned char *img = image(len, 0x200000, 4 * MIB, 0);

	setup_files(&f, img, len, NULL, 0);
	t_dup_chosen_refused(f.root, f.kernel, 0x80000000);
	teardown_files(&f);
	free(img);
}

/* An Image.gz whose data runs past the header's image_size. */
static void plan_gz_past_image_size(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p = NULL;
	size_t len = 3 * MIB, glen;
	unsigned char *img = image(len, 0x200000, 2 * MIB, 0), *gz = t_gzip(img, len, &glen);
	char want[512];

	setup_files(&f, gz, glen, NULL, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EFBIG);
	snprintf(want, sizeof(want), "kernel %s: gzip trailer says it inflates to 3145728 bytes, "
				     "above the 2097152 bytes its Image header declares", f.kernel);
	assert_non_null(strstr(f.ctx.msg, want));
	assert_null(p);
	teardown_files(&f);
	free(gz);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_truncated),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(plan_layout),
		cmocka_unit_test(plan_running_tree),
		cmocka_unit_test(plan_tree_first),
		cmocka_unit_test(plan_image_gz),
		cmocka_unit_test(plan_zboot),
		cmocka_unit_test(plan_gz_past_image_size),
		cmocka_unit_test(plan_refusals),
		cmocka_unit_test(plan_dup_chosen),
		cmocka_unit_test(plan_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
