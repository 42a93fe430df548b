/* SPDX-License-Identifier: MIT */
/*
 * purgatory.c - the freestanding C half of the arm64 purgatory that is
 * this architecture's own: the failure path and the memory functions gcc
 * may call.  The parameter block and the SHA-256 check are shared
 * (core/purgatory/purgatory_verify.c).
 * Built with -mgeneral-regs-only -mstrict-align: the MMU is off, so memory
 * is Device memory, where unaligned accesses fault.
 */
#include <stddef.h>
#include <stdint.h>

void purgatory_halt(void) __attribute__((noreturn));
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* No console we could trust (the UART's address is in the old tree):
 * wait forever, visibly hung rather than booting changed bytes. */
void purgatory_halt(void)
{
	for (;;)
		__asm__ volatile("wfe");
}

/* gcc's freestanding contract (arch.mk passes
 * -fno-tree-loop-distribute-patterns so these loops stay loops). */
void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
