/*
 * registry/import_write.c - the store side of the registry import: loads
 * the registry already stored (so the files can be checked against it and
 * compared row by row), then writes validated rows inside the import's
 * transaction: update by key, insert what is new, deactivate what the file
 * no longer lists, and record the import in the audit log.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/import.h"
#include "store/store.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/sbuf.h"

/* Copies text column col to the arena; NULL for SQL NULL. *oom set on
 * allocation failure. */
static const char *dup_col(struct imp *m, store_stmt *s, int col, int *oom)
{
	size_t n;
	const char *t;
	char *r;

	if (store_column_is_null(s, col))
		return NULL;
	t = store_column_text(s, col, &n);
	r = arena_strndup(&m->ar, t, n);
	if (!r)
		*oom = 1;
	return r;
}

static int load_units(struct imp *m)
{
	store_stmt *s = NULL;
	struct db_unit u;
	int rc, oom = 0;

	rc = store_prepare(&s, m->st,
	                   "SELECT id, code, name, parent_id, kind, path, "
	                   "active, extra, timezone FROM units");
	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		u.id = store_column_int64(s, 0);
		u.code = dup_col(m, s, 1, &oom);
		u.name = dup_col(m, s, 2, &oom);
		u.parent_id = store_column_int64(s, 3);
		u.kind = dup_col(m, s, 4, &oom);
		u.path = dup_col(m, s, 5, &oom);
		u.active = (int)store_column_int64(s, 6);
		u.extra = dup_col(m, s, 7, &oom);
		u.timezone = dup_col(m, s, 8, &oom);
		if (oom || !u.code ||
		    strmap_put(&m->db_unit_ix, u.code, strlen(u.code),
		               (int64_t)m->db_units.len) ||
		    VEC_PUSH(&m->db_units, u))
			rc = err_oom();
		else
			rc = 0;
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

static int load_emps(struct imp *m)
{
	store_stmt *s = NULL;
	struct db_emp e;
	int rc, oom = 0;

	rc = store_prepare(&s, m->st,
	                   "SELECT id, staff_key, nip, name, position, "
	                   "unit_id, status, supervisor_key, active, extra "
	                   "FROM employees");
	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		e.id = store_column_int64(s, 0);
		e.key = dup_col(m, s, 1, &oom);
		e.nip = dup_col(m, s, 2, &oom);
		e.name = dup_col(m, s, 3, &oom);
		e.position = dup_col(m, s, 4, &oom);
		e.unit_id = store_column_int64(s, 5);
		e.status = dup_col(m, s, 6, &oom);
		e.sup = dup_col(m, s, 7, &oom);
		e.active = (int)store_column_int64(s, 8);
		e.extra = dup_col(m, s, 9, &oom);
		if (oom || !e.key ||
		    strmap_put(&m->db_emp_ix, e.key, strlen(e.key),
		               (int64_t)m->db_emps.len) ||
		    VEC_PUSH(&m->db_emps, e))
			rc = err_oom();
		else
			rc = 0;
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* The handles accounts with a stable user id were seen under before a
 * rename (`netra collect`), when no account has them now: a registry
 * that still names one means that account (the stable id decides). */
static int load_old_handles(struct imp *m)
{
	store_stmt *s = NULL;
	char key[160];
	size_t kn;
	int64_t cur;
	int rc;

	rc = store_prepare(&s, m->st,
	                   "SELECT a.platform, h.handle, a.handle"
	                   " FROM account_handles h JOIN accounts a"
	                   " ON a.id = h.account_id WHERE h.handle <> a.handle"
	                   " AND a.platform_uid IS NOT NULL");
	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		kn = registry_acc_key(key, sizeof(key),
		                      store_column_text(s, 0, NULL),
		                      store_column_text(s, 2, NULL));
		rc = 0;
		if (!strmap_get(&m->db_acc_ix, key, kn, &cur))
			continue;
		kn = registry_acc_key(key, sizeof(key),
		                      store_column_text(s, 0, NULL),
		                      store_column_text(s, 1, NULL));
		if (!strmap_get(&m->db_acc_ix, key, kn, NULL) &&
		    strmap_put(&m->db_old_ix, key, kn, cur))
			rc = err_oom();
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

static int load_accs(struct imp *m)
{
	store_stmt *s = NULL;
	struct db_acc a;
	char key[160];
	size_t kn;
	int rc, oom = 0;

	rc = store_prepare(&s, m->st,
	                   "SELECT id, platform, handle, employee_id, active, "
	                   "extra FROM accounts");
	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		a.id = store_column_int64(s, 0);
		kn = registry_acc_key(key, sizeof(key),
		                      store_column_text(s, 1, NULL),
		                      store_column_text(s, 2, NULL));
		a.employee_id = store_column_int64(s, 3);
		a.active = (int)store_column_int64(s, 4);
		a.extra = dup_col(m, s, 5, &oom);
		a.key = arena_strndup(&m->ar, key, kn);
		a.klen = kn;
		if (oom || !a.key ||
		    strmap_put(&m->db_acc_ix, key, kn,
		               (int64_t)m->db_accs.len) ||
		    VEC_PUSH(&m->db_accs, a))
			rc = err_oom();
		else
			rc = 0;
	}
	store_finalize(s);
	return rc < 0 ? rc : load_old_handles(m);
}

int registry_load_db(struct imp *m)
{
	int rc = load_units(m);

	if (rc == 0)
		rc = load_emps(m);
	if (rc == 0)
		rc = load_accs(m);
	return rc;
}

/* NULL and "" are both "no value" for optional text. */
static int same(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

static int bind_opt(store_stmt *s, int idx, const char *v)
{
	return v && *v ? store_bind_text(s, idx, v, (size_t)-1)
	               : store_bind_null(s, idx);
}

static int bind_id(store_stmt *s, int idx, int64_t id)
{
	return id ? store_bind_int64(s, idx, id) : store_bind_null(s, idx);
}

/* Steps s once; with id != NULL expects a RETURNING row. Resets s. */
static int run(store_stmt *s, int64_t *id)
{
	int rc = store_step(s);

	if (rc == STORE_ROW && id)
		*id = store_column_int64(s, 0);
	else if (rc == STORE_DONE && id)
		rc = err_set(NETRA_ERROR, "insert returned no id");
	store_reset(s);
	return rc < 0 ? rc : 0;
}

/* Sets active = 0 on row id of table (a fixed name, not input). */
static int deactivate(store_stmt *s, int64_t id, int64_t now)
{
	int rc = store_bind_int64(s, 1, now);

	if (rc == 0)
		rc = store_bind_int64(s, 2, id);
	return rc ? rc : run(s, NULL);
}

/* Unit indices sorted parents first: a counting sort by depth that keeps
 * file order within a depth. Free with free(). */
static size_t *unit_order(struct imp *m)
{
	size_t i, n = m->units.len, *ord, *start;
	size_t maxd = 0;

	for (i = 0; i < n; i++)
		if ((size_t)m->units.items[i].depth > maxd)
			maxd = (size_t)m->units.items[i].depth;
	ord = malloc((n + 1) * sizeof(size_t));
	start = calloc(maxd + 2, sizeof(size_t));
	if (!ord || !start) {
		free(ord);
		free(start);
		return NULL;
	}
	for (i = 0; i < n; i++)
		start[m->units.items[i].depth + 1]++;
	for (i = 1; i <= maxd + 1; i++)
		start[i] += start[i - 1];
	for (i = 0; i < n; i++)
		ord[start[m->units.items[i].depth]++] = i;
	free(start);
	return ord;
}

enum { S_INS, S_UPD, S_PATH, S_OFF, S_COUNT };

/* Writes one unit whose parent is already written. */
static int write_unit(struct imp *m, store_stmt **st, struct unit_rec *u)
{
	const struct unit_rec *p =
	    u->parent_idx >= 0 ? &m->units.items[u->parent_idx] : NULL;
	int64_t pid = p ? p->id : 0, dbi;
	const struct db_unit *d = NULL;
	char path[4096];
	store_stmt *s;
	int rc;

	if (strmap_get(&m->db_unit_ix, u->code, strlen(u->code), &dbi))
		d = &m->db_units.items[dbi];
	if (!d) {
		s = st[S_INS];
		if ((rc = store_bind_text(s, 1, u->code, (size_t)-1)) ||
		    (rc = store_bind_text(s, 2, u->name, (size_t)-1)) ||
		    (rc = bind_id(s, 3, pid)) ||
		    (rc = store_bind_text(s, 4, u->kind, (size_t)-1)) ||
		    (rc = bind_opt(s, 5, u->extra)) ||
		    (rc = store_bind_int64(s, 6, m->now)) ||
		    (rc = bind_opt(s, 7, u->timezone)) ||
		    (rc = run(s, &u->id)))
			return rc;
	} else {
		u->id = d->id;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s%" PRId64 "/",
	                     p ? p->path : "/", u->id) >= sizeof(path))
		return err_set(NETRA_EINVALID, "unit tree too deep at '%s'",
		               u->code);
	if (!(u->path = arena_strndup(&m->ar, path, strlen(path))))
		return err_oom();
	if (!d) {
		m->res->units.added++;
		s = st[S_PATH];
		if ((rc = store_bind_text(s, 1, u->path, (size_t)-1)) ||
		    (rc = store_bind_int64(s, 2, u->id)))
			return rc;
		return run(s, NULL);
	}
	if (d->active && d->parent_id == pid && same(d->name, u->name) &&
	    same(d->kind, u->kind) && same(d->path, u->path) &&
	    same(d->extra, u->extra) &&
	    (!u->tz_given || same(d->timezone, u->timezone))) {
		m->res->units.unchanged++;
		return 0;
	}
	m->res->units.updated++;
	s = st[S_UPD];
	if ((rc = store_bind_text(s, 1, u->name, (size_t)-1)) ||
	    (rc = bind_id(s, 2, pid)) ||
	    (rc = store_bind_text(s, 3, u->kind, (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, u->path, (size_t)-1)) ||
	    (rc = bind_opt(s, 5, u->extra)) ||
	    (rc = store_bind_int64(s, 6, m->now)) ||
	    (rc = store_bind_int64(s, 7, u->tz_given)) ||
	    (rc = bind_opt(s, 8, u->timezone)) ||
	    (rc = store_bind_int64(s, 9, u->id)))
		return rc;
	return run(s, NULL);
}

static int prepare_all(netra_store *st, store_stmt **s, const char *const *sql,
                       int n)
{
	int i, rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		rc = store_prepare(&s[i], st, sql[i]);
	return rc;
}

static void finalize_all(store_stmt **s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		store_finalize(s[i]);
}

static int write_units(struct imp *m)
{
	static const char *const sql[S_COUNT] = {
	    ("INSERT INTO units (code, name, parent_id, kind, path, active,"
	     " extra, updated_at, timezone) VALUES (?, ?, ?, ?, '', 1, ?, ?, ?)"
	     " RETURNING id"),
	    /* a file without a timezone column leaves the zones alone */
	    ("UPDATE units SET name = ?, parent_id = ?, kind = ?, path = ?,"
	     " active = 1, extra = ?, updated_at = ?, timezone = CASE WHEN"
	     " ? = 1 THEN ? ELSE timezone END WHERE id = ?"),
	    "UPDATE units SET path = ? WHERE id = ?",
	    "UPDATE units SET active = 0, updated_at = ? WHERE id = ?",
	};
	store_stmt *s[S_COUNT] = {NULL};
	size_t i, *ord = unit_order(m);
	int rc;

	if (!ord)
		return err_oom();
	rc = prepare_all(m->st, s, sql, S_COUNT);
	for (i = 0; rc == 0 && i < m->units.len; i++)
		rc = write_unit(m, s, &m->units.items[ord[i]]);
	for (i = 0; rc == 0 && i < m->db_units.len; i++) {
		const struct db_unit *d = &m->db_units.items[i];
		if (!d->active ||
		    strmap_get(&m->unit_ix, d->code, strlen(d->code), NULL))
			continue;
		m->res->units.deactivated++;
		rc = deactivate(s[S_OFF], d->id, m->now);
	}
	finalize_all(s, S_COUNT);
	free(ord);
	return rc;
}

/* The id of unit code: from units.csv when given, else the store. */
static int64_t unit_id(struct imp *m, const char *code)
{
	int64_t i;

	if (m->fname[F_UNITS])
		return strmap_get(&m->unit_ix, code, strlen(code), &i)
		           ? m->units.items[i].id
		           : 0;
	return strmap_get(&m->db_unit_ix, code, strlen(code), &i)
	           ? m->db_units.items[i].id
	           : 0;
}

static int bind_emp(store_stmt *s, int first, const struct emp_rec *e,
                    int64_t uid, int64_t now)
{
	int rc;

	if ((rc = bind_opt(s, first, e->nip)) ||
	    (rc = store_bind_text(s, first + 1, e->name, (size_t)-1)) ||
	    (rc = store_bind_text(s, first + 2, e->position, (size_t)-1)) ||
	    (rc = store_bind_int64(s, first + 3, uid)) ||
	    (rc = store_bind_text(s, first + 4, e->status, (size_t)-1)) ||
	    (rc = bind_opt(s, first + 5, e->sup)) ||
	    (rc = bind_opt(s, first + 6, e->extra)) ||
	    (rc = store_bind_int64(s, first + 7, now)))
		return rc;
	return 0;
}

static int write_emp(struct imp *m, store_stmt **st, struct emp_rec *e)
{
	int64_t uid = unit_id(m, e->unit_code), dbi;
	const struct db_emp *d = NULL;
	int rc;

	if (strmap_get(&m->db_emp_ix, e->key, strlen(e->key), &dbi))
		d = &m->db_emps.items[dbi];
	if (!d) {
		m->res->employees.added++;
		if ((rc = store_bind_text(st[S_INS], 1, e->key, (size_t)-1)) ||
		    (rc = bind_emp(st[S_INS], 2, e, uid, m->now)))
			return rc;
		return run(st[S_INS], &e->id);
	}
	e->id = d->id;
	if (d->active && d->unit_id == uid && same(d->nip, e->nip) &&
	    same(d->name, e->name) && same(d->position, e->position) &&
	    same(d->status, e->status) && same(d->sup, e->sup) &&
	    same(d->extra, e->extra)) {
		m->res->employees.unchanged++;
		return 0;
	}
	m->res->employees.updated++;
	if ((rc = bind_emp(st[S_UPD], 1, e, uid, m->now)) ||
	    (rc = store_bind_int64(st[S_UPD], 9, e->id)))
		return rc;
	return run(st[S_UPD], NULL);
}

static int write_emps(struct imp *m)
{
	static const char *const sql[S_COUNT] = {
	    "INSERT INTO employees (staff_key, nip, name, position, "
	    "unit_id, status, supervisor_key, extra, updated_at, active) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
	    "UPDATE employees SET nip = ?, name = ?, position = ?, "
	    "unit_id = ?, status = ?, supervisor_key = ?, extra = ?, "
	    "updated_at = ?, active = 1 WHERE id = ?",
	    "SELECT 1",
	    "UPDATE employees SET active = 0, updated_at = ? WHERE id = ?",
	};
	store_stmt *s[S_COUNT] = {NULL};
	size_t i;
	int rc = prepare_all(m->st, s, sql, S_COUNT);

	for (i = 0; rc == 0 && i < m->emps.len; i++)
		rc = write_emp(m, s, &m->emps.items[i]);
	for (i = 0; rc == 0 && i < m->db_emps.len; i++) {
		const struct db_emp *d = &m->db_emps.items[i];
		if (!d->active ||
		    strmap_get(&m->emp_ix, d->key, strlen(d->key), NULL))
			continue;
		m->res->employees.deactivated++;
		rc = deactivate(s[S_OFF], d->id, m->now);
	}
	finalize_all(s, S_COUNT);
	return rc;
}

/* The id of the employee with key: from employees.csv when given, else
 * the store. */
static int64_t emp_id(struct imp *m, const char *key)
{
	int64_t i;

	if (m->fname[F_EMPLOYEES])
		return strmap_get(&m->emp_ix, key, strlen(key), &i)
		           ? m->emps.items[i].id
		           : 0;
	return strmap_get(&m->db_emp_ix, key, strlen(key), &i)
	           ? m->db_emps.items[i].id
	           : 0;
}

static int write_acc(struct imp *m, store_stmt **st, const struct acc_rec *a)
{
	int64_t eid = emp_id(m, a->key), dbi;
	const struct db_acc *d = NULL;
	char key[160];
	size_t kn = registry_acc_key(key, sizeof(key), a->platform, a->handle);
	store_stmt *s;
	int rc;

	if (strmap_get(&m->db_acc_ix, key, kn, &dbi))
		d = &m->db_accs.items[dbi];
	else if (strmap_get(&m->db_old_ix, key, kn, &dbi)) {
		/* an old handle of a renamed account (warned when read):
		 * nothing changes, and the account stays listed */
		d = &m->db_accs.items[dbi];
		m->res->accounts.unchanged++;
		return strmap_put(&m->acc_ix, d->key, d->klen, 0);
	}
	if (d && d->active && d->employee_id == eid &&
	    same(d->extra, a->extra)) {
		m->res->accounts.unchanged++;
		return 0;
	}
	s = d ? st[S_UPD] : st[S_INS];
	if ((rc = store_bind_int64(s, 1, eid)) ||
	    (rc = bind_opt(s, 2, a->extra)) ||
	    (rc = store_bind_int64(s, 3, m->now)))
		return rc;
	if (d) {
		m->res->accounts.updated++;
		rc = store_bind_int64(s, 4, d->id);
	} else {
		m->res->accounts.added++;
		if (!(rc = store_bind_text(s, 4, a->platform, (size_t)-1)))
			rc = store_bind_text(s, 5, a->handle, (size_t)-1);
	}
	return rc ? rc : run(s, NULL);
}

static int acc_listed(struct imp *m, const struct db_acc *d)
{
	return strmap_get(&m->acc_ix, d->key, d->klen, NULL);
}

static int write_accs(struct imp *m)
{
	static const char *const sql[S_COUNT] = {
	    "INSERT INTO accounts (employee_id, extra, updated_at, "
	    "platform, handle, active) VALUES (?, ?, ?, ?, ?, 1)",
	    "UPDATE accounts SET employee_id = ?, extra = ?, "
	    "updated_at = ?, active = 1 WHERE id = ?",
	    "SELECT 1",
	    "UPDATE accounts SET active = 0, updated_at = ? WHERE id = ?",
	};
	store_stmt *s[S_COUNT] = {NULL};
	size_t i;
	int rc = prepare_all(m->st, s, sql, S_COUNT);

	for (i = 0; rc == 0 && i < m->accs.len; i++)
		rc = write_acc(m, s, &m->accs.items[i]);
	for (i = 0; rc == 0 && i < m->db_accs.len; i++) {
		const struct db_acc *d = &m->db_accs.items[i];
		if (!d->active || acc_listed(m, d))
			continue;
		m->res->accounts.deactivated++;
		rc = deactivate(s[S_OFF], d->id, m->now);
	}
	finalize_all(s, S_COUNT);
	return rc;
}

/* Accounts of staff now inactive are no longer watched: deactivates
 * them even when no accounts file was given. */
static int cascade_accounts(struct imp *m)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(&s, m->st,
	                   "UPDATE accounts SET active = 0, updated_at = ? "
	                   "WHERE active = 1 AND employee_id IN "
	                   "(SELECT id FROM employees WHERE active = 0) "
	                   "RETURNING id");
	if (rc == 0)
		rc = store_bind_int64(s, 1, m->now);
	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		m->res->accounts.deactivated++;
		rc = 0;
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

static int put_count(struct sbuf *b, const char *name,
                     const struct netra_registry_count *c)
{
	return sbuf_printf(b,
	                   ",\"%s\":{\"added\":%zu,\"updated\":%zu,"
	                   "\"unchanged\":%zu,\"deactivated\":%zu}",
	                   name, c->added, c->updated, c->unchanged,
	                   c->deactivated);
}

/* The audit detail: files imported and the counts, as JSON. */
static int audit_detail(struct imp *m, struct sbuf *b)
{
	static const char *const names[F_COUNT] = {"units", "employees",
	                                           "accounts"};
	int f, rc = sbuf_puts(b, "{\"files\":{");

	for (f = 0; rc == 0 && f < F_COUNT; f++) {
		if (!m->fname[f])
			continue;
		if (b->data[b->len - 1] != '{')
			rc = sbuf_putc(b, ',');
		if (rc == 0)
			rc = sbuf_printf(b, "\"%s\":", names[f]);
		if (rc == 0)
			rc = sbuf_json_str(b, m->fname[f], strlen(m->fname[f]));
	}
	if (rc == 0)
		rc = sbuf_putc(b, '}');
	if (rc == 0)
		rc = put_count(b, "units", &m->res->units);
	if (rc == 0)
		rc = put_count(b, "employees", &m->res->employees);
	if (rc == 0)
		rc = put_count(b, "accounts", &m->res->accounts);
	if (rc == 0 && civil_clock_is_test()) /* see workflow/audit.c */
		rc = sbuf_puts(b, ",\"clock\":\"test\"");
	return rc ? rc : sbuf_putc(b, '}');
}

static int write_audit(struct imp *m)
{
	struct sbuf b = SBUF_INIT;
	store_stmt *s = NULL;
	const char *actor =
	    m->o->actor && *m->o->actor ? m->o->actor : "system";
	int rc = audit_detail(m, &b);

	if (rc == 0)
		rc = store_prepare(&s, m->st,
		                   "INSERT INTO audit_log (at, actor, action, "
		                   "object, detail) VALUES (?, ?, "
		                   "'registry.import', 'registry', ?)");
	if (rc == 0 && !(rc = store_bind_int64(s, 1, m->now)) &&
	    !(rc = store_bind_text(s, 2, actor, (size_t)-1)) &&
	    !(rc = store_bind_text(s, 3, b.data, b.len)))
		rc = run(s, NULL);
	store_finalize(s);
	sbuf_free(&b);
	return rc;
}

int registry_write(struct imp *m)
{
	int rc = 0;

	if (m->fname[F_UNITS])
		rc = write_units(m);
	if (rc == 0 && m->fname[F_EMPLOYEES])
		rc = write_emps(m);
	if (rc == 0 && m->fname[F_ACCOUNTS])
		rc = write_accs(m);
	if (rc == 0 && m->fname[F_EMPLOYEES])
		rc = cascade_accounts(m);
	if (rc == 0)
		rc = write_audit(m);
	return rc;
}
