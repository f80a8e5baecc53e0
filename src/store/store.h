/*
 * store/store.h - the internal store interface every layer above uses:
 * prepared statements with bound parameters over a backend-neutral
 * handle. Backends (store/sqlite/, later store/postgres/) implement
 * struct store_ops; no backend type leaks past this header.
 *
 * SQL conventions (portable between SQLite and PostgreSQL):
 *  - placeholders are `?` (positional, bound from 1); the PostgreSQL
 *    backend rewrites them to $1..$n. Never put `?` inside a literal.
 *  - INSERT ... ON CONFLICT (...) DO NOTHING / DO UPDATE, and RETURNING id,
 *    instead of INSERT OR IGNORE / last_insert_rowid().
 *  - times are INTEGER Unix seconds (UTC); booleans INTEGER 0/1; JSON kept
 *    as TEXT.
 */
#ifndef NETRA_STORE_STORE_H
#define NETRA_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"

/* store_step() results besides negative errors. */
#define STORE_DONE 0
#define STORE_ROW 1

typedef struct store_stmt store_stmt;

struct store_ops {
	const char *name; /* "sqlite", "postgres" */
	/* SQL that opens a transaction holding the write lock at once (see
	 * store_begin_write). */
	const char *begin_write_sql;
	/* What store_lock_skip() returns (see there). */
	const char *lock_skip_sql;
	/* What store_batch_rows() returns (0: 1). */
	int batch_rows;
	int (*open)(netra_store **out, const char *location);
	void (*close)(netra_store *st);
	int (*exec)(netra_store *st, const char *sql);
	int (*prepare)(store_stmt **out, netra_store *st, const char *sql);
	int (*bind_int64)(store_stmt *s, int idx, int64_t v);
	int (*bind_double)(store_stmt *s, int idx, double v);
	int (*bind_text)(store_stmt *s, int idx, const char *p, size_t n);
	/* Optional: binds text without copying it (NULL: bind_text). */
	int (*bind_text_ref)(store_stmt *s, int idx, const char *p, size_t n);
	int (*bind_blob)(store_stmt *s, int idx, const void *p, size_t n);
	int (*bind_null)(store_stmt *s, int idx);
	int (*step)(store_stmt *s);
	int (*column_count)(store_stmt *s);
	int (*column_is_null)(store_stmt *s, int col);
	int64_t (*column_int64)(store_stmt *s, int col);
	double (*column_double)(store_stmt *s, int col);
	const char *(*column_text)(store_stmt *s, int col, size_t *len);
	const void *(*column_blob)(store_stmt *s, int col, size_t *len);
	int64_t (*changes)(store_stmt *s);
	int (*reset)(store_stmt *s);
	void (*finalize)(store_stmt *s);
	/* Optional: see store_bulk_load (NULL: nothing to tune). */
	int (*bulk_load)(netra_store *st, int on);
	/* Optional: see store_read_through (NULL: nothing to tune). */
	int (*read_through)(netra_store *st);
};

/* Every backend's netra_store starts with this header. */
struct netra_store {
	const struct store_ops *ops;
	int tx_depth; /* nesting of store_begin() */
	char *location; /* as given to netra_store_open (malloc'd), or NULL */
};

/* Opens another connection to the store st was opened on (a scan reads on
 * one while it writes on the other). *out is closed with
 * netra_store_close(). NETRA_EINVALID when st's location is not known. */
int store_open_again(netra_store **out, netra_store *st);

/* Runs SQL without parameters or results (may hold several statements). */
int store_exec(netra_store *st, const char *sql);

/* Prepares sql. *out is freed with store_finalize(). */
int store_prepare(store_stmt **out, netra_store *st, const char *sql);

/* Bind parameter idx (from 1). Text and blobs are copied. n may be
 * (size_t)-1 for text to use strlen(p); p == NULL binds NULL. */
int store_bind_int64(store_stmt *s, int idx, int64_t v);
int store_bind_double(store_stmt *s, int idx, double v);
int store_bind_text(store_stmt *s, int idx, const char *p, size_t n);
int store_bind_blob(store_stmt *s, int idx, const void *p, size_t n);
int store_bind_null(store_stmt *s, int idx);
/* Like store_bind_text, but p is not copied where the backend allows: it
 * must stay valid and unchanged until the statement is reset, re-bound or
 * finalized. For hot loops that bind large strings they already hold. */
int store_bind_text_ref(store_stmt *s, int idx, const char *p, size_t n);

/* STORE_ROW when a row is ready, STORE_DONE at the end, <0 on error. */
int store_step(store_stmt *s);

/* Column accessors (from 0). Text/blob pointers stay valid until the next
 * step, reset or finalize. column_text never returns NULL ("" for NULL). */
int store_column_count(store_stmt *s);
int store_column_is_null(store_stmt *s, int col);
int64_t store_column_int64(store_stmt *s, int col);
double store_column_double(store_stmt *s, int col);
const char *store_column_text(store_stmt *s, int col, size_t *len);
const void *store_column_blob(store_stmt *s, int col, size_t *len);

/* Rows inserted, updated or deleted by the statement's last execution
 * (0 for a conflict that did nothing), read after its step and before its
 * reset: new rows are counted per statement, never from MAX(id), which
 * concurrent writers make meaningless. */
int64_t store_changes(store_stmt *s);

/* Resets for re-execution and clears bindings. */
int store_reset(store_stmt *s);

/* Frees the statement. Accepts NULL. */
void store_finalize(store_stmt *s);

/* Transactions. Nested begin/commit pairs join the outermost transaction;
 * a rollback at any depth rolls back the whole of it. */
int store_begin(netra_store *st);
/* Like store_begin(), but takes the write lock at once (SQLite: BEGIN
 * IMMEDIATE, which waits up to the busy timeout), for transactions that
 * read and then write: with a plain BEGIN, SQLite fails such a transaction
 * with "database is locked" when another process wrote meanwhile. Nested
 * calls join the outer transaction like store_begin(). */
int store_begin_write(netra_store *st);
int store_commit(netra_store *st);
int store_rollback(netra_store *st);

/* The clause that ends a SELECT claiming rows for this transaction while
 * other writers claim others (work queues: `netra worker`): PostgreSQL
 * " FOR UPDATE SKIP LOCKED" (rows another transaction holds are passed
 * over, the ones read are locked until commit); SQLite "" (a write
 * transaction, store_begin_write(), already holds the whole database).
 * Append it to a SELECT (or a sub-SELECT of an UPDATE) without
 * aggregates, inside a write transaction or as one statement. */
const char *store_lock_skip(netra_store *st);

/* How many rows a hot loop should send per multi-row INSERT on this
 * backend (ingest): SQLite 1 (no round trip to save, and a one-row INSERT
 * answers RETURNING without the temporary table a multi-row one needs);
 * PostgreSQL 256 (one round trip and one statement execution per 256
 * events instead of per event: bench/results/pg.txt). A statement binds
 * at most 65,535 parameters on PostgreSQL. */
int store_batch_rows(netra_store *st);

/* Tunes the connection for a bulk load of rows whose references the
 * loader has checked itself (on = 1), or back to normal (on = 0); call it
 * outside a transaction. SQLite: a 32 MB page cache (the default 2 MB
 * makes each row's index inserts re-read pages) and foreign keys not
 * enforced (their per-row parent lookup measured an eighth of ingest's
 * CPU; ingest binds only account ids it read from accounts, whose rows are
 * never deleted). PostgreSQL: nothing. */
int store_bulk_load(netra_store *st, int on);

/* Tunes the connection for reading most of the store once, as scan does.
 * SQLite: pages are read through a memory map (up to 1 GiB of the file)
 * instead of read() into the page cache, which was a sixth of a scan's
 * CPU; only for such a reader, since mapped pages count in the process's
 * resident size as it reads on. PostgreSQL: nothing. */
int store_read_through(netra_store *st);

/* Convenience: runs a statement that yields one integer (e.g. COUNT(*)),
 * binding text parameters args[0..nargs). */
int store_query_int64(int64_t *out, netra_store *st, const char *sql,
		      const char *const *args, int nargs);

/* The value of the meta table's key as a malloc'd string (free()), or
 * *out = NULL when the key is not set. */
int store_meta_get(char **out, netra_store *st, const char *key);

/* Backends. */
extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_postgres_ops;

#endif
