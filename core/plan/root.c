/* SPDX-License-Identifier: MIT */
/*
 * root.c - /proc and /sys paths, under ctx->root.  The prefix exists for
 * tests only (a fixture tree stands in for the running kernel's files).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

const char *kx_path(struct kx_ctx *ctx, const char *path, char *buf, size_t len)
{
	const char *root = ctx && ctx->root ? ctx->root : "";

	if ((size_t)kx_snprintf(buf, len, "%s%s", root, path) >= len)
		return path; /* cannot happen with PATH_MAX buffers */
	return buf;
}

int kx_open_regular(const char *path)
{
	struct stat st;
	int fd, e;

	/* O_NONBLOCK: opening a FIFO waits for a writer otherwise. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		e = -errno;
	else if (!S_ISREG(st.st_mode))
		e = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	else
		return fd;
	close(fd);
	return e;
}

const char *kx_not_regular(int err)
{
	return err == -EINVAL ? "not a regular file" : kx_strerror(-err);
}

long kx_read_text(struct kx_ctx *ctx, const char *path, char *buf, size_t len)
{
	char p[4096];
	size_t got = 0;
	ssize_t n;
	int fd, e;

	fd = kx_open_regular(kx_path(ctx, path, p, sizeof(p)));
	if (fd < 0)
		return fd;
	while (got + 1 < len) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			e = -errno;
			close(fd);
			return e;
		}
		if (n == 0)
			break;
		got += n;
	}
	buf[got] = 0;
	close(fd);
	return got;
}
