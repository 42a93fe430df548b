/* SPDX-License-Identifier: MIT */
/*
 * fit_verify.c - a FIT's signatures checked against a U-Boot key tree
 * (--fit-keys, else the one built in: /signature/<key> nodes, as mkimage
 * -K writes them into a control tree).  U-Boot's policy, made strict:
 *   - every key marked required = "conf" verifies one of the
 *     configuration's signature-* nodes (/signature's required-mode =
 *     "any": one such key is enough);
 *   - every key marked required = "image" verifies one signature-* node
 *     of each image used (U-Boot lets any key do it: here the key itself);
 *   - with no key marked required, some key verifies the configuration,
 *     or failing that, each image used (U-Boot would then check nothing:
 *     here, being given keys means checking).
 * A signature counts when its algo (sha256,rsa2048/3072/4096 or
 * sha256,ecdsa256) is the key's and it verifies over what it covers: the
 * regions fit_sig.c computes for a configuration, the data for an image.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "internal.h"
#include "sha256.h"
#include "dtb.h"
#include "fit.h"
#include "verify.h"

#define REGIONS 200

/* The SHA-256 of what signature node sig covers: img's data, or when img
 * is NULL, configuration conf's regions.  0, or -EINVAL with why. */
static int digest(const void *fit, int conf, int sig, struct kx_fit_img *img,
		  unsigned char h[32], char *why, size_t whylen)
{
	static struct kx_fit_region r[REGIONS];
	struct kx_sha256 s;
	int n, i;

	if (img) {
		if (!img->hashed)
			kx_sha256(img->data, img->len, img->sha256);
		img->hashed = 1;
		memcpy(h, img->sha256, 32);
		return 0;
	}
	n = kx_fit_sig_regions(fit, conf, sig, r, REGIONS, why, whylen);
	if (n < 0)
		return n;
	kx_sha256_init_fast(&s);
	for (i = 0; i < n; i++)
		kx_sha256_update(&s, (const unsigned char *)fit + r[i].off, r[i].size);
	kx_sha256_final(&s, h);
	return 0;
}

/* Does signature node sig verify with key?  1 with verdict saying which,
 * or 0 with why. */
static int sig_by_key(const void *fit, int conf, int sig, struct kx_fit_img *img,
		      const void *keys, int key, char *verdict, size_t vlen, char *why,
		      size_t whylen)
{
	const char *name = fdt_get_name(fit, sig, NULL), *algo, *pad, *kalgo;
	const void *value;
	unsigned char h[32];
	int len, ec, kec = fdt_getprop(keys, key, "ecdsa,curve", NULL) != NULL;

	algo = kx_fit_str(fit, sig, "algo");
	pad = kx_fit_str(fit, sig, "padding");
	kalgo = kx_fit_str(keys, key, "algo");
	value = fdt_getprop(fit, sig, "value", &len);
	if (!algo || !value)
		return kx_no(why, whylen, "%s has no %s", name, algo ? "value" : "algo"), 0;
	ec = !strcmp(algo, "sha256,ecdsa256");
	if (!ec && strncmp(algo, "sha256,rsa", 10))
		return kx_no(why, whylen, "%s: \"%s\" is not an algorithm this kexec checks "
					  "(sha256,rsa2048/3072/4096, sha256,ecdsa256)",
			     name, algo), 0;
	/* mkimage before 2025.01 writes no algo into an ECDSA key node. */
	if (kalgo ? strcmp(kalgo, algo) != 0 : ec != kec)
		return kx_no(why, whylen, "%s is %s, the key %s", name, algo,
			     kalgo ? kalgo : kec ? "ECDSA" : "RSA"), 0;
	if (!ec && pad && strcmp(pad, "pss") && strcmp(pad, "pkcs-1.5"))
		return kx_no(why, whylen, "%s: padding \"%s\"", name, pad), 0;
	if (digest(fit, conf, sig, img, h, why, whylen))
		return 0;
	if ((ec ? kx_fit_ecdsa_verify(keys, key, h, value, len, why, whylen)
		: kx_fit_rsa_verify(keys, key, pad && !strcmp(pad, "pss"), h, value, len, why,
				    whylen)) != 1)
		return 0;
	kx_snprintf(verdict, vlen, "%s (%s%s%s) with %s", name, algo, ec ? "" : ", ",
		    ec ? "" : pad ? pad : "pkcs-1.5", fdt_get_name(keys, key, NULL));
	return 1;
}

/* Does one signature-* node under node (configuration conf, or img's
 * image) verify with key?  1 with verdict saying which, or 0 with why. */
static int by_key(const void *fit, int conf, struct kx_fit_img *img, const void *keys,
		  int key, char *verdict, size_t vlen, char *why, size_t whylen)
{
	int sig;

	kx_no(why, whylen, "no signature node");
	fdt_for_each_subnode(sig, fit, img ? img->node : conf) {
		const char *name = fdt_get_name(fit, sig, NULL);

		if (name && !strncmp(name, "signature", 9) &&
		    sig_by_key(fit, conf, sig, img, keys, key, verdict, vlen, why, whylen))
			return 1;
	}
	return 0;
}

static int required(const void *keys, int key, const char *what)
{
	const char *req = kx_fit_str(keys, key, "required");

	return req && !strcmp(req, what);
}

/* Each image with its required keys (all of them: U-Boot's required-mode
 * is for configurations), or when need is 0, with any key.  0, or -errno. */
static int images(struct kx_ctx *ctx, const char *path, const void *fit,
		  struct kx_fit_img *img, int nimg, const void *keys, int sigs, int need,
		  char *why, size_t whylen)
{
	int i, key, ok;

	for (i = 0; i < nimg; i++) {
		const char *iname = fdt_get_name(fit, img[i].node, NULL);

		ok = 0;
		fdt_for_each_subnode(key, keys, sigs) {
			if (need && !required(keys, key, "image"))
				continue;
			ok = by_key(fit, 0, &img[i], keys, key, img[i].signed_by, img[i].vlen,
				    why, whylen);
			if (!ok && need)
				return kx_fail(ctx, -EKEYREJECTED, "kernel %s: FIT image %s: "
					       "required key %s: %s", path, iname,
					       fdt_get_name(keys, key, NULL), why);
			if (ok && !need)
				break;
		}
		if (!ok && !need) {
			char w[192];

			kx_snprintf(w, sizeof(w), "image %s: %s", iname, why);
			return kx_no(why, whylen, "%s", w), -EKEYREJECTED;
		}
	}
	return 0;
}

/* The configuration with its required keys (or, when need is 0, with
 * any key).  0, or -EKEYREJECTED with why (and recorded when need). */
static int config(struct kx_ctx *ctx, const char *path, const void *fit, int conf,
		  const void *keys, int sigs, int need, char *verdict, size_t vlen, char *why,
		  size_t whylen)
{
	const char *mode = kx_fit_str(keys, sigs, "required-mode");
	int any = !need || (mode && !strcmp(mode, "any")), key, ok = 0;

	fdt_for_each_subnode(key, keys, sigs) {
		if (need && !required(keys, key, "conf"))
			continue;
		if (by_key(fit, conf, NULL, keys, key, verdict, vlen, why, whylen)) {
			ok++;
			if (any)
				break;
		} else if (!any) {
			return kx_fail(ctx, -EKEYREJECTED, "kernel %s: FIT configuration %s: "
				       "required key %s: %s", path, fdt_get_name(fit, conf, NULL),
				       fdt_get_name(keys, key, NULL), why);
		}
	}
	if (ok)
		return 0;
	return need ? kx_fail(ctx, -EKEYREJECTED, "kernel %s: FIT configuration %s: no "
			      "required key verifies it (%s)", path,
			      fdt_get_name(fit, conf, NULL), why) : -EKEYREJECTED;
}

int kx_fit_verify(struct kx_ctx *ctx, const char *path, const void *fit, int conf,
		  struct kx_fit_img *img, int nimg, const char *keys_path, char *verdict,
		  size_t vlen)
{
	struct kx_dtb keys = { 0 };
	char why[192] = "no key in it", why2[192];
	int sigs, key, nconf = 0, nimage = 0, rc;

	rc = keys_path ? kx_dtb_read_file(ctx, keys_path, NULL, &keys)
		       : kx_dtb_from_mem(ctx, "the keys built in", kx_builtin_fit_keys,
					 kx_builtin_fit_keys_size, &keys);
	if (rc)
		return rc;
	if (!keys_path)
		keys_path = "the keys built in";
	sigs = fdt_subnode_offset(keys.fdt, 0, "signature");
	if (sigs < 0) {
		kx_dtb_free(&keys);
		return kx_fail(ctx, -EINVAL, "--fit-keys %s: no /signature node (a U-Boot key "
					     "tree, as mkimage -K writes)", keys_path);
	}
	fdt_for_each_subnode(key, keys.fdt, sigs) {
		nconf += required(keys.fdt, key, "conf");
		nimage += required(keys.fdt, key, "image");
	}
	if (nconf || nimage) {
		rc = nconf ? config(ctx, path, fit, conf, keys.fdt, sigs, 1, verdict, vlen, why,
				    sizeof(why)) : 0;
		if (!rc && nimage)
			rc = images(ctx, path, fit, img, nimg, keys.fdt, sigs, 1, why,
				    sizeof(why));
	} else if (config(ctx, path, fit, conf, keys.fdt, sigs, 0, verdict, vlen, why,
			  sizeof(why)) &&
		   images(ctx, path, fit, img, nimg, keys.fdt, sigs, 0, why2, sizeof(why2))) {
		rc = kx_fail(ctx, -EKEYREJECTED, "kernel %s: FIT configuration %s: no signature "
			     "verifies with a key of %s (%s; %s)", path,
			     fdt_get_name(fit, conf, NULL), keys_path, why, why2);
	}
	kx_dtb_free(&keys);
	return rc;
}
