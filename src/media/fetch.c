/*
 * media/fetch.c - `netra media fetch` as a library call
 * (netra_media_fetch, netra/media.h): the media[] URLs of stored events
 * of registered accounts, downloaded, checked, stored by SHA-256 once,
 * read by OCR, and recorded with their evidence leaves.
 *
 * CLAIMS. Work is claimed per event in media_leases (migration 016): one
 * upsert takes events that have media and no live claim, under a lease
 * that expires (a killed run's events return to the pool), in id order
 * from the last event this run claimed (so a run reads the events once,
 * not once per claim; events it passed because another run held them
 * are the next run's if that one died); an event
 * handled is marked done (owner "done", expiry INT64_MAX) in the
 * transaction that writes its rows, so it is never claimed again. Two
 * runs, on one machine or several over one PostgreSQL store, never
 * handle one event at once; should a lease lapse and two write the same
 * event after all, UNIQUE (event_id, idx) and the blob's primary key keep
 * one row each (ON CONFLICT DO NOTHING).
 *
 * ORDER OF WORK per event: downloads, decoding, pHash and OCR happen
 * outside any transaction (they are slow); then one write transaction
 * stores the new blobs, their OCR texts, one event_media row per media[k]
 * (the SHA-256, or the reason it was refused), the done mark, and the
 * evidence leaves of what it wrote (evidence_append_pending), so a kill
 * at any moment leaves all of the event or none of it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "evidence/ledger.h"
#include "media/event.h"
#include "netra/ingest.h"
#include "media/media_int.h"
#include "store/store.h"
#include "util/error.h"
#include "workflow/lease.h"

/* Images fetched per event at most; further media[] entries are left. */
#define MEDIA_PER_EVENT 8
/* Events claimed per round trip. */
#define MEDIA_CLAIM 16
#define MEDIA_DONE_OWNER "done"

/* One media[k] of the event being handled. */
struct item {
	int k;
	char *url;
	char sha[65];
	char *error;     /* malloc'd reason, or NULL when fetched */
	char *ocr;       /* malloc'd OCR text when read in this run */
	struct sbuf bytes;
	netra_image_info info;
	int decoded;
};

struct run {
	netra_store *st;
	const netra_media_fetch_opts *o;
	netra_media_fetch_stats *stats;
	struct media_limits lim;
	netra_ocr *ocr;
	char owner[128];
	int64_t cursor; /* highest event id claimed by this run */
	struct media_known_set known;
};

static void item_free(struct item *it)
{
	free(it->url);
	free(it->error);
	free(it->ocr);
	sbuf_free(&it->bytes);
}

/* The media[k].url strings of a raw record (netra_raw_media: a generic
 * Event's media[], or a platform item's as its converter derives them),
 * at most MEDIA_PER_EVENT. */
static int parse_items(struct item *items, size_t *n, const char *raw)
{
	json_t *arr, *m;
	size_t i;
	int rc;

	*n = 0;
	if ((rc = netra_raw_media(&arr, raw, strlen(raw))))
		return rc;
	json_array_foreach(arr, i, m) {
		const char *url = json_string_value(json_object_get(m, "url"));
		if (i >= MEDIA_PER_EVENT)
			break;
		if (!url || !*url)
			continue;
		memset(&items[*n], 0, sizeof(items[*n]));
		items[*n].k = (int)i;
		if (!(items[*n].url = strdup(url))) {
			rc = err_oom();
			break;
		}
		(*n)++;
	}
	json_decref(arr);
	return rc;
}

/* 1 when the store has an OCR text of sha by this engine. */
static int has_ocr(netra_store *st, const char *sha, const char *engine)
{
	store_stmt *q = NULL;
	int rc;

	if ((rc = store_prepare(&q, st, "SELECT 1 FROM media_ocr WHERE "
	                                "sha256 = ? AND engine = ?")) ||
	    (rc = store_bind_text(q, 1, sha, 64)) ||
	    (rc = store_bind_text(q, 2, engine, (size_t)-1)))
		goto done;
	rc = store_step(q);
	if (rc >= 0)
		rc = rc == STORE_ROW;
done:
	store_finalize(q);
	return rc;
}

/* Downloads, checks, hashes and reads one item (outside transactions).
 * A refused image sets it->error; only setup failures are returned. */
static int fetch_item(struct run *r, struct item *it)
{
	netra_image_type type;
	PIX *pix = NULL;
	int rc, d;

	r->stats->media++;
	rc = media_download(&it->bytes, it->url, &r->lim);
	if (!rc)
		rc = media_decode(&pix, &type, it->bytes.data, it->bytes.len);
	if (rc == NETRA_ENOMEM)
		return rc;
	if (rc) {
		it->error = strdup(netra_error_last());
		r->stats->failed++;
		return it->error ? 0 : err_oom();
	}
	r->stats->fetched++;
	media_sha256_hex(it->sha, it->bytes.data, it->bytes.len);
	it->info.type = type;
	it->info.width = pixGetWidth(pix);
	it->info.height = pixGetHeight(pix);
	it->decoded = media_phash(&it->info.phash, pix) == 0;
	if (it->decoded && media_known_match(&r->known, it->info.phash, &d))
		r->stats->known++;
	rc = 0;
	if (r->ocr && !(rc = has_ocr(r->st, it->sha, netra_ocr_engine(r->ocr)))) {
		rc = media_ocr_pix(&it->ocr, r->ocr, pix);
		if (rc == NETRA_EINVALID) { /* unreadable: no text, no error */
			rc = 0;
			it->ocr = NULL;
		} else if (!rc) {
			r->stats->ocr++;
		}
	}
	pixDestroy(&pix);
	return rc < 0 ? rc : 0;
}

int media_blob_put(int *added, netra_store *st, const char *sha,
                   const void *p, size_t n, const netra_image_info *info,
                   int64_t now)
{
	store_stmt *q = NULL;
	int rc;

	*added = 0;
	if ((rc = store_prepare(&q, st,
	                        "INSERT INTO media_blobs (sha256, mime, size, "
	                        "width, height, phash, bytes, stored_at) VALUES "
	                        "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) "
	                        "DO NOTHING")) ||
	    (rc = store_bind_text(q, 1, sha, 64)) ||
	    (rc = store_bind_text(q, 2, netra_image_mime(info->type),
	                          (size_t)-1)) ||
	    (rc = store_bind_int64(q, 3, (int64_t)n)) ||
	    (rc = store_bind_int64(q, 4, info->width)) ||
	    (rc = store_bind_int64(q, 5, info->height)) ||
	    (rc = store_bind_int64(q, 6, (int64_t)info->phash)) ||
	    (rc = store_bind_blob(q, 7, p, n)) ||
	    (rc = store_bind_int64(q, 8, now)))
		goto done;
	if ((rc = store_step(q)) >= 0) {
		*added = store_changes(q) > 0;
		rc = 0;
	}
done:
	store_finalize(q);
	return rc;
}

static int put_ocr(netra_store *st, const char *sha, const char *engine,
                   const char *text, int64_t now)
{
	store_stmt *q = NULL;
	int rc;

	if ((rc = store_prepare(&q, st,
	                        "INSERT INTO media_ocr (sha256, engine, text, "
	                        "created_at) VALUES (?, ?, ?, ?) ON CONFLICT "
	                        "(sha256, engine) DO NOTHING")) ||
	    (rc = store_bind_text(q, 1, sha, 64)) ||
	    (rc = store_bind_text(q, 2, engine, (size_t)-1)) ||
	    (rc = store_bind_text(q, 3, text, (size_t)-1)) ||
	    (rc = store_bind_int64(q, 4, now)))
		goto done;
	rc = store_step(q);
done:
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

static int put_link(netra_store *st, int64_t event, const struct item *it,
                    int64_t now)
{
	store_stmt *q = NULL;
	int rc;

	if ((rc = store_prepare(&q, st,
	                        "INSERT INTO event_media (event_id, idx, url, "
	                        "sha256, error, fetched_at) VALUES (?, ?, ?, ?, "
	                        "?, ?) ON CONFLICT (event_id, idx) DO "
	                        "NOTHING")) ||
	    (rc = store_bind_int64(q, 1, event)) ||
	    (rc = store_bind_int64(q, 2, it->k)) ||
	    (rc = store_bind_text(q, 3, it->url, (size_t)-1)) ||
	    (rc = store_bind_text(q, 4, it->error ? NULL : it->sha, 64)) ||
	    (rc = store_bind_text(q, 5, it->error, (size_t)-1)) ||
	    (rc = store_bind_int64(q, 6, now)))
		goto done;
	rc = store_step(q);
done:
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

static int mark_done(netra_store *st, int64_t event)
{
	store_stmt *q = NULL;
	int rc;

	if ((rc = store_prepare(&q, st,
	                        "UPDATE media_leases SET owner = ?, expires_at "
	                        "= ? WHERE event_id = ?")) ||
	    (rc = store_bind_text(q, 1, MEDIA_DONE_OWNER, (size_t)-1)) ||
	    (rc = store_bind_int64(q, 2, INT64_MAX)) ||
	    (rc = store_bind_int64(q, 3, event)))
		goto done;
	rc = store_step(q);
done:
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

/* Writes one handled event: blobs, OCR texts, links, the done mark and
 * the evidence leaves, in one transaction. */
static int write_event(struct run *r, int64_t event, struct item *items,
                       size_t n)
{
	int64_t now = (int64_t)time(NULL);
	size_t i;
	int rc, added;

	if ((rc = store_begin_write(r->st)))
		return rc;
	for (i = 0; i < n && !rc; i++) {
		struct item *it = &items[i];
		if (!it->error) {
			rc = media_blob_put(&added, r->st, it->sha,
			                    it->bytes.data, it->bytes.len,
			                    &it->info, now);
			r->stats->new_blobs += (size_t)added;
		}
		if (!rc && it->ocr)
			rc = put_ocr(r->st, it->sha, netra_ocr_engine(r->ocr),
			             it->ocr, now);
		if (!rc)
			rc = put_link(r->st, event, it, now);
	}
	if (!rc)
		rc = mark_done(r->st, event);
	if (!rc)
		rc = evidence_append_pending(r->st);
	if (!rc)
		return store_commit(r->st);
	store_rollback(r->st);
	return rc;
}

static int handle_event(struct run *r, int64_t event, const char *raw)
{
	struct item items[MEDIA_PER_EVENT];
	size_t n = 0, i;
	int rc;

	rc = parse_items(items, &n, raw);
	for (i = 0; i < n && !rc; i++)
		rc = fetch_item(r, &items[i]);
	if (!rc)
		rc = write_event(r, event, items, n);
	for (i = 0; i < n; i++)
		item_free(&items[i]);
	if (!rc)
		r->stats->events++;
	return rc;
}

/* Claims up to max events with media and no live claim; their ids and
 * raw records come back in the rows of *out (finalize it). */
static int claim(store_stmt **out, struct run *r, size_t max)
{
	int64_t now = (int64_t)time(NULL);
	int64_t until = now + (r->o->lease_seconds > 0 ? r->o->lease_seconds
	                                               : 300);
	store_stmt *q = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_begin_write(r->st)))
		return rc;
	rc = store_prepare(
	    &q, r->st,
	    "INSERT INTO media_leases (event_id, owner, expires_at) "
	    "SELECT e.id, ?, ? FROM events e WHERE e.id > ? AND "
	    "e.account_id IS NOT NULL AND e.type <> 'delete' AND "
	    MEDIA_RAW_MAY_HAVE " AND NOT "
	    "EXISTS (SELECT 1 FROM media_leases l WHERE l.event_id = e.id AND "
	    "l.expires_at > ?) ORDER BY e.id LIMIT ? ON CONFLICT (event_id) DO "
	    "UPDATE SET owner = excluded.owner, expires_at = "
	    "excluded.expires_at WHERE media_leases.expires_at <= ?");
	if (!rc && !(rc = store_bind_text(q, 1, r->owner, (size_t)-1)) &&
	    !(rc = store_bind_int64(q, 2, until)) &&
	    !(rc = store_bind_int64(q, 3, r->cursor)) &&
	    !(rc = store_bind_int64(q, 4, now)) &&
	    !(rc = store_bind_int64(q, 5, (int64_t)max)) &&
	    !(rc = store_bind_int64(q, 6, now)))
		rc = store_step(q);
	store_finalize(q);
	q = NULL;
	if (rc >= 0)
		rc = store_commit(r->st);
	else
		store_rollback(r->st);
	if (rc < 0)
		return rc;
	if ((rc = store_prepare(&q, r->st,
	                        "SELECT e.id, e.raw FROM media_leases l JOIN "
	                        "events e ON e.id = l.event_id WHERE l.owner = "
	                        "? ORDER BY e.id")) ||
	    (rc = store_bind_text(q, 1, r->owner, (size_t)-1))) {
		store_finalize(q);
		return rc;
	}
	*out = q;
	return 0;
}

/* Handles the claimed rows of q; *n gets how many. */
static int handle_claimed(struct run *r, store_stmt *q, size_t *n)
{
	int64_t ids[MEDIA_CLAIM];
	char *raws[MEDIA_CLAIM];
	size_t i, m = 0;
	int rc;

	/* copy out first: the handling writes, and SQLite's reader must
	 * not stay open across it */
	while (m < MEDIA_CLAIM && (rc = store_step(q)) == STORE_ROW) {
		ids[m] = store_column_int64(q, 0);
		if (ids[m] > r->cursor)
			r->cursor = ids[m];
		if (!(raws[m] = strdup(store_column_text(q, 1, NULL)))) {
			rc = err_oom();
			break;
		}
		m++;
	}
	store_finalize(q);
	rc = rc < 0 ? rc : 0;
	for (i = 0; i < m; i++) {
		if (!rc)
			rc = handle_event(r, ids[i], raws[i]);
		free(raws[i]);
	}
	*n = m;
	return rc;
}

int netra_media_fetch(netra_media_fetch_stats *out, netra_store *st,
                      const netra_media_fetch_opts *o)
{
	struct run r;
	store_stmt *q;
	size_t n, want;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.o = o;
	r.stats = out;
	r.lim.max_bytes = o->max_bytes ? o->max_bytes : 8u << 20;
	r.lim.timeout = o->timeout > 0 ? o->timeout : 30;
	r.lim.allow_private = o->allow_private;
	wf_lease_owner(r.owner, sizeof(r.owner));
	if (!o->no_ocr && (rc = netra_ocr_new(&r.ocr, o->lang)))
		return rc;
	if ((rc = media_known_load(&r.known, st)))
		goto done;
	do {
		want = MEDIA_CLAIM;
		if (o->limit && o->limit - out->events < want)
			want = o->limit - out->events;
		if (!want)
			break;
		if ((rc = claim(&q, &r, want)) ||
		    (rc = handle_claimed(&r, q, &n)))
			break;
	} while (n > 0);
done:
	netra_ocr_free(r.ocr);
	media_known_free(&r.known);
	return rc;
}
