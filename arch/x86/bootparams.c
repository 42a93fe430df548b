/* SPDX-License-Identifier: MIT */
/*
 * bootparams.c - the boot_params page ("zero page", zero-page.rst) for the
 * new kernel: its own setup header, where the initrd and command line are,
 * the firmware's e820 map, and what the running kernel knows of the
 * firmware (screen_info, the ACPI RSDP).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "bzimage.h"
#include "le.h"

/* e820 type numbers for the names the kernel prints (e820_type_to_string). */
static uint32_t e820_type(const char *name)
{
	static const struct { const char *name; uint32_t type; } t[] = {
		{ "System RAM", 1 }, { "Reserved", 2 }, { "reserved", 2 },
		{ "ACPI Tables", 3 }, { "ACPI Non-volatile Storage", 4 },
		{ "Unusable memory", 5 }, { "Persistent Memory", 7 },
		{ "Persistent Memory (legacy)", 12 }, { "Soft Reserved", 0xefffffff },
	};
	unsigned i;

	for (i = 0; i < KX_ARRAY_SIZE(t); i++)
		if (!strcmp(name, t[i].name))
			return t[i].type;
	return 0;
}

static int e820_put(unsigned char *bp, unsigned *n, uint64_t s, uint64_t e, uint32_t type)
{
	unsigned char *ent = bp + BP_E820_TABLE + *n * 20;

	if (*n >= BP_E820_MAX)
		return -E2BIG;
	kx_put64(ent, s);
	kx_put64(ent + 8, e - s);
	kx_put32(ent + 16, type);
	(*n)++;
	return 0;
}

/* Top-level /proc/iomem lines with a memory type: the fallback map; for a
 * crash kernel (as the kernel's crash_setup_memmap_entries) only the RAM
 * below 1 MiB, and the reserved, ACPI tables and ACPI NVS ranges. */
static int e820_from_iomem(struct kx_ctx *ctx, unsigned char *bp, unsigned *n, int crash)
{
	char *text = kx_iomem_read(ctx), *line, *save = NULL;
	int rc = 0;

	if (!text)
		return ctx->err;
	for (line = strtok_r(text, "\n", &save); line && !rc; line = strtok_r(NULL, "\n", &save)) {
		const char *name;
		uint64_t s, e;
		uint32_t t;
		int depth;

		name = kx_parse_iomem(line, &s, &e, &depth);
		if (!name || depth || !(t = e820_type(name)))
			continue;
		if (!crash)
			rc = e820_put(bp, n, s, e + 1, t);
		else if (t == 1 && s < X86_LOW_LIMIT)
			rc = e820_put(bp, n, s, e + 1 < X86_LOW_LIMIT ? e + 1 : X86_LOW_LIMIT, 1);
		else if (t >= 2 && t <= 4)
			rc = e820_put(bp, n, s, e + 1, t);
	}
	free(text);
	return rc;
}

int x86_e820(struct kx_ctx *ctx, unsigned char *bp, char *src, size_t srclen)
{
	struct kx_memmap mm = { 0 };
	unsigned n = 0, i;
	int rc;

	rc = kx_fw_memmap(ctx, &mm);
	if (rc == 0) {
		kx_snprintf(src, srclen, "/sys/firmware/memmap");
		for (i = 0; i < mm.n && !rc; i++)
			rc = e820_put(bp, &n, mm.e[i].start, mm.e[i].end,
				      e820_type(mm.e[i].type) ? e820_type(mm.e[i].type) : 2);
		kx_memmap_free(&mm);
	} else if (ctx->err) {
		return ctx->err; /* a malformed entry: already explained */
	} else {
		kx_snprintf(src, srclen, "/proc/iomem (no /sys/firmware/memmap)");
		rc = e820_from_iomem(ctx, bp, &n, 0);
		if (rc && rc != -E2BIG)
			return rc; /* explained by kx_iomem_read */
	}
	if (rc == -E2BIG)
		return kx_fail(ctx, rc, "%s: more than %d memory map entries (e820 extension not "
					"supported yet)",
			       src, BP_E820_MAX);
	if (!n)
		return kx_fail(ctx, -ENOENT, "%s: no memory map entries", src);
	bp[BP_E820_ENTRIES] = (unsigned char)n;
	kx_dbg(ctx, "e820: %u entries from %s", n, src);
	return 0;
}

const struct kx_crash_arch x86_crash = {
	.machine = 62, /* EM_X86_64 */
	.text = 1,
	/* The kernel keeps the low 1 MiB out of its own use when crashkernel=
	 * is given and the crash kernel takes it: not dumped. */
	.keep_out = X86_LOW_LIMIT,
};

/* The reservation's RAM minus the header, in pieces of a page or more. */
static int e820_crash_range(unsigned char *bp, unsigned *n, const struct kx_range *r,
			    const struct kx_core_hdr *h)
{
	uint64_t cut = h->addr + h->size;
	int rc = 0;

	if (h->addr >= r->end || cut <= r->start)
		return e820_put(bp, n, r->start, r->end, 1);
	if (h->addr >= r->start + KX_PAGE)
		rc = e820_put(bp, n, r->start, h->addr, 1);
	if (!rc && cut + KX_PAGE <= r->end)
		rc = e820_put(bp, n, cut, r->end, 1);
	return rc;
}

int x86_e820_crash(struct kx_ctx *ctx, unsigned char *bp, const struct kx_crash_src *crash,
		   const struct kx_core_hdr *hdr)
{
	const struct kx_ranges *cr = &crash->crash;
	unsigned n = 0, i;
	int rc = e820_from_iomem(ctx, bp, &n, 1);

	if (rc && rc != -E2BIG)
		return rc;
	/* crashkernel=,low's range whole; the reservation the segments are
	 * in (the highest) without the header. */
	for (i = 0; i < cr->n && !rc; i++)
		rc = i + 1 < cr->n ? e820_put(bp, &n, cr->r[i].start, cr->r[i].end, 1)
				   : e820_crash_range(bp, &n, &cr->r[i], hdr);
	if (rc)
		return kx_fail(ctx, rc, "/proc/iomem: more than %d memory map entries for the crash"
					" kernel", BP_E820_MAX);
	bp[BP_E820_ENTRIES] = (unsigned char)n;
	kx_dbg(ctx, "e820 for the crash kernel: %u entries (the low 1 MiB, ACPI, reserved, the"
		    " reservation without elfcorehdr)", n);
	return 0;
}

/* The RSDP: from the running kernel's boot_params, else the EFI system
 * table.  On BIOS machines the new kernel can also find it by scanning. */
static uint64_t acpi_rsdp(struct kx_ctx *ctx, const unsigned char *cur, long curlen)
{
	char systab[2048];
	const char *p;
	uint64_t a;

	if (curlen >= 4096 && kx_get64(cur + BP_ACPI_RSDP))
		return kx_get64(cur + BP_ACPI_RSDP);
	if (kx_read_text(ctx, "/sys/firmware/efi/systab", systab, sizeof(systab)) > 0 &&
	    (((p = kx_find(systab, "ACPI20=")) && kx_parse_hex(p + 7, &a)) ||
	     ((p = kx_find(systab, "ACPI=")) && kx_parse_hex(p + 5, &a))))
		return a;
	return 0;
}

long x86_current_boot_params(struct kx_ctx *ctx, unsigned char *cur)
{
	char *buf = malloc(4097);
	long n;

	if (!buf)
		return -ENOMEM;
	n = kx_read_text(ctx, "/sys/kernel/boot_params/data", buf, 4097);
	if (n >= 4096)
		memcpy(cur, buf, 4096);
	free(buf);
	return n < 4096 ? (n < 0 ? n : -EINVAL) : 4096;
}

void x86_setup_data_link(unsigned char *bp, unsigned char *sd, uint64_t sd_phys)
{
	memcpy(sd, bp + HDR_SETUP_DATA, 8); /* next: the old head */
	kx_put64(bp + HDR_SETUP_DATA, sd_phys);
}

/* A fresh seed for the new kernel's RNG (SETUP_RNG_SEED); none if the
 * pool is not ready yet: a predictable seed would be worse than none. */
int x86_rng_seed(unsigned char *bp, unsigned char *at, uint64_t at_phys)
{
	memset(at, 0, X86_SETUP_RNG_SIZE);
	if (kx_random(at + 16, X86_SETUP_RNG_SIZE - 16))
		return -EAGAIN;
	kx_put32(at + 8, SETUP_RNG_SEED);
	kx_put32(at + 12, X86_SETUP_RNG_SIZE - 16);
	x86_setup_data_link(bp, at, at_phys);
	return 0;
}

int x86_boot_params(struct kx_ctx *ctx, struct kx_plan *p, const struct x86_setup *s,
		    const unsigned char *img, const struct x86_boot *b, unsigned char *bp)
{
	char src[64];
	uint64_t rsdp;
	int rc;

	memcpy(bp + HDR_SETUP_SECTS, img + HDR_SETUP_SECTS, s->hdr_end - HDR_SETUP_SECTS);
	bp[HDR_LOADER_TYPE] = 0xff; /* no assigned boot loader ID */
	kx_put64(bp + HDR_SETUP_DATA, 0);
	kx_put32(bp + HDR_RAMDISK_IMAGE, (uint32_t)b->initrd_addr);
	kx_put32(bp + HDR_RAMDISK_SIZE, (uint32_t)b->initrd_size);
	kx_put32(bp + BP_EXT_RAMDISK, (uint32_t)(b->initrd_addr >> 32));
	kx_put32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(b->initrd_size >> 32));
	kx_put32(bp + HDR_CMD_LINE_PTR, (uint32_t)b->cmdline_addr);
	kx_put32(bp + BP_EXT_CMDLINE, (uint32_t)(b->cmdline_addr >> 32));

	rc = b->crash ? x86_e820_crash(ctx, bp, b->crash, &p->core)
		      : x86_e820(ctx, bp, src, sizeof(src));
	if (rc)
		return rc;

	/* What the running kernel was told by its firmware or loader. */
	if (b->curlen >= 4096) {
		memcpy(bp + BP_SCREEN_INFO, b->cur + BP_SCREEN_INFO, 0x40);
		memcpy(bp + HDR_SUBARCH, b->cur + HDR_SUBARCH, 4);
	}
	else
		kx_dbg(ctx, "/sys/kernel/boot_params/data unreadable: no screen_info for the new "
			    "kernel");
	rsdp = acpi_rsdp(ctx, b->cur, b->curlen);
	if (rsdp) {
		kx_put64(bp + BP_ACPI_RSDP, rsdp);
		kx_dbg(ctx, "acpi_rsdp_addr 0x%" PRIx64, rsdp);
	}
	return 0;
}
