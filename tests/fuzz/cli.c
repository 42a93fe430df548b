/* SPDX-License-Identifier: MIT */
/*
 * cli.c - the command (kx_main) on a fuzzed command line: the input split
 * at NULs into up to 30 words after "kexec --dry-run --test-root=ROOT",
 * so that whatever the words say, nothing is loaded (a dry run plans
 * against the fake root; kx_sys_kernel aborts if it is reached) and no
 * shutdown program runs (that is only after a real load).  Words that
 * name files get the fake root's: boot/kernel is a bzImage-sized blob.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define WORDS 30

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[WORDS + 4], *buf, root[600];
	int argc = 0;
	size_t i, start;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	snprintf(root, sizeof(root), "--test-root=%s", fz_root());
	argv[argc++] = "kexec";
	argv[argc++] = "--dry-run";
	argv[argc++] = root;
	for (i = 0, start = 0; i <= size && argc < WORDS + 3; i++)
		if (buf[i] == 0) {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;
	kx_main(argc, argv);
	free(buf);
	return 0;
}
