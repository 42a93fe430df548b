/* SPDX-License-Identifier: MIT */
/*
 * uimage.c - U-Boot's legacy uImage (include/image.h in U-Boot): a 64-byte
 * big-endian header (magic 0x27051956, CRC32 of the header and of the
 * data, sizes, load and entry addresses, OS, arch, type, compression,
 * name) in front of a kernel.  On arm the kernel is a zImage, placed as
 * any zImage (the header's addresses are U-Boot's business), or a raw
 * Image, which must run at the header's load address.  A gzip payload is
 * inflated, bounded by what a zImage inside declares; other codecs are
 * refused by name.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "arm.h"
#include "decompress.h"
#include "le.h"

#define MIB (1u << 20)

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static const char *const comp_names[] = { "none", "gzip", "bzip2", "lzma", "lzo", "lz4", "zstd" };
static const char *const type_names[] = {
	"invalid", "standalone", "kernel", "ramdisk", "multi",
	"firmware", "script", "filesystem", "flat_dt",
};

static const char *comp_name(unsigned c)
{
	return c < KX_ARRAY_SIZE(comp_names) ? comp_names[c] : "unknown";
}

static const char *type_name(unsigned t)
{
	if (t == ARM_UIMAGE_TYPE_KERNEL_NOLOAD)
		return "kernel_noload";
	return t < KX_ARRAY_SIZE(type_names) ? type_names[t] : "unknown";
}

static uint32_t crc(const unsigned char *p, size_t n)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

int arm_uimage_head(const unsigned char *d, size_t len, struct arm_uimage *u,
		    char *why, size_t whylen)
{
	unsigned char hdr[ARM_UIMAGE_HDR];
	uint32_t want, got;
	char sz[16];
	size_t i;

	memset(u, 0, sizeof(*u));
	if (len < ARM_UIMAGE_HDR)
		return kx_no(why, whylen, "%zu bytes is too short for the 64-byte uImage header",
			     len);
	if (be32(d) != ARM_UIMAGE_MAGIC)
		return kx_no(why, whylen, "no uImage magic 0x%08x at 0", ARM_UIMAGE_MAGIC);
	/* The header's CRC is computed with its own field zeroed. */
	memcpy(hdr, d, sizeof(hdr));
	memset(hdr + 4, 0, 4);
	want = be32(d + 4);
	got = crc(hdr, sizeof(hdr));
	if (got != want)
		return kx_no(why, whylen, "damaged header: its CRC32 is 0x%08" PRIx32 ", the "
					  "header says 0x%08" PRIx32,
			     got, want);
	u->size = be32(d + 12);
	u->load = be32(d + 16);
	u->ep = be32(d + 20);
	u->dcrc = be32(d + 24);
	u->os = d[28];
	u->arch = d[29];
	u->type = d[30];
	u->comp = d[31];
	for (i = 0; i < 32 && d[32 + i]; i++)
		u->name[i] = d[32 + i] >= 0x20 && d[32 + i] < 0x7f ? (char)d[32 + i] : '?';
	u->whole = ARM_UIMAGE_HDR + (uint64_t)u->size;
	if (u->os != ARM_UIMAGE_OS_LINUX)
		return kx_no(why, whylen, "not a Linux image (OS %u in the header)", u->os);
	if (u->arch != ARM_UIMAGE_ARCH_ARM)
		return kx_no(why, whylen, "built for %s (arch %u in the header), not 32-bit arm",
			     u->arch == 22 ? "arm64" : "another architecture", u->arch);
	if (u->type != ARM_UIMAGE_TYPE_KERNEL && u->type != ARM_UIMAGE_TYPE_KERNEL_NOLOAD)
		return kx_no(why, whylen, "a %s image (type %u), not a kernel", type_name(u->type),
			     u->type);
	kx_snprintf(why, whylen, "uImage \"%s\" (%s), %s, %s, load 0x%08" PRIx32 ", entry 0x%08"
				 PRIx32,
		    u->name, type_name(u->type), kx_size(sz, u->size),
		    u->comp ? comp_name(u->comp) : "uncompressed", u->load, u->ep);
	return 0;
}

int arm_uimage_header(const unsigned char *d, size_t len, struct arm_uimage *u,
		      char *why, size_t whylen)
{
	int rc = arm_uimage_head(d, len, u, why, whylen);

	if (!rc && u->whole > len)
		return kx_no(why, whylen,
			     "truncated: the header announces %" PRIu32 " bytes of data, the file"
			     " has %zu after the header",
			     u->size, len - ARM_UIMAGE_HDR);
	return rc;
}

int arm_uimage_parse(const unsigned char *d, size_t len, struct arm_uimage *u,
		     char *why, size_t whylen)
{
	uint32_t got;
	int rc = arm_uimage_header(d, len, u, why, whylen);

	if (rc)
		return rc;
	got = crc(d + ARM_UIMAGE_HDR, u->size);
	if (got != u->dcrc)
		return kx_no(why, whylen, "damaged data: its CRC32 is 0x%08" PRIx32 ", the header "
					  "says 0x%08" PRIx32,
			     got, u->dcrc);
	return 0;
}

/* The header only: the data's CRC is checked once, by the load. */
static int uimage_probe(const struct kx_format *f, const unsigned char *d, size_t len,
			char *why, size_t whylen)
{
	struct arm_uimage u;

	return arm_uimage_header(d, len, &u, why, whylen);
}

static int uimage_head(const struct kx_format *f, const unsigned char *d, size_t len,
		       uint64_t *whole, char *why, size_t whylen)
{
	struct arm_uimage u;
	int rc = arm_uimage_head(d, len, &u, why, whylen);

	*whole = u.whole;
	return rc;
}

/* A gzip payload: its first 64 KiB, then the rest, bounded by the size a
 * zImage inside declares (a raw Image declares none: the memory limit
 * alone bounds it). */
static int unpack(struct kx_ctx *ctx, struct kx_plan *p, const char *what,
		  const unsigned char **data, size_t *n)
{
	struct arm_zimage z;
	unsigned char *head;
	uint64_t whole = 0;
	size_t len;
	char why[192];
	int rc = kx_unpack_head(ctx, what, *data, *n, "gzip", &head, &len);

	if (rc)
		return rc;
	if (!arm_zimage_head(head, len, &z, why, sizeof(why)))
		whole = z.whole;
	free(head);
	return kx_plan_unpack(ctx, p, what, *data, *n, "gzip", whole, "zImage", data, n);
}

/* A raw Image (no zImage inside): it runs where it was linked, the
 * header's load address, entered at its entry point.  Its .bss is in no
 * header: a quarter of its size more is kept free (Debian's armmp kernel
 * has 2 %). */
static int place_raw(struct kx_ctx *ctx, struct kx_plan *p, const struct arm_uimage *u,
		     const unsigned char *data, size_t n, const char *path)
{
	struct arm_kernel ak = { 0 };
	int rc;

	if (u->type == ARM_UIMAGE_TYPE_KERNEL_NOLOAD)
		return kx_fail(ctx, -ENOEXEC,
			       "kernel %s: a raw Image (no zImage inside) in a kernel_noload"
			       " uImage: nothing says where it must run",
			       path);
	if (u->ep < u->load || u->ep - u->load >= n)
		return kx_fail(ctx, -ENOEXEC,
			       "kernel %s: entry 0x%08" PRIx32 " is outside the %zu-byte Image"
			       " loaded at 0x%08" PRIx32,
			       path, u->ep, n, u->load);
	kx_dbg(ctx, "kernel %s: the uImage holds a raw Image: it runs at its load address 0x%08"
		    PRIx32,
	       path, u->load);
	ak.data = data;
	ak.len = n;
	ak.fixed = 1;
	ak.addr = u->load;
	/* From the start of its 16 MiB block (ARM_PATCH_PHYS_VIRT). */
	ak.text_offset = u->load & (16 * MIB - 1);
	ak.footprint = n + (n / 4 > MIB ? n / 4 : MIB);
	rc = arm_place(ctx, p, &ak, path);
	if (!rc)
		p->entry = u->ep;
	return rc;
}

static int uimage_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	const unsigned char *data = k->data + ARM_UIMAGE_HDR;
	struct arm_uimage u;
	struct arm_zimage z;
	struct arm_kernel ak = { 0 };
	size_t n;
	char why[192];
	int rc;

	if (arm_uimage_parse(k->data, k->size, &u, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", k->path, why);
	n = u.size;
	if (u.comp == ARM_UIMAGE_COMP_GZIP) {
		rc = unpack(ctx, p, k->path, &data, &n);
		if (rc)
			return rc;
		kx_dbg(ctx, "kernel %s: uImage gzip payload inflated to %zu bytes", k->path, n);
	} else if (u.comp != ARM_UIMAGE_COMP_NONE) {
		return kx_fail(ctx, -ENOTSUP, "kernel %s: a uImage with %s-compressed data: only "
					      "uncompressed and gzip data are supported (remake it "
					      "with mkimage -C none or -C gzip)",
			       k->path, comp_name(u.comp));
	}
	if (n < ARM_ZIMAGE_HDR || kx_get32(data + 0x24) != ARM_ZIMAGE_MAGIC)
		return place_raw(ctx, p, &u, data, n, k->path);
	/* A zImage runs anywhere: placed as one, the header's addresses
	 * (meant for U-Boot on one board) do not matter. */
	if (arm_zimage_parse(data, n, &z, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: the zImage inside the uImage: %s",
			       k->path, why);
	kx_dbg(ctx,
	       "kernel %s: the uImage holds a %s; its load address 0x%08" PRIx32 " is not used",
	       k->path, why, u.load);
	ak.data = data;
	ak.len = n;
	ak.text_offset = z.text_offset;
	ak.footprint = arm_zimage_footprint(&z, n);
	return arm_place(ctx, p, &ak, k->path);
}

const struct kx_format arm_uimage_format = {
	.name = "uImage",
	.alias = "uImage", /* kexec-tools' arm name */
	.probe = uimage_probe,
	.head = uimage_head,
	.load = uimage_load,
};
