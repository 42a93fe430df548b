/* SPDX-License-Identifier: MIT */
/* backend.c - the 32-bit arm backend: the table the core calls. */
#include <errno.h>
#include <string.h>
#include "arm.h"
#include "generated/formats.h"

#define KEXEC_ARCH_ARM (40UL << 16)

/* In probe order; Kconfig decides which are linked (generated/formats.h). */
static const struct kx_format *const arm_formats[] = {
	KX_ARCH_FORMATS
	NULL,
};

/*
 * arch/arm/kernel/machine_kexec.c refuses every kexec_load with EINVAL
 * when the machine may run more than one CPU but the kernel cannot take
 * the others offline (no CPU hotplug for the platform), and when a
 * segment is not in memory it manages.  Which one it is depends on the
 * CPUs the kernel allows.
 */
static int arm_explain(struct kx_ctx *ctx, int err, const char *sys, char *buf, size_t len)
{
	char cpus[64];

	if (err != -EINVAL || strcmp(sys, "kexec_load"))
		return 0;
	if (kx_read_text(ctx, "/sys/devices/system/cpu/possible", cpus, sizeof(cpus)) <= 0)
		cpus[0] = 0;
	cpus[strcspn(cpus, "\n")] = 0;
	if (!strcmp(cpus, "0")) {
		kx_snprintf(buf, len, "the kernel refused the segments: on 32-bit arm each must "
				      "lie in memory the kernel manages, and none may overlap "
				      "another");
		return 1;
	}
	kx_snprintf(buf, len, "on 32-bit arm this means the machine is SMP (possible CPUs: %s) and "
			      "the running kernel cannot take the other CPUs offline before the "
			      "jump (no CPU hotplug: CONFIG_HOTPLUG_CPU off, or a platform without "
			      "cpu_kill), so it refuses every load; boot it with maxcpus=1 or "
			      "nosmp, or use a kernel with CPU hotplug (else: a segment outside "
			      "the memory it manages)",
		    cpus[0] ? cpus : "more than one");
	return 1;
}

const struct kx_arch kx_arch = {
	.name = "arm",
	.kexec_arch = KEXEC_ARCH_ARM,
	.formats = arm_formats,
	.cmdline_max = 1024, /* COMMAND_LINE_SIZE of arm (uapi asm/setup.h) */
	.file_syscall = 0,   /* no kexec_file_load on 32-bit arm */
	.takes_dtb = 1,
	.explain = arm_explain,
	.crash = &arm_crash,
	/* RAM: /proc/iomem, System RAM minus reserved. */
};
