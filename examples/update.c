/* SPDX-License-Identifier: MIT */
/*
 * update.c - a firmware updater's last step on libkexec: plan the new
 * slot's kernel, initrd and tree, say what will be loaded where, load it;
 * later, boot it.  Build: cc update.c $(pkg-config --cflags --libs libkexec)
 *
 *   update [--dry-run] [--root=DIR] KERNEL [INITRD [DTB]] CMDLINE
 *   update --exec
 *
 * --dry-run plans and records the syscall instead of making it; --root
 * reads /proc and /sys under DIR (for tests).  Exit status: 0 done, 1 the
 * load or boot failed (the message names the file or resource and why),
 * 2 usage.
 */
#include <stdio.h>
#include <string.h>
#include <kexec.h>

static int usage(void)
{
	fputs("usage: update [--dry-run] [--root=DIR] KERNEL [INITRD [DTB]] CMDLINE\n"
	      "       update --exec\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct kx_ctx ctx = { .sys = &kx_sys_kernel };
	struct kx_opts o = { 0 };
	struct kx_sys recorder;
	struct kx_record rec;
	struct kx_plan *p = NULL;
	int i = 1, n, dry = 0;

	if (argc == 2 && !strcmp(argv[1], "--exec")) {
		kx_exec(&ctx, 0); /* returns only if the kernel refused */
		fprintf(stderr, "update: %s\n", ctx.msg);
		return 1;
	}
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if (!strncmp(argv[i], "--root=", 7))
			ctx.root = argv[i] + 7;
		else
			return usage();
	}
	n = argc - i;
	if (n < 2 || n > 4)
		return usage();
	o.kernel = argv[i];
	o.initrd = n > 2 ? argv[i + 1] : NULL;
	o.dtb = n > 3 ? argv[i + 2] : NULL;
	o.cmdline = argv[argc - 1];
	if (dry) {
		kx_sys_recorder(&recorder, &rec);
		ctx.sys = &recorder;
	}
	if (kx_plan_build(&ctx, &o, &p) || kx_plan_load(&ctx, p)) {
		fprintf(stderr, "update: %s\n", ctx.msg);
		kx_plan_free(p);
		return 1;
	}
	printf("update: %s %s loaded by %s%s: %u segments, entry 0x%llx\n", p->format, o.kernel,
	       p->syscall, dry ? " (recorded, not made)" : "", p->nseg,
	       (unsigned long long)p->entry);
	for (unsigned s = 0; s < p->nseg; s++)
		printf("  %-12s 0x%09llx %9zu bytes from %s\n", p->seg[s].what,
		       (unsigned long long)p->seg[s].mem, p->seg[s].bufsz, p->seg[s].source);
	kx_plan_free(p);
	return 0;
}
