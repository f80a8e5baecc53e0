/*
 * tests/workflow/test_worker.c - `netra worker`'s library side
 * (workflow/worker.h): the job list, one round of escalation and mail
 * over a store, the outbox claims (a mail under another sender's live
 * claim is not sent, nor one that failed before its back-off ends), and
 * store_lock_skip() on SQLite. The shared work across processes is
 * tests/integration/worker.sh.
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
#include "workflow/worker.h"

#define T0 1727928000 /* 2024-10-03T11:00:00+07:00, a Thursday */

static void test_jobs(void **state)
{
	unsigned j = 0;

	(void)state;
	assert_int_equal(wf_worker_jobs_parse(&j, "scan"), 0);
	assert_int_equal(j, WF_JOB_SCAN);
	assert_int_equal(wf_worker_jobs_parse(&j, "escalate,notify"), 0);
	assert_int_equal(j, WF_JOB_ESCALATE | WF_JOB_NOTIFY);
	assert_int_equal(wf_worker_jobs_parse(&j, "scan,notify,escalate"), 0);
	assert_int_equal(j, WF_JOB_SCAN | WF_JOB_NOTIFY | WF_JOB_ESCALATE);
	assert_int_equal(wf_worker_jobs_parse(&j, "media,scan,notify,escalate"),
	                 0);
	assert_int_equal(j, WF_JOB_ALL);
	assert_int_equal(wf_worker_jobs_parse(&j, "scan,media"), 0);
	assert_int_equal(j, WF_JOB_SCAN | WF_JOB_MEDIA);
	assert_int_equal(wf_worker_jobs_parse(&j, "scan,scan"), NETRA_EINVALID);
	assert_int_equal(wf_worker_jobs_parse(&j, "mail"), NETRA_EINVALID);
	assert_non_null(strstr(netra_error_last(), "'mail'"));
	assert_int_equal(wf_worker_jobs_parse(&j, "scan,"), NETRA_EINVALID);
	assert_int_equal(wf_worker_jobs_parse(&j, ""), NETRA_EINVALID);
	assert_int_equal(wf_worker_jobs_parse(&j, ",scan"), NETRA_EINVALID);
}

/* One round of escalate and notify without SMTP: the findings' mails are
 * composed once; a second round finds nothing to do. */
static void test_round(void **state)
{
	netra_store *st = *state;
	struct wf_worker_opts o;
	struct wf_worker_stats w;
	int64_t a, b;

	/* an hour after the findings: nothing overdue yet */
	setenv("NETRA_TEST_CLOCK", "2024-10-03T12:00", 1);
	assert_int_equal(fx_finding(&a, st, U_A, T0), 0);
	assert_int_equal(fx_finding(&b, st, U_B, T0), 0);
	memset(&o, 0, sizeof(o));
	o.jobs = WF_JOB_ESCALATE | WF_JOB_NOTIFY;
	o.once = 1;
	assert_int_equal(wf_worker_run(st, &o, &w), 0);
	assert_int_equal(w.rounds, 1);
	assert_true(w.mail.queued >= 2);
	assert_int_equal(w.mail.sent, 0);
	assert_int_equal(w.scan.judge_calls, 0);
	assert_non_null(strchr(w.owner, ':'));
	assert_int_equal(fx_int(st, "SELECT COUNT(*) FROM notifications "
	                            "WHERE queued_at IS NULL OR queued_at < ?",
	                        0),
	                 0);
	assert_int_equal(wf_worker_run(st, &o, &w), 0);
	assert_int_equal(w.mail.queued, 0);
	assert_int_equal(w.mail.escalated, 0);
	/* a week on, both are escalated once */
	setenv("NETRA_TEST_CLOCK", "2024-10-10T12:00", 1);
	assert_int_equal(wf_worker_run(st, &o, &w), 0);
	assert_int_equal(w.mail.escalated, 2);
	assert_int_equal(wf_worker_run(st, &o, &w), 0);
	assert_int_equal(w.mail.escalated, 0);
	unsetenv("NETRA_TEST_CLOCK");
}

/* Sending skips a mail under another sender's live claim and one whose
 * back-off has not ended; a claim that expired is taken over. Nothing
 * listens on the discard port: every send fails, and the failed mail
 * waits for its back-off. */
static void test_claims(void **state)
{
	netra_store *st = *state;
	struct wf_escalate_stats es;
	struct wf_smtp smtp;
	int64_t now = T0;
	char sql[512];

	snprintf(sql, sizeof(sql),
	         "INSERT INTO outbox(recipient, subject, body, created_at, "
	         "claimed_by, claim_expires_at) VALUES "
	         "('a@contoh.invalid', 'hidup', 'x', %lld, 'h:1:live', %lld), "
	         "('b@contoh.invalid', 'mati', 'x', %lld, 'h:2:dead', %lld), "
	         "('c@contoh.invalid', 'tunggu', 'x', %lld, NULL, %lld)",
	         (long long)now, (long long)now + 600, (long long)now,
	         (long long)now - 1, (long long)now, (long long)now + 60);
	assert_int_equal(store_exec(st, sql), 0);
	memset(&smtp, 0, sizeof(smtp));
	smtp.url = "smtp://127.0.0.1:9";
	smtp.from = "netra@contoh.invalid";
	smtp.owner = "h:3:me";
	smtp.timeout = 5;
	smtp.backoff = 60;
	memset(&es, 0, sizeof(es));
	assert_int_equal(wf_outbox_send(st, &smtp, now, &es), 0);
	assert_int_equal(es.sent, 0);
	assert_int_equal(es.failed, 1); /* only the expired claim's */
	assert_int_equal(fx_int(st, "SELECT attempts FROM outbox WHERE "
	                            "subject = 'mati' AND ? > 0",
	                        1),
	                 1);
	/* freed, not before now + 60 (the first back-off) */
	assert_int_equal(fx_int(st, "SELECT COUNT(*) FROM outbox WHERE "
	                            "subject = 'mati' AND claimed_by IS NULL "
	                            "AND claim_expires_at = ?",
	                        now + 60),
	                 1);
	assert_int_equal(fx_int(st, "SELECT attempts FROM outbox WHERE "
	                            "subject IN ('hidup', 'tunggu') AND ? > 0 "
	                            "ORDER BY id LIMIT 1",
	                        1),
	                 0);
	/* the same moment again: nothing is tried */
	memset(&es, 0, sizeof(es));
	assert_int_equal(wf_outbox_send(st, &smtp, now, &es), 0);
	assert_int_equal(es.failed, 0);
	/* the back-off over, both free rows are tried; the live claim (600 s)
	 * is still another's */
	memset(&es, 0, sizeof(es));
	assert_int_equal(wf_outbox_send(st, &smtp, now + 61, &es), 0);
	assert_int_equal(es.failed, 2);
	/* the second failure waits twice as long */
	assert_int_equal(fx_int(st, "SELECT claim_expires_at FROM outbox "
	                            "WHERE subject = 'mati' AND ? > 0",
	                        1),
	                 now + 61 + 120);
}

static void test_lock_skip(void **state)
{
	/* SQLite: the write transaction holds the store; nothing to add */
	assert_string_equal(store_lock_skip(*state), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_jobs),
	    cmocka_unit_test_setup_teardown(test_round, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_claims, fx_setup,
	                                    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_lock_skip, fx_setup,
	                                    fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
