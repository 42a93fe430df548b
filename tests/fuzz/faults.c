/* SPDX-License-Identifier: MIT */
/*
 * faults.c - every allocation fails in turn: a driver for a fuzz target
 * (linked with its LLVMFuzzerTestOneInput instead of libFuzzer) that runs
 * each input file given once to count the allocations of our code along
 * its path (malloc, calloc, realloc, posix_memalign, mmap: the linker's
 * --wrap sends our objects' calls here), then once more for each n with
 * the n-th of them failing (ENOMEM).  After every run nothing may be left
 * behind: no heap block (LeakSanitizer), no mapping of an input file or a
 * memfd, no file descriptor more than before it.  A crash, a sanitizer
 * report or a failure without a message (the target aborts on that) ends
 * the run; leaks are counted.
 *
 *   faults FILE...   prints what leaked, then "faults: N inputs, N runs, N leaked"
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sanitizer/lsan_interface.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long fail_at = -1, calls;

/* Count this call; true when it is the one to fail. */
static int fail_now(void)
{
	if (++calls != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
int __real_posix_memalign(void **p, size_t a, size_t n);
void *__real_mmap(void *a, size_t n, int prot, int flags, int fd, off_t off);

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return fail_now() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

int __wrap_posix_memalign(void **p, size_t a, size_t n)
{
	return fail_now() ? ENOMEM : __real_posix_memalign(p, a, n);
}

void *__wrap_mmap(void *a, size_t n, int prot, int flags, int fd, off_t off)
{
	return fail_now() ? MAP_FAILED : __real_mmap(a, n, prot, flags, fd, off);
}

/* Open file descriptors. */
static unsigned fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	unsigned n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* Mappings of the fixture's files and of memfds (not the sanitizers'
 * own, which come and go). */
static unsigned maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024];
	unsigned n = 0;

	while (f && fgets(line, sizeof(line), f))
		n += strstr(line, "/kxtest.") || strstr(line, "memfd:");
	if (f)
		fclose(f);
	return n;
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(b = __real_malloc((size_t)n + 1)) || fread(b, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "faults: cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

int main(int argc, char **argv)
{
	long runs = 0, leaked = 0;
	int i;

	fz_root(); /* the fixture's own allocations, made once */
	for (i = 1; i < argc; i++) {
		size_t n;
		unsigned char *d = slurp(argv[i], &n);
		long total, k, bad = 0;

		fail_at = -1;
		calls = 0;
		LLVMFuzzerTestOneInput(d, n);
		total = calls;
		for (k = 1; k <= total; k++) {
			unsigned m = maps(), fd = fds();

			fail_at = k;
			calls = 0;
			LLVMFuzzerTestOneInput(d, n);
			fail_at = -1;
			runs++;
			if (__lsan_do_recoverable_leak_check() || maps() > m || fds() > fd) {
				fprintf(stderr, "faults: %s: allocation %ld of %ld failing leaves "
						"something behind\n", argv[i], k, total);
				bad++;
			}
		}
		leaked += bad;
		free(d);
	}
	printf("faults: %d inputs, %ld runs (each allocation of their paths failing in turn), "
	       "%ld leaked\n", argc - 1, runs, leaked);
	return leaked != 0;
}
