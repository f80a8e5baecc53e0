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
#include "ingest/ingest_int.h"
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

/* The URL of the largest of a snippet's thumbnails (the video's picture,
 * its media[0]), or NULL. */
static const char *best_thumbnail(json_t *sn)
{
	static const char *const sizes[] = {"maxres", "standard", "high",
	                                    "medium", "default"};
	json_t *th = json_object_get(sn, "thumbnails");
	size_t k;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		const char *u = str(json_object_get(th, sizes[k]), "url");
		if (u)
			return u;
	}
	return NULL;
}

/* One video resource as a post of handle, its best thumbnail as media. */
static int video_event(struct collect_parsed *r, json_t *v, size_t i,
                       const char *handle)
{
	json_t *sn = json_object_get(v, "snippet");
	const char *id = str(v, "id"), *title = str(sn, "title");
	const char *desc = str(sn, "description");
	char path[32], url[128], *text = NULL;
	json_t *ev;
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
	rc = collect_event_add(r, &ev, "youtube", id, "post", handle,
	                       str(sn, "publishedAt"),
	                       text    ? text
	                       : title ? title
	                               : desc,
	                       url, "youtube/v3/videos", v);
	free(text);
	if (!rc)
		rc = ingest_add_media(ev, best_thumbnail(sn));
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

/* ---- the module ------------------------------------------------------ */

static const char *const yt_endpoints[] = {"videos", NULL};

static int yt_init(struct collect_env *env)
{
	const char *key = collect_creds_get(env->creds, "youtube_api_key");
	int rc;

	if (!key || !*key)
		return err_set(NETRA_EINVALID, "youtube: the credentials file "
		                               "has no youtube_api_key");
	if ((rc = collect_http_add_secret(env->http, key)))
		return rc;
	if (!(env->state = strdup(key)))
		return err_oom();
	return 0;
}

static void yt_cleanup(struct collect_env *env)
{
	free(env->state);
	env->state = NULL;
}

/* GETs path?params&key=K (params already in url) into *resp, parsed by
 * the caller. */
static int yt_get(struct collect_response *resp, struct collect_env *env,
                  const char *route, struct sbuf *url)
{
	int rc;

	if ((rc = collect_url_param(url, "key", env->state)))
		return rc;
	return collect_http_get(resp, env->http, route, url->data);
}

/* channels.list for the account (by its id once known, else its handle). */
static int yt_channel(struct collect_parsed *p, struct collect_env *env,
                      const struct collect_account *acct)
{
	struct collect_response resp = {0};
	struct sbuf url = SBUF_INIT;
	char at[160];
	int rc;

	snprintf(at, sizeof(at), "@%s", acct->handle);
	if ((rc = collect_url_path(&url, "/youtube/v3/channels")) ||
	    (rc = collect_url_param(&url, "part", "snippet,contentDetails")) ||
	    (rc = collect_url_param(&url, acct->uid ? "id" : "forHandle",
	                            acct->uid ? acct->uid : at)) ||
	    (rc = yt_get(&resp, env, "channels", &url)))
		goto done;
	rc = collect_youtube_parse_channel(p, (int)resp.status, resp.body.data,
	                                   resp.body.len);
done:
	collect_response_free(&resp);
	sbuf_free(&url);
	return rc;
}

static int yt_resolve(struct collect_profile *out, struct collect_env *env,
                      const struct collect_account *acct)
{
	struct collect_parsed p;
	int rc;

	if ((rc = collect_parsed_init(&p)))
		return rc;
	if (!(rc = yt_channel(&p, env, acct)))
		rc = collect_parsed_profile(out, &p, "youtube",
		                            "youtube channels.list");
	collect_parsed_clear(&p);
	return rc;
}

/* videos.list for ids (a JSON array): Events of the answered ones into
 * *p, the others in p->missing. */
static int yt_videos(struct collect_parsed *p, struct collect_env *env,
                     const struct collect_account *acct, json_t *ids)
{
	struct collect_response resp = {0};
	struct sbuf url = SBUF_INIT, list = SBUF_INIT;
	json_t *id;
	size_t i;
	int rc = 0;

	json_array_foreach(ids, i, id)
	{
		if ((i && sbuf_putc(&list, ',')) ||
		    sbuf_puts(&list, json_string_value(id)))
			rc = err_oom();
	}
	if (rc || (rc = collect_url_path(&url, "/youtube/v3/videos")) ||
	    (rc = collect_url_param(&url, "part", "snippet")) ||
	    (rc = collect_url_param(&url, "id", list.data)) ||
	    (rc = yt_get(&resp, env, "videos", &url)))
		goto done;
	rc = collect_youtube_parse_videos(p, (int)resp.status, resp.body.data,
	                                  resp.body.len, acct->handle, ids);
	if (!rc)
		rc = collect_parsed_rc(p, "youtube videos.list");
done:
	collect_response_free(&resp);
	sbuf_free(&url);
	sbuf_free(&list);
	return rc;
}

/* cursor.page is "<uploads playlist>|<pageToken>"; "" starts a walk. */
static int yt_fetch(struct collect_page *page, struct collect_env *env,
                    const struct collect_account *acct, const char *endpoint)
{
	struct collect_response resp = {0};
	struct collect_parsed pl, vids;
	struct sbuf url = SBUF_INIT;
	char playlist[128] = "", *bar;
	const char *token = NULL;
	int older = 0, rc;

	(void)endpoint;
	page->newest_first_stop = 1;
	if ((rc = collect_parsed_init(&pl)))
		return rc;
	if ((rc = collect_parsed_init(&vids)))
		goto done;
	if ((bar = strchr(page->cursor.page, '|'))) {
		snprintf(playlist, sizeof(playlist), "%.*s",
		         (int)(bar - page->cursor.page), page->cursor.page);
		token = bar + 1;
	} else {
		if ((rc = yt_channel(&pl, env, acct)) ||
		    (rc = collect_parsed_rc(&pl, "youtube channels.list")))
			goto done;
		if (!pl.ref) {
			rc = err_set(NETRA_EINVALID, "youtube channels.list: "
			                             "no uploads playlist");
			goto done;
		}
		snprintf(playlist, sizeof(playlist), "%s", pl.ref);
		collect_parsed_clear(&pl);
		if ((rc = collect_parsed_init(&pl)))
			goto done;
	}
	{
		char n[16];
		snprintf(n, sizeof(n), "%zu",
		         env->page_size && env->page_size < 50 ? env->page_size
		                                               : (size_t)50);
		if ((rc =
		         collect_url_path(&url, "/youtube/v3/playlistItems")) ||
		    (rc = collect_url_param(&url, "part", "contentDetails")) ||
		    (rc = collect_url_param(&url, "playlistId", playlist)) ||
		    (rc = collect_url_param(&url, "maxResults", n)) ||
		    (rc = collect_url_param(&url, "pageToken", token)) ||
		    (rc = yt_get(&resp, env, "playlistItems", &url)))
			goto done;
	}
	if ((rc = collect_youtube_parse_playlist(
	         &pl, (int)resp.status, resp.body.data, resp.body.len)) ||
	    (rc = collect_parsed_rc(&pl, "youtube playlistItems.list")))
		goto done;
	if (json_array_size(pl.ids) &&
	    ((rc = yt_videos(&vids, env, acct, pl.ids)) ||
	     (rc = collect_parsed_to_page(page, &vids, env->window_start,
	                                  env->window_end, &older, NULL))))
		goto done;
	page->done = !pl.next || older;
	if (page->done)
		page->cursor.page[0] = '\0';
	else
		snprintf(page->cursor.page, sizeof(page->cursor.page), "%s|%s",
		         playlist, pl.next);
done:
	collect_response_free(&resp);
	collect_parsed_clear(&pl);
	collect_parsed_clear(&vids);
	sbuf_free(&url);
	return rc;
}

static int yt_gone(struct collect_page *page, struct collect_env *env,
                   const struct collect_account *acct, const char *const *ids,
                   size_t n)
{
	struct collect_parsed p;
	json_t *asked = json_array(), *id;
	size_t i;
	int rc = 0;

	for (i = 0; asked && i < n; i++)
		if (json_array_append_new(asked, json_string(ids[i])))
			rc = err_oom();
	if (!asked || rc) {
		json_decref(asked);
		return err_oom();
	}
	if ((rc = collect_parsed_init(&p))) {
		json_decref(asked);
		return rc;
	}
	if (!(rc = yt_videos(&p, env, acct, asked)))
		json_array_foreach(p.missing, i, id)
		{
			if ((rc = collect_delete_event(
			         &page->body, "youtube", acct->handle,
			         json_string_value(id), env->now,
			         "{\"api\":\"youtube/v3/videos\","
			         "\"answered\":false}")))
				break;
		}
	collect_parsed_clear(&p);
	json_decref(asked);
	return rc;
}

const struct collect_module collect_youtube_module = {
    .platform = "youtube",
    .default_base_url = "https://www.googleapis.com",
    .endpoints = yt_endpoints,
    .headers = NULL,
    .gone_batch = 50,
    .init = yt_init,
    .cleanup = yt_cleanup,
    .resolve = yt_resolve,
    .fetch = yt_fetch,
    .gone = yt_gone,
};
