/* SPDX-License-Identifier: MIT */
/*
 * test_load.c - the syscall policy of kx_plan_load (-a, -s, -c, fallback,
 * signature refusals), kernel errnos in words, kx_unload, kx_exec and
 * kx_loaded, all through the recording backend on plans of the fake
 * backend (fake_arch.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"
#include "explain.h"

#define KEXEC_FILE_UNLOAD 0x1UL
#define KEXEC_FILE_ON_CRASH 0x2UL
#define KEXEC_FILE_NO_INITRAMFS 0x4UL
#define KEXEC_FILE_DEBUG 0x8UL
#define KEXEC_FILE_NO_CMA 0x10UL
#define KEXEC_FILE_FORCE_DTB 0x20UL

struct fx {
	const char *root;
	char kernel[512], initrd[512];
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	struct kx_plan *p;
};

static void fx_files(struct fx *f, const char *iomem)
{
	size_t len = 1 << 20;
	unsigned char *b = t_fake_kernel(len, 2 << 20);
	static unsigned char rd[3 * 4096 + 5];

	memset(f, 0, sizeof(*f));
	f->root = t_fake_root(1024, "BOOT_IMAGE=/vmlinuz root=/dev/vda\n");
	if (iomem)
		t_write_str(f->root, "proc/iomem", iomem);
	snprintf(f->kernel, sizeof(f->kernel), "%s", t_write(f->root, "boot/vmlinuz", b, len));
	memset(rd, 0x5a, sizeof(rd));
	snprintf(f->initrd, sizeof(f->initrd), "%s",
		 t_write(f->root, "boot/initrd", rd, sizeof(rd)));
	free(b);
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
}

/* A fresh ctx and recorder on the same files. */
static void fx_reset(struct fx *f)
{
	memset(&f->ctx, 0, sizeof(f->ctx));
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
}

/* Build a plan; the ctx and recorder are fresh for the load that follows. */
static void fx_plan(struct fx *f, enum kx_syscall_mode mode, unsigned flags, int initrd)
{
	struct kx_opts o = { 0 };

	fx_reset(f);

	o.kernel = f->kernel;
	o.initrd = initrd ? f->initrd : NULL;
	o.cmdline = "console=ttyS0";
	o.syscall = mode;
	o.flags = flags;
	if (kx_plan_build(&f->ctx, &o, &f->p))
		fail_msg("kx_plan_build: %s", f->ctx.msg);
	assert_int_equal(f->ctx.err, 0);
	f->ctx.stage = KX_STAGE_NONE;
}

/* Plans on one set of files per test: each fake root is a directory. */
static void fx_setup(struct fx *f, enum kx_syscall_mode mode, unsigned flags, int initrd)
{
	if (!f->root)
		fx_files(f, NULL);
	fx_plan(f, mode, flags, initrd);
}

static void fx_free(struct fx *f)
{
	kx_plan_free(f->p);
	f->p = NULL;
}

static void auto_file_first(void **state)
{
	struct fx f = { 0 };

	fx_setup(&f, KX_SYSCALL_AUTO, 0, 1);
	assert_true(f.p->file_capable);
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_true(f.p->kernel_fd >= 0);
	assert_true(f.p->initrd_fd >= 0);
	assert_int_equal(f.rec.kernel_fd, f.p->kernel_fd);
	assert_int_equal(f.rec.initrd_fd, f.p->initrd_fd);
	assert_int_equal(f.rec.cmdline_len, sizeof("console=ttyS0"));
	assert_int_equal(f.rec.flags, 0);
	assert_true(f.rec.rss_anon_kib > 0);
	assert_true(f.rec.hwm_kib >= f.rec.rss_anon_kib);
	assert_string_equal(f.p->syscall, "kexec_file_load");
	assert_string_equal(f.p->fallback, "");
	assert_int_equal(f.ctx.err, 0);
	assert_int_equal(f.ctx.stage, KX_STAGE_NONE);
	fx_free(&f);

	/* No initrd: the kernel is told so. */
	fx_setup(&f, KX_SYSCALL_AUTO, 0, 0);
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_int_equal(f.rec.initrd_fd, -1);
	assert_int_equal(f.rec.flags, KEXEC_FILE_NO_INITRAMFS);
	fx_free(&f);
}

/* The errnos that mean "this kernel cannot take the file": kexec_load next. */
static void auto_falls_back(void **state)
{
	static const int errs[] = { ENOSYS, EINVAL, ENOEXEC, EOPNOTSUPP };
	struct fx f = { 0 };
	unsigned i, j;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		char want[160];

		fx_setup(&f, KX_SYSCALL_AUTO, 0, 1);
		f.rec.fail_file = -errs[i];
		assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
		assert_int_equal(f.rec.calls, 2);
		assert_string_equal(f.rec.last, "kexec_load");
		assert_string_equal(f.p->syscall, "kexec_load");
		snprintf(want, sizeof(want), "kexec_file_load said: %s",
			 kx_explain(-errs[i], "kexec_file_load"));
		assert_string_equal(f.p->fallback, want);
		/* The file attempt's failure is not the outcome. */
		assert_int_equal(f.ctx.err, 0);
		assert_string_equal(f.ctx.msg, "");
		assert_int_equal(f.rec.nr, f.p->nseg);
		assert_int_equal(f.rec.entry, f.p->entry);
		assert_int_equal(f.rec.flags, T_FAKE_KEXEC_ARCH);
		for (j = 0; j < f.p->nseg; j++)
			assert_int_equal(f.rec.seg[j].mem, f.p->seg[j].mem);
		fx_free(&f);
	}
}

/* A signature refusal must never be bypassed through kexec_load. */
static void auto_no_fallback_after_signature(void **state)
{
	static const struct { int err; const char *word; } cases[] = {
		{ EKEYREJECTED, "signature" },
		{ ENOKEY, "key" },
		{ EBADMSG, "signature" },
	};
	struct fx f = { 0 };
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char want[1024];

		fx_setup(&f, KX_SYSCALL_AUTO, 0, 1);
		f.rec.fail_file = -cases[i].err;
		assert_int_equal(kx_plan_load(&f.ctx, f.p), -cases[i].err);
		assert_int_equal(f.rec.calls, 1);
		assert_string_equal(f.rec.last, "kexec_file_load");
		assert_string_equal(f.p->fallback, "");
		assert_int_equal(f.ctx.err, -cases[i].err);
		assert_int_equal(f.ctx.stage, KX_STAGE_KERNEL);
		snprintf(want, sizeof(want), "%s: kexec_file_load failed: %s [%s]", f.kernel,
			 kx_explain(cases[i].err, "kexec_file_load"), kx_strerror(cases[i].err));
		assert_string_equal(f.ctx.msg, want);
		if (!strstr(f.ctx.msg, cases[i].word))
			fail_msg("\"%s\" lacks \"%s\"", f.ctx.msg, cases[i].word);
		fx_free(&f);
	}
}

/* Other kernel refusals are final too: no second syscall. */
static void auto_no_fallback_other(void **state)
{
	static const int errs[] = { EPERM, ENOMEM, EBUSY, ETXTBSY, EFBIG };
	struct fx f = { 0 };
	unsigned i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		fx_setup(&f, KX_SYSCALL_AUTO, 0, 0);
		f.rec.fail_file = -errs[i];
		assert_int_equal(kx_plan_load(&f.ctx, f.p), -errs[i]);
		assert_int_equal(f.rec.calls, 1);
		assert_string_equal(f.rec.last, "kexec_file_load");
		assert_int_equal(f.ctx.err, -errs[i]);
		fx_free(&f);
	}
}

static void file_only(void **state)
{
	struct fx f = { 0 };

	fx_setup(&f, KX_SYSCALL_FILE, 0, 1);
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_file_load");
	fx_free(&f);

	/* -s: ENOSYS is final, and says what the running kernel lacks. */
	fx_setup(&f, KX_SYSCALL_FILE, 0, 1);
	f.rec.fail_file = -ENOSYS;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -ENOSYS);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_int_equal(f.ctx.stage, KX_STAGE_KERNEL);
	assert_non_null(strstr(f.ctx.msg, "CONFIG_KEXEC_FILE"));
	assert_non_null(strstr(f.ctx.msg, "kexec_file_load failed"));
	assert_string_equal(f.p->fallback, "");
	fx_free(&f);

	/* Nor does -s fall back on EINVAL. */
	fx_setup(&f, KX_SYSCALL_FILE, 0, 1);
	f.rec.fail_file = -EINVAL;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EINVAL);
	assert_int_equal(f.rec.calls, 1);
	fx_free(&f);
}

static void load_only(void **state)
{
	struct fx f = { 0 };
	unsigned i;

	fx_setup(&f, KX_SYSCALL_LOAD, 0, 1);
	assert_int_equal(f.p->nseg, 3);
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_string_equal(f.p->syscall, "kexec_load");
	assert_string_equal(f.p->fallback, "");
	assert_int_equal(f.rec.nr, 3);
	assert_int_equal(f.rec.entry, f.p->entry);
	assert_int_equal(f.rec.entry, f.p->seg[0].mem);       /* the kernel */
	assert_int_equal(f.rec.flags, T_FAKE_KEXEC_ARCH | f.p->load_flags);
	assert_int_equal(f.rec.flags & 0xffff0000UL, T_FAKE_KEXEC_ARCH);
	for (i = 0; i < f.p->nseg; i++) {
		assert_ptr_equal(f.rec.seg[i].buf, f.p->seg[i].buf);
		assert_int_equal(f.rec.seg[i].bufsz, f.p->seg[i].bufsz);
		assert_int_equal(f.rec.seg[i].mem, f.p->seg[i].mem);
		assert_int_equal(f.rec.seg[i].memsz, f.p->seg[i].memsz);
	}
	/* Kernel, initrd, params. */
	assert_int_equal(f.rec.seg[0].bufsz, 1 << 20);
	assert_int_equal(f.rec.seg[1].bufsz, 3 * 4096 + 5);
	assert_int_equal(f.rec.seg[1].memsz, 4 * 4096);
	fx_free(&f);
}

static void no_backend(void **state)
{
	struct fx f = { 0 };
	char want[1024];

	fx_setup(&f, KX_SYSCALL_AUTO, 0, 1);
	f.ctx.sys = NULL;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EPERM);
	assert_int_equal(f.rec.calls, 0);
	assert_int_equal(f.ctx.stage, KX_STAGE_KERNEL);
	snprintf(want, sizeof(want), "%s: no syscall backend given: refusing to load", f.kernel);
	assert_string_equal(f.ctx.msg, want);
	assert_null(f.p->syscall);
	fx_free(&f);

	memset(&f.ctx, 0, sizeof(f.ctx));
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_AUTO), -EPERM);
	assert_string_equal(f.ctx.msg, "unload: no syscall backend given");
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	assert_int_equal(kx_exec(&f.ctx, 0), -EPERM);
	assert_string_equal(f.ctx.msg, "exec: no syscall backend given");
	assert_int_equal(f.rec.calls, 0);
}

static const int kernel_errs[] = {
	EPERM, ENOSYS, EINVAL, EADDRNOTAVAIL, ENOMEM, EBUSY, EKEYREJECTED, ENOKEY, ETXTBSY, EFBIG,
};
#define NERRS (sizeof(kernel_errs) / sizeof(kernel_errs[0]))

/* Each errno has words of its own, for either syscall. */
static void explain_distinct(void **state)
{
	static const char *const sys[] = { "kexec_load", "kexec_file_load" };
	unsigned s, i, j;

	for (s = 0; s < 2; s++)
		for (i = 0; i < NERRS; i++) {
			const char *a = kx_explain(-kernel_errs[i], sys[s]);

			assert_non_null(a);
			assert_true(strlen(a) > 10);
			/* The sign does not matter. */
			assert_string_equal(a, kx_explain(kernel_errs[i], sys[s]));
			/* Not just kx_strerror(). */
			assert_string_not_equal(a, kx_strerror(kernel_errs[i]));
			for (j = 0; j < i; j++)
				if (!strcmp(a, kx_explain(-kernel_errs[j], sys[s])))
					fail_msg("%s: errno %d and %d both say \"%s\"", sys[s],
						 kernel_errs[i], kernel_errs[j], a);
		}
	/* Where the syscall matters, it says so. */
	assert_string_not_equal(kx_explain(-ENOSYS, "kexec_load"),
				kx_explain(-ENOSYS, "kexec_file_load"));
	assert_non_null(strstr(kx_explain(-ENOSYS, "kexec_file_load"), "CONFIG_KEXEC_FILE"));
	assert_non_null(strstr(kx_explain(-ENOSYS, "kexec_load"), "CONFIG_KEXEC"));
	assert_string_not_equal(kx_explain(-EINVAL, "kexec_load"),
				kx_explain(-EINVAL, "kexec_file_load"));
	assert_string_equal(kx_explain(-EINVAL, "reboot"), "no kexec image is loaded");
	/* Unknown errnos fall back to strerror, never NULL. */
	assert_string_equal(kx_explain(-ENOTTY, "kexec_load"), kx_strerror(ENOTTY));
}

/* What kx_fail_sys should say for EPERM in a root with no switches set. */
static const char *eperm_words(void)
{
	return geteuid() ? "not permitted: run as root (needs CAP_SYS_BOOT)"
			 : kx_explain(EPERM, "kexec_load");
}

/* A refusal from the kernel ends up in ctx->msg with those words. */
static void kernel_errno_messages(void **state)
{
	struct fx f = { 0 };
	unsigned i;

	for (i = 0; i < NERRS; i++) {
		int e = kernel_errs[i];
		char want[1024];

		/* kexec_load (-c) */
		fx_setup(&f, KX_SYSCALL_LOAD, 0, 0);
		f.rec.fail = -e;
		assert_int_equal(kx_plan_load(&f.ctx, f.p), -e);
		assert_int_equal(f.ctx.err, -e);
		assert_int_equal(f.ctx.stage, KX_STAGE_KERNEL);
		snprintf(want, sizeof(want), "%s: kexec_load failed: %s [%s]", f.kernel,
			 e == EPERM ? eperm_words() : kx_explain(-e, "kexec_load"), kx_strerror(e));
		assert_string_equal(f.ctx.msg, want);
		fx_free(&f);

		/* kexec_file_load (-s) */
		fx_setup(&f, KX_SYSCALL_FILE, 0, 0);
		f.rec.fail_file = -e;
		assert_int_equal(kx_plan_load(&f.ctx, f.p), -e);
		snprintf(want, sizeof(want), "%s: kexec_file_load failed: %s [%s]", f.kernel,
			 e == EPERM ? (geteuid() ? eperm_words()
						 : kx_explain(EPERM, "kexec_file_load"))
				    : kx_explain(-e, "kexec_file_load"),
			 kx_strerror(e));
		assert_string_equal(f.ctx.msg, want);
		fx_free(&f);
	}
}

/* EPERM has many causes; as root the system's switches name the one. */
static void eperm_causes(void **state)
{
	struct fx f = { 0 };

	if (geteuid() != 0) {
		fx_setup(&f, KX_SYSCALL_LOAD, 0, 0);
		f.rec.fail = -EPERM;
		assert_int_equal(kx_plan_load(&f.ctx, f.p), -EPERM);
		assert_non_null(strstr(f.ctx.msg, "run as root"));
		fx_free(&f);
		return;
	}
	fx_setup(&f, KX_SYSCALL_LOAD, 0, 0);
	t_write_str(f.root, "proc/sys/kernel/kexec_load_disabled", "1\n");
	f.rec.fail = -EPERM;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EPERM);
	assert_non_null(strstr(f.ctx.msg, "kexec_load failed: not permitted: kexec is disabled "
				       "(/proc/sys/kernel/kexec_load_disabled is 1"));
	fx_free(&f);

	assert_int_equal(unlink(t_write_str(f.root, "proc/sys/kernel/kexec_load_disabled", "0\n")),
			 0);
	fx_setup(&f, KX_SYSCALL_LOAD, 0, 0);
	t_write_str(f.root, "sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	f.rec.fail = -EPERM;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EPERM);
	assert_non_null(strstr(f.ctx.msg, "locked down (/sys/kernel/security/lockdown: none "
					  "[integrity] confidentiality)"));
	assert_non_null(strstr(f.ctx.msg, "kexec_file_load (-s) with a signed kernel may work"));
	fx_free(&f);

	/* Lockdown "[none]" is no cause. */
	fx_setup(&f, KX_SYSCALL_LOAD, 0, 0);
	t_write_str(f.root, "sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	t_write_str(f.root, "proc/sys/kernel/kexec_load_limit_reboot", "0\n");
	f.rec.fail = -EPERM;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EPERM);
	assert_non_null(strstr(f.ctx.msg, "kexec_load_limit_reboot is 0"));
	fx_free(&f);

	/* No securityfs (a test root is never mounted on): the command line's
	 * lockdown= word. */
	assert_int_equal(unlink(t_write_str(f.root, "sys/kernel/security/lockdown", "")), 0);
	t_write_str(f.root, "proc/sys/kernel/kexec_load_limit_reboot", "1\n");
	t_write_str(f.root, "proc/cmdline", "root=/dev/vda lockdown=integrity quiet\n");
	fx_setup(&f, KX_SYSCALL_LOAD, 0, 0);
	f.rec.fail = -EPERM;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EPERM);
	if (!strstr(f.ctx.msg, "not permitted: the kernel is locked down "
			       "(lockdown=integrity on the kernel command line)"))
		fail_msg("%s", f.ctx.msg);
	fx_free(&f);
	t_write_str(f.root, "proc/cmdline", "root=/dev/vda lockdown=none\n");
	fx_setup(&f, KX_SYSCALL_LOAD, 0, 0);
	f.rec.fail = -EPERM;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EPERM);
	if (strstr(f.ctx.msg, "not permitted: the kernel is locked down"))
		fail_msg("%s", f.ctx.msg);
	fx_free(&f);
}

/* -p through kexec_load is refused (no ELF core headers yet), so -a may
 * not fall back to it either; -s/-a use the crash flag. */
static void crash_load(void **state)
{
	struct fx f = { 0 };
	char want[1024];

	fx_files(&f, t_crash_iomem);
	fx_plan(&f, KX_SYSCALL_AUTO, KX_PANIC, 0);
	for (unsigned i = 0; i < f.p->nseg; i++) {
		assert_true(f.p->seg[i].mem >= 0x20000000);
		assert_true(f.p->seg[i].mem + f.p->seg[i].memsz <= 0x30000000);
	}
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_int_equal(f.rec.flags, KEXEC_FILE_ON_CRASH | KEXEC_FILE_NO_INITRAMFS);
	fx_free(&f);

	fx_plan(&f, KX_SYSCALL_AUTO, KX_PANIC, 0);
	memset(&f.rec, 0, sizeof(f.rec));
	f.rec.fail_file = -ENOSYS;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EOPNOTSUPP);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_file_load");
	snprintf(want, sizeof(want), "%s: kexec_load impossible: %s", f.kernel, f.p->load_refusal);
	assert_string_equal(f.ctx.msg, want);
	assert_non_null(strstr(f.ctx.msg, "ELF core headers"));
	fx_free(&f);

	fx_plan(&f, KX_SYSCALL_LOAD, KX_PANIC, 0);
	memset(&f.rec, 0, sizeof(f.rec));
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EOPNOTSUPP);
	assert_int_equal(f.rec.calls, 0);
	fx_free(&f);
}

/* What kexec_file_load was handed as the kernel: read from the fd at the
 * call, then recorded as usual. */
static struct {
	char link[64];
	int fd, seals;
	unsigned char *data;
	size_t n;
	int (*next)(void *arg, int k, int i, unsigned long len, const char *c, unsigned long flags);
} seen;

static int seeing_file(void *arg, int k, int i, unsigned long len, const char *c,
		       unsigned long flags)
{
	char path[64];
	ssize_t r;
	struct stat st;

	seen.fd = k;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", k);
	r = readlink(path, seen.link, sizeof(seen.link) - 1);
	seen.link[r > 0 ? r : 0] = 0;
	seen.seals = fcntl(k, F_GET_SEALS);
	assert_int_equal(fstat(k, &st), 0);
	free(seen.data);
	seen.data = malloc((size_t)st.st_size + 1);
	seen.n = (size_t)pread(k, seen.data, (size_t)st.st_size + 1, 0);
	/* Sealed: this process cannot change it either. */
	assert_int_equal(pwrite(k, "x", 1, 0), -1);
	return seen.next(arg, k, i, len, c, flags);
}

/* A gzip kernel goes to kexec_file_load gunzipped, through a sealed memfd
 * made at the call (and closed after it); -c loads the same bytes as
 * segments.  A plain file goes as itself (its own descriptor). */
static void gzip_kernel_memfd(void **state)
{
	struct fx f = { 0 };
	struct kx_opts o = { 0 };
	size_t len = 1 << 20, zn;
	unsigned char *b = t_fake_kernel(len, 2 << 20), *z = t_gzip(b, len, &zn);
	char path[512], want[1200];

	fx_files(&f, NULL);
	snprintf(path, sizeof(path), "%s", t_write(f.root, "boot/vmlinuz.gz", z, zn));
	free(z);
	o.kernel = path;
	o.syscall = KX_SYSCALL_AUTO;
	assert_int_equal(kx_plan_build(&f.ctx, &o, &f.p), 0);
	assert_int_equal(f.p->file_capable, 1);
	assert_int_equal(f.p->kernel_fd, -1);
	assert_int_equal(f.p->file_kernel.size, len);
	assert_string_equal(f.p->file_kernel.how, "gunzipped");
	seen.next = f.sys.kexec_file_load;
	f.sys.kexec_file_load = seeing_file;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.p->syscall, "kexec_file_load");
	assert_int_equal(strncmp(seen.link, "/memfd:kexec-kernel", 19), 0);
	assert_int_equal(seen.seals, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE);
	assert_int_equal(seen.n, len);
	assert_memory_equal(seen.data, b, len);
	assert_int_equal(fcntl(seen.fd, F_GETFD), -1);
	fx_free(&f);

	/* -c: the gunzipped kernel as a segment, no memfd. */
	o.syscall = KX_SYSCALL_LOAD;
	fx_reset(&f);
	assert_int_equal(kx_plan_build(&f.ctx, &o, &f.p), 0);
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_memory_equal(f.rec.seg[0].buf, b, 4096);
	fx_free(&f);

	/* A signature refusal names the memfd, and kexec_load when the kernel
	 * is not locked down. */
	o.syscall = KX_SYSCALL_FILE;
	t_write_str(f.root, "sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	fx_reset(&f);
	assert_int_equal(kx_plan_build(&f.ctx, &o, &f.p), 0);
	f.rec.fail_file = -EKEYREJECTED;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EKEYREJECTED);
	snprintf(want, sizeof(want), "%s (its kernel gunzipped, through a memfd: a signature on "
		 "the file does not cover it): kexec_file_load failed: %s; the kernel is not "
		 "locked down: kexec_load (-c), which checks no signature, may load it [%s]",
		 path, kx_explain(EKEYREJECTED, "kexec_file_load"), kx_strerror(EKEYREJECTED));
	assert_string_equal(f.ctx.msg, want);
	fx_free(&f);
	t_write_str(f.root, "sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	fx_reset(&f);
	assert_int_equal(kx_plan_build(&f.ctx, &o, &f.p), 0);
	f.rec.fail_file = -ENODATA;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -ENODATA);
	if (strstr(f.ctx.msg, "kexec_load (-c)") || !strstr(f.ctx.msg, "carries no signature"))
		fail_msg("%s", f.ctx.msg);
	fx_free(&f);

	/* The file as it is: its own descriptor. */
	o.kernel = f.kernel;
	o.syscall = KX_SYSCALL_AUTO;
	fx_reset(&f);
	assert_int_equal(kx_plan_build(&f.ctx, &o, &f.p), 0);
	assert_null(f.p->file_kernel.data);
	assert_true(f.p->kernel_fd >= 0);
	seen.next = f.sys.kexec_file_load;
	f.sys.kexec_file_load = seeing_file;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(seen.fd, f.p->kernel_fd);
	assert_memory_equal(seen.data, b, 4096);
	fx_free(&f);
	free(seen.data);
	seen.data = NULL;
	free(b);
}

/* A kernel before 6.10: EINVAL for any flag it does not know. */
static int old_kernel(void *arg, int k, int i, unsigned long len, const char *c,
		      unsigned long flags)
{
	struct kx_record *r = arg;

	r->calls++;
	r->flags = flags;
	return flags & ~(KEXEC_FILE_ON_CRASH | KEXEC_FILE_NO_INITRAMFS) ? -EINVAL : 0;
}

/* The options that become kexec_file_load flags: --no-cma, --force-dtb,
 * -d's KEXEC_FILE_DEBUG (dropped where the kernel refuses it). */
static void file_flags(void **state)
{
	struct fx f = { 0 };
	char want[1024];

	fx_setup(&f, KX_SYSCALL_FILE, KX_NO_CMA | KX_FORCE_DTB | KX_FILE_DEBUG, 1);
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(f.rec.flags, KEXEC_FILE_NO_CMA | KEXEC_FILE_FORCE_DTB | KEXEC_FILE_DEBUG);
	fx_free(&f);

	/* -d on an older kernel: the same load again, without the flag. */
	fx_setup(&f, KX_SYSCALL_FILE, KX_FILE_DEBUG, 1);
	f.sys.kexec_file_load = old_kernel;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_int_equal(f.rec.calls, 2);
	assert_int_equal(f.rec.flags, 0);
	fx_free(&f);

	/* --no-cma there: refused, saying which option the kernel may not
	 * know; -a falls back to kexec_load, which has no such flag. */
	fx_setup(&f, KX_SYSCALL_FILE, KX_NO_CMA | KX_FILE_DEBUG, 1);
	f.sys.kexec_file_load = old_kernel;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), -EINVAL);
	assert_int_equal(f.rec.calls, 2);
	snprintf(want, sizeof(want), "%s (with --no-cma or --force-dtb, which kernels before 6.17 "
		 "do not know): kexec_file_load failed: %s [%s]", f.kernel,
		 kx_explain(EINVAL, "kexec_file_load"), kx_strerror(EINVAL));
	assert_string_equal(f.ctx.msg, want);
	fx_free(&f);
	fx_setup(&f, KX_SYSCALL_AUTO, KX_NO_CMA, 1);
	f.sys.kexec_file_load = old_kernel;
	assert_int_equal(kx_plan_load(&f.ctx, f.p), 0);
	assert_string_equal(f.p->syscall, "kexec_load");
	assert_int_equal(f.rec.flags & ~0xffff0000UL, 0);
	fx_free(&f);
}

/* --print-ckr-size: the reservation kexec_load places a crash kernel in
 * (the last "Crash kernel" range), 0 without one. */
static void crash_size(void **state)
{
	struct fx f = { 0 };
	uint64_t n = 1;

	fx_files(&f, t_crash_iomem);
	assert_int_equal(kx_crash_size(&f.ctx, &n), 0);
	assert_int_equal(n, 0x10000000);
	t_write_str(f.root, "proc/iomem", "00100000-3fffffff : System RAM\n"
					  "  01000000-01ffffff : Crash kernel\n"
					  "100000000-13fffffff : System RAM\n"
					  "  110000000-117ffffff : Crash kernel\n");
	assert_int_equal(kx_crash_size(&f.ctx, &n), 0);
	assert_int_equal(n, 0x8000000);
	t_write_str(f.root, "proc/iomem", "00100000-3fffffff : System RAM\n");
	assert_int_equal(kx_crash_size(&f.ctx, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(f.ctx.err, 0);
	t_write_str(f.root, "proc/iomem", "00000000-00000000 : System RAM\n");
	assert_int_equal(kx_crash_size(&f.ctx, &n), -EPERM);
	assert_non_null(strstr(f.ctx.msg, "run as root"));
}

static void unload(void **state)
{
	struct fx f = { 0 };

	/* -a: the file syscall's unload, which is enough. */
	fx_files(&f, NULL);
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_AUTO), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_file_load");
	assert_int_equal(f.rec.kernel_fd, -1);
	assert_int_equal(f.rec.initrd_fd, -1);
	assert_int_equal(f.rec.cmdline_len, 0);
	assert_int_equal(f.rec.flags, KEXEC_FILE_UNLOAD);

	assert_int_equal(kx_unload(&f.ctx, KX_PANIC, KX_SYSCALL_AUTO), 0);
	assert_int_equal(f.rec.calls, 2);
	assert_int_equal(f.rec.flags, KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH);

	/* -a on a kernel without kexec_file_load: then kexec_load, 0 segments. */
	kx_sys_recorder(&f.sys, &f.rec);
	f.rec.fail_file = -ENOSYS;
	f.rec.nr = 99;
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_AUTO), 0);
	assert_int_equal(f.rec.calls, 2);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_int_equal(f.rec.nr, 0);
	assert_int_equal(f.rec.entry, 0);
	assert_int_equal(f.rec.flags, T_FAKE_KEXEC_ARCH);
	assert_int_equal(f.ctx.err, 0);

	kx_sys_recorder(&f.sys, &f.rec);
	f.rec.fail_file = -EINVAL;
	assert_int_equal(kx_unload(&f.ctx, KX_PANIC, KX_SYSCALL_AUTO), 0);
	assert_int_equal(f.rec.calls, 2);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_int_equal(f.rec.flags, T_FAKE_KEXEC_ARCH | KEXEC_ON_CRASH);

	/* -c: kexec_load only. */
	kx_sys_recorder(&f.sys, &f.rec);
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_LOAD), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "kexec_load");
	assert_int_equal(f.rec.nr, 0);
	assert_int_equal(f.rec.flags, T_FAKE_KEXEC_ARCH);
}

static void unload_errors(void **state)
{
	struct fx f = { 0 };
	char want[400];

	/* -s: no fallback. */
	fx_files(&f, NULL);
	f.rec.fail_file = -ENOSYS;
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_FILE), -ENOSYS);
	assert_int_equal(f.rec.calls, 1);
	assert_int_equal(f.ctx.stage, KX_STAGE_KERNEL);
	snprintf(want, sizeof(want), "image: kexec_file_load failed: %s [%s]",
		 kx_explain(-ENOSYS, "kexec_file_load"), kx_strerror(ENOSYS));
	assert_string_equal(f.ctx.msg, want);

	/* -a: other errors from the file unload are final. */
	fx_reset(&f);
	f.rec.fail_file = -EBUSY;
	assert_int_equal(kx_unload(&f.ctx, KX_PANIC, KX_SYSCALL_AUTO), -EBUSY);
	assert_int_equal(f.rec.calls, 1);
	snprintf(want, sizeof(want), "crash image: kexec_file_load failed: %s [%s]",
		 kx_explain(-EBUSY, "kexec_file_load"), kx_strerror(EBUSY));
	assert_string_equal(f.ctx.msg, want);

	/* Both fail: the kexec_load failure is the one reported. */
	fx_reset(&f);
	f.rec.fail = -ENOSYS;
	assert_int_equal(kx_unload(&f.ctx, 0, KX_SYSCALL_AUTO), -ENOSYS);
	assert_int_equal(f.rec.calls, 2);
	snprintf(want, sizeof(want), "image: kexec_load failed: %s [%s]",
		 kx_explain(-ENOSYS, "kexec_load"), kx_strerror(ENOSYS));
	assert_string_equal(f.ctx.msg, want);
}

static void exec(void **state)
{
	struct fx f = { 0 };

	fx_files(&f, NULL);
	/* Nothing loaded: refused without a syscall. */
	assert_int_equal(kx_exec(&f.ctx, 0), -ENOENT);
	assert_int_equal(f.rec.calls, 0);
	assert_int_equal(f.ctx.stage, KX_STAGE_KERNEL);
	assert_non_null(strstr(f.ctx.msg, "/sys/kernel/kexec_loaded"));
	assert_string_equal(f.ctx.msg, "nothing has been loaded (/sys/kernel/kexec_loaded is 0): "
			    "load a kernel with -l first");
	/* A loaded crash kernel is not something -e boots. */
	t_write_str(f.root, "sys/kernel/kexec_crash_loaded", "1\n");
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	f.ctx.sys = &f.sys;
	assert_int_equal(kx_exec(&f.ctx, 0), -ENOENT);
	assert_int_equal(f.rec.calls, 0);

	t_write_str(f.root, "sys/kernel/kexec_loaded", "1\n");
	memset(&f.ctx, 0, sizeof(f.ctx));
	f.ctx.root = f.root;
	f.ctx.sys = &f.sys;
	assert_int_equal(kx_exec(&f.ctx, KX_NO_SYNC | KX_NO_IFDOWN), 0);
	assert_int_equal(f.rec.calls, 1);
	assert_string_equal(f.rec.last, "reboot");
	assert_int_equal(f.rec.flags, KX_NO_SYNC | KX_NO_IFDOWN);
	assert_int_equal(kx_exec(&f.ctx, KX_NO_SYNC), 0);
	assert_int_equal(f.rec.calls, 2);
	assert_int_equal(f.rec.flags, KX_NO_SYNC);
	assert_int_equal(kx_exec(&f.ctx, 0), 0);
	assert_int_equal(f.rec.flags, 0);

	/* The kernel's answer when it has nothing after all. */
	f.rec.fail = -EINVAL;
	assert_int_equal(kx_exec(&f.ctx, 0), -EINVAL);
	assert_string_equal(f.ctx.msg, "exec: reboot failed: no kexec image is loaded [Invalid "
				       "argument]");
}

static void exec_no_sysfs(void **state)
{
	struct fx f = { 0 };

	fx_files(&f, NULL);
	f.ctx.root = t_tmpdir();
	assert_int_equal(kx_exec(&f.ctx, 0), -ENOENT);
	assert_int_equal(f.rec.calls, 0);
	assert_string_equal(f.ctx.msg, "/sys/kernel/kexec_loaded: No such file or directory "
			    "(kernel without CONFIG_KEXEC, or sysfs not mounted)");
}

static void loaded(void **state)
{
	struct kx_ctx ctx = { 0 };
	const char *root = t_fake_root(64, NULL);

	ctx.root = root;
	assert_int_equal(kx_loaded(&ctx, 0), 0);
	assert_int_equal(kx_loaded(&ctx, KX_PANIC), 0);
	t_write_str(root, "sys/kernel/kexec_loaded", "1\n");
	assert_int_equal(kx_loaded(&ctx, 0), 1);
	assert_int_equal(kx_loaded(&ctx, KX_PANIC), 0);
	t_write_str(root, "sys/kernel/kexec_crash_loaded", "1\n");
	t_write_str(root, "sys/kernel/kexec_loaded", "0\n");
	assert_int_equal(kx_loaded(&ctx, 0), 0);
	assert_int_equal(kx_loaded(&ctx, KX_PANIC), 1);
	assert_int_equal(ctx.err, 0);

	t_write_str(root, "sys/kernel/kexec_crash_loaded", "yes\n");
	assert_int_equal(kx_loaded(&ctx, KX_PANIC), -EINVAL);
	assert_string_equal(ctx.msg, "/sys/kernel/kexec_crash_loaded: unexpected content");

	memset(&ctx, 0, sizeof(ctx));
	ctx.root = t_tmpdir();
	assert_int_equal(kx_loaded(&ctx, KX_PANIC), -ENOENT);
	assert_non_null(
		strstr(ctx.msg, "/sys/kernel/kexec_crash_loaded: No such file or directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(auto_file_first),
		cmocka_unit_test(auto_falls_back),
		cmocka_unit_test(auto_no_fallback_after_signature),
		cmocka_unit_test(auto_no_fallback_other),
		cmocka_unit_test(file_only),
		cmocka_unit_test(load_only),
		cmocka_unit_test(no_backend),
		cmocka_unit_test(explain_distinct),
		cmocka_unit_test(kernel_errno_messages),
		cmocka_unit_test(eperm_causes),
		cmocka_unit_test(crash_load),
		cmocka_unit_test(gzip_kernel_memfd),
		cmocka_unit_test(file_flags),
		cmocka_unit_test(crash_size),
		cmocka_unit_test(unload),
		cmocka_unit_test(unload_errors),
		cmocka_unit_test(exec),
		cmocka_unit_test(exec_no_sysfs),
		cmocka_unit_test(loaded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
