/* SPDX-License-Identifier: MIT */
/*
 * uki.c - Unified Kernel Images (the UAPI group's UKI specification; made
 * by systemd's ukify, or objcopy around systemd-stub): a PE file whose
 * sections carry the kernel (.linux: a bzImage, an Image or an EFI zboot),
 * its initrd (.initrd), microcode to go before it (.ucode), the command
 * line (.cmdline) and device trees (.dtb; .dtbauto, one per machine).
 * The stub is not run: the sections are loaded as it would hand them to
 * the kernel.  Nothing is written to disk: kexec_load's segments point
 * into the file's mapping, kexec_file_load reads memfds of the sections.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define UKI_SECTIONS 32 /* systemd-stub's UKIs have about a dozen */

static int uki_probe(const struct kx_format *f, const unsigned char *d, size_t len, char *why,
		     size_t whylen);

static const struct kx_pe_sec *section(const struct kx_pe_sec *s, int n, const char *name)
{
	for (; n > 0; n--, s++)
		if (!strcmp(s->name, name) && s->size)
			return s;
	return NULL;
}

/* The sections, or -ENOEXEC with why: no PE file, or one without .linux. */
static int sections(const unsigned char *d, size_t len, struct kx_pe_sec *s, char *why,
		    size_t whylen)
{
	int n = kx_pe_sections(d, len, s, UKI_SECTIONS, why, whylen), i;

	if (n >= 0 && !section(s, n, ".linux"))
		return kx_no(why, whylen, "a PE file without a .linux section");
	/* The kernel and the trees inside are read in place, as structs. */
	for (i = 0; i < n; i++)
		if (s[i].off % 8)
			return kx_no(why, whylen, "a PE file whose %s section starts at 0x%" PRIx64
				     ", not 8-byte aligned (PE puts each at a multiple of "
				     "FileAlignment, 512 by default)", s[i].name, s[i].off);
	return n;
}

static int uki_probe(const struct kx_format *f, const unsigned char *d, size_t len, char *why,
		     size_t whylen)
{
	struct kx_pe_sec s[UKI_SECTIONS];
	int n = sections(d, len, s, why, whylen);

	if (n < 0)
		return n;
	kx_snprintf(why, whylen, "a PE file with %d sections, .linux among them", n);
	return 0;
}

/* .cmdline when no command line was given (--append, --command-line and
 * --reuse-cmdline replace it): its text up to the first NUL, without
 * the trailing newline ukify keeps. */
static int take_cmdline(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k,
			const struct kx_pe_sec *c)
{
	const char *t = (const char *)k->data + c->off;
	size_t n = strnlen(t, (size_t)c->size);
	char *cl;

	while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
		n--;
	if (n + 1 > p->cmdline_max)
		return kx_fail(ctx, -E2BIG, "kernel %s: its .cmdline has %zu bytes, more than the "
					    "%zu the kernel takes", k->path, n + 1, p->cmdline_max);
	cl = malloc(n + 1);
	if (!cl)
		return kx_fail(ctx, -ENOMEM, "kernel %s: out of memory", k->path);
	memcpy(cl, t, n);
	cl[n] = 0;
	free(p->cmdline);
	p->cmdline = cl;
	p->cmdline_given = 1;
	kx_dbg(ctx, "kernel %s: the command line is its .cmdline: \"%s\"", k->path, cl);
	return 0;
}

/* The initrd: .ucode first (x86's early microcode must be the first
 * archive), then the one given (--initrd), then .initrd: systemd-stub's
 * order.  One part is used where it lies; several are copied together,
 * each at a 4-byte boundary (the kernel's cpio reader skips the zeros).
 * A crash kernel's given initrd is used alone: it is made for the dump
 * (kdump-utils passes one with a UKI), and the UKI's, coming after it,
 * would replace its files. */
static int take_initrd(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k,
		       const struct kx_pe_sec *ucode, const struct kx_pe_sec *rd)
{
	const struct kx_file *given = kx_plan_initrd(p);
	const void *part[3] = { ucode ? k->data + ucode->off : NULL, given ? given->data : NULL,
				rd ? k->data + rd->off : NULL };
	size_t size[3] = { ucode ? ucode->size : 0, given ? given->size : 0,
			   rd ? rd->size : 0 };
	const char *name[3] = { ".ucode", given ? given->path : NULL, ".initrd" };
	size_t total = 0, at = 0, used = 0;
	unsigned i, n = 0, last = 0;
	unsigned char *buf;
	char *what;

	if (!ucode && !rd)
		return 0;
	if (p->panic && given) {
		kx_dbg(ctx, "kernel %s: its .initrd not used: a crash kernel gets %s alone",
		       k->path, given->path);
		return 0;
	}
	if (!(what = kx_plan_alloc(p, 1024)))
		return kx_fail(ctx, -ENOMEM, "kernel %s: out of memory", k->path);
	/* "F's .ucode + /boot/extra.img + F's .initrd" */
	for (i = 0; i < 3; i++) {
		if (!part[i])
			continue;
		used += (size_t)kx_snprintf(what + used, used < 1024 ? 1024 - used : 0,
					    "%s%s%s%s", n ? " + " : "", i == 1 ? "" : k->path,
					    i == 1 ? "" : "'s ", name[i]);
		total += KX_ALIGN_UP(size[i], 4);
		n++;
		last = i;
	}
	if (n == 1) {
		kx_plan_initrd_is(p, part[last], size[last], what);
		return 0;
	}
	buf = kx_plan_alloc(p, total);
	if (!buf)
		return kx_fail(ctx, -ENOMEM, "kernel %s: no memory for a %zu-byte initrd", k->path,
			       total);
	for (i = 0; i < 3; i++)
		if (part[i]) {
			memcpy(buf + at, part[i], size[i]);
			at += KX_ALIGN_UP(size[i], 4);
		}
	kx_plan_initrd_is(p, buf, total, what);
	kx_dbg(ctx, "initrd: %s, %zu bytes in memory", what, total);
	return 0;
}

/* .dtb, the tree; else the .dtbauto sections, one of which the dtb layer
 * picks for the running machine (or none: the running tree).  Either way
 * a tree kexec_file_load cannot carry. */
static int take_trees(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k,
		      const struct kx_pe_sec *s, int n, const struct kx_pe_sec *dtb)
{
	struct kx_unwrapped *a = NULL;
	unsigned na = 0;
	int i;

	if (dtb) {
		p->dtb_data = k->data + dtb->off;
		p->dtb_size = (size_t)dtb->size;
		p->dtb_name = kx_plan_name(p, k->path, ".dtb");
	} else {
		for (i = 0; i < n; i++) {
			if (strcmp(s[i].name, ".dtbauto") || !s[i].size)
				continue;
			if (!a && !(a = kx_plan_alloc(p, UKI_SECTIONS * sizeof(*a))))
				return kx_fail(ctx, -ENOMEM, "kernel %s: out of memory", k->path);
			a[na++] = (struct kx_unwrapped){ k->data + s[i].off, (size_t)s[i].size,
							 ".dtbauto" };
		}
		if (!na)
			return 0;
		p->dtb_auto = a;
		p->ndtb_auto = na;
		p->dtb_name = kx_plan_name(p, k->path, ".dtbauto");
	}
	kx_plan_no_file(p, "the UKI's %s, and the %s kexec_file_load cannot carry a device tree",
			dtb ? ".dtb" : ".dtbauto", kx_arch.name);
	return p->dtb_name ? 0 : kx_fail(ctx, -ENOMEM, "kernel %s: out of memory", k->path);
}

static int uki_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	struct kx_pe_sec s[UKI_SECTIONS];
	const struct kx_pe_sec *lin, *c, *dtb;
	const struct kx_format *const *f;
	struct kx_file img = { .what = k->what, .path = k->path, .fd = -1 };
	char why[192];
	int n = sections(k->data, k->size, s, why, sizeof(why)), rc;

	if (n < 0)
		return kx_fail(ctx, n, "kernel %s: %s", k->path, why);
	lin = section(s, n, ".linux");
	img.data = k->data + lin->off;
	img.size = (size_t)lin->size;
	/* The kernel inside: the arch's other formats. */
	for (f = kx_arch.formats; *f; f++)
		if ((*f)->probe != uki_probe &&
		    !(*f)->probe(*f, img.data, img.size, why, sizeof(why)))
			break;
	if (!*f)
		return kx_fail(ctx, -ENOEXEC, "kernel %s: its .linux section (%zu bytes) is no "
					      "kernel this kexec can load for %s",
			       k->path, img.size, kx_arch.name);
	kx_snprintf(p->why + strlen(p->why), sizeof(p->why) - strlen(p->why), "; .linux: %s %s",
		    (*f)->name, why);
	kx_plan_file_kernel(p, img.data, img.size, "the .linux section of its UKI");
	c = section(s, n, ".cmdline");
	if (c && !p->cmdline_given && (rc = take_cmdline(ctx, p, k, c)))
		return rc;
	rc = take_initrd(ctx, p, k, section(s, n, ".ucode"), section(s, n, ".initrd"));
	if (rc)
		return rc;
	dtb = section(s, n, ".dtb");
	if (kx_arch.takes_dtb && !p->dtb_path && (rc = take_trees(ctx, p, k, s, n, dtb)))
		return rc;
	return (*f)->load(ctx, p, &img);
}

const struct kx_format kx_uki_format = {
	.name = "uki",
	.alias = NULL,
	.probe = uki_probe,
	.head = kx_head_never,
	.load = uki_load,
};
