/* SPDX-License-Identifier: MIT */
/*
 * sys.c - THE ONLY FILE THAT CALLS kexec_load, kexec_file_load AND reboot.
 * Everything else reaches them through a struct kx_sys; unit tests never
 * link this file (tests/unit/sys_fake.c stands in), and tests/seamcheck.sh
 * fails the build if these calls appear anywhere else.
 */
#include <errno.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "internal.h"

static int real_kexec_load(void *arg, uint64_t entry, unsigned long nr,
			   const struct kx_raw_segment *segs, unsigned long flags)
{
	struct kexec_segment ks[KX_SEGMENT_MAX];
	unsigned long i;

	if (nr > KX_SEGMENT_MAX)
		return -E2BIG;
	for (i = 0; i < nr; i++) {
		ks[i].buf = segs[i].buf;
		ks[i].bufsz = segs[i].bufsz;
		ks[i].mem = (void *)(uintptr_t)segs[i].mem;
		ks[i].memsz = (size_t)segs[i].memsz;
	}
	if (syscall(SYS_kexec_load, (unsigned long)entry, nr, nr ? ks : NULL, flags))
		return -errno;
	return 0;
}

static int real_kexec_file_load(void *arg, int kernel_fd, int initrd_fd,
				unsigned long cmdline_len, const char *cmdline,
				unsigned long flags)
{
#ifdef SYS_kexec_file_load /* absent from i386 headers */
	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, cmdline_len, cmdline, flags))
		return -errno;
	return 0;
#else
	return -ENOSYS;
#endif
}

/* Like kexec-tools: every interface but loopback goes down, so that DMA
 * from network cards does not scribble over the new kernel.  The names
 * come from /proc/net/dev (this process's network namespace, as
 * if_nameindex's netlink dump, for a fraction of its code): two header
 * lines, then "  name: counters" per interface. */
static void ifdown(void)
{
	char text[32768], *line, *next;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (s < 0)
		return;
	if (kx_read_text(NULL, "/proc/net/dev", text, sizeof(text)) < 0)
		text[0] = 0;
	for (line = text; line; line = next) {
		struct ifreq ifr = { 0 };
		char *colon;
		size_t n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		colon = strchr(line, ':');
		if (!colon || strchr(line, '|'))
			continue;
		line += strspn(line, " ");
		while (line + n < colon && n < sizeof(ifr.ifr_name) - 1) {
			ifr.ifr_name[n] = line[n];
			n++;
		}
		if (ioctl(s, SIOCGIFFLAGS, &ifr) || (ifr.ifr_flags & IFF_LOOPBACK) ||
		    !(ifr.ifr_flags & IFF_UP))
			continue;
		ifr.ifr_flags &= ~IFF_UP;
		ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
}

static int real_reboot_kexec(void *arg, unsigned flags)
{
	if (!(flags & KX_NO_SYNC))
		sync();
	if (!(flags & KX_NO_IFDOWN))
		ifdown();
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC, NULL);
	return -errno; /* only reached on failure */
}

const struct kx_sys kx_sys_kernel = {
	.name = "kernel",
	.kexec_load = real_kexec_load,
	.kexec_file_load = real_kexec_file_load,
	.reboot_kexec = real_reboot_kexec,
};
