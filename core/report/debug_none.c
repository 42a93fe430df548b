/* SPDX-License-Identifier: MIT */
/* debug_none.c - CONFIG_DEBUG off: debug lines cost nothing. */
#include "internal.h"

void kx_dbg(struct kx_ctx *ctx, const char *fmt, ...)
{
}
