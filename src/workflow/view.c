/*
 * workflow/view.c - what a user sees of findings: `netra finding list`
 * (no personal data: ids, states, units, rules, deadlines) and `netra
 * finding show` (the employee, the post, the rule and its basis, the
 * history; each such view of personal data is audited). Both are scoped
 * to the user's unit subtree in SQL; bawaslu users see forwarded findings
 * only. Output is text (Indonesian labels) or JSON built with jansson.
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

static const char *const all_states[] = {
    "baru",    "ditinjau_opd", "dikonfirmasi_opd", "diverifikasi_bkpp",
    "ditolak", "diteruskan",   "selesai"};

void wf_text_sanitize(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	if (!s)
		return;
	while (*r) {
		if (r[0] == 0xC2 && r[1] >= 0x80 && r[1] <= 0x9F) {
			*w++ = '?';
			r += 2;
		} else if (r[0] == 0xE2 &&
		           ((r[1] == 0x80 && r[2] >= 0xAA && r[2] <= 0xAE) ||
		            (r[1] == 0x81 && r[2] >= 0xA6 && r[2] <= 0xA9))) {
			/* bidi embeddings, overrides and isolates (U+202A-E,
			 * U+2066-9): they reorder what follows on the line */
			*w++ = '?';
			r += 3;
		} else if ((*r < 0x20 && *r != '\n' && *r != '\t') ||
		           *r == 0x7F) {
			*w++ = '?';
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static int known_state(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(all_states) / sizeof(all_states[0]); i++)
		if (strcmp(s, all_states[i]) == 0)
			return 1;
	return 0;
}

/* A time as local ISO 8601 JSON string, or null for 0. */
static json_t *json_time(int64_t t)
{
	char buf[32];

	if (!t)
		return json_null();
	wf_time_format(buf, sizeof(buf), t);
	return json_string(buf);
}

/* Column col as a JSON string, or null when NULL. */
static json_t *json_col(store_stmt *s, int col)
{
	if (store_column_is_null(s, col))
		return json_null();
	return json_string(store_column_text(s, col, NULL));
}

static json_t *json_col_int(store_stmt *s, int col)
{
	if (store_column_is_null(s, col))
		return json_null();
	return json_integer(store_column_int64(s, col));
}

/* Dumps v (indented) plus a newline into *out. */
static int dump_json(char **out, json_t *v)
{
	char *txt = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	size_t n;

	*out = NULL;
	if (!txt)
		return err_oom();
	n = strlen(txt);
	*out = malloc(n + 2);
	if (!*out) {
		free(txt);
		return err_oom();
	}
	memcpy(*out, txt, n);
	memcpy(*out + n, "\n", 2);
	free(txt);
	return 0;
}

/* The path of unit code, which must lie in the user's subtree. */
static int filter_unit_path(char *path, size_t size, netra_store *st,
                            const struct wf_user *u, const char *code)
{
	store_stmt *s = NULL;
	size_t len;
	const char *p;
	int rc;

	rc = store_prepare(&s, st, "SELECT path FROM units WHERE code = ?");
	if (rc || (rc = store_bind_text(s, 1, code, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE) {
		rc = err_set(NETRA_ENOTFOUND, "no unit with code '%s'", code);
		goto done;
	}
	if (rc < 0)
		goto done;
	p = store_column_text(s, 0, &len);
	if (len == 0 || len >= size || !wf_in_subtree(p, u->unit_path)) {
		rc = err_set(NETRA_EDENIED,
		             "unit %s is outside the units of "
		             "user '%s' (%s)",
		             code, u->name, u->unit_code);
		goto done;
	}
	memcpy(path, p, len + 1);
	rc = 0;
done:
	store_finalize(s);
	return rc;
}

/* Builds and binds the scoped list query. */
static int list_query(store_stmt **out, netra_store *st,
                      const struct wf_user *u, const struct wf_list_filter *f,
                      const char *unit_path, int64_t now)
{
	struct sbuf q = SBUF_INIT;
	int rc, i = 1;

	*out = NULL;
	rc = sbuf_puts(&q, "SELECT f.id, f.state, u.code, a.code, f.category, "
	                   "f.rule, f.severity, f.candidate, f.due_at, "
	                   "f.created_at, f.group_id, f.escalations "
	                   "FROM findings f JOIN units u ON u.id = f.unit_id "
	                   "LEFT JOIN units a ON a.id = f.assigned_unit_id "
	                   "WHERE u.path LIKE ? || '%'");
	if (!rc && u->role == WF_ROLE_BAWASLU)
		rc = sbuf_puts(&q, " AND f.state IN ('diteruskan', 'selesai')");
	if (!rc && f->state)
		rc = sbuf_puts(&q, " AND f.state = ?");
	if (!rc && unit_path)
		rc = sbuf_puts(&q, " AND u.path LIKE ? || '%'");
	if (!rc && f->overdue)
		rc = sbuf_puts(&q, " AND f.state IN ('baru', 'ditinjau_opd', "
		                   "'dikonfirmasi_opd', 'diverifikasi_bkpp') "
		                   "AND f.due_at <= ?");
	if (!rc)
		rc = sbuf_puts(&q, " ORDER BY f.id");
	if (rc || (rc = store_prepare(out, st, q.data)))
		goto done;
	rc = store_bind_text(*out, i++, u->unit_path, (size_t)-1);
	if (!rc && f->state)
		rc = store_bind_text(*out, i++, f->state, (size_t)-1);
	if (!rc && unit_path)
		rc = store_bind_text(*out, i++, unit_path, (size_t)-1);
	if (!rc && f->overdue)
		rc = store_bind_int64(*out, i++, now);
done:
	sbuf_free(&q);
	return rc;
}

static int is_overdue(const char *state, int64_t due, int64_t now)
{
	return due && wf_state_is_open(state) && now >= due;
}

static json_t *list_row(store_stmt *s, int64_t now)
{
	const char *state = store_column_text(s, 1, NULL);
	int64_t due = store_column_int64(s, 8);

	return json_pack(
	    "{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o, "
	    "s:b, s:o, s:o, s:I}",
	    "id", (json_int_t)store_column_int64(s, 0), "state", state, "unit",
	    store_column_text(s, 2, NULL), "assigned_unit", json_col(s, 3),
	    "category", store_column_text(s, 4, NULL), "rule",
	    store_column_text(s, 5, NULL), "severity",
	    store_column_text(s, 6, NULL), "candidate", json_col_int(s, 7),
	    "due_at", json_time(due), "overdue", is_overdue(state, due, now),
	    "created_at", json_time(store_column_int64(s, 9)), "group_id",
	    json_col(s, 10), "escalations",
	    (json_int_t)store_column_int64(s, 11));
}

static int list_text_row(struct sbuf *b, json_t *r)
{
	json_t *due = json_object_get(r, "due_at");

	return sbuf_printf(
	    b, "#%-6lld %-18s %-12s -> %-12s %-11s %-22s %-7s %s%s\n",
	    (long long)json_integer_value(json_object_get(r, "id")),
	    json_string_value(json_object_get(r, "state")),
	    json_string_value(json_object_get(r, "unit")),
	    json_is_string(json_object_get(r, "assigned_unit"))
	        ? json_string_value(json_object_get(r, "assigned_unit"))
	        : "-",
	    json_string_value(json_object_get(r, "category")),
	    json_string_value(json_object_get(r, "rule")),
	    json_string_value(json_object_get(r, "severity")),
	    json_is_string(due) ? json_string_value(due) : "-",
	    json_is_true(json_object_get(r, "overdue")) ? " TERLAMBAT" : "");
}

int wf_finding_list(char **out, netra_store *st, const char *actor,
                    const struct wf_list_filter *flt, int json)
{
	char unit_path[256];
	struct sbuf b = SBUF_INIT;
	store_stmt *s = NULL;
	json_t *arr = json_array(), *row;
	struct wf_user u;
	int64_t now = flt->now ? flt->now : wf_now();
	size_t i;
	int rc;

	*out = NULL;
	if (!arr)
		return err_oom();
	if (flt->state && !known_state(flt->state)) {
		rc = err_set(NETRA_EINVALID, "unknown state '%s'", flt->state);
		goto done;
	}
	if ((rc = wf_user_get(&u, st, actor)))
		goto done;
	if (flt->unit_code &&
	    (rc = filter_unit_path(unit_path, sizeof(unit_path), st, &u,
	                           flt->unit_code)))
		goto done;
	if ((rc = list_query(&s, st, &u, flt, flt->unit_code ? unit_path : NULL,
	                     now)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		row = list_row(s, now);
		if (!row || json_array_append_new(arr, row)) {
			rc = err_oom();
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	rc = 0;
	if (json) {
		rc = dump_json(out, arr);
		goto done;
	}
	json_array_foreach(arr, i, row)
	{
		if ((rc = list_text_row(&b, row)))
			goto done;
	}
	if (!(*out = sbuf_detach(&b)))
		rc = err_oom();
	wf_text_sanitize(*out);
done:
	store_finalize(s);
	json_decref(arr);
	sbuf_free(&b);
	return rc;
}
