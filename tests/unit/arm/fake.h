/* SPDX-License-Identifier: MIT */
/*
 * fake.h - generated 32-bit arm kernels and a QEMU-virt-like fake root for
 * the arm unit tests: a zImage header with its tag table and size word, a
 * uImage header with real CRC32s (zlib).  Nothing is committed as a
 * binary.  Include after <cmocka.h>.
 */
#ifndef KX_TEST_ARM_FAKE_H
#define KX_TEST_ARM_FAKE_H

#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "support.h"
#include "arm.h"
#include "le.h"

#define MIB (1ULL << 20)
#define RAM_BASE 0x40000000ULL

static inline void put32be(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* What the tag table says; words: 0 no table (an older kernel), 4 the
 * first KRNL_SIZE form, 6 with TEXT_OFFSET and the heap size. */
struct fake_z {
	uint32_t kernel_size, bss, text_offset, malloc_size;
	unsigned words;
};

/* A zImage of len bytes: header words, tag table at 0x40, the
 * decompressed size in the last 8 bytes' first word, a pattern elsewhere. */
static inline unsigned char *fake_zimage(size_t len, const struct fake_z *f)
{
	unsigned char *b = malloc(len);
	size_t i;

	assert_non_null(b);
	assert_true(len >= 0x100);
	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(i * 13 + 5);
	memset(b, 0, 0x60);
	kx_put32(b + 0x24, ARM_ZIMAGE_MAGIC);
	kx_put32(b + 0x28, 0);
	kx_put32(b + 0x2c, (uint32_t)len);
	if (f->words) {
		kx_put32(b + 0x30, ARM_ZIMAGE_ENDIAN);
		kx_put32(b + 0x34, ARM_ZIMAGE_MAGIC2);
		kx_put32(b + 0x38, 0x40);
		kx_put32(b + 0x40, f->words);
		kx_put32(b + 0x44, ARM_ZIMAGE_KRNL_SIZE);
		kx_put32(b + 0x48, (uint32_t)len - 8);
		kx_put32(b + 0x4c, f->bss);
		if (f->words >= 5)
			kx_put32(b + 0x50, f->text_offset);
		if (f->words >= 6)
			kx_put32(b + 0x54, f->malloc_size);
		kx_put32(b + 0x40 + 4 * f->words, 0);
		kx_put32(b + len - 8, f->kernel_size);
	}
	return b;
}

/* Debian armmp 6.1's figures, scaled down. */
static const struct fake_z fake_armmp = {
	.kernel_size = 8 * MIB, .bss = 300 * 1024, .text_offset = 0x208000,
	.malloc_size = 0x10000, .words = 6,
};

static inline uint32_t fake_crc(const unsigned char *p, size_t n)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

/* A uImage around data (n bytes): both CRCs right. */
static inline unsigned char *fake_uimage(const unsigned char *data, size_t n, uint8_t arch,
					 uint8_t type, uint8_t comp, uint32_t load, uint32_t ep,
					 size_t *len)
{
	unsigned char *b = calloc(1, 64 + n);

	assert_non_null(b);
	put32be(b, ARM_UIMAGE_MAGIC);
	put32be(b + 8, 1700000000);
	put32be(b + 12, (uint32_t)n);
	put32be(b + 16, load);
	put32be(b + 20, ep);
	b[28] = ARM_UIMAGE_OS_LINUX;
	b[29] = arch;
	b[30] = type;
	b[31] = comp;
	strcpy((char *)b + 32, "Linux-6.1.0-test");
	memcpy(b + 64, data, n);
	put32be(b + 24, fake_crc(b + 64, n));
	put32be(b + 4, fake_crc(b, 64));
	*len = 64 + n;
	return b;
}

/* Recompute the header CRC after editing the header. */
static inline void fake_uimage_rehash(unsigned char *b)
{
	memset(b + 4, 0, 4);
	put32be(b + 4, fake_crc(b, 64));
}

/* A loader's view of QEMU's virt machine: 256 MiB of RAM at 0x40000000,
 * kernel 1 in it, one reserved block; a tree with bootargs; an initrd. */
struct fixture {
	const char *root, *kernel, *initrd, *dtb;
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
};

static const char fake_dts[] =
	"/dts-v1/;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; compatible = \"linux,dummy-virt\";\n"
	"  chosen { bootargs = \"console=ttyAMA0 from-the-tree\"; };\n"
	"  memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x10000000>; };\n"
	"};\n";

#define FAKE_INITRD_SIZE (3 * MIB + 123)

static inline void fake_setup(struct fixture *f, const unsigned char *kernel, size_t klen)
{
	unsigned char *rd = malloc(FAKE_INITRD_SIZE);
	void *blob;
	size_t blen;

	memset(f, 0, sizeof(*f));
	assert_non_null(rd);
	memset(rd, 0x5a, FAKE_INITRD_SIZE);
	f->root = t_fake_root(256, "BOOT_IMAGE=/vmlinuz root=/dev/vda console=ttyAMA0\n");
	t_write_str(f->root, "proc/iomem",
		    "09000000-09000fff : pl011@9000000\n"
		    "40000000-4fffffff : System RAM\n"
		    "  40208000-40ffffff : Kernel code\n"
		    "  41100000-411fffff : Kernel data\n"
		    "  4c000000-4c0fffff : reserved\n");
	t_write_str(f->root, "proc/meminfo",
		    "MemTotal:         262144 kB\nMemFree:          200000 kB\n"
		    "MemAvailable:     200000 kB\n");
	t_write_str(f->root, "sys/devices/system/cpu/possible", "0\n");
	f->kernel = strdup(t_write(f->root, "boot/zImage", kernel, klen));
	f->initrd = strdup(t_write(f->root, "boot/initrd", rd, FAKE_INITRD_SIZE));
	blob = t_dtc(fake_dts, NULL, &blen);
	f->dtb = strdup(t_write(f->root, "boot/board.dtb", blob, blen));
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
	free(blob);
	free(rd);
}

static inline void fake_teardown(struct fixture *f)
{
	free((char *)f->kernel);
	free((char *)f->initrd);
	free((char *)f->dtb);
}

#endif
