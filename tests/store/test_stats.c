/*
 * tests/store/test_stats.c - netra_store_stats() (src/store/stats.c):
 * the JSON keys monitoring scripts rely on, every workflow state present,
 * and counts that follow the data (inactive rows not counted).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "netra/store.h"
#include "store/store.h"

static const char *const states[] = {
    "baru",
    "ditinjau_opd",
    "ditolak",
    "dikonfirmasi_opd",
    "diverifikasi_bkpp",
    "diteruskan",
    "selesai",
};

static json_t *stats_json(netra_store *st)
{
	json_t *j = NULL;

	assert_int_equal(netra_store_stats(&j, st), 0);
	assert_true(json_is_object(j));
	return j;
}

static json_int_t num(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	if (!json_is_integer(v))
		fail_msg("key %s missing or not an integer", key);
	return json_integer_value(v);
}

static void test_empty_store(void **state)
{
	netra_store *st = NULL;
	json_t *j, *f;
	size_t i;

	(void)state;
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	j = stats_json(st);
	assert_int_equal(json_object_size(j), 7);
	assert_int_equal(num(j, "units"), 0);
	assert_int_equal(num(j, "employees"), 0);
	assert_int_equal(num(j, "accounts"), 0);
	assert_int_equal(num(j, "events"), 0);
	assert_int_equal(num(j, "judged"), 0);
	assert_int_equal(num(j, "verdicts"), 0);
	f = json_object_get(j, "findings");
	assert_true(json_is_object(f));
	assert_int_equal(json_object_size(f), 7);
	for (i = 0; i < 7; i++)
		assert_int_equal(num(f, states[i]), 0);
	json_decref(j);
	netra_store_close(st);
}

static const char fill_sql[] =
    "INSERT INTO units (id, code, name, kind, updated_at) VALUES "
    "(1, 'R', 'Kota', 'pemda', 0), (2, 'O', 'Dinas', 'OPD', 0);"
    "INSERT INTO units (id, code, name, kind, active, updated_at) VALUES "
    "(3, 'OLD', 'Lama', 'OPD', 0, 0);"
    "INSERT INTO employees (id, staff_key, name, unit_id, status, active,"
    " updated_at) VALUES (1, 'A', 'A', 2, 'PNS', 1, 0),"
    " (2, 'B', 'B', 2, 'PNS', 1, 0), (3, 'C', 'C', 2, 'PNS', 0, 0);"
    "INSERT INTO accounts (employee_id, platform, handle, active, "
    "updated_at) VALUES (1, 'x', 'a', 1, 0), (2, 'x', 'b', 1, 0),"
    " (3, 'x', 'c', 0, 0);"
    "INSERT INTO events (id, platform, event_id, type, account, raw, "
    "ingested_at) VALUES (1, 'x', '1', 'post', 'a', '{}', 0),"
    " (2, 'x', '2', 'post', 'a', '{}', 0), (3, 'x', '3', 'like', 'b', "
    "'{}', 0);"
    "INSERT INTO verdicts (id, event_id, rulebook, labels, json, "
    "created_at) VALUES (1, 1, 'r', 'support', '{}', 0),"
    " (2, 2, 'r', 'none', '{}', 0);"
    "INSERT INTO scan_marks (rulebook, block, lo, hi, judged, created_at)"
    " VALUES ('r', 0, 1, 3, 3, 0), ('r2', 0, 3, 3, 1, 0);"
    "INSERT INTO findings (verdict_id, event_id, employee_id, unit_id, "
    "category, rule, severity, state, created_at, updated_at) VALUES "
    "(1, 1, 1, 2, 'support', 'R1', 'tinggi', 'baru', 0, 0),"
    "(1, 1, 1, 2, 'support', 'R2', 'tinggi', 'baru', 0, 0),"
    "(1, 1, 1, 2, 'support', 'R3', 'tinggi', 'ditolak', 0, 0);";

static void test_counts(void **state)
{
	netra_store *st = NULL;
	json_t *j, *f;

	(void)state;
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	assert_int_equal(store_exec(st, fill_sql), 0);
	j = stats_json(st);
	assert_int_equal(num(j, "units"), 2);
	assert_int_equal(num(j, "employees"), 2);
	assert_int_equal(num(j, "accounts"), 2);
	assert_int_equal(num(j, "events"), 3);
	/* 3 judged under r, 1 under r2: once per rulebook */
	assert_int_equal(num(j, "judged"), 4);
	assert_int_equal(num(j, "verdicts"), 2);
	f = json_object_get(j, "findings");
	assert_int_equal(num(f, "baru"), 2);
	assert_int_equal(num(f, "ditolak"), 1);
	assert_int_equal(num(f, "selesai"), 0);
	json_decref(j);
	netra_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_store),
	    cmocka_unit_test(test_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
