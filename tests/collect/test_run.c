/*
 * tests/collect/test_run.c - what an error costs in a collector run
 * (collect/run.c): the origin of an error decides, never its code or its
 * message. A module's own NETRA_EIO (a transport failure, its message not
 * naming the platform) costs its account only: recorded, the next
 * accounts collected. A failure of the store stops the run: in a page's
 * commit (its cursor's table gone), or under a module's request (the
 * hourly budget's table gone: the module passes on whatever code, the
 * run still knows it was the store's). A fake module (collect_run_opts
 * .module) over a temporary SQLite store; it sends nothing anywhere.
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
#include "util/error.h"

struct fx {
	char dir[64];
	char db[128];
	char rejects[160];
	netra_store *st;
};

static struct fx *cur; /* the fake module's view of the test */
static int fetches;     /* fetch() calls per account, by account id */
static int fetched[8];
static const char *drop_at_fetch; /* SQL run at a3's fetch */
static int request_at_fetch;      /* fetch sends a request (budget) */

static void exec(netra_store *st, const char *sql)
{
	if (store_exec(st, sql))
		fail_msg("%s: %s", sql, netra_error_last());
}

static int64_t count(netra_store *st, const char *sql)
{
	store_stmt *s = NULL;
	int64_t n = -1;

	if (store_prepare(&s, st, sql) == 0 && store_step(s) == STORE_ROW)
		n = store_column_int64(s, 0);
	store_finalize(s);
	return n;
}

static int fake_resolve(struct collect_profile *out, struct collect_env *env,
                        const struct collect_account *acct)
{
	(void)env;
	snprintf(out->uid, sizeof(out->uid), "%lld", 900 + (long long)acct->id);
	snprintf(out->handle, sizeof(out->handle), "%s", acct->handle);
	out->status = COLLECT_ACTIVE;
	return 0;
}

/* a1: a transport failure as a module reports it; a3: the store breaks
 * (drop_at_fetch); the others: one post each. */
static int fake_fetch(struct collect_page *page, struct collect_env *env,
                      const struct collect_account *acct, const char *ep)
{
	struct collect_response resp = {0};
	int rc;

	(void)ep;
	fetches++;
	fetched[acct->id & 7]++;
	if (request_at_fetch) {
		rc = collect_http_get(&resp, env->http, "posts", "/posts");
		collect_response_free(&resp);
		if (rc)
			return rc;
	}
	if (strcmp(acct->handle, "a1") == 0)
		return err_set(NETRA_EIO, "connection reset by peer");
	if (strcmp(acct->handle, "a3") == 0 && drop_at_fetch)
		exec(cur->st, drop_at_fetch);
	page->done = 1;
	snprintf(page->cursor.since, sizeof(page->cursor.since), "1");
	if (sbuf_printf(&page->body,
	                "{\"platform\":\"x\",\"id\":\"t%lld\",\"type\":"
	                "\"post\",\"account\":\"%s\",\"created_at\":"
	                "\"2026-12-01T00:00:00Z\",\"text\":\"halo\"}\n",
	                (long long)acct->id, acct->handle))
		return err_oom();
	return 0;
}

static const char *const fake_endpoints[] = {"posts", NULL};
static const struct collect_module fake_module = {
    .platform = "x",
    .default_base_url = "http://127.0.0.1:9",
    .endpoints = fake_endpoints,
    .resolve = fake_resolve,
    .fetch = fake_fetch,
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/netra-crun-XXXXXX");
	if (!f || !mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->rejects, sizeof(f->rejects), "%s/rejects.jsonl", f->dir);
	if (netra_store_open(&f->st, f->db))
		return -1;
	exec(f->st,
	     "INSERT INTO units (code, name, kind, updated_at) VALUES"
	     " ('A', 'Dinas A', 'OPD', 0);"
	     "INSERT INTO employees (staff_key, name, unit_id, status,"
	     " updated_at) VALUES ('S1', 'P1', 1, 'PNS', 0);"
	     "INSERT INTO accounts (employee_id, platform, handle, updated_at)"
	     " VALUES (1, 'x', 'a1', 0), (1, 'x', 'a2', 0), (1, 'x', 'a3', 0),"
	     " (1, 'x', 'a4', 0);");
	cur = f;
	fetches = 0;
	memset(fetched, 0, sizeof(fetched));
	drop_at_fetch = NULL;
	request_at_fetch = 0;
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

/* One round of the fake module over every account; the election window
 * (the demo profile, widened by a century each way) holds now. */
static int run(struct fx *f, struct collect_run_result *res, int64_t budget)
{
	struct collect_conf conf;
	struct collect_run_opts o;
	const char *src = getenv("NETRA_SRC");
	char path[512];
	int rc;

	collect_conf_defaults(&conf);
	snprintf(path, sizeof(path), "%s/data/demo/election.yaml",
	         src ? src : "..");
	conf.election = strdup(path);
	conf.rejects = strdup(f->rejects);
	conf.margin_before = conf.margin_after = 36500;
	snprintf(conf.platforms[0].platform, sizeof(conf.platforms[0].platform),
	         "x");
	conf.platforms[0].hourly_budget = budget;
	conf.platforms[0].max_attempts = 1;
	conf.nplatforms = 1;
	memset(&o, 0, sizeof(o));
	o.conf = &conf;
	o.once = 1;
	o.module = &fake_module;
	rc = collect_run(res, f->st, &o);
	collect_conf_free(&conf);
	return rc;
}

static void test_module_eio_costs_its_account(void **state)
{
	struct fx *f = *state;
	struct collect_run_result res;

	assert_int_equal(run(f, &res, 0), 0);
	assert_int_equal(res.accounts, 4);
	assert_int_equal(res.errors, 1);
	assert_int_equal(res.ingested, 3);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM collect_errors"
	                              " WHERE account_id = 1 AND message ="
	                              " 'connection reset by peer'"),
	                 1);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM events"), 3);
}

static void test_store_failure_in_commit_stops(void **state)
{
	struct fx *f = *state;
	struct collect_run_result res;

	drop_at_fetch = "DROP TABLE collect_cursors";
	assert_int_equal(run(f, &res, 0), NETRA_EIO);
	assert_int_equal(fetched[3], 1);
	assert_int_equal(fetched[4], 0); /* the run stopped at a3 */
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM events"), 1);
	/* the store's failure is no account's error */
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM collect_errors"
	                              " WHERE account_id = 3"),
	                 0);
}

/* The budget is charged in the store under the module's request: the
 * module passes the failure on as its own error, the run knows better.
 * Before, the run went on and recorded it as each account's error. */
static void test_store_failure_under_module_stops(void **state)
{
	struct fx *f = *state;
	struct collect_run_result res;

	request_at_fetch = 1;
	exec(f->st, "DROP TABLE collect_budget");
	assert_int_not_equal(run(f, &res, 100), 0);
	assert_int_equal(fetches, 1);
	assert_int_equal(res.errors, 0);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM collect_errors"),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_module_eio_costs_its_account,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_store_failure_in_commit_stops,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_store_failure_under_module_stops, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
