/* SPDX-License-Identifier: MIT */
/*
 * purgatory.c - the freestanding C half of the x86_64 purgatory: the
 * parameter block the loader patches (core/purgatory.h), the SHA-256 check
 * of the segments (FIPS 180-4, core/sha256.c) and the failure path.
 */
#include <stddef.h>
#include <stdint.h>
#include "purgatory.h"
#include "sha256.h"

/* entry.S addresses these fields by number. */
_Static_assert(offsetof(struct kx_purg_params, entry) == 8, "entry.S PP_ENTRY");
_Static_assert(offsetof(struct kx_purg_params, arg0) == 16, "entry.S PP_ARG0");
_Static_assert(offsetof(struct kx_purg_params, skip_checks) == 32, "entry.S PP_SKIP");

#define COM1 0x3f8

int purgatory_verify(void);
void purgatory_halt(void) __attribute__((noreturn));
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* .data.params: first in .data (purgatory.lds), so the block lies in the
 * .bin even if the rest of .data were to move. */
__attribute__((section(".data.params"), aligned(8), used))
struct kx_purg_params purgatory_params = {
	.magic = KX_PURG_MAGIC,
};

int purgatory_verify(void)
{
	const struct kx_purg_params *pp = &purgatory_params;
	struct kx_sha256 s;
	unsigned char d[32];
	unsigned i, diff = 0;

	/* A block without regions vouches for nothing, so there is nothing
	 * to refuse. */
	if (!pp->nregions)
		return 0;
	if (pp->nregions > KX_PURG_REGIONS)
		return -1;

	kx_sha256_init(&s);
	for (i = 0; i < pp->nregions; i++)
		kx_sha256_update(&s, (const void *)(uintptr_t)pp->region[i].start,
				 pp->region[i].len);
	kx_sha256_final(&s, d);

	for (i = 0; i < sizeof(d); i++)
		diff |= d[i] ^ pp->digest[i];
	return diff ? -1 : 0;
}

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
