/* SPDX-License-Identifier: MIT */
/*
 * cells.c - #address-cells/#size-cells of the root and the big-endian
 * cell encoding of devicetree spec 2.3.5 (defaults 2 and 1 when absent).
 */
#include "dtb_int.h"

int kx_dtb_root_cells(const void *fdt, int *ac, int *sc)
{
	int a = fdt_address_cells(fdt, 0), s = fdt_size_cells(fdt, 0);

	/* 3 and 4 are legal (PCI); nothing handed to a kexec'd kernel
	 * needs more than 64 bits, and a half-read value is worse than an
	 * error. */
	if (a < 1 || a > 2 || s < 1 || s > 2)
		return -FDT_ERR_BADNCELLS;
	*ac = a;
	*sc = s;
	return 0;
}

int kx_dtb_put_cells(void *p, int cells, uint64_t v)
{
	unsigned char *b = p;
	int i;

	if (cells == 1 && v > UINT32_MAX)
		return -KX_DTB_ERR_CELLS;
	for (i = cells * 4 - 1; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)v;
	return 0;
}

uint64_t kx_dtb_get_cells(const void *p, int cells)
{
	const unsigned char *b = p;
	uint64_t v = 0;
	int i;

	for (i = 0; i < cells * 4; i++)
		v = v << 8 | b[i];
	return v;
}
