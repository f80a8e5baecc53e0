/*
 * workflow/show.c - `netra finding show`: one finding with the post, the
 * employee and unit, the rule with its basis and explanation, and its
 * history. Scoped like every workflow read (the user's unit subtree;
 * bawaslu: forwarded findings only). The view itself is written to the
 * audit log before anything is returned, since it shows personal data.
 */
#include "workflow/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/error.h"
#include "util/sbuf.h"
#include "workflow/calendar.h"
#include "workflow/internal.h"
#include "workflow/user.h"

static json_t *jtime(int64_t t)
{
	char buf[32];

	if (!t)
		return json_null();
	wf_time_format(buf, sizeof(buf), t);
	return json_string(buf);
}

static json_t *jcol(store_stmt *s, int col)
{
	if (store_column_is_null(s, col))
		return json_null();
	return json_string(store_column_text(s, col, NULL));
}

static json_t *jcol_time(store_stmt *s, int col)
{
	return store_column_is_null(s, col) ? json_null()
	                                    : jtime(store_column_int64(s, col));
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
    "v.rulebook, v.json " /* 33-34 */
    "FROM findings f JOIN units u ON u.id = f.unit_id "
    "LEFT JOIN units a ON a.id = f.assigned_unit_id "
    "JOIN employees e ON e.id = f.employee_id "
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
		return jcol(s, col);
	v = vf ? json_object_get(vf, key) : NULL;
	return v ? json_incref(v) : json_null();
}

static json_t *show_object(store_stmt *s, json_t *verdict, int64_t now)
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
	    spans ? json_incref(spans) : json_array(), "reason", jcol(s, 8),
	    "group_id", jcol(s, 9), "due_at", jtime(due), "overdue",
	    due && wf_state_is_open(state) && now >= due, "created_at",
	    jtime(store_column_int64(s, 11)), "updated_at",
	    jtime(store_column_int64(s, 12)), "escalations",
	    (json_int_t)store_column_int64(s, 13), "unit", "code",
	    store_column_text(s, 14, NULL), "name",
	    store_column_text(s, 15, NULL), "assigned_unit", "code",
	    jcol(s, 16), "name", jcol(s, 17), "employee", "name",
	    store_column_text(s, 18, NULL), "nip", jcol(s, 19), "staff_key",
	    store_column_text(s, 20, NULL), "position",
	    store_column_text(s, 21, NULL), "status",
	    store_column_text(s, 22, NULL), "event", "platform",
	    store_column_text(s, 23, NULL), "id",
	    store_column_text(s, 24, NULL), "type",
	    store_column_text(s, 25, NULL), "account",
	    store_column_text(s, 26, NULL), "created_at", jcol_time(s, 27),
	    "text", jcol(s, 28), "url", jcol(s, 29), "target_account",
	    jcol(s, 30), "target_text", jcol(s, 31), "deleted_at",
	    jcol_time(s, 32), "verdict", "rulebook",
	    store_column_text(s, 33, NULL), "json",
	    verdict ? json_incref(verdict) : json_null());
}

static int add_history(json_t *obj, netra_store *st, int64_t id)
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
		                "at", jtime(store_column_int64(s, 0)), "actor",
		                store_column_text(s, 1, NULL), "action",
		                store_column_text(s, 2, NULL), "from",
		                jcol(s, 3), "to", store_column_text(s, 4, NULL),
		                "unit", jcol(s, 5), "due_at", jcol_time(s, 6),
		                "reason", jcol(s, 7));
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

/* Loads the whole finding as a JSON object into *out. */
static int load_show(json_t **out, netra_store *st, int64_t id, int64_t now)
{
	store_stmt *s = NULL;
	json_t *verdict = NULL;
	int rc;

	*out = NULL;
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
	*out = show_object(s, verdict, now);
	rc = *out ? add_history(*out, st, id) : err_oom();
done:
	json_decref(verdict);
	store_finalize(s);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static const char *jstr(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(o, k1);
	const char *s;

	if (k2)
		v = json_object_get(v, k2);
	s = json_string_value(v);
	return s ? s : "-";
}

/* Appends label, then text with every line after the first indented, and
 * a newline: a hostile post or reason cannot begin a line of its own and
 * pass for a field or a history entry ("Riwayat:", "Alasan    : ..."). */
static int put_field(struct sbuf *b, const char *label, const char *text)
{
	const char *nl;
	int rc = sbuf_puts(b, label);

	while (!rc && (nl = strchr(text, '\n'))) {
		rc = sbuf_append(b, text, (size_t)(nl - text + 1));
		if (!rc)
			rc = sbuf_puts(b, "            | ");
		text = nl + 1;
	}
	if (!rc)
		rc = sbuf_puts(b, text);
	return rc ? rc : sbuf_putc(b, '\n');
}

static int show_text_history(struct sbuf *b, json_t *o)
{
	json_t *h;
	size_t i;
	int rc = sbuf_puts(b, "Riwayat:\n");

	json_array_foreach(json_object_get(o, "history"), i, h)
	{
		if (rc)
			break;
		rc = sbuf_printf(b, "  %s  %-10s %-8s %s -> %s (unit %s)",
		                 jstr(h, "at", NULL), jstr(h, "actor", NULL),
		                 jstr(h, "action", NULL), jstr(h, "from", NULL),
		                 jstr(h, "to", NULL), jstr(h, "unit", NULL));
		if (!rc && json_is_string(json_object_get(h, "reason")))
			rc = put_field(b, ": ", jstr(h, "reason", NULL));
		else if (!rc)
			rc = sbuf_putc(b, '\n');
	}
	return rc;
}

static int show_text(struct sbuf *b, json_t *o)
{
	json_t *ev = json_object_get(o, "event");
	int deleted = json_is_string(json_object_get(ev, "deleted_at"));
	int rc = sbuf_printf(
	    b,
	    "Temuan #%lld  [%s]%s\n"
	    "Pegawai   : %s (NIP %s), %s\n"
	    "Unit kerja: %s - %s; ditangani: %s, tenggat %s\n"
	    "Aturan    : %s (%s, keparahan %s)\n",
	    (long long)json_integer_value(json_object_get(o, "id")),
	    jstr(o, "state", NULL),
	    json_is_true(json_object_get(o, "overdue")) ? " TERLAMBAT" : "",
	    jstr(o, "employee", "name"), jstr(o, "employee", "nip"),
	    jstr(o, "employee", "position"), jstr(o, "unit", "code"),
	    jstr(o, "unit", "name"), jstr(o, "assigned_unit", "code"),
	    jstr(o, "due_at", NULL), jstr(o, "rule", NULL),
	    jstr(o, "category", NULL), jstr(o, "severity", NULL));

	if (!rc)
		rc = put_field(b, "Dasar     : ", jstr(o, "basis", NULL));
	if (!rc)
		rc = put_field(b, "Penjelasan: ", jstr(o, "explanation", NULL));
	if (!rc)
		rc = sbuf_printf(
		    b, "Unggahan  : %s %s oleh %s, %s%s%s\n",
		    jstr(o, "event", "platform"), jstr(o, "event", "type"),
		    jstr(o, "event", "account"), jstr(o, "event", "created_at"),
		    deleted ? "; DIHAPUS pemilik pada " : "",
		    deleted ? jstr(o, "event", "deleted_at") : "");
	if (!rc)
		rc = put_field(b, "Teks      : ", jstr(o, "event", "text"));
	if (!rc && json_is_string(json_object_get(ev, "target_account")))
		rc = put_field(b, "Sasaran   : @",
		               jstr(o, "event", "target_account"));
	if (!rc && json_is_string(json_object_get(ev, "target_text")))
		rc = put_field(b, "Teks sasaran: ",
		               jstr(o, "event", "target_text"));
	if (!rc && json_is_string(json_object_get(o, "reason")))
		rc = put_field(b, "Alasan    : ", jstr(o, "reason", NULL));
	if (!rc)
		rc = show_text_history(b, o);
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
	    "ORDER BY f2.id LIMIT 500");
	if (rc || (rc = store_bind_int64(s, 1, id)) ||
	    (rc = store_bind_text(s, 2, u->unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, u->role == WF_ROLE_BAWASLU)))
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

static int show_text_group(struct sbuf *b, json_t *o)
{
	json_t *arr = json_object_get(o, "same_content"), *g;
	size_t i;
	int rc = 0;

	if (json_array_size(arr) == 0)
		return 0;
	rc = sbuf_printf(b,
	                 "Konten sama (kemungkinan kampanye salin-tempel): "
	                 "%zu temuan lain\n",
	                 json_array_size(arr));
	json_array_foreach(arr, i, g)
	{
		if (rc)
			break;
		rc = sbuf_printf(
		    b, "  #%lld  %s @%s  %s (%s)  %s\n",
		    (long long)json_integer_value(json_object_get(g, "id")),
		    jstr(g, "platform", NULL), jstr(g, "account", NULL),
		    jstr(g, "employee", NULL), jstr(g, "unit", NULL),
		    jstr(g, "state", NULL));
	}
	return rc ? err_oom() : 0;
}

/* Scope check for reading finding id as user u. */
static int check_read(const struct wf_user *u, const struct wf_finding_row *f)
{
	if (!wf_in_subtree(f->unit_path, u->unit_path))
		return err_set(NETRA_EDENIED,
		               "finding #%lld is outside the "
		               "units of user '%s' (%s)",
		               (long long)f->id, u->name, u->unit_code);
	if (u->role == WF_ROLE_BAWASLU && strcmp(f->state, "diteruskan") &&
	    strcmp(f->state, "selesai"))
		return err_set(NETRA_EDENIED,
		               "finding #%lld was not forwarded; "
		               "user '%s' (bawaslu) reads forwarded findings "
		               "only",
		               (long long)f->id, u->name);
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
	    (rc = wf_finding_load(&f, st, id)) || (rc = check_read(&u, &f)))
		return rc;
	return audit_view(st, &u, id, action, now);
}

int wf_finding_show(char **out, netra_store *st, const char *actor, int64_t id,
                    int json, int64_t now)
{
	struct sbuf b = SBUF_INIT;
	struct wf_finding_row f;
	struct wf_user u;
	json_t *o = NULL;
	char *txt = NULL;
	int rc;

	*out = NULL;
	if (!now)
		now = wf_now();
	if ((rc = wf_user_get(&u, st, actor)) ||
	    (rc = wf_finding_load(&f, st, id)) || (rc = check_read(&u, &f)) ||
	    (rc = audit_view(st, &u, id, "view", now)) ||
	    (rc = load_show(&o, st, id, now)) ||
	    (rc = add_group(o, st, id, &u)))
		goto done;
	if (json) {
		txt = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		rc = !txt || sbuf_puts(&b, txt) || sbuf_putc(&b, '\n')
		         ? err_oom()
		         : 0;
	} else if (!(rc = show_text(&b, o))) {
		rc = show_text_group(&b, o);
	}
	if (!rc && !(*out = sbuf_detach(&b)))
		rc = err_oom();
	if (!rc && !json)
		wf_text_sanitize(*out);
done:
	free(txt);
	json_decref(o);
	sbuf_free(&b);
	return rc;
}
