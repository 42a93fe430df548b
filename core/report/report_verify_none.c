/* SPDX-License-Identifier: MIT */
/* report_verify_none.c - CONFIG_VERIFY off: no manifest to report. */
#include "report.h"

void kx_report_verify(FILE *f, const struct kx_verify *v)
{
}

void kx_report_verify_json(FILE *f, const struct kx_verify *v)
{
	fputs("null", f);
}
