/* SPDX-License-Identifier: MIT */
/*
 * cli.c - the command (kx_main) on a fuzzed command line: the input split
 * at NULs into up to 30 words after "kexec --dry-run --test-root=ROOT",
 * so that whatever the words say, nothing is loaded (a dry run plans
 * against the fake root; kx_sys_kernel aborts if it is reached) and no
 * shutdown program runs (that is only after a real load).  It runs in
 * the fake root, so that words name its files (boot/bzImage, boot/initrd,
 * boot/board.dtb), and returns to where libFuzzer writes its findings.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz.h"

#define WORDS 30

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[WORDS + 4], *buf, root[600];
	int argc = 0, here;
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
	here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (here < 0 || chdir(fz_root()))
		abort();
	kx_main(argc, argv);
	if (fchdir(here))
		abort();
	close(here);
	free(buf);
	return 0;
}
