/*
 * workflow/internal.h - helpers shared by the files of src/workflow only:
 * the audit log, routing to reviewers, the notification queue and small
 * statement helpers. Not for other layers (they use finding.h, user.h,
 * calendar.h, escalate.h).
 */
#ifndef NETRA_WORKFLOW_INTERNAL_H
#define NETRA_WORKFLOW_INTERNAL_H

#include <stdint.h>

#include <jansson.h>

#include "netra/store.h"
#include "store/store.h"

/* Appends one row to the append-only audit_log. detail may be NULL. */
int wf_audit(netra_store *st, int64_t at, const char *actor, const char *action,
             const char *object, const char *detail);

/* Appends a finding_transitions row and the matching audit_log row
 * (action = the transition's action, object 'finding:ID', detail a JSON
 * object {from,to,unit,due,reason}). from may be NULL (creation). */
struct wf_transition {
	int64_t finding_id;
	int64_t at;
	const char *actor;
	const char *action;
	const char *from_state; /* NULL for create */
	const char *to_state;
	int64_t from_unit_id; /* 0 = NULL */
	int64_t to_unit_id;   /* 0 = NULL */
	int64_t due_at;       /* 0 = NULL */
	const char *reason;   /* may be NULL */
};
int wf_record_transition(netra_store *st, const struct wf_transition *t);

/* The reviewer unit for unit_id: the nearest unit at or above it with an
 * active user of role `opd`; failing that the nearest with an active
 * `bkpp` user; failing that the unit of an all-units bkpp user; failing
 * that the root of its path. */
int wf_route_reviewer(int64_t *out, netra_store *st, int64_t unit_id);

/* The next reviewer above unit_id (strictly above; opd or bkpp users);
 * failing that the unit of an all-units bkpp user; 0 in *out if unit_id
 * is the top (that unit, or no reviewer above and no such user). */
int wf_route_parent_reviewer(int64_t *out, netra_store *st, int64_t unit_id);

/* A finding about employee emp assigned to *unit: when emp is an active
 * reviewer (a linked opd or bkpp user) of *unit, moves *unit to the
 * reviewer unit of emp's supervisor's unit, failing that to the next
 * reviewer above, so that nobody reviews themself. Unchanged otherwise. */
int wf_route_past_employee(int64_t *unit, netra_store *st, int64_t emp);

/* When emp is an active reviewer of *unit, moves *unit up to the next
 * reviewer unit where emp is not (escalation and the way to BKPP: never
 * down to the supervisor); unchanged at the top. */
int wf_route_skip_employee(int64_t *unit, netra_store *st, int64_t emp);

/* The BKPP unit for unit_id: the nearest unit at or above it with an
 * active `bkpp` user; failing that the unit of an all-units bkpp user;
 * failing that the root of its path. */
int wf_route_bkpp(int64_t *out, netra_store *st, int64_t unit_id);

/* The deadline for a finding assigned to unit_id at now (configured
 * working days, holidays skipped, days in the unit's zone:
 * wf_unit_zone()). */
int wf_due_from(int64_t *out, netra_store *st, int64_t unit_id, int64_t now);

/* Queues a notification (kind: new, escalated, overdue, confirmed) for
 * the reviewers of unit_id about finding_id. */
int wf_notify(netra_store *st, int64_t finding_id, const char *kind,
              int64_t unit_id, int64_t now);

/* The columns of one finding that scoping and the state machine need. */
struct wf_finding_row {
	int64_t id;
	char state[32];
	int64_t unit_id;
	char unit_path[256];
	int64_t assigned_unit_id; /* 0 if none */
	char assigned_path[256];
	char assigned_code[64];
	int64_t due_at; /* 0 if none */
	int escalations;
	int64_t employee_id;
};

/* Loads finding id. NETRA_ENOTFOUND if there is none. */
int wf_finding_load(struct wf_finding_row *out, netra_store *st, int64_t id);

struct wf_user;

/* Whether user u may see finding f: within u's unit subtree, not about
 * u's own linked employee, and (bawaslu) forwarded. 0, or NETRA_ENOTFOUND
 * with the message of a finding that does not exist, so that nobody
 * learns from the answer that an id outside their scope is taken. */
int wf_check_visible(const struct wf_user *u, const struct wf_finding_row *f);

/* Ends the write transaction the caller began: commits when rc is 0,
 * else rolls back and returns rc. */
int wf_tx_end(netra_store *st, int rc);

/* Binds int64 v, or NULL when v == 0. */
int wf_bind_id(store_stmt *s, int idx, int64_t v);

/* Steps a statement that returns no rows: 0 or the negative error. */
int wf_step_done(store_stmt *s);


/* JSON values for the data that reads return (view.c): a time as an
 * ISO 8601 string in the region's zone (UTC offset off), null for 0; a
 * column as a string or an integer, null when NULL. New references. */
json_t *wf_json_time(int64_t t, int32_t off);
json_t *wf_json_col(store_stmt *s, int col);
json_t *wf_json_col_int(store_stmt *s, int col);

#endif
