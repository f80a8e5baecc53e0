/*
 * media/event.c - the images of one stored event with their text and
 * known-image match (media/event.h), and the set of known campaign images.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "media/event.h"
#include "netra/ingest.h"
#include "netra/media.h"
#include "store/store.h"
#include "util/error.h"

int media_raw_may_have(const char *raw, size_t len)
{
	/* MEDIA_RAW_MAY_HAVE's patterns after their opening quote, found by
	 * their first letter (a raw record has a hundred quotes) */
	const char *p = raw, *end = raw + len, *q, *key;
	size_t n;

	while (p < end && (q = memchr(p, '"', (size_t)(end - p)))) {
		p = q + 1;
		if (p == end)
			break;
		switch (*p | 0x20) {
		case 'm': key = "media"; break;
		case 't': key = "thumbnail"; break;
		case 'c': key = "cover_image_url\""; break;
		case 'f': key = "full_picture\""; break;
		case 'd': key = "display_url\""; break;
		default: continue;
		}
		n = strlen(key);
		if ((size_t)(end - p) >= n && strncasecmp(p, key, n) == 0)
			return 1;
	}
	return 0;
}

/* Rows per statement of media_pending_add. */
#define PENDING_ROWS 32

int media_pending_add(netra_store *st, const int64_t *ids, size_t n,
                      int64_t now)
{
	char sql[128 + PENDING_ROWS * 8];
	store_stmt *q = NULL;
	size_t c, i, len;
	int rc = 0;

	while (n > 0 && !rc) {
		c = n < PENDING_ROWS ? n : PENDING_ROWS;
		len = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO "
		                       "media_pending (event_id, ingested_at) "
		                       "VALUES (?, ?)");
		for (i = 1; i < c; i++)
			len += (size_t)snprintf(sql + len, sizeof(sql) - len,
			                        ", (?, ?)");
		snprintf(sql + len, sizeof(sql) - len,
		         " ON CONFLICT (event_id) DO NOTHING");
		rc = store_prepare(&q, st, sql);
		for (i = 0; i < c && !rc; i++)
			if (!(rc = store_bind_int64(q, (int)(2 * i + 1), ids[i])))
				rc = store_bind_int64(q, (int)(2 * i + 2), now);
		if (!rc && (rc = store_step(q)) > 0)
			rc = 0;
		store_finalize(q);
		q = NULL;
		ids += c;
		n -= c;
	}
	return rc;
}

int64_t media_wait_cutoff(int64_t now, int grace)
{
	if (grace < 0)
		return INT64_MAX;
	return now - (grace ? grace : NETRA_MEDIA_GRACE);
}

int media_pending_count(int64_t *out, int64_t *waiting, netra_store *st,
                        int64_t cutoff)
{
	store_stmt *q = NULL;
	int rc;

	*out = *waiting = 0;
	if ((rc = store_prepare(&q, st,
	                        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN "
	                        "ingested_at > ? THEN 1 ELSE 0 END), 0) FROM "
	                        "media_pending")) ||
	    (rc = store_bind_int64(q, 1, cutoff)))
		goto done;
	if ((rc = store_step(q)) == STORE_ROW) {
		*out = store_column_int64(q, 0);
		*waiting = store_column_int64(q, 1);
	}
done:
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

void media_known_free(struct media_known_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].label);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

int media_known_load(struct media_known_set *out, netra_store *st)
{
	store_stmt *q = NULL;
	struct media_known *t;
	size_t cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_prepare(&q, st, "SELECT phash, candidate, label, "
	                                "sha256 FROM known_images ORDER BY id")))
		return rc;
	while ((rc = store_step(q)) == STORE_ROW) {
		struct media_known *k;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			if (!(t = realloc(out->v, cap * sizeof(*t)))) {
				rc = err_oom();
				break;
			}
			out->v = t;
		}
		k = &out->v[out->n];
		k->phash = (uint64_t)store_column_int64(q, 0);
		k->candidate = (int)store_column_int64(q, 1);
		snprintf(k->sha256, sizeof(k->sha256), "%s",
		         store_column_text(q, 3, NULL));
		if (!(k->label = strdup(store_column_text(q, 2, NULL)))) {
			rc = err_oom();
			break;
		}
		out->n++;
	}
	store_finalize(q);
	if (rc < 0) {
		media_known_free(out);
		return rc;
	}
	return 0;
}

const struct media_known *media_known_match(const struct media_known_set *s,
                                            uint64_t phash, int *distance)
{
	const struct media_known *best = NULL;
	int d, bd = 65;
	size_t i;

	for (i = 0; s && i < s->n; i++) {
		d = netra_phash_distance(phash, s->v[i].phash);
		if (d < bd) {
			bd = d;
			best = &s->v[i];
		}
	}
	if (!best || bd > NETRA_PHASH_MATCH)
		return NULL;
	*distance = bd;
	return best;
}

/* The raw media[] as the array of result objects (k, url, event text). */
static int from_raw(json_t **out, const char *raw, size_t len)
{
	json_t *arr, *m, *o;
	size_t i;
	int rc;

	if ((rc = netra_raw_media(&arr, raw, len)))
		return rc;
	if (!(*out = json_array())) {
		json_decref(arr);
		return err_oom();
	}
	json_array_foreach(arr, i, m) {
		json_t *url = json_object_get(m, "url");
		json_t *txt = json_object_get(m, "ocr_text");
		o = json_pack("{s:I, s:O, s:n, s:O, s:s?, s:n, s:n}", "k",
		              (json_int_t)i, "url",
		              json_is_string(url) ? url : json_null(), "sha256",
		              "ocr_text", json_is_string(txt) ? txt : json_null(),
		              "text_from", json_is_string(txt) ? "event" : NULL,
		              "error", "known");
		if (!o || json_array_append_new(*out, o)) {
			rc = err_oom();
			break;
		}
	}
	json_decref(arr);
	return rc;
}

/* Sets k's fetched outcome, OCR text and known match. */
static int merge_row(json_t *arr, store_stmt *q,
                     const struct media_known_set *known)
{
	json_t *o = json_array_get(arr, (size_t)store_column_int64(q, 0));
	const struct media_known *k;
	int d = 0, rc = 0;

	if (!o)
		return 0; /* a row for an index the raw does not have */
	if (!store_column_is_null(q, 1))
		rc |= json_object_set_new(o, "sha256",
		                          json_string(store_column_text(q, 1, NULL)));
	if (!store_column_is_null(q, 2))
		rc |= json_object_set_new(o, "error",
		                          json_string(store_column_text(q, 2, NULL)));
	if (!store_column_is_null(q, 3)) {
		size_t n;
		const char *t = store_column_text(q, 3, &n);
		rc |= json_object_set_new(o, "ocr_text", json_stringn(t, n));
		rc |= json_object_set_new(o, "text_from", json_string("ocr"));
	}
	if (!store_column_is_null(q, 4) &&
	    (k = media_known_match(known, (uint64_t)store_column_int64(q, 4),
	                           &d)))
		rc |= json_object_set_new(
		    o, "known",
		    json_pack("{s:i, s:s, s:i, s:s}", "candidate", k->candidate,
		              "label", k->label, "distance", d, "sha256",
		              k->sha256));
	return rc ? err_oom() : 0;
}

int media_event_json(json_t **out, netra_store *st, int64_t event,
                     const char *raw, size_t len,
                     const struct media_known_set *known)
{
	store_stmt *q = NULL;
	int rc;

	*out = NULL;
	if ((rc = from_raw(out, raw, len)))
		goto done;
	if (json_array_size(*out) == 0)
		return 0;
	/* rows of an index in OCR order: the last one (the newest OCR
	 * text) is the one left standing */
	if ((rc = store_prepare(&q, st,
	                        "SELECT m.idx, m.sha256, m.error, o.text, "
	                        "b.phash FROM event_media m LEFT JOIN "
	                        "media_blobs b ON b.sha256 = m.sha256 LEFT JOIN "
	                        "media_ocr o ON o.sha256 = m.sha256 WHERE "
	                        "m.event_id = ? ORDER BY m.idx DESC, o.id ASC")) ||
	    (rc = store_bind_int64(q, 1, event)))
		goto done;
	while ((rc = store_step(q)) == STORE_ROW)
		if ((rc = merge_row(*out, q, known)))
			break;
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(q);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
