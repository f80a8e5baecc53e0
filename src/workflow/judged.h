/*
 * workflow/judged.h - what scan has judged, read back: the stored verdict
 * of an event. Scan writes a verdict row only for an event whose verdict
 * says more than "clean"; every event it judged is covered by a scan mark
 * (migration 022, workflow/scan.c), and a clean verdict is fully given by
 * the event and the mark's rulebook:
 *
 *   {"id":"<event id>","labels":["none"],"candidate":null,"score":0.00,
 *    "findings":[],"rulebook":"<rulebook>"}
 *
 * Whoever needs a clean verdict as a row (a finding a reviewer makes from
 * a complaint about a post the engine judged clean) writes exactly that
 * row here, dated when the mark was made.
 */
#ifndef NETRA_WORKFLOW_JUDGED_H
#define NETRA_WORKFLOW_JUDGED_H

#include <stdint.h>

#include "netra/store.h"

/* 1 if event (events.id) has a verdict row or a scan mark covers it, 0 if
 * no scan has judged it yet, or a negative error. */
int wf_event_judged(netra_store *st, int64_t event);

/* *out = the id of event's newest verdict row; when it has none but a scan
 * mark covers it, the clean verdict of the newest such mark is written as
 * a row (inside the caller's write transaction) and *out is its id. *out
 * = 0 when no scan has judged the event. Returns 0 or a negative error. */
int wf_event_verdict(int64_t *out, netra_store *st, int64_t event);

#endif
