/* SPDX-License-Identifier: MIT */
/*
 * crash_hotplug.c - --hotplug (CONFIG_CRASH_HOTPLUG): a crash kernel's
 * core header that the running kernel rewrites when a CPU or memory
 * comes or goes (kernel/crash_core.c, for a kexec_load image loaded with
 * KEXEC_CRASH_HOTPLUG_SUPPORT).  It finds the header as the last segment
 * that starts with ELF magic and builds the new one in that segment, so
 * the segment needs the room /sys/kernel/crash_elfcorehdr_size says and
 * the purgatory must not hash it (digest.c).
 */
#include <errno.h>
#include <string.h>
#include "crash.h"

#define ELF64_EHDR 64 /* the kernel's size counts the program headers only */

int kx_crash_hotplug_room(struct kx_ctx *ctx, uint64_t *room)
{
	static const char path[] = "/sys/kernel/crash_elfcorehdr_size";
	char v[32];
	long r = kx_read_text(ctx, path, v, sizeof(v));

	if (r == -ENOENT)
		return kx_fail_kernel(ctx, (int)r, "--hotplug: no %s: the running kernel "
				      "cannot update a crash kernel's core header (that needs "
				      "CRASH_HOTPLUG: Linux 6.6 and later, x86)", path);
	if (r < 0)
		return kx_fail(ctx, (int)r, "%s: %s", path, kx_strerror((int)-r));
	v[strcspn(v, "\n")] = 0;
	if (!kx_parse_dec(v, room) || !*room || *room > (64u << 20))
		return kx_fail(ctx, -EINVAL, "%s: \"%s\" is not a size", path, v);
	*room = KX_ALIGN_UP(*room + ELF64_EHDR, KX_PAGE);
	return 0;
}

/* The kernel takes the last segment that starts with ELF magic for the
 * header it rewrites: no other may start so. */
int kx_crash_hotplug_check(struct kx_ctx *ctx, const struct kx_plan *p)
{
	unsigned i;

	for (i = 0; p->core.hotplug && i < p->nseg; i++)
		if (p->seg[i].mem != p->core.addr && p->seg[i].bufsz >= 4 &&
		    !memcmp(p->seg[i].buf, "\177ELF", 4))
			return kx_fail_plan(ctx, -EINVAL, "--hotplug: the %s (%s) starts with ELF "
					    "magic: the kernel would take it for the core header "
					    "and rewrite it", p->seg[i].what, p->seg[i].source);
	return 0;
}
