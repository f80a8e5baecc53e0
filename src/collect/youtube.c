/*
 * collect/youtube.c - the YouTube Data API v3 response parsers:
 * channels.list, playlistItems.list and videos.list answers, and the
 * error body {"error": {"code", "message", "errors": [{"domain",
 * "reason", "message"}]}} whose reason says quota (quotaExceeded),
 * rate (rateLimitExceeded, userRateLimitExceeded), gone
 * (channelNotFound, playlistNotFound) or credentials (keyInvalid,
 * 401). docs/collect.md cites the reference pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/youtube.h"
#include "util/error.h"

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

/* The first errors[].reason of an error object. */
static const char *reason_of(json_t *err)
{
	return str(json_array_get(json_object_get(err, "errors"), 0), "reason");
}

static void youtube_error(struct collect_parsed *r, json_t *err)
{
	const char *reason = reason_of(err), *msg = str(err, "message");
	int st = r->http_status;

	snprintf(r->message, sizeof(r->message), "YouTube error %d %s: %s", st,
	         reason ? reason : "", msg ? msg : "(no message)");
	if (!reason)
		reason = "";
	if (strcmp(reason, "quotaExceeded") == 0 ||
	    strcmp(reason, "dailyLimitExceeded") == 0)
		r->outcome = COLLECT_QUOTA;
	else if (strstr(reason, "RateLimitExceeded") ||
	         strcmp(reason, "rateLimitExceeded") == 0 || st == 429)
		r->outcome = COLLECT_RATE_LIMITED;
	else if (strstr(reason, "NotFound") || st == 404) {
		r->outcome = COLLECT_ACCOUNT;
		r->account = COLLECT_GONE;
	} else if (strcmp(reason, "playlistItemsNotAccessible") == 0 ||
	           strcmp(reason, "channelClosed") == 0 ||
	           strcmp(reason, "channelSuspended") == 0) {
		r->outcome = COLLECT_ACCOUNT;
		r->account = reason[7] == 'S'   ? COLLECT_SUSPENDED
		             : reason[7] == 'C' ? COLLECT_GONE
		                                : COLLECT_PRIVATE;
	} else if (strcmp(reason, "keyInvalid") == 0 ||
	           strcmp(reason, "keyExpired") == 0 || st == 401 ||
	           strcmp(reason, "forbidden") == 0 ||
	           strcmp(reason, "accessNotConfigured") == 0)
		r->outcome = COLLECT_AUTH;
	else if (st >= 500 || strcmp(reason, "backendError") == 0)
		r->outcome = COLLECT_TRANSIENT;
	else
		r->outcome = COLLECT_REFUSED;
}

/* As meta.c's: 1 when the answer is an error (outcome set), 0 with *doc
 * to read, or a negative code. */
static int yt_open(struct collect_parsed *r, json_t **doc, int status,
                   const char *body, size_t n, const char *kind)
{
	json_t *err;
	int rc;

	*doc = NULL;
	r->http_status = status;
	if ((rc = collect_json_parse(doc, body, n))) {
		if (status >= 200 && status < 300)
			return rc;
		collect_parsed_fail(r, collect_outcome_of_status(status),
		                    "HTTP %d: %s", status, netra_error_last());
		return 1;
	}
	err = json_object_get(*doc, "error");
	if (json_is_object(err) || status < 200 || status >= 300) {
		youtube_error(r, json_is_object(err) ? err : NULL);
		json_decref(*doc);
		*doc = NULL;
		return 1;
	}
	if (!json_is_array(json_object_get(*doc, "items")) &&
	    json_object_get(*doc, "items")) {
		json_decref(*doc);
		*doc = NULL;
		return err_set(NETRA_EINVALID, "%s: items: expected an array",
		               kind);
	}
	return 0;
}

int collect_youtube_parse_channel(struct collect_parsed *r, int status,
                                  const char *body, size_t n)
{
	json_t *doc, *ch;
	int rc;

	if ((rc = yt_open(r, &doc, status, body, n, "channels.list")))
		return rc < 0 ? rc : 0;
	ch = json_array_get(json_object_get(doc, "items"), 0);
	if (!ch) {
		collect_parsed_fail(r, COLLECT_ACCOUNT, "no channel has it");
		r->account = COLLECT_GONE;
	} else if (!str(ch, "id"))
		rc = err_set(NETRA_EINVALID, "channels.list: a channel "
		                             "without an id");
	else if (!(rc = collect_set(&r->account_id, str(ch, "id"))) &&
	         !(rc = collect_set(
	               &r->handle,
	               str(json_object_get(ch, "snippet"), "customUrl"))))
		rc = collect_set(
		    &r->ref,
		    str(json_object_get(json_object_get(ch, "contentDetails"),
		                        "relatedPlaylists"),
		        "uploads"));
	json_decref(doc);
	return rc;
}

int collect_youtube_parse_playlist(struct collect_parsed *r, int status,
                                   const char *body, size_t n)
{
	json_t *doc, *it;
	const char *vid;
	size_t i;
	int rc;

	if ((rc = yt_open(r, &doc, status, body, n, "playlistItems.list")))
		return rc < 0 ? rc : 0;
	if (!(r->ids = json_array())) {
		rc = err_oom();
		goto done;
	}
	json_array_foreach(json_object_get(doc, "items"), i, it)
	{
		vid = str(json_object_get(it, "contentDetails"), "videoId");
		if (!vid)
			vid =
			    str(json_object_get(json_object_get(it, "snippet"),
			                        "resourceId"),
			        "videoId");
		if (!vid) {
			char path[32];
			snprintf(path, sizeof(path), "items[%zu]", i);
			if ((rc =
			         collect_reject_add(r, path, "no videoId", it)))
				goto done;
			continue;
		}
		if (json_array_append_new(r->ids, json_string(vid))) {
			rc = err_oom();
			goto done;
		}
	}
	rc = collect_set(&r->next, str(doc, "nextPageToken"));
done:
	json_decref(doc);
	return rc;
}

/* One video resource as a post of handle. */
static int video_event(struct collect_parsed *r, json_t *v, size_t i,
                       const char *handle)
{
	json_t *sn = json_object_get(v, "snippet");
	const char *id = str(v, "id"), *title = str(sn, "title");
	const char *desc = str(sn, "description");
	char path[32], url[128], *text = NULL;
	size_t n;
	int rc;

	snprintf(path, sizeof(path), "items[%zu]", i);
	if (!id || !json_is_object(sn))
		return collect_reject_add(
		    r, path, id ? "missing snippet" : "missing id", v);
	snprintf(url, sizeof(url), "https://www.youtube.com/watch?v=%.64s", id);
	if (title && desc) {
		n = strlen(title) + strlen(desc) + 2;
		if (!(text = malloc(n)))
			return err_oom();
		snprintf(text, n, "%s\n%s", title, desc);
	}
	rc = collect_event_add(r, NULL, "youtube", id, "post", handle,
	                       str(sn, "publishedAt"),
	                       text    ? text
	                       : title ? title
	                               : desc,
	                       url, "youtube/v3/videos", v);
	free(text);
	return rc;
}

int collect_youtube_parse_videos(struct collect_parsed *r, int status,
                                 const char *body, size_t n, const char *handle,
                                 json_t *asked)
{
	json_t *doc, *items, *v, *a;
	size_t i, j;
	int rc;

	if ((rc = yt_open(r, &doc, status, body, n, "videos.list")))
		return rc < 0 ? rc : 0;
	items = json_object_get(doc, "items");
	json_array_foreach(items, i, v)
	{
		if ((rc = video_event(r, v, i, handle)))
			goto done;
	}
	if (!(r->missing = json_array())) {
		rc = err_oom();
		goto done;
	}
	json_array_foreach(asked, i, a)
	{
		int found = 0;
		json_array_foreach(items, j, v)
		{
			if (json_is_string(a) && str(v, "id") &&
			    strcmp(str(v, "id"), json_string_value(a)) == 0)
				found = 1;
		}
		if (!found && json_is_string(a) &&
		    json_array_append(r->missing, a)) {
			rc = err_oom();
			goto done;
		}
	}
done:
	json_decref(doc);
	return rc;
}
