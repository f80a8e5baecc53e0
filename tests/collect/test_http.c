/*
 * tests/collect/test_http.c - the collectors' shared HTTP client and
 * helpers (collect/http.c, creds.c, modules.c): backoff with jitter,
 * rate-limit headers, URL encoding, the credentials file's mode check,
 * delete events, id order, and retries and the hourly budget with a fake
 * clock against a port nobody listens on (the real exchanges with a
 * server are in tests/integration/collect_*.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>

#include "collect/collector.h"

static void test_backoff(void **state)
{
	(void)state;
	assert_int_equal(collect_backoff_ms(1, 1000, 60000, 0.0), 0);
	assert_int_equal(collect_backoff_ms(1, 1000, 60000, 0.999999), 1000);
	assert_int_equal(collect_backoff_ms(2, 1000, 60000, 0.999999), 2000);
	assert_int_equal(collect_backoff_ms(4, 1000, 60000, 0.5), 4000);
	/* capped */
	assert_int_equal(collect_backoff_ms(30, 1000, 60000, 0.999999), 60000);
	assert_true(collect_backoff_ms(30, 1000, 60000, 0.25) <= 15001);
	/* out-of-range r is clamped */
	assert_int_equal(collect_backoff_ms(1, 1000, 60000, -3.0), 0);
	assert_true(collect_backoff_ms(1, 1000, 60000, 7.0) <= 1000);
}

static void hdr(struct collect_ratelimit *rl, const char *name,
                const char *value)
{
	collect_headers_x(rl, name, strlen(name), value, 0);
}

static void test_headers_x(void **state)
{
	struct collect_ratelimit rl = {-1, -1, -1, -1};

	(void)state;
	hdr(&rl, "x-rate-limit-limit", "900");
	hdr(&rl, "X-Rate-Limit-Remaining", "0");
	hdr(&rl, "x-rate-limit-reset", "1733500000");
	hdr(&rl, "x-rate-limit-resetx", "5");
	assert_int_equal(rl.limit, 900);
	assert_int_equal(rl.remaining, 0);
	assert_int_equal(rl.reset_at, 1733500000);
	hdr(&rl, "x-rate-limit-remaining", "12a");
	assert_int_equal(rl.remaining, -1);
	hdr(&rl, "x-rate-limit-limit", "");
	assert_int_equal(rl.limit, -1);
	hdr(&rl, "x-rate-limit-reset", "99999999999999999999999");
	assert_int_equal(rl.reset_at, -1);
}

static void test_url(void **state)
{
	struct sbuf b = SBUF_INIT;

	(void)state;
	assert_int_equal(collect_url_path(&b, "/2/users/by/username/"), 0);
	assert_int_equal(collect_url_segment(&b, "budi/../x?y"), 0);
	assert_int_equal(collect_url_param(&b, "user.fields", "id,protected"),
	                 0);
	assert_int_equal(collect_url_param(&b, "since_id", ""), 0);
	assert_int_equal(collect_url_param(&b, "pagination_token", "a b&c"),
	                 0);
	assert_string_equal(b.data, "/2/users/by/username/budi%2F..%2Fx%3Fy"
	                            "?user.fields=id%2Cprotected"
	                            "&pagination_token=a%20b%26c");
	sbuf_free(&b);
}

static void test_delete_event(void **state)
{
	struct sbuf b = SBUF_INIT;
	json_t *j;
	json_error_t e;

	(void)state;
	assert_int_equal(
	    collect_delete_event(&b, "x", "budi_s", "1834", 1733500000,
	                         "{\"title\":\"Not Found Error\"}"),
	    0);
	assert_string_equal(
	    b.data, "{\"platform\":\"x\",\"id\":\"delete:1834\",\"type\":"
	            "\"delete\",\"account\":\"budi_s\",\"created_at\":"
	            "\"2024-12-06T15:46:40Z\",\"target\":{\"id\":\"1834\"},"
	            "\"seen_gone\":{\"title\":\"Not Found Error\"}}\n");
	j = json_loads(b.data, 0, &e);
	assert_non_null(j);
	json_decref(j);
	sbuf_free(&b);
}

static void test_id_cmp(void **state)
{
	(void)state;
	assert_true(collect_id_cmp("9", "10") < 0);
	assert_true(collect_id_cmp("1834", "1834") == 0);
	assert_true(collect_id_cmp("007", "7") == 0);
	assert_true(collect_id_cmp("1460323737035677698",
	                            "1460323737035677697") > 0);
	assert_true(collect_id_cmp("abc", "abd") < 0);
	assert_string_equal(collect_status_name(COLLECT_SUSPENDED),
	                    "suspended");
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_creds(void **state)
{
	char dir[] = "/tmp/netra-creds-XXXXXX", path[128];
	struct collect_creds *c = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/creds", dir);
	write_file(path, "# X API\nbearer_token = AAAA secret\n\n", 0644);
	assert_int_equal(collect_creds_load(&c, path), NETRA_EDENIED);
	assert_non_null(strstr(netra_error_last(), "chmod 600"));
	assert_null(strstr(netra_error_last(), "AAAA"));
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(collect_creds_load(&c, path), NETRA_EDENIED);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(collect_creds_load(&c, path), 0);
	assert_string_equal(collect_creds_get(c, "bearer_token"),
	                    "AAAA secret");
	assert_null(collect_creds_get(c, "api_key"));
	collect_creds_free(c);
	write_file(path, "bearer_token\n", 0600);
	assert_int_equal(collect_creds_load(&c, path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "creds:1:"));
	write_file(path, "a = 1\na = 2\n", 0400);
	assert_int_equal(collect_creds_load(&c, path), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "creds:2:"));
	unlink(path);
	assert_int_equal(collect_creds_load(&c, path), NETRA_ENOTFOUND);
	rmdir(dir);
}

/* A fake clock: sleeping moves it. */
struct clock {
	int64_t now_ms;
	int64_t slept[16];
	int nslept;
	int budget_calls, budget_spent_until;
};

static int64_t fake_now(void *ctx)
{
	return ((struct clock *)ctx)->now_ms;
}

static void fake_sleep(void *ctx, int64_t ms)
{
	struct clock *c = ctx;

	if (c->nslept < 16)
		c->slept[c->nslept++] = ms;
	c->now_ms += ms;
}

/* Spent for the first call, renewing 100 s later. */
static int fake_budget(void *ctx, const char *platform, int64_t *until)
{
	struct clock *c = ctx;

	assert_string_equal(platform, "x");
	if (c->budget_calls++ == 0) {
		*until = c->now_ms / 1000 + 100;
		return 1;
	}
	return 0;
}

static void test_retries_and_budget(void **state)
{
	struct clock clk = {1733500000000, {0}, 0, 0, 0};
	struct collect_http_config cfg = {0};
	struct collect_response r = {0};
	struct collect_http *h = NULL;

	(void)state;
	cfg.platform = "x";
	cfg.base_url = "http://127.0.0.1:1"; /* nobody listens */
	cfg.bearer = "SECRET-TOKEN";
	cfg.max_attempts = 3;
	cfg.connect_timeout_ms = 2000;
	cfg.now_ms = fake_now;
	cfg.sleep_ms = fake_sleep;
	cfg.clock_ctx = &clk;
	cfg.budget = fake_budget;
	cfg.budget_ctx = &clk;
	assert_int_equal(collect_http_new(&h, &cfg), 0);
	assert_int_equal(collect_http_get(&r, h, "users/:id/tweets",
	                                  "/2/users/1/tweets?x=SECRET-TOKEN"),
	                 NETRA_EIO);
	assert_null(strstr(netra_error_last(), "SECRET"));
	assert_non_null(strstr(netra_error_last(), "after 3 attempts"));
	assert_int_equal(r.attempts, 3);
	assert_int_equal(collect_http_requests(h), 3);
	/* one wait for the budget (100 s), then two backoffs within
	 * [0, 1 s] and [0, 2 s] */
	assert_int_equal(clk.nslept, 3);
	assert_true(clk.slept[0] == 100000);
	assert_true(clk.slept[1] <= 1000);
	assert_true(clk.slept[2] <= 2000);
	assert_int_equal(clk.budget_calls, 4);
	collect_http_free(h);
	/* a budget further away than max_wait: NETRA_ESTATE at once */
	clk.budget_calls = 0;
	cfg.max_wait = 50;
	assert_int_equal(collect_http_new(&h, &cfg), 0);
	assert_int_equal(collect_http_get(&r, h, "r", "/"), NETRA_ESTATE);
	assert_non_null(strstr(netra_error_last(), "budget"));
	assert_int_equal(collect_http_requests(h), 0);
	collect_http_free(h);
	collect_response_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_backoff),
	    cmocka_unit_test(test_headers_x),
	    cmocka_unit_test(test_url),
	    cmocka_unit_test(test_delete_event),
	    cmocka_unit_test(test_id_cmp),
	    cmocka_unit_test(test_creds),
	    cmocka_unit_test(test_retries_and_budget),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
