/*
 * collect/tiktok.c - the TikTok Research API (v2) response parsers: the
 * video query (an account's videos, 30-day windows, cursor + search_id),
 * user info, and an account's liked, reposted and pinned videos and the
 * accounts it follows. Every answer is {"data": {...}, "error": {"code":
 * "ok" | ..., "message", "log_id"}}. Videos become Events through the
 * TikTok importer (ingest/tiktok.c); likes, reposts and follows are
 * built here. docs/collect.md cites the reference pages.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "collect/tiktok.h"
#include "ingest/ingest_int.h"
#include "util/civiltime.h"
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

/* ---- the module ------------------------------------------------------ */

#define TIKTOK_DAY    86400
#define TIKTOK_WINDOW 30 /* days a video query may span */
#define TIKTOK_FIELDS                                                          \
	"id,create_time,username,video_description,"                           \
	"region_code,hashtag_names,like_count,view_count"
#define TIKTOK_USER_FIELDS                                                     \
	"display_name,bio_description,is_verified,"                            \
	"follower_count,following_count,video_count"

static const char *const tt_endpoints[] = {"videos", "liked",     "reposted",
                                           "pinned", "following", NULL};

/* The client access token: tiktok_access_token as given, else one asked
 * for with tiktok_client_key and tiktok_client_secret (POST
 * /v2/oauth/token/, grant_type client_credentials). */
static int tt_token(struct collect_env *env, char *out, size_t size)
{
	const char *tok = collect_creds_get(env->creds, "tiktok_access_token");
	const char *key = collect_creds_get(env->creds, "tiktok_client_key");
	const char *sec = collect_creds_get(env->creds, "tiktok_client_secret");
	struct collect_response resp = {0};
	struct sbuf form = SBUF_INIT;
	json_t *doc = NULL;
	int rc;

	if (tok && *tok) {
		snprintf(out, size, "%s", tok);
		return 0;
	}
	if (!key || !sec)
		return err_set(NETRA_EINVALID,
		               "tiktok: the credentials file has neither "
		               "tiktok_access_token nor tiktok_client_key and "
		               "tiktok_client_secret");
	if ((rc = collect_http_add_secret(env->http, sec)) ||
	    (rc = collect_url_param(&form, "client_key", key)) ||
	    (rc = collect_url_param(&form, "client_secret", sec)) ||
	    (rc = collect_url_param(&form, "grant_type",
	                            "client_credentials")) ||
	    (rc = collect_http_post(&resp, env->http, "oauth/token",
	                            "/v2/oauth/token/",
	                            "application/x-www-form-urlencoded",
	                            form.data + 1, form.len - 1)))
		goto done;
	if (collect_json_parse(&doc, resp.body.data, resp.body.len) ||
	    !json_string_value(json_object_get(doc, "access_token"))) {
		rc = err_set(
		    NETRA_EDENIED,
		    "tiktok oauth/token: HTTP %ld, no access_token (%s)",
		    resp.status,
		    str(doc, "error") ? str(doc, "error") : "not JSON");
		goto done;
	}
	snprintf(out, size, "%s",
	         json_string_value(json_object_get(doc, "access_token")));
done:
	json_decref(doc);
	collect_response_free(&resp);
	if (form.data)
		sodium_memzero(form.data, form.len);
	sbuf_free(&form);
	return rc;
}

static int tt_init(struct collect_env *env)
{
	char tok[512], hdr[600];
	int rc;

	if ((rc = tt_token(env, tok, sizeof(tok))))
		return rc;
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", tok);
	rc = collect_http_add_secret(env->http, tok);
	if (!rc)
		rc = collect_http_add_header(env->http, hdr);
	sodium_memzero(tok, sizeof(tok));
	sodium_memzero(hdr, sizeof(hdr));
	return rc;
}

/* POSTs body (a JSON object, stolen) to ep and parses the answer. */
static int tt_post(struct collect_parsed *p, struct collect_env *env,
                   enum collect_tiktok_endpoint ep, const char *fields,
                   json_t *body, const char *handle)
{
	struct collect_response resp = {0};
	struct sbuf url = SBUF_INIT;
	char *text = NULL, what[64];
	int rc;

	snprintf(what, sizeof(what), "tiktok %s", eps[ep].path);
	if (!body || !(text = json_dumps(body, JSON_COMPACT))) {
		rc = err_oom();
		goto done;
	}
	if ((rc = collect_url_path(&url, "/v2/research/")) ||
	    (rc = collect_url_path(&url, eps[ep].path)) ||
	    (rc = collect_url_param(&url, "fields", fields)) ||
	    (rc = collect_http_post(&resp, env->http, eps[ep].path, url.data,
	                            "application/json", text, strlen(text))))
		goto done;
	if (!(rc = collect_tiktok_parse(p, ep, (int)resp.status, resp.body.data,
	                                resp.body.len, handle)))
		rc = p->outcome == COLLECT_ACCOUNT ? 0
		                                   : collect_parsed_rc(p, what);
	else
		err_wrap(rc, "%s", what);
done:
	json_decref(body);
	free(text);
	collect_response_free(&resp);
	sbuf_free(&url);
	return rc;
}

static int tt_resolve(struct collect_profile *out, struct collect_env *env,
                      const struct collect_account *acct)
{
	struct collect_parsed p;
	int rc;

	if ((rc = collect_parsed_init(&p)))
		return rc;
	rc =
	    tt_post(&p, env, COLLECT_TIKTOK_USER_INFO, TIKTOK_USER_FIELDS,
	            json_pack("{s:s}", "username", acct->handle), acct->handle);
	if (!rc) {
		/* user info names no stable id: the handle is all there is */
		rc = collect_parsed_profile(out, &p, "tiktok",
		                            "tiktok user/info");
		if (!rc && out->status == COLLECT_ACTIVE)
			snprintf(out->handle, sizeof(out->handle), "%s",
			         acct->handle);
	}
	collect_parsed_clear(&p);
	return rc;
}

static void tt_day(char *buf, size_t size, int64_t t)
{
	civil_day_format_basic(buf, size, civil_day_of(t, 0));
}

/* The UTC midnight of a "YYYYMMDD" day, or -1. */
static int64_t tt_day_parse(const char *s)
{
	int64_t day;

	if (civil_day_parse_basic(&day, s, strlen(s)) != 0)
		return -1;
	return civil_day_start(day, 0);
}

/* Splits a video query cursor "<YYYYMMDD>|<search_id>|<cursor>" (the
 * search id may be empty); day0 stays "" for "" or a cursor of another
 * shape, which starts the walk again. */
static void tt_cursor(const char *page, char *day0, char *sid, size_t sidsize,
                      int64_t *cur)
{
	const char *b = strchr(page, '|'), *c = b ? strchr(b + 1, '|') : NULL;

	day0[0] = sid[0] = '\0';
	*cur = 0;
	if (!c || b - page != 8 || (size_t)(c - b - 1) >= sidsize)
		return;
	memcpy(day0, page, 8);
	day0[8] = '\0';
	memcpy(sid, b + 1, (size_t)(c - b - 1));
	sid[c - b - 1] = '\0';
	*cur = atoll(c + 1);
}

/* The video query walks [from, to] in windows of 30 days; cursor.page is
 * "<window's first day YYYYMMDD>|<search_id>|<cursor>", since the day
 * the next walk starts from (Unix seconds: the last day walked is read
 * again, late videos included; ingest drops what it has). */
static int tt_videos(struct collect_page *page, struct collect_env *env,
                     const struct collect_account *acct)
{
	struct collect_parsed p;
	char day0[16] = "", sid[128] = "", d1[16], d2[16];
	int64_t from, to, start, end, cur = 0;
	json_t *body;
	int rc;

	from = env->window_start;
	if (page->cursor.since[0] && atoll(page->cursor.since) > from)
		from = atoll(page->cursor.since);
	to = env->window_end > 0 && env->window_end < env->now ? env->window_end
	                                                       : env->now;
	tt_cursor(page->cursor.page, day0, sid, sizeof(sid), &cur);
	start = day0[0] ? tt_day_parse(day0) : from - from % TIKTOK_DAY;
	if (start < 0 || from > to) {
		page->done = 1;
		page->cursor.page[0] = '\0';
		return 0;
	}
	end = start + (TIKTOK_WINDOW - 1) * TIKTOK_DAY;
	if (end > to)
		end = to;
	tt_day(d1, sizeof(d1), start);
	tt_day(d2, sizeof(d2), end);
	body = json_pack(
	    "{s:{s:[{s:s, s:s, s:[s]}]}, s:s, s:s, s:I}", "query", "and",
	    "operation", "EQ", "field_name", "username", "field_values",
	    acct->handle, "start_date", d1, "end_date", d2, "max_count",
	    (json_int_t)(env->page_size && env->page_size < 100 ? env->page_size
	                                                        : 100));
	if (body && sid[0] &&
	    (json_object_set_new(body, "search_id", json_string(sid)) ||
	     json_object_set_new(body, "cursor", json_integer(cur)))) {
		json_decref(body);
		return err_oom();
	}
	if ((rc = collect_parsed_init(&p))) {
		json_decref(body);
		return rc;
	}
	if ((rc = tt_post(&p, env, COLLECT_TIKTOK_VIDEOS, TIKTOK_FIELDS, body,
	                  acct->handle)) ||
	    (rc = collect_parsed_rc(&p, "tiktok video/query/")) ||
	    (rc = collect_parsed_to_page(page, &p, env->window_start,
	                                 env->window_end, NULL, NULL)))
		goto done;
	if (p.next) /* "<search_id>:<cursor>" */
		snprintf(page->cursor.page, sizeof(page->cursor.page),
		         "%s|%.*s|%s", d1, (int)(strrchr(p.next, ':') - p.next),
		         p.next, strrchr(p.next, ':') + 1);
	else if (end < to) {
		tt_day(d1, sizeof(d1), end + TIKTOK_DAY);
		snprintf(page->cursor.page, sizeof(page->cursor.page), "%s||0",
		         d1);
	} else {
		page->done = 1;
		page->cursor.page[0] = '\0';
		snprintf(page->cursor.since, sizeof(page->cursor.since),
		         "%" PRId64, to - to % TIKTOK_DAY);
	}
done:
	collect_parsed_clear(&p);
	return rc;
}

/* liked, reposted, pinned, following: {username, max_count, cursor}. */
static int tt_user_list(struct collect_page *page, struct collect_env *env,
                        const struct collect_account *acct,
                        enum collect_tiktok_endpoint ep)
{
	struct collect_parsed p;
	json_t *body;
	int rc;

	page->newest_first_stop = 1;
	body = json_pack("{s:s}", "username", acct->handle);
	if (body && ep != COLLECT_TIKTOK_PINNED &&
	    (json_object_set_new(
	         body, "max_count",
	         json_integer(env->page_size && env->page_size < 100
	                          ? (json_int_t)env->page_size
	                          : 100)) ||
	     (page->cursor.page[0] &&
	      json_object_set_new(body, "cursor",
	                          json_integer(atoll(page->cursor.page)))))) {
		json_decref(body);
		return err_oom();
	}
	if ((rc = collect_parsed_init(&p))) {
		json_decref(body);
		return rc;
	}
	if ((rc = tt_post(&p, env, ep,
	                  ep == COLLECT_TIKTOK_FOLLOWING ? NULL : TIKTOK_FIELDS,
	                  body, acct->handle)) ||
	    (rc = collect_parsed_rc(&p, collect_tiktok_path(ep))) ||
	    (rc = collect_parsed_to_page(page, &p, env->window_start,
	                                 env->window_end, NULL, NULL)))
		goto done;
	page->done = !p.next;
	snprintf(page->cursor.page, sizeof(page->cursor.page), "%s",
	         p.next ? p.next : "");
done:
	collect_parsed_clear(&p);
	return rc;
}

static int tt_fetch(struct collect_page *page, struct collect_env *env,
                    const struct collect_account *acct, const char *endpoint)
{
	if (strcmp(endpoint, "videos") == 0)
		return tt_videos(page, env, acct);
	if (strcmp(endpoint, "liked") == 0)
		return tt_user_list(page, env, acct, COLLECT_TIKTOK_LIKED);
	if (strcmp(endpoint, "reposted") == 0)
		return tt_user_list(page, env, acct, COLLECT_TIKTOK_REPOSTED);
	if (strcmp(endpoint, "pinned") == 0)
		return tt_user_list(page, env, acct, COLLECT_TIKTOK_PINNED);
	if (strcmp(endpoint, "following") == 0)
		return tt_user_list(page, env, acct, COLLECT_TIKTOK_FOLLOWING);
	return err_set(NETRA_EINVALID, "tiktok: no endpoint '%s'", endpoint);
}

const struct collect_module collect_tiktok_module = {
    .platform = "tiktok",
    .default_base_url = "https://open.tiktokapis.com",
    .endpoints = tt_endpoints,
    .headers = NULL,
    .gone_batch = 0,
    .init = tt_init,
    .cleanup = NULL,
    .resolve = tt_resolve,
    .fetch = tt_fetch,
    .gone = NULL,
};
