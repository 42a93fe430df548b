/* SPDX-License-Identifier: MIT */
/*
 * purgatory_load.c - place a patched copy of the arm64 purgatory blob:
 * parameter block (core/purgatory/purgatory.h) at the offset the build found, memsz
 * up to _end for its stack, entered by the kernel's cpu_soft_restart with
 * the MMU off.  The digest is deferred to kexec_load (kx_plan_on_seal).
 */
#include "internal.h"
#include "purgatory_load.h"
#include "generated/arm64_purgatory.h"

int arm64_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, uint64_t entry,
			uint64_t dtb, uint64_t min, int skip_checks)
{
	static const struct kx_purgatory blob = {
		kx_arm64_purgatory, kx_arm64_purgatory_end, KX_ARM64_PURG_SIZE,
		KX_ARM64_PURG_PARAMS_OFF, KX_ARM64_PURG_MEMSZ,
	};
	/* Bottom up above the device tree, as kexec-tools places it. */
	const struct kx_hole h = { .align = KX_PAGE, .min = min };

	return kx_purgatory_add(ctx, p, &blob, &h, entry, dtb, skip_checks);
}
