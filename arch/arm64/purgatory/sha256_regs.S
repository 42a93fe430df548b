/* SPDX-License-Identifier: MIT */
/*
 * sha256_regs.S - the arm64 purgatory's SHA-256 block function (FIPS 180-4
 * 6.2.2), for the MMU and D-cache being off: every data access then goes
 * to DRAM uncached (~100 ns), while instructions come from the I-cache
 * (entry.S turns it on).  So per 64-byte block the only data accesses are
 * eight aligned 8-byte input loads (4 LDP); everything else stays in
 * registers, 30 of the 31 (x18, the platform register, is left alone):
 *
 *   x0 st (the chaining state, read once, written once per call)
 *   x1 q, the input rounded down to 8 bytes;  x2 blocks left
 *   x3 misalignment in bits (0: aligned);  x4 the word carried to the
 *      next block when misaligned
 *   w5..w12   a..h: renamed, not moved; the names come back every 8 rounds
 *   x13..x17, x19..x21   the 16-word schedule ring as 8 pairs: W[2j] in
 *      the high half, W[2j+1] in the low half, which is what a
 *      byte-reversed 8-byte load gives
 *   x22..x25  the chaining state as 4 pairs, the same way
 *   x26, x27, x30  temporaries;  w28/w29  a ^ b of this round, which is
 *      b ^ c of the next (Maj), alternately
 *   the 64 round constants: movz/movk immediates (fully unrolled)
 *
 * Assembly, not C: gcc 12 given the same design in C (-Os and -O2) kept
 * the rounds in registers but spilled the state, the pointer and the
 * count around them, ~70 stack accesses per block; here there are none
 * (tests/bench/purgatory_figure.sh fails if a block costs more accesses
 * than its eight loads).
 *
 * The input need not be 8-byte aligned: after a region whose length is not
 * a multiple of 64, the next region's whole blocks start mid-word.  With
 * the MMU off memory is Device memory, where an unaligned access faults,
 * so the words are read aligned and shifted together.  Every word read
 * holds at least one input byte: nothing outside the input's aligned
 * words is touched.
 */
#include "sha256_ops.h"

	.text

/* Round t with W[t] + h already in h (FIPS 180-4 6.2.2 step 3):
 * T1 = h + S1(e) + Ch(e,f,g) + K[t] + W[t];  T2 = S0(a) + Maj(a,b,c);
 * d += T1; h = T1 + T2.  Operands are register numbers.  The sigmas nest
 * their rotations: ror(x,6)^ror(x,11)^ror(x,25) = ror(ror(ror(x,14)^x,5)^x,6). */
.macro round a, b, c, d, e, f, g, h, ab, bc, k
	movz	w26, #((\k) & 0xffff)
	movk	w26, #((\k) >> 16), lsl #16
	eor	w27, w\f, w\g
	add	w\h, w\h, w26
	eor	w26, w\e, w\e, ror #14
	and	w27, w27, w\e
	eor	w26, w\e, w26, ror #5
	eor	w27, w27, w\g			/* Ch = ((f ^ g) & e) ^ g */
	ror	w26, w26, #6			/* S1(e) */
	add	w\h, w\h, w27
	eor	w27, w\a, w\a, ror #9
	add	w\h, w\h, w26			/* T1 */
	eor	w\ab, w\a, w\b
	eor	w27, w\a, w27, ror #11
	and	w26, w\ab, w\bc
	ror	w27, w27, #2			/* S0(a) */
	eor	w26, w26, w\b			/* Maj = ((a ^ b) & (b ^ c)) ^ b */
	add	w\d, w\d, w\h
	add	w\h, w\h, w27
	add	w\h, w\h, w26			/* T1 + T2 */
.endm

/* s0(x) = ror(ror(x,11)^x,7) ^ x>>3 and s1(x) = ror(ror(x,2)^x,17) ^ x>>10
 * of w\x, into w\d. */
.macro ssig0 d, x
	eor	w\d, w\x, w\x, ror #11
	ror	w\d, w\d, #7
	eor	w\d, w\d, w\x, lsr #3
.endm
.macro ssig1 d, x
	eor	w\d, w\x, w\x, ror #2
	ror	w\d, w\d, #17
	eor	w\d, w\d, w\x, lsr #10
.endm

/*
 * Rounds t and t + 1 (t even), both on pair p0 (W[t] high, W[t+1] low);
 * p1, p4, p5, p7 are the pairs 1, 4, 5 and 7 places on in the ring.  For
 * t >= 16 (sched) the ring slot of W[t-16] gets W[t] = s1(W[t-2]) +
 * W[t-7] + s0(W[t-15]) + W[t-16] first: for even t, W[t-15] is p0 low,
 * W[t-7] p4 low, W[t-2] p7 high; for odd t, p1 high, p5 high, p7 low.
 * A 64-bit add with lsr #32 adds a high half; bits 32-63 of the sum are
 * junk nobody reads (32-bit operations ignore them, bfi takes bits 0-31).
 */
.macro rounds2 sched, k0, k1, a, b, c, d, e, f, g, h, p0, p1, p4, p5, p7
.if \sched
	ssig0	26, \p0
	lsr	x27, x\p7, #32
	ssig1	30, 27
	add	w26, w26, w30
	add	w26, w26, w\p4
	add	x26, x26, x\p0, lsr #32
	bfi	x\p0, x26, #32, #32
	add	w\h, w\h, w26
.else
	add	x\h, x\h, x\p0, lsr #32
.endif
	round	\a, \b, \c, \d, \e, \f, \g, \h, 28, 29, \k0
.if \sched
	lsr	x27, x\p1, #32
	ssig0	26, 27
	ssig1	30, \p7
	add	w26, w26, w30
	add	x26, x26, x\p5, lsr #32
	add	w26, w26, w\p0
	bfi	x\p0, x26, #0, #32
	add	w\g, w\g, w26
.else
	add	w\g, w\g, w\p0
.endif
	round	\h, \a, \b, \c, \d, \e, \f, \g, 29, 28, \k1
.endm

/* Sixteen rounds: a..h = w5..w12 come back after eight, the pairs
 * x13..x17, x19..x21 after sixteen. */
.macro rounds16 sched, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15
	rounds2	\sched, \k0, \k1,    5,  6,  7,  8,  9, 10, 11, 12,  13, 14, 17, 19, 21
	rounds2	\sched, \k2, \k3,   11, 12,  5,  6,  7,  8,  9, 10,  14, 15, 19, 20, 13
	rounds2	\sched, \k4, \k5,    9, 10, 11, 12,  5,  6,  7,  8,  15, 16, 20, 21, 14
	rounds2	\sched, \k6, \k7,    7,  8,  9, 10, 11, 12,  5,  6,  16, 17, 21, 13, 15
	rounds2	\sched, \k8, \k9,    5,  6,  7,  8,  9, 10, 11, 12,  17, 19, 13, 14, 16
	rounds2	\sched, \k10, \k11, 11, 12,  5,  6,  7,  8,  9, 10,  19, 20, 14, 15, 17
	rounds2	\sched, \k12, \k13,  9, 10, 11, 12,  5,  6,  7,  8,  20, 21, 15, 16, 19
	rounds2	\sched, \k14, \k15,  7,  8,  9, 10, 11, 12,  5,  6,  21, 13, 16, 17, 20
.endm

/* The 8 bytes at bit offset x3 of x\lo:x\hi (little endian) into x\lo;
 * x27 = -x3, a shift by 64 - x3 (shifts take their amount mod 64). */
.macro funnel lo, hi
	lsr	x\lo, x\lo, x3
	lsl	x26, x\hi, x27
	orr	x\lo, x\lo, x26
.endm

/* State pair s (x high, y low) += x, y; then x, y = s. */
.macro state_add s, x, y
	lsr	x26, x\s, #32
	add	w\y, w\y, w\s
	add	w\x, w\x, w26
	orr	x\s, x\y, x\x, lsl #32
.endm

/* void kx_sha256_blocks_regs(uint32_t st[8], const unsigned char *p,
 *                            size_t nblocks);  kx_sha256_blocks_fn. */
	.globl	kx_sha256_blocks_regs
	.hidden	kx_sha256_blocks_regs
	.type	kx_sha256_blocks_regs, %function
	.balign	16
kx_sha256_blocks_regs:
	cbz	x2, 9f
	stp	x19, x20, [sp, #-96]!
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	ldp	w5, w6, [x0]
	ldp	w7, w8, [x0, #8]
	ldp	w9, w10, [x0, #16]
	ldp	w11, w12, [x0, #24]
	orr	x22, x6, x5, lsl #32
	orr	x23, x8, x7, lsl #32
	orr	x24, x10, x9, lsl #32
	orr	x25, x12, x11, lsl #32
	and	x3, x1, #7
	bic	x1, x1, #7
	lsl	x3, x3, #3
	cbz	x3, 1f
	ldr	x4, [x1]

1:	cbnz	x3, 2f
	ldp	x13, x14, [x1]
	ldp	x15, x16, [x1, #16]
	ldp	x17, x19, [x1, #32]
	ldp	x20, x21, [x1, #48]
	b	3f
	/* Misaligned: the block's bytes are in x4 (q[0]) and q[1..8];
	 * q[8] is the next block's q[0]. */
2:	ldp	x14, x15, [x1, #8]
	ldp	x16, x17, [x1, #24]
	ldp	x19, x20, [x1, #40]
	ldp	x21, x30, [x1, #56]
	mov	x13, x4
	mov	x4, x30
	neg	x27, x3
	funnel	13, 14
	funnel	14, 15
	funnel	15, 16
	funnel	16, 17
	funnel	17, 19
	funnel	19, 20
	funnel	20, 21
	funnel	21, 30
3:	rev	x13, x13
	rev	x14, x14
	rev	x15, x15
	rev	x16, x16
	rev	x17, x17
	rev	x19, x19
	rev	x20, x20
	rev	x21, x21
	add	x1, x1, #64
	eor	w29, w6, w7			/* b ^ c for round 0's Maj */

	rounds16 0, KX_SHA256_K_0
	rounds16 1, KX_SHA256_K_16
	rounds16 1, KX_SHA256_K_32
	rounds16 1, KX_SHA256_K_48

	/* st += a..h; a..h start the next block from it. */
	state_add 22, 5, 6
	state_add 23, 7, 8
	state_add 24, 9, 10
	state_add 25, 11, 12
	subs	x2, x2, #1
	b.ne	1b

	stp	w5, w6, [x0]
	stp	w7, w8, [x0, #8]
	stp	w9, w10, [x0, #16]
	stp	w11, w12, [x0, #24]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	x19, x20, [sp], #96
9:	ret
	.size	kx_sha256_blocks_regs, . - kx_sha256_blocks_regs

	.section .note.GNU-stack, "", %progbits
