/*
 * workflow/escalate.c - moving overdue findings up the organisation
 * (pengawasan berjenjang): a finding nobody acted on at OPD level by its
 * deadline goes to the next unit above with a reviewer, with a new
 * deadline, up to BKPP. Findings that cannot go higher get an overdue
 * notice once per deadline. See escalate.h.
 */
#include "workflow/escalate.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/sbuf.h"
#include "util/vec.h"
#include "workflow/calendar.h"
#include "workflow/finding.h"
#include "workflow/internal.h"

typedef VEC(int64_t) id_vec;

/* The ids of open findings with due_at <= now, locked for this
 * transaction: on PostgreSQL FOR UPDATE SKIP LOCKED, so several
 * escalating processes share the overdue findings and none escalates a
 * finding another is escalating (once it commits, the finding's new
 * deadline is no longer past); on SQLite the write transaction holds the
 * store. Each finding is read again after the lock (wf_finding_load), so
 * the escalation counts from its deadline as committed. */
static int overdue_ids(id_vec *ids, netra_store *st, int64_t now)
{
	struct sbuf sql = SBUF_INIT;
	store_stmt *s = NULL;
	int rc;

	if (sbuf_printf(&sql,
	                "SELECT id FROM findings WHERE state IN ('baru', "
	                "'ditinjau_opd', 'dikonfirmasi_opd', "
	                "'diverifikasi_bkpp') AND due_at IS NOT NULL AND "
	                "due_at <= ? ORDER BY id%s",
	                store_lock_skip(st))) {
		rc = err_oom();
		goto done;
	}
	rc = store_prepare(&s, st, sql.data);
	if (rc || (rc = store_bind_int64(s, 1, now)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW)
		if (VEC_PUSH(ids, store_column_int64(s, 0))) {
			rc = err_oom();
			goto done;
		}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	sbuf_free(&sql);
	return rc;
}

static int set_assignment(netra_store *st, int64_t id, int64_t unit,
                          int64_t due, int levels, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(
	    &s, st,
	    "UPDATE findings SET assigned_unit_id = ?, due_at = ?,"
	    " escalations = escalations + ?, updated_at = ? "
	    "WHERE id = ?");
	if (!rc && !(rc = store_bind_int64(s, 1, unit)) &&
	    !(rc = store_bind_int64(s, 2, due)) &&
	    !(rc = store_bind_int64(s, 3, levels)) &&
	    !(rc = store_bind_int64(s, 4, now)) &&
	    !(rc = store_bind_int64(s, 5, id)))
		rc = wf_step_done(s);
	store_finalize(s);
	return rc;
}

/* Escalates f one level at a time while the deadline of the level passed
 * by now. *moved is set if it went up at all. */
static int escalate_one(netra_store *st, const struct wf_cal *cal, int days,
                        const struct wf_finding_row *f, int64_t now, int *moved)
{
	struct wf_transition t = {0};
	struct wf_cal zc = *cal; /* the holidays, in the zone of a unit */
	int64_t unit = f->assigned_unit_id, due = f->due_at, up;
	int levels = 0, rc;

	*moved = 0;
	while (due <= now) {
		if ((rc = wf_route_parent_reviewer(&up, st, unit)))
			return rc;
		if (!up)
			break;
		/* never up to the employee's own desk */
		if ((rc = wf_route_skip_employee(&up, st, f->employee_id)))
			return rc;
		t.finding_id = f->id;
		t.at = now;
		t.actor = "system";
		t.action = "escalate";
		t.from_state = f->state;
		t.to_state = f->state;
		t.from_unit_id = unit;
		t.to_unit_id = up;
		/* working days of the unit it goes to, in its zone */
		if ((rc = wf_unit_zone(st, up, &zc.off)))
			return rc;
		t.due_at = wf_cal_due(&zc, due, days);
		t.reason = "tenggat terlewati";
		if ((rc = wf_record_transition(st, &t)))
			return rc;
		unit = up;
		due = t.due_at;
		levels++;
	}
	if (!levels)
		return 0;
	*moved = 1;
	if ((rc = set_assignment(st, f->id, unit, due, levels, now)))
		return rc;
	return wf_notify(st, f->id, "escalated", unit, now);
}

/* Notifies the assigned unit that f is overdue, once per deadline. */
static int notify_overdue(netra_store *st, const struct wf_finding_row *f,
                          int64_t now, int *done_)
{
	store_stmt *s = NULL;
	char object[40];
	int rc;

	*done_ = 0;
	rc = store_prepare(&s, st,
	                   "UPDATE findings SET overdue_notified_at = ? WHERE "
	                   "id = ? AND (overdue_notified_at IS NULL OR "
	                   "overdue_notified_at < due_at) RETURNING id");
	if (rc || (rc = store_bind_int64(s, 1, now)) ||
	    (rc = store_bind_int64(s, 2, f->id)))
		goto done;
	rc = store_step(s);
	if (rc != STORE_ROW) {
		rc = rc < 0 ? rc : 0;
		goto done;
	}
	if ((rc = wf_step_done(s)))
		goto done;
	snprintf(object, sizeof(object), "finding:%lld", (long long)f->id);
	if ((rc = wf_audit(st, now, "system", "overdue", object, NULL)) ||
	    (rc = wf_notify(st, f->id, "overdue", f->assigned_unit_id, now)))
		goto done;
	*done_ = 1;
done:
	store_finalize(s);
	return rc;
}

static int escalate_all(netra_store *st, const struct wf_cal *cal, int days,
                        int64_t now, struct wf_escalate_stats *stats)
{
	id_vec ids = VEC_INIT;
	struct wf_finding_row f;
	size_t i;
	int rc, moved, noted;

	if ((rc = overdue_ids(&ids, st, now)))
		goto done;
	for (i = 0; i < ids.len; i++) {
		if ((rc = wf_finding_load(&f, st, ids.items[i])))
			goto done;
		moved = noted = 0;
		if (f.assigned_unit_id && (!strcmp(f.state, "baru") ||
		                           !strcmp(f.state, "ditinjau_opd")))
			rc = escalate_one(st, cal, days, &f, now, &moved);
		if (!rc && !moved && f.assigned_unit_id)
			rc = notify_overdue(st, &f, now, &noted);
		if (rc)
			goto done;
		stats->escalated += (size_t)moved;
		stats->overdue += (size_t)noted;
	}
done:
	VEC_FREE(&ids);
	return rc;
}

int wf_escalate(netra_store *st, int64_t now, struct wf_escalate_stats *stats)
{
	struct wf_cal cal;
	int days, rc;

	if (!now)
		now = wf_now();
	if ((rc = wf_deadline_days(st, &days)) || (rc = wf_cal_load(&cal, st)))
		return rc;
	if ((rc = store_begin_write(st)))
		goto done;
	rc = escalate_all(st, &cal, days, now, stats);
	rc = rc ? (store_rollback(st), rc) : store_commit(st);
done:
	wf_cal_free(&cal);
	return rc;
}
