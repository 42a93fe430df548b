/* SPDX-License-Identifier: MIT */
/* main.c - the standalone command; multi-call binaries call kx_main(). */
#include "kexec.h"

int main(int argc, char **argv)
{
	return kx_main(argc, argv);
}
