/*
 * media/fetch.c - `netra media fetch` as a library call
 * (netra_media_fetch, netra/media.h): the media[] URLs of stored events
 * of registered accounts, downloaded, checked, stored by SHA-256 once,
 * read by OCR, and recorded with their evidence leaves.
 *
 * WHAT IS TO DO is media_pending (migration 024): ingest adds each event
 * of a registered account whose raw may give media[] (MEDIA_PENDING_ADD)
 * when it stores it; a fetch deletes the row in the transaction that writes the
 * event's last outcome. Scan waits for those rows (MEDIA_WAITING,
 * media/event.h).
 *
 * CLAIMS. Work is claimed per event in media_leases (migration 016): one
 * upsert takes pending events due (next_at passed) with no live claim,
 * under a lease that expires (a killed run's events return to the pool),
 * in id order from the last event this run claimed (so a run reads the
 * events once, not once per claim; events it passed because another run
 * held them are the next run's if that one died); an event finished is
 * marked done (owner "done", expiry INT64_MAX) and leaves media_pending
 * in the transaction that writes its rows. Two runs, on one machine or
 * several over one PostgreSQL store, never handle one event at once;
 * should a lease lapse and two write the same event after all, UNIQUE
 * (event_id, idx) and the blob's primary key keep one row each (ON
 * CONFLICT DO NOTHING).
 *
 * RETRIES. A media[k] refused for a transient reason (media_download's
 * again: a timeout, no connection, HTTP 408, 429, 5xx) gets no event_media
 * row yet: the event's pending row counts the attempt and is due again
 * after NETRA_MEDIA_RETRY_FIRST seconds times 4^(attempts-1), and its
 * lease is dropped. The other media[k] of the event are written at once;
 * the next pass fetches only the indexes without a row. The
 * NETRA_MEDIA_ATTEMPTS-th pass records what is still refused for good.
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
#include "util/civiltime.h"
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
	int again;       /* error is transient: fetch it again later */
	char *ocr;       /* malloc'd OCR text when read in this run */
	struct sbuf bytes;
	netra_image_info info;
	int decoded;
};

struct netra_media_fetcher {
	netra_store *st;
	netra_media_fetch_opts o;
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
 * at most MEDIA_PER_EVENT, leaving out the indexes in skip (bit k: k
 * recorded already). */
static int parse_items(struct item *items, size_t *n, const char *raw,
                       unsigned skip)
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
		if (!url || !*url || (skip & (1u << i)))
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

/* Bit k of *out set for each media[k] of event with an event_media row
 * (an earlier pass recorded it). */
static int recorded(unsigned *out, netra_store *st, int64_t event)
{
	store_stmt *q = NULL;
	int64_t k;
	int rc;

	*out = 0;
	if ((rc = store_prepare(&q, st, "SELECT idx FROM event_media WHERE "
	                                "event_id = ?")) ||
	    (rc = store_bind_int64(q, 1, event)))
		goto done;
	while ((rc = store_step(q)) == STORE_ROW)
		if ((k = store_column_int64(q, 0)) >= 0 && k < MEDIA_PER_EVENT)
			*out |= 1u << k;
done:
	store_finalize(q);
	return rc < 0 ? rc : 0;
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
 * A refused image sets it->error (and it->again when transient); only
 * setup failures are returned. Tesseract is opened at the first image. */
static int fetch_item(netra_media_fetcher *r, struct item *it)
{
	netra_image_type type;
	PIX *pix = NULL;
	int rc, d;

	r->stats->media++;
	rc = media_download(&it->bytes, &it->again, it->url, &r->lim);
	if (!rc)
		rc = media_decode(&pix, &type, it->bytes.data, it->bytes.len);
	if (rc == NETRA_ENOMEM)
		return rc;
	if (rc) {
		it->error = strdup(netra_error_last());
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
	if (!r->o.no_ocr && !r->ocr)
		rc = netra_ocr_new(&r->ocr, r->o.lang);
	if (!rc && r->ocr &&
	    !(rc = has_ocr(r->st, it->sha, netra_ocr_engine(r->ocr)))) {
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

/* Runs sql with the int64 parameters v[0..n) in order, the text owner
 * taking parameter number owner_at (from 1; 0: no text). */
static int exec_ids(netra_store *st, const char *sql, const int64_t *v,
                    int n, const char *owner, int owner_at)
{
	store_stmt *q = NULL;
	int rc, i, p = 1;

	if ((rc = store_prepare(&q, st, sql)))
		return rc;
	for (i = 0; i < n && !rc; i++, p++) {
		if (p == owner_at)
			rc = store_bind_text(q, p++, owner, (size_t)-1);
		if (!rc)
			rc = store_bind_int64(q, p, v[i]);
	}
	if (!rc && p == owner_at)
		rc = store_bind_text(q, p, owner, (size_t)-1);
	if (!rc)
		rc = store_step(q);
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

/* The event is finished: out of media_pending, its lease marked done. */
static int mark_done(netra_store *st, int64_t event)
{
	int64_t v[2] = {INT64_MAX, event};
	int rc;

	rc = exec_ids(st, "DELETE FROM media_pending WHERE event_id = ?",
	              &event, 1, NULL, 0);
	if (!rc)
		rc = exec_ids(st, "UPDATE media_leases SET owner = ?, "
		                  "expires_at = ? WHERE event_id = ?",
		              v, 2, MEDIA_DONE_OWNER, 1);
	return rc;
}

/* Seconds to wait after the attempts-th pass ended in a transient
 * refusal: NETRA_MEDIA_RETRY_FIRST, then 4 times the wait before. */
static int64_t retry_delay(int64_t attempts)
{
	int64_t d = NETRA_MEDIA_RETRY_FIRST;

	while (--attempts > 0)
		d *= 4;
	return d;
}

/* The event is to be fetched again: its attempt counted, due after the
 * back-off, its lease dropped so any run may take it then. */
static int mark_retry(netra_store *st, int64_t event, int64_t attempts,
                      const char *why, int64_t now)
{
	int64_t v[3] = {attempts, now + retry_delay(attempts), event};
	int rc;

	rc = exec_ids(st, "UPDATE media_pending SET attempts = ?, next_at = "
	                  "?, last_error = ? WHERE event_id = ?",
	              v, 3, why, 3);
	if (!rc)
		rc = exec_ids(st, "DELETE FROM media_leases WHERE event_id = ?",
		              &event, 1, NULL, 0);
	return rc;
}

/* Writes one handled pass over an event: blobs, OCR texts, the links of
 * every item not to be fetched again, the done or retry mark and the
 * evidence leaves, in one transaction. retry: the reason of the first
 * item to fetch again (the event stays pending), or NULL. */
static int write_event(netra_media_fetcher *r, int64_t event,
                       struct item *items, size_t n, const char *retry,
                       int64_t attempts)
{
	int64_t now = civil_now();
	size_t i;
	int rc, added;

	if ((rc = store_begin_write(r->st)))
		return rc;
	for (i = 0; i < n && !rc; i++) {
		struct item *it = &items[i];
		if (it->again)
			continue;
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
		rc = retry ? mark_retry(r->st, event, attempts, retry, now)
		           : mark_done(r->st, event);
	if (!rc)
		rc = evidence_append_pending(r->st);
	if (!rc)
		return store_commit(r->st);
	store_rollback(r->st);
	return rc;
}

/* Decides, after the pass numbered attempts (from 1), which refusals are
 * final: the transient ones are fetched again unless this was the last
 * pass, when their reason says so. Counts them; *retry gets the first
 * reason to fetch again, or NULL. */
static int settle(netra_media_fetcher *r, struct item *items, size_t n,
                  int64_t attempts, const char **retry)
{
	struct sbuf e;
	size_t i;

	*retry = NULL;
	for (i = 0; i < n; i++) {
		struct item *it = &items[i];
		if (!it->error)
			continue;
		if (it->again && attempts < NETRA_MEDIA_ATTEMPTS) {
			r->stats->retry++;
			if (!*retry)
				*retry = it->error;
			continue;
		}
		r->stats->failed++;
		if (!it->again)
			continue;
		it->again = 0;
		memset(&e, 0, sizeof(e));
		if (sbuf_printf(&e, "%s (attempt %lld of %d; not tried again)",
		                it->error, (long long)attempts,
		                NETRA_MEDIA_ATTEMPTS)) {
			sbuf_free(&e);
			return err_oom();
		}
		free(it->error);
		it->error = e.data;
	}
	return 0;
}

/* One pass over an event whose earlier passes (attempts) ended in a
 * transient refusal: the media[k] not recorded yet. */
static int handle_event(netra_media_fetcher *r, int64_t event,
                        const char *raw, int64_t attempts)
{
	struct item items[MEDIA_PER_EVENT];
	const char *retry = NULL;
	unsigned skip = 0;
	size_t n = 0, i;
	int rc = 0;

	if (attempts > 0)
		rc = recorded(&skip, r->st, event);
	if (!rc)
		rc = parse_items(items, &n, raw, skip);
	for (i = 0; i < n && !rc; i++)
		rc = fetch_item(r, &items[i]);
	if (!rc)
		rc = settle(r, items, n, attempts + 1, &retry);
	if (!rc)
		rc = write_event(r, event, items, n, retry, attempts + 1);
	for (i = 0; i < n; i++)
		item_free(&items[i]);
	if (!rc)
		r->stats->events++;
	return rc;
}

/* Claims up to max pending events that are due and have no live claim;
 * their ids, raw records and attempts come back in the rows of *out
 * (finalize it). */
static int claim(store_stmt **out, netra_media_fetcher *r, size_t max)
{
	int64_t now = civil_now();
	int64_t until = now + (r->o.lease_seconds > 0 ? r->o.lease_seconds
	                                              : 300);
	int64_t v[6] = {until, r->cursor, now, now, (int64_t)max, now};
	store_stmt *q = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_begin_write(r->st)))
		return rc;
	rc = exec_ids(
	    r->st,
	    "INSERT INTO media_leases (event_id, owner, expires_at) "
	    "SELECT p.event_id, ?, ? FROM media_pending p JOIN events e ON "
	    "e.id = p.event_id WHERE p.event_id > ? AND p.next_at <= ? AND NOT "
	    "EXISTS (SELECT 1 FROM media_leases l "
	    "WHERE l.event_id = p.event_id AND l.expires_at > ?) ORDER BY "
	    "p.event_id LIMIT ? ON CONFLICT (event_id) DO UPDATE SET owner = "
	    "excluded.owner, expires_at = excluded.expires_at WHERE "
	    "media_leases.expires_at <= ?",
	    v, 6, r->owner, 1);
	if (!rc)
		rc = store_commit(r->st);
	else
		store_rollback(r->st);
	if (rc < 0)
		return rc;
	if ((rc = store_prepare(&q, r->st,
	                        "SELECT e.id, e.raw, p.attempts FROM "
	                        "media_leases l JOIN events e ON e.id = "
	                        "l.event_id JOIN media_pending p ON p.event_id "
	                        "= l.event_id WHERE l.owner = ? ORDER BY "
	                        "e.id")) ||
	    (rc = store_bind_text(q, 1, r->owner, (size_t)-1))) {
		store_finalize(q);
		return rc;
	}
	*out = q;
	return 0;
}

static int stopped(const netra_media_fetcher *r)
{
	return r->o.stop && *r->o.stop;
}

/* Handles the claimed rows of q; *n gets how many were claimed. Stopped,
 * the claims not started are given back. */
static int handle_claimed(netra_media_fetcher *r, store_stmt *q, size_t *n)
{
	int64_t ids[MEDIA_CLAIM], tries[MEDIA_CLAIM];
	char *raws[MEDIA_CLAIM];
	size_t i, m = 0;
	int rc;

	/* copy out first: the handling writes, and SQLite's reader must
	 * not stay open across it */
	while (m < MEDIA_CLAIM && (rc = store_step(q)) == STORE_ROW) {
		ids[m] = store_column_int64(q, 0);
		tries[m] = store_column_int64(q, 2);
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
		if (!rc && !stopped(r))
			rc = handle_event(r, ids[i], raws[i], tries[i]);
		free(raws[i]);
	}
	if (!rc && stopped(r))
		rc = exec_ids(r->st, "DELETE FROM media_leases WHERE owner = ?",
		              NULL, 0, r->owner, 1);
	*n = m;
	return rc;
}

int netra_media_fetcher_new(netra_media_fetcher **out, netra_store *st,
                            const netra_media_fetch_opts *o)
{
	netra_media_fetcher *r;

	if (!(*out = r = calloc(1, sizeof(*r))))
		return err_oom();
	r->st = st;
	r->o = *o;
	r->lim.max_bytes = o->max_bytes ? o->max_bytes : 8u << 20;
	r->lim.timeout = o->timeout > 0 ? o->timeout : 30;
	r->lim.allow_private = o->allow_private;
	wf_lease_owner(r->owner, sizeof(r->owner));
	return 0;
}

void netra_media_fetcher_free(netra_media_fetcher *r)
{
	if (!r)
		return;
	netra_ocr_free(r->ocr);
	free(r);
}

int netra_media_fetcher_run(netra_media_fetcher *r,
                            netra_media_fetch_stats *out)
{
	store_stmt *q;
	size_t n, want;
	int rc;

	memset(out, 0, sizeof(*out));
	r->stats = out;
	r->cursor = 0;
	if ((rc = media_known_load(&r->known, r->st)))
		return rc;
	do {
		want = MEDIA_CLAIM;
		if (r->o.limit && r->o.limit - out->events < want)
			want = r->o.limit - out->events;
		if (!want || stopped(r))
			break;
		if ((rc = claim(&q, r, want)) ||
		    (rc = handle_claimed(r, q, &n)))
			break;
	} while (n > 0);
	media_known_free(&r->known);
	r->stats = NULL;
	return rc;
}

int netra_media_fetch(netra_media_fetch_stats *out, netra_store *st,
                      const netra_media_fetch_opts *o)
{
	netra_media_fetcher *r;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = netra_media_fetcher_new(&r, st, o)))
		return rc;
	rc = netra_media_fetcher_run(r, out);
	netra_media_fetcher_free(r);
	return rc;
}
