/*
 * evidence/event.c - what is shown of an event, checked against the bytes
 * the evidence log hashed (issue 8). The log hashes events.raw; the other
 * columns (type, account, created_at, text, url, target) are copies made
 * at ingest, so a rewritten text column would go unnoticed by the log
 * while a reviewer reads it. Here the event is derived again from its raw
 * record (netra_event_from_raw, the ingest converters) and compared column
 * by column.
 *
 * netra_evidence_event_load() is what the finding view, the bundle export
 * and the web use: the event as parsed from its verified raw, with the
 * columns that disagree with it and those raw cannot tell. The audit uses
 * evidence_event_compare() on every logged event.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "evidence/ledger.h"
#include "netra/ingest.h"
#include "store/store.h"
#include "util/error.h"

static const char *const col_names[NETRA_RAW_NCOLS] = {
    "type", "account",        "created_at", "text",
    "url",  "target_account", "target_id",  "target_text"};

const char *netra_evidence_column_name(int i)
{
	return i >= 0 && i < NETRA_RAW_NCOLS ? col_names[i] : "?";
}

int evidence_shown_new(struct evidence_shown **out)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return err_oom();
	if (netra_event_parser_new(&(*out)->p)) {
		free(*out);
		*out = NULL;
		return err_oom();
	}
	return 0;
}

void evidence_shown_free(struct evidence_shown *sh)
{
	if (!sh)
		return;
	netra_event_parser_free(sh->p);
	free(sh);
}

void evidence_cols_from_row(struct evidence_cols *c, store_stmt *q, int first)
{
	int i;

	for (i = 0; i < NETRA_RAW_NCOLS; i++) {
		c->v[i] = store_column_is_null(q, first + i)
		              ? NULL
		              : store_column_text(q, first + i, &c->len[i]);
		if (!c->v[i])
			c->len[i] = 0;
	}
	c->created_at = store_column_int64(q, first + 2);
}

/* 1 when the derived slice (s NULL: absent) equals stored column i. */
static int same_str(const struct evidence_cols *c, int i, const char *s,
                    size_t n)
{
	if (!s || !c->v[i])
		return !s && !c->v[i];
	return n == c->len[i] && memcmp(s, c->v[i], n) == 0;
}

static unsigned diff_cols(const struct evidence_cols *c, const netra_event *d)
{
	const char *type = netra_event_type_name(d->type);
	unsigned bits = 0;

	if (!same_str(c, 0, type, strlen(type)))
		bits |= NETRA_RAW_TYPE;
	if (!same_str(c, 1, d->account.s, d->account.len))
		bits |= NETRA_RAW_ACCOUNT;
	if (d->created_at.s ? !c->v[2] || c->created_at != d->created_ts
	                    : c->v[2] != NULL)
		bits |= NETRA_RAW_CREATED;
	if (!same_str(c, 3, d->text.s, d->text.len))
		bits |= NETRA_RAW_TEXT;
	if (!same_str(c, 4, d->url.s, d->url.len))
		bits |= NETRA_RAW_URL;
	if (!same_str(c, 5, d->target.account.s, d->target.account.len))
		bits |= NETRA_RAW_TARGET_ACCOUNT;
	if (!same_str(c, 6, d->target.id.s, d->target.id.len))
		bits |= NETRA_RAW_TARGET_ID;
	if (!same_str(c, 7, d->target.text.s, d->target.text.len))
		bits |= NETRA_RAW_TARGET_TEXT;
	return bits;
}

/* One reading of raw (csv: as a CSV row); 0 and the differing bits, or
 * the derivation's error. */
static int reading(struct evidence_shown *sh, const struct evidence_cols *c,
                   const char *raw, size_t n, int csv, const netra_event **d,
                   unsigned *differs, unsigned *uncovered)
{
	int rc = netra_event_from_raw(sh->p, raw, n, c->v[1], csv, d,
	                              uncovered);

	if (!rc)
		*differs = diff_cols(c, *d) & ~*uncovered;
	return rc;
}

int evidence_event_compare(struct evidence_shown *sh,
                           const struct evidence_cols *c, const char *raw,
                           size_t n, unsigned *differs, unsigned *uncovered,
                           const netra_event **derived)
{
	int rc0, rc1;

	*differs = 0;
	*derived = NULL;
	/* A raw with the Event's keys is a JSONL Event or a CSV row; they
	 * read empty fields differently, so a row may match either. The
	 * parser's event is overwritten by each reading. */
	rc0 = reading(sh, c, raw, n, 0, derived, differs, uncovered);
	if (rc0 == NETRA_ENOMEM || (!rc0 && !*differs))
		return rc0;
	rc1 = reading(sh, c, raw, n, 1, derived, differs, uncovered);
	if (rc1 == NETRA_ENOMEM || (!rc1 && (!*differs || rc0)))
		return rc1;
	if (!rc0)
		return reading(sh, c, raw, n, 0, derived, differs, uncovered);
	*derived = NULL;
	*differs = 0;
	*uncovered = (1u << NETRA_RAW_NCOLS) - 1;
	return NETRA_EINVALID;
}

/* --- netra_evidence_event_load -------------------------------------- */

static char *dup_n(const char *s, size_t n)
{
	char *c;

	if (!s)
		return NULL;
	c = malloc(n + 1);
	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

void netra_evidence_event_free(netra_evidence_event *e)
{
	int i;

	if (!e)
		return;
	free(e->platform);
	free(e->event_id);
	free(e->raw);
	for (i = 0; i < NETRA_RAW_NCOLS; i++)
		free(e->col[i]);
	memset(e, 0, sizeof(*e));
}

/* The shown values: derived from raw where raw tells, else stored. */
static int fill_cols(netra_evidence_event *e, const struct evidence_cols *c,
                     const netra_event *d, unsigned uncovered)
{
	const netra_str *s[NETRA_RAW_NCOLS] = {
	    NULL,    &d->account,        NULL,          &d->text,
	    &d->url, &d->target.account, &d->target.id, &d->target.text};
	const char *type = netra_event_type_name(d->type);
	int i;

	e->created_at = c->created_at;
	e->has_created_at = c->v[2] != NULL;
	if (!(uncovered & NETRA_RAW_CREATED)) {
		e->has_created_at = d->created_at.s != NULL;
		e->created_at = e->has_created_at ? d->created_ts : 0;
	}
	for (i = 0; i < NETRA_RAW_NCOLS; i++) {
		if (i == 2)
			continue;
		if (uncovered & (1u << i))
			e->col[i] = dup_n(c->v[i], c->len[i]);
		else if (i == 0)
			e->col[i] = dup_n(type, strlen(type));
		else
			e->col[i] = dup_n(s[i]->s, s[i]->len);
		if ((uncovered & (1u << i) ? c->v[i] : (i ? s[i]->s : type)) &&
		    !e->col[i])
			return err_oom();
	}
	return 0;
}

/* Is raw the logged one? Sets e->logged and e->leaf_index. */
static int check_logged(netra_evidence_event *e, netra_store *st)
{
	uint8_t leaf[32], again[32];
	int rc;

	rc = evidence_leaf_of_event(st, e->row_id, &e->leaf_index, leaf);
	if (rc == NETRA_ENOTFOUND)
		return 0; /* queued, not yet logged */
	if (rc)
		return rc;
	evidence_leaf_hash(again, e->ingested_at, e->platform,
	                   strlen(e->platform), e->event_id,
	                   strlen(e->event_id), e->raw, e->raw_len);
	if (sodium_memcmp(again, leaf, 32))
		return err_set(NETRA_ETAMPER,
		               "event %lld (%s %s) no longer matches its "
		               "evidence leaf %llu: the store was changed",
		               (long long)e->row_id, e->platform, e->event_id,
		               (unsigned long long)e->leaf_index);
	e->logged = 1;
	return 0;
}

static int load_row(netra_evidence_event *e, netra_store *st, int64_t row)
{
	struct evidence_cols c;
	store_stmt *q = NULL;
	const char *p;
	size_t n;
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT platform, event_id, raw, ingested_at, "
	                   "deleted_at, " EVIDENCE_SHOWN_COLUMNS
	                   " FROM events WHERE id = ?");
	if (!rc)
		rc = store_bind_int64(q, 1, row);
	if (!rc)
		rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ENOTFOUND, "no event %lld", (long long)row);
	if (rc < 0)
		goto done;
	e->row_id = row;
	p = store_column_text(q, 0, &n);
	e->platform = dup_n(p, n);
	p = store_column_text(q, 1, &n);
	e->event_id = dup_n(p, n);
	p = store_column_text(q, 2, &e->raw_len);
	e->raw = dup_n(p, e->raw_len);
	e->ingested_at = store_column_int64(q, 3);
	e->deleted_at = store_column_int64(q, 4);
	evidence_cols_from_row(&c, q, 5);
	rc = e->platform && e->event_id && e->raw ? 0 : err_oom();
	if (!rc)
		rc = check_logged(e, st);
	/* the columns borrow from q: compare before it is finalized */
	if (!rc)
		rc = evidence_event_fill(e, &c);
done:
	store_finalize(q);
	return rc;
}

int evidence_event_fill(netra_evidence_event *e, const struct evidence_cols *c)
{
	struct evidence_shown *sh = NULL;
	const netra_event *d;
	unsigned uncovered;
	int rc, i;

	if ((rc = evidence_shown_new(&sh)))
		return rc;
	rc = evidence_event_compare(sh, c, e->raw, e->raw_len, &e->differs,
	                            &uncovered, &d);
	e->uncovered = uncovered;
	if (rc == NETRA_EINVALID) {
		/* raw gives no event: every column is shown as stored */
		rc = 0;
		e->created_at = c->created_at;
		e->has_created_at = c->v[2] != NULL;
		for (i = 0; i < NETRA_RAW_NCOLS && !rc; i++)
			if (i != 2 && c->v[i] &&
			    !(e->col[i] = dup_n(c->v[i], c->len[i])))
				rc = err_oom();
	} else if (!rc) {
		e->derived = 1;
		rc = fill_cols(e, c, d, uncovered);
	}
	evidence_shown_free(sh);
	return rc;
}

int netra_evidence_event_load(netra_evidence_event *out, netra_store *st,
                              int64_t event_row)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = load_row(out, st, event_row);
	if (rc)
		netra_evidence_event_free(out);
	return rc;
}
