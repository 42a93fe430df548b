/* SPDX-License-Identifier: MIT */
/*
 * place.c - segments placed by constraints (size, alignment, bounds,
 * direction) over the RAM the running kernel reports, and the kernel's own
 * segment rules (kernel/kexec_core.c: sanity_check_segment_list) checked
 * before any syscall so that each refusal can be explained.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "internal.h"

/* "what source: reason", the source left out when the segment is made
 * here ("generated") or is none. */
static int plan_fail(struct kx_ctx *ctx, int err, const char *what, const char *source,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int plan_fail(struct kx_ctx *ctx, int err, const char *what, const char *source,
		     const char *fmt, ...)
{
	char reason[400];
	va_list ap;

	va_start(ap, fmt);
	kx_vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (!source || !strcmp(source, "generated"))
		return kx_fail_plan(ctx, err, "%s: %s", what, reason);
	return kx_fail_plan(ctx, err, "%s %s: %s", what, source, reason);
}

/* RAM within bounds that no segment uses yet. */
static int free_ram(const struct kx_plan *p, uint64_t lo, uint64_t hi, struct kx_ranges *out)
{
	unsigned i;

	for (i = 0; i < p->ram.n; i++) {
		uint64_t s = p->ram.r[i].start, e = p->ram.r[i].end;

		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		if (s < e && kx_ranges_add(out, s, e))
			return -ENOMEM;
	}
	for (i = 0; i < p->nseg; i++)
		kx_ranges_sub(out, p->seg[i].mem, p->seg[i].mem + p->seg[i].memsz);
	return 0;
}

static void bounds(const struct kx_plan *p, const struct kx_hole *h, uint64_t *lo, uint64_t *hi)
{
	*lo = h->min > p->mem_min ? h->min : p->mem_min;
	*hi = UINT64_MAX;
	if (h->max && h->max < *hi)
		*hi = h->max;
	if (p->mem_max && p->mem_max < *hi)
		*hi = p->mem_max;
}

static int find(const struct kx_plan *p, const struct kx_hole *h, uint64_t *addr)
{
	uint64_t lo, hi, size = KX_ALIGN_UP(h->size, KX_PAGE);
	uint64_t align = h->align < KX_PAGE ? KX_PAGE : h->align;
	struct kx_ranges fr = { 0 };
	int rc = -ENOSPC;
	unsigned i;

	bounds(p, h, &lo, &hi);
	if (!size || lo >= hi || free_ram(p, lo, hi, &fr)) {
		kx_ranges_free(&fr);
		return lo >= hi || !size ? -ENOSPC : -ENOMEM;
	}
	for (i = 0; i < fr.n; i++) {
		struct kx_range *r = &fr.r[h->top_down ? fr.n - 1 - i : i];
		uint64_t s;

		if (r->end - r->start < size)
			continue;
		if (h->top_down)
			s = (r->end - size) & ~(align - 1);
		else
			s = KX_ALIGN_UP(r->start, align);
		if (s < r->start || s + size > r->end || s + size < s)
			continue;
		*addr = s;
		rc = 0;
		break;
	}
	kx_ranges_free(&fr);
	return rc;
}

int kx_find_hole(const struct kx_plan *p, const struct kx_hole *h, uint64_t *addr)
{
	struct kx_hole below = *h;

	if (h->prefer_below && (!h->max || h->max > h->prefer_below)) {
		below.max = h->prefer_below;
		if (!find(p, &below, addr))
			return 0;
	}
	return find(p, h, addr);
}

static int no_room(struct kx_ctx *ctx, const struct kx_plan *p, const struct kx_hole *h,
		   const char *what, const char *source, uint64_t size)
{
	struct kx_ranges fr = { 0 };
	uint64_t lo, hi, big = 0;
	unsigned i;
	char a[16], b[16];

	bounds(p, h, &lo, &hi);
	if (free_ram(p, lo, hi, &fr) == 0)
		for (i = 0; i < fr.n; i++)
			if (fr.r[i].end - fr.r[i].start > big)
				big = fr.r[i].end - fr.r[i].start;
	kx_ranges_free(&fr);
	return plan_fail(ctx, -ENOSPC, what, source,
			 "no free RAM for %s aligned to 0x%" PRIx64 " in [0x%" PRIx64 ", 0x%" PRIx64
			 "); largest free block there is %s (RAM from %s)",
			 kx_size(a, size), (uint64_t)(h->align < KX_PAGE ? KX_PAGE : h->align), lo,
			 hi, kx_size(b, big), p->memsrc[0] ? p->memsrc : "nowhere");
}

int kx_add_segment(struct kx_ctx *ctx, struct kx_plan *p, const void *buf,
		   size_t bufsz, const struct kx_hole *h, const char *what,
		   const char *source, uint64_t *addr)
{
	struct kx_hole hh = *h;
	uint64_t mem;

	if (hh.size < bufsz)
		hh.size = bufsz;
	hh.size = KX_ALIGN_UP(hh.size, KX_PAGE);
	if (p->nseg >= KX_SEGMENT_MAX)
		return plan_fail(ctx, -E2BIG, what, source,
				 "more than %d segments (the kernel's KEXEC_SEGMENT_MAX)",
				 KX_SEGMENT_MAX);
	if (kx_find_hole(p, &hh, &mem))
		return no_room(ctx, p, &hh, what, source, hh.size);
	if (addr)
		*addr = mem;
	return kx_add_segment_at(ctx, p, buf, bufsz, mem, hh.size, what, source);
}

int kx_add_segment_at(struct kx_ctx *ctx, struct kx_plan *p, const void *buf,
		      size_t bufsz, uint64_t mem, uint64_t memsz,
		      const char *what, const char *source)
{
	struct kx_segment *s;
	char sz[16];

	if (p->nseg >= KX_SEGMENT_MAX)
		return plan_fail(ctx, -E2BIG, what, source,
				 "more than %d segments (the kernel's KEXEC_SEGMENT_MAX)",
				 KX_SEGMENT_MAX);
	s = &p->seg[p->nseg++];
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = memsz;
	s->what = what;
	s->source = source;
	kx_dbg(ctx, "place %-11s 0x%09" PRIx64 "-0x%09" PRIx64 " (%s, %zu bytes from %s)",
	       what, mem, mem + memsz, kx_size(sz, memsz), bufsz, source);
	return 0;
}

static int in_ram(const struct kx_plan *p, uint64_t s, uint64_t e)
{
	unsigned i;

	for (i = 0; i < p->ram.n; i++)
		if (s >= p->ram.r[i].start && e <= p->ram.r[i].end)
			return 1;
	return 0;
}

int kx_plan_validate(struct kx_ctx *ctx, const struct kx_plan *p)
{
	uint64_t total = 0, half = p->ram_total / 2;
	char a[16], b[16];
	unsigned i, j;

	if (p->nseg > KX_SEGMENT_MAX)
		return plan_fail(ctx, -E2BIG, "plan", NULL,
				 "%u segments, the kernel accepts at most %d",
				 p->nseg, KX_SEGMENT_MAX);
	for (i = 0; i < p->nseg; i++) {
		const struct kx_segment *s = &p->seg[i];
		uint64_t end = s->mem + s->memsz;

		if ((s->mem | s->memsz) & (KX_PAGE - 1))
			return plan_fail(ctx, -EADDRNOTAVAIL, s->what, s->source,
					 "0x%" PRIx64 "+0x%" PRIx64 " is not page aligned (the "
					 "kernel requires it)",
					 s->mem, s->memsz);
		if (end < s->mem || !s->memsz)
			return plan_fail(ctx, -EADDRNOTAVAIL, s->what, s->source,
					 "empty or wrapping range at 0x%" PRIx64, s->mem);
		if (s->bufsz > s->memsz)
			return plan_fail(ctx, -EINVAL, s->what, s->source,
					 "%zu bytes do not fit its %" PRIu64 "-byte slot", s->bufsz,
					 s->memsz);
		if (!in_ram(p, s->mem, end))
			return plan_fail(ctx, -EADDRNOTAVAIL, s->what, s->source,
					 "0x%" PRIx64 "-0x%" PRIx64
					 " is not inside usable RAM (%s)",
					 s->mem, end, p->memsrc);
		if (s->mem < p->mem_min || (p->mem_max && end > p->mem_max))
			return plan_fail(ctx, -EADDRNOTAVAIL, s->what, s->source,
					 "0x%" PRIx64 "-0x%" PRIx64 " is outside "
					 "--mem-min/--mem-max",
					 s->mem, end);
		for (j = 0; j < i; j++) {
			const struct kx_segment *o = &p->seg[j];

			if (s->mem < o->mem + o->memsz && o->mem < end)
				return plan_fail(ctx, -EINVAL, s->what, s->source,
						 "overlaps %s at 0x%" PRIx64, o->what, o->mem);
		}
		if (p->ram_total && s->memsz > half)
			return plan_fail(ctx, -EINVAL, s->what, s->source,
					 "%s is more than half of RAM (%s): the kernel refuses it",
					 kx_size(a, s->memsz), kx_size(b, p->ram_total));
		total += s->memsz;
	}
	if (p->ram_total && total > half)
		return plan_fail(ctx, -EINVAL, "plan", NULL,
				 "segments total %s, more than half of RAM (%s): the kernel "
				 "refuses it",
				 kx_size(a, total), kx_size(b, p->ram_total));
	return 0;
}
