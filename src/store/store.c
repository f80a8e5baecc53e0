/*
 * store/store.c - backend selection and the thin dispatch from the
 * store_* calls of store.h to the backend's store_ops, plus the few
 * helpers built on them (transactions, one-integer queries).
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

struct store_stmt_hdr {
	const struct store_ops *ops;
};

/* Every backend's statement starts with a pointer to its ops. */
#define OPS(s) (((struct store_stmt_hdr *)(void *)(s))->ops)

static const struct store_ops *backend_for(const char *location)
{
	if (strncmp(location, "postgres://", 11) == 0 ||
	    strncmp(location, "postgresql://", 13) == 0)
		return &store_postgres_ops;
	return &store_sqlite_ops;
}

int netra_store_open(netra_store **out, const char *location)
{
	const struct store_ops *ops;
	int rc;

	*out = NULL;
	if (!location || !*location)
		return err_set(NETRA_EINVALID, "empty store location");
	ops = backend_for(location);
	if ((rc = ops->open(out, location)))
		return rc;
	/* an in-memory database has no second connection */
	if (strcmp(location, ":memory:") == 0)
		return 0;
	if (!((*out)->location = strdup(location))) {
		ops->close(*out);
		*out = NULL;
		return err_oom();
	}
	return 0;
}

int store_open_again(netra_store **out, netra_store *st)
{
	*out = NULL;
	if (!st->location)
		return err_set(NETRA_EINVALID, "store location not known");
	return netra_store_open(out, st->location);
}

void netra_store_close(netra_store *st)
{
	if (st) {
		free(st->location);
		st->location = NULL;
		st->ops->close(st);
	}
}

int netra_store_schema_version(netra_store *st, int *out)
{
	int64_t v = 0;
	int rc = store_query_int64(&v, st,
				   "SELECT COALESCE(MAX(version), 0) FROM "
				   "schema_migrations",
				   NULL, 0);

	*out = (int)v;
	return rc;
}

int store_exec(netra_store *st, const char *sql)
{
	return st->ops->exec(st, sql);
}

int store_prepare(store_stmt **out, netra_store *st, const char *sql)
{
	*out = NULL;
	return st->ops->prepare(out, st, sql);
}

int store_bind_int64(store_stmt *s, int idx, int64_t v)
{
	return OPS(s)->bind_int64(s, idx, v);
}

int store_bind_double(store_stmt *s, int idx, double v)
{
	return OPS(s)->bind_double(s, idx, v);
}

int store_bind_text(store_stmt *s, int idx, const char *p, size_t n)
{
	if (!p)
		return OPS(s)->bind_null(s, idx);
	if (n == (size_t)-1)
		n = strlen(p);
	return OPS(s)->bind_text(s, idx, p, n);
}

int store_bind_text_ref(store_stmt *s, int idx, const char *p, size_t n)
{
	if (!p)
		return OPS(s)->bind_null(s, idx);
	if (n == (size_t)-1)
		n = strlen(p);
	if (!OPS(s)->bind_text_ref)
		return OPS(s)->bind_text(s, idx, p, n);
	return OPS(s)->bind_text_ref(s, idx, p, n);
}

int store_bind_blob(store_stmt *s, int idx, const void *p, size_t n)
{
	if (!p)
		return OPS(s)->bind_null(s, idx);
	return OPS(s)->bind_blob(s, idx, p, n);
}

int store_bind_null(store_stmt *s, int idx)
{
	return OPS(s)->bind_null(s, idx);
}

int store_step(store_stmt *s)
{
	return OPS(s)->step(s);
}

int store_column_count(store_stmt *s)
{
	return OPS(s)->column_count(s);
}

int store_column_is_null(store_stmt *s, int col)
{
	return OPS(s)->column_is_null(s, col);
}

int64_t store_column_int64(store_stmt *s, int col)
{
	return OPS(s)->column_int64(s, col);
}

double store_column_double(store_stmt *s, int col)
{
	return OPS(s)->column_double(s, col);
}

const char *store_column_text(store_stmt *s, int col, size_t *len)
{
	return OPS(s)->column_text(s, col, len);
}

const void *store_column_blob(store_stmt *s, int col, size_t *len)
{
	return OPS(s)->column_blob(s, col, len);
}

int64_t store_changes(store_stmt *s)
{
	return OPS(s)->changes(s);
}

int store_batch_rows(netra_store *st)
{
	return st->ops->batch_rows > 0 ? st->ops->batch_rows : 1;
}

int store_read_through(netra_store *st)
{
	return st->ops->read_through ? st->ops->read_through(st) : 0;
}

int store_bulk_load(netra_store *st, int on)
{
	return st->ops->bulk_load ? st->ops->bulk_load(st, on) : 0;
}

int store_reset(store_stmt *s)
{
	return OPS(s)->reset(s);
}

void store_finalize(store_stmt *s)
{
	if (s)
		OPS(s)->finalize(s);
}

int store_begin(netra_store *st)
{
	int rc;

	if (st->tx_depth++ > 0)
		return 0;
	rc = st->ops->exec(st, "BEGIN");
	if (rc)
		st->tx_depth = 0;
	return rc;
}

int store_begin_write(netra_store *st)
{
	int rc;

	if (st->tx_depth++ > 0)
		return 0;
	rc = st->ops->exec(st, st->ops->begin_write_sql);
	if (rc)
		st->tx_depth = 0;
	return rc;
}

const char *store_lock_skip(netra_store *st)
{
	return st->ops->lock_skip_sql ? st->ops->lock_skip_sql : "";
}

int store_commit(netra_store *st)
{
	int rc;

	if (st->tx_depth <= 0)
		return err_set(NETRA_ERROR, "commit without a transaction");
	if (--st->tx_depth > 0)
		return 0;
	rc = st->ops->exec(st, "COMMIT");
	if (rc)
		st->ops->exec(st, "ROLLBACK");
	return rc;
}

int store_rollback(netra_store *st)
{
	if (st->tx_depth <= 0)
		return 0;
	st->tx_depth = 0;
	return st->ops->exec(st, "ROLLBACK");
}

int store_query_int64(int64_t *out, netra_store *st, const char *sql,
		      const char *const *args, int nargs)
{
	store_stmt *s = NULL;
	int rc, i;

	*out = 0;
	rc = store_prepare(&s, st, sql);
	for (i = 0; rc == 0 && i < nargs; i++)
		rc = store_bind_text(s, i + 1, args[i], (size_t)-1);
	if (rc)
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW) {
		*out = store_column_int64(s, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(NETRA_ENOTFOUND, "query returned no row");
	}
done:
	store_finalize(s);
	return rc;
}

int store_meta_get(char **out, netra_store *st, const char *key)
{
	store_stmt *s = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_prepare(&s, st, "SELECT value FROM meta WHERE key = ?")) ||
	    (rc = store_bind_text(s, 1, key, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW) {
		*out = strdup(store_column_text(s, 0, NULL));
		rc = *out ? 0 : err_oom();
	}
done:
	store_finalize(s);
	return rc < 0 ? rc : 0;
}
