/* SPDX-License-Identifier: MIT */
/*
 * bzimage.c - the bzImage format, 64-bit boot protocol (boot.rst): check
 * the setup header, then place the protected-mode kernel (aligned, with
 * room for init_size), the initrd, boot_params + command line and, last,
 * the purgatory that enters startup_64 with rsi = boot_params.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "bzimage.h"
#include "le.h"
#include "purgatory_load.h"

#define X86_4G 0x100000000ULL

int x86_setup_head(const unsigned char *img, size_t len, struct x86_setup *s,
		   char *why, size_t whylen)
{
	char mib[24];
	unsigned sects;
	uint64_t pe;

	memset(s, 0, sizeof(*s));
	if (len < HDR_INIT_SIZE + 4)
		return kx_no(why, whylen, "%zu bytes is too short for a setup header", len);
	if (kx_get16(img + HDR_BOOT_FLAG) != 0xaa55)
		return kx_no(why, whylen, "no 0xAA55 boot flag at 0x1fe");
	if (memcmp(img + HDR_MAGIC, "HdrS", 4))
		return kx_no(why, whylen, "no \"HdrS\" magic at 0x202");
	s->version = kx_get16(img + HDR_VERSION);
	/* 2.12 brought xloadflags, which says whether startup_64 exists. */
	if (s->version < 0x20c)
		return kx_no(why, whylen, "boot protocol %u.%02u is older than 2.12 (no 64-bit "
					  "entry information)",
			  s->version >> 8, s->version & 0xff);
	sects = img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4;
	s->setup_size = (size_t)(sects + 1) * 512;
	s->hdr_end = 0x202 + img[HDR_JUMP + 1];
	s->loadflags = img[HDR_LOADFLAGS];
	s->xloadflags = kx_get16(img + HDR_XLOADFLAGS);
	s->initrd_addr_max = kx_get32(img + HDR_INITRD_MAX);
	s->kernel_alignment = kx_get32(img + HDR_KERNEL_ALIGN);
	s->relocatable = img[HDR_RELOCATABLE];
	s->cmdline_size = kx_get32(img + HDR_CMDLINE_SIZE);
	s->pref_address = kx_get32(img + HDR_PREF_ADDRESS) |
			  (uint64_t)kx_get32(img + HDR_PREF_ADDRESS + 4) << 32;
	s->init_size = kx_get32(img + HDR_INIT_SIZE);
	/* syssize counts the protected-mode part in 16-byte units; a signed
	 * file has its signature after that, where the PE header says. */
	s->whole = s->setup_size + (uint64_t)kx_get32(img + HDR_SYSSIZE) * 16;
	pe = kx_pe_end(img, len);
	if (pe > s->whole)
		s->whole = pe;
	if (!(s->loadflags & LOADED_HIGH))
		return kx_no(why, whylen, "a zImage (loads below 1 MiB), not a bzImage");
	if (!(s->xloadflags & XLF_KERNEL_64))
		return kx_no(why, whylen, "no 64-bit entry point (xloadflags 0x%x lacks "
					  "XLF_KERNEL_64): a 32-bit kernel",
			  s->xloadflags);
	if (s->hdr_end > HDR_INIT_SIZE + 0x100 || s->hdr_end < HDR_INIT_SIZE + 4)
		return kx_no(why, whylen, "setup header length 0x%zx is implausible",
			     s->hdr_end - 0x1f1);
	if (s->relocatable &&
	    (s->kernel_alignment < 4096 || (s->kernel_alignment & (s->kernel_alignment - 1))))
		return kx_no(why, whylen, "kernel_alignment 0x%x is not a power of two",
			     s->kernel_alignment);
	if (!s->relocatable && s->pref_address < X86_LOW_LIMIT)
		return kx_no(why, whylen, "not relocatable and no preferred address");
	kx_snprintf(why, whylen,
		    "\"HdrS\" boot protocol %u.%02u, 64-bit entry (xloadflags 0x%x), "
		    "%srelocatable, align 0x%x, init_size %s MiB",
		    s->version >> 8, s->version & 0xff, s->xloadflags, s->relocatable ? "" : "not ",
		    s->kernel_alignment, kx_tenths(mib, s->init_size, 20));
	return 0;
}

int x86_setup_parse(const unsigned char *img, size_t len, struct x86_setup *s,
		    char *why, size_t whylen)
{
	uint64_t kernel;
	int rc = x86_setup_head(img, len, s, why, whylen);

	if (rc)
		return rc;
	if (s->setup_size >= len)
		return kx_no(why, whylen, "truncated: %zu bytes end inside the %zu-byte setup code",
			     len, s->setup_size);
	s->kernel_size = len - s->setup_size;
	kernel = s->whole - s->setup_size;
	if (kernel > s->kernel_size)
		return kx_no(why, whylen, "truncated: the header announces %" PRIu64 " bytes of "
					  "kernel, the file has %zu",
			  kernel, s->kernel_size);
	return 0;
}

static int bz_probe(const struct kx_format *f, const unsigned char *d, size_t len,
		    char *why, size_t whylen)
{
	struct x86_setup s;

	return x86_setup_parse(d, len, &s, why, whylen);
}

static int bz_head(const struct kx_format *f, const unsigned char *d, size_t len,
		   uint64_t *whole, char *why, size_t whylen)
{
	struct x86_setup s;
	int rc = x86_setup_head(d, len, &s, why, whylen);

	*whole = s.whole;
	return rc;
}

static int bz_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	const struct kx_file *initrd = kx_plan_initrd(p);
	struct x86_boot b = { 0 };
	struct x86_efi efi = { 0 };
	struct kx_crash_src crash;
	struct x86_setup s;
	struct kx_hole h;
	uint64_t kaddr, bpaddr, max_addr;
	unsigned char *bp, cur[4096];
	size_t cl, bpsize, sd_off;
	char why[192];
	int rc;

	if (x86_setup_parse(k->data, k->size, &s, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", k->path, why);
	/* A crash kernel through kexec_load: the core header first, at the
	 * top of the reservation, and the command line that says where. */
	rc = kx_crash_add(ctx, p, &crash);
	if (rc < 0)
		return rc;
	if (rc) {
		char w[40];

		b.crash = &crash;
		kx_snprintf(w, sizeof(w), "elfcorehdr=0x%" PRIx64, p->core.addr);
		rc = kx_cmdline_prepend(ctx, p, w);
		if (rc)
			goto out;
	}
	cl = strlen(p->cmdline) + 1;
	/* The header's own limit (2.06+) beats the generic one. */
	if (s.cmdline_size && cl > (size_t)s.cmdline_size + 1) {
		rc = kx_fail_plan(ctx, -E2BIG, "command line: %zu bytes with its NUL, this "
					       "kernel accepts at most %u (cmdline_size)",
				  cl, s.cmdline_size + 1);
		goto out;
	}
	/* The limit for the kernel and boot_params: none for a kernel that
	 * may be loaded above 4 GiB (it reads the ext_ pointers). */
	max_addr = (s.xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G) ? 0 : X86_4G;

	/* Kernel: at its preferred address when free (then it need not move
	 * itself), else the lowest aligned hole; memsz covers init_size.
	 * Below 4 GiB where it fits, as boot_params: above it only for a
	 * kernel that may go there, when nothing below is free (a crash
	 * kernel in crashkernel=,high's reservation). */
	h = (struct kx_hole){ .size = s.init_size > s.kernel_size ? s.init_size : s.kernel_size,
			      .align = s.relocatable ? s.kernel_alignment : KX_PAGE,
			      .min = s.pref_address > X86_LOW_LIMIT ? s.pref_address
								    : X86_LOW_LIMIT,
			      .max = max_addr, .prefer_below = X86_4G };
	if (!s.relocatable)
		h.max = h.min + KX_ALIGN_UP(h.size, KX_PAGE);
	else if (kx_find_hole(p, &h, &kaddr))
		h.min = X86_LOW_LIMIT;
	rc = kx_add_segment(ctx, p, k->data + s.setup_size, s.kernel_size, &h, "kernel", k->path,
			    &kaddr);
	if (rc)
		goto out;

	/* The initrd goes high, where it is least in the kernel's way. */
	if (initrd) {
		h = (struct kx_hole){ .size = initrd->size,
				      .align = KX_PAGE,
				      .min = X86_LOW_LIMIT,
				      .max = max_addr ? (uint64_t)s.initrd_addr_max + 1 : 0,
				      .top_down = 1 };
		rc = kx_add_segment(ctx, p, initrd->data, initrd->size, &h, "initrd", initrd->path,
				    &b.initrd_addr);
		if (rc)
			goto out;
		b.initrd_size = initrd->size;
	}

	/* One segment: boot_params, the command line, then setup_data (an
	 * RNG seed; EFI state and its runtime memory map on EFI machines). */
	b.curlen = x86_current_boot_params(ctx, cur);
	b.cur = cur;
	if ((s.xloadflags & XLF_EFI_KEXEC) && (rc = x86_efi_read(ctx, cur, b.curlen, &efi)))
		goto out;
	sd_off = KX_ALIGN_UP(4096 + cl, 16);
	bpsize = sd_off + X86_SETUP_RNG_SIZE + x86_efi_size(&efi);
	rc = -ENOMEM;
	bp = kx_plan_alloc(p, bpsize);
	if (!bp) {
		kx_fail_plan(ctx, rc, "boot_params: out of memory");
		goto out;
	}
	memcpy(bp + 4096, p->cmdline, cl);
	h = (struct kx_hole){ .size = bpsize, .align = KX_PAGE, .min = X86_LOW_LIMIT,
			      .max = max_addr, .prefer_below = X86_4G, .top_down = 1 };
	if (kx_find_hole(p, &h, &bpaddr)) {
		rc = kx_add_segment(ctx, p, bp, bpsize, &h, "boot_params", "generated", NULL);
		goto out;
	}
	b.cmdline_addr = bpaddr + 4096;
	rc = x86_boot_params(ctx, p, &s, k->data, &b, bp);
	if (rc)
		goto out;
	if (x86_rng_seed(bp, bp + sd_off, bpaddr + sd_off))
		kx_dbg(ctx, "no RNG seed for the new kernel: the entropy pool is not ready");
	x86_efi_write(&efi, bp, bp + sd_off + X86_SETUP_RNG_SIZE,
		      bpaddr + sd_off + X86_SETUP_RNG_SIZE);
	rc = kx_add_segment_at(ctx, p, bp, bpsize, bpaddr, KX_ALIGN_UP(bpsize, KX_PAGE),
			       "boot_params", "generated");
	if (rc)
		goto out;
	/* Last: the purgatory hashes every segment placed before it. */
	rc = x86_purgatory_add(ctx, p, kaddr + X86_ENTRY64_OFFSET, bpaddr, p->skip_checks);
out:
	x86_efi_free(&efi);
	kx_crash_free(&crash);
	return rc;
}

const struct kx_format x86_bzimage_format = {
	.name = "bzImage",
	.alias = "bzImage64", /* kexec-tools' 64-bit bzImage loader */
	.probe = bz_probe,
	.head = bz_head,
	.load = bz_load,
};
