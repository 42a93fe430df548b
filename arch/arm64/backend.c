/* SPDX-License-Identifier: MIT */
/* backend.c - the arm64 backend: the table the core calls. */
#include "image.h"
#include "purgatory.h"
#include "generated/formats.h"

#define KEXEC_ARCH_AARCH64 (183UL << 16)

/* In probe order; Kconfig decides which are linked (generated/formats.h). */
static const struct kx_format *const arm64_formats[] = {
	KX_ARCH_FORMATS
	NULL,
};

const struct kx_arch kx_arch = {
	.name = "arm64",
	.kexec_arch = KEXEC_ARCH_AARCH64,
	.formats = arm64_formats,
	.cmdline_max = 2048, /* COMMAND_LINE_SIZE of arm64 */
	.file_syscall = 1,
	.takes_dtb = 1,
	.crash = &arm64_crash,
	/* MMIO only: arm64 has no I/O ports. */
	.consoles = 1u << KX_CON_8250 | 1u << KX_CON_8250_32 | 1u << KX_CON_PL011 |
		    1u << KX_CON_PL011_32,
	/* RAM: /proc/iomem, System RAM minus reserved (initrd, DTB, CMA). */
};
