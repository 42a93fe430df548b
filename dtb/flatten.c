/* SPDX-License-Identifier: MIT */
/*
 * flatten.c - /proc/device-tree (a directory per node, a file per
 * property holding its raw value) to a blob, with libfdt's
 * sequential-write API; what kexec-tools' fs2dt.c does by hand.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "dtb_int.h"

#define MAX_DEPTH 32 /* real trees nest < 10; libfdt allows 64 */

struct sw {
	struct kx_ctx *ctx;
	const char *dir;      /* as the user knows it, for messages */
	void *fdt;
	int size;
	char path[4096];      /* the file being read, ctx->root included */
	size_t base;          /* length of the top directory in path */
	unsigned char *val;   /* property scratch */
	size_t vcap;
	int oom;
};

static int grow(struct sw *s)
{
	int nsize;
	void *nb;

	if (s->size >= (int)KX_DTB_MAX)
		return -KX_DTB_ERR_TOOBIG;
	nsize = s->size > (int)KX_DTB_MAX / 2 ? (int)KX_DTB_MAX : s->size * 2;
	if (!(nb = malloc(nsize))) {
		s->oom = 1;
		return -FDT_ERR_NOSPACE;
	}
	if (fdt_resize(s->fdt, nb, nsize)) {
		free(nb);
		return -FDT_ERR_INTERNAL;
	}
	free(s->fdt);
	s->fdt = nb;
	s->size = nsize;
	return 0;
}

/* A sequential-write call, redone in a bigger buffer while it is full. */
#define SW(s, call) ({ \
	int r_; \
	while ((r_ = (call)) == -FDT_ERR_NOSPACE && !(s)->oom && !(r_ = grow(s))) \
		; \
	r_; })

static int sys_fail(struct sw *s, int e)
{
	return kx_fail(s->ctx, e, "dtb %s%s: %s", s->dir, s->path + s->base, kx_strerror(-e));
}

static int fdt_fail(struct sw *s, int r)
{
	if (s->oom)
		return kx_fail(s->ctx, -ENOMEM, "dtb %s: out of memory", s->dir);
	return kx_fail(s->ctx, r == -KX_DTB_ERR_TOOBIG ? -EFBIG : -EINVAL, "dtb %s%s: %s",
		       s->dir, s->path + s->base, kx_dtb_strerror(r));
}

/* Read s->path into s->val.  Returns the length or -errno. */
long kx_dtb_read_fd(int fd, unsigned char **buf, size_t *cap, size_t max)
{
	size_t got = 0;
	unsigned char *nb;
	ssize_t n;

	for (;;) {
		if (got == *cap) {
			size_t ncap = *cap ? *cap * 2 : 4096;

			if (*cap >= max)
				return -EFBIG;
			if (ncap > max)
				ncap = max;
			if (!(nb = realloc(*buf, ncap)))
				return -ENOMEM;
			*buf = nb;
			*cap = ncap;
		}
		n = read(fd, *buf + got, *cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return (long)got;
		got += n;
	}
}

static long read_value(struct sw *s)
{
	long n;
	int fd;

	if ((fd = open(s->path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = kx_dtb_read_fd(fd, &s->val, &s->vcap, KX_DTB_MAX);
	close(fd);
	return n;
}

/* The kernel makes up a "name" for every node (drivers/of/fdt.c: the
 * node name up to '@'); version 16+ blobs carry none, so it goes.  A name
 * that says something else came from the firmware and stays. */
static int made_up_name(const char *node, const unsigned char *v, size_t len)
{
	size_t n = strcspn(node, "@");

	return len == n + 1 && !memcmp(v, node, n) && v[n] == 0;
}

static void free_names(char **v, int n)
{
	while (n > 0)
		free(v[--n]);
	free(v);
}

/* A directory's names but . and .., sorted by strcmp (not alphasort: the
 * order must not depend on the locale).  By hand, not scandir: its qsort
 * costs 2 KiB of a static binary, and insertion sort does for the few
 * dozen entries of a node.  Returns the count or -errno. */
static int list_dir(const char *path, char ***out)
{
	DIR *d = opendir(path);
	char **v = NULL, **nv, *name;
	int n = 0, cap = 0, i, err = 0;
	struct dirent *e;

	if (!d)
		return -errno;
	for (;;) {
		errno = 0;
		if (!(e = readdir(d))) {
			err = -errno; /* 0 at the end */
			break;
		}
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(nv = realloc(v, cap * sizeof(*v)))) {
				err = -ENOMEM;
				break;
			}
			v = nv;
		}
		if (!(name = strdup(e->d_name))) {
			err = -ENOMEM;
			break;
		}
		for (i = n++; i > 0 && strcmp(v[i - 1], name) > 0; i--)
			v[i] = v[i - 1];
		v[i] = name;
	}
	closedir(d);
	if (err) {
		free_names(v, n);
		return err;
	}
	*out = v;
	return n;
}

static int put_node(struct sw *s, const char *name, int depth)
{
	size_t plen = strlen(s->path);
	char **list = NULL;
	struct stat st;
	int n, i, pass, rc = 0;
	long len;

	if ((n = list_dir(s->path, &list)) < 0)
		return sys_fail(s, n);
	if ((rc = SW(s, fdt_begin_node(s->fdt, name))))
		rc = fdt_fail(s, rc);
	/* The structure block wants a node's properties before its
	 * children: files first, then directories. */
	for (pass = 0; pass < 2 && !rc; pass++)
		for (i = 0; i < n && !rc; i++) {
			if (plen + 1 + strlen(list[i]) >= sizeof(s->path)) {
				rc = sys_fail(s, -ENAMETOOLONG);
				break;
			}
			s->path[plen] = '/';
			strcpy(s->path + plen + 1, list[i]);
			if (lstat(s->path, &st)) {
				rc = sys_fail(s, -errno);
			} else if (pass == 0 && S_ISREG(st.st_mode)) {
				if ((len = read_value(s)) < 0)
					rc = sys_fail(s, (int)len);
				else if (!(!strcmp(list[i], "name") &&
					   made_up_name(name, s->val, len)) &&
					 (rc = SW(s,
						  fdt_property(s->fdt, list[i], s->val, (int)len))))
					rc = fdt_fail(s, rc);
			} else if (pass == 1 && S_ISDIR(st.st_mode)) {
				if (depth >= MAX_DEPTH)
					rc = sys_fail(s, -ELOOP);
				else
					rc = put_node(s, list[i], depth + 1);
			}
			s->path[plen] = 0;
		}
	if (!rc && (rc = SW(s, fdt_end_node(s->fdt))))
		rc = fdt_fail(s, rc);
	free_names(list, n);
	return rc;
}

int kx_dtb_flatten_dir(struct kx_ctx *ctx, const char *dir, struct kx_dtb *d, int missing_ok)
{
	struct sw s = { .ctx = ctx, .dir = dir, .size = 64 << 10 };
	char why[192];
	struct stat st;
	int rc;

	memset(d, 0, sizeof(*d));
	kx_path(ctx, dir, s.path, sizeof(s.path));
	s.base = strlen(s.path);
	/* stat, not lstat: /proc/device-tree is a symlink to
	 * /sys/firmware/devicetree/base. */
	if (stat(s.path, &st)) {
		if (errno == ENOENT && missing_ok)
			return -ENOENT;
		return sys_fail(&s, -errno);
	}
	if (!S_ISDIR(st.st_mode))
		return sys_fail(&s, -ENOTDIR);
	if (!(s.fdt = malloc(s.size)))
		return kx_fail(ctx, -ENOMEM, "dtb %s: out of memory", dir);
	if ((rc = SW(&s, fdt_create(s.fdt, s.size))) ||
	    (rc = SW(&s, fdt_finish_reservemap(s.fdt)))) {
		rc = fdt_fail(&s, rc);
		goto out;
	}
	if ((rc = put_node(&s, "", 0)))
		goto out;
	if ((rc = SW(&s, fdt_finish(s.fdt)))) {
		rc = fdt_fail(&s, rc);
		goto out;
	}
	/* Our own output, but built from whatever the files held. */
	if ((rc = kx_dtb_check(s.fdt, fdt_totalsize(s.fdt), why, sizeof(why)))) {
		rc = kx_fail(ctx, -EINVAL, "dtb %s: flattened tree is invalid: %s", dir, why);
		goto out;
	}
	d->fdt = s.fdt;
	d->size = s.size;
	d->source = KX_DTB_SRC_PROC;
	kx_snprintf(d->name, sizeof(d->name), "%s", dir);
	s.fdt = NULL;
out:
	free(s.fdt);
	free(s.val);
	return rc;
}

int kx_dtb_flatten(struct kx_ctx *ctx, const char *dir, struct kx_dtb *d)
{
	return kx_dtb_flatten_dir(ctx, dir, d, 0);
}
