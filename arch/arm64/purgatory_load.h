/* SPDX-License-Identifier: MIT */
/*
 * purgatory_load.h - add the arm64 purgatory (purgatory/, embedded by
 * purgatory_blob.S) to a plan: it checks the other segments' SHA-256 and
 * enters the kernel as Documentation/arch/arm64/booting.rst asks: x0 =
 * the DTB's physical address, x1..x3 = 0, MMU and D-cache off (the
 * kernel's cpu_soft_restart leaves them so).
 */
#ifndef KX_ARM64_PURGATORY_LOAD_H
#define KX_ARM64_PURGATORY_LOAD_H

#include <stdint.h>
#include "kexec.h"

extern const unsigned char kx_arm64_purgatory[];
extern const unsigned char kx_arm64_purgatory_end[];

/*
 * Add the purgatory LAST (it hashes the segments already in p), at the
 * lowest free page at or above min.  entry is the Image's load address
 * (base + text_offset), dtb the tree's; skip_checks (-i) leaves the hash
 * out.  Sets p->entry.  Returns 0 or -errno (message set).
 */
int arm64_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, uint64_t entry,
			uint64_t dtb, uint64_t min, int skip_checks);

#endif
