/* SPDX-License-Identifier: MIT */
/* fuzz.c - see fuzz.h. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "fuzz.h"
#include "../tools/deny_kexec.h"

static int no_load(void *arg, uint64_t entry, unsigned long nr,
		   const struct kx_raw_segment *segs, unsigned long flags)
{
	fprintf(stderr, "fuzz: an input reached the real kexec_load backend\n");
	abort();
}

static int no_file(void *arg, int k, int i, unsigned long len, const char *c, unsigned long flags)
{
	fprintf(stderr, "fuzz: an input reached the real kexec_file_load backend\n");
	abort();
}

static int no_reboot(void *arg, unsigned flags)
{
	fprintf(stderr, "fuzz: an input reached the real reboot backend\n");
	abort();
}

const struct kx_sys kx_sys_kernel = {
	.name = "kernel (refused when fuzzing)",
	.kexec_load = no_load,
	.kexec_file_load = no_file,
	.reboot_kexec = no_reboot,
};

__attribute__((constructor)) static void refuse_kexec_syscalls(void)
{
	if (kx_deny_kexec()) {
		perror("fuzz: seccomp");
		exit(99);
	}
}

/* Memory 0x0-0x10000000 as the iomem below says (1 MiB up), a /chosen
 * with a command line and an initrd, a reservation. */
static const char dts[] =
	"/dts-v1/;\n"
	"/memreserve/ 0x0c000000 0x1000;\n"
	"/ { #address-cells = <2>; #size-cells = <2>; compatible = \"linux,dummy-virt\";\n"
	"  chosen { bootargs = \"console=ttyAMA0 root=/dev/vda\";\n"
	"    linux,initrd-start = <0 0x4000000>; linux,initrd-end = <0 0x4100000>;\n"
	"    rng-seed = [00 01 02 03]; };\n"
	"  memory@0 { device_type = \"memory\"; reg = <0 0x100000 0 0xff00000>; };\n"
	"  reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"    fw@c000000 { reg = <0 0xc000000 0 0x100000>; no-map; }; };\n"
	"};\n";

static char *root;
static void *tree;
static size_t tree_len;

const char *fz_root(void)
{
	static unsigned char rd[4096];
	unsigned char *bz;
	size_t bzlen;

	if (root)
		return root;
	root = strdup(t_fake_root(256, "BOOT_IMAGE=/vmlinuz root=/dev/vda console=ttyS0 "
					"crashkernel=64M\n"));
	t_crash_root(root,
		     "00001000-0009fbff : System RAM\n"
		     "00100000-0fffffff : System RAM\n"
		     "  01000000-01ffffff : Kernel code\n"
		     "  02000000-025fffff : Kernel data\n"
		     "  08000000-0bffffff : Crash kernel\n",
		     "fa1c000\n", 376, "0xf3d2000 1000\n");
	t_write_str(root, "proc/kallsyms",
		    "ffffffff81000000 T _text\nffffffff81001000 T _stext\n"
		    "ffffffff83000000 B _end\n");
	memset(rd, 0x5a, sizeof(rd));
	t_write(root, "boot/initrd", rd, sizeof(rd));
	tree = t_dtc(dts, NULL, &tree_len);
	t_write(root, "boot/board.dtb", tree, tree_len);
	t_write(root, "sys/firmware/fdt", tree, tree_len);
	bz = t_bzimage(64 << 10, &bzlen);
	t_write(root, "boot/bzImage", bz, bzlen);
	free(bz);
	return root;
}

/* The crash files and the tree of the first root. */
static void copy_crash_files(const char *to)
{
	static const char *const files[] = { "sys/devices/system/cpu/cpu0/crash_notes",
					     "sys/devices/system/cpu/cpu0/crash_notes_size",
					     "sys/kernel/vmcoreinfo", "proc/kallsyms",
					     "sys/firmware/fdt" };
	char path[600];
	unsigned i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		size_t n;
		void *d;

		snprintf(path, sizeof(path), "%s/%s", fz_root(), files[i]);
		d = t_read(path, &n);
		t_write(to, files[i], d, n);
		free(d);
	}
}

/* One file of firmware map entry i, written without t_write's walk up
 * the path (half of plan's inputs come here: it was most of their time). */
static void put_entry(const char *sys, unsigned i, const char *leaf, const char *value)
{
	char path[640];
	int fd;

	snprintf(path, sizeof(path), "%s/sys/firmware/memmap/%u/%s", sys, i, leaf);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		t_write_str(sys, path + strlen(sys) + 1, value);
		return;
	}
	if (write(fd, value, strlen(value)) != (ssize_t)strlen(value))
		abort();
	close(fd);
}

const char *fz_system(const char *iomem, size_t n, const char *text, size_t m)
{
	static char *sys;
	static unsigned had = 8; /* entries the last call left (the fake root's at first) */
	static const char *const leaf[3] = { "start", "end", "type" };
	char value[3][64], line[256], path[640];
	const char *p = text, *nl;
	unsigned i = 0, j;

	if (!sys) {
		sys = strdup(t_fake_root(256, NULL));
		copy_crash_files(sys);
	}
	t_write(sys, "proc/iomem", iomem, n);
	for (; p < text + m && i < 8; p = nl + 1) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(text + m - p));
		if (!nl)
			nl = text + m;
		len = (size_t)(nl - p) < sizeof(line) - 1 ? (size_t)(nl - p) : sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = 0;
		if (sscanf(line, "%31s %31s %63[^\n]", value[0], value[1], value[2]) != 3)
			continue;
		for (j = 0; j < 3; j++)
			put_entry(sys, i, leaf[j], value[j]);
		i++;
	}
	/* No entries left over from a longer text before. */
	for (j = i; j < had; j++) {
		unsigned k;

		for (k = 0; k < 3; k++) {
			snprintf(path, sizeof(path), "%s/sys/firmware/memmap/%u/%s", sys, j,
				 leaf[k]);
			unlink(path);
		}
		snprintf(path, sizeof(path), "%s/sys/firmware/memmap/%u", sys, j);
		rmdir(path);
	}
	had = i;
	return sys;
}

const void *fz_tree(size_t *len)
{
	fz_root();
	*len = tree_len;
	return tree;
}

const char *fz_file(const char *rel, const uint8_t *data, size_t n)
{
	static char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", fz_root(), rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || (n && write(fd, data, n) != (ssize_t)n))
		abort();
	close(fd);
	return path;
}

void fz_ctx(struct kx_ctx *ctx, struct kx_sys *sys, struct kx_record *rec)
{
	memset(ctx, 0, sizeof(*ctx));
	kx_sys_recorder(sys, rec);
	ctx->sys = sys;
	ctx->root = fz_root();
}

void fz_plan(struct kx_ctx *ctx, const struct kx_opts *o, const char *target)
{
	struct kx_plan *p;

	if (kx_plan_build(ctx, o, &p) == 0) {
		kx_plan_load(ctx, p);
		kx_plan_free(p);
	}
	/* Every failure says what and why (KX_FUZZ_SAY=1: show it). */
	if (ctx->err && !ctx->msg[0])
		abort();
	if (ctx->err && getenv("KX_FUZZ_SAY"))
		fprintf(stderr, "%s: %s\n", target, ctx->msg);
}

int fz_random(void *buf, size_t n)
{
	memset(buf, 0xa5, n);
	return 0;
}
