/* SPDX-License-Identifier: MIT */
/*
 * zimage.c - the 32-bit arm zImage: a self-decompressing kernel whose
 * header (arch/arm/boot/compressed/head.S) has the magic 0x016f2818 at
 * 0x24, its link-time start and end at 0x28 and 0x2c, and, since the
 * kernel grew one, a table of tags at the offset in 0x38 (after the
 * endianness word 0x04030201 and 0x45454545).  The KRNL_SIZE tag
 * (vmlinux.lds.S) points at the decompressed size stored after the
 * compressed data, and gives the kernel's .bss, TEXT_OFFSET and the
 * decompressor's heap: enough to know how much memory the boot needs.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "arm.h"
#include "le.h"

/* Beyond the relocated zImage the decompressor keeps its relocation code
 * (rounded up to 256 bytes), its .bss and a 4 KiB stack: a few KiB in
 * every kernel seen, given 1 MiB here. */
#define ARM_DECOMP_SLACK (1u << 20)
#define ARM_TAGS_MAX 16

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* The tag table: entries of (size in words, tag, data...), ending with a
 * size of 0.  Only KRNL_SIZE is known; others are skipped. */
static int tags(const unsigned char *d, struct arm_zimage *z, char *why, size_t whylen)
{
	uint32_t off = kx_get32(d + 0x38), words, ptr;
	unsigned n;

	for (n = 0; n < ARM_TAGS_MAX; n++) {
		if (off % 4 || (uint64_t)off + 4 > z->size)
			return kx_no(why, whylen,
				     "damaged: the tag table (at 0x%" PRIx32 ") is not inside the"
				     " %" PRIu32 "-byte zImage",
				     off, z->size);
		words = kx_get32(d + off);
		if (!words)
			return 0;
		if (words < 2 || (uint64_t)off + 4ULL * words > z->size)
			return kx_no(why, whylen,
				     "damaged: a %" PRIu32 "-word tag at 0x%" PRIx32
				     " does not fit the %" PRIu32 "-byte zImage",
				     words, off, z->size);
		if (kx_get32(d + off + 4) == ARM_ZIMAGE_KRNL_SIZE && words >= 4) {
			ptr = kx_get32(d + off + 8);
			if ((uint64_t)ptr + 4 > z->size)
				return kx_no(why, whylen,
					     "damaged: the KRNL_SIZE tag points at 0x%" PRIx32
					     ", outside the %" PRIu32 "-byte zImage",
					     ptr, z->size);
			/* Stored after the compressed data, little-endian
			 * whatever the kernel's byte order (the decompressor
			 * reads it byte by byte). */
			z->kernel_size = kx_get32(d + ptr);
			z->bss_size = kx_get32(d + off + 12);
			if (words >= 5)
				z->text_offset = kx_get32(d + off + 16);
			if (words >= 6)
				z->malloc_size = kx_get32(d + off + 20);
			if (!z->kernel_size || z->kernel_size > (512u << 20) ||
			    z->bss_size > (256u << 20))
				return kx_no(why, whylen,
					     "implausible KRNL_SIZE tag: kernel %" PRIu32 " bytes,"
					     " .bss %" PRIu32 " bytes",
					     z->kernel_size, z->bss_size);
		}
		off += 4 * words;
	}
	return kx_no(why, whylen, "damaged: the tag table has no end after %d tags", ARM_TAGS_MAX);
}

int arm_zimage_head(const unsigned char *d, size_t len, struct arm_zimage *z,
		    char *why, size_t whylen)
{
	uint32_t magic, start, end;
	char a[16];

	memset(z, 0, sizeof(*z));
	z->text_offset = ARM_TEXT_OFFSET;
	z->malloc_size = ARM_MALLOC_SIZE;
	if (len < ARM_ZIMAGE_HDR)
		return kx_no(why, whylen, "%zu bytes is too short for a zImage header", len);
	magic = kx_get32(d + 0x24);
	if (magic == ARM_ZIMAGE_MAGIC_BE8)
		return kx_no(why, whylen, "a big-endian (BE8) zImage: this loader and the running "
					  "kernel are little-endian, and kexec cannot switch byte "
					  "order");
	if (magic != ARM_ZIMAGE_MAGIC)
		return kx_no(why, whylen, "no zImage magic 0x%08x at 0x24", ARM_ZIMAGE_MAGIC);
	start = kx_get32(d + 0x28);
	end = kx_get32(d + 0x2c);
	if (end <= start || end - start < ARM_ZIMAGE_HDR)
		return kx_no(why, whylen, "implausible header: start 0x%" PRIx32 ", end 0x%" PRIx32,
			     start, end);
	z->size = end - start;
	/* An appended tree (CONFIG_ARM_APPENDED_DTB) may follow. */
	z->whole = (uint64_t)z->size + ARM_DTB_MAX;
	kx_snprintf(why, whylen, "zImage, %s", kx_size(a, z->size));
	return 0;
}

int arm_zimage_parse(const unsigned char *d, size_t len, struct arm_zimage *z,
		     char *why, size_t whylen)
{
	char a[16], b[16], c[16];
	int rc = arm_zimage_head(d, len, z, why, whylen);

	if (rc)
		return rc;
	if (z->size > len)
		return kx_no(why, whylen, "truncated: %zu bytes, and the header (end - start, at "
					  "0x2c and 0x28) says %" PRIu32, len, z->size);
	if (kx_get32(d + 0x34) == ARM_ZIMAGE_MAGIC2 && kx_get32(d + 0x30) == ARM_ZIMAGE_ENDIAN) {
		rc = tags(d, z, why, whylen);
		if (rc)
			return rc;
	}
	if (z->text_offset % KX_PAGE || z->text_offset >= (16u << 20))
		return kx_no(why, whylen, "implausible TEXT_OFFSET 0x%" PRIx32 " in the KRNL_SIZE "
					  "tag", z->text_offset);
	/* CONFIG_ARM_APPENDED_DTB: a tree after the zImage proper. */
	if (len - z->size >= 8 && be32(d + z->size) == 0xd00dfeed)
		z->dtb_size = be32(d + z->size + 4);
	if (z->kernel_size)
		kx_snprintf(why, whylen,
			    "zImage, %s, decompresses to %s + %s .bss at RAM + 0x%" PRIx32 "%s",
			    kx_size(a, z->size), kx_size(b, z->kernel_size),
			    kx_size(c, z->bss_size), z->text_offset,
			    z->dtb_size ? ", a device tree appended" : "");
	else
		kx_snprintf(why, whylen,
			    "zImage, %s, no KRNL_SIZE tag (an older kernel): 4 times its size kept"
			    " free for the decompressed kernel%s",
			    kx_size(a, z->size), z->dtb_size ? ", a device tree appended" : "");
	return 0;
}

uint64_t arm_zimage_footprint(const struct arm_zimage *z, size_t len)
{
	uint64_t kernel = z->kernel_size ? z->kernel_size : 4ULL * z->size;
	/* The kernel after decompression: its image and .bss. */
	uint64_t run = kernel + z->bss_size;
	/* Loaded where the kernel will run, the zImage overlaps its own
	 * output: head.S copies itself (and an appended tree, which it may
	 * grow) past the end of the decompressed kernel first, then puts
	 * its heap behind the copy.  This is the room kexec-tools 2.0.25
	 * did not keep free without --image-size: its initrd and tree
	 * landed there and the kernel hung after the decompressor. */
	uint64_t reloc =
		kernel + KX_ALIGN_UP(len, 256) + z->dtb_size + z->malloc_size + ARM_DECOMP_SLACK;
	uint64_t f = run > reloc ? run : reloc;

	return f > len ? f : len;
}

static int zimage_probe(const struct kx_format *f, const unsigned char *d, size_t len,
			char *why, size_t whylen)
{
	struct arm_zimage z;

	return arm_zimage_parse(d, len, &z, why, whylen);
}

static int zimage_head(const struct kx_format *f, const unsigned char *d, size_t len,
		       uint64_t *whole, char *why, size_t whylen)
{
	struct arm_zimage z;
	int rc = arm_zimage_head(d, len, &z, why, whylen);

	*whole = z.whole;
	return rc;
}

static int zimage_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	struct arm_zimage z;
	struct arm_kernel ak = { 0 };
	char why[192];

	if (arm_zimage_parse(k->data, k->size, &z, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", k->path, why);
	if (z.dtb_size)
		kx_dbg(ctx, "kernel %s: a %" PRIu32 "-byte device tree is appended: a kernel built "
			    "with CONFIG_ARM_APPENDED_DTB boots with it, not with the tree passed "
			    "in r2", k->path, z.dtb_size);
	ak.data = k->data;
	ak.len = k->size;
	ak.text_offset = z.text_offset;
	ak.footprint = arm_zimage_footprint(&z, k->size);
	return arm_place(ctx, p, &ak, k->path);
}

const struct kx_format arm_zimage_format = {
	.name = "zImage",
	.alias = "zImage", /* kexec-tools' arm name */
	.probe = zimage_probe,
	.head = zimage_head,
	.load = zimage_load,
};
