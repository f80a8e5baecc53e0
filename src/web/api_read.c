/*
 * web/api_read.c - the read-only JSON API beside the pages (docs/api.md):
 * the report (GET /api/v1/report, the Laporan page's figures as JSON or
 * one CSV table), the registry (GET /api/v1/units, the unit tree with
 * staff and account counts; GET /api/v1/staff?unit=CODE, one unit's
 * employees with their accounts), and for BKPP the users
 * (GET /api/v1/users) and API tokens (GET /api/v1/tokens). Each answers
 * from the same library call as its page, scoped there to the caller's
 * units; what shows personal data (staff, users) writes an audit row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "util/error.h"
#include "web/apitoken.h"
#include "web/pages.h"
#include "workflow/internal.h"
#include "workflow/user.h"

/* The report's filters from the query: from, to (YYYY-MM-DD, the region's
 * days), unit; 0 or NETRA_EINVALID (message set). */
static int report_filters(struct report_opts *o, struct web_req *rq)
{
	const char *unit = web_param_str(&rq->query, "unit");
	const char *from = web_param_str(&rq->query, "from");
	const char *to = web_param_str(&rq->query, "to");

	memset(o, 0, sizeof(*o));
	o->actor = rq->user.name;
	o->unit_code = unit && *unit ? unit : NULL;
	if (web_report_day(&o->from, rq->st, o->unit_code, from, 0) ||
	    web_report_day(&o->to, rq->st, o->unit_code, to, 1))
		return err_set(NETRA_EINVALID, "from and to are dates "
		                               "(YYYY-MM-DD)");
	return 0;
}

/* GET /api/v1/report?from=&to=&unit=&format=json|csv&table=units|rules|
 * daily */
int api_report(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *fmt = web_param_str(&rq->query, "format");
	const char *table = web_param_str(&rq->query, "table");
	struct report_opts o;
	json_error_t je;
	char *body = NULL;
	json_t *doc;
	int rc;

	(void)id;
	if (report_filters(&o, rq))
		return web_json_error(rs, 400, netra_error_last());
	if (!fmt || strcmp(fmt, "json") == 0)
		o.format = REPORT_JSON;
	else if (strcmp(fmt, "csv") == 0)
		o.format = REPORT_CSV;
	else
		return web_json_error(rs, 400, "format is json or csv");
	if (!table || strcmp(table, "units") == 0)
		o.table = REPORT_UNITS;
	else if (strcmp(table, "rules") == 0)
		o.table = REPORT_RULES;
	else if (strcmp(table, "daily") == 0)
		o.table = REPORT_DAILY;
	else
		return web_json_error(rs, 400, "table is units, rules or daily");
	rc = report_build(&body, rq->st, &o);
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_json_error(rs, 404, "unit not found");
	if (rc)
		return rc;
	if (o.format == REPORT_CSV) {
		rs->ctype = "text/csv; charset=utf-8";
		rc = sbuf_puts(&rs->body, body) ? err_oom() : 0;
		free(body);
		return rc;
	}
	doc = json_loads(body, 0, &je);
	free(body);
	return doc ? web_json(rs, 200, doc) : err_oom();
}

/* GET /api/v1/units[?unit=CODE]: the unit tree of the caller's scope (or
 * of one unit in it) with staff and account counts. */
int api_units(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *unit = web_param_str(&rq->query, "unit");
	json_t *tree = NULL;
	int rc;

	(void)id;
	rc = wf_registry_show(&tree, rq->st, rq->user.name,
	                      unit && *unit ? unit : NULL);
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_json_error(rs, 404, "unit not found");
	return rc ? rc : web_json(rs, 200, tree);
}

/* GET /api/v1/staff?unit=CODE: the employees of one unit in scope with
 * their accounts (personal data: the library audits it, view_staff). */
int api_staff(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *unit = web_param_str(&rq->query, "unit");
	json_t *staff = NULL;
	int rc;

	(void)id;
	if (!unit || !*unit)
		return web_json_error(rs, 400, "unit is required");
	rc = wf_unit_staff(&staff, rq->st, rq->user.name, unit);
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_json_error(rs, 404, "unit not found");
	if (rc)
		return rc;
	return web_json(rs, 200, json_pack("{s:s, s:o}", "unit", unit,
	                                   "staff", staff));
}

/* GET /api/v1/users (BKPP): the users of the caller's scope (names,
 * e-mail addresses: audited, view_users). */
int api_users(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	json_t *arr = NULL;
	char object[96];
	int rc;

	(void)id;
	if ((rc = wf_user_list(&arr, rq->st, rq->user.name)))
		return rc;
	snprintf(object, sizeof(object), "unit:%s",
	         rq->user.all_units ? "*" : rq->user.unit_code);
	if ((rc = wf_audit(rq->st, (int64_t)time(NULL), rq->user.name,
	                   "view_users", object, NULL))) {
		json_decref(arr);
		return rc;
	}
	return web_json(rs, 200, json_pack("{s:o}", "users", arr));
}

/* GET /api/v1/tokens (BKPP): the API tokens, never their secrets. */
int api_tokens(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	json_t *arr = NULL;
	int rc;

	(void)id;
	if ((rc = web_token_list(&arr, rq->st, rq->user.name)))
		return rc;
	return web_json(rs, 200, json_pack("{s:o}", "tokens", arr));
}
