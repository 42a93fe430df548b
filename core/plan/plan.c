/* SPDX-License-Identifier: MIT */
/*
 * plan.c - build a load plan: open the inputs, find the image format, read
 * the machine's RAM, let the format place its segments, then check the
 * result against the kernel's rules.  Nothing reaches the kernel here.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include "internal.h"
#include "verify.h"
#include "decompress.h"
#include "load_file.h"

/* A plan's memory: mappings from kx_plan_alloc (owned is NULL: the
 * mapping, mapped bytes long, starts with the node) or buffers handed
 * over by kx_plan_adopt (owned, malloc'ed). */
struct alloc {
	struct alloc *next;
	void *owned;
	size_t mapped;
};

struct plan_priv {
	struct kx_file kernel, initrd;
	struct kx_file initrd_mem; /* an initrd assembled in memory (a UKI's) */
	struct alloc *allocs;
	kx_seal_fn *seal;
	void *seal_arg;
	int sealed;
};

static struct plan_priv *priv(const struct kx_plan *p)
{
	return p->priv;
}

char *kx_plan_name(struct kx_plan *p, const char *path, const char *part)
{
	char *s = kx_plan_alloc(p, 512);

	if (s)
		kx_snprintf(s, 512, "%s's %s", path, part);
	return s;
}

int kx_head_never(const struct kx_format *f, const unsigned char *d, size_t len,
		  uint64_t *whole, char *why, size_t whylen)
{
	*whole = 0;
	return kx_no(why, whylen, "a %s is not gzip-compressed", f->name);
}

void *kx_plan_alloc(struct kx_plan *p, size_t size)
{
	/* Page aligned (segment buffers stay easy to reason about) and
	 * zeroed: an anonymous mapping is both (musl's aligned_alloc costs
	 * 0.7 KiB of code). */
	size_t hdr = KX_PAGE;
	struct alloc *a;

	if (size > SIZE_MAX - hdr)
		return NULL;
	a = mmap(NULL, hdr + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		return NULL;
	a->mapped = hdr + size;
	a->next = priv(p)->allocs;
	priv(p)->allocs = a;
	return (char *)a + hdr;
}

int kx_plan_adopt(struct kx_plan *p, void *buf)
{
	struct alloc *a = malloc(sizeof(*a));

	if (!a)
		return -ENOMEM;
	a->owned = buf;
	a->mapped = 0;
	a->next = priv(p)->allocs;
	priv(p)->allocs = a;
	return 0;
}

void kx_plan_no_file(struct kx_plan *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->file_capable)
		return;
	p->file_capable = 0;
	va_start(ap, fmt);
	kx_vsnprintf(p->file_refusal, sizeof(p->file_refusal), fmt, ap);
	va_end(ap);
}

void kx_plan_no_load(struct kx_plan *p, const char *fmt, ...)
{
	va_list ap;

	if (p->load_refusal[0])
		return;
	va_start(ap, fmt);
	kx_vsnprintf(p->load_refusal, sizeof(p->load_refusal), fmt, ap);
	va_end(ap);
}

void kx_plan_file_kernel(struct kx_plan *p, const void *buf, size_t len, const char *how)
{
	p->file_kernel.data = buf;
	p->file_kernel.size = len;
	p->file_kernel.how = how;
	p->kernel_fd = -1;
}

const struct kx_file *kx_plan_initrd(const struct kx_plan *p)
{
	if (priv(p)->initrd_mem.data)
		return &priv(p)->initrd_mem;
	return priv(p)->initrd.data ? &priv(p)->initrd : NULL;
}

void kx_plan_initrd_is(struct kx_plan *p, const void *buf, size_t len, const char *what)
{
	struct kx_file *f = &priv(p)->initrd_mem;

	f->what = "initrd";
	f->path = p->initrd_path = what;
	f->fd = -1;
	f->data = buf;
	f->size = len;
	p->file_initrd = (struct kx_unwrapped){ buf, len, what };
	p->initrd_fd = -1;
}

void kx_plan_on_seal(struct kx_plan *p, kx_seal_fn *fn, void *arg)
{
	priv(p)->seal = fn;
	priv(p)->seal_arg = arg;
	priv(p)->sealed = 0;
}

int kx_plan_seal(struct kx_ctx *ctx, struct kx_plan *p)
{
	int rc;

	if (!priv(p)->seal || priv(p)->sealed)
		return 0;
	rc = priv(p)->seal(ctx, p, priv(p)->seal_arg);
	priv(p)->sealed = !rc;
	return rc;
}

int kx_plan_check_inputs(struct kx_ctx *ctx, const struct kx_plan *p)
{
	/* A file changed under us is a bad input, whenever it is found. */
	int rc = kx_file_check(ctx, &priv(p)->kernel);

	return rc ? rc : kx_file_check(ctx, &priv(p)->initrd);
}

void kx_plan_free(struct kx_plan *p)
{
	struct plan_priv *pp;

	if (!p)
		return;
	pp = priv(p);
	if (pp) {
		while (pp->allocs) {
			struct alloc *a = pp->allocs;

			pp->allocs = a->next;
			if (a->mapped) {
				munmap(a, a->mapped);
			} else {
				free(a->owned);
				free(a);
			}
		}
		kx_file_close(&pp->kernel);
		kx_file_close(&pp->initrd);
		free(pp);
	}
	kx_ranges_free(&p->ram);
	free(p->cmdline);
	free(p->file_cmdline);
	kx_ranges_free(&p->core.ram);
	free(p);
}

const char *kx_arch_name(void)
{
	return kx_arch.name;
}

/* The format of d (len bytes of kernel path): by each format's probe of
 * the whole, or with whole non-NULL by its head check of the first bytes
 * of a kernel still to be decompressed (*whole: what its header declares).
 * Its description of the match goes to desc (descsz bytes; NULL: none).
 * NULL if none, the message listing every format's reason. */
static const struct kx_format *find_format(struct kx_ctx *ctx, const struct kx_opts *o,
					   const char *path, const unsigned char *d, size_t len,
					   uint64_t *whole, char *desc, size_t descsz)
{
	const struct kx_format *const *f;
	char why[192], all[400] = "";
	size_t used = 0;
	int rc;

	for (f = kx_arch.formats; *f; f++) {
		if (o->type && strcasecmp(o->type, (*f)->name) &&
		    (!(*f)->alias || strcasecmp(o->type, (*f)->alias)))
			continue;
		why[0] = 0;
		rc = whole ? (*f)->head(*f, d, len, whole, why, sizeof(why))
			   : (*f)->probe(*f, d, len, why, sizeof(why));
		if (rc == 0) {
			kx_dbg(ctx, "kernel %s: %s: %s", path, (*f)->name, why);
			if (desc)
				kx_snprintf(desc, descsz, "%s", why);
			return *f;
		}
		kx_dbg(ctx, "kernel %s: not %s: %s", path, (*f)->name, why);
		used += kx_snprintf(all + used, used < sizeof(all) ? sizeof(all) - used : 0,
				    "%s%s: %s", used ? "; " : "", (*f)->name, why);
	}
	if (o->type && !used) {
		kx_fail(ctx, -EINVAL, "--type=%s: unknown image type for %s", o->type,
			kx_arch.name);
		return NULL;
	}
	if (!used) {
		kx_fail(ctx, -ENOEXEC, "kernel %s: this kexec was built with no image format for %s"
			" (CONFIG_FORMAT_*): it can load no kernel", path, kx_arch.name);
		return NULL;
	}
	kx_fail(ctx, -ENOEXEC, "kernel %s: %snot a kernel image this kexec can load for %s (%s)",
		path, whole ? "gzip data whose start is " : "", kx_arch.name, all);
	return NULL;
}

/* A gzip kernel (Image.gz, vmlinuz.gz): its first KX_HEAD_BYTES first,
 * for the formats' header checks, then the whole, bounded by what the
 * matching header declares.  Data that is no kernel costs 64 KiB. */
static int unpack_kernel(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_opts *o,
			 struct kx_file *k)
{
	const struct kx_format *f;
	const unsigned char *data = NULL;
	unsigned char *head;
	uint64_t whole = 0;
	size_t len;
	char what[320];
	int rc;

	kx_snprintf(what, sizeof(what), "kernel %s", k->path);
	rc = kx_unpack_head(ctx, what, k->data, k->size, "gzip", &head, &len);
	if (rc)
		return rc;
	f = find_format(ctx, o, k->path, head, len, &whole, NULL, 0);
	free(head);
	if (!f)
		return ctx->err;
	rc = kx_plan_unpack(ctx, p, what, k->data, k->size, "gzip", whole, f->name, &data, &len);
	if (rc)
		return rc;
	kx_dbg(ctx, "kernel %s: gzip, inflated %zu -> %zu bytes (its %s header declares %llu)",
	       k->path, k->size, len, f->name, (unsigned long long)whole);
	k->data = data;
	k->size = len;
	k->inflated = 1;
	return 0;
}

static int read_memory(struct kx_ctx *ctx, struct kx_plan *p)
{
	int rc;

	if (kx_arch.memory)
		rc = kx_arch.memory(ctx, p);
	else {
		rc = kx_iomem_ram(ctx, &p->ram, p->panic);
		kx_snprintf(p->memsrc, sizeof(p->memsrc), "/proc/iomem %s",
			    p->panic ? "Crash kernel" : "System RAM minus reserved");
	}
	/* kexec_load takes a crash kernel's segments only inside crashk_res.
	 * crashkernel=,high (or the low part the kernel adds by itself) shows
	 * a second "Crash kernel" range below 4 GiB, crashk_low_res: that one
	 * is the crash kernel's memory, not a place for segments. */
	while (!rc && p->panic && p->ram.n > 1) {
		kx_dbg(ctx, "Crash kernel 0x%" PRIx64 "-0x%" PRIx64 ": the low reservation, memory"
			    " for the crash kernel but no place for segments",
		       p->ram.r[0].start, p->ram.r[0].end);
		kx_ranges_sub(&p->ram, p->ram.r[0].start, p->ram.r[0].end);
	}
	return rc ? rc : kx_mem_total(ctx, &p->ram_total);
}

int kx_plan_build(struct kx_ctx *ctx, const struct kx_opts *o, struct kx_plan **out)
{
	const struct kx_format *fmt;
	struct kx_plan *p;
	struct kx_file *k;
	int rc;

	*out = NULL;
	if (!o->kernel)
		return kx_fail(ctx, -EINVAL, "no kernel image given");
	p = calloc(1, sizeof(*p));
	if (!p || !(p->priv = calloc(1, sizeof(struct plan_priv)))) {
		free(p);
		return kx_fail(ctx, -ENOMEM, "plan: out of memory");
	}
	k = &priv(p)->kernel;
	k->fd = priv(p)->initrd.fd = -1;
	p->kernel_fd = p->initrd_fd = -1;
	p->mode = o->syscall;
	p->panic = !!(o->flags & KX_PANIC);
	p->load_flags = p->panic ? KEXEC_ON_CRASH : 0;
	p->mem_min = o->mem_min;
	p->mem_max = o->mem_max;
	p->cmdline_max = kx_arch.cmdline_max;
	p->kernel_path = o->kernel;
	p->initrd_path = o->initrd;
	p->dtb_path = o->dtb;
	p->fit_config = o->fit_config;
	p->fit_keys = o->fit_keys;
	p->skip_checks = !!(o->flags & KX_NO_CHECKS);
	p->opts = o->flags & (KX_NO_CMA | KX_FORCE_DTB | KX_FILE_DEBUG | KX_HOTPLUG);
	p->cmdline_given = o->cmdline || o->reuse_cmdline;
	/* What rules out one syscall for every format of the arch. */
	p->file_capable = 1;
	if (!kx_arch.file_syscall)
		kx_plan_no_file(p,
				"Linux has no kexec_file_load on %s (kexec_load is the only way)",
				kx_arch.name);
	if (!kx_have_file_load)
		kx_plan_no_file(p, "this kexec was built without CONFIG_KEXEC_FILE");
	if (o->dtb && kx_arch.takes_dtb)
		kx_plan_no_file(p, "--dtb given, and the %s kexec_file_load cannot carry a device "
				   "tree", kx_arch.name);
	if (p->panic && !kx_arch.crash)
		kx_plan_no_load(p, "a crash kernel through kexec_load needs ELF core headers, not "
				   "built yet for %s%s",
				kx_arch.name, kx_arch.file_syscall ? ": use -s" : "");
	p->core_class = o->core_class;
	if (o->serial && (rc = kx_console_find(ctx, o, p)))
		goto fail;

	rc = kx_policy_begin(ctx, o);
	if (!rc)
		rc = kx_verify_begin(ctx, p, o);
	if (!rc)
		rc = kx_file_open_sealed(ctx, k, "kernel", o->kernel, p->verify);
	if (rc)
		goto fail;
	if (o->initrd) {
		rc = kx_file_open_sealed(ctx, &priv(p)->initrd, "initrd", o->initrd, p->verify);
		if (rc)
			goto fail;
		p->initrd_fd = priv(p)->initrd.fd;
	}
	if (kx_is_gzip(k->data, k->size) && (rc = unpack_kernel(ctx, p, o, k)))
		goto fail;
	fmt = find_format(ctx, o, k->path, k->data, k->size, NULL, p->why, sizeof(p->why));
	if (!fmt) {
		rc = ctx->err;
		goto fail;
	}
	p->format = fmt->name;
	/* kexec_file_load reads the file as it is, or the gunzipped kernel
	 * through a memfd; a format that unwraps further says so in load. */
	p->kernel_fd = k->fd;
	if (k->inflated)
		kx_plan_file_kernel(p, k->data, k->size, "gunzipped");
	if (o->dtb && !kx_arch.takes_dtb)
		kx_dbg(ctx, "--dtb %s ignored: %s takes no device tree", o->dtb, fmt->name);
	rc = kx_cmdline_build(ctx, o, p->cmdline_max, &p->cmdline);
	if (!rc)
		rc = kx_verify_cmdline(ctx, p);
	if (rc)
		goto fail;
	rc = read_memory(ctx, p);
	if (rc)
		goto fail;
	rc = fmt->load(ctx, p, k);
	if (rc)
		goto fail;
	if ((o->fit_config || o->fit_keys) && !p->fit) {
		rc = kx_fail(ctx, -EINVAL, "--%s=%s: kernel %s is not a FIT",
			     o->fit_config ? "fit-config" : "fit-keys",
			     o->fit_config ? o->fit_config : o->fit_keys, k->path);
		goto fail;
	}
	rc = kx_verify_end(ctx, p);
	if (!rc)
		rc = kx_policy_end(ctx, p);
	if (!rc)
		rc = kx_plan_validate(ctx, p);
	if (!rc)
		rc = kx_plan_check_inputs(ctx, p);
	if (rc)
		goto fail;
	*out = p;
	return 0;
fail:
	kx_plan_free(p);
	return rc ? rc : -EINVAL;
}
