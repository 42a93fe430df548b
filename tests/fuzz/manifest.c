/* SPDX-License-Identifier: MIT */
/*
 * manifest.c - signed manifests (--verify, core/verify/): the input is
 * either a manifest's text, which the target signs with its own key
 * (libsodium's Ed25519, in signify's embedded form) so that the parser
 * behind the signature is reached, or (first byte odd) the whole .sig file
 * as it is, for signify's own parsing.  Then a plan of a kernel and an
 * initrd named k and i with --verify and --verify-key, on the fake
 * backend.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "internal.h"
#include "support.h"

static unsigned char sk[64]; /* the signing key, made once */
static char dir[512];

/* base64 of n bytes into out (NUL terminated). */
static void b64(char *out, const unsigned char *in, size_t n)
{
	sodium_bin2base64(out, sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), in,
			  n, sodium_base64_VARIANT_ORIGINAL);
}

static void setup(void)
{
	unsigned char k[2 + 8 + 32], seed[32], pk[32];
	char text[128], pubkey[256];
	unsigned char *kernel;

	memset(seed, 7, sizeof(seed));
	crypto_sign_ed25519_seed_keypair(pk, sk, seed);
	memcpy(k, "Ed", 2);
	memset(k + 2, 0x42, 8);
	memcpy(k + 10, pk, 32);
	b64(text, k, sizeof(k));
	snprintf(pubkey, sizeof(pubkey), "untrusted comment: fuzz public key\n%s\n", text);
	snprintf(dir, sizeof(dir), "%s/m", fz_root());
	t_write_str(dir, "k.pub", pubkey);
	kernel = t_fake_kernel(4096, 1 << 20);
	t_write(dir, "k", kernel, 4096);
	t_write_str(dir, "i", "initrd");
	free(kernel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kx_opts o = { 0 };
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	struct kx_plan *p;
	unsigned char s[2 + 8 + 64];
	char path[4][600], *sig, text[128];
	size_t n;

	if (size < 1 || size > 16384)
		return 0;
	if (!*dir)
		setup();
	if (data[0] & 1) {
		t_write(dir, "m.sig", data + 1, size - 1);
	} else {
		sig = malloc(size + 256);
		if (!sig)
			return 0;
		memcpy(s, "Ed", 2);
		memset(s + 2, 0x42, 8);
		crypto_sign_ed25519_detached(s + 10, NULL, data + 1, size - 1, sk);
		b64(text, s, sizeof(s));
		n = (size_t)snprintf(sig, 256, "untrusted comment: fuzz\n%s\n", text);
		memcpy(sig + n, data + 1, size - 1);
		t_write(dir, "m.sig", sig, n + size - 1);
		free(sig);
	}
	snprintf(path[0], sizeof(path[0]), "%s/k", dir);
	snprintf(path[1], sizeof(path[1]), "%s/i", dir);
	snprintf(path[2], sizeof(path[2]), "%s/m.sig", dir);
	snprintf(path[3], sizeof(path[3]), "%s/k.pub", dir);
	o.kernel = path[0];
	o.initrd = data[0] & 2 ? path[1] : NULL;
	o.cmdline = data[0] & 4 ? "console=ttyS0" : NULL;
	o.verify = path[2];
	o.verify_key = path[3];
	fz_ctx(&ctx, &sys, &rec);
	if (kx_plan_build(&ctx, &o, &p) == 0)
		kx_plan_free(p);
	return 0;
}
