/*
 * workflow/finding.h - findings: creating and routing one (what `netra
 * scan` calls for each breach in a verdict), the state machine of
 * DESIGN.md's workflow, listing and showing them within a user's scope.
 *
 * States:  baru -> ditinjau_opd -> (ditolak | dikonfirmasi_opd)
 *          -> diverifikasi_bkpp -> (ditolak | diteruskan) -> selesai
 * Which role may take which action from which state is one table,
 * wf_transitions[] in state.c (and docs/workflow.md). Every change of
 * state is written, in the same transaction, to finding_transitions and to
 * the append-only audit_log.
 *
 * Times are Unix seconds (UTC); working days are counted in Asia/Jakarta
 * (see calendar.h). All functions take the store handle; each writes in
 * one transaction (store_begin/commit nest, so a caller may wrap many
 * calls in its own).
 */
#ifndef NETRA_WORKFLOW_FINDING_H
#define NETRA_WORKFLOW_FINDING_H

#include <stdint.h>

#include <jansson.h>

#include "netra/store.h"

/* What a new finding is made of: one breach (one rule) of one verdict.
 * Ids are rows of the store. Strings are borrowed for the call. */
struct wf_finding_new {
	int64_t verdict_id;   /* verdicts.id (required) */
	int64_t event_id;     /* events.id (required) */
	int64_t employee_id;  /* employees.id (required) */
	int64_t unit_id;      /* units.id; 0 = the employee's current unit */
	const char *category; /* support, attack, hate_speech, hoax */
	const char *rule;     /* rule id, e.g. "DUKUNGAN-AJAKAN" */
	const char *severity; /* e.g. rendah, sedang, tinggi */
	int64_t candidate;    /* candidate number; <= 0 = none (NULL) */
	const char *basis;    /* legal basis of the rule; may be NULL */
	const char *explain;  /* Indonesian explanation; may be NULL */
	const char *group_id; /* copy-paste campaign key shared by the
	                       * findings of one story (e.g. a content
	                       * hash); NULL = not grouped */
	int64_t now;          /* creation time; 0 = wf_now() */
	int64_t route_to;     /* what wf_route_reviewer() gave for unit_id
	                       * (not 0) in the caller's open transaction,
	                       * so a caller creating many findings routes
	                       * each unit once; 0 = route here */
	const char *actor;    /* who makes it: NULL = 'system' (the engine);
	                       * a user who makes one by hand (BKPP from a
	                       * complaint) is named in the create transition
	                       * and its audit row */
	const char *reason;   /* why, with actor (required then); NULL */
};

/*
 * Inserts a finding in state 'baru', routes it to the reviewer unit of the
 * employee's unit (the nearest unit at or above it with an active 'opd'
 * user; failing that, the nearest with a 'bkpp' user; failing that, the
 * root of the employee's unit; when the employee is that unit's reviewer,
 * the reviewer unit of their supervisor's unit, see docs/workflow.md),
 * sets due_at to the deadline (the
 * configured number of working days, default 3), writes an audit row
 * (actor f->actor or 'system', action 'create', with f->reason) and a
 * transition row (NULL -> baru),
 * and queues a 'new' notification for `netra escalate` to mail.
 *
 * *out is the new finding's id. A finding for the same (verdict_id, rule)
 * is made once: a second call returns NETRA_EEXISTS and sets *out to the
 * existing id (so a re-run scan after a crash is harmless).
 * Errors: NETRA_EINVALID (missing field), NETRA_ENOTFOUND (employee or
 * unit unknown), NETRA_EIO.
 */
int wf_finding_create(int64_t *out, netra_store *st,
                      const struct wf_finding_new *f);

/* "Now" for the workflow: the real clock (civil_now(): only the tests'
 * NETRA_TEST_CLOCK moves it, and audit rows written under it say so). */
int64_t wf_now(void);

/* True for the open states (baru, ditinjau_opd, dikonfirmasi_opd,
 * diverifikasi_bkpp): a finding in one of them has a deadline, and is
 * overdue when now >= due_at. */
int wf_state_is_open(const char *state);

/* True if unit path `path` is root_path or below it ('/1/7/42/' is below
 * '/1/7/'); false when root_path is empty. */
int wf_in_subtree(const char *path, const char *root_path);

/* The actions of the state machine. */
enum wf_action {
	WF_REVIEW,  /* baru -> ditinjau_opd */
	WF_CONFIRM, /* ditinjau_opd -> dikonfirmasi_opd (goes to BKPP) */
	WF_DISMISS, /* ditinjau_opd | diverifikasi_bkpp -> ditolak; reason */
	WF_VERIFY,  /* dikonfirmasi_opd -> diverifikasi_bkpp */
	WF_FORWARD, /* diverifikasi_bkpp -> diteruskan; recommendation */
	WF_CLOSE,   /* diteruskan -> selesai */
	WF_REOPEN,  /* ditolak -> diverifikasi_bkpp (bkpp overrules a
	             * dismissal); reason */
	WF_NACTIONS
};

/* Action name ("review", ...) and back; wf_action_parse returns -1 for an
 * unknown name. */
const char *wf_action_name(enum wf_action a);
int wf_action_parse(const char *name);

/*
 * Applies action to finding id on behalf of user `actor` (users.name) at
 * time now (0 = wf_now()). reason: required for dismiss (why it is not a
 * breach), forward (the recommendation) and reopen (why the dismissal is
 * overruled); optional otherwise.
 * Errors: NETRA_ENOTFOUND (no such finding or active user, the finding is
 * outside the user's unit subtree, or it is about the user's own linked
 * employee: all one answer), NETRA_EDENIED (the user's role may not take
 * this action, or the finding is assigned above the user), NETRA_ESTATE
 * (not allowed from the current state), NETRA_EINVALID (missing reason).
 * On any error nothing changes.
 */
int wf_finding_act(netra_store *st, const char *actor, int64_t id,
                   enum wf_action action, const char *reason, int64_t now);

/* Sort orders of wf_finding_list (ties broken by id). */
enum wf_sort {
	WF_SORT_ID,       /* finding id (the order they were made) */
	WF_SORT_DUE,      /* deadline, findings without one last */
	WF_SORT_CREATED,  /* creation time */
	WF_SORT_SEVERITY, /* tinggi, sedang, rendah */
	WF_SORT_UNIT,     /* the employee's unit code */
	WF_SORT_STATE,    /* state name */
	WF_NSORTS
};

/* Sort name ("id", "due", "created", "severity", "unit", "state") and
 * back; wf_sort_parse returns -1 for an unknown name. */
const char *wf_sort_name(enum wf_sort s);
int wf_sort_parse(const char *name);

#define WF_LIST_LIMIT 50    /* rows per page when limit is 0 */
#define WF_LIST_MAX   1000  /* the largest page */

/* The query of wf_finding_list; zero/NULL fields do not filter. The CLI's
 * `finding list` and the web's queue fill the same struct. */
struct wf_list_filter {
	const char *state;     /* one state name (NETRA_EINVALID if unknown) */
	const char *category;  /* support, attack, hate_speech, hoax */
	const char *unit_code; /* findings of this unit and below; a unit
	                        * outside the actor's scope is NETRA_ENOTFOUND,
	                        * as an unknown one */
	int overdue;           /* only open findings past due_at at now */
	enum wf_sort sort;     /* WF_SORT_ID by default */
	int desc;              /* descending */
	int64_t limit;         /* page size; 0 = WF_LIST_LIMIT, at most
	                        * WF_LIST_MAX (NETRA_EINVALID above) */
	int64_t offset;        /* rows to skip (>= 0) */
	const char *after;     /* a cursor ("next" of a page): the rows
	                        * after that row, in this sort and direction;
	                        * NULL = from offset */
	const char *before;    /* a cursor ("prev" of a page): the rows just
	                        * before that row (at most one of after,
	                        * before and offset) */
	int64_t now;           /* 0 = wf_now() */
};

/*
 * A keyset cursor: one row's place in one sort order (the sort, the
 * direction, the row's sort key and id). As text it is opaque to clients
 * and URL-safe ([a-z0-9-] only): "SORT-a|d-ID-KEY", KEY the integer key,
 * or for the unit and state sorts the key's bytes in hex. A page read
 * after (or before) a cursor walks the sort index from that row, so page
 * 2,000 costs what the first does (bench/results/web.txt).
 */
#define WF_CURSOR_TEXT 128   /* longest text key (unit code, state) */
#define WF_CURSOR_MAX  300   /* longest cursor string, NUL included */
struct wf_cursor {
	enum wf_sort sort;
	int desc;
	int64_t id;
	int64_t key;                /* the id, deadline, time or severity */
	char text[WF_CURSOR_TEXT];  /* the unit code or state */
};
/* Parses s; NETRA_EINVALID (message set) for anything malformed. */
int wf_cursor_parse(struct wf_cursor *out, const char *s);
/* Writes c as text into buf (WF_CURSOR_MAX bytes are always enough). */
int wf_cursor_format(char *buf, size_t size, const struct wf_cursor *c);

/*
 * One page of the findings user `actor` may see: the actor's unit subtree,
 * never a finding about the actor's own linked employee, and for bawaslu
 * users forwarded findings only. No personal data (no names, no text).
 * *out is a new JSON object the caller frees with json_decref():
 *
 *   {"total": N,        matching findings in all pages
 *    "offset": O, "limit": L, "count": n (rows in this page),
 *    "next": cursor of the last row, or null on the last page,
 *    "prev": cursor of the first row, or null on the first page,
 *    "findings": [{"id", "state", "unit", "unit_chain": [codes from the
 *        root down to "unit"], "assigned_unit" (or null), "category",
 *        "rule", "severity", "candidate" (or null), "due_at" (ISO 8601
 *        WIB or null), "overdue" (bool), "created_at", "group_id" (or
 *        null), "escalations"}, ...]}
 *
 * Strings are as stored: a front end escapes them for its medium.
 * With flt->after (flt->before) the page is the rows after (before) that
 * cursor's row, read from the sort index at the cursor, whatever the
 * depth. Errors: NETRA_ENOTFOUND (no such active user, or the unit),
 * NETRA_EINVALID (state, category, sort, limit, offset, or a cursor that
 * is malformed or made for another sort or direction).
 */
int wf_finding_list(json_t **out, netra_store *st, const char *actor,
                    const struct wf_list_filter *flt);

/*
 * One finding as user `actor` may see it: the post as captured, the
 * employee and unit, the rule with its basis, explanation and the spans
 * that fired, the history, the other findings of the same campaign group
 * within scope ("same_content"), and "actions": the names of the actions
 * the actor may take now (wf_finding_actions). Viewing personal data is
 * itself audited (action 'view') before anything is returned. *out is a
 * new JSON object (keys as `netra finding show --json`); the caller frees
 * it with json_decref(). A finding outside the actor's scope, or about the
 * actor's own employee, is NETRA_ENOTFOUND exactly like an id that does
 * not exist.
 */
int wf_finding_show(json_t **out, netra_store *st, const char *actor,
                    int64_t id, int64_t now);

/*
 * The actions user actor may take on finding id now, as a bit set of
 * (1u << enum wf_action); the reason-needing ones are those of
 * wf_action_needs_reason(). 0 for a read-only user. NETRA_ENOTFOUND as
 * wf_finding_show (no audit row: this shows no personal data).
 */
int wf_finding_actions(unsigned *out, netra_store *st, const char *actor,
                       int64_t id);

/* True if the action needs a reason (dismiss, forward, reopen). */
int wf_action_needs_reason(enum wf_action a);

/*
 * For a use of finding id's personal data outside `show` (e.g. `netra
 * evidence export`): checks that user actor may read it (as show does)
 * and writes an audit row (action, object 'finding:ID') before the caller
 * goes on. now = 0: wf_now(). Errors: NETRA_ENOTFOUND (as show).
 */
int wf_finding_access(netra_store *st, const char *actor, int64_t id,
                      const char *action, int64_t now);

/*
 * The evidence bundle of finding id for user actor: checks the actor may
 * read it (NETRA_ENOTFOUND as wf_finding_show), audits the export
 * ('evidence_export'), then writes the bundle into dir with the signing
 * key at key_path (netra_evidence_export). Every front end exports
 * through this, so none can skip the scope check.
 */
int wf_evidence_export(netra_store *st, const char *actor, int64_t id,
                       const char *key_path, const char *dir);

#endif
