/* SPDX-License-Identifier: MIT */
/*
 * check.c - the gate every untrusted blob passes before libfdt sees it:
 * length, our own header and layout checks (devicetree spec 5.2-5.5),
 * then fdt_check_full.  Order matters: see dtb/README.md.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "dtb_int.h"

#define HDR_V16 36 /* up to size_dt_strings */
#define HDR_V17 40 /* plus size_dt_struct */
#define RSV_ENTRY 16

static uint32_t be32_at(const unsigned char *b, size_t off)
{
	return (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 |
	       (uint32_t)b[off + 2] << 8 | b[off + 3];
}

static int refuse(char *why, size_t whylen, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int refuse(char *why, size_t whylen, int err, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		kx_vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return err;
}

struct block {
	const char *name;
	uint64_t start, end; /* [start, end) inside the blob */
};

static int overlap(const struct block *a, const struct block *b)
{
	return a->start < a->end && b->start < b->end &&
	       a->start < b->end && b->start < a->end;
}

/* The reservation map has no size field: it ends at the first entry of
 * size 0.  That entry must lie inside totalsize too. */
static int rsvmap_end(const unsigned char *b, uint64_t off, uint64_t total, uint64_t *end)
{
	for (; off + RSV_ENTRY <= total; off += RSV_ENTRY)
		if (!be32_at(b, off + 8) && !be32_at(b, off + 12)) {
			*end = off + RSV_ENTRY;
			return 0;
		}
	return -1;
}

int kx_dtb_check_header(const void *blob, size_t len, char *why, size_t whylen)
{
	const unsigned char *b = blob;
	uint32_t magic, version, last, hdr;
	uint64_t total, rsv, st, st_size, str, str_size;
	struct block blk[3];
	int i, j;

	if (!b || len < HDR_V17)
		return refuse(why, whylen, -FDT_ERR_TRUNCATED,
			      "%zu bytes is too short for a device tree header (%d)", len, HDR_V17);
	magic = be32_at(b, 0);
	if (magic != FDT_MAGIC)
		return refuse(why, whylen, -FDT_ERR_BADMAGIC,
			      "bad magic 0x%08x, not a device tree blob", magic);
	version = be32_at(b, 20);
	last = be32_at(b, 24);
	/* libfdt 1.6.1 crashes on some version 2-4 blobs even inside
	 * fdt_check_full, and 16 is what every kernel since 2.6 reads. */
	if (version < 16)
		return refuse(why, whylen, -FDT_ERR_BADVERSION,
			      "version %u is older than 16", version);
	if (last > 17)
		return refuse(why, whylen, -FDT_ERR_BADVERSION,
			      "last compatible version %u is newer than 17", last);
	if (last > version)
		return refuse(why, whylen, -FDT_ERR_BADVERSION,
			      "last compatible version %u is newer than its version %u", last,
			      version);

	hdr = version >= 17 ? HDR_V17 : HDR_V16;
	total = be32_at(b, 4);
	if (total > len)
		return refuse(why, whylen, -FDT_ERR_TRUNCATED,
			      "totalsize %llu is larger than the %zu bytes given",
			      (unsigned long long)total, len);
	if (total > KX_DTB_MAX)
		return refuse(why, whylen, -KX_DTB_ERR_TOOBIG, "totalsize %llu is larger than %u",
			      (unsigned long long)total, KX_DTB_MAX);
	if (total < hdr)
		return refuse(why, whylen, -FDT_ERR_TRUNCATED,
			      "totalsize %llu is smaller than the header",
			      (unsigned long long)total);

	/* All sums below are 64-bit on 32-bit values: none can wrap. */
	rsv = be32_at(b, 16);
	if (rsv % 8)
		return refuse(why, whylen, -FDT_ERR_BADLAYOUT,
			      "memory reservation map at 0x%llx is not 8-byte aligned",
			      (unsigned long long)rsv);
	blk[0] = (struct block){ "memory reservation map", rsv, 0 };
	if (rsv >= hdr && rsvmap_end(b, rsv, total, &blk[0].end))
		return refuse(why, whylen, -FDT_ERR_TRUNCATED,
			      "memory reservation map at 0x%llx has no end inside totalsize %llu",
			      (unsigned long long)rsv, (unsigned long long)total);

	st = be32_at(b, 8);
	st_size = version >= 17 ? be32_at(b, 36) : 0;
	if (st % 4 || st_size % 4)
		return refuse(why, whylen, -FDT_ERR_BADLAYOUT,
			      "structure block at 0x%llx size 0x%llx is not 4-byte aligned",
			      (unsigned long long)st, (unsigned long long)st_size);
	/* A version 16 header has no structure size: fdt_check_full walks
	 * the block up to FDT_END within totalsize. */
	blk[1] = (struct block){ "structure block", st, st + (version >= 17 ? st_size : 4) };

	str = be32_at(b, 12);
	str_size = be32_at(b, 32);
	blk[2] = (struct block){ "strings block", str, str + str_size };

	for (i = 0; i < 3; i++) {
		if (blk[i].start < hdr)
			return refuse(why, whylen, -FDT_ERR_BADLAYOUT,
				      "%s at 0x%llx overlaps the header", blk[i].name,
				      (unsigned long long)blk[i].start);
		if (blk[i].end > total)
			return refuse(why, whylen, -FDT_ERR_TRUNCATED,
				      "%s 0x%llx-0x%llx ends beyond totalsize %llu", blk[i].name,
				      (unsigned long long)blk[i].start,
				      (unsigned long long)blk[i].end, (unsigned long long)total);
	}
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (overlap(&blk[i], &blk[j]))
				return refuse(why, whylen, -FDT_ERR_BADLAYOUT,
					      "%s overlaps the %s", blk[i].name, blk[j].name);
	return 0;
}

/* For version 16, libfdt reads property names up to totalsize, ignoring
 * size_dt_strings, but fdt_open_into (which writes version 17) copies
 * only size_dt_strings bytes: a name past it would be lost on the way
 * and the fixed-up tree corrupt.  So every name must end inside the
 * strings block, whatever the version.  Runs after fdt_check_full, so
 * the walk itself is safe. */
static int names_inside(const void *fdt, char *why, size_t whylen)
{
	const unsigned char *b = fdt;
	const char *strings = (const char *)b + fdt_off_dt_strings(fdt);
	uint32_t size = fdt_size_dt_strings(fdt), nameoff;
	int offset = 0, next;
	uint32_t tag;

	do {
		tag = fdt_next_tag(fdt, offset, &next);
		if (tag == FDT_PROP) {
			nameoff = be32_at(b, fdt_off_dt_struct(fdt) + offset + 8);
			if (nameoff >= size || !memchr(strings + nameoff, 0, size - nameoff))
				return refuse(why, whylen, -FDT_ERR_BADSTRUCTURE,
					      "property name at 0x%x is outside the strings block",
					      nameoff);
		}
		offset = next;
	} while (tag != FDT_END && next >= 0);
	return next < 0 ? refuse(why, whylen, next, "%s", kx_dtb_strerror(next)) : 0;
}

/* Property names are hashed into a table on the stack (no allocation
 * here), DUP_SLOTS / 2 of them at a time: a node with more is checked in
 * passes, each looking the rest of the node up in its table. */
#define DUP_SLOTS 1024

static const char *prop_name(const void *fdt, int off)
{
	const struct fdt_property *p = fdt_get_property_by_offset(fdt, off, NULL);

	return fdt_string(fdt, fdt32_to_cpu(p->nameoff));
}

static unsigned name_hash(const char *s)
{
	unsigned h = 2166136261u; /* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The first property of node whose name an earlier one has too, or -1. */
static int node_dup(const void *fdt, int node)
{
	int slot[DUP_SLOTS]; /* property offset + 1; 0: empty */
	int start = fdt_first_property_offset(fdt, node), off, n;
	unsigned h;

	while (start >= 0) {
		memset(slot, 0, sizeof(slot));
		for (off = start, n = 0; off >= 0; off = fdt_next_property_offset(fdt, off), n++) {
			const char *name = prop_name(fdt, off);

			for (h = name_hash(name) % DUP_SLOTS; slot[h]; h = (h + 1) % DUP_SLOTS)
				if (!strcmp(prop_name(fdt, slot[h] - 1), name))
					return off;
			if (n < DUP_SLOTS / 2)
				slot[h] = off + 1;
			else if (n == DUP_SLOTS / 2)
				start = off; /* the next pass starts here */
		}
		if (n <= DUP_SLOTS / 2)
			break;
	}
	return -1;
}

/* Devicetree specification 2.2.4 (and dtc) allow a property name once in
 * a node.  libfdt finds only the first of two, so a second copy of a
 * stale /chosen property (linux,initrd-start, linux,elfcorehdr) would
 * survive the fixups and mislead the next kernel.  Runs after
 * fdt_check_full and names_inside, so every name is a string. */
static int dup_props(const void *fdt, char *why, size_t whylen)
{
	char path[256];
	int node, off;

	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		off = node_dup(fdt, node);
		if (off < 0)
			continue;
		if (fdt_get_path(fdt, node, path, sizeof(path)))
			kx_snprintf(path, sizeof(path), "at 0x%x", node);
		return refuse(why, whylen, -KX_DTB_ERR_DUPPROP,
			      "node %s: property \"%s\" appears twice (a name may appear once in a "
			      "node)",
			      path, prop_name(fdt, off));
	}
	return node == -FDT_ERR_NOTFOUND ? 0
					 : refuse(why, whylen, node, "%s", kx_dtb_strerror(node));
}

int kx_dtb_check(const void *blob, size_t len, char *why, size_t whylen)
{
	int rc = kx_dtb_check_header(blob, len, why, whylen);

	if (rc)
		return rc;
	/* libfdt reads fdt32_t fields in place and refuses (-FDT_ERR_ALIGNMENT)
	 * a blob that is not 8-byte aligned: a stack buffer passed on x86_64
	 * by luck and failed on armhf. */
	if ((uintptr_t)blob % 8)
		return refuse(why, whylen, -FDT_ERR_ALIGNMENT,
			      "buffer is not 8-byte aligned");
	rc = fdt_check_full(blob, fdt_totalsize(blob));
	if (rc)
		return refuse(why, whylen, rc, "%s", kx_dtb_strerror(rc));
	rc = names_inside(blob, why, whylen);
	return rc ? rc : dup_props(blob, why, whylen);
}
