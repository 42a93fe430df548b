/* SPDX-License-Identifier: MIT */
/*
 * test_refusals.c - every errno the kernel gives kexec_file_load, kexec_load
 * and reboot, through the command (kx_main), one table row each: the
 * message, the exit status, whether -a goes on to kexec_load, and that no
 * syscall follows the refusal.  The recorder kx_main makes for --dry-run is
 * wrapped (linked with -Wl,--wrap=kx_sys_recorder): it answers each call
 * with the row's errno and logs the calls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "kexec.h"

/* What the kernel answers, and the calls it saw ("kexec_file_load kexec_load"). */
static struct {
	int file, load, reboot;
	char calls[256];
	const struct kx_sys *recorder;
} kernel;

static const char *root;
/* The kernel drops the loaded crash kernel when a load is made (Linux does
 * before it reads a crash kernel's files or segments). */
static int drops_crash;

static void logged(const char *sys)
{
	size_t n = strlen(kernel.calls);

	if (drops_crash)
		t_write_str(root, "sys/kernel/kexec_crash_loaded", "0\n");
	snprintf(kernel.calls + n, sizeof(kernel.calls) - n, "%s%s", n ? " " : "", sys);
}

static int answer_load(void *arg, uint64_t entry, unsigned long nr,
		       const struct kx_raw_segment *segs, unsigned long flags)
{
	logged("kexec_load");
	kernel.recorder->kexec_load(arg, entry, nr, segs, flags);
	return -kernel.load;
}

static int answer_file(void *arg, int k, int i, unsigned long len, const char *c,
		       unsigned long flags)
{
	logged("kexec_file_load");
	kernel.recorder->kexec_file_load(arg, k, i, len, c, flags);
	return -kernel.file;
}

static int answer_reboot(void *arg, unsigned flags)
{
	logged("reboot");
	kernel.recorder->reboot_kexec(arg, flags);
	return -kernel.reboot;
}

void __real_kx_sys_recorder(struct kx_sys *sys, struct kx_record *rec);

void __wrap_kx_sys_recorder(struct kx_sys *sys, struct kx_record *rec)
{
	static struct kx_sys real;

	__real_kx_sys_recorder(sys, rec);
	real = *sys;
	kernel.recorder = &real;
	sys->kexec_load = answer_load;
	sys->kexec_file_load = answer_file;
	sys->reboot_kexec = answer_reboot;
}

/* One case.  opt: the syscall choice (-a, -s, -c) or the action (-e, -p);
 * file, load, reboot: the errno each call answers (0: it succeeds); calls:
 * every call made, in order; status: kx_main's exit status; says: in its
 * message (NULL: no message at all); file_name, text: a fake-root file
 * written first (what names EPERM's cause). */
struct row {
	const char *opt;
	int file, load, reboot;
	const char *calls;
	int status;
	const char *says;
	const char *file_name, *text;
};

#define F "kexec_file_load"
#define L "kexec_load"
#define FL F " " L
#define LOCKDOWN "sys/kernel/security/lockdown"
#define LOCKED "none [integrity] confidentiality\n"
#define NONE NULL, NULL /* no file written */

/* The words each errno must bring (the errnos whose words depend on the
 * syscall are in rows of their own below); file: only kexec_file_load
 * gives it (a signature, a file). */
static const struct {
	int err, file;
	const char *says;
} words[] = {
	{ EKEYREJECTED, 1, "rejected the image's signature" },
	{ ENOKEY, 1, "not signed with a key the kernel knows" },
	{ EBADMSG, 1, "signature is malformed" },
	{ ELIBBAD, 1, "signed (PE) wrapper is malformed" },
	{ ENOPKG, 1, "lacks the crypto support" },
	{ EMSGSIZE, 1, "signature section has a bad size" },
	{ ENODATA, 1, "carries no signature" },
	{ EKEYREVOKED, 1, "revoked or expired" },
	{ EKEYEXPIRED, 1, "revoked or expired" },
	{ EACCES, 1, "IMA appraisal or an LSM policy" },
	{ ETXTBSY, 1, "open for writing" },
	{ EFBIG, 1, "too large for kexec_file_load" },
	{ EBUSY, 0, "another kexec load or reboot is in progress" },
	{ EADDRNOTAVAIL, 0, "a segment lies where the kernel lets no kexec image go" },
	{ ENOMEM, 0, "could not allocate memory for the image" },
};

static const struct row rows[] = {
	/* kexec_file_load cannot take it: -a goes on to kexec_load. */
	{ "-a", ENOSYS, 0, 0, FL, 0, NULL, NONE },
	{ "-a", EINVAL, 0, 0, FL, 0, NULL, NONE },
	{ "-a", ENOEXEC, 0, 0, FL, 0, NULL, NONE },
	{ "-a", EOPNOTSUPP, 0, 0, FL, 0, NULL, NONE },
	/* ... and then kexec_load's answer is the outcome. */
	{ "-a", ENOSYS, ENOSYS, 0, FL, 5, L " failed: the running kernel has no kexec support "
					 "(built without CONFIG_KEXEC) [", NONE },
	{ "-a", ENOEXEC, EADDRNOTAVAIL, 0, FL, 5, L " failed: a segment lies where", NONE },
	/* -s never goes on. */
	{ "-s", ENOSYS, 0, 0, F, 5, F " failed: the running kernel has no kexec_file_load "
				    "(built without CONFIG_KEXEC_FILE); use -c or the -a default",
	  NONE },
	{ "-s", EINVAL, 0, 0, F, 5, F " failed: the kernel could not use the image, initrd or "
				    "command line", NONE },
	{ "-s", ENOEXEC, 0, 0, F, 5, F " failed: the kernel does not recognise this image "
				     "format for kexec_file_load", NONE },
	{ "-s", EOPNOTSUPP, 0, 0, F, 5, F " failed: the running kernel does not support", NONE },
	/* kexec_load alone (-c). */
	{ "-c", 0, ENOSYS, 0, L, 5, L " failed: the running kernel has no kexec support", NONE },
	{ "-c", 0, EINVAL, 0, L, 5, L " failed: the kernel refused the segments (overlap, "
				    "above half of RAM)", NONE },
	/* EPERM: the system's switches name the cause, on either call, and -a
	 * never tries kexec_load after it (lockdown refuses it anyway). */
	{ "-a", EPERM, 0, 0, F, 5, F " failed: not permitted: kexec is disabled "
				   "(/proc/sys/kernel/kexec_load_disabled is 1; only a reboot "
				   "clears it)",
	  "proc/sys/kernel/kexec_load_disabled", "1\n" },
	{ "-c", 0, EPERM, 0, L, 5, L " failed: not permitted: kexec is disabled",
	  "proc/sys/kernel/kexec_load_disabled", "1\n" },
	{ "-a", EPERM, 0, 0, F, 5, F " failed: not permitted: the kernel is locked down "
				   "(/sys/kernel/security/lockdown: none [integrity] "
				   "confidentiality); only a kernel signed with a trusted key "
				   "may be loaded",
	  LOCKDOWN, LOCKED },
	{ "-c", 0, EPERM, 0, L, 5, L " failed: not permitted: the kernel is locked down "
				   "(/sys/kernel/security/lockdown: none [integrity] "
				   "confidentiality); kexec_load is refused then, kexec_file_load "
				   "(-s) with a signed kernel may work",
	  LOCKDOWN, LOCKED },
	{ "-a", EPERM, 0, 0, F, 5, F " failed: not permitted: the kernel is locked down "
				   "(lockdown=integrity on the kernel command line)",
	  "proc/cmdline", "root=/dev/vda lockdown=integrity\n" },
	{ "-a", EPERM, 0, 0, F, 5, F " failed: not permitted: "
				   "/proc/sys/kernel/kexec_load_limit_reboot is 0 (no loads left)",
	  "proc/sys/kernel/kexec_load_limit_reboot", "0\n" },
	{ "-p", EPERM, 0, 0, F, 5, F " failed: not permitted: "
				   "/proc/sys/kernel/kexec_load_limit_panic is 0 (no loads left)",
	  "proc/sys/kernel/kexec_load_limit_panic", "0\n" },
	/* The panic limit is the crash image's only. */
	{ "-a", EPERM, 0, 0, F, 5, F " failed: not permitted: needs root (CAP_SYS_BOOT)",
	  "proc/sys/kernel/kexec_load_limit_panic", "0\n" },
	/* A signature refusal is never bypassed through kexec_load, and when
	 * the kernel is not locked down the message says -c would do. */
	{ "-a", EKEYREJECTED, 0, 0, F, 5, "; the kernel is not locked down: kexec_load (-c), "
					  "which checks no signature, may load it [",
	  LOCKDOWN, "[none] integrity confidentiality\n" },
	{ "-a", ENOKEY, 0, 0, F, 5, F " failed: the image is not signed with a key the kernel "
				    "knows (CONFIG_KEXEC_SIG or lockdown) [",
	  LOCKDOWN, LOCKED },
	/* -p: no kexec_load for a crash kernel on this backend, so nothing
	 * to fall back to. */
	{ "-p", ENOSYS, 0, 0, F, 4, L " impossible: ", NONE },
	/* reboot (-e). */
#define R "exec: reboot failed: "
	{ "-e", 0, 0, EINVAL, "reboot", 5, R "no kexec image is loaded [", NONE },
	{ "-e", 0, 0, EBUSY, "reboot", 5, R "another kexec load or reboot is in progress", NONE },
	{ "-e", 0, 0, EPERM, "reboot", 5, R "not permitted: kexec is disabled",
	  "proc/sys/kernel/kexec_load_disabled", "1\n" },
};

#define CMDLINE "root=/dev/vda ro crashkernel=256M\n"
static const char *const switches[] = {
	"proc/sys/kernel/kexec_load_disabled", LOCKDOWN,
	"proc/sys/kernel/kexec_load_limit_reboot", "proc/sys/kernel/kexec_load_limit_panic",
};
static char kpath[600];

static int setup(void **state)
{
	unsigned char *k = t_fake_kernel(1 << 20, 2 << 20);

	root = t_fake_root(1024, CMDLINE);
	snprintf(kpath, sizeof(kpath), "%s", t_write(root, "vmlinuz", k, 1 << 20));
	free(k);
	t_write_str(root, "proc/iomem", t_crash_iomem);
	return 0;
}

/* fd to path (truncated) until restore(): the saved fd. */
static int redirect(int fd, const char *path)
{
	int saved = dup(fd), to = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(saved >= 0 && to >= 0);
	dup2(to, fd);
	close(to);
	return saved;
}

static void restore(int fd, int saved)
{
	dup2(saved, fd);
	close(saved);
}

/* kx_main with the row's option on the fake root, the switches off and
 * the row's file written; its stderr in err (stdout is not looked at). */
static int run(const struct row *r, char *err, size_t len)
{
	char ropt[600], epath[600];
	char *argv[12];
	int argc = 0, rc, so, se, fd;
	unsigned i;
	ssize_t n;

	for (i = 0; i < sizeof(switches) / sizeof(switches[0]); i++)
		unlink(t_write_str(root, switches[i], ""));
	t_write_str(root, "proc/cmdline", CMDLINE);
	t_write_str(root, "sys/kernel/kexec_loaded", strcmp(r->opt, "-e") ? "0\n" : "1\n");
	t_write_str(root, "sys/kernel/kexec_crash_loaded", "0\n");
	if (r->file_name)
		t_write_str(root, r->file_name, r->text);
	snprintf(ropt, sizeof(ropt), "--test-root=%s", root);
	snprintf(epath, sizeof(epath), "%s/stderr", root);
	memset(&kernel, 0, sizeof(kernel));
	kernel.file = r->file;
	kernel.load = r->load;
	kernel.reboot = r->reboot;

	argv[argc++] = "kexec";
	argv[argc++] = "--dry-run";
	argv[argc++] = ropt;
	if (!strcmp(r->opt, "-e")) {
		argv[argc++] = "-e";
	} else {
		argv[argc++] = strcmp(r->opt, "-p") ? "-l" : "-p";
		if (strcmp(r->opt, "-p"))
			argv[argc++] = (char *)r->opt;
		argv[argc++] = kpath;
		argv[argc++] = "--append=console=ttyS0";
	}
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	so = redirect(1, "/dev/null");
	se = redirect(2, epath);
	rc = kx_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	restore(1, so);
	restore(2, se);
	fd = open(epath, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, err, len - 1);
	close(fd);
	err[n > 0 ? n : 0] = 0;
	return rc;
}

static char err[4096]; /* what the last check's kx_main said */

static void check(const struct row *r, const char *label)
{
	int rc = run(r, err, sizeof(err));

	if (rc != r->status || strcmp(kernel.calls, r->calls) ||
	    (r->says ? !strstr(err, r->says) || strncmp(err, "kexec: ", 7) : err[0]))
		fail_msg("%s (%s, file %d, load %d, reboot %d): exit %d (want %d), calls \"%s\" "
			 "(want \"%s\"), said:\n%s(want \"%s\")",
			 label, r->opt, r->file, r->load, r->reboot, rc, r->status, kernel.calls,
			 r->calls, err, r->says ? r->says : "nothing");
	/* The message names what was refused. */
	if (r->says && strcmp(r->opt, "-e") && !strstr(err, kpath))
		fail_msg("%s: the message does not name %s:\n%s", label, kpath, err);
}

static void each_row(void **state)
{
	unsigned i;

	if (geteuid() != 0)
		skip(); /* EPERM would say "run as root" whatever the switches */
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char label[32];

		snprintf(label, sizeof(label), "row %u", i);
		check(&rows[i], label);
	}
}

/* Each errno of the list, from either load syscall: its words, exit 5, no
 * call after it; from kexec_file_load under -a, no kexec_load. */
static void each_errno(void **state)
{
	static const char *const opts[] = { "-a", "-s", "-c" };
	unsigned i, j;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		for (j = 0; j < 3u - (unsigned)words[i].file; j++) {
			struct row r = { opts[j], 0, 0, 0, NULL, 5, words[i].says, NONE };
			char label[64];

			if (j == 2)
				r.load = words[i].err, r.calls = L;
			else
				r.file = words[i].err, r.calls = F;
			snprintf(label, sizeof(label), "errno %d", words[i].err);
			check(&r, label);
		}
}

/* Nothing refused: one call, exit 0 (the table's baseline). */
static void accepted(void **state)
{
	static const struct row ok[] = {
		{ "-a", 0, 0, 0, F, 0, NULL, NONE },
		{ "-s", 0, 0, 0, F, 0, NULL, NONE },
		{ "-c", 0, 0, 0, L, 0, NULL, NONE },
		{ "-p", 0, 0, 0, F, 0, NULL, NONE },
		{ "-e", 0, 0, 0, "reboot", 0, NULL, NONE },
	};
	unsigned i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		check(&ok[i], "accepted");
}

/* A crash load that failed after the kernel dropped the loaded crash
 * kernel says that none is left; one refused before (EPERM) says nothing
 * of it, nor does one where none was loaded. */
static void crash_dropped(void **state)
{
	static const char gone[] = "; the crash kernel loaded before is gone too";
	const char *loaded = "sys/kernel/kexec_crash_loaded";
	struct row r = { "-p", EKEYREJECTED, 0, 0, F, 5, gone, loaded, "1\n" };

	drops_crash = 1;
	check(&r, "dropped");
	/* The kernel cannot take the file, and this backend builds no crash
	 * kernel for kexec_load: the failure is the plan's (exit 4). */
	r.file = ENOEXEC;
	r.status = 4;
	r.says = "kexec_load impossible";
	check(&r, "dropped, no fallback");
	if (!strstr(err, gone))
		fail_msg("lacks \"%s\":\n%s", gone, err);
	drops_crash = 0;
	r.file = EPERM;
	r.status = 5;
	r.says = "not permitted";
	check(&r, "kept");
	assert_null(strstr(err, gone));
	drops_crash = 1;
	r.file = EKEYREJECTED;
	r.says = "rejected the image's signature";
	r.text = "0\n";
	check(&r, "none loaded");
	assert_null(strstr(err, gone));
	drops_crash = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted),
		cmocka_unit_test(each_row),
		cmocka_unit_test(each_errno),
		cmocka_unit_test(crash_dropped),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
