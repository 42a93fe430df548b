/* SPDX-License-Identifier: MIT */
/*
 * console.c - the UART the purgatory reports on (--serial, --console-serial):
 * a tty as the running kernel describes it in /sys/class/tty/NAME
 * (io_type, port, iomem_base, iomem_reg_shift), or an I/O port by number.
 * Which kinds an arch's purgatory can write to is its kx_arch.consoles.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "internal.h"
#include "purgatory.h"

/* serial_core's io_type (UPIO_*) */
#define UPIO_PORT 0
#define UPIO_MEM 2
#define UPIO_MEM32 3

static const char *const kind_name[] = {
	[KX_CON_PORT] = "an 8250 at an I/O port", [KX_CON_8250] = "an 8250 in memory (8-bit)",
	[KX_CON_8250_32] = "an 8250 in memory (32-bit)", [KX_CON_PL011] = "a PL011 (8-bit)",
	[KX_CON_PL011_32] = "a PL011 (32-bit)",
};

/* /sys/class/tty/NAME/FILE as a number: 0 or -errno, recorded. */
static int attr(struct kx_ctx *ctx, const char *name, const char *file, uint64_t *v)
{
	char path[96], text[32];
	long n;

	kx_snprintf(path, sizeof(path), "/sys/class/tty/%s/%s", name, file);
	n = kx_read_text(ctx, path, text, sizeof(text));
	if (n < 0)
		return kx_fail(ctx, (int)n, "--serial=%s: %s: %s (not a serial port of the running "
					    "kernel?)", name, path, kx_strerror((int)-n));
	if (!(text[0] == '0' && text[1] == 'x' ? kx_parse_hex(text, v) : kx_parse_dec(text, v)))
		return kx_fail(ctx, -EINVAL, "%s: not a number", path);
	return 0;
}

static int from_tty(struct kx_ctx *ctx, const char *name, struct kx_console *c)
{
	uint64_t type, v;
	int rc = attr(ctx, name, "io_type", &type);

	if (rc)
		return rc;
	if (type == UPIO_PORT)
		c->kind = KX_CON_PORT;
	else if (type == UPIO_MEM || type == UPIO_MEM32)
		c->kind = (!strncmp(name, "ttyAMA", 6) ? KX_CON_PL011 : KX_CON_8250) +
			  (type == UPIO_MEM32);
	else
		return kx_fail_plan(ctx, -EOPNOTSUPP, "--serial=%s: io_type %" PRIu64 " (neither "
						      "I/O port nor memory-mapped 8- or 32-bit "
						      "registers)", name, type);
	if (c->kind == KX_CON_8250 || c->kind == KX_CON_8250_32) {
		if ((rc = attr(ctx, name, "iomem_reg_shift", &v)))
			return rc;
		c->shift = (unsigned)v & 7;
	}
	return attr(ctx, name, c->kind == KX_CON_PORT ? "port" : "iomem_base", &c->base);
}

int kx_console_find(struct kx_ctx *ctx, const struct kx_opts *o, struct kx_plan *p)
{
	struct kx_console *c = &p->console;
	const char *s = o->serial;
	uint64_t v;

	c->name = s;
	if (s[0] == '0' && s[1] == 'x') {
		if (!(s = kx_parse_hex(s, &v)) || *s || !v || v > 0xffff)
			return kx_fail(ctx, -EINVAL, "--serial=%s: not a tty name (ttyS0) nor "
						     "an I/O port (0x3f8)", c->name);
		c->kind = KX_CON_PORT;
		c->base = v;
	} else if (strchr(s, '/') || !strncmp(s, "..", 2) || strlen(s) > 32) {
		return kx_fail(ctx, -EINVAL, "--serial=%s: not a tty name (ttyS0, ttyAMA0)", s);
	} else {
		int rc = from_tty(ctx, s, c);

		if (rc)
			return rc;
	}
	if (!(kx_arch.consoles & (1u << c->kind)))
		return kx_fail_plan(ctx, -EOPNOTSUPP, "--serial=%s: %s UART, and %s",
				    c->name, kind_name[c->kind],
				    kx_arch.consoles ? "the purgatory here writes to another kind"
						     : "no purgatory runs on this arch");
	if (o->serial_baud) {
		if (c->kind != KX_CON_PORT || o->serial_baud > 115200 || 115200 % o->serial_baud)
			return kx_fail(ctx, -EINVAL, "--serial-baud=%u: for an I/O-port 8250 only, "
						     "at 115200 divided by a whole number",
				       o->serial_baud);
		c->div = 115200 / o->serial_baud;
	}
	/* The line is our purgatory's: the kernel's own says nothing. */
	kx_plan_no_file(p, "--serial: the console line is this kexec's purgatory's, and "
			   "kexec_file_load runs the kernel's");
	kx_dbg(ctx, "--serial=%s: %s at 0x%" PRIx64 "%s", c->name, kind_name[c->kind], c->base,
	       c->div ? ", its baud rate set" : "");
	return 0;
}
