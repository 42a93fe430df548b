/* SPDX-License-Identifier: MIT */
/*
 * dtb.h - the device-tree layer: pick and read the tree the next kernel
 * gets, check it before libfdt touches it, and apply the kexec fixups of
 * the kernel's drivers/of/kexec.c.  Documented the way libfdt.h is.
 */
#ifndef KX_DTB_H
#define KX_DTB_H

#include <stddef.h>
#include <stdint.h>
#include <libfdt.h>
#include "kexec.h"

/*
 * Two kinds of function live here.
 *
 * Pure, libfdt-style (no ctx): they work in a caller-owned buffer, never
 * allocate, never print, and return 0 (or a documented count/offset) or a
 * negative code: -FDT_ERR_* from libfdt, or -KX_DTB_ERR_* below.  Name any
 * code with kx_dtb_strerror().  Every function but the two checkers wants
 * a tree that passed kx_dtb_check() (or one this layer built), 8-byte
 * aligned.  Functions that add to a tree return -FDT_ERR_NOSPACE when the
 * buffer (fdt_totalsize, after fdt_open_into) is full; they may have made
 * part of their changes by then, so grow and redo from the original tree
 * (kx_dtb_fixup does).  Other refusals are found before any change.
 *
 * With a ctx (marked "ctx:"): they allocate, read files under ctx->root,
 * and on failure record one message ("dtb board.dtb: version 4 is older
 * than 16") with kx_fail() and return a negative errno.
 */

/* Our codes, above libfdt's (FDT_ERR_MAX is 19 in libfdt 1.6 and 1.7). */
#define KX_DTB_ERR_TOOBIG 64 /* tree larger than KX_DTB_MAX */
#define KX_DTB_ERR_CELLS  65 /* a value does not fit the tree's cells */
#define KX_DTB_ERR_ARG    66 /* an argument out of range (empty range...) */
#define KX_DTB_ERR_DUPPROP 67 /* a node has two properties of one name */

/* No real device tree comes near this; it keeps libfdt's int sizes safe. */
#define KX_DTB_MAX (64u << 20)
/* kaslr-seed is one u64; rng-seed length as the issue asks (the kernel's
 * kexec_file writes 128). */
#define KX_DTB_KASLR_SEED_SIZE 8
#define KX_DTB_RNG_SEED_SIZE 64

/* ---- strerror.c ---- */

/* Words for any code returned here (-FDT_ERR_* or -KX_DTB_ERR_*, either
 * sign).  Never NULL. */
const char *kx_dtb_strerror(int err);

/* ---- check.c: the gate for untrusted blobs ---- */

/*
 * kx_dtb_check_header - our own header checks, no libfdt involved
 * @blob: the bytes (any alignment)
 * @len: how many bytes there are
 * @why, @whylen: if why is not NULL, a reason is written there on failure
 *	("version 4 is older than 16")
 *
 * In order: len >= 40, magic, version >= 16, last_comp_version <= 17 and
 * <= version, totalsize <= len and <= KX_DTB_MAX, memory reservation map
 * (8-byte aligned, terminated inside totalsize), structure block (4-byte
 * aligned), strings block: each after the header, inside totalsize
 * (64-bit sums, so no offset can wrap) and not overlapping another.
 *
 * returns:
 *	0, the header and block layout are sane
 *	-FDT_ERR_TRUNCATED, len too short, totalsize > len, or a block ends
 *		beyond totalsize
 *	-FDT_ERR_BADMAGIC, not a flattened device tree
 *	-FDT_ERR_BADVERSION, version < 16, last_comp_version > 17 or > version
 *	-FDT_ERR_BADLAYOUT, a block misaligned, inside the header or
 *		overlapping another block
 *	-KX_DTB_ERR_TOOBIG, totalsize > KX_DTB_MAX
 */
int kx_dtb_check_header(const void *blob, size_t len, char *why, size_t whylen);

/*
 * kx_dtb_check - the whole gate: kx_dtb_check_header(), then the buffer
 * alignment, then fdt_check_full(), then every property name inside
 * size_dt_strings, then no name twice in a node.  Nothing in libfdt sees
 * the blob before our checks pass: libfdt 1.6.1 crashes inside
 * fdt_check_full() on some version-4 headers.  For version 16,
 * fdt_check_full() accepts names past size_dt_strings that
 * fdt_open_into() then drops.  A name twice in a node (the specification
 * forbids it; libfdt's sequential writer makes it) would let the second
 * copy of a property outlive its deletion.
 *
 * returns:
 *	0, the tree is safe to hand to libfdt (read and, after
 *		fdt_open_into, write)
 *	any code of kx_dtb_check_header()
 *	-FDT_ERR_ALIGNMENT, blob is not 8-byte aligned: copy it first
 *	-FDT_ERR_* from fdt_check_full() (BADSTRUCTURE, BADSTATE, ...)
 *	-FDT_ERR_BADSTRUCTURE, a property name outside the strings block
 *	-KX_DTB_ERR_DUPPROP, a node has two properties of the same name
 *		(why names the node and the property)
 */
int kx_dtb_check(const void *blob, size_t len, char *why, size_t whylen);

/* ---- cells.c and chosen.c: /chosen and the root's cells ---- */

/*
 * kx_dtb_root_cells - the root's #address-cells and #size-cells
 * Absent properties take the spec's defaults: 2 and 1.
 *
 * returns:
 *	0, *ac and *sc are 1 or 2
 *	-FDT_ERR_BADNCELLS, a value other than 1 or 2 (3 and 4 are legal DT
 *		but no kexec property of a 64-bit machine needs them)
 */
int kx_dtb_root_cells(const void *fdt, int *ac, int *sc);

/*
 * kx_dtb_chosen - offset of /chosen, created empty if absent
 *
 * returns:
 *	>= 0, the node offset
 *	-FDT_ERR_NOSPACE, no room to add the node
 *	-FDT_ERR_* from libfdt (BADSTRUCTURE...) on a broken tree
 */
int kx_dtb_chosen(void *fdt);

/*
 * kx_dtb_set_bootargs - set /chosen/bootargs
 * @bootargs: the command line; NULL keeps whatever the tree has (what
 *	kexec-tools does when no command line is given); "" writes an empty
 *	one.  To drop it, call kx_dtb_del_bootargs().
 *
 * returns:
 *	0, done (or nothing to do)
 *	-FDT_ERR_NOSPACE, no room
 */
int kx_dtb_set_bootargs(void *fdt, const char *bootargs);

/* kx_dtb_del_bootargs - delete /chosen/bootargs.  0 (also when there was
 * none or no /chosen), or a libfdt code on a broken tree. */
int kx_dtb_del_bootargs(void *fdt);

/*
 * kx_dtb_get_initrd - the initrd the tree announces
 * Each property may be 4 or 8 bytes (U-Boot and kexec-tools on arm write
 * 32 bits, the kernel 64).
 *
 * returns:
 *	0, [*start, *end) is the initrd
 *	-FDT_ERR_NOTFOUND, no linux,initrd-start (or no /chosen)
 *	-FDT_ERR_BADVALUE, start without end, a length other than 4 or 8,
 *		or end < start
 */
int kx_dtb_get_initrd(const void *fdt, uint64_t *start, uint64_t *end);

/*
 * kx_dtb_set_initrd - point /chosen at the next initrd (drivers/of/kexec.c)
 * @start, @size: the new initrd; size 0 means none: both properties are
 *	deleted and no reservation is added
 *
 * First drops the /memreserve/ entry of the old initrd, if the tree names
 * one (exact size, or its size rounded up to 4, 16 or 64 KiB, since
 * firmware may reserve whole pages).  Then writes linux,initrd-start and
 * linux,initrd-end (end = start + size) in the root's #address-cells and
 * reserves [start, start + size).
 *
 * returns:
 *	0, done
 *	-FDT_ERR_NOSPACE, no room
 *	-FDT_ERR_BADVALUE, the old initrd properties are malformed
 *	-FDT_ERR_BADNCELLS, see kx_dtb_root_cells()
 *	-KX_DTB_ERR_CELLS, start or end needs 64 bits but #address-cells is 1
 *	-KX_DTB_ERR_ARG, start + size wraps
 */
int kx_dtb_set_initrd(void *fdt, uint64_t start, uint64_t size);

/*
 * kx_dtb_del_stale (stale.c) - remove what the previous kernel's handover left that
 * must not reach the next one, as drivers/of/kexec.c does on every load:
 * linux,elfcorehdr, linux,usable-memory-range, linux,kho-fdt,
 * linux,kho-scratch, and linux,ima-kexec-buffer with its /memreserve/.
 *
 * returns:
 *	0, done (nothing to remove counts)
 *	-FDT_ERR_* from libfdt on a broken tree
 */
int kx_dtb_del_stale(void *fdt);

/*
 * kx_dtb_set_seeds - refresh /chosen/kaslr-seed and /chosen/rng-seed
 * @kaslr: KX_DTB_KASLR_SEED_SIZE random bytes, or NULL
 * @rng, @rnglen: random bytes for rng-seed, or NULL
 *
 * Old seeds are always deleted (a seed seen twice is not random, and an
 * old non-zero kaslr-seed is no error, unlike in kexec-tools); a new one
 * is written only when its bytes are given (no entropy yet: leave out).
 *
 * returns:
 *	0, done
 *	-FDT_ERR_NOSPACE, no room
 */
int kx_dtb_set_seeds(void *fdt, const void *kaslr, const void *rng, size_t rnglen);

/* ---- memreserve.c: the /memreserve/ map ---- */

/* kx_dtb_memrsv_find - index of the entry exactly [addr, addr + size),
 * or -FDT_ERR_NOTFOUND. */
int kx_dtb_memrsv_find(const void *fdt, uint64_t addr, uint64_t size);

/* kx_dtb_memrsv_add - reserve [addr, addr + size) unless that exact entry
 * exists.  0, -FDT_ERR_NOSPACE, or -KX_DTB_ERR_ARG (size 0, or wraps). */
int kx_dtb_memrsv_add(void *fdt, uint64_t addr, uint64_t size);

/* kx_dtb_memrsv_del - delete the entry exactly [addr, addr + size).
 * 0, or -FDT_ERR_NOTFOUND. */
int kx_dtb_memrsv_del(void *fdt, uint64_t addr, uint64_t size);

/* kx_dtb_memrsv_match_initrd - index of the entry reserving the initrd
 * [start, end): the exact size or that size rounded up to 4, 16 or 64 KiB
 * (the kernel's rule, for every arm64 page size).  -FDT_ERR_NOTFOUND. */
int kx_dtb_memrsv_match_initrd(const void *fdt, uint64_t start, uint64_t end);

/* ---- memory.c: /memory nodes ---- */

/* kx_dtb_count_memory - children of / with device_type "memory" and no
 * status other than "okay"/"ok": the nodes the kernel takes RAM from.
 * Returns the count (>= 0) or a libfdt code. */
int kx_dtb_count_memory(const void *fdt);

/*
 * kx_dtb_copy_memory - give a tree without memory nodes those of another
 * @fdt: the tree to complete (usually a user's --dtb)
 * @src: the running system's tree
 *
 * If fdt already has memory nodes, nothing is touched.  Otherwise each
 * memory node of src is copied with all its properties; reg and
 * linux,usable-memory are re-encoded from src's root cells into fdt's.
 *
 * returns:
 *	>= 0, the number of nodes copied (0: fdt had some, or src has none)
 *	-FDT_ERR_NOSPACE, no room
 *	-FDT_ERR_BADNCELLS, see kx_dtb_root_cells() (either tree)
 *	-FDT_ERR_BADVALUE, a reg in src is not a whole number of entries
 *	-KX_DTB_ERR_CELLS, a src address or size does not fit fdt's cells
 */
int kx_dtb_copy_memory(void *fdt, const void *src);

/* ---- reserved.c: /reserved-memory ---- */

/*
 * kx_dtb_copy_reserved - give a tree the running system's static
 * reservations it lacks
 * @fdt: the tree to complete (usually a user's --dtb)
 * @src: the running system's tree (where boot firmware added its own)
 *
 * Each enabled child of src's /reserved-memory that has a reg is copied,
 * with all its properties (no-map included), under fdt's /reserved-memory
 * (created with the root's cells and an empty ranges if absent), its reg
 * re-encoded from src's /reserved-memory cells into fdt's.  A node is left
 * out when fdt's /reserved-memory has a child of the same name, or when
 * any of its ranges meets a reservation fdt already makes (a reg there, or
 * a /memreserve/ entry): the tree speaks of that memory itself.  Dynamic
 * reservations (size, no reg) belong to the running kernel: never copied.
 *
 * returns:
 *	>= 0, the number of nodes copied
 *	-FDT_ERR_NOSPACE, no room
 *	-FDT_ERR_BADNCELLS, cells other than 1 or 2 (either tree)
 *	-FDT_ERR_BADVALUE, a reg in src is not a whole number of entries
 *	-KX_DTB_ERR_CELLS, a src address or size does not fit fdt's cells
 */
int kx_dtb_copy_reserved(void *fdt, const void *src);

/*
 * kx_dtb_reserved_ranges - the memory a tree's /reserved-memory keeps
 * from the kernel for good
 * @fdt: the tree
 * @out: ranges added to (start, end), the reg of each enabled child that
 *	is not reusable (a reusable one, CMA, is the kernel's to lend)
 *
 * returns:
 *	0, or no /reserved-memory
 *	-FDT_ERR_NOSPACE, out of memory for out
 *	-FDT_ERR_BADNCELLS, cells other than 1 or 2
 *	-FDT_ERR_BADVALUE, a reg that is not a whole number of entries
 */
int kx_dtb_reserved_ranges(const void *fdt, struct kx_ranges *out);

/* ---- crash.c: the crash kernel's /chosen properties ---- */

/*
 * kx_dtb_set_crash - tell a crash kernel where the ELF core header is and
 * which memory it may use (drivers/of/kexec.c, kexec-tools arm64)
 * @hdr, @hdr_size: the ELF core header; also reserved in /memreserve/
 * @usable, @n: 1 or 2 ranges, written in this order (the kernel writes
 *	crashkernel= first, then crashkernel=,low)
 *
 * Both properties are (address, size) pairs in the root's cells.
 *
 * returns:
 *	0, done
 *	-FDT_ERR_NOSPACE, no room
 *	-FDT_ERR_BADNCELLS, see kx_dtb_root_cells()
 *	-KX_DTB_ERR_CELLS, a value does not fit the cells
 *	-KX_DTB_ERR_ARG, n not 1 or 2, or an empty or wrapping range
 */
int kx_dtb_set_crash(void *fdt, uint64_t hdr, uint64_t hdr_size,
		     const struct kx_range *usable, unsigned n);

/* kx_dtb_del_crash - delete linux,elfcorehdr and linux,usable-memory-range.
 * 0 (also if absent), or a libfdt code on a broken tree. */
int kx_dtb_del_crash(void *fdt);

/* ---- diff.c: what changed, for --dry-run -d ---- */

/*
 * kx_dtb_diff - describe how after differs from before, one line each:
 *	chosen: (node added)
 *	chosen: bootargs: "old" -> "new"
 *	chosen: linux,initrd-start: (none) -> 0x48000000
 *	chosen: kaslr-seed: (8 bytes) -> (8 bytes)    (seeds never shown)
 *	memreserve: - 0x44000000+0x100000 (old initrd)
 *	memreserve: + 0x48000000+0x200000 (initrd)
 *	memory: + /memory@40000000 0x40000000+0x20000000
 * Only changes are listed; unchanged trees give "".
 *
 * returns:
 *	>= 0, the length of the whole text, like snprintf: if it is >= len
 *		the text was cut (buf is always NUL terminated when len > 0)
 *	-FDT_ERR_* from libfdt on a broken tree
 */
int kx_dtb_diff(const void *before, const void *after, char *buf, size_t len);

/* ---- with a ctx: reading, fixing up, reporting ---- */

enum kx_dtb_source {
	KX_DTB_SRC_FILE,     /* --dtb FILE */
	KX_DTB_SRC_FIRMWARE, /* /sys/firmware/fdt: the blob the kernel booted with */
	KX_DTB_SRC_PROC,     /* flattened from /proc/device-tree */
	KX_DTB_SRC_MEM,      /* handed over in memory (kx_dtb_from_mem) */
};

/* A checked tree owned by this layer. */
struct kx_dtb {
	void *fdt;            /* malloc'ed (8-byte aligned); passed kx_dtb_check */
	size_t size;          /* bytes allocated, >= fdt_totalsize(fdt) */
	char name[256];       /* for messages: the path as the user knows it */
	enum kx_dtb_source source;
	int memory_copied;    /* kx_dtb_fixup: memory nodes copied in */
	int kept;             /* kx_dtb_fixup: what f->keep copied in */
	int seeded;           /* kx_dtb_fixup: 1 fresh seeds written, 0 none */
};

/* ctx: check data (any alignment) and keep an aligned copy in d.
 * 0, -EINVAL (the gate's reason in the message), -EFBIG, -ENOMEM. */
int kx_dtb_from_mem(struct kx_ctx *ctx, const char *name, const void *data,
		    size_t len, struct kx_dtb *d);

/* ctx: read and check a --dtb file, sealed and checked against v's
 * manifest first unless v is NULL (kx_file_open_sealed).  0 or -errno
 * ("dtb FILE: ..."). */
int kx_dtb_read_file(struct kx_ctx *ctx, const char *path, struct kx_verify *v,
		     struct kx_dtb *d);

/*
 * ctx: flatten a /proc/device-tree style directory (ctx->root applies)
 * with libfdt's sequential-write API: a directory is a node, a regular
 * file a property holding the raw value.  Entries are sorted by name
 * (strcmp), properties before subnodes, so the output is reproducible.
 * The "name" property the kernel makes up for each node (node name up to
 * '@') is dropped: version 16+ trees carry none.
 * Returns 0, -ENOENT (no such directory), -EFBIG, -ENOMEM or -errno.
 */
int kx_dtb_flatten(struct kx_ctx *ctx, const char *dir, struct kx_dtb *d);

/*
 * ctx: the tree for the next kernel, in kexec-tools' order: dtb (--dtb)
 * if not NULL, else /sys/firmware/fdt, else /proc/device-tree flattened.
 * An unreadable (not missing) /sys/firmware/fdt falls through too, noted
 * under -d.  Returns 0, -ENOENT (none of them; the message names all
 * three), or the failing source's -errno.
 */
int kx_dtb_read(struct kx_ctx *ctx, const char *dtb, struct kx_dtb *d);

/* Free what d owns; d may be zeroed or already freed. */
void kx_dtb_free(struct kx_dtb *d);

/* What kx_dtb_fixup() should make of /chosen. */
struct kx_dtb_fixup {
	const char *bootargs;   /* NULL: keep the tree's (or see del_bootargs) */
	int del_bootargs;       /* with bootargs NULL: delete it instead */
	uint64_t initrd_start;  /* the next initrd... */
	uint64_t initrd_size;   /* ...or 0: none (properties deleted) */
	int crash;              /* a crash kernel: the three fields below */
	uint64_t elfcorehdr, elfcorehdr_size;
	struct kx_range usable[2];
	unsigned nusable;       /* 1 or 2 */
	/* Random bytes: 0, or -errno (-EAGAIN: no entropy yet).  NULL:
	 * getrandom(GRND_NONBLOCK).  Tests pass their own. */
	int (*random)(void *buf, size_t n);
	/* The running system's tree, to copy memory nodes from into a --dtb
	 * that has none.  NULL: kx_dtb_read(ctx, NULL, ...) when needed. */
	const struct kx_dtb *system;
	/* For a --dtb: copies from the running system's tree (sys) into fdt
	 * what boot firmware added to it and a board's .dtb lacks, like
	 * kx_dtb_copy_reserved (riscv64: OpenSBI's reservation); returns a
	 * count or a libfdt code.  NULL: nothing (the object is not linked). */
	int (*keep)(void *fdt, const void *sys);
};

/*
 * ctx: the next kernel's tree: a copy of in, grown as needed (bounded
 * retries on -FDT_ERR_NOSPACE) and packed, with, in drivers/of/kexec.c's
 * order: kx_dtb_del_stale(), kx_dtb_set_initrd(), kx_dtb_set_crash() (if
 * f->crash), bootargs, kx_dtb_set_seeds() with fresh bytes (no entropy:
 * left out, said under -d, never an error), and for a --dtb without memory
 * nodes kx_dtb_copy_memory() from the system's tree (out->memory_copied),
 * and f->keep from it (out->kept).
 * in is not changed, so kx_dtb_diff(in->fdt, out->fdt) shows the changes.
 * The result passes kx_dtb_check() (checked) and is packed: load
 * fdt_totalsize(out->fdt) bytes.
 * Returns 0 or -errno: -EINVAL (a malformed property, a value that does
 * not fit, a result that fails the gate), -ENOSPC (over KX_DTB_MAX),
 * -ENOMEM.
 */
int kx_dtb_fixup(struct kx_ctx *ctx, const struct kx_dtb *in,
		 const struct kx_dtb_fixup *f, struct kx_dtb *out);

/* ctx: kx_dtb_diff() handed line by line to kx_dbg (nothing if no -d). */
void kx_dtb_debug_diff(struct kx_ctx *ctx, const struct kx_dtb *before,
		       const struct kx_dtb *after);

/* ---- segment.c: the tree as a segment of a plan ---- */

/* What kx_dtb_add_segment() needs from the backend. */
struct kx_dtb_seg {
	uint64_t min;           /* lowest address the tree may go */
	uint64_t max_size;      /* the arch's limit on its size; 0: none */
	const char *max_why;    /* that rule, for the message ("booting.rst
				 * allows at most 2 MiB") */
	uint64_t initrd_start;  /* the initrd as placed... */
	uint64_t initrd_size;   /* ...or 0: none */
	uint64_t max;           /* address it must end below; 0: none (arm:
				 * the end of the next kernel's low memory) */
	int (*keep)(void *fdt, const void *sys); /* see struct kx_dtb_fixup */
	/* A crash kernel through kexec_load (p->core holds its core header):
	 * the reservation(s), the memory it may use; NULL: not one. */
	const struct kx_ranges *usable;
};

/*
 * ctx: the next kernel's tree appended to p as segment "dtb": read
 * (p->dtb_path, else the running system's; kx_dtb_read), fixed up
 * (kx_dtb_fixup: bootargs from p->cmdline when p->cmdline_given, else
 * the tree's stay; the initrd of s), shown under -d
 * (kx_dtb_debug_diff), refused past s->max_size, placed page aligned in
 * [s->min, s->max).  *addr: where it goes.  0, or -errno with the message set
 * (-E2BIG: over max_size; -ENOSPC: no room; those of the calls above).
 */
struct kx_plan;
int kx_dtb_add_segment(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_dtb_seg *s,
		       uint64_t *addr);
/* ctx: what every device-tree arch puts above its kernel, bottom up: the
 * plan's initrd, if any, page aligned in [s->min, s->max) (s->initrd_*
 * then say where), then the tree, above the initrd (kx_dtb_add_segment).
 * 0, or -errno with the message set. */
int kx_dtb_add_initrd_and_tree(struct kx_ctx *ctx, struct kx_plan *p, struct kx_dtb_seg *s,
			       uint64_t *addr);

#endif
