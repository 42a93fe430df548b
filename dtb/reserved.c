/* SPDX-License-Identifier: MIT */
/*
 * reserved.c - /reserved-memory (devicetree spec 3.5): carry the running
 * system's static reservations into a user's tree that lacks them.  Boot
 * firmware adds its own node at boot (OpenSBI: mmode_resv0@80000000, PMP
 * protected; Documentation/arch/riscv/boot.rst: the kernel must not use
 * it), and a board's .dtb as the kernel package ships it has none: a
 * kernel booted with that tree would hand the firmware's memory out.
 */
#include <string.h>
#include "internal.h"
#include "dtb_int.h"

/* The #address-cells, #size-cells a /reserved-memory node gives its
 * children's reg (libfdt's defaults, 2 and 1, when absent). */
static int node_cells(const void *fdt, int node, int c[2])
{
	c[0] = fdt_address_cells(fdt, node);
	c[1] = fdt_size_cells(fdt, node);
	return c[0] < 1 || c[0] > 2 || c[1] < 1 || c[1] > 2 ? -FDT_ERR_BADNCELLS : 0;
}

static int is_okay(const void *fdt, int node)
{
	int len;
	const char *st = fdt_getprop(fdt, node, "status", &len);

	return !st || (len == sizeof("okay") && !memcmp(st, "okay", len)) ||
	       (len == sizeof("ok") && !memcmp(st, "ok", len));
}

/* Does [s, e) meet a reservation fdt makes already: a /memreserve/
 * entry, or the reg of a child of its /reserved-memory (rm, or < 0)? */
static int reserved_in(const void *fdt, int rm, uint64_t s, uint64_t e)
{
	uint64_t a, n;
	int i, node, len, c[2], w;
	const unsigned char *r;

	for (i = 0; i < fdt_num_mem_rsv(fdt); i++)
		if (!fdt_get_mem_rsv(fdt, i, &a, &n) && n && a < e && s < a + n)
			return 1;
	if (rm < 0 || node_cells(fdt, rm, c))
		return 0;
	w = 4 * (c[0] + c[1]);
	fdt_for_each_subnode(node, fdt, rm) {
		r = fdt_getprop(fdt, node, "reg", &len);
		for (i = 0; r && i + w <= len; i += w) {
			a = kx_dtb_get_cells(r + i, c[0]);
			n = kx_dtb_get_cells(r + i + 4 * c[0], c[1]);
			if (n && a < e && s < a + n)
				return 1;
		}
	}
	return 0;
}

/* /reserved-memory in fdt, created (root cells, empty ranges) if absent. */
static int reserved_node(void *fdt)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory"), rc, ac, sc;
	fdt32_t v;

	if (rm != -FDT_ERR_NOTFOUND)
		return rm;
	if ((rc = kx_dtb_root_cells(fdt, &ac, &sc)))
		return rc;
	if ((rm = fdt_add_subnode(fdt, 0, "reserved-memory")) < 0)
		return rm;
	v = cpu_to_fdt32(ac);
	if ((rc = fdt_setprop(fdt, rm, "#address-cells", &v, sizeof(v))))
		return rc;
	v = cpu_to_fdt32(sc);
	if ((rc = fdt_setprop(fdt, rm, "#size-cells", &v, sizeof(v))) ||
	    (rc = fdt_setprop(fdt, rm, "ranges", NULL, 0)))
		return rc;
	return rm;
}

static const char *const reg_only[] = { "reg", NULL };

/* Copy src's node snode (a reservation) under fdt's /reserved-memory;
 * reg re-encoded from the cells of src's parent to those of fdt's. */
static int copy_node(void *fdt, const void *src, int snode, const int from[2])
{
	const char *name = fdt_get_name(src, snode, NULL);
	int rm, node, to[2], rc;

	if (!name)
		return -FDT_ERR_BADSTRUCTURE;
	if ((rm = reserved_node(fdt)) < 0)
		return rm;
	if ((rc = node_cells(fdt, rm, to)))
		return rc;
	if ((node = fdt_add_subnode(fdt, rm, name)) < 0)
		return node;
	return kx_dtb_copy_props(fdt, node, src, snode, reg_only, from, to);
}

int kx_dtb_copy_reserved(void *fdt, const void *src)
{
	int srm, rm, snode, len, from[2], i, w, n = 0, rc, meets;
	const unsigned char *r;
	const char *name;

	srm = fdt_path_offset(src, "/reserved-memory");
	if (srm < 0)
		return srm == -FDT_ERR_NOTFOUND ? 0 : srm;
	if ((rc = node_cells(src, srm, from)))
		return rc;
	w = 4 * (from[0] + from[1]);
	fdt_for_each_subnode(snode, src, srm) {
		/* Static regions only: a dynamic one (size, no reg) is the
		 * running kernel's own allocation, not the firmware's. */
		r = fdt_getprop(src, snode, "reg", &len);
		if (!r || !is_okay(src, snode))
			continue;
		if (len % w || !len)
			return -FDT_ERR_BADVALUE;
		name = fdt_get_name(src, snode, NULL);
		rm = fdt_path_offset(fdt, "/reserved-memory");
		if (rm < 0 && rm != -FDT_ERR_NOTFOUND)
			return rm;
		/* The user's tree already speaks of this node or this memory. */
		if (rm >= 0 && name && fdt_subnode_offset(fdt, rm, name) >= 0)
			continue;
		for (i = 0, meets = 0; i < len && !meets; i += w) {
			uint64_t a = kx_dtb_get_cells(r + i, from[0]);

			meets = reserved_in(fdt, rm, a,
					    a + kx_dtb_get_cells(r + i + 4 * from[0], from[1]));
		}
		if (meets)
			continue;
		if ((rc = copy_node(fdt, src, snode, from)))
			return rc;
		n++;
	}
	return snode == -FDT_ERR_NOTFOUND ? n : snode;
}

int kx_dtb_reserved_ranges(const void *fdt, struct kx_ranges *out)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory"), node, len, c[2], i, w, rc;
	const unsigned char *r;

	if (rm < 0)
		return rm == -FDT_ERR_NOTFOUND ? 0 : rm;
	if ((rc = node_cells(fdt, rm, c)))
		return rc;
	w = 4 * (c[0] + c[1]);
	fdt_for_each_subnode(node, fdt, rm) {
		r = fdt_getprop(fdt, node, "reg", &len);
		if (!r || !is_okay(fdt, node) || fdt_getprop(fdt, node, "reusable", NULL))
			continue;
		if (len % w)
			return -FDT_ERR_BADVALUE;
		for (i = 0; i < len; i += w) {
			uint64_t a = kx_dtb_get_cells(r + i, c[0]);

			if (kx_ranges_add(out, a, a + kx_dtb_get_cells(r + i + 4 * c[0], c[1])))
				return -FDT_ERR_NOSPACE;
		}
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : node;
}
