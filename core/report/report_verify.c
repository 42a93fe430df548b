/* SPDX-License-Identifier: MIT */
/* report_verify.c - what a signed manifest (--verify) verified, for
 * report.c and report_json.c. */
#include "report.h"
#include "internal.h"

void kx_report_verify(FILE *f, const struct kx_verify *v)
{
	char role[16];

	if (!v || !v->manifest)
		return;
	kx_fprintf(f, "verified:     %s, signed with key %s (%s); each file sealed, then "
		      "checked\n", v->manifest, v->keynum, v->key);
	for (unsigned i = 0; i < v->n; i++) {
		kx_snprintf(role, sizeof(role), "%s:", v->e[i].used_by);
		kx_fprintf(f, "  %-11s %s: its SHA-256 matched\n", role, v->e[i].name);
	}
	kx_fprintf(f, "  cmdline:    the manifest's\n");
}

void kx_report_verify_json(FILE *f, const struct kx_verify *v)
{
	if (!v || !v->manifest) {
		fputs("null", f);
		return;
	}
	fputs("{\"manifest\":", f);
	kx_json_str(f, v->manifest);
	fputs(",\"key\":", f);
	kx_json_str(f, v->key);
	kx_fprintf(f, ",\"keynum\":\"%s\",\"cmdline\":", v->keynum);
	kx_json_str(f, v->cmdline);
	fputs(",\"files\":[", f);
	for (unsigned i = 0; i < v->n; i++) {
		kx_fprintf(f, "%s{\"name\":", i ? "," : "");
		kx_json_str(f, v->e[i].name);
		fputs(",\"role\":", f);
		kx_json_str(f, v->e[i].used_by);
		fputc('}', f);
	}
	fputs("]}", f);
}
