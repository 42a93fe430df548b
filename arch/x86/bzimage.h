/* SPDX-License-Identifier: MIT */
/*
 * bzimage.h - the x86 setup header of a bzImage and the boot_params page
 * built from it (Documentation/arch/x86/boot.rst and zero-page.rst).
 */
#ifndef KX_X86_BZIMAGE_H
#define KX_X86_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "internal.h"
#include "crash.h"

/* Offsets in the image and in boot_params (the header sits at 0x1f1 in both). */
#define BP_SCREEN_INFO      0x000
#define BP_ACPI_RSDP        0x070
#define BP_EXT_RAMDISK      0x0c0
#define BP_EXT_RAMDISK_SIZE 0x0c4
#define BP_EXT_CMDLINE      0x0c8
#define BP_EFI_INFO         0x1c0
#define BP_E820_ENTRIES     0x1e8
#define BP_E820_TABLE       0x2d0
#define BP_E820_MAX         128
#define HDR_SETUP_SECTS     0x1f1
#define HDR_SYSSIZE         0x1f4
#define HDR_BOOT_FLAG       0x1fe
#define HDR_JUMP            0x200
#define HDR_MAGIC           0x202
#define HDR_VERSION         0x206
#define HDR_LOADER_TYPE     0x210
#define HDR_LOADFLAGS       0x211
#define HDR_RAMDISK_IMAGE   0x218
#define HDR_RAMDISK_SIZE    0x21c
#define HDR_CMD_LINE_PTR    0x228
#define HDR_INITRD_MAX      0x22c
#define HDR_KERNEL_ALIGN    0x230
#define HDR_RELOCATABLE     0x234
#define HDR_XLOADFLAGS      0x236
#define HDR_CMDLINE_SIZE    0x238
#define HDR_SUBARCH         0x23c
#define HDR_SETUP_DATA      0x250
#define HDR_PREF_ADDRESS    0x258
#define HDR_INIT_SIZE       0x260

#define LOADED_HIGH             0x01
#define XLF_KERNEL_64           0x01
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define XLF_EFI_KEXEC           0x10  /* takes EFI runtime state from kexec */
#define SETUP_EFI               4
#define SETUP_RNG_SEED          9
#define X86_SETUP_EFI_SIZE      (16 + 96) /* setup_data + efi_setup_data */
#define X86_SETUP_RNG_SIZE      (16 + 32)
#define X86_ENTRY64_OFFSET      0x200 /* startup_64 from the load address */

struct x86_setup {
	unsigned version;        /* boot protocol, e.g. 0x20f */
	size_t setup_size;       /* real-mode part: (setup_sects + 1) * 512 */
	size_t hdr_end;          /* end of the setup header in the image */
	size_t kernel_size;      /* protected-mode part as the file has it */
	uint8_t loadflags;
	uint16_t xloadflags;
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	int relocatable;
	uint32_t cmdline_size;   /* without the NUL */
	uint64_t pref_address;
	uint32_t init_size;
	uint64_t whole;          /* the file's size as the header declares it:
				    setup + syssize, or the PE signature's end */
};

/* Check a setup header from the first len bytes of a file.  0, or
 * -ENOEXEC with the reason in why. */
int x86_setup_head(const unsigned char *img, size_t len, struct x86_setup *s,
		   char *why, size_t whylen);
/* x86_setup_head, then the whole file (len bytes) against it.  0, or
 * -ENOEXEC with the reason in why. */
int x86_setup_parse(const unsigned char *img, size_t len, struct x86_setup *s,
		    char *why, size_t whylen);

/* The running kernel's boot_params (/sys/kernel/boot_params/data) into
 * cur[4096]; returns its length, or a negative errno if unreadable. */
long x86_current_boot_params(struct kx_ctx *ctx, unsigned char *cur);

/* EFI state to hand on (efi.c). */
struct x86_efi {
	int present;
	uint32_t signature, desc_size, desc_version;
	uint64_t systab, fw_vendor, tables, smbios;
	unsigned char *map;  /* runtime map, desc_size per entry */
	size_t map_size;
};
/* 0 with e->present = 0 when kernel 1 was not booted through EFI. */
int x86_efi_read(struct kx_ctx *ctx, const unsigned char *cur, long curlen, struct x86_efi *e);
size_t x86_efi_size(const struct x86_efi *e); /* bytes x86_efi_write puts at `at` */
/* efi_info in bp, SETUP_EFI + memory map at `at` (physical at_phys). */
void x86_efi_write(const struct x86_efi *e, unsigned char *bp, unsigned char *at, uint64_t at_phys);
void x86_efi_free(struct x86_efi *e);

/* Push a setup_data (at sd, physical sd_phys) on bp's chain. */
void x86_setup_data_link(unsigned char *bp, unsigned char *sd, uint64_t sd_phys);

/* SETUP_RNG_SEED at `at`; -EAGAIN (and nothing linked) if no entropy yet. */
int x86_rng_seed(unsigned char *bp, unsigned char *at, uint64_t at_phys);

/* Fill the boot_params page bp (4096 bytes, zeroed by the caller). */
struct x86_boot {
	uint64_t initrd_addr, initrd_size;
	uint64_t cmdline_addr;
	const unsigned char *cur; /* the running kernel's boot_params */
	long curlen;
	/* A crash kernel loaded through kexec_load: what its e820 is made of
	 * (and the plan's core header). */
	const struct kx_crash_src *crash;
};
int x86_boot_params(struct kx_ctx *ctx, struct kx_plan *p, const struct x86_setup *s,
		    const unsigned char *img, const struct x86_boot *b, unsigned char *bp);

/* Exposed for tests: e820 from /sys/firmware/memmap, else /proc/iomem. */
int x86_e820(struct kx_ctx *ctx, unsigned char *bp, char *src, size_t srclen);
/* A crash kernel's e820 (as the kernel's crash_setup_memmap_entries):
 * RAM only in the low 1 MiB and the reservation(s) minus the core header,
 * plus the ACPI and reserved ranges it must still see. */
int x86_e820_crash(struct kx_ctx *ctx, unsigned char *bp, const struct kx_crash_src *crash,
		   const struct kx_core_hdr *hdr);

/* The low 1 MiB, the real-mode area: no segment goes there, and a crash
 * kernel takes it over (the crashed kernel kept out of it). */
#define X86_LOW_LIMIT 0x100000ULL

/* What x86_64's dump tools expect of a crash kernel's core header. */
extern const struct kx_crash_arch x86_crash;

extern const struct kx_format x86_bzimage_format;

#endif
