/*
 * web/decode.c - the decoders of what a browser or an API client sends:
 * query strings and urlencoded forms, Cookie headers, multipart/form-data
 * (the complaint form with its screenshot), JSON bodies, and the content
 * sniffing that decides whether an upload is an image. Everything here is
 * hostile input: lengths are bounded, decoded text must be UTF-8, and each
 * decoder has a libFuzzer target (fuzz/fuzz_web_*.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "netra/media.h"
#include "web/web_int.h"

/* True if s[0..n) is valid UTF-8 with no NUL. */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, len, k;
	unsigned cp;

	while (i < n) {
		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			len = 2, cp = s[i] & 0x1F;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF)
			len = 3, cp = s[i] & 0x0F;
		else if (s[i] >= 0xF0 && s[i] <= 0xF4)
			len = 4, cp = s[i] & 0x07;
		else
			return 0;
		if (len > n - i)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += len;
	}
	return 1;
}

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* Appends a parameter taking ownership of name and value (freed on
 * error). */
static int push(struct web_params *out, char *name, char *value, size_t vlen)
{
	struct web_param *items;

	if (!name || !value) {
		free(name);
		free(value);
		return err_oom();
	}
	if (out->len >= WEB_PARAMS_MAX) {
		free(name);
		free(value);
		return err_set(NETRA_EINVALID, "more than %d fields",
		               WEB_PARAMS_MAX);
	}
	items = realloc(out->items, (out->len + 1) * sizeof(*items));
	if (!items) {
		free(name);
		free(value);
		return err_oom();
	}
	out->items = items;
	memset(&items[out->len], 0, sizeof(items[0]));
	items[out->len].name = name;
	items[out->len].value = value;
	items[out->len].value_len = vlen;
	out->len++;
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) ('+' = space) into a new string. */
static int url_unescape(char **out, size_t *outlen, const char *s, size_t n)
{
	char *p = malloc(n + 1);
	size_t i, j = 0;
	int hi, lo;

	*out = NULL;
	if (!p)
		return err_oom();
	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			p[j++] = ' ';
		} else if (s[i] == '%') {
			if (i + 2 >= n) {
				free(p);
				return err_set(NETRA_EINVALID, "bad %%-escape");
			}
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0) {
				free(p);
				return err_set(NETRA_EINVALID, "bad %%-escape");
			}
			p[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			p[j++] = s[i];
		}
	}
	p[j] = '\0';
	if (!utf8_ok((unsigned char *)p, j)) {
		free(p);
		return err_set(NETRA_EINVALID, "field is not UTF-8 text");
	}
	*out = p;
	*outlen = j;
	return 0;
}

int web_form_decode(struct web_params *out, const char *s, size_t n)
{
	size_t i = 0, end, eq, nl, vl;
	char *name, *value;
	int rc;

	while (i < n) {
		for (end = i; end < n && s[end] != '&'; end++)
			;
		if (end > i) {
			for (eq = i; eq < end && s[eq] != '='; eq++)
				;
			if ((rc = url_unescape(&name, &nl, s + i, eq - i)))
				return rc;
			rc = eq < end ? url_unescape(&value, &vl, s + eq + 1,
			                             end - eq - 1)
			              : url_unescape(&value, &vl, "", 0);
			if (rc) {
				free(name);
				return rc;
			}
			if ((rc = push(out, name, value, vl)))
				return rc;
		}
		i = end + 1;
	}
	return 0;
}

/* RFC 6265 cookie-octet (and token characters for names). */
static int cookie_char(unsigned char c)
{
	return c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' &&
	       c != '\\';
}

int web_cookie_decode(struct web_params *out, const char *s, size_t n)
{
	size_t i = 0, a, b, eq;
	int rc;

	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == ';'))
			i++;
		for (a = i; i < n && s[i] != ';'; i++)
			;
		b = i;
		while (b > a && s[b - 1] == ' ')
			b--;
		for (eq = a; eq < b && s[eq] != '='; eq++)
			;
		if (eq == a || eq == b)
			continue; /* a pair without a name or '=' is ignored */
		{
			size_t k;
			int ok = 1;

			for (k = a; k < b; k++)
				if (k != eq && !cookie_char((unsigned char)s[k]))
					ok = 0;
			if (!ok)
				continue;
		}
		if ((rc = push(out, dupn(s + a, eq - a),
		               dupn(s + eq + 1, b - eq - 1), b - eq - 1)))
			return rc;
	}
	return 0;
}

/* The boundary of a multipart Content-Type into buf. */
static int multipart_boundary(char *buf, size_t size, const char *ctype)
{
	const char *p;
	size_t n = 0;

	if (!ctype || strncasecmp(ctype, "multipart/form-data", 19) != 0)
		return err_set(NETRA_EINVALID, "not multipart/form-data");
	p = strstr(ctype, "boundary=");
	if (!p)
		return err_set(NETRA_EINVALID, "multipart without a boundary");
	p += 9;
	if (*p == '"')
		p++;
	while (p[n] && p[n] != '"' && p[n] != ';' && p[n] != ' ')
		n++;
	if (n == 0 || n > 70 || n + 5 > size)
		return err_set(NETRA_EINVALID, "bad multipart boundary");
	memcpy(buf, "\r\n--", 4);
	memcpy(buf + 4, p, n);
	buf[n + 4] = '\0';
	return 0;
}

/* memmem that works on any bytes. */
static const char *find(const char *h, size_t hn, const char *nd, size_t nn)
{
	size_t i;

	if (nn == 0 || hn < nn)
		return NULL;
	for (i = 0; i + nn <= hn; i++)
		if (h[i] == nd[0] && memcmp(h + i, nd, nn) == 0)
			return h + i;
	return NULL;
}

/* Copies the value of attribute attr ("name", "filename") of a
 * Content-Disposition line into a new string, or NULL. */
static char *disposition_attr(const char *line, size_t n, const char *attr)
{
	size_t al = strlen(attr), i;
	const char *v;

	for (i = 0; i + al + 2 <= n; i++) {
		if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
		    strncasecmp(line + i, attr, al) == 0 && line[i + al] == '=' &&
		    line[i + al + 1] == '"') {
			v = line + i + al + 2;
			for (i = 0; v + i < line + n && v[i] != '"'; i++)
				;
			if (v + i >= line + n)
				return NULL;
			return dupn(v, i);
		}
	}
	return NULL;
}

/* Parses one part's headers [h, h+hn) and body [p, p+pn). */
static int multipart_part(struct web_params *out, const char *h, size_t hn,
                          const char *p, size_t pn)
{
	char *name = NULL, *filename = NULL, *ctype = NULL, *value;
	size_t i = 0, e;
	int rc = 0;

	while (i < hn) {
		for (e = i; e + 1 < hn && !(h[e] == '\r' && h[e + 1] == '\n'); e++)
			;
		if (e + 1 >= hn)
			e = hn;
		if (e - i > 20 &&
		    strncasecmp(h + i, "Content-Disposition:", 20) == 0) {
			free(name);
			free(filename);
			name = disposition_attr(h + i, e - i, "name");
			filename = disposition_attr(h + i, e - i, "filename");
		} else if (e - i > 13 &&
		           strncasecmp(h + i, "Content-Type:", 13) == 0) {
			free(ctype);
			ctype = dupn(h + i + 13, e - i - 13);
		}
		i = e + 2;
	}
	if (!name || !*name || !utf8_ok((unsigned char *)name, strlen(name)) ||
	    (filename && !utf8_ok((unsigned char *)filename, strlen(filename))) ||
	    (!filename && !utf8_ok((unsigned char *)p, pn))) {
		rc = err_set(NETRA_EINVALID, "bad multipart part");
		goto done;
	}
	value = dupn(p, pn);
	if ((rc = push(out, name, value, pn))) {
		name = NULL;
		goto done;
	}
	name = NULL;
	out->items[out->len - 1].filename = filename;
	out->items[out->len - 1].ctype = ctype;
	filename = ctype = NULL;
done:
	free(name);
	free(filename);
	free(ctype);
	return rc;
}

int web_multipart_decode(struct web_params *out, const char *ctype,
                         const char *body, size_t n)
{
	char delim[80];
	const char *p, *end = body + n, *next, *hend;
	size_t dl;
	int rc;

	if ((rc = multipart_boundary(delim, sizeof(delim), ctype)))
		return rc;
	dl = strlen(delim);
	/* the first delimiter has no CRLF before it */
	if (n < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0)
		return err_set(NETRA_EINVALID, "multipart body does not start "
		                               "with its boundary");
	p = body + dl - 2;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return err_set(NETRA_EINVALID, "bad multipart delimiter");
		p += 2;
		hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return err_set(NETRA_EINVALID, "multipart part without "
			                               "headers end");
		next = find(hend + 4, (size_t)(end - hend - 4), delim, dl);
		if (!next)
			return err_set(NETRA_EINVALID, "multipart part without "
			                               "closing boundary");
		if ((rc = multipart_part(out, p, (size_t)(hend - p) + 2,
		                         hend + 4,
		                         (size_t)(next - hend - 4))))
			return rc;
		p = next + dl;
	}
}

const struct web_param *web_param_get(const struct web_params *p,
                                      const char *name)
{
	size_t i;

	for (i = 0; p && i < p->len; i++)
		if (strcmp(p->items[i].name, name) == 0)
			return &p->items[i];
	return NULL;
}

const char *web_param_str(const struct web_params *p, const char *name)
{
	const struct web_param *x = web_param_get(p, name);

	return x && !x->filename ? x->value : NULL;
}

void web_params_free(struct web_params *p)
{
	size_t i;

	for (i = 0; i < p->len; i++) {
		free(p->items[i].name);
		free(p->items[i].value);
		free(p->items[i].filename);
		free(p->items[i].ctype);
	}
	free(p->items);
	p->items = NULL;
	p->len = 0;
}

const char *web_sniff_image(const void *data, size_t n)
{
	netra_image_type t = netra_image_sniff(data, n);

	return t == NETRA_IMG_NONE ? NULL : netra_image_mime(t);
}

/* Depth of nesting of a JSON text, counted outside strings. */
static int json_depth_ok(const char *s, size_t n, int max)
{
	int depth = 0, in_str = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (in_str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_str = 0;
		} else if (s[i] == '"') {
			in_str = 1;
		} else if (s[i] == '{' || s[i] == '[') {
			if (++depth > max)
				return 0;
		} else if (s[i] == '}' || s[i] == ']') {
			depth--;
		}
	}
	return 1;
}

int web_json_decode(json_t **out, const char *body, size_t n)
{
	json_error_t e;

	*out = NULL;
	if (!json_depth_ok(body, n, 32))
		return err_set(NETRA_EINVALID, "JSON nested deeper than 32");
	*out = json_loadb(body, n, JSON_REJECT_DUPLICATES, &e);
	if (!*out)
		return err_set(NETRA_EINVALID, "line %d column %d: %s", e.line,
		               e.column, e.text);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return err_set(NETRA_EINVALID, "line 1 column 1: the body must "
		                               "be a JSON object");
	}
	return 0;
}
