/*
 * web/apitoken.c - the tokens outside collectors send with POST
 * /api/v1/events ("Authorization: Bearer TOKEN"). BKPP issues and revokes
 * them (page /token); the store keeps only the SHA-256 of each token, so
 * a copy of the store holds no usable credential. Issuing and revoking
 * are audited.
 */
#include "web/apitoken.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "store/store.h"
#include "util/error.h"
#include "workflow/internal.h"
#include "workflow/user.h"

static void hash_hex(char out[65], const char *tok)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)tok, strlen(tok));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* API tokens ingest events for any employee and are shared by every
 * collector of the organisation: only a BKPP user whose scope is every
 * unit may issue, list or revoke them (a BKPP user scoped to one part of
 * the tree must not revoke the central collector's token). */
static int need_bkpp(netra_store *st, const char *actor)
{
	struct wf_user u;
	int rc = wf_user_get(&u, st, actor);

	if (rc)
		return rc;
	return u.role == WF_ROLE_BKPP && u.all_units
	           ? 0
	           : err_set(NETRA_EDENIED, "user '%s' is not a bkpp user of "
	                                    "every unit", actor);
}

int web_token_issue(char out[WEB_TOKEN_LEN + 1], int64_t *id,
                    netra_store *st, const char *actor, const char *label)
{
	unsigned char raw[24];
	char hash[65], object[40];
	store_stmt *s = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc;

	out[0] = '\0';
	if ((rc = need_bkpp(st, actor)))
		return rc;
	if (!label || !*label || strlen(label) > 100)
		return err_set(NETRA_EINVALID,
		               "Nama token wajib diisi (paling panjang 100).");
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, "ntr_", 4);
	sodium_bin2hex(out + 4, WEB_TOKEN_LEN - 3, raw, sizeof(raw));
	hash_hex(hash, out);
	if ((rc = store_begin_write(st)))
		return rc;
	rc = store_prepare(&s, st,
	                   "INSERT INTO api_tokens(label, token_hash, "
	                   "created_by, created_at) VALUES (?, ?, ?, ?) "
	                   "RETURNING id");
	if (rc || (rc = store_bind_text(s, 1, label, (size_t)-1)) ||
	    (rc = store_bind_text(s, 2, hash, (size_t)-1)) ||
	    (rc = store_bind_text(s, 3, actor, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 4, now)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc < 0 ? rc : err_set(NETRA_EIO, "token insert failed");
		goto done;
	}
	*id = store_column_int64(s, 0);
	store_finalize(s);
	s = NULL;
	snprintf(object, sizeof(object), "api_token:%lld", (long long)*id);
	rc = wf_audit(st, now, actor, "issue_token", object, NULL);
done:
	store_finalize(s);
	if (rc) {
		store_rollback(st);
		sodium_memzero(out, WEB_TOKEN_LEN + 1);
		return rc;
	}
	return store_commit(st);
}

int web_token_revoke(netra_store *st, const char *actor, int64_t id)
{
	char object[40];
	store_stmt *s = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc;

	if ((rc = need_bkpp(st, actor)) || (rc = store_begin_write(st)))
		return rc;
	rc = store_prepare(&s, st,
	                   "UPDATE api_tokens SET revoked_at = ?, revoked_by = ? "
	                   "WHERE id = ? AND revoked_at IS NULL RETURNING id");
	if (rc || (rc = store_bind_int64(s, 1, now)) ||
	    (rc = store_bind_text(s, 2, actor, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, id)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc < 0 ? rc
		            : err_set(NETRA_ENOTFOUND, "no live token #%lld",
		                      (long long)id);
		goto done;
	}
	store_finalize(s);
	s = NULL;
	snprintf(object, sizeof(object), "api_token:%lld", (long long)id);
	rc = wf_audit(st, now, actor, "revoke_token", object, NULL);
done:
	store_finalize(s);
	if (rc) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

int web_token_list(json_t **out, netra_store *st, const char *actor)
{
	store_stmt *s = NULL;
	json_t *row;
	int rc;

	*out = NULL;
	if ((rc = need_bkpp(st, actor)))
		return rc;
	if (!(*out = json_array()))
		return err_oom();
	rc = store_prepare(&s, st,
	                   "SELECT id, label, created_by, created_at, "
	                   "revoked_at, last_used_at FROM api_tokens "
	                   "ORDER BY id DESC");
	while (!rc && (rc = store_step(s)) == STORE_ROW) {
		row = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "id",
		                (json_int_t)store_column_int64(s, 0), "label",
		                store_column_text(s, 1, NULL), "created_by",
		                store_column_text(s, 2, NULL), "created_at",
		                (json_int_t)store_column_int64(s, 3),
		                "revoked_at",
		                (json_int_t)store_column_int64(s, 4),
		                "last_used_at",
		                (json_int_t)store_column_int64(s, 5));
		if (!row || json_array_append_new(*out, row))
			rc = err_oom();
		else
			rc = 0;
	}
	rc = rc < 0 ? rc : 0;
	store_finalize(s);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int web_token_check(int64_t *id, char label[101], netra_store *st,
                    const char *token)
{
	char hash[65];
	store_stmt *s = NULL;
	int rc;

	*id = 0;
	label[0] = '\0';
	if (!token || strlen(token) != WEB_TOKEN_LEN ||
	    strncmp(token, "ntr_", 4) != 0)
		return err_set(NETRA_EDENIED, "invalid API token");
	hash_hex(hash, token);
	rc = store_prepare(&s, st,
	                   "UPDATE api_tokens SET last_used_at = ? WHERE "
	                   "token_hash = ? AND revoked_at IS NULL "
	                   "RETURNING id, label");
	if (rc || (rc = store_bind_int64(s, 1, (int64_t)time(NULL))) ||
	    (rc = store_bind_text(s, 2, hash, (size_t)-1)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc < 0 ? rc : err_set(NETRA_EDENIED, "invalid API token");
		goto done;
	}
	*id = store_column_int64(s, 0);
	snprintf(label, 101, "%s", store_column_text(s, 1, NULL));
	rc = 0;
done:
	store_finalize(s);
	return rc;
}
