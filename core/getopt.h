/* SPDX-License-Identifier: MIT */
/* getopt.h - the command's argv parser (getopt.c). */
#ifndef KX_GETOPT_H
#define KX_GETOPT_H
#include <stddef.h>

struct kx_opt {
	unsigned char id;   /* what kx_getopt returns for it (a short option's letter) */
	unsigned char arg;  /* 1: takes a value */
	unsigned char aux;  /* the caller's (kexec: why it refuses the option) */
};

/* The long options: n of them, their names (without "--") one after the
 * other in names, each ended by a NUL; opt[i] is the i-th name's.  Packed
 * so, 57 options cost 0.7 KiB less than with a pointer each. */
struct kx_opts_table {
	const char *names;
	const struct kx_opt *opt;
	unsigned n;
};

/* Zero it before the first call. */
struct kx_getopt {
	int ind;                 /* the next argv word */
	const char *next;        /* the rest of a cluster of short options */
	const char *arg;         /* the value of the option returned */
	const struct kx_opt *opt; /* the long option returned, or NULL */
	const char *name;        /* its name */
	const char *bad;         /* where the option at fault starts */
	const char *pos[2];      /* the first two words that are no option */
	int npos;                /* how many there were */
	int rest, ambiguous;
};

/* The next option of argv: its id (a letter of shorts, where a ':' after
 * it says it takes a value, or a long option's id); 0 when none is left.
 * Mistakes: '?' an unknown option (g->bad: its text; with g->ambiguous,
 * a prefix of several), ':' a value missing, '=' a value given to a long
 * option that takes none (g->opt, g->name). */
int kx_getopt(struct kx_getopt *g, int argc, char **argv, const char *shorts,
	      const struct kx_opts_table *longs);

#endif
