/*
 * workflow/auth.c - logging in, throttling, the password policy, password
 * change and reset, enabling and disabling users, personal tokens (see
 * auth.h). Argon2id runs outside any write transaction (it takes a tenth
 * of a second and 64 MiB), so a login never holds the store's write lock
 * while hashing; the throttle counters and the audit row are written
 * afterwards in one short transaction.
 */
#include "workflow/auth.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/error.h"
#include "util/netaddr.h"
#include "util/sbuf.h"
#include "workflow/finding.h"
#include "workflow/internal.h"

/* An argon2id hash (interactive limits, as wf_password_hash makes) of a
 * random password nobody knows: an unknown user's attempt is verified
 * against it, so it costs what a known user's costs and never matches. */
static const char dummy_hash[] =
    "$argon2id$v=19$m=65536,t=2,p=1$7JkZacVsmSnB/RRic7n/SA$"
    "B22g2dcsMku8vTEaYE9pTkrCMo81rS2QMI+Y1ueVx4Y";

static const char refused[] = "wrong user name or password";

int wf_password_check(const char *name, const char *password)
{
	unsigned char seen[256] = {0};
	size_t i, n = strlen(password), distinct = 0, nl = strlen(name);
	int blank = 1;

	if (n < WF_PASSWORD_MIN)
		return err_set(NETRA_EINVALID,
		               "password too short (at least %d characters)",
		               WF_PASSWORD_MIN);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)password[i];

		if (!seen[c])
			seen[c] = 1, distinct++;
		if (!isspace(c))
			blank = 0;
	}
	if (blank)
		return err_set(NETRA_EINVALID, "password is only white space");
	if (distinct < 4)
		return err_set(NETRA_EINVALID,
		               "password too weak: fewer than 4 different "
		               "characters");
	for (i = 0; nl >= 3 && i + nl <= n; i++)
		if (strncasecmp(password + i, name, nl) == 0)
			return err_set(NETRA_EINVALID,
			               "password contains the user name");
	return 0;
}

/* ---- throttling ---------------------------------------------------- */

/* "user:NAME" / "client:ADDR", cut to a bounded key; a client is counted
 * by its IPv4 address or its IPv6 /64 (util/netaddr.h), so a subscriber
 * cannot dodge the throttle by picking another address of its prefix. */
static void throttle_key(char *out, size_t size, const char *kind,
                         const char *v)
{
	char ck[64];

	if (v && strcmp(kind, "client") == 0)
		v = netaddr_client_key(ck, sizeof(ck), v);
	snprintf(out, size, "%s:%.120s", kind, v ? v : "-");
}

/* *wait = seconds before key may try again, with `free_` failures free. */
static int key_wait(int64_t *wait, netra_store *st, const char *key, int free_,
                    int64_t now)
{
	store_stmt *s = NULL;
	int64_t failures, last, extra, delay;
	int rc;

	*wait = 0;
	rc = store_prepare(&s, st,
	                   "SELECT failures, last_at FROM login_throttle "
	                   "WHERE key = ?");
	if (rc || (rc = store_bind_text(s, 1, key, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc != STORE_ROW)
		goto done;
	failures = store_column_int64(s, 0);
	last = store_column_int64(s, 1);
	extra = failures - free_;
	if (extra > 0 && last >= now - WF_THROTTLE_FORGET) {
		delay = extra >= 7 ? WF_THROTTLE_MAX_WAIT : (int64_t)1 << extra;
		if (delay > WF_THROTTLE_MAX_WAIT)
			delay = WF_THROTTLE_MAX_WAIT;
		if (last + delay > now)
			*wait = last + delay - now;
	}
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int wf_login_wait(int64_t *out, netra_store *st, const char *name,
                  const char *client, int64_t now)
{
	char key[160];
	int64_t w = 0;
	int rc;

	*out = 0;
	if (!now)
		now = wf_now();
	throttle_key(key, sizeof(key), "user", name);
	if ((rc = key_wait(out, st, key, WF_THROTTLE_USER_FREE, now)))
		return rc;
	throttle_key(key, sizeof(key), "client", client);
	if ((rc = key_wait(&w, st, key, WF_THROTTLE_CLIENT_FREE, now)))
		return rc;
	if (w > *out)
		*out = w;
	return 0;
}

static int key_fail(netra_store *st, const char *key, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(&s, st,
	                   "INSERT INTO login_throttle(key, failures, last_at) "
	                   "VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
	                   "failures = CASE WHEN login_throttle.last_at < ? "
	                   "THEN 1 ELSE login_throttle.failures + 1 END, "
	                   "last_at = excluded.last_at");
	if (rc || (rc = store_bind_text(s, 1, key, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, now)) ||
	    (rc = store_bind_int64(s, 3, now - WF_THROTTLE_FORGET)))
		goto done;
	rc = wf_step_done(s);
done:
	store_finalize(s);
	return rc;
}

/* Forgets key (a success), and every key quiet for long (housekeeping,
 * so random names tried by an attacker do not pile up). */
static int key_forget(netra_store *st, const char *key, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(&s, st,
	                   "DELETE FROM login_throttle WHERE key = ? OR "
	                   "last_at < ?");
	if (rc || (rc = store_bind_text(s, 1, key, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, now - WF_THROTTLE_FORGET)))
		goto done;
	rc = wf_step_done(s);
done:
	store_finalize(s);
	return rc;
}

/* ---- audit ---------------------------------------------------------- */

/* Writes one audit row about user `name` (exists: whether it is a user;
 * else the actor is 'unknown' and the object does not echo the name). */
static int audit_user(netra_store *st, int64_t now, const char *actor,
                      const char *action, const char *name, int exists,
                      const char *client, const char *why)
{
	struct sbuf d = SBUF_INIT;
	char object[96];
	int rc;

	snprintf(object, sizeof(object), "user:%s", exists ? name : "?");
	rc = sbuf_puts(&d, "{\"client\":");
	if (!rc)
		rc = sbuf_json_str(&d, client ? client : "-",
		                   strlen(client ? client : "-"));
	if (!rc && why)
		rc = sbuf_printf(&d, ",\"reason\":\"%s\"", why);
	if (!rc)
		rc = sbuf_putc(&d, '}');
	if (!rc)
		rc = wf_audit(st, now, actor ? actor : "unknown", action, object,
		              d.data);
	sbuf_free(&d);
	return rc;
}

/* ---- login ---------------------------------------------------------- */

/* The stored hash of active user name into hash ("" if none). */
static int load_hash(char *hash, size_t size, netra_store *st, const char *name)
{
	store_stmt *s = NULL;
	int rc;

	hash[0] = '\0';
	rc = store_prepare(&s, st,
	                   "SELECT password_hash FROM users WHERE name = ? "
	                   "AND active = 1");
	if (rc || (rc = store_bind_text(s, 1, name, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW)
		snprintf(hash, size, "%s", store_column_text(s, 0, NULL));
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

int wf_user_check_password(netra_store *st, const char *name,
                           const char *password)
{
	char hash[crypto_pwhash_STRBYTES + 1];
	int rc;

	if ((rc = load_hash(hash, sizeof(hash), st, name)))
		return rc;
	rc = wf_password_verify(hash[0] ? hash : dummy_hash, password);
	if (rc == 0 && hash[0])
		rc = 0;
	else
		rc = err_set(NETRA_EDENIED, "%s", refused);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* Records the outcome of one attempt in one transaction: ok forgets the
 * account's failures; a wrong password (counted when the attempt was
 * reserved) and a throttled attempt (why "throttled", never counted, so
 * retrying early does not push the wait further out) are audited. */
static int record(netra_store *st, const char *name, int exists,
                  const char *client, int ok, const char *action,
                  const char *why, int64_t now)
{
	char ukey[160];
	int rc;

	throttle_key(ukey, sizeof(ukey), "user", name);
	if ((rc = store_begin_write(st)))
		return rc;
	if (ok)
		rc = key_forget(st, ukey, now);
	if (!rc)
		rc = audit_user(st, now, exists ? name : NULL, action, name,
		                exists, client, why);
	return wf_tx_end(st, rc);
}

/* Takes one failure back from key (a reserved attempt that succeeded). */
static int key_unfail(netra_store *st, const char *key)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(&s, st,
	                   "UPDATE login_throttle SET failures = failures - 1 "
	                   "WHERE key = ? AND failures > 0");
	if (!rc && !(rc = store_bind_text(s, 1, key, (size_t)-1)))
		rc = wf_step_done(s);
	store_finalize(s);
	return rc;
}

/* An attempt's throttle bookkeeping, in one write transaction so that
 * parallel attempts serialise on it. reserve: reads the wait into *wait
 * and, when there is none, counts this attempt as a failure of the
 * account and the client before its password is checked (checking first
 * and counting after the 0.1 s argon2 check let every attempt of a burst
 * through). !reserve: the password was right, so the account's failures
 * are forgotten and the client's count loses this attempt. */
static int attempt_tx(int64_t *wait, netra_store *st, const char *name,
                      const char *client, int64_t now, int reserve)
{
	char ukey[160], ckey[160];
	int rc;

	throttle_key(ukey, sizeof(ukey), "user", name);
	throttle_key(ckey, sizeof(ckey), "client", client);
	if ((rc = store_begin_write(st)))
		return rc;
	if (!reserve) {
		if (!(rc = key_forget(st, ukey, now)))
			rc = key_unfail(st, ckey);
	} else if (!(rc = wf_login_wait(wait, st, name, client, now)) &&
	           *wait == 0 && !(rc = key_fail(st, ukey, now))) {
		rc = key_fail(st, ckey, now);
	}
	return wf_tx_end(st, rc);
}

/* The password check of wf_login, without the login's audit action. */
static int check_login(int64_t *retry_after, netra_store *st, const char *name,
                       const char *password, const char *client,
                       const char *fail_action, int64_t now)
{
	char hash[crypto_pwhash_STRBYTES + 1];
	int64_t wait = 0;
	int rc, exists;

	if ((rc = attempt_tx(&wait, st, name, client, now, 1)))
		return rc;
	if ((rc = load_hash(hash, sizeof(hash), st, name)))
		return rc;
	exists = hash[0] != '\0';
	if (wait > 0) {
		if (retry_after)
			*retry_after = wait;
		if ((rc = record(st, name, exists, client, 0, fail_action,
		                 "throttled", now)))
			return rc;
		return err_set(NETRA_EDENIED,
		               "too many failed attempts: try again in %lld s",
		               (long long)wait);
	}
	sodium_memzero(hash, sizeof(hash));
	if (wf_user_check_password(st, name, password) == 0)
		return attempt_tx(&wait, st, name, client, now, 0);
	if ((rc = record(st, name, exists, client, 0, fail_action, "password",
	                 now)))
		return rc;
	return err_set(NETRA_EDENIED, "%s", refused);
}

int wf_login(int64_t *retry_after, netra_store *st, const char *name,
             const char *password, const char *client, int64_t now)
{
	int rc;

	if (retry_after)
		*retry_after = 0;
	if (!now)
		now = wf_now();
	if ((rc = check_login(retry_after, st, name, password, client,
	                      "login_failed", now)))
		return rc;
	return record(st, name, 1, client, 1, "login", NULL, now);
}

/* ---- administration -------------------------------------------------- */

/* The user an administrator acts on. */
struct target {
	int64_t id;
	int all_units;
	char path[256];
};

static int load_target(struct target *t, netra_store *st, const char *name)
{
	store_stmt *s = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = store_prepare(&s, st,
	                   "SELECT u.id, u.all_units, COALESCE(n.path, '') "
	                   "FROM users u LEFT JOIN units n ON n.id = "
	                   "u.unit_id WHERE u.name = ?");
	if (rc || (rc = store_bind_text(s, 1, name, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ENOTFOUND, "no user '%s'", name);
	if (rc < 0)
		goto done;
	t->id = store_column_int64(s, 0);
	t->all_units = store_column_int64(s, 1) != 0;
	snprintf(t->path, sizeof(t->path), "%s", store_column_text(s, 2, NULL));
	rc = 0;
done:
	store_finalize(s);
	return rc;
}

/* Loads user name into *t if actor may administer it: an operator, or an
 * active bkpp user whose scope holds it (all-units targets: all-units
 * actors only). self: whether actor may name themself. */
static int admin_target(struct target *t, netra_store *st, const char *actor,
                        const char *name, int self)
{
	struct wf_user a;
	int rc;

	if ((rc = load_target(t, st, name)) || wf_actor_is_operator(actor))
		return rc;
	if ((rc = wf_user_get(&a, st, actor)))
		return rc;
	if (a.id == t->id)
		return self ? 0
		            : err_set(NETRA_EINVALID,
		                      "user '%s' may not do this to themself",
		                      name);
	if (!t->path[0] || !wf_in_subtree(t->path, a.unit_path) ||
	    (t->all_units && !a.all_units))
		return err_set(NETRA_ENOTFOUND, "no user '%s'", name);
	if (a.role != WF_ROLE_BKPP)
		return err_set(NETRA_EDENIED,
		               "user '%s' (%s) may not manage users; only "
		               "bkpp users may",
		               actor, wf_role_name(a.role));
	return 0;
}

/* Sets the stored hash of user id and writes the audit row, in one
 * transaction. */
static int set_hash(netra_store *st, int64_t id, const char *hash,
                    const char *actor, const char *action, const char *name)
{
	store_stmt *s = NULL;
	char object[96];
	int rc;

	snprintf(object, sizeof(object), "user:%s", name);
	if ((rc = store_begin_write(st)))
		return rc;
	rc = store_prepare(&s, st,
	                   "UPDATE users SET password_hash = ? WHERE id = ?");
	if (!rc && !(rc = store_bind_text(s, 1, hash, (size_t)-1)) &&
	    !(rc = store_bind_int64(s, 2, id)))
		rc = wf_step_done(s);
	store_finalize(s);
	if (!rc)
		rc = wf_audit(st, wf_now(), actor, action, object, NULL);
	return wf_tx_end(st, rc);
}

static int new_hash(char *hash, size_t size, const char *name, const char *pw)
{
	int rc = wf_password_check(name, pw);

	return rc ? rc : wf_password_hash(hash, size, pw);
}

int wf_password_change(int64_t *retry_after, netra_store *st, const char *name,
                       const char *current, const char *new_password,
                       const char *client, int64_t now)
{
	char hash[crypto_pwhash_STRBYTES];
	struct target t;
	int rc;

	if (retry_after)
		*retry_after = 0;
	if (!now)
		now = wf_now();
	if ((rc = check_login(retry_after, st, name, current, client,
	                      "password_change_failed", now)))
		return rc;
	if (strcmp(current, new_password) == 0)
		return err_set(NETRA_EINVALID,
		               "the new password is the current one");
	if ((rc = new_hash(hash, sizeof(hash), name, new_password)))
		return rc;
	if (!(rc = load_target(&t, st, name)))
		rc = set_hash(st, t.id, hash, name, "password_change", name);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int wf_password_reset(netra_store *st, const char *actor, const char *name,
                      const char *new_password)
{
	char hash[crypto_pwhash_STRBYTES];
	struct target t;
	int rc;

	if ((rc = admin_target(&t, st, actor, name, 0)) ||
	    (rc = new_hash(hash, sizeof(hash), name, new_password)))
		return rc;
	rc = set_hash(st, t.id, hash, actor, "password_reset", name);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int wf_user_set_active(netra_store *st, const char *actor, const char *name,
                       int active)
{
	store_stmt *s = NULL;
	struct target t;
	char object[96];
	int rc;

	if ((rc = admin_target(&t, st, actor, name, 0)))
		return rc;
	snprintf(object, sizeof(object), "user:%s", name);
	if ((rc = store_begin_write(st)))
		return rc;
	rc = store_prepare(&s, st, "UPDATE users SET active = ? WHERE id = ?");
	if (!rc && !(rc = store_bind_int64(s, 1, active != 0)) &&
	    !(rc = store_bind_int64(s, 2, t.id)))
		rc = wf_step_done(s);
	store_finalize(s);
	if (!rc)
		rc = wf_audit(st, wf_now(), actor,
		              active ? "user_enable" : "user_disable", object,
		              NULL);
	return wf_tx_end(st, rc);
}

/* The id of the employee whose staff key or NIP is key. */
static int employee_by_key(int64_t *out, netra_store *st, const char *key)
{
	const char *args[2] = {key, key};
	int rc = store_query_int64(out, st,
	                           "SELECT id FROM employees WHERE staff_key = "
	                           "? OR nip = ? ORDER BY id LIMIT 1",
	                           args, 2);

	if (rc == NETRA_ENOTFOUND)
		rc = err_set(NETRA_ENOTFOUND,
		             "no employee with NIP or staff id '%s'", key);
	return rc;
}

int wf_user_link(netra_store *st, const char *actor, const char *name,
                 const char *staff_key)
{
	struct sbuf d = SBUF_INIT;
	store_stmt *s = NULL;
	struct target t;
	char object[96];
	int64_t emp = 0;
	int rc;

	if ((rc = admin_target(&t, st, actor, name, 0)) ||
	    (staff_key && (rc = employee_by_key(&emp, st, staff_key))))
		return rc;
	snprintf(object, sizeof(object), "user:%s", name);
	if ((rc = sbuf_printf(&d, "{\"employee\":%lld}", (long long)emp)) ||
	    (rc = store_begin_write(st)))
		goto done;
	rc = store_prepare(&s, st,
	                   "UPDATE users SET employee_id = ? WHERE id = ?");
	if (!rc && !(rc = wf_bind_id(s, 1, emp)) &&
	    !(rc = store_bind_int64(s, 2, t.id)))
		rc = wf_step_done(s);
	store_finalize(s);
	if (!rc)
		rc = wf_audit(st, wf_now(), actor, "user_link", object, d.data);
	rc = wf_tx_end(st, rc);
done:
	sbuf_free(&d);
	return rc;
}

/* ---- tokens ------------------------------------------------------------ */

/* hex SHA-256 of token into out (65 bytes). */
static void token_hash(char out[65], const char *token)
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int wf_token_issue(char *out, size_t size, netra_store *st, const char *actor,
                   const char *name, const char *label)
{
	unsigned char raw[20];
	char hex[41], hash[65], object[96];
	store_stmt *s = NULL;
	struct target t;
	int rc;

	if (size < WF_TOKEN_LEN + 1)
		return err_set(NETRA_EINVALID, "token buffer too small");
	out[0] = '\0';
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to initialise");
	if ((rc = admin_target(&t, st, actor, name, 1)))
		return rc;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	snprintf(out, size, "nt_%s", hex);
	token_hash(hash, out);
	snprintf(object, sizeof(object), "user:%s", name);
	if ((rc = store_begin_write(st)))
		goto done;
	rc = store_prepare(&s, st,
	                   "INSERT INTO user_tokens(user_id, hash, label, "
	                   "created_at, created_by) VALUES (?, ?, ?, ?, ?)");
	if (!rc && !(rc = store_bind_int64(s, 1, t.id)) &&
	    !(rc = store_bind_text(s, 2, hash, (size_t)-1)) &&
	    !(rc = store_bind_text(s, 3, label, (size_t)-1)) &&
	    !(rc = store_bind_int64(s, 4, wf_now())) &&
	    !(rc = store_bind_text(s, 5, actor, (size_t)-1)))
		rc = wf_step_done(s);
	store_finalize(s);
	if (!rc)
		rc = wf_audit(st, wf_now(), actor, "token_issue", object, NULL);
	rc = wf_tx_end(st, rc);
done:
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(hex, sizeof(hex));
	if (rc)
		sodium_memzero(out, size);
	return rc;
}

int wf_token_user(struct wf_user *out, netra_store *st, const char *token)
{
	char hash[65], name[64] = "";
	store_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to initialise");
	token_hash(hash, token);
	rc = store_prepare(&s, st,
	                   "SELECT u.name FROM user_tokens t JOIN users u ON "
	                   "u.id = t.user_id WHERE t.hash = ? AND "
	                   "t.revoked_at IS NULL AND u.active = 1");
	if (!rc && !(rc = store_bind_text(s, 1, hash, (size_t)-1)) &&
	    (rc = store_step(s)) == STORE_ROW)
		snprintf(name, sizeof(name), "%s",
		         store_column_text(s, 0, NULL));
	store_finalize(s);
	if (rc < 0)
		return rc;
	if (name[0])
		return wf_user_get(out, st, name);
	if ((rc = store_begin_write(st)))
		return rc;
	rc = wf_audit(st, wf_now(), "unknown", "token_refused", "token:?", NULL);
	if ((rc = wf_tx_end(st, rc)))
		return rc;
	return err_set(NETRA_EDENIED, "invalid token");
}

int wf_token_revoke(int64_t *out, netra_store *st, const char *actor,
                    const char *name)
{
	store_stmt *s = NULL;
	struct target t;
	char object[96];
	int64_t n = 0;
	int rc;

	if (out)
		*out = 0;
	if ((rc = admin_target(&t, st, actor, name, 1)))
		return rc;
	snprintf(object, sizeof(object), "user:%s", name);
	if ((rc = store_begin_write(st)))
		return rc;
	rc = store_prepare(&s, st,
	                   "UPDATE user_tokens SET revoked_at = ? WHERE "
	                   "user_id = ? AND revoked_at IS NULL RETURNING id");
	if (!rc && !(rc = store_bind_int64(s, 1, wf_now())) &&
	    !(rc = store_bind_int64(s, 2, t.id)))
		while ((rc = store_step(s)) == STORE_ROW)
			n++;
	store_finalize(s);
	rc = rc < 0 ? rc : 0;
	if (!rc)
		rc = wf_audit(st, wf_now(), actor, "token_revoke", object, NULL);
	if (!(rc = wf_tx_end(st, rc)) && out)
		*out = n;
	return rc;
}
