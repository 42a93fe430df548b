/* SPDX-License-Identifier: MIT */
/*
 * file.c - input files, mapped read-only and shared, so a 256 MiB initrd
 * costs page cache, not anonymous memory.  (A gzip kernel is decompressed
 * into the plan's memory by plan.c.)
 *
 * A shared mapping follows the file: if another process truncates it
 * (a firmware update rewriting the image), reading a page past the new
 * end raises SIGBUS.  While any input is mapped, the handler below owns
 * SIGBUS: a fault inside one of our mappings replaces the rest of that
 * mapping with zero pages, so the read in progress completes, and marks
 * the file; kx_file_check, run before every syscall, then fails the load
 * naming the file.  A fault anywhere else gets the action that was
 * there before.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"
#include "verify.h"

static struct kx_file *mapped; /* every open mapping, for the handler */
static struct sigaction before;
static uintptr_t page_mask;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr, m, from;
	struct kx_file *f;
	int e = errno;

	for (f = mapped; f; f = f->next_mapped) {
		m = (uintptr_t)f->map;
		if (a - m >= f->map_size)
			continue;
		from = a & page_mask;
		if (mmap((void *)from, m + f->map_size - from, PROT_READ,
			 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
			break;
		f->faulted = 1;
		errno = e;
		return;
	}
	/* Not ours: the access faults again, under the previous action. */
	sigaction(SIGBUS, &before, NULL);
	errno = e;
}

static int watch(struct kx_file *f)
{
	struct sigaction sa;

	if (!mapped) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		page_mask = ~((uintptr_t)getauxval(AT_PAGESZ) - 1);
		if (sigaction(SIGBUS, &sa, &before))
			return -errno;
	}
	f->next_mapped = mapped;
	mapped = f;
	return 0;
}

static void unwatch(struct kx_file *f)
{
	struct kx_file **pp;

	for (pp = &mapped; *pp; pp = &(*pp)->next_mapped)
		if (*pp == f) {
			*pp = f->next_mapped;
			if (!mapped)
				sigaction(SIGBUS, &before, NULL);
			return;
		}
}

int kx_is_gzip(const unsigned char *p, size_t n)
{
	return n >= 18 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

int kx_file_open(struct kx_ctx *ctx, struct kx_file *f, const char *what, const char *path)
{
	struct stat st;
	int e;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	f->what = what;
	f->path = path;
	/* O_NONBLOCK: opening a FIFO waits for a writer otherwise. */
	f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (f->fd < 0)
		return kx_fail(ctx, -errno, "%s %s: %s", what, path, kx_strerror(errno));
	if (fstat(f->fd, &st)) {
		e = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		kx_fail(ctx, -EINVAL, "%s %s: not a regular file (%s)", what, path,
			S_ISDIR(st.st_mode)    ? "a directory"
			: S_ISFIFO(st.st_mode) ? "a FIFO"
			: S_ISCHR(st.st_mode)  ? "a character device"
			: S_ISBLK(st.st_mode)  ? "a block device"
					       : "a socket");
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
	f->mtime = st.st_mtim;
	f->map = mmap(NULL, f->map_size, PROT_READ, MAP_SHARED, f->fd, 0);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		e = -errno;
		goto fail;
	}
	e = watch(f);
	if (e)
		goto fail;
	f->data = f->map;
	f->size = f->map_size;
	return 0;
fail:
	kx_fail(ctx, e, "%s %s: %s", what, path, kx_strerror(-e));
	kx_file_close(f);
	return e;
}

int kx_file_remap(struct kx_ctx *ctx, struct kx_file *f, int fd)
{
	struct stat st;
	void *m;

	if (fstat(fd, &st))
		return kx_fail(ctx, -errno, "%s %s: %s", f->what, f->path, kx_strerror(errno));
	m = mmap(NULL, f->size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return kx_fail(ctx, -errno, "%s %s: %s", f->what, f->path, kx_strerror(errno));
	/* f stays on the SIGBUS handler's list: a sealed memfd cannot
	 * shrink, so its mapping never faults. */
	munmap(f->map, f->map_size);
	close(f->fd);
	f->fd = fd;
	f->map = m;
	f->map_size = f->size;
	f->data = m;
	f->mtime = st.st_mtim;
	return 0;
}

int kx_file_open_sealed(struct kx_ctx *ctx, struct kx_file *f, const char *what,
			const char *path, struct kx_verify *v)
{
	int rc = kx_file_open(ctx, f, what, path);

	if (!rc && v)
		rc = kx_file_seal(ctx, f);
	if (!rc && v)
		rc = kx_verify_input(ctx, v, f);
	if (rc)
		kx_file_close(f);
	return rc;
}

int kx_file_check(struct kx_ctx *ctx, const struct kx_file *f)
{
	struct stat st;

	if (f->fd < 0)
		return 0;
	if (fstat(f->fd, &st))
		return kx_fail(ctx, -errno, "%s %s: %s", f->what, f->path, kx_strerror(errno));
	if ((uint64_t)st.st_size != f->file_size)
		return kx_fail(ctx, -ESTALE,
			       "%s %s: changed size while being loaded (%zu bytes when"
			       " opened, %llu now)",
			       f->what, f->path, f->file_size, (unsigned long long)st.st_size);
	if (st.st_mtim.tv_sec != f->mtime.tv_sec || st.st_mtim.tv_nsec != f->mtime.tv_nsec)
		return kx_fail(ctx, -ESTALE, "%s %s: was modified while being loaded", f->what,
			       f->path);
	if (f->faulted)
		return kx_fail(ctx, -EIO, "%s %s: a read failed while it was being loaded (SIGBUS: "
					  "an I/O error?)",
			       f->what, f->path);
	return 0;
}

void kx_file_close(struct kx_file *f)
{
	if (f->map) {
		unwatch(f);
		munmap(f->map, f->map_size);
	}
	if (f->fd >= 0)
		close(f->fd);
	memset(f, 0, sizeof(*f));
	f->fd = -1;
}
