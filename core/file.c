/* SPDX-License-Identifier: MIT */
/*
 * file.c - input files, mapped read-only and shared, so a 256 MiB initrd
 * costs page cache, not anonymous memory.  Only a gzip kernel is copied
 * (inflated) to the heap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

int kx_is_gzip(const unsigned char *p, size_t n)
{
	return n >= 18 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

int kx_file_open(struct kx_ctx *ctx, struct kx_file *f, const char *what,
		 const char *path, unsigned flags)
{
	struct stat st;
	int e;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->path = path;
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return kx_fail(ctx, -errno, "%s %s: %s", what, path, strerror(errno));
	if (fstat(f->fd, &st)) {
		e = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		kx_fail(ctx, -EINVAL, "%s %s: not a regular file", what, path);
		kx_file_close(f);
		return -EINVAL;
	}
	if (st.st_size == 0) {
		kx_fail(ctx, -EINVAL, "%s %s: empty file", what, path);
		kx_file_close(f);
		return -EINVAL;
	}
	if ((uint64_t)st.st_size > (uint64_t)SIZE_MAX / 2) {
		kx_fail(ctx, -EFBIG, "%s %s: too large for this machine", what, path);
		kx_file_close(f);
		return -EFBIG;
	}
	f->file_size = f->map_size = (size_t)st.st_size;
	f->map = mmap(NULL, f->map_size, PROT_READ, MAP_SHARED, f->fd, 0);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		e = -errno;
		goto fail;
	}
	f->data = f->map;
	f->size = f->map_size;
	if ((flags & KX_FILE_INFLATE) && kx_is_gzip(f->data, f->size)) {
		unsigned char *out;
		size_t len;
		char label[320];
		int rc;

		kx_snprintf(label, sizeof(label), "%s %s", what, path);
		rc = kx_gunzip(ctx, label, f->data, f->size, kx_gunzip_cap(ctx, f->size), &out, &len);
		if (rc) {
			kx_file_close(f);
			return rc;
		}
		kx_dbg(ctx, "%s %s: gzip, inflated %zu -> %zu bytes", what, path, f->size, len);
		f->heap = out;
		f->data = out;
		f->size = len;
		f->inflated = 1;
	}
	return 0;
fail:
	kx_fail(ctx, e, "%s %s: %s", what, path, strerror(-e));
	kx_file_close(f);
	return e;
}

void kx_file_close(struct kx_file *f)
{
	if (f->map)
		munmap(f->map, f->map_size);
	free(f->heap);
	if (f->fd >= 0)
		close(f->fd);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}
