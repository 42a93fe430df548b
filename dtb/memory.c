/* SPDX-License-Identifier: MIT */
/*
 * memory.c - /memory nodes (devicetree spec 3.4): count the ones the
 * kernel reads RAM from, and copy the running system's into a user tree
 * that has none (kexec-tools does not; see linuxboot/book#172).
 */
#include <string.h>
#include "dtb_int.h"

/* What early_init_dt_scan_memory takes: a child of / with device_type
 * "memory" that is not disabled. */
int kx_dtb_is_memory(const void *fdt, int node)
{
	const char *t, *st;
	int len, slen;

	t = fdt_getprop(fdt, node, "device_type", &len);
	if (!t || len != sizeof("memory") || memcmp(t, "memory", len))
		return 0;
	st = fdt_getprop(fdt, node, "status", &slen);
	return !st || (slen == sizeof("okay") && !memcmp(st, "okay", slen)) ||
	       (slen == sizeof("ok") && !memcmp(st, "ok", slen));
}

int kx_dtb_count_memory(const void *fdt)
{
	int node, n = 0;

	fdt_for_each_subnode(node, fdt, 0)
		n += kx_dtb_is_memory(fdt, node);
	if (node != -FDT_ERR_NOTFOUND)
		return node;
	return n;
}

static const char *const memory_lists[] = { "reg", "linux,usable-memory", NULL };

static int is_list(const char *name, const char *const *lists)
{
	for (; *lists; lists++)
		if (!strcmp(name, *lists))
			return 1;
	return 0;
}

int kx_dtb_copy_props(void *fdt, int node, const void *src, int snode,
		      const char *const *lists, const int from[2], const int to[2])
{
	const char *pname;
	const void *val;
	int prop, len, rc;

	fdt_for_each_property_offset(prop, src, snode) {
		val = fdt_getprop_by_offset(src, prop, &pname, &len);
		if (!val)
			return len;
		if (is_list(pname, lists))
			rc = kx_dtb_put_list(fdt, node, pname, val, len, from, to);
		else
			rc = fdt_setprop(fdt, node, pname, val, len);
		if (rc)
			return rc;
	}
	return prop == -FDT_ERR_NOTFOUND ? 0 : prop;
}

int kx_dtb_put_list(void *fdt, int node, const char *name, const void *val, int len,
		    const int from[2], const int to[2])
{
	int w = 4 * (from[0] + from[1]), i, rc = 0;
	const unsigned char *p = val;
	unsigned char e[16];

	if (len % w)
		return -FDT_ERR_BADVALUE;
	if (fdt && (rc = fdt_setprop(fdt, node, name, NULL, 0)))
		return rc;
	/* Entry by entry in the tree itself: nothing to allocate. */
	for (i = 0; i < len / w && !rc; i++, p += w) {
		if ((rc = kx_dtb_put_cells(e, to[0], kx_dtb_get_cells(p, from[0]))) ||
		    (rc = kx_dtb_put_cells(e + 4 * to[0], to[1],
					   kx_dtb_get_cells(p + 4 * from[0], from[1]))))
			break;
		if (fdt)
			rc = fdt_appendprop(fdt, node, name, e, 4 * (to[0] + to[1]));
	}
	return rc;
}

/* Every list of every memory node of src fits fdt's cells. */
static int check_all(const void *src, const int from[2], const int to[2])
{
	int node, prop, len, rc;
	const char *pname;
	const void *val;

	fdt_for_each_subnode(node, src, 0) {
		if (!kx_dtb_is_memory(src, node))
			continue;
		fdt_for_each_property_offset(prop, src, node) {
			if (!(val = fdt_getprop_by_offset(src, prop, &pname, &len)))
				return len;
			if (is_list(pname, memory_lists) &&
			    (rc = kx_dtb_put_list(NULL, 0, pname, val, len, from, to)))
				return rc;
		}
		if (prop != -FDT_ERR_NOTFOUND)
			return prop;
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : node;
}

static int copy_node(void *fdt, const void *src, int snode, const int from[2], const int to[2])
{
	const char *name = fdt_get_name(src, snode, NULL);
	int node;

	if (!name)
		return -FDT_ERR_BADSTRUCTURE;
	node = fdt_add_subnode(fdt, 0, name);
	/* A same-named node that is not memory (no device_type, disabled)
	 * is completed in place rather than duplicated. */
	if (node == -FDT_ERR_EXISTS)
		node = fdt_subnode_offset(fdt, 0, name);
	if (node < 0)
		return node;
	return kx_dtb_copy_props(fdt, node, src, snode, memory_lists, from, to);
}

/* The k-th memory node of src, counting from 0. */
static int nth_memory(const void *src, int k)
{
	int node;

	fdt_for_each_subnode(node, src, 0)
		if (kx_dtb_is_memory(src, node) && k-- == 0)
			return node;
	return node;
}

int kx_dtb_copy_memory(void *fdt, const void *src)
{
	int from[2], to[2], node, rc, n, k;

	n = kx_dtb_count_memory(fdt);
	if (n)
		return n < 0 ? n : 0;
	n = kx_dtb_count_memory(src);
	if (n <= 0)
		return n;
	if ((rc = kx_dtb_root_cells(src, &from[0], &from[1])) ||
	    (rc = kx_dtb_root_cells(fdt, &to[0], &to[1])) ||
	    (rc = check_all(src, from, to)))
		return rc;
	/* fdt_add_subnode puts a node first among its siblings: add in
	 * reverse to keep src's order. */
	for (k = n - 1; k >= 0; k--) {
		if ((node = nth_memory(src, k)) < 0)
			return node;
		if ((rc = copy_node(fdt, src, node, from, to)))
			return rc;
	}
	return n;
}
