/* SPDX-License-Identifier: MIT */
/* report.h - plans, status and errors as text (report.c) or JSON (report_json.c). */
#ifndef KX_REPORT_H
#define KX_REPORT_H
#include <stdio.h>
#include "kexec.h"

void kx_report_plan(FILE *f, const struct kx_plan *p, int dry_run);
void kx_report_plan_json(FILE *f, const struct kx_plan *p, int dry_run);
void kx_report_status_json(FILE *f, int loaded, int crash_loaded);
void kx_report_error_json(FILE *f, const struct kx_ctx *ctx, int exit_code);
/* report_json.c: s as a JSON string, or null for NULL. */
void kx_json_str(FILE *f, const char *s);
/* report_verify.c (report_verify_none.c): what a manifest verified, as
 * text lines or a JSON value (null: none). */
void kx_report_verify(FILE *f, const struct kx_verify *v);
void kx_report_verify_json(FILE *f, const struct kx_verify *v);
extern const int kx_have_json;

#endif
