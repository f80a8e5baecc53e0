/*
 * util/html.h - the one HTML writer of netra (cgit's html_txt/html_attr
 * habit): every page of the web front end and the report's HTML are built
 * with it, so outside text (posts, names, reasons) is escaped unless the
 * code says otherwise in plain sight.
 *
 *   html_printf(b, "<td>%s</td>", name)   every %s is escaped as text
 *   html_attr(b, "value", s)              appends ` value="..."`, escaped
 *   html_href(b, url)                     ` href="..."`, http(s) or a
 *                                         local path only, else "#"
 *   html_raw(b, "<br>")                   trusted literal markup only
 *
 * Escaping: & < > " ' become entities (safe in text and in a quoted
 * attribute value); invalid UTF-8 becomes U+FFFD and C0 controls other
 * than tab, newline and CR are dropped, so a hostile post cannot break
 * the document's encoding. Every function returns 0 or NETRA_ENOMEM.
 */
#ifndef NETRA_UTIL_HTML_H
#define NETRA_UTIL_HTML_H

#include <stddef.h>

#include "util/sbuf.h"

/* Appends the n bytes of s escaped for HTML text or a quoted attribute. */
int html_textn(struct sbuf *b, const char *s, size_t n);

/* Same for a NUL-terminated string; NULL appends nothing. */
int html_text(struct sbuf *b, const char *s);

/* Appends trusted markup as is (literals of the program, never data). */
int html_raw(struct sbuf *b, const char *markup);

/* printf whose %s arguments are escaped as text (NULL prints nothing).
 * Integer and floating conversions (d i u x ld lld zu f ...) are as in
 * printf. There is no way to pass raw markup through %s: use html_raw. */
int html_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends ` name="value"` with value escaped (name is a literal). */
int html_attr(struct sbuf *b, const char *name, const char *value);

/* Appends ` href="url"` when url is http://, https:// or a local path
 * starting with one '/'; otherwise ` href="#"` (no javascript:, data:
 * or protocol-relative links from outside text). */
int html_href(struct sbuf *b, const char *url);

/* Appends s percent-encoded for a URL query value or path segment
 * (unreserved characters A-Z a-z 0-9 - . _ ~ kept). */
int html_url_arg(struct sbuf *b, const char *s);

#endif
