/* SPDX-License-Identifier: MIT */
/*
 * purgatory.c - the freestanding C half of the arm64 purgatory that is
 * this architecture's own: the UART it reports on, the failure path and
 * the memory functions gcc may call.  The parameter block and the SHA-256
 * check are shared (core/purgatory/purgatory_verify.c).
 * Built with -mgeneral-regs-only -mstrict-align: the MMU is off, so memory
 * is Device memory, where unaligned accesses fault.
 */
#include <stddef.h>
#include <stdint.h>
#include "purgatory.h"

void purgatory_halt(void) __attribute__((noreturn));
void purgatory_puts(const struct kx_purg_params *pp, const char *s);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
extern struct kx_purg_params purgatory_params __attribute__((visibility("hidden")));

#define PL011_FR 0x18    /* flag register */
#define PL011_TXFF 0x20  /* transmit FIFO full */
#define UART_LSR 5       /* 8250 line status register */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

/* One register read, at the width the UART's driver uses. */
static uint32_t rd(uintptr_t a, int wide)
{
	return wide ? *(volatile uint32_t *)a : *(volatile uint8_t *)a;
}

/* Polled, on the UART as the previous kernel left it.  The wait is
 * bounded: a UART that never drains must not keep the kernel from
 * booting. */
static void put(const struct kx_purg_params *pp, char c)
{
	uintptr_t b = (uintptr_t)pp->console;
	unsigned k = pp->console_kind, spin = 1u << 20;
	int wide = k == KX_CON_PL011_32 || k == KX_CON_8250_32;

	if (k == KX_CON_PL011 || k == KX_CON_PL011_32)
		while (spin-- && (rd(b + PL011_FR, wide) & PL011_TXFF))
			;
	else
		while (spin-- && !(rd(b + (UART_LSR << pp->console_shift), wide) & UART_LSR_THRE))
			;
	if (wide)
		*(volatile uint32_t *)b = (unsigned char)c;
	else
		*(volatile uint8_t *)b = (unsigned char)c;
}

void purgatory_puts(const struct kx_purg_params *pp, const char *s)
{
	/* Memory-mapped UARTs only: arm64 has no I/O ports. */
	if (pp->console_kind < KX_CON_8250)
		return;
	for (; *s; s++)
		put(pp, *s);
}

/* Wait forever, visibly hung rather than booting changed bytes; on the
 * console (--serial) why. */
void purgatory_halt(void)
{
	purgatory_puts(&purgatory_params, "kexec: purgatory: SHA-256 mismatch, not booting\r\n");
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
