/* SPDX-License-Identifier: MIT */
/*
 * strerror.c - one name for every code of this layer.  libfdt's
 * fdt_strerror gives only the macro name ("FDT_ERR_BADSTRUCTURE"), which
 * tells a user little, so libfdt's codes get words here too (libfdt.h).
 */
#include <limits.h>
#include "dtb.h"

static const char *const names[] = {
	[0] = "no error",
	[FDT_ERR_NOTFOUND] = "no such node or property (FDT_ERR_NOTFOUND)",
	[FDT_ERR_EXISTS] = "node or property exists (FDT_ERR_EXISTS)",
	[FDT_ERR_NOSPACE] = "no room left in the tree's buffer (FDT_ERR_NOSPACE)",
	[FDT_ERR_BADOFFSET] = "bad structure offset (FDT_ERR_BADOFFSET)",
	[FDT_ERR_BADPATH] = "badly formed path (FDT_ERR_BADPATH)",
	[FDT_ERR_BADPHANDLE] = "bad phandle (FDT_ERR_BADPHANDLE)",
	[FDT_ERR_BADSTATE] = "incomplete tree (FDT_ERR_BADSTATE)",
	[FDT_ERR_TRUNCATED] = "truncated tree or block (FDT_ERR_TRUNCATED)",
	[FDT_ERR_BADMAGIC] = "not a device tree blob (FDT_ERR_BADMAGIC)",
	[FDT_ERR_BADVERSION] = "unsupported device tree version (FDT_ERR_BADVERSION)",
	[FDT_ERR_BADSTRUCTURE] = "corrupt structure block (FDT_ERR_BADSTRUCTURE)",
	[FDT_ERR_BADLAYOUT] = "blocks misaligned, misordered or overlapping (FDT_ERR_BADLAYOUT)",
	[FDT_ERR_INTERNAL] = "libfdt internal error (FDT_ERR_INTERNAL)",
	[FDT_ERR_BADNCELLS] = "#address-cells or #size-cells not 1 or 2 (FDT_ERR_BADNCELLS)",
	[FDT_ERR_BADVALUE] = "property with an unexpected value (FDT_ERR_BADVALUE)",
	[FDT_ERR_BADOVERLAY] = "bad overlay (FDT_ERR_BADOVERLAY)",
	[FDT_ERR_NOPHANDLES] = "no phandles left (FDT_ERR_NOPHANDLES)",
	[FDT_ERR_BADFLAGS] = "bad flags (FDT_ERR_BADFLAGS)",
	[FDT_ERR_ALIGNMENT] = "buffer not 8-byte aligned (FDT_ERR_ALIGNMENT)",
};

static const char *const ours[] = {
	[KX_DTB_ERR_TOOBIG - KX_DTB_ERR_TOOBIG] = "device tree larger than 64 MiB",
	[KX_DTB_ERR_CELLS - KX_DTB_ERR_TOOBIG] = "value does not fit #address-cells/#size-cells",
	[KX_DTB_ERR_ARG - KX_DTB_ERR_TOOBIG] = "argument out of range",
	[KX_DTB_ERR_DUPPROP - KX_DTB_ERR_TOOBIG] = "a property name appears twice in a node",
};

const char *kx_dtb_strerror(int err)
{
	if (err < 0)
		err = err == INT_MIN ? INT_MAX : -err;
	if (err < (int)(sizeof(names) / sizeof(names[0])) && names[err])
		return names[err];
	if (err >= KX_DTB_ERR_TOOBIG && err <= KX_DTB_ERR_DUPPROP)
		return ours[err - KX_DTB_ERR_TOOBIG];
	return "unknown device tree error";
}
