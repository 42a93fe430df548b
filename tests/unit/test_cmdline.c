/* SPDX-License-Identifier: MIT */
/*
 * test_cmdline.c - the new kernel's command line with kexec-tools' meaning:
 * kx_cmdline_join (BOOT_IMAGE= and, for a crash kernel, crashkernel=
 * dropped from /proc/cmdline; quotes; the length limit) and kx_cmdline_build.
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

/* Join and expect success with exactly `want`. */
static void join(const char *proc, const char *given, int panic, const char *want)
{
	char *out = NULL;
	size_t need = 0;

	assert_int_equal(kx_cmdline_join(proc, given, panic, 2048, &out, &need), 0);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(need, strlen(want) + 1);
	free(out);
}

static void given_only(void **state)
{
	join(NULL, "console=ttyS0 root=/dev/vda quiet", 0, "console=ttyS0 root=/dev/vda quiet");
	/* The given text is taken as it is: nothing dropped, nothing folded. */
	join(NULL, "BOOT_IMAGE=/vmlinuz  crashkernel=256M", 1,
	     "BOOT_IMAGE=/vmlinuz  crashkernel=256M");
	join(NULL, NULL, 0, "");
}

static void reuse_drops_boot_image(void **state)
{
	/* First, middle, last; /proc/cmdline ends in a newline. */
	join("BOOT_IMAGE=/vmlinuz-6.1.0-13-amd64 root=/dev/vda1 ro quiet\n", NULL, 0,
	     "root=/dev/vda1 ro quiet");
	join("root=/dev/vda1 BOOT_IMAGE=/boot/vmlinuz ro quiet\n", NULL, 0,
	     "root=/dev/vda1 ro quiet");
	join("root=/dev/vda1 ro quiet BOOT_IMAGE=(hd0,gpt2)/vmlinuz\n", NULL, 0,
	     "root=/dev/vda1 ro quiet");
	/* The only word. */
	join("BOOT_IMAGE=/vmlinuz\n", NULL, 0, "");
	join("BOOT_IMAGE=/vmlinuz\n", "console=ttyS0", 0, "console=ttyS0");
	/* Then the given text. */
	join("BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro\n", "console=ttyS0,115200 kx.marker=1", 0,
	     "root=/dev/vda1 ro console=ttyS0,115200 kx.marker=1");
}

/* Only a word that starts with "BOOT_IMAGE=" goes; the rest keeps its order. */
static void reuse_keeps_the_rest(void **state)
{
	join("a=1 XBOOT_IMAGE=2 boot_image=3 BOOT_IMAGE BOOT_IMAGEX=4 z\n", NULL, 0,
	     "a=1 XBOOT_IMAGE=2 boot_image=3 BOOT_IMAGE BOOT_IMAGEX=4 z");
	join("init=/sbin/init systemd.unit=rescue.target console=tty0 console=ttyS0\n", NULL, 0,
	     "init=/sbin/init systemd.unit=rescue.target console=tty0 console=ttyS0");
	/* Runs of blanks become one space; leading and trailing ones go. */
	join("  root=/dev/vda\t\tro   quiet \n\n", NULL, 0, "root=/dev/vda ro quiet");
}

static void crashkernel_only_for_panic(void **state)
{
	const char *proc = "BOOT_IMAGE=/vmlinuz root=/dev/vda crashkernel=512M,high "
			   "crashkernel=72M,low quiet\n";

	join(proc, NULL, 0, "root=/dev/vda crashkernel=512M,high crashkernel=72M,low quiet");
	join(proc, NULL, 1, "root=/dev/vda quiet");
	join(proc, "irqpoll nr_cpus=1", 1, "root=/dev/vda quiet irqpoll nr_cpus=1");
	/* A word that merely contains it stays. */
	join("xcrashkernel=1 crashkernel 1\n", NULL, 1, "xcrashkernel=1 crashkernel 1");
}

static void quoted_values(void **state)
{
	join("foo=\"a b\" BOOT_IMAGE=x\n", NULL, 0, "foo=\"a b\"");
	join("BOOT_IMAGE=\"/boot/my kernel\" root=/dev/vda\n", NULL, 0, "root=/dev/vda");
	join("dyndbg=\"file drivers/x.c +p\" crashkernel=1G quiet\n", NULL, 1,
	     "dyndbg=\"file drivers/x.c +p\" quiet");
	/* Blanks inside quotes are kept as they are. */
	join("a=\"x  \ty\" b\n", NULL, 0, "a=\"x  \ty\" b");
}

static void empty_given(void **state)
{
	join("root=/dev/vda\n", "", 0, "root=/dev/vda");
	join(NULL, "", 0, "");
	join("\n", "", 0, "");
	join("", "x", 0, "x");
	join("\n", "x", 0, "x");
}

static void limit(void **state)
{
	char given[64], *out = (char *)0x1, *big;
	size_t need = 0;

	memset(given, 'a', sizeof(given));
	given[15] = 0;                   /* 15 characters + NUL = 16 */
	assert_int_equal(kx_cmdline_join(NULL, given, 0, 16, &out, &need), 0);
	assert_int_equal(need, 16);
	assert_int_equal(strlen(out), 15);
	free(out);

	given[15] = 'a';
	given[16] = 0;                   /* one more */
	out = (char *)0x1;
	assert_int_equal(kx_cmdline_join(NULL, given, 0, 16, &out, &need), -E2BIG);
	assert_int_equal(need, 17);
	assert_ptr_equal(out, (char *)0x1);

	/* The limit applies to the joined result, after dropping. */
	assert_int_equal(kx_cmdline_join("BOOT_IMAGE=/a/long/path/to/vmlinuz r=1\n", "q=2", 0, 8,
					 &out, &need), 0);
	assert_string_equal(out, "r=1 q=2");
	assert_int_equal(need, 8);
	free(out);
	out = (char *)0x1;
	assert_int_equal(kx_cmdline_join("BOOT_IMAGE=/a/long/path/to/vmlinuz r=1\n", "q=2", 0, 7,
					 &out, &need), -E2BIG);
	assert_int_equal(need, 8);
	assert_ptr_equal(out, (char *)0x1);

	/* max 0: no limit. */
	big = malloc(100001);
	memset(big, 'b', 100000);
	big[100000] = 0;
	assert_int_equal(kx_cmdline_join(NULL, big, 0, 0, &out, &need), 0);
	assert_int_equal(need, 100001);
	assert_string_equal(out, big);
	free(out);
	free(big);
}

static void build_reuse(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_opts o = { 0 };
	char *out = NULL;

	ctx.root =
		t_fake_root(256, "BOOT_IMAGE=/vmlinuz root=/dev/vda ro crashkernel=256M quiet\n");
	o.reuse_cmdline = 1;
	o.cmdline = "kx.marker=7";
	assert_int_equal(kx_cmdline_build(&ctx, &o, 2048, &out), 0);
	assert_string_equal(out, "root=/dev/vda ro crashkernel=256M quiet kx.marker=7");
	free(out);

	o.flags = KX_PANIC;
	assert_int_equal(kx_cmdline_build(&ctx, &o, 2048, &out), 0);
	assert_string_equal(out, "root=/dev/vda ro quiet kx.marker=7");
	free(out);

	/* Without --reuse-cmdline /proc/cmdline is not used. */
	o.reuse_cmdline = 0;
	assert_int_equal(kx_cmdline_build(&ctx, &o, 2048, &out), 0);
	assert_string_equal(out, "kx.marker=7");
	free(out);
	o.cmdline = NULL;
	assert_int_equal(kx_cmdline_build(&ctx, &o, 2048, &out), 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(ctx.err, 0);
}

static void build_missing_proc_cmdline(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_opts o = { 0 };
	char *out = NULL;

	ctx.root = t_tmpdir();
	o.cmdline = "x=1";
	/* Not needed without --reuse-cmdline. */
	assert_int_equal(kx_cmdline_build(&ctx, &o, 2048, &out), 0);
	assert_string_equal(out, "x=1");
	free(out);
	out = NULL;

	o.reuse_cmdline = 1;
	assert_int_equal(kx_cmdline_build(&ctx, &o, 2048, &out), -ENOENT);
	assert_null(out);
	assert_int_equal(ctx.err, -ENOENT);
	assert_int_equal(ctx.stage, KX_STAGE_INPUT);
	assert_string_equal(ctx.msg, "/proc/cmdline: No such file or directory (needed by "
				     "--reuse-cmdline)");
}

static void build_too_long(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_opts o = { 0 };
	char *out = NULL;

	ctx.root = t_fake_root(256, "BOOT_IMAGE=/vmlinuz root=/dev/vda\n");
	o.reuse_cmdline = 1;
	o.cmdline = "0123456789";
	/* "root=/dev/vda 0123456789" is 24 characters. */
	assert_int_equal(kx_cmdline_build(&ctx, &o, 25, &out), 0);
	assert_string_equal(out, "root=/dev/vda 0123456789");
	free(out);
	out = NULL;
	assert_int_equal(kx_cmdline_build(&ctx, &o, 24, &out), -E2BIG);
	assert_null(out);
	assert_int_equal(ctx.err, -E2BIG);
	assert_int_equal(ctx.stage, KX_STAGE_PLAN);
	assert_string_equal(ctx.msg, "command line: 25 bytes with its NUL, the kernel accepts at "
				     "most 24");
}

/* /proc/cmdline at the longest a kernel keeps (COMMAND_LINE_SIZE is 4096
 * at most, NUL included): reused whole where the next kernel takes as
 * much, refused with both lengths where it takes 2048. */
static void build_proc_at_max(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_opts o = { .reuse_cmdline = 1 };
	char line[4097], *out = NULL;
	unsigned i;

	for (i = 0; i < 4095; i++)
		line[i] = i % 8 == 7 ? ' ' : 'a' + i % 7;
	line[4094] = 'z';
	line[4095] = '\n';
	line[4096] = 0;
	ctx.root = t_fake_root(256, line);
	assert_int_equal(kx_cmdline_build(&ctx, &o, 4096, &out), 0);
	assert_int_equal(strlen(out), 4095);
	assert_memory_equal(out, line, 4095);
	free(out);
	out = NULL;
	assert_int_equal(kx_cmdline_build(&ctx, &o, 2048, &out), -E2BIG);
	assert_null(out);
	assert_string_equal(ctx.msg, "command line: 4096 bytes with its NUL, the kernel accepts at "
				     "most 2048");
}

/* A crash kernel's words go first, replacing the user's for the same key
 * (elfcorehdr=0x1234 would point the crash kernel at garbage); words that
 * only start alike stay; the limit still holds. */
static void prepend_replaces(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan p = { .cmdline_max = 128 };

	p.cmdline = strdup("root=/dev/vda elfcorehdr=0x1234 elfcorehdr_x=1 \"a b\" nr_cpus=1");
	assert_int_equal(kx_cmdline_prepend(&ctx, &p, "elfcorehdr=0x3efff000"), 0);
	assert_string_equal(p.cmdline,
			    "elfcorehdr=0x3efff000 root=/dev/vda elfcorehdr_x=1 \"a b\" nr_cpus=1");
	assert_int_equal(kx_cmdline_prepend(&ctx, &p, "mem=256M elfcorehdr=0x1000"), 0);
	assert_string_equal(p.cmdline, "mem=256M elfcorehdr=0x1000 root=/dev/vda elfcorehdr_x=1"
				       " \"a b\" nr_cpus=1");
	p.cmdline_max = 40;
	assert_int_equal(kx_cmdline_prepend(&ctx, &p, "elfcorehdr=0x3efff000"), -E2BIG);
	assert_int_equal(ctx.stage, KX_STAGE_PLAN);
	assert_non_null(strstr(ctx.msg, "with its NUL and elfcorehdr=0x3efff000, the kernel accepts"
					" at most 40"));
	/* kexec_file_load's stays the one given: the kernel adds its own. */
	assert_string_equal(p.file_cmdline, "root=/dev/vda elfcorehdr=0x1234 elfcorehdr_x=1 \"a b\""
					    " nr_cpus=1");
	free(p.cmdline);
	free(p.file_cmdline);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(given_only),
		cmocka_unit_test(reuse_drops_boot_image),
		cmocka_unit_test(reuse_keeps_the_rest),
		cmocka_unit_test(crashkernel_only_for_panic),
		cmocka_unit_test(quoted_values),
		cmocka_unit_test(empty_given),
		cmocka_unit_test(limit),
		cmocka_unit_test(build_reuse),
		cmocka_unit_test(build_missing_proc_cmdline),
		cmocka_unit_test(build_too_long),
		cmocka_unit_test(build_proc_at_max),
		cmocka_unit_test(prepend_replaces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
