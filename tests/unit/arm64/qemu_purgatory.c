/* SPDX-License-Identifier: MIT */
/*
 * qemu_purgatory.c - runs the real arm64 purgatory blob's SHA-256 check
 * (purgatory_verify, at KX_ARM64_PURG_VERIFY_OFF; its block function is
 * purgatory/sha256_regs.S) on an arm64 CPU: built static with the cross
 * compiler, run under qemu-aarch64 user emulation (unit.mk: unit-qemu).  No cmocka
 * (there is none for arm64 here): CHECK counts, main prints the tally.
 *
 * Known answers (FIPS 180-4 examples), the generic C (core/purgatory/sha256.c,
 * linked in as the reference) on random region sets of every alignment,
 * a flipped byte anywhere must fail, and no read outside the input's
 * aligned 8-byte words (guard pages around the regions).
 * Usage: qemu_purgatory PURGATORY.BIN
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "generated/arm64_purgatory.h"
#include "purgatory.h"
#include "purgatory_test.h"
#include "sha256.h"

#define PAGE 4096
#define AREA (4 * 65536)
#define STACK 4096 /* entry.S gives the check 4 KiB of stack */

static unsigned passed, failed;

#define CHECK(cond) do {						\
	if (cond)							\
		passed++;						\
	else {								\
		failed++;						\
		fprintf(stderr, "%s:%d: %s: failed: %s\n", __FILE__,	\
			__LINE__, __func__, #cond);			\
	}								\
} while (0)

static unsigned char blob[KX_ARM64_PURG_SIZE];
static unsigned char *base[2]; /* two copies at unrelated addresses */
static unsigned char stack[STACK] __attribute__((aligned(16)));
static sigjmp_buf fault;

static struct kx_purg_params *params(int copy)
{
	return (struct kx_purg_params *)(base[copy] + KX_ARM64_PURG_PARAMS_OFF);
}

/* purgatory_verify on a 4 KiB stack of its own, as in the purgatory:
 * a deeper frame would overwrite the bytes below stack[] and show. */
static int run_verify(int copy)
{
	register uintptr_t x0 __asm__("x0") = (uintptr_t)(base[copy] + KX_ARM64_PURG_VERIFY_OFF);
	register uintptr_t x1 __asm__("x1") = (uintptr_t)(stack + STACK);

	__asm__ volatile("mov x19, sp\n\t"
			 "mov sp, x1\n\t"
			 "blr x0\n\t"
			 "mov sp, x19"
			 : "+r"(x0), "+r"(x1)
			 :
			 : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
			   "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x19",
			   "x18", "x30", "memory", "cc");
	return (int)x0;
}

/* The digest the loader would have written (core/digest/digest.c does this). */
static void reference(struct kx_purg_params *pp)
{
	struct kx_sha256 s;
	unsigned i;

	kx_sha256_init(&s);
	for (i = 0; i < pp->nregions; i++)
		kx_sha256_update(&s, (const void *)(uintptr_t)pp->region[i].start,
				 pp->region[i].len);
	kx_sha256_final(&s, pp->digest);
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (uint32_t)(rnd_state >> 32) % n;
}

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(fault, 1);
}

static void test_pristine(void)
{
	struct kx_purg_params pp;

	CHECK(KX_ARM64_PURG_PARAMS_OFF % 8 == 0);
	CHECK(KX_ARM64_PURG_PARAMS_OFF + sizeof(pp) <= KX_ARM64_PURG_SIZE);
	CHECK(KX_ARM64_PURG_VERIFY_OFF % 4 == 0 && KX_ARM64_PURG_VERIFY_OFF < KX_ARM64_PURG_SIZE);
	CHECK(KX_ARM64_PURG_MEMSZ >= KX_ARM64_PURG_SIZE + STACK);
	memcpy(&pp, blob + KX_ARM64_PURG_PARAMS_OFF, sizeof(pp));
	CHECK(pp.magic == KX_PURG_MAGIC);
	CHECK(pp.nregions == 0 && pp.skip_checks == 0);
}

/* FIPS 180-4 (and 180-2 appendix B) examples, cut into regions at odd
 * places so that whole blocks start at every offset mod 8. */
static void test_known_answers(void)
{
	static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char m896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
				   "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	static const size_t cut[] = { 1, 63, 65, 4103, 55, 64, 7, 129, 3 };
	struct kx_purg_params *pp = params(0);
	char abc[8] = "xabcx";
	size_t n = 1000000, at;
	unsigned char *a = malloc(n + 8);
	unsigned i, copy;

	/* The empty message: one region of no bytes. */
	set_region(pp, 0, abc, 0);
	pp->nregions = 1;
	hex(pp->digest, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	CHECK(run_verify(0) == 0);
	pp->digest[0] ^= 0x80;
	CHECK(run_verify(0) == -1);

	/* "abc", one byte per region at odd addresses. */
	for (i = 0; i < 3; i++)
		set_region(pp, i, abc + 1 + i, 1);
	pp->nregions = 3;
	hex(pp->digest, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK(run_verify(0) == 0);
	abc[2] = 'B';
	CHECK(run_verify(0) == -1);
	abc[2] = 'b';

	set_region(pp, 0, m448, strlen(m448));
	pp->nregions = 1;
	hex(pp->digest, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	CHECK(run_verify(0) == 0);

	set_region(pp, 0, m896, strlen(m896));
	hex(pp->digest, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	CHECK(run_verify(0) == 0);

	/* A million 'a', from an odd address, on both copies. */
	if (!a) {
		CHECK(a != NULL);
		return;
	}
	memset(a, 'a', n + 8);
	for (copy = 0; copy < 2; copy++) {
		pp = params(copy);
		for (i = 0, at = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
			set_region(pp, i, a + 3 + at, cut[i]);
			at += cut[i];
		}
		set_region(pp, i, a + 3 + at, n - at);
		pp->nregions = i + 1;
		hex(pp->digest, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
		CHECK(run_verify(copy) == 0);
	}
	/* One bit anywhere: first byte, a block boundary, the middle, last. */
	{
		static const size_t flip[] = { 0, 1, 63, 64, 4291, 500000, 999999 };

		for (i = 0; i < sizeof(flip) / sizeof(flip[0]); i++) {
			a[3 + flip[i]] ^= 0x01;
			CHECK(run_verify(0) == -1);
			CHECK(run_verify(1) == -1);
			a[3 + flip[i]] ^= 0x01;
		}
	}
	/* The bytes just outside are not hashed. */
	a[2] = a[3 + n] = 'b';
	CHECK(run_verify(0) == 0);
	free(a);
}

/* Random region sets: every start alignment, lengths around block sizes,
 * up to KX_PURG_REGIONS regions; the blob must agree with the generic C,
 * and refuse once any byte or the digest changes. */
static void test_random_regions(void)
{
	size_t size = 1 << 20;
	unsigned char *buf = malloc(size);
	unsigned round, i, ok = 1, refused = 1;

	if (!buf) {
		CHECK(buf != NULL);
		return;
	}
	for (i = 0; i < size; i++)
		buf[i] = (unsigned char)rnd(256);
	for (round = 0; round < 300; round++) {
		int copy = round & 1;
		struct kx_purg_params *pp = params(copy);
		unsigned nr = 1 + rnd(KX_PURG_REGIONS), r, b;
		unsigned char bit;
		size_t at = 0;

		for (r = 0; r < nr; r++) {
			size_t len = rnd(4) ? rnd(700) : 64 * rnd(40) + rnd(3);

			at += rnd(16);
			if (at + len > size)
				at = 0;
			set_region(pp, r, buf + at, len);
			at += len;
		}
		pp->nregions = nr;
		reference(pp);
		if (run_verify(copy) != 0)
			ok = 0;

		r = rnd(nr);
		if (!pp->region[r].len)
			continue;
		b = rnd((uint32_t)pp->region[r].len);
		bit = (unsigned char)(1 << rnd(8));
		((unsigned char *)(uintptr_t)pp->region[r].start)[b] ^= bit;
		if (run_verify(copy) != -1)
			refused = 0;
		((unsigned char *)(uintptr_t)pp->region[r].start)[b] ^= bit;
		if (run_verify(copy) != 0)
			ok = 0;
	}
	CHECK(ok);
	CHECK(refused);
	free(buf);
}

/* Regions that touch inaccessible pages on either side, at every
 * alignment: the check reads aligned words holding input bytes only, so
 * it must never fault.  (An unaligned access cannot be caught here:
 * Linux user space allows them; with the MMU off they would fault.) */
static void test_guard_pages(void)
{
	unsigned char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct kx_purg_params *pp = params(0);
	static const size_t lens[] = { 1, 7, 8, 63, 64, 65, 128, 1000, 2 * PAGE };
	static unsigned char altstack[65536];
	struct sigaction sa = { 0 };
	stack_t ss = { 0 };
	unsigned i, off, clean = 1;

	if (m == MAP_FAILED) {
		CHECK(m != MAP_FAILED);
		return;
	}
	for (i = 0; i < 2 * PAGE; i++)
		m[PAGE + i] = (unsigned char)(i * 13);
	mprotect(m, PAGE, PROT_NONE);
	mprotect(m + 3 * PAGE, PAGE, PROT_NONE);
	/* The fault would come on the check's small stack: handle it on
	 * one of its own. */
	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	sigaltstack(&ss, NULL);
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(fault, 1)) {
		clean = 0;
		goto out;
	}
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (off = 0; off < 16 && off + lens[i] <= 2 * PAGE; off++) {
			/* Starting off bytes after the lower guard, then
			 * ending off bytes before the upper one; a 63-byte
			 * region first leaves every later block misaligned. */
			set_region(pp, 0, m + PAGE + 64, 63);
			set_region(pp, 1, m + PAGE + off, lens[i]);
			set_region(pp, 2, m + 3 * PAGE - off - lens[i], lens[i]);
			pp->nregions = 3;
			reference(pp);
			if (run_verify(0) != 0)
				clean = 0;
			pp->nregions = 2;
			set_region(pp, 0, m + PAGE + off, lens[i]);
			set_region(pp, 1, m + 3 * PAGE - off - lens[i], lens[i]);
			reference(pp);
			if (run_verify(0) != 0)
				clean = 0;
		}
	}
out:
	signal(SIGSEGV, SIG_DFL);
	CHECK(clean);
	munmap(m, 4 * PAGE);
}

static void test_region_count(void)
{
	struct kx_purg_params *pp = params(0);

	/* No regions: nothing to vouch for, whatever the digest says. */
	pp->nregions = 0;
	memset(pp->digest, 0x5a, sizeof(pp->digest));
	CHECK(run_verify(0) == 0);
	/* A corrupt count must not send the hash past the table. */
	pp->nregions = KX_PURG_REGIONS + 1;
	CHECK(run_verify(0) == -1);
	pp->nregions = 0xffffffff;
	CHECK(run_verify(0) == -1);
}

/* The check only reads: the code around the block is as built, and the
 * stack it used stayed inside its 4 KiB. */
static void test_untouched(void)
{
	size_t after = KX_ARM64_PURG_PARAMS_OFF + sizeof(struct kx_purg_params);
	unsigned i;

	CHECK(!memcmp(base[1], blob, KX_ARM64_PURG_PARAMS_OFF));
	CHECK(!memcmp(base[1] + after, blob + after, KX_ARM64_PURG_SIZE - after));
	for (i = 0; i < 64 && stack[i] == 0xa5; i++)
		;
	CHECK(i == 64);
}

int main(int argc, char **argv)
{
	static const size_t off[2] = { 0, 3 * PAGE + 0x40 };
	FILE *f;
	int i;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: qemu_purgatory PURGATORY.BIN\n");
		return 2;
	}
	i = fread(blob, 1, sizeof(blob), f) == sizeof(blob) && fgetc(f) == EOF;
	fclose(f);
	if (!i) {
		fprintf(stderr, "%s: not %d bytes, as the generated header says\n", argv[1],
			KX_ARM64_PURG_SIZE);
		return 2;
	}
	memset(stack, 0xa5, sizeof(stack));
	for (i = 0; i < 2; i++) {
		unsigned char *m = mmap(NULL, AREA, PROT_READ | PROT_WRITE | PROT_EXEC,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED) {
			perror("mmap");
			return 2;
		}
		base[i] = m + off[i];
		memcpy(base[i], blob, sizeof(blob));
		__builtin___clear_cache((char *)base[i], (char *)base[i] + sizeof(blob));
	}

	test_pristine();
	test_known_answers();
	test_random_regions();
	test_guard_pages();
	test_region_count();
	test_untouched();
	printf("qemu_purgatory: %u passed, %u failed\n", passed, failed);
	return failed != 0;
}
