/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what the libFuzzer targets share (fuzz.c).  Every target links
 * fuzz.c instead of core/kernel/sys.c: its kx_sys_kernel aborts (a
 * finding: something reached for the real syscalls), and a seccomp filter
 * set before the first input makes the kernel refuse them anyway.
 */
#ifndef KX_FUZZ_H
#define KX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include "kexec.h"

/* The fake /proc and /sys every target plans against, made once: 256 MiB
 * of RAM from 1 MiB with a crash reservation at 128-192 MiB, a CPU's crash
 * notes, VMCOREINFO, kallsyms, and the running system's tree
 * (sys/firmware/fdt, which only the device-tree arches read).  Also
 * boot/initrd (4 KiB), boot/board.dtb (that tree) and boot/bzImage under
 * it. */
const char *fz_root(void);
/* data written to root/rel (truncated first); its path, valid until the
 * next call. */
const char *fz_file(const char *rel, const uint8_t *data, size_t n);
/* A second fake root like fz_root(), whose /proc/iomem is iomem (n bytes)
 * and whose /sys/firmware/memmap holds an entry for each line of memmap
 * (m bytes) that reads "START END TYPE" (up to 8).  Returns it. */
const char *fz_system(const char *iomem, size_t n, const char *memmap, size_t m);
/* A ctx on fz_root() whose syscalls go to a recorder. */
void fz_ctx(struct kx_ctx *ctx, struct kx_sys *sys, struct kx_record *rec);
/* o planned on ctx and, when it plans, loaded into the recorder; aborts
 * (a finding) on a failure without a message; with KX_FUZZ_SAY set, prints
 * the message after "target: ". */
void fz_plan(struct kx_ctx *ctx, const struct kx_opts *o, const char *target);
/* The running tree fz_root() holds (compiled by dtc), and its size. */
const void *fz_tree(size_t *len);
/* Deterministic "random" bytes for the device-tree seeds. */
int fz_random(void *buf, size_t n);

#endif
