/* SPDX-License-Identifier: MIT */
/*
 * load.c - hand a validated plan to the kernel, with kexec-tools' policy:
 * -s kexec_file_load only, -c kexec_load only, -a (default) file first and
 * kexec_load when the kernel cannot take the file (ENOSYS, EINVAL, ENOEXEC,
 * EOPNOTSUPP); never after a signature refusal, which would bypass it.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "explain.h"
#include "load_file.h"

static int may_fall_back(int err)
{
	return err == -ENOSYS || err == -EINVAL || err == -ENOEXEC || err == -EOPNOTSUPP;
}

static int load_segments(struct kx_ctx *ctx, struct kx_plan *p)
{
	struct kx_raw_segment raw[KX_SEGMENT_MAX];
	unsigned long flags = p->load_flags | kx_arch.kexec_arch;
	unsigned i;
	int rc;

	/* kexec_load with no segments unloads: never send that by mistake. */
	if (!p->nseg || p->nseg > KX_SEGMENT_MAX)
		return kx_fail_plan(ctx, -EINVAL, "plan: %u segments", p->nseg);
	/* The digest (seal) read every byte: the inputs must be unchanged
	 * after it, so that the kernel copies what was hashed. */
	rc = kx_plan_seal(ctx, p);
	if (!rc)
		rc = kx_plan_check_inputs(ctx, p);
	if (!rc)
		rc = kx_crash_hotplug_check(ctx, p);
	if (rc)
		return rc;
	for (i = 0; i < p->nseg; i++) {
		raw[i].buf = p->seg[i].buf;
		raw[i].bufsz = p->seg[i].bufsz;
		raw[i].mem = p->seg[i].mem;
		raw[i].memsz = p->seg[i].memsz;
	}
	p->syscall = "kexec_load";
	if (p->opts & (KX_NO_CMA | KX_FORCE_DTB))
		kx_dbg(ctx, "--no-cma, --force-dtb: kexec_file_load's flags; kexec_load has none");
	kx_dbg(ctx, "kexec_load(entry=0x%llx, %u segments, flags=0x%lx) via %s",
	       (unsigned long long)p->entry, p->nseg, flags, ctx->sys->name);
	rc = ctx->sys->kexec_load(ctx->sys->arg, p->entry, p->nseg, raw, flags);
	if (rc == -EINVAL && (flags & KEXEC_CRASH_HOTPLUG_SUPPORT)) {
		/* 6.6 to 6.9 know the header-only flag (x86 takes both). */
		flags ^= KEXEC_CRASH_HOTPLUG_SUPPORT | KEXEC_UPDATE_ELFCOREHDR;
		kx_dbg(ctx, "EINVAL: again with KEXEC_UPDATE_ELFCOREHDR (flags=0x%lx), the "
			    "flag kernels before 6.10 know", flags);
		rc = ctx->sys->kexec_load(ctx->sys->arg, p->entry, p->nseg, raw, flags);
	}
	/* Changed while the kernel copied it: what it holds may not match
	 * the digest (the purgatory would stop the boot), so take it out. */
	if (kx_plan_check_inputs(ctx, p)) {
		if (!rc)
			ctx->sys->kexec_load(ctx->sys->arg, 0, 0, NULL, flags);
		return ctx->err;
	}
	if (!rc)
		return 0;
	return kx_fail_sys(ctx, rc, "kexec_load", p->kernel_path, !!(flags & KEXEC_ON_CRASH));
}

static int load(struct kx_ctx *ctx, struct kx_plan *p)
{
	int rc;

	if (!ctx->sys)
		return kx_fail_kernel(ctx, -EPERM, "%s: no syscall backend given: refusing to load",
				      p->kernel_path);
	if (p->mode == KX_SYSCALL_FILE && !p->file_capable) {
		return kx_fail_plan(ctx, -EOPNOTSUPP, "%s: kexec_file_load (-s) impossible: %s",
			       p->kernel_path, p->file_refusal);
	}
	if (p->mode != KX_SYSCALL_LOAD && p->file_capable) {
		rc = kx_load_file(ctx, p);
		if (rc == 0 || p->mode == KX_SYSCALL_FILE || !may_fall_back(rc))
			return rc;
		kx_snprintf(p->fallback, sizeof(p->fallback), "kexec_file_load said: %s",
			    kx_explain(rc, "kexec_file_load"));
		kx_dbg(ctx, "falling back to kexec_load: %s", p->fallback);
		/* The file attempt's message is not the outcome any more. */
		kx_fail_forget(ctx);
	} else if (p->mode == KX_SYSCALL_AUTO) {
		kx_snprintf(p->fallback, sizeof(p->fallback), "%s", p->file_refusal);
		kx_dbg(ctx, "using kexec_load: %s", p->file_refusal);
	}
	if (p->load_refusal[0]) {
		/* Not the kernel's refusal: this plan cannot take that path. */
		return kx_fail_plan(ctx, -EOPNOTSUPP, "%s: kexec_load impossible: %s",
			       p->kernel_path, p->load_refusal);
	}
	return load_segments(ctx, p);
}

/* 1 when a crash kernel is loaded, 0 when not, < 0 when unknown. */
static int crash_loaded(const struct kx_ctx *ctx)
{
	struct kx_ctx look = { .root = ctx->root }; /* its failure is not the load's */

	return kx_loaded(&look, KX_PANIC);
}

/* Linux frees the loaded crash kernel before it reads a new one, so a
 * crash load the kernel refuses past its first checks (a signature, a
 * format, memory) leaves none: the message says so. */
int kx_plan_load(struct kx_ctx *ctx, struct kx_plan *p)
{
	int panic = !!(p->load_flags & KEXEC_ON_CRASH);
	int had = panic ? crash_loaded(ctx) : 0;
	int rc = load(ctx, p);
	size_t n = strlen(ctx->msg);

	if (rc && had == 1 && crash_loaded(ctx) == 0)
		kx_snprintf(ctx->msg + n, sizeof(ctx->msg) - n, "; the crash kernel loaded "
			    "before is gone too (Linux unloads it before it reads a new one)");
	return rc;
}
