/*
 * collect/meta.c - the Meta Graph API (v25.0) for Instagram and Facebook
 * Pages: the response parsers (pure functions, collect/parsed.h) for
 *  - Instagram business discovery, GET /{our-ig-user-id}?fields=
 *    business_discovery.username(H){id,username,media{...}}: another
 *    professional account's media, newest first, paged by
 *    media.after(CURSOR) with paging.cursors.after;
 *  - Facebook Pages, GET /{page-id}/posts?fields=id,message,
 *    created_time,permalink_url,from: the Page's posts, paged by
 *    paging.cursors.after while paging.next is given;
 *  - the Graph error body {"error": {message, type, code,
 *    error_subcode, is_transient, fbtrace_id}} and the X-App-Usage /
 *    X-Business-Use-Case-Usage headers.
 * Items become Events through the Meta importer (ingest/meta.c), so a
 * file export and a collected page read the same; each Event keeps its
 * item. docs/collect.md cites the reference pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
