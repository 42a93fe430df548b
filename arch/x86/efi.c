/* SPDX-License-Identifier: MIT */
/*
 * efi.c - what an EFI-booted kernel passes on so the next one keeps EFI
 * runtime services: the system table (efi_info), the runtime memory map
 * with kernel 1's virtual addresses (the new kernel must map them the same
 * way), and a SETUP_EFI setup_data with fw_vendor, config tables and SMBIOS.
 * The kernel's own kexec_file loader does the same (kexec-bzimage64.c);
 * the facts come from /sys/firmware/efi and /sys/kernel/boot_params/data.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bzimage.h"
#include "le.h"

#define EFI_MEMDESC_MIN 40 /* type, pad, phys, virt, pages, attribute */
#define EFI_RUNTIME_MAX 512

static int read_hex(struct kx_ctx *ctx, const char *path, uint64_t *v)
{
	char buf[64];

	if (kx_read_text(ctx, path, buf, sizeof(buf)) <= 0 || !kx_parse_hex(buf, v))
		return kx_fail(ctx, -EINVAL, "%s: missing or not a number", path);
	return 0;
}

static int read_runtime_map(struct kx_ctx *ctx, struct x86_efi *e)
{
	static const char *const field[] = { "phys_addr", "virt_addr", "num_pages", "attribute" };
	char path[96];
	unsigned n, f;
	uint64_t v;

	for (n = 0; n < EFI_RUNTIME_MAX; n++) {
		unsigned char *d;

		kx_snprintf(path, sizeof(path), "/sys/firmware/efi/runtime-map/%u/type", n);
		if (kx_read_text(ctx, path, (char[8]){ 0 }, 8) < 0)
			break;
		d = realloc(e->map, (size_t)(n + 1) * e->desc_size);
		if (!d)
			return kx_fail(ctx, -ENOMEM, "EFI runtime map: out of memory");
		e->map = d;
		d += (size_t)n * e->desc_size;
		memset(d, 0, e->desc_size);
		if (read_hex(ctx, path, &v))
			return ctx->err;
		kx_put32(d, (uint32_t)v);
		for (f = 0; f < KX_ARRAY_SIZE(field); f++) {
			kx_snprintf(path, sizeof(path), "/sys/firmware/efi/runtime-map/%u/%s", n,
				    field[f]);
			if (read_hex(ctx, path, &v))
				return ctx->err;
			kx_put64(d + 8 + 8 * f, v);
		}
	}
	e->map_size = (size_t)n * e->desc_size;
	return n ? 0 : kx_fail(ctx, -ENOENT, "/sys/firmware/efi/runtime-map: empty");
}

int x86_efi_read(struct kx_ctx *ctx, const unsigned char *cur, long curlen, struct x86_efi *e)
{
	const unsigned char *ei = cur + BP_EFI_INFO;
	char systab[2048];
	const char *p;
	uint64_t v;

	memset(e, 0, sizeof(*e));
	/* Not booted through EFI (or no boot_params to tell): nothing to pass. */
	if (curlen < 4096 || !kx_get32(ei + 0x14))
		return 0;
	if (kx_read_text(ctx, "/sys/firmware/efi/runtime-map/0/type", systab, sizeof(systab)) < 0) {
		kx_dbg(ctx, "EFI boot, but no /sys/firmware/efi/runtime-map (efi=noruntime or no "
			    "CONFIG_EFI_RUNTIME_MAP): the new kernel gets no EFI, ACPI through "
			    "acpi_rsdp_addr");
		return 0;
	}
	e->signature = kx_get32(ei);
	e->systab = kx_get32(ei + 0x04) | (uint64_t)kx_get32(ei + 0x18) << 32;
	e->desc_size = kx_get32(ei + 0x08);
	e->desc_version = kx_get32(ei + 0x0c);
	if (e->desc_size < EFI_MEMDESC_MIN || e->desc_size > 4096)
		return kx_fail(ctx, -EINVAL, "/sys/kernel/boot_params/data: EFI memory descriptor "
					     "size %u is implausible",
			       e->desc_size);
	if (read_hex(ctx, "/sys/firmware/efi/fw_vendor", &e->fw_vendor) ||
	    read_hex(ctx, "/sys/firmware/efi/config_table", &e->tables))
		return ctx->err;
	if (kx_read_text(ctx, "/sys/firmware/efi/systab", systab, sizeof(systab)) > 0 &&
	    (p = kx_find(systab, "SMBIOS=")) && kx_parse_hex(p + 7, &v))
		e->smbios = v;
	if (read_runtime_map(ctx, e))
		return ctx->err;
	e->present = 1;
	kx_dbg(ctx, "EFI: systab 0x%llx, %zu runtime regions, descriptor %u bytes",
	       (unsigned long long)e->systab, e->map_size / e->desc_size, e->desc_size);
	return 0;
}

size_t x86_efi_size(const struct x86_efi *e)
{
	return e->present ? X86_SETUP_EFI_SIZE + e->map_size : 0;
}

void x86_efi_write(const struct x86_efi *e, unsigned char *bp, unsigned char *at, uint64_t at_phys)
{
	unsigned char *ei = bp + BP_EFI_INFO, *sd = at;

	if (!e->present)
		return;
	kx_put32(ei, e->signature);
	kx_put32(ei + 0x04, (uint32_t)e->systab);
	kx_put32(ei + 0x18, (uint32_t)(e->systab >> 32));
	kx_put32(ei + 0x08, e->desc_size);
	kx_put32(ei + 0x0c, e->desc_version);
	kx_put32(ei + 0x10, (uint32_t)(at_phys + X86_SETUP_EFI_SIZE));
	kx_put32(ei + 0x1c, (uint32_t)((at_phys + X86_SETUP_EFI_SIZE) >> 32));
	kx_put32(ei + 0x14, (uint32_t)e->map_size);
	/* struct setup_data { next, type, len } + struct efi_setup_data. */
	memset(sd, 0, X86_SETUP_EFI_SIZE);
	kx_put32(sd + 8, SETUP_EFI);
	kx_put32(sd + 12, X86_SETUP_EFI_SIZE - 16);
	kx_put64(sd + 16, e->fw_vendor);
	kx_put64(sd + 32, e->tables);
	kx_put64(sd + 40, e->smbios);
	memcpy(at + X86_SETUP_EFI_SIZE, e->map, e->map_size);
	x86_setup_data_link(bp, sd, at_phys);
}

void x86_efi_free(struct x86_efi *e)
{
	free(e->map);
	memset(e, 0, sizeof(*e));
}
