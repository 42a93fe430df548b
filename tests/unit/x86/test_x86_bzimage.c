/* SPDX-License-Identifier: MIT */
/*
 * test_x86_bzimage.c - the bzImage setup header checks and the x86_64 plan:
 * where each segment goes and what boot_params tells the new kernel.
 * Images are generated (support.c: t_bzimage), never committed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "bzimage.h"
#include "purgatory.h"

static uint32_t rd32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const unsigned char *p)
{
	return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* The purgatory's parameter block in plan p, at *off in its blob. */
static const struct kx_purg_params *purg_params(const struct kx_plan *p, size_t *off)
{
	const struct kx_segment *pg = t_seg(p, "purgatory");

	for (*off = 0; *off + sizeof(struct kx_purg_params) <= pg->bufsz; *off += 8)
		if (rd64((const unsigned char *)pg->buf + *off) == KX_PURG_MAGIC)
			return (const void *)((const unsigned char *)pg->buf + *off);
	fail_msg("no parameter block in the purgatory");
	return NULL;
}

static void parse_good(void **state)
{
	size_t len;
	unsigned char *b = t_bzimage(1 << 20, &len);
	struct x86_setup s;
	char why[192];

	assert_int_equal(x86_setup_parse(b, len, &s, why, sizeof(why)), 0);
	assert_int_equal(s.version, 0x20f);
	assert_int_equal(s.setup_size, 5 * 512);
	assert_int_equal(s.kernel_size, 1 << 20);
	assert_int_equal(s.kernel_alignment, 0x200000);
	assert_int_equal(s.init_size, 16 << 20);
	assert_int_equal(s.cmdline_size, 2047);
	assert_int_equal(s.hdr_end, 0x26c);
	assert_non_null(strstr(why, "boot protocol 2.15"));
	free(b);
}

/* Each damaged header is refused with its own reason. */
static void parse_bad(void **state)
{
	static const struct { size_t off; unsigned char val; const char *why; } cases[] = {
		{ 0x1fe, 0x00, "0xAA55" },
		{ 0x202, 'X', "HdrS" },
		{ 0x206, 0x0b, "older than 2.12" },     /* protocol 2.11 */
		{ 0x211, 0x00, "zImage" },              /* LOADED_HIGH clear */
		{ 0x236, 0x7e, "XLF_KERNEL_64" },       /* 32-bit only */
	};
	size_t len, i;
	char why[192];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char *b = t_bzimage(4096, &len);
		struct x86_setup s;

		b[cases[i].off] = cases[i].val;
		assert_int_equal(x86_setup_parse(b, len, &s, why, sizeof(why)), -ENOEXEC);
		if (!strstr(why, cases[i].why))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, why, cases[i].why);
		free(b);
	}
}

static void parse_truncated(void **state)
{
	size_t len;
	unsigned char *b = t_bzimage(1 << 20, &len);
	struct x86_setup s;
	char why[192];

	/* Cut inside the protected-mode kernel: syssize says more. */
	assert_int_equal(x86_setup_parse(b, len - 4096, &s, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	/* Cut inside the setup code. */
	assert_int_equal(x86_setup_parse(b, 0x400, &s, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	/* Too short for a header at all. */
	assert_int_equal(x86_setup_parse(b, 0x100, &s, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "too short"));
	free(b);
}

struct fixture {
	const char *root, *kernel, *initrd;
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
};

static void setup_files(struct fixture *f, unsigned ram_mib, size_t initrd_size)
{
	size_t len;
	unsigned char *b = t_bzimage(3 << 20, &len);
	unsigned char *rd = calloc(1, initrd_size ? initrd_size : 1);

	memset(f, 0, sizeof(*f));
	f->root = t_fake_root(ram_mib, "BOOT_IMAGE=/vmlinuz root=/dev/vda console=ttyS0\n");
	f->kernel = strdup(t_write(f->root, "boot/vmlinuz", b, len));
	f->initrd = initrd_size ? strdup(t_write(f->root, "boot/initrd", rd, initrd_size)) : NULL;
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
	free(b);
	free(rd);
}

static void teardown_files(struct fixture *f)
{
	free((char *)f->kernel);
	free((char *)f->initrd);
}

static void plan_layout(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	const struct kx_segment *k, *rd, *bp, *pg;
	const unsigned char *b;

	setup_files(&f, 1024, 5 << 20);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.cmdline = "console=ttyS0 kx.marker=42";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "bzImage");
	assert_int_equal(p->nseg, 4);
	k = t_seg(p, "kernel");
	rd = t_seg(p, "initrd");
	bp = t_seg(p, "boot_params");
	pg = t_seg(p, "purgatory");
	/* The kernel at its preferred address, with room for init_size. */
	assert_int_equal(k->mem, 0x1000000);
	assert_int_equal(k->memsz, 16 << 20);
	assert_int_equal(k->bufsz, 3 << 20);
	/* The initrd at the top of RAM. */
	assert_int_equal(rd->mem + rd->memsz, 1024ULL << 20);
	assert_int_equal(rd->bufsz, 5 << 20);
	/* The purgatory is entered, and is the last segment. */
	assert_ptr_equal(pg, &p->seg[3]);
	assert_int_equal(p->entry, pg->mem);
	assert_true(pg->mem + pg->memsz <= 0x100000000ULL);
	/* boot_params says where everything is. */
	b = bp->buf;
	assert_int_equal(rd32(b + 0x218), rd->mem);
	assert_int_equal(rd32(b + 0x21c), 5 << 20);
	assert_int_equal(rd32(b + 0x228), bp->mem + 4096);
	assert_string_equal((const char *)b + 4096, "console=ttyS0 kx.marker=42");
	assert_memory_equal(b + 0x202, "HdrS", 4);
	assert_int_equal(b[0x210], 0xff);
	/* e820 from the fake /sys/firmware/memmap: 3 entries, in order. */
	assert_int_equal(b[0x1e8], 3);
	assert_int_equal(rd64(b + 0x2d0 + 2 * 20), 0x100000);
	assert_int_equal(rd64(b + 0x2d0 + 2 * 20 + 8), (1024ULL << 20) - 0x100000);
	assert_int_equal(rd32(b + 0x2d0 + 1 * 20 + 16), 2);
	/* The fake iomem's reserved child is never used. */
	for (unsigned i = 0; i < p->nseg; i++)
		assert_false(p->seg[i].mem < 0x3100000 &&
			     p->seg[i].mem + p->seg[i].memsz > 0x3000000);
	kx_plan_free(p);
	teardown_files(&f);
}

/* The purgatory's parameter block points at the kernel and boot_params,
 * and its digest covers the other segments. */
static void plan_purgatory_params(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	const struct kx_purg_params *pp;
	const struct kx_segment *pg;
	size_t off;

	setup_files(&f, 512, 4096);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	pp = purg_params(p, &off);
	assert_int_equal(pp->entry, t_seg(p, "kernel")->mem + 0x200);
	assert_int_equal(pp->arg0, t_seg(p, "boot_params")->mem);
	/* Nothing hashed until kexec_load is chosen (kexec_file_load may
	 * never need it), and until then the blob would skip its check. */
	assert_int_equal(pp->nregions, 0);
	assert_int_equal(pp->skip_checks, 1);
	assert_int_equal(kx_plan_seal(&f.ctx, p), 0);
	assert_int_equal(pp->nregions, 3);
	assert_int_equal(pp->skip_checks, 0);
	assert_int_equal(pp->region[0].start, t_seg(p, "kernel")->mem);
	assert_int_equal(pp->region[0].len, t_seg(p, "kernel")->bufsz);
	/* Loading through kexec_load seals it. */
	kx_plan_free(p);
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	p->mode = KX_SYSCALL_LOAD;
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	pp = (const void *)((const unsigned char *)t_seg(p, "purgatory")->buf + off);
	assert_int_equal(pp->nregions, 3);
	assert_string_equal(f.rec.last, "kexec_load");
	kx_plan_free(p);

	o.flags = KX_NO_CHECKS;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_seal(&f.ctx, p), 0);
	pg = t_seg(p, "purgatory");
	pp = (const void *)((const unsigned char *)pg->buf + off);
	assert_int_equal(pp->skip_checks, 1);
	assert_int_equal(pp->nregions, 0);
	assert_int_equal(pp->console_kind, KX_CON_NONE);
	kx_plan_free(p);

	/* --serial=0x2f8 --serial-baud=38400: the purgatory's console. */
	o.serial = "0x2f8";
	o.serial_baud = 38400;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	pp = (const void *)((const unsigned char *)t_seg(p, "purgatory")->buf + off);
	assert_int_equal(pp->console_kind, KX_CON_PORT);
	assert_int_equal(pp->console, 0x2f8);
	assert_int_equal(pp->console_div, 3);
	kx_plan_free(p);
	teardown_files(&f);
}

static void plan_reuse_cmdline(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;

	setup_files(&f, 512, 0);
	o.kernel = f.kernel;
	o.reuse_cmdline = 1;
	o.cmdline = "kx.marker=7";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->cmdline, "root=/dev/vda console=ttyS0 kx.marker=7");
	assert_int_equal(rd32((const unsigned char *)t_seg(p, "boot_params")->buf + 0x218), 0);
	assert_int_equal(p->nseg, 3);
	assert_int_equal(p->initrd_fd, -1);
	kx_plan_free(p);
	teardown_files(&f);
}

/* The header's cmdline_size (2047 + NUL) is the limit, not a truncation. */
static void plan_cmdline_limit(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	char *big = malloc(2049);

	setup_files(&f, 512, 0);
	memset(big, 'a', 2048);
	big[2047] = 0;
	o.kernel = f.kernel;
	o.cmdline = big;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(strlen(p->cmdline), 2047);
	kx_plan_free(p);
	big[2047] = 'a';
	big[2048] = 0;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -E2BIG);
	assert_null(p);
	assert_non_null(strstr(f.ctx.msg, "command line"));
	assert_non_null(strstr(f.ctx.msg, "2048"));
	free(big);
	teardown_files(&f);
}

/* RAM too small for init_size: a plan error that says what and how much. */
static void plan_no_room(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;

	setup_files(&f, 12, 0);
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOSPC);
	assert_int_equal(f.ctx.stage, KX_STAGE_PLAN);
	/* The message names the file. */
	assert_non_null(strstr(f.ctx.msg, ": no free RAM for 16.0 MiB"));
	assert_int_equal(strncmp(f.ctx.msg, "kernel ", 7), 0);
	assert_non_null(strstr(f.ctx.msg, f.kernel));
	teardown_files(&f);
}

static void plan_not_a_kernel(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;

	setup_files(&f, 512, 0);
	o.kernel = t_write_str(f.root, "junk", "this is not a kernel, just some text that is long "
					       "enough");
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOEXEC);
	assert_int_equal(f.ctx.stage, KX_STAGE_INPUT);
	assert_non_null(strstr(f.ctx.msg, "junk"));
	assert_non_null(strstr(f.ctx.msg, "bzImage: "));
	teardown_files(&f);
}

/* No /sys/firmware/memmap: e820 comes from /proc/iomem's top level. */
static void e820_from_iomem(void **state)
{
	struct kx_ctx ctx = { 0 };
	unsigned char bp[4096] = { 0 };
	const char *root = t_tmpdir();
	char src[64];

	t_write_str(root, "proc/iomem",
		    "00000000-00000fff : Reserved\n"
		    "00001000-0009fbff : System RAM\n"
		    "000a0000-000bffff : PCI Bus 0000:00\n"
		    "00100000-3ffdffff : System RAM\n"
		    "  01000000-01ffffff : Kernel code\n"
		    "3ffe0000-3fffffff : ACPI Tables\n");
	ctx.root = root;
	assert_int_equal(x86_e820(&ctx, bp, src, sizeof(src)), 0);
	assert_non_null(strstr(src, "/proc/iomem"));
	assert_int_equal(bp[0x1e8], 4);
	assert_int_equal(rd32(bp + 0x2d0 + 16), 2);
	assert_int_equal(rd64(bp + 0x2d0 + 2 * 20), 0x100000);
	assert_int_equal(rd32(bp + 0x2d0 + 3 * 20 + 16), 3);
}

/* A malformed /sys/firmware/memmap entry is named and nothing read so
 * far is kept: the sanitizer build's leak check fails this test if the
 * entries read before the bad one are not freed. */
static void e820_bad_memmap(void **state)
{
	struct kx_ctx ctx = { 0 };
	unsigned char bp[4096] = { 0 };
	const char *root = t_fake_root(1024, "");
	char src[64] = "";

	t_write_str(root, "sys/firmware/memmap/2/end", "not a number\n");
	ctx.root = root;
	assert_int_equal(x86_e820(&ctx, bp, src, sizeof(src)), -EINVAL);
	assert_string_equal(ctx.msg, "/sys/firmware/memmap/2: unreadable or malformed entry");
	assert_int_equal(bp[0x1e8], 0);
}

/* The same through a plan: a bad input (exit 3), whatever the loader was
 * doing when it read the entry (placing, which once left its category). */
static void plan_bad_memmap(void **state)
{
	struct fixture f;
	struct kx_plan *p = NULL;
	struct kx_opts o = { .cmdline = "console=ttyS0" };

	setup_files(&f, 64, 4096);
	t_write_str(f.root, "sys/firmware/memmap/2/end", "not a number\n");
	o.kernel = f.kernel;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EINVAL);
	assert_null(p);
	assert_string_equal(f.ctx.msg, "/sys/firmware/memmap/2: unreadable or malformed entry");
	assert_int_equal(f.ctx.stage, KX_STAGE_INPUT);
	teardown_files(&f);
}

/* The running kernel's crash files (core/plan/crash.h) in f's root, with a
 * 256 MiB reservation at 0x2f000000 and ACPI tables at the top of RAM. */
static void crash_files(struct fixture *f)
{
	t_crash_root(f->root,
		     "00000000-00000fff : Reserved\n"
		     "00001000-0009fbff : System RAM\n"
		     "000f0000-000fffff : Reserved\n"
		     "00100000-3ffdffff : System RAM\n"
		     "  01000000-01ffffff : Kernel code\n"
		     "  2f000000-3effffff : Crash kernel\n"
		     "3ffe0000-3fffffff : ACPI Tables\n"
		     "fec00000-fec003ff : IOAPIC 0\n",
		     "3fc1a3c8\n", 432, "0x0000000002d3a000 1024\n");
	t_write_str(f->root, "proc/kallsyms",
		    "ffffffff9a000000 T _text\nffffffff9a000000 T _stext\n"
		    "ffffffff9c000000 B _end\n");
}

/* -c -p: every segment in the reservation, the core header at its top,
 * named on the command line (the user's elfcorehdr= dropped), and an
 * e820 that gives the crash kernel only the low 1 MiB and the reservation
 * without the header as RAM, the ACPI tables still visible. */
static void plan_crash(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	const struct kx_segment *hdr, *bp;
	const unsigned char *b;
	char want[96];

	setup_files(&f, 1024, 1 << 20);
	crash_files(&f);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.cmdline = "console=ttyS0 elfcorehdr=0x1234 nr_cpus=1";
	hdr = t_crash_plan(&f.ctx, &o, 0x2f000000, 0x3f000000, &p);
	assert_memory_equal(hdr->buf, "\177ELF\2\1\1", 7);
	assert_int_equal(rd32((const unsigned char *)hdr->buf + 16),
			 4 | 62 << 16); /* core, x86_64 */
	bp = t_seg(p, "boot_params");
	b = bp->buf;
	snprintf(want, sizeof(want), "elfcorehdr=0x%llx console=ttyS0 nr_cpus=1",
		 (unsigned long long)hdr->mem);
	assert_string_equal((const char *)b + 4096, want);
	assert_string_equal(p->cmdline, want);
	assert_string_equal(p->file_cmdline, o.cmdline); /* kexec_file_load's: the kernel's own */
	/* What the plan reports of the header. */
	assert_int_equal(p->core.elf_class, 64);
	assert_int_equal(p->core.addr, hdr->mem);
	assert_int_equal(p->core.cpus, 1);
	assert_int_equal(p->core.vmcoreinfo, 0x2d3a000);
	assert_int_equal(p->core.text_vaddr, 0xffffffff9a000000ULL);
	assert_int_equal(p->core.text_paddr, 0x1000000);
	assert_int_equal(p->core.text_size, 0x2000000);
	t_expect_ranges(&p->core.ram, 2, (const uint64_t[]){ 0x100000, 0x2f000000, 0x3f000000,
							   0x3ffe0000 });
	/* e820: what is reserved below 1 MiB, the low RAM, ACPI, the
	 * reservation minus the header. */
	assert_int_equal(b[0x1e8], 5);
	assert_int_equal(rd32(b + 0x2d0 + 16), 2);
	assert_int_equal(rd64(b + 0x2d0 + 20), 0x1000);
	assert_int_equal(rd64(b + 0x2d0 + 20 + 8), 0x9fc00 - 0x1000);
	assert_int_equal(rd32(b + 0x2d0 + 20 + 16), 1);
	assert_int_equal(rd32(b + 0x2d0 + 40 + 16), 2);
	assert_int_equal(rd64(b + 0x2d0 + 60), 0x3ffe0000);
	assert_int_equal(rd32(b + 0x2d0 + 60 + 16), 3);
	assert_int_equal(rd64(b + 0x2d0 + 80), 0x2f000000);
	assert_int_equal(rd64(b + 0x2d0 + 80 + 8), hdr->mem - 0x2f000000);
	assert_int_equal(rd32(b + 0x2d0 + 80 + 16), 1);
	kx_plan_free(p);

	/* -c insists on kexec_load: a missing vmcoreinfo is the error. */
	unlink(t_write_str(f.root, "sys/kernel/vmcoreinfo", ""));
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOENT);
	assert_non_null(strstr(f.ctx.msg, "/sys/kernel/vmcoreinfo: No such file"));
	/* The -a default still has kexec_file_load: kexec_load is ruled out,
	 * with the reason. */
	o.syscall = KX_SYSCALL_AUTO;
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(f.ctx.err, 0);
	assert_non_null(strstr(p->load_refusal, "/sys/kernel/vmcoreinfo: No such file"));
	assert_string_equal(p->cmdline, o.cmdline); /* the kernel adds its own */
	kx_plan_free(p);
	teardown_files(&f);
	(void)state;
}

/* A kernel before 6.10 (6.6 to 6.9): KEXEC_CRASH_HOTPLUG_SUPPORT is not
 * one of its flags. */
static int kernel_6_6(void *arg, uint64_t entry, unsigned long nr,
		      const struct kx_raw_segment *segs, unsigned long flags)
{
	struct kx_record *r = arg;

	r->calls++;
	r->flags = flags;
	r->nr = nr;
	return flags & KEXEC_CRASH_HOTPLUG_SUPPORT ? -EINVAL : 0;
}

/* -c -p --hotplug: the header segment has the room the running kernel
 * asks for (its program headers, with the ELF header, in pages) and
 * the crash kernel's e820 keeps all of it; the purgatory does not hash
 * it; kexec_load is told (KEXEC_CRASH_HOTPLUG_SUPPORT, else the 6.6
 * flag).  Refused where the kernel has no crash hotplug, and when
 * another segment starts with ELF magic. */
static void plan_crash_hotplug(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	const struct kx_segment *hdr;
	const struct kx_purg_params *pp;
	const unsigned char *b;
	size_t off;
	unsigned i;

	setup_files(&f, 1024, 1 << 20);
	crash_files(&f);
	t_write_str(f.root, "sys/kernel/crash_elfcorehdr_size", "917616\n");
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.cmdline = "console=ttyS0";
	o.flags = KX_HOTPLUG;
	hdr = t_crash_plan(&f.ctx, &o, 0x2f000000, 0x3f000000, &p);
	assert_int_equal(hdr->bufsz, 4096);
	assert_int_equal(hdr->memsz, 225 * 4096); /* 917616 + 64 bytes */
	assert_int_equal(p->core.size, hdr->memsz);
	assert_true(p->core.hotplug);
	assert_int_equal(p->load_flags, KEXEC_ON_CRASH | KEXEC_CRASH_HOTPLUG_SUPPORT);
	b = t_seg(p, "boot_params")->buf;
	for (i = 0; i < b[0x1e8]; i++) {
		const unsigned char *e = b + 0x2d0 + 20 * i;

		assert_false(rd64(e) < hdr->mem + hdr->memsz && rd64(e) + rd64(e + 8) > hdr->mem);
	}
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_int_equal(f.rec.flags & 0xffff, KEXEC_ON_CRASH | KEXEC_CRASH_HOTPLUG_SUPPORT);
	assert_int_equal(f.rec.seg[0].memsz, hdr->memsz);
	pp = purg_params(p, &off);
	assert_int_equal(pp->nregions, 3); /* kernel, initrd, boot_params */
	for (i = 0; i < pp->nregions; i++)
		assert_int_not_equal(pp->region[i].start, hdr->mem);
	kx_plan_free(p);

	/* 6.6 to 6.9: EINVAL, then the header-only flag. */
	f.sys.kexec_load = kernel_6_6;
	f.rec.calls = 0;
	hdr = t_crash_plan(&f.ctx, &o, 0x2f000000, 0x3f000000, &p);
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_int_equal(f.rec.calls, 2);
	assert_int_equal(f.rec.flags & 0xffff, KEXEC_ON_CRASH | KEXEC_UPDATE_ELFCOREHDR);
	kx_plan_free(p);

	/* An initrd that starts as an ELF file would be taken for the header. */
	t_write_str(f.root, "boot/initrd", "\177ELF and more");
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	f.ctx.sys = &f.sys;
	o.syscall = KX_SYSCALL_LOAD;
	o.flags |= KX_PANIC;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	f.rec.calls = 0;
	assert_int_equal(kx_plan_load(&f.ctx, p), -EINVAL);
	assert_int_equal(f.rec.calls, 0);
	assert_non_null(strstr(f.ctx.msg, "--hotplug: the initrd ("));
	assert_non_null(strstr(f.ctx.msg, "starts with ELF magic"));
	kx_plan_free(p);

	/* A kernel without crash hotplug: refused under -c, the reason named;
	 * -a keeps kexec_file_load, where the kernel decides. */
	unlink(t_write_str(f.root, "sys/kernel/crash_elfcorehdr_size", ""));
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOENT);
	assert_int_equal(f.ctx.stage, KX_STAGE_KERNEL);
	assert_non_null(strstr(f.ctx.msg, "--hotplug: no /sys/kernel/crash_elfcorehdr_size: the "
					  "running kernel cannot update"));
	o.syscall = KX_SYSCALL_AUTO;
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_non_null(strstr(p->load_refusal, "crash_elfcorehdr_size"));
	kx_plan_free(p);

	/* Nonsense in the size: a bad input. */
	t_write_str(f.root, "sys/kernel/crash_elfcorehdr_size", "lots\n");
	o.syscall = KX_SYSCALL_LOAD;
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EINVAL);
	assert_int_equal(f.ctx.stage, KX_STAGE_INPUT);
	assert_non_null(strstr(f.ctx.msg, "\"lots\" is not a size"));
	teardown_files(&f);
	(void)state;
}

/* What a crash load reads with crashkernel=256M,high: a reservation
 * above 4 GiB, and the low one the kernel adds below. */
static void high_files(struct fixture *f)
{
	t_crash_root(f->root,
		     "00001000-0009fbff : System RAM\n"
		     "00100000-bffdffff : System RAM\n"
		     "  01000000-01ffffff : Kernel code\n"
		     "  b0000000-bfffffff : Crash kernel\n"
		     "100000000-23fffffff : System RAM\n"
		     "  230000000-23fffffff : Crash kernel\n",
		     "3fc1a3c8\n", 432, "0x0000000002d3a000 1024\n");
	t_write_str(f->root, "proc/kallsyms",
		    "ffffffff9a000000 T _text\nffffffff9a000000 T _stext\n"
		    "ffffffff9c000000 B _end\n");
}

/* crashkernel=,high: the segments go to the reservation above 4 GiB
 * (the purgatory and boot_params too, nothing being free below), the
 * command line through ext_cmd_line_ptr, the low reservation in the
 * crash kernel's e820; a kernel that cannot be loaded above 4 GiB finds
 * no room. */
static void plan_crash_high(void **state)
{
	struct fixture f;
	struct kx_opts o = { 0 };
	struct kx_plan *p;
	const struct kx_segment *bp;
	const unsigned char *b;
	unsigned i, low = 0;

	setup_files(&f, 1024, 1 << 20);
	high_files(&f);
	o.kernel = f.kernel;
	o.initrd = f.initrd;
	o.cmdline = "console=ttyS0";
	t_crash_plan(&f.ctx, &o, 0x230000000ULL, 0x240000000ULL, &p);
	assert_true(p->entry >= 0x230000000ULL);
	/* Dumped: RAM above 1 MiB outside both reservations. */
	t_expect_ranges(&p->core.ram, 2, (const uint64_t[]){ 0x100000, 0xb0000000, 0x100000000ULL,
							   0x230000000ULL });
	bp = t_seg(p, "boot_params");
	b = bp->buf;
	assert_int_equal(rd32(b + 0x228) | (uint64_t)rd32(b + 0xc8) << 32, bp->mem + 4096);
	assert_int_equal(rd32(b + 0x218) | (uint64_t)rd32(b + 0xc0) << 32, t_seg(p, "initrd")->mem);
	/* The low reservation is the crash kernel's RAM (e820 type 1). */
	for (i = 0; i < b[0x1e8]; i++) {
		const unsigned char *e = b + 0x2d0 + 20 * i;

		low += rd64(e) == 0xb0000000 && rd64(e + 8) == 0x10000000 && rd32(e + 16) == 1;
	}
	assert_int_equal(low, 1);
	kx_plan_free(p);
	teardown_files(&f);

	/* Without XLF_CAN_BE_LOADED_ABOVE_4G: no room below 4 GiB. */
	{
		size_t len;
		unsigned char *k = t_bzimage(3 << 20, &len);

		k[0x236] &= (unsigned char)~2;
		setup_files(&f, 1024, 1 << 20);
		high_files(&f);
		o.kernel = t_write(f.root, "boot/low-only", k, len);
		o.initrd = f.initrd;
		assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -ENOSPC);
		assert_non_null(strstr(f.ctx.msg, "kernel"));
		teardown_files(&f);
		free(k);
	}
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_bad),
		cmocka_unit_test(parse_truncated),
		cmocka_unit_test(plan_layout),
		cmocka_unit_test(plan_purgatory_params),
		cmocka_unit_test(plan_reuse_cmdline),
		cmocka_unit_test(plan_cmdline_limit),
		cmocka_unit_test(plan_no_room),
		cmocka_unit_test(plan_not_a_kernel),
		cmocka_unit_test(e820_from_iomem),
		cmocka_unit_test(e820_bad_memmap),
		cmocka_unit_test(plan_bad_memmap),
		cmocka_unit_test(plan_crash),
		cmocka_unit_test(plan_crash_high),
		cmocka_unit_test(plan_crash_hotplug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
