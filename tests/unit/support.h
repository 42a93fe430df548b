/* SPDX-License-Identifier: MIT */
/*
 * support.h - helpers shared by the unit tests: scratch directories,
 * a fake /proc + /sys tree for ctx->root, and generated kernel images.
 * Include after <cmocka.h>.
 */
#ifndef KX_TEST_SUPPORT_H
#define KX_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/* A fresh directory under $TMPDIR, removed at exit. */
const char *t_tmpdir(void);
/* Write dir/rel (parents created); returns the full path (static buffer
 * rotated among 8, so copy it if you keep more than a few). */
const char *t_write(const char *dir, const char *rel, const void *data, size_t n);
const char *t_write_str(const char *dir, const char *rel, const char *text);

/* A fake root: proc/iomem (one "System RAM" 1 MiB..ram_mib with a reserved
 * child at 0x3000000-0x30fffff), proc/meminfo (MemTotal = ram_mib MiB),
 * proc/cmdline, sys/kernel/kexec_loaded = 0, kexec_crash_loaded = 0,
 * sys/firmware/memmap/{0,1,2} (RAM below 640 KiB, reserved, RAM above 1 MiB).
 * Returns the root directory. */
const char *t_fake_root(unsigned ram_mib, const char *cmdline);
/* The proc/iomem of t_fake_root(1024) plus a 256 MiB crashkernel= area
 * at 0x20000000. */
extern const char t_crash_iomem[];

/* The fake backend's kernels (fake_arch.c, which the core's tests link):
 * the magic at 0, the footprint (le64) at 8, the file's size (le64) at
 * 16, then a counting pattern.  t_fake_kernel: len bytes, footprint
 * bytes of memory; free() the result. */
#define T_FAKE_MAGIC "KXFAKE01"
#define T_FAKE_HDR 64
#define T_FAKE_KEXEC_ARCH (0x4b58UL << 16)
unsigned char *t_fake_kernel(size_t len, uint64_t footprint);

/* A minimal bzImage that x86_setup_parse accepts: protocol 2.15,
 * 64-bit, relocatable, align 2 MiB, init_size 16 MiB, cmdline_size 2047,
 * kernel payload of `payload` bytes.  free() the result. */
unsigned char *t_bzimage(size_t payload, size_t *len);

/* Compile device-tree source with dtc (dtc -I dts -O dtb) at test time.
 * Returns a malloc'ed (so 8-byte aligned) blob and its length; free() it.
 * extra: more dtc options ("-p 0", "-V 16"), or NULL.  Fails the test if
 * dtc does. */
/* A whole stream for a codec (decompress.h's struct kx_dec): what
 * names it in messages, cap bounds the output.  Include decompress.h. */
#define T_DEC(what_, in_, n_, cap_) \
	(&(struct kx_dec){ .what = (what_), .in = (in_), .n = (n_), .cap = (cap_) })

/* gzip (RFC 1952) of in[0..n), malloc'ed; its length in *out. */
unsigned char *t_gzip(const void *in, size_t n, size_t *out);
/* An EFI zboot file (zboot-header.S's fields: "MZ", "zimg", the payload's
 * offset 0x1000 and size, the codec's name at 0x18) around the n bytes of
 * payload, with 512 bytes after it; *len: its size.  malloc'ed. */
unsigned char *t_zboot(const void *payload, size_t n, const char *codec, size_t *len);
/* A PE32+ file as objcopy makes a UKI from systemd-stub: "MZ", the PE
 * header at 0x40, an optional header with 16 data directories, and the
 * sections given, each one's data at the next 512-byte boundary of the
 * file (VirtualSize: its size; SizeOfRawData: rounded up to 512).  *len:
 * its size.  malloc'ed. */
struct t_sec {
	const char *name;
	const void *data;
	size_t size;
};
unsigned char *t_pe(const struct t_sec *s, unsigned n, size_t *len);
/* dir/name: a gzip of n zeros (deflate level 1, streamed: a 1 GiB bomb
 * costs no memory to make).  Returns the path (as t_write). */
const char *t_gzip_zeros(const char *dir, const char *name, uint64_t n);
/* Peak memory: t_peak_reset makes the process's high-water mark its
 * current RSS (/proc/self/clear_refs) and returns it; t_peak_kib is the
 * high-water mark since, in KiB (VmHWM). */
long t_peak_reset(void);
long t_peak_kib(void);
/* The EFI stub's PE header in an arm64/riscv64 Image: "MZ", PE at 0x40,
 * one section whose raw data ends at raw_end (a truncation check). */
void t_add_pe(unsigned char *b, uint32_t raw_end);
void *t_dtc(const char *dts, const char *extra, size_t *len);

/* A tree whose /chosen holds linux,initrd-start, linux,initrd-end,
 * linux,elfcorehdr and linux,usable-memory-range twice each, built with
 * libfdt's sequential-write API (which does not check names; dtc refuses
 * such source).  One /memory node at mem_base, 256 MiB.  free() it. */
void *t_dup_chosen_tree(uint64_t mem_base, size_t *len);
/* The device-tree arches' common check: kernel (a path) planned with the
 * tree above as --dtb, and then as root's sys/firmware/fdt, is refused at
 * the gate both times, the message naming the source, /chosen and the
 * property. */
void t_dup_chosen_refused(const char *root, const char *kernel, uint64_t mem_base);

/* Run a shell command (printf-style, up to 4 KiB), failing the test with
 * it and its exit status unless that is 0. */
void t_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Read a whole file into a malloc'ed buffer (NUL appended, not counted). */
void *t_read(const char *path, size_t *len);

/* dts compiled by dtc and opened (fdt_open_into) with `extra` bytes of
 * room, as dtb/fixup.c does; free() the result. */
void *t_dtc_open(const char *dts, int extra);

/* The plan's segment named what ("kernel", "initrd", ...); fails the
 * test if there is none. */
struct kx_plan;
struct kx_segment;
const struct kx_segment *t_seg(const struct kx_plan *p, const char *what);

/* Assert a struct kx_ranges is exactly the given start, end pairs:
 * EXPECT(&rs, 0x1000, 0x2000, 0x3000, 0x4000). */
struct kx_ranges;
void t_expect_ranges(const struct kx_ranges *rs, unsigned n, const uint64_t *want);
/* Every segment of p inside [lo, hi). */
void t_expect_within(const struct kx_plan *p, uint64_t lo, uint64_t hi);
/* What a crash kernel's core header is read from (core/plan/crash.h),
 * under root: /proc/iomem, cpu0's note buffer (notes, hex, of size
 * bytes) and /sys/kernel/vmcoreinfo ("0xADDRESS SIZE"). */
struct kx_ctx;
struct kx_opts;
/* Build o as a crash load through kexec_load (failing the test with the
 * message if it fails): every segment inside [lo, hi), the core header
 * at hi, returned with the plan in *p. */
const struct kx_segment *t_crash_plan(struct kx_ctx *ctx, struct kx_opts *o, uint64_t lo,
				      uint64_t hi, struct kx_plan **p);
/* The plan's tree says where its "elfcorehdr" segment is (/chosen
 * linux,elfcorehdr) and that the crash kernel's memory is the n ranges
 * of usable (start, size pairs; linux,usable-memory-range, 2+2 cells). */
void t_expect_crash_chosen(const struct kx_plan *p, unsigned n, const uint64_t *usable);
void t_crash_root(const char *root, const char *iomem, const char *notes, unsigned size,
		  const char *vmcoreinfo);
#define EXPECT(rs, ...) do { \
	static const uint64_t w_[] = { __VA_ARGS__ }; \
	t_expect_ranges((rs), sizeof(w_) / sizeof(w_[0]) / 2, w_); \
} while (0)

#endif
