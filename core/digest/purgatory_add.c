/* SPDX-License-Identifier: MIT */
/*
 * purgatory_add.c - put a patched copy of an arch's purgatory blob into a
 * plan: check the build's facts (size, magic at the parameter block), set
 * entry and arguments, place it, make it the kexec_load entry.  The digest
 * of the other segments waits until kexec_load is chosen (kx_plan_on_seal).
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "digest.h"
#include "purgatory.h"

struct seal {
	struct kx_purg_params *pp;
	unsigned nseg; /* the segments before the purgatory's own */
	int skip;
};

static int digest_seal(struct kx_ctx *ctx, struct kx_plan *p, void *arg)
{
	struct seal *s = arg;

	return kx_digest_fill(ctx, p, s->nseg, s->pp, s->skip);
}

int kx_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_purgatory *b,
		     const struct kx_hole *h, uint64_t entry, uint64_t arg0, int skip_checks)
{
	struct kx_hole hh = *h;
	struct kx_purg_params *pp;
	struct seal *seal;
	unsigned char *buf;
	uint64_t addr;
	int rc;

	/* The header and the blob come from one build; a mismatch means a
	 * stale object, and patching at a wrong offset would boot garbage. */
	if ((size_t)(b->end - b->start) != b->size)
		return kx_fail_plan(ctx, -EINVAL,
			       "purgatory: embedded blob is %zu bytes, expected %zu (stale build: "
			       "rebuild)",
			       (size_t)(b->end - b->start), b->size);
	buf = kx_plan_alloc(p, b->size);
	seal = kx_plan_alloc(p, sizeof(*seal));
	if (!buf || !seal)
		return kx_fail_plan(ctx, -ENOMEM, "purgatory: out of memory");
	memcpy(buf, b->start, b->size);

	/* buf is page aligned and the build checked the offset is 8-byte
	 * aligned, so the block can be used in place. */
	pp = (struct kx_purg_params *)(buf + b->params_off);
	if (pp->magic != KX_PURG_MAGIC)
		return kx_fail_plan(ctx, -EINVAL,
			       "purgatory: no parameter block (magic) at offset 0x%zx of the blob "
			       "(stale build: rebuild)",
			       b->params_off);
	pp->entry = entry;
	pp->arg0 = arg0;
	pp->arg1 = 0;
	pp->console = p->console.base;
	pp->console_kind = p->console.kind;
	pp->console_shift = (uint16_t)p->console.shift;
	pp->console_div = (uint16_t)p->console.div;
	/* Until sealed, the blob says "skip": an unsealed plan never reaches
	 * kexec_load (load.c seals first), but fail safe all the same. */
	pp->skip_checks = 1;
	pp->nregions = 0;
	seal->pp = pp;
	seal->nseg = p->nseg;
	seal->skip = skip_checks;

	hh.size = b->memsz; /* up to _end: the stack is in .bss */
	rc = kx_add_segment(ctx, p, buf, b->size, &hh, "purgatory", "generated", &addr);
	if (rc)
		return rc;
	kx_plan_on_seal(p, digest_seal, seal);
	/* purgatory_start is the blob's first byte (each arch.mk checks). */
	p->entry = addr;
	return 0;
}
