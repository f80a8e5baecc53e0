/*
 * util/sbuf.c - growable byte strings and the escaping appenders (JSON,
 * HTML) every writer of outside-visible text goes through.
 */
#include "util/sbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/common.h"

int sbuf_grow(struct sbuf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return NETRA_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p)
		return NETRA_ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

int sbuf_append(struct sbuf *b, const void *p, size_t n)
{
	if (sbuf_grow(b, n))
		return NETRA_ENOMEM;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int sbuf_puts(struct sbuf *b, const char *s)
{
	return sbuf_append(b, s, strlen(s));
}

int sbuf_putc(struct sbuf *b, char c)
{
	return sbuf_append(b, &c, 1);
}

int sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || sbuf_grow(b, (size_t)n))
		return NETRA_ENOMEM;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sbuf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_valid_len(const unsigned char *s, size_t n);

int sbuf_hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t sbuf_utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n && (k = utf8_valid_len(p + i, n - i)) > 0)
		i += k;
	return i;
}

static size_t utf8_valid_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int sbuf_json_escape(struct sbuf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, k;
	char esc[8];

	while (i < n) {
		unsigned c = p[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80 && (k = utf8_valid_len(p + i, n - i)) > 0) {
			i += k;
			continue;
		}
		if (sbuf_append(b, p + run, i - run))
			return NETRA_ENOMEM;
		if (c == '"' || c == '\\') {
			esc[0] = '\\', esc[1] = (char)c;
			k = 2;
		} else if (c == '\n') {
			memcpy(esc, "\\n", 2), k = 2;
		} else if (c == '\t') {
			memcpy(esc, "\\t", 2), k = 2;
		} else if (c == '\r') {
			memcpy(esc, "\\r", 2), k = 2;
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			k = 6;
		} else {
			memcpy(esc, "\xEF\xBF\xBD", 3), k = 3; /* U+FFFD */
		}
		if (sbuf_append(b, esc, k))
			return NETRA_ENOMEM;
		run = ++i;
	}
	return sbuf_append(b, p + run, n - run);
}

int sbuf_json_str(struct sbuf *b, const char *s, size_t n)
{
	if (sbuf_putc(b, '"') || sbuf_json_escape(b, s, n) || sbuf_putc(b, '"'))
		return NETRA_ENOMEM;
	return 0;
}

void sbuf_clear(struct sbuf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *sbuf_detach(struct sbuf *b)
{
	char *p = b->data;

	if (!p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void sbuf_free(struct sbuf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
