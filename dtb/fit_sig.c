/* SPDX-License-Identifier: MIT */
/*
 * fit_sig.c - which bytes of a FIT a configuration signature covers, as
 * U-Boot's verifier takes them (boot/image-fit-sig.c, since v2026.04):
 *
 *   nodes:   "/", the configuration, and every image a property of the
 *            configuration names (description and compatible aside) with
 *            its hash-* subnodes (at least one), "cipher" and "dm-verity";
 *            the "hashed-nodes" the signer wrote is not trusted for this
 *   regions: the structure block's tags, in file order, that a walk keeps
 *            (boot/fdt_region.c, fdt_find_regions): every tag of a listed
 *            node but its data, data-size, data-position and data-offset
 *            properties; only the begin and end tags of the nodes between
 *            a listed node and the next listed one below it; nothing of
 *            the rest; then the FDT_END tag
 *   strings: the first hashed-strings[1] bytes of the strings block (the
 *            names the signer's tree had)
 *
 * The header and the memory reservation map are never covered.  Moving
 * data out of the tree (mkimage -E) changes only excluded properties, so a
 * signature made before survives it.
 */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include "internal.h"
#include "fit.h"

#define MAX_NODES 100 /* U-Boot's IMAGE_MAX_HASHED_NODES */
#define MAX_DEPTH 32

struct nodes {
	char buf[4096];
	const char *path[MAX_NODES];
	size_t used;
	int n;
};

static int add_node(const void *fit, int node, struct nodes *ns)
{
	if (ns->n == MAX_NODES || fdt_get_path(fit, node, ns->buf + ns->used,
					       (int)(sizeof(ns->buf) - ns->used)) < 0)
		return -E2BIG;
	ns->path[ns->n++] = ns->buf + ns->used;
	ns->used += strlen(ns->buf + ns->used) + 1;
	return 0;
}

static int add_image(const void *fit, int img, struct nodes *ns, char *why, size_t whylen)
{
	int sub, hashes = 0, rc = add_node(fit, img, ns);

	fdt_for_each_subnode(sub, fit, img) {
		const char *name = fdt_get_name(fit, sub, NULL);

		if (rc)
			break;
		if (name && !strncmp(name, "hash", 4)) {
			rc = add_node(fit, sub, ns);
			hashes++;
		} else if (name && (!strcmp(name, "cipher") || !strcmp(name, "dm-verity"))) {
			rc = add_node(fit, sub, ns);
		}
	}
	if (rc)
		return kx_no(why, whylen, "more than %d nodes to sign", MAX_NODES);
	if (!hashes)
		return kx_no(why, whylen, "image %s has no hash node to sign",
			     fdt_get_name(fit, img, NULL));
	return 0;
}

/* The nodes a signature of configuration conf covers. */
static int signed_nodes(const void *fit, int conf, struct nodes *ns, char *why, size_t whylen)
{
	int images = fdt_path_offset(fit, "/images"), prop, count = 0, rc;

	ns->n = 0;
	ns->used = 2;
	strcpy(ns->buf, "/");
	ns->path[ns->n++] = ns->buf;
	if (add_node(fit, conf, ns))
		return kx_no(why, whylen, "the configuration's path is too long");
	fdt_for_each_property_offset(prop, fit, conf) {
		const char *name, *v;
		int len, i, n;

		v = fdt_getprop_by_offset(fit, prop, &name, &len);
		if (!v || !name || !strcmp(name, "description") || !strcmp(name, "compatible"))
			continue;
		n = fdt_stringlist_count(fit, conf, name);
		for (i = 0; i < n; i++) {
			const char *s = fdt_stringlist_get(fit, conf, name, i, NULL);
			int img = s && images >= 0 ? fdt_subnode_offset(fit, images, s) : -1;

			if (img < 0)
				continue;
			if ((rc = add_image(fit, img, ns, why, whylen)))
				return rc;
			count++;
		}
	}
	if (!count)
		return kx_no(why, whylen, "the configuration names no image");
	return 0;
}

static int listed(const struct nodes *ns, const char *path)
{
	for (int i = 0; i < ns->n; i++)
		if (!strcmp(ns->path[i], path))
			return 1;
	return 0;
}

static int excluded(const void *fit, int off)
{
	static const char *const data[] = { "data", "data-size", "data-position",
					    "data-offset" };
	const char *name;
	unsigned i;

	if (!fdt_getprop_by_offset(fit, off, &name, NULL) || !name)
		return 1;
	for (i = 0; i < KX_ARRAY_SIZE(data); i++)
		if (!strcmp(name, data[i]))
			return 1;
	return 0;
}

/* The walk: regions of the structure block (offsets in the file). */
static int walk(const void *fit, const struct nodes *ns, struct kx_fit_region *r, int max,
		char *why, size_t whylen)
{
	int stack[MAX_DEPTH], depth = -1, want = 0, start = -1, count = 0;
	int base = (int)fdt_off_dt_struct(fit), next = 0, off;
	char path[256];
	size_t end = 0;
	uint32_t tag;

	path[0] = 0;
	do {
		int include = 0, stop_at;
		const char *name;
		int len;

		off = next;
		tag = fdt_next_tag(fit, off, &next);
		stop_at = next;
		switch (tag) {
		case FDT_PROP:
			include = want >= 2 && !excluded(fit, off);
			stop_at = off;
			break;
		case FDT_NOP:
			include = want >= 2;
			stop_at = off;
			break;
		case FDT_BEGIN_NODE:
			if (++depth == MAX_DEPTH)
				return kx_no(why, whylen, "nodes nested deeper than %d", MAX_DEPTH);
			name = fdt_get_name(fit, off, &len);
			if (!name || end + 2 + (size_t)len >= sizeof(path))
				return kx_no(why, whylen, "a node path longer than %zu bytes",
					     sizeof(path));
			if (end != 1)
				path[end++] = '/';
			memcpy(path + end, name, (size_t)len + 1);
			end += (size_t)len;
			stack[depth] = want;
			if (want == 1)
				stop_at = off;
			if (listed(ns, path))
				want = 2;
			else if (want)
				want--;
			else
				stop_at = off;
			include = want;
			break;
		case FDT_END_NODE:
			if (depth < 0)
				return kx_no(why, whylen, "an end without a node");
			include = want;
			want = stack[depth--];
			while (end > 0 && path[--end] != '/')
				;
			path[end] = 0;
			break;
		case FDT_END:
			include = 1;
			break;
		default:
			return kx_no(why, whylen, "a damaged structure block");
		}
		if (include && start == -1) {
			if (count && off == (int)(r[count - 1].off + r[count - 1].size) - base)
				start = (int)r[--count].off - base;
			else
				start = off;
		}
		if (!include && start != -1) {
			if (count == max)
				return kx_no(why, whylen, "more than %d regions to hash", max);
			r[count++] = (struct kx_fit_region){ (uint32_t)(base + start),
							     (uint32_t)(stop_at - start) };
			start = -1;
		}
	} while (tag != FDT_END);
	if ((uint32_t)next != fdt_size_dt_struct(fit) || count == max)
		return kx_no(why, whylen, "a damaged structure block");
	r[count++] = (struct kx_fit_region){ (uint32_t)(base + start), (uint32_t)(next - start) };
	return count;
}

int kx_fit_sig_regions(const void *fit, int conf, int sig, struct kx_fit_region *r, int max,
		       char *why, size_t whylen)
{
	struct nodes ns;
	const fdt32_t *hs;
	int len, n;

	if (signed_nodes(fit, conf, &ns, why, whylen))
		return -EINVAL;
	n = walk(fit, &ns, r, max - 1, why, whylen);
	if (n < 0)
		return -EINVAL;
	hs = fdt_getprop(fit, sig, "hashed-strings", &len);
	if (!hs)
		return n;
	if (len < 8 || fdt32_ld(hs + 1) > fdt_size_dt_strings(fit)) {
		kx_no(why, whylen, "its hashed-strings is not inside the strings block");
		return -EINVAL;
	}
	r[n++] = (struct kx_fit_region){ fdt_off_dt_strings(fit), fdt32_ld(hs + 1) };
	return n;
}
