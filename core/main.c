/* SPDX-License-Identifier: MIT */
/* main.c - the standalone command; multi-call binaries call kexec_main(). */
#include "kexec.h"

int main(int argc, char **argv)
{
	return kexec_main(argc, argv);
}
