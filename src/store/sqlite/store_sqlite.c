/*
 * store/sqlite/store_sqlite.c - the embedded SQLite backend of the store:
 * one file in WAL mode with foreign keys on, migrated at open from the
 * embedded migrations (store/migration.h). Implements struct store_ops.
 * A new store file is created mode 0600 (its -wal and -shm follow).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/migration.h"
#include "store/sqlite/lock_holder.h"
#include "store/store.h"
#include "util/error.h"

/* Statements finalized by their callers are kept, reset, for the next
 * prepare of the same SQL: the workflow prepares the same few statements
 * for every finding, and compiling SQL costs far more than running it. */
#define STMT_CACHE 64

struct sqlite_store {
	struct netra_store base; /* must be first */
	sqlite3 *db;
	char *path;
	sqlite3_stmt *cache[STMT_CACHE]; /* idle statements, oldest first */
	int ncache;
};

struct store_stmt {
	const struct store_ops *ops; /* must be first (see store.c) */
	struct sqlite_store *st;
	sqlite3_stmt *stmt;
	/* A one-row INSERT ... RETURNING id run without its RETURNING (see
	 * rowid_returning): 1 once prepared so, 2 while its row (id) is
	 * current, 3 after it. */
	int rowid_ret;
	int64_t id;
	char idtext[24];
};

/* " RETURNING id" ends the SQL of one-row INSERTs whose new row id the
 * caller wants (ingest per event, scan per verdict). SQLite answers
 * RETURNING through a temporary table filled by a trigger-like program,
 * which measured a third of the insert's cost; for an INSERT of one row
 * (VALUES with one tuple, no DO UPDATE) into a table whose id is its
 * rowid, the same answer is sqlite3_changes() == 1 and
 * sqlite3_last_insert_rowid() once the statement is done (the trigger's
 * inserts do not count in either). Returns the length of sql without the
 * clause when it is such an INSERT, else 0. */
static size_t rowid_returning(sqlite3 *db, const char *sql)
{
	static const char tail[] = " RETURNING id";
	const char *values = strstr(sql, " VALUES ("), *t;
	size_t n = strlen(sql), tl = sizeof(tail) - 1, k;
	char table[64];
	const char *type = NULL;
	int pk = 0;

	if (n <= tl || strcmp(sql + n - tl, tail) != 0 ||
	    strncmp(sql, "INSERT INTO ", 12) != 0 || !values ||
	    strstr(sql, "), (") || strstr(sql, "DO UPDATE") ||
	    strstr(sql, "SELECT"))
		return 0;
	t = sql + 12;
	for (k = 0; k < sizeof(table) - 1 && (isalnum((unsigned char)t[k]) ||
	                                       t[k] == '_');
	     k++)
		table[k] = t[k];
	table[k] = '\0';
	if (k == 0 ||
	    sqlite3_table_column_metadata(db, NULL, table, "id", &type, NULL,
	                                  NULL, &pk, NULL) != SQLITE_OK ||
	    !pk || !type || sqlite3_stricmp(type, "INTEGER") != 0)
		return 0;
	return n - tl;
}


/* How long a statement waits for another writer's lock before it gives
 * up with "the store is locked" (store_sqlite_busy_error): 10 s, or
 * $NETRA_BUSY_TIMEOUT seconds (0..3600). */
#define BUSY_TIMEOUT_MS busy_timeout_ms()

static int busy_timeout_ms(void)
{
	const char *env = getenv("NETRA_BUSY_TIMEOUT");
	char *end;
	long v;

	if (!env || !*env)
		return 10000;
	v = strtol(env, &end, 10);
	return *end || v < 0 || v > 3600 ? 10000 : (int)v * 1000;
}

static int is_busy(int code)
{
	return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}

static int db_error(sqlite3 *db, const char *what)
{
	int code = sqlite3_errcode(db), ext = code & 0xff;

	if (is_busy(code))
		return store_sqlite_busy_error(
		    what, sqlite3_db_filename(db, "main"), BUSY_TIMEOUT_MS);
	return err_set(ext == SQLITE_CONSTRAINT ? NETRA_EEXISTS : NETRA_EIO,
		       "%s: %s", what, sqlite3_errmsg(db));
}

static int s_exec(netra_store *base, const char *sql)
{
	struct sqlite_store *st = (struct sqlite_store *)base;
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK && is_busy(rc)) {
		sqlite3_free(msg);
		return store_sqlite_busy_error("sqlite",
		                               sqlite3_db_filename(st->db, "main"),
		                               BUSY_TIMEOUT_MS);
	}
	if (rc != SQLITE_OK) {
		rc = err_set((rc & 0xff) == SQLITE_CONSTRAINT ? NETRA_EEXISTS
							       : NETRA_EIO,
			     "sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* 1 in *out if migration version was applied, else 0. */
static int is_applied(struct sqlite_store *st, int version, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc;

	*out = 0;
	rc = s_exec(&st->base, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			       " version INTEGER PRIMARY KEY,"
			       " name TEXT NOT NULL,"
			       " applied_at INTEGER NOT NULL)");
	if (rc)
		return rc;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT 1 FROM schema_migrations WHERE version = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(st->db, "schema version");
	sqlite3_bind_int(s, 1, version);
	*out = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return 0;
}

static int record_version(struct sqlite_store *st,
			  const struct store_migration *m)
{
	sqlite3_stmt *s = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO schema_migrations(version, name, applied_at)"
			       " VALUES (?, ?, ?)", -1, &s, NULL) != SQLITE_OK)
		return db_error(st->db, "record migration");
	sqlite3_bind_int(s, 1, m->version);
	sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)time(NULL));
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st->db, "record migration");
	sqlite3_finalize(s);
	return rc;
}

/* Applies every embedded migration not yet recorded, in order, each in its
 * own IMMEDIATE transaction so concurrent openers serialise. */
static int migrate(struct sqlite_store *st)
{
	size_t i;
	int have, rc;

	for (i = 0; i < store_sqlite_migration_count; i++) {
		const struct store_migration *m = &store_sqlite_migrations[i];
		if ((rc = s_exec(&st->base, "BEGIN IMMEDIATE")))
			return rc;
		if ((rc = is_applied(st, m->version, &have)))
			goto fail;
		if (have) {
			s_exec(&st->base, "COMMIT");
			continue;
		}
		if ((rc = s_exec(&st->base, m->sql)) ||
		    (rc = record_version(st, m))) {
			err_wrap(rc, "migration %03d_%s", m->version, m->name);
			goto fail;
		}
		if ((rc = s_exec(&st->base, "COMMIT")))
			return rc;
	}
	return 0;
fail:
	s_exec(&st->base, "ROLLBACK");
	return rc;
}

static void s_close(netra_store *base)
{
	struct sqlite_store *st = (struct sqlite_store *)base;
	int i;

	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i]);
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

/* Creates the store file, if missing, empty and mode 0600 whatever the
 * umask: it holds personal data. SQLite gives its -wal and -shm files the
 * mode of the database file, so they are 0600 too. An existing file keeps
 * its mode (the operator's choice). */
static int create_private(const char *path)
{
	int fd;

	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? 0 : err_set(NETRA_EIO, "%s",
		                                     strerror(errno));
	if (fchmod(fd, 0600)) {
		close(fd);
		return err_set(NETRA_EIO, "%s", strerror(errno));
	}
	close(fd);
	return 0;
}

static int s_open(netra_store **out, const char *path)
{
	struct sqlite_store *st = calloc(1, sizeof(*st));
	int rc;

	if (!st)
		return err_oom();
	st->base.ops = &store_sqlite_ops;
	st->path = strdup(path);
	if (!st->path) {
		free(st);
		return err_oom();
	}
	if ((rc = create_private(path)))
		goto fail;
	if (sqlite3_open_v2(path, &st->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		/* fail: adds the path */
		rc = err_set(NETRA_EIO, "%s",
			     st->db ? sqlite3_errmsg(st->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	rc = s_exec(&st->base, "PRAGMA journal_mode=WAL;"
			       "PRAGMA synchronous=NORMAL;"
			       "PRAGMA foreign_keys=ON;"
			       "PRAGMA temp_store=MEMORY;");
	if (rc || (rc = migrate(st)))
		goto fail;
	*out = &st->base;
	return 0;
fail:
	err_wrap(rc, "%s", path);
	s_close(&st->base);
	return rc;
}

/* Takes an idle statement of exactly this SQL out of the cache, or NULL. */
static sqlite3_stmt *cache_take(struct sqlite_store *st, const char *sql)
{
	sqlite3_stmt *stmt;
	int i;

	for (i = st->ncache - 1; i >= 0; i--) {
		if (strcmp(sqlite3_sql(st->cache[i]), sql) != 0)
			continue;
		stmt = st->cache[i];
		memmove(&st->cache[i], &st->cache[i + 1],
			(size_t)(st->ncache - i - 1) * sizeof(stmt));
		st->ncache--;
		return stmt;
	}
	return NULL;
}

/* Keeps a finished statement for reuse, evicting the oldest if full. */
static void cache_put(struct sqlite_store *st, sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (st->ncache == STMT_CACHE) {
		sqlite3_finalize(st->cache[0]);
		memmove(&st->cache[0], &st->cache[1],
			(STMT_CACHE - 1) * sizeof(stmt));
		st->ncache--;
	}
	st->cache[st->ncache++] = stmt;
}

static int s_prepare(store_stmt **out, netra_store *base, const char *sql)
{
	struct sqlite_store *st = (struct sqlite_store *)base;
	store_stmt *s = calloc(1, sizeof(*s));

	if (!s)
		return err_oom();
	size_t n = rowid_returning(st->db, sql);
	char *bare = NULL;

	s->ops = &store_sqlite_ops;
	s->st = st;
	if (n) {
		if (!(bare = strndup(sql, n))) {
			free(s);
			return err_oom();
		}
		sql = bare;
		s->rowid_ret = 1;
	}
	if (!(s->stmt = cache_take(st, sql)) &&
	    sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &s->stmt, NULL) != SQLITE_OK) {
		free(bare);
		free(s);
		return db_error(st->db, "prepare");
	}
	free(bare);
	*out = s;
	return 0;
}

static int bind_rc(store_stmt *s, int rc)
{
	return rc == SQLITE_OK ? 0 : db_error(s->st->db, "bind");
}

static int s_bind_int64(store_stmt *s, int idx, int64_t v)
{
	return bind_rc(s, sqlite3_bind_int64(s->stmt, idx, v));
}

static int s_bind_double(store_stmt *s, int idx, double v)
{
	return bind_rc(s, sqlite3_bind_double(s->stmt, idx, v));
}

static int s_bind_text(store_stmt *s, int idx, const char *p, size_t n)
{
	return bind_rc(s, sqlite3_bind_text64(s->stmt, idx, p, n,
					      SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int s_bind_text_ref(store_stmt *s, int idx, const char *p, size_t n)
{
	return bind_rc(s, sqlite3_bind_text64(s->stmt, idx, p, n,
					      SQLITE_STATIC, SQLITE_UTF8));
}

static int s_bind_blob(store_stmt *s, int idx, const void *p, size_t n)
{
	return bind_rc(s, sqlite3_bind_blob64(s->stmt, idx, p, n,
					      SQLITE_TRANSIENT));
}

static int s_bind_null(store_stmt *s, int idx)
{
	return bind_rc(s, sqlite3_bind_null(s->stmt, idx));
}

static int s_step(store_stmt *s)
{
	int rc;

	if (s->rowid_ret > 1) { /* the one row was read */
		s->rowid_ret = 3;
		return STORE_DONE;
	}
	rc = sqlite3_step(s->stmt);
	if (rc == SQLITE_DONE && s->rowid_ret == 1) {
		if (sqlite3_changes64(s->st->db) != 1)
			return STORE_DONE;
		s->rowid_ret = 2;
		s->id = (int64_t)sqlite3_last_insert_rowid(s->st->db);
		snprintf(s->idtext, sizeof(s->idtext), "%lld", (long long)s->id);
		return STORE_ROW;
	}
	if (rc == SQLITE_ROW)
		return STORE_ROW;
	if (rc == SQLITE_DONE)
		return STORE_DONE;
	rc = db_error(s->st->db, "step");
	sqlite3_reset(s->stmt);
	return rc;
}

/* 1 if col is the id of a one-row INSERT's RETURNING (see
 * rowid_returning); other columns of it read as NULL. */
static int rowid_col(const store_stmt *s, int col)
{
	return s->rowid_ret == 2 && col == 0;
}

static int s_column_count(store_stmt *s)
{
	return s->rowid_ret ? 1 : sqlite3_column_count(s->stmt);
}

static int s_column_is_null(store_stmt *s, int col)
{
	if (s->rowid_ret)
		return !rowid_col(s, col);
	return sqlite3_column_type(s->stmt, col) == SQLITE_NULL;
}

static int64_t s_column_int64(store_stmt *s, int col)
{
	if (s->rowid_ret)
		return rowid_col(s, col) ? s->id : 0;
	return sqlite3_column_int64(s->stmt, col);
}

static double s_column_double(store_stmt *s, int col)
{
	if (s->rowid_ret)
		return rowid_col(s, col) ? (double)s->id : 0;
	return sqlite3_column_double(s->stmt, col);
}

static const char *s_column_text(store_stmt *s, int col, size_t *len)
{
	const char *p;
	int n;

	if (s->rowid_ret) {
		p = rowid_col(s, col) ? s->idtext : "";
		if (len)
			*len = strlen(p);
		return p;
	}
	p = (const char *)sqlite3_column_text(s->stmt, col);
	n = sqlite3_column_bytes(s->stmt, col);

	if (len)
		*len = p ? (size_t)n : 0;
	return p ? p : "";
}

static const void *s_column_blob(store_stmt *s, int col, size_t *len)
{
	const void *p;

	if (s->rowid_ret) {
		if (len)
			*len = rowid_col(s, col) ? strlen(s->idtext) : 0;
		return rowid_col(s, col) ? s->idtext : NULL;
	}
	p = sqlite3_column_blob(s->stmt, col);

	if (len)
		*len = (size_t)sqlite3_column_bytes(s->stmt, col);
	return p;
}

static int64_t s_changes(store_stmt *s)
{
	return (int64_t)sqlite3_changes64(s->st->db);
}

static int s_reset(store_stmt *s)
{
	if (s->rowid_ret)
		s->rowid_ret = 1;
	sqlite3_reset(s->stmt);
	sqlite3_clear_bindings(s->stmt);
	return 0;
}

static void s_finalize(store_stmt *s)
{
	cache_put(s->st, s->stmt);
	free(s);
}

/* store_read_through: sqlite.org/mmap.html (pages in the WAL are still
 * read from it). */
static int s_read_through(netra_store *base)
{
	return s_exec(base, "PRAGMA mmap_size=1073741824;");
}

static int s_bulk_load(netra_store *base, int on)
{
	return s_exec(base, on ? "PRAGMA cache_size = -32768;"
				 "PRAGMA foreign_keys = OFF;"
			       : "PRAGMA cache_size = -2000;"
				 "PRAGMA foreign_keys = ON;");
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.begin_write_sql = "BEGIN IMMEDIATE",
	.lock_skip_sql = "",
	.open = s_open,
	.close = s_close,
	.exec = s_exec,
	.prepare = s_prepare,
	.bind_int64 = s_bind_int64,
	.bind_double = s_bind_double,
	.bind_text = s_bind_text,
	.bind_text_ref = s_bind_text_ref,
	.bind_blob = s_bind_blob,
	.bind_null = s_bind_null,
	.step = s_step,
	.column_count = s_column_count,
	.column_is_null = s_column_is_null,
	.column_int64 = s_column_int64,
	.column_double = s_column_double,
	.column_text = s_column_text,
	.column_blob = s_column_blob,
	.changes = s_changes,
	.reset = s_reset,
	.finalize = s_finalize,
	.bulk_load = s_bulk_load,
	.read_through = s_read_through,
};
