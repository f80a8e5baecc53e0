/*
 * ingest/event.c - the Event of DESIGN.md: type names, the generic JSON
 * parser and validator (netra_event_parser), and ISO 8601 times.
 *
 * One parser is reused for every line: jansson parses the text, the
 * event's strings borrow from the parsed JSON (kept until the next parse)
 * and the few derived strings (normalised handles, raw) go in an arena
 * reset per event. Platform importers build an Event-shaped JSON object
 * and come through ingest_event_from_json(), so every format is validated
 * by the same rules.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest_int.h"
#include "netra/registry.h"
#include "util/civiltime.h"
#include "util/error.h"

static const char *const type_names[NETRA_EV__COUNT] = {
    "post", "repost", "quote", "comment", "like", "follow", "delete",
};

const char *netra_event_type_name(netra_event_type t)
{
	if ((unsigned)t >= NETRA_EV__COUNT)
		return "?";
	return type_names[t];
}

int netra_event_type_parse(netra_event_type *out, const char *s, size_t n)
{
	int i;

	*out = NETRA_EV_POST;
	for (i = 0; i < NETRA_EV__COUNT; i++) {
		if (strlen(type_names[i]) == n &&
		    memcmp(type_names[i], s, n) == 0) {
			*out = (netra_event_type)i;
			return 0;
		}
	}
	return err_set(NETRA_EINVALID, "unknown type '%.*s'",
	               (int)(n > 32 ? 32 : n), s);
}

int netra_event_parser_new(netra_event_parser **out)
{
	netra_event_parser *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return err_oom();
	*out = p;
	return 0;
}

void netra_event_parser_free(netra_event_parser *p)
{
	if (!p)
		return;
	json_decref(p->root);
	arena_free(&p->arena);
	VEC_FREE(&p->media);
	free(p);
}

/* ---- times ----------------------------------------------------------- */

/* Reads exactly k digits at s[*i]; -1 if they are not there. */
static int digits(const char *s, size_t n, size_t *i, int k)
{
	int v = 0;

	if (*i + (size_t)k > n)
		return -1;
	while (k--) {
		char c = s[(*i)++];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	return v;
}

static int time_bad(const char *s, size_t n, const char *why)
{
	return err_set(NETRA_EINVALID, "created_at '%.*s': %s",
	               (int)(n > 40 ? 40 : n), s, why);
}

static int parse_offset(int *out, const char *s, size_t n, size_t *i)
{
	int sign, oh, om = 0;

	*out = 0;
	if (*i < n && s[*i] == 'Z') {
		(*i)++;
		return 0;
	}
	if (*i >= n || (s[*i] != '+' && s[*i] != '-'))
		return time_bad(s, n, "needs a UTC offset (Z or +07:00)");
	sign = s[(*i)++] == '-' ? -1 : 1;
	if ((oh = digits(s, n, i, 2)) < 0)
		return time_bad(s, n, "bad UTC offset");
	if (*i < n && s[*i] == ':')
		(*i)++;
	if (*i < n && (om = digits(s, n, i, 2)) < 0)
		return time_bad(s, n, "bad UTC offset");
	if (oh > 14 || om > 59)
		return time_bad(s, n, "UTC offset out of range");
	*out = sign * (oh * 3600 + om * 60);
	return 0;
}

int ingest_parse_time(int64_t *out, const char *s, size_t n)
{
	size_t i = 0;
	int y, mo, d, h, mi, se, off, rc;

	*out = 0;
	if ((y = digits(s, n, &i, 4)) < 0 || i >= n || s[i++] != '-' ||
	    (mo = digits(s, n, &i, 2)) < 0 || i >= n || s[i++] != '-' ||
	    (d = digits(s, n, &i, 2)) < 0)
		return time_bad(s, n, "expected YYYY-MM-DDTHH:MM:SS+HH:MM");
	if (i >= n || (s[i] != 'T' && s[i] != ' '))
		return time_bad(s, n, "needs a time of day");
	i++;
	if ((h = digits(s, n, &i, 2)) < 0 || i >= n || s[i++] != ':' ||
	    (mi = digits(s, n, &i, 2)) < 0 || i >= n || s[i++] != ':' ||
	    (se = digits(s, n, &i, 2)) < 0)
		return time_bad(s, n, "expected HH:MM:SS");
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		size_t f = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f)
			return time_bad(s, n, "empty fraction of a second");
	}
	if ((rc = parse_offset(&off, s, n, &i)))
		return rc;
	if (i != n)
		return time_bad(s, n, "unexpected text after the offset");
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 ||
	    d > civil_month_days(y, mo) || h > 23 || mi > 59 || se > 60)
		return time_bad(s, n, "date or time out of range");
	if (se == 60)
		se = 59; /* a leap second: keep it inside its minute */
	*out = civil_day_start(civil_days(y, mo, d), off) + h * 3600 + mi * 60 +
	       se;
	return 0;
}

void ingest_format_time(char *buf, size_t size, int64_t t)
{
	char iso[32];

	civil_time_format(iso, sizeof(iso), t, 0); /* ...+00:00 */
	snprintf(buf, size, "%.19sZ", iso);
}

/* ---- fields ---------------------------------------------------------- */

/* obj[key] as a string slice. Absent or null leaves *out empty;
 * another type is an error naming path. */
static int get_str(netra_str *out, json_t *obj, const char *key,
                   const char *path)
{
	json_t *v = json_object_get(obj, key);

	out->s = NULL;
	out->len = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_set(NETRA_EINVALID, "%s: expected a string", path);
	out->s = json_string_value(v);
	out->len = json_string_length(v);
	return 0;
}

/* An id: a non-empty string, or an integer (kept as its decimal text). */
static int get_id(netra_event_parser *p, netra_str *out, json_t *obj,
                  const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);
	char buf[32];
	int n;

	out->s = NULL;
	out->len = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		n = snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
		             json_integer_value(v));
		if (!(out->s = arena_strndup(&p->arena, buf, (size_t)n)))
			return err_oom();
		out->len = (size_t)n;
		return 0;
	}
	if (!json_is_string(v))
		return err_set(NETRA_EINVALID, "%s: expected a string", path);
	out->s = json_string_value(v);
	out->len = json_string_length(v);
	return 0;
}

/* Normalises a handle in place into the arena (see registry.h). */
static int norm_handle(netra_event_parser *p, netra_str *h,
                       const char *platform, const char *path)
{
	size_t cap = NETRA_HANDLE_MAX + 1;
	char *buf;
	int rc;

	if (!h->s)
		return 0;
	if (!(buf = arena_alloc(&p->arena, cap)))
		return err_oom();
	rc = netra_handle_normalize_loose(buf, cap, platform, h->s, h->len);
	if (rc < 0)
		return err_wrap(NETRA_EINVALID, "%s", path);
	if (buf[0] == '\0')
		return err_set(NETRA_EINVALID, "%s: empty handle", path);
	h->s = buf;
	h->len = strlen(buf);
	return 0;
}

static int parse_media(netra_event_parser *p, json_t *arr)
{
	char path[40];
	size_t i;
	json_t *m;
	int rc;

	VEC_CLEAR(&p->media);
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return err_set(NETRA_EINVALID, "media: expected an array");
	json_array_foreach(arr, i, m)
	{
		netra_media md;
		memset(&md, 0, sizeof(md));
		snprintf(path, sizeof(path), "media[%zu]", i);
		if (!json_is_object(m))
			return err_set(NETRA_EINVALID, "%s: expected an object",
			               path);
		if ((rc = get_str(&md.url, m, "url", path)) ||
		    (rc = get_str(&md.sha256, m, "sha256", path)) ||
		    (rc = get_str(&md.ocr_text, m, "ocr_text", path)))
			return rc;
		if (VEC_PUSH(&p->media, md))
			return err_oom();
	}
	return 0;
}

static int parse_target(netra_event_parser *p, netra_event *ev, json_t *t)
{
	int rc;

	if (!t || json_is_null(t))
		return 0;
	if (!json_is_object(t))
		return err_set(NETRA_EINVALID, "target: expected an object");
	if ((rc = get_str(&ev->target.account, t, "account",
	                  "target.account")) ||
	    (rc = get_id(p, &ev->target.id, t, "id", "target.id")) ||
	    (rc = get_str(&ev->target.text, t, "text", "target.text")))
		return rc;
	if (ev->target.account.s && ev->target.account.len)
		return norm_handle(p, &ev->target.account, ev->platform.s,
		                   "target.account");
	ev->target.account.s = NULL;
	ev->target.account.len = 0;
	return 0;
}

/* What each type needs of its target. */
static int check_target(const netra_event *ev)
{
	const char *tn = netra_event_type_name(ev->type);
	int has_id = ev->target.id.len > 0;
	int has_acct = ev->target.account.len > 0;

	switch (ev->type) {
	case NETRA_EV_POST:
		return 0;
	case NETRA_EV_FOLLOW:
		if (!has_acct)
			return err_set(NETRA_EINVALID,
			               "type follow needs target.account");
		return 0;
	case NETRA_EV_DELETE:
		if (!has_id)
			return err_set(NETRA_EINVALID,
			               "type delete needs target.id");
		return 0;
	default:
		if (!has_id && !has_acct)
			return err_set(NETRA_EINVALID,
			               "type %s needs a target (id or account)",
			               tn);
		return 0;
	}
}

static int required(const netra_str *s, const char *what)
{
	if (!s->s)
		return err_set(NETRA_EINVALID, "missing %s", what);
	if (s->len == 0)
		return err_set(NETRA_EINVALID, "empty %s", what);
	return 0;
}

/* Fills p->ev from obj (already held in p->root). */
static int fill_event(netra_event_parser *p, json_t *obj)
{
	netra_event *ev = &p->ev;
	netra_str plat, type;
	const char *pn;
	int rc;

	if (!json_is_object(obj))
		return err_set(NETRA_EINVALID, "expected a JSON object");
	if ((rc = get_str(&plat, obj, "platform", "platform")) ||
	    (rc = required(&plat, "platform")))
		return rc;
	if (!(pn = netra_platform_canonical(plat.s, plat.len)))
		return err_set(NETRA_EINVALID, "unknown platform '%.*s'",
		               (int)(plat.len > 32 ? 32 : plat.len), plat.s);
	ev->platform.s = pn;
	ev->platform.len = strlen(pn);
	if ((rc = get_id(p, &ev->id, obj, "id", "id")) ||
	    (rc = required(&ev->id, "id")))
		return rc;
	if ((rc = get_str(&type, obj, "type", "type")) ||
	    (rc = required(&type, "type")) ||
	    (rc = netra_event_type_parse(&ev->type, type.s, type.len)))
		return rc;
	if ((rc = get_str(&ev->account, obj, "account", "account")) ||
	    (rc = required(&ev->account, "account")) ||
	    (rc = norm_handle(p, &ev->account, pn, "account")))
		return rc;
	if ((rc = get_str(&ev->created_at, obj, "created_at", "created_at")))
		return rc;
	if (ev->created_at.s &&
	    (rc = ingest_parse_time(&ev->created_ts, ev->created_at.s,
	                            ev->created_at.len)))
		return rc;
	if ((rc = get_str(&ev->text, obj, "text", "text")) ||
	    (rc = get_str(&ev->url, obj, "url", "url")) ||
	    (rc = parse_target(p, ev, json_object_get(obj, "target"))) ||
	    (rc = parse_media(p, json_object_get(obj, "media"))))
		return rc;
	ev->media = p->media.len ? p->media.items : NULL;
	ev->media_count = p->media.len;
	return check_target(ev);
}

int ingest_event_rules(netra_event_parser *p, netra_event *ev)
{
	int rc;

	if ((rc = norm_handle(p, &ev->account, ev->platform.s, "account")))
		return rc;
	if (ev->target.account.s && ev->target.account.len) {
		if ((rc = norm_handle(p, &ev->target.account, ev->platform.s,
		                      "target.account")))
			return rc;
	} else {
		ev->target.account.s = NULL;
		ev->target.account.len = 0;
	}
	return check_target(ev);
}

void ingest_parser_reset(netra_event_parser *p)
{
	json_decref(p->root);
	p->root = NULL;
	arena_reset(&p->arena);
	memset(&p->ev, 0, sizeof(p->ev));
	VEC_CLEAR(&p->media);
}

int ingest_event_from_json(netra_event_parser *p, json_t *obj, const char *raw,
                           size_t rawn, const netra_event **out)
{
	int rc;

	*out = NULL;
	ingest_parser_reset(p);
	p->root = json_incref(obj);
	if (!(p->ev.raw.s = arena_strndup(&p->arena, raw, rawn)))
		return err_oom();
	p->ev.raw.len = rawn;
	if ((rc = fill_event(p, obj)))
		return rc;
	*out = &p->ev;
	return 0;
}

int ingest_event_parse_json(netra_event_parser *p, const char *line, size_t n,
                            const netra_event **out)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	*out = NULL;
	root = json_loadb(line, n, INGEST_JSON_FLAGS, &jerr);
	if (!root) {
		ingest_parser_reset(p);
		return err_set(NETRA_EINVALID, "not JSON: %s at column %d",
		               jerr.text, jerr.column);
	}
	rc = ingest_event_from_json(p, root, line, n, out);
	json_decref(root); /* p->root holds it */
	return rc;
}

int netra_event_parser_parse(netra_event_parser *p, const char *line, size_t n,
                             const netra_event **out)
{
	*out = NULL;
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
	                 line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	ingest_parser_reset(p);
	if (ingest_event_fast(p, line, n, out) == 1) {
		if (!(p->ev.raw.s = arena_strndup(&p->arena, line, n)))
			return err_oom();
		p->ev.raw.len = n;
		return 0;
	}
	return ingest_event_parse_json(p, line, n, out);
}
