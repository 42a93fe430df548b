/* SPDX-License-Identifier: MIT */
/*
 * crash.h - the ELF core header a crash kernel loaded through kexec_load
 * needs: where the crashed kernel left its CPUs' registers and its
 * VMCOREINFO, and which of its memory to dump.  The crash kernel's
 * /proc/vmcore is this header with the memory it names.  The kernel
 * builds the same header for kexec_file_load (crash_prepare_elf64_headers
 * in kernel/kexec_file.c); for kexec_load it is ours to build, from what
 * the running kernel publishes:
 *
 *   /sys/devices/system/cpu/cpuN/crash_notes      "%llx": a present CPU's
 *   /sys/devices/system/cpu/cpuN/crash_notes_size  note buffer, "%zu" bytes
 *   /sys/kernel/vmcoreinfo                        "0x%llx %x": the note
 *   /proc/iomem                                   System RAM, "Crash kernel"
 *   /proc/kcore                                   the linear map and the
 *                                                 kernel text (program headers)
 *   /proc/kallsyms                                _text, _stext, _end, when
 *                                                 /proc/kcore is not there
 */
#ifndef KX_CRASH_H
#define KX_CRASH_H

#include <stdint.h>
#include "internal.h"

struct kx_crash_note {
	uint64_t addr, size;
};

/* What is known of the running kernel (kx_crash_read). */
struct kx_crash_src {
	struct kx_crash_note *cpu;  /* a note buffer per present CPU */
	unsigned ncpu;
	struct kx_crash_note vmcoreinfo;
	struct kx_ranges ram;       /* to dump: System RAM minus the reservation(s) */
	struct kx_ranges crash;     /* the "Crash kernel" ranges */
	int have_linear;            /* the linear map: vaddr = paddr + linear */
	uint64_t linear;
	uint64_t text_vaddr, text_paddr, text_size; /* text_size 0: unknown */
	const char *text_from;      /* the file that said where the text is */
};

/* What an architecture's dump tools expect. */
struct kx_crash_arch {
	uint16_t machine;   /* e_machine */
	uint8_t text;       /* a PT_LOAD for the kernel text (x86_64, arm64) */
	uint64_t keep_out;  /* RAM below this is not dumped: x86 gives the low
			       1 MiB to the crash kernel */
	uint8_t elf32;      /* a 32-bit kernel (arm): it reads ELF32 core headers
			       only, virtual addresses are 32-bit */
	/* System RAM that cannot be read, to leave out of the dump (riscv64:
	 * the firmware's); adds (start, end) ranges to out.  0 or -errno,
	 * recorded. */
	int (*unreadable)(struct kx_ctx *ctx, struct kx_ranges *out);
};

#define KX_CRASH_HDR_ALIGN 4096 /* the kernel's ELF_CORE_HEADER_ALIGN */

/* Read what the running kernel publishes into s (zeroed first).  The
 * kernel text is looked for only when a->text.  0, or -errno with the
 * file and the reason recorded (kx_fail: an input error). */
int kx_crash_read(struct kx_ctx *ctx, const struct kx_crash_arch *a, struct kx_crash_src *s);
void kx_crash_free(struct kx_crash_src *s);

/* The header for s: ELFCLASS64 or ELFCLASS32 (refused, with why, when an
 * address or size does not fit 32 bits).  *out is malloc'ed, *len a
 * multiple of KX_CRASH_HDR_ALIGN.  0, -EOVERFLOW or -ENOMEM. */
int kx_crash_elf(const struct kx_crash_src *s, const struct kx_crash_arch *a, int elfclass,
		 unsigned char **out, size_t *len, char *why, size_t whylen);

/* A crash load's core header, for an arch's load to call first: nothing
 * (0) unless p is a crash load that may go through kexec_load; else the
 * header read, built (in p->core_class, else the arch's) and placed top down in the
 * reservation as the segment "elfcorehdr", and 1, with p->core saying
 * where and s what was read (the arch's hand-over needs it; free it
 * with kx_crash_free()).  In the -a default a failure only rules out
 * kexec_load (0, the reason in p->load_refusal) when kexec_file_load
 * remains; otherwise -errno, recorded. */
int kx_crash_add(struct kx_ctx *ctx, struct kx_plan *p, struct kx_crash_src *s);

/* crash_hotplug.c: the room (bytes, a page multiple) the running kernel
 * asks for to rewrite the header (--hotplug).  0, or -errno recorded. */
int kx_crash_hotplug_room(struct kx_ctx *ctx, uint64_t *room);

#endif
