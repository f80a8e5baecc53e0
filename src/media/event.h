/*
 * media/event.h - the images of one stored event as the judge and the
 * finding views see them (for workflow/scan.c, workflow/show.c and the
 * web's finding page): media[k] of the event as received, with the text
 * read off it and whether it is a known campaign image. One function, so
 * the text scan judged (and its spans point into) is the text a reviewer
 * is shown.
 *
 * The text of media[k]: the OCR text netra read from the fetched bytes
 * (media_ocr, the newest engine's), else the ocr_text the event carried
 * when it was received, else none.
 */
#ifndef NETRA_MEDIA_EVENT_H
#define NETRA_MEDIA_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "netra/store.h"

/* The known campaign images (known_images), loaded once per run. */
struct media_known {
	uint64_t phash;
	int candidate;
	char *label;
	char sha256[65];
};
struct media_known_set {
	struct media_known *v;
	size_t n;
};

/* Loads every known image; free with media_known_free. */
int media_known_load(struct media_known_set *out, netra_store *st);
void media_known_free(struct media_known_set *s);

/* The known image nearest to phash within NETRA_PHASH_MATCH, or NULL;
 * *distance gets its Hamming distance. */
const struct media_known *media_known_match(const struct media_known_set *s,
                                            uint64_t phash, int *distance);

/* SQL: true for an events row `e` whose raw may give media[] (a cheap
 * filter before netra_raw_media(): a generic Event's "media", X's
 * includes.media or twarc's attachments.media, Instagram's media_url,
 * Facebook's full_picture and attachments' media, TikTok's
 * cover_image_url, the downloaders' thumbnail and display_url). LIKE's _
 * matches any character, so the patterns only widen. */
#define MEDIA_RAW_MAY_HAVE                                                     \
	"(e.raw LIKE '%\"media%' OR e.raw LIKE '%\"thumbnail%' OR "          \
	"e.raw LIKE '%\"cover_image_url\"%' OR "                             \
	"e.raw LIKE '%\"full_picture\"%' OR "                                \
	"e.raw LIKE '%\"display_url\"%')"

/* MEDIA_RAW_MAY_HAVE on raw[0..len) in C, for a reader or writer that has
 * raw in hand (scan, ingest): one pass over the quotes of raw (the keys,
 * ASCII case folded like LIKE's) instead of five LIKE scans of it in SQL
 * (which cost a scan about 2 µs an event). 1 or 0. */
int media_raw_may_have(const char *raw, size_t len);

/* SQL that records a stored event as waiting for its images
 * (media_pending, migration 024): parameters events.id and its
 * ingested_at. Ingest runs it, in the event's transaction, for each new
 * event of a registered account, not a delete, whose raw
 * media_raw_may_have(). */
#define MEDIA_PENDING_ADD                                                      \
	"INSERT INTO media_pending (event_id, ingested_at) VALUES (?, ?) "     \
	"ON CONFLICT (event_id) DO NOTHING"

/* MEDIA_PENDING_ADD for the n events ids[0..n) stored at now, in as few
 * statements as the store takes (a multi-row INSERT's twin). */
int media_pending_add(netra_store *st, const int64_t *ids, size_t n,
                      int64_t now);

/* SQL: true for an events row `e` whose images scan is to wait for: its
 * fetch has not finished (a media_pending row, migration 024) and it was
 * ingested after the one parameter, the cutoff (media_wait_cutoff()). A
 * probe of media_pending's primary key, which holds only the events in
 * flight: an event without images costs one index lookup in a small
 * table. */
#define MEDIA_WAITING                                                          \
	"EXISTS (SELECT 1 FROM media_pending mp WHERE mp.event_id = e.id "   \
	"AND mp.ingested_at > ?)"

/* The cutoff MEDIA_WAITING binds, at time now for a wait of grace seconds
 * from an event's ingest: now - grace; grace 0 means NETRA_MEDIA_GRACE,
 * a negative grace no waiting (INT64_MAX: no event was ingested later). */
int64_t media_wait_cutoff(int64_t now, int grace);

/* *out = events whose images are still to be fetched (media_pending);
 * *waiting = those of them ingested after cutoff, which scan waits for. */
int media_pending_count(int64_t *out, int64_t *waiting, netra_store *st,
                        int64_t cutoff);

/*
 * The media of event `event` (events.id) whose record as received is
 * raw[0..len): a new JSON array with one object per media[k] of raw
 * (netra_raw_media: a generic Event's, or a platform item's as its
 * converter derives them), in order (index k), each
 *   {"k", "url" (or null), "sha256" (or null), "ocr_text" (or null),
 *    "text_from": "ocr" | "event" | null, "error" (fetch refused, or
 *    null), "known": {"candidate", "label", "distance", "sha256"} or
 *    null}
 * known may be NULL (no matching). A raw without media[] gives [].
 */
int media_event_json(json_t **out, netra_store *st, int64_t event,
                     const char *raw, size_t len,
                     const struct media_known_set *known);

#endif
