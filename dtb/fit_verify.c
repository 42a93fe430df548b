/* SPDX-License-Identifier: MIT */
/*
 * fit_verify.c - a FIT configuration's signatures checked against a
 * U-Boot key tree (--fit-keys: /signature/key-NAME nodes, as mkimage -K
 * writes them into a control tree).  U-Boot's policy, made strict: every
 * key marked required = "conf" must verify one of the configuration's
 * signature-* nodes (/signature's required-mode = "any": one such key is
 * enough); with no key marked required, some key must verify one (U-Boot
 * would then check nothing: here, being given keys means checking).
 * A signature counts when its algo (sha256,rsa2048/3072/4096) is the
 * key's, its padding (pkcs-1.5 or pss) verifies, over the regions
 * fit_sig.c computes.
 * Image signatures (signature-* under an image) are not checked yet.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "internal.h"
#include "sha256.h"
#include "dtb.h"
#include "fit.h"

#define REGIONS 200

/* Does one signature-* node of conf verify with key?  1, or 0 with why. */
static int by_key(const void *fit, int conf, const void *keys, int key, char *verdict,
		  size_t vlen, char *why, size_t whylen)
{
	static struct kx_fit_region r[REGIONS];
	const char *kalgo = kx_fit_str(keys, key, "algo");
	int sig, tried = 0;

	kx_no(why, whylen, "no signature node");
	fdt_for_each_subnode(sig, fit, conf) {
		const char *name = fdt_get_name(fit, sig, NULL), *algo, *pad;
		const void *value;
		unsigned char h[32];
		struct kx_sha256 s;
		int n, len, i;

		if (!name || strncmp(name, "signature", 9))
			continue;
		tried++;
		algo = kx_fit_str(fit, sig, "algo");
		pad = kx_fit_str(fit, sig, "padding");
		value = fdt_getprop(fit, sig, "value", &len);
		if (!algo || !value) {
			kx_no(why, whylen, "%s has no %s", name, algo ? "value" : "algo");
			continue;
		}
		if (strncmp(algo, "sha256,rsa", 10)) {
			kx_no(why, whylen, "%s: \"%s\" is not an algorithm this kexec checks "
				      "(sha256,rsa2048/3072/4096)", name, algo);
			continue;
		}
		if (kalgo && strcmp(kalgo, algo)) {
			kx_no(why, whylen, "%s is %s, the key %s", name, algo, kalgo);
			continue;
		}
		if (pad && strcmp(pad, "pss") && strcmp(pad, "pkcs-1.5")) {
			kx_no(why, whylen, "%s: padding \"%s\"", name, pad);
			continue;
		}
		n = kx_fit_sig_regions(fit, conf, sig, r, REGIONS, why, whylen);
		if (n < 0)
			continue;
		kx_sha256_init_fast(&s);
		for (i = 0; i < n; i++)
			kx_sha256_update(&s, (const unsigned char *)fit + r[i].off, r[i].size);
		kx_sha256_final(&s, h);
		if (kx_fit_rsa_verify(keys, key, pad && !strcmp(pad, "pss"), h, value, len, why,
				      whylen) == 1) {
			kx_snprintf(verdict, vlen, "%s (%s, %s) with %s", name, algo,
				    pad ? pad : "pkcs-1.5", fdt_get_name(keys, key, NULL));
			return 1;
		}
	}
	return 0;
}

int kx_fit_verify_config(struct kx_ctx *ctx, const char *path, const void *fit, int conf,
			 const char *keys_path, char *verdict, size_t vlen)
{
	struct kx_dtb keys = { 0 };
	const char *mode, *cname = fdt_get_name(fit, conf, NULL);
	char why[192] = "no key in it";
	int sigs, key, any, required = 0, ok = 0, rc;

	rc = kx_dtb_read_file(ctx, keys_path, &keys);
	if (rc)
		return rc;
	sigs = fdt_subnode_offset(keys.fdt, 0, "signature");
	if (sigs < 0) {
		kx_dtb_free(&keys);
		return kx_fail(ctx, -EINVAL, "--fit-keys %s: no /signature node (a U-Boot key "
					     "tree, as mkimage -K writes)", keys_path);
	}
	mode = kx_fit_str(keys.fdt, sigs, "required-mode");
	any = mode && !strcmp(mode, "any");
	fdt_for_each_subnode(key, keys.fdt, sigs) {
		const char *req = kx_fit_str(keys.fdt, key, "required");

		if (req && !strcmp(req, "conf"))
			required++;
	}
	rc = -EKEYREJECTED;
	fdt_for_each_subnode(key, keys.fdt, sigs) {
		const char *req = kx_fit_str(keys.fdt, key, "required");
		int mine = req && !strcmp(req, "conf");

		if (required && !mine)
			continue;
		if (by_key(fit, conf, keys.fdt, key, verdict, vlen, why, sizeof(why))) {
			ok++;
			if (!required || any)
				break;
		} else if (required && !any) {
			kx_fail(ctx, rc, "kernel %s: FIT configuration %s: required key %s: %s",
				path, cname, fdt_get_name(keys.fdt, key, NULL), why);
			kx_dtb_free(&keys);
			return rc;
		}
	}
	kx_dtb_free(&keys);
	if (ok)
		return 0;
	return kx_fail(ctx, rc, "kernel %s: FIT configuration %s: no signature verifies with "
				"a key of %s (%s)", path, cname, keys_path, why);
}
