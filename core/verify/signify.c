/* SPDX-License-Identifier: MIT */
/*
 * signify.c - OpenBSD signify's formats (signify(1); Debian's
 * signify-openbsd), checked with libsodium's Ed25519: a public key is a
 * line "untrusted comment: ..." and the base64 of "Ed", an 8-byte key
 * number and the 32-byte key; an embedded signature (signify -S -e) is
 * such a comment line, the base64 of "Ed", the signing key's number and
 * the 64-byte signature, then the message itself, signed as it is.
 * libsodium: Debian-packaged, audited, and its verifier refuses
 * non-canonical and small-order encodings.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sodium/crypto_sign_ed25519.h>
#include "verify.h"

#define COMMENT "untrusted comment: "

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* RFC 4648 base64 of in (len characters, "=" padded) into out, which it
 * must fill exactly.  0, or -1. */
static int base64(const char *in, size_t len, unsigned char *out, size_t n)
{
	uint32_t acc = 0;
	size_t got = 0, i, bits = 0;

	while (len && in[len - 1] == '=')
		len--;
	for (i = 0; i < len; i++) {
		int v = b64val(in[i]);

		if (v < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (got == n)
				return -1;
			out[got++] = (unsigned char)(acc >> bits);
		}
	}
	return got == n ? 0 : -1;
}

/* The base64 on the second line of text (len bytes) into out, which it
 * must fill exactly, beginning "Ed"; *rest gets what follows that line.
 * 0, or -EINVAL with why. */
static int decode(const char *text, size_t len, unsigned char *out, size_t n,
		  const char **rest, char *why, size_t whylen)
{
	const char *end = text + len, *nl = memchr(text, '\n', len), *b, *e;

	if (len < sizeof(COMMENT) - 1 || memcmp(text, COMMENT, sizeof(COMMENT) - 1) || !nl)
		return kx_no(why, whylen, "no \"" COMMENT "\" line first (not signify's format)");
	b = nl + 1;
	e = memchr(b, '\n', (size_t)(end - b));
	if (!e)
		return kx_no(why, whylen, "no line after the comment");
	if (base64(b, (size_t)(e - b), out, n))
		return kx_no(why, whylen, "its second line is not the base64 of %zu bytes", n);
	if (out[0] != 'E' || out[1] != 'd')
		return kx_no(why, whylen, "not an Ed25519 key or signature (\"%c%c\")",
			     out[0] < ' ' ? '?' : out[0], out[1] < ' ' ? '?' : out[1]);
	*rest = e + 1;
	return 0;
}

static void hex(char *out, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kx_snprintf(out + 2 * i, 3, "%02x", b[i]);
}

int kx_signify_open(struct kx_ctx *ctx, const char *sigpath, const char *sig, size_t siglen,
		    const char *keyname, const char *key, const char **msg, size_t *msglen,
		    char keynum[17])
{
	unsigned char s[2 + 8 + 64], k[2 + 8 + 32];
	char why[128], other[17];
	const char *rest;

	if (decode(key, strlen(key), k, sizeof(k), &rest, why, sizeof(why)))
		return kx_fail(ctx, -EINVAL, "key %s: %s", keyname, why);
	hex(keynum, k + 2, 8);
	if (decode(sig, siglen, s, sizeof(s), msg, why, sizeof(why)))
		return kx_fail(ctx, -EINVAL, "--verify %s: %s", sigpath, why);
	*msglen = siglen - (size_t)(*msg - sig);
	if (memcmp(s + 2, k + 2, 8)) {
		hex(other, s + 2, 8);
		return kx_fail(ctx, -EKEYREJECTED, "--verify %s: signed with key %s, not with "
				   "key %s (%s)", sigpath, other, keynum, keyname);
	}
	if (crypto_sign_ed25519_verify_detached(s + 10, (const unsigned char *)*msg, *msglen,
						k + 10))
		return kx_fail(ctx, -EKEYREJECTED, "--verify %s: the signature does not verify "
				   "with key %s (%s): changed since it was signed",
			       sigpath, keynum, keyname);
	return 0;
}
