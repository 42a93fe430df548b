/* SPDX-License-Identifier: MIT */
/*
 * test_riscv_elf.c - the riscv64 ELF vmlinux format: header and program
 * header checks (good, truncated at each level, foreign machine, 32-bit,
 * big-endian, not an executable) and the plan: handed to kexec_file_load
 * under -s and -a, refused with the reason under -c, under -a's fallback
 * and with --dtb.  The ELF files are generated here (a header and a few
 * program headers), never committed.  `make ARCH=riscv64 unit`.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "support.h"
#include "riscv_elf.h"
#include "le.h"

#define MIB (1ULL << 20)

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

/* A vmlinux-shaped ELF of len bytes: the 64-byte header, three program
 * headers at 64 (PT_LOAD text, PT_NOTE, PT_LOAD data with .bss), the
 * rest a pattern.  The PT_LOADs cover 0x1000..len. */
#define PHOFF 64
#define PH(b, i) ((b) + PHOFF + 56 * (i))
static unsigned char *vmlinux(size_t len)
{
	unsigned char *b = malloc(len);
	size_t i;

	assert_non_null(b);
	assert_true(len >= 0x3000);
	for (i = 0; i < len; i++)
		b[i] = (unsigned char)(i * 13 + 1);
	memset(b, 0, 0x1000);
	memcpy(b, "\177ELF", 4);
	b[4] = 2; /* ELFCLASS64 */
	b[5] = 1; /* ELFDATA2LSB */
	b[6] = 1; /* EV_CURRENT */
	put16(b + 16, 2);   /* ET_EXEC */
	put16(b + 18, 243); /* EM_RISCV */
	kx_put32(b + 20, 1);
	kx_put64(b + 24, 0xffffffff80000000ULL); /* e_entry */
	kx_put64(b + 32, PHOFF);
	put16(b + 52, 64);
	put16(b + 54, 56);
	put16(b + 56, 3);
	/* text: file 0x1000..0x2000 at paddr 0x80200000 */
	kx_put32(PH(b, 0), 1);
	kx_put64(PH(b, 0) + 8, 0x1000);
	kx_put64(PH(b, 0) + 16, 0xffffffff80000000ULL);
	kx_put64(PH(b, 0) + 24, 0x80200000);
	kx_put64(PH(b, 0) + 32, 0x1000);
	kx_put64(PH(b, 0) + 40, 0x1000);
	/* a note, pointing anywhere: not checked */
	kx_put32(PH(b, 1), 4);
	kx_put64(PH(b, 1) + 8, 1ULL << 40);
	/* data: file 0x2000..len, 4 MiB in memory */
	kx_put32(PH(b, 2), 1);
	kx_put64(PH(b, 2) + 8, 0x2000);
	kx_put64(PH(b, 2) + 16, 0xffffffff80001000ULL);
	kx_put64(PH(b, 2) + 24, 0x80201000);
	kx_put64(PH(b, 2) + 32, len - 0x2000);
	kx_put64(PH(b, 2) + 40, 4 * MIB);
	return b;
}

static void parse_good(void **state)
{
	unsigned char *b = vmlinux(0x3000);
	struct riscv_elf e;
	char why[192];

	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), 0);
	assert_int_equal(e.phnum, 3);
	assert_int_equal(e.nload, 2);
	assert_int_equal(e.memsz, 0x1000 + 4 * MIB);
	assert_string_equal(why, "ELF64 little-endian RISC-V executable, 2 PT_LOAD (4.0 MiB from "
				 "paddr 0x80200000), entry 0xffffffff80000000");
	free(b);
}

static void parse_truncated(void **state)
{
	unsigned char *b = vmlinux(0x3000);
	struct riscv_elf e;
	char why[192];

	/* Inside the ELF header. */
	assert_int_equal(riscv_elf_parse(b, 40, &e, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "truncated: 40 bytes, an ELF64 header needs 64");
	/* Inside the program headers (they end at 64 + 3 * 56 = 232). */
	assert_int_equal(riscv_elf_parse(b, 200, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated: the program headers"));
	assert_non_null(strstr(why, "end at 232, the file has 200 bytes"));
	/* Inside the last PT_LOAD's file bytes. */
	assert_int_equal(riscv_elf_parse(b, 0x2fff, &e, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why,
			    "truncated: PT_LOAD 2 needs bytes up to 12288, the file has 12287");
	/* e_phoff pointing past the end, or absurdly far (no wrap). */
	kx_put64(b + 32, 0x10000);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	kx_put64(b + 32, UINT64_MAX - 8);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated"));
	kx_put64(b + 32, PHOFF);
	/* p_offset + p_filesz wrapping. */
	kx_put64(PH(b, 0) + 8, UINT64_MAX - 0x10);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "truncated: PT_LOAD 0"));
	free(b);
}

static void parse_foreign(void **state)
{
	unsigned char *b = vmlinux(0x3000);
	struct riscv_elf e;
	char why[192];

	/* Not an ELF at all (an Image, say). */
	memcpy(b, "MZ\0\0", 4);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "no ELF magic"));
	memcpy(b, "\177ELF", 4);
	/* x86-64 and an unnamed machine. */
	put16(b + 18, 62);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "an ELF for x86-64 (e_machine 62), not RISC-V (243)");
	put16(b + 18, 999);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "e_machine 999 is not RISC-V (243)");
	put16(b + 18, 243);
	/* 32-bit (an rv32 vmlinux). */
	b[4] = 1;
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "32-bit"));
	b[4] = 2;
	/* Big-endian. */
	b[5] = 2;
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "big-endian"));
	b[5] = 1;
	/* Not an executable: ET_DYN, ET_REL. */
	put16(b + 16, 3);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "ET_DYN"));
	put16(b + 16, 1);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "ET_EXEC"));
	put16(b + 16, 2);
	/* Program header size not Elf64_Phdr's; no program headers; no
	 * PT_LOAD among them; p_filesz > p_memsz. */
	put16(b + 54, 32);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "e_phentsize 32"));
	put16(b + 54, 56);
	put16(b + 56, 0);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "no program headers"));
	put16(b + 56, 2);
	kx_put32(PH(b, 0), 6);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "no PT_LOAD"));
	kx_put32(PH(b, 0), 1);
	kx_put64(PH(b, 0) + 40, 0x800);
	assert_int_equal(riscv_elf_parse(b, 0x3000, &e, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "p_filesz 0x1000 > p_memsz 0x800"));
	free(b);
}

struct fixture {
	const char *root, *kernel, *dtb;
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
};

static void setup(struct fixture *f, const unsigned char *k, size_t klen)
{
	memset(f, 0, sizeof(*f));
	f->root = t_fake_root(256, "console=ttyS0 root=/dev/vda\n");
	t_write_str(f->root, "proc/iomem", "80000000-8fffffff : System RAM\n"
		    "  80000000-8007ffff : Reserved\n  88000000-8bffffff : Crash kernel\n");
	f->kernel = strdup(t_write(f->root, "boot/vmlinux", k, klen));
	f->dtb = strdup(t_write_str(f->root, "boot/x.dtb", "not used"));
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
}

static void reset(struct fixture *f)
{
	f->ctx.err = 0; /* the context keeps the first failure */
	f->ctx.msg[0] = 0;
	memset(&f->rec, 0, sizeof(f->rec));
}

/* -s and -a: the file goes to kexec_file_load as it is, with no segments
 * planned; -p too (the kernel builds the ELF core headers). */
static void plan_file(void **state)
{
	size_t len = 0x3000;
	unsigned char *b = vmlinux(len);
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };

	setup(&f, b, len);
	o.kernel = f.kernel;
	o.cmdline = "console=ttyS0 kx.t=1";
	o.syscall = KX_SYSCALL_FILE;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "vmlinux");
	assert_non_null(strstr(p->why, "RISC-V executable"));
	assert_int_equal(p->nseg, 0);
	assert_int_equal(p->file_capable, 1);
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(p->syscall, "kexec_file_load");
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_int_equal(f.rec.calls, 1);
	assert_int_equal(f.rec.cmdline_len, strlen(o.cmdline) + 1);
	kx_plan_free(p);

	/* -a, the default: kexec_file_load too. */
	reset(&f);
	o.syscall = KX_SYSCALL_AUTO;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(f.rec.last, "kexec_file_load");
	kx_plan_free(p);

	/* -p -s: the crash image through kexec_file_load. */
	reset(&f);
	o.flags = KX_PANIC;
	o.syscall = KX_SYSCALL_FILE;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), 0);
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_true(f.rec.flags & 2); /* KEXEC_FILE_ON_CRASH */
	kx_plan_free(p);

	/* --type=elf-riscv (kexec-tools' name) picks it. */
	reset(&f);
	o.flags = 0;
	o.type = "elf-riscv";
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_string_equal(p->format, "vmlinux");
	kx_plan_free(p);
	free((char *)f.kernel);
	free((char *)f.dtb);
	free(b);
}

/* -c, -a when the kernel has no kexec_file_load, and --dtb: refused with
 * the reason, and nothing reaches the kernel through kexec_load. */
static void plan_refusals(void **state)
{
	size_t len = 0x3000;
	unsigned char *b = vmlinux(len);
	struct fixture f;
	struct kx_plan *p;
	struct kx_opts o = { 0 };

	setup(&f, b, len);
	o.kernel = f.kernel;
	o.cmdline = "x";
	o.syscall = KX_SYSCALL_LOAD;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), -EOPNOTSUPP);
	assert_non_null(strstr(f.ctx.msg, "kexec_load impossible: ELF vmlinux: only through "
					  "kexec_file_load (-s); give an Image for kexec_load"));
	assert_int_equal(f.rec.calls, 0);
	kx_plan_free(p);

	/* -a on a kernel without kexec_file_load: no kexec_load fallback. */
	reset(&f);
	o.syscall = KX_SYSCALL_AUTO;
	f.rec.fail_file = -ENOSYS;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, p), -EOPNOTSUPP);
	assert_non_null(strstr(f.ctx.msg, "ELF vmlinux: only through kexec_file_load"));
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_int_equal(f.rec.calls, 1);
	kx_plan_free(p);

	/* --dtb: kexec_file_load cannot take it, so no way at all. */
	reset(&f);
	o.dtb = f.dtb;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &p), -EOPNOTSUPP);
	assert_non_null(strstr(f.ctx.msg, "only through kexec_file_load, and that is impossible "
					  "here: --dtb given"));
	/* A plan that cannot be carried out, said by the refusal itself
	 * (it relied on the stage the loader had set before). */
	assert_int_equal(f.ctx.stage, KX_STAGE_PLAN);
	free((char *)f.kernel);
	free((char *)f.dtb);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_truncated),
		cmocka_unit_test(parse_foreign),
		cmocka_unit_test(plan_file),
		cmocka_unit_test(plan_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
