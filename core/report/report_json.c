/* SPDX-License-Identifier: MIT */
/* report_json.c - the same facts as report.c, as JSON (--json). */
#include <inttypes.h>
#include <string.h>
#include "report.h"
#include "internal.h"

const int kx_have_json = 1;

void kx_json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			kx_fprintf(f, "\\%c", c);
		else if (c < 0x20)
			kx_fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void kx_report_plan_json(FILE *f, const struct kx_plan *p, int dry_run)
{
	unsigned i;

	fputs("{\"dry_run\":", f);
	fputs(dry_run ? "true" : "false", f);
	fputs(",\"arch\":", f);
	kx_json_str(f, kx_arch.name);
	fputs(",\"format\":", f);
	kx_json_str(f, p->format);
	fputs(",\"kernel\":", f);
	kx_json_str(f, p->kernel_path);
	fputs(",\"initrd\":", f);
	kx_json_str(f, p->initrd_path);
	fputs(",\"matched\":", f);
	kx_json_str(f, p->why);
	fputs(",\"fit\":", f);
	if (p->fit) {
		fputs("{\"config\":", f);
		kx_json_str(f, p->fit->config);
		fputs(",\"signed\":", f);
		kx_json_str(f, p->fit->signed_by[0] ? p->fit->signed_by : NULL);
		fputs(",\"images\":[", f);
		for (i = 0; i < p->fit->nparts; i++) {
			const struct kx_fit_part *t = &p->fit->part[i];

			kx_fprintf(f, "%s{\"role\":\"%s\",\"name\":", i ? "," : "", t->role);
			kx_json_str(f, t->name);
			kx_fprintf(f, ",\"size\":%zu,\"compression\":", t->size);
			kx_json_str(f, t->comp);
			fputs(",\"hashes\":", f);
			kx_json_str(f, t->hashes);
			fputs(",\"signed\":", f);
			kx_json_str(f, t->signed_by[0] ? t->signed_by : NULL);
			fputs(",\"not_used\":", f);
			kx_json_str(f, t->unused);
			fputc('}', f);
		}
		fputs("]}", f);
	} else {
		fputs("null", f);
	}
	fputs(",\"verify\":", f);
	kx_report_verify_json(f, p->verify);
	fputs(",\"memory\":{\"source\":", f);
	kx_json_str(f, p->memsrc);
	kx_fprintf(f, ",\"mem_total\":%" PRIu64 ",\"ranges\":[", p->ram_total);
	for (i = 0; i < p->ram.n; i++)
		kx_fprintf(f, "%s{\"start\":%" PRIu64 ",\"end\":%" PRIu64 "}", i ? "," : "",
			   p->ram.r[i].start, p->ram.r[i].end);
	fputs("]},\"segments\":[", f);
	for (i = 0; i < p->nseg; i++) {
		const struct kx_segment *s = &p->seg[i];

		kx_fprintf(f, "%s{\"what\":", i ? "," : "");
		kx_json_str(f, s->what);
		fputs(",\"source\":", f);
		kx_json_str(f, s->source);
		kx_fprintf(f, ",\"mem\":%" PRIu64 ",\"memsz\":%" PRIu64 ",\"bufsz\":%zu}", s->mem,
			   s->memsz, s->bufsz);
	}
	fputs("],\"core_header\":", f);
	if (p->core.elf_class) {
		const struct kx_core_hdr *c = &p->core;

		kx_fprintf(f, "{\"class\":%d,\"addr\":%" PRIu64 ",\"size\":%" PRIu64
			      ",\"hotplug\":%s,\"cpu_notes\":%u,\"vmcoreinfo\":%" PRIu64
			      ",\"text\":",
			   c->elf_class, c->addr, c->size, c->hotplug ? "true" : "false", c->cpus,
			   c->vmcoreinfo);
		if (c->text_size)
			kx_fprintf(f, "{\"vaddr\":%" PRIu64 ",\"paddr\":%" PRIu64
				      ",\"size\":%" PRIu64 "}", c->text_vaddr, c->text_paddr,
				   c->text_size);
		else
			fputs("null", f);
		fputs(",\"ram\":[", f);
		for (i = 0; i < c->ram.n; i++)
			kx_fprintf(f, "%s{\"start\":%" PRIu64 ",\"end\":%" PRIu64 "}", i ? "," : "",
				   c->ram.r[i].start, c->ram.r[i].end);
		fputs("]}", f);
	} else {
		fputs("null", f);
	}
	/* What kexec_file_load gets when it is not the file: an unwrapped kernel. */
	fputs(",\"file_kernel\":", f);
	if (p->file_kernel.data) {
		fputs("{\"how\":", f);
		kx_json_str(f, p->file_kernel.how);
		kx_fprintf(f, ",\"size\":%zu}", p->file_kernel.size);
	} else {
		fputs("null", f);
	}
	kx_fprintf(f, ",\"entry\":%" PRIu64 ",\"cmdline\":", p->entry);
	kx_json_str(f, kx_plan_cmdline(p));
	kx_fprintf(f, ",\"cmdline_max\":%zu,\"syscall\":", p->cmdline_max);
	kx_json_str(f, p->syscall);
	fputs(",\"mode\":", f);
	kx_json_str(f, p->mode == KX_SYSCALL_FILE   ? "file"
		       : p->mode == KX_SYSCALL_LOAD ? "load"
						    : "auto");
	fputs(",\"fallback\":", f);
	kx_json_str(f, p->fallback[0] ? p->fallback : NULL);
	fputs("}\n", f);
}

void kx_report_status_json(FILE *f, int loaded, int crash_loaded)
{
	kx_fprintf(f, "{\"arch\":\"%s\",\"loaded\":%s,\"crash_loaded\":%s}\n", kx_arch.name,
		loaded < 0 ? "null" : loaded ? "true" : "false",
		crash_loaded < 0 ? "null" : crash_loaded ? "true" : "false");
}

void kx_report_error_json(FILE *f, const struct kx_ctx *ctx, int exit_code)
{
	static const char *const stage[] = { "none", "input", "plan", "kernel" };

	fputs("{\"error\":{\"message\":", f);
	kx_json_str(f, ctx->msg);
	kx_fprintf(f, ",\"errno\":%d,\"stage\":\"%s\",\"exit\":%d}}\n", -ctx->err,
		ctx->stage >= 0 && ctx->stage < 4 ? stage[ctx->stage] : "none", exit_code);
}
