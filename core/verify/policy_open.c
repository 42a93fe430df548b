/* SPDX-License-Identifier: MIT */
/* policy_open.c - CONFIG_SIGNED_ONLY off: unsigned kernels load too. */
#include "verify.h"

int kx_policy_begin(struct kx_ctx *ctx, const struct kx_opts *o)
{
	return 0;
}

int kx_policy_end(struct kx_ctx *ctx, const struct kx_plan *p)
{
	return 0;
}
