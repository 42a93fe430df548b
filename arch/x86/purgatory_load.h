/* SPDX-License-Identifier: MIT */
/*
 * purgatory_load.h - add the x86_64 purgatory (purgatory/, embedded by
 * purgatory_blob.S) to a plan: it checks the other segments' SHA-256 and
 * enters the kernel by the 64-bit boot protocol (Documentation/arch/x86/
 * boot.rst): %rsi = boot_params.
 */
#ifndef KX_X86_PURGATORY_LOAD_H
#define KX_X86_PURGATORY_LOAD_H

#include <stdint.h>
#include "kexec.h"

/* The blob as built (purgatory_blob.S); the loader patches a copy. */
extern const unsigned char kx_x86_purgatory[];
extern const unsigned char kx_x86_purgatory_end[];

/*
 * Add the purgatory LAST: it hashes the segments already in p, and any
 * segment added afterwards is not checked (and would make the check fail
 * if it overlapped one that is).  entry is the kernel's 64-bit entry
 * (load address + 0x200), boot_params the address of the zero page;
 * skip_checks (-i) leaves the hash out.  On success p->entry is the
 * purgatory's address, the kexec_load entry.  Returns 0 or -errno
 * (message set).
 */
int x86_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, uint64_t entry,
		      uint64_t boot_params, int skip_checks);

#endif
