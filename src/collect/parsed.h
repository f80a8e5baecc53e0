/*
 * collect/parsed.h - one platform API response, parsed: what the
 * platform modules (meta.c, tiktok.c, youtube.c) hand back to the
 * collector core for each HTTP answer they read.
 *
 * Each module's parsers are pure functions: the HTTP status, the body
 * text (and, for Meta, the usage headers) in; a struct collect_parsed
 * out. No I/O, no clock, no store: they are tested and fuzzed on text
 * alone (tests/collect/test_*.c, fuzz/fuzz_collect_*.c).
 *
 * What a response carries:
 *  - outcome: a page of events, or why there is none (rate limited, a
 *    quota spent, credentials refused, a transient fault, the account is
 *    no longer reachable, the request refused);
 *  - events: Event objects in the shape of DESIGN.md, each with two keys
 *    more that ingest keeps as unknown fields: "api" (which endpoint it
 *    came from) and "item" (the platform's own object, as received). The
 *    stored raw record is then the whole Event, so the evidence log's
 *    reading of it (netra_event_from_raw) gives back exactly this event;
 *  - next: the cursor of the next page, NULL when the listing ended;
 *  - what the platform said of the account (its stable id, its handle
 *    now, renamed / private / gone) and of the limits (retry_after,
 *    usage).
 */
#ifndef NETRA_COLLECT_RESPONSE_H
#define NETRA_COLLECT_RESPONSE_H

#include <jansson.h>

#include "collect/collector.h"
#include "netra/common.h"

enum collect_outcome {
	COLLECT_PAGE = 0,     /* events (possibly none) and maybe a next page */
	COLLECT_RATE_LIMITED, /* slow down: retry after retry_after seconds */
	COLLECT_QUOTA,        /* the day's quota is spent: stop until reset */
	COLLECT_AUTH,         /* credentials refused: stop this platform */
	COLLECT_TRANSIENT,    /* the platform's fault (5xx, timeout): retry */
	COLLECT_ACCOUNT,      /* the account is out of reach: see account
	                         (GONE also when the platform cannot tell a
	                         private account from a missing one; message
	                         says) */
	COLLECT_REFUSED       /* the request itself was refused: do not retry */
};

struct collect_parsed {
	enum collect_outcome outcome;
	collect_status account;
	json_t *events;   /* array of Event objects (own reference) */
	json_t *rejects;  /* array of {path, error, item}: items that give
	                     no event (own reference) */
	json_t *ids;      /* array of id strings a listing named, for a
	                     details request (YouTube), or NULL */
	json_t *missing;  /* ids asked for and not answered (deleted or
	                     private posts), or NULL */
	char *next;       /* next page's cursor, or NULL at the end */
	char *ref;        /* an id the next request needs (YouTube: the
	                     channel's uploads playlist), or NULL */
	char *account_id; /* the account's stable id, when the answer says */
	char *handle;     /* its handle now, when the answer says */
	long retry_after; /* seconds to wait, -1 when not said */
	int usage;        /* highest share of a limit used, percent; -1 */
	int http_status;
	char message[256]; /* the platform's words on an error */
};

/* Sets r to an empty page (no events, nothing known). r must be zeroed
 * or already reset. 0 or NETRA_ENOMEM. */
int collect_parsed_init(struct collect_parsed *r);

/* Frees what r holds and zeroes it. Accepts a zeroed r. */
void collect_parsed_clear(struct collect_parsed *r);

/* Sets the outcome with the platform's message (printf). Returns 0. */
int collect_parsed_fail(struct collect_parsed *r, enum collect_outcome outcome,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses body[0..n) as a JSON object into *out (own reference). 0, or
 * NETRA_EINVALID with "not JSON: reason at line L column C" (or "not a
 * JSON object"). */
int collect_json_parse(json_t **out, const char *body, size_t n);

/* Appends an Event object: the given fields (NULL or "" leaves one out),
 * "api" and "item" (item: a new reference is taken). type is an Event
 * type name. *ev (when not NULL) receives the object (borrowed from
 * r->events) so target and media can be added. 0 or NETRA_ENOMEM. */
int collect_event_add(struct collect_parsed *r, json_t **ev,
                      const char *platform, const char *id, const char *type,
                      const char *account, const char *created_at,
                      const char *text, const char *url, const char *api,
                      json_t *item);

/* Sets ev's target {account, id, text} (NULL leaves one out). 0 or
 * NETRA_ENOMEM. */
int collect_event_target(json_t *ev, const char *account, const char *id,
                         const char *text);

/* Records an item that gives no event. 0 or NETRA_ENOMEM. */
int collect_reject_add(struct collect_parsed *r, const char *path,
                       const char *error, json_t *item);

/* Sets *dst to a copy of s (freeing the old value); NULL or "" clears.
 * 0 or NETRA_ENOMEM. */
int collect_set(char **dst, const char *s);

/* The outcome of an HTTP status the body did not explain: 429 rate
 * limited, 401/403 auth, 404/410 account gone, other 4xx refused, 5xx
 * transient, else a page. */
enum collect_outcome collect_outcome_of_status(int status);

/* Appends r's Events to page->body as JSONL lines (page->format must be
 * NETRA_FMT_JSONL), leaving out those whose created_at falls outside
 * [start, end] (Unix seconds; an Event without a time is kept: only
 * activity inside the election window is taken). *older (may be NULL) is
 * set to 1 when an Event was older than start: a listing newest first
 * has reached the window's beginning. *newest (may be NULL) is raised to
 * the latest created_at kept. 0 or NETRA_ENOMEM. */
int collect_parsed_to_page(struct collect_page *page,
                           const struct collect_parsed *r, int64_t start,
                           int64_t end, int *older, int64_t *newest);

/* What a module returns for an answer that is not a page: 0 for
 * COLLECT_PAGE; NETRA_ESTATE ("not now": rate limited, quota spent, a
 * transient fault) ; NETRA_EDENIED for refused credentials;
 * NETRA_ENOTFOUND for an account out of reach; NETRA_ERROR for a
 * refused request. The message names what (e.g. "tiktok
 * video/query") and gives the platform's words. */
int collect_parsed_rc(const struct collect_parsed *r, const char *what);

/* Fills a resolve() answer from r: ACTIVE with r's id and handle (as
 * platform's registry normalises it) for a page, the account's status and the
 * platform's words for an account outcome (0 both); any other outcome as
 * collect_parsed_rc. */
int collect_parsed_profile(struct collect_profile *out,
                           const struct collect_parsed *r, const char *platform,
                           const char *what);

/* "page", "rate_limited", "quota", "auth", "transient", "account",
 * "refused": for messages. */
const char *collect_outcome_name(enum collect_outcome o);

#endif
