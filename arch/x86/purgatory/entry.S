/* SPDX-License-Identifier: MIT */
/*
 * entry.S - x86_64 purgatory entry: relocate_kernel jumps here in 64-bit
 * mode, identity mapped, with a stack and GDT we must not trust.  We verify
 * the segments, then enter the kernel as Documentation/arch/x86/boot.rst
 * "64-bit Boot Protocol" asks: flat GDT, CS 0x10, DS/ES/SS 0x18, %rsi.
 */

/* Offsets in struct kx_purg_params (core/purgatory/purgatory.h); purgatory.c
 * asserts them at compile time. */
#define PP_ENTRY	8
#define PP_ARG0		16

#define BOOT_CS		0x10
#define BOOT_DS		0x18

	.code64
	.section .text.entry, "ax", @progbits
	.globl	purgatory_start
	.type	purgatory_start, @function
purgatory_start:
	cli
	cld			/* the C code may use string instructions */
	leaq	stack_top(%rip), %rsp
	/* The check (unless -i), and the line on the --serial console. */
	call	purgatory_verify
	testl	%eax, %eax
	jz	1f
	call	purgatory_halt	/* does not return */

1:	/* The descriptor holds the GDT's run-time address: build it on the
	 * stack, since the blob runs wherever the loader placed it. */
	leaq	gdt(%rip), %rax
	subq	$16, %rsp
	movw	$(gdt_end - gdt - 1), (%rsp)
	movq	%rax, 2(%rsp)
	lgdt	(%rsp)
	addq	$16, %rsp

	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	/* A far return is the one way to load CS in long mode without an
	 * absolute address. */
	leaq	2f(%rip), %rax
	pushq	$BOOT_CS
	pushq	%rax
	lretq

2:	movq	purgatory_params+PP_ARG0(%rip), %rsi
	/* Leave nothing of ours behind; the kernel expects %rbx = 0 and
	 * reads only %rsi.  %rsp stays on our stack: valid memory. */
	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	jmp	*purgatory_params+PP_ENTRY(%rip)
	.size	purgatory_start, . - purgatory_start

	.section .rodata
	.balign	16
	/* Accessed bits preset so the CPU never writes to the table. */
gdt:
	.quad	0			/* null */
	.quad	0			/* 0x08: unused */
	.quad	0x00af9b000000ffff	/* 0x10: 64-bit code, execute/read */
	.quad	0x00cf93000000ffff	/* 0x18: flat data, read/write */
gdt_end:

	/* NOLOAD: not in the .bin; the kernel zero-fills the segment's
	 * memsz beyond the copied bytes. */
	.section .bss
	.balign	16
stack:
	.skip	4096
stack_top:

	.section .note.GNU-stack, "", %progbits
