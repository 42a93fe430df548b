/* SPDX-License-Identifier: MIT */
/*
 * root.c - /proc and /sys paths, under ctx->root.  The prefix exists for
 * tests only (a fixture tree stands in for the running kernel's files).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

const char *kx_path(struct kx_ctx *ctx, const char *path, char *buf, size_t len)
{
	const char *root = ctx && ctx->root ? ctx->root : "";

	if ((size_t)kx_snprintf(buf, len, "%s%s", root, path) >= len)
		return path; /* cannot happen with PATH_MAX buffers */
	return buf;
}

long kx_read_text(struct kx_ctx *ctx, const char *path, char *buf, size_t len)
{
	char p[4096];
	size_t got = 0;
	ssize_t n;
	int fd, e;

	fd = open(kx_path(ctx, path, p, sizeof(p)), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
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
