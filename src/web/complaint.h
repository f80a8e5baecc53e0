/*
 * web/complaint.h - complaints from the public (laporan masyarakat): filing
 * one (validated, its screenshot checked by content, linked to the
 * registry when the account is a registered one, merged with earlier
 * reports of the same post, judged by the engine when it carries text),
 * and BKPP's triage: the list, one complaint (its reporter's contact is
 * shown to BKPP only; each view is audited), linking it to the finding
 * made from the post as captured, or closing it with a reason.
 *
 * A complaint is never evidence of the post by itself: a finding rests
 * on the captured event (events), and the reporter's screenshot stays the
 * reporter's. Nothing of a complaint goes into a finding's view, an
 * evidence bundle or an export. Table complaints (migration 009).
 */
#ifndef NETRA_WEB_COMPLAINT_H
#define NETRA_WEB_COMPLAINT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "netra/engine.h"
#include "netra/store.h"

#define COMPLAINT_SEEN_MAX 4000
#define COMPLAINT_SHOT_MAX (2 * 1024 * 1024)

struct web_complaint_in {
	const char *url;      /* the post's address (http/https), or NULL */
	const char *platform; /* x, facebook, instagram, tiktok; NULL: from url */
	const char *account;  /* handle or profile URL, or NULL */
	const char *seen;     /* what the reporter saw (required) */
	const char *contact;  /* reporter's contact, or NULL */
	const void *shot;     /* screenshot bytes, or NULL */
	size_t shot_len;
};

/* Files a complaint; *out its number. judge may be NULL (not judged).
 * NETRA_EINVALID with an Indonesian message for the reporter (no URL nor
 * account, empty or long text, not an image, too large). */
int web_complaint_file(int64_t *out, netra_store *st, netra_judge *judge,
                       const struct web_complaint_in *in);

/* The complaints bkpp user actor may triage (linked to an employee in
 * actor's scope, or to none), newest first, state "baru" unless all:
 * [{"id", "created_at", "platform", "account", "url", "state",
 *   "merged_into", "reports" (same post), "labels", "employee" (name or
 *   null), "unit" (code or null)}]. No contact. NETRA_EDENIED for a
 * non-bkpp user. */
int web_complaint_list(json_t **out, netra_store *st, const char *actor,
                       int all);

/* One complaint with the reporter's contact and the captured posts of its
 * account ("events": up to 20, each with its findings visible to actor),
 * for bkpp user actor; the view is audited. NETRA_ENOTFOUND as for an id
 * that does not exist when outside actor's scope. */
int web_complaint_get(json_t **out, netra_store *st, const char *actor,
                      int64_t id);

/* The screenshot of complaint id (*data malloc'd, *type its sniffed
 * type), for bkpp user actor; NETRA_ENOTFOUND if none. */
int web_complaint_screenshot(void **data, size_t *len, char type[32],
                             netra_store *st, const char *actor, int64_t id);

/* Closes complaint id (and the reports merged into it) with a reason, or
 * marks it followed up with finding_id (which actor must be able to see:
 * a finding made from the captured post). Audited. */
int web_complaint_close(netra_store *st, const char *actor, int64_t id,
                        const char *reason);
int web_complaint_link(netra_store *st, const char *actor, int64_t id,
                       int64_t finding_id, const char *note);

struct rules_rulebook;

/*
 * BKPP turns complaint id into a finding when the engine found none on
 * the post (or not the breach BKPP sees): the finding rests on captured
 * event `event` (one of the posts web_complaint_get lists for actor:
 * the complaint's post or account, in actor's scope, never actor's own)
 * and its latest verdict, never on what the reporter typed; it breaks
 * rule `rule` of rulebook rb (category, severity, legal basis and
 * explanation from there). It is made by actor for `reason` (required;
 * the create transition and its audit row name both), routed and given
 * a deadline like any finding, and the complaint and the reports merged
 * into it become 'ditindaklanjuti' with it, in one transaction. Nothing
 * of the complaint (no reporter, no screenshot) goes into the finding.
 * *out = the new finding. Errors (messages in Indonesian for BKPP):
 * NETRA_EINVALID (no reason, unknown rule, the post not judged yet),
 * NETRA_ENOTFOUND (complaint or event not in scope / not offered),
 * NETRA_ESTATE (complaint already handled), NETRA_EEXISTS (that finding
 * exists: *out is it), NETRA_EDENIED (not a bkpp user).
 */
int web_complaint_finding(int64_t *out, netra_store *st, const char *actor,
                          int64_t id, int64_t event, const char *rule,
                          const char *reason,
                          const struct rules_rulebook *rb);

#endif
