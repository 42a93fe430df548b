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

void kx_set_stage(struct kx_ctx *ctx, int stage)
{
	if (!ctx->err)
		ctx->stage = stage;
}
