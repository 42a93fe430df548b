/* SPDX-License-Identifier: MIT */
/*
 * keys.c - the public keys built into this kexec (Kconfig VERIFY_KEY: a
 * signify public key file; FIT_KEYS: a U-Boot key tree, as mkimage -K
 * writes it), as the Makefile wrote them into generated/keys.h.
 */
#include "verify.h"
#include "generated/keys.h"

const char kx_builtin_signify_key[] = { KX_SIGNIFY_KEY_BYTES 0 };
const unsigned char kx_builtin_fit_keys[] __attribute__((aligned(8))) = {
	KX_FIT_KEYS_BYTES 0
};
const unsigned long kx_builtin_fit_keys_size = sizeof(kx_builtin_fit_keys) - 1;
