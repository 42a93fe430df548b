/* SPDX-License-Identifier: MIT */
/* load_file.h - the kexec_file_load path (load_file.c, or load_file_none.c). */
#ifndef KX_LOAD_FILE_H
#define KX_LOAD_FILE_H
#include "kexec.h"

extern const int kx_have_file_load; /* 0 when built without it */

/* Load p's files through ctx->sys->kexec_file_load.  0 or -errno. */
int kx_load_file(struct kx_ctx *ctx, struct kx_plan *p);
/* Unload through kexec_file_load.  0 or -errno (no message recorded). */
int kx_unload_file(struct kx_ctx *ctx, unsigned flags);

#endif
