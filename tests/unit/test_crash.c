/* SPDX-License-Identifier: MIT */
/*
 * test_crash.c - the crash kernel's ELF core header (core/plan/crash_src.c,
 * crash_elf.c) from fixture /sys and /proc trees: CPUs' notes, VMCOREINFO,
 * RAM with holes and the reservation(s) cut out, the linear map and the
 * kernel text from a /proc/kcore written here (KASLR'd addresses), or from
 * /proc/kallsyms without it.  Each header is parsed back by the reader
 * below, written from the ELF specification, and compared field by field.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "support.h"
#include "crash.h"
#include "le.h"

#define MIB (1ULL << 20)
#define GIB (1ULL << 30)

static const struct kx_crash_arch x86 = { .machine = 62, .text = 1, .keep_out = MIB };
static const struct kx_crash_arch arm = { .machine = 40, .elf32 = 1 };

/* A PC: RAM in three ranges with holes, the reservation in the middle of
 * the second one, the kernel at 0x21000000. */
static const char iomem_pc[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009efff : System RAM\n"
	"000a0000-000fffff : Reserved\n"
	"00100000-7ffdffff : System RAM\n"
	"  21000000-21e02fff : Kernel code\n"
	"  21e03000-2262afff : Kernel rodata\n"
	"  2f000000-3effffff : Crash kernel\n"
	"  7e000000-7e0fffff : reserved\n"
	"7ffe0000-7fffffff : Reserved\n"
	"100000000-27fffffff : System RAM\n";

/* KASLR'd: where the linear map and the kernel text ended up this boot. */
#define LINEAR 0xffff9e6c40000000ULL
#define TEXT_VA 0xffffffffa4e00000ULL
#define TEXT_PA 0x21000000ULL
#define TEXT_SZ 0x2800000ULL

struct kload {
	uint64_t va, pa, sz;
};

/* A /proc/kcore as the kernel shows its headers: a PT_NOTE, then PT_LOADs
 * (paddr -1 for what is not RAM or text). */
static void write_kcore(const char *root, const struct kload *l, unsigned n)
{
	size_t len = 64 + (n + 1) * 56;
	unsigned char *b = calloc(1, len);
	unsigned i;

	assert_non_null(b);
	memcpy(b, "\177ELF\2\1\1", 7);
	kx_put32(b + 16, 4 | 62 << 16);
	kx_put64(b + 32, 64);
	kx_put32(b + 52, 64 | 56 << 16);
	kx_put32(b + 56, n + 1);
	kx_put32(b + 64, 4); /* PT_NOTE */
	for (i = 0; i < n; i++) {
		unsigned char *p = b + 64 + (i + 1) * 56;

		kx_put32(p, 1);
		kx_put32(p + 4, 7);
		kx_put64(p + 16, l[i].va);
		kx_put64(p + 24, l[i].pa);
		kx_put64(p + 32, l[i].sz);
		kx_put64(p + 40, l[i].sz);
	}
	t_write(root, "proc/kcore", b, len);
	free(b);
}

static void write_cpu(const char *root, unsigned cpu, const char *notes, const char *size)
{
	char rel[96];

	snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u/crash_notes", cpu);
	t_write_str(root, rel, notes);
	snprintf(rel, sizeof(rel), "sys/devices/system/cpu/cpu%u/crash_notes_size", cpu);
	t_write_str(root, rel, size);
}

/* 4 CPUs (cpu2 offline: still present, still dumped), the PC above. */
static const char *pc_root(void)
{
	const char *r = t_fake_root(1024, "root=/dev/vda");
	const struct kload kc[] = {
		{ TEXT_VA, TEXT_PA, TEXT_SZ },
		{ 0xffffbd4a40000000ULL, UINT64_MAX, 32 * GIB }, /* vmalloc */
		{ LINEAR + 0x1000, 0x1000, 0x9e000 },
		{ LINEAR + 0x100000, 0x100000, 0x7fee0000 },
		{ LINEAR + 0x100000000ULL, 0x100000000ULL, 0x180000000ULL },
		{ 0xffffe6b380000000ULL, UINT64_MAX, 0x2000000 }, /* vmemmap */
	};

	t_write_str(r, "proc/iomem", iomem_pc);
	write_cpu(r, 0, "7fc1a3c8\n", "432\n");
	write_cpu(r, 1, "7fc5a3c8\n", "432\n");
	write_cpu(r, 2, "7fc9a3c8\n", "432\n");
	t_write_str(r, "sys/devices/system/cpu/cpu2/online", "0\n");
	write_cpu(r, 3, "7fcda3c8\n", "432\n");
	t_write_str(r, "sys/devices/system/cpu/cpufreq/policy0", ""); /* not a CPU */
	t_write_str(r, "sys/kernel/vmcoreinfo", "0x0000000002d3a000 1024\n");
	write_kcore(r, kc, sizeof(kc) / sizeof(kc[0]));
	return r;
}

/* The header as a reader sees it, both classes. */
struct ph {
	uint32_t type, flags;
	uint64_t off, va, pa, filesz, memsz;
};

struct core {
	int cls;
	unsigned machine, type, phnum;
	struct ph ph[64];
};

static void parse(const unsigned char *b, size_t len, struct core *c)
{
	unsigned i;

	memset(c, 0, sizeof(*c));
	assert_true(len >= 64 && len % 4096 == 0);
	assert_memory_equal(b, "\177ELF", 4);
	assert_int_equal(b[5], 1);
	assert_int_equal(b[6], 1);
	c->cls = b[4];
	c->type = kx_get16(b + 16);
	c->machine = kx_get16(b + 18);
	assert_int_equal(kx_get32(b + 20), 1);
	if (c->cls == 2) {
		assert_int_equal(kx_get64(b + 32), 64);
		assert_int_equal(kx_get16(b + 52), 64);
		assert_int_equal(kx_get16(b + 54), 56);
		c->phnum = kx_get16(b + 56);
	} else {
		assert_int_equal(c->cls, 1);
		assert_int_equal(kx_get32(b + 28), 52);
		assert_int_equal(kx_get16(b + 40), 52);
		assert_int_equal(kx_get16(b + 42), 32);
		c->phnum = kx_get16(b + 44);
	}
	assert_true(c->phnum <= 64);
	for (i = 0; i < c->phnum; i++) {
		const unsigned char *p = b + (c->cls == 2 ? 64 + i * 56 : 52 + i * 32);
		struct ph *h = &c->ph[i];

		assert_true(p + (c->cls == 2 ? 56 : 32) <= b + len);
		if (c->cls == 2)
			*h = (struct ph){ kx_get32(p),	    kx_get32(p + 4),  kx_get64(p + 8),
					  kx_get64(p + 16), kx_get64(p + 24), kx_get64(p + 32),
					  kx_get64(p + 40) };
		else
			*h = (struct ph){ kx_get32(p),	   kx_get32(p + 24), kx_get32(p + 4),
					  kx_get32(p + 8), kx_get32(p + 12), kx_get32(p + 16),
					  kx_get32(p + 20) };
	}
}

static void expect(const struct ph *h, uint32_t type, uint64_t pa, uint64_t va, uint64_t size)
{
	assert_int_equal(h->type, type);
	assert_int_equal(h->flags, type == 1 ? 7 : 0);
	assert_int_equal(h->off, pa);
	assert_int_equal(h->pa, pa);
	assert_int_equal(h->va, va);
	assert_int_equal(h->filesz, size);
	assert_int_equal(h->memsz, size);
}

static void build(const char *root, const struct kx_crash_arch *a, int cls, struct core *c)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_crash_src s;
	unsigned char *b;
	size_t len;
	char why[200];

	if (kx_crash_read(&ctx, a, &s))
		fail_msg("%s", ctx.msg);
	assert_int_equal(kx_crash_elf(&s, a, cls, &b, &len, why, sizeof(why)), 0);
	parse(b, len, c);
	free(b);
	kx_crash_free(&s);
}

static void pc_four_cpus(void **state)
{
	struct core c;

	build(pc_root(), &x86, 2, &c);
	assert_int_equal(c.cls, 2);
	assert_int_equal(c.type, 4); /* ET_CORE */
	assert_int_equal(c.machine, 62);
	assert_int_equal(c.phnum, 4 + 1 + 1 + 3);
	expect(&c.ph[0], 4, 0x7fc1a3c8, 0, 432);
	expect(&c.ph[1], 4, 0x7fc5a3c8, 0, 432);
	expect(&c.ph[2], 4, 0x7fc9a3c8, 0, 432);
	expect(&c.ph[3], 4, 0x7fcda3c8, 0, 432);
	expect(&c.ph[4], 4, 0x2d3a000, 0, 0x1024); /* the size is hex too */
	expect(&c.ph[5], 1, TEXT_PA, TEXT_VA, TEXT_SZ);
	/* The low 1 MiB (the crash kernel's) and the reservation are left out. */
	expect(&c.ph[6], 1, 0x100000, LINEAR + 0x100000, 0x2f000000 - 0x100000);
	expect(&c.ph[7], 1, 0x3f000000, LINEAR + 0x3f000000, 0x7ffe0000 - 0x3f000000);
	expect(&c.ph[8], 1, 0x100000000ULL, LINEAR + 0x100000000ULL, 0x180000000ULL);
	(void)state;
}

/* crashkernel=X,high on x86: two "Crash kernel" ranges, both left out. */
static void pc_crashkernel_high(void **state)
{
	const char *r = pc_root();
	struct core c;

	t_write_str(r, "proc/iomem",
		    "00001000-0009efff : System RAM\n"
		    "00100000-7ffdffff : System RAM\n"
		    "  21000000-21e02fff : Kernel code\n"
		    "  6f000000-7effffff : Crash kernel\n"
		    "100000000-27fffffff : System RAM\n"
		    "  270000000-27fffffff : Crash kernel\n");
	build(r, &x86, 2, &c);
	assert_int_equal(c.phnum, 4 + 1 + 1 + 3);
	expect(&c.ph[6], 1, 0x100000, LINEAR + 0x100000, 0x6f000000 - 0x100000);
	expect(&c.ph[7], 1, 0x7f000000, LINEAR + 0x7f000000, 0x7ffe0000 - 0x7f000000);
	expect(&c.ph[8], 1, 0x100000000ULL, LINEAR + 0x100000000ULL, 0x170000000ULL);
	(void)state;
}

static void refused(const char *root, const struct kx_crash_arch *a, int err, const char *want)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_crash_src s;

	assert_int_equal(kx_crash_read(&ctx, a, &s), err);
	assert_int_equal(ctx.err, err);
	if (!strstr(ctx.msg, want))
		fail_msg("message '%s' lacks '%s'", ctx.msg, want);
	kx_crash_free(&s);
}

/* Without /proc/kcore: _text and _end from /proc/kallsyms, the physical
 * address from "Kernel code" (which starts at _stext), no linear map. */
static void text_from_kallsyms(void **state)
{
	const char *r = pc_root();
	char *ks = malloc(2 << 20);
	size_t n = 0;
	struct core c;

	assert_non_null(ks);
	/* Megabytes of symbols before the ones read, as on a real kernel. */
	while (n < (1 << 20))
		n += sprintf(ks + n, "ffffffffc0a1b2c0 t some_module_function_%zu\t[mod]\n", n);
	n += sprintf(ks + n, "ffffffffa4e00000 T _text\nffffffffa4e10000 T _stext\n");
	n += sprintf(ks + n, "ffffffffa7600000 B _end\n");
	t_write(r, "proc/kallsyms", ks, n);
	free(ks);
	unlink(t_write_str(r, "proc/kcore", ""));
	t_write_str(r, "proc/iomem", "00100000-7ffdffff : System RAM\n"
				     "  21010000-21e02fff : Kernel code\n"
				     "  2f000000-3effffff : Crash kernel\n");
	build(r, &x86, 2, &c);
	assert_int_equal(c.phnum, 4 + 1 + 1 + 2);
	expect(&c.ph[5], 1, 0x21000000, TEXT_VA, 0x2800000);
	expect(&c.ph[6], 1, 0x100000, 0, 0x2f000000 - 0x100000);

	/* arm64 lists neither _text nor _end: the text from _stext, at
	 * "Kernel code", up to the end of "Kernel data". */
	t_write_str(r, "proc/kallsyms", "ffffffffa4e10000 T _stext\nffffffffa4e10000 T "
					"__irqentry_text_start\n");
	t_write_str(r, "proc/iomem", "00100000-7ffdffff : System RAM\n"
				     "  21010000-21e02fff : Kernel code\n"
				     "  21e03000-237fffff : Kernel data\n"
				     "  2f000000-3effffff : Crash kernel\n");
	build(r, &x86, 2, &c);
	expect(&c.ph[5], 1, 0x21010000, TEXT_VA + 0x10000, 0x2800000 - 0x10000);
	t_write_str(r, "proc/kallsyms", "ffffffffa4e00000 T _text\n");
	refused(r, &x86, -EPERM, "/proc/kallsyms shows no _stext, or no _end (nor \"Kernel data\"");
	(void)state;
}

/* kptr_restrict 2: kallsyms shows zeros; no kcore: the text is unknown. */
static void kallsyms_hidden(void **state)
{
	const char *r = pc_root();
	struct core c;

	unlink(t_write_str(r, "proc/kcore", ""));
	t_write_str(r, "proc/kallsyms", "0000000000000000 T _text\n0000000000000000 T _stext\n"
					"0000000000000000 B _end\n");
	refused(r, &x86, -EPERM,
		"/proc/kallsyms shows every address as zero (kernel.kptr_restrict");
	/* An arch whose tools want no text segment does not ask. */

	build(r, &arm, 2, &c);
	assert_int_equal(c.phnum, 4 + 1 + 4);
	expect(&c.ph[5], 1, 0x1000, 0, 0x9e000); /* no kcore: no linear map */
	(void)state;
}

static void missing_inputs(void **state)
{
	const char *r = pc_root();

	unlink(t_write_str(r, "sys/kernel/vmcoreinfo", ""));
	refused(r, &x86, -ENOENT, "/sys/kernel/vmcoreinfo: No such file or directory (a kernel"
				  " without CONFIG_CRASH_CORE?)");
	t_write_str(r, "sys/kernel/vmcoreinfo", "0x2d3a");
	refused(r, &x86, -EINVAL, "/sys/kernel/vmcoreinfo: \"0x2d3a\" is not \"ADDRESS SIZE\"");
	t_write_str(r, "sys/kernel/vmcoreinfo", "0x0000000002d3a000 1024\n");

	(void)state;
}

static void unreadable_notes(void **state)
{
	const char *r = pc_root();
	char path[4096];

	snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/cpu1/crash_notes", r);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	refused(r, &x86, -EISDIR, "/sys/devices/system/cpu/cpu1/crash_notes: Is a directory");
	rmdir(path);
	t_write_str(r, "sys/devices/system/cpu/cpu1/crash_notes", "zz\n");
	refused(r, &x86, -EINVAL, "cpu1/crash_notes: \"zz\" is not an address");
	t_write_str(r, "sys/devices/system/cpu/cpu1/crash_notes", "7fc5a3c8\n");
	t_write_str(r, "sys/devices/system/cpu/cpu1/crash_notes_size", "0\n");
	refused(r, &x86, -EINVAL, "cpu1/crash_notes_size: \"0\" is not a note size");
	(void)state;
}

/* A kernel without CONFIG_CRASH_DUMP has no crash_notes at all; one
 * booted without crashkernel= has no reservation. */
static void no_crash_support(void **state)
{
	const char *r = pc_root();
	char path[4096];

	t_write_str(r, "proc/iomem", "00100000-7ffdffff : System RAM\n");
	refused(r, &x86, -ENOENT, "/proc/iomem: no \"Crash kernel\" range: boot with crashkernel=");
	for (unsigned i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/sys/devices/system/cpu/cpu%u/crash_notes", r, i);
		unlink(path);
	}
	refused(r, &x86, -ENOENT,
		"cpu0/crash_notes: none (a kernel built without CONFIG_CRASH_DUMP");
	(void)state;
}

/* 32-bit arm: one CPU, RAM at 0x40000000, ELF32 asked for and fitting;
 * with LPAE memory above 4 GiB, ELF32 is refused with the reason. */
static void arm_elf32(void **state)
{
	const char *r = t_fake_root(512, "root=/dev/vda");
	struct kx_ctx ctx = { .root = r };
	struct kx_crash_src s;
	unsigned char *b;
	size_t len;
	char why[200];
	struct core c;

	t_write_str(r, "proc/iomem", "40000000-5fffffff : System RAM\n"
				     "  40208000-40ffffff : Kernel code\n"
				     "  58000000-5fffffff : Crash kernel\n");
	write_cpu(r, 0, "5f7d1000\n", "168\n");
	t_write_str(r, "sys/kernel/vmcoreinfo", "0x5f7b0000 1000\n");
	build(r, &arm, 1, &c);
	assert_int_equal(c.cls, 1);
	assert_int_equal(c.machine, 40);
	assert_int_equal(c.phnum, 3);
	expect(&c.ph[0], 4, 0x5f7d1000, 0, 168);
	expect(&c.ph[1], 4, 0x5f7b0000, 0, 0x1000);
	expect(&c.ph[2], 1, 0x40000000, 0, 0x18000000);

	t_write_str(r, "proc/iomem", "40000000-5fffffff : System RAM\n"
				     "  58000000-5fffffff : Crash kernel\n"
				     "100000000-13fffffff : System RAM\n");
	assert_int_equal(kx_crash_read(&ctx, &arm, &s), 0);
	assert_int_equal(kx_crash_elf(&s, &arm, 1, &b, &len, why, sizeof(why)), -EOVERFLOW);
	assert_string_equal(why, "ELF32 core headers cannot hold memory at 0x100000000-0x140000000"
				 " (above 4 GiB): use ELF64 (the default)");
	assert_null(b);
	assert_int_equal(kx_crash_elf(&s, &arm, 2, &b, &len, why, sizeof(why)), 0);
	parse(b, len, &c);
	assert_int_equal(c.phnum, 4);
	expect(&c.ph[3], 1, 0x100000000ULL, 0, 0x40000000);
	free(b);
	kx_crash_free(&s);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pc_four_cpus),
		cmocka_unit_test(pc_crashkernel_high),
		cmocka_unit_test(text_from_kallsyms),
		cmocka_unit_test(kallsyms_hidden),
		cmocka_unit_test(missing_inputs),
		cmocka_unit_test(unreadable_notes),
		cmocka_unit_test(no_crash_support),
		cmocka_unit_test(arm_elf32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
