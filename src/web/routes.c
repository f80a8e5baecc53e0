/*
 * web/routes.c - the table of every path `netra serve` answers, with what
 * each needs before its handler runs: a method, a signed-in user (pages
 * redirect to /masuk, the API answers 401), a role, and for every
 * state-changing request the CSRF token (the session's, or for the public
 * forms a pre-session token in a cookie of its own). Paths with an id
 * ("/temuan/42") match a pattern with one '#' segment of digits only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "web/pages.h"
#include "web/web_int.h"

enum {
	R_LOGIN = 1,   /* a signed-in user */
	R_BKPP = 2,    /* role bkpp */
	R_CSRF = 4,    /* POST needs the session's CSRF token */
	R_PRECSRF = 8, /* POST needs the pre-session token (public forms) */
	R_API = 16,    /* JSON errors */
};

struct route {
	const char *method; /* "GET", "POST", or "*" for both */
	const char *pattern;
	unsigned flags;
	web_handler fn;
};

static const struct route routes[] = {
    {"GET", "/static/netra.css", 0, page_css},
    {"GET", "/", R_LOGIN, page_beranda},
    {"*", "/masuk", R_PRECSRF, page_masuk},
    {"POST", "/keluar", R_LOGIN | R_CSRF, page_keluar},
    {"*", "/sandi", R_LOGIN | R_CSRF, page_sandi},
    {"GET", "/antrean", R_LOGIN, page_antrean},
    {"GET", "/temuan/#", R_LOGIN, page_temuan},
    {"POST", "/temuan/#/aksi", R_LOGIN | R_CSRF, page_temuan_aksi},
    {"GET", "/temuan/#/bukti.zip", R_LOGIN, page_bukti_zip},
    {"GET", "/temuan/#/bukti.tar", R_LOGIN, page_bukti_tar},
    {"GET", "/laporan", R_LOGIN, page_laporan},
    {"GET", "/laporan.csv", R_LOGIN, page_laporan_csv},
    {"GET", "/pegawai", R_LOGIN, page_pegawai},
    {"GET", "/cakupan", R_LOGIN, page_cakupan},
    {"*", "/pengguna", R_LOGIN | R_BKPP | R_CSRF, page_pengguna},
    {"*", "/token", R_LOGIN | R_BKPP | R_CSRF, page_token},
    {"GET", "/aduan", R_LOGIN | R_BKPP, page_aduan},
    {"*", "/aduan/#", R_LOGIN | R_BKPP | R_CSRF, page_aduan_satu},
    {"GET", "/aduan/#/tangkapan", R_LOGIN | R_BKPP, page_aduan_gambar},
    {"GET", "/pedoman", 0, page_pedoman},
    {"*", "/cek", R_PRECSRF, page_cek},
    {"*", "/lapor", R_PRECSRF, page_lapor},
    {"POST", "/api/v1/login", R_API, api_login},
    {"POST", "/api/v1/logout", R_API | R_LOGIN | R_CSRF, api_logout},
    {"GET", "/api/v1/findings", R_API | R_LOGIN, api_findings},
    {"GET", "/api/v1/findings/#", R_API | R_LOGIN, api_finding},
    {"POST", "/api/v1/findings/#/*", R_API | R_LOGIN | R_CSRF, api_act},
    {"POST", "/api/v1/check", R_API, api_check},
    {"POST", "/api/v1/events", R_API, api_events},
    {"POST", "/api/v1/complaints", R_API, api_complaints},
    {"GET", "/api/v1/complaints", R_API | R_LOGIN | R_BKPP, api_triage_list},
    {"GET", "/api/v1/complaints/#", R_API | R_LOGIN | R_BKPP, api_triage_one},
    {"POST", "/api/v1/complaints/#/*", R_API | R_LOGIN | R_BKPP | R_CSRF,
     api_triage_act},
    {"GET", "/api/v1/report", R_API | R_LOGIN, api_report},
    {"GET", "/api/v1/units", R_API | R_LOGIN, api_units},
    {"GET", "/api/v1/staff", R_API | R_LOGIN, api_staff},
    {"GET", "/api/v1/users", R_API | R_LOGIN | R_BKPP, api_users},
    {"GET", "/api/v1/tokens", R_API | R_LOGIN | R_BKPP, api_tokens},
    {"POST", "/api/v1/users", R_API | R_LOGIN | R_BKPP | R_CSRF,
     api_user_add},
    {"POST", "/api/v1/users/*", R_API | R_LOGIN | R_BKPP | R_CSRF,
     api_user_act},
    {"POST", "/api/v1/tokens", R_API | R_LOGIN | R_BKPP | R_CSRF,
     api_token_issue},
    {"POST", "/api/v1/tokens/#/*", R_API | R_LOGIN | R_BKPP | R_CSRF,
     api_token_revoke},
};

/* Matches path against pattern; '#' takes a decimal id (1-18 digits, no
 * leading zero), '*' one segment of [a-z] (an action name) kept in
 * *word. */
static int match(const char *pattern, const char *path, int64_t *id,
                 const char **word)
{
	const char *p = pattern, *s = path;
	size_t n;

	*id = 0;
	*word = NULL;
	while (*p && *s) {
		if (*p == '#') {
			n = strspn(s, "0123456789");
			if (n == 0 || n > 18 || s[0] == '0')
				return 0;
			*id = strtoll(s, NULL, 10);
			s += n;
			p++;
		} else if (*p == '*') {
			n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
			if (n == 0 || s[n] != '\0')
				return 0;
			*word = s;
			s += n;
			p++;
		} else if (*p++ != *s++) {
			return 0;
		}
	}
	return *p == '\0' && *s == '\0';
}

/* A POST from a JSON client must say it sends JSON: a cross-site HTML
 * form cannot, so the public JSON endpoints need no token. */
static int is_json(const struct web_req *rq)
{
	return strncmp(rq->ctype, "application/json", 16) == 0;
}

static int refuse(struct web_req *rq, struct web_resp *rs, unsigned flags,
                  int status, const char *msg_id, const char *msg_en)
{
	if (flags & R_API)
		return web_json_error(rs, status, msg_en);
	return web_error_page(rs, rq, status, msg_id);
}

static int guard(struct web_req *rq, struct web_resp *rs,
                 const struct route *r, int post)
{
	if ((r->flags & R_LOGIN) && !rq->logged_in) {
		if (r->flags & R_API)
			return web_json_error(rs, 401, "not signed in");
		return web_redirect(rs, "/masuk");
	}
	if ((r->flags & R_BKPP) && rq->user.role != WF_ROLE_BKPP)
		return refuse(rq, rs, r->flags, 404, "Halaman tidak ditemukan.",
		              "not found");
	if (post && (r->flags & R_CSRF) && !web_csrf_ok(rq, rq->csrf_header))
		return refuse(rq, rs, r->flags, 403,
		              "Formulir kedaluwarsa atau tidak sah (token CSRF). "
		              "Muat ulang halaman lalu coba lagi.",
		              "missing or wrong CSRF token");
	if (post && (r->flags & R_PRECSRF) && !web_precsrf_ok(rq))
		return refuse(rq, rs, r->flags, 403,
		              "Formulir kedaluwarsa atau tidak sah (token CSRF). "
		              "Muat ulang halaman lalu coba lagi.",
		              "missing or wrong CSRF token");
	if (post && (r->flags & R_API) && !(r->flags & R_CSRF) &&
	    strcmp(r->pattern, "/api/v1/events") != 0 && !is_json(rq))
		return web_json_error(rs, 415,
		                      "Content-Type must be application/json");
	return 1;
}

int web_route(struct web_req *rq, struct web_resp *rs)
{
	int post = strcmp(rq->method, "POST") == 0, path_found = 0, g;
	const char *word;
	int64_t id;
	size_t i;

	if (!post && strcmp(rq->method, "GET") != 0 &&
	    strcmp(rq->method, "HEAD") != 0)
		return web_error_page(rs, rq, 405, "Metode tidak didukung.");
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *r = &routes[i];

		if (!match(r->pattern, rq->path, &id, &word))
			continue;
		path_found = 1;
		if (strcmp(r->method, "*") != 0 &&
		    strcmp(r->method, post ? "POST" : "GET") != 0)
			continue;
		if ((g = guard(rq, rs, r, post)) != 1)
			return g;
		rq->action = word;
		return r->fn(rq, rs, id);
	}
	if (strncmp(rq->path, "/api/", 5) == 0)
		return web_json_error(rs, path_found ? 405 : 404,
		                      path_found ? "method not allowed"
		                                 : "not found");
	return web_error_page(rs, rq, path_found ? 405 : 404,
	                      path_found ? "Metode tidak didukung."
	                                 : "Halaman tidak ditemukan.");
}
