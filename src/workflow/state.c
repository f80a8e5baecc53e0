/*
 * workflow/state.c - the state machine of findings (DESIGN.md):
 *
 *   baru -> ditinjau_opd -> (ditolak | dikonfirmasi_opd)
 *        -> diverifikasi_bkpp -> (ditolak | diteruskan) -> selesai
 *   ditolak -> diverifikasi_bkpp   (reopen: BKPP overrules a dismissal)
 *
 * wf_rules[] below is the one place that says which role may take which
 * action from which state; docs/workflow.md shows the same table. An
 * action is checked in this order: the user exists and may see the
 * finding (its unit subtree, not about the user's own employee: else
 * NETRA_ENOTFOUND, the answer for an id that does not exist; bawaslu
 * users are read-only, NETRA_EDENIED), the action is allowed from the current state (NETRA_ESTATE),
 * the user's role may take it (NETRA_EDENIED), the finding's current
 * assignment is in the user's subtree (NETRA_EDENIED: escalated above
 * them), a reason is given when needed (NETRA_EINVALID). The change, its
 * transition row and its audit row are written in one transaction.
 */
#include "workflow/finding.h"

#include <stdio.h>
#include <string.h>

#include "netra/common.h"
#include "util/error.h"
#include "workflow/internal.h"
#include "workflow/user.h"

#define R_BKPP (1u << WF_ROLE_BKPP)
#define R_OPD  (1u << WF_ROLE_OPD)

/* What happens to the assignment and deadline on a transition. */
enum wf_route_to {
	WF_KEEP,    /* same reviewer, same deadline */
	WF_TO_BKPP, /* assigned to the BKPP unit, new deadline */
	WF_RENEW,   /* same reviewer, new deadline */
	WF_DONE     /* no deadline any more */
};

struct wf_rule {
	enum wf_action action;
	const char *from;
	const char *to;
	unsigned roles;
	int needs_reason;
	enum wf_route_to route;
};

static const struct wf_rule wf_rules[] = {
    {WF_REVIEW, "baru", "ditinjau_opd", R_OPD | R_BKPP, 0, WF_KEEP},
    {WF_CONFIRM, "ditinjau_opd", "dikonfirmasi_opd", R_OPD | R_BKPP, 0,
     WF_TO_BKPP},
    {WF_DISMISS, "ditinjau_opd", "ditolak", R_OPD | R_BKPP, 1, WF_DONE},
    {WF_VERIFY, "dikonfirmasi_opd", "diverifikasi_bkpp", R_BKPP, 0, WF_RENEW},
    {WF_DISMISS, "diverifikasi_bkpp", "ditolak", R_BKPP, 1, WF_DONE},
    {WF_FORWARD, "diverifikasi_bkpp", "diteruskan", R_BKPP, 1, WF_DONE},
    {WF_CLOSE, "diteruskan", "selesai", R_BKPP, 0, WF_DONE},
    {WF_REOPEN, "ditolak", "diverifikasi_bkpp", R_BKPP, 1, WF_TO_BKPP},
};

#define NRULES (sizeof(wf_rules) / sizeof(wf_rules[0]))

static const char *const action_names[WF_NACTIONS] = {
    "review", "confirm", "dismiss", "verify", "forward", "close", "reopen"};

const char *wf_action_name(enum wf_action a)
{
	return (unsigned)a < WF_NACTIONS ? action_names[a] : "?";
}

int wf_action_parse(const char *name)
{
	int i;

	for (i = 0; i < WF_NACTIONS; i++)
		if (strcmp(name, action_names[i]) == 0)
			return i;
	return -1;
}

/* The rule for (state, action) or NULL. */
static const struct wf_rule *find_rule(const char *state, enum wf_action action)
{
	size_t i;

	for (i = 0; i < NRULES; i++)
		if (wf_rules[i].action == action &&
		    strcmp(wf_rules[i].from, state) == 0)
			return &wf_rules[i];
	return NULL;
}

/* "'a' or 'b'": the states the action is allowed from, for messages. */
static void allowed_from(char *buf, size_t size, enum wf_action action)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NRULES && n < size; i++) {
		if (wf_rules[i].action != action)
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s'%s'",
		                      n ? " or " : "", wf_rules[i].from);
	}
}

static void allowed_roles(char *buf, size_t size, unsigned roles)
{
	size_t n = 0;
	int r;

	buf[0] = '\0';
	for (r = 0; r < WF_NROLES && n < size; r++)
		if (roles & (1u << r))
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			                      n ? ", " : "", wf_role_name(r));
}

/* The checks of the file comment; *rule gets the matching rule. */
static int check_action(const struct wf_rule **rule, const struct wf_user *u,
                        const struct wf_finding_row *f, enum wf_action action,
                        const char *reason)
{
	char buf[128];
	const struct wf_rule *r;
	int rc;

	*rule = NULL;
	if ((rc = wf_check_visible(u, f)))
		return rc;
	if (u->role == WF_ROLE_BAWASLU)
		return err_set(NETRA_EDENIED,
		               "user '%s' (bawaslu) may read "
		               "forwarded findings only",
		               u->name);
	r = find_rule(f->state, action);
	if (!r) {
		allowed_from(buf, sizeof(buf), action);
		return err_set(NETRA_ESTATE,
		               "finding #%lld is '%s'; '%s' is "
		               "allowed only from %s",
		               (long long)f->id, f->state,
		               wf_action_name(action), buf);
	}
	if (!(r->roles & (1u << u->role))) {
		allowed_roles(buf, sizeof(buf), r->roles);
		return err_set(NETRA_EDENIED,
		               "role '%s' may not '%s' a "
		               "finding in '%s' (allowed: %s)",
		               wf_role_name(u->role), wf_action_name(action),
		               f->state, buf);
	}
	if (f->assigned_unit_id &&
	    !wf_in_subtree(f->assigned_path, u->unit_path))
		return err_set(NETRA_EDENIED,
		               "finding #%lld is assigned to "
		               "unit %s, above the units of user '%s'",
		               (long long)f->id, f->assigned_code, u->name);
	if (r->needs_reason && (!reason || !reason[strspn(reason, " \t\r\n")]))
		return err_set(NETRA_EINVALID, "'%s' needs --reason (%s)",
		               wf_action_name(action),
		               action == WF_FORWARD  ? "the recommendation"
		               : action == WF_REOPEN ? "why the dismissal is "
		                                       "overruled"
		                                     : "why it is not a breach");
	*rule = r;
	return 0;
}

/* Updates the finding from state `from` (the guard against a concurrent
 * change) to r->to with its new assignment and deadline. */
static int update_finding(netra_store *st, const struct wf_finding_row *f,
                          const struct wf_rule *r, int64_t unit, int64_t due,
                          const char *reason, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	rc =
	    store_prepare(&s, st,
	                  "UPDATE findings SET state = ?, assigned_unit_id = ?,"
	                  " due_at = ?, reason = COALESCE(?, reason), "
	                  "updated_at = ? WHERE id = ? AND state = ? "
	                  "RETURNING id");
	if (rc)
		goto done;
	if ((rc = store_bind_text(s, 1, r->to, (size_t)-1)) ||
	    (rc = wf_bind_id(s, 2, unit)) || (rc = wf_bind_id(s, 3, due)) ||
	    (rc = store_bind_text(s, 4, reason, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 5, now)) ||
	    (rc = store_bind_int64(s, 6, f->id)) ||
	    (rc = store_bind_text(s, 7, f->state, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ESTATE, "finding #%lld changed meanwhile",
		             (long long)f->id);
	else if (rc == STORE_ROW)
		rc = wf_step_done(s);
done:
	store_finalize(s);
	return rc;
}

/* Applies rule r to f inside the caller's transaction. */
static int apply(netra_store *st, const struct wf_user *u,
                 const struct wf_finding_row *f, const struct wf_rule *r,
                 const char *reason, int64_t now)
{
	struct wf_transition t = {0};
	int64_t unit = f->assigned_unit_id, due = f->due_at;
	int rc = 0;

	if (r->route == WF_TO_BKPP &&
	    !(rc = wf_route_bkpp(&unit, st, f->unit_id)))
		rc = wf_route_skip_employee(&unit, st, f->employee_id);
	if (!rc && (r->route == WF_TO_BKPP || r->route == WF_RENEW))
		rc = wf_due_from(&due, st, unit, now);
	if (r->route == WF_DONE)
		due = 0;
	if (rc || (rc = update_finding(st, f, r, unit, due, reason, now)))
		return rc;
	t.finding_id = f->id;
	t.at = now;
	t.actor = u->name;
	t.action = wf_action_name(r->action);
	t.from_state = f->state;
	t.to_state = r->to;
	t.from_unit_id = f->assigned_unit_id;
	t.to_unit_id = unit;
	t.due_at = due;
	t.reason = reason;
	if ((rc = wf_record_transition(st, &t)))
		return rc;
	if (r->route == WF_TO_BKPP)
		rc = wf_notify(st, f->id, "confirmed", unit, now);
	return rc;
}

int wf_finding_act(netra_store *st, const char *actor, int64_t id,
                   enum wf_action action, const char *reason, int64_t now)
{
	const struct wf_rule *r;
	struct wf_finding_row f;
	struct wf_user u;
	int rc;

	if ((unsigned)action >= WF_NACTIONS)
		return err_set(NETRA_EINVALID, "unknown action");
	if (!now)
		now = wf_now();
	if (reason && !reason[strspn(reason, " \t\r\n")])
		reason = NULL;
	if ((rc = store_begin_write(st)))
		return rc;
	if ((rc = wf_user_get(&u, st, actor)) ||
	    (rc = wf_finding_load(&f, st, id)) ||
	    (rc = check_action(&r, &u, &f, action, reason)) ||
	    (rc = apply(st, &u, &f, r, reason, now)))
		goto fail;
	return store_commit(st);
fail:
	store_rollback(st);
	return rc;
}

int wf_action_needs_reason(enum wf_action a)
{
	size_t i;

	for (i = 0; i < NRULES; i++)
		if (wf_rules[i].action == a && wf_rules[i].needs_reason)
			return 1;
	return 0;
}

int wf_finding_actions(unsigned *out, netra_store *st, const char *actor,
                       int64_t id)
{
	const struct wf_rule *r;
	struct wf_finding_row f;
	struct wf_user u;
	int a, rc;

	*out = 0;
	if ((rc = wf_user_get(&u, st, actor)) ||
	    (rc = wf_finding_load(&f, st, id)) ||
	    (rc = wf_check_visible(&u, &f)))
		return rc;
	for (a = 0; a < WF_NACTIONS; a++)
		if (check_action(&r, &u, &f, (enum wf_action)a, "-") == 0)
			*out |= 1u << a;
	netra_error_clear();
	return 0;
}
