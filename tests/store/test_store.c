/*
 * tests/store/test_store.c - the store behind store.h, one suite run
 * against each backend: migrations applied and recorded once, reopening,
 * nested transactions and rollback, constraint violations as
 * NETRA_EEXISTS (a failed row inside a transaction costs that row only),
 * the append-only tables, and the value round trips every caller relies on
 * (64-bit integers, doubles, UTF-8 text, blobs, NULL, text bound against an
 * integer column, boolean expressions read as 0/1), plus the statement
 * cache under more distinct statements than it holds.
 *
 * Backend: $NETRA_TEST_STORE = sqlite (default) or postgres. For postgres,
 * $NETRA_TEST_PG names the state file of scripts/pg_server.sh (its first
 * line is the server's URL); each test gets a fresh database there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netra/store.h"
#include "store/migration.h"
#include "store/store.h"

struct backend {
	int postgres;
	char admin_url[512]; /* postgres: the server's maintenance database */
	char location[600];  /* the current test's store */
	char dir[64];        /* sqlite: the current test's folder */
	char dbname[64];     /* postgres: the current test's database */
	int serial;
};

static struct backend be;

static int64_t q(netra_store *st, const char *sql)
{
	int64_t v = -1;

	assert_int_equal(store_query_int64(&v, st, sql, NULL, 0), 0);
	return v;
}

static size_t migration_count(void)
{
	return be.postgres ? store_postgres_migration_count
			   : store_sqlite_migration_count;
}

static int last_migration(void)
{
	const struct store_migration *m = be.postgres
						  ? store_postgres_migrations
						  : store_sqlite_migrations;
	return m[migration_count() - 1].version;
}

/* Runs one statement on the postgres maintenance database. */
static int admin_exec(const char *sql)
{
	netra_store *st = NULL;
	int rc;

	if ((rc = netra_store_open(&st, be.admin_url)))
		return rc;
	rc = store_exec(st, sql);
	netra_store_close(st);
	return rc;
}

/* A fresh, empty store location for one test. */
static int new_location(void)
{
	char sql[128];

	be.serial++;
	if (!be.postgres) {
		snprintf(be.dir, sizeof(be.dir), "/tmp/netra-store-XXXXXX");
		if (!mkdtemp(be.dir))
			return -1;
		snprintf(be.location, sizeof(be.location), "%s/t.db", be.dir);
		return 0;
	}
	snprintf(be.dbname, sizeof(be.dbname), "t_store_%ld_%d",
		 (long)getpid(), be.serial);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", be.dbname);
	if (admin_exec(sql))
		return -1;
	/* the admin URL ends in /postgres: swap the database name */
	snprintf(be.location, sizeof(be.location), "%.*s/%s",
		 (int)(strrchr(be.admin_url, '/') - be.admin_url), be.admin_url,
		 be.dbname);
	return 0;
}

static void drop_location(void)
{
	char path[128], sql[128];

	if (be.postgres) {
		snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s",
			 be.dbname);
		admin_exec(sql);
		return;
	}
	snprintf(path, sizeof(path), "%s/t.db", be.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", be.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", be.dir);
	unlink(path);
	rmdir(be.dir);
}

static const char *unit_sql = "INSERT INTO units (code, name, kind, "
			      "updated_at) VALUES (?, 'Unit', 'OPD', 0)";

/* Inserts a unit with code; returns the step result. */
static int add_unit(netra_store *st, const char *code)
{
	store_stmt *s = NULL;
	int rc;

	assert_int_equal(store_prepare(&s, st, unit_sql), 0);
	assert_int_equal(store_bind_text(s, 1, code, (size_t)-1), 0);
	rc = store_step(s);
	store_finalize(s);
	return rc;
}

static int setup(void **state)
{
	netra_store *st = NULL;

	if (new_location() || netra_store_open(&st, be.location) != 0)
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	netra_store_close(*state);
	drop_location();
	return 0;
}

static void test_migrations_recorded(void **state)
{
	netra_store *st = *state;
	int v = -1;

	assert_true(migration_count() >= 1);
	assert_int_equal(netra_store_schema_version(st, &v), 0);
	assert_int_equal(v, last_migration());
	assert_int_equal(q(st, "SELECT COUNT(*) FROM schema_migrations"),
			 (int64_t)migration_count());
	assert_int_equal(q(st, "SELECT COUNT(*) FROM schema_migrations "
			       "WHERE version = 1 AND name LIKE '%base%'"),
			 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM audit_log"), 0);
}

/* Both backends list the same migrations: the schemas move in step. */
static void test_backends_in_step(void **state)
{
	size_t i;

	(void)state;
	if (store_sqlite_migration_count != store_postgres_migration_count)
		fail_msg("src/store/sqlite/migrations has %zu migrations, "
			 "src/store/postgres/migrations %zu: every SQLite "
			 "migration needs its PostgreSQL twin with the same "
			 "number and name (docs/store.md)",
			 store_sqlite_migration_count,
			 store_postgres_migration_count);
	for (i = 0; i < store_sqlite_migration_count; i++) {
		assert_int_equal(store_sqlite_migrations[i].version,
				 store_postgres_migrations[i].version);
		assert_string_equal(store_sqlite_migrations[i].name,
				    store_postgres_migrations[i].name);
	}
}

static void test_reopen(void **state)
{
	netra_store *st = NULL, *second = NULL;
	int v1 = 0, v2 = 0;

	(void)state;
	assert_int_equal(new_location(), 0);
	assert_int_equal(netra_store_open(&st, be.location), 0);
	assert_int_equal(add_unit(st, "A"), STORE_DONE);
	assert_int_equal(netra_store_schema_version(st, &v1), 0);
	/* a second handle at once (another process) migrates nothing again */
	assert_int_equal(netra_store_open(&second, be.location), 0);
	netra_store_close(second);
	netra_store_close(st);
	st = NULL;
	assert_int_equal(netra_store_open(&st, be.location), 0);
	assert_int_equal(netra_store_schema_version(st, &v2), 0);
	assert_int_equal(v1, v2);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM schema_migrations"),
			 (int64_t)migration_count());
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE code = 'A'"),
			 1);
	if (!be.postgres)
		assert_int_equal(q(st, "PRAGMA foreign_keys"), 1);
	netra_store_close(st);
	drop_location();
}

static void test_nested_commit(void **state)
{
	netra_store *st = *state;

	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_begin_write(st), 0);
	assert_int_equal(add_unit(st, "A"), STORE_DONE);
	assert_int_equal(store_commit(st), 0); /* inner: joins the outer */
	assert_int_equal(add_unit(st, "B"), STORE_DONE);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 2);
	assert_int_equal(store_commit(st), NETRA_ERROR); /* none open */
}

static void test_inner_rollback_undoes_all(void **state)
{
	netra_store *st = *state;

	assert_int_equal(store_begin(st), 0);
	assert_int_equal(add_unit(st, "A"), STORE_DONE);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(add_unit(st, "B"), STORE_DONE);
	assert_int_equal(store_rollback(st), 0);
	assert_int_equal(store_commit(st), NETRA_ERROR);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 0);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(add_unit(st, "C"), STORE_DONE);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 1);
}

static void test_constraints(void **state)
{
	netra_store *st = *state;

	assert_int_equal(add_unit(st, "A"), STORE_DONE);
	assert_int_equal(add_unit(st, "A"), NETRA_EEXISTS);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 1);
	assert_true(store_exec(st, "INSERT INTO employees (staff_key, name,"
				   " unit_id, status, updated_at) VALUES "
				   "('K', 'N', 999, 'PNS', 0)") < 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM employees"), 0);
}

/* A unique violation in one row of a batch leaves the batch's other rows
 * and its transaction intact (PostgreSQL aborts the whole transaction on
 * any error unless the backend guards the row). */
static void test_failed_row_keeps_batch(void **state)
{
	netra_store *st = *state;

	assert_int_equal(store_begin_write(st), 0);
	assert_int_equal(add_unit(st, "A"), STORE_DONE);
	assert_int_equal(add_unit(st, "A"), NETRA_EEXISTS);
	assert_int_equal(add_unit(st, "B"), STORE_DONE);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 2);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 2);
}

static void test_append_only(void **state)
{
	netra_store *st = *state;

	assert_int_equal(store_exec(st, "INSERT INTO audit_log (at, actor, "
					"action, object) VALUES (1, 'a', "
					"'x', 'o')"),
			 0);
	assert_true(store_exec(st, "UPDATE audit_log SET actor = 'b'") < 0);
	assert_non_null(strstr(netra_error_last(), "append-only"));
	assert_true(store_exec(st, "DELETE FROM audit_log") < 0);
	assert_non_null(strstr(netra_error_last(), "append-only"));
	assert_int_equal(q(st, "SELECT COUNT(*) FROM audit_log WHERE "
			       "actor = 'a'"),
			 1);
}

/* Values come back as they were bound, whatever the backend. */
static void test_round_trips(void **state)
{
	static const unsigned char blob[] = {0, 1, 0xff, '\\', 'x', 0, 7};
	static const char text[] = "Ayo ✌️ dukung 'nomor' \"2\" ? $1";
	netra_store *st = *state;
	store_stmt *s = NULL;
	const void *b;
	size_t n;

	assert_int_equal(store_exec(st, "INSERT INTO evidence_chunks (idx, "
					"hash) VALUES (1, 'x')"),
			 0);
	/* the verdict's event (foreign keys are on in both backends) */
	assert_int_equal(store_exec(st, "INSERT INTO events (platform, "
					"event_id, type, account, raw, "
					"ingested_at) VALUES ('x', '1', 'post',"
					" 'a', '{}', 0)"),
			 0);
	assert_int_equal(store_prepare(&s, st, "INSERT INTO verdicts (event_id,"
				       " rulebook, labels, candidate, score,"
				       " json, created_at) VALUES (?, ?, ?, ?,"
				       " ?, ?, ?)"),
			 0);
	assert_int_equal(store_bind_text(s, 1, "1", (size_t)-1), 0);
	assert_int_equal(store_bind_text(s, 2, text, (size_t)-1), 0);
	assert_int_equal(store_bind_text(s, 3, "support,attack", 7), 0);
	assert_int_equal(store_bind_null(s, 4), 0);
	assert_int_equal(store_bind_double(s, 5, 0.125), 0);
	assert_int_equal(store_bind_text(s, 6, "{}", (size_t)-1), 0);
	assert_int_equal(store_bind_int64(s, 7, INT64_MAX), 0);
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);

	assert_int_equal(store_prepare(&s, st, "SELECT rulebook, labels, "
				       "candidate, score, created_at, "
				       "created_at > ?, candidate IS NULL "
				       "FROM verdicts WHERE event_id = ?"),
			 0);
	assert_int_equal(store_bind_int64(s, 1, -5), 0);
	assert_int_equal(store_bind_int64(s, 2, 1), 0);
	assert_int_equal(store_step(s), STORE_ROW);
	assert_string_equal(store_column_text(s, 0, &n), text);
	assert_int_equal(n, strlen(text));
	assert_string_equal(store_column_text(s, 1, NULL), "support");
	assert_true(store_column_is_null(s, 2));
	assert_string_equal(store_column_text(s, 2, &n), "");
	assert_true(store_column_double(s, 3) == 0.125);
	assert_true(store_column_int64(s, 4) == INT64_MAX);
	assert_int_equal(store_column_int64(s, 5), 1);
	assert_int_equal(store_column_int64(s, 6), 1);
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);

	assert_int_equal(store_prepare(&s, st, "UPDATE evidence_chunks SET "
				       "hash = ? WHERE idx = ?"),
			 0);
	assert_int_equal(store_bind_blob(s, 1, blob, sizeof(blob)), 0);
	assert_int_equal(store_bind_int64(s, 2, 1), 0);
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);
	assert_int_equal(store_prepare(&s, st, "SELECT hash FROM "
				       "evidence_chunks WHERE idx = ?"),
			 0);
	/* an id bound as text finds the integer key (SQLite's affinity) */
	assert_int_equal(store_bind_text(s, 1, "1", 1), 0);
	assert_int_equal(store_step(s), STORE_ROW);
	b = store_column_blob(s, 0, &n);
	assert_int_equal(n, sizeof(blob));
	assert_memory_equal(b, blob, sizeof(blob));
	store_finalize(s);
	/* two blob columns of one row are valid at the same time */
	assert_int_equal(store_prepare(&s, st, "SELECT hash, idx, hash FROM "
				       "evidence_chunks WHERE idx = 1"),
			 0);
	assert_int_equal(store_step(s), STORE_ROW);
	b = store_column_blob(s, 0, &n);
	assert_non_null(store_column_blob(s, 2, NULL));
	assert_int_equal(n, sizeof(blob));
	assert_memory_equal(b, blob, sizeof(blob));
	store_finalize(s);
}

/* A statement can be reset, re-bound and run again, and two statements
 * can be read interleaved (one read while the other writes). */
static void test_reuse_and_interleave(void **state)
{
	netra_store *st = *state;
	store_stmt *sel = NULL, *ins = NULL;
	int i, rows = 0;

	assert_int_equal(store_prepare(&ins, st, unit_sql), 0);
	for (i = 0; i < 5; i++) {
		char code[8];
		snprintf(code, sizeof(code), "U%d", i);
		assert_int_equal(store_bind_text(ins, 1, code, (size_t)-1), 0);
		assert_int_equal(store_step(ins), STORE_DONE);
		assert_int_equal(store_reset(ins), 0);
	}
	assert_int_equal(store_prepare(&sel, st, "SELECT code FROM units "
				       "ORDER BY code"),
			 0);
	store_finalize(ins);
	assert_int_equal(store_prepare(&ins, st, "INSERT INTO meta (key, value)"
				       " VALUES (?, 'v')"),
			 0);
	while (store_step(sel) == STORE_ROW) {
		assert_int_equal(store_bind_text(ins, 1,
						 store_column_text(sel, 0, NULL),
						 (size_t)-1),
				 0);
		assert_int_equal(store_step(ins), STORE_DONE);
		assert_int_equal(store_reset(ins), 0);
		rows++;
	}
	assert_int_equal(rows, 5);
	store_finalize(sel);
	store_finalize(ins);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM meta WHERE key IN "
			       "(SELECT code FROM units)"), 5);
}

/* store_changes counts the rows a statement's last run changed: a row
 * stored, none for a conflict skipped, every row of an update. */
static void test_changes(void **state)
{
	netra_store *st = *state;
	store_stmt *s = NULL;
	const char *codes[] = {"A", "B", "A"};
	int64_t want[] = {1, 1, 0};
	int i;

	assert_int_equal(store_prepare(&s, st, "INSERT INTO units (code, name,"
				       " kind, updated_at) VALUES (?, 'U', 'OPD',"
				       " 0) ON CONFLICT (code) DO NOTHING"),
			 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(store_bind_text(s, 1, codes[i], (size_t)-1), 0);
		assert_int_equal(store_step(s), STORE_DONE);
		assert_int_equal(store_changes(s), want[i]);
		assert_int_equal(store_reset(s), 0);
	}
	store_finalize(s);
	assert_int_equal(store_prepare(&s, st, "UPDATE units SET name = ?"), 0);
	assert_int_equal(store_bind_text(s, 1, "V", 1), 0);
	assert_int_equal(store_step(s), STORE_DONE);
	assert_int_equal(store_changes(s), 2);
	store_finalize(s);
}

/* INSERT ... RETURNING id: a row with the new id when a row is stored,
 * none when ON CONFLICT skipped it, the inserted table's id even when a
 * trigger inserts elsewhere (SQLite answers one-row inserts from its last
 * rowid, store_sqlite.c), and RETURNING of another column as written. */
static void test_returning_id(void **state)
{
	netra_store *st = *state;
	store_stmt *s = NULL;
	const char *codes[] = {"A", "B", "A"};
	int64_t id[3];
	size_t len;
	int i;

	assert_int_equal(store_prepare(&s, st, "INSERT INTO units (code, name,"
				       " kind, updated_at) VALUES (?, 'U', 'OPD',"
				       " 0) ON CONFLICT (code) DO NOTHING"
				       " RETURNING id"),
			 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(store_bind_text(s, 1, codes[i], (size_t)-1), 0);
		id[i] = 0;
		if (i < 2) {
			assert_int_equal(store_step(s), STORE_ROW);
			assert_int_equal(store_column_count(s), 1);
			assert_false(store_column_is_null(s, 0));
			id[i] = store_column_int64(s, 0);
		}
		assert_int_equal(store_step(s), STORE_DONE);
		assert_int_equal(store_reset(s), 0);
	}
	store_finalize(s);
	assert_int_equal(id[0], q(st, "SELECT id FROM units WHERE code = 'A'"));
	assert_int_equal(id[1], q(st, "SELECT id FROM units WHERE code = 'B'"));
	assert_int_not_equal(id[0], id[1]);

	/* events' trigger queues the row in evidence_queue, whose ids run
	 * ahead here: the answer is still the event's id */
	assert_int_equal(store_exec(st, "INSERT INTO evidence_queue (kind, ref)"
				    " VALUES (3, 0), (3, 0), (3, 0)"),
			 0);
	assert_int_equal(store_prepare(&s, st, "INSERT INTO events (platform,"
				       " event_id, type, account, raw,"
				       " ingested_at) VALUES ('x', '1', 'post',"
				       " 'a', '{}', 0) RETURNING id"),
			 0);
	assert_int_equal(store_step(s), STORE_ROW);
	assert_int_equal(store_column_int64(s, 0),
			 q(st, "SELECT id FROM events WHERE event_id = '1'"));
	assert_string_equal(store_column_text(s, 0, &len), "1");
	store_finalize(s);
	assert_int_equal(q(st, "SELECT MAX(id) FROM evidence_queue"), 4);

	assert_int_equal(store_prepare(&s, st, "INSERT INTO units (code, name,"
				       " kind, updated_at) VALUES ('C', 'Unit C',"
				       " 'OPD', 0) RETURNING name"),
			 0);
	assert_int_equal(store_step(s), STORE_ROW);
	assert_string_equal(store_column_text(s, 0, &len), "Unit C");
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);
}

/* More distinct statements than the backends cache: each still runs. */
static void test_many_statements(void **state)
{
	netra_store *st = *state;
	int i;

	for (i = 0; i < 300; i++) {
		char sql[96];
		int64_t v = -1;
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) + %d FROM units", i);
		assert_int_equal(store_query_int64(&v, st, sql, NULL, 0), 0);
		assert_int_equal(v, i);
	}
}

static int group_setup(void **state)
{
	const char *kind = getenv("NETRA_TEST_STORE");
	const char *statefile = getenv("NETRA_TEST_PG");
	FILE *f;

	(void)state;
	be.postgres = kind && strcmp(kind, "postgres") == 0;
	if (!be.postgres)
		return 0;
	if (!statefile || !(f = fopen(statefile, "r"))) {
		fprintf(stderr, "NETRA_TEST_PG: no PostgreSQL state file "
				"(scripts/pg_server.sh start)\n");
		return -1;
	}
	if (!fgets(be.admin_url, sizeof(be.admin_url), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	be.admin_url[strcspn(be.admin_url, "\n")] = '\0';
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations_recorded, setup,
					    teardown),
	    cmocka_unit_test(test_backends_in_step),
	    cmocka_unit_test(test_reopen),
	    cmocka_unit_test_setup_teardown(test_nested_commit, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_inner_rollback_undoes_all,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_constraints, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failed_row_keeps_batch, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_append_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_round_trips, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reuse_and_interleave, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_changes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_returning_id, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_many_statements, setup,
					    teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
