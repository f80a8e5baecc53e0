/*
 * tests/workflow/test_auth.c - src/workflow/auth.c: the password policy,
 * logging in (an unknown user answers as a wrong password does, refusals
 * audited), throttling in the store (slows down, never locks out, is
 * forgotten), changing one's own password, BKPP's reset and disabling
 * within its scope (outside it: as an unknown user), personal tokens, and
 * user lists scoped like everything else. Uses the wf_fixture.h
 * organisation (password "rahasia-uji-123").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "netra/common.h"
#include "wf_fixture.h"
#include "workflow/auth.h"

#define T0 1727928000
#define PW "rahasia-uji-123"

static int64_t audits(netra_store *st, const char *action)
{
	const char *args[1] = {action};
	int64_t n = -1;

	assert_int_equal(store_query_int64(&n, st,
	                                   "SELECT count(*) FROM audit_log "
	                                   "WHERE action = ?",
	                                   args, 1),
	                 0);
	return n;
}

static void test_policy(void **state)
{
	(void)state;
	assert_int_equal(wf_password_check("sari", "pendek"), NETRA_EINVALID);
	assert_int_equal(wf_password_check("sari", "aaaaaaaaaaaa"),
	                 NETRA_EINVALID);
	assert_int_equal(wf_password_check("sari", "          "),
	                 NETRA_EINVALID);
	assert_int_equal(wf_password_check("sari", "\t \t \t \t \t "),
	                 NETRA_EINVALID);
	assert_int_equal(wf_password_check("sari", "abababababab"),
	                 NETRA_EINVALID);
	assert_int_equal(wf_password_check("sari", "sandi-SARI-2024"),
	                 NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "user name"));
	assert_null(strstr(netra_error_last(), "2024"));
	assert_int_equal(wf_password_check("sari", "kuda-lari-cepat"), 0);
}

static void test_login(void **state)
{
	netra_store *st = *state;
	char wrong[256];
	int64_t wait = -1;

	assert_int_equal(wf_login(&wait, st, "opd_b", PW, "10.0.0.1", T0), 0);
	assert_int_equal(wait, 0);
	assert_int_equal(audits(st, "login"), 1);
	assert_int_equal(wf_login(NULL, st, "opd_b", "salah-sekali-9", "10.0.0.1",
	                          T0),
	                 NETRA_EDENIED);
	snprintf(wrong, sizeof(wrong), "%s", netra_error_last());
	/* an unknown user: the same code and the same message */
	assert_int_equal(wf_login(NULL, st, "tidak_ada", "salah-sekali-9",
	                          "10.0.0.1", T0),
	                 NETRA_EDENIED);
	assert_string_equal(netra_error_last(), wrong);
	assert_int_equal(audits(st, "login_failed"), 2);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE action = "
	                        "'login_failed' AND actor = 'unknown' AND "
	                        "object = 'user:?' AND ? > 0",
	                        1),
	                 1);
	/* the unaudited check answers alike too */
	assert_int_equal(wf_user_check_password(st, "tidak_ada", PW),
	                 NETRA_EDENIED);
	assert_string_equal(netra_error_last(), wrong);
}

static void test_throttle(void **state)
{
	netra_store *st = *state;
	int64_t wait = 0, t = T0;
	int i;

	for (i = 0; i < WF_THROTTLE_USER_FREE; i++)
		assert_int_equal(wf_login(&wait, st, "opd_a", "tebakan-salah-1",
		                          "10.0.0.2", t),
		                 NETRA_EDENIED);
	assert_int_equal(wait, 0);
	/* the next failure makes the account wait */
	assert_int_equal(wf_login(&wait, st, "opd_a", "tebakan-salah-1",
	                          "10.0.0.3", t),
	                 NETRA_EDENIED);
	assert_int_equal(wf_login_wait(&wait, st, "opd_a", "10.0.0.9", t), 0);
	assert_true(wait > 0);
	/* while waiting, even the right password is not tried; the refusal
	 * is audited and does not push the wait further out */
	assert_int_equal(wf_login(&wait, st, "opd_a", PW, "10.0.0.9", t),
	                 NETRA_EDENIED);
	assert_true(wait > 0 && wait <= WF_THROTTLE_MAX_WAIT);
	assert_true(fx_int(st,
	                   "SELECT count(*) FROM audit_log WHERE detail LIKE "
	                   "'%throttled%' AND ? > 0",
	                   1) >= 1);
	/* more failures: the wait grows to the cap and never beyond */
	for (i = 0; i < 7; i++) {
		t += WF_THROTTLE_MAX_WAIT;
		assert_int_equal(wf_login(&wait, st, "opd_a", "tebakan-salah-1",
		                          "10.0.0.4", t),
		                 NETRA_EDENIED);
	}
	assert_int_equal(wf_login_wait(&wait, st, "opd_a", "10.0.0.9", t), 0);
	assert_true(wait > 0 && wait <= WF_THROTTLE_MAX_WAIT);
	/* no lock-out: after the wait the right password works, and a
	 * success forgets the failures */
	t += WF_THROTTLE_MAX_WAIT;
	assert_int_equal(wf_login(&wait, st, "opd_a", PW, "10.0.0.9", t), 0);
	assert_int_equal(wf_login_wait(&wait, st, "opd_a", "10.0.0.9", t), 0);
	assert_int_equal(wait, 0);
	/* a client failing on many accounts is slowed down too (its
	 * counter set directly: WF_THROTTLE_CLIENT_FREE argon2 runs would
	 * make this test slow) */
	assert_int_equal(wf_login(NULL, st, "tebak", "tebakan-salah-1",
	                          "10.6.6.6", t),
	                 NETRA_EDENIED);
	assert_int_equal(fx_int(st,
	                        "SELECT failures FROM login_throttle WHERE "
	                        "key = 'client:10.6.6.6' AND ? > 0",
	                        1),
	                 1);
	{
		char sql[160];

		snprintf(sql, sizeof(sql),
		         "UPDATE login_throttle SET failures = %d WHERE key = "
		         "'client:10.6.6.6'",
		         WF_THROTTLE_CLIENT_FREE + 1);
		assert_int_equal(store_exec(st, sql), 0);
	}
	assert_int_equal(wf_login_wait(&wait, st, "opd_b", "10.6.6.6", t), 0);
	assert_true(wait > 0);
	assert_int_equal(wf_login(&wait, st, "opd_b", PW, "10.6.6.6", t),
	                 NETRA_EDENIED);
	assert_true(wait > 0);
	/* quiet for long: forgotten */
	assert_int_equal(wf_login_wait(&wait, st, "opd_b", "10.6.6.6",
	                               t + WF_THROTTLE_FORGET + 1),
	                 0);
	assert_int_equal(wait, 0);
}

static void test_password_change_reset(void **state)
{
	netra_store *st = *state;

	assert_int_equal(wf_password_change(NULL, st, "opd_x", "bukan-sandinya",
	                                    "sandi-baru-opd-x1", "c", T0),
	                 NETRA_EDENIED);
	assert_int_equal(audits(st, "password_change_failed"), 1);
	assert_int_equal(wf_password_change(NULL, st, "opd_x", PW,
	                                    "zzzzzzzzzzzz", "c", T0),
	                 NETRA_EINVALID);
	assert_int_equal(wf_password_change(NULL, st, "opd_x", PW, PW, "c", T0),
	                 NETRA_EINVALID);
	assert_int_equal(wf_password_change(NULL, st, "opd_x", PW,
	                                    "sandi-baru-satu-1", "c", T0),
	                 0);
	assert_int_equal(wf_user_check_password(st, "opd_x", PW),
	                 NETRA_EDENIED);
	assert_int_equal(wf_user_check_password(st, "opd_x",
	                                        "sandi-baru-satu-1"),
	                 0);
	/* reset: bkpp within its scope; an opd may not; operator may */
	assert_int_equal(wf_password_reset(st, "opd_a", "opd_x",
	                                   "sandi-reset-dua-2"),
	                 NETRA_EDENIED);
	assert_int_equal(wf_password_reset(st, "bkpp1", "opd_x",
	                                   "sandi-reset-dua-2"),
	                 0);
	assert_int_equal(wf_user_check_password(st, "opd_x",
	                                        "sandi-reset-dua-2"),
	                 0);
	assert_int_equal(wf_password_reset(st, "operator:uji", "opd_x", PW), 0);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM audit_log WHERE action = "
	                        "'password_reset' AND actor = 'operator:uji' "
	                        "AND ? > 0",
	                        1),
	                 1);
}

/* A bkpp user whose scope is DINAS-A's subtree only. */
static void add_bkpp_a(netra_store *st)
{
	if (wf_user_check_password(st, "bkpp_a", "sandi-bkpp-alfa") != 0)
		assert_int_equal(wf_user_add(NULL, st, "bkpp_a", WF_ROLE_BKPP,
		                             "DINAS-A", NULL, "sandi-bkpp-alfa",
		                             "bkpp1"),
		                 0);
}

static void test_scope_and_disable(void **state)
{
	netra_store *st = *state;
	struct wf_user u;
	json_t *list = NULL;

	add_bkpp_a(st);
	/* outside the actor's scope: the answer of an unknown user */
	assert_int_equal(wf_user_set_active(st, "bkpp_a", "opd_b", 0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_user_set_active(st, "bkpp_a", "tidak_ada", 0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_password_reset(st, "bkpp_a", "opd_b",
	                                   "sandi-reset-tiga"),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_user_set_active(st, "bkpp_a", "bkpp_a", 0),
	                 NETRA_EINVALID);
	assert_int_equal(wf_user_set_active(st, "opd_a", "opd_x", 0),
	                 NETRA_EDENIED);
	/* user list: the actor's subtree */
	assert_int_equal(wf_user_list(&list, st, "bkpp_a"), 0);
	assert_int_equal(json_array_size(list), 3); /* bkpp_a, opd_a, opd_x */
	json_decref(list);
	/* disable: no login, no token, no acting */
	assert_int_equal(wf_user_set_active(st, "bkpp_a", "opd_x", 0), 0);
	assert_int_equal(audits(st, "user_disable"), 1);
	assert_int_equal(wf_login(NULL, st, "opd_x", PW, "c", T0),
	                 NETRA_EDENIED);
	assert_int_equal(wf_user_get(&u, st, "opd_x"), NETRA_ENOTFOUND);
	assert_int_equal(wf_user_list(&list, st, "bkpp_a"), 0);
	assert_int_equal(json_array_size(list), 3); /* still listed */
	json_decref(list);
	assert_int_equal(wf_user_set_active(st, "bkpp_a", "opd_x", 1), 0);
	assert_int_equal(wf_login(NULL, st, "opd_x", PW, "c", T0), 0);
}

static void test_tokens(void **state)
{
	netra_store *st = *state;
	char tok[WF_TOKEN_LEN + 1], tok2[WF_TOKEN_LEN + 1];
	struct wf_user u;
	int64_t n = 0;

	/* a user for themself, and bkpp for a user of its scope */
	assert_int_equal(wf_token_issue(tok, sizeof(tok), st, "opd_b", "opd_b",
	                                "laptop"),
	                 0);
	assert_int_equal(strlen(tok), WF_TOKEN_LEN);
	assert_int_equal(wf_token_issue(tok2, sizeof(tok2), st, "opd_a",
	                                "opd_b", NULL),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_token_issue(tok2, sizeof(tok2), st, "bkpp1",
	                                "opd_b", NULL),
	                 0);
	/* only the hash is stored */
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM user_tokens WHERE "
	                        "length(hash) = 64 AND ? > 0",
	                        1),
	                 2);
	assert_int_equal(wf_token_user(&u, st, tok), 0);
	assert_string_equal(u.name, "opd_b");
	assert_int_equal(wf_token_user(&u, st, "nt_palsu"), NETRA_EDENIED);
	assert_int_equal(audits(st, "token_refused"), 1);
	/* a disabled user's token is refused */
	assert_int_equal(wf_user_set_active(st, "bkpp1", "opd_b", 0), 0);
	assert_int_equal(wf_token_user(&u, st, tok), NETRA_EDENIED);
	assert_int_equal(wf_user_set_active(st, "bkpp1", "opd_b", 1), 0);
	assert_int_equal(wf_token_revoke(&n, st, "bkpp1", "opd_b"), 0);
	assert_int_equal(n, 2);
	assert_int_equal(wf_token_user(&u, st, tok2), NETRA_EDENIED);
}

/* One store for the group (each user add is an argon2id hash: a fresh
 * organisation per test would make this test slow); the tests use
 * different users and clients, and run in this order. */
int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_login),
	    cmocka_unit_test(test_throttle),
	    cmocka_unit_test(test_password_change_reset),
	    cmocka_unit_test(test_scope_and_disable),
	    cmocka_unit_test(test_tokens),
	};
	return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
