/* SPDX-License-Identifier: MIT */
/*
 * nokexec.c - run a program with kexec_load, kexec_file_load and reboot
 * answered by EPERM (a seccomp filter inherited across exec), so that a
 * kexec under test can never load or boot a kernel on the build host.
 * Usage: nokexec PROGRAM [ARG]...
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define KX_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define KX_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "nokexec: add this host's AUDIT_ARCH"
#endif

/* Any other ABI on this CPU (x32, i386 via int 0x80) is killed outright. */
#define REFUSE(nr) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)

int main(int argc, char **argv)
{
	struct sock_filter rules[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, KX_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		REFUSE(__NR_kexec_load),
		REFUSE(__NR_kexec_file_load),
		REFUSE(__NR_reboot),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(rules) / sizeof(rules[0]), rules };

	if (argc < 2) {
		fprintf(stderr, "usage: nokexec PROGRAM [ARG]...\n");
		return 2;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("nokexec: seccomp");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
