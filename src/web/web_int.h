/*
 * web/web_int.h - what the files of src/web share: one request and its
 * response as the handlers see them (no libmicrohttpd type leaks past
 * server.c), the decoders of outside input (decode.c), sessions, CSRF and
 * rate limits (session.c), the page layout (page.c) and the handlers.
 *
 * A handler gets a decoded request, fills the response and returns 0; any
 * negative return is answered 500 with no detail (the message goes to the
 * server's log). Handlers never write a raw printf of outside text: pages
 * go through util/html.h, JSON through jansson.
 */
#ifndef NETRA_WEB_INT_H
#define NETRA_WEB_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "netra/engine.h"
#include "netra/store.h"
#include "util/sbuf.h"
#include "web/web.h"
#include "workflow/user.h"

/* ---- limits (request size and time; docs/web.md) -------------------- */
#define WEB_BODY_MAX (64 * 1024)          /* forms and JSON */
#define WEB_UPLOAD_MAX (3 * 1024 * 1024)  /* complaint with screenshot */
#define WEB_SCREENSHOT_MAX (2 * 1024 * 1024)
#define WEB_EVENTS_MAX (8 * 1024 * 1024)  /* one /api/v1/events batch */
#define WEB_TIMEOUT_S 30                  /* idle connection, seconds */
#define WEB_PARAMS_MAX 64                 /* fields of one form/query */
#define WEB_SESSION_IDLE (30 * 60)        /* seconds without a request */
#define WEB_SESSION_MAX (12 * 3600)       /* from login, at most */
#define WEB_RATE_KEEP (24 * 3600)         /* rate windows kept (>= the
                                           * longest window) */

/* ---- decoders (decode.c; each has a fuzz target) -------------------- */

struct web_param {
	char *name, *value; /* NUL-terminated, decoded, owned */
	size_t value_len;   /* bytes of value (may hold NUL for uploads) */
	char *filename;     /* multipart file part, else NULL */
	char *ctype;        /* multipart part's Content-Type, else NULL */
};

struct web_params {
	struct web_param *items;
	size_t len;
};

/* Decodes application/x-www-form-urlencoded (also a query string): '+'
 * is a space, %XX a byte; pairs split on '&'. Appends to *out. A bad
 * escape or more than WEB_PARAMS_MAX fields is NETRA_EINVALID (message
 * set); names and values must be valid UTF-8 without NUL. */
int web_form_decode(struct web_params *out, const char *s, size_t n);

/* Decodes a Cookie header ("a=1; b=2") into *out (values not
 * percent-decoded; names and values of cookie-octets only). */
int web_cookie_decode(struct web_params *out, const char *s, size_t n);

/* Decodes a multipart/form-data body with the boundary taken from the
 * Content-Type value ctype. Text fields must be UTF-8 without NUL; file
 * parts keep their bytes, filename and declared type (never trusted). */
int web_multipart_decode(struct web_params *out, const char *ctype,
                         const char *body, size_t n);

/* The value of field name (first one), or NULL. */
const struct web_param *web_param_get(const struct web_params *p,
                                      const char *name);
const char *web_param_str(const struct web_params *p, const char *name);

void web_params_free(struct web_params *p);

/* The image type of data by its first bytes ("image/png", "image/jpeg",
 * "image/gif", "image/webp"), or NULL when it is none of them: what a
 * screenshot is, whatever its name or declared type say. */
const char *web_sniff_image(const void *data, size_t n);

/* Parses a JSON request body as an object (duplicate keys refused, depth
 * bounded). NETRA_EINVALID with "line L column C: reason". */
int web_json_decode(json_t **out, const char *body, size_t n);

/* ---- what the server loads once (server.c) ---------------------------- */

struct rules_rulebook;

struct web_example {
	char *rule, *text; /* a worked example of a rule (pedoman page) */
};

struct web_shared {
	const netra_engine *engine;          /* NULL if no election known */
	const struct rules_rulebook *rulebook; /* the rules in force */
	const struct web_example *examples;  /* data/web/pedoman_contoh.tsv */
	size_t nexamples;
};

/* The server's shared, read-only data. */
const struct web_shared *web_shared(void);

/* ---- request and response -------------------------------------------- */

struct web_thread; /* per worker: store handle, judge (server.c) */

struct web_req {
	const char *method; /* "GET", "POST", ... */
	const char *path;   /* decoded path, no query */
	struct web_params query, form, cookies;
	const char *body;   /* raw body (NUL-terminated), may be "" */
	size_t body_len;
	const char *ctype;  /* Content-Type or "" */
	const char *csrf_header; /* X-CSRF-Token, or NULL */
	const char *auth_header; /* Authorization, or NULL */
	char client[64];    /* client address (see trusted_proxy) */
	int secure;         /* cookies get Secure */
	netra_store *st;
	const netra_engine *engine; /* NULL if no election is known */
	netra_judge *judge;         /* this worker's, or NULL */
	const struct web_opts *opts;
	/* set by web_session_load when the request carries a live session */
	struct wf_user user;
	int logged_in;
	char csrf[65];
	char session_hash[65];
	const char *action; /* the '*' segment of the route, or NULL */
};

struct web_resp {
	int status;
	const char *ctype;   /* default "text/html; charset=utf-8" */
	struct sbuf body;
	char location[512];  /* for redirects */
	char cookie[512];    /* one Set-Cookie value, or "" */
	char disposition[256]; /* Content-Disposition, or "" */
	int fd;              /* when >= 0: send this file's bytes instead of
	                      * body (closed by the server) */
	uint64_t fd_size;
};

/* Handler of one route. m holds the path's numeric id (routes with {id}). */
typedef int (*web_handler)(struct web_req *rq, struct web_resp *rs,
                           int64_t id);

/* Dispatches rq to its handler (routes.c). */
int web_route(struct web_req *rq, struct web_resp *rs);

/* ---- sessions, CSRF, rate limits (session.c) ------------------------- */

/* Loads the session named by the request's cookie into rq (logged_in,
 * user, csrf) and slides its idle expiry; an expired or unknown session
 * leaves rq->logged_in 0. */
int web_session_load(struct web_req *rq);

/* Starts a session for user name: a random token in the cookie (only its
 * SHA-256 is stored), a random CSRF token; sets rs->cookie. */
int web_session_start(struct web_req *rq, struct web_resp *rs,
                      const char *name);

/* Ends the request's session (deletes it) and clears the cookie. */
int web_session_end(struct web_req *rq, struct web_resp *rs);

/* Ends every session of user name (after a password change or disable),
 * except keep_hash when not NULL. */
int web_session_end_user(netra_store *st, const char *name,
                         const char *keep_hash);

/* True if the request carries the session's CSRF token (form field
 * "csrf" or header X-CSRF-Token) — compared in constant time. */
int web_csrf_ok(const struct web_req *rq, const char *header_token);

/* Pre-session CSRF for the public forms (login, self-check, complaint):
 * web_precsrf_field writes a hidden field with the token of the
 * "netra_pra" cookie, making one (and setting rs->cookie) if the request
 * has none; web_precsrf_ok checks that a POST carries the cookie's token
 * in its "csrf" field (double submit; the cookie is SameSite=Strict). */
int web_precsrf_field(struct sbuf *b, struct web_req *rq, struct web_resp *rs);
int web_precsrf_ok(const struct web_req *rq);

/* The Indonesian text of a refusal the library (workflow/) set in
 * English for the command line (msg_id.c): written into out (size bytes)
 * and returned; an unknown message gives a general Indonesian sentence,
 * never the English one. */
const char *web_msg_id(char *out, size_t size, const char *msg);

/* Deletes the sessions expired at now and the rate-limit windows older
 * than WEB_RATE_KEEP (by range on indexes: cheap at any size). */
int web_housekeep(netra_store *st, int64_t now);

/* Counts one hit of key (e.g. "cek:ADDR") in the current window of
 * window_s seconds; *allowed is 0 when the count passed max. */
int web_rate_hit(int *allowed, netra_store *st, const char *key, int max,
                 int window_s);

/* ---- pages (page.c) ---------------------------------------------------- */

/* Starts a page: doctype, head with title, stylesheet, header with the
 * navigation for rq's user (or the public one). */
int web_page_begin(struct sbuf *b, const struct web_req *rq,
                   const char *title);
int web_page_end(struct sbuf *b);

/* A hidden CSRF field for rq's session. */
int web_csrf_field(struct sbuf *b, const struct web_req *rq);

/* A whole error page (status, Indonesian message). */
int web_error_page(struct web_resp *rs, const struct web_req *rq,
                   int status, const char *message);

/* 303 to path (a local path the program chose). */
int web_redirect(struct web_resp *rs, const char *path);

/* Appends text escaped, with the byte ranges of spans (a JSON array of
 * [start, end) pairs, as in a Verdict) wrapped in <mark>; ranges out of
 * the text or overlapping are clipped. */
int web_highlight(struct sbuf *b, const char *text, json_t *spans);

/* Indonesian names of states, categories, roles, actions. */
const char *web_state_name(const char *state);
const char *web_category_name(const char *cat);

/* The stylesheet served at /static/netra.css. */
extern const char web_css[];

/* ---- JSON responses (api.c) ------------------------------------------ */

/* Sets rs to status and the JSON of v (stolen: decref'd here). */
int web_json(struct web_resp *rs, int status, json_t *v);

/* {"error": message} with status. */
/* The string at key k of object o, or "" (never NULL). Borrowed. */
const char *web_jstr(json_t *o, const char *k);

int web_json_error(struct web_resp *rs, int status, const char *message);

/* The request body as a JSON object into *out (the caller frees it), or
 * a 400 already written to rs and *bad = 1 (api.c). */
int web_body_json(json_t **out, struct web_req *rq, struct web_resp *rs,
                  int *bad);

#endif
