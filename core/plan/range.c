/* SPDX-License-Identifier: MIT */
/*
 * range.c - sets of physical address ranges [start, end), kept sorted and
 * disjoint: the algebra placement needs (RAM minus reservations).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static int grow(struct kx_ranges *rs)
{
	unsigned cap = rs->cap ? rs->cap * 2 : 16;
	struct kx_range *r;

	if (rs->n < rs->cap)
		return 0;
	r = realloc(rs->r, cap * sizeof(*r));
	if (!r)
		return -ENOMEM;
	rs->r = r;
	rs->cap = cap;
	return 0;
}

int kx_ranges_add(struct kx_ranges *rs, uint64_t start, uint64_t end)
{
	unsigned i, j;

	if (start >= end)
		return 0;
	/* First range that ends at or after start: it may merge with us. */
	for (i = 0; i < rs->n && rs->r[i].end < start; i++)
		;
	if (i < rs->n && rs->r[i].start <= end) {
		if (start < rs->r[i].start)
			rs->r[i].start = start;
		if (end > rs->r[i].end)
			rs->r[i].end = end;
		/* Swallow the ranges the grown one now reaches. */
		for (j = i + 1; j < rs->n && rs->r[j].start <= rs->r[i].end; j++)
			if (rs->r[j].end > rs->r[i].end)
				rs->r[i].end = rs->r[j].end;
		memmove(&rs->r[i + 1], &rs->r[j], (rs->n - j) * sizeof(*rs->r));
		rs->n -= j - i - 1;
		return 0;
	}
	if (grow(rs))
		return -ENOMEM;
	memmove(&rs->r[i + 1], &rs->r[i], (rs->n - i) * sizeof(*rs->r));
	rs->r[i].start = start;
	rs->r[i].end = end;
	rs->n++;
	return 0;
}

void kx_ranges_sub(struct kx_ranges *rs, uint64_t start, uint64_t end)
{
	unsigned i = 0;

	while (i < rs->n && start < end) {
		struct kx_range *r = &rs->r[i];

		if (r->end <= start || r->start >= end) {
			i++;
			continue;
		}
		if (r->start >= start && r->end <= end) {
			memmove(r, r + 1, (rs->n - i - 1) * sizeof(*r));
			rs->n--;
			continue;
		}
		if (r->start < start && r->end > end) {
			/* Split in two; on allocation failure keep the lower
			 * part only, which errs on the safe side. */
			uint64_t tail = r->end;

			r->end = start;
			if (grow(rs) == 0) {
				r = &rs->r[i];
				memmove(r + 2, r + 1, (rs->n - i - 1) * sizeof(*r));
				r[1].start = end;
				r[1].end = tail;
				rs->n++;
			}
			return;
		}
		if (r->start < start)
			r->end = start;
		else
			r->start = end;
		i++;
	}
}

uint64_t kx_ranges_total(const struct kx_ranges *rs)
{
	uint64_t t = 0;
	unsigned i;

	for (i = 0; i < rs->n; i++)
		t += rs->r[i].end - rs->r[i].start;
	return t;
}

void kx_ranges_free(struct kx_ranges *rs)
{
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}
