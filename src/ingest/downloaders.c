/*
 * ingest/downloaders.c - the metadata files the field's downloaders write
 * for public accounts, to Events, so `netra ingest` can read a folder
 * those tools filled:
 *  - yt-dlp --write-info-json (NAME.info.json: one video, TikTok or
 *    YouTube by extractor_key);
 *  - gallery-dl --write-metadata (one JSON per downloaded file: category,
 *    subcategory, the post's id, author, content/description, date);
 *  - instaloader's per-post NAME.json(.xz) ({"node": post, "instaloader":
 *    {"node_type": "Post", ...}}; reader.c inflates .xz).
 * Each file is one document holding one post. raw is the tool's object
 * (yt-dlp's without its download plan: formats, thumbnails, subtitles).
 * The post's picture is its media[]: yt-dlp's thumbnail (the best of
 * thumbnails, kept in raw), gallery-dl's and instaloader's display_url
 * (instaloader: each display_url of a sidecar's children, in order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/ingest_int.h"
#include "netra/registry.h"
#include "util/error.h"

static const char *str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s && *s ? s : NULL;
}

/* Fills the common Event fields of a post (type post unless ev has one);
 * ev is owned by the caller. */
static int set_post(json_t *ev, const char *platform, const char *id,
                    const char *account, const char *when, const char *text,
                    const char *url)
{
	if (ingest_set_str(ev, "platform", platform) ||
	    ingest_set_str(ev, "id", id) ||
	    (!json_object_get(ev, "type") &&
	     ingest_set_str(ev, "type", "post")) ||
	    ingest_set_str(ev, "account", account) ||
	    ingest_set_str(ev, "created_at", when) ||
	    ingest_set_str(ev, "text", text) || ingest_set_str(ev, "url", url))
		return err_oom();
	return 0;
}

/* Unix seconds obj[key] as ISO 8601 into when; 0, or 1 when absent, -1
 * when not a number. */
static int unix_time(char *when, size_t size, json_t *obj, const char *key)
{
	json_t *t = json_object_get(obj, key);

	if (!t || json_is_null(t))
		return 1;
	if (!json_is_number(t))
		return -1;
	ingest_format_time(when, size, (int64_t)json_number_value(t));
	return 0;
}

/* Adds the item, or an error item when ev could not be filled. */
static int add(ingest_items *out, json_t *ev, json_t *raw, const char *path,
               const char *platform, const char *id, const char *account,
               const char *when, const char *text, const char *url)
{
	int rc;

	if (!ev) {
		json_decref(raw);
		return err_oom();
	}
	if ((rc = set_post(ev, platform, id, account, when, text, url))) {
		json_decref(ev);
		json_decref(raw);
		return rc;
	}
	return ingest_items_add(out, ev, raw, path, NULL);
}

/* ---- yt-dlp ----------------------------------------------------------- */

/* The download plan yt-dlp writes next to the metadata: not kept in raw
 * (a YouTube info.json is mostly these, often over a megabyte). */
static const char *const ytdlp_plan[] = {"formats",
                                         "requested_formats",
                                         "requested_downloads",
                                         "thumbnails",
                                         "automatic_captions",
                                         "subtitles",
                                         "http_headers",
                                         "heatmap",
                                         NULL};

int ingest_ytdlp_convert(json_t *doc, ingest_items *out)
{
	const char *key = str(doc, "extractor_key"), *id = str(doc, "id");
	const char *platform, *acct, *title, *desc, *uurl;
	char when[32] = "", ibuf[32], *text = NULL;
	json_t *raw, *ev;
	size_t i;
	int rc;

	if (!json_is_object(doc) || !key)
		return err_set(NETRA_EINVALID, "expected a yt-dlp info.json "
		                               "object with extractor_key");
	if (!id)
		id = ingest_get_id(doc, "id", ibuf, sizeof(ibuf));
	if (strcasecmp(key, "TikTok") == 0)
		platform = "tiktok";
	else if (strcasecmp(key, "Youtube") == 0)
		platform = "youtube";
	else
		return ingest_items_add(
		    out, NULL, json_incref(doc), "info",
		    "yt-dlp extractor '%.40s' is not TikTok "
		    "or YouTube",
		    key);
	uurl = str(doc, "uploader_url");
	if (platform[0] ==
	    't') /* uploader is the @handle, uploader_id a number */
		acct = str(doc, "uploader") ? str(doc, "uploader") : uurl;
	else /* uploader_id is "@handle" (yt-dlp 2023.03 on), else the URL */
		acct =
		    str(doc, "uploader_id") && str(doc, "uploader_id")[0] == '@'
		        ? str(doc, "uploader_id")
		    : uurl && strstr(uurl, "/@") ? uurl
		                                 : str(doc, "channel_url");
	if (!id || !acct)
		return ingest_items_add(out, NULL, json_incref(doc), "info",
		                        "missing %s", id ? "uploader" : "id");
	if (unix_time(when, sizeof(when), doc, "timestamp") > 0) {
		const char *d = str(doc, "upload_date"); /* YYYYMMDD */
		if (d && strlen(d) == 8 && strspn(d, "0123456789") == 8)
			snprintf(when, sizeof(when), "%.4s-%.2s-%.2sT00:00:00Z",
			         d, d + 4, d + 6);
	}
	title = str(doc, "title");
	desc = str(doc, "description");
	/* TikTok's title is its description cut short; YouTube's stands on its
	 * own, and both are read */
	if (platform[0] == 'y' && title && desc) {
		size_t n = strlen(title) + strlen(desc) + 2;
		if (!(text = malloc(n)))
			return err_oom();
		snprintf(text, n, "%s\n%s", title, desc);
	}
	if (!(raw = json_copy(doc))) {
		free(text);
		return err_oom();
	}
	for (i = 0; ytdlp_plan[i]; i++)
		json_object_del(raw, ytdlp_plan[i]);
	if (!(ev = json_object()) ||
	    ingest_add_media(ev, str(doc, "thumbnail"))) {
		json_decref(ev);
		json_decref(raw);
		free(text);
		return err_oom();
	}
	rc = add(out, ev, raw, "info", platform, id, acct, when,
	         text   ? text
	         : desc ? desc
	                : title,
	         str(doc, "webpage_url"));
	free(text);
	return rc;
}

/* ---- gallery-dl ------------------------------------------------------- */

/* gallery-dl writes dates as "YYYY-MM-DD HH:MM:SS" in UTC. */
static void gdl_date(char *when, size_t size, const char *d)
{
	if (d && strlen(d) == 19 && d[10] == ' ')
		snprintf(when, size, "%.10sT%.8sZ", d, d + 11);
}

/* A gallery-dl tweet's type from its retweet_id, quote_id and reply_id
 * (0 when not one), in the X importer's order of preference; *target is
 * the id pointed at, in buf. */
static const char *gdl_tweet_type(json_t *doc, const char **target, char *buf,
                                  size_t size)
{
	static const char *const keys[][2] = {
	    {"retweet_id", "repost"},
	    {"quote_id", "quote"},
	    {"reply_id", "comment"},
	};
	size_t k;

	for (k = 0; k < 3; k++) {
		*target = ingest_get_id(doc, keys[k][0], buf, size);
		if (*target && strcmp(*target, "0") != 0 && **target)
			return keys[k][1];
	}
	*target = NULL;
	return "post";
}

/* A user object's handle: twitter's author.name, others' username. */
static const char *gdl_user(json_t *u)
{
	if (!json_is_object(u))
		return json_string_value(u);
	return str(u, "name") ? str(u, "name") : str(u, "username");
}

int ingest_gallerydl_convert(json_t *doc, ingest_items *out)
{
	const char *cat = str(doc, "category"), *platform, *id, *acct;
	const char *text, *type = "post", *target = NULL;
	char ibuf[32], tbuf[32], when[32] = "", url[256] = "";
	json_t *ev;

	if (!json_is_object(doc) || !cat || !str(doc, "subcategory"))
		return err_set(NETRA_EINVALID,
		               "expected a gallery-dl metadata object with "
		               "category and subcategory");
	platform = netra_platform_canonical(cat, strlen(cat));
	if (!platform)
		return ingest_items_add(out, NULL, json_incref(doc), "metadata",
		                        "gallery-dl category '%.40s' is not a "
		                        "supported platform",
		                        cat);
	if (strcmp(platform, "x") == 0) {
		id = ingest_get_id(doc, "tweet_id", ibuf, sizeof(ibuf));
		acct = gdl_user(json_object_get(doc, "author"));
		if (!acct)
			acct = gdl_user(json_object_get(doc, "user"));
		if (id && acct)
			snprintf(url, sizeof(url), "https://x.com/%s/status/%s",
			         acct, id);
		type = gdl_tweet_type(doc, &target, tbuf, sizeof(tbuf));
	} else {
		id = ingest_get_id(doc, "post_id", ibuf, sizeof(ibuf));
		if (!id)
			id = ingest_get_id(doc, "id", ibuf, sizeof(ibuf));
		acct = str(doc, "username");
		if (!acct)
			acct = gdl_user(json_object_get(doc, "author"));
		if (!acct)
			acct = gdl_user(json_object_get(doc, "user"));
		if (str(doc, "post_shortcode") &&
		    strcmp(platform, "instagram") == 0)
			snprintf(url, sizeof(url),
			         "https://www.instagram.com/p/%s/",
			         str(doc, "post_shortcode"));
		else if (str(doc, "post_url"))
			snprintf(url, sizeof(url), "%s", str(doc, "post_url"));
	}
	if (!id || !acct)
		return ingest_items_add(out, NULL, json_incref(doc), "metadata",
		                        "missing the post's %s",
		                        id ? "author" : "id");
	gdl_date(when, sizeof(when), str(doc, "date"));
	text =
	    str(doc, "content") ? str(doc, "content") : str(doc, "description");
	if (!(ev = json_object()))
		return err_oom();
	if (ingest_add_media(ev, str(doc, "display_url")) ||
	    (target && (ingest_set_str(ev, "type", type) ||
	               json_object_set_new(ev, "target",
	                                   json_pack("{s:s}", "id", target))))) {
		json_decref(ev);
		return err_oom();
	}
	return add(out, ev, json_incref(doc), "metadata", platform, id, acct,
	           when, text, url);
}

/* ---- instaloader ------------------------------------------------------ */

int ingest_instaloader_convert(json_t *doc, ingest_items *out)
{
	json_t *node = json_object_get(doc, "node"), *il, *edges, *ev, *e;
	size_t i;
	const char *type, *id, *code, *acct, *text;
	char ibuf[32], when[32] = "", url[256] = "";

	il = json_object_get(doc, "instaloader");
	if (!json_is_object(node) || !json_is_object(il))
		return err_set(NETRA_EINVALID, "expected an instaloader object "
		                               "with node and instaloader");
	type = str(il, "node_type");
	if (type && strcmp(type, "Post") != 0)
		return 0; /* a Profile or a Hashtag: no post in it */
	id = ingest_get_id(node, "id", ibuf, sizeof(ibuf));
	acct = str(json_object_get(node, "owner"), "username");
	if (!id || !acct)
		return ingest_items_add(out, NULL, json_incref(node), "node",
		                        "missing %s",
		                        id ? "owner.username" : "id");
	if (unix_time(when, sizeof(when), node, "taken_at_timestamp") < 0)
		return ingest_items_add(out, NULL, json_incref(node), "node",
		                        "taken_at_timestamp: expected Unix "
		                        "seconds");
	edges = json_object_get(json_object_get(node, "edge_media_to_caption"),
	                        "edges");
	text = str(json_object_get(json_array_get(edges, 0), "node"), "text");
	if ((code = str(node, "shortcode")))
		snprintf(url, sizeof(url), "https://www.instagram.com/p/%s/",
		         code);
	if (!(ev = json_object()))
		return err_oom();
	edges = json_object_get(
	    json_object_get(node, "edge_sidecar_to_children"), "edges");
	json_array_foreach(edges, i, e)
	{
		if (ingest_add_media(ev, str(json_object_get(e, "node"),
		                             "display_url"))) {
			json_decref(ev);
			return err_oom();
		}
	}
	if (!json_object_get(ev, "media") &&
	    ingest_add_media(ev, str(node, "display_url"))) {
		json_decref(ev);
		return err_oom();
	}
	return add(out, ev, json_incref(node), "node", "instagram", id, acct,
	           when, text, url);
}
