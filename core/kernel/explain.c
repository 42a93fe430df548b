/* SPDX-License-Identifier: MIT */
/*
 * explain.c - what the kernel's errno means for a kexec syscall, in words,
 * after the checks of kernel/kexec.c, kexec_file.c and kexec_core.c.
 * EPERM has many causes; kx_explain_eperm() looks at the system to name one.
 */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include "internal.h"
#include "explain.h"

const char *kx_explain(int err, const char *sys)
{
	int file = sys && !strcmp(sys, "kexec_file_load");
	int boot = sys && !strcmp(sys, "reboot");

	switch (err < 0 ? -err : err) {
	case EPERM:
		return "not permitted: needs root (CAP_SYS_BOOT), and is refused when kexec is "
		       "disabled (/proc/sys/kernel/kexec_load_disabled), when the kernel is locked "
		       "down, or when kexec_load_limit_* is used up";
	case ENOSYS:
		if (file)
			return "the running kernel has no kexec_file_load (built without "
			       "CONFIG_KEXEC_FILE); use -c or the -a default";
		return "the running kernel has no kexec support (built without CONFIG_KEXEC)";
	case EKEYREJECTED:
		return "the kernel rejected the image's signature (CONFIG_KEXEC_SIG or lockdown): "
		       "use an image signed with a key the kernel trusts";
	case ENOKEY:
		return "the image is not signed with a key the kernel knows (CONFIG_KEXEC_SIG or "
		       "lockdown)";
	case EBADMSG:
		return "the image's signature is malformed";
	case ENODATA:
		if (file)
			return "the image carries no signature, and the kernel requires one "
			       "(CONFIG_KEXEC_SIG_FORCE, or Secure Boot's policy)";
		break;
	case EKEYREVOKED:
	case EKEYEXPIRED:
		return "the key that signed the image is revoked or expired";
	case EACCES:
		return "refused by IMA appraisal or an LSM policy (under Secure Boot a kernel is "
		       "only loaded from a file whose signature can be checked: -s)";
	case ENOPKG:
		return "the kernel lacks the crypto support needed to check the image's signature";
	case ELIBBAD:
		return "the image's signed (PE) wrapper is malformed";
	case EMSGSIZE:
		return "the image's signature section has a bad size";
	case EBUSY:
		return "another kexec load or reboot is in progress; on arm64, CPUs that could not "
		       "be stopped also give this";
	case EADDRNOTAVAIL:
		return "a segment lies where the kernel lets no kexec image go (for -p: outside "
		       "the crashkernel= reservation)";
	case ENOEXEC:
		return "the kernel does not recognise this image format for kexec_file_load";
	case EOPNOTSUPP:
		return "the running kernel does not support this kind of load";
	case ENOMEM:
		return "the kernel could not allocate memory for the image: free memory or use a "
		       "smaller initrd";
	case ETXTBSY:
		return "the image file is open for writing (an updater still holding it?): close "
		       "it first";
	case EFBIG:
		return "the file is too large for kexec_file_load";
	case EINVAL:
		if (boot)
			return "no kexec image is loaded";
		return file ? "the kernel could not use the image, initrd or command line (not a "
			      "format it parses, or a command line it refuses)"
			    : "the kernel refused the segments (overlap, above half of RAM)";
	case ENOENT:
		return "not found";
	}
	return kx_strerror(err < 0 ? -err : err);
}

/* The kernel enforces signatures on kexec_file_load and this one failed
 * its check (kimage_validate_signature: these come from the PE and PKCS#7
 * verifiers).  kexec_load checks none. */
static int sig_refusal(int err)
{
	switch (-err) {
	case EKEYREJECTED: case ENOKEY: case EBADMSG: case ENODATA: case ELIBBAD:
	case EMSGSIZE: case EKEYREVOKED: case EKEYEXPIRED: case ENOPKG:
		return 1;
	}
	return 0;
}

#define LOCKDOWN "/sys/kernel/security/lockdown"

/* The lockdown state into v: 1 locked down, 0 "[none]", -1 unknown.
 * From securityfs, mounted for the look where nothing mounted it (an
 * initramfs) and unmounted at once, never under a test root; else from
 * a lockdown= word on the kernel's command line. */
static int lockdown(struct kx_ctx *ctx, char *v, size_t len)
{
	char cmdline[4096];
	const char *w;
	long n = kx_read_text(ctx, LOCKDOWN, v, len);

	if (n == -ENOENT && !ctx->root &&
	    !mount("securityfs", "/sys/kernel/security", "securityfs",
		   MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) {
		n = kx_read_text(ctx, LOCKDOWN, v, len);
		umount("/sys/kernel/security");
	}
	if (n > 0)
		return !kx_find(v, "[none]");
	if (kx_read_text(ctx, "/proc/cmdline", cmdline, sizeof(cmdline)) <= 0 ||
	    !(w = kx_find(cmdline, "lockdown=")) || (w > cmdline && w[-1] != ' '))
		return -1;
	n = (long)strcspn(w, " \n");
	if ((size_t)n + 32 > len)
		return -1;
	memcpy(v, w, (size_t)n);
	kx_snprintf(v + n, len - (size_t)n, " on the kernel command line");
	return strncmp(v, "lockdown=none ", 14) != 0;
}

/* Name the cause of an EPERM by looking at the system's switches. */
void kx_explain_eperm(struct kx_ctx *ctx, char *buf, size_t len, const char *sys, int panic)
{
	/* Linux 6.6 and later: loads left, per image type, -1 unlimited. */
	const char *limit = panic ? "/proc/sys/kernel/kexec_load_limit_panic"
				  : "/proc/sys/kernel/kexec_load_limit_reboot";
	char v[256];

	if (geteuid() != 0) {
		kx_snprintf(buf, len, "not permitted: run as root (needs CAP_SYS_BOOT)");
		return;
	}
	if (kx_read_text(ctx, "/proc/sys/kernel/kexec_load_disabled", v, sizeof(v)) > 0 &&
	    v[0] == '1') {
		kx_snprintf(buf, len, "not permitted: kexec is disabled "
				      "(/proc/sys/kernel/kexec_load_disabled is 1; only a reboot "
				      "clears it)");
		return;
	}
	if (lockdown(ctx, v, sizeof(v)) == 1) {
		v[strcspn(v, "\n")] = 0;
		kx_snprintf(
			buf, len,
			"not permitted: the kernel is locked down (%s%s)%s",
			kx_find(v, "command line") ? "" : LOCKDOWN ": ", v,
			strcmp(sys, "kexec_file_load")
				? "; kexec_load is refused then, kexec_file_load (-s) with a "
				  "signed kernel may work"
				: "; only a kernel signed with a trusted key may be loaded");
		return;
	}
	if (kx_read_text(ctx, limit, v, sizeof(v)) > 0 && v[0] == '0') {
		kx_snprintf(buf, len, "not permitted: %s is 0 (no loads left)", limit);
		return;
	}
	kx_snprintf(buf, len, "%s", kx_explain(EPERM, sys));
}

int kx_fail_sys(struct kx_ctx *ctx, int err, const char *sys, const char *what, int panic)
{
	char why[400], v[64];
	const char *w = why, *more = "";

	if (kx_arch.explain && kx_arch.explain(ctx, err, sys, why, sizeof(why)))
		;
	else if (err == -EPERM)
		kx_explain_eperm(ctx, why, sizeof(why), sys, panic);
	else
		w = kx_explain(err, sys);
	/* Only lockdown forbids kexec_load then (KEXEC_SIG_FORCE does not). */
	if (sig_refusal(err) && lockdown(ctx, v, sizeof(v)) == 0)
		more = "; the kernel is not locked down: kexec_load (-c), which checks no "
		       "signature, may load it";
	return kx_fail_kernel(ctx, err, "%s: %s failed: %s%s [%s]", what, sys, w, more,
			      kx_strerror(-err));
}
