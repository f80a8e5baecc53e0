/*
 * tests/store/test_sqlite.c - the SQLite store behind store.h: migrations
 * applied and recorded once, reopening a file, nested transactions and
 * rollback, constraint violations as NETRA_EEXISTS, and the append-only
 * audit log.
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

static int64_t q(netra_store *st, const char *sql)
{
	int64_t v = -1;

	assert_int_equal(store_query_int64(&v, st, sql, NULL, 0), 0);
	return v;
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

	if (netra_store_open(&st, ":memory:") != 0)
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	netra_store_close(*state);
	return 0;
}

static void test_migrations_recorded(void **state)
{
	netra_store *st = *state;
	int v = -1;
	int64_t last;

	assert_true(store_sqlite_migration_count >= 1);
	last =
	    store_sqlite_migrations[store_sqlite_migration_count - 1].version;
	assert_int_equal(netra_store_schema_version(st, &v), 0);
	assert_int_equal(v, last);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM schema_migrations"),
	                 (int64_t)store_sqlite_migration_count);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM schema_migrations "
	                       "WHERE version = 1 AND name LIKE '%base%'"),
	                 1);
	/* the base tables exist */
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM audit_log"), 0);
}

static void test_reopen(void **state)
{
	char dir[] = "/tmp/netra-store-XXXXXX", path[256], side[300];
	netra_store *st = NULL;
	int v1 = 0, v2 = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(netra_store_open(&st, path), 0);
	assert_int_equal(add_unit(st, "A"), STORE_DONE);
	assert_int_equal(netra_store_schema_version(st, &v1), 0);
	netra_store_close(st);
	st = NULL;
	assert_int_equal(netra_store_open(&st, path), 0);
	assert_int_equal(netra_store_schema_version(st, &v2), 0);
	assert_int_equal(v1, v2);
	/* migrations are not applied twice, the data is still there */
	assert_int_equal(q(st, "SELECT COUNT(*) FROM schema_migrations"),
	                 (int64_t)store_sqlite_migration_count);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE code = 'A'"),
	                 1);
	assert_int_equal(q(st, "PRAGMA foreign_keys"), 1);
	netra_store_close(st);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	rmdir(dir);
}

static void test_nested_commit(void **state)
{
	netra_store *st = *state;

	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_begin(st), 0);
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
	/* the outer transaction is gone with it */
	assert_int_equal(store_commit(st), NETRA_ERROR);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 0);
	/* and the store is usable afterwards */
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
	/* a foreign key to a missing unit is refused too */
	assert_true(store_exec(st, "INSERT INTO employees (staff_key, name,"
	                           " unit_id, status, updated_at) VALUES "
	                           "('K', 'N', 999, 'PNS', 0)") < 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM employees"), 0);
}

static void test_audit_append_only(void **state)
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations_recorded, setup,
	                                    teardown),
	    cmocka_unit_test(test_reopen),
	    cmocka_unit_test_setup_teardown(test_nested_commit, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_inner_rollback_undoes_all,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_constraints, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_append_only, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
