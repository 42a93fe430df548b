/* SPDX-License-Identifier: MIT */
/*
 * manifest_none.c - CONFIG_VERIFY off: --verify is refused; a FIT whose
 * signatures are checked still has its inputs sealed (seal.c).
 */
#include <errno.h>
#include "verify.h"

int kx_verify_begin(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_opts *o)
{
	if (o->verify)
		return kx_fail(ctx, -EOPNOTSUPP, "--verify %s: this kexec was built without "
						 "CONFIG_VERIFY", o->verify);
	return kx_seal_begin(ctx, p, o);
}

int kx_verify_input(struct kx_ctx *ctx, struct kx_verify *v, const struct kx_file *f)
{
	return 0;
}

int kx_verify_cmdline(struct kx_ctx *ctx, struct kx_plan *p)
{
	return 0;
}

int kx_verify_end(struct kx_ctx *ctx, const struct kx_plan *p)
{
	return 0;
}
