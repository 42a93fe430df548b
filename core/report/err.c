/* SPDX-License-Identifier: MIT */
/*
 * err.c - the one way the library reports: the first failure is kept in
 * ctx->msg as "what: reason" together with its -errno and its category
 * (ctx->stage), which the call that records it says.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

/* The first failure is the cause; later ones are consequences. */
static int fail(struct kx_ctx *ctx, int stage, int err, const char *fmt, va_list ap)
{
	if (ctx && !ctx->err) {
		ctx->err = err ? err : -EINVAL;
		ctx->stage = stage;
		kx_vsnprintf(ctx->msg, sizeof(ctx->msg), fmt, ap);
	}
	return err;
}

void kx_fail_forget(struct kx_ctx *ctx)
{
	ctx->err = 0;
	ctx->stage = KX_STAGE_NONE;
	ctx->msg[0] = 0;
}

int kx_fail(struct kx_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail(ctx, KX_STAGE_INPUT, err, fmt, ap);
	va_end(ap);
	return err;
}

int kx_fail_plan(struct kx_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail(ctx, KX_STAGE_PLAN, err, fmt, ap);
	va_end(ap);
	return err;
}

int kx_fail_kernel(struct kx_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail(ctx, KX_STAGE_KERNEL, err, fmt, ap);
	va_end(ap);
	return err;
}

int kx_no(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kx_vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -ENOEXEC;
}

const char *kx_size(char buf[16], uint64_t bytes)
{
	char n[24];

	if (bytes < (1 << 20))
		kx_snprintf(buf, 16, "%s KiB", kx_tenths(n, bytes, 10));
	else
		kx_snprintf(buf, 16, "%s MiB", kx_tenths(n, bytes, 20));
	return buf;
}
