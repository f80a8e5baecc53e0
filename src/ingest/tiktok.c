/*
 * ingest/tiktok.c - TikTok Research API video queries to Events.
 *
 * A response is {"data": {"videos": [...], "cursor": N, "has_more": b},
 * "error": {...}}. Each video {id, username, create_time (Unix seconds),
 * video_description, ...} becomes a post: the username is the handle,
 * video_description the text, the url https://www.tiktok.com/@user/video/
 * id. raw is the video object. Its cover_image_url, where the query asked
 * for it, is the event's media[0].
 */
#include <stdio.h>

#include "ingest/ingest_int.h"
#include "util/error.h"

static int convert_video(ingest_items *out, json_t *v, const char *path)
{
	const char *id, *user;
	char ibuf[32], when[32], url[256];
	json_t *ev, *ct;

	if (!json_is_object(v))
		return ingest_items_add(out, NULL, json_incref(v), path,
		                        "expected a video object");
	id = ingest_get_id(v, "id", ibuf, sizeof(ibuf));
	user = json_string_value(json_object_get(v, "username"));
	if (!id)
		return ingest_items_add(out, NULL, json_incref(v), path,
		                        "missing id");
	if (!user)
		return ingest_items_add(out, NULL, json_incref(v), path,
		                        "missing username");
	ct = json_object_get(v, "create_time");
	if (ct && !json_is_integer(ct))
		return ingest_items_add(out, NULL, json_incref(v), path,
		                        "create_time: expected Unix seconds");
	when[0] = '\0';
	if (ct)
		ingest_format_time(when, sizeof(when), json_integer_value(ct));
	snprintf(url, sizeof(url), "https://www.tiktok.com/@%s/video/%s", user,
	         id);
	if (!(ev = json_object()))
		return err_oom();
	if (ingest_set_str(ev, "platform", "tiktok") ||
	    ingest_set_str(ev, "id", id) ||
	    ingest_set_str(ev, "type", "post") ||
	    ingest_set_str(ev, "account", user) ||
	    ingest_set_str(ev, "created_at", when) ||
	    ingest_set_str(
	        ev, "text",
	        json_string_value(json_object_get(v, "video_description"))) ||
	    ingest_set_str(ev, "url", url) ||
	    ingest_add_media(ev, json_string_value(json_object_get(
	                             v, "cover_image_url")))) {
		json_decref(ev);
		return err_oom();
	}
	return ingest_items_add(out, ev, json_incref(v), path, NULL);
}

int ingest_tiktok_convert(json_t *doc, ingest_items *out)
{
	json_t *data = json_object_get(doc, "data");
	json_t *videos = json_object_get(data, "videos"), *v;
	char path[40];
	size_t i;
	int rc;

	if (!json_is_object(doc))
		return err_set(NETRA_EINVALID,
		               "expected a Research API response object");
	if (!videos)
		return 0;
	if (!json_is_array(videos))
		return err_set(NETRA_EINVALID,
		               "data.videos: expected an array");
	json_array_foreach(videos, i, v)
	{
		snprintf(path, sizeof(path), "data.videos[%zu]", i);
		if ((rc = convert_video(out, v, path)))
			return rc;
	}
	return 0;
}
