/* SPDX-License-Identifier: MIT */
/*
 * text.c - the few number formats /proc, /sys and a manifest use, parsed
 * by hand: sscanf would pull ~9 KiB of scanf and float parsing into a
 * static binary; and a path's last name.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int kx_parse_bytes(const char *s, unsigned char *out, size_t n)
{
	for (size_t i = 0; i < 2 * n; i++) {
		int d = hexval(s[i]);

		if (d < 0)
			return -1;
		out[i / 2] = (unsigned char)(i & 1 ? out[i / 2] << 4 | d : d);
	}
	return s[2 * n] ? -1 : 0;
}

const char *kx_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

const char *kx_parse_hex(const char *p, uint64_t *v)
{
	const char *start;
	uint64_t x = 0;

	if (p[0] == '0' && (p[1] | 0x20) == 'x' && hexval(p[2]) >= 0)
		p += 2;
	for (start = p; hexval(*p) >= 0; p++) {
		if (x >> 60)
			return NULL; /* would overflow */
		x = x << 4 | hexval(*p);
	}
	if (p == start)
		return NULL;
	*v = x;
	return p;
}

const char *kx_parse_dec(const char *p, uint64_t *v)
{
	const char *start = p;
	uint64_t x = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		uint64_t d = (uint64_t)(*p - '0');

		if (x > UINT64_MAX / 10 || (x == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return NULL; /* would overflow */
		x = x * 10 + d;
	}
	if (p == start)
		return NULL;
	*v = x;
	return p;
}

const char *kx_parse_iomem(const char *line, uint64_t *start, uint64_t *end, int *depth)
{
	const char *p = line;

	while (*p == ' ')
		p++;
	*depth = (int)(p - line) / 2;
	if (!(p = kx_parse_hex(p, start)) || *p++ != '-' || !(p = kx_parse_hex(p, end)) ||
	    strncmp(p, " : ", 3) || *end < *start)
		return NULL;
	return p + 3;
}

const char *kx_find(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (!strncmp(s, word, n))
			return s;
	return NULL;
}

int kx_parse_key(const char *text, const char *key, uint64_t *v)
{
	size_t n = strlen(key);
	const char *p;

	for (p = text; (p = kx_find(p, key)); p += n) {
		if (p != text && p[-1] != '\n')
			continue;
		p += n;
		while (*p == ' ' || *p == '\t')
			p++;
		return kx_parse_dec(p, v) ? 0 : -EINVAL;
	}
	return -ENOENT;
}
