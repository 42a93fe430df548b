/* SPDX-License-Identifier: MIT */
/* status.c - is an image loaded?  The kernel says so in /sys/kernel. */
#include <errno.h>
#include <string.h>
#include "internal.h"

int kx_loaded(struct kx_ctx *ctx, unsigned flags)
{
	const char *f =
		(flags & KX_PANIC) ? "/sys/kernel/kexec_crash_loaded" : "/sys/kernel/kexec_loaded";
	char v[16];
	long n = kx_read_text(ctx, f, v, sizeof(v));

	if (n < 0)
		return kx_fail(ctx, (int)n, "%s: %s (kernel without CONFIG_KEXEC, or sysfs not "
					    "mounted)",
			       f, strerror((int)-n));
	if (v[0] != '0' && v[0] != '1')
		return kx_fail(ctx, -EINVAL, "%s: unexpected content", f);
	return v[0] == '1';
}
