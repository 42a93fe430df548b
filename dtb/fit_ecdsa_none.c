/* SPDX-License-Identifier: MIT */
/* fit_ecdsa_none.c - CONFIG_FIT_ECDSA off: an ECDSA signature is refused
 * by name (a key tree may hold other keys that verify). */
#include <errno.h>
#include "internal.h"
#include "fit.h"

int kx_fit_ecdsa_verify(const void *keys, int key, const unsigned char hash[32],
			const void *sig, int siglen, char *why, size_t whylen)
{
	return kx_no(why, whylen, "an ECDSA signature, and this kexec was built without "
				  "CONFIG_FIT_ECDSA"), -EOPNOTSUPP;
}
