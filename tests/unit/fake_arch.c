/* SPDX-License-Identifier: MIT */
/*
 * fake_arch.c - the backend the core's unit tests run on, whatever ARCH is
 * configured: one made-up image format, "fake" (support.h: a 64-byte
 * header with a magic, the kernel's footprint and the file's size),
 * placed as a simple arch would: the kernel on a 2 MiB boundary above
 * 1 MiB, the initrd above it, then a page of parameters holding the
 * command line.  No purgatory; for kexec_load a seal reads every segment,
 * as a purgatory's digest does, so that the core's deferred work and its
 * reads of mapped files are exercised.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "internal.h"
#include "le.h"
#include "purgatory.h"
#include "support.h"

static int fake_head(const struct kx_format *f, const unsigned char *d, size_t len,
		     uint64_t *whole, char *why, size_t whylen)
{
	*whole = 0;
	if (len < T_FAKE_HDR || memcmp(d, T_FAKE_MAGIC, 8))
		return kx_no(why, whylen, "no \"" T_FAKE_MAGIC "\" magic at 0");
	*whole = kx_get64(d + 16);
	if (kx_get64(d + 8) < *whole)
		return kx_no(why, whylen, "footprint 0x%" PRIx64 " is smaller than the file",
			     kx_get64(d + 8));
	kx_snprintf(why, whylen, "fake kernel, footprint 0x%" PRIx64, kx_get64(d + 8));
	return 0;
}

static int fake_probe(const struct kx_format *f, const unsigned char *d, size_t len,
		      char *why, size_t whylen)
{
	uint64_t whole;
	int rc = fake_head(f, d, len, &whole, why, whylen);

	if (!rc && whole != len)
		return kx_no(why, whylen,
			     "truncated or padded: %zu bytes, the header says %" PRIu64, len,
			     whole);
	return rc;
}

/* What a purgatory's digest does to the plan: read every byte. */
static int read_all(struct kx_ctx *ctx, struct kx_plan *p, void *arg)
{
	unsigned long *sum = arg;
	unsigned i;
	size_t j;

	for (i = 0; i < p->nseg; i++)
		for (j = 0; j < p->seg[i].bufsz; j++)
			*sum += ((const unsigned char *)p->seg[i].buf)[j];
	return 0;
}

static int fake_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	static unsigned long sum;
	const struct kx_file *initrd = kx_plan_initrd(p);
	struct kx_hole h = { .size = kx_get64(k->data + 8),
			     .align = 2ULL << 20,
			     .min = 1ULL << 20 };
	uint64_t next, addr;
	size_t cl = strlen(p->cmdline) + 1;
	char *params;
	int rc;

	rc = kx_add_segment(ctx, p, k->data, k->size, &h, "kernel", k->path, &p->entry);
	if (rc)
		return rc;
	next = p->entry + KX_ALIGN_UP(h.size, KX_PAGE);
	if (initrd) {
		h = (struct kx_hole){ .size = initrd->size, .align = KX_PAGE, .min = next };
		rc = kx_add_segment(ctx, p, initrd->data, initrd->size, &h, "initrd", initrd->path,
				    &addr);
		if (rc)
			return rc;
		next = addr + KX_ALIGN_UP(initrd->size, KX_PAGE);
	}
	params = kx_plan_alloc(p, cl);
	if (!params)
		return kx_fail_plan(ctx, -ENOMEM, "params: out of memory");
	memcpy(params, p->cmdline, cl);
	h = (struct kx_hole){ .size = cl, .align = KX_PAGE, .min = next };
	rc = kx_add_segment(ctx, p, params, cl, &h, "params", "generated", NULL);
	if (!rc && !p->skip_checks)
		kx_plan_on_seal(p, read_all, &sum);
	return rc;
}

static const struct kx_format fake_format = {
	.name = "fake",
	.alias = "fake-kernel",
	.probe = fake_probe,
	.head = fake_head,
	.load = fake_load,
};

static const struct kx_format *const fake_formats[] = { &fake_format, NULL };

const struct kx_arch kx_arch = {
	.name = "fake",
	.kexec_arch = T_FAKE_KEXEC_ARCH,
	.formats = fake_formats,
	.cmdline_max = 2048,
	.file_syscall = 1,
	.takes_dtb = 0,
	/* Some kinds and not others, for test_console.c. */
	.consoles = 1u << KX_CON_PORT | 1u << KX_CON_PL011 | 1u << KX_CON_8250_32,
};
