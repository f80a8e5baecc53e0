/*
 * evidence/person.c - opaque ids for people outside the staff registry
 * (issue 8): a member of the public who reports a post, a visitor of the
 * web. The audit log, which enters the evidence log and may be shown to
 * reviewers and exported, names such a person only by
 *
 *   "publik:" + the first 32 hex digits of
 *   HMAC-SHA-256(key, "netra-person/v1\n" || identity)
 *
 * where key is a random 32-byte secret of the store (evidence_secrets,
 * made on first use) and identity the e-mail address or phone number
 * trimmed and with ASCII letters in lower case. The same person gets the
 * same id in one store (their reports can be linked), a different one in
 * another store; the id cannot be turned back into the identity without
 * the key, and the identity is never stored.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "store/store.h"
#include "util/error.h"

#define PERSON_KEY_NAME "person_id_key"
#define PERSON_DOMAIN   "netra-person/v1\n"

/* The store's person-id key, made (race-free) on first use. */
static int person_key(uint8_t key[32], netra_store *st)
{
	store_stmt *q = NULL;
	uint8_t fresh[32];
	const void *p;
	size_t len;
	int rc;

	randombytes_buf(fresh, sizeof(fresh));
	rc = store_prepare(&q, st,
	                   "INSERT INTO evidence_secrets (name, value) VALUES "
	                   "(?, ?) ON CONFLICT (name) DO NOTHING");
	if (!rc)
		rc = store_bind_text(q, 1, PERSON_KEY_NAME, (size_t)-1);
	if (!rc)
		rc = store_bind_blob(q, 2, fresh, sizeof(fresh));
	if (!rc && (rc = store_step(q)) > 0)
		rc = 0;
	store_finalize(q);
	sodium_memzero(fresh, sizeof(fresh));
	q = NULL;
	if (!rc)
		rc = store_prepare(&q, st,
		                   "SELECT value FROM evidence_secrets WHERE "
		                   "name = ?");
	if (!rc)
		rc = store_bind_text(q, 1, PERSON_KEY_NAME, (size_t)-1);
	if (!rc)
		rc = store_step(q);
	if (rc == STORE_ROW) {
		p = store_column_blob(q, 0, &len);
		rc = len == 32 ? 0
		               : err_set(NETRA_ETAMPER, "evidence_secrets: "
		                                        "malformed person key");
		if (!rc)
			memcpy(key, p, 32);
	} else if (rc == STORE_DONE) {
		rc = err_set(NETRA_ESTATE, "person key missing");
	}
	store_finalize(q);
	return rc;
}

int netra_evidence_person_id(char out[NETRA_EVIDENCE_PERSON_ID],
                             netra_store *st, const char *identity)
{
	crypto_auth_hmacsha256_state h;
	uint8_t key[32], mac[32];
	size_t a = 0, b, i;
	char c;
	int rc;

	out[0] = '\0';
	b = identity ? strlen(identity) : 0;
	while (a < b && isspace((unsigned char)identity[a]))
		a++;
	while (b > a && isspace((unsigned char)identity[b - 1]))
		b--;
	if (a == b)
		return err_set(NETRA_EINVALID, "an outsider needs an identity "
		                               "(e-mail address or phone)");
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to start");
	if ((rc = store_begin_write(st)))
		return rc;
	rc = person_key(key, st);
	rc = rc ? (store_rollback(st), rc) : store_commit(st);
	if (rc)
		return rc;
	crypto_auth_hmacsha256_init(&h, key, sizeof(key));
	crypto_auth_hmacsha256_update(&h, (const uint8_t *)PERSON_DOMAIN,
	                              strlen(PERSON_DOMAIN));
	for (i = a; i < b; i++) {
		c = (char)tolower((unsigned char)identity[i]);
		crypto_auth_hmacsha256_update(&h, (const uint8_t *)&c, 1);
	}
	crypto_auth_hmacsha256_final(&h, mac);
	sodium_memzero(key, sizeof(key));
	memcpy(out, NETRA_EVIDENCE_PERSON_PREFIX,
	       strlen(NETRA_EVIDENCE_PERSON_PREFIX));
	evidence_hex(out + strlen(NETRA_EVIDENCE_PERSON_PREFIX), mac, 16);
	return 0;
}
