/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the core and the arch backends share, and the table
 * of operations an architecture backend provides (struct kx_arch).
 */
#ifndef KX_INTERNAL_H
#define KX_INTERNAL_H

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include "kexec.h"

#define KX_PAGE 4096ULL
#ifndef KEXEC_ON_CRASH /* sys.c has the uapi header too */
#define KEXEC_ON_CRASH 0x1 /* kexec_load flag (uapi linux/kexec.h) */
#endif
#ifndef KEXEC_UPDATE_ELFCOREHDR
#define KEXEC_UPDATE_ELFCOREHDR 0x4 /* the kernel may rewrite the core header (6.6) */
#endif
#ifndef KEXEC_CRASH_HOTPLUG_SUPPORT
#define KEXEC_CRASH_HOTPLUG_SUPPORT 0x8 /* the same, for any segment it needs (6.10) */
#endif
#define KX_ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define KX_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* err.c: the one way to report.  Each records the first failure ("what:
 * reason") with its category, the exit status's documented meaning, and
 * returns err (a negative errno), so callers write
 * `return kx_fail(ctx, -EINVAL, "%s: bad magic", path);`.
 * kx_fail: a bad input (a file, or a /proc, /sys resource);
 * kx_fail_plan: fine inputs, but the plan cannot be carried out here;
 * kx_fail_kernel: the kernel refused, or its state forbids it (explain.h's
 * kx_fail_sys words a syscall's errno). */
int kx_fail(struct kx_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kx_fail_plan(struct kx_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kx_fail_kernel(struct kx_ctx *ctx, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kx_dbg(struct kx_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The failure recorded is one the caller recovered from: forget it, so
 * that a later one is the cause again. */
void kx_fail_forget(struct kx_ctx *ctx);
/* A format probe's refusal: the reason into why, and -ENOEXEC. */
int kx_no(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* fmt.c: printf's subset that the code uses (conversions listed there);
 * the libc printf family stays out of the static binary.  kx_tenths:
 * printf's "%.1f" of v / 2^shift (shift 1..59), for sizes in KiB or MiB. */
int kx_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int kx_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int kx_fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *kx_tenths(char buf[24], uint64_t v, unsigned shift);

/* strerror.c: strerror for the errnos a load meets, in glibc's words;
 * another is "errno N" (in a static buffer: one thread). */
const char *kx_strerror(int err);

/* err.c: "4.0 KiB", "63.6 MiB": sizes in messages and reports. */
const char *kx_size(char buf[16], uint64_t bytes);

/* random.c: n random bytes, or -EAGAIN if the pool is not ready yet. */
int kx_random(void *buf, size_t n);

/* text.c: numbers as /proc and /sys print them.  The parse functions
 * return the character after the number, or NULL if there is none. */
const char *kx_parse_hex(const char *p, uint64_t *v);  /* "0x1f" or "1f" */
/* n bytes from exactly 2n hex digits, the whole of s.  0, or -1. */
int kx_parse_bytes(const char *s, unsigned char *out, size_t n);
/* What follows path's last '/' (path itself if none). */
const char *kx_base_name(const char *path);
const char *kx_parse_dec(const char *p, uint64_t *v);
/* strstr for the short texts of /proc and /sys: musl's costs 0.9 KiB. */
const char *kx_find(const char *s, const char *word);
/* "  START-END : NAME": returns NAME, depth = indent / 2. */
const char *kx_parse_iomem(const char *line, uint64_t *start, uint64_t *end, int *depth);
/* The decimal after "Key:" at a line start ("MemTotal:").  0, -ENOENT. */
int kx_parse_key(const char *text, const char *key, uint64_t *v);

/* root.c: every /proc and /sys path goes through here (ctx->root). */
const char *kx_path(struct kx_ctx *ctx, const char *path, char *buf, size_t len);
/* Open a regular file for reading (O_CLOEXEC), never waiting: a FIFO,
 * socket or device is -EINVAL, a directory -EISDIR.  fd or -errno. */
int kx_open_regular(const char *path);
/* The reason for kx_open_regular's (and kx_read_text's) -errno. */
const char *kx_not_regular(int err);
/* Read a small text file whole (NUL terminated, at most len-1 bytes);
 * regular files only (kx_open_regular).  Returns bytes read or -errno;
 * records nothing (callers decide). */
long kx_read_text(struct kx_ctx *ctx, const char *path, char *buf, size_t len);

/* file.c: a read-only input file, mmap'ed.
 * Another process may truncate or rewrite a file while it is mapped
 * here: reading a page past its new end would raise SIGBUS.  While any
 * input is mapped, file.c's SIGBUS handler turns such a fault into zero
 * pages and marks the file; kx_file_check then fails the load, naming
 * the file.  The struct must stay where kx_file_open put it until
 * kx_file_close (the handler finds it through a list). */
struct kx_file {
	const char *what;          /* "kernel", "initrd", "dtb" */
	const char *path;
	int fd;
	const unsigned char *data; /* the bytes to use: the mapping, or the
				      decompressed kernel (plan memory) */
	size_t size;
	void *map;                 /* the mapping */
	size_t map_size;
	int inflated;              /* data is the decompressed gzip content */
	size_t file_size;          /* size on disk when opened */
	struct timespec mtime;     /* modification time when opened */
	volatile sig_atomic_t faulted; /* a read of the mapping raised SIGBUS */
	struct kx_file *next_mapped;
};
/* Open and map path.  The message names `what` ("kernel", "initrd") and
 * the path. */
int kx_file_open(struct kx_ctx *ctx, struct kx_file *f, const char *what, const char *path);
/* The same, then with v (NULL: as kx_file_open) copied into a sealed
 * memfd, mapped in the file's place, and checked against v's manifest. */
int kx_file_open_sealed(struct kx_ctx *ctx, struct kx_file *f, const char *what,
			const char *path, struct kx_verify *v);
/* f mapped from fd (a sealed copy of it) instead, fd f's from now on.
 * 0, or -errno recorded (f then as it was, fd the caller's to close). */
int kx_file_remap(struct kx_ctx *ctx, struct kx_file *f, int fd);
void kx_file_close(struct kx_file *f);
/* The file is as it was when opened: same size, same modification time,
 * and every read of its mapping succeeded.  0, or -ESTALE (-EIO for a
 * failed read) with the message naming the file.  A closed file is 0. */
int kx_file_check(struct kx_ctx *ctx, const struct kx_file *f);

/* file.c: the gzip magic (RFC 1952: ID1 ID2 CM=deflate). */
int kx_is_gzip(const unsigned char *p, size_t n);
/* pe.c: the PE/COFF header of an EFI stub (arm64, riscv64 Image): 0 if
 * there is none or every section lies inside the len bytes, else
 * -ENOEXEC with why set ("truncated: ..."). */
int kx_pe_check(const unsigned char *d, size_t len, char *why, size_t whylen);
/* image_hdr.c: the header arm64 and riscv64 Images share, with each
 * arch's magic and words (its kx_image_rules).  0, or -ENOEXEC with the
 * reason in why; on success why holds the header's description. */
struct kx_format;
struct kx_crash_arch;
struct kx_image_hdr {
	uint64_t text_offset;
	uint64_t image_size;  /* bytes the kernel occupies from its load address, .bss included */
	uint64_t flags;
	uint64_t whole;       /* the most bytes the file can have: image_size, or
				 further where its PE headers say (a signature) */
};
struct kx_image_rules {
	const char *arch;          /* "arm64": names the header in messages */
	uint64_t text_offset_max;  /* from here on: implausible */
	const char *no_image_size; /* the arch's words for image_size 0 */
	/* The arch's magic in the 64 bytes at d: 0, or kx_no() why not. */
	int (*magic)(const unsigned char *d, char *why, size_t whylen);
	/* A good header in words, into why. */
	void (*describe)(const unsigned char *d, const struct kx_image_hdr *h, char *why,
			 size_t whylen);
};
/* The header alone (the first bytes of a file, or of its decompression). */
int kx_image_head(const struct kx_image_rules *r, const unsigned char *d, size_t len,
		  struct kx_image_hdr *h, char *why, size_t whylen);
/* The whole file: the header, and an EFI stub's PE sections inside it
 * (the header cannot tell a truncated file: image_size counts .bss). */
int kx_image_parse(const struct kx_image_rules *r, const unsigned char *d, size_t len,
		   struct kx_image_hdr *h, char *why, size_t whylen);
/* struct kx_format's probe and head for a format with .image set. */
int kx_image_probe(const struct kx_format *f, const unsigned char *d, size_t len,
		   char *why, size_t whylen);
int kx_image_declared(const struct kx_format *f, const unsigned char *d, size_t len,
		      uint64_t *whole, char *why, size_t whylen);
/* The bytes of a len-byte Image file to load: at most image_size. */
size_t kx_image_bufsz(struct kx_ctx *ctx, const struct kx_image_hdr *h, size_t len,
		      const char *path);
/* pe.c: the size of the whole PE file as its headers declare it (the end
 * of the last section's data or of the certificate table a signature
 * appends, whichever is later), 0 if d has no PE header or it is not
 * inside the len bytes. */
uint64_t kx_pe_end(const unsigned char *d, size_t len);
/* pe.c: the sections of the PE file d (len bytes), at most max into s:
 * their count, or -ENOEXEC with why set (no PE header, more than max, a
 * section's data not inside the file, two sections' data overlapping). */
struct kx_pe_sec {
	char name[9];        /* NUL terminated */
	uint64_t off, size;  /* its data in the file (VirtualSize bytes) */
};
int kx_pe_sections(const unsigned char *d, size_t len, struct kx_pe_sec *s, unsigned max,
		   char *why, size_t whylen);


/* range.c: sorted, disjoint [start, end) sets. */
int kx_ranges_add(struct kx_ranges *rs, uint64_t start, uint64_t end);
void kx_ranges_sub(struct kx_ranges *rs, uint64_t start, uint64_t end);
void kx_ranges_free(struct kx_ranges *rs);
uint64_t kx_ranges_total(const struct kx_ranges *rs);

/* memmap.c: the running kernel's view of memory. */
struct kx_memmap_entry {
	uint64_t start, end; /* [start, end) */
	char type[40];       /* "System RAM", "Reserved", ... */
};
struct kx_memmap {
	struct kx_memmap_entry *e;
	unsigned n, cap;
};
/* /proc/iomem: System RAM (top level) minus children named reserved or
 * "Crash kernel" -> ram.  Returns 0 or -errno (message set). */
int kx_iomem_ram(struct kx_ctx *ctx, struct kx_ranges *ram, int for_crash);
/* The same, and no range is no failure. */
int kx_iomem_ranges(struct kx_ctx *ctx, struct kx_ranges *ram, int for_crash);
/* /proc/iomem's text, malloc'ed; NULL with the failure recorded. */
char *kx_iomem_read(struct kx_ctx *ctx);
/* Parse iomem text (exposed for tests). */
int kx_iomem_parse(const char *text, struct kx_ranges *ram, int for_crash);
/* /sys/firmware/memmap: the firmware map (x86 e820). 0, -ENOENT, -errno;
 * on failure mm holds nothing (kx_memmap_free is still safe). */
int kx_fw_memmap(struct kx_ctx *ctx, struct kx_memmap *mm);
void kx_memmap_free(struct kx_memmap *mm);
/* MemTotal from /proc/meminfo in bytes, or -errno. */
int kx_mem_total(struct kx_ctx *ctx, uint64_t *bytes);

/* console.c: o->serial as p->console, checked against kx_arch.consoles;
 * the plan cannot go through kexec_file_load then.  0 or -errno. */
int kx_console_find(struct kx_ctx *ctx, const struct kx_opts *o, struct kx_plan *p);

/* place.c: find holes and add segments under the kernel's rules. */
struct kx_hole {
	uint64_t size;   /* bytes needed (rounded up to a page) */
	uint64_t align;  /* power of two >= 4096 */
	uint64_t min;    /* lowest start */
	uint64_t max;    /* highest end (exclusive); 0: no limit */
	uint64_t prefer_below; /* below this if it fits there; 0: no preference */
	int top_down;    /* search from the top */
};
/* Find a hole of RAM not used by an existing segment.  0 or -ENOSPC. */
int kx_find_hole(const struct kx_plan *p, const struct kx_hole *h, uint64_t *addr);
/* Place and append a segment; memsz = max(bufsz, h->size) page-rounded. */
int kx_add_segment(struct kx_ctx *ctx, struct kx_plan *p, const void *buf,
		   size_t bufsz, const struct kx_hole *h, const char *what,
		   const char *source, uint64_t *addr);
/* Append a segment at a fixed address (checked by kx_plan_validate). */
int kx_add_segment_at(struct kx_ctx *ctx, struct kx_plan *p, const void *buf,
		      size_t bufsz, uint64_t mem, uint64_t memsz,
		      const char *what, const char *source);
/* The kernel's sanity_check_segment_list rules, explained. 0 or -errno. */
int kx_plan_validate(struct kx_ctx *ctx, const struct kx_plan *p);

/* plan.c: owned resources of a plan (freed by kx_plan_free). */
void *kx_plan_alloc(struct kx_plan *p, size_t size); /* zeroed, page aligned */
/* "PATH's PART" (a UKI's ".dtb", a FIT's "fdt-1") in plan memory; NULL
 * when out of memory. */
char *kx_plan_name(struct kx_plan *p, const char *path, const char *part);
/* buf (malloc'ed) is freed with the plan from now on; 0 or -ENOMEM (then
 * it is still the caller's). */
int kx_plan_adopt(struct kx_plan *p, void *buf);
const struct kx_file *kx_plan_initrd(const struct kx_plan *p); /* NULL: none */
/* kexec_file_load is to get buf (len bytes that live as long as p) and
 * not the file: the kernel unwrapped from it, `how` ("gunzipped"). */
void kx_plan_file_kernel(struct kx_plan *p, const void *buf, size_t len, const char *how);
/* The initrd is buf (len bytes that live as long as p; a UKI's, with the
 * one given before it), `what` in messages, for both syscalls. */
void kx_plan_initrd_is(struct kx_plan *p, const void *buf, size_t len, const char *what);
/* This plan cannot go through kexec_file_load (kx_plan_no_file) or
 * kexec_load (kx_plan_no_load), for the reason given; the first reason
 * given stays (p->file_refusal, p->load_refusal). */
void kx_plan_no_file(struct kx_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kx_plan_no_load(struct kx_plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Work only kexec_load needs (the purgatory's digest over every segment)
 * is deferred to the moment kexec_load is chosen: a load that ends in
 * kexec_file_load never hashes the initrd.  kx_plan_seal runs fn once. */
typedef int kx_seal_fn(struct kx_ctx *ctx, struct kx_plan *p, void *arg);
void kx_plan_on_seal(struct kx_plan *p, kx_seal_fn *fn, void *arg);
int kx_plan_seal(struct kx_ctx *ctx, struct kx_plan *p);
/* kx_file_check on the plan's kernel and initrd.  0 or -errno. */
int kx_plan_check_inputs(struct kx_ctx *ctx, const struct kx_plan *p);
/* crash_hotplug.c: with --hotplug, no segment but the core header starts as
 * an ELF file (the kernel would rewrite it).  0, or -EINVAL recorded. */
int kx_crash_hotplug_check(struct kx_ctx *ctx, const struct kx_plan *p);

/* cmdline.c: the final command line (kexec-tools semantics).
 * base: /proc/cmdline text if reuse (BOOT_IMAGE= dropped, and crashkernel=
 * for a crash load), then " " + cmdline.  Returns 0 or -errno; *out malloc'ed. */
int kx_cmdline_build(struct kx_ctx *ctx, const struct kx_opts *o, size_t max, char **out);
/* Put words ("elfcorehdr=0x...") first on p->cmdline, dropping the words
 * that set the same keys; the arch's limit still holds.  0 or -errno. */
int kx_cmdline_prepend(struct kx_ctx *ctx, struct kx_plan *p, const char *words);
/* The command line of the syscall p->syscall names (or will). */
const char *kx_plan_cmdline(const struct kx_plan *p);
/* The pure part, for tests: proc may be NULL. */
int kx_cmdline_join(const char *proc, const char *given, int panic, size_t max,
		    char **out, size_t *need);

/* sha256.h has the digest; arch code may provide a faster block function. */

/* purgatory_add.c: an arch's purgatory blob, as its build describes it
 * (generated/<arch>_purgatory.h), added LAST to a plan: the segments
 * already there are the ones it checks.  h gives alignment and bounds
 * (its size is the blob's memsz).  entry and arg0 go to the parameter
 * block; p->entry becomes the purgatory.  0 or -errno (message set). */
struct kx_purgatory {
	const unsigned char *start, *end; /* the embedded blob */
	size_t size;                      /* bytes, as the build measured */
	size_t params_off;                /* struct kx_purg_params in it */
	uint64_t memsz;                   /* up to _end (stack in .bss) */
};
int kx_purgatory_add(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_purgatory *b,
		     const struct kx_hole *h, uint64_t entry, uint64_t arg0, int skip_checks);

/* An image format.  probe: 0 if d (len bytes, the whole file) is one of
 * this format's files, with a description in why; else -ENOEXEC with the
 * reason.  head: the same from the first bytes only (KX_HEAD_BYTES, or
 * all of a shorter file) of a kernel still to be decompressed: its header
 * alone, and *whole = the file's size as the header declares it (0: it
 * does not say), the most its decompression may produce.  load adds
 * segments, entry and file-load facts to p (what it needs of the
 * options is in p: dtb_path, skip_checks, cmdline_given). */
struct kx_format {
	const char *name;
	const char *alias;   /* kexec-tools' name for it, for --type; may be NULL */
	/* Is the whole len-byte file this format: 0, or -ENOEXEC why not.
	 * On success why describes it. */
	int (*probe)(const struct kx_format *f, const unsigned char *d, size_t len,
		     char *why, size_t whylen);
	/* The same for the first len bytes only (a decompression's first
	 * KX_HEAD_BYTES), saying in *whole how long the header declares
	 * the file to be. */
	int (*head)(const struct kx_format *f, const unsigned char *d, size_t len,
		    uint64_t *whole, char *why, size_t whylen);
	int (*load)(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k);
	const struct kx_image_rules *image; /* an arm64/riscv64 Image: its rules */
};
/* A format's head for files never found inside gzip (a UKI, a FIT). */
int kx_head_never(const struct kx_format *f, const unsigned char *d, size_t len,
		  uint64_t *whole, char *why, size_t whylen);

/* An architecture backend: the core calls only this table. */
struct kx_arch {
	const char *name;                     /* "x86_64" */
	unsigned long kexec_arch;             /* KEXEC_ARCH_* << 16 */
	const struct kx_format *const *formats; /* NULL terminated, probe order */
	size_t cmdline_max;                   /* default limit incl. NUL */
	int file_syscall;                     /* has kexec_file_load */
	int takes_dtb;                        /* its kernels take a device tree */
	/* RAM for placement into p->ram and p->memsrc; NULL: /proc/iomem. */
	int (*memory)(struct kx_ctx *ctx, struct kx_plan *p);
	/* Words for a kernel errno that means something particular on this
	 * arch (sys: "kexec_load"...), written into buf: 1; 0: the generic
	 * words (explain.c).  NULL: none. */
	int (*explain)(struct kx_ctx *ctx, int err, const char *sys, char *buf, size_t len);
	/* What its crash dumps need (core/plan/crash.h); NULL: no crash
	 * kernels through kexec_load (yet). */
	const struct kx_crash_arch *crash;
	/* The UARTs its purgatory can report on: 1 << KX_CON_* bits
	 * (core/purgatory/purgatory.h); 0: none. */
	unsigned consoles;
};

extern const struct kx_arch kx_arch; /* the one backend linked in */
/* core/plan/uki.c: unified kernel images, a format of x86_64 and arm64 */
extern const struct kx_format kx_uki_format;
/* dtb/fit.c: U-Boot FIT images, a format of the device-tree arches */
extern const struct kx_format kx_fit_format;

#endif
