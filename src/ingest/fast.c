/*
 * ingest/fast.c - a fast path for the common Event line, tried by
 * netra_event_parser_parse before jansson.
 *
 * jansson builds a tree of the whole line (an allocation per value) and
 * was 60% of `netra check`'s time and 39% of ingest's (docs/ingest.md,
 * docs/engine.md). An Event line is flat: one object of string fields and
 * a target object of strings, media objects of strings. This scanner reads such
 * a line in one pass with no allocation but the field copies, and accepts it
 * only when it is certain that jansson and the strict rules would accept it and
 * read the same fields; anything else - a key or value it does not handle
 * (nested values in unknown keys, numbers it cannot vouch for, null, \u0000 or
 * a lone surrogate, invalid UTF-8, a duplicate key, any syntax error or rule
 * failure) - goes to the jansson path, which gives the reasons and messages.
 * fuzz/fuzz_event_fast.c checks on arbitrary bytes that every line accepted
 * here is accepted by the jansson path with the same event.
 */
#include <stdint.h>
#include <string.h>

#include "ingest/ingest_int.h"
#include "netra/registry.h"

#define FAST_MAX_KEYS 32

enum {
	K_PLATFORM,
	K_ID,
	K_TYPE,
	K_ACCOUNT,
	K_CREATED,
	K_TEXT,
	K_URL,
	K_TARGET,
	K_MEDIA,
	K__COUNT
};

struct scan {
	const unsigned char *s, *end;
	struct arena *arena;
};

static void ws(struct scan *c)
{
	while (c->s < c->end && (*c->s == ' ' || *c->s == '\t' ||
	                         *c->s == '\n' || *c->s == '\r'))
		c->s++;
}

static int hex4(const unsigned char *p, const unsigned char *end)
{
	int v = 0, i, h;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((h = sbuf_hex_value(p[i])) < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Whether the 8 bytes at p may hold a byte that ends a plain run of a
 * JSON string: '"', '\\', a control character or a non-ASCII byte (no
 * such byte is ever missed; a borrow may flag a plain run, which the
 * byte loop then reads). */
static inline int special8(const unsigned char *p)
{
	const uint64_t lo = 0x0101010101010101ull, hi = 0x8080808080808080ull;
	uint64_t x, q, b;

	memcpy(&x, p, 8);
	q = x ^ (lo * '"');
	b = x ^ (lo * '\\');
	return (((x - lo * 0x20) | (q - lo) | (b - lo) | x) & hi) != 0;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, at most U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n = (size_t)(end - p);

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((p[0] == 0xE0 && p[1] < 0xA0) ||
		    (p[0] == 0xED && p[1] > 0x9F))
			return 0;
		return 3;
	}
	if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if ((p[0] == 0xF0 && p[1] < 0x90) ||
		    (p[0] == 0xF4 && p[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

static size_t put_utf8(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Reads a string (at its opening quote). With out, decodes it into the
 * arena (NUL-terminated); without, only checks it. raw: no escape may
 * appear (keys). 0, or -1 for anything the fast path does not vouch for. */
static int str(struct scan *c, netra_str *out, int raw)
{
	const unsigned char *p = c->s + 1, *start = p;
	unsigned char *o = NULL;
	size_t k;
	int v, lo;

	if (c->s >= c->end || *c->s != '"')
		return -1;
	while (p < c->end && *p != '"' && *p != '\\') { /* the common run */
		if (c->end - p >= 8 && !special8(p)) {
			p += 8;
			continue;
		}
		if (*p >= 0x20 && *p < 0x80) {
			p++;
			continue;
		}
		if (*p < 0x20 || !(k = utf8_len(p, c->end)))
			return -1;
		p += k;
	}
	if (p < c->end && *p == '\\' && raw)
		return -1;
	if (out) {
		/* decoding never grows the text */
		size_t cap = (size_t)(c->end - start) + 1;
		if (!(o = arena_alloc(c->arena, cap)))
			return -1;
		memcpy(o, start, (size_t)(p - start));
		out->s = (const char *)o;
		o += p - start;
	}
	while (p < c->end && *p != '"') {
		if (*p == '\\') {
			if (++p >= c->end)
				return -1;
			switch (*p) {
			case '"':
			case '\\':
			case '/':
				v = *p;
				break;
			case 'b':
				v = '\b';
				break;
			case 'f':
				v = '\f';
				break;
			case 'n':
				v = '\n';
				break;
			case 'r':
				v = '\r';
				break;
			case 't':
				v = '\t';
				break;
			case 'u':
				if ((v = hex4(p + 1, c->end)) <= 0)
					return -1; /* also \u0000 */
				p += 4;
				if (v >= 0xDC00 && v <= 0xDFFF)
					return -1;
				if (v >= 0xD800 && v <= 0xDBFF) {
					if (c->end - p < 7 || p[1] != '\\' ||
					    p[2] != 'u' ||
					    (lo = hex4(p + 3, c->end)) <
					        0xDC00 ||
					    lo > 0xDFFF)
						return -1;
					v = 0x10000 + ((v - 0xD800) << 10) +
					    (lo - 0xDC00);
					p += 6;
				}
				if (o)
					o += put_utf8(o, (uint32_t)v);
				p++;
				continue;
			default:
				return -1;
			}
			if (o)
				*o++ = (unsigned char)v;
			p++;
			continue;
		}
		if (*p < 0x20 || !(k = utf8_len(p, c->end)))
			return -1;
		if (o)
			memcpy(o, p, k), o += k;
		p += k;
	}
	if (p >= c->end)
		return -1;
	if (out) {
		*o = '\0';
		out->len = (size_t)(o - (const unsigned char *)out->s);
	}
	c->s = p + 1;
	return 0;
}

/* A scalar of an unknown key: a string, a short plain number (no
 * exponent, at most 15 characters: jansson takes it), true or false. */
static int scalar(struct scan *c)
{
	const unsigned char *p = c->s;
	size_t n;

	if (p >= c->end)
		return -1;
	if (*p == '"')
		return str(c, NULL, 0);
	if (c->end - p >= 4 && memcmp(p, "true", 4) == 0) {
		c->s += 4;
		return 0;
	}
	if (c->end - p >= 5 && memcmp(p, "false", 5) == 0) {
		c->s += 5;
		return 0;
	}
	if (*p == '-')
		p++;
	if (p >= c->end || *p < '0' || *p > '9')
		return -1;
	if (*p == '0' && p + 1 < c->end && p[1] >= '0' && p[1] <= '9')
		return -1;
	while (p < c->end && *p >= '0' && *p <= '9')
		p++;
	if (p < c->end && *p == '.') {
		if (++p >= c->end || *p < '0' || *p > '9')
			return -1;
		while (p < c->end && *p >= '0' && *p <= '9')
			p++;
	}
	n = (size_t)(p - c->s);
	if (n > 15 || (p < c->end && (*p == 'e' || *p == 'E')))
		return -1;
	c->s = p;
	return 0;
}

/* Remembers key k of an object; -1 when it was seen (jansson refuses
 * duplicate keys) or there are too many to track. */
static int seen(netra_str *keys, size_t *n, const netra_str *k)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (keys[i].len == k->len &&
		    memcmp(keys[i].s, k->s, k->len) == 0)
			return -1;
	if (*n == FAST_MAX_KEYS)
		return -1;
	keys[(*n)++] = *k;
	return 0;
}

static int object(struct scan *c, const char *const *names, size_t n,
                  netra_str *vals, netra_event_parser *top);

/* "media": an array of objects of url, sha256 and ocr_text strings,
 * appended to p->media. */
static int media(struct scan *c, netra_event_parser *p)
{
	static const char *const names[] = {"url", "sha256", "ocr_text"};
	netra_str v[3];
	netra_media m;

	if (c->s >= c->end || *c->s != '[')
		return -1;
	c->s++;
	ws(c);
	if (c->s < c->end && *c->s == ']') {
		c->s++;
		return 0;
	}
	for (;;) {
		memset(v, 0, sizeof(v));
		if (object(c, names, 3, v, NULL))
			return -1;
		memset(&m, 0, sizeof(m));
		m.url = v[0];
		m.sha256 = v[1];
		m.ocr_text = v[2];
		if (VEC_PUSH(&p->media, m))
			return -1;
		ws(c);
		if (c->s < c->end && *c->s == ',') {
			c->s++;
			ws(c);
			continue;
		}
		if (c->s < c->end && *c->s == ']') {
			c->s++;
			return 0;
		}
		return -1;
	}
}

/* Reads an object of string values into the fields named by names
 * (count n, vals[i] set when present); other keys may hold scalars. top:
 * the Event itself (with its parser), whose "target" is an object of the
 * 3 names after names[n) and whose "media" go to top->media. */
static int object(struct scan *c, const char *const *names, size_t n,
                  netra_str *vals, netra_event_parser *top)
{
	netra_str keys[FAST_MAX_KEYS], k;
	size_t nk = 0, i;

	if (c->s >= c->end || *c->s != '{')
		return -1;
	c->s++;
	ws(c);
	if (c->s < c->end && *c->s == '}') {
		c->s++;
		return 0;
	}
	for (;;) {
		k.s = (const char *)c->s + 1;
		if (str(c, NULL, 1))
			return -1;
		k.len = (size_t)((const char *)c->s - k.s) - 1;
		if (seen(keys, &nk, &k))
			return -1;
		ws(c);
		if (c->s >= c->end || *c->s++ != ':')
			return -1;
		ws(c);
		for (i = 0; i < n; i++)
			if (k.len && names[i][0] == k.s[0] &&
			    strlen(names[i]) == k.len &&
			    memcmp(names[i], k.s, k.len) == 0)
				break;
		if (i < n && top && i == K_TARGET) {
			/* the target's own names follow the top-level ones */
			if (object(c, names + n, 3, vals + n, NULL))
				return -1;
		} else if (i < n && top && i == K_MEDIA) {
			if (media(c, top))
				return -1;
		} else if (i < n) {
			if (str(c, &vals[i], 0))
				return -1;
		} else if (scalar(c)) {
			return -1; /* a nested or odd value */
		}
		ws(c);
		if (c->s < c->end && *c->s == ',') {
			c->s++;
			ws(c);
			continue;
		}
		if (c->s < c->end && *c->s == '}') {
			c->s++;
			return 0;
		}
		return -1;
	}
}

int ingest_event_fast(netra_event_parser *p, const char *line, size_t n,
                      const netra_event **out)
{
	static const char *const names[K__COUNT + 3] = {
	    "platform", "id",     "type",  "account", "created_at", "text",
	    "url",      "target", "media", "account", "id",         "text",
	};
	netra_str v[K__COUNT + 3];
	struct scan c = {(const unsigned char *)line,
	                 (const unsigned char *)line + n, &p->arena};
	netra_event *ev = &p->ev;
	const char *pn;

	memset(v, 0, sizeof(v));
	ws(&c);
	if (object(&c, names, K__COUNT, v, p))
		return 0;
	ws(&c);
	if (c.s != c.end || !v[K_PLATFORM].s || !v[K_ID].s || !v[K_TYPE].s ||
	    !v[K_ACCOUNT].s || !v[K_PLATFORM].len || !v[K_ID].len ||
	    !v[K_TYPE].len || !v[K_ACCOUNT].len)
		return 0;
	if (!(pn =
	          netra_platform_canonical(v[K_PLATFORM].s, v[K_PLATFORM].len)))
		return 0;
	ev->platform.s = pn;
	ev->platform.len = strlen(pn);
	ev->id = v[K_ID];
	if (netra_event_type_parse(&ev->type, v[K_TYPE].s, v[K_TYPE].len))
		return 0;
	ev->account = v[K_ACCOUNT];
	ev->created_at = v[K_CREATED];
	if (ev->created_at.s &&
	    ingest_parse_time(&ev->created_ts, ev->created_at.s,
	                      ev->created_at.len))
		return 0;
	ev->text = v[K_TEXT];
	ev->url = v[K_URL];
	ev->target.account = v[K__COUNT];
	ev->target.id = v[K__COUNT + 1];
	ev->target.text = v[K__COUNT + 2];
	if (ingest_event_rules(p, ev))
		return 0;
	ev->media = p->media.len ? p->media.items : NULL;
	ev->media_count = p->media.len;
	*out = ev;
	return 1;
}
