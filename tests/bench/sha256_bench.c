/* SPDX-License-Identifier: MIT */
/*
 * sha256_bench.c - SHA-256 (FIPS 180-4) throughput of the generic and the
 * accelerated block functions over 64 MiB, median of 5 runs, and a
 * single-pass generic mode for callgrind instruction counts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sha256.h"

#define BENCH_SIZE (64u << 20)
#define RUNS 5

/* Deterministic content (xorshift64), so runs and builds compare. */
static void fill(unsigned char *p, size_t n)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)(x >> 56);
	}
}

static void hash(kx_sha256_blocks_fn *fn, const unsigned char *p, size_t n,
		 unsigned char out[32])
{
	struct kx_sha256 s;

	kx_sha256_init(&s);
	s.blocks = fn;
	kx_sha256_update(&s, p, n);
	kx_sha256_final(&s, out);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median MB/s (10^6 bytes) of RUNS passes; out gets the digest. */
static double bench(kx_sha256_blocks_fn *fn, const unsigned char *p, size_t n,
		    unsigned char out[32])
{
	double mbs[RUNS], t;
	int i;

	for (i = 0; i < RUNS; i++) {
		t = now();
		hash(fn, p, n, out);
		mbs[i] = n / 1e6 / (now() - t);
	}
	qsort(mbs, RUNS, sizeof(mbs[0]), cmp_double);
	return mbs[RUNS / 2];
}

static void print_digest(const unsigned char d[32])
{
	int i;

	for (i = 0; i < 32; i++)
		printf("%02x", d[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	unsigned char *buf, d0[32], d1[32];
	kx_sha256_blocks_fn *fn;
	const char *name = NULL;
	size_t n = BENCH_SIZE;
	char *end;

	if (argc == 3 && !strcmp(argv[1], "--callgrind-generic")) {
		/* One pass, generic only: count with
		 * valgrind --tool=callgrind --toggle-collect=kx_sha256_update */
		errno = 0;
		n = strtoul(argv[2], &end, 10);
		if (errno || *end || !n || n > 4096) {
			fprintf(stderr, "sha256_bench: bad size '%s' (MiB, 1..4096)\n", argv[2]);
			return 2;
		}
		n <<= 20;
	} else if (argc != 1) {
		fprintf(stderr, "usage: sha256_bench [--callgrind-generic MIB]\n");
		return 2;
	}

	buf = malloc(n);
	if (!buf) {
		perror("sha256_bench");
		return 1;
	}
	fill(buf, n);

	if (argc == 3) {
		hash(kx_sha256_blocks_generic, buf, n, d0);
		print_digest(d0);
		free(buf);
		return 0;
	}

	printf("sha256 generic: %.1f MB/s\n",
	       bench(kx_sha256_blocks_generic, buf, n, d0));
	fn = kx_sha256_accel(&name);
	if (fn) {
		printf("sha256 %s: %.1f MB/s\n", name, bench(fn, buf, n, d1));
		if (memcmp(d0, d1, sizeof(d0))) {
			fprintf(stderr, "sha256_bench: %s and generic digests differ\n", name);
			return 1;
		}
	}
	free(buf);
	return 0;
}
