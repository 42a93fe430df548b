/* SPDX-License-Identifier: MIT */
/*
 * purgatory_load.c - place a patched copy of the x86_64 purgatory blob:
 * parameter block (core/purgatory/purgatory.h) at the offset the build found, memsz
 * up to _end for its stack, entered by relocate_kernel in 64-bit mode.
 */
#include "internal.h"
#include "purgatory_load.h"
#include "generated/x86_purgatory.h"

int x86_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, uint64_t entry,
		      uint64_t boot_params, int skip_checks)
{
	static const struct kx_purgatory blob = {
		kx_x86_purgatory, kx_x86_purgatory_end, KX_X86_PURG_SIZE,
		KX_X86_PURG_PARAMS_OFF, KX_X86_PURG_MEMSZ,
	};
	/*
	 * Top down below 4 GiB, above the first MiB, as kexec-tools places
	 * its purgatory: the kernel and initrd grow from elsewhere, and the
	 * low MiB is the new kernel's to reserve.  The blob runs anywhere in
	 * the identity map: above 4 GiB when nothing below is free (a crash
	 * kernel in crashkernel=,high's reservation).
	 */
	const struct kx_hole h = {
		.align = KX_PAGE, .min = 0x100000, .prefer_below = 1ULL << 32, .top_down = 1
	};

	return kx_purgatory_add(ctx, p, &blob, &h, entry, boot_params, skip_checks);
}
