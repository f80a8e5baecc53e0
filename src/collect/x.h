/*
 * collect/x.h - the X API v2 module's response parsers, apart from its
 * requests so that unit tests and the fuzz target (fuzz/fuzz_collect_x.c)
 * feed them bodies directly. Each reads one response body (n bytes, any
 * bytes) and returns 0, or NETRA_EINVALID with a reason that names the
 * route; none trusts a field's type or size. docs/collect.md lists the
 * routes and the fields read.
 */
#ifndef NETRA_COLLECT_X_H
#define NETRA_COLLECT_X_H

#include "collect/collector.h"

/* GET /2/users/by/username/:username or /2/users/:id, status the HTTP
 * status: the user's id, username (lower-cased) and protected flag, or
 * the error objects that say suspended (SUSPENDED) or not found (GONE). */
int collect_x_parse_user(struct collect_profile *out, long status,
                         const char *body, size_t n);

/* GET /2/users/:id/tweets: checks the page and moves page->cursor
 * (meta.newest_id into top, meta.next_token into page, top into since
 * when the walk ends). The body itself is ingested as an X response. */
int collect_x_parse_timeline(struct collect_page *page, const char *body,
                             size_t n);

/* GET /2/users/:id/liked_tweets (follows 0) or /2/users/:id/following
 * (follows 1): appends one like or follow Event line per item to
 * page->body (ids like:<uid>:<tweet id>, follow:<uid>:<user id>; the
 * item kept under "x_tweet" / "x_user") and moves the cursor. */
int collect_x_parse_acts(struct collect_page *page, int follows,
                         const char *handle, const char *uid,
                         const char *body, size_t n);

/* GET /2/tweets?ids=...: appends a delete Event for each asked id that
 * an error object of type .../resource-not-found names (resource_type
 * tweet), seen gone at now. */
int collect_x_parse_gone(struct collect_page *page, const char *handle,
                         const char *const *ids, size_t nids, int64_t now,
                         const char *body, size_t n);

extern const struct collect_module collect_x_module;

#endif
