/* SPDX-License-Identifier: MIT */
/*
 * sys_record.c - a syscall backend that records and loads nothing: what
 * --dry-run and the tests use.  It also notes this process's anonymous
 * memory at the would-be syscall, the figure `make bench` reports.
 */
#include <string.h>
#include "internal.h"

static void note(struct kx_record *r, const char *what)
{
	char text[4096];
	uint64_t v;

	r->calls++;
	kx_snprintf(r->last, sizeof(r->last), "%s", what);
	r->rss_anon_kib = r->hwm_kib = -1;
	/* This process's own file: never under a test root. */
	if (kx_read_text(NULL, "/proc/self/status", text, sizeof(text)) < 0)
		return;
	if (kx_parse_key(text, "RssAnon:", &v) == 0)
		r->rss_anon_kib = (long)v;
	if (kx_parse_key(text, "VmHWM:", &v) == 0)
		r->hwm_kib = (long)v;
}

static int rec_load(void *arg, uint64_t entry, unsigned long nr,
		    const struct kx_raw_segment *segs, unsigned long flags)
{
	struct kx_record *r = arg;

	note(r, "kexec_load");
	r->entry = entry;
	r->nr = nr;
	r->flags = flags;
	if (nr <= KX_SEGMENT_MAX && nr)
		memcpy(r->seg, segs, nr * sizeof(*segs));
	return r->fail;
}

static int rec_file(void *arg, int kernel_fd, int initrd_fd, unsigned long cmdline_len,
		    const char *cmdline, unsigned long flags)
{
	struct kx_record *r = arg;

	note(r, "kexec_file_load");
	r->kernel_fd = kernel_fd;
	r->initrd_fd = initrd_fd;
	r->cmdline_len = cmdline_len;
	r->flags = flags;
	return r->fail_file ? r->fail_file : r->fail;
}

static int rec_reboot(void *arg, unsigned flags)
{
	struct kx_record *r = arg;

	note(r, "reboot");
	r->flags = flags;
	return r->fail;
}

void kx_sys_recorder(struct kx_sys *sys, struct kx_record *rec)
{
	memset(rec, 0, sizeof(*rec));
	rec->kernel_fd = rec->initrd_fd = -1;
	sys->name = "recorder";
	sys->kexec_load = rec_load;
	sys->kexec_file_load = rec_file;
	sys->reboot_kexec = rec_reboot;
	sys->arg = rec;
}
