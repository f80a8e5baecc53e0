/*
 * util/redact.h - keeping credentials out of what netra stores and
 * prints. A URL may carry a user and password ("smtp://user:pass@host");
 * every error message, log line and stored error that names a URL goes
 * through redact_urls() first, so a password given on a command line never
 * reaches the store, a terminal or a log.
 */
#ifndef NETRA_UTIL_REDACT_H
#define NETRA_UTIL_REDACT_H

#include <stddef.h>

/* Writes text into out (size bytes, always NUL-terminated, truncated if
 * need be) with the user information of every URL in it replaced by three
 * stars (smtp://user:pass@host:25 becomes smtp://STARS@host:25, STARS
 * being three '*'), and every occurrence of secret (when not NULL or
 * empty) replaced by three stars too. Returns out. */
char *redact_urls(char *out, size_t size, const char *text,
                  const char *secret);

/* Splits the user information off a URL: *user and *password get
 * malloc'd copies (NULL when absent; the caller frees both), and clean
 * (size bytes) the URL without it. Returns 1 if the URL carried any, 0
 * if not, -1 if clean is too small or out of memory. */
int redact_split_url(char *clean, size_t size, char **user, char **password,
                     const char *url);

#endif
