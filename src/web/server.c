/*
 * web/server.c - the libmicrohttpd glue of `netra serve`: starts a daemon
 * with a pool of worker threads, gathers each request's body (bounded by
 * path: forms, complaint uploads, event batches), decodes query, form and
 * cookies into a struct web_req, hands it to web_route() with this
 * worker's store handle and judge, and sends the response with the
 * security headers every answer carries (CSP default-src 'self', nosniff,
 * frame-ancestors 'none', no referrer, no caching of personal pages).
 *
 * Each worker thread opens its own store handle on its first request
 * (pthread key; closed when the thread ends). Each request takes the
 * current engine generation (web/engine.h) with a judge for its run, and
 * web_shared() answers with that generation's data in its thread.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "netra/engine.h"
#include "store/store.h"
#include "util/error.h"
#include "util/file.h"
#include "web/engine.h"
#include "web/web_int.h"

struct web_thread {
	netra_store *st;
};

static struct {
	const struct web_opts *opts;
	struct web_example *examples;
	size_t nexamples;
	pthread_key_t key;
} srv;

/* The generation's data of the request this thread runs (set by
 * handle()); empty outside a request. */
static _Thread_local const struct web_shared *cur_shared;

const struct web_shared *web_shared(void)
{
	static const struct web_shared none;

	return cur_shared ? cur_shared : &none;
}

/* One request in flight: its body so far. */
struct conn_ctx {
	struct sbuf body;
	size_t limit;
	size_t held;  /* bytes of body counted in `inflight` */
	int too_large;
	int busy;     /* refused: the server holds too many bodies at once */
	int unauth;   /* /api/v1/events without a bearer token: not read */
};

/* Request bodies held in memory by all connections together. Each route
 * has its own limit (body_limit), but many connections at once could
 * still hold many of them: past this budget a body is refused with 503
 * before it is read, so memory stays bounded whatever the clients send. */
#define WEB_MAX_INFLIGHT ((size_t)48 << 20)
static pthread_mutex_t inflight_mu = PTHREAD_MUTEX_INITIALIZER;
static size_t inflight;

/* Counts n more body bytes for cx against the budget; 0 if refused. */
static int inflight_take(struct conn_ctx *cx, size_t n)
{
	int ok;

	pthread_mutex_lock(&inflight_mu);
	ok = inflight + n <= WEB_MAX_INFLIGHT;
	if (ok) {
		inflight += n;
		cx->held += n;
	}
	pthread_mutex_unlock(&inflight_mu);
	return ok;
}

static void inflight_give(struct conn_ctx *cx)
{
	pthread_mutex_lock(&inflight_mu);
	inflight -= cx->held;
	cx->held = 0;
	pthread_mutex_unlock(&inflight_mu);
}

/* 1 if the request carries an `Authorization: Bearer ...` header. */
static int has_bearer(struct MHD_Connection *c)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    "Authorization");

	return a && strncasecmp(a, "Bearer ", 7) == 0 && a[7];
}

static void thread_free(void *p)
{
	struct web_thread *t = p;

	if (!t)
		return;
	netra_store_close(t->st);
	free(t);
}

/* This worker's store, opened on first use. */
static struct web_thread *thread_get(void)
{
	struct web_thread *t = pthread_getspecific(srv.key);

	if (t)
		return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	if (netra_store_open(&t->st, srv.opts->db_path) != 0) {
		fprintf(stderr, "netra serve: %s\n", netra_error_last());
		thread_free(t);
		return NULL;
	}
	pthread_setspecific(srv.key, t);
	return t;
}

static size_t body_limit(const char *url)
{
	if (strcmp(url, "/lapor") == 0 || strcmp(url, "/api/v1/complaints") == 0)
		return WEB_UPLOAD_MAX;
	if (strcmp(url, "/api/v1/events") == 0)
		return WEB_EVENTS_MAX;
	return WEB_BODY_MAX;
}

static void add_headers(struct MHD_Response *r, const struct web_resp *rs,
                        int api)
{
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; "
	                        "frame-ancestors 'none'; form-action 'self'; "
	                        "base-uri 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	                        "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(r, "Cache-Control",
	                        strcmp(rs->ctype, "text/css") == 0
	                            ? "public, max-age=3600"
	                            : "no-store");
	MHD_add_response_header(r, "Content-Type", rs->ctype);
	if (rs->location[0])
		MHD_add_response_header(r, "Location", rs->location);
	if (rs->cookie[0])
		MHD_add_response_header(r, "Set-Cookie", rs->cookie);
	if (rs->disposition[0])
		MHD_add_response_header(r, "Content-Disposition",
		                        rs->disposition);
	(void)api;
}

static enum MHD_Result send_resp(struct MHD_Connection *c,
                                 struct web_resp *rs, int api)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t n;
	char *data;

	if (rs->fd >= 0) {
		r = MHD_create_response_from_fd64(rs->fd_size, rs->fd);
		rs->fd = -1;
	} else {
		n = rs->body.len;
		data = sbuf_detach(&rs->body);
		r = data ? MHD_create_response_from_buffer(
		               n, data, MHD_RESPMEM_MUST_FREE)
		         : NULL;
		if (!r)
			free(data);
	}
	if (!r)
		return MHD_NO;
	add_headers(r, rs, api);
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ret;
}

/* The client address: the peer, or the last X-Forwarded-For entry when
 * the peer is the proxy the operator named. */
static void client_addr(struct web_req *rq, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *xff, *last, *proto;
	char buf[64];
	unsigned char bin[16];
	size_t n;

	snprintf(rq->client, sizeof(rq->client), "?");
	if (ci && ci->client_addr)
		getnameinfo(ci->client_addr,
		            ci->client_addr->sa_family == AF_INET6
		                ? sizeof(struct sockaddr_in6)
		                : sizeof(struct sockaddr_in),
		            rq->client, sizeof(rq->client), NULL, 0,
		            NI_NUMERICHOST);
	rq->secure = rq->opts->secure_cookies;
	if (!rq->opts->trusted_proxy ||
	    strcmp(rq->client, rq->opts->trusted_proxy) != 0)
		return;
	proto = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                    "X-Forwarded-Proto");
	if (proto && strcasecmp(proto, "https") == 0)
		rq->secure = 1;
	xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                  "X-Forwarded-For");
	if (!xff)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	n = strcspn(last, " ");
	if (n == 0 || n >= sizeof(buf))
		return;
	memcpy(buf, last, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, bin) == 1 ||
	    inet_pton(AF_INET6, buf, bin) == 1)
		snprintf(rq->client, sizeof(rq->client), "%s", buf);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind,
                                     const char *key, const char *value)
{
	struct web_params *p = cls;
	struct web_param *items;

	(void)kind;
	if (p->len >= WEB_PARAMS_MAX || !value)
		return MHD_YES;
	items = realloc(p->items, (p->len + 1) * sizeof(*items));
	if (!items)
		return MHD_NO;
	p->items = items;
	memset(&items[p->len], 0, sizeof(*items));
	items[p->len].name = strdup(key);
	items[p->len].value = strdup(value);
	if (!items[p->len].name || !items[p->len].value) {
		free(items[p->len].name);
		free(items[p->len].value);
		return MHD_NO;
	}
	items[p->len].value_len = strlen(value);
	p->len++;
	return MHD_YES;
}

/* Builds the request, runs the route, fills rs. */
static void handle(struct MHD_Connection *c, const char *url,
                   const char *method, struct conn_ctx *cx,
                   struct web_resp *rs)
{
	struct web_thread *t = thread_get();
	struct web_gen *gen;
	netra_judge *judge;
	struct web_req rq;
	const char *cookie;
	int rc = 0;

	memset(&rq, 0, sizeof(rq));
	rq.opts = srv.opts;
	rq.method = method;
	rq.path = url;
	rq.body = cx->body.data ? cx->body.data : "";
	rq.body_len = cx->body.len;
	rq.ctype = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                       "Content-Type");
	if (!rq.ctype)
		rq.ctype = "";
	rq.csrf_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                             "X-CSRF-Token");
	rq.auth_header = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                             "Authorization");
	client_addr(&rq, c);
	if (!t) {
		web_error_page(rs, &rq, 503, "Penyimpanan tidak dapat dibuka.");
		return;
	}
	rq.st = t->st;
	gen = web_engine_take(&judge);
	cur_shared = gen ? web_gen_shared(gen) : NULL;
	rq.engine = cur_shared ? cur_shared->engine : NULL;
	rq.judge = judge;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query,
	                          &rq.query);
	cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	if (cookie)
		rc = web_cookie_decode(&rq.cookies, cookie, strlen(cookie));
	if (!rc && strncasecmp(rq.ctype, "application/x-www-form-urlencoded",
	                       33) == 0)
		rc = web_form_decode(&rq.form, rq.body, rq.body_len);
	else if (!rc && strncasecmp(rq.ctype, "multipart/form-data", 19) == 0)
		rc = web_multipart_decode(&rq.form, rq.ctype, rq.body,
		                          rq.body_len);
	if (rc == NETRA_EINVALID) {
		if (strncmp(url, "/api/", 5) == 0)
			web_json_error(rs, 400, netra_error_last());
		else
			web_error_page(rs, &rq, 400, "Isian formulir tidak sah.");
	} else if (!rc && !(rc = web_session_load(&rq))) {
		rc = web_route(&rq, rs);
	}
	if (rc && rc != NETRA_EINVALID) {
		fprintf(stderr, "netra serve: %s %s: %s\n", method, url,
		        netra_error_last());
		if (rs->fd >= 0)
			close(rs->fd);
		rs->fd = -1;
		rs->ctype = "text/html; charset=utf-8";
		rs->location[0] = rs->disposition[0] = '\0';
		if (strncmp(url, "/api/", 5) == 0)
			web_json_error(rs, 500, "internal error");
		else
			web_error_page(rs, &rq, 500, "Terjadi kesalahan pada "
			                             "server. Coba lagi nanti.");
	}
	cur_shared = NULL;
	web_engine_give(gen, judge);
	web_params_free(&rq.query);
	web_params_free(&rq.form);
	web_params_free(&rq.cookies);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	struct conn_ctx *cx = *con_cls;
	struct web_resp rs;
	enum MHD_Result ret;

	(void)cls;
	(void)version;
	if (!cx) {
		cx = calloc(1, sizeof(*cx));
		if (!cx)
			return MHD_NO;
		cx->limit = body_limit(url);
		/* batch ingest is for token holders only: without a token its
		 * (large) body is never read */
		cx->unauth = strcmp(url, "/api/v1/events") == 0 && !has_bearer(c);
		*con_cls = cx;
		return MHD_YES;
	}
	memset(&rs, 0, sizeof(rs));
	rs.status = 200;
	rs.fd = -1;
	rs.ctype = "text/html; charset=utf-8";
	if (*upload_size) {
		if (cx->unauth || cx->busy || cx->too_large) {
			*upload_size = 0;
			return MHD_YES;
		}
		if (cx->body.len + *upload_size > cx->limit) {
			cx->too_large = 1;
			*upload_size = 0;
			return MHD_YES;
		}
		if (!inflight_take(cx, *upload_size)) {
			cx->busy = 1;
			*upload_size = 0;
			return MHD_YES;
		}
		if (sbuf_append(&cx->body, upload, *upload_size))
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	if (cx->unauth) {
		web_json_error(&rs, 401, "an API token is required "
					 "(Authorization: Bearer)");
	} else if (cx->busy) {
		web_json_error(&rs, 503, "server busy: try again shortly");
	} else if (cx->too_large) {
		if (strncmp(url, "/api/", 5) == 0)
			web_json_error(&rs, 413, "request body too large");
		else {
			struct web_req rq;

			memset(&rq, 0, sizeof(rq));
			web_error_page(&rs, &rq, 413,
			               "Kiriman terlalu besar (berkas lampiran "
			               "paling besar 2 MB).");
		}
	} else {
		handle(c, url, method, cx, &rs);
	}
	ret = send_resp(c, &rs, strncmp(url, "/api/", 5) == 0);
	sbuf_free(&rs.body);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *cx = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (cx) {
		inflight_give(cx);
		sbuf_free(&cx->body);
		free(cx);
		*con_cls = NULL;
	}
}

/* The worked examples of the pedoman page, RULE<TAB>text per line ('#'
 * comments); a missing file leaves none. */
static int load_examples(void)
{
	char path[4096], *buf = NULL, *line, *next, *tab;
	struct web_example *ex;
	size_t len;
	int rc;

	snprintf(path, sizeof(path), "%s/web/pedoman_contoh.tsv",
	         netra_engine_default_data_dir());
	if (util_read_file(&buf, &len, path, 1 << 20) != 0)
		return 0;
	rc = 0;
	for (line = buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#' || !(tab = strchr(line, '\t')))
			continue;
		*tab = '\0';
		ex = realloc(srv.examples, (srv.nexamples + 1) * sizeof(*ex));
		if (!ex) {
			rc = err_oom();
			break;
		}
		srv.examples = ex;
		ex[srv.nexamples].rule = strdup(line);
		ex[srv.nexamples].text = strdup(tab + 1);
		if (!ex[srv.nexamples].rule || !ex[srv.nexamples].text) {
			free(ex[srv.nexamples].rule);
			free(ex[srv.nexamples].text);
			rc = err_oom();
			break;
		}
		srv.nexamples++;
	}
	free(buf);
	return rc;
}

static void free_examples(void)
{
	size_t i;

	for (i = 0; i < srv.nexamples; i++) {
		free(srv.examples[i].rule);
		free(srv.examples[i].text);
	}
	free(srv.examples);
	srv.examples = NULL;
	srv.nexamples = 0;
}

static struct MHD_Daemon *start(const struct web_opts *o)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, o->listen_addr, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)o->port);
	} else if (inet_pton(AF_INET6, o->listen_addr, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)o->port);
		flags |= MHD_USE_IPv6;
	} else {
		err_set(NETRA_EINVALID, "--listen: '%s' is not an IP address",
		        o->listen_addr);
		return NULL;
	}
	return MHD_start_daemon(
	    flags, (uint16_t)o->port, NULL, NULL, on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads ? o->threads : 4),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)64,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
}

int web_serve(const struct web_opts *o)
{
	struct MHD_Daemon *d = NULL;
	sigset_t set;
	int sig, rc;

	memset(&srv, 0, sizeof(srv));
	srv.opts = o;
	if (pthread_key_create(&srv.key, thread_free))
		return err_set(NETRA_ERROR, "pthread_key_create failed");
	if ((rc = load_examples()) ||
	    (rc = web_engine_start(o, srv.examples, srv.nexamples)))
		goto done;
	/* the workers inherit this mask: only this thread takes the signal */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = start(o);
	if (!d) {
		rc = NETRA_EINVALID;
		if (!strstr(netra_error_last(), "--listen"))
			rc = err_set(NETRA_EIO, "cannot listen on %s port %u",
			             o->listen_addr, o->port);
		goto done;
	}
	if (!o->quiet) {
		const union MHD_DaemonInfo *di =
		    MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		unsigned port = di && di->port ? di->port : o->port;

		/* port 0 asks the kernel for a free port: this line names it */
		fprintf(stderr, "netra serve: listening on http://%s%s%s:%u/\n",
		        strchr(o->listen_addr, ':') ? "[" : "", o->listen_addr,
		        strchr(o->listen_addr, ':') ? "]" : "", port);
	}
	sigwait(&set, &sig);
	rc = 0;
done:
	if (d)
		MHD_stop_daemon(d);
	web_engine_stop(); /* after the last request */
	free_examples();
	pthread_key_delete(srv.key);
	return rc;
}
