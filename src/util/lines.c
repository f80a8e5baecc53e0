/*
 * util/lines.c - bounded line reading; see lines.h.
 *
 * A regular file is read in 64 KiB chunks and lines are cut with memchr.
 * Pipes, terminals and devices are read up to the next line end at most
 * (getc_unlocked), so a line typed or piped in is answered at once rather
 * than when 64 KiB have arrived.
 */
#include "util/lines.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"

#define LINES_CHUNK (64u << 10)

int lines_init(struct lines *l, FILE *f, size_t max)
{
	struct stat st;

	memset(l, 0, sizeof(*l));
	l->f = f;
	l->max = max;
	l->regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
	l->in = malloc(LINES_CHUNK);
	l->line = malloc(l->cap = 256);
	if (!l->in || !l->line) {
		lines_free(l);
		return err_oom();
	}
	l->line[0] = '\0';
	return 0;
}

void lines_set_max(struct lines *l, size_t max)
{
	l->max = max;
}

void lines_free(struct lines *l)
{
	free(l->in);
	free(l->line);
	memset(l, 0, sizeof(*l));
}

void lines_unread(struct lines *l)
{
	l->pending = 1;
}

/* Refills `in`: >0 bytes, 0 at end of input, NETRA_EIO. */
static int refill(struct lines *l)
{
	size_t n = 0;
	int c;

	if (l->regular) {
		n = fread(l->in, 1, LINES_CHUNK, l->f);
	} else {
		while (n < LINES_CHUNK && (c = getc_unlocked(l->f)) != EOF) {
			l->in[n++] = (unsigned char)c;
			if (c == '\n')
				break;
		}
	}
	l->inpos = 0;
	l->inlen = n;
	if (n == 0 && ferror(l->f))
		return err_set(NETRA_EIO, "read error");
	return (int)(n > 0);
}

/* Appends in[inpos..inpos+n) to the line unless it went over the limit. */
static int keep(struct lines *l, size_t n, int *over)
{
	size_t want;
	char *p;

	if (*over)
		return 0;
	if (l->len + n > l->max) {
		*over = 1;
		return 0;
	}
	want = l->len + n + 1;
	if (want > l->cap) {
		size_t c = l->cap ? l->cap : 256;
		while (c < want)
			c *= 2;
		if (!(p = realloc(l->line, c)))
			return err_oom();
		l->line = p;
		l->cap = c;
	}
	memcpy(l->line + l->len, l->in + l->inpos, n);
	l->len += n;
	return 0;
}

int lines_next(struct lines *l)
{
	size_t total = 0, n;
	unsigned char *nl = NULL;
	int over = 0, rc;

	if (l->pending) {
		l->pending = 0;
		return l->last;
	}
	l->len = 0;
	for (;;) {
		if (l->inpos >= l->inlen) {
			if ((rc = refill(l)) < 0)
				return rc;
			if (rc == 0) {
				if (total == 0)
					return l->last = 0;
				break; /* a last line without a line end */
			}
		}
		nl = memchr(l->in + l->inpos, '\n', l->inlen - l->inpos);
		n = nl ? (size_t)(nl - (l->in + l->inpos))
		       : l->inlen - l->inpos;
		if ((rc = keep(l, n, &over)))
			return rc;
		total += n;
		l->inpos += n + (nl != NULL);
		if (nl)
			break;
	}
	l->lineno++;
	l->line[l->len] = '\0';
	if (l->lineno == 1 && l->len >= 3 &&
	    memcmp(l->line, "\xef\xbb\xbf", 3) == 0) {
		memmove(l->line, l->line + 3, l->len - 2);
		l->len -= 3;
	}
	if (over) {
		l->len = 0;
		l->skipped = total;
		return l->last = LINES_TOO_LONG;
	}
	return l->last = LINES_OK;
}
