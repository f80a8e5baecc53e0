/*
 * workflow/show.c - one finding as a user may see it (`netra finding show`,
 * the web's finding page): the post, the employee and unit, the rule with
 * its basis and explanation, the history, the campaign group and the
 * actions the user may take, as JSON data each front end renders. Scoped
 * like every workflow read (the user's unit subtree, never the user's own
 * employee; bawaslu: forwarded findings only). The view itself is written
 * to the audit log before anything is returned, since it shows personal
 * data.
 */
#include "workflow/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "netra/evidence.h"
#include "netra/ingest.h"
#include "media/event.h"
#include "util/error.h"
#include "workflow/calendar.h"
#include "workflow/internal.h"
#include "workflow/user.h"

static json_t *jcol_time(store_stmt *s, int col, int32_t off)
{
	return store_column_is_null(s, col)
	           ? json_null()
	           : wf_json_time(store_column_int64(s, col), off);
}

static const char sql_show[] =
    "SELECT f.id, f.state, f.category, f.rule, f.severity, f.candidate, "
    "f.basis, f.explanation, f.reason, f.group_id, f.due_at, "
    "f.created_at, f.updated_at, f.escalations, "        /* 0-13 */
    "u.code, u.name, a.code, a.name, "                   /* 14-17 */
    "e.name, e.nip, e.staff_key, e.position, e.status, " /* 18-22 */
    "ev.platform, ev.event_id, ev.type, ev.account, ev.created_at, "
    "ev.text, ev.url, ev.target_account, COALESCE(ev.target_text, t.text), "
    "ev.deleted_at, "     /* 23-32 */
    "v.rulebook, v.json, " /* 33-34 */
    "f.event_id, t.id, "  /* 35-36 */
    "sup.name, sup.nip "  /* 37-38: the employee's direct superior */
    "FROM findings f JOIN units u ON u.id = f.unit_id "
    "LEFT JOIN units a ON a.id = f.assigned_unit_id "
    "JOIN employees e ON e.id = f.employee_id "
    "LEFT JOIN employees sup ON sup.staff_key = e.supervisor_key "
    "JOIN events ev ON ev.id = f.event_id "
    "LEFT JOIN events t ON ev.target_text IS NULL "
    "AND t.platform = ev.platform AND t.event_id = ev.target_id "
    "JOIN verdicts v ON v.id = f.verdict_id WHERE f.id = ?";

/* The verdict's finding for rule (its basis, explanation and spans), or
 * NULL. Borrowed from verdict. */
static json_t *verdict_rule(json_t *verdict, const char *rule)
{
	json_t *arr = json_object_get(verdict, "findings"), *x;
	size_t i;

	json_array_foreach(arr, i, x)
	{
		const char *r = json_string_value(json_object_get(x, "rule"));

		if (r && strcmp(r, rule) == 0)
			return x;
	}
	return NULL;
}

/* Column col, or the verdict finding's field when the column is NULL. */
static json_t *col_or(store_stmt *s, int col, json_t *vf, const char *key)
{
	json_t *v;

	if (!store_column_is_null(s, col))
		return wf_json_col(s, col);
	v = vf ? json_object_get(vf, key) : NULL;
	return v ? json_incref(v) : json_null();
}

static json_t *show_object(store_stmt *s, json_t *verdict, int64_t now,
                           int32_t off)
{
	const char *state = store_column_text(s, 1, NULL);
	int64_t due = store_column_int64(s, 10);
	json_t *vf = verdict_rule(verdict, store_column_text(s, 3, NULL));
	json_t *spans = vf ? json_object_get(vf, "spans") : NULL;

	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:b, s:o, s:o, s:I, "
	    "s:{s:s, s:s}, s:{s:o, s:o}, "
	    "s:{s:s, s:o, s:s, s:s, s:s}, "
	    "s:{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}, "
	    "s:{s:s, s:o}}",
	    "id", (json_int_t)store_column_int64(s, 0), "state", state,
	    "category", store_column_text(s, 2, NULL), "rule",
	    store_column_text(s, 3, NULL), "severity",
	    store_column_text(s, 4, NULL), "candidate",
	    store_column_is_null(s, 5) ? json_null()
	                               : json_integer(store_column_int64(s, 5)),
	    "basis", col_or(s, 6, vf, "basis"), "explanation",
	    col_or(s, 7, vf, "explain"), "spans",
	    spans ? json_incref(spans) : json_array(), "reason", wf_json_col(s, 8),
	    "group_id", wf_json_col(s, 9), "due_at", wf_json_time(due, off), "overdue",
	    due && wf_state_is_open(state) && now >= due, "created_at",
	    wf_json_time(store_column_int64(s, 11), off), "updated_at",
	    wf_json_time(store_column_int64(s, 12), off), "escalations",
	    (json_int_t)store_column_int64(s, 13), "unit", "code",
	    store_column_text(s, 14, NULL), "name",
	    store_column_text(s, 15, NULL), "assigned_unit", "code",
	    wf_json_col(s, 16), "name", wf_json_col(s, 17), "employee", "name",
	    store_column_text(s, 18, NULL), "nip", wf_json_col(s, 19), "staff_key",
	    store_column_text(s, 20, NULL), "position",
	    store_column_text(s, 21, NULL), "status",
	    store_column_text(s, 22, NULL), "event", "platform",
	    store_column_text(s, 23, NULL), "id",
	    store_column_text(s, 24, NULL), "type",
	    store_column_text(s, 25, NULL), "account",
	    store_column_text(s, 26, NULL), "created_at",
	    jcol_time(s, 27, off),
	    "text", wf_json_col(s, 28), "url", wf_json_col(s, 29), "target_account",
	    wf_json_col(s, 30), "target_text", wf_json_col(s, 31), "deleted_at",
	    jcol_time(s, 32, off), "verdict", "rulebook",
	    store_column_text(s, 33, NULL), "json",
	    verdict ? json_incref(verdict) : json_null());
}

/* employee.supervisor: the direct superior named in the registry (the
 * reviewer of first resort under PP 94/2021 art. 26), or null. */
static int add_supervisor(json_t *obj, store_stmt *s)
{
	json_t *emp = json_object_get(obj, "employee"), *sup = json_null();

	if (!store_column_is_null(s, 37))
		sup = json_pack("{s:s, s:o}", "name",
		                store_column_text(s, 37, NULL), "nip",
		                wf_json_col(s, 38));
	if (!sup || json_object_set_new(emp, "supervisor", sup))
		return err_oom();
	return 0;
}

static int add_history(json_t *obj, netra_store *st, int64_t id,
                       int32_t off)
{
	store_stmt *s = NULL;
	json_t *arr = json_array(), *row;
	int rc;

	if (!arr || json_object_set_new(obj, "history", arr))
		return err_oom();
	rc = store_prepare(&s, st,
	                   "SELECT t.at, t.actor, t.action, t.from_state, "
	                   "t.to_state, u.code, t.due_at, t.reason "
	                   "FROM finding_transitions t LEFT JOIN units u "
	                   "ON u.id = t.to_unit_id WHERE t.finding_id = ? "
	                   "ORDER BY t.id");
	if (rc || (rc = store_bind_int64(s, 1, id)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		row = json_pack("{s:o, s:s, s:s, s:o, s:s, s:o, s:o, s:o}",
		                "at", wf_json_time(store_column_int64(s, 0), off),
		                "actor",
		                store_column_text(s, 1, NULL), "action",
		                store_column_text(s, 2, NULL), "from",
		                wf_json_col(s, 3), "to", store_column_text(s, 4, NULL),
		                "unit", wf_json_col(s, 5), "due_at",
		                jcol_time(s, 6, off),
		                "reason", wf_json_col(s, 7));
		if (!row || json_array_append_new(arr, row)) {
			rc = err_oom();
			goto done;
		}
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* A JSON array of the names of the NETRA_RAW_* bits set in bits. */
static json_t *column_list(unsigned bits)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < NETRA_RAW_NCOLS && a; i++)
		if (bits & (1u << i))
			json_array_append_new(
			    a, json_string(netra_evidence_column_name(i)));
	return a;
}

static int set_col(json_t *ev, const char *key, const char *v)
{
	return json_object_set_new(ev, key, v ? json_string(v) : json_null())
	           ? err_oom()
	           : 0;
}

/* event.media: the images of the post with the text read off them and
 * a known campaign image each re-posts (media/event.h: the text scan
 * judged, so the verdict's spans at media[k].ocr_text point into it). */
static int add_media(json_t *ev, netra_store *st, int64_t row,
                     const char *raw, size_t len)
{
	struct media_known_set known;
	json_t *arr = NULL;
	int rc;

	if (!raw || !strstr(raw, "\"media\""))
		return 0;
	if ((rc = media_known_load(&known, st)))
		return rc;
	rc = media_event_json(&arr, st, row, raw, len, &known);
	media_known_free(&known);
	if (!rc && json_array_size(arr))
		return json_object_set_new(ev, "media", arr) ? err_oom() : 0;
	json_decref(arr);
	return rc;
}

/* The post as its raw record, checked against the evidence log, says it
 * (netra_evidence_event_load): what a reviewer reads is derived from the
 * hashed bytes, and a stored column that disagrees with them is flagged
 * in event.evidence (with an Indonesian warning), never shown silently.
 * target_row: the stored post this one points at, when its text is shown
 * from there (0: none). */
static int verified_event(json_t *obj, netra_store *st, int64_t row,
                          int64_t target_row, int32_t off)
{
	json_t *ev = json_object_get(obj, "event"), *info;
	netra_evidence_event e, t;
	char warn[256];
	int rc = netra_evidence_event_load(&e, st, row);

	if (rc == NETRA_ETAMPER)
		return json_object_set_new(
		           ev, "evidence",
		           json_pack("{s:b, s:b, s:s}", "logged", 1, "tampered",
		                     1, "warning",
		                     "Rekaman asli unggahan ini tidak cocok lagi "
		                     "dengan log bukti: data tersimpan telah "
		                     "diubah."))
		           ? err_oom()
		           : 0;
	if (rc)
		return rc;
	if ((rc = add_media(ev, st, row, e.raw, e.raw_len)) ||
	    (rc = set_col(ev, "type", e.col[0])) ||
	    (rc = set_col(ev, "account", e.col[1])) ||
	    (rc = set_col(ev, "text", e.col[3])) ||
	    (rc = set_col(ev, "url", e.col[4])) ||
	    (rc = set_col(ev, "target_account", e.col[5])))
		goto done;
	if (json_object_set_new(ev, "created_at",
	                        e.has_created_at ? wf_json_time(e.created_at, off)
	                                         : json_null()))
		rc = err_oom();
	if (!rc && e.col[7])
		rc = set_col(ev, "target_text", e.col[7]);
	else if (!rc && target_row &&
	         netra_evidence_event_load(&t, st, target_row) == 0) {
		rc = set_col(ev, "target_text", t.col[3]);
		e.differs |= t.differs & NETRA_RAW_TEXT ? NETRA_RAW_TARGET_TEXT
		                                        : 0;
		netra_evidence_event_free(&t);
	}
	warn[0] = '\0';
	if (e.differs)
		snprintf(warn, sizeof(warn),
		         "Kolom tersimpan berbeda dari rekaman asli yang "
		         "tercatat di log bukti; yang ditampilkan diambil dari "
		         "rekaman asli.");
	info = json_pack("{s:b, s:o, s:o, s:o, s:b, s:o}", "logged",
	                 e.logged, "leaf_index",
	                 e.logged ? json_integer((json_int_t)e.leaf_index)
	                          : json_null(),
	                 "differs", column_list(e.differs), "uncovered",
	                 column_list(e.uncovered), "tampered", 0, "warning",
	                 warn[0] ? json_string(warn) : json_null());
	if (!rc && (!info || json_object_set_new(ev, "evidence", info)))
		rc = err_oom();
done:
	netra_evidence_event_free(&e);
	return rc;
}

/* Loads the whole finding as a JSON object into *out. */
static int load_show(json_t **out, netra_store *st, int64_t id, int64_t now)
{
	store_stmt *s = NULL;
	json_t *verdict = NULL, *field;
	int32_t off;
	int rc;

	*out = NULL;
	/* times in the zone of the unit that reviews it (its deadline is
	 * that unit's midnight) */
	if ((rc = store_prepare(&s, st, "SELECT assigned_unit_id FROM "
	                                "findings WHERE id = ?")) ||
	    (rc = store_bind_int64(s, 1, id)))
		goto done;
	rc = store_step(s);
	if (rc < 0 || (rc = wf_unit_zone(st, rc == STORE_ROW
	                                         ? store_column_int64(s, 0)
	                                         : 0,
	                                 &off)))
		goto done;
	store_finalize(s);
	s = NULL;
	rc = store_prepare(&s, st, sql_show);
	if (rc || (rc = store_bind_int64(s, 1, id)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE)
		rc =
		    err_set(NETRA_ENOTFOUND, "no finding #%lld", (long long)id);
	if (rc < 0)
		goto done;
	verdict = json_loads(store_column_text(s, 34, NULL), 0, NULL);
	*out = show_object(s, verdict, now, off);
	rc = *out ? add_supervisor(*out, s) : err_oom();
	/* where the finding's words are: "target.text", "media[k].ocr_text",
	 * or null for the post's own text (its spans point there) */
	field = json_object_get(
	    verdict_rule(verdict, store_column_text(s, 3, NULL)), "field");
	if (!rc && json_object_set_new(*out, "field",
	                               field ? json_incref(field) : json_null()))
		rc = err_oom();
	if (!rc)
		rc = add_history(*out, st, id, off);
	if (!rc)
		rc = verified_event(*out, st, store_column_int64(s, 35),
		                    store_column_is_null(s, 36)
		                        ? 0
		                        : store_column_int64(s, 36),
		                    off);
done:
	json_decref(verdict);
	store_finalize(s);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* Adds "same_content": the other findings of the same copy-paste story
 * (same group_id) that user u may see, so a reviewer reads one campaign
 * with its accounts instead of the same text many times. */
static int add_group(json_t *obj, netra_store *st, int64_t id,
                     const struct wf_user *u)
{
	store_stmt *s = NULL;
	json_t *arr = json_array(), *row;
	int rc;

	if (!arr || json_object_set_new(obj, "same_content", arr))
		return err_oom();
	rc = store_prepare(
	    &s, st,
	    "SELECT f2.id, ev.platform, ev.account, emp.name, "
	    "un.code, f2.state FROM findings f "
	    "JOIN findings f2 ON f2.group_id = f.group_id "
	    "AND f2.event_id <> f.event_id "
	    "JOIN events ev ON ev.id = f2.event_id "
	    "JOIN employees emp ON emp.id = f2.employee_id "
	    "JOIN units un ON un.id = f2.unit_id "
	    "WHERE f.id = ? AND un.path LIKE ? || '%' "
	    "AND (? = 0 OR f2.state IN ('diteruskan', 'selesai')) "
	    "AND f2.employee_id <> ? "
	    "ORDER BY f2.id LIMIT 500");
	if (rc || (rc = store_bind_int64(s, 1, id)) ||
	    (rc = store_bind_text(s, 2, u->unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, u->role == WF_ROLE_BAWASLU)) ||
	    (rc = store_bind_int64(s, 4, u->employee_id)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		row = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
		                (json_int_t)store_column_int64(s, 0),
		                "platform", store_column_text(s, 1, NULL),
		                "account", store_column_text(s, 2, NULL),
		                "employee", store_column_text(s, 3, NULL),
		                "unit", store_column_text(s, 4, NULL), "state",
		                store_column_text(s, 5, NULL));
		if (!row || json_array_append_new(arr, row)) {
			rc = err_oom();
			goto done;
		}
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

int wf_check_visible(const struct wf_user *u, const struct wf_finding_row *f)
{
	int bawaslu_hidden = u->role == WF_ROLE_BAWASLU &&
	                     strcmp(f->state, "diteruskan") &&
	                     strcmp(f->state, "selesai");

	if (!wf_in_subtree(f->unit_path, u->unit_path) ||
	    (u->employee_id && u->employee_id == f->employee_id) ||
	    bawaslu_hidden)
		return err_set(NETRA_ENOTFOUND, "no finding #%lld",
		               (long long)f->id);
	return 0;
}

static int audit_view(netra_store *st, const struct wf_user *u, int64_t id,
                      const char *action, int64_t now)
{
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "finding:%lld", (long long)id);
	if ((rc = store_begin_write(st)))
		return rc;
	rc = wf_audit(st, now, u->name, action, object,
	              "{\"personal_data\":true}");
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int wf_finding_access(netra_store *st, const char *actor, int64_t id,
                      const char *action, int64_t now)
{
	struct wf_finding_row f;
	struct wf_user u;
	int rc;

	if (!now)
		now = wf_now();
	if ((rc = wf_user_get(&u, st, actor)) ||
	    (rc = wf_finding_load(&f, st, id)) ||
	    (rc = wf_check_visible(&u, &f)))
		return rc;
	return audit_view(st, &u, id, action, now);
}

int wf_evidence_export(netra_store *st, const char *actor, int64_t id,
                       const char *key_path, const char *dir)
{
	int rc = wf_finding_access(st, actor, id, "evidence_export", 0);

	return rc ? rc : netra_evidence_export(st, key_path, id, dir);
}

/* Adds "actions": the names of the actions u may take on f now. */
static int add_actions(json_t *obj, netra_store *st, const char *actor,
                       int64_t id)
{
	json_t *arr = json_array();
	unsigned set = 0;
	int a, rc;

	if (!arr || json_object_set_new(obj, "actions", arr))
		return err_oom();
	if ((rc = wf_finding_actions(&set, st, actor, id)))
		return rc;
	for (a = 0; a < WF_NACTIONS; a++)
		if ((set & (1u << a)) &&
		    json_array_append_new(
		        arr, json_string(wf_action_name((enum wf_action)a))))
			return err_oom();
	return 0;
}

int wf_finding_show(json_t **out, netra_store *st, const char *actor,
                    int64_t id, int64_t now)
{
	struct wf_finding_row f;
	struct wf_user u;
	json_t *o = NULL;
	int rc;

	*out = NULL;
	if (!now)
		now = wf_now();
	if ((rc = wf_user_get(&u, st, actor)) ||
	    (rc = wf_finding_load(&f, st, id)) ||
	    (rc = wf_check_visible(&u, &f)) ||
	    (rc = audit_view(st, &u, id, "view", now)) ||
	    (rc = load_show(&o, st, id, now)) ||
	    (rc = add_group(o, st, id, &u)) ||
	    (rc = add_actions(o, st, actor, id)))
		goto done;
	*out = o;
	o = NULL;
done:
	json_decref(o);
	return rc;
}
