/*
 * collect/http.c - the HTTP client every collector module fetches
 * through (collector.h): one libcurl easy handle per client, GET (and
 * POST with a body, for APIs that read queries so: TikTok Research),
 * with timeouts, a response size limit, the platform's rate-limit headers
 * remembered per route, retries of 429/5xx/transport errors with
 * exponential backoff and full jitter, and a per-platform hourly budget
 * charged before every request. Credentials go in headers and are blanked
 * out of every message it writes.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "collect/collector.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/redact.h"

#define DEFAULT_CONNECT_MS 10000
#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_MAX_BODY   ((size_t)8 << 20)
#define DEFAULT_ATTEMPTS   5
/* X's windows are 15 minutes: a reset is at most 900 s away, plus a
 * minute for clocks that disagree. */
#define DEFAULT_MAX_WAIT 960
#define DEFAULT_BASE_MS  1000
#define DEFAULT_CAP_MS   60000
#define MAX_ROUTES       32
#define MAX_SECRETS      8

struct route_state {
	char name[64];
	int64_t remaining, reset_at;
};

struct collect_http {
	struct collect_http_config cfg;
	char *platform, *base_url;
	char *secrets[MAX_SECRETS];
	size_t nsecrets;
	struct curl_slist *headers;
	CURL *curl;
	struct route_state routes[MAX_ROUTES];
	size_t nroutes;
	uint64_t requests;
	/* per transfer */
	struct collect_response *resp;
	int too_large;
};

/* ---- clock, randomness, redaction ------------------------------------ */

static int64_t real_now_ms(void *ctx)
{
	struct timespec t;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void real_sleep_ms(void *ctx, int64_t ms)
{
	struct timespec t;

	(void)ctx;
	if (ms <= 0)
		return;
	t.tv_sec = (time_t)(ms / 1000);
	t.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

static int64_t now_ms(const struct collect_http *h)
{
	return h->cfg.now_ms(h->cfg.clock_ctx);
}

/* A uniform double in [0, 1). */
static double uniform(void)
{
	uint32_t r = randombytes_random();

	return (double)r / 4294967296.0;
}

/* text with every secret of the client blanked and URL user information
 * removed, into out. */
static const char *redact(const struct collect_http *h, char *out, size_t size,
                          const char *text)
{
	char tmp[1024];
	size_t i;

	redact_urls(out, size, text, NULL);
	for (i = 0; i < h->nsecrets; i++) {
		snprintf(tmp, sizeof(tmp), "%s", out);
		redact_urls(out, size, tmp, h->secrets[i]);
	}
	return out;
}

/* err_set with the message redacted. */
static int fail(const struct collect_http *h, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(const struct collect_http *h, int code, const char *fmt, ...)
{
	char raw[1024], clean[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	return err_set(code, "%s", redact(h, clean, sizeof(clean), raw));
}

static void logf_(const struct collect_http *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void logf_(const struct collect_http *h, const char *fmt, ...)
{
	char raw[1024], clean[1024];
	va_list ap;

	if (!h->cfg.log)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	fprintf(h->cfg.log, "%s\n", redact(h, clean, sizeof(clean), raw));
	fflush(h->cfg.log);
}

/* ---- pure helpers (unit-tested) -------------------------------------- */

int64_t collect_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms,
                           double r)
{
	int64_t step = base_ms;
	int i;

	if (attempt < 1)
		attempt = 1;
	for (i = 1; i < attempt && step < cap_ms; i++)
		step *= 2;
	if (step > cap_ms)
		step = cap_ms;
	if (r < 0)
		r = 0;
	if (r >= 1)
		r = 0.999999;
	return (int64_t)(r * (double)(step + 1));
}

/* A non-negative decimal integer of at most 18 digits, or -1. */
static int64_t parse_count(const char *v)
{
	int64_t n = 0;
	int digits = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	for (; *v >= '0' && *v <= '9'; v++) {
		if (++digits > 18)
			return -1;
		n = n * 10 + (*v - '0');
	}
	while (*v == ' ' || *v == '\t')
		v++;
	return digits && !*v ? n : -1;
}

static int name_is(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

void collect_headers_x(struct collect_ratelimit *rl, const char *name,
                       size_t name_len, const char *value, int64_t now)
{
	(void)now;
	if (name_is(name, name_len, "x-rate-limit-limit"))
		rl->limit = parse_count(value);
	else if (name_is(name, name_len, "x-rate-limit-remaining"))
		rl->remaining = parse_count(value);
	else if (name_is(name, name_len, "x-rate-limit-reset"))
		rl->reset_at = parse_count(value);
}

/* ---- URLs ------------------------------------------------------------ */

static int put_encoded(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	int rc = 0;

	for (p = (const unsigned char *)s; *p && !rc; p++) {
		if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' ||
		    *p == '~')
			rc = sbuf_putc(b, (char)*p);
		else
			rc = sbuf_putc(b, '%') || sbuf_putc(b, hex[*p >> 4]) ||
			     sbuf_putc(b, hex[*p & 15]);
	}
	return rc ? err_oom() : 0;
}

int collect_url_path(struct sbuf *b, const char *path)
{
	return sbuf_puts(b, path) ? err_oom() : 0;
}

int collect_url_segment(struct sbuf *b, const char *segment)
{
	return put_encoded(b, segment);
}

int collect_url_param(struct sbuf *b, const char *key, const char *value)
{
	int rc;

	if (!value || !*value)
		return 0;
	if (sbuf_putc(b, b->data && memchr(b->data, '?', b->len) ? '&' : '?'))
		return err_oom();
	if ((rc = put_encoded(b, key)))
		return rc;
	if (sbuf_putc(b, '='))
		return err_oom();
	return put_encoded(b, value);
}

/* ---- the client ------------------------------------------------------ */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_init_rc;

static void curl_init(void)
{
	curl_init_rc =
	    curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	struct collect_http *h = ctx;
	size_t len = size * n;

	if (h->resp->body.len + len > h->cfg.max_body) {
		h->too_large = 1;
		return 0;
	}
	if (sbuf_append(&h->resp->body, p, len))
		return 0;
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct collect_http *h = ctx;
	struct collect_ratelimit *rl = &h->resp->rl;
	size_t len = size * n, nl;
	char value[256];
	const char *colon, *v;
	size_t vl;

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* a new response (after a 100 Continue, say) */
		rl->limit = rl->remaining = rl->reset_at = rl->retry_after = -1;
		return len;
	}
	colon = memchr(p, ':', len);
	if (!colon)
		return len;
	nl = (size_t)(colon - p);
	v = colon + 1;
	vl = len - nl - 1;
	while (vl && (*v == ' ' || *v == '\t'))
		v++, vl--;
	while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n' ||
	              v[vl - 1] == ' ' || v[vl - 1] == '\t'))
		vl--;
	if (vl >= sizeof(value))
		return len; /* no rate-limit header is that long */
	memcpy(value, v, vl);
	value[vl] = '\0';
	if (name_is(p, nl, "retry-after"))
		rl->retry_after = parse_count(value);
	if (h->cfg.headers)
		h->cfg.headers(rl, p, nl, value, now_ms(h) / 1000);
	return len;
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*failed = 1;
	return d;
}

static int setup_curl(struct collect_http *h)
{
	CURL *c = h->curl;

	if (curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) ||
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	                     h->cfg.connect_timeout_ms) ||
	    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->cfg.timeout_ms) ||
	    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) ||
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") ||
	    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "") ||
	    curl_easy_setopt(c, CURLOPT_USERAGENT, "netra-collect/1") ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body) ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, h) ||
	    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header) ||
	    curl_easy_setopt(c, CURLOPT_HEADERDATA, h))
		return err_set(NETRA_ERROR, "libcurl refused an option");
	return 0;
}

int collect_http_new(struct collect_http **out,
                     const struct collect_http_config *cfg)
{
	struct collect_http *h;
	char auth[4096];
	int failed = 0, rc;

	*out = NULL;
	pthread_once(&curl_once, curl_init);
	if (curl_init_rc)
		return err_set(NETRA_ERROR, "curl_global_init failed");
	if (!cfg->platform || !cfg->base_url)
		return err_set(NETRA_EINVALID,
		               "collector: platform and base URL needed");
	if (!(h = calloc(1, sizeof(*h))))
		return err_oom();
	h->cfg = *cfg;
	h->platform = dup_or_null(cfg->platform, &failed);
	h->base_url = dup_or_null(cfg->base_url, &failed);
	h->cfg.platform = h->platform;
	h->cfg.base_url = h->base_url;
	h->cfg.bearer = NULL;
	if (!h->cfg.connect_timeout_ms)
		h->cfg.connect_timeout_ms = DEFAULT_CONNECT_MS;
	if (!h->cfg.timeout_ms)
		h->cfg.timeout_ms = DEFAULT_TIMEOUT_MS;
	if (!h->cfg.max_body)
		h->cfg.max_body = DEFAULT_MAX_BODY;
	if (h->cfg.max_attempts <= 0)
		h->cfg.max_attempts = DEFAULT_ATTEMPTS;
	if (h->cfg.max_wait <= 0)
		h->cfg.max_wait = DEFAULT_MAX_WAIT;
	if (h->cfg.backoff_base_ms <= 0)
		h->cfg.backoff_base_ms = DEFAULT_BASE_MS;
	if (h->cfg.backoff_cap_ms <= 0)
		h->cfg.backoff_cap_ms = DEFAULT_CAP_MS;
	if (!h->cfg.now_ms)
		h->cfg.now_ms = real_now_ms;
	if (!h->cfg.sleep_ms)
		h->cfg.sleep_ms = real_sleep_ms;
	if (failed || !(h->curl = curl_easy_init())) {
		collect_http_free(h);
		return err_oom();
	}
	if ((rc = setup_curl(h))) {
		collect_http_free(h);
		return rc;
	}
	if (cfg->bearer && *cfg->bearer) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		         cfg->bearer);
		if ((rc = collect_http_add_secret(h, cfg->bearer)) ||
		    (rc = collect_http_add_header(h, auth))) {
			sodium_memzero(auth, sizeof(auth));
			collect_http_free(h);
			return rc;
		}
		sodium_memzero(auth, sizeof(auth));
	}
	*out = h;
	return 0;
}

void collect_http_free(struct collect_http *h)
{
	struct curl_slist *l;
	size_t i;

	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	for (l = h->headers; l; l = l->next)
		sodium_memzero(l->data, strlen(l->data));
	curl_slist_free_all(h->headers);
	for (i = 0; i < h->nsecrets; i++) {
		sodium_memzero(h->secrets[i], strlen(h->secrets[i]));
		free(h->secrets[i]);
	}
	free(h->platform);
	free(h->base_url);
	free(h);
}

int collect_http_add_secret(struct collect_http *h, const char *secret)
{
	if (!secret || !*secret)
		return 0;
	if (h->nsecrets == MAX_SECRETS)
		return err_set(NETRA_EINVALID, "collector: too many secrets");
	if (!(h->secrets[h->nsecrets] = strdup(secret)))
		return err_oom();
	h->nsecrets++;
	return 0;
}

int collect_http_add_header(struct collect_http *h, const char *header)
{
	struct curl_slist *l = curl_slist_append(h->headers, header);

	if (!l)
		return err_oom();
	h->headers = l;
	if (curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers))
		return err_set(NETRA_ERROR, "libcurl refused the headers");
	return 0;
}

void collect_response_free(struct collect_response *r)
{
	sbuf_free(&r->body);
}

const char *collect_http_base_url(const struct collect_http *h)
{
	return h->base_url;
}

uint64_t collect_http_requests(const struct collect_http *h)
{
	return h->requests;
}

static struct route_state *route_get(struct collect_http *h, const char *name)
{
	struct route_state *r;
	size_t i;

	for (i = 0; i < h->nroutes; i++)
		if (strcmp(h->routes[i].name, name) == 0)
			return &h->routes[i];
	if (h->nroutes == MAX_ROUTES)
		return NULL;
	r = &h->routes[h->nroutes++];
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->remaining = r->reset_at = -1;
	return r;
}

/* Waits until the Unix time until_ms, or returns NETRA_ESTATE when that
 * is further away than max_wait. */
static int wait_until(struct collect_http *h, const char *route,
                      int64_t until_ms, const char *why)
{
	int64_t d = until_ms - now_ms(h);
	char when[32];

	if (d <= 0)
		return 0;
	civil_time_format_utc(when, sizeof(when), until_ms / 1000);
	if (d > h->cfg.max_wait * 1000)
		return fail(h, NETRA_ESTATE, "%s %s: %s until %s", h->platform,
		            route, why, when);
	logf_(h, "%s %s: %s: waiting %.1f s (until %s)", h->platform, route,
	      why, (double)d / 1000.0, when);
	h->cfg.sleep_ms(h->cfg.clock_ctx, d);
	return 0;
}

static int take_budget(struct collect_http *h, const char *route)
{
	int64_t until = 0;
	int rc;

	if (!h->cfg.budget)
		return 0;
	while ((rc = h->cfg.budget(h->cfg.budget_ctx, h->platform, &until)) ==
	       1) {
		if ((rc = wait_until(h, route, until * 1000,
		                     "hourly request budget spent")))
			return rc;
	}
	return rc;
}

static int retryable(long status)
{
	return status == 429 || status == 500 || status == 502 ||
	       status == 503 || status == 504;
}

/* When to try again after a failed attempt. */
static int64_t retry_at(struct collect_http *h, int attempt, long status,
                        CURLcode cc)
{
	const struct collect_ratelimit *rl = &h->resp->rl;
	int64_t now = now_ms(h), jitter = (int64_t)(uniform() * 1000.0);

	if (cc == CURLE_OK && rl->retry_after >= 0)
		return now + rl->retry_after * 1000 + jitter;
	if (cc == CURLE_OK && status == 429 && rl->reset_at > 0 &&
	    rl->reset_at * 1000 > now - 1000)
		return rl->reset_at * 1000 + jitter;
	return now + collect_backoff_ms(attempt, h->cfg.backoff_base_ms,
	                                h->cfg.backoff_cap_ms, uniform());
}

static int perform(struct collect_http *h, const char *url, CURLcode *cc,
                   long *status)
{
	sbuf_clear(&h->resp->body);
	h->too_large = 0;
	h->resp->rl.limit = h->resp->rl.remaining = -1;
	h->resp->rl.reset_at = h->resp->rl.retry_after = -1;
	*status = 0;
	if (curl_easy_setopt(h->curl, CURLOPT_URL, url))
		return err_set(NETRA_ERROR, "libcurl refused the URL");
	*cc = curl_easy_perform(h->curl);
	h->requests++;
	h->resp->attempts++;
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
	if (h->too_large)
		return fail(h, NETRA_EINVALID,
		            "%s %s: response larger than %zu bytes",
		            h->platform, url, h->cfg.max_body);
	return 0;
}

static void remember_route(struct collect_http *h, const char *route)
{
	struct route_state *rs = route_get(h, route);

	if (rs && h->resp->rl.remaining >= 0) {
		rs->remaining = h->resp->rl.remaining;
		rs->reset_at = h->resp->rl.reset_at;
	}
}

/* Before a request: waits out a window the route's last response said
 * was spent. */
static int respect_route(struct collect_http *h, const char *route)
{
	struct route_state *rs = route_get(h, route);

	if (!rs || rs->remaining != 0 || rs->reset_at <= 0)
		return 0;
	if (rs->reset_at * 1000 <= now_ms(h)) {
		rs->remaining = -1;
		return 0;
	}
	rs->remaining = -1; /* a new window after the wait */
	return wait_until(h, route,
	                  rs->reset_at * 1000 + (int64_t)(uniform() * 1000.0),
	                  "rate limit window spent");
}

static int attempts_loop(struct collect_http *h, const char *route,
                         const char *url)
{
	CURLcode cc = CURLE_OK;
	long status = 0;
	int attempt, rc;

	for (attempt = 1;; attempt++) {
		if ((rc = take_budget(h, route)) ||
		    (rc = perform(h, url, &cc, &status)))
			return rc;
		remember_route(h, route);
		if (cc == CURLE_OK && !retryable(status))
			return 0;
		if (attempt >= h->cfg.max_attempts)
			break;
		if (cc != CURLE_OK)
			logf_(h, "%s %s: %s (attempt %d of %d)", h->platform,
			      route, curl_easy_strerror(cc), attempt,
			      h->cfg.max_attempts);
		else
			logf_(h, "%s %s: HTTP %ld (attempt %d of %d)",
			      h->platform, route, status, attempt,
			      h->cfg.max_attempts);
		if ((rc = wait_until(h, route, retry_at(h, attempt, status, cc),
		                     cc != CURLE_OK  ? "transport error"
		                     : status == 429 ? "rate limited (429)"
		                                     : "server error")))
			return rc;
	}
	if (cc != CURLE_OK)
		return fail(h, NETRA_EIO, "%s %s: %s after %d attempts",
		            h->platform, route, curl_easy_strerror(cc),
		            attempt);
	if (status == 429)
		return fail(h, NETRA_ESTATE,
		            "%s %s: still rate limited (429) after %d attempts",
		            h->platform, route, attempt);
	return fail(h, NETRA_EIO, "%s %s: HTTP %ld after %d attempts",
	            h->platform, route, status, attempt);
}

static int request(struct collect_response *out, struct collect_http *h,
                   const char *route, const char *path_query)
{
	struct sbuf url = SBUF_INIT;
	int rc;

	sbuf_clear(&out->body);
	out->status = 0;
	out->attempts = 0;
	out->rl.limit = out->rl.remaining = -1;
	out->rl.reset_at = out->rl.retry_after = -1;
	h->resp = out;
	if (sbuf_puts(&url, h->base_url) || sbuf_puts(&url, path_query)) {
		rc = err_oom();
		goto done;
	}
	if ((rc = respect_route(h, route)))
		goto done;
	rc = attempts_loop(h, route, url.data);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &out->status);
	if (!out->body.data && sbuf_puts(&out->body, ""))
		rc = err_oom();
done:
	h->resp = NULL;
	sbuf_free(&url);
	return rc;
}

int collect_http_get(struct collect_response *out, struct collect_http *h,
                     const char *route, const char *path_query)
{
	return request(out, h, route, path_query);
}

int collect_http_post(struct collect_response *out, struct collect_http *h,
                      const char *route, const char *path_query,
                      const char *content_type, const char *body, size_t n)
{
	struct curl_slist *hdrs = NULL, *l, *p;
	char ct[128];
	int rc;

	snprintf(ct, sizeof(ct), "Content-Type: %s", content_type);
	for (p = h->headers; p; p = p->next) {
		if (!(l = curl_slist_append(hdrs, p->data)))
			goto oom;
		hdrs = l;
	}
	if (!(l = curl_slist_append(hdrs, ct)))
		goto oom;
	hdrs = l;
	if (curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdrs) ||
	    curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE, (long)n) ||
	    curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body))
		rc = err_set(NETRA_ERROR, "libcurl refused the POST");
	else
		rc = request(out, h, route, path_query);
	/* back to GET with the client's own headers */
	curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	curl_slist_free_all(hdrs);
	return rc;
oom:
	curl_slist_free_all(hdrs);
	return err_oom();
}
