/*
 * workflow/user.h - the people who use netra (BKPP administrators, OPD
 * reviewers, Bawaslu liaisons): adding and listing them, their argon2id
 * passwords (libsodium crypto_pwhash_str), and looking one up with the
 * unit subtree that scopes everything they see and do.
 */
#ifndef NETRA_WORKFLOW_USER_H
#define NETRA_WORKFLOW_USER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "netra/store.h"

enum wf_role { WF_ROLE_BKPP, WF_ROLE_OPD, WF_ROLE_BAWASLU, WF_NROLES };

#define WF_PASSWORD_MIN 10 /* characters (bytes) */

/* Role name ("bkpp", "opd", "bawaslu") and back (-1 if unknown). */
const char *wf_role_name(enum wf_role r);
int wf_role_parse(const char *name);

/* A user as the workflow needs it: fixed-size copies, no allocation. */
struct wf_user {
	int64_t id;
	char name[64];
	enum wf_role role;
	int64_t unit_id;
	char unit_code[64];
	char unit_path[256]; /* '/1/7/' : the subtree is path LIKE this||'%';
	                      * "/" for an all-units user */
	char email[256];
	int active;
	int all_units;       /* bkpp/bawaslu user scoped to every unit */
	int64_t employee_id; /* the employee this user is (users.employee_id),
	                      * 0 if not linked: never sees findings about it */
};

/* The operator's console: an actor string "operator:OSUSER" names the
 * person at the machine that holds the store (the command line's
 * explicit --operator mode, for bootstrap and recovery), who is no user
 * of netra. User names cannot hold ':', so no user is mistaken for one.
 * Functions that take `by`/`actor` say whether they accept it. */
#define WF_OPERATOR_PREFIX "operator:"
int wf_actor_is_operator(const char *actor);

/*
 * Adds a user with the password hashed by argon2id (crypto_pwhash_str,
 * moderate limits). name: 1-63 of [A-Za-z0-9._-]; password: passes
 * wf_password_check() (auth.h); email may be NULL. Audited under `by`
 * ('system' when NULL). `by`: an operator actor ("operator:OSUSER", the
 * bootstrap of the first users), or an active bkpp user whose scope holds
 * unit_code (NETRA_EDENIED otherwise; NETRA_ENOTFOUND if there is no such
 * user). *out (may be NULL) gets the new id.
 * Errors: NETRA_EINVALID, NETRA_ENOTFOUND (unit), NETRA_EEXISTS (name).
 */
int wf_user_add(int64_t *out, netra_store *st, const char *name,
                enum wf_role role, const char *unit_code, const char *email,
                const char *password, const char *by);

/*
 * Like wf_user_add, for a bkpp or bawaslu user whose scope is every unit
 * of the store, not only unit_code's subtree: the agency of a government
 * whose registry is a forest (every OPD a root, BKPP one of them). The
 * user sits at unit_code: routing sends confirmed findings, and overdue
 * ones from the top of a tree, to that unit (see internal.h), and its
 * mail goes there. NETRA_EINVALID for role opd.
 */
int wf_user_add_all_units(int64_t *out, netra_store *st, const char *name,
                          enum wf_role role, const char *unit_code,
                          const char *email, const char *password,
                          const char *by);

/* Looks up an active user by name into *out. NETRA_ENOTFOUND if there is
 * none (or it is inactive); NETRA_EDENIED if its unit has no path (it
 * could not be scoped). */
int wf_user_get(struct wf_user *out, netra_store *st, const char *name);

/* *out = the number of active units outside the scope of user name (0
 * for an all-units user): what a bkpp user added at an OPD of a forest
 * registry would never see. NETRA_ENOTFOUND if there is no such user. */
int wf_user_units_outside(int64_t *out, netra_store *st, const char *name);

/* Checks password against the user's stored hash: 0 if it matches,
 * NETRA_EDENIED "wrong user name or password" if not or if there is no
 * such active user (argon2id then runs against a dummy hash: the same
 * time and answer). Neither throttled nor audited: front ends log users
 * in with wf_login() (auth.h), which is both. */
int wf_user_check_password(netra_store *st, const char *name,
                           const char *password);

/* The users actor may see: those whose unit lies in actor's unit subtree
 * (an operator actor sees all). *out is a new JSON array the caller frees
 * with json_decref(): [{"name", "role", "unit", "all_units" (bool),
 * "email" (or null), "active" (bool), "nip" (the linked employee's staff
 * key, or null)}, ...] ordered by name. Never hashes.
 * NETRA_ENOTFOUND if actor is no active user. */
int wf_user_list(json_t **out, netra_store *st, const char *actor);

/* The registry tree (netra_registry_show) as user actor may see it: the
 * subtree of unit_code, which must lie in actor's scope (else
 * NETRA_ENOTFOUND, as an unknown code), or when NULL the actor's own unit
 * subtree (every root for an all-units user). An operator actor sees all.
 * *out: as netra_registry_show; the caller frees it with json_decref(). */
int wf_registry_show(json_t **out, netra_store *st, const char *actor,
                     const char *unit_code);

/* The active staff of one unit (not its subunits) with their active
 * accounts, for the registry browser: unit_code must lie in actor's scope
 * (else NETRA_ENOTFOUND, as an unknown code). Personal data: every call
 * writes one audit row (view_staff, unit:CODE). *out is a new JSON array
 * the caller frees with json_decref(): [{"name", "nip" (or null),
 * "position", "status", "accounts": [{"platform", "handle"}]}] by name,
 * at most 2,000 rows. */
int wf_unit_staff(json_t **out, netra_store *st, const char *actor,
                  const char *unit_code);

/* Hashes password with argon2id into out (crypto_pwhash_STRBYTES bytes,
 * "$argon2id$..."). 0, NETRA_EINVALID (too short) or NETRA_ENOMEM. */
int wf_password_hash(char *out, size_t size, const char *password);

/* 0 if password matches hash, NETRA_EDENIED if not. */
int wf_password_verify(const char *hash, const char *password);

#endif
