/* SPDX-License-Identifier: MIT */
/*
 * purgatory.c - the freestanding C half of the x86_64 purgatory that is
 * this architecture's own: the serial port it reports on, the failure
 * path and the memory functions gcc may call.  The parameter block and
 * the SHA-256 check are shared (core/purgatory/purgatory_verify.c).
 */
#include <stddef.h>
#include <stdint.h>
#include "purgatory.h"

#define COM1 0x3f8
#define UART_LCR 3      /* line control: 0x80 opens the divisor latch */
#define UART_LSR 5      /* line status */
#define UART_LSR_THRE 0x20

void purgatory_halt(void) __attribute__((noreturn));
void purgatory_puts(const struct kx_purg_params *pp, const char *s);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
extern struct kx_purg_params purgatory_params __attribute__((visibility("hidden")));

/* .data.params: first in .data (purgatory.lds), so the block lies in the
 * .bin even if the rest of .data were to move. */
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Polled, on whatever the previous kernel left configured (or at the
 * --serial-baud rate).  The wait is bounded because a missing UART must
 * not keep us from booting or halting. */
static void serial_puts(uint16_t port, const char *s)
{
	unsigned spin;

	for (; *s; s++) {
		for (spin = 100000; spin && !(inb(port + UART_LSR) & UART_LSR_THRE); spin--)
			;
		outb(port, *s);
	}
}

void purgatory_puts(const struct kx_purg_params *pp, const char *s)
{
	static int ready;
	uint16_t port = (uint16_t)pp->console;

	if (pp->console_kind != KX_CON_PORT)
		return;
	if (pp->console_div && !ready) {
		/* 8 data bits, no parity, one stop bit at 115200 / div. */
		outb(port + UART_LCR, 0x83);
		outb(port, pp->console_div & 0xff);
		outb(port + 1, pp->console_div >> 8);
		outb(port + UART_LCR, 0x03);
	}
	ready = 1;
	serial_puts(port, s);
}

/* Why we stop: on the --serial console, or on COM1 without one. */
void purgatory_halt(void)
{
	static const char why[] = "kexec purgatory: SHA-256 mismatch, not booting\r\n";

	if (purgatory_params.console_kind == KX_CON_PORT)
		purgatory_puts(&purgatory_params, why);
	else
		serial_puts(COM1, why);
	/* hlt alone would resume after an NMI. */
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* gcc's freestanding contract: the environment provides these, and gcc
 * may call them for struct copies and clears (none today; 23 bytes against
 * a link failure with another compiler).  String instructions keep it from
 * turning the loops back into calls.  entry.S clears DF. */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}
