/* SPDX-License-Identifier: MIT */
/*
 * test_place.c - segment placement on a hand-built plan: kx_find_hole
 * (direction, alignment, bounds, existing segments), kx_add_segment and
 * kx_plan_validate (the kernel's sanity_check_segment_list rules, explained).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "internal.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static unsigned char blob[8192];

/* 1 GiB of RAM: [0x1000, 0x9f000) and [1 MiB, 1 GiB). */
static struct kx_plan *plan(void)
{
	struct kx_plan *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	assert_int_equal(kx_ranges_add(&p->ram, 0x100000, GiB), 0);
	assert_int_equal(kx_ranges_add(&p->ram, 0x1000, 0x9f000), 0);
	p->ram_total = GiB;
	snprintf(p->memsrc, sizeof(p->memsrc), "/proc/iomem");
	p->kernel_fd = p->initrd_fd = -1;
	return p;
}

/* A segment put straight into the plan, as a format's load would. */
static void put(struct kx_plan *p, uint64_t mem, uint64_t memsz, size_t bufsz, const char *what)
{
	struct kx_segment *s = &p->seg[p->nseg++];

	s->buf = blob;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = memsz;
	s->what = what;
	s->source = "generated";
}

static void hole_bottom_up_top_down(void **state)
{
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 0x2000 };
	uint64_t a = 0;

	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 0x1000);
	h.top_down = 1;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, GiB - 0x2000);
	/* Size is rounded up to a page. */
	h.size = 0x1001;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, GiB - 0x2000);
	/* Too big for the low range: bottom up skips to the next one. */
	h = (struct kx_hole){ .size = 0x9f000 };
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 0x100000);
	/* Exactly the low range. */
	h.size = 0x9e000;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 0x1000);
	kx_plan_free(p);
}

static void hole_alignment(void **state)
{
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 3 * MiB, .align = 2 * MiB };
	uint64_t a = 0;

	/* The low range has no 2 MiB boundary: first fit is 2 MiB. */
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 2 * MiB);
	h.top_down = 1;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, GiB - 4 * MiB);
	/* Alignment below a page counts as a page. */
	h = (struct kx_hole){ .size = 0x1000, .align = 16, .min = 0x100010 };
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 0x101000);
	/* A 1 GiB alignment fits nowhere but 0, which is not RAM. */
	h = (struct kx_hole){ .size = 0x1000, .align = GiB };
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	kx_plan_free(p);
}

static void hole_min_max(void **state)
{
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 0x1000, .min = 16 * MiB };
	uint64_t a = 0;

	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 16 * MiB);
	/* An unaligned min is rounded up. */
	h.min = 16 * MiB + 1;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 16 * MiB + 0x1000);
	h = (struct kx_hole){ .size = 0x1000, .max = 32 * MiB, .top_down = 1 };
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 32 * MiB - 0x1000);
	/* max is exclusive: a hole ending exactly there fits. */
	h = (struct kx_hole){ .size = 0x2000, .min = 0x3000, .max = 0x5000 };
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 0x3000);
	h.max = 0x4fff;
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	/* min at or above max. */
	h = (struct kx_hole){ .size = 0x1000, .min = 32 * MiB, .max = 32 * MiB };
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	/* Bounds beyond RAM. */
	h = (struct kx_hole){ .size = 0x1000, .min = GiB };
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	kx_plan_free(p);
}

/* --mem-min and --mem-max (plan->mem_min, mem_max) bound every hole. */
static void hole_plan_bounds(void **state)
{
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 0x1000 };
	uint64_t a = 0;

	p->mem_min = 8 * MiB;
	p->mem_max = 9 * MiB;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 8 * MiB);
	h.top_down = 1;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 9 * MiB - 0x1000);
	/* The hole's own bounds only narrow them. */
	h.min = 4 * MiB;
	h.max = 2 * GiB;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 9 * MiB - 0x1000);
	h.size = MiB + 0x1000;
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	h.size = MiB;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 8 * MiB);
	kx_plan_free(p);
}

static void hole_skips_segments(void **state)
{
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 0x2000, .min = MiB };
	uint64_t a = 0;

	put(p, MiB, MiB, 0x1000, "kernel");
	put(p, GiB - MiB, MiB, 0x1000, "initrd");
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 2 * MiB);
	h.top_down = 1;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, GiB - MiB - 0x2000);

	/* A gap between two segments that is exactly the size asked. */
	put(p, 2 * MiB, 0x1000, 0x1000, "a");
	put(p, 2 * MiB + 0x3000, 0x1000, 0x1000, "b");
	h = (struct kx_hole){ .size = 0x2000, .min = MiB };
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 2 * MiB + 0x1000);
	/* One byte more does not fit there. */
	h.size = 0x2001;
	assert_int_equal(kx_find_hole(p, &h, &a), 0);
	assert_int_equal(a, 2 * MiB + 0x4000);
	kx_plan_free(p);
}

static void hole_nospace(void **state)
{
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = GiB };
	uint64_t a = 0x1234;

	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	h.top_down = 1;
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	/* Zero bytes is not a hole. */
	h.size = 0;
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	/* RAM all taken by segments. */
	put(p, 0x1000, 0x9e000, 0x1000, "low");
	put(p, MiB, GiB - MiB, 0x1000, "high");
	h.size = 0x1000;
	assert_int_equal(kx_find_hole(p, &h, &a), -ENOSPC);
	assert_int_equal(a, 0x1234);
	kx_plan_free(p);
}

static void add_segment_places(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 16 * MiB, .align = 2 * MiB, .min = 16 * MiB };
	uint64_t a = 0;

	assert_int_equal(kx_add_segment(&ctx, p, blob, 5000, &h, "kernel", "/boot/vmlinuz", &a), 0);
	assert_int_equal(a, 16 * MiB);
	assert_int_equal(p->nseg, 1);
	assert_ptr_equal(p->seg[0].buf, blob);
	assert_int_equal(p->seg[0].bufsz, 5000);
	assert_int_equal(p->seg[0].mem, 16 * MiB);
	assert_int_equal(p->seg[0].memsz, 16 * MiB);
	assert_string_equal(p->seg[0].what, "kernel");
	assert_string_equal(p->seg[0].source, "/boot/vmlinuz");

	/* The next one avoids it; memsz from bufsz when larger, page-rounded. */
	h = (struct kx_hole){ .size = 0x10, .min = 16 * MiB };
	assert_int_equal(kx_add_segment(&ctx, p, blob, 8193, &h, "boot_params", "generated", &a),
			 0);
	assert_int_equal(a, 32 * MiB);
	assert_int_equal(p->seg[1].memsz, 0x3000);
	assert_int_equal(p->seg[1].bufsz, 8193);
	/* addr may be NULL. */
	h.top_down = 1;
	assert_int_equal(kx_add_segment(&ctx, p, blob, 1, &h, "purgatory", "generated", NULL), 0);
	assert_int_equal(p->seg[2].mem, GiB - 0x1000);
	assert_int_equal(p->seg[2].memsz, 0x1000);
	assert_int_equal(ctx.err, 0);
	assert_int_equal(kx_plan_validate(&ctx, p), 0);
	kx_plan_free(p);
}

static void add_segment_no_room(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 2 * GiB, .align = 2 * MiB };

	assert_int_equal(kx_add_segment(&ctx, p, blob, 100, &h, "initrd", "/boot/initrd", NULL),
			 -ENOSPC);
	assert_int_equal(ctx.err, -ENOSPC);
	assert_int_equal(ctx.stage, KX_STAGE_PLAN);
	assert_string_equal(ctx.msg,
			    "initrd /boot/initrd: no free RAM for 2048.0 MiB aligned to 0x200000 "
			    "in [0x0, 0xffffffffffffffff); largest free block there is 1023.0 MiB "
			    "(RAM from /proc/iomem)");
	assert_int_equal(p->nseg, 0);

	/* The bounds and the largest block are those of the request. */
	memset(&ctx, 0, sizeof(ctx));
	put(p, 8 * MiB, MiB, 0x1000, "kernel");
	p->mem_max = 12 * MiB;
	h = (struct kx_hole){ .size = 7 * MiB, .min = 2 * MiB };
	assert_int_equal(kx_add_segment(&ctx, p, blob, 100, &h, "kernel2", "k2", NULL), -ENOSPC);
	assert_int_equal(ctx.stage, KX_STAGE_PLAN);
	assert_string_equal(ctx.msg,
			    "kernel2 k2: no free RAM for 7.0 MiB aligned to 0x1000 in "
			    "[0x200000, 0xc00000); largest free block there is 6.0 MiB (RAM from "
			    "/proc/iomem)");
	assert_int_equal(p->nseg, 1);
	kx_plan_free(p);

	/* Small sizes in KiB; a plan that does not say where its RAM came from. */
	memset(&ctx, 0, sizeof(ctx));
	p = calloc(1, sizeof(*p));
	assert_non_null(p);
	kx_ranges_add(&p->ram, 0x10000, 0x11000);
	h = (struct kx_hole){ .size = 0x2000 };
	assert_int_equal(kx_add_segment(&ctx, p, blob, 100, &h, "boot_params", "generated", NULL),
			 -ENOSPC);
	assert_string_equal(ctx.msg,
			    "boot_params: no free RAM for 8.0 KiB aligned to 0x1000 in "
			    "[0x0, 0xffffffffffffffff); largest free block there is 4.0 KiB (RAM "
			    "from nowhere)");
	kx_plan_free(p);
}

static void add_segment_too_many(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 0x1000, .min = MiB };
	unsigned i;
	char msg[128];

	for (i = 0; i < KX_SEGMENT_MAX; i++)
		assert_int_equal(kx_add_segment(&ctx, p, blob, 0x1000, &h, "seg", "test", NULL), 0);
	assert_int_equal(p->nseg, 16);
	assert_int_equal(p->seg[15].mem, MiB + 15 * 0x1000);
	assert_int_equal(kx_add_segment(&ctx, p, blob, 0x1000, &h, "extra", "test", NULL), -E2BIG);
	assert_int_equal(p->nseg, 16);
	assert_int_equal(ctx.err, -E2BIG);
	assert_int_equal(ctx.stage, KX_STAGE_PLAN);
	snprintf(msg, sizeof(msg),
		 "extra test: more than %d segments (the kernel's KEXEC_SEGMENT_MAX)",
		 KX_SEGMENT_MAX);
	assert_string_equal(ctx.msg, msg);
	assert_non_null(strstr(ctx.msg, "KEXEC_SEGMENT_MAX"));

	memset(&ctx, 0, sizeof(ctx));
	assert_int_equal(kx_add_segment_at(&ctx, p, blob, 0x1000, 512 * MiB, 0x1000, "fixed",
					   "test"),
			 -E2BIG);
	assert_int_equal(p->nseg, 16);
	assert_non_null(strstr(ctx.msg, "fixed test: more than 16 segments"));
	kx_plan_free(p);
}

/* Run kx_plan_validate on p; expect err and exactly msg; stage PLAN. */
static void invalid(struct kx_plan *p, int err, const char *msg)
{
	struct kx_ctx ctx = { 0 };

	assert_int_equal(kx_plan_validate(&ctx, p), err);
	assert_int_equal(ctx.err, err);
	assert_int_equal(ctx.stage, KX_STAGE_PLAN);
	assert_string_equal(ctx.msg, msg);
}

static void validate_good(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();

	put(p, 16 * MiB, 16 * MiB, 3 * MiB, "kernel");
	put(p, GiB - 8 * MiB, 8 * MiB, 8 * MiB, "initrd");
	put(p, 0x1000, 0x2000, 0x1100, "boot_params");   /* the low range */
	put(p, 32 * MiB, 0x1000, 0, "empty buffer");     /* bufsz 0 is fine */
	assert_int_equal(kx_plan_validate(&ctx, p), 0);
	assert_int_equal(ctx.err, 0);
	assert_int_equal(ctx.stage, KX_STAGE_NONE);
	assert_string_equal(ctx.msg, "");
	/* Touching, not overlapping. */
	put(p, 32 * MiB + 0x1000, 0x1000, 0x1000, "next");
	assert_int_equal(kx_plan_validate(&ctx, p), 0);
	kx_plan_free(p);
}

static void validate_overlap(void **state)
{
	struct kx_plan *p = plan();

	put(p, 16 * MiB, 16 * MiB, 0x1000, "kernel");
	put(p, GiB - MiB, MiB, 0x1000, "initrd");
	put(p, 31 * MiB, 2 * MiB, 0x1000, "boot_params");
	invalid(p, -EINVAL, "boot_params: overlaps kernel at 0x1000000");
	/* A segment that contains an earlier one entirely. */
	p->seg[2].mem = GiB - 4 * MiB;
	p->seg[2].memsz = 4 * MiB;
	invalid(p, -EINVAL, "boot_params: overlaps initrd at 0x3ff00000");
	kx_plan_free(p);
}

static void validate_unaligned(void **state)
{
	struct kx_plan *p = plan();

	put(p, 16 * MiB + 0x800, 0x1000, 0x100, "kernel");
	invalid(p, -EADDRNOTAVAIL, "kernel: 0x1000800+0x1000 is not page aligned (the kernel "
				   "requires it)");
	p->seg[0].mem = 16 * MiB;
	p->seg[0].memsz = 0x1800;
	invalid(p, -EADDRNOTAVAIL, "kernel: 0x1000000+0x1800 is not page aligned (the kernel "
				   "requires it)");
	p->seg[0].memsz = 0;
	invalid(p, -EADDRNOTAVAIL, "kernel: empty or wrapping range at 0x1000000");
	p->seg[0].mem = 0xfffffffffffff000ULL;
	p->seg[0].memsz = 0x2000;
	invalid(p, -EADDRNOTAVAIL, "kernel: empty or wrapping range at 0xfffffffffffff000");
	kx_plan_free(p);
}

static void validate_bufsz(void **state)
{
	struct kx_plan *p = plan();

	put(p, 16 * MiB, 0x1000, 4097, "initrd");
	invalid(p, -EINVAL, "initrd: 4097 bytes do not fit its 4096-byte slot");
	kx_plan_free(p);
}

static void validate_outside_ram(void **state)
{
	struct kx_plan *p = plan();

	put(p, 0x9f000, 0x1000, 0x1000, "boot_params");        /* the hole */
	invalid(p, -EADDRNOTAVAIL, "boot_params: 0x9f000-0xa0000 is not inside usable RAM "
				   "(/proc/iomem)");
	p->seg[0].mem = 0x9e000;                               /* straddles */
	p->seg[0].memsz = 0x63000;
	invalid(p, -EADDRNOTAVAIL, "boot_params: 0x9e000-0x101000 is not inside usable RAM "
				   "(/proc/iomem)");
	p->seg[0].mem = GiB - 0x1000;                           /* past the top */
	p->seg[0].memsz = 0x2000;
	invalid(p, -EADDRNOTAVAIL, "boot_params: 0x3ffff000-0x40001000 is not inside usable RAM "
				   "(/proc/iomem)");
	p->seg[0].mem = 0;                                      /* page 0 */
	p->seg[0].memsz = 0x1000;
	invalid(p, -EADDRNOTAVAIL,
		"boot_params: 0x0-0x1000 is not inside usable RAM (/proc/iomem)");
	kx_plan_free(p);
}

static void validate_half_ram(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();

	/* Exactly half is accepted (the kernel's check is "more than"). */
	put(p, 16 * MiB, 512 * MiB, 0x1000, "initrd");
	assert_int_equal(kx_plan_validate(&ctx, p), 0);
	p->seg[0].memsz += 0x1000;
	invalid(p, -EINVAL, "initrd: 512.0 MiB is more than half of RAM (1024.0 MiB): the kernel "
			    "refuses it");
	/* A segment read from a file is named with it. */
	p->seg[0].source = "/boot/initrd.img";
	invalid(p, -EINVAL, "initrd /boot/initrd.img: 512.0 MiB is more than half of RAM "
			    "(1024.0 MiB): the kernel refuses it");
	p->seg[0].source = "generated";
	/* Without a MemTotal there is no such rule. */
	p->ram_total = 0;
	assert_int_equal(kx_plan_validate(&ctx, p), 0);
	kx_plan_free(p);
}

static void validate_half_ram_total(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();

	put(p, 16 * MiB, 256 * MiB, 0x1000, "kernel");
	put(p, 512 * MiB, 256 * MiB, 0x1000, "initrd");
	assert_int_equal(kx_plan_validate(&ctx, p), 0);
	put(p, 0x1000, 0x1000, 0x1000, "boot_params");
	invalid(p, -EINVAL, "plan: segments total 512.0 MiB, more than half of RAM (1024.0 MiB): "
			    "the kernel refuses it");
	kx_plan_free(p);
}

static void validate_mem_bounds(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();

	put(p, 16 * MiB, MiB, 0x1000, "kernel");
	p->mem_min = 16 * MiB;
	p->mem_max = 17 * MiB;
	assert_int_equal(kx_plan_validate(&ctx, p), 0);
	p->mem_min = 16 * MiB + 0x1000;
	invalid(p, -EADDRNOTAVAIL, "kernel: 0x1000000-0x1100000 is outside --mem-min/--mem-max");
	p->mem_min = 0;
	p->mem_max = 17 * MiB - 1;
	invalid(p, -EADDRNOTAVAIL, "kernel: 0x1000000-0x1100000 is outside --mem-min/--mem-max");
	kx_plan_free(p);
}

static void validate_too_many(void **state)
{
	struct kx_plan *p = plan();
	char msg[128];

	p->nseg = KX_SEGMENT_MAX + 1;
	snprintf(msg, sizeof(msg), "plan: %d segments, the kernel accepts at most %d",
		 KX_SEGMENT_MAX + 1, KX_SEGMENT_MAX);
	invalid(p, -E2BIG, msg);
	p->nseg = 0;
	kx_plan_free(p);
}

/* The first failure is the one reported: a later one does not replace it. */
static void first_failure_kept(void **state)
{
	struct kx_ctx ctx = { 0 };
	struct kx_plan *p = plan();
	struct kx_hole h = { .size = 2 * GiB };

	assert_int_equal(kx_add_segment(&ctx, p, blob, 1, &h, "first", "t", NULL), -ENOSPC);
	put(p, 0x9f000, 0x1000, 0x1000, "second");
	assert_int_equal(kx_plan_validate(&ctx, p), -EADDRNOTAVAIL);
	assert_int_equal(ctx.err, -ENOSPC);
	assert_non_null(strstr(ctx.msg, "first t: no free RAM"));
	kx_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hole_bottom_up_top_down),
		cmocka_unit_test(hole_alignment),
		cmocka_unit_test(hole_min_max),
		cmocka_unit_test(hole_plan_bounds),
		cmocka_unit_test(hole_skips_segments),
		cmocka_unit_test(hole_nospace),
		cmocka_unit_test(add_segment_places),
		cmocka_unit_test(add_segment_no_room),
		cmocka_unit_test(add_segment_too_many),
		cmocka_unit_test(validate_good),
		cmocka_unit_test(validate_overlap),
		cmocka_unit_test(validate_unaligned),
		cmocka_unit_test(validate_bufsz),
		cmocka_unit_test(validate_outside_ram),
		cmocka_unit_test(validate_half_ram),
		cmocka_unit_test(validate_half_ram_total),
		cmocka_unit_test(validate_mem_bounds),
		cmocka_unit_test(validate_too_many),
		cmocka_unit_test(first_failure_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
