/* SPDX-License-Identifier: MIT */
/*
 * dtb.c - the device-tree gate and every fixup on a fuzzed tree: the tree
 * as it would come from --dtb (kx_dtb_from_mem: the gate), then, if it
 * passes, kx_dtb_fixup() as a normal and as a crash load (initrd, command
 * line, seeds, memory and reservations copied from the running tree, the
 * crash properties), the result checked by the gate again, and the diff
 * -d prints.  Also the fuzzed tree as the running one: its reservations
 * and memory read, and copied into the fixed tree.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "internal.h"
#include "dtb.h"

static void fixup(struct kx_ctx *ctx, const struct kx_dtb *in, const struct kx_dtb *sys,
		  unsigned f)
{
	struct kx_dtb_fixup fx = {
		.bootargs = f & 1 ? "console=ttyAMA0 kx.fuzz=1" : NULL,
		.del_bootargs = !!(f & 2),
		.initrd_start = f & 4 ? 0x4000000 : 0,
		.initrd_size = f & 4 ? 0x100000 : 0,
		.crash = !!(f & 8),
		.elfcorehdr = 0xbfff000,
		.elfcorehdr_size = 0x1000,
		.usable = { { 0x8000000, 0xc000000 }, { 0x20000000, 0x30000000 } },
		.nusable = f & 16 ? 2 : 1,
		.random = fz_random,
		.system = sys,
		.keep = f & 32 ? kx_dtb_copy_reserved : NULL,
	};
	struct kx_dtb out = { 0 };
	char why[128], diff[2048];

	if (kx_dtb_fixup(ctx, in, &fx, &out) == 0) {
		if (kx_dtb_check(out.fdt, out.size, why, sizeof(why)))
			abort(); /* the fixup's result must pass the gate */
		kx_dtb_diff(in->fdt, out.fdt, diff, sizeof(diff));
	}
	kx_dtb_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kx_ctx ctx;
	struct kx_sys sys;
	struct kx_record rec;
	struct kx_dtb in = { 0 }, board = { 0 };
	struct kx_ranges r = { 0 };
	uint64_t s, e;
	size_t n;
	const void *t = fz_tree(&n);

	if (size < 1)
		return 0;
	fz_ctx(&ctx, &sys, &rec);
	if (kx_dtb_from_mem(&ctx, "fuzz.dtb", data + 1, size - 1, &in) == 0 &&
	    kx_dtb_from_mem(&ctx, "board.dtb", t, n, &board) == 0) {
		/* The fuzzed tree as --dtb, the fixed one running... */
		fixup(&ctx, &in, &board, data[0]);
		/* ...and the other way round. */
		fixup(&ctx, &board, &in, data[0] ^ 0x20);
		kx_dtb_reserved_ranges(in.fdt, &r);
		kx_ranges_free(&r);
		kx_dtb_count_memory(in.fdt);
		kx_dtb_get_initrd(in.fdt, &s, &e);
		kx_dtb_memrsv_match_initrd(in.fdt, 0x4000000, 0x4100000);
	}
	kx_dtb_free(&in);
	kx_dtb_free(&board);
	return 0;
}
