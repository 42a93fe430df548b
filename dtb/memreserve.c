/* SPDX-License-Identifier: MIT */
/*
 * memreserve.c - the /memreserve/ map (devicetree spec 5.3): find, add
 * and drop entries, and the kernel's rule for matching an old initrd's
 * reservation (drivers/of/kexec.c: exact size or whole pages).
 */
#include "dtb_int.h"

int kx_dtb_memrsv_find(const void *fdt, uint64_t addr, uint64_t size)
{
	int i, n = fdt_num_mem_rsv(fdt);
	uint64_t a, s;

	for (i = 0; i < n; i++)
		if (!fdt_get_mem_rsv(fdt, i, &a, &s) && a == addr && s == size)
			return i;
	return n < 0 ? n : -FDT_ERR_NOTFOUND;
}

int kx_dtb_memrsv_add(void *fdt, uint64_t addr, uint64_t size)
{
	if (!size || addr + size < addr)
		return -KX_DTB_ERR_ARG;
	/* Reloading the same initrd must not stack up duplicates. */
	if (kx_dtb_memrsv_find(fdt, addr, size) >= 0)
		return 0;
	return fdt_add_mem_rsv(fdt, addr, size);
}

int kx_dtb_memrsv_del(void *fdt, uint64_t addr, uint64_t size)
{
	int i = kx_dtb_memrsv_find(fdt, addr, size);

	return i < 0 ? i : fdt_del_mem_rsv(fdt, i);
}

int kx_dtb_memrsv_match_initrd(const void *fdt, uint64_t start, uint64_t end)
{
	/* kexec reserves the exact size; firmware may round up to its page
	 * size, which on arm64 is one of these. */
	static const uint64_t pages[] = { 1, 4096, 16384, 65536 };
	uint64_t size = end - start, r;
	unsigned i;
	int rc;

	if (end <= start)
		return -FDT_ERR_NOTFOUND;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		r = (size + pages[i] - 1) & ~(pages[i] - 1);
		if (r < size || (i && r == size))
			continue; /* wrapped, or already tried */
		rc = kx_dtb_memrsv_find(fdt, start, r);
		if (rc != -FDT_ERR_NOTFOUND)
			return rc;
	}
	return -FDT_ERR_NOTFOUND;
}
