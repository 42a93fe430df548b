/* SPDX-License-Identifier: MIT */
/*
 * chosen.c - /chosen for the next kernel, following drivers/of/kexec.c
 * (of_kexec_alloc_and_setup_fdt): stale handover properties out, initrd
 * and its reservation, bootargs, fresh kaslr-seed and rng-seed.
 */
#include <string.h>
#include "dtb_int.h"

int kx_dtb_chosen(void *fdt)
{
	int node = fdt_path_offset(fdt, "/chosen");

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(fdt, 0, "chosen");
	return node;
}

const void *kx_dtb_chosen_prop(const void *fdt, const char *name, int *len)
{
	int node = fdt_path_offset(fdt, "/chosen");

	if (node < 0) {
		*len = node;
		return NULL;
	}
	return fdt_getprop(fdt, node, name, len);
}

int kx_dtb_chosen_del(void *fdt, const char *name)
{
	int node = fdt_path_offset(fdt, "/chosen"), rc;

	if (node == -FDT_ERR_NOTFOUND)
		return 0;
	if (node < 0)
		return node;
	/* Every copy: kx_dtb_check refuses a name twice in a node, but a
	 * stale property must not outlive its deletion whatever the tree. */
	while (!(rc = fdt_delprop(fdt, node, name)))
		;
	return rc == -FDT_ERR_NOTFOUND ? 0 : rc;
}

int kx_dtb_set_bootargs(void *fdt, const char *bootargs)
{
	int node;

	if (!bootargs)
		return 0;
	node = kx_dtb_chosen(fdt);
	if (node < 0)
		return node;
	return fdt_setprop_string(fdt, node, "bootargs", bootargs);
}

int kx_dtb_del_bootargs(void *fdt)
{
	return kx_dtb_chosen_del(fdt, "bootargs");
}

static int read_addr(const void *p, int len, uint64_t *v)
{
	if (len != 4 && len != 8)
		return -FDT_ERR_BADVALUE;
	*v = kx_dtb_get_cells(p, len / 4);
	return 0;
}

int kx_dtb_get_initrd(const void *fdt, uint64_t *start, uint64_t *end)
{
	const void *s, *e;
	int slen, elen;

	s = kx_dtb_chosen_prop(fdt, "linux,initrd-start", &slen);
	if (!s)
		return slen;
	e = kx_dtb_chosen_prop(fdt, "linux,initrd-end", &elen);
	if (!e || read_addr(s, slen, start) || read_addr(e, elen, end) || *end < *start)
		return -FDT_ERR_BADVALUE;
	return 0;
}

int kx_dtb_set_initrd(void *fdt, uint64_t start, uint64_t size)
{
	unsigned char v[8];
	uint64_t os, oe;
	int rc, node, ac = 2, sc, i;

	/* Every check before the first change. */
	if (size) {
		if (start + size < start)
			return -KX_DTB_ERR_ARG;
		if ((rc = kx_dtb_root_cells(fdt, &ac, &sc)) ||
		    (rc = kx_dtb_put_cells(v, ac, start + size)))
			return rc;
	}
	rc = kx_dtb_get_initrd(fdt, &os, &oe);
	if (rc && rc != -FDT_ERR_NOTFOUND)
		return rc;
	/* The old initrd's pages are the running kernel's now; leaving them
	 * reserved would hide them from the next kernel for good. */
	if (!rc && (i = kx_dtb_memrsv_match_initrd(fdt, os, oe)) >= 0 &&
	    (rc = fdt_del_mem_rsv(fdt, i)))
		return rc;

	if (!size) {
		if ((rc = kx_dtb_chosen_del(fdt, "linux,initrd-start")))
			return rc;
		return kx_dtb_chosen_del(fdt, "linux,initrd-end");
	}
	if ((node = kx_dtb_chosen(fdt)) < 0)
		return node;
	kx_dtb_put_cells(v, ac, start);
	if ((rc = fdt_setprop(fdt, node, "linux,initrd-start", v, ac * 4)))
		return rc;
	kx_dtb_put_cells(v, ac, start + size);
	if ((rc = fdt_setprop(fdt, node, "linux,initrd-end", v, ac * 4)))
		return rc;
	return kx_dtb_memrsv_add(fdt, start, size);
}

int kx_dtb_set_seeds(void *fdt, const void *kaslr, const void *rng, size_t rnglen)
{
	int rc, node;

	/* Deleted first: an old seed is not random any more, and an old
	 * non-zero kaslr-seed is simply replaced (kexec-tools refuses it). */
	if (rnglen > KX_DTB_MAX)
		return -KX_DTB_ERR_ARG;
	if ((rc = kx_dtb_chosen_del(fdt, "kaslr-seed")) ||
	    (rc = kx_dtb_chosen_del(fdt, "rng-seed")))
		return rc;
	if (!kaslr && (!rng || !rnglen))
		return 0;
	if ((node = kx_dtb_chosen(fdt)) < 0)
		return node;
	if (kaslr && (rc = fdt_setprop(fdt, node, "kaslr-seed", kaslr, KX_DTB_KASLR_SEED_SIZE)))
		return rc;
	if (rng && rnglen && (rc = fdt_setprop(fdt, node, "rng-seed", rng, (int)rnglen)))
		return rc;
	return 0;
}
