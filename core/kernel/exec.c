/* SPDX-License-Identifier: MIT */
/*
 * exec.c - boot the loaded image.  Runs after filesystems are read-only
 * (systemd-shutdown, init scripts), so it writes no file: it reads
 * /sys/kernel/kexec_loaded, then the backend syncs, takes interfaces down
 * and reboots.
 */
#include <errno.h>
#include "internal.h"
#include "explain.h"

int kx_exec(struct kx_ctx *ctx, unsigned flags)
{
	int rc;

	if (!ctx->sys)
		return kx_fail_kernel(ctx, -EPERM, "exec: no syscall backend given");
	rc = kx_loaded(ctx, 0);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return kx_fail_kernel(ctx, -ENOENT, "nothing has been loaded "
						    "(/sys/kernel/kexec_loaded is 0): load a "
						    "kernel with -l first");
	kx_dbg(ctx, "kexec reboot%s%s via %s", (flags & KX_NO_SYNC) ? ", no sync" : "",
	       (flags & KX_NO_IFDOWN) ? ", interfaces left up" : "", ctx->sys->name);
	rc = ctx->sys->reboot_kexec(ctx->sys->arg, flags);
	return rc ? kx_fail_sys(ctx, rc, "reboot", "exec", 0) : 0;
}
