/* SPDX-License-Identifier: MIT */
/*
 * test_console.c - --serial (core/plan/console.c): a tty read from
 * /sys/class/tty as the running kernel describes it, or an I/O port by
 * number, checked against the kinds the arch's purgatory writes to (the
 * fake backend's: I/O port, PL011, 32-bit 8250), and what it does to the
 * plan (no kexec_file_load).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"
#include "purgatory.h"

static const char *root, *kernel;

static void tty(const char *name, const char *type, const char *file, const char *v,
		const char *shift)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "sys/class/tty/%s/io_type", name);
	t_write_str(root, rel, type);
	snprintf(rel, sizeof(rel), "sys/class/tty/%s/%s", name, file);
	t_write_str(root, rel, v);
	if (shift) {
		snprintf(rel, sizeof(rel), "sys/class/tty/%s/iomem_reg_shift", name);
		t_write_str(root, rel, shift);
	}
}

static int setup(void **state)
{
	unsigned char *k = t_fake_kernel(1 << 20, 2 << 20);

	root = t_fake_root(1024, "root=/dev/vda\n");
	kernel = strdup(t_write(root, "boot/vmlinuz", k, 1 << 20));
	free(k);
	tty("ttyAMA0", "2\n", "iomem_base", "0x9000000\n", NULL);
	tty("ttyS0", "0\n", "port", "0x3F8\n", NULL);
	tty("ttyS1", "3\n", "iomem_base", "0xFE660000\n", "2\n");
	tty("ttyS2", "2\n", "iomem_base", "0xFE670000\n", "0\n");
	tty("ttyS3", "4\n", "iomem_base", "0xFE680000\n", "0\n");
	return 0;
}

/* Build with --serial=serial (and baud); 0 or the error, plan in *pp. */
static int build(const char *serial, unsigned baud, struct kx_ctx *ctx, struct kx_plan **pp)
{
	struct kx_opts o = { .kernel = kernel, .cmdline = "x", .serial = serial,
			     .serial_baud = baud };

	memset(ctx, 0, sizeof(*ctx));
	ctx->root = root;
	return kx_plan_build(ctx, &o, pp);
}

static void expect(const char *serial, unsigned kind, uint64_t base, unsigned shift)
{
	struct kx_ctx ctx;
	struct kx_plan *p;

	if (build(serial, 0, &ctx, &p))
		fail_msg("--serial=%s: %s", serial, ctx.msg);
	assert_int_equal(p->console.kind, kind);
	assert_int_equal(p->console.base, base);
	assert_int_equal(p->console.shift, shift);
	assert_string_equal(p->console.name, serial);
	/* The line is our purgatory's: not through kexec_file_load. */
	assert_int_equal(p->file_capable, 0);
	assert_non_null(strstr(p->file_refusal, "--serial"));
	kx_plan_free(p);
}

static void refused(const char *serial, unsigned baud, int err, const char *want)
{
	struct kx_ctx ctx;
	struct kx_plan *p = NULL;

	assert_int_equal(build(serial, baud, &ctx, &p), err);
	assert_null(p);
	if (!strstr(ctx.msg, want))
		fail_msg("--serial=%s: \"%s\" lacks \"%s\"", serial, ctx.msg, want);
}

static void kinds(void **state)
{
	expect("ttyAMA0", KX_CON_PL011, 0x9000000, 0);
	expect("ttyS0", KX_CON_PORT, 0x3f8, 0);
	expect("ttyS1", KX_CON_8250_32, 0xfe660000, 2);
	expect("0x2f8", KX_CON_PORT, 0x2f8, 0);
}

static void refusals(void **state)
{
	refused("ttyS2", 0, -EOPNOTSUPP,
		"--serial=ttyS2: an 8250 in memory (8-bit) UART, and the purgatory here writes "
		"to another kind");
	refused("ttyS3", 0, -EOPNOTSUPP, "--serial=ttyS3: io_type 4");
	refused("ttyUSB0", 0, -ENOENT, "--serial=ttyUSB0: /sys/class/tty/ttyUSB0/io_type: ");
	refused("../../etc", 0, -EINVAL, "not a tty name");
	refused("0x", 0, -EINVAL, "not a tty name (ttyS0) nor an I/O port");
	refused("0x10000", 0, -EINVAL, "nor an I/O port");
	refused("ttyS1", 9600, -EINVAL, "--serial-baud=9600: for an I/O-port 8250 only");
	refused("ttyS0", 7000, -EINVAL, "at 115200 divided by a whole number");
}

static void baud(void **state)
{
	struct kx_ctx ctx;
	struct kx_plan *p;

	assert_int_equal(build("ttyS0", 9600, &ctx, &p), 0);
	assert_int_equal(p->console.div, 12);
	kx_plan_free(p);
	assert_int_equal(build("ttyS0", 0, &ctx, &p), 0);
	assert_int_equal(p->console.div, 0);
	kx_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds),
		cmocka_unit_test(refusals),
		cmocka_unit_test(baud),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
