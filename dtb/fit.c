/* SPDX-License-Identifier: MIT */
/*
 * fit.c - U-Boot's Flattened Image Tree (doc/usage/fit/ in U-Boot, made
 * by mkimage -f): a device tree whose /images nodes carry a kernel,
 * device trees and ramdisks, each with hash nodes, and whose
 * /configurations say which go together.  One configuration is loaded:
 * --fit-config=NAME, else the one /configurations' "default" names.  Its
 * kernel goes through the arch's other formats (after its compression),
 * its first fdt becomes the tree unless --dtb is given, its ramdisk the
 * initrd unless --initrd is.  Every hash node of every image used is
 * checked, and must match, before anything is placed: the FIT is untrusted
 * input and passes the dtb gate first.
 *
 * An image's data is its "data" property, or lies after the tree
 * (mkimage -E): at "data-position" from the file's start, else at
 * "data-offset" from the tree's totalsize rounded up to 4 bytes, for
 * "data-size" bytes; it must lie in the file and not in the tree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <libfdt.h>
#include "internal.h"
#include "decompress.h"
#include "sha256.h"
#include "dtb.h"
#include "fit.h"
#include "verify.h"

int kx_fit_hash_matches(const char *algo, const void *data, size_t n, const void *value,
			int vlen)
{
	unsigned char d[32];
	int len;

	if (!strcmp(algo, "crc32")) {
		uLong c = crc32(0, Z_NULL, 0);

		/* zlib's crc32 takes at most 4 GiB at a time (uInt). */
		for (const unsigned char *p = data; n; ) {
			uInt k = n > (1u << 30) ? 1u << 30 : (uInt)n;

			c = crc32(c, p, k);
			p += k;
			n -= k;
		}
		for (len = 0; len < 4; len++) /* big-endian, as mkimage writes it */
			d[len] = (unsigned char)(c >> (24 - 8 * len));
	} else if (!strcmp(algo, "sha1")) {
		kx_sha1(data, n, d);
		len = 20;
	} else if (!strcmp(algo, "sha256")) {
		kx_sha256(data, n, d);
		len = 32;
	} else {
		return -ENOTSUP;
	}
	if (vlen != len)
		return -EINVAL;
	return !memcmp(d, value, (size_t)len);
}

struct fit {
	struct kx_ctx *ctx;
	const struct kx_file *k;
	const void *t;   /* the tree: the file's first bytes */
	int images;
};

const char *kx_fit_str(const void *t, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(t, node, name, &len);

	return s && len > 0 && !s[len - 1] ? s : NULL;
}

static int u32prop(const void *t, int node, const char *name, uint32_t *v)
{
	int len;
	const fdt32_t *c = fdt_getprop(t, node, name, &len);

	if (!c || len != 4)
		return -1;
	*v = fdt32_ld(c);
	return 0;
}

static int bad(const struct fit *f, int err, const char *img, const char *fmt, const char *what)
{
	return kx_fail(f->ctx, err, "kernel %s: FIT image %s: %s%s", f->k->path, img, fmt, what);
}

/* The data of image node n (named name) into *d, *len. */
static int image_data(const struct fit *f, int n, const char *name, const unsigned char **d,
		      size_t *len)
{
	const void *t = f->t;
	uint64_t tree = fdt_totalsize(t), at;
	uint32_t pos, off, size;
	int l;
	const unsigned char *v = fdt_getprop(t, n, "data", &l);

	if (v) {
		*d = v;
		*len = (size_t)l;
		return 0;
	}
	if (u32prop(t, n, "data-size", &size))
		return bad(f, -EINVAL, name, "no data, and no data-size for data outside the tree",
			   "");
	if (!u32prop(t, n, "data-position", &pos))
		at = pos;
	else if (!u32prop(t, n, "data-offset", &off))
		at = KX_ALIGN_UP(tree, 4) + off;
	else
		return bad(f, -EINVAL, name, "data-size but neither data-position nor data-offset",
			   "");
	if (at < tree || at + size > f->k->size) {
		kx_fail(f->ctx, -EINVAL, "kernel %s: FIT image %s: its %u bytes at 0x%llx are not "
					 "in the file after the tree (0x%llx-0x%zx)",
			f->k->path, name, size, (unsigned long long)at, (unsigned long long)tree,
			f->k->size);
		return f->ctx->err;
	}
	*d = f->k->data + at;
	*len = size;
	return 0;
}

/* Every hash node of image n matches its data; their algorithms into
 * part->hashes.  No hash node at all is refused: then nothing says the
 * bytes are the ones their maker wrote. */
static int check_hashes(const struct fit *f, int n, const char *name, const unsigned char *d,
			size_t len, struct kx_fit_part *part)
{
	size_t used = 0;
	int h, count = 0;

	fdt_for_each_subnode(h, f->t, n) {
		const char *hn = fdt_get_name(f->t, h, NULL), *algo;
		const void *value;
		int vlen, rc;

		if (!hn || strncmp(hn, "hash", 4))
			continue;
		algo = kx_fit_str(f->t, h, "algo");
		value = fdt_getprop(f->t, h, "value", &vlen);
		if (!algo || !value)
			return kx_fail(f->ctx, -EINVAL, "kernel %s: FIT image %s: %s has no %s",
				       f->k->path, name, hn, algo ? "value" : "algo");
		rc = kx_fit_hash_matches(algo, d, len, value, vlen);
		if (rc == -ENOTSUP)
			return kx_fail(f->ctx, rc, "kernel %s: FIT image %s: %s: hash algorithm "
						   "\"%s\" is not one this kexec checks (crc32, "
						   "sha1, sha256)",
				       f->k->path, name, hn, algo);
		if (rc < 0)
			return kx_fail(f->ctx, rc, "kernel %s: FIT image %s: %s: a %s value of %d "
						   "bytes", f->k->path, name, hn, algo, vlen);
		if (!rc)
			return kx_fail(f->ctx, -EBADMSG, "kernel %s: FIT image %s: its %s (%s) "
						       "does not match its %zu bytes: damaged or "
						       "changed", f->k->path, name, algo, hn, len);
		used += (size_t)kx_snprintf(part->hashes + used, used < sizeof(part->hashes) ?
					    sizeof(part->hashes) - used : 0, "%s%s",
					    count ? " " : "", algo);
		count++;
	}
	if (!count)
		return bad(f, -EBADMSG, name, "no hash node: nothing shows its data is whole", "");
	return 0;
}

/* U-Boot's name for this arch (boot/image.c's uimage_arch). */
static const char *uboot_arch(void)
{
	return strcmp(kx_arch.name, "riscv64") ? kx_arch.name : "riscv";
}

/* The image that configuration c names by property role (its first
 * entry), checked: type, arch, os, the data and its hashes. */
static int take(const struct fit *f, int c, const char *role, const char *type,
		struct kx_fit_part *part, struct kx_fit_img *img)
{
	const char *name = fdt_stringlist_get(f->t, c, role, 0, NULL), *v;
	int n, rc;

	if (!name)
		return 0;
	n = fdt_subnode_offset(f->t, f->images, name);
	if (n < 0)
		return kx_fail(f->ctx, -EINVAL, "kernel %s: FIT configuration %s: its %s \"%s\" is "
						"not an image in /images",
			       f->k->path, fdt_get_name(f->t, c, NULL), role, name);
	if (!strcmp(role, "fdt") && fdt_stringlist_count(f->t, c, role) > 1)
		return kx_fail(f->ctx, -EOPNOTSUPP, "kernel %s: FIT configuration %s: fdt overlays "
						    "are not supported", f->k->path,
			       fdt_get_name(f->t, c, NULL));
	v = kx_fit_str(f->t, n, "type");
	if (!v || (strcasecmp(v, type) && !(!strcmp(role, "kernel") &&
					     !strcasecmp(v, "kernel_noload"))))
		return bad(f, -EINVAL, name, "type is not ", type);
	v = kx_fit_str(f->t, n, "arch");
	if (v && strcasecmp(v, uboot_arch()))
		return kx_fail(f->ctx, -ENOEXEC, "kernel %s: FIT image %s is for arch \"%s\", not "
						 "\"%s\"", f->k->path, name, v, uboot_arch());
	v = kx_fit_str(f->t, n, "os");
	if (!strcmp(role, "kernel") && (!v || strcasecmp(v, "linux")))
		return bad(f, -ENOEXEC, name, "os is not linux", "");
	part->role = role;
	part->name = name;
	part->comp = kx_fit_str(f->t, n, "compression");
	if (!part->comp)
		part->comp = "none";
	*img = (struct kx_fit_img){ .node = n, .signed_by = part->signed_by,
				    .vlen = sizeof(part->signed_by) };
	rc = image_data(f, n, name, &img->data, &img->len);
	if (!rc)
		rc = check_hashes(f, n, name, img->data, img->len, part);
	part->size = img->len;
	return rc ? rc : 1;
}

/* The FIT's structure: the gate, /images, /configurations.  0, or
 * -ENOEXEC with why. */
static int structure(const unsigned char *d, size_t len, char *why, size_t whylen)
{
	char gate[160];

	if (len < 4 || fdt_magic(d) != FDT_MAGIC)
		return kx_no(why, whylen, "no device tree magic");
	if (kx_dtb_check(d, len, gate, sizeof(gate)))
		return kx_no(why, whylen, "a device tree, but %s", gate);
	if (fdt_path_offset(d, "/images") < 0 || fdt_path_offset(d, "/configurations") < 0)
		return kx_no(why, whylen, "a device tree without /images and /configurations");
	return 0;
}

static int fit_probe(const struct kx_format *f, const unsigned char *d, size_t len, char *why,
		     size_t whylen)
{
	int rc = structure(d, len, why, whylen);

	if (!rc)
		kx_snprintf(why, whylen, "a FIT (U-Boot's image tree) of %u bytes",
			    fdt_totalsize(d));
	return rc;
}

/* The kernel image into img: decompressed when it says so, then probed
 * by the arch's other formats. */
static int kernel(const struct fit *f, struct kx_plan *p, const struct kx_fit_part *part,
		  const unsigned char *d, size_t len, struct kx_file *img,
		  const struct kx_format **fmt)
{
	const struct kx_format *const *x;
	char why[192], what[320];
	unsigned char *head = NULL;
	uint64_t whole = 0;
	size_t hlen = len;
	int packed = strcmp(part->comp, "none") != 0, rc;

	kx_snprintf(what, sizeof(what), "kernel %s: FIT image %s (%s)", f->k->path, part->name,
		    part->comp);
	if (packed && (rc = kx_unpack_head(f->ctx, what, d, len, part->comp, &head, &hlen)))
		return rc;
	for (x = kx_arch.formats; *x; x++) {
		if ((*x)->probe == fit_probe)
			continue;
		rc = packed ? (*x)->head(*x, head, hlen, &whole, why, sizeof(why))
			    : (*x)->probe(*x, d, len, why, sizeof(why));
		if (!rc)
			break;
	}
	free(head);
	if (!*x)
		return kx_fail(f->ctx, -ENOEXEC, "%s: no kernel this kexec can load for %s", what,
			       kx_arch.name);
	*fmt = *x;
	img->data = d;
	img->size = len;
	if (packed && (rc = kx_plan_unpack(f->ctx, p, what, d, len, part->comp, whole,
					   (*x)->name, &img->data, &img->size)))
		return rc;
	kx_snprintf(p->why + strlen(p->why), sizeof(p->why) - strlen(p->why), "; %s: %s %s",
		    part->name, (*x)->name, why);
	return 0;
}

static int fit_load(struct kx_ctx *ctx, struct kx_plan *p, const struct kx_file *k)
{
	struct fit f = { ctx, k, k->data, 0 };
	struct kx_file img = { .what = k->what, .path = k->path, .fd = -1 };
	const struct kx_format *fmt = NULL;
	const unsigned char *d[3] = { NULL, NULL, NULL };
	size_t len[3];
	static const char *const role[3] = { "kernel", "fdt", "ramdisk" },
				 *const type[3] = { "kernel", "flat_dt", "ramdisk" };
	struct kx_fit_img used[3];
	struct kx_fit *fit;
	struct kx_fit_part *rd;
	char why[192], *name;
	int confs, c, i, rc;

	if (structure(k->data, k->size, why, sizeof(why)))
		return kx_fail(ctx, -ENOEXEC, "kernel %s: %s", k->path, why);
	fit = kx_plan_alloc(p, sizeof(*fit));
	if (!fit)
		return kx_fail(ctx, -ENOMEM, "kernel %s: out of memory", k->path);
	f.images = fdt_path_offset(f.t, "/images");
	confs = fdt_path_offset(f.t, "/configurations");
	fit->config = p->fit_config ? p->fit_config : kx_fit_str(f.t, confs, "default");
	fit->by_default = !p->fit_config;
	if (!fit->config)
		return kx_fail(ctx, -EINVAL, "kernel %s: a FIT without a default configuration: "
					     "name one with --fit-config", k->path);
	c = fdt_subnode_offset(f.t, confs, fit->config);
	if (c < 0)
		return kx_fail(ctx, -EINVAL, "kernel %s: the FIT has no configuration \"%s\"%s",
			       k->path, fit->config, fit->by_default ? " (its default)" : "");
	for (i = 0; i < 3; i++) {
		rc = take(&f, c, role[i], type[i], &fit->part[fit->nparts], &used[fit->nparts]);
		if (rc < 0)
			return rc;
		if (!rc && !i)
			return kx_fail(ctx, -EINVAL, "kernel %s: FIT configuration %s has no "
						     "kernel", k->path, fit->config);
		if (rc) {
			d[i] = used[fit->nparts].data;
			len[i] = used[fit->nparts++].len;
		}
	}
	/* No mkimage puts two images' data in the same bytes. */
	for (i = 0; i < (int)fit->nparts; i++)
		for (int j = i + 1; j < (int)fit->nparts; j++)
			if (used[i].data < used[j].data + used[j].len &&
			    used[j].data < used[i].data + used[i].len)
				return kx_fail(ctx, -EINVAL, "kernel %s: FIT images %s and %s: "
							     "their data overlap", k->path,
					       fit->part[i].name, fit->part[j].name);
	/* The signatures cover the hash nodes just checked (a configuration
	 * signature) or the data itself (an image signature). */
	if (p->fit_keys || kx_builtin_fit_keys_size) {
		rc = kx_fit_verify(ctx, k->path, f.t, c, used, (int)fit->nparts, p->fit_keys,
				   fit->signed_by, sizeof(fit->signed_by));
		if (rc)
			return rc;
		fit->verified = 1;
	}
	p->fit = fit;
	rc = kernel(&f, p, &fit->part[0], d[0], len[0], &img, &fmt);
	if (rc)
		return rc;
	kx_plan_file_kernel(p, img.data, img.size, "the kernel image of its FIT");
	rd = &fit->part[fit->nparts - 1];
	if (d[2] && kx_plan_initrd(p)) {
		rd->unused = "--initrd given";
	} else if (d[2]) {
		if (!(name = kx_plan_name(p, k->path, rd->name)))
			return kx_fail(ctx, -ENOMEM, "kernel %s: out of memory", k->path);
		kx_plan_initrd_is(p, d[2], len[2], name);
	}
	if (d[1] && (p->dtb_path || !kx_arch.takes_dtb)) {
		fit->part[1].unused = p->dtb_path ? "--dtb given" : "this arch takes no tree";
	} else if (d[1]) {
		p->dtb_data = d[1];
		p->dtb_size = len[1];
		p->dtb_name = kx_plan_name(p, k->path, fit->part[1].name);
		kx_plan_no_file(p, "the FIT's tree, and the %s kexec_file_load cannot carry a "
				   "device tree", kx_arch.name);
	}
	if (fdt_getprop(f.t, fdt_subnode_offset(f.t, f.images, fit->part[0].name), "load", NULL))
		kx_dbg(ctx, "kernel %s: FIT image %s: its load and entry addresses are not used: "
			    "a %s is placed by this kexec", k->path, fit->part[0].name, fmt->name);
	return fmt->load(ctx, p, &img);
}

const struct kx_format kx_fit_format = {
	.name = "fit",
	.alias = NULL,
	.probe = fit_probe,
	.head = kx_head_never,
	.load = fit_load,
};
