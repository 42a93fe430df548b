/* SPDX-License-Identifier: MIT */
/*
 * kexec.h - the one public interface of the kexec loader library.
 *
 * Fill a struct kx_opts, build a plan with kx_plan_build(), hand it to the
 * kernel with kx_plan_load(), boot it with kx_exec().  The library never
 * prints and never exits: every function returns 0 (or a documented value)
 * on success and a negative errno on failure, after recording one message
 * "what: reason" in ctx->msg that names the file or resource at fault.
 *
 * Input files are mapped, not copied.  From kx_plan_build() until
 * kx_plan_free() the library handles SIGBUS (a mapped file truncated by
 * another process) and restores the previous action afterwards; a fault
 * outside its mappings goes to that action.  Use it from one thread.
 */
#ifndef KX_KEXEC_H
#define KX_KEXEC_H

#include <stddef.h>
#include <stdint.h>

#define KX_SEGMENT_MAX 16 /* KEXEC_SEGMENT_MAX of the kernel */

enum kx_syscall_mode {
	KX_SYSCALL_AUTO,  /* kexec_file_load, falling back to kexec_load */
	KX_SYSCALL_FILE,  /* kexec_file_load only (-s) */
	KX_SYSCALL_LOAD,  /* kexec_load only (-c) */
};

/* kx_opts.flags */
#define KX_PANIC     0x01 /* load a crash kernel (-p) */
#define KX_NO_CHECKS 0x02 /* purgatory skips its SHA-256 check (-i) */
#define KX_NO_SYNC   0x04 /* kx_exec: skip sync() (-y) */
#define KX_NO_IFDOWN 0x08 /* kx_exec: leave network interfaces up (-x) */
/* kexec_file_load's flags for what the kernel does with the image: */
#define KX_NO_CMA    0x10 /* KEXEC_FILE_NO_CMA (6.17): no CMA pages for it (--no-cma) */
#define KX_FORCE_DTB 0x20 /* KEXEC_FILE_FORCE_DTB (x86, 6.17): pass on the boot's DTB */
#define KX_FILE_DEBUG 0x40 /* KEXEC_FILE_DEBUG (6.10): the kernel logs its placement;
			      left out where the kernel does not know it */
#define KX_HOTPLUG   0x80 /* -p through kexec_load: the running kernel may rewrite the
			      core header as CPUs and memory come and go (--hotplug) */

/* What the caller wants loaded: plain data, no argv. */
struct kx_opts {
	const char *kernel;  /* kernel image path (required for a load) */
	const char *initrd;  /* NULL: no initrd */
	const char *dtb;     /* NULL: the arch decides (ignored on x86) */
	const char *fit_config; /* a FIT's configuration to load; NULL: its default */
	const char *fit_keys;   /* a U-Boot key tree its signatures must verify with */
	const char *verify;     /* a signed manifest of the files and command line */
	const char *verify_key; /* the signify public key it must verify with; NULL:
				   the one built in */
	const char *cmdline; /* command line to set; NULL: none given */
	int reuse_cmdline;   /* start from /proc/cmdline (see kx_cmdline_build) */
	const char *type;    /* force an image format by name; NULL: probe */
	uint64_t mem_min;    /* lowest address any segment may use */
	uint64_t mem_max;    /* highest address + 1; 0: no limit */
	int core_class;      /* a crash kernel's ELF core header: 32, 64; 0: the arch's */
	const char *serial;  /* the purgatory's console: a tty ("ttyAMA0") or an I/O
				port ("0x3f8"); NULL: none (--serial) */
	unsigned serial_baud; /* set that port's rate first (--serial-baud); 0: keep */
	unsigned flags;      /* KX_* above */
	enum kx_syscall_mode syscall;
};

/*
 * The syscall backend: the only door to kexec_load, kexec_file_load and
 * reboot.  Each hook returns 0 or -errno.  kx_sys_kernel (core/kernel/sys.c) makes
 * the real calls; kx_sys_recorder() only records them.  A ctx with no
 * backend refuses every load, so nothing reaches the kernel by accident.
 */
struct kx_raw_segment {
	const void *buf;
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

struct kx_sys {
	const char *name;
	int (*kexec_load)(void *arg, uint64_t entry, unsigned long nr,
			  const struct kx_raw_segment *segs, unsigned long flags);
	int (*kexec_file_load)(void *arg, int kernel_fd, int initrd_fd,
			       unsigned long cmdline_len, const char *cmdline,
			       unsigned long flags);
	/* sync (unless KX_NO_SYNC), interfaces down (unless KX_NO_IFDOWN),
	 * then the kexec reboot: all of kexec -e's effects. */
	int (*reboot_kexec)(void *arg, unsigned flags);
	void *arg;
};

extern const struct kx_sys kx_sys_kernel; /* real syscalls: core/kernel/sys.c */

/* What a recording backend saw; see kx_sys_recorder(). */
struct kx_record {
	int calls;               /* number of hook calls */
	char last[16];           /* "kexec_load", "kexec_file_load", "reboot" */
	uint64_t entry;
	unsigned long nr;
	struct kx_raw_segment seg[KX_SEGMENT_MAX];
	unsigned long flags;
	int kernel_fd, initrd_fd;
	unsigned long cmdline_len;
	long rss_anon_kib;       /* RssAnon of this process at the call */
	long hwm_kib;            /* VmHWM at the call */
	int fail;                /* if non-zero, every hook returns this */
	int fail_file;           /* if non-zero, kexec_file_load returns this */
};

/* Fill *sys with a backend that records into *rec and loads nothing. */
void kx_sys_recorder(struct kx_sys *sys, struct kx_record *rec);

/* Per-call context: the caller sets the first block, the library the rest. */
struct kx_ctx {
	const struct kx_sys *sys; /* NULL: every syscall is refused (-EPERM) */
	const char *root;         /* TEST ONLY: prefix for /proc and /sys */
	void (*debug)(void *arg, const char *line); /* NULL: no debug lines */
	void *debug_arg;

	int err;        /* -errno of the first failure, 0 if none */
	int stage;      /* KX_STAGE_* where it failed */
	char msg[512];  /* "what: reason" of the first failure */
};

enum kx_stage {
	KX_STAGE_NONE,
	KX_STAGE_INPUT,  /* a file or /proc, /sys resource is missing or bad */
	KX_STAGE_PLAN,   /* inputs are fine but they do not fit this machine */
	KX_STAGE_KERNEL, /* the kernel refused the syscall */
};

/* One segment of a load plan. */
struct kx_segment {
	const void *buf;     /* bytes handed to the kernel (mmap or heap) */
	size_t bufsz;
	uint64_t mem;        /* physical address, page aligned */
	uint64_t memsz;      /* page multiple, >= bufsz; the rest is zeroed */
	const char *what;    /* "kernel", "initrd", "boot_params", ... */
	const char *source;  /* file it came from, or "generated" */
};

struct kx_range {
	uint64_t start, end; /* [start, end) */
};

struct kx_ranges {
	struct kx_range *r;
	unsigned n, cap;
};

/* A crash kernel's ELF core header (a crash load through kexec_load): what
 * the dump will hold, as the running kernel described itself. */
struct kx_core_hdr {
	int elf_class;             /* 64 or 32; 0: no header in this plan */
	uint64_t addr, size;       /* its segment (size: the room, at least the header) */
	int hotplug;               /* the kernel may rewrite it (KX_HOTPLUG) */
	unsigned cpus;             /* PT_NOTEs of CPU registers */
	uint64_t vmcoreinfo;       /* the VMCOREINFO note's address */
	uint64_t text_vaddr, text_paddr, text_size; /* text_size 0: no text PT_LOAD */
	struct kx_ranges ram;      /* the RAM PT_LOADs */
};

/* A FIT's configuration and the images loaded from it (dtb/fit.c). */
struct kx_fit_part {
	const char *role;     /* "kernel", "fdt", "ramdisk" */
	const char *name;     /* its node under /images */
	const char *comp;     /* its "compression" */
	size_t size;          /* its data's bytes */
	char hashes[32];      /* the algorithms of the hash nodes that matched */
	char signed_by[96];   /* the image signature and key that verified it, or "" */
	const char *unused;   /* why it is not loaded ("--dtb given"), or NULL */
};
struct kx_fit {
	const char *config;   /* the configuration's node name */
	int by_default;       /* named by /configurations' default */
	char signed_by[128];  /* the signature and key that verified it; "": none checked */
	int verified;         /* its signatures, or its images', verified */
	unsigned nparts;
	struct kx_fit_part part[3];
};

/* What a signed manifest (--verify) said and what it matched
 * (core/verify/).  Every input file of a plan that has one was copied into
 * a sealed memfd when opened and checked there: the bytes checked are the
 * bytes loaded. */
struct kx_verify_entry {
	char name[64];             /* a file name, without directories */
	unsigned char sha256[32];
	const char *used_by;       /* "kernel", "initrd", "dtb"; NULL: not yet */
};
struct kx_verify {
	const char *manifest;      /* its path; NULL: the files are only sealed (a FIT
				      whose signatures are checked) */
	const char *key;           /* the public key's file, or "built in" */
	char keynum[17];           /* the key's number (signify), hex */
	const char *cmdline;       /* the command line it names */
	unsigned n;
	struct kx_verify_entry e[8];
};

/* The UART the purgatory writes its line on (--serial). */
struct kx_console {
	const char *name;    /* as given; NULL: no console */
	unsigned kind;       /* core/purgatory/purgatory.h's KX_CON_*: how it is reached */
	uint64_t base;       /* its I/O port or physical address */
	unsigned shift, div; /* 8250: register spacing (log2), divisor to set (0: keep) */
};

/* A plan: everything kexec_load or kexec_file_load needs, validated. */
struct kx_plan {
	const char *format;       /* image format that matched */
	char why[192];            /* why it matched */
	char memsrc[96];          /* where the RAM map came from */
	struct kx_ranges ram;     /* RAM usable for placement */
	uint64_t ram_total;       /* bytes of RAM the kernel counts (MemTotal) */
	struct kx_segment seg[KX_SEGMENT_MAX];
	unsigned nseg;
	uint64_t entry;           /* kexec_load entry point */
	unsigned long load_flags; /* kexec_load flags (arch and crash bits) */
	unsigned opts;            /* the options' KX_NO_CMA, KX_FORCE_DTB, KX_FILE_DEBUG */
	int file_capable;         /* the format may go through kexec_file_load */
	char file_refusal[128];   /* why not, when it may not */
	char load_refusal[128];   /* why kexec_load may not be used, if so */
	char *cmdline;            /* final command line, NUL terminated */
	char *file_cmdline;       /* kexec_file_load's when cmdline has words the
				     kexec_load hand-over added; NULL: cmdline */
	size_t cmdline_max;       /* the kernel's limit including the NUL */
	int kernel_fd, initrd_fd; /* for kexec_file_load; -1 if none */
	/* kexec_file_load's kernel and initrd when they are not files as
	 * they are (a kernel gunzipped or unpacked from EFI zboot or a UKI, a
	 * UKI's initrd): these bytes, through a sealed memfd made at the call;
	 * kernel_fd, initrd_fd are then -1.  data NULL: the file. */
	struct kx_unwrapped {
		const void *data;
		size_t size;
		const char *how; /* "gunzipped", "unpacked from its EFI zboot" */
	} file_kernel, file_initrd;
	const char *kernel_path, *initrd_path;
	enum kx_syscall_mode mode;
	const char *syscall;      /* after kx_plan_load: the syscall used */
	char fallback[160];       /* after kx_plan_load: why it fell back */
	uint64_t mem_min, mem_max;
	int panic;
	int core_class;           /* the crash kernel's core header: 32, 64; 0: the arch's */
	struct kx_core_hdr core;  /* the crash kernel's core header, if built */
	const char *dtb_path;     /* --dtb; NULL: dtb_data, else the running system's tree */
	const void *dtb_data;     /* a tree in memory (a UKI's .dtb), dtb_size bytes */
	size_t dtb_size;
	const char *dtb_name;     /* names it in messages */
	/* Trees for the running machine to pick from, by its root's first
	 * "compatible" (a UKI's .dtbauto sections), when no other is given. */
	const struct kx_unwrapped *dtb_auto;
	unsigned ndtb_auto;
	const char *fit_config;   /* --fit-config */
	const char *fit_keys;     /* --fit-keys */
	struct kx_verify *verify; /* inputs sealed and checked; NULL: neither */
	const struct kx_fit *fit; /* what a FIT gave; NULL: not a FIT */
	int skip_checks;          /* -i: the purgatory checks nothing */
	int cmdline_given;        /* a command line was given (else a tree's bootargs stay) */
	struct kx_console console; /* the purgatory's, if any */
	void *priv;               /* owned resources; see kx_plan_free() */
};

/*
 * kx_plan_build - read, check and place everything a load needs
 * @ctx: the context; ctx->sys is not called
 * @o: what to load (read only; its strings must outlive the plan)
 * @out: the plan, for kx_plan_load() and then kx_plan_free()
 *
 * Opens and maps the input files (with a manifest or FIT keys, copies each
 * into a sealed memfd first), probes the format, builds the command line,
 * and places every segment.  Reads /proc/iomem and /proc/meminfo (x86 also
 * /sys/firmware/memmap), on device-tree arches /sys/firmware/fdt (else
 * /proc/device-tree) unless a tree is given, /proc/cmdline for
 * reuse_cmdline, /sys/class/tty for o->serial, and for a crash kernel
 * through kexec_load /sys/devices/system/cpu/cpu*, /sys/kernel/vmcoreinfo,
 * /proc/kcore (else /proc/kallsyms).  Nothing reaches the kernel.
 *
 * Returns: 0 with *out set; or -errno with *out NULL and ctx->msg,
 * ctx->stage set (KX_STAGE_INPUT: a file or /proc, /sys resource is bad;
 * KX_STAGE_PLAN: it does not fit this machine).
 */
int kx_plan_build(struct kx_ctx *ctx, const struct kx_opts *o, struct kx_plan **out);

/*
 * kx_plan_load - hand a plan to the kernel through ctx->sys
 * @p: a plan from kx_plan_build(); it stays the caller's
 *
 * Honours p->mode (kexec_file_load, falling back to kexec_load where the
 * kernel refuses the file; or one of them only); checks first that no
 * input changed since it was planned, and unloads again if one changed
 * during the call.  p->syscall and p->fallback then say what was used.
 *
 * Returns: 0, or -errno with ctx->msg (KX_STAGE_KERNEL: the kernel refused,
 * kx_explain()'s words included).  An image loaded before stays loaded.
 */
int kx_plan_load(struct kx_ctx *ctx, struct kx_plan *p);

/* kx_plan_free - unmap, close and free what the plan holds.  NULL: no-op. */
void kx_plan_free(struct kx_plan *p);

/*
 * kx_unload - unload the normal image, or with KX_PANIC in @flags the crash
 * image, through ctx->sys (the syscall @mode picks; AUTO tries
 * kexec_file_load's unload first).  Returns: 0 or -errno.
 */
int kx_unload(struct kx_ctx *ctx, unsigned flags, enum kx_syscall_mode mode);

/*
 * kx_loaded - is an image loaded?  Reads /sys/kernel/kexec_loaded, or with
 * KX_PANIC /sys/kernel/kexec_crash_loaded.  Returns: 1 loaded, 0 not,
 * -errno (the file is missing or unreadable).
 */
int kx_loaded(struct kx_ctx *ctx, unsigned flags);

/*
 * kx_crash_size - the size of the reservation a crash kernel goes into
 * (crashkernel=: the last "Crash kernel" range of /proc/iomem, the one
 * kexec_load places segments in) into *@bytes, 0 if there is none.
 * Returns: 0 or -errno.
 */
int kx_crash_size(struct kx_ctx *ctx, uint64_t *bytes);

/*
 * kx_exec - boot the loaded image through ctx->sys: sync (unless
 * KX_NO_SYNC), take interfaces down (unless KX_NO_IFDOWN), reboot into it.
 * Touches no file.  Returns only on failure, with -errno.
 */
int kx_exec(struct kx_ctx *ctx, unsigned flags);

/* kx_arch_name - the architecture this library was built for ("arm64"). */
const char *kx_arch_name(void);

/* kx_explain - words for a kernel errno @err of @syscall ("kexec_load",
 * "kexec_file_load", "reboot"): what it means there and what to check.
 * Never NULL; a static string. */
const char *kx_explain(int err, const char *syscall);

/* kx_main - the command (kexec(8)): parses argv, prints, calls the real
 * syscalls (kx_sys_kernel) unless --dry-run, returns its exit status.  For
 * a multi-call binary: BusyBox's applet kexec_main (util-linux/kexec.c,
 * busybox/ here) calls it, hence not that name. */
int kx_main(int argc, char **argv);

#endif
