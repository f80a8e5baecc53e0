/*
 * workflow/audit.h - writing the audit log from outside src/workflow (the
 * web, the CLI): who did what to which object. Every row is append-only
 * and enters the evidence log (docs/evidence.md). A row names a registered
 * user by their user name, the system as 'system', and anyone outside the
 * staff registry (a member of the public who reports a post) only by an
 * opaque id (netra_evidence_person_id), never by e-mail or phone.
 */
#ifndef NETRA_WORKFLOW_AUDIT_H
#define NETRA_WORKFLOW_AUDIT_H

#include <stdint.h>

#include "netra/store.h"

/* Appends an audit row for an act of someone outside the staff registry:
 * identity (their e-mail address or phone number) is turned into the
 * store's opaque id for them, which alone is written as the actor (also
 * into *actor_out when it is not NULL, NETRA_EVIDENCE_PERSON_ID bytes).
 * at 0 means now; detail (JSON) may be NULL and must not hold the
 * identity either. Its own transaction, or the caller's. */
int wf_audit_outsider(char *actor_out, netra_store *st, int64_t at,
                      const char *identity, const char *action,
                      const char *object, const char *detail);

#endif
