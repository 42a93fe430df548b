/* SPDX-License-Identifier: MIT */
/* explain.h - errno to words for the kexec syscalls (explain.c). */
#ifndef KX_EXPLAIN_H
#define KX_EXPLAIN_H
#include <stddef.h>
#include "kexec.h"

/* panic: the call was for the crash image (it has a load limit of its own). */
void kx_explain_eperm(struct kx_ctx *ctx, char *buf, size_t len, const char *sys, int panic);

/* Record a syscall failure in ctx (stage KERNEL) with the explanation. */
int kx_fail_sys(struct kx_ctx *ctx, int err, const char *sys, const char *what, int panic);

#endif
