/* SPDX-License-Identifier: MIT */
/*
 * seal.c - an input file copied into a memfd that no one, this process
 * included, can change (memfd.c), and mapped in the file's place: the
 * bytes a signature or manifest is checked on are then the bytes loaded,
 * and the memfd is what kexec_file_load reads.  A change to the file
 * while it is copied (its size, its mtime, a SIGBUS) fails it.
 */
#include <errno.h>
#include <unistd.h>
#include "memfd.h"
#include "verify.h"

int kx_seal_begin(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_opts *o)
{
	if (!o->verify && !o->fit_keys && !kx_builtin_fit_keys_size)
		return 0;
	if (!(p->verify = kx_plan_alloc(p, sizeof(*p->verify))))
		return kx_fail(ctx, -ENOMEM, "kernel %s: out of memory", o->kernel);
	return 0;
}

int kx_file_seal(struct kx_ctx *ctx, struct kx_file *f)
{
	char what[288];
	int fd, rc;

	kx_snprintf(what, sizeof(what), "%s %s", f->what, f->path);
	fd = kx_memfd(ctx, kx_base_name(f->path), f->data, f->size, what);
	if (fd < 0)
		return fd;
	rc = kx_file_check(ctx, f);
	if (!rc)
		rc = kx_file_remap(ctx, f, fd);
	if (rc)
		close(fd);
	return rc;
}
