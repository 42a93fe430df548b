/* SPDX-License-Identifier: MIT */
/* decompress_zstd_none.c - CONFIG_DECOMPRESS_ZSTD off: zstd is refused by name. */
#include <errno.h>
#include "decompress.h"

int kx_unzstd(struct kx_ctx *ctx, const char *what, const unsigned char *in,
	      size_t n, size_t cap, unsigned char **out, size_t *outlen)
{
	return kx_codec_off(ctx, what, "ZSTD");
}
