/*
 * util/redact.c - URL user information and known secrets taken out of
 * text before it is stored or printed (see redact.h).
 */
#include "util/redact.h"

#include <stdlib.h>
#include <string.h>

#include "util/sbuf.h"

/* The length of the user information after "://" at p (up to its '@'),
 * or 0 when the authority has none. */
static size_t userinfo_len(const char *p)
{
	size_t n = strcspn(p, "@/?# \t\r\n\"'<>");

	return p[n] == '@' ? n : 0;
}

/* Appends n bytes of s to out[*k], keeping room for the NUL. */
static void put(char *out, size_t size, size_t *k, const char *s, size_t n)
{
	if (*k + 1 >= size)
		return;
	if (n > size - 1 - *k)
		n = size - 1 - *k;
	memcpy(out + *k, s, n);
	*k += n;
}

char *redact_urls(char *out, size_t size, const char *text,
                  const char *secret)
{
	size_t k = 0, sl = secret ? strlen(secret) : 0;
	const char *p = text ? text : "";

	if (!size)
		return out;
	while (*p) {
		if (sl && strncmp(p, secret, sl) == 0) {
			put(out, size, &k, "***", 3);
			p += sl;
		} else if (strncmp(p, "://", 3) == 0 && userinfo_len(p + 3)) {
			put(out, size, &k, "://***", 6);
			p += 3 + userinfo_len(p + 3);
		} else {
			put(out, size, &k, p, 1);
			p++;
		}
	}
	out[k] = '\0';
	return out;
}

/* A malloc'd copy of s[0, n) with %XX escapes decoded (as a URL's user
 * information is written). */
static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	size_t i, k = 0;

	if (!d)
		return NULL;
	for (i = 0; i < n; i++) {
		int hi = i + 2 < n ? sbuf_hex_value((unsigned char)s[i + 1]) : -1;
		int lo = i + 2 < n ? sbuf_hex_value((unsigned char)s[i + 2]) : -1;

		if (s[i] == '%' && hi >= 0 && lo >= 0) {
			d[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			d[k++] = s[i];
		}
	}
	d[k] = '\0';
	return d;
}

int redact_split_url(char *clean, size_t size, char **user, char **password,
                     const char *url)
{
	const char *auth = strstr(url, "://"), *colon;
	size_t n, head;

	*user = *password = NULL;
	if (strlen(url) >= size)
		return -1;
	memcpy(clean, url, strlen(url) + 1);
	if (!auth || !(n = userinfo_len(auth + 3)))
		return 0;
	head = (size_t)(auth + 3 - url);
	colon = memchr(auth + 3, ':', n);
	*user = dup_n(auth + 3, colon ? (size_t)(colon - auth - 3) : n);
	if (colon)
		*password = dup_n(colon + 1, n - (size_t)(colon - auth - 3) - 1);
	if (!*user || (colon && !*password)) {
		free(*user);
		free(*password);
		*user = *password = NULL;
		return -1;
	}
	/* the URL without "user[:password]@" */
	memmove(clean + head, clean + head + n + 1, strlen(clean + head + n + 1) + 1);
	return 1;
}
