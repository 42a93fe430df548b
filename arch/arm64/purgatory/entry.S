/* SPDX-License-Identifier: MIT */
/*
 * entry.S - arm64 purgatory entry: the kernel's cpu_soft_restart branches
 * here with the MMU and D-cache off, at EL1 or EL2, with no stack we may
 * trust.  We verify the segments, then enter the kernel as
 * Documentation/arch/arm64/booting.rst asks: x0 = DTB, x1 = x2 = x3 = 0.
 */

/* Offsets in struct kx_purg_params (core/purgatory/purgatory.h); purgatory.c
 * asserts them at compile time. */
#define PP_ENTRY	8
#define PP_ARG0		16

	.section .text.entry, "ax", %progbits
	.globl	purgatory_start
	.type	purgatory_start, %function
purgatory_start:
	adr	x9, stack_top
	mov	sp, x9
	adr	x19, purgatory_params

	/* purgatory_verify checks the segments (unless -i) and says so on
	 * the --serial console.  The hash runs with the MMU and D-cache
	 * off; the I-cache may be turned on with the MMU off and spares
	 * every instruction fetch a trip to memory (the kernel invalidated
	 * it after copying the segments).  booting.rst lets the kernel be
	 * entered with it on or off; we put SCTLR back as we found it. */
	mrs	x20, CurrentEL
	cmp	x20, #(2 << 2)
	b.eq	2f
	mrs	x21, sctlr_el1
	orr	x9, x21, #(1 << 12)
	msr	sctlr_el1, x9
	isb
	bl	purgatory_verify
	msr	sctlr_el1, x21
	b	3f
2:	mrs	x21, sctlr_el2
	orr	x9, x21, #(1 << 12)
	msr	sctlr_el2, x9
	isb
	bl	purgatory_verify
	msr	sctlr_el2, x21
3:	isb
	cbz	w0, 1f
	bl	purgatory_halt	/* does not return */

1:	ldr	x0, [x19, #PP_ARG0]
	ldr	x4, [x19, #PP_ENTRY]
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x4
	.size	purgatory_start, . - purgatory_start

	/* NOLOAD: not in the .bin; the kernel zero-fills the segment's
	 * memsz beyond the copied bytes. */
	.section .bss
	.balign	16
stack:
	.skip	4096
stack_top:

	.section .note.GNU-stack, "", %progbits
