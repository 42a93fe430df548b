/* SPDX-License-Identifier: MIT */
/* report_json.c - the same facts as report.c, as JSON (--json). */
#include <inttypes.h>
#include <string.h>
#include "report.h"
#include "internal.h"

const int kx_have_json = 1;

static void str(FILE *f, const char *s)
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
	str(f, kx_arch.name);
	fputs(",\"format\":", f);
	str(f, p->format);
	fputs(",\"kernel\":", f);
	str(f, p->kernel_path);
	fputs(",\"initrd\":", f);
	str(f, p->initrd_path);
	fputs(",\"matched\":", f);
	str(f, p->why);
	fputs(",\"fit\":", f);
	if (p->fit) {
		fputs("{\"config\":", f);
		str(f, p->fit->config);
		fputs(",\"signed\":", f);
		str(f, p->fit->signed_by[0] ? p->fit->signed_by : NULL);
		fputs(",\"images\":[", f);
		for (i = 0; i < p->fit->nparts; i++) {
			const struct kx_fit_part *t = &p->fit->part[i];

			kx_fprintf(f, "%s{\"role\":\"%s\",\"name\":", i ? "," : "", t->role);
			str(f, t->name);
			kx_fprintf(f, ",\"size\":%zu,\"compression\":", t->size);
			str(f, t->comp);
			fputs(",\"hashes\":", f);
			str(f, t->hashes);
			fputs(",\"signed\":", f);
			str(f, t->signed_by[0] ? t->signed_by : NULL);
			fputs(",\"not_used\":", f);
			str(f, t->unused);
			fputc('}', f);
		}
		fputs("]}", f);
	} else {
		fputs("null", f);
	}
	fputs(",\"verify\":", f);
	if (p->verify && p->verify->manifest) {
		const struct kx_verify *v = p->verify;

		fputs("{\"manifest\":", f);
		str(f, v->manifest);
		fputs(",\"key\":", f);
		str(f, v->key);
		kx_fprintf(f, ",\"keynum\":\"%s\",\"cmdline\":", v->keynum);
		str(f, v->cmdline);
		fputs(",\"files\":[", f);
		for (i = 0; i < v->n; i++) {
			kx_fprintf(f, "%s{\"name\":", i ? "," : "");
			str(f, v->e[i].name);
			fputs(",\"role\":", f);
			str(f, v->e[i].used_by);
			fputc('}', f);
		}
		fputs("]}", f);
	} else {
		fputs("null", f);
	}
	fputs(",\"memory\":{\"source\":", f);
	str(f, p->memsrc);
	kx_fprintf(f, ",\"mem_total\":%" PRIu64 ",\"ranges\":[", p->ram_total);
	for (i = 0; i < p->ram.n; i++)
		kx_fprintf(f, "%s{\"start\":%" PRIu64 ",\"end\":%" PRIu64 "}", i ? "," : "",
			   p->ram.r[i].start, p->ram.r[i].end);
	fputs("]},\"segments\":[", f);
	for (i = 0; i < p->nseg; i++) {
		const struct kx_segment *s = &p->seg[i];

		kx_fprintf(f, "%s{\"what\":", i ? "," : "");
		str(f, s->what);
		fputs(",\"source\":", f);
		str(f, s->source);
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
		str(f, p->file_kernel.how);
		kx_fprintf(f, ",\"size\":%zu}", p->file_kernel.size);
	} else {
		fputs("null", f);
	}
	kx_fprintf(f, ",\"entry\":%" PRIu64 ",\"cmdline\":", p->entry);
	str(f, kx_plan_cmdline(p));
	kx_fprintf(f, ",\"cmdline_max\":%zu,\"syscall\":", p->cmdline_max);
	str(f, p->syscall);
	fputs(",\"mode\":", f);
	str(f, p->mode == KX_SYSCALL_FILE ? "file" : p->mode == KX_SYSCALL_LOAD ? "load" : "auto");
	fputs(",\"fallback\":", f);
	str(f, p->fallback[0] ? p->fallback : NULL);
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
	str(f, ctx->msg);
	kx_fprintf(f, ",\"errno\":%d,\"stage\":\"%s\",\"exit\":%d}}\n", -ctx->err,
		ctx->stage >= 0 && ctx->stage < 4 ? stage[ctx->stage] : "none", exit_code);
}
