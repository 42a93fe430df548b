/* SPDX-License-Identifier: MIT */
/*
 * cli.c - kx_main(): the command.  The only code that reads argv, prints
 * or picks an exit status; everything else is the library (kexec.h).
 * Options follow kexec-tools' kexec(8) so that systemd, Debian's scripts,
 * kdump-tools and petitboot call us unchanged.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "getopt.h"
#include "report.h"

/* Exit statuses (kexec(8), EXIT STATUS). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,   /* also -S: the image is loaded */
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_PLAN = 4,
	EXIT_KERNEL = 5,
};

enum action { ACT_DEFAULT, ACT_LOAD, ACT_UNLOAD, ACT_EXEC, ACT_FORCE };

/* Long-only options' ids: below ' ', apart from every letter. */
enum {
	OPT_INITRD = 1, OPT_CMDLINE, OPT_REUSE, OPT_DTB, OPT_MEM_MIN, OPT_MEM_MAX,
	OPT_DRY_RUN, OPT_JSON, OPT_TEST_ROOT, OPT_IGNORED, OPT_REFUSED, OPT_ELF32, OPT_ELF64,
	OPT_CKR_SIZE, OPT_NO_CMA, OPT_FORCE_DTB, OPT_SERIAL, OPT_CONSOLE_SERIAL, OPT_BAUD,
	OPT_HOTPLUG, OPT_FIT_CONFIG, OPT_FIT_KEYS, OPT_VERIFY, OPT_VERIFY_KEY,
};

/* Why we refuse a kexec-tools option (kx_opt.aux of an OPT_REFUSED). */
static const char *const refused_why[] = {
	"kexec jump is not supported",
	"reusing the first kernel's initrd is not supported",
	"Xen live update is not supported",
	"only the 64-bit entry is supported",
	"multiboot images are not supported",
	"the purgatory has no VGA support",
	"not supported",
	"ELF kernels are not supported",
	"ATAGs are not supported",
	"not needed: the room a zImage needs is read from its header",
	"not supported on this architecture",
};
/* kexec(8)'s options, and those of kexec-tools we do not implement,
 * refused by name (never ignored): name, id, takes a value, why refused.
 * The ones that take a value say so, so that it is not taken for the
 * kernel. */
#define OPTIONS(X, NO)                                                                     \
	X("help", 'h', 0) X("version", 'v', 0) X("debug", 'd', 0) X("force", 'f', 0)       \
	X("no-ifdown", 'x', 0) X("no-sync", 'y', 0) X("no-checks", 'i', 0) X("load", 'l', 0) \
	X("unload", 'u', 0) X("exec", 'e', 0) X("type", 't', 1) X("load-panic", 'p', 0)     \
	X("kexec-file-syscall", 's', 0) X("kexec-syscall", 'c', 0)                           \
	X("kexec-syscall-auto", 'a', 0) X("status", 'S', 0) X("initrd", OPT_INITRD, 1)       \
	X("ramdisk", OPT_INITRD, 1) X("command-line", OPT_CMDLINE, 1)                        \
	X("append", OPT_CMDLINE, 1) X("reuse-cmdline", OPT_REUSE, 0) X("dtb", OPT_DTB, 1)    \
	X("mem-min", OPT_MEM_MIN, 1) X("mem-max", OPT_MEM_MAX, 1)                            \
	X("dry-run", OPT_DRY_RUN, 0) X("json", OPT_JSON, 0) X("test-root", OPT_TEST_ROOT, 1) \
	X("args-linux", OPT_IGNORED, 0) X("elf32-core-headers", OPT_ELF32, 0)                \
	X("elf64-core-headers", OPT_ELF64, 0) X("print-ckr-size", OPT_CKR_SIZE, 0)           \
	X("no-cma", OPT_NO_CMA, 0) X("force-dtb", OPT_FORCE_DTB, 0)                          \
	X("serial", OPT_SERIAL, 1) X("console-serial", OPT_CONSOLE_SERIAL, 0)                \
	X("serial-baud", OPT_BAUD, 1) X("hotplug", OPT_HOTPLUG, 0)                           \
	X("fit-config", OPT_FIT_CONFIG, 1) X("fit-keys", OPT_FIT_KEYS, 1)                    \
	X("verify", OPT_VERIFY, 1) X("verify-key", OPT_VERIFY_KEY, 1)                        \
	NO("load-preserve-context", 0, 0) NO("load-jump-back-helper", 0, 0)                  \
	NO("entry", 1, 0) NO("reuseinitrd", 0, 1)                                            \
	NO("load-live-update", 0, 2) NO("exec-live-update", 0, 2) NO("real-mode", 0, 3)      \
	NO("entry-32bit", 0, 3) NO("module", 1, 4) NO("reset-vga", 0, 5)                     \
	NO("console-vga", 0, 5) NO("pass-memmap-cmdline", 0, 6) NO("noefi", 0, 6)            \
	NO("reuse-video-type", 0, 6) NO("args-elf", 0, 7) NO("args-none", 0, 7)              \
	NO("atags", 0, 8) NO("image-size", 1, 9) NO("page-offset", 1, 10)                    \
	NO("dt-no-old-root", 0, 6)
#define NAME(name, id, arg) name "\0"
#define NO_NAME(name, arg, why) name "\0"
#define OPT(name, id, arg) { id, arg, 0 },
#define NO_OPT(name, arg, why) { OPT_REFUSED, arg, why },
static const struct kx_opt opt_info[] = { OPTIONS(OPT, NO_OPT) };
static const struct kx_opts_table opts = {
	OPTIONS(NAME, NO_NAME), opt_info, KX_ARRAY_SIZE(opt_info),
};

struct cli {
	struct kx_opts o;
	enum action act;
	int dry_run, json, debug, ckr_size, console_serial;
	int saw_load; /* -l given: -S asks about the normal image */
	int status;   /* -S: supersedes every other action (kexec-tools) */
	const struct kx_record *rec; /* what --dry-run's recorder saw */
	const char *root;
};

static void debug_line(void *arg, const char *line)
{
	kx_fprintf(stderr, "kexec: debug: %s\n", line);
}

static void usage(FILE *f)
{
	kx_fprintf(f,
		"Usage: kexec [OPTION]... -l KERNEL     load KERNEL to boot later with -e\n"
		"       kexec -e | -u | -S | -p ... KERNEL | -f KERNEL\n"
		"Actions:\n"
		"  -l, --load               load a kernel\n"
		"  -p, --load-panic         load a crash kernel (with -u, -S: act on it)\n"
		"  -e, --exec               boot the loaded kernel now\n"
		"  -f, --force              load and boot at once, without shutdown\n"
		"  -u, --unload             unload the loaded kernel\n"
		"  -S, --status             exit 1 if loaded, 0 if not (crash image; with -l: "
		"normal)\n"
		"  (none)                   load, then run 'shutdown -r now'\n"
		"Load options:\n"
		"      --initrd=FILE, --ramdisk=FILE\n"
		"      --command-line=TEXT, --append=TEXT   set the command line\n"
		"      --reuse-cmdline      start from /proc/cmdline (no BOOT_IMAGE=)\n"
		"      --dtb=FILE           device tree (device-tree architectures)\n"
		"  -t, --type=TYPE          image format (%s: bzImage)\n"
		"      --fit-config=NAME    the FIT configuration to load (else its default)\n"
		"      --fit-keys=FILE      its signatures must verify with these keys\n"
		"      --verify=FILE        a signed manifest of the files and command line\n"
		"      --verify-key=FILE    the signify key it must verify with\n"
		"      --mem-min=ADDR, --mem-max=ADDR       bound every segment\n"
		"  -s, --kexec-file-syscall   -c, --kexec-syscall   -a, --kexec-syscall-auto "
		"(default)\n"
		"  -i, --no-checks          the purgatory skips its SHA-256 check\n"
		"      --elf64-core-headers (default), --elf32-core-headers   -p by kexec_load\n"
		"      --no-cma, --force-dtb   kexec_file_load's KEXEC_FILE_NO_CMA, _FORCE_DTB\n"
		"      --print-ckr-size     print the crashkernel= reservation's size in bytes\n"
		"      --hotplug            -p by kexec_load: the kernel may rewrite its header\n"
		"      --serial=TTY|PORT    the purgatory reports on that UART (ttyAMA0, ttyS0,\n"
		"                           0x3f8); --console-serial: 0x3f8; --serial-baud=N\n"
		"Exec options:  -x, --no-ifdown   -y, --no-sync\n"
		"Output:\n"
		"      --dry-run            do everything but the syscall; print the plan\n"
		"      --json               plans, status and errors as JSON\n"
		"  -d, --debug              explain each step on stderr\n"
		"  -h, --help   -v, --version\n"
		"Exit status: 0 ok, 1 failure (-S: loaded), 2 usage, 3 bad input, 4 does not fit, "
		"5 kernel refused.\n",
		kx_arch_name());
}

/* 0x-prefixed hex or decimal (strtoull would bring 1.7 KiB of musl's
 * number scanner for this alone). */
static int parse_addr(const char *opt, const char *s, uint64_t *v)
{
	const char *end = s[0] == '0' && (s[1] | 0x20) == 'x' ? kx_parse_hex(s, v)
							   : kx_parse_dec(s, v);

	if (!end || *end) {
		kx_fprintf(stderr, "kexec: --%s=%s: not a number\n", opt, s);
		return -1;
	}
	return 0;
}

static int exit_for(const struct kx_ctx *ctx)
{
	switch (ctx->stage) {
	case KX_STAGE_INPUT: return EXIT_INPUT;
	case KX_STAGE_PLAN: return EXIT_PLAN;
	case KX_STAGE_KERNEL: return EXIT_KERNEL;
	default: return EXIT_FAIL;
	}
}

static int fail(struct cli *c, struct kx_ctx *ctx)
{
	int code = exit_for(ctx);

	kx_fprintf(stderr, "kexec: %s\n", ctx->msg[0] ? ctx->msg : kx_strerror(-ctx->err));
	if (c->json)
		kx_report_error_json(stdout, ctx, code);
	return code;
}

/* Returns -1 to continue, else an exit status. */
static int parse(struct cli *c, int argc, char **argv)
{
	struct kx_getopt g = { .ind = 1 };
	uint64_t n;
	int opt;

	while ((opt = kx_getopt(&g, argc, argv, "hvdfixyluet:pscaS", &opts))) {
		const char *v = g.arg;

		switch (opt) {
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'v':
			kx_fprintf(stdout, "kexec %s (%s)\n", KX_VERSION, kx_arch_name());
			return EXIT_OK;
		case 'd': c->debug = 1; c->o.flags |= KX_FILE_DEBUG; break;
		case 'f': c->act = ACT_FORCE; break;
		case 'x': c->o.flags |= KX_NO_IFDOWN; break;
		case 'y': c->o.flags |= KX_NO_SYNC; break;
		case 'i': c->o.flags |= KX_NO_CHECKS; break;
		case 'l': c->act = ACT_LOAD; c->saw_load = 1; break;
		case 'u': c->act = ACT_UNLOAD; break;
		case 'e': c->act = ACT_EXEC; break;
		case 't': c->o.type = v; break;
		case 'p': c->act = ACT_LOAD; c->o.flags |= KX_PANIC; break;
		case 's': c->o.syscall = KX_SYSCALL_FILE; break;
		case 'c': c->o.syscall = KX_SYSCALL_LOAD; break;
		case 'a': c->o.syscall = KX_SYSCALL_AUTO; break;
		case 'S': c->status = 1; break;
		case OPT_INITRD: c->o.initrd = v; break;
		case OPT_CMDLINE: c->o.cmdline = v; break;
		case OPT_REUSE: c->o.reuse_cmdline = 1; break;
		case OPT_DTB: c->o.dtb = v; break;
		case OPT_ELF32: c->o.core_class = 32; break;
		case OPT_ELF64: c->o.core_class = 64; break;
		case OPT_CKR_SIZE: c->ckr_size = 1; break;
		case OPT_NO_CMA: c->o.flags |= KX_NO_CMA; break;
		case OPT_FORCE_DTB: c->o.flags |= KX_FORCE_DTB; break;
		case OPT_HOTPLUG: c->o.flags |= KX_HOTPLUG; break;
		case OPT_FIT_CONFIG: c->o.fit_config = v; break;
		case OPT_FIT_KEYS: c->o.fit_keys = v; break;
		case OPT_VERIFY: c->o.verify = v; break;
		case OPT_VERIFY_KEY: c->o.verify_key = v; break;
		case OPT_SERIAL: c->o.serial = v; break;
		/* kexec-tools' x86 default: COM1, unless --serial names one. */
		case OPT_CONSOLE_SERIAL: c->console_serial = 1; break;
		case OPT_BAUD:
			if (parse_addr("serial-baud", v, &n))
				return EXIT_USAGE;
			if (!n || n > 115200) {
				kx_fprintf(stderr, "kexec: --serial-baud=%s: not a baud rate\n", v);
				return EXIT_USAGE;
			}
			c->o.serial_baud = (unsigned)n;
			break;
		case OPT_MEM_MIN:
			if (parse_addr("mem-min", v, &c->o.mem_min))
				return EXIT_USAGE;
			break;
		case OPT_MEM_MAX:
			if (parse_addr("mem-max", v, &c->o.mem_max))
				return EXIT_USAGE;
			break;
		case OPT_DRY_RUN: c->dry_run = 1; break;
		case OPT_JSON:
			if (!kx_have_json) {
				kx_fprintf(stderr, "kexec: --json: this kexec was built without "
						   "CONFIG_JSON\n");
				return EXIT_USAGE;
			}
			c->json = 1;
			break;
		case OPT_TEST_ROOT: c->root = v; break;
		case OPT_IGNORED: break; /* meaningful to kexec-tools' ELF loader only */
		case OPT_REFUSED:
			kx_fprintf(stderr, "kexec: --%s: a kexec-tools option this kexec does not "
					   "implement (%s)\n",
				   g.name, refused_why[g.opt->aux]);
			return EXIT_USAGE;
		case ':':
			kx_fprintf(stderr, "kexec: %s needs a value (try --help)\n",
				   argv[g.ind - 1]);
			return EXIT_USAGE;
		case '=':
			kx_fprintf(stderr, "kexec: --%s takes no value (%s)\n", g.name, g.bad);
			return EXIT_USAGE;
		default:
			if (g.bad[0] == '-')
				kx_fprintf(stderr, "kexec: %s option %s (try --help)\n",
					   g.ambiguous ? "ambiguous" : "unknown", g.bad);
			else
				kx_fprintf(stderr, "kexec: unknown option -%c%s%s (try --help)\n",
					   g.bad[0], strlen(argv[g.ind - 1]) > 2 ? " in " : "",
					   strlen(argv[g.ind - 1]) > 2 ? argv[g.ind - 1] : "");
			return EXIT_USAGE;
		}
	}
	if ((c->o.flags & (KX_HOTPLUG | KX_PANIC)) == KX_HOTPLUG) {
		kx_fprintf(stderr, "kexec: --hotplug: for a crash kernel only (-p)\n");
		return EXIT_USAGE;
	}
	if (c->o.verify_key && !c->o.verify) {
		kx_fprintf(stderr, "kexec: --verify-key: for a manifest (--verify) only\n");
		return EXIT_USAGE;
	}
	if (c->console_serial && !c->o.serial)
		c->o.serial = "0x3f8";
	if (g.npos > 1) {
		kx_fprintf(stderr, "kexec: unexpected argument '%s' (one kernel at a time)\n",
			   g.pos[1]);
		return EXIT_USAGE;
	}
	c->o.kernel = g.pos[0];
	return -1;
}

/* kexec-tools with no action: load, then let init shut down and reboot. */
static int shutdown_reboot(void)
{
	static const char *const paths[] = { "/sbin/shutdown", "/etc/shutdown", "/bin/shutdown",
					     "/usr/sbin/shutdown" };
	unsigned i;

	fflush(NULL);
	for (i = 0; i < KX_ARRAY_SIZE(paths); i++)
		execl(paths[i], "shutdown", "-r", "now", (char *)NULL);
	kx_fprintf(stderr, "kexec: loaded, but no shutdown program found (%s ...): run 'kexec -e' "
			   "to boot it\n", paths[0]);
	return EXIT_FAIL;
}

static int do_load(struct cli *c, struct kx_ctx *ctx)
{
	struct kx_plan *p;
	int rc;

	if (!c->o.kernel) {
		kx_fprintf(stderr, "kexec: no kernel image given (try --help)\n");
		return EXIT_USAGE;
	}
	rc = kx_plan_build(ctx, &c->o, &p);
	if (rc)
		return fail(c, ctx);
	rc = kx_plan_load(ctx, p);
	if (rc) {
		if (c->debug && !c->json)
			kx_report_plan(stderr, p, 0);
		kx_plan_free(p);
		return fail(c, ctx);
	}
	if (c->json)
		kx_report_plan_json(stdout, p, c->dry_run);
	else if (c->dry_run) {
		kx_report_plan(stdout, p, 1);
		kx_fprintf(stdout, "process:      RssAnon %ld kB, VmHWM %ld kB at the would-be "
				   "syscall\n",
			   c->rec->rss_anon_kib, c->rec->hwm_kib);
	} else if (c->debug)
		kx_report_plan(stderr, p, 0);
	kx_plan_free(p);
	return EXIT_OK;
}

static int do_status(struct cli *c, struct kx_ctx *ctx, int panic)
{
	int loaded = kx_loaded(ctx, panic ? KX_PANIC : 0);

	if (loaded < 0)
		return fail(c, ctx);
	if (c->json) {
		struct kx_ctx other = { .root = ctx->root };

		kx_report_status_json(stdout, panic ? kx_loaded(&other, 0) : loaded,
				      panic ? loaded : kx_loaded(&other, KX_PANIC));
	}
	return loaded ? EXIT_FAIL : EXIT_OK;
}

int kx_main(int argc, char **argv)
{
	struct cli c = { .act = ACT_DEFAULT };
	struct kx_ctx ctx = { 0 };
	struct kx_record rec;
	struct kx_sys recorder;
	int rc, panic;

	rc = parse(&c, argc, argv);
	if (rc >= 0)
		return rc;
	/* A fake /proc and /sys may feed only what changes nothing: a plan
	 * placed by a fake /proc/iomem must never reach the kernel. */
	if (c.root && !c.dry_run && !c.status && !c.ckr_size) {
		kx_fprintf(stderr, "kexec: --test-root is for tests: only with --dry-run, -S or "
				   "--print-ckr-size\n");
		return EXIT_USAGE;
	}
	panic = !!(c.o.flags & KX_PANIC);
	ctx.root = c.root;
	if (c.debug)
		ctx.debug = debug_line;
	/* The only place the real syscalls are chosen. */
	kx_sys_recorder(&recorder, &rec);
	c.rec = &rec;
	ctx.sys = c.dry_run ? &recorder : &kx_sys_kernel;

	/* kexec-tools prints the reservation's size in bytes and does nothing
	 * else (0 without crashkernel=). */
	if (c.ckr_size) {
		uint64_t n;

		if (kx_crash_size(&ctx, &n))
			return fail(&c, &ctx);
		kx_fprintf(stdout, "%llu\n", (unsigned long long)n);
		return EXIT_OK;
	}
	/* kexec-tools asks about the crash image; -l asks about ours. */
	if (c.status)
		return do_status(&c, &ctx, panic || !c.saw_load);
	switch (c.act) {
	case ACT_UNLOAD:
		if (c.dry_run) {
			kx_fprintf(stdout, "dry run: would unload the %s image\n",
				   panic ? "crash" : "normal");
			return EXIT_OK;
		}
		return kx_unload(&ctx, c.o.flags, c.o.syscall) ? fail(&c, &ctx) : EXIT_OK;
	case ACT_EXEC:
		if (kx_exec(&ctx, c.o.flags))
			return fail(&c, &ctx);
		kx_fprintf(stdout, "dry run: would reboot into the loaded image\n");
		return EXIT_OK;
	case ACT_FORCE:
		if (c.o.kernel) {
			rc = do_load(&c, &ctx);
			if (rc)
				return rc;
			/* A dry run loaded nothing the kernel could show. */
			if (c.dry_run) {
				kx_fprintf(stdout, "dry run: would reboot into it\n");
				return EXIT_OK;
			}
		}
		if (kx_exec(&ctx, c.o.flags))
			return fail(&c, &ctx);
		kx_fprintf(stdout, "dry run: would reboot into the loaded image\n");
		return EXIT_OK;
	case ACT_LOAD:
		return do_load(&c, &ctx);
	case ACT_DEFAULT:
		rc = do_load(&c, &ctx);
		if (rc || c.dry_run)
			return rc;
		return shutdown_reboot();
	}
	return EXIT_FAIL;
}
