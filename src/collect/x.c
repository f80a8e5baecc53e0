/*
 * collect/x.c - the X API v2 collector module (collector.h), built from
 * X's published v2 reference (docs/collect.md cites the pages):
 *
 *   resolve   GET /2/users/by/username/:username, or /2/users/:id once the
 *             stable id is known (a renamed handle is then learned)
 *   tweets    GET /2/users/:id/tweets: posts, reposts, quotes and replies
 *             (referenced_tweets), since_id + start_time, pagination_token
 *             <- meta.next_token; the page is ingested as received (the
 *             X importer, ingest/x.c)
 *   liked     GET /2/users/:id/liked_tweets -> like Events
 *   following GET /2/users/:id/following -> follow Events
 *   gone      GET /2/tweets?ids=...: an id answered by a resource-not-found
 *             error object is a deleted post -> delete Event
 *
 * Rate limits come in x-rate-limit-limit/-remaining/-reset headers
 * (collect_headers_x); the shared client waits and retries. The parsers
 * are in the first half of the file, apart from the requests (x.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "collect/x.h"
#include "ingest/ingest_int.h"
#include "util/civiltime.h"
#include "util/error.h"

#define X_PROBLEM_NOT_FOUND "https://api.twitter.com/2/problems/resource-not-found"

/* ---- parsing --------------------------------------------------------- */

static int load(json_t **out, const char *route, const char *body, size_t n)
{
	json_error_t e;

	*out = json_loadb(body, n, INGEST_JSON_FLAGS, &e);
	if (!*out)
		return err_set(NETRA_EINVALID, "x %s: not JSON: %.120s at column %d",
		               route, e.text, e.column);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return err_set(NETRA_EINVALID, "x %s: expected a JSON object",
		               route);
	}
	return 0;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Copies s lower-cased into out (size bytes). */
static void lower_copy(char *out, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	out[i] = '\0';
}

/* The first error object's detail/title, for messages. */
static const char *first_error(json_t *doc)
{
	json_t *e = json_array_get(json_object_get(doc, "errors"), 0);
	const char *d = str(e, "detail");

	if (!d)
		d = str(e, "title");
	if (!d)
		d = str(doc, "detail");
	if (!d)
		d = str(doc, "title");
	return d ? d : "no error object";
}

int collect_x_parse_user(struct collect_profile *out, long status,
                         const char *body, size_t n)
{
	json_t *doc = NULL, *data, *prot;
	const char *id, *user, *detail;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = load(&doc, "users", body, n)))
		return rc;
	data = json_object_get(doc, "data");
	if (status == 200 && json_is_object(data)) {
		id = str(data, "id");
		user = str(data, "username");
		if (!id || !*id || !user || !*user ||
		    strlen(id) >= sizeof(out->uid) ||
		    strlen(user) >= sizeof(out->handle)) {
			rc = err_set(NETRA_EINVALID,
			             "x users: data without a usable id and"
			             " username");
			goto done;
		}
		snprintf(out->uid, sizeof(out->uid), "%s", id);
		lower_copy(out->handle, sizeof(out->handle), user);
		prot = json_object_get(data, "protected");
		out->status = json_is_true(prot) ? COLLECT_PRIVATE
		                                 : COLLECT_ACTIVE;
		if (out->status == COLLECT_PRIVATE)
			snprintf(out->detail, sizeof(out->detail),
			         "protected account");
		goto done;
	}
	detail = first_error(doc);
	if (status == 200 && json_is_array(json_object_get(doc, "errors"))) {
		/* "User has been suspended: [name]." is a Forbidden error;
		 * an unknown user is resource-not-found. */
		out->status = strstr(detail, "suspended") ? COLLECT_SUSPENDED
		                                          : COLLECT_GONE;
		snprintf(out->detail, sizeof(out->detail), "%.250s", detail);
		goto done;
	}
	rc = err_set(status == 401 || status == 403 ? NETRA_EDENIED
	                                            : NETRA_EINVALID,
	             "x users: HTTP %ld: %.200s", status, detail);
done:
	json_decref(doc);
	return rc;
}

/* The largest id of data[] (as X snowflakes compare), into top. */
static void raise_top(struct collect_cursor *c, json_t *data)
{
	json_t *t;
	size_t i;
	const char *id;

	json_array_foreach(data, i, t)
	{
		id = str(t, "id");
		if (id && strlen(id) < sizeof(c->top) &&
		    (!c->top[0] || collect_id_cmp(id, c->top) > 0))
			snprintf(c->top, sizeof(c->top), "%s", id);
	}
}

/* Moves the cursor after a page: next_token, or the end of the walk. */
static int advance(struct collect_page *page, json_t *doc, const char *route,
                   int since_ids)
{
	struct collect_cursor *c = &page->cursor;
	const char *next = str(json_object_get(doc, "meta"), "next_token");

	if (since_ids)
		raise_top(c, json_object_get(doc, "data"));
	if (next && *next) {
		if (strlen(next) >= sizeof(c->page))
			return err_set(NETRA_EINVALID,
			               "x %s: next_token longer than %zu bytes",
			               route, sizeof(c->page) - 1);
		snprintf(c->page, sizeof(c->page), "%s", next);
		page->done = 0;
		return 0;
	}
	if (since_ids && c->top[0] &&
	    (!c->since[0] || collect_id_cmp(c->top, c->since) > 0))
		snprintf(c->since, sizeof(c->since), "%s", c->top);
	c->page[0] = c->top[0] = '\0';
	page->done = 1;
	return 0;
}

static int check_data(json_t *doc, const char *route)
{
	json_t *data = json_object_get(doc, "data");

	if (data && !json_is_array(data))
		return err_set(NETRA_EINVALID, "x %s: data is not an array",
		               route);
	if (!data && json_object_get(doc, "errors") &&
	    !json_object_get(doc, "meta"))
		return err_set(NETRA_EINVALID, "x %s: %.200s", route,
		               first_error(doc));
	return 0;
}

int collect_x_parse_timeline(struct collect_page *page, const char *body,
                             size_t n)
{
	json_t *doc = NULL;
	int rc;

	if ((rc = load(&doc, "users/:id/tweets", body, n)) ||
	    (rc = check_data(doc, "users/:id/tweets")) ||
	    (rc = advance(page, doc, "users/:id/tweets", 1)))
		goto done;
	page->format = NETRA_FMT_X;
	if (sbuf_append(&page->body, body, n))
		rc = err_oom();
done:
	json_decref(doc);
	return rc;
}

/* The username of user id in includes.users, or NULL. */
static const char *include_user(json_t *doc, const char *id)
{
	json_t *u;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(doc, "includes"),
	                                   "users"),
	                   i, u)
	{
		const char *uid = str(u, "id");
		if (uid && id && strcmp(uid, id) == 0)
			return str(u, "username");
	}
	return NULL;
}

/* One like or follow Event line for item. */
static int act_line(struct sbuf *b, json_t *doc, json_t *item, int follows,
                    const char *handle, const char *uid)
{
	json_t *ev = json_object(), *target = json_object();
	const char *id = str(item, "id"), *acct;
	char eid[256];
	char *line = NULL;
	int rc = 0;

	if (!ev || !target) {
		rc = err_oom();
		goto done;
	}
	snprintf(eid, sizeof(eid), "%s:%.64s:%.120s",
	         follows ? "follow" : "like", uid, id);
	acct = follows ? str(item, "username")
	               : include_user(doc, str(item, "author_id"));
	if (json_object_set_new(ev, "platform", json_string("x")) ||
	    json_object_set_new(ev, "id", json_string(eid)) ||
	    json_object_set_new(ev, "type",
	                        json_string(follows ? "follow" : "like")) ||
	    json_object_set_new(ev, "account", json_string(handle)) ||
	    (!follows && json_object_set_new(ev, "url",
	                                     json_sprintf("https://x.com/i/web/"
	                                                  "status/%s",
	                                                  id))) ||
	    ingest_set_str(target, "id", follows ? NULL : id) ||
	    ingest_set_str(target, "account", acct) ||
	    ingest_set_str(target, "text", follows ? NULL : str(item, "text")) ||
	    json_object_set(ev, "target", target) ||
	    json_object_set(ev, follows ? "x_user" : "x_tweet", item)) {
		rc = err_oom();
		goto done;
	}
	if (!(line = json_dumps(ev, JSON_COMPACT)) || sbuf_puts(b, line) ||
	    sbuf_putc(b, '\n'))
		rc = err_oom();
done:
	free(line);
	json_decref(target);
	json_decref(ev);
	return rc;
}

int collect_x_parse_acts(struct collect_page *page, int follows,
                         const char *handle, const char *uid,
                         const char *body, size_t n)
{
	const char *route = follows ? "users/:id/following"
	                            : "users/:id/liked_tweets";
	json_t *doc = NULL, *item;
	size_t i;
	int rc;

	if ((rc = load(&doc, route, body, n)) ||
	    (rc = check_data(doc, route)))
		goto done;
	page->format = NETRA_FMT_JSONL;
	page->newest_first_stop = 1;
	json_array_foreach(json_object_get(doc, "data"), i, item)
	{
		const char *id = str(item, "id");
		if (!id || !*id || strlen(id) > 64 ||
		    (follows && !str(item, "username")))
			continue; /* an item without its id cannot be an act */
		if ((rc = act_line(&page->body, doc, item, follows, handle,
		                   uid)))
			goto done;
	}
	rc = advance(page, doc, route, 0);
done:
	json_decref(doc);
	return rc;
}

static int asked(const char *const *ids, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

int collect_x_parse_gone(struct collect_page *page, const char *handle,
                         const char *const *ids, size_t nids, int64_t now,
                         const char *body, size_t n)
{
	json_t *doc = NULL, *e;
	char *detail = NULL;
	const char *rid, *type;
	size_t i;
	int rc;

	if ((rc = load(&doc, "tweets", body, n)))
		goto done;
	page->format = NETRA_FMT_JSONL;
	json_array_foreach(json_object_get(doc, "errors"), i, e)
	{
		rid = str(e, "resource_id");
		if (!rid)
			rid = str(e, "value");
		type = str(e, "type");
		if (!rid || !type || strcmp(type, X_PROBLEM_NOT_FOUND) != 0 ||
		    !asked(ids, nids, rid))
			continue;
		if (str(e, "resource_type") &&
		    strcmp(str(e, "resource_type"), "tweet") != 0)
			continue;
		free(detail);
		if (!(detail = json_dumps(e, JSON_COMPACT))) {
			rc = err_oom();
			goto done;
		}
		if ((rc = collect_delete_event(&page->body, "x", handle, rid,
		                               now, detail)))
			goto done;
	}
done:
	free(detail);
	json_decref(doc);
	return rc;
}

/* ---- requests -------------------------------------------------------- */

static void iso(char *buf, size_t size, int64_t t)
{
	civil_time_format_utc(buf, size, t);
}

/* GET, keeping the response in *r. */
static int get(struct collect_response *r, struct collect_env *env,
               const char *route, struct sbuf *url)
{
	int rc = collect_http_get(r, env->http, route, url->data);

	sbuf_clear(url);
	return rc;
}

static const char *numeric_id(const struct collect_account *a)
{
	if (a->uid && *a->uid)
		return a->uid;
	if (strncmp(a->handle, "id:", 3) == 0)
		return a->handle + 3;
	return NULL;
}

static int x_resolve(struct collect_profile *out, struct collect_env *env,
                     const struct collect_account *acct)
{
	struct collect_response r = {0};
	struct sbuf url = SBUF_INIT;
	const char *id = numeric_id(acct);
	int rc;

	if ((rc = collect_url_path(&url, id ? "/2/users/"
	                                    : "/2/users/by/username/")) ||
	    (rc = collect_url_segment(&url, id ? id : acct->handle)) ||
	    (rc = collect_url_param(&url, "user.fields",
	                            "id,username,name,protected,created_at")))
		goto done;
	if ((rc = get(&r, env, id ? "users/:id" : "users/by/username", &url)))
		goto done;
	rc = collect_x_parse_user(out, r.status, r.body.data, r.body.len);
	if (rc == 0 && out->status != COLLECT_ACTIVE && !out->uid[0] && id)
		snprintf(out->uid, sizeof(out->uid), "%s", id);
done:
	sbuf_free(&url);
	collect_response_free(&r);
	return rc;
}

static long clamp(size_t v, long lo, long hi, long def)
{
	long n = v ? (long)v : def;

	return n < lo ? lo : n > hi ? hi : n;
}

static int tweets_url(struct sbuf *url, struct collect_env *env,
                      const char *uid, const struct collect_cursor *c)
{
	char n[16], start[32], end[32];
	int rc;

	snprintf(n, sizeof(n), "%ld", clamp(env->page_size, 5, 100, 100));
	iso(start, sizeof(start), env->window_start);
	iso(end, sizeof(end), env->window_end);
	if ((rc = collect_url_path(url, "/2/users/")) ||
	    (rc = collect_url_segment(url, uid)) ||
	    (rc = collect_url_path(url, "/tweets")) ||
	    (rc = collect_url_param(url, "max_results", n)) ||
	    (rc = collect_url_param(url, "since_id", c->since)) ||
	    (rc = collect_url_param(url, "start_time", start)) ||
	    (rc = collect_url_param(url, "pagination_token", c->page)) ||
	    (rc = collect_url_param(
	         url, "tweet.fields",
	         "id,text,created_at,author_id,referenced_tweets,"
	         "in_reply_to_user_id,conversation_id,attachments,entities,"
	         "edit_history_tweet_ids")) ||
	    (rc = collect_url_param(url, "expansions",
	                            "author_id,referenced_tweets.id,"
	                            "referenced_tweets.id.author_id,"
	                            "in_reply_to_user_id,"
	                            "attachments.media_keys")) ||
	    (rc = collect_url_param(url, "media.fields",
	                            "media_key,type,url,preview_image_url")) ||
	    (rc = collect_url_param(url, "user.fields", "id,username,name")))
		return rc;
	/* end_time only when the window has closed: X refuses an end_time
	 * that is not in the past */
	if (env->window_end < env->now)
		rc = collect_url_param(url, "end_time", end);
	return rc;
}

static int acts_url(struct sbuf *url, struct collect_env *env,
                    const char *uid, int follows,
                    const struct collect_cursor *c)
{
	char n[16];
	int rc;

	snprintf(n, sizeof(n), "%ld",
	         follows ? clamp(env->page_size, 1, 1000, 1000)
	                 : clamp(env->page_size, 10, 100, 100));
	if ((rc = collect_url_path(url, "/2/users/")) ||
	    (rc = collect_url_segment(url, uid)) ||
	    (rc = collect_url_path(url, follows ? "/following"
	                                        : "/liked_tweets")) ||
	    (rc = collect_url_param(url, "max_results", n)) ||
	    (rc = collect_url_param(url, "pagination_token", c->page)))
		return rc;
	if (follows)
		return collect_url_param(url, "user.fields",
		                         "id,username,name,created_at");
	if ((rc = collect_url_param(url, "tweet.fields",
	                            "id,text,created_at,author_id")) ||
	    (rc = collect_url_param(url, "expansions", "author_id")))
		return rc;
	return collect_url_param(url, "user.fields", "id,username,name");
}

/* A non-200 answer of a list route: its problem text as an error. */
static int refused(const char *route, const struct collect_response *r)
{
	json_t *doc;
	json_error_t e;
	char d[256] = "no error object";
	int rc;

	doc = json_loadb(r->body.data, r->body.len, 0, &e);
	if (doc)
		snprintf(d, sizeof(d), "%.250s", first_error(doc));
	json_decref(doc);
	rc = r->status == 401 || r->status == 403 ? NETRA_EDENIED
	                                           : NETRA_EINVALID;
	return err_set(rc, "x %s: HTTP %ld: %s", route, r->status, d);
}

static int x_fetch(struct collect_page *page, struct collect_env *env,
                   const struct collect_account *acct, const char *endpoint)
{
	struct collect_response r = {0};
	struct sbuf url = SBUF_INIT;
	int follows = strcmp(endpoint, "following") == 0;
	int tweets = strcmp(endpoint, "tweets") == 0;
	const char *route = tweets    ? "users/:id/tweets"
	                    : follows ? "users/:id/following"
	                              : "users/:id/liked_tweets";
	int rc;

	if (!acct->uid)
		return err_set(NETRA_EINVALID, "x: account %s has no user id",
		               acct->handle);
	rc = tweets ? tweets_url(&url, env, acct->uid, &page->cursor)
	            : acts_url(&url, env, acct->uid, follows, &page->cursor);
	if (rc || (rc = get(&r, env, route, &url)))
		goto done;
	page->rl = r.rl;
	if (r.status != 200) {
		rc = refused(route, &r);
		goto done;
	}
	rc = tweets ? collect_x_parse_timeline(page, r.body.data, r.body.len)
	            : collect_x_parse_acts(page, follows, acct->handle,
	                                   acct->uid, r.body.data, r.body.len);
done:
	sbuf_free(&url);
	collect_response_free(&r);
	return rc;
}

static int x_gone(struct collect_page *page, struct collect_env *env,
                  const struct collect_account *acct,
                  const char *const *ids, size_t n)
{
	struct collect_response r = {0};
	struct sbuf url = SBUF_INIT, list = SBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = (i && sbuf_putc(&list, ',')) || sbuf_puts(&list, ids[i])
		         ? err_oom()
		         : 0;
	if (rc || (rc = collect_url_path(&url, "/2/tweets")) ||
	    (rc = collect_url_param(&url, "ids", list.data)) ||
	    (rc = collect_url_param(&url, "tweet.fields", "id,author_id")) ||
	    (rc = get(&r, env, "tweets", &url)))
		goto done;
	if (r.status != 200) {
		rc = refused("tweets", &r);
		goto done;
	}
	rc = collect_x_parse_gone(page, acct->handle, ids, n, env->now,
	                          r.body.data, r.body.len);
done:
	sbuf_free(&url);
	sbuf_free(&list);
	collect_response_free(&r);
	return rc;
}

static const char *const x_endpoints[] = {"tweets", "liked", "following",
                                          NULL};

const struct collect_module collect_x_module = {
    .platform = "x",
    .default_base_url = "https://api.x.com",
    .endpoints = x_endpoints,
    .headers = collect_headers_x,
    .gone_batch = 100, /* GET /2/tweets takes up to 100 ids */
    .init = NULL,
    .cleanup = NULL,
    .resolve = x_resolve,
    .fetch = x_fetch,
    .gone = x_gone,
};
