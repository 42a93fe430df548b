/* SPDX-License-Identifier: MIT */
/*
 * test_arm_zimage.c - the 32-bit arm zImage header and tag table, the
 * room its boot needs, and the arm plan on a fake QEMU-virt root: where
 * the kernel, the initrd and the tree go, what the tree says, the syscall
 * rules (no kexec_file_load), the command-line limit and the kernel's
 * EINVAL in words.  Kernels are generated here (fake.h).
 * `make ARCH=arm unit`.
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

static void parse_good(void **state)
{
	size_t len = 64 * 1024;
	unsigned char *b = fake_zimage(len, &fake_armmp);
	struct arm_zimage z;
	char why[192];

	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), 0);
	assert_int_equal(z.size, len);
	assert_int_equal(z.kernel_size, 8 * MIB);
	assert_int_equal(z.bss_size, 300 * 1024);
	assert_int_equal(z.text_offset, 0x208000);
	assert_int_equal(z.malloc_size, 0x10000);
	assert_int_equal(z.dtb_size, 0);
	assert_non_null(strstr(why, "decompresses to 8.0 MiB"));
	/* Bytes after the zImage proper (padding, a signature) are fine. */
	b = realloc(b, len + 4096);
	assert_non_null(b);
	memset(b + len, 0, 4096);
	assert_int_equal(arm_zimage_parse(b, len + 4096, &z, why, sizeof(why)), 0);
	assert_int_equal(z.size, len);
	free(b);
}

static void parse_old_forms(void **state)
{
	struct fake_z f = fake_armmp;
	size_t len = 64 * 1024;
	unsigned char *b;
	struct arm_zimage z;
	char why[192];

	/* The first KRNL_SIZE form: no TEXT_OFFSET nor heap size. */
	f.words = 4;
	b = fake_zimage(len, &f);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), 0);
	assert_int_equal(z.kernel_size, 8 * MIB);
	assert_int_equal(z.text_offset, ARM_TEXT_OFFSET);
	assert_int_equal(z.malloc_size, ARM_MALLOC_SIZE);
	free(b);
	/* No table at all: the size is unknown, 4 times the file is kept. */
	f.words = 0;
	b = fake_zimage(len, &f);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), 0);
	assert_int_equal(z.kernel_size, 0);
	assert_non_null(strstr(why, "no KRNL_SIZE tag"));
	assert_true(arm_zimage_footprint(&z, len) >= 4 * len);
	free(b);
}

static void parse_truncated(void **state)
{
	size_t len = 64 * 1024;
	unsigned char *b = fake_zimage(len, &fake_armmp);
	struct arm_zimage z;
	char why[192];

	assert_int_equal(arm_zimage_parse(b, len - 1, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	assert_int_equal(arm_zimage_parse(b, 0x3b, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "too short"));
	free(b);
}

static void parse_bad(void **state)
{
	size_t len = 64 * 1024;
	unsigned char *b = fake_zimage(len, &fake_armmp);
	struct arm_zimage z;
	char why[192];

	/* Bad magic. */
	b[0x24] ^= 1;
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "magic"));
	/* A big-endian kernel's header. */
	put32be(b + 0x24, ARM_ZIMAGE_MAGIC);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "big-endian"));
	kx_put32(b + 0x24, ARM_ZIMAGE_MAGIC);
	/* end before start. */
	kx_put32(b + 0x28, 0x10000000);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "implausible"));
	kx_put32(b + 0x28, 0);
	/* The table outside the file, a tag too long, a size word outside,
	 * a table without end, a silly TEXT_OFFSET: each named. */
	kx_put32(b + 0x38, (uint32_t)len);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "tag table"));
	kx_put32(b + 0x38, 0x40);
	kx_put32(b + 0x40, 100000);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "does not fit"));
	kx_put32(b + 0x40, 6);
	kx_put32(b + 0x48, (uint32_t)len - 2);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "KRNL_SIZE tag points"));
	kx_put32(b + 0x48, (uint32_t)len - 8);
	kx_put32(b + len - 8, 0);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "implausible KRNL_SIZE"));
	kx_put32(b + len - 8, 8 * MIB);
	kx_put32(b + 0x50, 0x208001);
	assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "TEXT_OFFSET"));
	kx_put32(b + 0x50, 0x208000);
	{
		unsigned i;

		for (i = 0; i < 20; i++)
			kx_put32(b + 0x40 + 8 * i, 2);
		assert_int_equal(arm_zimage_parse(b, len, &z, why, sizeof(why)), -ENOEXEC);
		assert_non_null(strstr(why, "no end"));
	}
	free(b);
}

static void appended_dtb(void **state)
{
	size_t len = 64 * 1024, blen;
	void *blob = t_dtc(fake_dts, NULL, &blen);
	unsigned char *b = fake_zimage(len, &fake_armmp);
	struct arm_zimage z;
	char why[192];

	b = realloc(b, len + blen);
	assert_non_null(b);
	memcpy(b + len, blob, blen);
	assert_int_equal(arm_zimage_parse(b, len + blen, &z, why, sizeof(why)), 0);
	assert_int_equal(z.size, len);
	assert_int_equal(z.dtb_size, blen);
	assert_non_null(strstr(why, "appended"));
	free(blob);
	free(b);
}

static void footprint(void **state)
{
	struct arm_zimage z = { .size = 5 * MIB, .kernel_size = 20 * MIB, .bss_size = 400 * 1024,
				.text_offset = 0x208000, .malloc_size = 0x10000 };
	uint64_t f = arm_zimage_footprint(&z, 5 * MIB);

	/* The decompressor relocated past the kernel, with its heap, ends
	 * higher than the kernel and its .bss: that is the room. */
	assert_true(f >= 20 * MIB + 5 * MIB + 0x10000);
	assert_true(f >= 20 * MIB + 400 * 1024);
	assert_true(f <= 27 * MIB);
	/* A huge .bss wins. */
	z.bss_size = 64 * MIB;
	assert_int_equal(arm_zimage_footprint(&z, 5 * MIB), 84 * MIB);
}

/* The plan on the fake virt machine: RAM 0x40000000-0x50000000. */
static void plan_layout(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 1 * MIB + 4096;
	unsigned char *img = fake_zimage(len, &fake_armmp);
	const struct kx_segment *k, *rd, *d;
	struct arm_zimage z;
	uint64_t start, end;
	char why[192];

	fake_setup(&f, img, len);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	o.cmdline = "root=/dev/mmcblk0p2 kx.t=1";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "zImage");
	assert_int_equal(p->nseg, 3);
	k = t_seg(p, "kernel");
	rd = t_seg(p, "initrd");
	d = t_seg(p, "dtb");
	/* The kernel where it runs: start of RAM + TEXT_OFFSET, entered
	 * at its first byte, no purgatory. */
	assert_int_equal(k->mem, RAM_BASE + 0x208000);
	assert_int_equal(p->entry, k->mem);
	assert_int_equal(k->bufsz, len);
	assert_memory_equal(k->buf, img, len);
	/* The initrd only after the room the decompressor needs. */
	assert_int_equal(arm_zimage_parse(img, len, &z, why, sizeof(why)), 0);
	assert_int_equal(rd->mem, KX_ALIGN_UP(k->mem + arm_zimage_footprint(&z, len), 4096));
	assert_true(rd->mem >= k->mem + 8 * MIB + len + 0x10000);
	/* The tree last (the kernel takes the last segment with its magic),
	 * right above the initrd, and small. */
	assert_ptr_equal(d, &p->seg[p->nseg - 1]);
	assert_int_equal(d->mem, rd->mem + rd->memsz);
	assert_true(d->bufsz <= 1 * MIB);
	{ char w[128]; assert_int_equal(kx_dtb_check(d->buf, d->bufsz, w, sizeof(w)), 0); }
	assert_int_equal(kx_dtb_get_initrd(d->buf, &start, &end), 0);
	assert_int_equal(start, rd->mem);
	assert_int_equal(end, rd->mem + FAKE_INITRD_SIZE);
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    "root=/dev/mmcblk0p2 kx.t=1");
	/* No kexec_file_load on 32-bit arm: -a takes kexec_load, quietly. */
	assert_int_equal(p->file_capable, 0);
	assert_string_equal(p->file_refusal, "Linux has no kexec_file_load on arm (kexec_load is "
					     "the only way)");
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_int_equal(f.rec.flags, 40UL << 16);
	assert_int_equal(f.rec.entry, RAM_BASE + 0x208000);
	assert_int_equal(f.rec.nr, 3);
	kx_plan_free(p);

	/* -s: refused before any syscall, saying why. */
	o.syscall = KX_SYSCALL_FILE;
	f.rec.calls = 0;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), -EOPNOTSUPP);
	assert_non_null(strstr(f.ctx.msg, "Linux has no kexec_file_load on arm"));
	assert_int_equal(f.rec.calls, 0);
	kx_plan_free(p);
	fake_teardown(&f);
	free(img);
}

/* -p through kexec_load (the only way on arm): an ELF32 core header at
 * the top of the reservation, the zImage at its start + TEXT_OFFSET (the
 * kernel keeps the reservation 128 MiB aligned, where AUTO_ZRELADDR
 * decompresses), the tree last; the crash kernel's memory, on the
 * command line and in the tree, stops below the header (it reads it
 * through ioremap, which refuses its own RAM); ELF64 refused. */
static void plan_crash(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 1 * MIB + 4096;
	unsigned char *img = fake_zimage(len, &fake_armmp);
	const struct kx_segment *hdr, *d;
	const unsigned char *h;
	const fdt32_t *v;
	char want[160];
	size_t blen;
	void *blob;
	int n;

	fake_setup(&f, img, len);
	blob = t_dtc(fake_dts, NULL, &blen);
	t_write(f.root, "sys/firmware/fdt", blob, blen); /* the running system's */
	free(blob);
	t_crash_root(f.root,
		     "40000000-4fffffff : System RAM\n"
		     "  40208000-40ffffff : Kernel code\n"
		     "  48000000-4bffffff : Crash kernel\n",
		     "4f7d1000\n", 168, "0x4f7b0000 1000\n");
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.cmdline = "console=ttyAMA0 mem=512M";
	hdr = t_crash_plan(&f.ctx, &o, 0x48000000, 0x4c000000, &p);
	h = hdr->buf;
	assert_int_equal(h[4], 1); /* ELFCLASS32 */
	assert_int_equal(kx_get16(h + 18), 40);
	/* A CPU, VMCOREINFO, the RAM around the reservation. */
	assert_int_equal(kx_get16(h + 44), 4);
	assert_int_equal(t_seg(p, "kernel")->mem, 0x48000000 + 0x208000);
	/* mem= given by the user is replaced by the crash kernel's. */
	snprintf(want, sizeof(want), "elfcorehdr=0x%llx mem=%lluK@0x48000000 console=ttyAMA0",
		 (unsigned long long)hdr->mem, (unsigned long long)(hdr->mem - 0x48000000) >> 10);
	assert_string_equal(p->cmdline, want);
	d = &p->seg[p->nseg - 1];
	assert_string_equal(d->what, "dtb");
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    want);
	v = fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "linux,usable-memory-range",
			&n);
	assert_int_equal(n, 16); /* the running tree's root: 2 + 2 cells */
	assert_int_equal(fdt32_to_cpu(v[1]), 0x48000000);
	assert_int_equal(fdt32_to_cpu(v[3]), hdr->mem - 0x48000000);
	kx_plan_free(p);
	/* --elf64-core-headers: the arm kernel reads none. */
	o.core_class = 64;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EINVAL);
	assert_string_equal(f.ctx.msg,
			    "--elf64-core-headers: the arm kernel reads ELF32 core headers only");
	fake_teardown(&f);
	free(img);
	(void)state;
}

static void plan_tree_and_cmdline(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 256 * 1024;
	unsigned char *img = fake_zimage(len, &fake_armmp);
	const struct kx_segment *d;
	char big[1100];

	fake_setup(&f, img, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	/* No command line given: the tree's bootargs stay. */
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(p->nseg, 2);
	d = t_seg(p, "dtb");
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    "console=ttyAMA0 from-the-tree");
	kx_plan_free(p);
	/* --reuse-cmdline works on arm (kexec-tools has none there). */
	o.reuse_cmdline = 1;
	o.cmdline = "kx.more=1";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	d = t_seg(p, "dtb");
	assert_string_equal(fdt_getprop(d->buf, fdt_path_offset(d->buf, "/chosen"), "bootargs",
					NULL),
			    "root=/dev/vda console=ttyAMA0 kx.more=1");
	kx_plan_free(p);
	/* arm's COMMAND_LINE_SIZE is 1024 with the NUL: 1023 characters
	 * fit, 1024 do not, and nothing is cut. */
	o.reuse_cmdline = 0;
	memset(big, 'x', sizeof(big));
	big[1023] = 0;
	o.cmdline = big;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(strlen(p->cmdline), 1023);
	kx_plan_free(p);
	big[1023] = 'x';
	big[1024] = 0;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -E2BIG);
	assert_non_null(strstr(f.ctx.msg, "at most 1024"));
	fake_teardown(&f);
	free(img);
}

/* With HIGHMEM the initrd and the tree stay in low memory. */
static void plan_lowmem(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 256 * 1024;
	unsigned char *img = fake_zimage(len, &fake_armmp);
	const struct kx_segment *d;
	uint64_t iend;
	char mi[128];

	fake_setup(&f, img, len);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.dtb = f.dtb;
	o.mem_min = 0x48000000;
	/* Lowmem counts from the start of RAM kernel 2 sees, the base it
	 * runs from (--mem-min here).  12 MiB: the initrd does not fit
	 * between the kernel's room and 0x48c00000. */
	t_write_str(f.root, "proc/meminfo",
		    "MemTotal:         262144 kB\nHighTotal:        249856 kB\n"
		    "LowTotal:          12288 kB\nMemAvailable:     200000 kB\n");
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOSPC);
	assert_non_null(strstr(f.ctx.msg, "initrd"));
	assert_non_null(strstr(f.ctx.msg, "0x48c00000"));
	/* 16 MiB: it fits, below the bound. */
	t_write_str(f.root, "proc/meminfo",
		    "MemTotal:         262144 kB\nHighTotal:        245760 kB\n"
		    "LowTotal:          16384 kB\nMemAvailable:     200000 kB\n");
	f.ctx.err = 0;
	f.ctx.msg[0] = 0;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	d = t_seg(p, "dtb");
	assert_true(d->mem + d->memsz <= 0x49000000);
	assert_int_equal(t_seg(p, "kernel")->mem, 0x48000000 + 0x208000);
	/* Low memory ending where the initrd ends: the initrd fits, the tree
	 * (dtb/segment.c, bounded by its max) does not. */
	iend = t_seg(p, "initrd")->mem + t_seg(p, "initrd")->memsz;
	kx_plan_free(p);
	snprintf(mi, sizeof(mi), "MemTotal:         262144 kB\nLowTotal:       %8llu kB\n",
		 (unsigned long long)(iend - 0x48000000) / 1024);
	t_write_str(f.root, "proc/meminfo", mi);
	f.ctx.err = 0;
	f.ctx.msg[0] = 0;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOSPC);
	assert_non_null(strstr(f.ctx.msg, "dtb"));
	fake_teardown(&f);
	free(img);
}

static void plan_no_room(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 256 * 1024;
	struct fake_z fz = fake_armmp;
	unsigned char *img;

	fz.kernel_size = 300 * MIB;
	img = fake_zimage(len, &fz);
	fake_setup(&f, img, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOSPC);
	assert_non_null(strstr(f.ctx.msg, "kernel"));
	assert_non_null(strstr(f.ctx.msg, "no free RAM"));
	fake_teardown(&f);
	free(img);
}

/* The kernel's EINVAL, in words that depend on the CPUs it allows. */
static void explain_einval(void **state)
{
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };
	size_t len = 256 * 1024;
	unsigned char *img = fake_zimage(len, &fake_armmp);

	fake_setup(&f, img, len);
	o.kernel = f.kernel;
	o.dtb = f.dtb;
	f.rec.fail = -EINVAL;
	t_write_str(f.root, "sys/devices/system/cpu/possible", "0-3\n");
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), -EINVAL);
	assert_non_null(strstr(f.ctx.msg, "SMP (possible CPUs: 0-3)"));
	assert_non_null(strstr(f.ctx.msg, "CPU hotplug"));
	assert_non_null(strstr(f.ctx.msg, "maxcpus=1"));
	kx_plan_free(p);
	/* One possible CPU: not the SMP rule. */
	t_write_str(f.root, "sys/devices/system/cpu/possible", "0\n");
	f.ctx.err = 0;
	f.ctx.msg[0] = 0;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), -EINVAL);
	assert_null(strstr(f.ctx.msg, "SMP"));
	assert_non_null(strstr(f.ctx.msg, "memory"));
	kx_plan_free(p);
	fake_teardown(&f);
	free(img);
}

static void unload(void **state)
{
	struct fixture f;
	size_t len = 256 * 1024;
	unsigned char *img = fake_zimage(len, &fake_armmp);

	fake_setup(&f, img, len);
	/* -a: kexec_load with no segments, the arm arch in the flags. */
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_AUTO), 0);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_int_equal(f.rec.nr, 0);
	assert_int_equal(f.rec.flags, 40UL << 16);
	/* -s: refused. */
	f.rec.calls = 0;
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_FILE), -EOPNOTSUPP);
	assert_int_equal(f.rec.calls, 0);
	fake_teardown(&f);
	free(img);
}

/* A tree with a /chosen property twice (as --dtb, and as the running
 * system's) is refused at the gate. */
static void plan_dup_chosen(void **state)
{
	struct fixture f;
	size_t len = 256 * 1024;
	unsigned char *img = fake_zimage(len, &fake_armmp);

	fake_setup(&f, img, len);
	t_dup_chosen_refused(f.root, f.kernel, 0x40000000);
	fake_teardown(&f);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_old_forms),
		cmocka_unit_test(parse_truncated),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(appended_dtb),
		cmocka_unit_test(footprint),
		cmocka_unit_test(plan_layout),
		cmocka_unit_test(plan_tree_and_cmdline),
		cmocka_unit_test(plan_crash),
		cmocka_unit_test(plan_lowmem),
		cmocka_unit_test(plan_no_room),
		cmocka_unit_test(plan_dup_chosen),
		cmocka_unit_test(explain_einval),
		cmocka_unit_test(unload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
