/*
 * collect/tiktok.c - the TikTok Research API (v2) response parsers: the
 * video query (an account's videos, 30-day windows, cursor + search_id),
 * user info, and an account's liked, reposted and pinned videos and the
 * accounts it follows. Every answer is {"data": {...}, "error": {"code":
 * "ok" | ..., "message", "log_id"}}. Videos become Events through the
 * TikTok importer (ingest/tiktok.c); likes, reposts and follows are
 * built here. docs/collect.md cites the reference pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/tiktok.h"
#include "ingest/ingest_int.h"
#include "util/error.h"

/* Per endpoint: path, the key of its list in data, the Event type of an
 * item (NULL: a video of the account itself, through the importer). */
static const struct {
	const char *path, *list, *type;
} eps[COLLECT_TIKTOK__COUNT] = {
    {"video/query/", "videos", NULL},
    {"user/info/", NULL, NULL},
    {"user/liked_videos/", "user_liked_videos", "like"},
    {"user/reposted_videos/", "reposted_videos", "repost"},
    {"user/pinned_videos/", "pinned_videos_list", NULL},
    {"user/following/", "user_following", "follow"},
};

const char *collect_tiktok_path(enum collect_tiktok_endpoint ep)
{
	return (unsigned)ep < COLLECT_TIKTOK__COUNT ? eps[ep].path : "?";
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

/* The error object's code (v2 "Error Handling" reference) onto r. */
static void tiktok_error(struct collect_parsed *r,
                         enum collect_tiktok_endpoint ep, const char *code,
                         const char *msg)
{
	snprintf(r->message, sizeof(r->message), "TikTok error %s: %s", code,
	         msg ? msg : "(no message)");
	if (strcmp(code, "rate_limit_exceeded") == 0)
		r->outcome =
		    msg && (strstr(msg, "daily") || strstr(msg, "quota"))
		        ? COLLECT_QUOTA
		        : COLLECT_RATE_LIMITED;
	else if (strcmp(code, "access_token_invalid") == 0 ||
	         strncmp(code, "scope_", 6) == 0)
		r->outcome = COLLECT_AUTH;
	else if (strcmp(code, "internal_error") == 0 ||
	         strcmp(code, "timeout") == 0)
		r->outcome = COLLECT_TRANSIENT;
	else if (strcmp(code, "invalid_params") == 0 &&
	         ep != COLLECT_TIKTOK_VIDEOS && msg &&
	         (strstr(msg, "user") || strstr(msg, "User") ||
	          strstr(msg, "private"))) {
		r->outcome = COLLECT_ACCOUNT;
		r->account =
		    strstr(msg, "private") ? COLLECT_PRIVATE : COLLECT_GONE;
	} else
		r->outcome = r->http_status == 429 ? COLLECT_RATE_LIMITED
		             : collect_outcome_of_status(r->http_status) ==
		                     COLLECT_TRANSIENT
		                 ? COLLECT_TRANSIENT
		                 : COLLECT_REFUSED;
}

/* The account's own videos, through the importer. */
static int own_videos(struct collect_parsed *r, json_t *list, const char *api)
{
	ingest_items items = VEC_INIT;
	json_t *doc = json_pack("{s:{s:O}}", "data", "videos", list);
	size_t i;
	int rc;

	if (!doc)
		return err_oom();
	rc = ingest_tiktok_convert(doc, &items);
	for (i = 0; !rc && i < items.len; i++) {
		struct ingest_item *it = &items.items[i];
		if (!it->event)
			rc =
			    collect_reject_add(r, it->path, it->error, it->raw);
		else if (ingest_set_str(it->event, "api", api) ||
		         json_object_set(it->event, "item", it->raw) ||
		         json_array_append(r->events, it->event))
			rc = err_oom();
	}
	ingest_items_free(&items);
	json_decref(doc);
	return rc;
}

/* A like or repost of a video, or a follow of an account, by handle. */
static int act(struct collect_parsed *r, const char *type, json_t *it,
               const char *path, const char *handle, const char *api)
{
	const char *user = str(it, "username"), *vid;
	char id[160], ibuf[32], url[256] = "";
	json_t *ev;
	int rc;

	if (!json_is_object(it))
		return collect_reject_add(r, path, "expected an object", it);
	vid = ingest_get_id(it, "id", ibuf, sizeof(ibuf));
	if (type[0] == 'f' ? !user : !vid)
		return collect_reject_add(
		    r, path, type[0] == 'f' ? "missing username" : "missing id",
		    it);
	snprintf(id, sizeof(id), "%s:%s:%s", type, handle,
	         type[0] == 'f' ? user : vid);
	if (vid && user)
		snprintf(url, sizeof(url),
		         "https://www.tiktok.com/@%s/video/%s", user, vid);
	if ((rc = collect_event_add(r, &ev, "tiktok", id, type, handle, NULL,
	                            NULL, url, api, it)))
		return rc;
	return collect_event_target(ev, user, type[0] == 'f' ? NULL : vid,
	                            str(it, "video_description"));
}

/* The next request's cursor, while data.has_more. */
static int next_cursor(struct collect_parsed *r,
                       enum collect_tiktok_endpoint ep, json_t *data)
{
	json_t *cur = json_object_get(data, "cursor");
	char buf[160];

	if (!json_is_true(json_object_get(data, "has_more")) ||
	    !json_is_integer(cur))
		return 0;
	if (ep == COLLECT_TIKTOK_VIDEOS)
		snprintf(buf, sizeof(buf), "%.100s:%" JSON_INTEGER_FORMAT,
		         str(data, "search_id") ? str(data, "search_id") : "",
		         json_integer_value(cur));
	else
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
		         json_integer_value(cur));
	return collect_set(&r->next, buf);
}

int collect_tiktok_parse(struct collect_parsed *r,
                         enum collect_tiktok_endpoint ep, int status,
                         const char *body, size_t n, const char *handle)
{
	json_t *doc = NULL, *data, *list, *it;
	const char *code;
	char api[64], path[64];
	size_t i;
	int rc;

	if ((unsigned)ep >= COLLECT_TIKTOK__COUNT || !handle)
		return err_set(NETRA_EINVALID, "bad TikTok endpoint or handle");
	r->http_status = status;
	if ((rc = collect_json_parse(&doc, body, n))) {
		if (status >= 200 && status < 300)
			return rc;
		return collect_parsed_fail(r, collect_outcome_of_status(status),
		                           "HTTP %d: %s", status,
		                           netra_error_last());
	}
	code = str(json_object_get(doc, "error"), "code");
	if ((code && strcmp(code, "ok") != 0) || status < 200 ||
	    status >= 300) {
		tiktok_error(r, ep, code ? code : "(none)",
		             str(json_object_get(doc, "error"), "message"));
		goto done;
	}
	data = json_object_get(doc, "data");
	if (!json_is_object(data)) {
		rc = err_set(NETRA_EINVALID, "data: expected an object");
		goto done;
	}
	if (ep == COLLECT_TIKTOK_USER_INFO)
		goto done; /* answered: the account is there */
	list = json_object_get(data, eps[ep].list);
	if (list && !json_is_array(list)) {
		rc = err_set(NETRA_EINVALID, "data.%s: expected an array",
		             eps[ep].list);
		goto done;
	}
	snprintf(api, sizeof(api), "tiktok/research/%s", eps[ep].path);
	api[strlen(api) - 1] = '\0';
	if (!eps[ep].type && list)
		rc = own_videos(r, list, api);
	json_array_foreach(eps[ep].type ? list : NULL, i, it)
	{
		snprintf(path, sizeof(path), "data.%s[%zu]", eps[ep].list, i);
		if ((rc = act(r, eps[ep].type, it, path, handle, api)))
			break;
	}
	if (!rc)
		rc = next_cursor(r, ep, data);
done:
	json_decref(doc);
	return rc;
}
