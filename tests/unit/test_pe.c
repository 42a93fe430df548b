/* SPDX-License-Identifier: MIT */
/*
 * test_pe.c - the PE section table (core/plan/pe.c kx_pe_sections), as a
 * UKI's parts are read from it: good tables, sections whose data is not
 * inside the file (truncated), sections whose data overlap, and files
 * that are no PE at all.
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
#include "internal.h"
#include "le.h"

static const struct t_sec uki[] = {
	{ ".text", "code", 4 },
	{ ".cmdline", "root=/dev/vda quiet\n", 20 },
	{ ".linux", "the kernel, 31 bytes of it....", 31 },
	{ ".initrd", "070701", 6 },
};

static void good(void **state)
{
	struct kx_pe_sec s[8];
	size_t len;
	unsigned char *b = t_pe(uki, 4, &len);
	char why[160];

	assert_int_equal(kx_pe_sections(b, len, s, 8, why, sizeof(why)), 4);
	assert_string_equal(s[1].name, ".cmdline");
	assert_int_equal(s[1].size, 20); /* VirtualSize, not the 512 raw bytes */
	assert_memory_equal(b + s[1].off, "root=/dev/vda quiet\n", 20);
	assert_string_equal(s[2].name, ".linux");
	assert_int_equal(s[2].size, 31);
	assert_memory_equal(b + s[2].off, uki[2].data, 31);
	assert_string_equal(s[3].name, ".initrd");
	/* A full 8-byte name has no NUL in the file. */
	memcpy(b + 0x148 + 40 * 3, ".initrdX", 8);
	assert_int_equal(kx_pe_sections(b, len, s, 8, why, sizeof(why)), 4);
	assert_string_equal(s[3].name, ".initrdX");
	/* More sections than asked for: refused, not cut short. */
	assert_int_equal(kx_pe_sections(b, len, s, 3, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "4 PE sections, more than the 3 read");
	free(b);
}

static void truncated(void **state)
{
	struct kx_pe_sec s[8];
	size_t len;
	unsigned char *b = t_pe(uki, 4, &len);
	char why[160];

	/* The last section's data cut. */
	assert_int_equal(kx_pe_sections(b, len - 512 + 5, s, 8, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "truncated: section .initrd (0x800, 6 bytes) is not inside the "
				 "2053-byte file");
	/* The section table cut. */
	assert_int_equal(kx_pe_sections(b, 0x148 + 60, s, 8, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "section table (4 sections at 0x148) is not inside"));
	/* The PE header beyond the end. */
	assert_int_equal(kx_pe_sections(b, 0x50, s, 8, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "PE header (at 0x40) is not inside"));
	free(b);
}

static void overlapping(void **state)
{
	struct kx_pe_sec s[8];
	size_t len;
	unsigned char *b = t_pe(uki, 4, &len);
	char why[160];

	/* .initrd's data pointed into .linux's. */
	kx_put32(b + 0x148 + 40 * 3 + 20, kx_get32(b + 0x148 + 40 * 2 + 20) + 16);
	assert_int_equal(kx_pe_sections(b, len, s, 8, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "damaged: sections .linux and .initrd overlap in the file");
	/* Touching is not overlapping. */
	kx_put32(b + 0x148 + 40 * 3 + 20, kx_get32(b + 0x148 + 40 * 2 + 20) + 31);
	assert_int_equal(kx_pe_sections(b, len, s, 8, why, sizeof(why)), 4);
	free(b);
}

static void not_pe(void **state)
{
	struct kx_pe_sec s[8];
	unsigned char b[512] = { 'M', 'Z' };
	char why[160];

	assert_int_equal(kx_pe_sections(b + 1, sizeof(b) - 1, s, 8, why, sizeof(why)), -ENOEXEC);
	assert_string_equal(why, "no \"MZ\" PE/COFF header");
	kx_put32(b + 0x3c, 0x40);
	assert_int_equal(kx_pe_sections(b, sizeof(b), s, 8, why, sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "PE header (at 0x40) is not inside"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good),
		cmocka_unit_test(truncated),
		cmocka_unit_test(overlapping),
		cmocka_unit_test(not_pe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
