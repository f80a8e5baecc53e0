/*
 * workflow/auth.h - proving who acts, for every front end: logging in with
 * a password (argon2id, the same time and answer for an unknown user as
 * for a wrong password), login throttling kept in the store so several
 * servers share it (failures per account and per client slow the next
 * attempt down, never lock anyone out), the password policy, changing
 * one's own password and BKPP's reset, and personal tokens for the
 * command line (only their SHA-256 is stored). Every refusal is audited.
 *
 * The web authenticates a session with wf_login(); the CLI authenticates
 * --as USER with wf_login() (password from a file or stdin) or with
 * wf_token_user() ($NETRA_TOKEN). Both then pass the user's name as the
 * `actor` of the workflow functions, which scope everything to it.
 */
#ifndef NETRA_WORKFLOW_AUTH_H
#define NETRA_WORKFLOW_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"
#include "workflow/user.h"

/* Throttling: an account may fail WF_THROTTLE_USER_FREE times, a client
 * WF_THROTTLE_CLIENT_FREE times, before each further attempt must wait
 * 2^(extra failures) seconds after the last failure, at most
 * WF_THROTTLE_MAX_WAIT; a key quiet for WF_THROTTLE_FORGET seconds is
 * forgotten. The wait is never longer than a minute: an attacker who
 * fails on purpose slows a reviewer down but cannot lock them out. */
#define WF_THROTTLE_USER_FREE   5
#define WF_THROTTLE_CLIENT_FREE 20
#define WF_THROTTLE_MAX_WAIT    60
#define WF_THROTTLE_FORGET      900

/*
 * Checks password policy for user `name`: at least WF_PASSWORD_MIN bytes,
 * not only white space, at least 4 different characters (refuses one
 * repeated character and the like), and not containing the user name
 * (case-insensitive). 0 or NETRA_EINVALID with the reason (which never
 * repeats the password).
 */
int wf_password_check(const char *name, const char *password);

/*
 * Logs user `name` in with password, for client (an address or "cli:OS
 * USER"; used for throttling and the audit log; NULL = "-") at now (0 =
 * wf_now()). 0 on success (the account's failures are forgotten; audited
 * 'login'). NETRA_EDENIED "wrong user name or password" when the user is
 * unknown, inactive or the password is wrong: the same message and,
 * since argon2id runs against a dummy hash for an unknown user, the same
 * time. When the account or the client must wait, NETRA_EDENIED without
 * checking the password and *retry_after (may be NULL) gets the seconds
 * to wait (0 otherwise). Every refusal is audited ('login_failed', actor
 * the user's name if it exists, else 'unknown').
 */
int wf_login(int64_t *retry_after, netra_store *st, const char *name,
             const char *password, const char *client, int64_t now);

/* *out = the seconds name/client must wait before the next attempt (0 =
 * may try now), without trying. For a front end that shows the wait. */
int wf_login_wait(int64_t *out, netra_store *st, const char *name,
                  const char *client, int64_t now);

/*
 * User name changes their own password: current must be right (checked
 * as wf_login does, throttled and audited on refusal), new_password must
 * pass wf_password_check() and differ from current. Audited
 * 'password_change'. Errors: NETRA_EDENIED (wrong current password or
 * throttled: *retry_after as wf_login), NETRA_EINVALID (policy).
 */
int wf_password_change(int64_t *retry_after, netra_store *st, const char *name,
                       const char *current, const char *new_password,
                       const char *client, int64_t now);

/*
 * BKPP sets another user's password (they forgot it): actor must be an
 * active bkpp user whose scope holds the user's unit (an all-units user
 * for an all-units user), or an operator actor. A user outside the
 * actor's scope is NETRA_ENOTFOUND like an unknown one. Audited
 * 'password_reset'. NETRA_EINVALID (policy), NETRA_EDENIED (role).
 */
int wf_password_reset(netra_store *st, const char *actor, const char *name,
                      const char *new_password);

/*
 * BKPP disables (active = 0) or enables a user within its scope (rules of
 * wf_password_reset); nobody disables themself. A disabled user can no
 * longer log in, use a token or act; nothing of theirs is deleted.
 * Audited 'user_disable' / 'user_enable'.
 */
int wf_user_set_active(netra_store *st, const char *actor, const char *name,
                       int active);

/*
 * Links user name to the employee it is (staff_key: a NIP or staff id of
 * the registry), or unlinks it (staff_key NULL), by actor (rules of
 * wf_password_reset). A linked user never sees nor acts on findings about
 * that employee, and a new finding about a reviewer is routed past them
 * (finding.h). Audited 'user_link'. NETRA_ENOTFOUND: no such employee.
 */
int wf_user_link(netra_store *st, const char *actor, const char *name,
                 const char *staff_key);

#define WF_TOKEN_LEN 43 /* "nt_" + 40 hex digits */

/*
 * Issues a personal token for user name (for the command line's
 * $NETRA_TOKEN), by actor (rules of wf_password_reset; a user may also
 * issue one for themself). out (WF_TOKEN_LEN + 1 bytes) gets the token:
 * shown once, only its SHA-256 is stored. label may be NULL. Audited
 * 'token_issue'.
 */
int wf_token_issue(char *out, size_t size, netra_store *st, const char *actor,
                   const char *name, const char *label);

/*
 * The active user whose unrevoked token this is, into *out.
 * NETRA_EDENIED "invalid token" otherwise (unknown, revoked, or its user
 * disabled); refusals are audited ('token_refused').
 */
int wf_token_user(struct wf_user *out, netra_store *st, const char *token);

/* Revokes every token of user name (rules of wf_token_issue); *out (may
 * be NULL) gets how many. Audited 'token_revoke'. */
int wf_token_revoke(int64_t *out, netra_store *st, const char *actor,
                    const char *name);

#endif
