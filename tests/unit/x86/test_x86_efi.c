/* SPDX-License-Identifier: MIT */
/*
 * test_x86_efi.c - the EFI hand-over of the x86 backend: what is read from
 * a fake /sys/firmware/efi and /sys/kernel/boot_params/data, and where
 * efi_info, SETUP_EFI, the RNG seed and the runtime map end up.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "support.h"
#include "bzimage.h"

static uint32_t rd32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static void wr32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* An EFI-booted system: boot_params with efi_info, 3 runtime regions. */
static const char *efi_root(unsigned desc_size, int memmap_size)
{
	const char *r = t_fake_root(512, NULL);
	unsigned char bp[4096] = { 0 };
	char path[128], val[64];
	int i;

	wr32(bp + 0x1c0, 0x34364c45);        /* "EL64" */
	wr32(bp + 0x1c4, 0x3f8ee018);        /* systab */
	wr32(bp + 0x1c8, desc_size);
	wr32(bp + 0x1cc, 1);                 /* descriptor version */
	wr32(bp + 0x1d0, 0x3e000000);        /* kernel 1's map (not reused) */
	wr32(bp + 0x1d4, memmap_size);
	wr32(bp + 0x1d8, 0x1);               /* systab_hi */
	t_write(r, "sys/kernel/boot_params/data", bp, sizeof(bp));
	t_write_str(r, "sys/firmware/efi/fw_vendor", "0x3f8ef000\n");
	t_write_str(r, "sys/firmware/efi/config_table", "0x3f8f0000\n");
	t_write_str(r, "sys/firmware/efi/systab",
		    "ACPI20=0x3f77e014\nACPI=0x3f77e000\nSMBIOS=0x3f9b5000\n");
	for (i = 0; i < 3; i++) {
		static const char *const f[] = { "type", "phys_addr", "virt_addr", "num_pages",
						 "attribute" };
		const unsigned long long v[] = { 5 + i, 0x3f000000ULL + i * 0x10000,
						 0xfffffffeff000000ULL + i * 0x10000, 16,
						 0x800000000000000fULL };
		int j;

		for (j = 0; j < 5; j++) {
			snprintf(path, sizeof(path), "sys/firmware/efi/runtime-map/%d/%s", i, f[j]);
			snprintf(val, sizeof(val), "0x%llx\n", v[j]);
			t_write_str(r, path, val);
		}
	}
	return r;
}

static void read_efi_state(void **state)
{
	struct kx_ctx ctx = { .root = efi_root(48, 3 * 48) };
	unsigned char cur[4096];
	struct x86_efi e;
	long n = x86_current_boot_params(&ctx, cur);

	assert_int_equal(n, 4096);
	assert_int_equal(x86_efi_read(&ctx, cur, n, &e), 0);
	assert_true(e.present);
	assert_int_equal(e.signature, 0x34364c45);
	assert_int_equal(e.systab, 0x13f8ee018ULL);
	assert_int_equal(e.desc_size, 48);
	assert_int_equal(e.fw_vendor, 0x3f8ef000);
	assert_int_equal(e.tables, 0x3f8f0000);
	assert_int_equal(e.smbios, 0x3f9b5000);
	assert_int_equal(e.map_size, 3 * 48);
	/* efi_memory_desc_t: type, pad, phys, virt, pages, attribute. */
	assert_int_equal(rd32(e.map + 48), 6);
	assert_int_equal(rd64(e.map + 48 + 8), 0x3f010000);
	assert_int_equal(rd64(e.map + 48 + 16), 0xfffffffeff010000ULL);
	assert_int_equal(rd64(e.map + 48 + 24), 16);
	assert_int_equal(rd64(e.map + 48 + 32), 0x800000000000000fULL);
	assert_int_equal(x86_efi_size(&e), 112 + 3 * 48);
	x86_efi_free(&e);
}

static void write_efi_state(void **state)
{
	struct kx_ctx ctx = { .root = efi_root(48, 3 * 48) };
	unsigned char cur[4096], bp[8192] = { 0 };
	const uint64_t phys = 0x7ff00000, rng_off = 4160, efi_off = rng_off + X86_SETUP_RNG_SIZE;
	struct x86_efi e;
	unsigned char *sd;

	x86_current_boot_params(&ctx, cur);
	assert_int_equal(x86_efi_read(&ctx, cur, 4096, &e), 0);
	assert_int_equal(x86_rng_seed(bp, bp + rng_off, phys + rng_off), 0);
	x86_efi_write(&e, bp, bp + efi_off, phys + efi_off);
	/* efi_info points at the copied runtime map. */
	assert_int_equal(rd32(bp + 0x1c0), 0x34364c45);
	assert_int_equal(rd32(bp + 0x1c4), 0x3f8ee018);
	assert_int_equal(rd32(bp + 0x1d8), 1);
	assert_int_equal(rd32(bp + 0x1c8), 48);
	assert_int_equal(rd32(bp + 0x1d0), phys + efi_off + 112);
	assert_int_equal(rd32(bp + 0x1d4), 3 * 48);
	assert_memory_equal(bp + efi_off + 112, e.map, 3 * 48);
	/* The chain: head = SETUP_EFI, whose next is the RNG seed, then 0. */
	assert_int_equal(rd64(bp + 0x250), phys + efi_off);
	sd = bp + efi_off;
	assert_int_equal(rd32(sd + 8), SETUP_EFI);
	assert_int_equal(rd32(sd + 12), 96);
	assert_int_equal(rd64(sd + 16), 0x3f8ef000);
	assert_int_equal(rd64(sd + 32), 0x3f8f0000);
	assert_int_equal(rd64(sd + 40), 0x3f9b5000);
	assert_int_equal(rd64(sd), phys + rng_off);
	sd = bp + rng_off;
	assert_int_equal(rd32(sd + 8), SETUP_RNG_SEED);
	assert_int_equal(rd32(sd + 12), 32);
	assert_int_equal(rd64(sd), 0);
	x86_efi_free(&e);
}

/* A BIOS boot (no EFI memory map) passes nothing, and so does an EFI boot
 * without the runtime map in sysfs. */
static void no_efi(void **state)
{
	struct kx_ctx ctx = { .root = efi_root(48, 0) };
	unsigned char cur[4096];
	struct x86_efi e;

	x86_current_boot_params(&ctx, cur);
	assert_int_equal(x86_efi_read(&ctx, cur, 4096, &e), 0);
	assert_false(e.present);
	assert_int_equal(x86_efi_size(&e), 0);

	ctx.root = t_fake_root(512, NULL);
	assert_int_equal(x86_current_boot_params(&ctx, cur), -ENOENT);
	assert_int_equal(x86_efi_read(&ctx, cur, -ENOENT, &e), 0);
	assert_false(e.present);
}

static void bad_efi(void **state)
{
	struct kx_ctx ctx = { .root = efi_root(8, 3 * 48) };
	unsigned char cur[4096];
	struct x86_efi e;

	x86_current_boot_params(&ctx, cur);
	assert_int_equal(x86_efi_read(&ctx, cur, 4096, &e), -EINVAL);
	assert_non_null(strstr(ctx.msg, "descriptor size 8"));
	x86_efi_free(&e);

	memset(&ctx, 0, sizeof(ctx));
	ctx.root = efi_root(48, 3 * 48);
	t_write_str(ctx.root, "sys/firmware/efi/runtime-map/1/virt_addr", "junk\n");
	x86_current_boot_params(&ctx, cur);
	assert_int_equal(x86_efi_read(&ctx, cur, 4096, &e), -EINVAL);
	assert_non_null(strstr(ctx.msg, "/sys/firmware/efi/runtime-map/1/virt_addr"));
	x86_efi_free(&e);
}

/* Through a whole plan: the boot_params segment carries it all, and the
 * RSDP comes from the EFI system table. */
static void plan_on_efi(void **state)
{
	struct kx_ctx ctx = { .root = efi_root(48, 3 * 48) };
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	size_t len;
	unsigned char *img = t_bzimage(1 << 20, &len);
	const struct kx_segment *s;
	const unsigned char *bp;

	o.kernel = t_write(ctx.root, "vmlinuz", img, len);
	assert_int_equal(kx_plan_build(&ctx, &o, &p), 0);
	s = t_seg(p, "boot_params");
	bp = s->buf;
	assert_int_equal(rd32(bp + 0x1d4), 3 * 48);
	assert_true(rd32(bp + 0x1d0) > s->mem && rd32(bp + 0x1d0) + 3 * 48 <= s->mem + s->bufsz);
	assert_int_equal(rd64(bp + 0x70), 0x3f77e014);
	assert_int_equal(rd32(bp + rd64(bp + 0x250) - s->mem + 8), SETUP_EFI);
	kx_plan_free(p);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_efi_state),
		cmocka_unit_test(write_efi_state),
		cmocka_unit_test(no_efi),
		cmocka_unit_test(bad_efi),
		cmocka_unit_test(plan_on_efi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
