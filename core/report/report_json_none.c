/* SPDX-License-Identifier: MIT */
/* report_json_none.c - CONFIG_JSON off: --json is refused by the command. */
#include "report.h"

const int kx_have_json = 0;

void kx_report_plan_json(FILE *f, const struct kx_plan *p, int dry_run)
{
}

void kx_report_status_json(FILE *f, int loaded, int crash_loaded)
{
}

void kx_report_error_json(FILE *f, const struct kx_ctx *ctx, int exit_code)
{
}
