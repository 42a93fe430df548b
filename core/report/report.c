/* SPDX-License-Identifier: MIT */
/*
 * report.c - a plan in words: what matched and why, where RAM came from,
 * every segment, the entry, the command line and the syscall.  Used by
 * --dry-run and -d; writes only to the FILE the caller gives.
 */
#include <inttypes.h>
#include <string.h>
#include "report.h"
#include "internal.h"

static const char *mode_name(enum kx_syscall_mode m)
{
	return m == KX_SYSCALL_FILE ? "-s" : m == KX_SYSCALL_LOAD ? "-c" : "-a, the default";
}

void kx_report_plan(FILE *f, const struct kx_plan *p, int dry_run)
{
	int file = p->syscall && !strcmp(p->syscall, "kexec_file_load");
	char usable[24], total[24];
	unsigned i;

	kx_fprintf(f, "image:        %s %s\n", p->format, p->kernel_path);
	kx_fprintf(f, "  matched:    %s\n", p->why);
	if (p->fit) {
		kx_fprintf(f, "fit:          configuration %s%s: every hash node matched%s%s\n",
			   p->fit->config, p->fit->by_default ? " (its default)" : "",
			   p->fit->signed_by[0] ? "; signed: " : "", p->fit->signed_by);
		for (i = 0; i < p->fit->nparts; i++) {
			const struct kx_fit_part *t = &p->fit->part[i];
			char role[16];

			kx_snprintf(role, sizeof(role), "%s:", t->role);
			kx_fprintf(f, "  %-11s %s, %zu bytes, %s; %s%s%s%s%s\n", role, t->name,
				   t->size, t->comp, t->hashes, t->signed_by[0] ? "; signed: " : "",
				   t->signed_by, t->unused ? "; not used: " : "",
				   t->unused ? t->unused : "");
		}
	}
	kx_report_verify(f, p->verify);
	kx_fprintf(f, "memory:       %s: %u range%s, %s MiB usable; MemTotal %s MiB\n", p->memsrc,
		p->ram.n, p->ram.n == 1 ? "" : "s", kx_tenths(usable, kx_ranges_total(&p->ram), 20),
		kx_tenths(total, p->ram_total, 20));
	for (i = 0; i < p->ram.n; i++)
		kx_fprintf(f, "  ram:        0x%09" PRIx64 "-0x%09" PRIx64 "\n", p->ram.r[i].start,
			   p->ram.r[i].end);
	kx_fprintf(f, "segments:     %u (kexec_load)\n", p->nseg);
	for (i = 0; i < p->nseg; i++) {
		const struct kx_segment *s = &p->seg[i];

		char sz[16];

		kx_fprintf(f,
			   "  %2u %-11s 0x%09" PRIx64 "-0x%09" PRIx64 " %10s  %zu bytes from "
			   "%s\n",
			   i, s->what, s->mem, s->mem + s->memsz, kx_size(sz, s->memsz), s->bufsz,
			   s->source);
	}
	if (p->core.elf_class) {
		const struct kx_core_hdr *c = &p->core;
		char mib[24];

		kx_fprintf(f, "core header:  ELF%d at 0x%" PRIx64 ": %u CPU note%s,"
			      " VMCOREINFO at 0x%" PRIx64 ", %u RAM range%s (%s MiB)\n",
			   c->elf_class, c->addr, c->cpus, c->cpus == 1 ? "" : "s", c->vmcoreinfo,
			   c->ram.n, c->ram.n == 1 ? "" : "s",
			   kx_tenths(mib, kx_ranges_total(&c->ram), 20));
		if (c->hotplug)
			kx_fprintf(f, "  hotplug:    the kernel rewrites it as CPUs and memory"
				      " change: %" PRIu64 " bytes of room, not in the purgatory's"
				      " digest\n", c->size);
		if (c->text_size)
			kx_fprintf(f, "  text:       0x%" PRIx64 " at 0x%09" PRIx64
				      "-0x%09" PRIx64 "\n",
				   c->text_vaddr, c->text_paddr, c->text_paddr + c->text_size);
		for (i = 0; i < c->ram.n; i++)
			kx_fprintf(f, "  dumped:     0x%09" PRIx64 "-0x%09" PRIx64 "\n",
				   c->ram.r[i].start, c->ram.r[i].end);
	}
	kx_fprintf(f, "entry:        0x%" PRIx64 "\n", p->entry);
	kx_fprintf(f, "command line: %zu bytes (limit %zu): \"%s\"\n",
		   strlen(kx_plan_cmdline(p)) + 1, p->cmdline_max, kx_plan_cmdline(p));
	if (p->initrd_path)
		kx_fprintf(f, "initrd:       %s\n", p->initrd_path);
	kx_fprintf(f, "syscall:      %s (%s)%s%s\n", p->syscall ? p->syscall : "none",
		mode_name(p->mode), p->fallback[0] ? "; kexec_load because " : "", p->fallback);
	if (file && p->file_kernel.data)
		kx_fprintf(f, "  kernel:     a sealed memfd of the %zu-byte kernel %s from the file"
			      " (which the kernel does not see: a signature on the file is not"
			      " checked, only one the unwrapped kernel carries itself)\n",
			   p->file_kernel.size, p->file_kernel.how);
	else if (file && p->verify)
		kx_fprintf(f, "  kernel:     a sealed memfd of the file as it was checked\n");
	else if (file)
		kx_fprintf(f, "  kernel:     the file as it is\n");
	if (file && p->mode == KX_SYSCALL_AUTO)
		kx_fprintf(f, "  fallback:   kexec_load with the segments above if the kernel "
			      "refuses the file"
			   " (ENOSYS, EINVAL, ENOEXEC, EOPNOTSUPP)\n");
	if (dry_run)
		kx_fprintf(f, "dry run:      nothing was loaded\n");
}
