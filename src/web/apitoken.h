/*
 * web/apitoken.h - API tokens for outside collectors (POST /api/v1/events):
 * issued and revoked by a bkpp user, stored as SHA-256 only (table
 * api_tokens, migration 009). A token is "ntr_" and 48 hex digits.
 */
#ifndef NETRA_WEB_APITOKEN_H
#define NETRA_WEB_APITOKEN_H

#include <stdint.h>

#include <jansson.h>

#include "netra/store.h"

#define WEB_TOKEN_LEN 52

/* Issues a token labelled label on behalf of bkpp user actor: out gets the
 * token (shown once, never stored), *id its number. Audited.
 * NETRA_EDENIED (not bkpp), NETRA_EINVALID (label). */
int web_token_issue(char out[WEB_TOKEN_LEN + 1], int64_t *id,
                    netra_store *st, const char *actor, const char *label);

/* Revokes token id (audited). NETRA_ENOTFOUND if no live token has it. */
int web_token_revoke(netra_store *st, const char *actor, int64_t id);

/* [{"id","label","created_by","created_at","revoked_at" (0 = live),
 *   "last_used_at"}], newest first; bkpp users only. */
int web_token_list(json_t **out, netra_store *st, const char *actor);

/* Checks a presented token: 0 with its id and label when live, else
 * NETRA_EDENIED. Records the time of use. */
int web_token_check(int64_t *id, char label[101], netra_store *st,
                    const char *token);

#endif
