/* SPDX-License-Identifier: MIT */
/*
 * zboot.c - EFI zboot kernels (CONFIG_EFI_ZBOOT, arm64 and riscv64 alike):
 * a PE file whose header (drivers/firmware/efi/libstub/zboot-header.S)
 * names a compressed Image inside it.  The payload is decompressed by the
 * codec its header names (decompress.c: gzip; zstd and xz when built in):
 * its first 64 KiB, then, if they hold the arch's Image header, the rest
 * up to the image_size that header declares; the arch's Image format
 * places it, and kexec_file_load, which takes no zboot, gets that Image.
 */
#include <errno.h>
#include <string.h>
#include "decompress.h"
#include "zboot.h"
#include "le.h"

int kx_zboot_head(const unsigned char *d, size_t len, struct kx_zboot *z, char *why,
		  size_t whylen)
{
	uint64_t pe;
	size_t i;

	memset(z, 0, sizeof(*z));
	if (len < 0x40 || d[0] != 'M' || d[1] != 'Z' || memcmp(d + 4, "zimg", 4))
		return kx_no(why, whylen, "no \"MZ\" + \"zimg\" EFI zboot header");
	z->payload_off = kx_get32(d + 8);
	z->payload_size = kx_get32(d + 0x0c);
	for (i = 0; i < sizeof(z->codec) - 1 && KX_ZBOOT_CODEC + i < len &&
	     d[KX_ZBOOT_CODEC + i] >= 0x20 && d[KX_ZBOOT_CODEC + i] < 0x7f; i++)
		z->codec[i] = d[KX_ZBOOT_CODEC + i];
	if (!z->payload_size)
		return kx_no(why, whylen, "damaged: the zboot header gives a payload of 0 bytes");
	z->whole = (uint64_t)z->payload_off + z->payload_size;
	pe = kx_pe_end(d, len);
	if (pe > z->whole)
		z->whole = pe;
	kx_snprintf(why, whylen, "EFI zboot, %s payload of %u bytes at 0x%x",
		    z->codec[0] ? z->codec : "unnamed", z->payload_size, z->payload_off);
	return 0;
}

int kx_zboot_parse(const unsigned char *d, size_t len, struct kx_zboot *z, char *why,
		   size_t whylen)
{
	int rc = kx_zboot_head(d, len, z, why, whylen);

	if (!rc && (uint64_t)z->payload_off + z->payload_size > len)
		return kx_no(why, whylen, "truncated: the zboot payload (offset 0x%x, %u bytes) is "
					  "not inside the %zu-byte file",
			     z->payload_off, z->payload_size, len);
	return rc;
}

int kx_zboot_probe(const struct kx_format *f, const unsigned char *d, size_t len, char *why,
		   size_t whylen)
{
	struct kx_zboot z;

	return kx_zboot_parse(d, len, &z, why, whylen);
}

int kx_zboot_declared(const struct kx_format *f, const unsigned char *d, size_t len,
		      uint64_t *whole, char *why, size_t whylen)
{
	struct kx_zboot z;
	int rc = kx_zboot_head(d, len, &z, why, whylen);

	*whole = z.whole;
	return rc;
}

int kx_zboot_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k,
		  const struct kx_format *image)
{
	struct kx_file img = { .what = k->what, .path = k->path, .fd = -1 };
	struct kx_zboot z;
	char why[192], what[320];
	int rc;

	/* Messages name the file and what the header says (or what is wrong
	 * with it): "kernel F: EFI zboot, zstd22 payload of N bytes at 0x...". */
	rc = kx_zboot_parse(k->data, k->size, &z, why, sizeof(why));
	kx_snprintf(what, sizeof(what), "kernel %s: %s", k->path, why);
	if (rc)
		return kx_fail(ctx, rc, "%s", what);
	/* The payload's Image header, in its first 64 KiB, bounds the rest. */
	rc = kx_plan_unpack_as(ctx, p, what, k->data + z.payload_off, z.payload_size, z.codec,
			       image, &img.data, &img.size);
	if (rc)
		return rc;
	kx_plan_file_kernel(p, img.data, img.size, "unpacked from its EFI zboot");
	return image->load(ctx, p, &img);
}
