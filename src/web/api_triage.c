/*
 * web/api_triage.c - BKPP's triage of public complaints through the API,
 * the same library calls as the /aduan pages (web/complaint.h), so the
 * same scope, audit and rules hold:
 *   GET  /api/v1/complaints[?all=1]         the open (or all) complaints
 *   GET  /api/v1/complaints/{id}            one, with the reporter's
 *                                           contact and the captured posts
 *                                           (audited as a view)
 *   POST /api/v1/complaints/{id}/close      {"reason"}
 *   POST /api/v1/complaints/{id}/link       {"finding", "reason"?}
 *   POST /api/v1/complaints/{id}/finding    {"event", "rule", "reason"}
 * Every route needs a BKPP session (others get 404); POSTs need the
 * session's X-CSRF-Token (docs/api.md).
 */
#include <string.h>

#include "util/error.h"
#include "web/complaint.h"
#include "web/pages.h"

int api_triage_list(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *all = web_param_str(&rq->query, "all");
	json_t *arr = NULL;
	int rc;

	(void)id;
	rc = web_complaint_list(&arr, rq->st, rq->user.name,
	                        all && strcmp(all, "1") == 0);
	if (rc == NETRA_EDENIED || rc == NETRA_ENOTFOUND)
		return web_json_error(rs, 404, "not found");
	if (rc)
		return rc;
	return web_json(rs, 200, json_pack("{s:o}", "complaints", arr));
}

int api_triage_one(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	json_t *o = NULL;
	int rc = web_complaint_get(&o, rq->st, rq->user.name, id);

	if (rc == NETRA_EDENIED || rc == NETRA_ENOTFOUND)
		return web_json_error(rs, 404, "not found");
	return rc ? rc : web_json(rs, 200, o);
}

/* Runs action on complaint id with the body's fields; *made the finding
 * made (action "finding"). */
static int triage_act(int64_t *made, struct web_req *rq, int64_t id,
                      const json_t *b)
{
	const char *reason = json_string_value(json_object_get(b, "reason"));
	const char *a = rq->action;

	*made = 0;
	if (strcmp(a, "close") == 0)
		return web_complaint_close(rq->st, rq->user.name, id, reason);
	if (strcmp(a, "link") == 0)
		return web_complaint_link(
		    rq->st, rq->user.name, id,
		    json_integer_value(json_object_get(b, "finding")), reason);
	if (strcmp(a, "finding") == 0)
		return web_complaint_finding(
		    made, rq->st, rq->user.name, id,
		    json_integer_value(json_object_get(b, "event")),
		    json_string_value(json_object_get(b, "rule")), reason,
		    web_shared()->rulebook);
	return err_set(NETRA_ENOTFOUND, "unknown action");
}

int api_triage_act(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	json_t *b = NULL;
	int64_t made = 0;
	int rc, bad = 0;

	if (!rq->action)
		return web_json_error(rs, 404, "unknown action");
	if (rq->body_len && ((rc = web_body_json(&b, rq, rs, &bad)) || bad))
		return rc;
	rc = triage_act(&made, rq, id, b);
	json_decref(b);
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_json_error(rs, 404, "not found");
	if (rc == NETRA_EEXISTS || rc == NETRA_ESTATE)
		return web_json_error(rs, 409, netra_error_last());
	if (rc == NETRA_EINVALID)
		return web_json_error(rs, 400, netra_error_last());
	if (rc)
		return rc;
	if (made)
		return web_json(rs, 201, json_pack("{s:I, s:s, s:I}", "id",
		                                   (json_int_t)id, "state",
		                                   "ditindaklanjuti", "finding",
		                                   (json_int_t)made));
	return web_json(rs, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id,
	                                   "state",
	                                   strcmp(rq->action, "close") == 0
	                                       ? "ditutup"
	                                       : "ditindaklanjuti"));
}
