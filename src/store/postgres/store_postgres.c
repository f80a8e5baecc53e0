/*
 * store/postgres/store_postgres.c - the PostgreSQL backend of the store
 * (libpq), for deployments where several netra processes on several
 * machines share one database. Selected by a postgres:// or postgresql://
 * location (store.c). Implements struct store_ops over the same portable
 * SQL as the SQLite backend (store.h): `?` placeholders are rewritten to
 * $1..$n, statements are prepared on the server once per connection and
 * kept in a small cache, results are read whole in text format.
 *
 * Two SQLite habits need help here:
 *  - in PostgreSQL any error aborts the whole transaction, while the code
 *    above relies on a failed statement (a unique violation in one row of a
 *    batch) leaving the transaction usable. Inside a transaction every
 *    statement that writes runs under a savepoint, rolled back to on error,
 *    so a failed row costs that row only (store.h: nested transactions);
 *    statements with ON CONFLICT, which resolve their own duplicates, run
 *    without one.
 *  - SQLite infers nothing and converts freely; PostgreSQL types every
 *    parameter at prepare time. Integers and doubles are sent typed (int8,
 *    float8), blobs as binary bytea, text as `unknown` so the server types
 *    it from its context (a text bound against an integer column is read as
 *    that integer, as SQLite's affinity does).
 *
 * Results: a statement's rows are fetched whole by its first step (every
 * query that can return many rows pages with LIMIT), so statements may be
 * interleaved freely, as with SQLite.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/migration.h"
#include "store/store.h"
#include "util/error.h"
#include "util/sbuf.h"

#define PG_STMT_CACHE 128 /* prepared statements kept per connection */
/* The protocol's limit on a statement's parameters (a 16-bit count):
 * multi-row INSERTs (ingest, store_batch_rows) bind thousands. */
#define PG_MAX_PARAMS 65535

/* Parameter type OIDs (catalog/pg_type.h, stable since PostgreSQL 7). */
#define OID_UNKNOWN 0
#define OID_BYTEA   17
#define OID_INT8    20
#define OID_FLOAT8  701

/* One prepared statement on the server: SQL plus parameter types. */
struct pg_prepared {
	char *key;  /* rewritten SQL, '\0', one type letter per parameter */
	size_t keylen;
	char name[16];
};

struct pg_store {
	struct netra_store base; /* must be first */
	PGconn *conn;
	struct pg_prepared cache[PG_STMT_CACHE]; /* most recently used last */
	int ncache;
	unsigned long next_name;
	int savepoints; /* counter for unique savepoint names */
};

struct pg_param {
	char type; /* 'n' null, 'i' int8, 'd' float8, 't' text, 'b' bytea */
	char *val; /* owned copy (or NULL for null) */
	size_t len;
	char num[32];
};

struct store_stmt {
	const struct store_ops *ops; /* must be first (see store.c) */
	struct pg_store *st;
	char *sql;     /* with $n placeholders */
	int nparams;
	int writes;    /* INSERT/UPDATE/DELETE: runs under a savepoint */
	struct pg_param *params; /* nparams of them */
	/* PQexecPrepared's arrays and the parameter types, nparams each,
	 * allocated with the statement so an execution allocates nothing. */
	const char **values;
	int *lengths, *formats;
	Oid *types;
	PGresult *res; /* rows of the current execution, or NULL */
	int row;       /* next row to return; -1 before the first step */
	int done;
	/* Decoded bytea values of the current row, one slot per column, so
	 * that several blob columns of one row are valid at once (store.h:
	 * until the next step, reset or finalize). */
	unsigned char **blobs;
	int nblobs;
};

extern const struct store_ops store_postgres_ops;

static void pg_finalize(store_stmt *s);

/* Sets the error from a failed result or the connection. Unique and other
 * integrity violations (SQLSTATE class 23) map to NETRA_EEXISTS like
 * SQLite's SQLITE_CONSTRAINT. */
static int pg_error(struct pg_store *st, const PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorMessage(res) : NULL;
	int code = state && strncmp(state, "23", 2) == 0 ? NETRA_EEXISTS
							 : NETRA_EIO;
	size_t n;

	if (!msg || !*msg)
		msg = PQerrorMessage(st->conn);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	return err_set(code, "%s: postgres: %.*s", what, (int)n, msg);
}

static int pg_exec(netra_store *base, const char *sql)
{
	struct pg_store *st = (struct pg_store *)base;
	PGresult *res = PQexec(st->conn, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_error(st, res, "exec");
	PQclear(res);
	return rc;
}

/* Rewrites `?` placeholders outside quotes to $1..$n. *out is malloc'd. */
static int rewrite_placeholders(char **out, int *nparams, const char *sql)
{
	struct sbuf b = SBUF_INIT;
	char quote = 0;
	int n = 0, rc = 0;
	const char *p;

	*out = NULL;
	for (p = sql; *p && rc == 0; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			rc = sbuf_putc(&b, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			rc = sbuf_putc(&b, *p);
		} else if (*p == '?') {
			rc = sbuf_printf(&b, "$%d", ++n);
		} else {
			rc = sbuf_putc(&b, *p);
		}
	}
	if (rc == 0 && n > PG_MAX_PARAMS)
		rc = err_set(NETRA_EINVALID, "statement has %d parameters "
			     "(at most %d)", n, PG_MAX_PARAMS);
	if (rc) {
		sbuf_free(&b);
		return rc;
	}
	*nparams = n;
	*out = sbuf_detach(&b);
	return *out ? 0 : err_oom();
}

static int is_write(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t')
		sql++;
	return strncasecmp(sql, "INSERT", 6) == 0 ||
	       strncasecmp(sql, "UPDATE", 6) == 0 ||
	       strncasecmp(sql, "DELETE", 6) == 0 ||
	       strncasecmp(sql, "WITH", 4) == 0;
}

/* ------------------------------------------------------------------ */
/* Migrations                                                           */

/* Applies every embedded migration not yet recorded, in order, each in its
 * own transaction under an advisory lock so concurrent openers serialise. */
static int migrate(struct pg_store *st)
{
	size_t i;
	int rc;

	rc = pg_exec(&st->base, "CREATE TABLE IF NOT EXISTS schema_migrations ("
				" version INTEGER PRIMARY KEY,"
				" name TEXT NOT NULL,"
				" applied_at BIGINT NOT NULL)");
	for (i = 0; rc == 0 && i < store_postgres_migration_count; i++) {
		const struct store_migration *m = &store_postgres_migrations[i];
		char q[160];
		PGresult *res;
		int have;

		if ((rc = pg_exec(&st->base, "BEGIN;"
				  "SELECT pg_advisory_xact_lock(7261871)")))
			break;
		snprintf(q, sizeof(q),
			 "SELECT 1 FROM schema_migrations WHERE version = %d",
			 m->version);
		res = PQexec(st->conn, q);
		have = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			rc = pg_error(st, res, "schema version");
		PQclear(res);
		if (rc == 0 && !have) {
			snprintf(q, sizeof(q),
				 "INSERT INTO schema_migrations VALUES "
				 "(%d, '%s', %lld)", m->version, m->name,
				 (long long)time(NULL));
			if ((rc = pg_exec(&st->base, m->sql)) ||
			    (rc = pg_exec(&st->base, q)))
				err_wrap(rc, "migration %03d_%s", m->version,
					 m->name);
		}
		if (rc == 0)
			rc = pg_exec(&st->base, "COMMIT");
		else
			pg_exec(&st->base, "ROLLBACK");
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Open and close                                                       */

static void pg_close(netra_store *base)
{
	struct pg_store *st = (struct pg_store *)base;
	int i;

	for (i = 0; i < st->ncache; i++)
		free(st->cache[i].key);
	PQfinish(st->conn);
	free(st);
}

/* Keeps libpq's notices (e.g. "relation already exists, skipping") off
 * stderr: errors reach the caller through the result, never as notices. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_open(netra_store **out, const char *location)
{
	struct pg_store *st = calloc(1, sizeof(*st));
	int rc;

	if (!st)
		return err_oom();
	st->base.ops = &store_postgres_ops;
	st->conn = PQconnectdb(location);
	if (!st->conn || PQstatus(st->conn) != CONNECTION_OK) {
		rc = err_set(NETRA_EIO, "cannot connect: %s",
			     st->conn ? PQerrorMessage(st->conn) : "no memory");
		goto fail;
	}
	PQsetNoticeProcessor(st->conn, quiet_notice, NULL);
	rc = pg_exec(&st->base, "SET client_encoding = 'UTF8';"
				"SET TIME ZONE 'UTC'");
	if (rc || (rc = migrate(st)))
		goto fail;
	*out = &st->base;
	return 0;
fail:
	pg_close(&st->base);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Statements                                                           */

static int pg_prepare(store_stmt **out, netra_store *base, const char *sql)
{
	struct pg_store *st = (struct pg_store *)base;
	store_stmt *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return err_oom();
	s->ops = &store_postgres_ops;
	s->st = st;
	s->row = -1;
	if ((rc = rewrite_placeholders(&s->sql, &s->nparams, sql))) {
		free(s);
		return rc;
	}
	if (s->nparams &&
	    (!(s->params = calloc((size_t)s->nparams, sizeof(*s->params))) ||
	     !(s->values = calloc((size_t)s->nparams, sizeof(*s->values))) ||
	     !(s->lengths = calloc((size_t)s->nparams, sizeof(int))) ||
	     !(s->formats = calloc((size_t)s->nparams, sizeof(int))) ||
	     !(s->types = calloc((size_t)s->nparams, sizeof(Oid))))) {
		pg_finalize(s);
		return err_oom();
	}
	/* A write that resolves its own conflicts (ON CONFLICT) needs no
	 * savepoint: a unique violation cannot fail it, and any other error
	 * (a foreign key, NOT NULL) fails the batch anyway. Skipping it saves
	 * two round trips per row in ingest and scan. */
	s->writes = is_write(sql) && !strstr(sql, "ON CONFLICT");
	*out = s;
	return 0;
}

/* Frees the decoded blobs of the current row. */
static void clear_blobs(store_stmt *s)
{
	int i;

	for (i = 0; i < s->nblobs; i++) {
		PQfreemem(s->blobs[i]);
		s->blobs[i] = NULL;
	}
}

static void clear_result(store_stmt *s)
{
	clear_blobs(s);
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->done = 0;
}

static void clear_params(store_stmt *s)
{
	int i;

	for (i = 0; s->params && i < s->nparams; i++) {
		free(s->params[i].val);
		memset(&s->params[i], 0, sizeof(s->params[i]));
	}
}

static struct pg_param *param(store_stmt *s, int idx)
{
	struct pg_param *p;

	if (idx < 1 || idx > s->nparams) {
		err_set(NETRA_EINVALID, "bind: no parameter %d", idx);
		return NULL;
	}
	clear_result(s);
	p = &s->params[idx - 1];
	free(p->val);
	memset(p, 0, sizeof(*p));
	return p;
}

static int pg_bind_int64(store_stmt *s, int idx, int64_t v)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return NETRA_EINVALID;
	p->type = 'i';
	p->len = (size_t)snprintf(p->num, sizeof(p->num), "%lld",
				  (long long)v);
	return 0;
}

static int pg_bind_double(store_stmt *s, int idx, double v)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return NETRA_EINVALID;
	p->type = 'd';
	p->len = (size_t)snprintf(p->num, sizeof(p->num), "%.17g", v);
	return 0;
}

static int bind_bytes(store_stmt *s, int idx, char type, const void *v,
		      size_t n)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return NETRA_EINVALID;
	p->type = type;
	p->val = malloc(n + 1);
	if (!p->val)
		return err_oom();
	memcpy(p->val, v, n);
	p->val[n] = '\0';
	p->len = n;
	return 0;
}

static int pg_bind_text(store_stmt *s, int idx, const char *v, size_t n)
{
	if (memchr(v, '\0', n))
		return err_set(NETRA_EINVALID, "bind: text holds a NUL byte");
	return bind_bytes(s, idx, 't', v, n);
}

static int pg_bind_blob(store_stmt *s, int idx, const void *v, size_t n)
{
	return bind_bytes(s, idx, 'b', v ? v : "", n);
}

static int pg_bind_null(store_stmt *s, int idx)
{
	struct pg_param *p = param(s, idx);

	if (!p)
		return NETRA_EINVALID;
	p->type = 'n';
	return 0;
}

/* The server type of a parameter bound as type (see struct pg_param). */
static Oid param_oid(char type)
{
	switch (type) {
	case 'i': return OID_INT8;
	case 'd': return OID_FLOAT8;
	case 'b': return OID_BYTEA;
	default: return OID_UNKNOWN;
	}
}

/* Normalised type letter of a bound parameter: everything the server
 * types from context (text, null, unbound) is 't'. */
static char type_letter(char type)
{
	return param_oid(type) == OID_UNKNOWN ? 't' : type;
}

/* Drops the least recently used server statement from a full cache. */
static void cache_evict(struct pg_store *st)
{
	char q[40];

	snprintf(q, sizeof(q), "DEALLOCATE %s", st->cache[0].name);
	pg_exec(&st->base, q);
	free(st->cache[0].key);
	memmove(&st->cache[0], &st->cache[1],
		(PG_STMT_CACHE - 1) * sizeof(st->cache[0]));
	st->ncache--;
}

/* Finds or prepares the server statement for s's SQL and parameter types
 * (the cache key is the SQL, a NUL, then one type letter per parameter);
 * the name goes to *name, which points into the cache. */
static int prepared_name(const char **name, store_stmt *s)
{
	struct pg_store *st = s->st;
	size_t sqllen = strlen(s->sql), keylen = sqllen + 1 + (size_t)s->nparams;
	Oid *types = s->types;
	struct pg_prepared e;
	PGresult *res;
	int i, rc = 0;

	memset(&e, 0, sizeof(e));
	if (!(e.key = malloc(keylen)))
		return err_oom();
	memcpy(e.key, s->sql, sqllen + 1);
	for (i = 0; i < s->nparams; i++) {
		e.key[sqllen + 1 + i] = type_letter(s->params[i].type);
		types[i] = param_oid(s->params[i].type);
	}
	e.keylen = keylen;
	for (i = st->ncache - 1; i >= 0; i--) {
		struct pg_prepared *c = &st->cache[i];
		if (c->keylen != keylen || memcmp(c->key, e.key, keylen) != 0)
			continue;
		free(e.key);
		e = *c; /* move to the most recently used end */
		memmove(c, c + 1, (size_t)(st->ncache - i - 1) * sizeof(*c));
		st->cache[st->ncache - 1] = e;
		*name = st->cache[st->ncache - 1].name;
		return 0;
	}
	snprintf(e.name, sizeof(e.name), "netra%lu", ++st->next_name);
	res = PQprepare(st->conn, e.name, s->sql, s->nparams, types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(st, res, "prepare");
	PQclear(res);
	if (rc) {
		free(e.key);
		return rc;
	}
	if (st->ncache == PG_STMT_CACHE)
		cache_evict(st);
	st->cache[st->ncache++] = e;
	*name = st->cache[st->ncache - 1].name;
	return 0;
}

/* Runs a savepoint command inside the current transaction. */
static int savepoint(struct pg_store *st, const char *verb, int n)
{
	char q[64];

	snprintf(q, sizeof(q), "%s netra_sp%d", verb, n);
	return pg_exec(&st->base, q);
}

static int execute(store_stmt *s)
{
	struct pg_store *st = s->st;
	const char **values = s->values;
	int *lengths = s->lengths, *formats = s->formats;
	const char *name = NULL;
	ExecStatusType status;
	int i, rc, sp = 0;

	for (i = 0; i < s->nparams; i++) {
		struct pg_param *p = &s->params[i];
		values[i] = p->type == 'i' || p->type == 'd' ? p->num
			  : p->type == 'n' || !p->type	     ? NULL
							     : p->val;
		lengths[i] = (int)p->len;
		formats[i] = p->type == 'b';
	}
	if ((rc = prepared_name(&name, s)))
		return rc;
	if (s->writes && st->base.tx_depth > 0) {
		sp = ++st->savepoints;
		if ((rc = savepoint(st, "SAVEPOINT", sp)))
			return rc;
	}
	s->res = PQexecPrepared(st->conn, name, s->nparams, values, lengths,
				formats, 0);
	status = PQresultStatus(s->res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		rc = pg_error(st, s->res, "step");
		clear_result(s);
		if (sp)
			savepoint(st, "ROLLBACK TO SAVEPOINT", sp);
		return rc;
	}
	if (sp)
		rc = savepoint(st, "RELEASE SAVEPOINT", sp);
	s->row = 0;
	return rc;
}

static int pg_step(store_stmt *s)
{
	int rc;

	if (s->done)
		return STORE_DONE;
	clear_blobs(s);
	if (!s->res && (rc = execute(s)))
		return rc;
	if (s->row < PQntuples(s->res))
		return s->row++, STORE_ROW;
	s->done = 1;
	return STORE_DONE;
}

/* The current row (the one the last step returned). */
#define CUR(s) ((s)->row - 1)

static int pg_column_count(store_stmt *s)
{
	return s->res ? PQnfields(s->res) : 0;
}

static int pg_column_is_null(store_stmt *s, int col)
{
	return !s->res || PQgetisnull(s->res, CUR(s), col);
}

static int64_t pg_column_int64(store_stmt *s, int col)
{
	const char *v;

	if (pg_column_is_null(s, col))
		return 0;
	v = PQgetvalue(s->res, CUR(s), col);
	if (v[0] == 't' && v[1] == '\0')
		return 1; /* a boolean expression, as SQLite's 0/1 */
	if (v[0] == 'f' && v[1] == '\0')
		return 0;
	return strtoll(v, NULL, 10);
}

static double pg_column_double(store_stmt *s, int col)
{
	if (pg_column_is_null(s, col))
		return 0;
	return strtod(PQgetvalue(s->res, CUR(s), col), NULL);
}

static const char *pg_column_text(store_stmt *s, int col, size_t *len)
{
	if (pg_column_is_null(s, col)) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = (size_t)PQgetlength(s->res, CUR(s), col);
	return PQgetvalue(s->res, CUR(s), col);
}

static const void *pg_column_blob(store_stmt *s, int col, size_t *len)
{
	const char *v;
	size_t n = 0;

	if (len)
		*len = 0;
	if (pg_column_is_null(s, col))
		return NULL;
	v = PQgetvalue(s->res, CUR(s), col);
	if (PQftype(s->res, col) != OID_BYTEA) {
		if (len)
			*len = (size_t)PQgetlength(s->res, CUR(s), col);
		return v;
	}
	if (col >= s->nblobs) {
		int want = PQnfields(s->res);
		unsigned char **b = realloc(s->blobs, (size_t)want * sizeof(*b));
		if (!b)
			return NULL;
		memset(b + s->nblobs, 0,
		       (size_t)(want - s->nblobs) * sizeof(*b));
		s->blobs = b;
		s->nblobs = want;
	}
	PQfreemem(s->blobs[col]);
	s->blobs[col] = PQunescapeBytea((const unsigned char *)v, &n);
	if (s->blobs[col] && len)
		*len = n;
	return s->blobs[col];
}

static int64_t pg_changes(store_stmt *s)
{
	const char *n = s->res ? PQcmdTuples(s->res) : "";

	return *n ? strtoll(n, NULL, 10) : 0;
}

static int pg_reset(store_stmt *s)
{
	clear_result(s);
	clear_params(s);
	return 0;
}

static void pg_finalize(store_stmt *s)
{
	clear_result(s);
	clear_params(s);
	free(s->params);
	free(s->values);
	free(s->lengths);
	free(s->formats);
	free(s->types);
	free(s->blobs);
	free(s->sql);
	free(s);
}

const struct store_ops store_postgres_ops = {
	.name = "postgres",
	/* READ COMMITTED with row locks taken by the statements themselves
	 * (FOR UPDATE, ON CONFLICT); there is no database-wide write lock. */
	.begin_write_sql = "BEGIN",
	.lock_skip_sql = " FOR UPDATE SKIP LOCKED",
	/* ingest's events per INSERT: 256 x 14 parameters */
	.batch_rows = 256,
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_text_ref = NULL, /* libpq reads text up to a NUL: copied */
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_count = pg_column_count,
	.column_is_null = pg_column_is_null,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.column_blob = pg_column_blob,
	.changes = pg_changes,
	.reset = pg_reset,
	.finalize = pg_finalize,
};
