/* SPDX-License-Identifier: MIT */
/*
 * test_changed.c - input files that change while they are being loaded
 * (core/plan/file.c): truncated while the purgatory's digest reads them (a
 * SIGBUS without the handler), truncated or rewritten before
 * kexec_file_load reads them, changed while the kernel copies them.  Each
 * load fails naming the file, as bad input, and loads nothing; a SIGBUS
 * outside our mappings still reaches the action that was there before.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"

#define RD_SIZE (4u << 20)

struct fx {
	const char *root;
	char kernel[512], initrd[512];
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	struct kx_plan *p;
};

static void fx_plan(struct fx *f, enum kx_syscall_mode mode)
{
	struct kx_opts o = { .cmdline = "console=ttyS0", .syscall = mode };
	size_t len = 1 << 20;
	unsigned char *b = t_fake_kernel(len, 2 << 20), *rd = malloc(RD_SIZE);

	assert_non_null(rd);
	memset(f, 0, sizeof(*f));
	memset(rd, 0x5a, RD_SIZE);
	f->root = t_fake_root(1024, "root=/dev/vda\n");
	snprintf(f->kernel, sizeof(f->kernel), "%s", t_write(f->root, "boot/vmlinuz", b, len));
	snprintf(f->initrd, sizeof(f->initrd), "%s", t_write(f->root, "boot/initrd", rd, RD_SIZE));
	free(b);
	free(rd);
	f->ctx.root = f->root;
	kx_sys_recorder(&f->sys, &f->rec);
	f->ctx.sys = &f->sys;
	o.kernel = f->kernel;
	o.initrd = f->initrd;
	if (kx_plan_build(&f->ctx, &o, &f->p))
		fail_msg("kx_plan_build: %s", f->ctx.msg);
}

static void refused(struct fx *f, int err, const char *what, const char *path, const char *why)
{
	char want[1024];

	assert_int_equal(kx_plan_load(&f->ctx, f->p), err);
	snprintf(want, sizeof(want), "%s %s: %s", what, path, why);
	assert_string_equal(f->ctx.msg, want);
	assert_int_equal(f->ctx.stage, KX_STAGE_INPUT);
	kx_plan_free(f->p);
}

/* -c: the digest (the fake backend's seal) reads all 4 MiB of the initrd,
 * which is 4 KiB long by then; without the handler the loader dies of
 * SIGBUS on the first page past the new end. */
static void truncated_before_digest(void **state)
{
	struct fx f;

	fx_plan(&f, KX_SYSCALL_LOAD);
	assert_int_equal(truncate(f.initrd, 4096), 0);
	refused(&f, -ESTALE, "initrd", f.initrd, "changed size while being loaded (4194304 bytes "
						 "when opened, 4096 now)");
	assert_int_equal(f.rec.calls, 0);
}

/* -s: the kernel reads the files itself; they are checked first. */
static void truncated_before_file_load(void **state)
{
	struct fx f;

	fx_plan(&f, KX_SYSCALL_FILE);
	assert_int_equal(truncate(f.kernel, 100000), 0);
	refused(&f, -ESTALE, "kernel", f.kernel, "changed size while being loaded (1048576 bytes "
						 "when opened, 100000 now)");
	assert_int_equal(f.rec.calls, 0);
}

/* Same size, new bytes: the modification time tells. */
static void rewritten_in_place(void **state)
{
	struct timespec later[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
	struct fx f;
	struct stat st;
	int fd;

	fx_plan(&f, KX_SYSCALL_LOAD);
	fd = open(f.initrd, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "new", 3, 12345), 3);
	assert_int_equal(fstat(fd, &st), 0);
	later[1].tv_sec = st.st_mtim.tv_sec + 1; /* coarse clocks: make it differ */
	assert_int_equal(futimens(fd, later), 0);
	close(fd);
	refused(&f, -ESTALE, "initrd", f.initrd, "was modified while being loaded");
	assert_int_equal(f.rec.calls, 0);
}

/* A backend whose kexec_load truncates the initrd "while the kernel
 * copies it": what was loaded may not match the digest, so it is
 * unloaded again (kexec_load with no segments). */
static int calls, unloads;
static const char *victim;

static int copy_truncates(void *arg, uint64_t entry, unsigned long nr,
			  const struct kx_raw_segment *segs, unsigned long flags)
{
	calls++;
	if (!nr)
		unloads++;
	else if (truncate(victim, 8192))
		return -errno;
	return 0;
}

static void changed_during_copy(void **state)
{
	struct kx_sys sys = { .name = "test", .kexec_load = copy_truncates };
	struct fx f;

	fx_plan(&f, KX_SYSCALL_LOAD);
	f.ctx.sys = &sys;
	victim = f.initrd;
	calls = unloads = 0;
	refused(&f, -ESTALE, "initrd", f.initrd, "changed size while being loaded (4194304 bytes "
						 "when opened, 8192 now)");
	assert_int_equal(calls, 2);
	assert_int_equal(unloads, 1);
}

/* A SIGBUS that is not from our mappings goes to the handler that was
 * there before (in a child: it ends the process); after the last file is
 * closed, that handler is back. */
static void other(int sig)
{
	_exit(42);
}

static void foreign_sigbus(void **state)
{
	const char *dir = t_tmpdir();
	static const char zeros[8192];
	const char *mine = t_write(dir, "mine", "0123456789", 10);
	char theirs[512];
	struct sigaction sa = { .sa_handler = other }, cur;
	struct kx_ctx ctx = { 0 };
	struct kx_file f;
	pid_t pid;
	int status;

	snprintf(theirs, sizeof(theirs), "%s", t_write(dir, "theirs", zeros, sizeof(zeros)));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(theirs, O_RDONLY);
		volatile const char *m = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);

		sigaction(SIGBUS, &sa, NULL);
		if (m == MAP_FAILED || kx_file_open(&ctx, &f, "kernel", mine) ||
		    truncate(theirs, 0))
			_exit(1);
		(void)m[4096];
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);

	sigaction(SIGBUS, &sa, NULL);
	assert_int_equal(kx_file_open(&ctx, &f, "kernel", mine), 0);
	assert_int_equal(sigaction(SIGBUS, NULL, &cur), 0);
	assert_true(cur.sa_handler != other);
	kx_file_close(&f);
	assert_int_equal(sigaction(SIGBUS, NULL, &cur), 0);
	assert_true(cur.sa_handler == other);
	signal(SIGBUS, SIG_DFL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(truncated_before_digest),
		cmocka_unit_test(truncated_before_file_load),
		cmocka_unit_test(rewritten_in_place),
		cmocka_unit_test(changed_during_copy),
		cmocka_unit_test(foreign_sigbus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
