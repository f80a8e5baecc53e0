/*
 * workflow/audit.c - writing the append-only audit_log and the
 * finding_transitions history. Callers run these inside the transaction
 * that makes the change, so a change and its record are both there or
 * neither is. Every row enters the evidence log (queued by a trigger in
 * the same transaction; docs/evidence.md). Outsiders are named by an
 * opaque id only (wf_audit_outsider, workflow/audit.h).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "netra/evidence.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/sbuf.h"
#include "workflow/audit.h"
#include "workflow/finding.h"
#include "workflow/internal.h"

int wf_bind_id(store_stmt *s, int idx, int64_t v)
{
	return v ? store_bind_int64(s, idx, v) : store_bind_null(s, idx);
}

int wf_tx_end(netra_store *st, int rc)
{
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int wf_step_done(store_stmt *s)
{
	int rc = store_step(s);

	return rc < 0 ? rc : 0;
}

/* detail (a JSON object, or NULL) as stored: with "clock":"test" added
 * when the tests' clock switch (NETRA_TEST_CLOCK) set the time, so no row
 * written under a moved clock passes for a real one. */
static int audit_detail(struct sbuf *b, const char *detail)
{
	if (!civil_clock_is_test())
		return detail ? sbuf_puts(b, detail) : 0;
	if (!detail || strcmp(detail, "{}") == 0)
		return sbuf_puts(b, "{\"clock\":\"test\"}");
	assert(detail[0] == '{');
	return sbuf_printf(b, "{\"clock\":\"test\",%s", detail + 1);
}

int wf_audit_outsider(char *actor_out, netra_store *st, int64_t at,
                      const char *identity, const char *action,
                      const char *object, const char *detail)
{
	char id[NETRA_EVIDENCE_PERSON_ID];
	int rc;

	if ((rc = netra_evidence_person_id(id, st, identity)))
		return rc;
	if (actor_out)
		memcpy(actor_out, id, sizeof(id));
	if ((rc = store_begin_write(st)))
		return rc;
	rc = wf_audit(st, at ? at : wf_now(), id, action, object, detail);
	return rc ? (store_rollback(st), rc) : store_commit(st);
}

int wf_audit(netra_store *st, int64_t at, const char *actor, const char *action,
             const char *object, const char *detail)
{
	struct sbuf d = SBUF_INIT;
	store_stmt *s = NULL;
	int rc;

	if ((rc = audit_detail(&d, detail)))
		goto done;
	rc = store_prepare(&s, st,
	                   "INSERT INTO audit_log(at, actor, action, object, "
	                   "detail) VALUES (?, ?, ?, ?, ?)");
	if (rc)
		goto done;
	if ((rc = store_bind_int64(s, 1, at)) ||
	    (rc = store_bind_text(s, 2, actor, (size_t)-1)) ||
	    (rc = store_bind_text(s, 3, action, (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, object, (size_t)-1)) ||
	    (rc = d.len ? store_bind_text(s, 5, d.data, d.len)
	                : store_bind_null(s, 5)))
		goto done;
	rc = wf_step_done(s);
done:
	store_finalize(s);
	sbuf_free(&d);
	return rc;
}

static int transition_detail(struct sbuf *b, const struct wf_transition *t)
{
	int rc = sbuf_puts(b, "{\"from\":");

	if (!rc)
		rc = t->from_state ? sbuf_json_str(b, t->from_state,
		                                   strlen(t->from_state))
		                   : sbuf_puts(b, "null");
	if (!rc)
		rc = sbuf_puts(b, ",\"to\":");
	if (!rc)
		rc = sbuf_json_str(b, t->to_state, strlen(t->to_state));
	if (!rc && t->to_unit_id)
		rc = sbuf_printf(b, ",\"unit\":%lld", (long long)t->to_unit_id);
	if (!rc && t->due_at)
		rc = sbuf_printf(b, ",\"due\":%lld", (long long)t->due_at);
	if (!rc && t->reason) {
		rc = sbuf_puts(b, ",\"reason\":");
		if (!rc)
			rc = sbuf_json_str(b, t->reason, strlen(t->reason));
	}
	if (!rc)
		rc = sbuf_putc(b, '}');
	return rc;
}

int wf_record_transition(netra_store *st, const struct wf_transition *t)
{
	struct sbuf detail = SBUF_INIT;
	store_stmt *s = NULL;
	char object[40];
	int rc;

	rc = store_prepare(&s, st,
	                   "INSERT INTO finding_transitions(finding_id, at, "
	                   "actor, action, from_state, to_state, from_unit_id, "
	                   "to_unit_id, due_at, reason) "
	                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (rc)
		goto done;
	if ((rc = store_bind_int64(s, 1, t->finding_id)) ||
	    (rc = store_bind_int64(s, 2, t->at)) ||
	    (rc = store_bind_text(s, 3, t->actor, (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, t->action, (size_t)-1)) ||
	    (rc = store_bind_text(s, 5, t->from_state, (size_t)-1)) ||
	    (rc = store_bind_text(s, 6, t->to_state, (size_t)-1)) ||
	    (rc = wf_bind_id(s, 7, t->from_unit_id)) ||
	    (rc = wf_bind_id(s, 8, t->to_unit_id)) ||
	    (rc = wf_bind_id(s, 9, t->due_at)) ||
	    (rc = store_bind_text(s, 10, t->reason, (size_t)-1)))
		goto done;
	if ((rc = wf_step_done(s)))
		goto done;
	if ((rc = transition_detail(&detail, t)))
		goto done;
	snprintf(object, sizeof(object), "finding:%lld",
	         (long long)t->finding_id);
	rc = wf_audit(st, t->at, t->actor, t->action, object, detail.data);
done:
	store_finalize(s);
	sbuf_free(&detail);
	return rc;
}
