/*
 * web/web.h - `netra serve`: the web application (pages in Bahasa
 * Indonesia, server-rendered, no JavaScript needed) and the JSON API
 * (/api/v1) over the same store and engine as the command line.
 * docs/web.md describes the pages, docs/api.md the API.
 *
 * HTTP is libmicrohttpd's, with a pool of worker threads; each worker
 * opens its own store handle on first use; the engine (for the public
 * self-check) is shared read-only, each request borrows a judge of it,
 * and it is rebuilt off the request path when the profile, rulebook or
 * debunks change (web/engine.h). Sessions, CSRF tokens, rate-limit counters, API tokens and
 * public complaints live in the store (migration 009), so several servers
 * over one PostgreSQL store share them.
 */
#ifndef NETRA_WEB_WEB_H
#define NETRA_WEB_WEB_H

#include <stdint.h>

struct web_opts {
	const char *db_path;       /* the store (required) */
	const char *listen_addr;   /* IPv4 or IPv6 literal; "127.0.0.1" */
	unsigned port;             /* 8080 */
	unsigned threads;          /* worker threads; 0 = 4 */
	const char *trusted_proxy; /* address whose X-Forwarded-For is
	                            * believed; NULL = none */
	int secure_cookies;        /* cookies with Secure (behind TLS) */
	const char *election_path; /* profile for the self-check; NULL:
	                            * the last scan's (store meta) */
	const char *key_path;      /* evidence signing key (bundles); NULL:
	                            * bundle downloads are refused */
	unsigned refresh_seconds;  /* how often the self-check's inputs
	                            * are looked at (web/engine.h); 0 =
	                            * never */
	int quiet;                 /* no "listening on" line */
};

/* Serves until SIGINT or SIGTERM. Returns 0 after a clean stop, or a
 * negative NETRA_E* code (message set) when it could not start. */
int web_serve(const struct web_opts *o);

#endif
