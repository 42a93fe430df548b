/* SPDX-License-Identifier: MIT */
/*
 * test_memmap.c - the running kernel's view of memory: /proc/iomem parsing
 * (System RAM minus reserved and "Crash kernel" children, or only the crash
 * area), /sys/firmware/memmap and MemTotal, read through a fake root.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"

/* A PC with 2 GiB below 4 GiB, 6 GiB above, and crashkernel=256M. */
static const char x86_iomem[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009efff : System RAM\n"
	"0009f000-000fffff : Reserved\n"
	"  000a0000-000bffff : PCI Bus 0000:00\n"
	"  000c0000-000c99ff : Video ROM\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdffff : System RAM\n"
	"  21000000-21e02fff : Kernel code\n"
	"  21e03000-2262afff : Kernel rodata\n"
	"  22800000-22b4d6bf : Kernel data\n"
	"  22fc9000-233fffff : Kernel bss\n"
	"  2f000000-3effffff : Crash kernel\n"
	"  7e000000-7e0fffff : reserved\n"
	"7ffe0000-7fffffff : Reserved\n"
	"80000000-afffffff : PCI Bus 0000:00\n"
	"  a0000000-a00fffff : PCI Bus 0000:01\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"    b0000000-bfffffff : pnp 00:04\n"
	"fec00000-fec003ff : IOAPIC 0\n"
	"fee00000-fee00fff : Local APIC\n"
	"  fee00000-fee00fff : Reserved\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-27fffffff : System RAM\n"
	"  200000000-2000fffff : reserved\n"
	"280000000-2bfffffff : PCI Bus 0000:00\n";

static void iomem_x86_normal(void **state)
{
	struct kx_ranges ram = { 0 };

	assert_int_equal(kx_iomem_parse(x86_iomem, &ram, 0), 0);
	/* Kernel code/data stay usable (kexec-tools does the same); the
	 * crash area and the reserved children do not. */
	EXPECT(&ram,
	       0x1000, 0x9f000,
	       0x100000, 0x2f000000,
	       0x3f000000, 0x7e000000,
	       0x7e100000, 0x7ffe0000,
	       0x100000000ULL, 0x200000000ULL,
	       0x200100000ULL, 0x280000000ULL);
	kx_ranges_free(&ram);
}

static void iomem_x86_crash(void **state)
{
	struct kx_ranges ram = { 0 };

	assert_int_equal(kx_iomem_parse(x86_iomem, &ram, 1), 0);
	EXPECT(&ram, 0x2f000000, 0x3f000000);
	kx_ranges_free(&ram);
}

/* arm64: several adjacent System RAM blocks, lowercase "reserved". */
static const char arm64_iomem[] =
	"09000000-09000fff : pl011@9000000\n"
	"  09000000-09000fff : 9000000.pl011 pl011@9000000\n"
	"40000000-4fffffff : System RAM\n"
	"  40210000-41a3ffff : Kernel code\n"
	"  41a40000-4226ffff : reserved\n"
	"  42270000-4282ffff : Kernel data\n"
	"  48000000-48ffffff : reserved\n"
	"50000000-5fffffff : System RAM\n"
	"  5c000000-5fffffff : reserved\n"
	"60000000-bfffffff : System RAM\n"
	"  b0000000-bfffffff : Crash kernel\n"
	"4010000000-401fffffff : PCI ECAM\n";

static void iomem_arm64(void **state)
{
	struct kx_ranges ram = { 0 };

	assert_int_equal(kx_iomem_parse(arm64_iomem, &ram, 0), 0);
	EXPECT(&ram,
	       0x40000000, 0x41a40000,
	       0x42270000, 0x48000000,
	       0x49000000, 0x5c000000,
	       0x60000000, 0xb0000000);
	kx_ranges_free(&ram);

	assert_int_equal(kx_iomem_parse(arm64_iomem, &ram, 1), 0);
	EXPECT(&ram, 0xb0000000, 0xc0000000);
	kx_ranges_free(&ram);
}

/* What a process without CAP_SYS_ADMIN reads. */
static const char zero_iomem[] =
	"00000000-00000000 : Reserved\n"
	"00000000-00000000 : System RAM\n"
	"00000000-00000000 : Reserved\n"
	"00000000-00000000 : System RAM\n"
	"  00000000-00000000 : Kernel code\n"
	"  00000000-00000000 : Crash kernel\n";

static void iomem_all_zero(void **state)
{
	struct kx_ranges ram = { 0 };

	assert_int_equal(kx_iomem_parse(zero_iomem, &ram, 0), -EPERM);
	kx_ranges_free(&ram);
	assert_int_equal(kx_iomem_parse(zero_iomem, &ram, 1), -EPERM);
	kx_ranges_free(&ram);
	assert_int_equal(kx_iomem_parse("", &ram, 0), -EPERM);
	kx_ranges_free(&ram);
}

/* Lines that are not "start-end : name" are skipped; the last line needs
 * no newline. */
static void iomem_garbage(void **state)
{
	struct kx_ranges ram = { 0 };
	const char *text =
		"garbage\n"
		"\n"
		"zzzz-yyyy : System RAM\n"
		"00200000 : System RAM\n"
		"00300000-00200000 : System RAM\n"   /* end before start */
		"00400000-004fffff System RAM\n"     /* no colon */
		"00100000-00ffffff : System RAM\n"
		"  00800000-0080ffff : reserved\n"
		"  not even close\n"
		"  00900000-0090ffff : Reserved\n"
		"01000000-01ffffff : System RAM";

	assert_int_equal(kx_iomem_parse(text, &ram, 0), 0);
	EXPECT(&ram, 0x100000, 0x800000, 0x810000, 0x900000, 0x910000, 0x2000000);
	kx_ranges_free(&ram);
}

/* Addresses printed with 16 digits, and one too wide for 64 bits. */
static void iomem_wide_addresses(void **state)
{
	struct kx_ranges ram = { 0 };
	const char *text =
		"0000000000100000-000000003fffffff : System RAM\n"
		"0000000100000000-000000047fffffff : System RAM\n"
		"  0000000400000000-00000004000fffff : reserved\n"
		"10000000000000000-10000000000ffffff : System RAM\n"
		"fffffffff0000000-fffffffff0ffffff : System RAM\n";

	assert_int_equal(kx_iomem_parse(text, &ram, 0), 0);
	EXPECT(&ram, 0x100000, 0x40000000, 0x100000000ULL, 0x400000000ULL,
	       0x400100000ULL, 0x480000000ULL, 0xfffffffff0000000ULL, 0xfffffffff1000000ULL);
	kx_ranges_free(&ram);
}

/* A child of something that is not RAM never cuts RAM, and a RAM block
 * ends at the next line of its own depth. */
static void iomem_scoping(void **state)
{
	struct kx_ranges ram = { 0 };
	const char *text =
		"00100000-00ffffff : System RAM\n"
		"01000000-01ffffff : PCI Bus 0000:00\n"
		"  01000000-010fffff : reserved\n"        /* under PCI, not RAM */
		"  01100000-011fffff : Crash kernel\n"    /* likewise */
		"02000000-02ffffff : System RAM\n"
		"  02100000-021fffff : Kernel code\n"
		"    02180000-0218ffff : reserved\n"      /* grandchild of RAM */
		"  02400000-024fffff : Crash kernel\n";

	assert_int_equal(kx_iomem_parse(text, &ram, 0), 0);
	EXPECT(&ram, 0x100000, 0x1000000, 0x2000000, 0x2180000, 0x2190000, 0x2400000,
	       0x2500000, 0x3000000);
	kx_ranges_free(&ram);
	/* Every "Crash kernel" line counts for a crash load. */
	assert_int_equal(kx_iomem_parse(text, &ram, 1), 0);
	EXPECT(&ram, 0x1100000, 0x1200000, 0x2400000, 0x2500000);
	kx_ranges_free(&ram);
}

static void iomem_ram_fake_root(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_ranges ram = { 0 };

	ctx.root = t_fake_root(1024, NULL);
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 0), 0);
	assert_int_equal(ctx.err, 0);
	EXPECT(&ram, 0x1000, 0x9fc00, 0x100000, 0x3000000, 0x3100000, 0x40000000);
	kx_ranges_free(&ram);

	/* No crashkernel= reservation in this root. */
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 1), -ENOENT);
	assert_int_equal(ctx.err, -ENOENT);
	assert_int_equal(ctx.stage, KX_STAGE_INPUT);
	assert_non_null(strstr(ctx.msg, "/proc/iomem"));
	assert_non_null(strstr(ctx.msg, "crashkernel="));
	kx_ranges_free(&ram);
}

static void iomem_ram_crash_fake_root(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_ranges ram = { 0 };
	const char *root = t_fake_root(1024, NULL);

	t_write_str(root, "proc/iomem", x86_iomem);
	ctx.root = root;
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 1), 0);
	EXPECT(&ram, 0x2f000000, 0x3f000000);
	kx_ranges_free(&ram);
}

/* An iomem of n padding lines, then RAM with a crash reservation. */
static char *long_iomem(unsigned n)
{
	static const char pad[] = "fe000000-fe000fff : pad\n";
	static const char tail[] = "00100000-3fffffff : System RAM\n"
				   "  2f000000-3effffff : Crash kernel\n";
	char *text = malloc(n * (sizeof(pad) - 1) + sizeof(tail)), *at = text;
	unsigned i;

	assert_non_null(text);
	for (i = 0; i < n; i++, at += sizeof(pad) - 1)
		memcpy(at, pad, sizeof(pad) - 1);
	memcpy(at, tail, sizeof(tail));
	return text;
}

/* Past the first buffer (64 KiB) the file is read again whole: the
 * reservation on its last line counts; past 1 MiB it is refused. */
static void iomem_ram_long(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_ranges ram = { 0 };
	const char *root = t_tmpdir();
	char *text = long_iomem(3000);

	assert_true(strlen(text) > 64 << 10);
	t_write_str(root, "proc/iomem", text);
	free(text);
	ctx.root = root;
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 1), 0);
	EXPECT(&ram, 0x2f000000, 0x3f000000);
	kx_ranges_free(&ram);

	text = long_iomem(45000);
	assert_true(strlen(text) > 1 << 20);
	t_write_str(root, "proc/iomem", text);
	free(text);
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 1), -EFBIG);
	assert_string_equal(ctx.msg, "/proc/iomem: larger than 1024 KiB");
	kx_ranges_free(&ram);
}

static void iomem_ram_errors(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_ranges ram = { 0 };
	const char *root = t_tmpdir();

	/* Missing. */
	ctx.root = root;
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 0), -ENOENT);
	assert_int_equal(ctx.stage, KX_STAGE_INPUT);
	assert_non_null(strstr(ctx.msg, "/proc/iomem: No such file or directory"));
	kx_ranges_free(&ram);

	/* All zero. */
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	t_write_str(root, "proc/iomem", zero_iomem);
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 0), -EPERM);
	assert_string_equal(ctx.msg, "/proc/iomem: all addresses read as zero (run as root)");
	kx_ranges_free(&ram);

	/* No RAM at all. */
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	t_write_str(root, "proc/iomem", "fec00000-fec003ff : IOAPIC 0\n");
	assert_int_equal(kx_iomem_ram(&ctx, &ram, 0), -ENOENT);
	assert_string_equal(ctx.msg, "/proc/iomem: no \"System RAM\" range");
	kx_ranges_free(&ram);
}

static void fw_memmap_fake_root(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_memmap mm = { 0 };

	ctx.root = t_fake_root(1024, NULL);
	assert_int_equal(kx_fw_memmap(&ctx, &mm), 0);
	assert_int_equal(mm.n, 3);
	assert_int_equal(mm.e[0].start, 0);
	assert_int_equal(mm.e[0].end, 0xa0000 - 0x400);
	assert_string_equal(mm.e[0].type, "System RAM");
	assert_int_equal(mm.e[1].start, 0xf0000);
	assert_int_equal(mm.e[1].end, 0x100000);
	assert_string_equal(mm.e[1].type, "Reserved");
	assert_int_equal(mm.e[2].start, 0x100000);
	assert_int_equal(mm.e[2].end, 0x40000000);
	assert_string_equal(mm.e[2].type, "System RAM");
	assert_int_equal(ctx.err, 0);
	kx_memmap_free(&mm);
	assert_null(mm.e);
	assert_int_equal(mm.n, 0);
}

static void fw_entry(const char *root, unsigned i, unsigned long long s,
		     unsigned long long e, const char *type)
{
	char rel[64], val[64];

	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%u/start", i);
	snprintf(val, sizeof(val), "0x%llx\n", s);
	t_write_str(root, rel, val);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%u/end", i);
	snprintf(val, sizeof(val), "0x%llx\n", e);
	t_write_str(root, rel, val);
	snprintf(rel, sizeof(rel), "sys/firmware/memmap/%u/type", i);
	t_write_str(root, rel, type);
}

/* Entries come back sorted by address whatever their directory names, and
 * more of them than the first allocation holds. */
static void fw_memmap_sorted(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_memmap mm = { 0 };
	const char *root = t_tmpdir();
	unsigned i;

	/* 40 entries, directory i at address (39 - i) * 1 MiB. */
	for (i = 0; i < 40; i++)
		fw_entry(root, i, (39ULL - i) << 20, ((40ULL - i) << 20) - 1,
			 i % 2 ? "Reserved\n" : "System RAM\n");
	t_write_str(root, "sys/firmware/memmap/README", "not an entry\n");
	ctx.root = root;
	assert_int_equal(kx_fw_memmap(&ctx, &mm), 0);
	assert_int_equal(mm.n, 40);
	for (i = 0; i < 40; i++) {
		assert_int_equal(mm.e[i].start, (uint64_t)i << 20);
		assert_int_equal(mm.e[i].end, (uint64_t)(i + 1) << 20);
		/* Directory 39 - i: odd directories are Reserved. */
		assert_string_equal(mm.e[i].type, (39 - i) % 2 ? "Reserved" : "System RAM");
	}
	kx_memmap_free(&mm);
}

static void fw_memmap_errors(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_memmap mm = { 0 };
	const char *root = t_tmpdir();

	/* No directory: -ENOENT and no message, the caller falls back. */
	ctx.root = root;
	assert_int_equal(kx_fw_memmap(&ctx, &mm), -ENOENT);
	assert_int_equal(ctx.err, 0);
	assert_string_equal(ctx.msg, "");
	kx_memmap_free(&mm);

	/* An empty directory: no entries. */
	t_write_str(root, "sys/firmware/memmap/README", "x\n");
	assert_int_equal(kx_fw_memmap(&ctx, &mm), -ENOENT);
	kx_memmap_free(&mm);

	/* A malformed start: named in the message. */
	fw_entry(root, 0, 0, 0x9fbff, "System RAM\n");
	fw_entry(root, 1, 0x100000, 0x3fffffff, "System RAM\n");
	t_write_str(root, "sys/firmware/memmap/1/start", "zz\n");
	assert_int_equal(kx_fw_memmap(&ctx, &mm), -EINVAL);
	assert_int_equal(ctx.err, -EINVAL);
	assert_string_equal(ctx.msg, "/sys/firmware/memmap/1: unreadable or malformed entry");
	kx_memmap_free(&mm);

	/* End below start. */
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	fw_entry(root, 1, 0x100000, 0xfffff - 0x1000, "System RAM\n");
	assert_int_equal(kx_fw_memmap(&ctx, &mm), -EINVAL);
	assert_non_null(strstr(ctx.msg, "/sys/firmware/memmap/1:"));
	kx_memmap_free(&mm);

	/* No type file. */
	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	fw_entry(root, 1, 0x100000, 0x3fffffff, "System RAM\n");
	assert_int_equal(unlink(t_write_str(root, "sys/firmware/memmap/0/type", "x")), 0);
	assert_int_equal(kx_fw_memmap(&ctx, &mm), -EINVAL);
	assert_string_equal(ctx.msg, "/sys/firmware/memmap/0: unreadable or malformed entry");
	kx_memmap_free(&mm);
}

/* A failure leaves nothing allocated: a caller that only frees on
 * success (x86_e820 did) leaks nothing. */
static void fw_memmap_failure_frees(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_memmap mm = { 0 };
	const char *root = t_tmpdir();
	unsigned i;

	/* The array is allocated before the first entry is read, whatever
	 * order readdir gives; more than its first 32 make it grow too. */
	for (i = 0; i < 40; i++)
		fw_entry(root, i, (uint64_t)i << 20, ((uint64_t)(i + 1) << 20) - 1, "System RAM\n");
	t_write_str(root, "sys/firmware/memmap/39/type", "");
	ctx.root = root;
	assert_int_equal(kx_fw_memmap(&ctx, &mm), -EINVAL);
	assert_string_equal(ctx.msg, "/sys/firmware/memmap/39: unreadable or malformed entry");
	assert_null(mm.e);
	assert_int_equal(mm.n, 0);
	assert_int_equal(mm.cap, 0);
}

static void mem_total(void **state)
{
	struct kx_ctx ctx = { 0 };
	uint64_t bytes = 0;
	const char *root;

	ctx.root = t_fake_root(1024, NULL);
	assert_int_equal(kx_mem_total(&ctx, &bytes), 0);
	assert_int_equal(bytes, 1024ULL << 20);

	/* MemTotal need not be the first line; 16 GiB and a bit. */
	root = t_tmpdir();
	t_write_str(root, "proc/meminfo",
		    "Foo:    1 kB\nMemTotal:       16777220 kB\nMemFree: 5 kB\n");
	ctx.root = root;
	assert_int_equal(kx_mem_total(&ctx, &bytes), 0);
	assert_int_equal(bytes, 16777220ULL * 1024);
}

static void mem_total_errors(void **state)
{
	struct kx_ctx ctx = { 0 };
	const char *root = t_tmpdir();
	uint64_t bytes = 42;

	ctx.root = root;
	assert_int_equal(kx_mem_total(&ctx, &bytes), -ENOENT);
	assert_int_equal(ctx.stage, KX_STAGE_INPUT);
	assert_string_equal(ctx.msg, "/proc/meminfo: No such file or directory");
	assert_int_equal(bytes, 42);

	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	t_write_str(root, "proc/meminfo", "MemFree:        1000 kB\n");
	assert_int_equal(kx_mem_total(&ctx, &bytes), -EINVAL);
	assert_string_equal(ctx.msg, "/proc/meminfo: no MemTotal line");

	memset(&ctx, 0, sizeof(ctx));
	ctx.root = root;
	t_write_str(root, "proc/meminfo", "MemTotal: lots\n");
	assert_int_equal(kx_mem_total(&ctx, &bytes), -EINVAL);
	assert_string_equal(ctx.msg, "/proc/meminfo: no MemTotal line");
	assert_int_equal(bytes, 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iomem_x86_normal),
		cmocka_unit_test(iomem_x86_crash),
		cmocka_unit_test(iomem_arm64),
		cmocka_unit_test(iomem_all_zero),
		cmocka_unit_test(iomem_garbage),
		cmocka_unit_test(iomem_wide_addresses),
		cmocka_unit_test(iomem_scoping),
		cmocka_unit_test(iomem_ram_fake_root),
		cmocka_unit_test(iomem_ram_long),
		cmocka_unit_test(iomem_ram_crash_fake_root),
		cmocka_unit_test(iomem_ram_errors),
		cmocka_unit_test(fw_memmap_fake_root),
		cmocka_unit_test(fw_memmap_sorted),
		cmocka_unit_test(fw_memmap_errors),
		cmocka_unit_test(fw_memmap_failure_frees),
		cmocka_unit_test(mem_total),
		cmocka_unit_test(mem_total_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
