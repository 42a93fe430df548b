/* SPDX-License-Identifier: MIT */
/*
 * pe.c - the PE/COFF header an EFI stub puts in front of an arm64 or
 * riscv64 Image ("MZ" at 0, the PE header at the offset in 0x3c): its
 * section table says how many bytes the file must have.  PE/COFF: the
 * section table follows the 24-byte file header and the optional header.
 */
#include <inttypes.h>
#include <string.h>
#include "internal.h"
#include "le.h"

int kx_pe_check(const unsigned char *d, size_t len, char *why, size_t whylen)
{
	uint64_t pe, sec, end = 0;
	unsigned n, i, optsz;

	if (len < 0x40 || d[0] != 'M' || d[1] != 'Z')
		return 0;
	pe = kx_get32(d + 0x3c);
	if (pe + 24 > len || memcmp(d + pe, "PE\0\0", 4))
		return kx_no(why, whylen, "truncated or damaged: %zu bytes, and the EFI stub's PE header"
			  " (at 0x%" PRIx64 ") is not inside", len, pe);
	n = kx_get16(d + pe + 6);
	optsz = kx_get16(d + pe + 20);
	sec = pe + 24 + optsz;
	if (n > 96 || sec + 40ULL * n > len)
		return kx_no(why, whylen, "truncated or damaged: %zu bytes, and the EFI stub's section table"
			  " (%u sections at 0x%" PRIx64 ") is not inside", len, n, sec);
	for (i = 0; i < n; i++) {
		const unsigned char *s = d + sec + 40ULL * i;
		uint64_t e = (uint64_t)kx_get32(s + 20) + kx_get32(s + 16); /* PointerToRawData + SizeOfRawData */

		if (e > end)
			end = e;
	}
	if (end > len)
		return kx_no(why, whylen, "truncated: %zu bytes, and the EFI stub's sections end at %" PRIu64,
			  len, end);
	return 0;
}
