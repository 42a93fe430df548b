/* SPDX-License-Identifier: MIT */
/*
 * sys_fake.c - linked into every unit test instead of core/sys.c.  Its
 * kx_sys_kernel fails the test if anything reaches for the real syscalls,
 * and a seccomp filter makes the kernel refuse them anyway (EPERM).
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <cmocka.h>
#include "kexec.h"

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

#define REFUSE(nr) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)

__attribute__((constructor)) static void refuse_kexec_syscalls(void)
{
	struct sock_filter rules[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		REFUSE(__NR_kexec_load),
		REFUSE(__NR_kexec_file_load),
		REFUSE(__NR_reboot),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(rules) / sizeof(rules[0]), rules };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("sys_fake: seccomp");
		exit(99);
	}
}
