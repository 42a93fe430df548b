/* SPDX-License-Identifier: MIT */
/*
 * test_x86_sha256_ni.c - the x86 backend's SHA-256 instructions
 * (arch/x86/sha256_ni.c): used exactly when /proc/cpuinfo lists sha_ni,
 * ssse3 and sse4_1, and then equal to the generic block function for
 * 0..70 blocks at every misalignment and random chaining values.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sha256.h"

/* Whether /proc/cpuinfo lists the SHA extensions and what the
 * accelerated path needs with them: 1, 0, or -1 if it cannot tell. */
static int cpuinfo_has_sha_ni(void)
{
	static char buf[1 << 16];
	FILE *f = fopen("/proc/cpuinfo", "r");
	char *flags, *eol;
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	flags = strstr(buf, "\nflags");
	if (!flags)
		return -1;
	eol = strchr(flags + 1, '\n');
	if (eol)
		*eol = 0;
	return strstr(flags, " sha_ni") && strstr(flags, " ssse3") && strstr(flags, " sse4_1");
}

static void fill(unsigned char *p, size_t n, uint32_t x)
{
	while (n--) {
		x = x * 1103515245u + 12345u;
		*p++ = (unsigned char)(x >> 16);
	}
}

static void detect(void **state)
{
	const char *name = NULL;
	kx_sha256_blocks_fn *fn = kx_sha256_accel(&name);
	int cpu = cpuinfo_has_sha_ni();

	if (cpu >= 0)
		assert_int_equal(!!fn, cpu);
	if (fn) {
		assert_string_equal(name, "sha-ni");
		assert_string_equal(kx_sha256_impl(), "sha-ni");
	} else {
		assert_string_equal(kx_sha256_impl(), "generic");
	}
}

static void blocks_equal_generic(void **state)
{
	kx_sha256_blocks_fn *fn = kx_sha256_accel(NULL);
	unsigned char *buf = malloc(70 * 64 + 16);
	uint32_t h0[8], h1[8];
	size_t nb, off;

	assert_non_null(buf);
	if (!fn) {
		printf("no SHA instructions on this CPU: the generic code is used\n");
		free(buf);
		return;
	}
	fill(buf, 70 * 64 + 16, 4242);
	for (nb = 0; nb <= 70; nb++)
		for (off = 0; off < 16; off++) {
			fill((unsigned char *)h0, sizeof(h0), (uint32_t)(nb * 16 + off + 7));
			memcpy(h1, h0, sizeof(h1));
			kx_sha256_blocks_generic(h0, buf + off, nb);
			fn(h1, buf + off, nb);
			assert_memory_equal(h0, h1, sizeof(h0));
		}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detect),
		cmocka_unit_test(blocks_equal_generic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
