/* SPDX-License-Identifier: MIT */
/* inflate_none.c - CONFIG_GZIP off: gzip input is recognised and refused. */
#include <errno.h>
#include "decompress.h"

size_t kx_gunzip_cap(struct kx_ctx *ctx, size_t in_size)
{
	return 0;
}

int kx_gunzip(struct kx_ctx *ctx, const struct kx_dec *d, unsigned char **out, size_t *outlen)
{
	return kx_fail(ctx, -ENOTSUP, "%s: gzip-compressed, and this kexec was built without "
				      "CONFIG_GZIP", d->what);
}
