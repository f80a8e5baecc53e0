/*
 * workflow/finding.c - creating and routing findings (called by `netra
 * scan` for each breach of a verdict), loading one for the state machine
 * (state.c), and the clock of the workflow. Listing and showing are in
 * view.c.
 */
#include "workflow/finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/civiltime.h"
#include "util/error.h"
#include "workflow/calendar.h"
#include "workflow/internal.h"

static const char *const open_states[] = {
    "baru", "ditinjau_opd", "dikonfirmasi_opd", "diverifikasi_bkpp"};

int wf_state_is_open(const char *state)
{
	size_t i;

	for (i = 0; i < sizeof(open_states) / sizeof(open_states[0]); i++)
		if (strcmp(state, open_states[i]) == 0)
			return 1;
	return 0;
}

int wf_in_subtree(const char *path, const char *root_path)
{
	size_t n = strlen(root_path);

	return n > 0 && strncmp(path, root_path, n) == 0;
}

int64_t wf_now(void)
{
	return civil_now();
}

static void copy_col(char *dst, size_t size, store_stmt *s, int col)
{
	size_t len;
	const char *p = store_column_text(s, col, &len);

	if (len >= size)
		len = size - 1;
	memcpy(dst, p, len);
	dst[len] = '\0';
}

int wf_finding_load(struct wf_finding_row *out, netra_store *st, int64_t id)
{
	store_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_prepare(&s, st,
	                   "SELECT f.id, f.state, f.unit_id, u.path, "
	                   "f.assigned_unit_id, a.path, a.code, f.due_at, "
	                   "f.escalations, f.employee_id FROM findings f "
	                   "JOIN units u ON u.id = f.unit_id "
	                   "LEFT JOIN units a ON a.id = f.assigned_unit_id "
	                   "WHERE f.id = ?");
	if (rc || (rc = store_bind_int64(s, 1, id)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE) {
		rc =
		    err_set(NETRA_ENOTFOUND, "no finding #%lld", (long long)id);
		goto done;
	}
	if (rc < 0)
		goto done;
	out->id = store_column_int64(s, 0);
	copy_col(out->state, sizeof(out->state), s, 1);
	out->unit_id = store_column_int64(s, 2);
	copy_col(out->unit_path, sizeof(out->unit_path), s, 3);
	out->assigned_unit_id = store_column_int64(s, 4);
	copy_col(out->assigned_path, sizeof(out->assigned_path), s, 5);
	copy_col(out->assigned_code, sizeof(out->assigned_code), s, 6);
	out->due_at = store_column_int64(s, 7);
	out->escalations = (int)store_column_int64(s, 8);
	out->employee_id = store_column_int64(s, 9);
	rc = 0;
done:
	store_finalize(s);
	return rc;
}

/* The id of the finding for (verdict_id, rule), 0 if none. */
static int existing_finding(int64_t *out, netra_store *st, int64_t verdict_id,
                            const char *rule)
{
	store_stmt *s = NULL;
	int rc;

	*out = 0;
	rc = store_prepare(&s, st,
	                   "SELECT id FROM findings WHERE "
	                   "verdict_id = ? AND rule = ?");
	if (rc || (rc = store_bind_int64(s, 1, verdict_id)) ||
	    (rc = store_bind_text(s, 2, rule, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW)
		*out = store_column_int64(s, 0);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* Checks the employee exists; fills *unit_id with its unit if 0. */
static int employee_unit(netra_store *st, int64_t employee_id, int64_t *unit_id)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(&s, st,
	                   "SELECT e.unit_id, (SELECT count(*) FROM "
	                   "units WHERE id = ?) FROM employees e "
	                   "WHERE e.id = ?");
	if (rc || (rc = store_bind_int64(s, 1, *unit_id)) ||
	    (rc = store_bind_int64(s, 2, employee_id)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE) {
		rc = err_set(NETRA_ENOTFOUND, "no employee with id %lld",
		             (long long)employee_id);
		goto done;
	}
	if (rc < 0)
		goto done;
	if (*unit_id == 0)
		*unit_id = store_column_int64(s, 0);
	else if (store_column_int64(s, 1) == 0)
		rc = err_set(NETRA_ENOTFOUND, "no unit with id %lld",
		             (long long)*unit_id);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

static int check_new(const struct wf_finding_new *f)
{
	if (!f->verdict_id || !f->event_id || !f->employee_id)
		return err_set(NETRA_EINVALID, "a finding needs a verdict, an "
		                               "event and an employee");
	if (!f->category || !*f->category || !f->rule || !*f->rule ||
	    !f->severity || !*f->severity)
		return err_set(NETRA_EINVALID, "a finding needs a category, a "
		                               "rule and a severity");
	if (f->actor && (!f->reason || !f->reason[strspn(f->reason,
	                                                 " \t\r\n")]))
		return err_set(NETRA_EINVALID, "a finding made by hand needs "
		                               "a reason");
	return 0;
}

static int insert_finding(int64_t *out, netra_store *st,
                          const struct wf_finding_new *f, int64_t unit_id,
                          int64_t assigned, int64_t due, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	*out = 0;
	rc = store_prepare(&s, st,
	                   "INSERT INTO findings(verdict_id, event_id, "
	                   "employee_id, unit_id, category, rule, severity, "
	                   "candidate, state, assigned_unit_id, due_at, "
	                   "created_at, updated_at, basis, explanation, "
	                   "group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'baru', "
	                   "?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (rc)
		goto done;
	if ((rc = store_bind_int64(s, 1, f->verdict_id)) ||
	    (rc = store_bind_int64(s, 2, f->event_id)) ||
	    (rc = store_bind_int64(s, 3, f->employee_id)) ||
	    (rc = store_bind_int64(s, 4, unit_id)) ||
	    (rc = store_bind_text(s, 5, f->category, (size_t)-1)) ||
	    (rc = store_bind_text(s, 6, f->rule, (size_t)-1)) ||
	    (rc = store_bind_text(s, 7, f->severity, (size_t)-1)) ||
	    (rc = f->candidate > 0 ? store_bind_int64(s, 8, f->candidate)
	                           : store_bind_null(s, 8)) ||
	    (rc = store_bind_int64(s, 9, assigned)) ||
	    (rc = store_bind_int64(s, 10, due)) ||
	    (rc = store_bind_int64(s, 11, now)) ||
	    (rc = store_bind_int64(s, 12, now)) ||
	    (rc = store_bind_text(s, 13, f->basis, (size_t)-1)) ||
	    (rc = store_bind_text(s, 14, f->explain, (size_t)-1)) ||
	    (rc = store_bind_text(s, 15, f->group_id, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW) {
		*out = store_column_int64(s, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(NETRA_EIO, "insert finding returned no id");
	}
done:
	store_finalize(s);
	return rc;
}

int wf_finding_create(int64_t *out, netra_store *st,
                      const struct wf_finding_new *f)
{
	int64_t now, unit_id, assigned, due, id = 0;
	struct wf_transition t = {0};
	int rc;

	*out = 0;
	if ((rc = check_new(f)))
		return rc;
	now = f->now ? f->now : wf_now();
	unit_id = f->unit_id;
	if ((rc = store_begin_write(st)))
		return rc;
	if ((rc = existing_finding(&id, st, f->verdict_id, f->rule)))
		goto fail;
	if (id) {
		*out = id;
		rc = store_commit(st);
		return rc ? rc
		          : err_set(NETRA_EEXISTS,
		                    "finding #%lld exists "
		                    "for verdict %lld rule %s",
		                    (long long)id, (long long)f->verdict_id,
		                    f->rule);
	}
	if ((rc = employee_unit(st, f->employee_id, &unit_id)) ||
	    (f->route_to && f->unit_id ? (assigned = f->route_to, 0)
	                               : (rc = wf_route_reviewer(&assigned, st,
	                                                         unit_id))) ||
	    (rc = wf_route_past_employee(&assigned, st, f->employee_id)) ||
	    (rc = wf_due_from(&due, st, assigned, now)) ||
	    (rc = insert_finding(&id, st, f, unit_id, assigned, due, now)))
		goto fail;
	t.finding_id = id;
	t.at = now;
	t.actor = f->actor ? f->actor : "system";
	t.reason = f->reason;
	t.action = "create";
	t.to_state = "baru";
	t.to_unit_id = assigned;
	t.due_at = due;
	if ((rc = wf_record_transition(st, &t)) ||
	    (rc = wf_notify(st, id, "new", assigned, now)))
		goto fail;
	if ((rc = store_commit(st)))
		return rc;
	*out = id;
	return 0;
fail:
	store_rollback(st);
	return rc;
}
