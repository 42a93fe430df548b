/* SPDX-License-Identifier: MIT */
/*
 * cmdline.c - the new kernel's command line, with kexec-tools' meaning:
 * --command-line and --append both set it; --reuse-cmdline starts from
 * /proc/cmdline without BOOT_IMAGE= (and crashkernel= for a crash kernel)
 * and the given text follows.  Too long is an error, never a truncation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Length of the word at p: up to a blank outside double quotes. */
static size_t word_len(const char *p)
{
	size_t n = 0;
	int q = 0;

	for (; p[n] && (q || (p[n] != ' ' && p[n] != '\t' && p[n] != '\n')); n++)
		if (p[n] == '"')
			q = !q;
	return n;
}

static int dropped(const char *w, size_t n, int panic)
{
	return (n >= 11 && !strncmp(w, "BOOT_IMAGE=", 11)) ||
	       (panic && n >= 12 && !strncmp(w, "crashkernel=", 12));
}

int kx_cmdline_join(const char *proc, const char *given, int panic, size_t max,
		    char **out, size_t *need)
{
	size_t cap = (proc ? strlen(proc) : 0) + (given ? strlen(given) : 0) + 2, len = 0;
	char *s = malloc(cap);
	const char *p;

	if (!s)
		return -ENOMEM;
	for (p = proc; p && *p;) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		n = word_len(p);
		if (n && !dropped(p, n, panic)) {
			if (len)
				s[len++] = ' ';
			memcpy(s + len, p, n);
			len += n;
		}
		p += n;
	}
	if (given && *given) {
		if (len)
			s[len++] = ' ';
		memcpy(s + len, given, strlen(given));
		len += strlen(given);
	}
	s[len] = 0;
	*need = len + 1;
	if (max && len + 1 > max) {
		free(s);
		return -E2BIG;
	}
	*out = s;
	return 0;
}

int kx_cmdline_build(struct kx_ctx *ctx, const struct kx_opts *o, size_t max, char **out)
{
	char *proc = NULL;
	size_t need;
	int rc;

	if (o->reuse_cmdline) {
		long n;

		proc = malloc(65536);
		if (!proc)
			return kx_fail(ctx, -ENOMEM, "/proc/cmdline: out of memory");
		n = kx_read_text(ctx, "/proc/cmdline", proc, 65536);
		if (n < 0) {
			free(proc);
			return kx_fail(ctx, (int)n, "/proc/cmdline: %s (needed by --reuse-cmdline)",
				       kx_strerror((int)-n));
		}
		/* The kernel ends it with a newline, even inside an open quote. */
		while (n > 0 && (proc[n - 1] == '\n' || proc[n - 1] == ' '))
			proc[--n] = 0;
	}
	rc = kx_cmdline_join(proc, o->cmdline, o->flags & KX_PANIC, max, out, &need);
	free(proc);
	if (rc == -E2BIG) {
		return kx_fail_plan(ctx, rc, "command line: %zu bytes with its NUL, the kernel "
					     "accepts at most %zu",
			       need, max);
	}
	if (rc)
		return kx_fail(ctx, rc, "command line: out of memory");
	return 0;
}

/* Does the word w (n bytes) set one of the keys in words ("k=v k2=v")? */
static int same_key(const char *w, size_t n, const char *words)
{
	const char *p, *eq = memchr(w, '=', n);
	size_t k = eq ? (size_t)(eq - w) + 1 : n;

	for (p = words; *p; p += word_len(p), p += *p == ' ') {
		size_t m = word_len(p);
		const char *e = memchr(p, '=', m);

		if (e && (size_t)(e - p) + 1 == k && !strncmp(p, w, k))
			return 1;
	}
	return 0;
}

int kx_cmdline_prepend(struct kx_ctx *ctx, struct kx_plan *p, const char *words)
{
	size_t cap = strlen(words) + strlen(p->cmdline) + 2, len = strlen(words);
	char *s = malloc(cap);
	const char *w;

	if (!s)
		return kx_fail(ctx, -ENOMEM, "command line: out of memory");
	memcpy(s, words, len);
	for (w = p->cmdline; *w;) {
		size_t n;

		while (*w == ' ' || *w == '\t' || *w == '\n')
			w++;
		n = word_len(w);
		if (n && same_key(w, n, words)) {
			char old[64];

			kx_snprintf(old, sizeof(old), "%s", w);
			old[n < sizeof(old) ? n : sizeof(old) - 1] = 0;
			kx_dbg(ctx, "command line: %s dropped: kexec sets it for this kernel", old);
		} else if (n) {
			s[len++] = ' ';
			memcpy(s + len, w, n);
			len += n;
		}
		w += n;
	}
	s[len] = 0;
	if (p->cmdline_max && len + 1 > p->cmdline_max) {
		free(s);
		return kx_fail_plan(ctx, -E2BIG, "command line: %zu bytes with its NUL and %s, the "
						 "kernel accepts at most %zu",
				    len + 1, words, p->cmdline_max);
	}
	/* kexec_file_load gets the command line without them: the kernel
	 * adds its own. */
	if (p->file_cmdline)
		free(p->cmdline);
	else
		p->file_cmdline = p->cmdline;
	p->cmdline = s;
	return 0;
}

const char *kx_plan_cmdline(const struct kx_plan *p)
{
	int file = p->syscall && !strcmp(p->syscall, "kexec_file_load");

	return file && p->file_cmdline ? p->file_cmdline : p->cmdline;
}
