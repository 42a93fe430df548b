/* SPDX-License-Identifier: MIT */
/*
 * load_file.c - kexec_file_load: the kernel reads, checks (signature) and
 * places the image itself; we pass the descriptors and the command line.
 * The kernel file goes as it is (its own descriptor: IMA appraises that
 * file), or, when it is not the kernel as it is (gzip, EFI zboot, a UKI's
 * .linux), the unwrapped kernel goes through a sealed memfd; so does an
 * initrd assembled in memory (a UKI's).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "explain.h"
#include "load_file.h"
#include "memfd.h"

const int kx_have_file_load = 1;

/* uapi linux/kexec.h */
#define KEXEC_FILE_UNLOAD 0x1
#define KEXEC_FILE_ON_CRASH 0x2
#define KEXEC_FILE_NO_INITRAMFS 0x4
#define KEXEC_FILE_DEBUG 0x8      /* 6.10 */
#define KEXEC_FILE_NO_CMA 0x10    /* 6.17 */
#define KEXEC_FILE_FORCE_DTB 0x20 /* 6.17, x86 */

static int call(struct kx_ctx *ctx, struct kx_plan *p, int kfd, int ifd, unsigned long flags)
{
	/* Without the words a kexec_load crash hand-over put first: the
	 * kernel adds its own. */
	const char *cl = p->file_cmdline ? p->file_cmdline : p->cmdline;

	kx_dbg(ctx, "kexec_file_load(kernel fd %d%s%s, initrd fd %d%s%s, %zu-byte command line, "
		    "flags=0x%lx) via %s",
	       kfd, p->file_kernel.data ? ": a sealed memfd, " : "",
	       p->file_kernel.data ? p->file_kernel.how : "", ifd,
	       p->file_initrd.data ? ": a sealed memfd, " : "",
	       p->file_initrd.data ? p->file_initrd.how : "", strlen(cl) + 1, flags,
	       ctx->sys->name);
	return ctx->sys->kexec_file_load(ctx->sys->arg, kfd, ifd, strlen(cl) + 1, cl, flags);
}

/* A memfd of what the plan unwrapped, for kexec_file_load to read (close
 * it after the call), or -errno. */
static int object(struct kx_ctx *ctx, const struct kx_plan *p, const struct kx_unwrapped *u,
		  const char *what, const char *name)
{
	char desc[400];

	kx_snprintf(desc, sizeof(desc), "%s %s (%s)", what, p->kernel_path, u->how);
	return kx_memfd(ctx, name, u->data, u->size, desc);
}

int kx_load_file(struct kx_ctx *ctx, struct kx_plan *p)
{
	unsigned long flags = 0;
	char what[400];
	int rc, kfd, ifd;

	if (p->panic)
		flags |= KEXEC_FILE_ON_CRASH;
	if (p->initrd_fd < 0 && !p->file_initrd.data)
		flags |= KEXEC_FILE_NO_INITRAMFS;
	if (p->opts & KX_FILE_DEBUG)
		flags |= KEXEC_FILE_DEBUG;
	if (p->opts & KX_NO_CMA)
		flags |= KEXEC_FILE_NO_CMA;
	if (p->opts & KX_FORCE_DTB)
		flags |= KEXEC_FILE_FORCE_DTB;
	/* The kernel reads the files itself: they must still be the ones
	 * the plan checked. */
	rc = kx_plan_check_inputs(ctx, p);
	if (rc)
		return rc;
	kfd = p->kernel_fd;
	ifd = p->initrd_fd;
	if (p->file_kernel.data &&
	    (kfd = object(ctx, p, &p->file_kernel, "kernel", "kexec-kernel")) < 0)
		return kfd;
	if (p->file_initrd.data &&
	    (ifd = object(ctx, p, &p->file_initrd, "initrd of", "kexec-initrd")) < 0) {
		if (p->file_kernel.data)
			close(kfd);
		return ifd;
	}
	p->syscall = "kexec_file_load";
	rc = call(ctx, p, kfd, ifd, flags);
	/* A kernel older than the flag refuses it as unknown: -d's is only
	 * a wish, the others change what is loaded. */
	if (rc == -EINVAL && (flags & KEXEC_FILE_DEBUG)) {
		kx_dbg(ctx, "EINVAL: again without KEXEC_FILE_DEBUG, which kernels before 6.10 "
			    "do not know");
		rc = call(ctx, p, kfd, ifd, flags & ~KEXEC_FILE_DEBUG);
	}
	if (p->file_kernel.data)
		close(kfd);
	if (p->file_initrd.data)
		close(ifd);
	if (!rc)
		return 0;
	kx_snprintf(what, sizeof(what), "%s%s%s%s%s", p->kernel_path,
		    p->file_kernel.data ? " (its kernel " : "",
		    p->file_kernel.data ? p->file_kernel.how : "",
		    p->file_kernel.data ? ", through a memfd: a signature on the file does not "
					  "cover it)" : "",
		    rc == -EINVAL && (flags & (KEXEC_FILE_NO_CMA | KEXEC_FILE_FORCE_DTB))
			    ? " (with --no-cma or --force-dtb, which kernels before 6.17 do not "
			      "know)" : "");
	return kx_fail_sys(ctx, rc, "kexec_file_load", what, !!(flags & KEXEC_FILE_ON_CRASH));
}

int kx_unload_file(struct kx_ctx *ctx, unsigned flags)
{
	unsigned long f = KEXEC_FILE_UNLOAD | ((flags & KX_PANIC) ? KEXEC_FILE_ON_CRASH : 0);

	return ctx->sys->kexec_file_load(ctx->sys->arg, -1, -1, 0, NULL, f);
}
