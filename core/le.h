/* SPDX-License-Identifier: MIT */
/* le.h - little-endian fields of boot headers, read and written bytewise
 * (no alignment or host byte order assumed). */
#ifndef KX_LE_H
#define KX_LE_H

#include <stdint.h>

static inline uint16_t kx_get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t kx_get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t kx_get64(const unsigned char *p)
{
	return kx_get32(p) | (uint64_t)kx_get32(p + 4) << 32;
}

static inline void kx_put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void kx_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline void kx_put64(unsigned char *p, uint64_t v)
{
	kx_put32(p, (uint32_t)v);
	kx_put32(p + 4, (uint32_t)(v >> 32));
}

#endif
