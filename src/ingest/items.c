/*
 * ingest/items.c - what the platform converters share: the item list
 * they fill, small JSON helpers, and telling which format a parsed
 * document is (used by format detection in reader.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_int.h"
#include "util/error.h"

int ingest_items_add(ingest_items *v, json_t *event, json_t *raw,
                     const char *path, const char *error, ...)
{
	struct ingest_item it = {event, raw, "", NULL};
	char msg[256];
	va_list ap;

	snprintf(it.path, sizeof(it.path), "%s", path);
	if (!event && error) {
		va_start(ap, error);
		vsnprintf(msg, sizeof(msg), error, ap);
		va_end(ap);
		if (!(it.error = strdup(msg)))
			goto oom;
	}
	if (VEC_PUSH(v, it))
		goto oom;
	return 0;
oom:
	free(it.error);
	json_decref(event);
	json_decref(raw);
	return err_oom();
}

void ingest_items_clear(ingest_items *v)
{
	size_t i;

	for (i = 0; i < v->len; i++) {
		json_decref(v->items[i].event);
		json_decref(v->items[i].raw);
		free(v->items[i].error);
	}
	VEC_CLEAR(v);
}

void ingest_items_free(ingest_items *v)
{
	ingest_items_clear(v);
	VEC_FREE(v);
}

int ingest_set_str(json_t *obj, const char *key, const char *s)
{
	if (!s || !*s)
		return 0;
	return json_object_set_new(obj, key, json_string(s)) ? err_oom() : 0;
}

int ingest_add_media(json_t *ev, const char *url)
{
	json_t *arr = json_object_get(ev, "media"), *m;

	if (!url || !*url || strncmp(url, "http", 4) != 0)
		return 0;
	if (!arr) {
		if (!(arr = json_array()) ||
		    json_object_set_new(ev, "media", arr))
			return err_oom();
	}
	if (!(m = json_pack("{s:s}", "url", url)) ||
	    json_array_append_new(arr, m))
		return err_oom();
	return 0;
}

const char *ingest_get_id(json_t *obj, const char *key, char *buf, size_t size)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* True if the first element of arr (an array) has one of the keys. */
static int first_has(json_t *arr, const char *const *keys)
{
	json_t *first = json_array_get(arr, 0);

	if (!json_is_object(first))
		return 0;
	for (; *keys; keys++)
		if (json_object_get(first, *keys))
			return 1;
	return 0;
}

netra_ingest_format ingest_detect_json(json_t *doc)
{
	static const char *const x_keys[] = {
	    "author_id", "edit_history_tweet_ids", "referenced_tweets",
	    "conversation_id", NULL};
	static const char *const meta_keys[] = {
	    "created_time", "timestamp", "media_type", "permalink_url",
	    "caption",      "message",   "from",       NULL};
	json_t *data;

	if (!json_is_object(doc))
		return NETRA_FMT_AUTO;
	if (json_object_get(doc, "platform") && json_object_get(doc, "type"))
		return NETRA_FMT_JSONL;
	data = json_object_get(doc, "data");
	if (json_is_object(data) &&
	    json_is_array(json_object_get(data, "videos")))
		return NETRA_FMT_TIKTOK;
	if (json_object_get(doc, "includes"))
		return NETRA_FMT_X;
	/* the downloaders' metadata files: one post each */
	if (json_is_object(json_object_get(doc, "node")) &&
	    json_is_object(json_object_get(doc, "instaloader")))
		return NETRA_FMT_INSTALOADER;
	if (json_is_string(json_object_get(doc, "extractor_key")) &&
	    json_object_get(doc, "id"))
		return NETRA_FMT_YTDLP;
	if (json_is_string(json_object_get(doc, "category")) &&
	    json_is_string(json_object_get(doc, "subcategory")))
		return NETRA_FMT_GALLERYDL;
	/* a tweet of `twarc2 flatten`: one per line, expansions inlined */
	if (!data && json_object_get(doc, "id") &&
	    (json_object_get(doc, "__twarc") ||
	     (json_object_get(doc, "author_id") &&
	      (json_object_get(doc, "text") ||
	       json_object_get(doc, "edit_history_tweet_ids")))))
		return NETRA_FMT_X;
	if (json_is_object(data) && json_object_get(data, "author_id"))
		return NETRA_FMT_X;
	if (json_is_array(data)) {
		if (first_has(data, x_keys))
			return NETRA_FMT_X;
		if (first_has(data, meta_keys) ||
		    json_object_get(doc, "paging"))
			return NETRA_FMT_META;
	}
	return NETRA_FMT_AUTO;
}
