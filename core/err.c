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
		vsnprintf(ctx->msg, sizeof(ctx->msg), fmt, ap);
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
	vsnprintf(why, len, fmt, ap);
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
	if (bytes < (1 << 20))
		snprintf(buf, 16, "%.1f KiB", bytes / 1024.0);
	else
		snprintf(buf, 16, "%.1f MiB", bytes / 1048576.0);
	return buf;
}
