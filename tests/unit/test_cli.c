/* SPDX-License-Identifier: MIT */
/*
 * test_cli.c - kx_main(): option parsing (kexec-tools and systemd forms,
 * refused and unknown options), exit statuses, -S, -e and --json output,
 * on a fake root.  Only --dry-run, -S, -h, -v and error paths are run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "kexec.h"

/*
 * getopt keeps pointers into the previous argv between calls, so every
 * argument string lives, unchanged, until the program exits.
 */
static char pool[1 << 18];
static size_t pool_used;
static char *argv_pool[256][24];
static unsigned argv_used;

static char *keep(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = pool + pool_used;

	if (pool_used + n > sizeof(pool))
		fail_msg("test_cli: argument pool exhausted");
	memcpy(p, s, n);
	pool_used += n;
	return p;
}

static const char *root, *kernel, *initrd, *junk, *scratch;
static char out[1 << 16], err[1 << 16];

static void slurp(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, buf, len - 1);
	assert_true(n >= 0);
	buf[n] = 0;
	close(fd);
}

/* kx_main with the NULL-terminated arguments after "kexec"; its stdout
 * and stderr land in out and err. */
static int kexec(const char *first, ...)
{
	char **argv, opath[600], epath[600];
	int argc = 0, rc, so, se, fo, fe;
	const char *a;
	va_list ap;

	if (argv_used == sizeof(argv_pool) / sizeof(argv_pool[0]))
		fail_msg("test_cli: argv pool exhausted");
	argv = argv_pool[argv_used++];
	argv[argc++] = keep("kexec");
	va_start(ap, first);
	for (a = first; a; a = va_arg(ap, const char *)) {
		if (argc == 23)
			fail_msg("test_cli: too many arguments");
		argv[argc++] = keep(a);
	}
	va_end(ap);
	argv[argc] = NULL;

	snprintf(opath, sizeof(opath), "%s/stdout", scratch);
	snprintf(epath, sizeof(epath), "%s/stderr", scratch);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	fo = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	fe = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(so >= 0 && se >= 0 && fo >= 0 && fe >= 0);
	dup2(fo, 1);
	dup2(fe, 2);
	rc = kx_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	close(fo);
	close(fe);
	slurp(opath, out, sizeof(out));
	slurp(epath, err, sizeof(err));
	return rc;
}

static void contains(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("output lacks \"%s\":\n%s", want, text);
}

static void lacks(const char *text, const char *bad)
{
	if (strstr(text, bad))
		fail_msg("output has \"%s\":\n%s", bad, text);
}

static char *opt(const char *name, const char *val)
{
	char buf[700];

	snprintf(buf, sizeof(buf), "%s=%s", name, val);
	return keep(buf);
}

static void set_loaded(int normal, int crash)
{
	t_write_str(root, "sys/kernel/kexec_loaded", normal ? "1\n" : "0\n");
	t_write_str(root, "sys/kernel/kexec_crash_loaded", crash ? "1\n" : "0\n");
}

static int setup(void **state)
{
	size_t len = 1 << 20;
	unsigned char *b = t_fake_kernel(len, 2 << 20);
	static unsigned char rd[10000];

	root = keep(t_fake_root(1024, "BOOT_IMAGE=/vmlinuz root=/dev/vda ro crashkernel=256M\n"));
	kernel = keep(t_write(root, "boot/vmlinuz", b, len));
	memset(rd, 0x11, sizeof(rd));
	initrd = keep(t_write(root, "boot/initrd.img", rd, sizeof(rd)));
	junk = keep(t_write_str(root, "boot/junk", "not a kernel image at all, only some text\n"));
	scratch = keep(t_tmpdir());
	free(b);
	return 0;
}

static int reset(void **state)
{
	set_loaded(0, 0);
	return 0;
}

/* systemd's kexec-tools call: long options with separate values. */
static void systemd_form(void **state)
{
	const char *r = opt("--test-root", root);

	assert_int_equal(kexec("--load", kernel, "--append", "a b", "--initrd", initrd, "--dry-run",
			       r, NULL),
			 0);
	contains(out, "image:        fake ");
	contains(out, "command line: 4 bytes (limit 2048): \"a b\"\n");
	contains(out, "dry run:      nothing was loaded\n");
	assert_string_equal(err, "");

	/* The same, as JSON: the parsed options exactly. */
	assert_int_equal(kexec("--load", kernel, "--append", "a b", "--initrd", initrd, "--dry-run",
			       "--json", r, NULL),
			 0);
	contains(out, "{\"dry_run\":true,\"arch\":\"fake\",\"format\":\"fake\"");
	contains(out, "\"cmdline\":\"a b\",\"cmdline_max\":2048");
	{
		char want[800];

		snprintf(want, sizeof(want), "\"kernel\":\"%s\",\"initrd\":\"%s\"", kernel, initrd);
		contains(out, want);
		snprintf(want, sizeof(want), "{\"what\":\"initrd\",\"source\":\"%s\",", initrd);
		contains(out, want);
	}
	contains(out, "\"syscall\":\"kexec_file_load\",\"mode\":\"auto\",\"fallback\":null}");
	assert_string_equal(err, "");
}

static void command_line_form(void **state)
{
	const char *r = opt("--test-root", root);

	assert_int_equal(kexec("-l", kernel, "--command-line=x", "--dry-run", r, NULL), 0);
	contains(out, "command line: 2 bytes (limit 2048): \"x\"\n");
	lacks(out, "initrd:");

	assert_int_equal(kexec(r, "--json", "--dry-run", "--command-line=console=ttyS0 quiet", "-l",
			       kernel, NULL),
			 0);
	contains(out, "\"initrd\":null");
	contains(out, "\"cmdline\":\"console=ttyS0 quiet\"");

	/* --append and --command-line are the same; the last one wins. */
	assert_int_equal(kexec(r, "--json", "--dry-run", "--append=first", "--command-line=second",
			       "-l", kernel, NULL),
			 0);
	contains(out, "\"cmdline\":\"second\"");

	/* --ramdisk is --initrd. */
	assert_int_equal(
		kexec(r, "--json", "--dry-run", "-l", kernel, opt("--ramdisk", initrd), NULL), 0);
	{
		char want[700];

		snprintf(want, sizeof(want), "\"initrd\":\"%s\"", initrd);
		contains(out, want);
	}
}

static void reuse_cmdline(void **state)
{
	const char *r = opt("--test-root", root);

	assert_int_equal(kexec(r, "--json", "--dry-run", "-l", kernel, "--reuse-cmdline",
			       "--append=quiet", NULL),
			 0);
	contains(out, "\"cmdline\":\"root=/dev/vda ro crashkernel=256M quiet\"");
}

/* -c, -s, -a and the syscall each one picks (recorded, not made). */
static void syscall_modes(void **state)
{
	const char *r = opt("--test-root", root);

	assert_int_equal(kexec(r, "--json", "--dry-run", "-c", "-l", kernel, NULL), 0);
	contains(out, "\"syscall\":\"kexec_load\",\"mode\":\"load\",\"fallback\":null}");
	assert_int_equal(kexec(r, "--json", "--dry-run", "-s", "-l", kernel, NULL), 0);
	contains(out, "\"syscall\":\"kexec_file_load\",\"mode\":\"file\"");
	assert_int_equal(kexec(r, "--json", "--dry-run", "-c", "-a", "-l", kernel, NULL), 0);
	contains(out, "\"mode\":\"auto\"");
	assert_int_equal(kexec(r, "--json", "--dry-run", "--kexec-syscall", "-l", kernel, NULL), 0);
	contains(out, "\"mode\":\"load\"");
}

/* --mem-min moves the kernel up to it (2 MiB aligned: exactly there). */
static void mem_min(void **state)
{
	const char *r = opt("--test-root", root);
	char want[700];

	assert_int_equal(
		kexec(r, "--json", "--dry-run", "--mem-min=0x20000000", "-l", kernel, NULL), 0);
	snprintf(want, sizeof(want), "{\"what\":\"kernel\",\"source\":\"%s\",\"mem\":%llu,", kernel,
		 0x20000000ULL);
	contains(out, want);
	/* Decimal too (strtoull base 0). */
	assert_int_equal(kexec(r, "--json", "--dry-run", "--mem-min=805306368", "-l", kernel, NULL),
			 0);
	snprintf(want, sizeof(want), "{\"what\":\"kernel\",\"source\":\"%s\",\"mem\":%llu,", kernel,
		 0x30000000ULL);
	contains(out, want);
	/* A --mem-max the 2 MiB footprint cannot fit under: a plan failure, 4. */
	assert_int_equal(kexec(r, "--dry-run", "--mem-max=0x300000", "-l", kernel, NULL), 4);
	snprintf(want, sizeof(want), "kexec: kernel %s: no free RAM for 2.0 MiB", kernel);
	contains(err, want);
}

static void usage_errors(void **state)
{
	assert_int_equal(kexec("--bogus", NULL), 2);
	assert_string_equal(err, "kexec: unknown option --bogus (try --help)\n");
	assert_string_equal(out, "");
	assert_int_equal(kexec("-z", NULL), 2);
	assert_string_equal(err, "kexec: unknown option -z (try --help)\n");
	assert_int_equal(kexec("-l", kernel, "--initrd", NULL), 2);
	contains(err, "needs a value");
	assert_int_equal(kexec("-l", kernel, kernel, NULL), 2);
	contains(err, "unexpected argument");
}

/* kexec-tools options we do not implement are refused by name. */
static void refused_options(void **state)
{
	assert_int_equal(kexec("--reuse-video-type", "-l", kernel, "--dry-run", NULL), 2);
	assert_string_equal(err, "kexec: --reuse-video-type: a kexec-tools option this kexec does "
				 "not implement"
			    " (not supported)\n");
	assert_int_equal(kexec("-l", kernel, "--entry=0x100000", "--dry-run", NULL), 2);
	contains(err, "kexec: --entry: a kexec-tools option this kexec does not implement (kexec "
		      "jump");
	assert_int_equal(kexec("-l", kernel, "--hotplug", "--dry-run", NULL), 2);
	assert_string_equal(err, "kexec: --hotplug: for a crash kernel only (-p)\n");
	/* kdump-utils passes these: accepted. */
	assert_int_equal(kexec(opt("--test-root", root), "--elf32-core-headers", "-l", kernel,
			       "--dry-run", NULL),
			 0);
	assert_int_equal(kexec(opt("--test-root", root), "--elf64-core-headers", "-l", kernel,
			       "--dry-run", NULL),
			 0);
	/* Accepted and ignored: --args-linux. */
	assert_int_equal(kexec(opt("--test-root", root), "--args-linux", "-l", kernel, "--dry-run",
			       NULL),
			 0);
}

static void bad_numbers(void **state)
{
	assert_int_equal(kexec("--mem-min=junk", "-l", kernel, "--dry-run", NULL), 2);
	assert_string_equal(err, "kexec: --mem-min=junk: not a number\n");
	assert_int_equal(kexec("--mem-max=0x10zz", "-l", kernel, "--dry-run", NULL), 2);
	assert_string_equal(err, "kexec: --mem-max=0x10zz: not a number\n");
	assert_int_equal(kexec("--mem-min=", "-l", kernel, "--dry-run", NULL), 2);
	contains(err, "not a number");
	assert_int_equal(
		kexec("--mem-max=99999999999999999999999", "-l", kernel, "--dry-run", NULL), 2);
	contains(err, "not a number");
}

static void no_kernel(void **state)
{
	assert_int_equal(kexec("-l", "--dry-run", opt("--test-root", root), NULL), 2);
	assert_string_equal(err, "kexec: no kernel image given (try --help)\n");
	assert_int_equal(kexec("-p", "--dry-run", opt("--test-root", root), NULL), 2);
	assert_string_equal(err, "kexec: no kernel image given (try --help)\n");
}

static void input_errors(void **state)
{
	const char *r = opt("--test-root", root);
	char missing[600], want[700];

	snprintf(missing, sizeof(missing), "%s/boot/nope", root);
	assert_int_equal(kexec(r, "--dry-run", "-l", missing, NULL), 3);
	snprintf(want, sizeof(want), "kexec: kernel %s: No such file or directory\n", missing);
	assert_string_equal(err, want);

	assert_int_equal(kexec(r, "--dry-run", "-l", junk, NULL), 3);
	snprintf(want, sizeof(want), "kexec: kernel %s: not a kernel image", junk);
	contains(err, want);
	contains(err, "fake: ");

	assert_int_equal(kexec(r, "--dry-run", "-l", kernel, opt("--initrd", missing), NULL), 3);
	snprintf(want, sizeof(want), "kexec: initrd %s: No such file or directory\n", missing);
	assert_string_equal(err, want);

	/* --json puts the error on stdout as well. */
	assert_int_equal(kexec(r, "--json", "--dry-run", "-l", junk, NULL), 3);
	contains(out, "{\"error\":{\"message\":\"kernel ");
	contains(out, ",\"errno\":8,\"stage\":\"input\",\"exit\":3}}\n");

	/* A root without /proc/iomem. */
	assert_int_equal(kexec(opt("--test-root", scratch), "--dry-run", "-l", kernel, NULL), 3);
	contains(err, "/proc/iomem: No such file or directory");
}

/* -S: exit 1 when loaded.  Alone it asks about the crash image
 * (kexec-tools), with -l about the normal one. */
static void status(void **state)
{
	const char *r = opt("--test-root", root);

	set_loaded(0, 0);
	assert_int_equal(kexec(r, "-S", NULL), 0);
	assert_int_equal(kexec(r, "-l", "-S", NULL), 0);
	set_loaded(0, 1);
	assert_int_equal(kexec(r, "-S", NULL), 1);
	assert_int_equal(kexec(r, "--status", NULL), 1);
	assert_int_equal(kexec(r, "-l", "-S", NULL), 0);
	assert_int_equal(kexec(r, "-p", "-S", NULL), 1);
	set_loaded(1, 0);
	assert_int_equal(kexec(r, "-S", NULL), 0);
	assert_int_equal(kexec(r, "-l", "-S", NULL), 1);
	assert_string_equal(out, "");
	assert_string_equal(err, "");

	assert_int_equal(kexec(r, "-l", "-S", "--json", NULL), 1);
	assert_string_equal(out, "{\"arch\":\"fake\",\"loaded\":true,\"crash_loaded\":false}\n");
	set_loaded(1, 1);
	assert_int_equal(kexec(r, "-S", "--json", NULL), 1);
	assert_string_equal(out, "{\"arch\":\"fake\",\"loaded\":true,\"crash_loaded\":true}\n");

	/* No sysfs file: a failure, not "not loaded". */
	assert_int_equal(kexec(opt("--test-root", scratch), "-S", NULL), 3);
	contains(err, "/sys/kernel/kexec_crash_loaded: No such file or directory");
}

static void exec_dry_run(void **state)
{
	const char *r = opt("--test-root", root);

	set_loaded(0, 1);
	assert_int_equal(kexec(r, "-e", "--dry-run", NULL), 5);
	contains(err, "nothing has been loaded (/sys/kernel/kexec_loaded is 0)");
	set_loaded(1, 0);
	assert_int_equal(kexec(r, "-e", "--dry-run", NULL), 0);
	contains(out, "would reboot into the loaded image");
	assert_string_equal(err, "");
}

static void unload_dry_run(void **state)
{
	assert_int_equal(kexec("-u", "--dry-run", NULL), 0);
	assert_string_equal(out, "dry run: would unload the normal image\n");
	assert_int_equal(kexec("-p", "-u", "--dry-run", NULL), 0);
	assert_string_equal(out, "dry run: would unload the crash image\n");
}

static void version_help(void **state)
{
	assert_int_equal(kexec("--version", NULL), 0);
	assert_string_equal(out, "kexec " KX_VERSION " (fake)\n");
	assert_int_equal(kexec("-v", NULL), 0);
	assert_string_equal(out, "kexec " KX_VERSION " (fake)\n");
	assert_int_equal(kexec("--help", NULL), 0);
	assert_int_equal(strncmp(out, "Usage: kexec ", 13), 0);
	contains(out, "--reuse-cmdline");
	contains(out, "Exit status: 0 ok, 1 failure (-S: loaded), 2 usage, 3 bad input, 4 does not "
		      "fit, 5 kernel refused.");
	assert_string_equal(err, "");
	assert_int_equal(kexec("-h", NULL), 0);
	assert_int_equal(strncmp(out, "Usage: kexec ", 13), 0);
}

/* A value given to an option that takes none: exit 2, and the message
 * names the option as typed. */
static void option_with_unwanted_value(void **state)
{
	assert_int_equal(kexec("--dry-run=1", NULL), 2);
	contains(err, "--dry-run");
	assert_int_equal(kexec("--noefi=1", NULL), 2);
	contains(err, "--noefi");
	assert_int_equal(kexec("--help=x", NULL), 2);
	contains(err, "--help");
	assert_string_equal(out, "");
}

/* kexec(8): "-S supersedes other options and will never load or unload
 * the kernel", wherever it stands on the command line. */
static void status_supersedes(void **state)
{
	const char *r = opt("--test-root", root);


	set_loaded(1, 1);
	assert_int_equal(kexec(r, "-S", "-l", NULL), 1);
	assert_string_equal(err, "");
	assert_int_equal(kexec(r, "-S", "-u", "--dry-run", NULL), 1);
	assert_string_equal(out, "");
	assert_int_equal(kexec(r, "-S", "-e", "--dry-run", NULL), 1);
	assert_string_equal(out, "");
	assert_int_equal(kexec(r, "-S", "-l", kernel, "--dry-run", NULL), 1);
	assert_string_equal(out, "");
}

/* getopt_long's forms, as callers write them: values joined or apart,
 * clusters, unambiguous prefixes, the kernel anywhere, "--". */
static void option_forms(void **state)
{
	const char *r = opt("--test-root", root);

	assert_int_equal(kexec(r, "--dry-run", "-l", kernel, "--append", "a=1", NULL), 0);
	contains(out, "\"a=1\"");
	assert_int_equal(kexec(r, "--dry-run", kernel, "-l", "--command-line=b=2", NULL), 0);
	contains(out, "\"b=2\"");
	assert_int_equal(kexec(r, "--dry-run", "-lt", "fake", kernel, NULL), 0);
	contains(out, "image:        fake");
	assert_int_equal(kexec(r, "--dry-run", "-ltfake", kernel, NULL), 0);
	contains(out, "image:        fake");
	assert_int_equal(kexec(r, "--dry", "--comm=c=3", "-l", "--", kernel, NULL), 0);
	contains(out, "\"c=3\"");
	contains(out, "dry run:");
	/* An exact name wins over the longer ones it begins. */
	assert_int_equal(kexec(r, "--dry-run", "--kexec-syscall", "-l", kernel, NULL), 0);
	contains(out, "syscall:      kexec_load (-c)");
	/* A prefix of two options is refused, by name. */
	assert_int_equal(kexec(r, "--dry-run", "--elf", "-l", kernel, NULL), 2);
	assert_string_equal(err, "kexec: ambiguous option --elf (try --help)\n");
	assert_int_equal(kexec(r, "--dry-run", "-l", "--", "--initrd=x", NULL), 3);
	contains(err, "--initrd=x");
	assert_int_equal(kexec("-lq", NULL), 2);
	assert_string_equal(err, "kexec: unknown option -q in -lq (try --help)\n");
	assert_int_equal(kexec("-l", kernel, "-t", NULL), 2);
	assert_string_equal(err, "kexec: -t needs a value (try --help)\n");
}

/* kx_main is an entry point of a library: a second call must parse its
 * own argv, whatever the first one left in getopt's state. */
static void reentry_after_cluster(void **state)
{
	const char *r = opt("--test-root", root);


	set_loaded(0, 1);
	assert_int_equal(kexec("-hv", NULL), 0);
	assert_int_equal(strncmp(out, "Usage: kexec ", 13), 0);
	/* This must be the crash status (1), not a leftover -v (0). */
	assert_int_equal(kexec(r, "-S", NULL), 1);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(systemd_form, reset),
		cmocka_unit_test_setup(command_line_form, reset),
		cmocka_unit_test_setup(reuse_cmdline, reset),
		cmocka_unit_test_setup(syscall_modes, reset),
		cmocka_unit_test_setup(mem_min, reset),
		cmocka_unit_test_setup(usage_errors, reset),
		cmocka_unit_test_setup(refused_options, reset),
		cmocka_unit_test_setup(bad_numbers, reset),
		cmocka_unit_test_setup(no_kernel, reset),
		cmocka_unit_test_setup(input_errors, reset),
		cmocka_unit_test_setup(status, reset),
		cmocka_unit_test_setup(exec_dry_run, reset),
		cmocka_unit_test_setup(unload_dry_run, reset),
		cmocka_unit_test_setup(version_help, reset),
		cmocka_unit_test_setup(option_with_unwanted_value, reset),
		cmocka_unit_test_setup(status_supersedes, reset),
		cmocka_unit_test_setup(reentry_after_cluster, reset),
		cmocka_unit_test_setup(option_forms, reset),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
