/* SPDX-License-Identifier: MIT */
/*
 * fmt.c - the printf subset this code base uses.  libc's printf family is
 * not linked: musl's always carries its floating-point conversions, and on
 * arm64 (128-bit long double) libgcc's soft-float arithmetic with them,
 * some 20 KiB of a static binary that never prints a float.
 *
 * Conversions: %s %c %d %u %x %%; length modifiers l, ll (d u x) and z
 * (u x); flags '-' (left-justify) and '0' (zero-pad numbers); a decimal
 * field width.  Nothing else (no precision, no '*'): an unsupported
 * conversion ends the output with "%?" there, before it reads an argument
 * of the wrong type, so that a test shows it.  Fractions: kx_tenths.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

/* Where the text goes: a stream, or a bounded string (snprintf's rules:
 * truncated, always NUL terminated when len > 0). */
struct sink {
	FILE *f;
	char *buf;
	size_t len;
	size_t n; /* what the whole text needs */
};

static void put(struct sink *s, const char *p, size_t n)
{
	if (s->f) {
		fwrite(p, 1, n, s->f);
	} else if (s->n + 1 < s->len) {
		size_t room = s->len - 1 - s->n;

		memcpy(s->buf + s->n, p, n < room ? n : room);
	}
	s->n += n;
}

static void pad(struct sink *s, char c, size_t n)
{
	while (n--)
		put(s, &c, 1);
}

/* p[0..n) in a field of width: spaces before (or after, if left), or
 * zeros after a leading '-' (zero). */
static void field(struct sink *s, const char *p, size_t n, size_t width, int left, int zero)
{
	size_t fill = width > n ? width - n : 0;

	if (left) {
		put(s, p, n);
		pad(s, ' ', fill);
		return;
	}
	if (zero && *p == '-') {
		put(s, p++, 1);
		n--;
	}
	pad(s, zero ? '0' : ' ', fill);
	put(s, p, n);
}

/* Digits of v in base 10 or 16 (lower case), ending at end. */
static char *digits(char *end, unsigned long long v, unsigned base)
{
	do
		*--end = "0123456789abcdef"[v % base];
	while (v /= base);
	return end;
}

static void format(struct sink *s, const char *fmt, va_list ap0)
{
	va_list ap;

	va_copy(ap, ap0);
	while (*fmt) {
		const char *p = strchr(fmt, '%');
		char num[24], *end = num + sizeof(num), *d, c;
		int left = 0, zero = 0, size = 0; /* 'l', 'L' (ll), 'z' */
		unsigned long long v;
		size_t width = 0;

		if (!p) {
			put(s, fmt, strlen(fmt));
			break;
		}
		put(s, fmt, (size_t)(p - fmt));
		for (p++; *p == '-' || *p == '0'; p++) {
			if (*p == '-')
				left = 1;
			else
				zero = 1;
		}
		for (; *p >= '0' && *p <= '9'; p++)
			width = width * 10 + (size_t)(*p - '0');
		if (*p == 'z' || *p == 'l')
			size = *p++;
		if (size == 'l' && *p == 'l')
			size = 'L', p++;
		fmt = p + 1;
		switch (*p) {
		case '%':
			put(s, "%", 1);
			continue;
		case 'c':
			c = (char)va_arg(ap, int);
			field(s, &c, 1, width, left, 0);
			continue;
		case 's':
			d = va_arg(ap, char *);
			if (!d)
				d = "(null)";
			field(s, d, strlen(d), width, left, 0);
			continue;
		case 'd':
			if (size == 'z')
				break;
			v = size == 'L' ? (unsigned long long)va_arg(ap, long long) :
			    size == 'l' ? (unsigned long long)va_arg(ap, long) :
			    (unsigned long long)va_arg(ap, int);
			/* the magnitude, as unsigned: also right for the minimum */
			d = digits(end, (long long)v < 0 ? 0 - v : v, 10);
			if ((long long)v < 0)
				*--d = '-';
			field(s, d, (size_t)(end - d), width, left, zero);
			continue;
		case 'u':
		case 'x':
			v = size == 'L' ? va_arg(ap, unsigned long long) :
			    size == 'l' ? va_arg(ap, unsigned long) :
			    size == 'z' ? va_arg(ap, size_t) : va_arg(ap, unsigned);
			d = digits(end, v, *p == 'x' ? 16 : 10);
			field(s, d, (size_t)(end - d), width, left, zero);
			continue;
		}
		put(s, "%?", 2);
		break;
	}
	va_end(ap);
}

int kx_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .len = len };

	format(&s, fmt, ap);
	if (len)
		buf[s.n < len ? s.n : len - 1] = '\0';
	return (int)s.n;
}

int kx_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kx_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

int kx_fprintf(FILE *f, const char *fmt, ...)
{
	struct sink s = { .f = f };
	va_list ap;

	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
	return (int)s.n;
}

/* Exact: v / 2^shift is a binary fraction, so printf("%.1f") of it rounds
 * to nearest with ties to even, which integers do as well. */
const char *kx_tenths(char buf[24], uint64_t v, unsigned shift)
{
	uint64_t mask = ((uint64_t)1 << shift) - 1, half = (uint64_t)1 << (shift - 1);
	uint64_t whole = v >> shift, t = (v & mask) * 10;
	unsigned tenth = (unsigned)(t >> shift);

	t &= mask;
	if (t > half || (t == half && (tenth & 1)))
		tenth++;
	if (tenth == 10) {
		whole++;
		tenth = 0;
	}
	kx_snprintf(buf, 24, "%llu.%u", (unsigned long long)whole, tenth);
	return buf;
}
