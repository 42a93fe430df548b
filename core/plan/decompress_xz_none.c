/* SPDX-License-Identifier: MIT */
/* decompress_xz_none.c - CONFIG_DECOMPRESS_XZ off: xz is refused by name. */
#include <errno.h>
#include "decompress.h"

int kx_unxz(struct kx_ctx *ctx, const struct kx_dec *d, unsigned char **out, size_t *outlen)
{
	return kx_codec_off(ctx, d->what, "XZ");
}
