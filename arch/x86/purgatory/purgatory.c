/* SPDX-License-Identifier: MIT */
/*
 * purgatory.c - the freestanding C half of the x86_64 purgatory that is
 * this architecture's own: the failure path and the memory functions gcc
 * may call.  The parameter block and the SHA-256 check are shared
 * (core/purgatory/purgatory_verify.c).
 */
#include <stddef.h>
#include <stdint.h>

#define COM1 0x3f8

void purgatory_halt(void) __attribute__((noreturn));
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

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

/* Polled, on whatever the previous kernel left configured.  The wait is
 * bounded because a missing UART must not keep us from halting. */
static void serial_puts(const char *s)
{
	unsigned spin;

	for (; *s; s++) {
		for (spin = 100000; spin && !(inb(COM1 + 5) & 0x20); spin--)
			;
		outb(COM1, *s);
	}
}

void purgatory_halt(void)
{
	serial_puts("kexec purgatory: SHA-256 mismatch, not booting\r\n");
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
