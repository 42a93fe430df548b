/* SPDX-License-Identifier: MIT */
/*
 * zboot.c - EFI zboot kernels (CONFIG_EFI_ZBOOT): a PE file whose header
 * (drivers/firmware/efi/libstub/zboot-header.S) names a compressed Image
 * inside it.  The payload is decompressed, bounded, by the codec its header
 * names (core/decompress.c: gzip; zstd and xz when built in) and placed as
 * an Image.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "decompress.h"
#include "image.h"
#include "le.h"

int arm64_zboot_parse(const unsigned char *d, size_t len, struct arm64_zboot *z,
		      char *why, size_t whylen)
{
	size_t i;

	memset(z, 0, sizeof(*z));
	if (len < 0x40 || d[0] != 'M' || d[1] != 'Z' || memcmp(d + 4, "zimg", 4)) {
		kx_snprintf(why, whylen, "no \"MZ\" + \"zimg\" EFI zboot header");
		return -ENOEXEC;
	}
	z->payload_off = kx_get32(d + 8);
	z->payload_size = kx_get32(d + 0x0c);
	for (i = 0; i < sizeof(z->codec) - 1 && ARM64_ZBOOT_CODEC + i < len &&
	     d[ARM64_ZBOOT_CODEC + i] >= 0x20 && d[ARM64_ZBOOT_CODEC + i] < 0x7f; i++)
		z->codec[i] = d[ARM64_ZBOOT_CODEC + i];
	if ((uint64_t)z->payload_off + z->payload_size > len || !z->payload_size) {
		kx_snprintf(why, whylen, "truncated: the zboot payload (offset 0x%x, %u bytes) is not inside the %zu-byte file",
			    z->payload_off, z->payload_size, len);
		return -ENOEXEC;
	}
	kx_snprintf(why, whylen, "EFI zboot, %s payload of %u bytes at 0x%x",
		    z->codec[0] ? z->codec : "unnamed", z->payload_size, z->payload_off);
	return 0;
}

static int zboot_probe(const struct kx_file *k, char *why, size_t len)
{
	struct arm64_zboot z;

	return arm64_zboot_parse(k->data, k->size, &z, why, len);
}

static int zboot_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k,
		      const struct kx_opts *o)
{
	struct arm64_zboot z;
	const unsigned char *img;
	size_t n;
	char why[192], what[320];
	int rc;

	/* Messages name the file and what the header says (or what is wrong
	 * with it): "kernel F: EFI zboot, zstd22 payload of N bytes at 0x...". */
	rc = arm64_zboot_parse(k->data, k->size, &z, why, sizeof(why));
	kx_snprintf(what, sizeof(what), "kernel %s: %s", k->path, why);
	if (rc)
		return kx_fail(ctx, rc, "%s", what);
	/* The kernel's arm64 kexec_file_load takes a raw Image only. */
	if (p->file_capable) {
		p->file_capable = 0;
		kx_snprintf(p->file_refusal, sizeof(p->file_refusal),
			    "an EFI zboot file, and the arm64 kexec_file_load takes a raw Image only");
	}
	rc = kx_plan_decompress(ctx, p, what, k->data + z.payload_off, z.payload_size, z.codec,
				&img, &n);
	if (rc)
		return rc;
	return arm64_image_place(ctx, p, img, n, k->path, o);
}

const struct kx_format arm64_zboot_format = {
	.name = "zboot",
	.alias = NULL,
	.probe = zboot_probe,
	.load = zboot_load,
};
