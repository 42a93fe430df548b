/* SPDX-License-Identifier: MIT */
/* status.c - is an image loaded (the kernel says so in /sys/kernel), and
 * how big is the crash kernel's reservation (/proc/iomem). */
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
			       f, kx_strerror((int)-n));
	if (v[0] != '0' && v[0] != '1')
		return kx_fail(ctx, -EINVAL, "%s: unexpected content", f);
	return v[0] == '1';
}

int kx_crash_size(struct kx_ctx *ctx, uint64_t *bytes)
{
	struct kx_ranges r = { 0 };
	int rc = kx_iomem_ranges(ctx, &r, 1);

	*bytes = !rc && r.n ? r.r[r.n - 1].end - r.r[r.n - 1].start : 0;
	kx_ranges_free(&r);
	return rc;
}
