/* SPDX-License-Identifier: MIT */
/*
 * pe.c - the PE/COFF header an EFI stub puts in front of an arm64 or
 * riscv64 Image, and of x86's bzImage ("MZ" at 0, the PE header at the
 * offset in 0x3c): its section table, and the certificate table of a
 * signed file, say how many bytes the file has.  A UKI's parts are its
 * sections (kx_pe_sections).  PE/COFF: the section table follows the
 * 24-byte file header and the optional header; each entry is 40 bytes:
 * the name (8), VirtualSize, VirtualAddress, SizeOfRawData,
 * PointerToRawData.
 */
#include <inttypes.h>
#include <string.h>
#include "internal.h"
#include "le.h"

/* The section table and the certificate table (data directory 4: a
 * file offset and size, for the signature sbsign appends) say where the
 * file ends.  0 with *sections and *cert set, or -ENOEXEC when the
 * headers are not inside the len bytes. */
static int pe_ends(const unsigned char *d, size_t len, uint64_t *sections, uint64_t *cert,
		   const unsigned char **table, unsigned *count, char *why, size_t whylen)
{
	uint64_t pe, opt, sec, dir;
	unsigned n, i, optsz;

	pe = kx_get32(d + 0x3c);
	if (pe + 24 > len || memcmp(d + pe, "PE\0\0", 4))
		return kx_no(why, whylen, "truncated or damaged: %zu bytes, and the EFI stub's PE "
					  "header (at 0x%" PRIx64 ") is not inside", len, pe);
	n = kx_get16(d + pe + 6);
	optsz = kx_get16(d + pe + 20);
	opt = pe + 24;
	sec = opt + optsz;
	if (n > 96 || sec + 40ULL * n > len)
		return kx_no(why, whylen, "truncated or damaged: %zu bytes, and the EFI stub's "
					  "section table (%u sections at 0x%" PRIx64 ") is not "
					  "inside", len, n, sec);
	*sections = *cert = 0;
	if (table) {
		*table = d + sec;
		*count = n;
	}
	for (i = 0; i < n; i++) {
		const unsigned char *s = d + sec + 40ULL * i;
		uint64_t e = (uint64_t)kx_get32(s + 20) +
			     kx_get32(s + 16); /* PointerToRawData + SizeOfRawData */

		if (e > *sections)
			*sections = e;
	}
	/* The data directories follow NumberOfRvaAndSizes: at 92 in PE32,
	 * 108 in PE32+ (magic 0x20b); the certificate table is the fifth. */
	dir = opt + (kx_get16(d + opt) == 0x20b ? 108 : 92);
	if (dir + 4 + 5 * 8 <= sec && kx_get32(d + dir) > 4)
		*cert = (uint64_t)kx_get32(d + dir + 4 + 4 * 8) + kx_get32(d + dir + 4 + 4 * 8 + 4);
	return 0;
}

int kx_pe_check(const unsigned char *d, size_t len, char *why, size_t whylen)
{
	uint64_t sections, cert;
	int rc;

	if (len < 0x40 || d[0] != 'M' || d[1] != 'Z')
		return 0;
	rc = pe_ends(d, len, &sections, &cert, NULL, NULL, why, whylen);
	if (rc)
		return rc;
	if (sections > len)
		return kx_no(why, whylen, "truncated: %zu bytes, and the EFI stub's sections end "
					  "at %" PRIu64,
			  len, sections);
	if (cert > len)
		return kx_no(why, whylen, "truncated: %zu bytes, and its signature (the PE "
					  "certificate table) ends at %" PRIu64, len, cert);
	return 0;
}

uint64_t kx_pe_end(const unsigned char *d, size_t len)
{
	uint64_t sections = 0, cert = 0;
	char why[4];

	if (len < 0x40 || d[0] != 'M' || d[1] != 'Z' ||
	    pe_ends(d, len, &sections, &cert, NULL, NULL, why, sizeof(why)))
		return 0;
	return sections > cert ? sections : cert;
}

int kx_pe_sections(const unsigned char *d, size_t len, struct kx_pe_sec *s, unsigned max,
		   char *why, size_t whylen)
{
	const unsigned char *t;
	uint64_t sections, cert;
	unsigned n, i, j;
	int rc;

	if (len < 0x40 || d[0] != 'M' || d[1] != 'Z')
		return kx_no(why, whylen, "no \"MZ\" PE/COFF header");
	rc = pe_ends(d, len, &sections, &cert, &t, &n, why, whylen);
	if (rc)
		return rc;
	if (n > max)
		return kx_no(why, whylen, "%u PE sections, more than the %u read", n, max);
	for (i = 0; i < n; i++, t += 40) {
		uint32_t vsize = kx_get32(t + 8), raw = kx_get32(t + 16);

		memcpy(s[i].name, t, 8);
		s[i].name[8] = 0;
		s[i].off = kx_get32(t + 20);
		/* The data's own size; the raw size is rounded up to the
		 * file alignment (what lies beyond VirtualSize is padding). */
		s[i].size = vsize && vsize < raw ? vsize : raw;
		if (s[i].off + s[i].size > len)
			return kx_no(why, whylen, "truncated: section %s (0x%" PRIx64 ", %" PRIu64
						  " bytes) is not inside the %zu-byte file",
				     s[i].name, s[i].off, s[i].size, len);
		for (j = 0; j < i; j++)
			if (s[i].size && s[j].size && s[i].off < s[j].off + s[j].size &&
			    s[j].off < s[i].off + s[i].size)
				return kx_no(why, whylen, "damaged: sections %s and %s overlap in "
							  "the file", s[j].name, s[i].name);
	}
	return (int)n;
}
