/* SPDX-License-Identifier: MIT */
/*
 * nokexec.c - run a program with kexec_load, kexec_file_load and reboot
 * answered by EPERM (deny_kexec.h), so that a kexec under test can never
 * load or boot a kernel on the build host, whatever it does.
 * Usage: nokexec PROGRAM [ARG]...
 */
#include <stdio.h>
#include <unistd.h>
#include "deny_kexec.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: nokexec PROGRAM [ARG]...\n");
		return 2;
	}
	if (kx_deny_kexec()) {
		perror("nokexec: seccomp");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
