/*
 * ingest/meta.c - Meta Graph API responses (Facebook and Instagram) to
 * Events.
 *
 * A response is {"data": [...], "paging": {...}}. An item is Instagram
 * when it has username/caption/media_type/timestamp/permalink (media:
 * caption is the text, permalink the url; a comment object has text and
 * media{id} or parent_id), Facebook otherwise (posts: message,
 * created_time, permalink_url, from{name,id}; the handle is from.username
 * when given, else from.id, the number of a profile.php?id= URL).
 * Comments nested under an item ("comments": {"data": [...]}, replies
 * under "replies" or "comments" of a comment) become type comment whose
 * target is the item they hang from. A top-level Facebook item with a
 * parent{id} is a comment on that parent. raw is each item's own object.
 * The item's pictures become media[] (add_media: Instagram media_url, a
 * video's thumbnail_url, a carousel's children; Facebook attachments and
 * full_picture), all read from the item itself.
 */
#include <stdio.h>
#include <string.h>

#include "ingest/ingest_int.h"
#include "util/error.h"

#define META_MAX_DEPTH 4

struct meta_parent {
	const char *id;
	const char *account;
	const char *text;
};

static int is_instagram(json_t *it)
{
	static const char *const keys[] = {"username",   "caption",
	                                   "media_type", "timestamp",
	                                   "permalink",  NULL};
	const char *const *k;

	for (k = keys; *k; k++)
		if (json_object_get(it, *k))
			return 1;
	return 0;
}

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* The author's handle of an item, into buf for numeric ids. */
static const char *author(json_t *it, int ig, char *buf, size_t size)
{
	json_t *from = json_object_get(it, "from");
	const char *a;

	if (ig && (a = str(it, "username")))
		return a;
	if ((a = str(from, "username")))
		return a;
	return ingest_get_id(from, "id", buf, size);
}

static int convert_item(ingest_items *out, json_t *it,
                        const struct meta_parent *parent, const char *path,
                        int depth);

static int convert_children(ingest_items *out, json_t *it, const char *key,
                            const struct meta_parent *self, const char *path,
                            int depth)
{
	json_t *c = json_object_get(json_object_get(it, key), "data"), *ch;
	char sub[64];
	size_t i;
	int rc;

	if (depth >= META_MAX_DEPTH)
		return 0;
	json_array_foreach(c, i, ch)
	{
		snprintf(sub, sizeof(sub), "%s.%s[%zu]", path, key, i);
		if ((rc = convert_item(out, ch, self, sub, depth + 1)))
			return rc;
	}
	return 0;
}

/* Decides type and target: nested under a parent, a reply (parent_id,
 * parent{id}), an Instagram comment (media{id}), or a post. */
static int set_kind(json_t *ev, json_t *it, const struct meta_parent *parent)
{
	const char *pid = str(it, "parent_id");
	json_t *target;
	char buf[32];

	if (!pid)
		pid = ingest_get_id(json_object_get(it, "parent"), "id", buf,
		                    sizeof(buf));
	if (!pid && !parent)
		pid = ingest_get_id(json_object_get(it, "media"), "id", buf,
		                    sizeof(buf));
	if (!pid && !parent)
		return ingest_set_str(ev, "type", "post");
	if (!(target = json_object()) ||
	    json_object_set_new(ev, "target", target))
		return err_oom();
	if (ingest_set_str(ev, "type", "comment"))
		return err_oom();
	if (pid)
		return ingest_set_str(target, "id", pid);
	if (ingest_set_str(target, "id", parent->id) ||
	    ingest_set_str(target, "account", parent->account) ||
	    ingest_set_str(target, "text", parent->text))
		return err_oom();
	return 0;
}

/* The picture of an Instagram media object: a video's thumbnail_url (its
 * media_url is the video), else media_url. */
static const char *ig_image(json_t *m)
{
	const char *t = str(m, "media_type");

	if (t && strcmp(t, "VIDEO") == 0 && str(m, "thumbnail_url"))
		return str(m, "thumbnail_url");
	return str(m, "media_url");
}

/* The images of a Facebook attachment: its media.image.src, or those of
 * its subattachments (an album). */
static int fb_attachment(json_t *ev, json_t *a)
{
	json_t *subs = json_object_get(json_object_get(a, "subattachments"),
	                               "data"),
	       *s;
	size_t i;

	if (json_array_size(subs)) {
		json_array_foreach(subs, i, s)
		{
			if (fb_attachment(ev, s))
				return err_oom();
		}
		return 0;
	}
	return ingest_add_media(
	    ev, str(json_object_get(json_object_get(a, "media"), "image"),
	            "src"));
}

/* Fills ev's media[] from the item's pictures, in the platform's order:
 * Instagram's children.data[] (a carousel), else the item's own
 * media_url (thumbnail_url for a video); Facebook's attachments.data[]
 * (media.image.src, an album's subattachments), else full_picture. */
static int add_media(json_t *ev, json_t *it, int ig)
{
	json_t *list, *m;
	size_t i;

	list = json_object_get(json_object_get(it, ig ? "children"
	                                              : "attachments"),
	                       "data");
	json_array_foreach(list, i, m)
	{
		if (ig ? ingest_add_media(ev, ig_image(m))
		       : fb_attachment(ev, m))
			return err_oom();
	}
	if (json_object_get(ev, "media"))
		return 0;
	return ingest_add_media(ev, ig ? ig_image(it)
	                               : str(it, "full_picture"));
}

static int convert_item(ingest_items *out, json_t *it,
                        const struct meta_parent *parent, const char *path,
                        int depth)
{
	char ibuf[32], abuf[32];
	struct meta_parent self;
	const char *id, *acct, *text;
	int ig, rc;
	json_t *ev;

	if (!json_is_object(it))
		return ingest_items_add(out, NULL, json_incref(it), path,
		                        "expected an object");
	ig = is_instagram(it);
	id = ingest_get_id(it, "id", ibuf, sizeof(ibuf));
	acct = author(it, ig, abuf, sizeof(abuf));
	if (!id)
		return ingest_items_add(out, NULL, json_incref(it), path,
		                        "missing id");
	if (!acct)
		return ingest_items_add(out, NULL, json_incref(it), path,
		                        ig ? "missing username"
		                           : "missing from (the author)");
	text = ig ? (str(it, "caption") ? str(it, "caption") : str(it, "text"))
	          : str(it, "message");
	if (!(ev = json_object()))
		return err_oom();
	if (ingest_set_str(ev, "platform", ig ? "instagram" : "facebook") ||
	    ingest_set_str(ev, "id", id) ||
	    ingest_set_str(ev, "account", acct) ||
	    ingest_set_str(ev, "created_at",
	                   str(it, ig ? "timestamp" : "created_time")) ||
	    ingest_set_str(ev, "text", text) ||
	    ingest_set_str(ev, "url",
	                   str(it, ig ? "permalink" : "permalink_url")) ||
	    set_kind(ev, it, parent) || add_media(ev, it, ig)) {
		json_decref(ev);
		return err_oom();
	}
	if ((rc = ingest_items_add(out, ev, json_incref(it), path, NULL)))
		return rc;
	self.id = id;
	self.account = acct;
	self.text = text;
	if ((rc = convert_children(out, it, "comments", &self, path, depth)) ||
	    (rc = convert_children(out, it, "replies", &self, path, depth)))
		return rc;
	return 0;
}

int ingest_meta_convert(json_t *doc, ingest_items *out)
{
	json_t *data = json_object_get(doc, "data"), *it;
	char path[32];
	size_t i;
	int rc;

	if (!json_is_object(doc))
		return err_set(NETRA_EINVALID,
		               "expected a Graph API response object");
	if (!data)
		return 0;
	if (!json_is_array(data))
		return err_set(NETRA_EINVALID, "data: expected an array");
	json_array_foreach(data, i, it)
	{
		snprintf(path, sizeof(path), "data[%zu]", i);
		if ((rc = convert_item(out, it, NULL, path, 0)))
			return rc;
	}
	return 0;
}
