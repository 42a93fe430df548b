/* SPDX-License-Identifier: MIT */
/*
 * diff.c - what the fixups changed, for --dry-run -d: /chosen properties,
 * the /memreserve/ map and memory nodes, one line per change.  The library
 * never prints: text goes to a caller's buffer (or to kx_dbg).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "dtb_int.h"

struct out {
	char *buf;
	size_t len;
	size_t pos; /* what the whole text needs, like snprintf */
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	size_t room = o->pos < o->len ? o->len - o->pos : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kx_vsnprintf(room ? o->buf + o->pos : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += n;
}

struct tree {
	const void *fdt;
	int ac, sc;       /* 0 if the root's cells are unusable */
	int chosen;       /* offset, or < 0 */
	uint64_t is, ie;  /* initrd [is, ie), if have_initrd */
	int have_initrd;
};

static void load(struct tree *t, const void *fdt)
{
	t->fdt = fdt;
	if (kx_dtb_root_cells(fdt, &t->ac, &t->sc))
		t->ac = t->sc = 0;
	t->chosen = fdt_path_offset(fdt, "/chosen");
	t->have_initrd = !kx_dtb_get_initrd(fdt, &t->is, &t->ie);
}

static int is_string(const unsigned char *v, int len)
{
	int i;

	if (len < 1 || v[0] == 0 || v[len - 1] != 0)
		return 0;
	for (i = 0; i < len - 1; i++)
		if ((v[i] < 0x20 || v[i] > 0x7e) && !(v[i] == 0 && v[i + 1] != 0))
			return 0;
	return 1;
}

static void string(struct out *o, const unsigned char *v, int len)
{
	int i;

	put(o, "\"");
	for (i = 0; i < len - 1; i++)
		if (v[i] == 0)
			put(o, "\", \"");
		else
			put(o, v[i] == '"' || v[i] == '\\' ? "\\%c" : "%c", v[i]);
	put(o, "\"");
}

static int is_range_prop(const char *name)
{
	static const char *const names[] = {
		"linux,elfcorehdr", "linux,usable-memory-range", "linux,ima-kexec-buffer",
		"linux,kho-fdt", "linux,kho-scratch",
	};
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

/* (address, size) pairs in the tree's cells: "0x1000+0x2000 0x...". */
static int ranges(struct out *o, const struct tree *t, const unsigned char *v, int len)
{
	int w = 4 * (t->ac + t->sc), i;

	if (!t->ac || len == 0 || len % w)
		return 0;
	for (i = 0; i < len; i += w)
		put(o, "%s0x%llx+0x%llx", i ? " " : "",
		    (unsigned long long)kx_dtb_get_cells(v + i, t->ac),
		    (unsigned long long)kx_dtb_get_cells(v + i + 4 * t->ac, t->sc));
	return 1;
}

static void value(struct out *o, const struct tree *t, const char *name, const void *pv, int len)
{
	const unsigned char *v = pv;
	int i;

	if (!v)
		put(o, "(none)");
	else if (!strcmp(name, "kaslr-seed") || !strcmp(name, "rng-seed"))
		put(o, "(%d bytes)", len); /* a printed seed is a spent seed */
	else if ((!strcmp(name, "linux,initrd-start") || !strcmp(name, "linux,initrd-end")) &&
		 (len == 4 || len == 8))
		put(o, "0x%llx", (unsigned long long)kx_dtb_get_cells(v, len / 4));
	else if (is_range_prop(name) && ranges(o, t, v, len))
		;
	else if (len == 0)
		put(o, "(empty)");
	else if (is_string(v, len))
		string(o, v, len);
	else if (len % 4 == 0 && len <= 32)
		for (i = 0; i < len; i += 4)
			put(o, "%s0x%llx%s", i ? " " : "<",
			    (unsigned long long)kx_dtb_get_cells(v + i, 1),
			    i + 4 == len ? ">" : "");
	else
		put(o, "(%d bytes)", len);
}

static void prop_line(struct out *o, const struct tree *b, const struct tree *a, const char *name,
		      const void *bv, int blen, const void *av, int alen)
{
	if (bv && av && blen == alen && !memcmp(bv, av, blen))
		return;
	put(o, "chosen: %s: ", name);
	value(o, b, name, bv, blen);
	put(o, " -> ");
	value(o, a, name, av, alen);
	put(o, "\n");
}

static int chosen(struct out *o, const struct tree *b, const struct tree *a)
{
	const void *bv, *av;
	const char *name;
	int p, blen, alen;

	if (b->chosen < 0 && a->chosen >= 0)
		put(o, "chosen: (node added)\n");
	if (b->chosen >= 0 && a->chosen < 0)
		put(o, "chosen: (node removed)\n");
	if (b->chosen >= 0) {
		fdt_for_each_property_offset(p, b->fdt, b->chosen) {
			if (!(bv = fdt_getprop_by_offset(b->fdt, p, &name, &blen)))
				return blen;
			av = a->chosen >= 0 ? fdt_getprop(a->fdt, a->chosen, name, &alen) : NULL;
			prop_line(o, b, a, name, bv, blen, av, alen);
		}
		if (p != -FDT_ERR_NOTFOUND)
			return p;
	}
	if (a->chosen < 0)
		return 0;
	fdt_for_each_property_offset(p, a->fdt, a->chosen) {
		if (!(av = fdt_getprop_by_offset(a->fdt, p, &name, &alen)))
			return alen;
		if (b->chosen < 0 || !fdt_getprop(b->fdt, b->chosen, name, &blen))
			prop_line(o, b, a, name, NULL, 0, av, alen);
	}
	return p == -FDT_ERR_NOTFOUND ? 0 : p;
}

/* Say what a reservation is for, when it is one of ours or the old one's. */
static const char *why_reserved(const struct tree *t, uint64_t addr, uint64_t size, int old)
{
	const void *v;
	int len;

	if (t->have_initrd && addr == t->is && size >= t->ie - t->is &&
	    size - (t->ie - t->is) < 65536)
		return old ? " (old initrd)" : " (initrd)";
	v = t->chosen >= 0 ? fdt_getprop(t->fdt, t->chosen, old ? "linux,ima-kexec-buffer" :
					 "linux,elfcorehdr", &len) : NULL;
	if (v && t->ac && len == 4 * (t->ac + t->sc) && kx_dtb_get_cells(v, t->ac) == addr &&
	    kx_dtb_get_cells((const char *)v + 4 * t->ac, t->sc) == size)
		return old ? " (old IMA buffer)" : " (elfcorehdr)";
	return "";
}

static int memreserve(struct out *o, const struct tree *from, const struct tree *to, char sign)
{
	int i, n = fdt_num_mem_rsv(from->fdt);
	uint64_t addr, size;

	for (i = 0; i < n; i++) {
		if (fdt_get_mem_rsv(from->fdt, i, &addr, &size))
			return -FDT_ERR_TRUNCATED;
		if (kx_dtb_memrsv_find(to->fdt, addr, size) < 0)
			put(o, "memreserve: %c 0x%llx+0x%llx%s\n", sign, (unsigned long long)addr,
			    (unsigned long long)size, why_reserved(from, addr, size, sign == '-'));
	}
	return n < 0 ? n : 0;
}

static int memory(struct out *o, const struct tree *from, const struct tree *to, char sign)
{
	const char *name;
	const void *reg;
	int node, other, len;

	fdt_for_each_subnode(node, from->fdt, 0) {
		if (!kx_dtb_is_memory(from->fdt, node) ||
		    !(name = fdt_get_name(from->fdt, node, NULL)))
			continue;
		other = fdt_subnode_offset(to->fdt, 0, name);
		if (other >= 0 && kx_dtb_is_memory(to->fdt, other))
			continue;
		put(o, "memory: %c /%s", sign, name);
		reg = fdt_getprop(from->fdt, node, "reg", &len);
		if (sign == '+' && reg) {
			put(o, " ");
			if (!ranges(o, from, reg, len))
				value(o, from, "reg", reg, len);
		}
		put(o, "\n");
	}
	return node == -FDT_ERR_NOTFOUND ? 0 : node;
}

int kx_dtb_diff(const void *before, const void *after, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	struct tree b, a;
	int rc;

	if (buf && len)
		buf[0] = 0;
	load(&b, before);
	load(&a, after);
	if ((rc = chosen(&o, &b, &a)) || (rc = memreserve(&o, &b, &a, '-')) ||
	    (rc = memreserve(&o, &a, &b, '+')) || (rc = memory(&o, &b, &a, '-')) ||
	    (rc = memory(&o, &a, &b, '+')))
		return rc;
	return o.pos > INT_MAX ? INT_MAX : (int)o.pos;
}

void kx_dtb_debug_diff(struct kx_ctx *ctx, const struct kx_dtb *before,
		       const struct kx_dtb *after)
{
	char *text, *line, *next;
	int n;

	if (!ctx || !ctx->debug)
		return;
	n = kx_dtb_diff(before->fdt, after->fdt, NULL, 0);
	if (n < 0) {
		kx_dbg(ctx, "dtb %s: cannot compare: %s", after->name, kx_dtb_strerror(n));
		return;
	}
	if (n == 0) {
		kx_dbg(ctx, "dtb %s: unchanged", after->name);
		return;
	}
	if (!(text = malloc((size_t)n + 1)))
		return;
	kx_dtb_diff(before->fdt, after->fdt, text, (size_t)n + 1);
	for (line = text; (next = strchr(line, '\n')); line = next) {
		*next++ = 0;
		kx_dbg(ctx, "dtb: %s", line);
	}
	free(text);
}
