/*
 * ingest/rows.c - multi-row INSERTs of events, for a backend where a
 * statement's round trip costs more than its rows (PostgreSQL; the ingest
 * loop uses it when store_batch_rows() says more than 1).
 *
 * The ingest loop adds events to a group (their fields copied, since a
 * reader's event lives until the next one is read) and flushes the group
 * inside its batch transaction: 2^k rows per statement,
 *
 *   INSERT INTO events (...) VALUES (...), (...), ...
 *   ON CONFLICT (platform, event_id) DO NOTHING
 *   RETURNING id, platform, event_id
 *
 * each size prepared once per connection (the store's statement cache).
 * A returned row names a row of the statement that was stored; a row not
 * returned was a duplicate. So new rows are counted per statement, as the
 * one-row path does, and the evidence leaves are computed for exactly
 * the stored rows, in input order. A group never holds two events with
 * the same (platform, event_id) (the loop flushes first), so each
 * returned row names one input row and which of two copies was stored is
 * never a question. The stored posts with pictures are recorded in
 * media_pending by the same flush (media_pending_add, media/event.h), as
 * the one-row path does, so scan waits for their images.
 */
#include <stdlib.h>
#include <string.h>

#include "evidence/ledger.h"
#include "ingest/ingest_int.h"
#include "media/event.h"
#include "store/store.h"
#include "util/error.h"
#include "util/strmap.h"

/* The strings of a row, in bind order (see bind_row). */
enum { S_PLATFORM, S_ID, S_ACCOUNT, S_TEXT, S_URL, S_TACCOUNT, S_TID,
       S_TTEXT, S_RAW, S__COUNT };

#define ROW_PARAMS 14
#define MAX_LOG2   12 /* statements of up to 4,096 rows */
#define NO_STR     ((size_t)-1)

struct row {
	size_t off[S__COUNT]; /* into buf, or NO_STR for a NULL */
	size_t len[S__COUNT];
	const char *type;     /* netra_event_type_name: static */
	int64_t acct, created;
	int has_created;
	uint64_t key;         /* hash of platform and id */
	int64_t id;           /* events.id once stored, 0 if not */
};

struct ingest_rows {
	netra_store *st;
	size_t cap;                  /* rows per full statement */
	store_stmt *ins[MAX_LOG2 + 1]; /* ins[k]: 2^k rows, made on use */
	struct sbuf buf;             /* the rows' strings, NUL-terminated */
	struct row *rows;            /* cap of them */
	size_t n;
};

int ingest_rows_new(struct ingest_rows **out, netra_store *st, size_t cap)
{
	struct ingest_rows *g;
	size_t c = 1;

	*out = NULL;
	while (c * 2 <= cap && c * 2 <= ((size_t)1 << MAX_LOG2))
		c *= 2;
	if (!(g = calloc(1, sizeof(*g))))
		return err_oom();
	if (!(g->rows = calloc(c, sizeof(*g->rows)))) {
		free(g);
		return err_oom();
	}
	g->st = st;
	g->cap = c;
	*out = g;
	return 0;
}

void ingest_rows_free(struct ingest_rows *g)
{
	int k;

	if (!g)
		return;
	for (k = 0; k <= MAX_LOG2; k++)
		store_finalize(g->ins[k]);
	sbuf_free(&g->buf);
	free(g->rows);
	free(g);
}

size_t ingest_rows_count(const struct ingest_rows *g)
{
	return g->n;
}

size_t ingest_rows_cap(const struct ingest_rows *g)
{
	return g->cap;
}

void ingest_rows_clear(struct ingest_rows *g)
{
	g->n = 0;
	sbuf_clear(&g->buf);
}

/* A string of row r (NULL for a NULL) and its length. */
static const char *field(const struct ingest_rows *g, const struct row *r,
                         int f)
{
	return r->off[f] == NO_STR ? NULL : g->buf.data + r->off[f];
}

static uint64_t row_key(const char *platform, size_t pn, const char *id,
                        size_t idn)
{
	return strmap_hash(platform, pn) * 1099511628211ull ^
	       strmap_hash(id, idn);
}

static int str_is(const struct ingest_rows *g, const struct row *r, int f,
                  const char *s, size_t n)
{
	return r->off[f] != NO_STR && r->len[f] == n &&
	       memcmp(field(g, r, f), s, n) == 0;
}

/* The index of the row of [from, to) whose platform and id these are,
 * looking from `at` on first (rows come back in the order they were
 * sent, as a rule), or (size_t)-1. */
static size_t find_row(const struct ingest_rows *g, size_t from, size_t to,
                       size_t at, const char *pl, size_t pn, const char *id,
                       size_t idn)
{
	uint64_t key = row_key(pl, pn, id, idn);
	size_t i, j;

	for (i = 0; i < to - from; i++) {
		j = from + (at - from + i) % (to - from);
		if (g->rows[j].key == key && str_is(g, &g->rows[j], S_ID, id, idn) &&
		    str_is(g, &g->rows[j], S_PLATFORM, pl, pn))
			return j;
	}
	return (size_t)-1;
}

int ingest_rows_holds(const struct ingest_rows *g, const netra_event *ev)
{
	return g->n > 0 &&
	       find_row(g, 0, g->n, 0, ev->platform.s, ev->platform.len,
	                ev->id.s, ev->id.len) != (size_t)-1;
}

static int put_str(struct ingest_rows *g, struct row *r, int f,
                   const netra_str *v)
{
	r->off[f] = v->s ? g->buf.len : NO_STR;
	r->len[f] = v->s ? v->len : 0;
	if (!v->s)
		return 0;
	if (sbuf_append(&g->buf, v->s, v->len) || sbuf_putc(&g->buf, '\0'))
		return err_oom();
	return 0;
}

int ingest_rows_add(struct ingest_rows *g, const netra_event *ev,
                    int64_t acct)
{
	struct row *r;
	const netra_str *s[S__COUNT] = {
	    &ev->platform, &ev->id,          &ev->account,
	    &ev->text,     &ev->url,         &ev->target.account,
	    &ev->target.id, &ev->target.text, &ev->raw};
	int f, rc;

	if (g->n == g->cap)
		return err_set(NETRA_EINVALID, "ingest rows: group is full");
	r = &g->rows[g->n];
	memset(r, 0, sizeof(*r));
	for (f = 0; f < S__COUNT; f++)
		if ((rc = put_str(g, r, f, s[f])))
			return rc;
	r->type = netra_event_type_name(ev->type);
	r->acct = acct;
	r->has_created = ev->created_at.s != NULL;
	r->created = ev->created_ts;
	r->key = row_key(ev->platform.s, ev->platform.len, ev->id.s, ev->id.len);
	g->n++;
	return 0;
}

/* The statement for 2^k rows, built and prepared on first use. */
static int statement(store_stmt **out, struct ingest_rows *g, int k)
{
	struct sbuf q = SBUF_INIT;
	size_t i, m = (size_t)1 << k;
	int rc = 0;

	if (g->ins[k]) {
		*out = g->ins[k];
		return 0;
	}
	rc = sbuf_puts(&q, INGEST_INSERT_HEAD);
	for (i = 0; i < m && !rc; i++)
		rc = sbuf_printf(&q, "%s" INGEST_INSERT_ROW, i ? ", " : "");
	if (!rc)
		rc = sbuf_puts(&q, " ON CONFLICT (platform, event_id) DO NOTHING"
		                   " RETURNING id, platform, event_id");
	if (rc)
		rc = err_oom();
	else
		rc = store_prepare(&g->ins[k], g->st, q.data);
	sbuf_free(&q);
	*out = g->ins[k];
	return rc;
}

static int bind_field(store_stmt *s, int col, const struct ingest_rows *g,
                      const struct row *r, int f)
{
	return store_bind_text(s, col, field(g, r, f), r->len[f]);
}

/* Binds row r as the statement's row number i (from 0), in the column
 * order of INGEST_INSERT_HEAD. */
static int bind_row(store_stmt *s, size_t i, const struct ingest_rows *g,
                    const struct row *r, const char *source, size_t slen,
                    int64_t now)
{
	int c = (int)(i * ROW_PARAMS);
	int rc;

	if ((rc = bind_field(s, c + 1, g, r, S_PLATFORM)) ||
	    (rc = bind_field(s, c + 2, g, r, S_ID)) ||
	    (rc = store_bind_text(s, c + 3, r->type, (size_t)-1)) ||
	    (rc = store_bind_int64(s, c + 4, r->acct)) ||
	    (rc = bind_field(s, c + 5, g, r, S_ACCOUNT)) ||
	    (rc = r->has_created ? store_bind_int64(s, c + 6, r->created)
	                         : store_bind_null(s, c + 6)) ||
	    (rc = bind_field(s, c + 7, g, r, S_TEXT)) ||
	    (rc = bind_field(s, c + 8, g, r, S_URL)) ||
	    (rc = bind_field(s, c + 9, g, r, S_TACCOUNT)) ||
	    (rc = bind_field(s, c + 10, g, r, S_TID)) ||
	    (rc = bind_field(s, c + 11, g, r, S_TTEXT)) ||
	    (rc = bind_field(s, c + 12, g, r, S_RAW)) ||
	    (rc = store_bind_text(s, c + 13, source, slen)))
		return rc;
	return store_bind_int64(s, c + 14, now);
}

/* Inserts rows [from, from + 2^k) with one statement and marks the ones
 * it stored with their ids. */
static int insert_run(struct ingest_rows *g, size_t from, int k,
                      const char *source, size_t slen, int64_t now)
{
	size_t m = (size_t)1 << k, at = from, i, j;
	const char *pl, *id;
	size_t pn, idn;
	store_stmt *s;
	int rc;

	if ((rc = statement(&s, g, k)))
		return rc;
	for (i = 0; i < m && !rc; i++)
		rc = bind_row(s, i, g, &g->rows[from + i], source, slen, now);
	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		pl = store_column_text(s, 1, &pn);
		id = store_column_text(s, 2, &idn);
		j = find_row(g, from, from + m, at, pl, pn, id, idn);
		if (j == (size_t)-1 || g->rows[j].id) {
			rc = err_set(NETRA_EIO, "ingest: the store returned "
			             "an event it was not sent (%.*s %.*s)",
			             (int)pn, pl, (int)idn, id);
			break;
		}
		g->rows[j].id = store_column_int64(s, 0);
		at = j + 1 < from + m ? j + 1 : from;
		rc = 0;
	}
	store_reset(s);
	return rc < 0 ? rc : 0;
}

int ingest_rows_flush(struct ingest_rows *g, const char *source, size_t slen,
                      int64_t now, struct evidence_leaf_in *leaves,
                      size_t *nleaves)
{
	size_t done = 0, i, np = 0;
	int64_t pend[32];
	const struct row *r;
	int k, rc = 0;

	*nleaves = 0;
	while (done < g->n && !rc) {
		for (k = MAX_LOG2; ((size_t)1 << k) > g->n - done; k--)
			;
		rc = insert_run(g, done, k, source, slen, now);
		done += (size_t)1 << k;
	}
	for (i = 0; i < g->n && !rc; i++) {
		struct evidence_leaf_in *l;

		r = &g->rows[i];
		if (!r->id)
			continue;
		l = &leaves[(*nleaves)++];
		l->kind = EVIDENCE_EVENT;
		l->ref = r->id;
		evidence_leaf_hash(l->hash, now, field(g, r, S_PLATFORM),
		                   r->len[S_PLATFORM], field(g, r, S_ID),
		                   r->len[S_ID], field(g, r, S_RAW),
		                   r->len[S_RAW]);
		/* a new post with pictures: scan waits for them */
		if (strcmp(r->type, "delete") != 0 &&
		    media_raw_may_have(field(g, r, S_RAW), r->len[S_RAW]))
			pend[np++] = r->id;
		if (np == sizeof(pend) / sizeof(pend[0])) {
			rc = media_pending_add(g->st, pend, np, now);
			np = 0;
		}
	}
	if (np && !rc)
		rc = media_pending_add(g->st, pend, np, now);
	ingest_rows_clear(g);
	return rc;
}
