/* SPDX-License-Identifier: MIT */
/*
 * memfd.c - bytes that are no file on disk (a kernel gunzipped or unpacked
 * from its wrapper) as the file kexec_file_load wants: a memfd, written
 * once and sealed, so that nothing, this process included, can change it
 * between our checks and the kernel's read.  Nothing is written to disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "internal.h"
#include "memfd.h"

int kx_memfd(struct kx_ctx *ctx, const char *name, const void *buf, size_t len,
	     const char *what)
{
	const char *b = buf;
	ssize_t n;
	/* Raw syscalls: musl's fcntl() carries F_GETOWN and F_DUPFD_CLOEXEC
	 * code this never uses (400 bytes on arm64). */
	int fd = (int)syscall(SYS_memfd_create, name, MFD_CLOEXEC | MFD_ALLOW_SEALING), e;

	if (fd < 0)
		return kx_fail_plan(ctx, -errno, "%s: memfd_create: %s", what, kx_strerror(errno));
	for (; len; b += n, len -= (size_t)n) {
		n = write(fd, b, len);
		if (n < 0 && errno == EINTR)
			n = 0;
		else if (n <= 0) {
			/* A memfd's pages are shmem: no room is no memory. */
			if (!n)
				errno = ENOSPC;
			goto fail;
		}
	}
	if (!syscall(SYS_fcntl, fd, F_ADD_SEALS,
		     F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL))
		return fd;
fail:
	e = errno;
	close(fd);
	return kx_fail_plan(ctx, -e, "%s: into a memfd: %s", what, kx_strerror(e));
}
