/* SPDX-License-Identifier: MIT */
/*
 * unload.c - drop the loaded image.  Under -a the file syscall goes first
 * (an image it loaded may need it), then kexec_load with no segments.
 */
#include <errno.h>
#include "internal.h"
#include "explain.h"
#include "load_file.h"

int kx_unload(struct kx_ctx *ctx, unsigned flags, enum kx_syscall_mode mode)
{
	int panic = !!(flags & KX_PANIC);
	const char *what = panic ? "crash image" : "image";
	int rc = -ENOSYS;

	if (!ctx->sys)
		return kx_fail_kernel(ctx, -EPERM, "unload: no syscall backend given");
	if (mode != KX_SYSCALL_LOAD && kx_arch.file_syscall) {
		rc = kx_unload_file(ctx, flags);
		if (rc == 0 || mode == KX_SYSCALL_FILE || (rc != -ENOSYS && rc != -EINVAL))
			return rc ? kx_fail_sys(ctx, rc, "kexec_file_load", what, panic) : 0;
		kx_dbg(ctx, "unload via kexec_file_load: %s; trying kexec_load",
		       kx_explain(rc, "kexec_file_load"));
	} else if (mode == KX_SYSCALL_FILE) {
		return kx_fail_kernel(ctx, -EOPNOTSUPP, "unload: the %s kernel has no "
							"kexec_file_load", kx_arch.name);
	}
	rc = ctx->sys->kexec_load(ctx->sys->arg, 0, 0, NULL,
				  kx_arch.kexec_arch | (panic ? KEXEC_ON_CRASH : 0));
	return rc ? kx_fail_sys(ctx, rc, "kexec_load", what, panic) : 0;
}
