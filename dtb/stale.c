/* SPDX-License-Identifier: MIT */
/*
 * stale.c - what the previous kernel's handover left in /chosen that no
 * next kernel may inherit (drivers/of/kexec.c removes the same): the crash
 * kernel's properties (crash.c), KHO's, and IMA's measurement buffer with
 * its reservation.
 */
#include "dtb_int.h"

int kx_dtb_del_stale(void *fdt)
{
	static const char *const stale[] = { "linux,kho-fdt", "linux,kho-scratch" };
	const void *p;
	int rc, len, ac, sc;
	unsigned i;

	if ((rc = kx_dtb_del_crash(fdt)))
		return rc;
	for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		if ((rc = kx_dtb_chosen_del(fdt, stale[i])))
			return rc;
	/* The IMA measurement buffer belongs to the kernel that wrote it;
	 * kexec_load cannot hand ours over.  Free its reservation too. */
	p = kx_dtb_chosen_prop(fdt, "linux,ima-kexec-buffer", &len);
	if (p && !kx_dtb_root_cells(fdt, &ac, &sc) && len == 4 * (ac + sc)) {
		rc = kx_dtb_memrsv_del(fdt, kx_dtb_get_cells(p, ac),
				       kx_dtb_get_cells((const char *)p + 4 * ac, sc));
		if (rc && rc != -FDT_ERR_NOTFOUND)
			return rc;
	}
	return kx_dtb_chosen_del(fdt, "linux,ima-kexec-buffer");
}
