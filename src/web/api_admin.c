/*
 * web/api_admin.c - BKPP's user and API-token management through the JSON
 * API (docs/api.md), beside the /pengguna and /token pages: add a user,
 * disable, enable or reset one; issue and revoke a collector's token.
 * Every rule (password policy, scope, who may do what, the audit rows) is
 * the library's, as for the pages; a disabled or reset user's sessions
 * end at once. Routes need a BKPP session and its CSRF token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "web/apitoken.h"
#include "web/pages.h"
#include "workflow/auth.h"
#include "workflow/user.h"

/* The library's refusals as statuses: bad input 400, a name taken 409,
 * outside scope or unknown 404, a role's refusal 409. */
static int refusal(struct web_resp *rs, int rc)
{
	switch (rc) {
	case NETRA_EINVALID: return web_json_error(rs, 400, netra_error_last());
	case NETRA_EEXISTS: return web_json_error(rs, 409, netra_error_last());
	case NETRA_ENOTFOUND: return web_json_error(rs, 404, "not found");
	case NETRA_EDENIED: return web_json_error(rs, 409, netra_error_last());
	default: return rc;
	}
}

static const char *jstr(json_t *b, const char *key)
{
	return json_string_value(json_object_get(b, key));
}

/* POST /api/v1/users {"name", "role", "unit", "all_units", "email",
 * "password"} */
int api_user_add(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	json_t *b = NULL;
	int rc, bad, role;

	(void)id;
	if ((rc = web_body_json(&b, rq, rs, &bad)) || bad)
		return rc;
	role = wf_role_parse(jstr(b, "role") ? jstr(b, "role") : "");
	if (role < 0 || !jstr(b, "name") || !jstr(b, "unit") ||
	    !jstr(b, "password")) {
		json_decref(b);
		return web_json_error(rs, 400, "name, role (opd, bkpp, "
		                               "bawaslu), unit and password are "
		                               "required");
	}
	rc = json_is_true(json_object_get(b, "all_units"))
	         ? wf_user_add_all_units(NULL, rq->st, jstr(b, "name"),
	                                 (enum wf_role)role, jstr(b, "unit"),
	                                 jstr(b, "email"), jstr(b, "password"),
	                                 rq->user.name)
	         : wf_user_add(NULL, rq->st, jstr(b, "name"), (enum wf_role)role,
	                       jstr(b, "unit"), jstr(b, "email"),
	                       jstr(b, "password"), rq->user.name);
	if (!rc)
		rc = web_json(rs, 201, json_pack("{s:s}", "name", jstr(b, "name")));
	else
		rc = refusal(rs, rc);
	json_decref(b);
	return rc;
}

/* POST /api/v1/users/{disable,enable,reset} {"name", "password" (reset)} */
int api_user_act(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *act = rq->action ? rq->action : "";
	const char *name;
	json_t *b = NULL;
	int rc, bad;

	(void)id;
	if (strcmp(act, "disable") && strcmp(act, "enable") && strcmp(act, "reset"))
		return web_json_error(rs, 404, "unknown action");
	if ((rc = web_body_json(&b, rq, rs, &bad)) || bad)
		return rc;
	if (!(name = jstr(b, "name")) || !*name) {
		json_decref(b);
		return web_json_error(rs, 400, "name is required");
	}
	if (strcmp(act, "reset") == 0)
		rc = jstr(b, "password")
		         ? wf_password_reset(rq->st, rq->user.name, name,
		                             jstr(b, "password"))
		         : err_set(NETRA_EINVALID, "password is required");
	else
		rc = wf_user_set_active(rq->st, rq->user.name, name,
		                        strcmp(act, "enable") == 0);
	/* a disabled user, or one whose password was reset, is signed out */
	if (!rc && strcmp(act, "enable") != 0)
		rc = web_session_end_user(rq->st, name, NULL);
	if (!rc)
		rc = web_json(rs, 200, json_pack("{s:s, s:s}", "name", name,
		                                 "action", act));
	else
		rc = refusal(rs, rc);
	json_decref(b);
	return rc;
}

/* POST /api/v1/tokens {"label"}: the token, shown this once. */
int api_token_issue(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	char tok[WEB_TOKEN_LEN + 1];
	json_t *b = NULL;
	int64_t tid;
	int rc, bad;

	(void)id;
	if ((rc = web_body_json(&b, rq, rs, &bad)) || bad)
		return rc;
	rc = web_token_issue(tok, &tid, rq->st, rq->user.name, jstr(b, "label"));
	if (!rc)
		rc = web_json(rs, 201, json_pack("{s:I, s:s, s:s}", "id",
		                                 (json_int_t)tid, "label",
		                                 jstr(b, "label"), "token", tok));
	else
		rc = refusal(rs, rc);
	json_decref(b);
	memset(tok, 0, sizeof(tok));
	return rc;
}

/* POST /api/v1/tokens/{id}/revoke */
int api_token_revoke(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	int rc;

	if (!rq->action || strcmp(rq->action, "revoke") != 0)
		return web_json_error(rs, 404, "unknown action");
	if ((rc = web_token_revoke(rq->st, rq->user.name, id)))
		return refusal(rs, rc);
	return web_json(rs, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id,
	                                   "revoked", 1));
}
