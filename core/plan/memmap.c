/* SPDX-License-Identifier: MIT */
/*
 * memmap.c - the running kernel's view of memory: /proc/iomem (System RAM
 * minus the reservations nested in it), /sys/firmware/memmap (the firmware
 * map, e820 on x86) and MemTotal, the base of the kernel's half-RAM rule.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"

#define IOMEM_FIRST (64u << 10)
#define IOMEM_MAX (1u << 20)

static int is_reservation(const char *name, int for_crash)
{
	if (!strcasecmp(name, "reserved"))
		return 1;
	/* A normal load must not land in the crash kernel's area: a later
	 * kexec -p would find it occupied. */
	return !for_crash && !strcmp(name, "Crash kernel");
}

int kx_iomem_parse(const char *text, struct kx_ranges *ram, int for_crash)
{
	struct kx_ranges minus = { 0 };
	const char *line = text;
	int ram_depth = -1, nonzero = 0, rc = 0;

	while (*line) {
		const char *eol = strchr(line, '\n'), *nm;
		uint64_t s, e;
		char buf[160], name[64];
		size_t len;
		int depth;

		if (!eol)
			eol = line + strlen(line);
		len = (size_t)(eol - line) < sizeof(buf) ? (size_t)(eol - line) : sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = 0;
		line = *eol ? eol + 1 : eol;
		if (!(nm = kx_parse_iomem(buf, &s, &e, &depth)))
			continue;
		kx_snprintf(name, sizeof(name), "%s", nm);
		if (s || e)
			nonzero = 1;
		if (depth <= ram_depth)
			ram_depth = -1;
		if (for_crash) {
			if (!strcmp(name, "Crash kernel"))
				rc |= kx_ranges_add(ram, s, e + 1);
		} else if (ram_depth < 0 && !strcmp(name, "System RAM")) {
			ram_depth = depth;
			rc |= kx_ranges_add(ram, s, e + 1);
		} else if (ram_depth >= 0 && is_reservation(name, 0)) {
			rc |= kx_ranges_add(&minus, s, e + 1);
		}
	}
	for (unsigned i = 0; i < minus.n; i++)
		kx_ranges_sub(ram, minus.r[i].start, minus.r[i].end);
	kx_ranges_free(&minus);
	if (rc)
		return -ENOMEM;
	/* Without CAP_SYS_ADMIN the kernel shows every address as zero. */
	if (!nonzero)
		return -EPERM;
	return 0;
}

/* /proc/iomem has no size to ask (st_size is 0) and is a few KiB on most
 * machines: read it into IOMEM_FIRST bytes, again into twice as many while
 * it fills them, and refuse it past IOMEM_MAX rather than drop its end
 * (where a "Crash kernel" line may be). */
char *kx_iomem_read(struct kx_ctx *ctx)
{
	size_t cap;
	char *text;
	long n;

	for (cap = IOMEM_FIRST; cap <= IOMEM_MAX; cap *= 2) {
		text = malloc(cap);
		if (!text) {
			kx_fail(ctx, -ENOMEM, "/proc/iomem: out of memory");
			return NULL;
		}
		n = kx_read_text(ctx, "/proc/iomem", text, cap);
		if (n < 0) {
			free(text);
			kx_fail(ctx, (int)n, "/proc/iomem: %s (is /proc mounted?)",
				kx_strerror((int)-n));
			return NULL;
		}
		if ((size_t)n + 1 < cap)
			return text;
		free(text);
	}
	kx_fail(ctx, -EFBIG, "/proc/iomem: larger than %u KiB", IOMEM_MAX >> 10);
	return NULL;
}

int kx_iomem_ranges(struct kx_ctx *ctx, struct kx_ranges *ram, int for_crash)
{
	char *text = kx_iomem_read(ctx);
	int rc;

	if (!text)
		return ctx->err;
	rc = kx_iomem_parse(text, ram, for_crash);
	free(text);
	if (rc == -EPERM)
		return kx_fail(ctx, rc, "/proc/iomem: all addresses read as zero (run as root)");
	if (rc)
		return kx_fail(ctx, rc, "/proc/iomem: %s", kx_strerror(-rc));
	return 0;
}

int kx_iomem_ram(struct kx_ctx *ctx, struct kx_ranges *ram, int for_crash)
{
	int rc = kx_iomem_ranges(ctx, ram, for_crash);

	if (rc)
		return rc;
	if (!ram->n)
		return kx_fail(
			ctx, -ENOENT,
			for_crash
				? "/proc/iomem: no \"Crash kernel\" range: boot with "
				  "crashkernel=SIZE"
				: "/proc/iomem: no \"System RAM\" range");
	return 0;
}

/* A handful of entries: insertion sort, no qsort in the binary. */
static void sort_entries(struct kx_memmap *mm)
{
	unsigned i, j;

	for (i = 1; i < mm->n; i++) {
		struct kx_memmap_entry t = mm->e[i];

		for (j = i; j > 0 && mm->e[j - 1].start > t.start; j--)
			mm->e[j] = mm->e[j - 1];
		mm->e[j] = t;
	}
}

int kx_fw_memmap(struct kx_ctx *ctx, struct kx_memmap *mm)
{
	char path[4096], val[64];
	struct dirent *d;
	DIR *dir;

	dir = opendir(kx_path(ctx, "/sys/firmware/memmap", path, sizeof(path)));
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		struct kx_memmap_entry *e;
		uint64_t s, end;
		char f[320];
		long n;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		if (mm->n == mm->cap) {
			unsigned cap = mm->cap ? mm->cap * 2 : 32;
			void *ne = realloc(mm->e, cap * sizeof(*mm->e));

			if (!ne)
				goto nomem;
			mm->e = ne;
			mm->cap = cap;
		}
		e = &mm->e[mm->n];
		kx_snprintf(f, sizeof(f), "/sys/firmware/memmap/%s/start", d->d_name);
		if (kx_read_text(ctx, f, val, sizeof(val)) <= 0 || !kx_parse_hex(val, &s))
			goto bad;
		kx_snprintf(f, sizeof(f), "/sys/firmware/memmap/%s/end", d->d_name);
		if (kx_read_text(ctx, f, val, sizeof(val)) <= 0 || !kx_parse_hex(val, &end) ||
		    end < s)
			goto bad;
		kx_snprintf(f, sizeof(f), "/sys/firmware/memmap/%s/type", d->d_name);
		n = kx_read_text(ctx, f, e->type, sizeof(e->type));
		if (n <= 0)
			goto bad;
		e->type[strcspn(e->type, "\n")] = 0;
		e->start = s;
		e->end = end + 1;
		mm->n++;
		continue;
bad:
		/* The name lives in dir's buffer: report before closing it. */
		kx_fail(ctx, -EINVAL, "/sys/firmware/memmap/%s: unreadable or malformed entry",
			d->d_name);
		closedir(dir);
		kx_memmap_free(mm);
		return -EINVAL;
	}
	closedir(dir);
	sort_entries(mm);
	return mm->n ? 0 : -ENOENT;
nomem:
	closedir(dir);
	kx_memmap_free(mm);
	return kx_fail(ctx, -ENOMEM, "/sys/firmware/memmap: out of memory");
}

void kx_memmap_free(struct kx_memmap *mm)
{
	free(mm->e);
	memset(mm, 0, sizeof(*mm));
}

int kx_mem_total(struct kx_ctx *ctx, uint64_t *bytes)
{
	char text[8192];
	uint64_t kib;
	long n;

	n = kx_read_text(ctx, "/proc/meminfo", text, sizeof(text));
	if (n < 0)
		return kx_fail(ctx, (int)n, "/proc/meminfo: %s", kx_strerror((int)-n));
	if (kx_parse_key(text, "MemTotal:", &kib))
		return kx_fail(ctx, -EINVAL, "/proc/meminfo: no MemTotal line");
	*bytes = (uint64_t)kib * 1024;
	return 0;
}
