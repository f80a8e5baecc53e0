/*
 * collect/collector.h - the one collector interface: what a platform
 * module implements (an ops table), the shared HTTP client every module
 * fetches through, and the helpers a module builds its output with.
 * docs/collect.md describes the command around it; src/collect/x.c is
 * the reference module (X API v2).
 *
 * HOW A COLLECTION RUNS (collect/run.c owns this loop; a module never
 * touches the store)
 *
 *   for each active registered account of the module's platform, claimed
 *   under a lease (collectors on several machines share the accounts):
 *     1. resolve(): the account's stable user id, current handle and
 *        status. The core records a rename (the handle changed for the
 *        same id) and a status change (private, suspended, gone) with the
 *        time seen; an account that is not active is not fetched further.
 *     2. for each name in endpoints[]: fetch() page after page. Each
 *        page's body is ingested through the same path as `netra ingest`
 *        (same validation, exactly-once by (platform, event id), the
 *        evidence log) and its cursor is stored IN THE SAME TRANSACTION,
 *        so a collector killed at any moment resumes where the last
 *        committed page ended: nothing lost, nothing duplicated. The
 *        next page is fetched while the page before it is ingested:
 *        fetch() may run on a thread other than the core's (never two
 *        calls on one env at once), so a module keeps its state in
 *        env->state, never in thread-local or static variables.
 *     3. gone(): the ids of posts of this account seen before (within the
 *        deletion window) are asked for again, up to max_ids at a time;
 *        the module appends a delete Event for each one the platform says
 *        no longer exists (collect_delete_event()).
 *
 * WRITING A MODULE (one file, src/collect/<platform>.c)
 *
 *   - Define `const struct collect_module collect_<platform>_module` and
 *     add it to collect_modules[] in collect/modules.c.
 *   - Build every request with collect_url_*() and send it with
 *     collect_http_get(): the client adds the credentials, timeouts, the
 *     size limit, retries with backoff and jitter on 429/5xx/timeouts,
 *     waits for rate-limit resets, and charges the per-platform hourly
 *     budget. A module never sleeps, never calls libcurl, never prints a
 *     credential (messages go through the client's redaction).
 *   - Put the records of a page into page->body in a format the ingest
 *     readers know (page->format): the platform's own response as
 *     received when an importer reads it (NETRA_FMT_X, NETRA_FMT_META,
 *     NETRA_FMT_TIKTOK: raw evidence is then the platform's object), or
 *     generic Event lines (NETRA_FMT_JSONL, one JSON object per line,
 *     DESIGN.md "Event") for what an importer does not read, e.g. likes
 *     and follows, which the APIs list as tweets/users rather than acts.
 *     Keep the platform's object inside such a line (an extra key: the
 *     Event keeps unknown fields) so the evidence holds what was received.
 *   - Event ids must be deterministic: the same act fetched twice must
 *     get the same id (e.g. "like:<user id>:<post id>").
 *   - Errors: return 0 or a negative NETRA_E* code with the message set
 *     (util/error.h err_set). NETRA_ESTATE means "not now" (rate limited
 *     or budget spent): the core records it and moves on. A malformed
 *     response is NETRA_EINVALID naming the route ("x users/:id/tweets:
 *     not JSON at column 7"); the core records it for `collect status`.
 *   - Tests: add the platform's routes and recorded responses to
 *     tests/collect/fake_platform.py (see its top comment), a fuzz target
 *     per response parser in fuzz/, unit tests in tests/collect/.
 *
 * CURSORS
 *
 *   Per account and endpoint the core keeps a struct collect_cursor of
 *   three opaque strings that the module reads and writes:
 *     since  the high-water mark of the last finished walk (X: the newest
 *            tweet id, sent as since_id); "" before the first walk
 *     page   the pagination token of a walk in progress ("" when none):
 *            a resumed walk continues from it
 *     top    the high-water mark seen so far in the walk in progress; the
 *            module moves it to `since` when the walk ends
 *   fetch() gets the stored cursor in page->cursor (a copy) and leaves
 *   the cursor to store after this page there; it sets page->done when
 *   the walk has ended (no next page).
 */
#ifndef NETRA_COLLECT_COLLECTOR_H
#define NETRA_COLLECT_COLLECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "netra/common.h"
#include "netra/ingest.h"
#include "util/sbuf.h"

/* ---- account status ------------------------------------------------- */

typedef enum {
	COLLECT_ACTIVE = 0, /* public, fetchable */
	COLLECT_RENAMED,    /* recorded when the handle changed (same id) */
	COLLECT_PRIVATE,    /* protected / private: nothing public to fetch */
	COLLECT_SUSPENDED,  /* suspended or withheld by the platform */
	COLLECT_GONE,       /* deleted, or no such account */
	COLLECT_MAYBE_RENAMED, /* not found by its handle, though its stable
	                          id was seen before: renamed, or gone (a
	                          platform asked by handle only cannot tell;
	                          Instagram business discovery) */
	COLLECT_STATUS__COUNT
} collect_status;

/* "active", "renamed", "private", "suspended", "gone", "maybe_renamed". */
const char *collect_status_name(collect_status s);

/* ---- the shared HTTP client ------------------------------------------ */

/* What the platform's rate-limit headers said about the last response.
 * -1 for anything not said. Times are Unix seconds. */
struct collect_ratelimit {
	int64_t limit;       /* requests per window (x-rate-limit-limit) */
	int64_t remaining;   /* left in the window (x-rate-limit-remaining) */
	int64_t reset_at;    /* when the window resets (x-rate-limit-reset) */
	int64_t retry_after; /* seconds, from Retry-After */
};

/* A platform's rate-limit header parser: called once per response header
 * line (name and value without the line end, name not NUL-terminated,
 * value NUL-terminated and trimmed); fills what it recognises. The client
 * always reads Retry-After itself. now is the current Unix time, for
 * headers that give relative times. */
typedef void (*collect_header_fn)(struct collect_ratelimit *rl,
                                  const char *name, size_t name_len,
                                  const char *value, int64_t now);

/* The per-platform hourly request budget: called before every request
 * (retries included). Returns 0 when a request may go now; 1 when the
 * budget of the current hour is spent, with *wait_until = the Unix time
 * it renews; or a negative error. The collector core charges it in the
 * store (table collect_budget), so collectors on several machines share
 * one budget. NULL: no budget. */
typedef int (*collect_budget_fn)(void *ctx, const char *platform,
                                 int64_t *wait_until);

struct collect_http_config {
	const char *platform;     /* "x": names budget rows and messages */
	const char *base_url;     /* scheme://host[:port] without a final
	                             '/': the platform's (module default) or
	                             an override (tests: http://127.0.0.1:N) */
	const char *bearer;       /* sent as "Authorization: Bearer ..."
	                             (copied, wiped on free); NULL: none */
	long connect_timeout_ms;  /* 0: 10,000 */
	long timeout_ms;          /* whole request; 0: 30,000 */
	size_t max_body;          /* larger responses fail; 0: 8 MiB */
	int max_attempts;         /* per request, first try included: 429,
	                             5xx and transport errors are retried;
	                             0: 5 */
	int64_t max_wait;         /* longest single wait, seconds (a reset
	                             or budget renewal further away returns
	                             NETRA_ESTATE at once); 0: 960 */
	int64_t backoff_base_ms;  /* first backoff step; 0: 1,000 */
	int64_t backoff_cap_ms;   /* largest backoff step; 0: 60,000 */
	collect_header_fn headers; /* the platform's rate-limit headers */
	collect_budget_fn budget; /* NULL: no budget */
	void *budget_ctx;
	/* Clock and sleep, replaceable by unit tests. NULL: the real ones
	 * (CLOCK_REALTIME in ms; nanosleep). */
	int64_t (*now_ms)(void *ctx);
	void (*sleep_ms)(void *ctx, int64_t ms);
	void *clock_ctx;
	FILE *log; /* one line per wait and retry (redacted); NULL: quiet */
};

struct collect_http;

/* Makes a client (one libcurl easy handle, reused for keep-alive). cfg is
 * copied (its strings too). Free with collect_http_free(). */
int collect_http_new(struct collect_http **out,
                     const struct collect_http_config *cfg);

/* Frees the client, wiping the copied credentials. Accepts NULL. */
void collect_http_free(struct collect_http *h);

/* Adds a string to blank out of every message and log line the client
 * writes (an API key a module puts in a query string). Copied. */
int collect_http_add_secret(struct collect_http *h, const char *secret);

/* Adds a request header sent with every request ("Name: value"; copied,
 * redacted in messages when it holds a secret given above). */
int collect_http_add_header(struct collect_http *h, const char *header);

struct collect_response {
	long status;                 /* HTTP status of the final attempt */
	struct sbuf body;            /* its body (NUL-terminated) */
	struct collect_ratelimit rl; /* its rate-limit headers */
	int attempts;                /* requests sent for this call */
};

/* Frees the body; the struct may be reused. Accepts a zeroed one. */
void collect_response_free(struct collect_response *r);

/* GETs base_url + path_query. route names the endpoint's rate-limit
 * bucket (e.g. "users/:id/tweets"): when an earlier response of that
 * route said remaining 0 with a reset in the future, the client first
 * waits for the reset. Retries 429 (waiting for Retry-After, else the
 * reset, else backoff), 500/502/503/504 and transport errors (timeouts,
 * refused connections) with exponential backoff and full jitter, up to
 * max_attempts. Returns 0 with *out filled for any other final HTTP
 * status (the module decides what a 400, 401, 403 or 404 means);
 * NETRA_ESTATE when a wait would exceed max_wait (the message says until
 * when) or a 429 outlasted the attempts; NETRA_EIO when every attempt
 * failed in transport or with 5xx; NETRA_EINVALID for a body over
 * max_body. out is reset first (a zeroed or used response); its body and
 * headers are those of the last attempt in every case. */
int collect_http_get(struct collect_response *out, struct collect_http *h,
                     const char *route, const char *path_query);

/* POSTs body[0..n) (content_type, e.g. "application/json") to base_url
 * + path_query, with the client's headers, retries and budget exactly as
 * collect_http_get; for APIs whose reads are POSTs (TikTok Research).
 * The client goes back to GET afterwards. body is not copied: it must
 * outlive the call. */
int collect_http_post(struct collect_response *out, struct collect_http *h,
                      const char *route, const char *path_query,
                      const char *content_type, const char *body, size_t n);

/* The base URL requests go to (the module's default or the
 * configuration's override): a downloader module builds the profile URL
 * it hands its tool from it. Borrowed. */
const char *collect_http_base_url(const struct collect_http *h);

/* Requests sent by this client so far (every attempt). */
uint64_t collect_http_requests(const struct collect_http *h);

/* Parses the X family of headers (x-rate-limit-limit, -remaining,
 * -reset) into rl; a collect_header_fn other modules may reuse. */
void collect_headers_x(struct collect_ratelimit *rl, const char *name,
                       size_t name_len, const char *value, int64_t now);

/* The backoff before attempt `attempt` (1 = the first retry): a random
 * wait in [0, min(cap, base * 2^(attempt-1))] ms ("full jitter"), drawn
 * with r in [0, 1). Exposed for tests. */
int64_t collect_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms,
                           double r);

/* ---- building URLs -------------------------------------------------- */

/* Appends path (as given, e.g. "/2/users/123/tweets") to b. */
int collect_url_path(struct sbuf *b, const char *path);
/* Appends one query parameter, '?' before the first and '&' after,
 * with key and value percent-encoded (RFC 3986 unreserved kept). A NULL
 * or empty value appends nothing. */
int collect_url_param(struct sbuf *b, const char *key, const char *value);
/* Appends a path segment percent-encoded (a handle or id from the
 * registry never breaks out of its segment). */
int collect_url_segment(struct sbuf *b, const char *segment);

/* ---- credentials ---------------------------------------------------- */

/* The credentials file: "name = value" lines ('#' comments, blank lines
 * allowed). It must be a regular file owned by root or the running user
 * and not readable, writable or executable by group or others (mode
 * 0600 or 0400): otherwise loading refuses. Values are never logged or
 * stored. Names a module reads: docs/collect.md (X: bearer_token). */
struct collect_creds;

/* Loads path; NETRA_EDENIED for a file others may read (the message says
 * which mode to set), NETRA_EINVALID with path:line for a bad line. Free
 * with collect_creds_free() (wipes the values). */
int collect_creds_load(struct collect_creds **out, const char *path);
void collect_creds_free(struct collect_creds *c);
/* The value of name, or NULL. Borrowed: valid until the free. */
const char *collect_creds_get(const struct collect_creds *c, const char *name);

/* ---- what a module works on ----------------------------------------- */

struct collect_account {
	int64_t id;          /* accounts.id */
	const char *platform;
	const char *handle;  /* the current handle, normalised (no @) */
	const char *uid;     /* the platform's stable user id; NULL until
	                        learned (first resolve, or the registry's
	                        id:N form) */
};

/* What resolve() learns of an account. */
struct collect_profile {
	char uid[64];       /* stable id ("" when the platform gave none) */
	char handle[128];   /* current handle, normalised ("" if unknown) */
	collect_status status; /* ACTIVE, PRIVATE, SUSPENDED or GONE */
	char detail[256];   /* the platform's words for a status */
};

struct collect_cursor {
	char since[128];
	char page[1024];
	char top[128];
};

struct collect_page {
	netra_ingest_format format; /* how body is read (see above) */
	struct sbuf body;           /* records to ingest; may be empty */
	struct collect_cursor cursor; /* in: stored; out: to store */
	int done;                   /* the walk ended with this page */
	int newest_first_stop;      /* the endpoint has no since parameter
	                               and lists newest first: the core ends
	                               the walk at a page that brings no new
	                               event */
	struct collect_ratelimit rl; /* of the page's response, for status */
};

/* The environment of a run, shared by the core and the module. */
struct collect_env {
	struct collect_http *http;
	const struct collect_creds *creds;
	int64_t window_start;  /* the election window (profile's campaign
	                          period through voting day, widened by the
	                          operator's margins), Unix seconds: only
	                          activity inside it is asked for */
	int64_t window_end;
	int64_t now;           /* when this account's turn began */
	size_t page_size;      /* items per page to ask for (module caps) */
	FILE *log;             /* progress; NULL: quiet */
	void *state;           /* the module's own (init/cleanup) */
};

struct collect_module {
	const char *platform;         /* "x": matches accounts.platform */
	const char *default_base_url; /* "https://api.x.com" */
	const char *const *endpoints; /* NULL-terminated names walked per
	                                 account, in order; also the keys of
	                                 the cursors ("tweets", "liked") */
	collect_header_fn headers;    /* the platform's rate-limit headers */
	size_t gone_batch;            /* ids per gone() call; 0: no deletion
	                                 checks */
	/* Reads what it needs from env->creds (set the Authorization header
	 * or remember a key), may set env->state. Optional. */
	int (*init)(struct collect_env *env);
	void (*cleanup)(struct collect_env *env);
	/* Learns the account's stable id, current handle and status. A
	 * platform answer that the account is private, suspended or gone is
	 * a result (0 with out->status), not an error. */
	int (*resolve)(struct collect_profile *out, struct collect_env *env,
	               const struct collect_account *acct);
	/* Fetches one page of endpoint for acct (acct->uid is set: resolve
	 * ran), from page->cursor; see CURSORS. page->body is empty on
	 * entry, page->format NETRA_FMT_JSONL. */
	int (*fetch)(struct collect_page *page, struct collect_env *env,
	             const struct collect_account *acct, const char *endpoint);
	/* Asks whether the posts ids[0..n) (n <= gone_batch) still exist and
	 * appends to page->body (as NETRA_FMT_JSONL) a delete Event for each
	 * that the platform says is gone (collect_delete_event()). Optional
	 * (gone_batch 0). */
	int (*gone)(struct collect_page *page, struct collect_env *env,
	            const struct collect_account *acct,
	            const char *const *ids, size_t n);
	/* The name the configuration and --platform use when it is not the
	 * platform's: a second module of one platform (the downloaders,
	 * collect/downloader.c: "tiktok-ytdlp" collects tiktok accounts).
	 * NULL: platform. */
	const char *name;
};

/* The modules linked in (collect/modules.c), NULL-terminated. */
extern const struct collect_module *const collect_modules[];

/* The module named name (its name, else its platform), or NULL. */
const struct collect_module *collect_module_find(const char *name);

/* ---- helpers for modules -------------------------------------------- */

/* Appends to b one generic Event line (JSONL, with '\n') for a post seen
 * gone: {"platform":P,"id":"delete:<post_id>","type":"delete",
 * "account":handle,"created_at":<seen_at as ISO 8601 UTC>,
 * "target":{"id":post_id},"seen_gone":<detail_json>}. The id depends
 * only on the post, so seeing it gone again adds nothing; detail_json is
 * the platform's own error object (valid JSON, or NULL), kept as
 * evidence of why. */
int collect_delete_event(struct sbuf *b, const char *platform,
                         const char *handle, const char *post_id,
                         int64_t seen_at, const char *detail_json);

/* Compares two decimal ids (X snowflakes): <0, 0, >0 like strcmp, by
 * numeric value; non-digits compare as text. For high-water marks. */
int collect_id_cmp(const char *a, const char *b);

#endif
