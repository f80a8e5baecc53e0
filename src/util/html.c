/*
 * util/html.c - the escaping HTML writer (see html.h). The escaper walks
 * UTF-8 by hand so invalid sequences are replaced rather than passed to a
 * browser that might read them another way.
 */
#include "util/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "netra/common.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

int html_textn(struct sbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0, len;
	const char *rep;

	while (i < n) {
		rep = NULL;
		len = 1;
		switch (u[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' &&
			    u[i] != '\r')
				rep = "";
			else if (u[i] == 0x7F)
				rep = "";
			else if (u[i] >= 0x80 && !(len = utf8_len(u + i, n - i)))
				rep = "\xEF\xBF\xBD", len = 1;
		}
		if (!rep) {
			i += len;
			continue;
		}
		if (sbuf_append(b, s + run, i - run) || sbuf_puts(b, rep))
			return NETRA_ENOMEM;
		i += len;
		run = i;
	}
	return sbuf_append(b, s + run, n - run);
}

int html_text(struct sbuf *b, const char *s)
{
	return s ? html_textn(b, s, strlen(s)) : 0;
}

int html_raw(struct sbuf *b, const char *markup)
{
	return sbuf_puts(b, markup);
}

/* One conversion spec of fmt (after '%') copied into spec; returns the
 * conversion character and the length modifier class in *lmod. */
static char parse_spec(char *spec, size_t size, const char **fmt, int *lmod)
{
	const char *p = *fmt;
	size_t n = 1;

	spec[0] = '%';
	*lmod = 0;
	while (*p && strchr("-+ #0123456789.", *p) && n < size - 3)
		spec[n++] = *p++;
	while (*p && strchr("hlzjt", *p) && n < size - 2) {
		*lmod = *p == 'l' ? *lmod + 1 : (*p == 'z' ? 3 : *lmod);
		spec[n++] = *p++;
	}
	spec[n++] = *p;
	spec[n] = '\0';
	*fmt = *p ? p + 1 : p;
	return *p;
}

static int put_conv(struct sbuf *b, const char *spec, char conv, int lmod,
                    va_list *ap)
{
	if (conv == 's')
		return html_text(b, va_arg(*ap, const char *));
	if (strchr("fgeFGE", conv))
		return sbuf_printf(b, spec, va_arg(*ap, double));
	if (conv == 'c')
		return sbuf_printf(b, spec, va_arg(*ap, int));
	if (strchr("diuxXo", conv)) {
		if (lmod == 3)
			return sbuf_printf(b, spec, va_arg(*ap, size_t));
		if (lmod == 2)
			return sbuf_printf(b, spec, va_arg(*ap, long long));
		if (lmod == 1)
			return sbuf_printf(b, spec, va_arg(*ap, long));
		return sbuf_printf(b, spec, va_arg(*ap, int));
	}
	return conv == '%' ? sbuf_putc(b, '%') : NETRA_EINVALID;
}

int html_printf(struct sbuf *b, const char *fmt, ...)
{
	const char *pct;
	char spec[32], conv;
	va_list ap;
	int rc = 0, lmod;

	va_start(ap, fmt);
	while (!rc && *fmt) {
		pct = strchr(fmt, '%');
		if (!pct) {
			rc = sbuf_puts(b, fmt);
			break;
		}
		rc = sbuf_append(b, fmt, (size_t)(pct - fmt));
		fmt = pct + 1;
		conv = parse_spec(spec, sizeof(spec), &fmt, &lmod);
		if (!rc)
			rc = put_conv(b, spec, conv, lmod, &ap);
	}
	va_end(ap);
	return rc;
}

int html_attr(struct sbuf *b, const char *name, const char *value)
{
	if (sbuf_putc(b, ' ') || sbuf_puts(b, name) || sbuf_puts(b, "=\"") ||
	    html_text(b, value ? value : ""))
		return NETRA_ENOMEM;
	return sbuf_putc(b, '"');
}

int html_href(struct sbuf *b, const char *url)
{
	int ok = url && (strncmp(url, "http://", 7) == 0 ||
	                 strncmp(url, "https://", 8) == 0 ||
	                 (url[0] == '/' && url[1] != '/' && url[1] != '\\'));

	return html_attr(b, "href", ok ? url : "#");
}

int html_url_arg(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	int rc = 0;

	for (; !rc && *u; u++) {
		if ((*u >= 'A' && *u <= 'Z') || (*u >= 'a' && *u <= 'z') ||
		    (*u >= '0' && *u <= '9') || strchr("-._~", *u))
			rc = sbuf_putc(b, (char)*u);
		else
			rc = sbuf_putc(b, '%') || sbuf_putc(b, hex[*u >> 4]) ||
			     sbuf_putc(b, hex[*u & 15]);
	}
	return rc ? NETRA_ENOMEM : 0;
}
