/* SPDX-License-Identifier: MIT */
/*
 * crash.c - the crash kernel's /chosen properties: linux,elfcorehdr and
 * linux,usable-memory-range, (address, size) pairs in the root's cells
 * (drivers/of/kexec.c; Documentation/devicetree/bindings/chosen.txt).
 */
#include "dtb_int.h"

/* Encode one (address, size) pair; checks the range and the cells. */
static int put_range(unsigned char *p, int ac, int sc, uint64_t start, uint64_t size)
{
	int rc;

	if (!size || start + size < start)
		return -KX_DTB_ERR_ARG;
	if ((rc = kx_dtb_put_cells(p, ac, start)) || (rc = kx_dtb_put_cells(p + 4 * ac, sc, size)))
		return rc;
	return 0;
}

int kx_dtb_set_crash(void *fdt, uint64_t hdr, uint64_t hdr_size,
		     const struct kx_range *usable, unsigned n)
{
	unsigned char elf[16], mem[32];
	int rc, ac, sc, node, w;
	unsigned i;

	if (!usable || n < 1 || n > 2)
		return -KX_DTB_ERR_ARG;
	if ((rc = kx_dtb_root_cells(fdt, &ac, &sc)))
		return rc;
	w = 4 * (ac + sc);
	/* Encode everything first so a bad value changes nothing. */
	if ((rc = put_range(elf, ac, sc, hdr, hdr_size)))
		return rc;
	for (i = 0; i < n; i++) {
		if (usable[i].end <= usable[i].start)
			return -KX_DTB_ERR_ARG;
		rc = put_range(mem + i * w, ac, sc, usable[i].start,
			       usable[i].end - usable[i].start);
		if (rc)
			return rc;
	}
	if ((node = kx_dtb_chosen(fdt)) < 0)
		return node;
	if ((rc = fdt_setprop(fdt, node, "linux,elfcorehdr", elf, w)))
		return rc;
	/* The kernel also reserves the header, so that nothing early in the
	 * crash kernel reuses its pages before vmcore is set up. */
	if ((rc = kx_dtb_memrsv_add(fdt, hdr, hdr_size)))
		return rc;
	return fdt_setprop(fdt, node, "linux,usable-memory-range", mem, (int)(n * w));
}

int kx_dtb_del_crash(void *fdt)
{
	int rc = kx_dtb_chosen_del(fdt, "linux,elfcorehdr");

	return rc ? rc : kx_dtb_chosen_del(fdt, "linux,usable-memory-range");
}
