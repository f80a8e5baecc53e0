/*
 * util/lines.h - reading lines of bounded length from a FILE*, the one
 * way the ingest reader (JSONL, platform exports) and `netra check` read
 * their input.
 *
 * getline() grows its buffer to the longest line: a 50 MB line cost
 * 300 MB and /dev/zero (no line end) all memory. Here a line longer than
 * the limit is not kept: its bytes are read and dropped up to its line
 * end and the caller is told it was too long, so memory stays at the
 * limit plus one read chunk whatever the input. Lines may hold NUL bytes
 * (len is the true length). A UTF-8 byte-order mark at the start of the
 * input is dropped.
 */
#ifndef NETRA_UTIL_LINES_H
#define NETRA_UTIL_LINES_H

#include <stddef.h>
#include <stdio.h>

struct lines {
	FILE *f;
	int regular;       /* f is a regular file: read in whole chunks */
	unsigned char *in; /* read buffer */
	size_t inpos, inlen;
	char *line; /* the current line (NUL-terminated), without its '\n' */
	size_t len, cap;
	size_t max;     /* longest line kept, in bytes without the line end */
	size_t lineno;  /* 1-based number of the current line */
	size_t skipped; /* bytes of the current line when it was too long */
	int pending;    /* lines_unread(): return the current line again */
	int last;       /* what lines_next() returned for the current line */
};

/* Starts reading f (not closed here) with lines of at most max bytes.
 * 0 or NETRA_ENOMEM. Free with lines_free(). */
int lines_init(struct lines *l, FILE *f, size_t max);

/* Changes the limit for the lines read from now on. */
void lines_set_max(struct lines *l, size_t max);

/* Reads the next line: LINES_OK with l->line / l->len (without '\n'),
 * LINES_TOO_LONG when the line was over the limit (skipped to its end:
 * l->len is 0 and l->skipped its length), 0 at end of input, NETRA_EIO
 * on a read error. A last line without a line end is a line. */
int lines_next(struct lines *l);

#define LINES_OK       1
#define LINES_TOO_LONG 2

/* Makes the next lines_next() return the current line again. */
void lines_unread(struct lines *l);

void lines_free(struct lines *l);

#endif
