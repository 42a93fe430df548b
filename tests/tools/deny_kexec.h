/* SPDX-License-Identifier: MIT */
/*
 * deny_kexec.h - a seccomp filter under which kexec_load, kexec_file_load
 * and reboot fail with EPERM, inherited across exec.  Used by nokexec (the
 * wrapper for every host run of a built kexec) and by every unit test.
 * Any other syscall ABI of the CPU (x32, int 0x80) kills the process.
 */
#ifndef KX_DENY_KEXEC_H
#define KX_DENY_KEXEC_H

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#define KX_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define KX_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "deny_kexec.h: add this host's AUDIT_ARCH"
#endif

#define KX_REFUSE(nr) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)

/* 0, or -1 with errno set. */
static inline int kx_deny_kexec(void)
{
	static struct sock_filter rules[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, KX_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		KX_REFUSE(__NR_kexec_load),
		KX_REFUSE(__NR_kexec_file_load),
		KX_REFUSE(__NR_reboot),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(rules) / sizeof(rules[0]), rules };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

#endif
