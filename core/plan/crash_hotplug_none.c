/* SPDX-License-Identifier: MIT */
/* crash_hotplug_none.c - CONFIG_CRASH_HOTPLUG off: --hotplug is refused. */
#include <errno.h>
#include "crash.h"

int kx_crash_hotplug_room(struct kx_ctx *ctx, uint64_t *room)
{
	return kx_fail_plan(ctx, -EOPNOTSUPP, "--hotplug: this kexec was built without "
			    "CONFIG_CRASH_HOTPLUG (Linux updates crash kernels on x86 only)");
}

int kx_crash_hotplug_check(struct kx_ctx *ctx, const struct kx_plan *p)
{
	return 0;
}
