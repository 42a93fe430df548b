/* SPDX-License-Identifier: MIT */
/*
 * dtb_int.h - helpers shared inside dtb/ only: big-endian cells as the
 * devicetree spec encodes addresses and sizes (one or two u32 cells).
 */
#ifndef KX_DTB_INT_H
#define KX_DTB_INT_H

#include "dtb.h"

/* Store v in `cells` big-endian u32 cells at p (any alignment).
 * 0, or -KX_DTB_ERR_CELLS if v needs more bits than cells give. */
int kx_dtb_put_cells(void *p, int cells, uint64_t v);
/* Read `cells` (1 or 2) big-endian u32 cells at p (any alignment). */
uint64_t kx_dtb_get_cells(const void *p, int cells);

/* A property of /chosen, or NULL (len gets the libfdt code). */
const void *kx_dtb_chosen_prop(const void *fdt, const char *name, int *len);
/* Delete a property of /chosen; absent property or node is not an error. */
int kx_dtb_chosen_del(void *fdt, const char *name);

/* Set property name of node to val, a list of (address, size) entries in
 * from[0], from[1] cells, re-encoded in to[0], to[1] cells (reg, say, when
 * two trees' cells disagree).  0, -FDT_ERR_BADVALUE (not whole entries) or
 * -KX_DTB_ERR_CELLS; with fdt NULL, only checks. */
int kx_dtb_put_list(void *fdt, int node, const char *name, const void *val, int len,
		    const int from[2], const int to[2]);
/* Every property of src's snode onto fdt's node; those named in lists
 * (NULL terminated) re-encoded as kx_dtb_put_list does.  0 or -FDT_ERR_*. */
int kx_dtb_copy_props(void *fdt, int node, const void *src, int snode,
		      const char *const *lists, const int from[2], const int to[2]);

/* 1 if node (a child of /) is a memory node the kernel would use. */
int kx_dtb_is_memory(const void *fdt, int node);

/* kx_dtb_flatten, but a missing dir returns -ENOENT with nothing
 * recorded when missing_ok (the caller tries something else). */
struct kx_ctx;
int kx_dtb_flatten_dir(struct kx_ctx *ctx, const char *dir, struct kx_dtb *d, int missing_ok);

/* flatten.c: read fd to its end into *buf (grown by doubling, at most max bytes;
 * *cap is its size).  Returns the length, -EFBIG past max, or -errno. */
long kx_dtb_read_fd(int fd, unsigned char **buf, size_t *cap, size_t max);

#endif
