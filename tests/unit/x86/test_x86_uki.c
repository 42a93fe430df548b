/* SPDX-License-Identifier: MIT */
/*
 * test_x86_uki.c - unified kernel images on x86_64 (core/plan/uki.c): the
 * .linux bzImage placed as the file itself would be, .cmdline used when
 * no command line is given, .ucode + --initrd + .initrd as one initrd in
 * that order, and what kexec_file_load gets (the sections, by memfd);
 * a UKI without .linux or with a .linux that is no kernel refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"

static const char *root;
static unsigned char *bz;
static size_t bzlen;

static const char ucode[] = "070701 microcode archive!"; /* 25 bytes: padded */
static const char rd[] = "070701 the UKI's initrd.";
static const char cmd[] = "root=/dev/vda ro quiet\n";

static int setup(void **state)
{
	root = t_fake_root(1024, "BOOT_IMAGE=/vmlinuz console=ttyS0\n");
	bz = t_bzimage(1 << 20, &bzlen);
	return 0;
}

static int teardown(void **state)
{
	free(bz);
	return 0;
}

/* A UKI of the sections named in `which` (".linux" always). */
static const char *uki(const char *name, int ucode_too, int rd_too, int cmd_too)
{
	struct t_sec s[5] = { { ".text", "stub", 4 }, { ".linux", bz, bzlen } };
	unsigned n = 2;
	size_t len;
	unsigned char *b;
	const char *path;

	if (cmd_too)
		s[n++] = (struct t_sec){ ".cmdline", cmd, sizeof(cmd) };
	if (ucode_too)
		s[n++] = (struct t_sec){ ".ucode", ucode, sizeof(ucode) - 1 };
	if (rd_too)
		s[n++] = (struct t_sec){ ".initrd", rd, sizeof(rd) - 1 };
	b = t_pe(s, n, &len);
	path = t_write(root, name, b, len);
	free(b);
	return path;
}

static struct kx_plan *plan(const char *kernel, const char *initrd, const char *cmdline)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .kernel = kernel, .initrd = initrd, .cmdline = cmdline };
	struct kx_plan *p;

	if (kx_plan_build(&ctx, &o, &p))
		fail_msg("%s", ctx.msg);
	return p;
}

/* The UKI's kernel is placed as the bzImage alone would be. */
static void same_as_bzimage(void **state)
{
	struct kx_plan *u = plan(uki("uki.efi", 0, 0, 0), NULL, "x"), *b;
	const struct kx_segment *ku, *kb;

	b = plan(t_write(root, "vmlinuz", bz, bzlen), NULL, "x");
	assert_string_equal(u->format, "uki");
	assert_non_null(strstr(u->why, "; .linux: bzImage "));
	ku = t_seg(u, "kernel");
	kb = t_seg(b, "kernel");
	assert_int_equal(ku->mem, kb->mem);
	assert_int_equal(ku->bufsz, kb->bufsz);
	assert_memory_equal(ku->buf, kb->buf, kb->bufsz);
	/* kexec_file_load would get .linux, through a memfd. */
	assert_int_equal(u->kernel_fd, -1);
	assert_int_equal(u->file_kernel.size, bzlen);
	assert_memory_equal(u->file_kernel.data, bz, bzlen);
	assert_null(u->file_initrd.data);
	kx_plan_free(u);
	kx_plan_free(b);
}

/* .cmdline when none is given; --command-line/--append replace it. */
static void cmdline(void **state)
{
	const char *k = uki("uki-cmd.efi", 0, 0, 1);
	struct kx_plan *p = plan(k, NULL, NULL);

	assert_string_equal(p->cmdline, "root=/dev/vda ro quiet");
	kx_plan_free(p);
	p = plan(k, NULL, "console=ttyS0 given");
	assert_string_equal(p->cmdline, "console=ttyS0 given");
	kx_plan_free(p);
}

/* .ucode, then --initrd, then .initrd, each at a 4-byte boundary; alone,
 * .initrd is used where it lies in the file. */
static void initrds(void **state)
{
	static const char given[] = "070701 given by --initrd";
	const char *g = t_write(root, "extra.img", given, sizeof(given) - 1);
	struct kx_plan *p = plan(uki("uki-rd.efi", 1, 1, 0), g, "x");
	const struct kx_segment *r = t_seg(p, "initrd");
	const unsigned char *b = r->buf;
	size_t a = KX_ALIGN_UP(sizeof(ucode) - 1, 4), c = KX_ALIGN_UP(sizeof(given) - 1, 4);

	assert_int_equal(r->bufsz, a + c + KX_ALIGN_UP(sizeof(rd) - 1, 4));
	assert_memory_equal(b, ucode, sizeof(ucode) - 1);
	assert_int_equal(b[a - 1], 0);
	assert_memory_equal(b + a, given, sizeof(given) - 1);
	assert_memory_equal(b + a + c, rd, sizeof(rd) - 1);
	assert_ptr_equal(p->file_initrd.data, r->buf);
	assert_int_equal(p->initrd_fd, -1);
	assert_non_null(strstr(p->initrd_path, "'s .ucode + "));
	assert_non_null(strstr(p->initrd_path, "extra.img + "));
	kx_plan_free(p);

	p = plan(uki("uki-rd1.efi", 0, 1, 0), NULL, "x");
	r = t_seg(p, "initrd");
	assert_int_equal(r->bufsz, sizeof(rd) - 1);
	assert_memory_equal(r->buf, rd, sizeof(rd) - 1);
	assert_ptr_equal(p->file_initrd.data, r->buf);
	assert_non_null(strstr(p->initrd_path, "uki-rd1.efi's .initrd"));
	kx_plan_free(p);
}

/* -p with --initrd (kdump-utils with a UKI): the given initrd alone, the
 * UKI's would replace its files. */
static void crash_initrd(void **state)
{
	static const char kdump[] = "070701 the kdump initrd.";
	const char *g = t_write(root, "kdump.img", kdump, sizeof(kdump) - 1);
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .initrd = g, .cmdline = "console=ttyS0 nr_cpus=1",
			     .flags = KX_PANIC };
	struct kx_plan *p;
	const struct kx_segment *r;

	t_crash_root(root,
		     "00001000-0009fbff : System RAM\n"
		     "00100000-3ffdffff : System RAM\n"
		     "  01000000-01ffffff : Kernel code\n"
		     "  2f000000-3effffff : Crash kernel\n",
		     "3fc1a3c8\n", 432, "0x0000000002d3a000 1024\n");
	t_write_str(root, "proc/kallsyms", "ffffffff9a000000 T _text\nffffffff9a000000 T _stext\n"
					   "ffffffff9c000000 B _end\n");
	o.kernel = uki("uki-crash.efi", 1, 1, 1);
	if (kx_plan_build(&ctx, &o, &p))
		fail_msg("%s", ctx.msg);
	r = t_seg(p, "initrd");
	assert_int_equal(r->bufsz, sizeof(kdump) - 1);
	assert_memory_equal(r->buf, kdump, sizeof(kdump) - 1);
	assert_null(p->file_initrd.data);
	assert_true(p->initrd_fd >= 0);
	assert_string_equal(p->initrd_path, g);
	kx_plan_free(p);
}

static void refused(void **state)
{
	struct t_sec s[2] = { { ".text", "stub", 4 }, { ".linux", "no kernel at all", 16 } };
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .cmdline = "x" };
	struct kx_plan *p;
	unsigned char *b;
	size_t len;

	b = t_pe(s, 2, &len);
	o.kernel = t_write(root, "bad.efi", b, len);
	free(b);
	assert_int_equal(kx_plan_build(&ctx, &o, &p), -ENOEXEC);
	assert_non_null(strstr(ctx.msg, "bad.efi: its .linux section (16 bytes) is no kernel this "
					"kexec can load for x86_64"));
	/* No .linux: no UKI, and the probe says so. */
	s[1].name = ".data";
	b = t_pe(s, 2, &len);
	o.kernel = t_write(root, "nolinux.efi", b, len);
	free(b);
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	assert_int_equal(kx_plan_build(&ctx, &o, &p), -ENOEXEC);
	assert_non_null(strstr(ctx.msg, "uki: a PE file without a .linux section"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_bzimage),
		cmocka_unit_test(cmdline),
		cmocka_unit_test(initrds),
		cmocka_unit_test(crash_initrd),
		cmocka_unit_test(refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
