/* SPDX-License-Identifier: MIT */
/*
 * policy_signed.c - CONFIG_SIGNED_ONLY: this kexec loads only what the
 * keys built into it verify: a FIT whose signatures they verify, or files
 * a manifest they signed names (--verify).  Nothing at run time turns
 * that off: keys given on the command line are refused, not added.  The
 * command line is covered by a manifest only (a FIT has none); the tree,
 * when neither a FIT nor a manifest brings one, is the running system's.
 */
#include <errno.h>
#include "verify.h"

int kx_policy_begin(struct kx_ctx *ctx, const struct kx_opts *o)
{
	if (o->fit_keys || o->verify_key)
		return kx_fail(ctx, -EPERM, "--%s %s: this kexec checks with the keys built into "
					    "it only (CONFIG_SIGNED_ONLY)",
			       o->fit_keys ? "fit-keys" : "verify-key",
			       o->fit_keys ? o->fit_keys : o->verify_key);
	/* Without a manifest only a signed FIT can load, and a file given
	 * beside it would replace one of its signed images. */
	if (!o->verify && (o->initrd || o->dtb))
		return kx_fail(ctx, -EPERM, "--%s %s: no manifest (--verify) covers it, and "
					    "this kexec loads only what its keys verify "
					    "(CONFIG_SIGNED_ONLY)",
			       o->initrd ? "initrd" : "dtb", o->initrd ? o->initrd : o->dtb);
	return 0;
}

int kx_policy_end(struct kx_ctx *ctx, const struct kx_plan *p)
{
	if ((p->verify && p->verify->manifest) || (p->fit && p->fit->verified))
		return 0;
	return kx_fail(ctx, -EPERM, "kernel %s: not signed: this kexec loads only what the keys "
				    "built into it verify (a signed FIT, or --verify with a signed "
				    "manifest; CONFIG_SIGNED_ONLY)", p->kernel_path);
}
