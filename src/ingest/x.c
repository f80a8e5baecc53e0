/*
 * ingest/x.c - X API v2 tweet responses to Events.
 *
 * A response is {"data": [tweet...] (or one tweet), "includes": {"users":
 * [...], "tweets": [...]}, "meta": {...}}. Each tweet becomes one Event:
 * its author is found by author_id in includes.users (the username is the
 * handle); referenced_tweets decides the type (retweeted -> repost, quoted
 * -> quote, replied_to -> comment, in that order of preference, none ->
 * post) and the referenced tweet is the target, its text and author taken
 * from includes.tweets when present. raw is the tweet object itself.
 *
 * The same converter reads `twarc2 flatten` output, one tweet per line
 * with its expansions inlined: "author" (and "in_reply_to_user") user
 * objects, referenced_tweets entries that are whole tweets with their own
 * "author", and twarc's "__twarc" metadata. A tweet whose author has no
 * username anywhere (suspended or withheld accounts are left out of
 * includes.users) keeps its author_id as the account "id:AUTHOR_ID", the
 * form in which the registry names an X account by its stable user id
 * (x.com/i/user/N): it is stored when that account is registered, and
 * counted as skipped otherwise.
 *
 * The tweet's images become the Event's media[] (DESIGN.md), in the order
 * of attachments.media_keys: a photo's url, a video's or GIF's
 * preview_image_url, looked up in includes.media (or twarc's inlined
 * attachments.media). Since a tweet names its media only by key, the raw
 * of a tweet with media found in includes is the one-tweet response
 * {"data": tweet, "includes": {"media": [...]}} (raw.c derives the same
 * event from it); a tweet without is its own raw, as before.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/ingest_int.h"
#include "util/error.h"

/* id -> object maps of includes.users, includes.tweets and
 * includes.media. */
struct x_includes {
	json_t *users;  /* id -> username (string) */
	json_t *tweets; /* id -> tweet object */
	json_t *media;  /* media_key -> media object */
};

static int index_includes(struct x_includes *inc, json_t *doc)
{
	json_t *in = json_object_get(doc, "includes"), *v;
	char buf[32];
	const char *id;
	size_t i;

	inc->users = json_object();
	inc->tweets = json_object();
	inc->media = json_object();
	if (!inc->users || !inc->tweets || !inc->media)
		return err_oom();
	json_array_foreach(json_object_get(in, "users"), i, v)
	{
		json_t *u = json_object_get(v, "username");
		id = ingest_get_id(v, "id", buf, sizeof(buf));
		if (id && json_is_string(u) &&
		    json_object_set(inc->users, id, u))
			return err_oom();
	}
	json_array_foreach(json_object_get(in, "tweets"), i, v)
	{
		id = ingest_get_id(v, "id", buf, sizeof(buf));
		if (id && json_is_object(v) &&
		    json_object_set(inc->tweets, id, v))
			return err_oom();
	}
	json_array_foreach(json_object_get(in, "media"), i, v)
	{
		id = json_string_value(json_object_get(v, "media_key"));
		if (id && json_is_object(v) &&
		    json_object_set(inc->media, id, v))
			return err_oom();
	}
	return 0;
}

/* The image of one media object: url for a photo, preview_image_url for
 * a video or an animated GIF (X gives no url for those). */
static const char *media_image(json_t *m)
{
	const char *u = json_string_value(json_object_get(m, "url"));

	return u && *u ? u
	               : json_string_value(
	                     json_object_get(m, "preview_image_url"));
}

/* Fills ev's media[] from the tweet's attachments, in their order: the
 * media objects twarc2 flatten inlined as attachments.media, else those
 * attachments.media_keys name in includes.media. *slice gets, for the
 * latter, the raw to keep: {"data": tweet, "includes": {"media": [the
 * tweet's media objects]}}, the platform's own objects unchanged (a tweet
 * alone names its images only by key); NULL when the tweet is raw enough. */
static int add_media(json_t *ev, json_t **slice, const struct x_includes *inc,
                     json_t *tweet)
{
	json_t *att = json_object_get(tweet, "attachments"), *v, *m, *list;
	size_t i;

	*slice = NULL;
	list = json_object_get(att, "media");
	if (json_is_array(list)) {
		json_array_foreach(list, i, m)
		{
			if (ingest_add_media(ev, media_image(m)))
				return err_oom();
		}
		return 0;
	}
	list = json_array();
	if (!list)
		return err_oom();
	json_array_foreach(json_object_get(att, "media_keys"), i, v)
	{
		m = json_object_get(inc->media, json_string_value(v));
		if (!m)
			continue;
		if (json_array_append(list, m) ||
		    ingest_add_media(ev, media_image(m))) {
			json_decref(list);
			return err_oom();
		}
	}
	if (!json_array_size(list)) {
		json_decref(list);
		return 0;
	}
	*slice = json_pack("{s:O, s:{s:o}}", "data", tweet, "includes",
	                   "media", list);
	return *slice ? 0 : err_oom();
}

/* The username of the user obj[key] names: from includes.users, else
 * from the user object twarc inlined as obj[inline_key]. */
static const char *username(const struct x_includes *inc, json_t *obj,
                            const char *key, const char *inline_key)
{
	char buf[32];
	const char *id = ingest_get_id(obj, key, buf, sizeof(buf)), *u = NULL;

	if (id)
		u = json_string_value(json_object_get(inc->users, id));
	if (!u && inline_key)
		u = json_string_value(json_object_get(
		    json_object_get(obj, inline_key), "username"));
	return u && *u ? u : NULL;
}

/* The referenced tweet that decides the type, and the type. */
static json_t *pick_reference(json_t *tweet, const char **type)
{
	static const char *const order[][2] = {
	    {"retweeted", "repost"},
	    {"quoted", "quote"},
	    {"replied_to", "comment"},
	};
	json_t *refs = json_object_get(tweet, "referenced_tweets"), *r;
	size_t k, i;

	*type = "post";
	for (k = 0; k < 3; k++) {
		json_array_foreach(refs, i, r)
		{
			json_t *t = json_object_get(r, "type");
			if (json_is_string(t) &&
			    strcmp(json_string_value(t), order[k][0]) == 0) {
				*type = order[k][1];
				return r;
			}
		}
	}
	return NULL;
}

static int add_target(json_t *ev, const struct x_includes *inc, json_t *tweet,
                      json_t *ref)
{
	json_t *target = json_object(), *rt;
	const char *rid, *acct = NULL;
	char buf[32];

	if (!target || json_object_set_new(ev, "target", target))
		return err_oom();
	rid = ingest_get_id(ref, "id", buf, sizeof(buf));
	if (ingest_set_str(target, "id", rid))
		return err_oom();
	rt = rid ? json_object_get(inc->tweets, rid) : NULL;
	if (!rt && json_object_get(ref, "text"))
		rt = ref; /* twarc2 flatten: the reference is the tweet */
	if (rt) {
		acct = username(inc, rt, "author_id", "author");
		if (ingest_set_str(
		        target, "text",
		        json_string_value(json_object_get(rt, "text"))))
			return err_oom();
	}
	if (!acct)
		acct = username(inc, tweet, "in_reply_to_user_id",
		                "in_reply_to_user");
	return ingest_set_str(target, "account", acct);
}

static int convert_tweet(ingest_items *out, const struct x_includes *inc,
                         json_t *tweet, const char *path)
{
	const char *id, *user, *type, *aid;
	char buf[32], abuf[32], idacct[48], url[256];
	json_t *ev, *ref, *slice = NULL;

	if (!json_is_object(tweet))
		return ingest_items_add(out, NULL, json_incref(tweet), path,
		                        "expected a tweet object");
	id = ingest_get_id(tweet, "id", buf, sizeof(buf));
	if (!id)
		return ingest_items_add(out, NULL, json_incref(tweet), path,
		                        "missing id");
	user = username(inc, tweet, "author_id", "author");
	aid = ingest_get_id(tweet, "author_id", abuf, sizeof(abuf));
	if (!user && !aid)
		aid = ingest_get_id(json_object_get(tweet, "author"), "id",
		                    abuf, sizeof(abuf));
	if (!user && !aid)
		return ingest_items_add(out, NULL, json_incref(tweet), path,
		                        "missing author_id");
	if (user) {
		snprintf(url, sizeof(url), "https://x.com/%s/status/%s", user,
		         id);
	} else { /* the author's username is withheld: its stable id */
		snprintf(idacct, sizeof(idacct), "id:%.24s", aid);
		user = idacct;
		snprintf(url, sizeof(url), "https://x.com/i/web/status/%s", id);
	}
	if (!(ev = json_object()))
		return err_oom();
	ref = pick_reference(tweet, &type);
	if (ingest_set_str(ev, "platform", "x") ||
	    ingest_set_str(ev, "id", id) || ingest_set_str(ev, "type", type) ||
	    ingest_set_str(ev, "account", user) ||
	    ingest_set_str(
	        ev, "created_at",
	        json_string_value(json_object_get(tweet, "created_at"))) ||
	    ingest_set_str(ev, "text",
	                   json_string_value(json_object_get(tweet, "text"))) ||
	    ingest_set_str(ev, "url", url) ||
	    (ref && add_target(ev, inc, tweet, ref)) ||
	    add_media(ev, &slice, inc, tweet)) {
		json_decref(ev);
		return err_oom();
	}
	return ingest_items_add(out, ev, slice ? slice : json_incref(tweet),
	                        path, NULL);
}

int ingest_x_convert(json_t *doc, ingest_items *out)
{
	struct x_includes inc = {NULL, NULL, NULL};
	json_t *data = json_object_get(doc, "data"), *t;
	int flat = !data && json_object_get(doc, "id");
	char path[32];
	size_t i;
	int rc;

	if (!json_is_object(doc))
		return err_set(NETRA_EINVALID,
		               "expected an X API response object");
	if (data && !json_is_array(data) && !json_is_object(data)) {
		rc = err_set(NETRA_EINVALID,
		             "data: expected an array of tweets");
		goto done;
	}
	if ((rc = index_includes(&inc, doc)))
		goto done;
	if (flat) { /* twarc2 flatten: the document is one tweet */
		rc = convert_tweet(out, &inc, doc, "tweet");
		goto done;
	}
	if (json_is_object(data)) {
		rc = convert_tweet(out, &inc, data, "data");
		goto done;
	}
	json_array_foreach(data, i, t)
	{
		snprintf(path, sizeof(path), "data[%zu]", i);
		if ((rc = convert_tweet(out, &inc, t, path)))
			goto done;
	}
done:
	json_decref(inc.users);
	json_decref(inc.tweets);
	json_decref(inc.media);
	return rc;
}
