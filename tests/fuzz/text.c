/* SPDX-License-Identifier: MIT */
/*
 * text.c - the parsers of what /proc and /sys print, on fuzzed text:
 * /proc/iomem (for a normal and a crash load), a "Key: N" file, hex and
 * decimal numbers, and the command-line builder (the text as /proc/cmdline
 * with --reuse-cmdline, split at its first NUL into that and --append).
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kx_ranges ram = { 0 };
	char *text = malloc(size + 1), *out = NULL;
	const char *given, *p;
	uint64_t v, s, e;
	size_t need;
	int depth;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	kx_iomem_parse(text, &ram, 0);
	kx_ranges_free(&ram);
	kx_iomem_parse(text, &ram, 1);
	kx_ranges_free(&ram);
	kx_iomem_parse(text, &ram, 1);
	kx_parse_key(text, "MemTotal:", &v);
	for (p = text; p && *p; p = kx_parse_hex(p, &v))
		;
	kx_parse_dec(text, &v);
	kx_parse_iomem(text, &s, &e, &depth);
	kx_find(text, "crashkernel=");
	given = text + strlen(text) + (strlen(text) < size);
	if (kx_cmdline_join(text, given, size & 1, 2048, &out, &need) == 0) {
		if (strlen(out) + 1 > 2048 || need != strlen(out) + 1)
			abort(); /* past the limit, or a size that is not its own */
		free(out);
	}
	kx_ranges_free(&ram);
	free(text);
	return 0;
}
