/* SPDX-License-Identifier: MIT */
/*
 * plan.c - the whole planning path of this build's arch: a fuzzed kernel
 * file through kx_plan_build() and, when it plans, kx_plan_load() into
 * the recorder, with options from the first byte: the syscall (auto, -s,
 * -c), -p, --initrd, --dtb, --reuse-cmdline, --append, and (0x80) a
 * fuzzed system: the input's first two NUL-ended parts are then
 * /proc/iomem and /sys/firmware/memmap (fz_system), the rest the kernel.  Every format of
 * the build probes the kernel (and decompresses, unwraps a zboot or UKI,
 * reads a FIT...).
 */
#include <stdio.h>
#include <string.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum kx_syscall_mode mode[4] = { KX_SYSCALL_AUTO, KX_SYSCALL_FILE,
						      KX_SYSCALL_LOAD, KX_SYSCALL_LOAD };
	struct kx_opts o = { 0 };
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	char initrd[512], dtb[512];
	unsigned f;

	if (size < 1)
		return 0;
	f = data[0];
	fz_ctx(&ctx, &sys, &rec);
	o.syscall = mode[f & 3];
	if (f & 4)
		o.flags |= KX_PANIC;
	snprintf(initrd, sizeof(initrd), "%s/boot/initrd", ctx.root);
	snprintf(dtb, sizeof(dtb), "%s/boot/board.dtb", ctx.root);
	o.initrd = f & 8 ? initrd : NULL;
	o.dtb = f & 16 ? dtb : NULL;
	o.reuse_cmdline = !!(f & 32);
	o.cmdline = f & 64 ? "console=ttyS0 kx.fuzz=1" : NULL;
	data++;
	size--;
	if (f & 0x80) {
		const char *part[2];
		size_t len[2];
		unsigned i;

		for (i = 0; i < 2; i++) {
			const uint8_t *nul = memchr(data, 0, size);

			part[i] = (const char *)data;
			len[i] = nul ? (size_t)(nul - data) : size;
			data += len[i] + !!nul;
			size -= len[i] + !!nul;
		}
		ctx.root = fz_system(part[0], len[0], part[1], len[1]);
	}
	o.kernel = fz_file("boot/kernel", data, size);
	fz_plan(&ctx, &o, "plan");
	return 0;
}
