/*
 * tests/workflow/test_seed.c - seeds and checks stores for the workflow
 * integration tests (tests/integration/workflow_*.sh), and tests that
 * seeding itself works when run by ctest without arguments.
 *
 *   workflow_test_seed --seed DB N [NOW]  the wf_fixture.h organisation and
 *                                         N findings per employee unit,
 *                                         created at NOW (Unix seconds)
 *   workflow_test_seed --check DB         every finding's state equals the
 *                                         last transition and audit row;
 *                                         exit 1 and a message if not
 *   workflow_test_seed --count DB SQL     prints one integer from SQL
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "netra/common.h"
#include "wf_fixture.h"

static int seed(const char *db, int n, int64_t now)
{
	static const int units[] = {U_BKPP, U_A, U_A1, U_X, U_B, U_C};
	netra_store *st = NULL;
	int64_t id;
	int i, k, rc;

	if ((rc = netra_store_open(&st, db)) || (rc = fx_org(st)))
		goto done;
	if ((rc = store_begin(st)))
		goto done;
	for (i = 0; !rc && i < n; i++)
		for (k = 0; !rc && k < 6; k++)
			rc = fx_finding(&id, st, units[k], now);
	rc = rc ? (store_rollback(st), rc) : store_commit(st);
done:
	if (rc)
		fprintf(stderr, "seed: %s\n", netra_error_last());
	netra_store_close(st);
	return rc ? 1 : 0;
}

/* Findings whose state differs from their last transition's to_state, or
 * whose last transition has no audit row with the same action and time. */
static const char sql_mismatch[] =
    "SELECT count(*) FROM findings f WHERE f.state IS DISTINCT FROM (SELECT "
    "t.to_state FROM finding_transitions t WHERE t.finding_id = f.id "
    "ORDER BY t.id DESC LIMIT 1) OR NOT EXISTS (SELECT 1 FROM "
    "finding_transitions t JOIN audit_log a ON a.object = 'finding:' || "
    "t.finding_id AND a.action = t.action AND a.at = t.at AND a.actor = "
    "t.actor WHERE t.finding_id = f.id AND t.id = (SELECT max(id) FROM "
    "finding_transitions WHERE finding_id = f.id))";

static const char sql_counts[] =
    "SELECT (SELECT count(*) FROM finding_transitions) - (SELECT count(*) "
    "FROM audit_log WHERE action IN ('create', 'review', 'confirm', "
    "'dismiss', 'verify', 'forward', 'close', 'escalate'))";

static int count(const char *db, const char *sql, int64_t *out)
{
	netra_store *st = NULL;
	int rc = netra_store_open(&st, db);

	if (!rc)
		rc = store_query_int64(out, st, sql, NULL, 0);
	if (rc)
		fprintf(stderr, "count: %s\n", netra_error_last());
	netra_store_close(st);
	return rc;
}

static int check(const char *db)
{
	int64_t bad = 0, diff = 0;

	if (count(db, sql_mismatch, &bad) || count(db, sql_counts, &diff))
		return 1;
	if (bad || diff) {
		fprintf(stderr,
		        "inconsistent: %lld findings differ from their "
		        "history; transitions - audit rows = %lld\n",
		        (long long)bad, (long long)diff);
		return 1;
	}
	printf("consistent\n");
	return 0;
}

static void test_seed_and_check(void **state)
{
	const char *db = "wf_seed_test.db";
	int64_t n = 0;

	(void)state;
	remove(db);
	assert_int_equal(seed(db, 2, 1727928000), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM findings", &n), 0);
	assert_int_equal(n, 12);
	assert_int_equal(check(db), 0);
	remove(db);
	remove("wf_seed_test.db-wal");
	remove("wf_seed_test.db-shm");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed_and_check),
	};
	int64_t n = 0;

	if (argc >= 4 && strcmp(argv[1], "--seed") == 0)
		return seed(argv[2], atoi(argv[3]),
		            argc > 4 ? strtoll(argv[4], NULL, 10) : wf_now());
	if (argc == 3 && strcmp(argv[1], "--check") == 0)
		return check(argv[2]);
	if (argc == 4 && strcmp(argv[1], "--count") == 0) {
		if (count(argv[2], argv[3], &n))
			return 1;
		printf("%lld\n", (long long)n);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
