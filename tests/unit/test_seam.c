/* SPDX-License-Identifier: MIT */
/*
 * test_seam.c - the guard rails of every unit test: the library's real
 * syscall backend is the refusing stand-in (sys_fake.c), and the kernel
 * itself answers EPERM (seccomp) to reboot.  Probed with a bad magic
 * number, which the kernel rejects (EINVAL) before doing anything, so the
 * probe is harmless even if the filter were missing: then it fails.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>
#include "kexec.h"

static void reboot_is_refused(void **state)
{
	errno = 0;
	assert_int_equal(syscall(SYS_reboot, 0, 0, 0, NULL), -1);
	assert_int_equal(errno, EPERM);
}

static void backend_is_the_stand_in(void **state)
{
	assert_non_null(strstr(kx_sys_kernel.name, "refused in tests"));
}

/* A context without a backend loads nothing and says why. */
static void no_backend_refuses(void **state)
{
	struct kx_ctx ctx = { 0 };

	assert_int_equal(kx_unload(&ctx, 0, KX_SYSCALL_AUTO), -EPERM);
	assert_non_null(strstr(ctx.msg, "no syscall backend"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reboot_is_refused),
		cmocka_unit_test(backend_is_the_stand_in),
		cmocka_unit_test(no_backend_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
