/* SPDX-License-Identifier: MIT */
/*
 * seal.c - an input file copied into a memfd that no one, this process
 * included, can change (memfd.c), and mapped in the file's place: the
 * bytes a signature or manifest is checked on are then the bytes loaded,
 * and the memfd is what kexec_file_load reads.  A change to the file
 * while it is copied (its size, its mtime, a SIGBUS) fails it.
 */
#include <string.h>
#include <unistd.h>
#include "memfd.h"
#include "verify.h"

int kx_file_seal(struct kx_ctx *ctx, struct kx_file *f)
{
	const char *name = strrchr(f->path, '/');
	char what[288];
	int fd, rc;

	kx_snprintf(what, sizeof(what), "%s %s", f->what, f->path);
	fd = kx_memfd(ctx, name ? name + 1 : f->path, f->data, f->size, what);
	if (fd < 0)
		return fd;
	rc = kx_file_check(ctx, f);
	if (!rc)
		rc = kx_file_remap(ctx, f, fd);
	if (rc)
		close(fd);
	return rc;
}
