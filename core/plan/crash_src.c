/* SPDX-License-Identifier: MIT */
/*
 * crash_src.c - what the running kernel says about itself for its crash
 * dump (crash.h lists the files): the CPUs' note buffers, VMCOREINFO, the
 * RAM to dump, the linear map's offset and where the kernel text is.
 * Every address is the kernel's own word, so a KASLR'd kernel (text and
 * linear map moved at boot) is described as it is.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "crash.h"
#include "le.h"

#define CPU_DIR "/sys/devices/system/cpu"
#define KCORE_PHDR_MAX 4096

/* cpuN's note buffer; -ENOENT if the kernel shows none. */
static int read_cpu(struct kx_ctx *ctx, unsigned cpu, struct kx_crash_note *n)
{
	char path[96], v[32];
	long r;

	kx_snprintf(path, sizeof(path), CPU_DIR "/cpu%u/crash_notes", cpu);
	r = kx_read_text(ctx, path, v, sizeof(v));
	if (r == -ENOENT)
		return (int)r;
	if (r < 0)
		return kx_fail(ctx, (int)r, "%s: %s%s", path, kx_strerror((int)-r),
			       r == -EACCES ? " (only root may read it)" : "");
	v[strcspn(v, "\n")] = 0;
	if (!kx_parse_hex(v, &n->addr) || !n->addr)
		return kx_fail(ctx, -EINVAL, "%s: \"%s\" is not an address", path, v);
	kx_snprintf(path, sizeof(path), CPU_DIR "/cpu%u/crash_notes_size", cpu);
	r = kx_read_text(ctx, path, v, sizeof(v));
	if (r < 0)
		return kx_fail(ctx, (int)r, "%s: %s", path, kx_strerror((int)-r));
	v[strcspn(v, "\n")] = 0;
	if (!kx_parse_dec(v, &n->size) || !n->size || n->size > (1 << 20))
		return kx_fail(ctx, -EINVAL, "%s: \"%s\" is not a note size", path, v);
	return 0;
}

/* The present CPUs (a cpuN directory each, offline ones included), in
 * number order as the kernel lists them. */
static int read_cpus(struct kx_ctx *ctx, struct kx_crash_src *s)
{
	unsigned nums[1024], n = 0, i, j;
	char path[4096];
	struct dirent *d;
	DIR *dir = opendir(kx_path(ctx, CPU_DIR, path, sizeof(path)));
	int rc;

	if (!dir)
		return kx_fail(ctx, -errno, CPU_DIR ": %s", kx_strerror(errno));
	while ((d = readdir(dir))) {
		uint64_t v;
		const char *e;

		if (strncmp(d->d_name, "cpu", 3) || !(e = kx_parse_dec(d->d_name + 3, &v)) || *e)
			continue;
		if (n == sizeof(nums) / sizeof(nums[0]) || v > 1u << 20) {
			closedir(dir);
			return kx_fail(ctx, -E2BIG,
				       CPU_DIR ": more CPUs than this kexec handles (%zu)",
				       sizeof(nums) / sizeof(nums[0]));
		}
		for (j = n++; j > 0 && nums[j - 1] > v; j--)
			nums[j] = nums[j - 1];
		nums[j] = (unsigned)v;
	}
	closedir(dir);
	if (!n)
		return kx_fail(ctx, -ENOENT, CPU_DIR ": no CPU listed");
	s->cpu = calloc(n, sizeof(*s->cpu));
	if (!s->cpu)
		return kx_fail(ctx, -ENOMEM, "crash notes: out of memory");
	for (i = 0; i < n; i++) {
		rc = read_cpu(ctx, nums[i], &s->cpu[s->ncpu]);
		if (rc == -ENOENT && i == 0)
			return kx_fail(ctx, rc, CPU_DIR "/cpu%u/crash_notes: none (a kernel built "
							"without CONFIG_CRASH_DUMP cannot take a "
							"crash kernel)", nums[i]);
		if (rc == -ENOENT)
			continue; /* not present */
		if (rc)
			return rc;
		s->ncpu++;
	}
	return 0;
}

static int read_vmcoreinfo(struct kx_ctx *ctx, struct kx_crash_src *s)
{
	static const char path[] = "/sys/kernel/vmcoreinfo";
	const char *p;
	char v[64];
	long r = kx_read_text(ctx, path, v, sizeof(v));

	if (r < 0)
		return kx_fail(ctx, (int)r, "%s: %s%s", path, kx_strerror((int)-r),
			       r == -ENOENT ? " (a kernel without CONFIG_CRASH_CORE?)" : "");
	/* "%pa %x": the note's address and, in hex too, its size. */
	v[strcspn(v, "\n")] = 0;
	if (!(p = kx_parse_hex(v, &s->vmcoreinfo.addr)) || *p++ != ' ' ||
	    !(p = kx_parse_hex(p, &s->vmcoreinfo.size)) || *p ||
	    !s->vmcoreinfo.addr || !s->vmcoreinfo.size || s->vmcoreinfo.size > (1 << 20))
		return kx_fail(ctx, -EINVAL, "%s: \"%s\" is not \"ADDRESS SIZE\"", path, v);
	return 0;
}

/* System RAM (outermost, as the kernel walks it) and the reservations,
 * from /proc/iomem; kern: where "Kernel code" starts and "Kernel data"
 * ends (0 if absent). */
static int read_iomem(struct kx_ctx *ctx, const struct kx_crash_arch *a, struct kx_crash_src *s,
		      uint64_t kern[2])
{
	char *text = kx_iomem_read(ctx), *line, *next;
	int ram_depth = -1, rc = 0, nonzero = 0;

	if (!text)
		return ctx->err;
	kern[0] = kern[1] = 0;
	for (line = text; *line; line = next) {
		char *eol = strchr(line, '\n');
		uint64_t st, en;
		const char *nm;
		int depth;

		if (eol)
			*eol = 0;
		next = eol ? eol + 1 : line + strlen(line);
		if (!(nm = kx_parse_iomem(line, &st, &en, &depth)))
			continue;
		nonzero |= st || en;
		if (depth <= ram_depth)
			ram_depth = -1;
		if (ram_depth < 0 && !strcmp(nm, "System RAM")) {
			ram_depth = depth;
			rc |= kx_ranges_add(&s->ram, st, en + 1);
		} else if (!strcmp(nm, "Crash kernel")) {
			rc |= kx_ranges_add(&s->crash, st, en + 1);
		} else if (!strcmp(nm, "Kernel code") && !kern[0]) {
			kern[0] = st;
		} else if (!strcmp(nm, "Kernel data") && !kern[1]) {
			kern[1] = en + 1;
		}
	}
	free(text);
	if (rc)
		return kx_fail(ctx, -ENOMEM, "/proc/iomem: out of memory");
	if (!nonzero)
		return kx_fail(ctx, -EPERM,
			       "/proc/iomem: all addresses read as zero (run as root)");
	if (!s->ram.n)
		return kx_fail(ctx, -ENOENT, "/proc/iomem: no \"System RAM\" range");
	if (!s->crash.n)
		return kx_fail(ctx, -ENOENT, "/proc/iomem: no \"Crash kernel\" range: boot with"
			       " crashkernel=SIZE");
	for (unsigned i = 0; i < s->crash.n; i++)
		kx_ranges_sub(&s->ram, s->crash.r[i].start, s->crash.r[i].end);
	if (a->keep_out)
		kx_ranges_sub(&s->ram, 0, a->keep_out);
	return 0;
}

/* Program header i of /proc/kcore if it is a PT_LOAD with a physical
 * address (RAM, kernel text; vmalloc and the like have none). */
static int kcore_load(const unsigned char *ph, int is64, unsigned i, unsigned phent,
		      uint64_t *va, uint64_t *pa, uint64_t *sz)
{
	const unsigned char *p = ph + (size_t)i * phent;

	*va = is64 ? kx_get64(p + 16) : kx_get32(p + 8);
	*pa = is64 ? kx_get64(p + 24) : kx_get32(p + 12);
	*sz = is64 ? kx_get64(p + 32) : kx_get32(p + 16);
	return kx_get32(p) == 1 && *pa != (is64 ? UINT64_MAX : UINT32_MAX);
}

/* /proc/kcore's program headers: the RAM entries share one offset,
 * vaddr - paddr, the linear map's; the kernel text entry (x86_64, arm64)
 * is the one other entry with a physical address.  Quietly nothing when
 * there is no /proc/kcore (CONFIG_PROC_KCORE off) or it cannot be read. */
static void read_kcore(struct kx_ctx *ctx, struct kx_crash_src *s)
{
	unsigned char eh[64], *ph = NULL;
	uint64_t phoff, best = 0, tally = 0;
	unsigned phnum, phent, i, nother = 0;
	char path[4096];
	int fd = open(kx_path(ctx, "/proc/kcore", path, sizeof(path)), O_RDONLY | O_CLOEXEC);
	int is64;

	if (fd < 0) {
		kx_dbg(ctx, "crash: /proc/kcore: %s", kx_strerror(errno));
		return;
	}
	if (pread(fd, eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) || memcmp(eh, "\177ELF", 4) ||
	    (eh[4] != 1 && eh[4] != 2) || eh[5] != 1)
		goto bad;
	is64 = eh[4] == 2;
	phoff = is64 ? kx_get64(eh + 32) : kx_get32(eh + 28);
	phent = kx_get16(eh + (is64 ? 54 : 42));
	phnum = kx_get16(eh + (is64 ? 56 : 44));
	if (phent != (is64 ? 56u : 32u) || !phnum || phnum > KCORE_PHDR_MAX)
		goto bad;
	ph = malloc((size_t)phnum * phent);
	if (!ph || pread(fd, ph, (size_t)phnum * phent, (off_t)phoff) != (ssize_t)(phnum * phent))
		goto bad;
	/* The linear map's offset: the one most bytes share. */
	for (i = 0; i < phnum; i++) {
		uint64_t va, pa, sz, sum = 0;

		if (!kcore_load(ph, is64, i, phent, &va, &pa, &sz))
			continue;
		for (unsigned j = 0; j < phnum; j++) {
			uint64_t va2, pa2, sz2;

			if (kcore_load(ph, is64, j, phent, &va2, &pa2, &sz2) &&
			    va2 - pa2 == va - pa)
				sum += sz2;
		}
		if (sum > tally) {
			tally = sum;
			best = va - pa;
		}
	}
	if (!tally)
		goto bad;
	for (i = 0; i < phnum; i++) {
		uint64_t va, pa, sz;

		if (kcore_load(ph, is64, i, phent, &va, &pa, &sz) && va - pa != best) {
			nother++;
			s->text_vaddr = va;
			s->text_paddr = pa;
			s->text_size = sz;
		}
	}
	s->have_linear = 1;
	s->linear = best;
	if (nother == 1)
		s->text_from = "/proc/kcore";
	else
		s->text_vaddr = s->text_paddr = s->text_size = 0;
	free(ph);
	close(fd);
	return;
bad:
	kx_dbg(ctx, "crash: /proc/kcore: no program headers this kexec understands");
	free(ph);
	close(fd);
}

/* /proc/kallsyms, read a line at a time (it is megabytes): the values of
 * _text, _stext and _end; 0 when hidden (kptr_restrict) or absent. */
static int read_kallsyms(struct kx_ctx *ctx, uint64_t v[3])
{
	static const char *const names[3] = { "_text", "_stext", "_end" };
	char path[4096], buf[8192];
	size_t have = 0;
	int fd = open(kx_path(ctx, "/proc/kallsyms", path, sizeof(path)), O_RDONLY | O_CLOEXEC);
	int found = 0;

	v[0] = v[1] = v[2] = 0;
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *line = buf, *eol;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = 0;
		while ((eol = strchr(line, '\n'))) {
			const char *p;
			uint64_t a;

			*eol = 0;
			/* "ffffffff81000000 T _text" */
			if ((p = kx_parse_hex(line, &a)) && p[0] == ' ' && p[1] && p[2] == ' ')
				for (int k = 0; k < 3; k++)
					if (!strcmp(p + 3, names[k]) && !(found & 1 << k)) {
						v[k] = a;
						found |= 1 << k;
					}
			line = eol + 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (found == 7)
			break;
	}
	close(fd);
	return 0;
}

/* Where the kernel text is when /proc/kcore did not say: _text.._end from
 * /proc/kallsyms, its physical address from "Kernel code", which starts
 * at _stext (x86: _stext is _text; arm64: 64 KiB after it).  arm64 lists
 * neither _text nor _end: the text from _stext, up to where "Kernel data"
 * ends (arm64: at _end; x86: at _edata, but x86 lists _end). */
static int text_from_kallsyms(struct kx_ctx *ctx, struct kx_crash_src *s, const uint64_t kern[2])
{
	uint64_t v[3];
	int rc = read_kallsyms(ctx, v);

	if (rc)
		return kx_fail(ctx, rc, "crash: the kernel text: no /proc/kcore, and "
					"/proc/kallsyms: %s", kx_strerror(-rc));
	if (!v[0])
		v[0] = v[1];
	if (!v[1] || (!v[2] && !kern[1]))
		return kx_fail(ctx, -EPERM,
			       "crash: the kernel text: no /proc/kcore, and /proc/kallsyms"
			       " shows %s (kernel.kptr_restrict hides addresses: run as root with"
			       " kptr_restrict 0 or 1)",
			       v[0] || v[2] ? "no _stext, or no _end (nor \"Kernel data\" in"
					      " /proc/iomem)"
					    : "every address as zero");
	if (!kern[0] || v[1] < v[0] || (v[2] && v[2] <= v[0]) || kern[0] < v[1] - v[0] ||
	    (!v[2] && kern[1] <= kern[0]))
		return kx_fail(ctx, -ENOENT, "crash: the kernel text: /proc/iomem has no"
			       " \"Kernel code\" range to place _text (0x%" PRIx64 ")", v[0]);
	s->text_vaddr = v[0];
	s->text_paddr = kern[0] - (v[1] - v[0]);
	s->text_size = v[2] ? v[2] - v[0] : kern[1] - s->text_paddr;
	s->text_from = "/proc/kallsyms";
	return 0;
}

int kx_crash_read(struct kx_ctx *ctx, const struct kx_crash_arch *a, struct kx_crash_src *s)
{
	uint64_t kern[2] = { 0, 0 };
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = read_cpus(ctx, s)) || (rc = read_vmcoreinfo(ctx, s)) ||
	    (rc = read_iomem(ctx, a, s, kern)))
		return rc;
	if (a->unreadable) {
		struct kx_ranges u = { 0 };

		rc = a->unreadable(ctx, &u);
		for (unsigned i = 0; i < u.n; i++)
			kx_ranges_sub(&s->ram, u.r[i].start, u.r[i].end);
		kx_ranges_free(&u);
		if (rc)
			return rc;
	}
	read_kcore(ctx, s);
	if (a->text && !s->text_size && (rc = text_from_kallsyms(ctx, s, kern)))
		return rc;
	if (!s->have_linear)
		kx_dbg(ctx, "crash: no /proc/kcore: the RAM segments of the core header carry no"
		       " virtual addresses");
	return 0;
}

void kx_crash_free(struct kx_crash_src *s)
{
	free(s->cpu);
	kx_ranges_free(&s->ram);
	kx_ranges_free(&s->crash);
	memset(s, 0, sizeof(*s));
}
