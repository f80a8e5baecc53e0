/*
 * web/api.c - the JSON API under /api/v1 (docs/api.md): login and logout
 * (the same sessions as the pages; state-changing calls with a session
 * carry its CSRF token in X-CSRF-Token), the findings queue, one finding
 * and its actions, the public self-check, the public complaint and the
 * batch ingest of outside collectors (API tokens; the ingest library
 * itself, so it is idempotent and feeds the same evidence log).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "netra/ingest.h"
#include "util/error.h"
#include "web/apitoken.h"
#include "web/complaint.h"
#include "web/pages.h"
#include "workflow/finding.h"
#include "workflow/internal.h"

int web_json(struct web_resp *rs, int status, json_t *v)
{
	char *s;
	int rc;

	rs->status = status;
	rs->ctype = "application/json";
	sbuf_clear(&rs->body);
	if (!v)
		return err_oom();
	s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (!s)
		return err_oom();
	rc = sbuf_puts(&rs->body, s) || sbuf_putc(&rs->body, '\n');
	free(s);
	return rc ? err_oom() : 0;
}

int web_json_error(struct web_resp *rs, int status, const char *message)
{
	return web_json(rs, status, json_pack("{s:s}", "error", message));
}

int web_body_json(json_t **out, struct web_req *rq, struct web_resp *rs,
                  int *bad)
{
	int rc = web_json_decode(out, rq->body, rq->body_len);

	*bad = 0;
	if (rc == NETRA_EINVALID) {
		*bad = 1;
		return web_json_error(rs, 400, netra_error_last());
	}
	return rc;
}

int api_login(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	json_t *b = NULL;
	int rc, bad, wait_s;

	(void)id;
	if ((rc = web_body_json(&b, rq, rs, &bad)) || bad)
		return rc;
	rc = web_login(rq, rs,
	               json_string_value(json_object_get(b, "username")),
	               json_string_value(json_object_get(b, "password")),
	               &wait_s);
	json_decref(b);
	if (rc == NETRA_EDENIED) {
		if (wait_s) {
			rs->status = 429;
			return web_json(rs, 429,
			                json_pack("{s:s, s:i}", "error",
			                          "too many failed logins",
			                          "retry_after", wait_s));
		}
		return web_json_error(rs, 401, "wrong username or password");
	}
	if (rc)
		return rc;
	return web_json(rs, 200,
	                json_pack("{s:s, s:s, s:s, s:s}", "user", rq->user.name,
	                          "role", wf_role_name(rq->user.role), "unit",
	                          rq->user.unit_code, "csrf", rq->csrf));
}

int api_logout(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	int rc;

	(void)id;
	if ((rc = web_session_end(rq, rs)))
		return rc;
	return web_json(rs, 200, json_pack("{s:b}", "ok", 1));
}

/* {"text": "..."} or an Event object: judged with this worker's judge. */
int api_check(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	netra_event_parser *p = NULL;
	const netra_event *ev;
	const netra_verdict *v;
	json_t *b = NULL, *text, *out = NULL;
	json_error_t je;
	char key[96], *js = NULL;
	size_t n;
	int rc, bad, allowed;

	(void)id;
	snprintf(key, sizeof(key), "cek:%s", rq->client);
	if ((rc = web_rate_hit(&allowed, rq->st, key, 30, 60)))
		return rc;
	if (!allowed)
		return web_json_error(rs, 429, "too many checks; wait a minute");
	if (!rq->judge)
		return web_json_error(rs, 503, "no election profile is set on "
		                               "this server");
	if ((rc = web_body_json(&b, rq, rs, &bad)) || bad)
		return rc;
	text = json_object_get(b, "text");
	if (json_object_size(b) == 1 && json_is_string(text)) {
		if (json_string_length(text) > 5000) {
			json_decref(b);
			return web_json_error(rs, 400, "text longer than 5000 bytes");
		}
		rc = netra_judge_text(rq->judge, "-", json_string_value(text),
		                      json_string_length(text), &v);
	} else if ((rc = netra_event_parser_new(&p)) == 0) {
		rc = netra_event_parser_parse(p, rq->body, rq->body_len, &ev);
		if (rc == NETRA_EINVALID) {
			json_decref(b);
			netra_event_parser_free(p);
			return web_json_error(rs, 400, netra_error_last());
		}
		if (!rc)
			rc = netra_judge_event(rq->judge, ev, &v);
	}
	json_decref(b);
	if (!rc)
		rc = netra_verdict_json(&js, &n, v);
	if (!rc && !(out = json_loadb(js, n, 0, &je)))
		rc = err_oom();
	free(js);
	netra_event_parser_free(p);
	return rc ? rc : web_json(rs, 200, out);
}

int api_complaints(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	struct web_complaint_in in;
	json_t *b = NULL;
	char key[96];
	int64_t cid = 0;
	int rc, bad, allowed;

	(void)id;
	snprintf(key, sizeof(key), "lapor:%s", rq->client);
	if ((rc = web_rate_hit(&allowed, rq->st, key, 10, 3600)))
		return rc;
	if (!allowed)
		return web_json_error(rs, 429, "too many complaints; wait an "
		                               "hour");
	if ((rc = web_body_json(&b, rq, rs, &bad)) || bad)
		return rc;
	memset(&in, 0, sizeof(in));
	in.url = json_string_value(json_object_get(b, "url"));
	in.account = json_string_value(json_object_get(b, "account"));
	in.platform = json_string_value(json_object_get(b, "platform"));
	in.seen = json_string_value(json_object_get(b, "seen"));
	in.contact = json_string_value(json_object_get(b, "contact"));
	rc = web_complaint_file(&cid, rq->st, rq->judge, &in);
	json_decref(b);
	if (rc == NETRA_EINVALID)
		return web_json_error(rs, 400, netra_error_last());
	if (rc)
		return rc;
	return web_json(rs, 201, json_pack("{s:I}", "id", (json_int_t)cid));
}

/* "PATH:LINE: reason" lines of the ingest log into [{"line","error"}]. */
static json_t *parse_errors(const char *log, const char *path)
{
	json_t *arr = json_array();
	size_t pl = strlen(path);
	const char *p = log, *nl;

	while (arr && p && *p) {
		nl = strchr(p, '\n');
		if (strncmp(p, path, pl) == 0 && p[pl] == ':') {
			char *end;
			long line = strtol(p + pl + 1, &end, 10);
			const char *msg = *end == ':' ? end + 1 : end;
			size_t n = nl ? (size_t)(nl - msg) : strlen(msg);

			while (n && *msg == ' ')
				msg++, n--;
			json_array_append_new(
			    arr, json_pack("{s:i, s:s%}", "line", (int)line,
			                   "error", msg, n));
		}
		p = nl ? nl + 1 : NULL;
	}
	return arr;
}

/* Writes the body to a private temporary file for the ingest library. */
static int body_file(char *path, size_t size, const struct web_req *rq)
{
	const char *dir = getenv("TMPDIR");
	ssize_t w;
	size_t off = 0;
	int fd;

	snprintf(path, size, "%s/netra-api-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return err_set(NETRA_EIO, "cannot create a temporary file");
	while (off < rq->body_len) {
		w = write(fd, rq->body + off, rq->body_len - off);
		if (w <= 0) {
			close(fd);
			unlink(path);
			return err_set(NETRA_EIO, "temporary file: write failed");
		}
		off += (size_t)w;
	}
	close(fd);
	return 0;
}

static int run_ingest(json_t **out, struct web_req *rq, netra_ingest_format f)
{
	char path[4096], rej[4200], *log = NULL;
	size_t loglen = 0;
	netra_ingest_options o;
	netra_ingest_result r;
	FILE *lf;
	int rc;

	*out = NULL;
	if ((rc = body_file(path, sizeof(path), rq)))
		return rc;
	snprintf(rej, sizeof(rej), "%s.rejects", path);
	if (!(lf = open_memstream(&log, &loglen))) {
		unlink(path);
		return err_oom();
	}
	memset(&o, 0, sizeof(o));
	o.format = f;
	o.rejects_path = rej;
	o.log = lf;
	o.max_errors_shown = 1000;
	rc = netra_ingest_file(&r, rq->st, path, &o);
	fclose(lf);
	unlink(path);
	unlink(rej);
	if (!rc)
		*out = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:o}", "read",
		                 (json_int_t)r.read, "ingested",
		                 (json_int_t)r.ingested, "duplicates",
		                 (json_int_t)r.duplicates, "skipped",
		                 (json_int_t)r.skipped, "rejected",
		                 (json_int_t)r.rejected, "format",
		                 netra_ingest_format_name(r.format), "errors",
		                 parse_errors(log ? log : "", path));
	free(log);
	if (!rc && !*out)
		rc = err_oom();
	return rc;
}

int api_events(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *auth = rq->auth_header, *fmt;
	netra_ingest_format f = NETRA_FMT_AUTO;
	char label[101], actor[120], object[40], *detail;
	json_t *out = NULL, *errors;
	int64_t tid;
	int rc;

	(void)id;
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0 ||
	    web_token_check(&tid, label, rq->st, auth + 7) != 0)
		return web_json_error(rs, 401, "a valid API token is needed "
		                               "(Authorization: Bearer TOKEN)");
	fmt = web_param_str(&rq->query, "format");
	if (fmt && netra_ingest_format_parse(&f, fmt) != 0)
		return web_json_error(rs, 400, netra_error_last());
	if (rq->body_len == 0)
		return web_json_error(rs, 400, "empty body");
	rc = run_ingest(&out, rq, f);
	if (rc == NETRA_EINVALID)
		return web_json_error(rs, 400, netra_error_last());
	if (rc)
		return rc;
	snprintf(actor, sizeof(actor), "token:%s", label);
	snprintf(object, sizeof(object), "api_token:%lld", (long long)tid);
	/* the counts, without the per-record errors (they quote input) */
	errors = json_incref(json_object_get(out, "errors"));
	json_object_del(out, "errors");
	detail = json_dumps(out, JSON_COMPACT);
	json_object_set_new(out, "errors", errors ? errors : json_array());
	if (!detail || (rc = wf_audit(rq->st, (int64_t)time(NULL), actor,
	                              "ingest", object, detail)) != 0) {
		free(detail);
		json_decref(out);
		return detail ? rc : err_oom();
	}
	free(detail);
	return web_json(rs, 200, out);
}

/* GET /api/v1/findings?state=&category=&unit=&overdue=1&sort=&desc=1
 * &limit=&offset= (or &after=CURSOR, &before=CURSOR: the page's "next"
 * and "prev") : one page of the caller's findings. */
int api_findings(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	struct wf_list_filter f;
	const struct web_params *q = &rq->query;
	const char *v;
	json_t *page = NULL;
	int rc, s;

	(void)id;
	memset(&f, 0, sizeof(f));
	f.state = web_param_str(q, "state");
	f.category = web_param_str(q, "category");
	f.unit_code = web_param_str(q, "unit");
	f.overdue = (v = web_param_str(q, "overdue")) && strcmp(v, "1") == 0;
	f.desc = (v = web_param_str(q, "desc")) && strcmp(v, "1") == 0;
	if ((v = web_param_str(q, "sort"))) {
		if ((s = wf_sort_parse(v)) < 0)
			return web_json_error(rs, 400, "unknown sort");
		f.sort = (enum wf_sort)s;
	}
	if ((v = web_param_str(q, "limit")))
		f.limit = strtoll(v, NULL, 10);
	if ((v = web_param_str(q, "offset")))
		f.offset = strtoll(v, NULL, 10);
	f.after = web_param_str(q, "after");
	f.before = web_param_str(q, "before");
	if (f.limit < 0 || f.offset < 0)
		return web_json_error(rs, 400, "limit and offset must be >= 0");
	rc = wf_finding_list(&page, rq->st, rq->user.name, &f);
	if (rc == NETRA_EINVALID)
		return web_json_error(rs, 400, netra_error_last());
	if (rc == NETRA_ENOTFOUND)
		return web_json_error(rs, 404, "unit not found");
	return rc ? rc : web_json(rs, 200, page);
}

int api_finding(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	json_t *o = NULL;
	int rc = wf_finding_show(&o, rq->st, rq->user.name, id, 0);

	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_json_error(rs, 404, "not found");
	return rc ? rc : web_json(rs, 200, o);
}

/* POST /api/v1/findings/{id}/{action} {"reason": "..."} */
int api_act(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	int act = rq->action ? wf_action_parse(rq->action) : -1, rc, bad = 0;
	const char *reason = NULL;
	json_t *b = NULL, *o = NULL;

	if (act < 0)
		return web_json_error(rs, 404, "unknown action");
	if (rq->body_len && ((rc = web_body_json(&b, rq, rs, &bad)) || bad))
		return rc;
	reason = json_string_value(json_object_get(b, "reason"));
	rc = wf_finding_act(rq->st, rq->user.name, id, (enum wf_action)act,
	                    reason, 0);
	json_decref(b);
	if (rc == NETRA_ENOTFOUND)
		return web_json_error(rs, 404, "not found");
	if (rc == NETRA_EDENIED || rc == NETRA_ESTATE)
		return web_json_error(rs, 409, netra_error_last());
	if (rc == NETRA_EINVALID)
		return web_json_error(rs, 400, netra_error_last());
	if (rc)
		return rc;
	rc = wf_finding_show(&o, rq->st, rq->user.name, id, 0);
	if (rc == NETRA_ENOTFOUND) /* e.g. a bawaslu-invisible state now */
		return web_json(rs, 200, json_pack("{s:I, s:s}", "id",
		                                   (json_int_t)id, "action",
		                                   rq->action));
	return rc ? rc : web_json(rs, 200, o);
}
