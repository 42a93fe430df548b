/* SPDX-License-Identifier: MIT */
/*
 * manifest.c - --verify=FILE: a manifest of the files to load and the
 * command line, signed with signify (signify -S -e: the signature and the
 * manifest in one file), checked with --verify-key or the key built in.
 * The manifest's lines, as sha256sum --tag writes the first kind:
 *
 *   SHA256 (Image) = <64 hex digits>
 *   cmdline: console=ttyS0 root=/dev/vda
 *
 * A file is named without its directories (the slot it is written to
 * does not matter); every file loaded (kernel, initrd, --dtb) must be
 * named, with its SHA-256, and every file named must be loaded; the
 * command line must be the manifest's, or, with none given, becomes it.
 *
 * What is checked is what is loaded: each input is copied into a sealed
 * memfd as it is opened (file.c), and hashed there; the segments of
 * kexec_load point into that copy and kexec_file_load reads that memfd.
 * Hashing the file itself would prove nothing about what a later read of
 * it returns: another process, or a failing disk, may change it between
 * the two.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sha256.h"
#include "verify.h"

#define MANIFEST_MAX (16 * 1024)

/* One "SHA256 (name) = hex" line into e.  0, or -1. */
static int entry(const char *line, struct kx_verify_entry *e)
{
	size_t len = strlen(line), n;
	const char *close = line + len - 68; /* ") = " and 64 digits end it */

	if (len < 8 + 1 + 68 || strncmp(line, "SHA256 (", 8) || memcmp(close, ") = ", 4))
		return -1;
	n = (size_t)(close - (line + 8));
	if (n >= sizeof(e->name) || memchr(line + 8, '/', n))
		return -1;
	memcpy(e->name, line + 8, n);
	e->name[n] = 0;
	return kx_parse_bytes(close + 4, e->sha256, 32);
}

static int parse(struct kx_ctx *ctx, struct kx_verify *v, char *m, size_t len)
{
	char *end = m + len, *line, *nl;
	unsigned no = 0, i;

	for (line = m; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		*nl = 0;
		no++;
		if (!strncmp(line, "cmdline:", 8)) {
			if (v->cmdline)
				return kx_fail(ctx, -EINVAL, "--verify %s: line %u: a second "
						   "command line", v->manifest, no);
			v->cmdline = line + 8 + (line[8] == ' ');
			continue;
		}
		if (!*line)
			continue;
		if (v->n == sizeof(v->e) / sizeof(v->e[0]))
			return kx_fail(ctx, -E2BIG, "--verify %s: more than %u files",
				       v->manifest, v->n);
		if (entry(line, &v->e[v->n]))
			return kx_fail(ctx, -EINVAL, "--verify %s: line %u is neither \"SHA256 "
					   "(file) = <64 hex digits>\" nor \"cmdline: ...\"",
				       v->manifest, no);
		for (i = 0; i < v->n; i++)
			if (!strcmp(v->e[i].name, v->e[v->n].name))
				return kx_fail(ctx, -EINVAL, "--verify %s: line %u: %s a second "
						   "time", v->manifest, no, v->e[i].name);
		v->n++;
	}
	if (!v->cmdline)
		return kx_fail(ctx, -EINVAL, "--verify %s: no \"cmdline: ...\" line (the command "
				   "line is signed too; an empty one is \"cmdline:\")",
			       v->manifest);
	if (!v->n)
		return kx_fail(ctx, -EINVAL, "--verify %s: names no file", v->manifest);
	return 0;
}

int kx_verify_begin(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_opts *o)
{
	struct kx_verify *v;
	char keybuf[512], *sig;
	const char *key = kx_builtin_signify_key, *msg;
	size_t mlen = 0;
	long n;
	int rc;

	rc = kx_seal_begin(ctx, p, o);
	if (rc || !o->verify)
		return rc;
	v = p->verify;
	v->manifest = o->verify;
	v->key = "built in";
	if (o->verify_key) {
		n = kx_read_text(NULL, o->verify_key, keybuf, sizeof(keybuf)); /* a user file */
		if (n < 0)
			return kx_fail(ctx, (int)n, "--verify-key %s: %s", o->verify_key,
				       kx_not_regular((int)n));
		key = keybuf;
		v->key = o->verify_key;
	} else if (!*key) {
		return kx_fail(ctx, -EINVAL, "--verify %s: no key to check it with: give "
				   "--verify-key (none is built in)", o->verify);
	}
	if (!(sig = kx_plan_alloc(p, MANIFEST_MAX)))
		return kx_fail(ctx, -ENOMEM, "--verify %s: out of memory", o->verify);
	n = kx_read_text(NULL, o->verify, sig, MANIFEST_MAX);
	if (n < 0)
		return kx_fail(ctx, (int)n, "--verify %s: %s", o->verify, kx_not_regular((int)n));
	if (n >= MANIFEST_MAX - 1)
		return kx_fail(ctx, -EFBIG, "--verify %s: larger than %d KiB: not a manifest",
			       o->verify, MANIFEST_MAX / 1024);
	rc = kx_signify_open(ctx, o->verify, sig, (size_t)n, v->key, key, &msg, &mlen,
			     v->keynum);
	return rc ? rc : parse(ctx, v, (char *)msg, mlen);
}

int kx_verify_input(struct kx_ctx *ctx, struct kx_verify *v, const struct kx_file *f)
{
	const char *name = kx_base_name(f->path);
	unsigned char h[32];
	unsigned i;

	if (!v->manifest)
		return 0;
	for (i = 0; i < v->n && strcmp(v->e[i].name, name); i++)
		;
	if (i == v->n)
		return kx_fail(ctx, -EKEYREJECTED, "%s %s: the manifest %s does not name %s",
			       f->what, f->path, v->manifest, name);
	if (v->e[i].used_by)
		return kx_fail(ctx, -EINVAL, "%s %s: the manifest's %s is the %s already",
			       f->what, f->path, name, v->e[i].used_by);
	kx_sha256(f->data, f->size, h);
	if (memcmp(h, v->e[i].sha256, 32))
		return kx_fail(ctx, -EKEYREJECTED, "%s %s: its SHA-256 is not the one the "
				   "manifest %s gives: not the file that was signed",
			       f->what, f->path, v->manifest);
	v->e[i].used_by = f->what;
	return 0;
}

int kx_verify_cmdline(struct kx_ctx *ctx, struct kx_plan *p)
{
	const struct kx_verify *v = p->verify;
	char *c;

	if (!v || !v->manifest)
		return 0;
	if (p->cmdline_given) {
		if (strcmp(p->cmdline, v->cmdline))
			return kx_fail(ctx, -EKEYREJECTED, "command line \"%s\": not the one the "
					   "manifest %s gives (\"%s\")",
				       p->cmdline, v->manifest, v->cmdline);
		return 0;
	}
	if (strlen(v->cmdline) >= p->cmdline_max)
		return kx_fail(ctx, -E2BIG, "--verify %s: its command line is longer than the "
				   "kernel takes (%zu bytes)", v->manifest, p->cmdline_max - 1);
	if (!(c = strdup(v->cmdline)))
		return kx_fail(ctx, -ENOMEM, "--verify %s: out of memory", v->manifest);
	free(p->cmdline);
	p->cmdline = c;
	p->cmdline_given = 1;
	kx_dbg(ctx, "command line from the manifest %s", v->manifest);
	return 0;
}

int kx_verify_end(struct kx_ctx *ctx, const struct kx_plan *p)
{
	const struct kx_verify *v = p->verify;

	for (unsigned i = 0; v && v->manifest && i < v->n; i++)
		if (!v->e[i].used_by)
			return kx_fail(ctx, -EKEYREJECTED, "--verify %s: names %s, which this load "
					   "does not use (a file signed to go with the others)",
				       v->manifest, v->e[i].name);
	return 0;
}
