/* SPDX-License-Identifier: MIT */
/* debug.c - debug lines (-d), handed to the caller's callback, never printed. */
#include "internal.h"

void kx_dbg(struct kx_ctx *ctx, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!ctx || !ctx->debug)
		return;
	va_start(ap, fmt);
	kx_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ctx->debug(ctx->debug_arg, line);
}
