/*
 * ingest/raw.c - the event derived again from its stored raw record
 * (events.raw), by the same converters and validator that ingested it, so
 * that what is shown of an event can be checked against, or taken from,
 * the bytes the evidence log hashed (src/evidence/event.c; issue 8).
 *
 * raw is what the reader kept: a generic Event's JSON line, a CSV row as a
 * JSON object of its columns, the X, Meta or TikTok item object, or a
 * downloader's metadata object (yt-dlp, gallery-dl, instaloader). Those
 * platform items do not hold everything: an X tweet names its author by
 * number (the handle is in the response's includes.users, and so is the
 * quoted tweet), a Meta comment's target is the item it hung under. Such
 * fields are reported in *uncovered (NETRA_RAW_* bits) rather than
 * guessed.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_int.h"
#include "util/csv.h"
#include "util/error.h"

/* The CSV row a raw object holds (keys as header, values as fields). */
static int derive_csv(netra_event_parser *p, json_t *doc, const char *raw,
                      size_t n, const netra_event **out)
{
	size_t k = json_object_size(doc), i = 0;
	const char **names = calloc(k + 1, sizeof(*names));
	const char **vals = calloc(k + 1, sizeof(*vals));
	size_t *nl = calloc(k + 1, sizeof(*nl)), *vl = calloc(k + 1, sizeof(*vl));
	struct csv_row hdr, row;
	struct ingest_csv *c = NULL;
	json_t *ev = NULL, *raw2 = NULL, *v;
	const char *key;
	int rc;

	if (!names || !vals || !nl || !vl) {
		rc = err_oom();
		goto done;
	}
	json_object_foreach(doc, key, v)
	{
		if (!json_is_string(v)) {
			rc = err_set(NETRA_EINVALID, "not a CSV row");
			goto done;
		}
		names[i] = key;
		nl[i] = strlen(key);
		vals[i] = json_string_value(v);
		vl[i++] = json_string_length(v);
	}
	hdr = (struct csv_row){k, names, nl, 1};
	row = (struct csv_row){k, vals, vl, 2};
	if ((rc = ingest_csv_header(&c, &hdr, "raw")) ||
	    (rc = ingest_csv_row(&ev, &raw2, c, &row)))
		goto done;
	rc = ingest_event_from_json(p, ev, raw, n, out);
done:
	json_decref(ev);
	json_decref(raw2);
	ingest_csv_free(c);
	free(names);
	free(vals);
	free(nl);
	free(vl);
	return rc;
}

/* A one-item X, Meta or TikTok response around item; the X author's handle
 * is the stored one (includes.users), since the tweet holds only its id. */
static json_t *wrap_item(netra_ingest_format f, json_t *item,
                         const char *account)
{
	json_t *author = json_object_get(item, "author_id");

	if (f == NETRA_FMT_TIKTOK)
		return json_pack("{s:{s:[O]}}", "data", "videos", item);
	if (f == NETRA_FMT_X)
		return json_pack("{s:[O], s:{s:[{s:O, s:s}]}}", "data", item,
		                 "includes", "users", "id",
		                 author ? author : json_null(), "username",
		                 account ? account : "");
	return json_pack("{s:[O]}", "data", item);
}

/* The event of a downloader's metadata (yt-dlp, gallery-dl, instaloader),
 * derived by the converter that ingested it. */
static int derive_download(netra_event_parser *p, json_t *doc,
                           const char *raw, size_t n, netra_ingest_format f,
                           const netra_event **out)
{
	ingest_items items = VEC_INIT;
	int rc = f == NETRA_FMT_YTDLP       ? ingest_ytdlp_convert(doc, &items)
	         : f == NETRA_FMT_GALLERYDL ? ingest_gallerydl_convert(doc, &items)
	                                    : ingest_instaloader_convert(doc, &items);

	if (!rc && (!items.len || !items.items[0].event))
		rc = err_set(NETRA_EINVALID, "%s",
		             items.len && items.items[0].error
		                 ? items.items[0].error
		                 : "raw gives no event");
	if (!rc)
		rc = ingest_event_from_json(p, items.items[0].event, raw, n, out);
	ingest_items_free(&items);
	return rc;
}

static int derive_item(netra_event_parser *p, json_t *doc, const char *raw,
                       size_t n, const char *account,
                       const netra_event **out, unsigned *uncovered)
{
	ingest_items items = VEC_INIT;
	netra_ingest_format f;
	json_t *resp = NULL, *probe;
	int rc;

	/* a downloader's metadata (one post per file) is its own raw */
	f = ingest_detect_json(doc);
	if (f == NETRA_FMT_YTDLP || f == NETRA_FMT_GALLERYDL ||
	    f == NETRA_FMT_INSTALOADER)
		return derive_download(p, doc, raw, n, f, out);
	probe = json_pack("{s:[O]}", "data", doc);
	f = probe ? ingest_detect_json(probe) : NETRA_FMT_AUTO;
	json_decref(probe);
	if (json_object_get(doc, "username") &&
	    (json_object_get(doc, "create_time") ||
	     json_object_get(doc, "video_description")))
		f = NETRA_FMT_TIKTOK;
	if (f != NETRA_FMT_X && f != NETRA_FMT_META && f != NETRA_FMT_TIKTOK)
		return err_set(NETRA_EINVALID, "raw is not an Event, a CSV "
		                               "row or a platform item");
	if (!(resp = wrap_item(f, doc, account)))
		return err_oom();
	rc = f == NETRA_FMT_X      ? ingest_x_convert(resp, &items)
	     : f == NETRA_FMT_META ? ingest_meta_convert(resp, &items)
	                           : ingest_tiktok_convert(resp, &items);
	if (!rc && (!items.len || !items.items[0].event))
		rc = err_set(NETRA_EINVALID, "%s",
		             items.len && items.items[0].error
		                 ? items.items[0].error
		                 : "raw gives no event");
	if (!rc)
		rc = ingest_event_from_json(p, items.items[0].event, raw, n, out);
	if (f == NETRA_FMT_X)
		*uncovered |= NETRA_RAW_ACCOUNT | NETRA_RAW_URL |
		              NETRA_RAW_TARGET_ACCOUNT | NETRA_RAW_TARGET_TEXT;
	else if (f == NETRA_FMT_META)
		*uncovered |= NETRA_RAW_TYPE | NETRA_RAW_TARGET_ACCOUNT |
		              NETRA_RAW_TARGET_ID | NETRA_RAW_TARGET_TEXT;
	ingest_items_free(&items);
	json_decref(resp);
	return rc;
}

int netra_event_from_raw(netra_event_parser *p, const char *raw, size_t n,
                         const char *account, int csv,
                         const netra_event **out, unsigned *uncovered)
{
	json_error_t jerr;
	json_t *doc;
	int rc;

	*out = NULL;
	*uncovered = 0;
	doc = json_loadb(raw, n, INGEST_JSON_FLAGS, &jerr);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return err_set(NETRA_EINVALID, "raw is not a JSON object");
	}
	if (!json_object_get(doc, "platform") || !json_object_get(doc, "type"))
		rc = derive_item(p, doc, raw, n, account, out, uncovered);
	else if (csv)
		rc = derive_csv(p, doc, raw, n, out);
	else
		rc = ingest_event_from_json(p, doc, raw, n, out);
	json_decref(doc);
	return rc;
}
