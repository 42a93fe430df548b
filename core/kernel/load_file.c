/* SPDX-License-Identifier: MIT */
/*
 * load_file.c - kexec_file_load: the kernel reads, checks (signature) and
 * places the image itself; we pass the descriptors and the command line.
 * The kernel file goes as it is (its own descriptor: IMA appraises that
 * file), or, when it is not the kernel as it is (gzip, EFI zboot), the
 * unwrapped kernel goes through a sealed memfd.
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

static int call(struct kx_ctx *ctx, struct kx_plan *p, int fd, unsigned long flags)
{
	/* Without the words a kexec_load crash hand-over put first: the
	 * kernel adds its own. */
	const char *cl = p->file_cmdline ? p->file_cmdline : p->cmdline;

	kx_dbg(ctx, "kexec_file_load(kernel fd %d%s%s, initrd fd %d, %zu-byte command line, "
		    "flags=0x%lx) via %s",
	       fd, p->file_kernel ? ": a sealed memfd, " : "",
	       p->file_kernel ? p->file_kernel_how : "", p->initrd_fd, strlen(cl) + 1, flags,
	       ctx->sys->name);
	return ctx->sys->kexec_file_load(ctx->sys->arg, fd, p->initrd_fd, strlen(cl) + 1, cl,
					 flags);
}

int kx_load_file(struct kx_ctx *ctx, struct kx_plan *p)
{
	unsigned long flags = 0;
	char what[400];
	int rc, fd = p->kernel_fd;

	if (p->panic)
		flags |= KEXEC_FILE_ON_CRASH;
	if (p->initrd_fd < 0)
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
	if (p->file_kernel) {
		kx_snprintf(what, sizeof(what), "kernel %s (%s)", p->kernel_path,
			    p->file_kernel_how);
		fd = kx_memfd(ctx, "kexec-kernel", p->file_kernel, p->file_kernel_size, what);
		if (fd < 0)
			return fd;
	}
	p->syscall = "kexec_file_load";
	rc = call(ctx, p, fd, flags);
	/* A kernel older than the flag refuses it as unknown: -d's is only
	 * a wish, the others change what is loaded. */
	if (rc == -EINVAL && (flags & KEXEC_FILE_DEBUG)) {
		kx_dbg(ctx, "EINVAL: again without KEXEC_FILE_DEBUG, which kernels before 6.10 "
			    "do not know");
		rc = call(ctx, p, fd, flags & ~KEXEC_FILE_DEBUG);
	}
	if (p->file_kernel)
		close(fd);
	if (!rc)
		return 0;
	kx_snprintf(what, sizeof(what), "%s%s%s%s%s", p->kernel_path,
		    p->file_kernel ? " (its kernel " : "", p->file_kernel ? p->file_kernel_how : "",
		    p->file_kernel ? ", through a memfd: a signature on the file does not "
				     "cover it)" : "",
		    rc == -EINVAL && (flags & (KEXEC_FILE_NO_CMA | KEXEC_FILE_FORCE_DTB))
			    ? " (with --no-cma or --force-dtb, which kernels before 6.17 do not "
			      "know)" : "");
	return kx_fail_sys(ctx, rc, "kexec_file_load", what);
}

int kx_unload_file(struct kx_ctx *ctx, unsigned flags)
{
	unsigned long f = KEXEC_FILE_UNLOAD | ((flags & KX_PANIC) ? KEXEC_FILE_ON_CRASH : 0);

	return ctx->sys->kexec_file_load(ctx->sys->arg, -1, -1, 0, NULL, f);
}
