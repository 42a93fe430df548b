/* SPDX-License-Identifier: MIT */
/*
 * purgatory_trace.c - what purgatory_figure.sh traces under qemu-aarch64:
 * one SHA-256 of N bytes, either
 *   blob BIN N OFF   the arm64 purgatory's own check (purgatory_verify in
 *                    the blob, mapped at PURG_BASE) over one region of N
 *                    bytes at OFF bytes past an 8-byte boundary, or
 *   generic N        the generic C block function (core/purgatory/sha256.c built
 *                    with the purgatory's flags, linked in: what the blob
 *                    ran before it had its own).
 * Static for aarch64; it prints nothing on success.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "generated/arm64_purgatory.h"
#include "purgatory.h"
#include "sha256.h"

#define PURG_BASE 0x40000000UL /* the script's -dfilter range starts here */

static unsigned char *input(size_t n)
{
	unsigned char *p = malloc(n + 16);
	size_t i;

	if (!p)
		exit(2);
	for (i = 0; i < n + 16; i++)
		p[i] = (unsigned char)(i * 131 + 7);
	return p;
}

static int blob(const char *bin, size_t n, size_t off)
{
	unsigned char *base = mmap((void *)PURG_BASE, KX_ARM64_PURG_MEMSZ,
				   PROT_READ | PROT_WRITE | PROT_EXEC,
				   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	struct kx_purg_params *pp = (void *)(base + KX_ARM64_PURG_PARAMS_OFF);
	unsigned char *p = input(n);
	struct kx_sha256 s;
	FILE *f = fopen(bin, "rb");
	int (*verify)(void);

	if (base != (void *)PURG_BASE || !f ||
	    fread(base, 1, KX_ARM64_PURG_SIZE, f) != KX_ARM64_PURG_SIZE) {
		fprintf(stderr, "purgatory_trace: cannot map %s at %#lx\n", bin, PURG_BASE);
		return 2;
	}
	fclose(f);
	__builtin___clear_cache((char *)base, (char *)base + KX_ARM64_PURG_SIZE);
	p += (8 - ((uintptr_t)p & 7)) & 7; /* 8-byte aligned, then off */
	pp->region[0].start = (uintptr_t)(p + off);
	pp->region[0].len = n;
	pp->nregions = 1;
	kx_sha256_init(&s);
	kx_sha256_update(&s, p + off, n);
	kx_sha256_final(&s, pp->digest);
	verify = (int (*)(void))(base + KX_ARM64_PURG_VERIFY_OFF);
	if (verify() != 0) {
		fprintf(stderr, "purgatory_trace: the blob's check failed\n");
		return 1;
	}
	return 0;
}

static int generic(size_t n)
{
	unsigned char *p = input(n), d[32];
	struct kx_sha256 s;

	kx_sha256_init(&s);
	kx_sha256_update(&s, p, n);
	kx_sha256_final(&s, d);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "blob"))
		return blob(argv[2], strtoul(argv[3], NULL, 0), strtoul(argv[4], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "generic"))
		return generic(strtoul(argv[2], NULL, 0));
	fprintf(stderr, "usage: purgatory_trace blob BIN N OFF | generic N\n");
	return 2;
}
