/* SPDX-License-Identifier: MIT */
/*
 * crash_add.c - the crash kernel's ELF core header as a segment: built
 * from what the running kernel publishes (crash_src.c, crash_elf.c) and
 * placed at the top of the reservation, where the crash kernel is told to
 * find it (elfcorehdr= or /chosen linux,elfcorehdr) and keeps it out of
 * the memory it uses.  With --hotplug the segment has the room that
 * crash_hotplug.c reads, for the kernel's own headers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "crash.h"

static int add(struct kx_ctx *ctx, struct kx_plan *p, struct kx_crash_src *s)
{
	const struct kx_crash_arch *a = kx_arch.crash;
	struct kx_hole h = { .align = KX_PAGE, .top_down = 1 };
	unsigned char *elf, *buf;
	uint64_t addr, room = 0;
	size_t len;
	char why[192];
	int rc, cls;

	rc = kx_crash_read(ctx, a, s);
	if (!rc && (p->opts & KX_HOTPLUG))
		rc = kx_crash_hotplug_room(ctx, &room);
	if (rc)
		return rc;
	cls = p->core_class ? p->core_class : a->elf32 ? 32 : 64;
	if (cls == 64 && a->elf32)
		return kx_fail_plan(ctx, -EINVAL, "--elf64-core-headers: the %s kernel reads ELF32"
				    " core headers only", kx_arch.name);
	rc = kx_crash_elf(s, a, cls == 32 ? 1 : 2, &elf, &len, why, sizeof(why));
	if (rc == -ENOMEM)
		return kx_fail(ctx, rc, "crash ELF core header: out of memory");
	if (rc)
		return kx_fail_plan(ctx, rc, "crash ELF core header: %s", why);
	buf = kx_plan_alloc(p, len);
	if (!buf) {
		free(elf);
		return kx_fail(ctx, -ENOMEM, "crash ELF core header: out of memory");
	}
	memcpy(buf, elf, len);
	free(elf);
	h.size = len > room ? len : room;
	rc = kx_add_segment(ctx, p, buf, len, &h, "elfcorehdr", "generated", &addr);
	if (rc)
		return rc;
	kx_dbg(ctx, "elfcorehdr: the kernel text from %s", s->text_size ? s->text_from : "nowhere");
	/* What the plan says of it (--dry-run, --json); the RAM list moves. */
	p->core = (struct kx_core_hdr){ .elf_class = cls, .addr = addr,
					.size = h.size, .hotplug = room != 0, .cpus = s->ncpu,
					.vmcoreinfo = s->vmcoreinfo.addr,
					.text_vaddr = s->text_vaddr, .text_paddr = s->text_paddr,
					.text_size = s->text_size, .ram = s->ram };
	s->ram = (struct kx_ranges){ 0 };
	if (room)
		p->load_flags |= KEXEC_CRASH_HOTPLUG_SUPPORT;
	return 0;
}

int kx_crash_add(struct kx_ctx *ctx, struct kx_plan *p, struct kx_crash_src *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if (!p->panic || p->mode == KX_SYSCALL_FILE || p->load_refusal[0])
		return 0;
	rc = add(ctx, p, s);
	if (!rc)
		return 1;
	kx_crash_free(s);
	/* The -a default may still load through kexec_file_load, where the
	 * kernel builds all this itself: the failure is why kexec_load
	 * cannot be the fallback. */
	if (p->mode != KX_SYSCALL_AUTO || !p->file_capable)
		return rc;
	kx_plan_no_load(p, "%s", ctx->msg);
	kx_dbg(ctx, "no crash kernel through kexec_load: %s", ctx->msg);
	kx_fail_forget(ctx);
	return 0;
}
