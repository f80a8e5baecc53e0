/*
 * collect/meta.c - the Meta Graph API (v25.0) for Instagram and Facebook
 * Pages: the response parsers (pure functions, collect/parsed.h) for
 *  - Instagram business discovery, GET /{our-ig-user-id}?fields=
 *    business_discovery.username(H){id,username,media{...,children}}:
 *    another professional account's media (a carousel's every picture),
 *    newest first, paged by media.after(CURSOR) with
 *    paging.cursors.after;
 *  - Facebook Pages, GET /{page-id}/posts?fields=id,message,
 *    created_time,permalink_url,from,full_picture,attachments{media,
 *    subattachments}: the Page's posts (an album's every picture),
 *    paged by paging.cursors.after while paging.next is given;
 *  - the Graph error body {"error": {message, type, code,
 *    error_subcode, is_transient, fbtrace_id}} and the X-App-Usage /
 *    X-Business-Use-Case-Usage headers.
 * Items become Events through the Meta importer (ingest/meta.c), so a
 * file export and a collected page read the same; each Event keeps its
 * item. docs/collect.md cites the reference pages.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "collect/meta.h"
#include "ingest/ingest_int.h"
#include "util/error.h"

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s && *s ? s : NULL;
}

/* The highest of the percentage fields of one usage object. */
static int usage_max(json_t *u)
{
	static const char *const keys[] = {"call_count", "total_cputime",
	                                   "total_time", NULL};
	const char *const *k;
	int best = -1;

	for (k = keys; *k; k++) {
		json_t *v = json_object_get(u, *k);
		if (json_is_number(v) && json_number_value(v) > best &&
		    json_number_value(v) < 1e6)
			best = (int)json_number_value(v);
	}
	return best;
}

void collect_meta_usage(struct collect_parsed *r, const char *app_usage,
                        const char *buc_usage)
{
	json_t *app = app_usage ? json_loads(app_usage, 0, NULL) : NULL;
	json_t *buc = buc_usage ? json_loads(buc_usage, 0, NULL) : NULL;
	json_t *list, *u;
	const char *key;
	size_t i;
	int m;

	if (json_is_object(app) && (m = usage_max(app)) > r->usage)
		r->usage = m;
	json_object_foreach(json_is_object(buc) ? buc : NULL, key, list)
	{
		json_array_foreach(list, i, u)
		{
			json_t *eta = json_object_get(
			    u, "estimated_time_to_regain_access");
			if ((m = usage_max(u)) > r->usage)
				r->usage = m;
			/* minutes, per the rate-limiting reference */
			if (json_is_integer(eta) &&
			    json_integer_value(eta) > 0 &&
			    json_integer_value(eta) < 7 * 24 * 60 &&
			    json_integer_value(eta) * 60 > r->retry_after)
				r->retry_after =
				    (long)json_integer_value(eta) * 60;
		}
	}
	json_decref(app);
	json_decref(buc);
}

/* "Page ID 111 was migrated to page ID 222." -> "222" into buf. */
static const char *migrated_to(const char *msg, char *buf, size_t size)
{
	const char *p = msg ? strstr(msg, "migrated to page ID ") : NULL;
	size_t n;

	if (!p)
		return NULL;
	p += strlen("migrated to page ID ");
	n = strspn(p, "0123456789");
	if (n == 0 || n >= size)
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

/* Maps a Graph error object onto the response (the codes of "Handling
 * Errors" and "Rate Limits" in the Graph API reference). */
static int meta_error(struct collect_parsed *r, json_t *err)
{
	json_int_t code = json_integer_value(json_object_get(err, "code"));
	json_int_t sub =
	    json_integer_value(json_object_get(err, "error_subcode"));
	const char *msg = str(err, "message");
	char buf[32];

	if (!msg)
		msg = "(no message)";
	snprintf(r->message, sizeof(r->message), "Graph API error %lld: %s",
	         (long long)code, msg);
	if (code == 4 || code == 17 || code == 32 || code == 613 ||
	    (code >= 80000 && code <= 80014))
		r->outcome = COLLECT_RATE_LIMITED;
	else if (json_is_true(json_object_get(err, "is_transient")) ||
	         code == 1 || code == 2)
		r->outcome = COLLECT_TRANSIENT;
	else if (code == 190 || code == 102 || code == 10 ||
	         (code >= 200 && code <= 299))
		r->outcome = COLLECT_AUTH;
	else if (code == 21) {
		r->outcome = COLLECT_ACCOUNT;
		r->account = COLLECT_RENAMED;
		return collect_set(&r->account_id,
		                   migrated_to(msg, buf, sizeof(buf)));
	} else if (code == 803 || (code == 100 && sub == 33)) {
		r->outcome = COLLECT_ACCOUNT;
		r->account = COLLECT_GONE;
	} else if (code == 110 || sub == 2207013) {
		/* business discovery cannot tell a personal (non-public to
		 * the API) account from one that does not exist */
		r->outcome = COLLECT_ACCOUNT;
		r->account = COLLECT_GONE;
	} else
		r->outcome = COLLECT_REFUSED;
	return 0;
}

/* Parses the body; on an error object or a bare failing status sets the
 * outcome and returns 1 (nothing more to read); 0 with *doc to read on. */
static int meta_open(struct collect_parsed *r, json_t **doc, int status,
                     const char *body, size_t n)
{
	json_t *err;
	int rc;

	*doc = NULL;
	r->http_status = status;
	if ((rc = collect_json_parse(doc, body, n))) {
		if (status >= 400 || status <= 0) {
			collect_parsed_fail(
			    r, collect_outcome_of_status(status), "HTTP %d: %s",
			    status, netra_error_last());
			return 1;
		}
		return rc;
	}
	if (json_is_object(err = json_object_get(*doc, "error"))) {
		rc = meta_error(r, err);
		json_decref(*doc);
		*doc = NULL;
		return rc ? rc : 1;
	}
	if (status >= 400 || status <= 0) {
		collect_parsed_fail(r, collect_outcome_of_status(status),
		                    "HTTP %d without a Graph error", status);
		json_decref(*doc);
		*doc = NULL;
		return 1;
	}
	return 0;
}

/* Converts media/posts items (a "data" array) through the Meta importer;
 * handle (when not NULL) names the account of items the importer gives
 * acct_of (a Page's number, for a Page's own posts). */
static int meta_events(struct collect_parsed *r, json_t *data, const char *api,
                       const char *acct_of, const char *handle)
{
	ingest_items items = VEC_INIT;
	json_t *doc = json_pack("{s:O}", "data", data);
	size_t i;
	int rc;

	if (!doc)
		return err_oom();
	rc = ingest_meta_convert(doc, &items);
	for (i = 0; !rc && i < items.len; i++) {
		struct ingest_item *it = &items.items[i];
		const char *acct = str(it->event, "account");
		if (!it->event) {
			rc =
			    collect_reject_add(r, it->path, it->error, it->raw);
			continue;
		}
		if (handle && acct_of && acct && strcmp(acct, acct_of) == 0 &&
		    ingest_set_str(it->event, "account", handle))
			rc = err_oom();
		if (!rc && (ingest_set_str(it->event, "api", api) ||
		            json_object_set(it->event, "item", it->raw) ||
		            json_array_append(r->events, it->event)))
			rc = err_oom();
	}
	ingest_items_free(&items);
	json_decref(doc);
	return rc;
}

/* The after cursor of a paging object, when there is a page after. */
static const char *after_cursor(json_t *paging, int need_next)
{
	if (need_next && !str(paging, "next"))
		return NULL;
	return str(json_object_get(paging, "cursors"), "after");
}

int collect_instagram_parse(struct collect_parsed *r, int status,
                            const char *body, size_t n, const char *handle)
{
	json_t *doc = NULL, *bd, *media, *data, *it, *copy;
	const char *user;
	size_t i;
	int rc;

	if ((rc = meta_open(r, &doc, status, body, n)))
		return rc < 0 ? rc : 0;
	bd = json_object_get(doc, "business_discovery");
	if (!json_is_object(bd)) {
		rc = err_set(NETRA_EINVALID, "no business_discovery object");
		goto done;
	}
	user = str(bd, "username") ? str(bd, "username") : handle;
	if ((rc = collect_set(&r->account_id, str(bd, "id"))) ||
	    (rc = collect_set(&r->handle, user)))
		goto done;
	media = json_object_get(bd, "media");
	data = json_object_get(media, "data");
	if (data && !json_is_array(data)) {
		rc =
		    err_set(NETRA_EINVALID,
		            "business_discovery.media.data: expected an array");
		goto done;
	}
	/* media of another account may leave out its username: it is the
	 * account's, which the importer needs as the author */
	if (!(copy = json_array())) {
		rc = err_oom();
		goto done;
	}
	json_array_foreach(data, i, it)
	{
		json_t *c =
		    json_is_object(it) ? json_copy(it) : json_incref(it);
		if (!c ||
		    (json_is_object(c) && !json_object_get(c, "username") &&
		     user &&
		     json_object_set_new(c, "username", json_string(user))) ||
		    json_array_append_new(copy, c)) {
			json_decref(copy);
			rc = err_oom();
			goto done;
		}
	}
	rc = meta_events(r, copy, "instagram/business_discovery", NULL, NULL);
	json_decref(copy);
	if (!rc && json_array_size(data))
		rc = collect_set(
		    &r->next,
		    after_cursor(json_object_get(media, "paging"), 0));
done:
	json_decref(doc);
	return rc;
}

int collect_facebook_parse(struct collect_parsed *r, int status,
                           const char *body, size_t n, const char *page_id,
                           const char *handle)
{
	json_t *doc = NULL, *data;
	int rc;

	if ((rc = meta_open(r, &doc, status, body, n)))
		return rc < 0 ? rc : 0;
	data = json_object_get(doc, "data");
	if (!json_is_array(data)) {
		rc = err_set(NETRA_EINVALID, "data: expected an array");
		goto done;
	}
	rc = meta_events(r, data, "facebook/posts", page_id, handle);
	if (!rc && json_array_size(data))
		rc = collect_set(
		    &r->next, after_cursor(json_object_get(doc, "paging"), 1));
done:
	json_decref(doc);
	return rc;
}

int collect_facebook_parse_page(struct collect_parsed *r, int status,
                                const char *body, size_t n)
{
	json_t *doc = NULL;
	int rc;

	if ((rc = meta_open(r, &doc, status, body, n)))
		return rc < 0 ? rc : 0;
	if (!str(doc, "id"))
		rc = err_set(NETRA_EINVALID, "a Page without an id");
	else if (!(rc = collect_set(&r->account_id, str(doc, "id"))))
		rc = collect_set(&r->handle, str(doc, "username"));
	json_decref(doc);
	return rc;
}

/* ---- the modules ----------------------------------------------------- */

struct meta_state {
	char token[512];  /* meta_access_token */
	char ig_user[64]; /* instagram_user_id: ours, that asks */
};

/* X-App-Usage / X-Business-Use-Case-Usage as a window of 100 (percent)
 * whose remaining share is what is left of the most used limit; a
 * blocked app's estimated_time_to_regain_access is the reset. */
static void meta_headers(struct collect_ratelimit *rl, const char *name,
                         size_t name_len, const char *value, int64_t now)
{
	struct collect_parsed r;
	int app = name_len == 11 && strncasecmp(name, "x-app-usage", 11) == 0;
	int buc = name_len == 25 &&
	          strncasecmp(name, "x-business-use-case-usage", 25) == 0;

	if (!app && !buc)
		return;
	memset(&r, 0, sizeof(r));
	r.usage = -1;
	r.retry_after = -1;
	collect_meta_usage(&r, app ? value : NULL, buc ? value : NULL);
	if (r.usage < 0)
		return;
	rl->limit = 100;
	if (rl->remaining < 0 || 100 - r.usage < rl->remaining)
		rl->remaining = r.usage >= 100 ? 0 : 100 - r.usage;
	if (r.retry_after > 0)
		rl->reset_at = now + r.retry_after;
}

static int meta_init(struct collect_env *env, int ig)
{
	const char *tok = collect_creds_get(env->creds, "meta_access_token");
	const char *igu = collect_creds_get(env->creds, "instagram_user_id");
	struct meta_state *st;
	int rc;

	if (!tok || !*tok)
		return err_set(NETRA_EINVALID,
		               "%s: the credentials file has "
		               "no meta_access_token",
		               ig ? "instagram" : "facebook");
	if (ig && (!igu || !*igu))
		return err_set(NETRA_EINVALID,
		               "instagram: the credentials file has no "
		               "instagram_user_id (the agency's professional "
		               "account that asks, business discovery)");
	if (strlen(tok) >= sizeof(st->token) ||
	    (igu && strlen(igu) >= sizeof(st->ig_user)))
		return err_set(NETRA_EINVALID, "meta credentials too long");
	if ((rc = collect_http_add_secret(env->http, tok)))
		return rc;
	if (!(st = calloc(1, sizeof(*st))))
		return err_oom();
	snprintf(st->token, sizeof(st->token), "%s", tok);
	snprintf(st->ig_user, sizeof(st->ig_user), "%s", igu ? igu : "");
	env->state = st;
	return 0;
}

static int ig_init(struct collect_env *env)
{
	return meta_init(env, 1);
}

static int fb_init(struct collect_env *env)
{
	return meta_init(env, 0);
}

static void meta_cleanup(struct collect_env *env)
{
	if (env->state)
		sodium_memzero(env->state, sizeof(struct meta_state));
	free(env->state);
	env->state = NULL;
}

/* GETs /v25.0/<path> with params already in url (after the path) and
 * the token; the answer in *resp. */
static int meta_get(struct collect_response *resp, struct collect_env *env,
                    const char *route, struct sbuf *url)
{
	const struct meta_state *st = env->state;
	int rc;

	if ((rc = collect_url_param(url, "access_token", st->token)))
		return rc;
	return collect_http_get(resp, env->http, route, url->data);
}

/* business_discovery.username(H){fields}: the discovery request. */
static int ig_request(struct collect_parsed *p, struct collect_env *env,
                      const char *handle, const char *fields)
{
	const struct meta_state *st = env->state;
	struct collect_response resp = {0};
	struct sbuf url = SBUF_INIT, f = SBUF_INIT;
	int rc;

	if (sbuf_printf(&f, "business_discovery.username(%s){%s}", handle,
	                fields)) {
		rc = err_oom();
		goto done;
	}
	if ((rc = collect_url_path(&url, "/" COLLECT_META_VERSION "/")) ||
	    (rc = collect_url_segment(&url, st->ig_user)) ||
	    (rc = collect_url_param(&url, "fields", f.data)) ||
	    (rc = meta_get(&resp, env, "business_discovery", &url)))
		goto done;
	rc = collect_instagram_parse(p, (int)resp.status, resp.body.data,
	                             resp.body.len, handle);
	if (rc)
		err_wrap(rc, "instagram business_discovery");
done:
	collect_response_free(&resp);
	sbuf_free(&url);
	sbuf_free(&f);
	return rc;
}

/* A handle goes inside the fields expression: only the characters
 * Instagram allows in one. */
static int ig_handle_ok(const char *h)
{
	return *h &&
	       strspn(h, "abcdefghijklmnopqrstuvwxyz0123456789._") == strlen(h);
}

/* Business discovery asks by username only: an account whose stable id
 * was seen before and whose handle is no longer found may have been
 * renamed (or be gone; the API cannot tell). Recorded as such, with the
 * platform's words, rather than as gone. */
static void ig_maybe_renamed(struct collect_profile *out,
                             const struct collect_account *acct)
{
	char words[256];

	snprintf(words, sizeof(words), "%s", out->detail);
	out->status = COLLECT_MAYBE_RENAMED;
	snprintf(out->detail, sizeof(out->detail),
	         "possibly renamed: @%.40s not found by business discovery,"
	         " which asks by username, but account id %.30s was seen"
	         " before (%.60s)",
	         acct->handle, acct->uid, words);
}

static int ig_resolve(struct collect_profile *out, struct collect_env *env,
                      const struct collect_account *acct)
{
	struct collect_parsed p;
	int rc;

	if (!ig_handle_ok(acct->handle))
		return err_set(NETRA_EINVALID, "instagram: bad handle '%s'",
		               acct->handle);
	if ((rc = collect_parsed_init(&p)))
		return rc;
	if (!(rc = ig_request(&p, env, acct->handle, "id,username")))
		rc = collect_parsed_profile(out, &p, "instagram",
		                            "instagram business_discovery");
	collect_parsed_clear(&p);
	if (!rc && out->status == COLLECT_GONE && acct->uid && *acct->uid)
		ig_maybe_renamed(out, acct);
	return rc;
}

static int ig_fetch(struct collect_page *page, struct collect_env *env,
                    const struct collect_account *acct, const char *endpoint)
{
	struct collect_parsed p;
	struct sbuf f = SBUF_INIT;
	int older = 0, rc;

	(void)endpoint;
	page->newest_first_stop = 1;
	if (!ig_handle_ok(acct->handle))
		return err_set(NETRA_EINVALID, "instagram: bad handle '%s'",
		               acct->handle);
	if (strspn(page->cursor.page,
	           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	           "nopqrstuvwxyz0123456789-_=") != strlen(page->cursor.page))
		page->cursor.page[0] =
		    '\0'; /* not a Graph cursor: start over */
	if (sbuf_puts(&f, "id,username,media") ||
	    (page->cursor.page[0] &&
	     sbuf_printf(&f, ".after(%s)", page->cursor.page)) ||
	    sbuf_printf(&f,
	                ".limit(%zu){id,caption,media_type,media_url,"
	                "thumbnail_url,permalink,timestamp,username,"
	                "comments_count,like_count,"
	                "children{media_type,media_url,thumbnail_url}}",
	                env->page_size && env->page_size < 100 ? env->page_size
	                                                       : (size_t)25))
		return err_oom();
	if ((rc = collect_parsed_init(&p))) {
		sbuf_free(&f);
		return rc;
	}
	if ((rc = ig_request(&p, env, acct->handle, f.data)) ||
	    (rc = collect_parsed_rc(&p, "instagram business_discovery")) ||
	    (rc = collect_parsed_to_page(page, &p, env->window_start,
	                                 env->window_end, &older, NULL)))
		goto done;
	page->done = !p.next || older;
	snprintf(page->cursor.page, sizeof(page->cursor.page), "%s",
	         page->done ? "" : p.next);
done:
	collect_parsed_clear(&p);
	sbuf_free(&f);
	return rc;
}

static int fb_resolve(struct collect_profile *out, struct collect_env *env,
                      const struct collect_account *acct)
{
	struct collect_response resp = {0};
	struct collect_parsed p;
	struct sbuf url = SBUF_INIT;
	int rc;

	if ((rc = collect_parsed_init(&p)))
		return rc;
	if ((rc = collect_url_path(&url, "/" COLLECT_META_VERSION "/")) ||
	    (rc = collect_url_segment(&url,
	                              acct->uid ? acct->uid : acct->handle)) ||
	    (rc = collect_url_param(&url, "fields", "id,username,name")) ||
	    (rc = meta_get(&resp, env, "page", &url)))
		goto done;
	if ((rc = collect_facebook_parse_page(&p, (int)resp.status,
	                                      resp.body.data, resp.body.len))) {
		err_wrap(rc, "facebook page");
		goto done;
	}
	rc = collect_parsed_profile(out, &p, "facebook", "facebook page");
	if (!rc && out->status == COLLECT_ACTIVE && !out->handle[0])
		snprintf(out->handle, sizeof(out->handle), "%s", acct->handle);
done:
	collect_response_free(&resp);
	collect_parsed_clear(&p);
	sbuf_free(&url);
	return rc;
}

/* The Page's posts, newest first, from max(window start, cursor.since)
 * to the window's end; cursor.top keeps the newest post's time of the
 * walk, which becomes since when it ends. */
static int fb_fetch(struct collect_page *page, struct collect_env *env,
                    const struct collect_account *acct, const char *endpoint)
{
	struct collect_response resp = {0};
	struct collect_parsed p;
	struct sbuf url = SBUF_INIT;
	char since[24], until[24] = "", limit[16];
	int64_t from = env->window_start, top = atoll(page->cursor.top);
	int rc;

	(void)endpoint;
	if (page->cursor.since[0] && atoll(page->cursor.since) > from)
		from = atoll(page->cursor.since);
	snprintf(since, sizeof(since), "%" PRId64, from);
	if (env->window_end > 0)
		snprintf(until, sizeof(until), "%" PRId64, env->window_end);
	snprintf(limit, sizeof(limit), "%zu",
	         env->page_size && env->page_size < 100 ? env->page_size
	                                                : (size_t)25);
	if ((rc = collect_parsed_init(&p)))
		return rc;
	if ((rc = collect_url_path(&url, "/" COLLECT_META_VERSION "/")) ||
	    (rc = collect_url_segment(&url,
	                              acct->uid ? acct->uid : acct->handle)) ||
	    (rc = collect_url_path(&url, "/posts")) ||
	    (rc = collect_url_param(&url, "fields",
	                            "id,message,created_time,permalink_url,"
	                            "from{id,name},full_picture,"
	                            "attachments{media,subattachments}")) ||
	    (rc = collect_url_param(&url, "limit", limit)) ||
	    (rc = collect_url_param(&url, "since", since)) ||
	    (rc = collect_url_param(&url, "until", until)) ||
	    (rc = collect_url_param(&url, "after", page->cursor.page)) ||
	    (rc = meta_get(&resp, env, "posts", &url)))
		goto done;
	if ((rc = collect_facebook_parse(&p, (int)resp.status, resp.body.data,
	                                 resp.body.len, acct->uid,
	                                 acct->handle))) {
		err_wrap(rc, "facebook posts");
		goto done;
	}
	if ((rc = collect_parsed_rc(&p, "facebook posts")) ||
	    (rc = collect_parsed_to_page(page, &p, env->window_start,
	                                 env->window_end, NULL, &top)))
		goto done;
	page->done = !p.next;
	snprintf(page->cursor.page, sizeof(page->cursor.page), "%s",
	         p.next ? p.next : "");
	if (top > 0)
		snprintf(page->cursor.top, sizeof(page->cursor.top), "%" PRId64,
		         top);
	if (page->done && page->cursor.top[0]) {
		snprintf(page->cursor.since, sizeof(page->cursor.since), "%s",
		         page->cursor.top);
		page->cursor.top[0] = '\0';
	}
done:
	collect_response_free(&resp);
	collect_parsed_clear(&p);
	sbuf_free(&url);
	return rc;
}

/* Each id asked for on its own (the Graph API answers a request for
 * several ids with one error when any is missing): a post that answers
 * error 100/33 ("does not exist, cannot be loaded due to missing
 * permissions") is gone, with that error object kept as the evidence of
 * why. */
static int fb_gone(struct collect_page *page, struct collect_env *env,
                   const struct collect_account *acct, const char *const *ids,
                   size_t n)
{
	struct collect_response resp = {0};
	struct collect_parsed p;
	struct sbuf url = SBUF_INIT;
	json_t *doc = NULL;
	char *detail;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < n; i++) {
		sbuf_clear(&url);
		if ((rc = collect_parsed_init(&p)))
			break;
		if (!(rc = collect_url_path(&url,
		                            "/" COLLECT_META_VERSION "/")) &&
		    !(rc = collect_url_segment(&url, ids[i])) &&
		    !(rc = collect_url_param(&url, "fields", "id")) &&
		    !(rc = meta_get(&resp, env, "post", &url)) &&
		    !(rc = collect_facebook_parse_page(&p, (int)resp.status,
		                                       resp.body.data,
		                                       resp.body.len))) {
			if (p.outcome == COLLECT_ACCOUNT &&
			    p.account == COLLECT_GONE) {
				collect_json_parse(&doc, resp.body.data,
				                   resp.body.len);
				detail = doc ? json_dumps(json_object_get(
				                              doc, "error"),
				                          JSON_COMPACT)
				             : NULL;
				rc = collect_delete_event(
				    &page->body, "facebook", acct->handle,
				    ids[i], env->now, detail);
				free(detail);
				json_decref(doc);
				doc = NULL;
			} else
				rc = collect_parsed_rc(&p, "facebook post");
		}
		collect_parsed_clear(&p);
	}
	collect_response_free(&resp);
	sbuf_free(&url);
	return rc;
}

static const char *const ig_endpoints[] = {"media", NULL};
static const char *const fb_endpoints[] = {"posts", NULL};

const struct collect_module collect_instagram_module = {
    .platform = "instagram",
    .default_base_url = "https://graph.facebook.com",
    .endpoints = ig_endpoints,
    .headers = meta_headers,
    .gone_batch = 0,
    .init = ig_init,
    .cleanup = meta_cleanup,
    .resolve = ig_resolve,
    .fetch = ig_fetch,
    .gone = NULL,
};

const struct collect_module collect_facebook_module = {
    .platform = "facebook",
    .default_base_url = "https://graph.facebook.com",
    .endpoints = fb_endpoints,
    .headers = meta_headers,
    .gone_batch = 10,
    .init = fb_init,
    .cleanup = meta_cleanup,
    .resolve = fb_resolve,
    .fetch = fb_fetch,
    .gone = fb_gone,
};
