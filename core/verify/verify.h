/* SPDX-License-Identifier: MIT */
/* verify.h - loads that boot only what was signed (core/verify/). */
#ifndef KX_VERIFY_H
#define KX_VERIFY_H
#include "internal.h"

/* manifest.c (manifest_none.c): p->verify from the options, before any
 * input is opened: kx_seal_begin's, and the manifest --verify names,
 * verified with its key.  0, or -errno recorded. */
int kx_verify_begin(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_opts *o);

/* manifest.c: f, just opened and sealed: with a manifest, its SHA-256 is
 * the one the manifest gives its name.  0, or -errno recorded. */
int kx_verify_input(struct kx_ctx *ctx, struct kx_verify *v, const struct kx_file *f);

/* manifest.c: the command line the options built (p->cmdline) is the
 * manifest's; with none given, it becomes the manifest's. */
int kx_verify_cmdline(struct kx_ctx *ctx, struct kx_plan *p);

/* manifest.c: after the plan, every file the manifest names was loaded. */
int kx_verify_end(struct kx_ctx *ctx, const struct kx_plan *p);

/* signify.c: the message of an embedded signify signature (signify -S -e:
 * a comment line, the signature in base64, the message), verified with
 * the public key text key (a comment line, the key in base64) from
 * keyname; *msg points into sig, keynum gets the key's number in hex.
 * 0, or -EINVAL (malformed) or -EKEYREJECTED recorded. */
int kx_signify_open(struct kx_ctx *ctx, const char *sigpath, const char *sig, size_t siglen,
		    const char *keyname, const char *key, const char **msg, size_t *msglen,
		    char keynum[17]);

/* seal.c (seal_none.c): p->verify, which says every input is to be
 * sealed, when a manifest or a FIT's signatures are to be checked; and f
 * copied into a sealed memfd, mapped in its place (kx_file_remap).  0, or
 * -errno recorded. */
int kx_seal_begin(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_opts *o);
int kx_file_seal(struct kx_ctx *ctx, struct kx_file *f);

/* policy_signed.c (policy_open.c): the Kconfig SIGNED_ONLY policy, before
 * the plan (the options it refuses) and after it (it was verified). */
int kx_policy_begin(struct kx_ctx *ctx, const struct kx_opts *o);
int kx_policy_end(struct kx_ctx *ctx, const struct kx_plan *p);

/* keys.c: the keys built in (Kconfig VERIFY_KEY, FIT_KEYS): a signify
 * public key's text ("": none) and a U-Boot key tree (size 0: none). */
extern const char kx_builtin_signify_key[];
extern const unsigned char kx_builtin_fit_keys[];
extern const unsigned long kx_builtin_fit_keys_size;

#endif
