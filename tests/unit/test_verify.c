/* SPDX-License-Identifier: MIT */
/*
 * test_verify.c - signed manifests (--verify, core/verify/) on the fake
 * backend: keys and signatures made at test time with Debian's
 * signify-openbsd (signify -G, signify -S -e), manifests with sha256sum
 * --tag.  A good manifest loads, with the command line it names; each way
 * one can be wrong is refused before anything is loaded; and the bytes
 * loaded are the bytes checked, whatever happens to the file afterwards.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "support.h"
#include "internal.h"

static const char *dir, *root;
static char kernel[512], initrd[512], key[512], other[512];
static unsigned char *kbytes;
static const size_t klen = 1 << 20;
static unsigned char rd[5000];

static int setup(void **state)
{
	dir = t_tmpdir();
	root = t_fake_root(1024, "BOOT_IMAGE=/vmlinuz root=/dev/vda\n");
	kbytes = t_fake_kernel(klen, 2 << 20);
	memset(rd, 0x5a, sizeof(rd));
	snprintf(kernel, sizeof(kernel), "%s", t_write(dir, "slot/vmlinuz", kbytes, klen));
	snprintf(initrd, sizeof(initrd), "%s", t_write(dir, "slot/initrd.img", rd, sizeof(rd)));
	t_sh("cd '%s' && signify-openbsd -G -n -p k.pub -s k.sec -c test && "
	     "signify-openbsd -G -n -p o.pub -s o.sec -c other", dir);
	snprintf(key, sizeof(key), "%s/k.pub", dir);
	snprintf(other, sizeof(other), "%s/o.pub", dir);
	return 0;
}

static int teardown(void **state)
{
	free(kbytes);
	return 0;
}

/* dir/name.sig: the manifest of files (in slot/) and the line cl (NULL:
 * no cmdline line) plus extra, signed with key sec ("k" or "o"). */
static const char *manifest(const char *name, const char *files, const char *cl,
			    const char *extra, const char *sec)
{
	static char path[512];

	t_sh("cd '%s/slot' && { sha256sum --tag %s; %s%s%s printf '%%s' '%s'; } > ../%s && "
	     "cd .. && signify-openbsd -S -e -s %s.sec -m %s -x %s.sig", dir, files,
	     cl ? "echo 'cmdline: " : "", cl ? cl : "", cl ? "';" : "", extra ? extra : "", name,
	     sec, name, name);
	snprintf(path, sizeof(path), "%s/%s.sig", dir, name);
	return path;
}

static int plan(const char *m, const char *k, const char *cl, int with_initrd,
		struct kx_plan **p, char *msg)
{
	struct kx_ctx ctx = { .root = root };
	struct kx_opts o = { .kernel = kernel, .initrd = with_initrd ? initrd : NULL,
			     .cmdline = cl, .verify = m, .verify_key = k };
	int rc = kx_plan_build(&ctx, &o, p);

	strcpy(msg, ctx.msg);
	return rc;
}

static void good(void **state)
{
	const char *m = manifest("good", "vmlinuz initrd.img", "console=ttyS0 root=/dev/vda",
				 NULL, "k");
	struct kx_plan *p;
	char msg[512], link[64], fd[256];
	ssize_t n;

	if (plan(m, key, NULL, 1, &p, msg))
		fail_msg("%s", msg);
	/* No command line given: the manifest's. */
	assert_string_equal(p->cmdline, "console=ttyS0 root=/dev/vda");
	assert_true(p->cmdline_given);
	assert_non_null(p->verify);
	assert_int_equal(p->verify->n, 2);
	assert_string_equal(p->verify->e[0].used_by, "kernel");
	assert_string_equal(p->verify->e[1].used_by, "initrd");
	assert_string_equal(p->verify->key, key);
	assert_int_equal(strlen(p->verify->keynum), 16);
	/* kexec_file_load would read sealed memfds, not the files. */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", p->kernel_fd);
	n = readlink(link, fd, sizeof(fd) - 1);
	assert_true(n > 0);
	fd[n] = 0;
	assert_non_null(strstr(fd, "memfd:vmlinuz"));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", p->initrd_fd);
	n = readlink(link, fd, sizeof(fd) - 1);
	fd[n > 0 ? n : 0] = 0;
	assert_non_null(strstr(fd, "memfd:initrd.img"));
	kx_plan_free(p);
	/* The same command line given: fine. */
	assert_int_equal(plan(m, key, "console=ttyS0 root=/dev/vda", 1, &p, msg), 0);
	kx_plan_free(p);
}

/* The bytes loaded are the bytes checked: the kernel file rewritten in
 * place once the plan holds it changes nothing the plan loads. */
static void sealed(void **state)
{
	const char *m = manifest("seal", "vmlinuz initrd.img", "x", NULL, "k");
	struct kx_plan *p;
	unsigned char *junk = malloc(klen);
	char msg[512];
	FILE *f;

	if (plan(m, key, NULL, 1, &p, msg))
		fail_msg("%s", msg);
	memset(junk, 0xee, klen);
	f = fopen(kernel, "r+b");
	assert_non_null(f);
	assert_int_equal(fwrite(junk, 1, klen, f), klen);
	fclose(f);
	assert_memory_equal(t_seg(p, "kernel")->buf, kbytes, 4096);
	assert_int_equal(kx_plan_check_inputs(&(struct kx_ctx){ 0 }, p), 0);
	kx_plan_free(p);
	/* And now the file is not the one signed. */
	assert_int_equal(plan(m, key, NULL, 1, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "kernel "));
	assert_non_null(strstr(msg, "its SHA-256 is not the one the manifest"));
	t_write(dir, "slot/vmlinuz", kbytes, klen);
	free(junk);
}

static void refused(void **state)
{
	struct kx_plan *p;
	char msg[512], *b;
	const char *m;
	size_t len;

	m = manifest("r1", "vmlinuz initrd.img", "x", NULL, "k");
	/* Another key. */
	assert_int_equal(plan(m, other, NULL, 1, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "signed with key"));
	/* No key given, none built in. */
	assert_int_equal(plan(m, NULL, NULL, 1, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "no key to check it with"));
	/* The message changed after signing: one byte of the command line. */
	b = t_read(m, &len);
	b[len - 2] ^= 1;
	assert_int_equal(plan(t_write(dir, "r1b.sig", b, len), key, NULL, 1, &p, msg),
			 -EKEYREJECTED);
	assert_non_null(strstr(msg, "the signature does not verify"));
	free(b);
	/* A command line other than the manifest's. */
	assert_int_equal(plan(m, key, "x single", 1, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "command line \"x single\": not the one the manifest"));
	/* A file named but not loaded; a file loaded but not named. */
	assert_int_equal(plan(m, key, NULL, 0, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "names initrd.img, which this load does not use"));
	m = manifest("r2", "vmlinuz", "x", NULL, "k");
	assert_int_equal(plan(m, key, NULL, 1, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "does not name initrd.img"));
	/* The initrd's hash wrong in the signed manifest. */
	m = manifest("r3", "vmlinuz", "x", "SHA256 (initrd.img) = "
		     "0000000000000000000000000000000000000000000000000000000000000000\n", "k");
	assert_int_equal(plan(m, key, NULL, 1, &p, msg), -EKEYREJECTED);
	assert_non_null(strstr(msg, "initrd "));
	/* Malformed, signed all the same. */
	m = manifest("r4", "vmlinuz initrd.img", NULL, NULL, "k");
	assert_int_equal(plan(m, key, NULL, 1, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "no \"cmdline: ...\" line"));
	m = manifest("r5", "vmlinuz initrd.img", "x", "SHA256 (a/b) = 00\n", "k");
	assert_int_equal(plan(m, key, NULL, 1, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "line 4 is neither"));
	m = manifest("r6", "vmlinuz vmlinuz", "x", NULL, "k");
	assert_int_equal(plan(m, key, NULL, 1, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "line 2: vmlinuz a second time"));
	/* Not signify's format at all. */
	assert_int_equal(plan(initrd, key, NULL, 1, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "not signify's format"));
	assert_int_equal(plan(m, initrd, NULL, 1, &p, msg), -EINVAL);
	assert_non_null(strstr(msg, "key "));
}

/* Every byte of a signed manifest changed in turn: refused each time
 * (the comment line aside, which signify does not sign), never a crash. */
static void mutations(void **state)
{
	const char *m = manifest("mut", "vmlinuz initrd.img", "console=ttyS0", NULL, "k");
	size_t len, i, start;
	char *b = t_read(m, &len), msg[512];
	struct kx_plan *p;

	start = (size_t)(strchr(b, '\n') - b) + 1;
	for (i = start; i < len; i++) {
		b[i] ^= 0x04;
		if (plan(t_write(dir, "mut2.sig", b, len), key, NULL, 1, &p, msg) == 0)
			fail_msg("byte %zu changed: loaded", i);
		assert_true(msg[0] != 0);
		b[i] ^= 0x04;
	}
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good),
		cmocka_unit_test(sealed),
		cmocka_unit_test(refused),
		cmocka_unit_test(mutations),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
