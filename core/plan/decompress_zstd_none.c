/* SPDX-License-Identifier: MIT */
/* decompress_zstd_none.c - CONFIG_DECOMPRESS_ZSTD off: zstd is refused by name. */
#include <errno.h>
#include "decompress.h"

int kx_unzstd(struct kx_ctx *ctx, const struct kx_dec *d, unsigned char **out, size_t *outlen)
{
	return kx_codec_off(ctx, d->what, "ZSTD");
}
