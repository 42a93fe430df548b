/* SPDX-License-Identifier: MIT */
/*
 * err.c - the one way the library reports: the first failure is kept in
 * ctx->msg as "what: reason" together with its -errno and stage.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

int kx_fail(struct kx_ctx *ctx, int err, const char *fmt, ...)
{
	va_list ap;

	/* The first failure is the cause; later ones are consequences. */
	if (ctx && !ctx->err) {
		ctx->err = err ? err : -EINVAL;
		va_start(ap, fmt);
		kx_vsnprintf(ctx->msg, sizeof(ctx->msg), fmt, ap);
		va_end(ap);
		if (ctx->stage == KX_STAGE_NONE)
			ctx->stage = KX_STAGE_INPUT;
	}
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

void kx_set_stage(struct kx_ctx *ctx, int stage)
{
	if (!ctx->err)
		ctx->stage = stage;
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
