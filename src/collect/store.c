/*
 * collect/store.c - what the collectors keep in the store (migration
 * 013_collect): account leases shared by collectors on any number of
 * machines, cursors, renames and status changes, errors, the hourly
 * budget. Every statement is portable SQL (store/store.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collect/collect_int.h"
#include "store/store.h"
#include "util/error.h"
#include "util/vec.h"
#include "workflow/lease.h"

static char *col_dup(store_stmt *s, int col, int *oom)
{
	char *d;

	if (store_column_is_null(s, col))
		return NULL;
	if (!(d = strdup(store_column_text(s, col, NULL))))
		*oom = 1;
	return d;
}

void collect_acct_rows_free(struct collect_acct_row *rows, size_t n)
{
	size_t i;

	for (i = 0; rows && i < n; i++) {
		free(rows[i].handle);
		free(rows[i].uid);
		free(rows[i].status);
	}
	free(rows);
}

int collect_list_accounts(struct collect_acct_row **out, size_t *n,
                          netra_store *st, const char *platform)
{
	VEC(struct collect_acct_row) v = VEC_INIT;
	struct collect_acct_row r;
	store_stmt *s = NULL;
	int rc, oom = 0;

	*out = NULL;
	*n = 0;
	if ((rc = store_prepare(&s, st,
	                        "SELECT a.id, a.handle, a.platform_uid, a.status"
	                        " FROM accounts a JOIN employees e"
	                        " ON e.id = a.employee_id WHERE a.active = 1"
	                        " AND e.active = 1 AND a.platform = ?"
	                        " ORDER BY a.id")) ||
	    (rc = store_bind_text(s, 1, platform, (size_t)-1)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		r.id = store_column_int64(s, 0);
		r.handle = col_dup(s, 1, &oom);
		r.uid = col_dup(s, 2, &oom);
		r.status = col_dup(s, 3, &oom);
		if (oom || VEC_PUSH(&v, r)) {
			free(r.handle);
			free(r.uid);
			free(r.status);
			rc = err_oom();
			break;
		}
	}
done:
	store_finalize(s);
	if (rc < 0) {
		collect_acct_rows_free(v.items, v.len);
		return rc;
	}
	*out = v.items;
	*n = v.len;
	return 0;
}

/* ---- leases ---------------------------------------------------------- */

static int take_from_dead(netra_store *st, int64_t account_id,
                          const char *module, const char *owner,
                          int64_t until, int64_t now_ms)
{
	store_stmt *s = NULL;
	char *holder = NULL;
	int rc, oom = 0;

	if ((rc = store_prepare(&s, st, "SELECT owner FROM collect_accounts"
	                                " WHERE account_id = ? AND module = ?")) ||
	    (rc = store_bind_int64(s, 1, account_id)) ||
	    (rc = store_bind_text(s, 2, module, (size_t)-1)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW)
		goto done;
	holder = col_dup(s, 0, &oom);
	store_finalize(s);
	s = NULL;
	rc = oom ? err_oom() : 0;
	if (!holder || !wf_lease_owner_dead(holder))
		goto done;
	if ((rc = store_prepare(&s, st,
	                        "UPDATE collect_accounts SET owner = ?,"
	                        " expires_at = ?, claimed_ms = ?,"
	                        " last_attempt = ? WHERE account_id = ?"
	                        " AND module = ? AND owner = ?"
	                        " RETURNING account_id")) ||
	    (rc = store_bind_text(s, 1, owner, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, until)) ||
	    (rc = store_bind_int64(s, 3, now_ms)) ||
	    (rc = store_bind_int64(s, 4, now_ms / 1000)) ||
	    (rc = store_bind_int64(s, 5, account_id)) ||
	    (rc = store_bind_text(s, 6, module, (size_t)-1)) ||
	    (rc = store_bind_text(s, 7, holder, (size_t)-1)))
		goto done;
	rc = store_step(s);
done:
	store_finalize(s);
	free(holder);
	return rc < 0 ? rc : rc == STORE_ROW;
}

int collect_claim(netra_store *st, int64_t account_id, const char *module,
                  const char *owner, int64_t now, int64_t now_ms,
                  int64_t until, int64_t due_before_ms)
{
	static const char sql[] =
	    "INSERT INTO collect_accounts (account_id, module, owner,"
	    " expires_at, claimed_ms, last_attempt) VALUES (?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (account_id, module) DO UPDATE"
	    " SET owner = excluded.owner,"
	    " expires_at = excluded.expires_at,"
	    " claimed_ms = excluded.claimed_ms,"
	    " last_attempt = excluded.last_attempt"
	    " WHERE collect_accounts.claimed_ms < ? AND"
	    " (collect_accounts.owner IS NULL OR collect_accounts.expires_at < ?"
	    " OR collect_accounts.owner = excluded.owner)"
	    " RETURNING account_id";
	store_stmt *s = NULL;
	int rc;

	/* claimed_ms is never below the round's start */
	if (now_ms < due_before_ms)
		now_ms = due_before_ms;
	if ((rc = store_prepare(&s, st, sql)) ||
	    (rc = store_bind_int64(s, 1, account_id)) ||
	    (rc = store_bind_text(s, 2, module, (size_t)-1)) ||
	    (rc = store_bind_text(s, 3, owner, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 4, until)) ||
	    (rc = store_bind_int64(s, 5, now_ms)) ||
	    (rc = store_bind_int64(s, 6, now)) ||
	    (rc = store_bind_int64(s, 7, due_before_ms)) ||
	    (rc = store_bind_int64(s, 8, now)))
		goto done;
	rc = store_step(s);
	if (rc >= 0)
		rc = rc == STORE_ROW;
done:
	store_finalize(s);
	if (rc == 0)
		rc = take_from_dead(st, account_id, module, owner, until,
		                    now_ms);
	return rc;
}

int collect_release(netra_store *st, int64_t account_id, const char *module,
                    const char *owner, int success, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(
	         &s, st,
	         success ? "UPDATE collect_accounts SET owner = NULL,"
	                   " expires_at = 0, last_success = ?"
	                   " WHERE account_id = ? AND module = ? AND owner = ?"
	                 : "UPDATE collect_accounts SET owner = NULL,"
	                   " expires_at = 0, last_attempt = ?"
	                   " WHERE account_id = ? AND module = ? AND owner = ?")) ||
	    (rc = store_bind_int64(s, 1, now)) ||
	    (rc = store_bind_int64(s, 2, account_id)) ||
	    (rc = store_bind_text(s, 3, module, (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, owner, (size_t)-1)))
		goto done;
	rc = store_step(s);
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int collect_renew(netra_store *st, int64_t account_id, const char *module,
                  const char *owner, int64_t until)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(&s, st,
	                        "UPDATE collect_accounts SET expires_at = ?"
	                        " WHERE account_id = ? AND module = ?"
	                        " AND owner = ? RETURNING account_id")) ||
	    (rc = store_bind_int64(s, 1, until)) ||
	    (rc = store_bind_int64(s, 2, account_id)) ||
	    (rc = store_bind_text(s, 3, module, (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, owner, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ESTATE,
		             "lease on account %lld lost to another collector",
		             (long long)account_id);
	else if (rc == STORE_ROW)
		rc = 0;
done:
	store_finalize(s);
	return rc;
}

/* ---- cursors --------------------------------------------------------- */

static void copy_col(char *dst, size_t size, store_stmt *s, int col)
{
	size_t n;
	const char *p = store_column_text(s, col, &n);

	if (n >= size)
		n = size - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

int collect_cursor_load(struct collect_cursor *out, netra_store *st,
                        int64_t account_id, const char *endpoint)
{
	store_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = store_prepare(&s, st,
	                        "SELECT since_cursor, page_cursor, walk_top"
	                        " FROM collect_cursors WHERE account_id = ?"
	                        " AND endpoint = ?")) ||
	    (rc = store_bind_int64(s, 1, account_id)) ||
	    (rc = store_bind_text(s, 2, endpoint, (size_t)-1)))
		goto done;
	if ((rc = store_step(s)) == STORE_ROW) {
		copy_col(out->since, sizeof(out->since), s, 0);
		copy_col(out->page, sizeof(out->page), s, 1);
		copy_col(out->top, sizeof(out->top), s, 2);
	}
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

int collect_cursor_save(netra_store *st, int64_t account_id,
                        const char *endpoint, const struct collect_cursor *c,
                        int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(
	         &s, st,
	         "INSERT INTO collect_cursors (account_id, endpoint,"
	         " since_cursor, page_cursor, walk_top, updated_at)"
	         " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, endpoint)"
	         " DO UPDATE SET since_cursor = excluded.since_cursor,"
	         " page_cursor = excluded.page_cursor,"
	         " walk_top = excluded.walk_top,"
	         " updated_at = excluded.updated_at")) ||
	    (rc = store_bind_int64(s, 1, account_id)) ||
	    (rc = store_bind_text(s, 2, endpoint, (size_t)-1)) ||
	    (rc = store_bind_text(s, 3, c->since, (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, c->page, (size_t)-1)) ||
	    (rc = store_bind_text(s, 5, c->top, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 6, now)))
		goto done;
	rc = store_step(s);
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* ---- what resolve learned ------------------------------------------- */

/* Runs sql binding the given texts/ints: 'i' int64, 't' text (NULL:
 * NULL). Returns STORE_ROW/STORE_DONE or an error; *row_int gets column
 * 0 of a row when not NULL. */
static int exec_args(netra_store *st, const char *sql, const char *types,
                     int64_t *row_int, ...)
{
	store_stmt *s = NULL;
	va_list ap;
	int rc, i;

	if ((rc = store_prepare(&s, st, sql)))
		return rc;
	va_start(ap, row_int);
	for (i = 0; types[i] && !rc; i++) {
		if (types[i] == 'i') {
			rc = store_bind_int64(s, i + 1, va_arg(ap, int64_t));
		} else {
			const char *t = va_arg(ap, const char *);
			rc = t ? store_bind_text(s, i + 1, t, (size_t)-1)
			       : store_bind_null(s, i + 1);
		}
	}
	va_end(ap);
	if (!rc) {
		rc = store_step(s);
		if (rc == STORE_ROW && row_int)
			*row_int = store_column_int64(s, 0);
	}
	store_finalize(s);
	return rc;
}

static int change(netra_store *st, int64_t account_id, int64_t now,
                  const char *kind, const char *old_value,
                  const char *new_value, const char *detail)
{
	int rc = exec_args(st,
	                   "INSERT INTO account_changes (account_id, at, kind,"
	                   " old_value, new_value, detail)"
	                   " VALUES (?, ?, ?, ?, ?, ?)",
	                   "iitttt", NULL, account_id, now, kind, old_value,
	                   new_value, detail && *detail ? detail : NULL);
	return rc < 0 ? rc : 0;
}

static int seen_handle(netra_store *st, int64_t account_id,
                       const char *handle, int64_t now)
{
	int rc = exec_args(st,
	                   "INSERT INTO account_handles (account_id, handle,"
	                   " first_seen, last_seen) VALUES (?, ?, ?, ?)"
	                   " ON CONFLICT (account_id, handle) DO UPDATE"
	                   " SET last_seen = excluded.last_seen",
	                   "itii", NULL, account_id, handle, now, now);
	return rc < 0 ? rc : 0;
}

static int learn_uid(netra_store *st, const struct collect_account *acct,
                     const char *uid, int64_t now)
{
	int64_t other = 0;
	int rc;

	if (acct->uid && strcmp(acct->uid, uid) == 0)
		return 0;
	rc = exec_args(st,
	               "SELECT id FROM accounts WHERE platform = ? AND"
	               " platform_uid = ? AND id <> ? AND active = 1",
	               "tti", &other, acct->platform, uid, acct->id);
	if (rc < 0)
		return rc;
	if (rc == STORE_ROW)
		return err_set(NETRA_EEXISTS,
		               "%s account %s: user id %s is already account %lld"
		               " (registered twice?): collected there only",
		               acct->platform, acct->handle, uid,
		               (long long)other);
	if ((rc = exec_args(st,
	                    "UPDATE accounts SET platform_uid = ? WHERE id = ?",
	                    "ti", NULL, uid, acct->id)) < 0)
		return rc;
	return change(st, acct->id, now, "uid", acct->uid, uid, NULL);
}

static int rename_to(netra_store *st, const struct collect_account *acct,
                     const char *handle, int64_t now, int *renamed)
{
	int64_t other = 0;
	int rc;

	if (strcmp(acct->handle, handle) == 0)
		return 0;
	rc = exec_args(st,
	               "SELECT id FROM accounts WHERE platform = ? AND"
	               " handle = ? AND id <> ?",
	               "tti", &other, acct->platform, handle, acct->id);
	if (rc < 0)
		return rc;
	if (rc == STORE_ROW)
		return err_set(NETRA_EEXISTS,
		               "%s account %s is now @%s, which the registry names"
		               " as account %lld: fix the registry",
		               acct->platform, acct->handle, handle,
		               (long long)other);
	if ((rc = seen_handle(st, acct->id, acct->handle, now)) ||
	    (rc = exec_args(st,
	                    "UPDATE accounts SET handle = ? WHERE id = ?",
	                    "ti", NULL, handle, acct->id)) < 0 ||
	    (rc = change(st, acct->id, now, "renamed", acct->handle, handle,
	                 NULL)))
		return rc < 0 ? rc : 0;
	*renamed = 1;
	return 0;
}

static int set_status(netra_store *st, const struct collect_account *acct,
                      const struct collect_profile *p, int64_t now)
{
	const char *want = collect_status_name(p->status);
	store_stmt *s = NULL;
	char old[32] = "";
	int rc;

	if ((rc = store_prepare(&s, st,
	                        "SELECT status FROM accounts WHERE id = ?")) ||
	    (rc = store_bind_int64(s, 1, acct->id)))
		goto done;
	if ((rc = store_step(s)) == STORE_ROW)
		copy_col(old, sizeof(old), s, 0);
	store_finalize(s);
	s = NULL;
	if (rc < 0 || strcmp(old, want) == 0) {
		rc = rc < 0 ? rc : 0;
		goto done;
	}
	if ((rc = exec_args(st,
	                    "UPDATE accounts SET status = ?, status_at = ?,"
	                    " status_detail = ? WHERE id = ?",
	                    "titi", NULL, want, now,
	                    p->detail[0] ? p->detail : NULL, acct->id)) < 0)
		goto done;
	rc = change(st, acct->id, now, "status", old, want, p->detail);
done:
	store_finalize(s);
	return rc;
}

int collect_record_profile(netra_store *st, const struct collect_account *acct,
                           const struct collect_profile *p, int64_t now,
                           int *renamed)
{
	int rc;

	*renamed = 0;
	if ((rc = store_begin_write(st)))
		return rc;
	if ((p->uid[0] && (rc = learn_uid(st, acct, p->uid, now))) ||
	    (p->handle[0] && (rc = rename_to(st, acct, p->handle, now,
	                                     renamed))) ||
	    (rc = seen_handle(st, acct->id,
	                      p->handle[0] ? p->handle : acct->handle, now)) ||
	    (rc = set_status(st, acct, p, now))) {
		store_rollback(st);
		*renamed = 0;
		return rc;
	}
	return store_commit(st);
}

/* ---- errors, deletion candidates, budget ----------------------------- */

int collect_error_add(netra_store *st, const char *platform,
                      int64_t account_id, const char *endpoint,
                      const char *owner, const char *message, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	if ((rc = store_prepare(&s, st,
	                        "INSERT INTO collect_errors (at, platform,"
	                        " account_id, endpoint, owner, message)"
	                        " VALUES (?, ?, ?, ?, ?, ?)")) ||
	    (rc = store_bind_int64(s, 1, now)) ||
	    (rc = store_bind_text(s, 2, platform, (size_t)-1)) ||
	    (rc = account_id ? store_bind_int64(s, 3, account_id)
	                     : store_bind_null(s, 3)) ||
	    (rc = store_bind_text(s, 4, endpoint, (size_t)-1)) ||
	    (rc = store_bind_text(s, 5, owner, (size_t)-1)) ||
	    (rc = store_bind_text(s, 6, message, (size_t)-1)))
		goto done;
	rc = store_step(s);
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

void collect_ids_free(char **ids, size_t n)
{
	size_t i;

	for (i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
}

int collect_recent_posts(char ***out, size_t *n, netra_store *st,
                         int64_t account_id, int64_t since, size_t max)
{
	VEC(char *) v = VEC_INIT;
	store_stmt *s = NULL;
	char *id;
	int rc, oom = 0;

	*out = NULL;
	*n = 0;
	if ((rc = store_prepare(
	         &s, st,
	         "SELECT event_id FROM events WHERE account_id = ?"
	         " AND source LIKE 'collect:%' AND created_at >= ?"
	         " AND type IN ('post', 'repost', 'quote', 'comment')"
	         " AND deleted_at IS NULL ORDER BY created_at DESC LIMIT ?")) ||
	    (rc = store_bind_int64(s, 1, account_id)) ||
	    (rc = store_bind_int64(s, 2, since)) ||
	    (rc = store_bind_int64(s, 3, (int64_t)max)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		id = col_dup(s, 0, &oom);
		if (oom || VEC_PUSH(&v, id)) {
			free(id);
			rc = err_oom();
			break;
		}
	}
done:
	store_finalize(s);
	if (rc < 0) {
		collect_ids_free(v.items, v.len);
		return rc;
	}
	*out = v.items;
	*n = v.len;
	return 0;
}

int collect_budget_refund(struct collect_budget *b, const char *platform,
                          int64_t hour)
{
	int rc = exec_args(b->st,
	                   "UPDATE collect_budget SET requests = requests - 1"
	                   " WHERE platform = ? AND hour = ? AND requests > 0",
	                   "ti", NULL, platform, hour);

	return rc < 0 ? rc : 0;
}

int collect_budget_take(void *ctx, const char *platform, int64_t *wait_until)
{
	struct collect_budget *b = ctx;
	int64_t now = (int64_t)time(NULL), hour = now / 3600, used = 0;
	int rc;

	if (!b->per_hour)
		return 0;
	/* One statement both charges and reads the count, atomic on both
	 * backends; a request over the budget is charged back. */
	rc = exec_args(b->st,
	               "INSERT INTO collect_budget (platform, hour, requests)"
	               " VALUES (?, ?, 1) ON CONFLICT (platform, hour) DO UPDATE"
	               " SET requests = collect_budget.requests + 1"
	               " RETURNING requests",
	               "ti", &used, platform, hour);
	if (rc < 0)
		return rc;
	b->hour = hour;
	if (used <= b->per_hour)
		return 0;
	if ((rc = collect_budget_refund(b, platform, hour)))
		return rc;
	*wait_until = (hour + 1) * 3600;
	return 1;
}
