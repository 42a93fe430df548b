/* SPDX-License-Identifier: MIT */
/* decompress_xz_none.c - CONFIG_DECOMPRESS_XZ off: xz is refused by name. */
#include <errno.h>
#include "decompress.h"

int kx_unxz(struct kx_ctx *ctx, const char *what, const unsigned char *in,
	    size_t n, size_t cap, unsigned char **out, size_t *outlen)
{
	return kx_codec_off(ctx, what, "XZ");
}
