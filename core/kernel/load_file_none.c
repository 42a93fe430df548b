/* SPDX-License-Identifier: MIT */
/* load_file_none.c - CONFIG_KEXEC_FILE off: only kexec_load is used. */
#include <errno.h>
#include "internal.h"
#include "load_file.h"

const int kx_have_file_load = 0;

int kx_load_file(struct kx_ctx *ctx, struct kx_plan *p)
{
	/* ENOSYS lets the -a default fall back, as with an old kernel. */
	return kx_fail(ctx, -ENOSYS, "%s: kexec_file_load: this kexec was built without "
				     "CONFIG_KEXEC_FILE",
		       p->kernel_path);
}

int kx_unload_file(struct kx_ctx *ctx, unsigned flags)
{
	return -ENOSYS;
}
