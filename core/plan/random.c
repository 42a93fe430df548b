/* SPDX-License-Identifier: MIT */
/*
 * random.c - seeds for the next kernel (kaslr-seed, rng-seed,
 * SETUP_RNG_SEED).  Never blocks: early in boot there may be no entropy,
 * and then the caller leaves the seed out rather than pass a guessable one.
 */
#include <errno.h>
#include <sys/random.h>
#include "internal.h"

int kx_random(void *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = getrandom((char *)buf + got, n - got, GRND_NONBLOCK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		got += r;
	}
	return 0;
}
