/*
 * tests/collect/test_status.c - the figures of `netra collect status`
 * (collect/status.c) and the account leases (collect/store.c) on a
 * temporary SQLite store with hand-placed rows: watched, last success,
 * events and errors of the last day, unreachable, possibly renamed and
 * silent accounts (median of the weekly counts of days 14-42 before now
 * at least one, nothing in the last 14 days) beside accounts that are
 * not silent; a lease held by a live process, taken back from a dead
 * one, and an account not taken twice in one round.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "collect/collect_int.h"
#include "store/store.h"

#define NOW  1800000000LL
#define DAY  86400LL
#define WEEK (7 * DAY)

struct fx {
	char dir[64];
	char db[128];
	netra_store *st;
};

static void exec(netra_store *st, const char *sql)
{
	if (store_exec(st, sql))
		fail_msg("%s: %s", sql, netra_error_last());
}

/* An event of account acct at time t (created_at; NULL created_at when
 * t < 0: captured at -t). */
static void event(netra_store *st, int acct, int64_t t, const char *source)
{
	static int serial;
	char sql[512];

	++serial;
	if (t >= 0)
		snprintf(sql, sizeof(sql),
		         "INSERT INTO events (platform, event_id, type,"
		         " account_id, account, created_at, raw, source,"
		         " ingested_at) VALUES ('x', 'e%d', 'post', %d, 'a',"
		         " %lld, '{}', '%s', %lld)",
		         serial, acct, (long long)t, source,
		         (long long)(NOW - 3600));
	else
		snprintf(sql, sizeof(sql),
		         "INSERT INTO events (platform, event_id, type,"
		         " account_id, account, created_at, raw, source,"
		         " ingested_at) VALUES ('x', 'e%d', 'like', %d, 'a',"
		         " NULL, '{}', '%s', %lld)",
		         serial, acct, source, (long long)-t);
	exec(st, sql);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/netra-cstatus-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	if (netra_store_open(&f->st, f->db))
		return -1;
	exec(f->st,
	     "INSERT INTO units (code, name, kind, updated_at) VALUES"
	     " ('A', 'Dinas A', 'OPD', 0), ('B', 'Dinas B', 'OPD', 0);"
	     "INSERT INTO employees (staff_key, name, unit_id, status,"
	     " updated_at) VALUES ('S1', 'P1', 1, 'PNS', 0),"
	     " ('S2', 'P2', 2, 'PNS', 0);"
	     "INSERT INTO accounts (employee_id, platform, handle, updated_at)"
	     " VALUES (1, 'x', 'a1', 0), (1, 'x', 'a2', 0), (2, 'x', 'b1', 0),"
	     " (2, 'x', 'b2', 0), (2, 'x', 'b3', 0);"
	     "INSERT INTO accounts (employee_id, platform, handle, active,"
	     " updated_at) VALUES (2, 'x', 'b_off', 0, 0);"
	     "UPDATE accounts SET status = 'suspended' WHERE handle = 'b3';");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];

	netra_store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static const struct collect_status_row *
row(const struct collect_status_row *r, size_t n, const char *unit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(r[i].platform, "x") == 0 &&
		    strcmp(r[i].unit, unit) == 0)
			return &r[i];
	fail_msg("no row for unit '%s'", unit);
	return NULL;
}

static void test_status(void **state)
{
	struct fx *f = *state;
	struct collect_status_row *r = NULL;
	size_t n = 0;
	int k;

	/* a1 (id 1): weekly 1-2 events in weeks 3-6, nothing since: silent */
	for (k = 0; k < 4; k++)
		event(f->st, 1, NOW - (int64_t)(15 + 7 * k) * DAY, "collect:x");
	event(f->st, 1, NOW - 16 * DAY, "collect:x");
	/* a2 (id 2): the same, and one like captured 3 days ago: not silent */
	for (k = 0; k < 4; k++)
		event(f->st, 2, NOW - (int64_t)(15 + 7 * k) * DAY, "collect:x");
	event(f->st, 2, -(NOW - 3 * DAY), "collect:x");
	/* b1 (id 3): one event in only two of the four weeks: median 0.5 */
	event(f->st, 3, NOW - 15 * DAY, "collect:x");
	event(f->st, 3, NOW - 22 * DAY, "collect:x");
	/* b2 (id 4): the same weeks filled, but from a file, not collected */
	for (k = 0; k < 4; k++)
		event(f->st, 4, NOW - (int64_t)(15 + 7 * k) * DAY, "f.jsonl");
	/* b3 (id 5) suspended, with a collected event today */
	event(f->st, 5, NOW - 600, "collect:x");
	exec(f->st,
	     "INSERT INTO collect_accounts (account_id, module, last_success)"
	     " VALUES (1, 'x', 1799990000), (1, 'x-gallerydl', 1700000000),"
	     " (3, 'x', 1799000000);"
	     "INSERT INTO collect_errors (at, platform, account_id, endpoint,"
	     " owner, message) VALUES (1799999000, 'x', 3, 'tweets', 'o', 'e'),"
	     " (1790000000, 'x', 3, 'tweets', 'o', 'old'),"
	     " (1799999500, 'x', NULL, 'round', 'o', 'budget');");
	assert_int_equal(collect_status_rows(&r, &n, f->st, NOW), 0);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].unit, ""); /* the total first */
	assert_int_equal(row(r, n, "")->watched, 5);
	assert_int_equal(row(r, n, "A")->watched, 2);
	assert_int_equal(row(r, n, "B")->watched, 3);
	assert_int_equal(row(r, n, "A")->silent, 1);
	assert_int_equal(row(r, n, "B")->silent, 0);
	assert_int_equal(row(r, n, "")->silent, 1);
	assert_int_equal(row(r, n, "B")->unreachable, 1);
	assert_int_equal(row(r, n, "A")->last_success, 1799990000);
	assert_int_equal(row(r, n, "B")->last_success, 1799000000);
	/* ingested within the day: every collected event above was
	 * ingested an hour before now, except a2's like (3 days) */
	assert_int_equal(row(r, n, "A")->events_day, 9);
	assert_int_equal(row(r, n, "B")->events_day, 3);
	assert_int_equal(row(r, n, "B")->errors_day, 1);
	assert_int_equal(row(r, n, "")->errors_day, 2);
	assert_string_equal(row(r, n, "B")->unit_name, "Dinas B");
	assert_int_equal(row(r, n, "")->maybe_renamed, 0);
	free(r);
	/* a1 not found by its handle, its id known: possibly renamed,
	 * counted so, neither silent nor unreachable */
	exec(f->st,
	     "UPDATE accounts SET status = 'maybe_renamed' WHERE id = 1");
	assert_int_equal(collect_status_rows(&r, &n, f->st, NOW), 0);
	assert_int_equal(row(r, n, "A")->maybe_renamed, 1);
	assert_int_equal(row(r, n, "")->maybe_renamed, 1);
	assert_int_equal(row(r, n, "A")->silent, 0);
	assert_int_equal(row(r, n, "A")->unreachable, 0);
	free(r);
}

static int claim(struct fx *f, const char *module, const char *owner,
                 int64_t at, int64_t until, int64_t due)
{
	return collect_claim(f->st, 1, module, owner, at, at * 1000, until,
	                     due);
}

static void test_claims(void **state)
{
	struct fx *f = *state;
	int64_t due = NOW * 1000;

	/* a live process (this one) holds account 1 */
	assert_int_equal(claim(f, "x", "host:1:a", NOW, NOW + 60, due), 1);
	assert_int_equal(claim(f, "x", "other:2:b", NOW + 1, NOW + 61, due), 0);
	/* expired: taken by a collector whose round began after the claim
	 * (one whose round began before it leaves it to the next round) */
	assert_int_equal(claim(f, "x", "other:2:b", NOW + 61, NOW + 120, due),
	                 0);
	assert_int_equal(claim(f, "x", "other:2:b", NOW + 61, NOW + 120,
	                       (NOW + 61) * 1000),
	                 1);
	assert_int_equal(collect_release(f->st, 1, "x", "other:2:b", 1,
	                                 NOW + 62),
	                 0);
	/* released, but taken since the round began: not again this round */
	assert_int_equal(claim(f, "x", "third:3:c", NOW + 63, NOW + 120, due),
	                 0);
	/* a round that began within the same second as the last claim, but
	 * after it, takes it (claims are ordered by the millisecond) */
	assert_int_equal(claim(f, "x", "third:3:c", NOW + 63, NOW + 120,
	                       (NOW + 61) * 1000 + 1),
	                 1);
	/* another module of the same platform has a lease of its own */
	assert_int_equal(claim(f, "x-gallerydl", "third:3:c", NOW + 63,
	                       NOW + 120, due),
	                 1);
	/* the next round */
	assert_int_equal(claim(f, "x", "fourth:4:d", NOW + 900, NOW + 960,
	                       (NOW + 900) * 1000),
	                 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_status, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_claims, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
