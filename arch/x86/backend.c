/* SPDX-License-Identifier: MIT */
/* backend.c - the x86_64 backend: the table the core calls. */
#include "bzimage.h"
#include "purgatory.h"
#include "generated/formats.h"

#define KEXEC_ARCH_X86_64 (62UL << 16)

/* In probe order; Kconfig decides which are linked (generated/formats.h). */
static const struct kx_format *const x86_formats[] = {
	KX_ARCH_FORMATS
	NULL,
};

const struct kx_arch kx_arch = {
	.name = "x86_64",
	.kexec_arch = KEXEC_ARCH_X86_64,
	.formats = x86_formats,
	.cmdline_max = 2048, /* COMMAND_LINE_SIZE; the header may say less */
	.file_syscall = 1,
	.takes_dtb = 0,
	.crash = &x86_crash,
	/* I/O ports only: the identity map the kernel builds for kexec
	 * (machine_kexec_64.c) covers RAM and firmware tables, not a
	 * memory-mapped UART. */
	.consoles = 1u << KX_CON_PORT,
};
