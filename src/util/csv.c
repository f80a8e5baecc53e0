/*
 * util/csv.c - the streaming RFC 4180 CSV reader declared in csv.h.
 *
 * Input is read in CSV_CHUNK blocks into `in`; the record being parsed is
 * built in `rec` (fields separated by NUL bytes) and indexed by `offs` and
 * `lens`. The raw bytes a record spans are kept as it is parsed (copied
 * from `in` to `raw` only at refills, so the common case copies nothing):
 * when a record that runs over several lines (a quoted field with a line
 * end) turns out to be malformed - a quote left open, a quote closed and
 * followed by other text, a field over the size limit - its bytes after
 * its first line are fed back and parsed again, with quoted fields confined
 * to one line until the point of the error is passed. So one stray quote
 * costs its own line, never the lines it swallowed, and each byte is
 * parsed at most twice: reading stays linear whatever the input.
 */
#include "util/csv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/file.h"

#define CSV_CHUNK (64u << 10)

struct csv_reader {
	FILE *f;
	char *name;
	unsigned char *in; /* input buffer (or the bytes being replayed) */
	size_t inpos, inlen, incap;
	int eof;           /* f reached end of file (or failed) */
	int err;           /* sticky NETRA_EIO / NETRA_ENOMEM from refill */
	int started;       /* BOM check done */
	int single_line;   /* the current record may not span lines */
	int replaying;     /* `in` holds bytes fed back after an error */
	size_t replay_end; /* records starting before it are single-line */
	size_t max_field, max_record;
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
	int raw_over;    /* the record's raw bytes went over the keep limit */
	size_t rejlen;   /* bytes of raw to copy for the last error, or 0 */
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
	r->max_field = CSV_MAX_FIELD;
	r->max_record = CSV_MAX_RECORD;
	*out = r;
	return 0;
}

void csv_set_max_record(struct csv_reader *r, size_t max)
{
	if (max < 16)
		max = 16;
	r->max_record = max;
	r->max_field = max < CSV_MAX_FIELD ? max : CSV_MAX_FIELD;
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

void csv_reject(const struct csv_reader *r, const char **p, size_t *n)
{
	*p = r->rejlen ? (const char *)r->raw : "";
	*n = r->rejlen;
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

/* The most raw bytes kept for one record: a record within the limits
 * spans at most about twice its field bytes ("" escapes), plus a chunk. */
static size_t raw_keep(const struct csv_reader *r)
{
	return 2 * r->max_record + 2 * CSV_CHUNK;
}

/* Appends the record's bytes in[rawstart..upto) to `raw`, up to the keep
 * limit (past it the record cannot be replayed or copied). */
static int save_raw(struct csv_reader *r, size_t upto)
{
	size_t n = upto > r->rawstart ? upto - r->rawstart : 0;

	r->rawstart = upto;
	if (!n || r->raw_over)
		return 0;
	if (r->rawlen + n > raw_keep(r)) {
		r->raw_over = 1;
		return 0;
	}
	if (grow((void **)&r->raw, &r->rawcap, r->rawlen + n, 1))
		return NETRA_ENOMEM;
	memcpy(r->raw + r->rawlen, r->in + upto - n, n);
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
	if (save_raw(r, r->inlen)) {
		r->err = NETRA_ENOMEM;
		return 0;
	}
	if (r->replaying) { /* the fed-back bytes are used up */
		r->replaying = 0;
		if (r->incap > CSV_CHUNK) {
			unsigned char *p = realloc(r->in, CSV_CHUNK);
			if (p) {
				r->in = p;
				r->incap = CSV_CHUNK;
			}
		}
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

/* The record's first line (without its line end) becomes the bytes to
 * copy to a reject file; nothing when it was too long to keep. */
static void set_reject(struct csv_reader *r)
{
	unsigned char *nl;
	size_t n;

	r->rejlen = 0;
	if (save_raw(r, r->inpos) || r->raw_over)
		return;
	nl = r->rawlen ? memchr(r->raw, '\n', r->rawlen) : NULL;
	n = nl ? (size_t)(nl - r->raw) : r->rawlen;
	while (n && (r->raw[n - 1] == '\r' || r->raw[n - 1] == '\n'))
		n--;
	r->rejlen = n;
}

/* Feeds back the bytes of the current record after its first line, then
 * the unread rest of `in`, and parses the fed-back part with quoted fields
 * confined to a line. 0, or NETRA_ENOMEM. */
static int replay(struct csv_reader *r)
{
	size_t i, back, rest = r->inlen - r->inpos, need;
	unsigned char *nl, *p;

	nl = memchr(r->raw, '\n', r->rawlen);
	i = nl ? (size_t)(nl - r->raw) + 1 : r->rawlen;
	back = r->rawlen - i;
	need = back + rest;
	if (need > r->incap) {
		/* keep the unread rest in place while growing */
		p = realloc(r->in, need);
		if (!p)
			return r->err = err_oom();
		r->in = p;
		r->incap = need;
	}
	memmove(r->in + back, r->in + r->inpos, rest);
	memcpy(r->in, r->raw + i, back);
	r->inpos = 0;
	r->inlen = need;
	r->rawstart = 0;
	r->replaying = 1;
	r->replay_end = back;
	r->line = r->rec_line + 1;
	return 0;
}

/* Reports a malformed record and resynchronises: a record that spans
 * lines is read again from its second line; otherwise reading goes on
 * after the line of the error (eol: its line end was already read). */
static int fail(struct csv_reader *r, int eol, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct csv_reader *r, int eol, const char *fmt, ...)
{
	char why[256];
	va_list ap;
	int multi = !r->single_line && r->line > r->rec_line && !eol;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (multi)
		set_reject(r);
	if (multi && !r->raw_over) {
		if (replay(r))
			return r->err;
		return err_set(NETRA_EINVALID,
		               "%s:%zu: %s; read again from line %zu", r->name,
		               r->rec_line, why, r->rec_line + 1);
	}
	if (!eol)
		skip_line(r);
	set_reject(r);
	err_set(NETRA_EINVALID, "%s:%zu: %s", r->name, r->rec_line, why);
	return r->err ? r->err : NETRA_EINVALID;
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
	char sz[32];

	if (r->reclen - r->offs[r->nf] >= r->max_field)
		return fail(r, 0, "%sfield too big (over %s)",
		            r->line > r->rec_line ? "unterminated quote? " : "",
		            util_size_text(sz, sizeof(sz), r->max_field));
	if (r->reclen >= r->max_record)
		return fail(r, 0, "record too big (over %s)",
		            util_size_text(sz, sizeof(sz), r->max_record));
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
	if (r->line > r->rec_line)
		return fail(r, 0,
		            "unterminated quote? the quoted field closes on "
		            "line %zu and is followed by other text",
		            r->line);
	return fail(r, 0, "unexpected character after closing quote");
}

/* Reads a quoted field (opening quote consumed). */
static int read_quoted(struct csv_reader *r, int *term)
{
	int c, rc;

	for (;;) {
		c = rd(r);
		if (c < 0) {
			if (r->err)
				return r->err;
			if (r->line > r->rec_line)
				return fail(
				    r, 0,
				    "unterminated quote: the quoted field "
				    "runs to the end of the input");
			return fail(r, 0, "unterminated quote");
		}
		if (c == '"') {
			if (peek(r) != '"')
				return after_quote(r, term);
			c = rd(r);
		} else if (c == '\n') {
			if (r->single_line) {
				rc = fail(r, 1, "unterminated quote");
				r->line++;
				return rc;
			}
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

/* Starts a record at the next unread byte. */
static void record_begin(struct csv_reader *r)
{
	r->reclen = r->nf = r->rawlen = 0;
	r->raw_over = 0;
	r->rawstart = r->inpos;
	r->rec_line = r->line;
	r->single_line = r->replaying && r->inpos < r->replay_end;
}

int csv_next(struct csv_reader *r, struct csv_row *row)
{
	int c, term, rc;

	memset(row, 0, sizeof(*row));
	r->rejlen = 0;
	if (!r->started)
		skip_bom(r);
	for (;;) { /* skip blank lines */
		if (r->inpos >= r->inlen) {
			r->rawstart = r->inpos; /* nothing of a record */
			fill(r);
		}
		record_begin(r);
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
