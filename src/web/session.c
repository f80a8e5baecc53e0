/*
 * web/session.c - browser sessions, CSRF tokens and the rate-limit
 * counters of the public pages, all in the store (table web_sessions and
 * rate_counters, migration 009) so several servers share them.
 *
 * The session cookie "netra_sesi" holds 32 random bytes (hex); the store
 * keeps their SHA-256 only. A session ends after WEB_SESSION_IDLE seconds
 * without a request or WEB_SESSION_MAX after login, at logout, and when
 * its user is disabled or changes password. A sign-in ends the session
 * the browser came with (no fixation). Expired sessions and rate-limit
 * windows older than WEB_RATE_KEEP are purged at each sign-in and at most
 * once a minute on a public request (web_housekeep).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/store.h"
#include "util/error.h"
#include "util/html.h"
#include "util/netaddr.h"
#include "web/web_int.h"

#define COOKIE "netra_sesi"

static void random_hex(char *out, size_t bytes)
{
	unsigned char buf[32];

	randombytes_buf(buf, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, buf, bytes);
}

static void sha256_hex(char out[65], const char *s, size_t n)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)s, n);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static void set_cookie(struct web_resp *rs, const struct web_req *rq,
                       const char *value, int max_age)
{
	snprintf(rs->cookie, sizeof(rs->cookie),
	         COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
	         value, max_age, rq->secure ? "; Secure" : "");
}

static int step_done(store_stmt *s)
{
	int rc = store_step(s);

	return rc < 0 ? rc : 0;
}

static int delete_session(netra_store *st, const char *hash)
{
	store_stmt *s = NULL;
	int rc = store_prepare(&s, st,
	                       "DELETE FROM web_sessions WHERE token_hash = ?");

	if (!rc)
		rc = store_bind_text(s, 1, hash, (size_t)-1);
	if (!rc)
		rc = store_step(s);
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* Moves the idle expiry forward when a minute has passed since it was
 * last moved (one write per minute of use, not one per request). */
static int slide(netra_store *st, const char *hash, int64_t expires,
                 int64_t absolute, int64_t now)
{
	store_stmt *s = NULL;
	int64_t next = now + WEB_SESSION_IDLE;
	int rc;

	if (next > absolute)
		next = absolute;
	if (next - expires < 60)
		return 0;
	rc = store_prepare(&s, st,
	                   "UPDATE web_sessions SET expires_at = ? "
	                   "WHERE token_hash = ?");
	if (!rc)
		rc = store_bind_int64(s, 1, next);
	if (!rc)
		rc = store_bind_text(s, 2, hash, (size_t)-1);
	if (!rc)
		rc = store_step(s);
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int web_session_load(struct web_req *rq)
{
	const char *tok = web_param_str(&rq->cookies, COOKIE);
	int64_t now = (int64_t)time(NULL), expires, absolute;
	char hash[65], name[64];
	store_stmt *s = NULL;
	int rc;

	rq->logged_in = 0;
	if (!tok || strlen(tok) != 64)
		return 0;
	sha256_hex(hash, tok, 64);
	rc = store_prepare(&s, rq->st,
	                   "SELECT user_name, csrf, expires_at, absolute_at "
	                   "FROM web_sessions WHERE token_hash = ?");
	if (rc || (rc = store_bind_text(s, 1, hash, (size_t)-1)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW)
		goto done;
	snprintf(name, sizeof(name), "%s", store_column_text(s, 0, NULL));
	snprintf(rq->csrf, sizeof(rq->csrf), "%s",
	         store_column_text(s, 1, NULL));
	expires = store_column_int64(s, 2);
	absolute = store_column_int64(s, 3);
	store_finalize(s);
	s = NULL;
	if (now >= expires || now >= absolute) {
		rc = delete_session(rq->st, hash);
		goto done;
	}
	if (wf_user_get(&rq->user, rq->st, name) != 0) {
		/* the user was disabled or removed: the session dies */
		rc = delete_session(rq->st, hash);
		goto done;
	}
	memcpy(rq->session_hash, hash, sizeof(hash));
	rq->logged_in = 1;
	rc = slide(rq->st, hash, expires, absolute, now);
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int web_housekeep(netra_store *st, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	/* the idle expiry never passes the absolute one (slide) */
	rc = store_prepare(&s, st,
	                   "DELETE FROM web_sessions WHERE expires_at <= ?");
	if (rc || (rc = store_bind_int64(s, 1, now)) ||
	    (rc = step_done(s)))
		goto done;
	store_finalize(s);
	s = NULL;
	rc = store_prepare(&s, st,
	                   "DELETE FROM rate_counters WHERE window_start < ?");
	if (rc || (rc = store_bind_int64(s, 1, now - WEB_RATE_KEEP)))
		goto done;
	rc = step_done(s);
done:
	store_finalize(s);
	return rc;
}

/* At most once a minute per server (any thread), a public request also
 * purges: a server nobody signs in to does not pile up rows. */
static int housekeep_now_and_then(netra_store *st, int64_t now)
{
	static _Atomic int64_t last;
	int64_t seen = atomic_load(&last);

	if (now - seen < 60 ||
	    !atomic_compare_exchange_strong(&last, &seen, now))
		return 0;
	return web_housekeep(st, now);
}

int web_session_start(struct web_req *rq, struct web_resp *rs,
                      const char *name)
{
	const char *old = web_param_str(&rq->cookies, COOKIE);
	char tok[65], hash[65], csrf[65];
	int64_t now = (int64_t)time(NULL);
	store_stmt *s = NULL;
	int rc;

	/* a sign-in never keeps the session id the browser came with
	 * (session fixation): that session ends, live or not */
	if (old && strlen(old) == 64) {
		sha256_hex(hash, old, 64);
		if ((rc = delete_session(rq->st, hash)))
			return rc;
	}
	rq->session_hash[0] = '\0';
	rq->logged_in = 0;
	if ((rc = web_housekeep(rq->st, now)))
		return rc;
	random_hex(tok, 32);
	random_hex(csrf, 20);
	sha256_hex(hash, tok, 64);
	rc = store_prepare(&s, rq->st,
	                   "INSERT INTO web_sessions(token_hash, user_name, "
	                   "csrf, created_at, expires_at, absolute_at) "
	                   "VALUES (?, ?, ?, ?, ?, ?)");
	if (rc || (rc = store_bind_text(s, 1, hash, (size_t)-1)) ||
	    (rc = store_bind_text(s, 2, name, (size_t)-1)) ||
	    (rc = store_bind_text(s, 3, csrf, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 4, now)) ||
	    (rc = store_bind_int64(s, 5, now + WEB_SESSION_IDLE)) ||
	    (rc = store_bind_int64(s, 6, now + WEB_SESSION_MAX)))
		goto done;
	rc = store_step(s);
	rc = rc < 0 ? rc : 0;
	if (!rc) {
		set_cookie(rs, rq, tok, WEB_SESSION_MAX);
		snprintf(rq->csrf, sizeof(rq->csrf), "%s", csrf);
		memcpy(rq->session_hash, hash, sizeof(hash));
	}
done:
	sodium_memzero(tok, sizeof(tok));
	store_finalize(s);
	return rc;
}

int web_session_end(struct web_req *rq, struct web_resp *rs)
{
	int rc = 0;

	if (rq->session_hash[0])
		rc = delete_session(rq->st, rq->session_hash);
	set_cookie(rs, rq, "", 0);
	rq->logged_in = 0;
	return rc;
}

int web_session_end_user(netra_store *st, const char *name,
                         const char *keep_hash)
{
	store_stmt *s = NULL;
	int rc = store_prepare(&s, st,
	                       "DELETE FROM web_sessions WHERE user_name = ? "
	                       "AND token_hash <> ?");

	if (!rc)
		rc = store_bind_text(s, 1, name, (size_t)-1);
	if (!rc)
		rc = store_bind_text(s, 2, keep_hash ? keep_hash : "",
		                     (size_t)-1);
	if (!rc)
		rc = store_step(s);
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int web_csrf_ok(const struct web_req *rq, const char *header_token)
{
	const char *t = web_param_str(&rq->form, "csrf");
	size_t n = strlen(rq->csrf);

	if (!t)
		t = header_token;
	if (!rq->logged_in || n == 0 || !t || strlen(t) != n)
		return 0;
	return sodium_memcmp(t, rq->csrf, n) == 0;
}

int web_rate_hit(int *allowed, netra_store *st, const char *key, int max,
                 int window_s)
{
	int64_t now = (int64_t)time(NULL), start = now - now % window_s;
	char hkey[80], hash[65], ck[64], full[160];
	store_stmt *s = NULL;
	const char *colon = strchr(key, ':');
	int rc;

	*allowed = 1;
	/* the client is counted by its IPv4 address or its IPv6 /64 (one
	 * subscriber holds a whole /64), and kept hashed, never as an
	 * address */
	snprintf(full, sizeof(full), "%.*s:%s", colon ? (int)(colon - key) : 0,
	         key, netaddr_client_key(ck, sizeof(ck), colon ? colon + 1 : key));
	sha256_hex(hash, full, strlen(full));
	snprintf(hkey, sizeof(hkey), "%.*s:%.32s",
	         colon ? (int)(colon - key) : 0, key, hash);
	rc = store_prepare(
	    &s, st,
	    "INSERT INTO rate_counters(key, window_start, count) "
	    "VALUES (?, ?, 1) ON CONFLICT(key) DO UPDATE SET "
	    "count = CASE WHEN rate_counters.window_start = "
	    "excluded.window_start THEN rate_counters.count + 1 ELSE 1 END, "
	    "window_start = excluded.window_start RETURNING count");
	if (rc || (rc = store_bind_text(s, 1, hkey, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, start)))
		goto done;
	if ((rc = store_step(s)) == STORE_ROW) {
		*allowed = store_column_int64(s, 0) <= max;
		rc = 0;
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc ? rc : housekeep_now_and_then(st, now);
}

#define PRECOOKIE "netra_pra"

int web_precsrf_field(struct sbuf *b, struct web_req *rq, struct web_resp *rs)
{
	const char *tok = web_param_str(&rq->cookies, PRECOOKIE);
	char fresh[65];

	if (!tok || strlen(tok) != 64 || strspn(tok, "0123456789abcdef") != 64) {
		random_hex(fresh, 32);
		snprintf(rs->cookie, sizeof(rs->cookie),
		         PRECOOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s",
		         fresh, rq->secure ? "; Secure" : "");
		tok = fresh;
	}
	return html_raw(b, "<input type=\"hidden\" name=\"csrf\"") ||
	               html_attr(b, "value", tok) || html_raw(b, ">")
	           ? err_oom()
	           : 0;
}

int web_precsrf_ok(const struct web_req *rq)
{
	const char *tok = web_param_str(&rq->cookies, PRECOOKIE);
	const char *got = web_param_str(&rq->form, "csrf");

	if (!tok || !got || strlen(tok) != 64 || strlen(got) != 64)
		return 0;
	return sodium_memcmp(tok, got, 64) == 0;
}
