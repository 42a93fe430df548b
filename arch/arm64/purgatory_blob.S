/* SPDX-License-Identifier: MIT */
/*
 * purgatory_blob.S - the flat arm64 purgatory (purgatory/, built by
 * arch.mk) embedded read-only; purgatory_load.c patches a copy of it.
 * KX_PURGATORY_BIN is the .bin's path, given by arch.mk (arch-asflags).
 */
	.section .rodata
	/* Page-size alignment would waste space; 16 lets the loader and
	 * the test read the 8-byte fields of the block in place. */
	.balign	16
	.globl	kx_arm64_purgatory
	.globl	kx_arm64_purgatory_end
	.type	kx_arm64_purgatory, @object
kx_arm64_purgatory:
	.incbin	KX_PURGATORY_BIN
kx_arm64_purgatory_end:
	.size	kx_arm64_purgatory, kx_arm64_purgatory_end - kx_arm64_purgatory

	.section .note.GNU-stack, "", %progbits
