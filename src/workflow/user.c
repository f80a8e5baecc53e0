/*
 * workflow/user.c - users of netra and their roles. Passwords are hashed
 * with argon2id through libsodium's crypto_pwhash_str (a self-describing
 * "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string, interactive limits: 64
 * MiB, 2 passes) and checked with crypto_pwhash_str_verify. A user's unit path
 * scopes what they see and change (see finding.h).
 */
#include "workflow/user.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "netra/registry.h"
#include "util/error.h"
#include "workflow/auth.h"
#include "workflow/finding.h"
#include "workflow/internal.h"

static const char *const role_names[WF_NROLES] = {"bkpp", "opd", "bawaslu"};

const char *wf_role_name(enum wf_role r)
{
	return (unsigned)r < WF_NROLES ? role_names[r] : "?";
}

int wf_role_parse(const char *name)
{
	int i;

	for (i = 0; i < WF_NROLES; i++)
		if (strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

int wf_password_hash(char *out, size_t size, const char *password)
{
	size_t n = strlen(password);

	if (size < crypto_pwhash_STRBYTES)
		return err_set(NETRA_EINVALID, "hash buffer too small");
	if (n < WF_PASSWORD_MIN)
		return err_set(NETRA_EINVALID,
		               "password too short (at least %d "
		               "characters)",
		               WF_PASSWORD_MIN);
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to initialise");
	if (crypto_pwhash_str_alg(out, password, n,
	                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(NETRA_ENOMEM, "argon2id: out of memory");
	return 0;
}

int wf_password_verify(const char *hash, const char *password)
{
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to initialise");
	if (strncmp(hash, "$argon2id$", 10) != 0 ||
	    crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
		return err_set(NETRA_EDENIED, "wrong password");
	return 0;
}

static int valid_name(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 63)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			return 0;
	return 1;
}

static int valid_email(const char *e)
{
	const char *at = strchr(e, '@');

	return at && at > e && at[1] && !strchr(at + 1, '@') &&
	       strlen(e) < 256 && !strpbrk(e, " \t\r\n<>,;\"");
}

/* The id of the unit with code, NETRA_ENOTFOUND if none. */
static int unit_by_code(int64_t *out, netra_store *st, const char *code)
{
	const char *args[] = {code};
	int rc = store_query_int64(out, st,
	                           "SELECT id FROM units WHERE "
	                           "code = ?",
	                           args, 1);

	if (rc == NETRA_ENOTFOUND)
		rc = err_set(NETRA_ENOTFOUND, "no unit with code '%s'", code);
	return rc;
}

static int insert_user(int64_t *out, netra_store *st, const char *name,
                       enum wf_role role, int64_t unit, int all_units,
                       const char *email, const char *hash, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	rc =
	    store_prepare(&s, st,
	                  "INSERT INTO users(name, role, unit_id, all_units, "
	                  "password_hash, email, created_at) VALUES "
	                  "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING "
	                  "RETURNING id");
	if (rc)
		goto done;
	if ((rc = store_bind_text(s, 1, name, (size_t)-1)) ||
	    (rc = store_bind_text(s, 2, wf_role_name(role), (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, unit)) ||
	    (rc = store_bind_int64(s, 4, all_units != 0)) ||
	    (rc = store_bind_text(s, 5, hash, (size_t)-1)) ||
	    (rc = store_bind_text(s, 6, email, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 7, now)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_EEXISTS, "user '%s' exists", name);
	else if (rc == STORE_ROW)
		*out = store_column_int64(s, 0), rc = wf_step_done(s);
done:
	store_finalize(s);
	return rc;
}

/* Checks the fields of a new user; 0 or NETRA_EINVALID. */
static int check_new_user(const char *name, enum wf_role role,
                          const char *email, int all_units)
{
	if (!valid_name(name))
		return err_set(NETRA_EINVALID,
		               "user name '%s': use 1-63 "
		               "letters, digits, '.', '_' or '-'",
		               name);
	/* the audit log's actor for what netra does by itself */
	if (strcasecmp(name, "system") == 0)
		return err_set(NETRA_EINVALID,
		               "user name '%s' is reserved for netra "
		               "itself in the audit log",
		               name);
	if ((unsigned)role >= WF_NROLES)
		return err_set(NETRA_EINVALID, "unknown role");
	if (all_units && role == WF_ROLE_OPD)
		return err_set(NETRA_EINVALID,
		               "an opd user reviews its own units; only "
		               "bkpp and bawaslu users may have all units");
	if (email && *email && !valid_email(email))
		return err_set(NETRA_EINVALID, "'%s' is not an e-mail address",
		               email);
	return 0;
}

/* When `by` names who adds the user (--as), that must be an active bkpp
 * user whose scope holds the new user's unit (and, for an all-units
 * user, an all-units one): nobody grants more than they have. */
static int check_adder(netra_store *st, const char *by, int64_t unit,
                       int all_units)
{
	struct wf_user u;
	int64_t in = 0;
	char ids[24];
	const char *args[2];
	int rc;

	if ((rc = wf_user_get(&u, st, by)))
		return rc;
	if (u.role != WF_ROLE_BKPP)
		return err_set(NETRA_EDENIED,
		               "user '%s' (%s) may not add users; "
		               "only bkpp users may",
		               by, wf_role_name(u.role));
	if (all_units && !u.all_units)
		return err_set(NETRA_EDENIED,
		               "user '%s' has not all units, so may not "
		               "give them",
		               by);
	snprintf(ids, sizeof(ids), "%lld", (long long)unit);
	args[0] = ids;
	args[1] = u.unit_path;
	rc = store_query_int64(&in, st,
	                       "SELECT COUNT(*) FROM units WHERE id = "
	                       "CAST(? AS INTEGER) AND path LIKE ? || '%'",
	                       args, 2);
	if (!rc && !in)
		rc = err_set(NETRA_EDENIED,
		             "the unit is outside the units of user '%s' (%s)",
		             by, u.unit_code);
	return rc;
}

static int user_add(int64_t *out, netra_store *st, const char *name,
                    enum wf_role role, const char *unit_code, int all_units,
                    const char *email, const char *password, const char *by)
{
	char hash[crypto_pwhash_STRBYTES], object[96], detail[192];
	int64_t unit = 0, id = 0, now = wf_now();
	int rc;

	if (out)
		*out = 0;
	if ((rc = check_new_user(name, role, email, all_units)) ||
	    (rc = wf_password_check(name, password)))
		return rc;
	if (email && !*email)
		email = NULL;
	if ((rc = wf_password_hash(hash, sizeof(hash), password)))
		return rc;
	if ((rc = store_begin_write(st)))
		goto wipe;
	snprintf(object, sizeof(object), "user:%s", name);
	if ((rc = unit_by_code(&unit, st, unit_code)) ||
	    (by && !wf_actor_is_operator(by) &&
	     (rc = check_adder(st, by, unit, all_units))))
		goto fail;
	snprintf(detail, sizeof(detail),
	         "{\"role\":\"%s\",\"unit\":%lld,\"all_units\":%s}",
	         wf_role_name(role), (long long)unit,
	         all_units ? "true" : "false");
	if ((rc = insert_user(&id, st, name, role, unit, all_units, email, hash,
	                      now)) ||
	    (rc = wf_audit(st, now, by ? by : "system", "user_add", object,
	                   detail)))
		goto fail;
	if ((rc = store_commit(st)))
		goto wipe;
	if (out)
		*out = id;
	goto wipe;
fail:
	store_rollback(st);
wipe:
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int wf_user_add(int64_t *out, netra_store *st, const char *name,
                enum wf_role role, const char *unit_code, const char *email,
                const char *password, const char *by)
{
	return user_add(out, st, name, role, unit_code, 0, email, password, by);
}

int wf_user_add_all_units(int64_t *out, netra_store *st, const char *name,
                          enum wf_role role, const char *unit_code,
                          const char *email, const char *password,
                          const char *by)
{
	return user_add(out, st, name, role, unit_code, 1, email, password, by);
}

int wf_user_get(struct wf_user *out, netra_store *st, const char *name)
{
	store_stmt *s = NULL;
	size_t len;
	const char *p;
	int rc, role;

	memset(out, 0, sizeof(*out));
	rc = store_prepare(&s, st,
	                   "SELECT u.id, u.name, u.role, u.unit_id, n.code, "
	                   "n.path, COALESCE(u.email, ''), u.all_units, "
	                   "COALESCE(u.employee_id, 0) "
	                   "FROM users u "
	                   "JOIN units n ON n.id = u.unit_id "
	                   "WHERE u.name = ? AND u.active = 1");
	if (rc || (rc = store_bind_text(s, 1, name, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE) {
		rc = err_set(NETRA_ENOTFOUND, "no active user '%s'", name);
		goto done;
	}
	if (rc < 0)
		goto done;
	out->id = store_column_int64(s, 0);
	snprintf(out->name, sizeof(out->name), "%s",
	         store_column_text(s, 1, &len));
	role = wf_role_parse(store_column_text(s, 2, &len));
	out->unit_id = store_column_int64(s, 3);
	snprintf(out->unit_code, sizeof(out->unit_code), "%s",
	         store_column_text(s, 4, &len));
	p = store_column_text(s, 5, &len);
	if (len >= sizeof(out->unit_path) || len == 0 || role < 0) {
		rc = err_set(NETRA_EDENIED,
		             "user '%s' cannot be scoped (unit "
		             "%s has no path, or unknown role)",
		             name, out->unit_code);
		goto done;
	}
	memcpy(out->unit_path, p, len + 1);
	out->role = (enum wf_role)role;
	/* An all-units user's subtree is every path (they all start '/'). */
	out->all_units = store_column_int64(s, 7) != 0 && role != WF_ROLE_OPD;
	if (out->all_units)
		memcpy(out->unit_path, "/", 2);
	snprintf(out->email, sizeof(out->email), "%s",
	         store_column_text(s, 6, &len));
	out->employee_id = store_column_int64(s, 8);
	out->active = 1;
	rc = 0;
done:
	store_finalize(s);
	return rc;
}

int wf_user_units_outside(int64_t *out, netra_store *st, const char *name)
{
	const char *args[1];
	struct wf_user u;
	int rc;

	*out = 0;
	if ((rc = wf_user_get(&u, st, name)))
		return rc;
	args[0] = u.unit_path;
	return store_query_int64(out, st,
	                         "SELECT COUNT(*) FROM units WHERE active = 1 "
	                         "AND path NOT LIKE ? || '%'",
	                         args, 1);
}

int wf_actor_is_operator(const char *actor)
{
	return actor && strncmp(actor, WF_OPERATOR_PREFIX,
	                        sizeof(WF_OPERATOR_PREFIX) - 1) == 0;
}

static int list_row_json(json_t *arr, store_stmt *s)
{
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:b, s:s?, s:b, s:s?}", "name",
	    store_column_text(s, 0, NULL), "role",
	    store_column_text(s, 1, NULL), "unit",
	    store_column_text(s, 2, NULL), "all_units",
	    (int)store_column_int64(s, 5), "email",
	    store_column_is_null(s, 3) ? NULL : store_column_text(s, 3, NULL),
	    "active", (int)store_column_int64(s, 4), "nip",
	    store_column_is_null(s, 6) ? NULL : store_column_text(s, 6, NULL));

	if (!o || json_array_append_new(arr, o))
		return err_oom();
	return 0;
}

int wf_user_list(json_t **out, netra_store *st, const char *actor)
{
	json_t *arr = NULL;
	store_stmt *s = NULL;
	struct wf_user u;
	const char *path = "";
	int rc;

	*out = NULL;
	if (!wf_actor_is_operator(actor)) {
		if ((rc = wf_user_get(&u, st, actor)))
			return rc;
		path = u.unit_path;
	}
	rc = store_prepare(&s, st,
	                   "SELECT u.name, u.role, COALESCE(n.code, ''), "
	                   "u.email, u.active, u.all_units, e.staff_key "
	                   "FROM users u LEFT JOIN units n "
	                   "ON n.id = u.unit_id LEFT JOIN employees e "
	                   "ON e.id = u.employee_id "
	                   "WHERE COALESCE(n.path, '') LIKE ? || '%' "
	                   "ORDER BY u.name");
	if (rc || (rc = store_bind_text(s, 1, path, (size_t)-1)))
		goto done;
	if (!(arr = json_array())) {
		rc = err_oom();
		goto done;
	}
	while ((rc = store_step(s)) == STORE_ROW)
		if ((rc = list_row_json(arr, s)))
			goto done;
	if (rc < 0)
		goto done;
	rc = 0;
	*out = arr;
	arr = NULL;
done:
	store_finalize(s);
	json_decref(arr);
	return rc;
}

/* The path of the active unit with code, "" if there is none. */
static int unit_path_of(char *out, size_t size, netra_store *st,
                        const char *code)
{
	store_stmt *s = NULL;
	int rc;

	out[0] = '\0';
	rc = store_prepare(&s, st,
	                   "SELECT path FROM units WHERE code = ? AND "
	                   "active = 1");
	if (rc || (rc = store_bind_text(s, 1, code, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW)
		snprintf(out, size, "%s", store_column_text(s, 0, NULL));
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

int wf_registry_show(json_t **out, netra_store *st, const char *actor,
                     const char *unit_code)
{
	char path[256];
	struct wf_user u;
	int rc;

	*out = NULL;
	if (wf_actor_is_operator(actor))
		return netra_registry_show(out, st, unit_code);
	if ((rc = wf_user_get(&u, st, actor)))
		return rc;
	if (!unit_code)
		return netra_registry_show(out, st,
		                           u.all_units ? NULL : u.unit_code);
	if ((rc = unit_path_of(path, sizeof(path), st, unit_code)))
		return rc;
	if (!path[0] || !wf_in_subtree(path, u.unit_path))
		return err_set(NETRA_ENOTFOUND,
		               "no active unit with code '%s'", unit_code);
	return netra_registry_show(out, st, unit_code);
}

/* Appends the active staff of unit_id to arr, each with its active
 * accounts (the query yields one row per account, grouped here). */
static int staff_rows(json_t *arr, netra_store *st, int64_t unit_id)
{
	store_stmt *s = NULL;
	json_t *cur = NULL;
	int64_t last = -1;
	int rc;

	rc = store_prepare(&s, st,
	                   "SELECT e.id, e.name, e.nip, e.position, e.status, "
	                   "a.platform, a.handle FROM employees e LEFT JOIN "
	                   "accounts a ON a.employee_id = e.id AND a.active = 1 "
	                   "WHERE e.unit_id = ? AND e.active = 1 "
	                   "ORDER BY e.name, e.id, a.platform, a.handle "
	                   "LIMIT 2000");
	if (rc || (rc = store_bind_int64(s, 1, unit_id)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		if (store_column_int64(s, 0) != last) {
			last = store_column_int64(s, 0);
			cur = json_pack("{s:s, s:o, s:s, s:s, s:[]}", "name",
			                store_column_text(s, 1, NULL), "nip",
			                wf_json_col(s, 2), "position",
			                store_column_text(s, 3, NULL), "status",
			                store_column_text(s, 4, NULL), "accounts");
			if (!cur || json_array_append_new(arr, cur)) {
				rc = err_oom();
				goto done;
			}
		}
		if (!store_column_is_null(s, 5) &&
		    json_array_append_new(
		        json_object_get(cur, "accounts"),
		        json_pack("{s:s, s:s}", "platform",
		                  store_column_text(s, 5, NULL), "handle",
		                  store_column_text(s, 6, NULL)))) {
			rc = err_oom();
			goto done;
		}
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

int wf_unit_staff(json_t **out, netra_store *st, const char *actor,
                  const char *unit_code)
{
	char path[256], object[160];
	struct wf_user u;
	int64_t unit_id = 0;
	int rc;

	*out = NULL;
	if ((rc = wf_user_get(&u, st, actor)) ||
	    (rc = unit_path_of(path, sizeof(path), st, unit_code)))
		return rc;
	if (!path[0] || !wf_in_subtree(path, u.unit_path))
		return err_set(NETRA_ENOTFOUND,
		               "no active unit with code '%s'", unit_code);
	{
		const char *code[] = {unit_code};
		if ((rc = store_query_int64(&unit_id, st,
		                            "SELECT id FROM units WHERE code = ?",
		                            code, 1)))
			return rc;
	}
	if (!(*out = json_array()))
		return err_oom();
	snprintf(object, sizeof(object), "unit:%s", unit_code);
	if ((rc = staff_rows(*out, st, unit_id)) ||
	    (rc = store_begin_write(st)))
		goto done;
	rc = wf_tx_end(st, wf_audit(st, wf_now(), actor, "view_staff", object,
	                            NULL));
done:
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
