/* SPDX-License-Identifier: MIT */
/*
 * source.c - which tree the next kernel gets, in kexec-tools' order
 * (kexec/arch/arm64/kexec-arm64.c): --dtb, else /sys/firmware/fdt, else
 * /proc/device-tree flattened (flatten.c).  Every blob passes check.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "dtb_int.h"

void kx_dtb_free(struct kx_dtb *d)
{
	free(d->fdt);
	memset(d, 0, sizeof(*d));
}

int kx_dtb_from_mem(struct kx_ctx *ctx, const char *name, const void *data,
		    size_t len, struct kx_dtb *d)
{
	char why[192];
	size_t total;
	void *buf;
	int rc;

	memset(d, 0, sizeof(*d));
	/* Our header checks read bytes one by one, so they run on the
	 * caller's bytes whatever their alignment; libfdt only ever sees
	 * the aligned copy. */
	rc = kx_dtb_check_header(data, len, why, sizeof(why));
	if (rc)
		return kx_fail(ctx, rc == -KX_DTB_ERR_TOOBIG ? -EFBIG : -EINVAL,
			       "dtb %s: %s", name, why);
	total = kx_dtb_get_cells((const char *)data + 4, 1); /* totalsize, unaligned */
	buf = malloc(total); /* malloc aligns for any type: 8 at least */
	if (!buf)
		return kx_fail(ctx, -ENOMEM, "dtb %s: no memory for %zu bytes", name, total);
	memcpy(buf, data, total);
	rc = kx_dtb_check(buf, total, why, sizeof(why));
	if (rc) {
		free(buf);
		return kx_fail(ctx, -EINVAL, "dtb %s: %s", name, why);
	}
	d->fdt = buf;
	d->size = total;
	d->source = KX_DTB_SRC_MEM;
	kx_snprintf(d->name, sizeof(d->name), "%s", name);
	return 0;
}

/* Read a whole sysfs file: sysfs binary attributes cannot be mmap'ed,
 * and st_size is only a hint.  0 or -errno (nothing recorded). */
static int slurp(struct kx_ctx *ctx, const char *path, void **out, size_t *len)
{
	unsigned char *buf = NULL;
	size_t cap = 0;
	struct stat st;
	char p[4096];
	long got;
	int fd;

	fd = kx_open_regular(kx_path(ctx, path, p, sizeof(p)));
	if (fd < 0)
		return fd;
	/* + 1: the first pass then already sees EOF. */
	if (!fstat(fd, &st) && st.st_size > 0 && (uint64_t)st.st_size < KX_DTB_MAX &&
	    (buf = malloc((size_t)st.st_size + 1)))
		cap = (size_t)st.st_size + 1;
	got = kx_dtb_read_fd(fd, &buf, &cap, (size_t)KX_DTB_MAX + 1); /* + 1: "too big" */
	close(fd);
	if (got < 0) {
		free(buf);
		return (int)got;
	}
	*out = buf;
	*len = (size_t)got;
	return 0;
}

/* path read whole into d, from source src.  0 or -errno (nothing
 * recorded for the errno of opening or reading it). */
static int read_whole(struct kx_ctx *ctx, const char *path, struct kx_dtb *d, int src)
{
	size_t len;
	void *raw;
	int rc = slurp(ctx, path, &raw, &len);

	if (rc)
		return rc;
	rc = kx_dtb_from_mem(ctx, path, raw, len, d);
	free(raw);
	if (!rc)
		d->source = src;
	return rc;
}

int kx_dtb_read_file(struct kx_ctx *ctx, const char *path, struct kx_verify *v,
		     struct kx_dtb *d)
{
	struct kx_file f;
	int rc;

	memset(d, 0, sizeof(*d));
	rc = kx_file_open_sealed(ctx, &f, "dtb", path, v);
	if (rc == -ENODEV && v) {
		kx_fail_forget(ctx);
		return kx_fail(ctx, -EPERM, "dtb %s: not a regular file, so not one a manifest or "
					    "signature can cover", path);
	} else if (rc == -ENODEV) {
		/* A sysfs file: --dtb=/sys/firmware/fdt, as Buildroot's kexec
		 * test gives it. */
		kx_fail_forget(ctx);
		rc = read_whole(ctx, path, d, KX_DTB_SRC_FILE);
		if (rc && !ctx->err)
			kx_fail(ctx, rc, "dtb %s: %s", path, kx_not_regular(rc));
		return rc;
	}
	if (rc)
		return rc;
	rc = kx_dtb_from_mem(ctx, path, f.data, f.size, d);
	/* kx_dtb_from_mem copied it: the copy must be of the whole file. */
	if (!rc && (rc = kx_file_check(ctx, &f)))
		kx_dtb_free(d);
	kx_file_close(&f);
	if (!rc)
		d->source = KX_DTB_SRC_FILE;
	return rc;
}

static int read_firmware(struct kx_ctx *ctx, struct kx_dtb *d)
{
	static const char path[] = "/sys/firmware/fdt";
	int rc = read_whole(ctx, path, d, KX_DTB_SRC_FIRMWARE);

	if (rc == -ENOENT || !rc || ctx->err)
		return rc;
	if (rc == -EACCES || rc == -EPERM) {
		/* 0400 root: a --dry-run by a user still has /proc. */
		kx_dbg(ctx, "dtb %s: %s; trying /proc/device-tree", path, kx_not_regular(rc));
		return -ENOENT;
	}
	return kx_fail(ctx, rc, "dtb %s: %s", path, kx_not_regular(rc));
}

int kx_dtb_read(struct kx_ctx *ctx, const char *dtb, struct kx_dtb *d)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if (dtb)
		return kx_dtb_read_file(ctx, dtb, NULL, d);
	rc = read_firmware(ctx, d);
	if (rc != -ENOENT)
		return rc;
	rc = kx_dtb_flatten_dir(ctx, "/proc/device-tree", d, 1);
	if (rc != -ENOENT)
		return rc;
	return kx_fail(ctx, -ENOENT, "dtb: no device tree: no --dtb given, and neither "
		       "/sys/firmware/fdt nor /proc/device-tree exists");
}
