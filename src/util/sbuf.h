/*
 * util/sbuf.h - a growable byte string (Redis's sds, kept simple).
 *
 * struct sbuf { data, len, cap }: data is always NUL-terminated once
 * anything was appended. A zeroed sbuf is empty and valid. Reuse one across
 * events with sbuf_clear() so steady-state code does not allocate. Free
 * with sbuf_free(). Append functions return 0 or NETRA_ENOMEM.
 */
#ifndef NETRA_UTIL_SBUF_H
#define NETRA_UTIL_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char *data;
	size_t len;
	size_t cap;
};

#define SBUF_INIT {NULL, 0, 0}

int sbuf_grow(struct sbuf *b, size_t extra);
int sbuf_append(struct sbuf *b, const void *p, size_t n);
int sbuf_puts(struct sbuf *b, const char *s);
int sbuf_putc(struct sbuf *b, char c);
int sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap);

/* Appends s as the body of a JSON string (no quotes), escaping ", \,
 * control characters; invalid UTF-8 bytes become U+FFFD. */
int sbuf_json_escape(struct sbuf *b, const char *s, size_t n);

/* Appends s as a quoted JSON string. */
int sbuf_json_str(struct sbuf *b, const char *s, size_t n);

/* The length of the longest valid UTF-8 prefix of s[0, n) (n when all of
 * it is valid; overlong forms, surrogates and code points past U+10FFFF
 * are invalid). */
size_t sbuf_utf8_valid_prefix(const char *s, size_t n);

/* The value of hexadecimal digit c (0-9, a-f, A-F), or -1. */
int sbuf_hex_value(int c);

/* Empties the buffer, keeping its memory. */
void sbuf_clear(struct sbuf *b);

/* Hands the NUL-terminated data to the caller (free with free()) and
 * empties the buffer. Returns an empty string on an empty buffer, NULL on
 * allocation failure. */
char *sbuf_detach(struct sbuf *b);

void sbuf_free(struct sbuf *b);

#endif
