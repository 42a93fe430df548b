/* SPDX-License-Identifier: MIT */
/* backend.c - the riscv64 backend: the table the core calls. */
#include "image.h"
#include "riscv_elf.h"
#include "generated/formats.h"

#define KEXEC_ARCH_RISCV (243UL << 16)

/* In probe order; Kconfig decides which are linked (generated/formats.h). */
static const struct kx_format *const riscv_formats[] = {
	KX_ARCH_FORMATS
	NULL,
};

const struct kx_arch kx_arch = {
	.name = "riscv64",
	.kexec_arch = KEXEC_ARCH_RISCV,
	.formats = riscv_formats,
	/* COMMAND_LINE_SIZE of riscv (arch/riscv/include/uapi/asm/setup.h,
	 * 6.x); kernels before it was raised used the generic 512. */
	.cmdline_max = 1024,
	.file_syscall = 1,
	.takes_dtb = 1,
	.crash = &riscv_crash,
	/* RAM: /proc/iomem, System RAM minus reserved; since 6.x the kernel
	 * lists the firmware's (OpenSBI's) region as a reserved child. */
};
