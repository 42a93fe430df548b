/* SPDX-License-Identifier: MIT */
/*
 * test_unpack.c - a gzip kernel is probed before it is inflated (core/
 * plan.c, core/plan/decompress.c): a gzip that is no kernel costs its first
 * 64 KiB, not its whole size (peak memory measured); a kernel inflates up
 * to what its header declares and no further; a lying trailer and a
 * corrupt stream are named.  On the fake backend (fake_arch.c).
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

#define MiB (1ULL << 20)

/* The ISIZE trailer of a gzip in memory. */
static void set_isize(unsigned char *z, size_t zn, uint32_t v)
{
	z[zn - 4] = v;
	z[zn - 3] = v >> 8;
	z[zn - 2] = v >> 16;
	z[zn - 1] = v >> 24;
}

/* Plan kernel (a file under root); its error, its message in ctx. */
static int plan(const char *root, const char *kernel, struct kx_ctx *ctx)
{
	struct kx_opts o = { .kernel = kernel, .cmdline = "console=ttyS0" };
	struct kx_plan *p = NULL;
	int rc;

	memset(ctx, 0, sizeof(*ctx));
	ctx->root = root;
	rc = kx_plan_build(ctx, &o, &p);
	kx_plan_free(p);
	return rc;
}

/* ctx failed with err, as bad input, with message want ("%s": path). */
static void says(const struct kx_ctx *ctx, int err, const char *want, const char *path)
{
	char msg[1024];

	snprintf(msg, sizeof(msg), want, path);
	assert_int_equal(ctx->err, err);
	if (strncmp(ctx->msg, msg, strlen(msg)))
		fail_msg("\"%s\" does not start with \"%s\"", ctx->msg, msg);
	assert_int_equal(ctx->stage, KX_STAGE_INPUT);
}

static void refused(const char *root, const char *kernel, int err, const char *want)
{
	struct kx_ctx ctx;

	assert_int_equal(plan(root, kernel, &ctx), err);
	says(&ctx, err, want, kernel);
}

/* A refusal of kernel costs less than 1 MiB more than the process had
 * (its resident set at the peak), and says want. */
static void cheap_refusal(const char *root, const char *kernel, const char *what, const char *want)
{
	struct kx_ctx ctx;
	long before = t_peak_reset(), extra;

	plan(root, kernel, &ctx);
	extra = t_peak_kib() - before;
	printf("refusing %s: peak RSS +%ld KiB\n", what, extra);
	assert_true(extra < 1024);
	says(&ctx, -ENOEXEC, want, kernel);
}

/* The bomb: 1 GiB of zeros in 1 MiB of gzip.  Inflated whole, it
 * took 1 GiB before the probe refused its first bytes. */
static void bomb_of_zeros(void **state)
{
	/* 8 GiB of RAM: half of MemAvailable (2 GiB) lets the trailer's
	 * 1 GiB through, so the refusal comes from the probe. */
	const char *root = t_fake_root(8192, NULL);
	const char *bomb = t_gzip_zeros(root, "bomb.gz", 1ULL << 30);

	cheap_refusal(root, bomb, "a gzip of 1 GiB of zeros",
		      "kernel %s: gzip data whose start is not a kernel"
		      " image this kexec can load for fake (fake: no \"KXFAKE01\" magic at 0)");
}

/* A gzip of data that is no kernel (8 MiB of text-like bytes). */
static void gzip_of_other_data(void **state)
{
	const char *root = t_fake_root(1024, NULL);
	size_t n = 8 * MiB, zn, i;
	unsigned char *data = malloc(n), *z;
	const char *path;

	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = (unsigned char)("kexec segment purgatory initrd "[i % 31] ^ (i >> 13));
	z = t_gzip(data, n, &zn);
	path = t_write(root, "notes.gz", z, zn);
	free(data);
	free(z);
	cheap_refusal(root, path, "a gzip of 8 MiB of other data",
		      "kernel %s: gzip data whose start is not a"
		      " kernel image this kexec can load for fake (fake: no \"KXFAKE01\" magic at "
		      "0)");
}

/* A gzip'ed kernel loads as the kernel would, from inflated memory. */
static void gzip_kernel_loads(void **state)
{
	const char *root = t_fake_root(1024, NULL);
	size_t len = 300000, zn;
	unsigned char *b = t_fake_kernel(len, 4 * MiB), *z = t_gzip(b, len, &zn);
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .cmdline = "console=ttyS0" };
	struct kx_plan *p;
	const struct kx_segment *k;

	o.kernel = t_write(root, "vmlinuz.gz", z, zn);
	if (kx_plan_build(&ctx, &o, &p))
		fail_msg("%s", ctx.msg);
	assert_string_equal(p->format, "fake");
	k = t_seg(p, "kernel");
	assert_int_equal(k->bufsz, len);
	assert_memory_equal(k->buf, b, len);
	/* kexec_file_load gets the same bytes (through a memfd). */
	assert_int_equal(p->file_capable, 1);
	assert_int_equal(p->kernel_fd, -1);
	assert_ptr_equal(p->file_kernel.data, k->buf);
	assert_int_equal(p->file_kernel.size, len);
	kx_plan_free(p);
	free(b);
	free(z);
}

/* More bytes than the header declares: the gzip stops at the declared
 * size, named (a trailer that says more is refused at once). */
static void gzip_past_declared(void **state)
{
	const char *root = t_fake_root(1024, NULL);
	size_t len = 300000, zn;
	unsigned char *b = t_fake_kernel(len, 4 * MiB), *big = calloc(1, len + MiB), *z;

	assert_non_null(big);
	memcpy(big, b, len);
	z = t_gzip(big, len + MiB, &zn);
	refused(root, t_write(root, "long.gz", z, zn), -EFBIG,
		"kernel %s: gzip trailer says it inflates to 1348576 bytes, above the 300000 bytes "
		"its fake header declares");
	/* The trailer lying low: the stream itself stops at the size. */
	set_isize(z, zn, 1000);
	refused(root, t_write(root, "long.gz", z, zn), -EFBIG,
		"kernel %s: decompresses beyond the 300000 bytes its fake header declares");
	free(z);
	free(big);
	free(b);
}

/* Damage past the head: found when the whole is inflated. */
static void gzip_damaged(void **state)
{
	const char *root = t_fake_root(1024, NULL);
	size_t len = 300000, zn;
	unsigned char *b = t_fake_kernel(len, 4 * MiB), *z = t_gzip(b, len, &zn);

	z[zn - 8] ^= 0x55; /* the CRC32 */
	refused(root, t_write(root, "crc.gz", z, zn), -EINVAL,
		"kernel %s: corrupt gzip data (incorrect data check)");
	free(z);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bomb_of_zeros),
		cmocka_unit_test(gzip_of_other_data),
		cmocka_unit_test(gzip_kernel_loads),
		cmocka_unit_test(gzip_past_declared),
		cmocka_unit_test(gzip_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
