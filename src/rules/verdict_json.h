/*
 * rules/verdict_json.h - the Verdict JSON writer for callers inside the
 * library that keep a reusable buffer (netra check, the scanner).
 */
#ifndef NETRA_RULES_VERDICT_JSON_H
#define NETRA_RULES_VERDICT_JSON_H

#include "netra/verdict.h"
#include "util/sbuf.h"

/* Appends v as one line of Verdict JSON (no newline) to b. 0 or
 * NETRA_ENOMEM. */
int rules_verdict_json(struct sbuf *b, const netra_verdict *v);

#endif
