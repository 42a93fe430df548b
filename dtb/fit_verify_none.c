/* SPDX-License-Identifier: MIT */
/* fit_verify_none.c - CONFIG_FIT_SIGNATURE off: --fit-keys is refused. */
#include <errno.h>
#include "internal.h"
#include "fit.h"

int kx_fit_verify(struct kx_ctx *ctx, const char *path, const void *fit, int conf,
		  struct kx_fit_img *img, int nimg, const char *keys_path, char *verdict,
		  size_t vlen)
{
	return kx_fail(ctx, -EOPNOTSUPP, "--fit-keys %s: this kexec was built without "
					 "CONFIG_FIT_SIGNATURE", keys_path);
}
