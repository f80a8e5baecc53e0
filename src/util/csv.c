/*
 * util/csv.c - the streaming RFC 4180 CSV reader declared in csv.h.
 *
 * Input is read in CSV_CHUNK blocks into `in`; the record being parsed is
 * built in `rec` (fields separated by NUL bytes) and indexed by `offs` and
 * `lens`. While a record is parsed outside "single-line" mode, the raw
 * bytes it spans are kept (copied from `in` only at refills) so that an
 * unterminated quote can be recovered from: the bytes after the record's
 * first line are fed back and parsed again with quotes confined to a line.
 */
#include "util/csv.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#define CSV_CHUNK (64u << 10)

struct csv_reader {
	FILE *f;
	char *name;
	unsigned char *in; /* input buffer */
	size_t inpos, inlen, incap;
	int eof;         /* f reached end of file (or failed) */
	int err;         /* sticky NETRA_EIO / NETRA_ENOMEM from refill */
	int started;     /* BOM check done */
	int single_line; /* after an unterminated quote: no multi-line quotes */
	size_t line;     /* line of the next unread byte */
	size_t rec_line; /* line the current record starts on */
	char *rec;       /* field bytes, each field NUL-terminated */
	size_t reclen, reccap;
	size_t *offs, *lens;
	const char **fields;
	size_t nf, fcap, outcap; /* outcap: fields and lens */
	unsigned char *raw; /* raw bytes of the record already out of `in` */
	size_t rawlen, rawcap;
	size_t rawstart; /* where the record's bytes start in `in` */
};

int csv_open(struct csv_reader **out, FILE *f, const char *name)
{
	struct csv_reader *r;
	size_t n = strlen(name ? name : "-");

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return err_oom();
	r->name = malloc(n + 1);
	r->in = malloc(CSV_CHUNK);
	if (!r->name || !r->in) {
		csv_close(r);
		return err_oom();
	}
	memcpy(r->name, name ? name : "-", n + 1);
	r->incap = CSV_CHUNK;
	r->f = f;
	r->line = 1;
	*out = r;
	return 0;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->in);
	free(r->rec);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	free(r->raw);
	free(r);
}

static int grow(void **p, size_t *cap, size_t want, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (want <= *cap)
		return 0;
	while (c < want)
		c *= 2;
	q = realloc(*p, c * size);
	if (!q)
		return err_oom();
	*p = q;
	*cap = c;
	return 0;
}

/* Saves the record's bytes still in `in` to `raw` before `in` is
 * overwritten (only while recovery from an open quote is possible). */
static int save_raw(struct csv_reader *r)
{
	size_t n;

	if (r->single_line || r->rawstart >= r->inlen)
		return 0;
	n = r->inlen - r->rawstart;
	if (grow((void **)&r->raw, &r->rawcap, r->rawlen + n, 1))
		return NETRA_ENOMEM;
	memcpy(r->raw + r->rawlen, r->in + r->rawstart, n);
	r->rawlen += n;
	return 0;
}

/* Makes sure a byte is available; 1 if so, 0 at end of input or error. */
static int fill(struct csv_reader *r)
{
	size_t n;

	if (r->inpos < r->inlen)
		return 1;
	if (r->eof || r->err)
		return 0;
	if (save_raw(r)) {
		r->err = NETRA_ENOMEM;
		return 0;
	}
	n = fread(r->in, 1, r->incap, r->f);
	r->inpos = 0;
	r->inlen = n;
	r->rawstart = 0;
	if (n == 0) {
		r->eof = 1;
		if (ferror(r->f))
			r->err = err_set(NETRA_EIO, "%s: read error", r->name);
		return 0;
	}
	return 1;
}

static inline int rd(struct csv_reader *r)
{
	if (r->inpos >= r->inlen && !fill(r))
		return -1;
	return r->in[r->inpos++];
}

static inline int peek(struct csv_reader *r)
{
	if (r->inpos >= r->inlen && !fill(r))
		return -1;
	return r->in[r->inpos];
}

/* Skips the rest of the current line (through its '\n'). */
static void skip_line(struct csv_reader *r)
{
	int c;

	while ((c = rd(r)) >= 0) {
		if (c == '\n') {
			r->line++;
			break;
		}
	}
}

/* Reports an input error at line and resynchronises at the next line. */
static int fail_line(struct csv_reader *r, size_t line, const char *why)
{
	err_set(NETRA_EINVALID, "%s:%zu: %s", r->name, line, why);
	skip_line(r);
	return NETRA_EINVALID;
}

static int field_begin(struct csv_reader *r)
{
	if (grow((void **)&r->offs, &r->fcap, r->nf + 1, sizeof(size_t)))
		return NETRA_ENOMEM;
	r->offs[r->nf] = r->reclen;
	return 0;
}

static int put(struct csv_reader *r, int c)
{
	if (r->reclen - r->offs[r->nf] >= CSV_MAX_FIELD)
		return fail_line(r, r->rec_line, "field too big (over 1 MiB)");
	if (r->reclen >= CSV_MAX_RECORD)
		return fail_line(r, r->rec_line, "record too big (over 8 MiB)");
	if (r->reclen + 1 >= r->reccap &&
	    grow((void **)&r->rec, &r->reccap, r->reclen + 2, 1))
		return NETRA_ENOMEM;
	r->rec[r->reclen++] = (char)c;
	return 0;
}

static int field_end(struct csv_reader *r)
{
	int rc = put(r, '\0');

	if (rc)
		return rc;
	r->nf++;
	return 0;
}

/* Feeds back the raw bytes after the first line of the current record
 * (an open quote swallowed the rest of the file) and switches to
 * single-line quoting, so each stray quote costs one pass at most. */
static void replay_after_first_line(struct csv_reader *r)
{
	size_t i, tail;
	unsigned char *nl;

	assert(r->inpos == r->inlen);
	if (save_raw(r)) {
		r->err = NETRA_ENOMEM;
		return;
	}
	r->single_line = 1;
	nl = r->rawlen ? memchr(r->raw, '\n', r->rawlen) : NULL;
	i = nl ? (size_t)(nl - r->raw) + 1 : r->rawlen;
	tail = r->rawlen - i;
	if (tail > r->incap) {
		unsigned char *p = realloc(r->in, tail);
		if (!p) {
			r->err = err_oom();
			return;
		}
		r->in = p;
		r->incap = tail;
	}
	if (tail)
		memcpy(r->in, r->raw + i, tail);
	r->inpos = 0;
	r->inlen = tail;
	r->rawlen = 0;
	r->line = r->rec_line + 1;
}

/* After the closing quote: sets *term to ',', '\n' or -1 (end). */
static int after_quote(struct csv_reader *r, int *term)
{
	int c = rd(r);

	if (c == '\r' && peek(r) == '\n')
		c = rd(r);
	if (c == ',' || c == '\n' || c < 0) {
		*term = c;
		return 0;
	}
	return fail_line(r, r->line,
	                 "unexpected character after closing quote");
}

/* Reads a quoted field (opening quote consumed). */
static int read_quoted(struct csv_reader *r, int *term)
{
	size_t qline = r->line;
	int c, rc;

	for (;;) {
		c = rd(r);
		if (c < 0) {
			if (r->err)
				return r->err;
			err_set(NETRA_EINVALID, "%s:%zu: unterminated quote",
			        r->name, qline);
			if (!r->single_line)
				replay_after_first_line(r);
			return r->err ? r->err : NETRA_EINVALID;
		}
		if (c == '"') {
			if (peek(r) != '"')
				return after_quote(r, term);
			c = rd(r);
		} else if (c == '\n') {
			if (r->single_line)
				return err_set(NETRA_EINVALID,
				               "%s:%zu: unterminated quote",
				               r->name, r->line++);
			r->line++;
		}
		rc = put(r, c);
		if (rc)
			return rc;
	}
}

/* Reads an unquoted field starting with byte c (may be a terminator). */
static int read_plain(struct csv_reader *r, int c, int *term)
{
	int rc;

	for (;;) {
		if (c == '\r' && peek(r) == '\n')
			c = rd(r);
		if (c < 0 && r->err)
			return r->err;
		if (c < 0 || c == ',' || c == '\n') {
			*term = c;
			return 0;
		}
		rc = put(r, c);
		if (rc)
			return rc;
		c = rd(r);
	}
}

static void skip_bom(struct csv_reader *r)
{
	r->started = 1;
	if (!fill(r) || r->inlen - r->inpos < 3)
		return;
	if (memcmp(r->in + r->inpos, "\xEF\xBB\xBF", 3) == 0)
		r->inpos += 3;
}

/* Points row at the finished record. */
static int emit(struct csv_reader *r, struct csv_row *row)
{
	size_t i, c1 = r->outcap, c2 = r->outcap;
	int rc = 0;

	if (r->nf > r->outcap) {
		rc = grow((void **)&r->fields, &c1, r->nf, sizeof(char *));
		if (!rc)
			rc =
			    grow((void **)&r->lens, &c2, r->nf, sizeof(size_t));
		r->outcap = c1 < c2 ? c1 : c2;
		if (rc)
			return rc;
	}
	for (i = 0; i < r->nf; i++) {
		size_t end = i + 1 < r->nf ? r->offs[i + 1] : r->reclen;
		r->fields[i] = r->rec + r->offs[i];
		r->lens[i] = end - r->offs[i] - 1;
	}
	row->count = r->nf;
	row->fields = r->fields;
	row->lens = r->lens;
	row->line = r->rec_line;
	return 1;
}

int csv_next(struct csv_reader *r, struct csv_row *row)
{
	int c, term, rc;

	memset(row, 0, sizeof(*row));
	if (!r->started)
		skip_bom(r);
	for (;;) { /* skip blank lines */
		r->reclen = r->nf = r->rawlen = 0;
		r->rawstart = r->inpos;
		r->rec_line = r->line;
		c = rd(r);
		if (c == '\r' && peek(r) == '\n')
			c = rd(r);
		if (c != '\n')
			break;
		r->line++;
	}
	if (c < 0)
		return r->err;
	for (;;) {
		if ((rc = field_begin(r)))
			return rc;
		rc = c == '"' ? read_quoted(r, &term) : read_plain(r, c, &term);
		if (rc || (rc = field_end(r)))
			return rc;
		if (term != ',')
			break;
		c = rd(r);
	}
	if (term == '\n')
		r->line++;
	return emit(r, row);
}
