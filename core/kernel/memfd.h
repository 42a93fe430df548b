/* SPDX-License-Identifier: MIT */
/* memfd.h - bytes in memory as a sealed file (memfd.c). */
#ifndef KX_MEMFD_H
#define KX_MEMFD_H
#include <stddef.h>
#include "kexec.h"

/* A memfd named name holding len bytes of buf, sealed against any change
 * (write, shrink, grow, new seals).  The fd (close it), or -errno with
 * the failure recorded: "what: into a memfd: reason". */
int kx_memfd(struct kx_ctx *ctx, const char *name, const void *buf, size_t len,
	     const char *what);

#endif
