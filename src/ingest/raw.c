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
 * guessed. An X tweet with images is kept as {"data": tweet, "includes":
 * {"media": [...]}} (x.c), so its media[] comes from raw like every other
 * field the converters read: netra_raw_media() gives the media[] of any
 * raw, for `media fetch` and scan.
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
 * is the stored one (includes.users), since the tweet holds only its id.
 * An X raw that is already a one-tweet response (a tweet with its
 * includes.media, x.c) gets the users beside its media. */
static json_t *wrap_item(netra_ingest_format f, json_t *item,
                         const char *account)
{
	json_t *tweet = json_object_get(item, "data"), *author, *resp, *users;

	if (f == NETRA_FMT_TIKTOK)
		return json_pack("{s:{s:[O]}}", "data", "videos", item);
	if (f != NETRA_FMT_X)
		return json_pack("{s:[O]}", "data", item);
	if (!json_is_object(tweet))
		tweet = item;
	author = json_object_get(tweet, "author_id");
	users = json_pack("[{s:O, s:s}]", "id", author ? author : json_null(),
	                  "username", account ? account : "");
	if (tweet == item)
		return users ? json_pack("{s:[O], s:{s:o}}", "data", item,
		                         "includes", "users", users)
		             : NULL;
	resp = json_deep_copy(item);
	if (!users || !resp ||
	    json_object_set_new(json_object_get(resp, "includes"), "users",
	                        users)) {
		json_decref(resp);
		return NULL;
	}
	return resp;
}

/* The format of a stored platform item (a downloader's metadata, an X,
 * Meta or TikTok item), or NETRA_FMT_AUTO. */
static netra_ingest_format item_format(json_t *doc)
{
	netra_ingest_format f = ingest_detect_json(doc);
	json_t *probe;

	if (f == NETRA_FMT_YTDLP || f == NETRA_FMT_GALLERYDL ||
	    f == NETRA_FMT_INSTALOADER)
		return f;
	/* instaloader's raw is the post's node (downloaders.c) */
	if (json_is_object(json_object_get(doc, "owner")) &&
	    (json_object_get(doc, "shortcode") ||
	     json_object_get(doc, "__typename")))
		return NETRA_FMT_INSTALOADER;
	if (f == NETRA_FMT_X && json_is_object(json_object_get(doc, "data")))
		return f; /* a tweet with its includes.media */
	probe = json_pack("{s:[O]}", "data", doc);
	f = probe ? ingest_detect_json(probe) : NETRA_FMT_AUTO;
	json_decref(probe);
	if (json_object_get(doc, "username") &&
	    (json_object_get(doc, "create_time") ||
	     json_object_get(doc, "video_description")))
		f = NETRA_FMT_TIKTOK;
	if (f != NETRA_FMT_X && f != NETRA_FMT_META && f != NETRA_FMT_TIKTOK)
		return NETRA_FMT_AUTO;
	return f;
}

/* The Event object a stored platform item converts to, by the converter
 * that ingested it (*ev: own reference). NETRA_EINVALID when doc is no
 * item or gives no event. */
static int convert_item(json_t **ev, netra_ingest_format *fmt, json_t *doc,
                        const char *account)
{
	netra_ingest_format f = item_format(doc);
	ingest_items items = VEC_INIT;
	json_t *resp = NULL;
	int rc;

	*ev = NULL;
	*fmt = f;
	if (f == NETRA_FMT_AUTO)
		return err_set(NETRA_EINVALID, "raw is not an Event, a CSV "
		                               "row or a platform item");
	if (f == NETRA_FMT_YTDLP)
		rc = ingest_ytdlp_convert(doc, &items);
	else if (f == NETRA_FMT_GALLERYDL)
		rc = ingest_gallerydl_convert(doc, &items);
	else if (f == NETRA_FMT_INSTALOADER &&
	         !json_object_get(doc, "instaloader")) {
		if (!(resp = json_pack("{s:O, s:{s:s}}", "node", doc,
		                       "instaloader", "node_type", "Post")))
			rc = err_oom();
		else
			rc = ingest_instaloader_convert(resp, &items);
	} else if (f == NETRA_FMT_INSTALOADER)
		rc = ingest_instaloader_convert(doc, &items);
	else if (!(resp = wrap_item(f, doc, account)))
		rc = err_oom();
	else
		rc = f == NETRA_FMT_X      ? ingest_x_convert(resp, &items)
		     : f == NETRA_FMT_META ? ingest_meta_convert(resp, &items)
		                           : ingest_tiktok_convert(resp, &items);
	if (!rc && (!items.len || !items.items[0].event))
		rc = err_set(NETRA_EINVALID, "%s",
		             items.len && items.items[0].error
		                 ? items.items[0].error
		                 : "raw gives no event");
	if (!rc)
		*ev = json_incref(items.items[0].event);
	ingest_items_free(&items);
	json_decref(resp);
	return rc;
}

static int derive_item(netra_event_parser *p, json_t *doc, const char *raw,
                       size_t n, const char *account,
                       const netra_event **out, unsigned *uncovered)
{
	netra_ingest_format f;
	json_t *ev;
	int rc = convert_item(&ev, &f, doc, account);

	if (!rc)
		rc = ingest_event_from_json(p, ev, raw, n, out);
	json_decref(ev);
	if (f == NETRA_FMT_X)
		*uncovered |= NETRA_RAW_ACCOUNT | NETRA_RAW_URL |
		              NETRA_RAW_TARGET_ACCOUNT | NETRA_RAW_TARGET_TEXT;
	else if (f == NETRA_FMT_META)
		*uncovered |= NETRA_RAW_TYPE | NETRA_RAW_TARGET_ACCOUNT |
		              NETRA_RAW_TARGET_ID | NETRA_RAW_TARGET_TEXT;
	return rc;
}

int netra_raw_media(json_t **out, const char *raw, size_t n)
{
	json_t *doc = json_loadb(raw, n, INGEST_JSON_FLAGS, NULL), *ev = NULL;
	json_t *arr = NULL;
	netra_ingest_format f;

	*out = NULL;
	if (json_is_object(doc) && !(json_object_get(doc, "platform") &&
	                             json_object_get(doc, "type")) &&
	    !convert_item(&ev, &f, doc, NULL))
		arr = json_object_get(ev, "media");
	else if (json_is_object(doc)) /* an Event, or a record made by hand */
		arr = json_object_get(doc, "media");
	*out = json_is_array(arr) ? json_incref(arr) : json_array();
	json_decref(ev);
	json_decref(doc);
	return *out ? 0 : err_oom();
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
