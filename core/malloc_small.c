/* SPDX-License-Identifier: MIT */
/*
 * malloc_small.c - the command's allocator (Kconfig SMALL_MALLOC), in
 * place of the C library's: musl's mallocng is 6.8 KiB of code on arm64,
 * for a process that makes a few hundred small blocks and a handful of
 * large buffers, then exits.
 *
 * Small blocks are cut in order from 64 KiB anonymous mappings; freeing
 * one gives its room back only when it is the last one cut, and realloc
 * grows the last one in place.  A block of 16 KiB or more is a mapping of
 * its own: realloc moves it with mremap (no copy, no doubled peak while a
 * decompressed kernel grows), free unmaps it.  Fresh mappings are zero,
 * so calloc clears only small blocks.  One thread: the command has no
 * other.  The library never depends on this file: a multi-call binary
 * links its own libc's allocator.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ALIGN 16
#define HDR 16               /* the size word, padded to ALIGN */
#define ARENA (64 << 10)
#define BIG (16 << 10)       /* this much or more: a mapping of its own */
#define PAGE 4096
#define MAPPED 1             /* in the size word: a mapping's length */

static unsigned char *cur, *end, *last; /* the arena's free part; the last block cut */

static size_t *head(void *p)
{
	return (size_t *)((unsigned char *)p - HDR);
}

/* n bytes and the header, rounded to ALIGN (to PAGE when big); 0 when
 * that does not fit a size_t. */
static size_t need(size_t n)
{
	size_t b;

	if (n > SIZE_MAX - HDR - PAGE)
		return 0;
	b = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return b < BIG ? b : (b + PAGE - 1) & ~(size_t)(PAGE - 1);
}

static void *mapped(size_t len)
{
	unsigned char *m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	*(size_t *)m = len | MAPPED;
	return m + HDR;
}

void *malloc(size_t n)
{
	size_t b = need(n);
	unsigned char *m;

	if (!b) {
		errno = ENOMEM;
		return NULL;
	}
	if (b >= BIG)
		return mapped(b);
	if (b > (size_t)(end - cur)) {
		m = mmap(0, ARENA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		cur = m;
		end = m + ARENA;
	}
	last = cur;
	cur += b;
	*(size_t *)last = b;
	return last + HDR;
}

void free(void *p)
{
	size_t *h;

	if (!p)
		return;
	h = head(p);
	if (*h & MAPPED)
		munmap(h, *h & ~(size_t)MAPPED);
	else if ((unsigned char *)h == last)
		cur = last, last = NULL;
}

void *calloc(size_t k, size_t n)
{
	void *p;

	if (n && k > SIZE_MAX / n) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(k * n);
	if (p && need(k * n) < BIG)
		memset(p, 0, k * n);
	return p;
}

void *realloc(void *p, size_t n)
{
	size_t b = need(n), *h, old;
	void *q;

	if (!p)
		return malloc(n);
	h = head(p);
	old = *h & ~(size_t)MAPPED;
	if (b && b <= old)
		return p;
	if (b && (*h & MAPPED)) {
		q = mremap(h, old, b, MREMAP_MAYMOVE);
		if (q == MAP_FAILED)
			return NULL;
		*(size_t *)q = b | MAPPED;
		return (unsigned char *)q + HDR;
	}
	if (b && b < BIG && (unsigned char *)h == last && b - old <= (size_t)(end - cur)) {
		cur += b - old;
		*h = b;
		return p;
	}
	q = malloc(n);
	if (q) {
		memcpy(q, p, old - HDR);
		free(p);
	}
	return q;
}
