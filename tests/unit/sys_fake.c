/* SPDX-License-Identifier: MIT */
/*
 * sys_fake.c - linked into every unit test instead of core/kernel/sys.c.  Its
 * kx_sys_kernel fails the test if anything reaches for the real syscalls,
 * and a seccomp filter makes the kernel refuse them anyway (EPERM).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "kexec.h"
#include "../tools/deny_kexec.h"

static int no_load(void *arg, uint64_t entry, unsigned long nr,
		   const struct kx_raw_segment *segs, unsigned long flags)
{
	fail_msg("a unit test reached the real kexec_load backend");
	return -EPERM;
}

static int no_file(void *arg, int k, int i, unsigned long len, const char *c, unsigned long flags)
{
	fail_msg("a unit test reached the real kexec_file_load backend");
	return -EPERM;
}

static int no_reboot(void *arg, unsigned flags)
{
	fail_msg("a unit test reached the real reboot backend");
	return -EPERM;
}

const struct kx_sys kx_sys_kernel = {
	.name = "kernel (refused in tests)",
	.kexec_load = no_load,
	.kexec_file_load = no_file,
	.reboot_kexec = no_reboot,
};

__attribute__((constructor)) static void refuse_kexec_syscalls(void)
{
	if (kx_deny_kexec()) {
		perror("sys_fake: seccomp");
		exit(99);
	}
}
