/*
 * tests/workflow/test_state.c - the finding state machine, exhaustively:
 * every state x every action x every role. Allowed transitions must land
 * in the right state with one transition row and one audit row; all
 * others must be refused (NETRA_ESTATE, NETRA_EDENIED or NETRA_ENOTFOUND) leaving the
 * finding, its history and the audit log unchanged. The expected table is
 * written here from DESIGN.md, independently of src/workflow/state.c.
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

#define T0 1727928000 /* 2024-10-03T11:00:00+07:00, a Thursday */

static const char *const states[] = {
    "baru",    "ditinjau_opd", "dikonfirmasi_opd", "diverifikasi_bkpp",
    "ditolak", "diteruskan",   "selesai"};
#define NSTATES 7

/* The spec: (from, action) -> to, and which roles may. */
static const struct {
	const char *from;
	enum wf_action action;
	const char *to;
	int opd, bkpp;
} spec[] = {
    {"baru", WF_REVIEW, "ditinjau_opd", 1, 1},
    {"ditinjau_opd", WF_CONFIRM, "dikonfirmasi_opd", 1, 1},
    {"ditinjau_opd", WF_DISMISS, "ditolak", 1, 1},
    {"dikonfirmasi_opd", WF_VERIFY, "diverifikasi_bkpp", 0, 1},
    {"diverifikasi_bkpp", WF_DISMISS, "ditolak", 0, 1},
    {"diverifikasi_bkpp", WF_FORWARD, "diteruskan", 0, 1},
    {"diteruskan", WF_CLOSE, "selesai", 0, 1},
    {"ditolak", WF_REOPEN, "diverifikasi_bkpp", 0, 1},
};

/* A path from baru to each state, taken by bkpp1. */
static const enum wf_action path_to[NSTATES][5] = {
    {WF_NACTIONS},
    {WF_REVIEW, WF_NACTIONS},
    {WF_REVIEW, WF_CONFIRM, WF_NACTIONS},
    {WF_REVIEW, WF_CONFIRM, WF_VERIFY, WF_NACTIONS},
    {WF_REVIEW, WF_DISMISS, WF_NACTIONS},
    {WF_REVIEW, WF_CONFIRM, WF_VERIFY, WF_FORWARD, WF_NACTIONS},
    {WF_REVIEW, WF_CONFIRM, WF_VERIFY, WF_FORWARD, WF_CLOSE},
};

static int setup(void **state)
{
	netra_store *st = NULL;

	if (netra_store_open(&st, ":memory:") || fx_org(st))
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	netra_store_close(*state);
	return 0;
}

struct snap {
	char state[32];
	int64_t assigned, due, transitions, audits;
};

static void snapshot(struct snap *s, netra_store *st, int64_t id)
{
	char obj[32];
	const char *args[] = {obj};

	memset(s, 0, sizeof(*s));
	fx_state(s->state, sizeof(s->state), st, id);
	s->assigned = fx_int(st,
	                     "SELECT COALESCE(assigned_unit_id, 0) FROM "
	                     "findings WHERE id = ?",
	                     id);
	s->due = fx_int(st,
	                "SELECT COALESCE(due_at, 0) FROM findings WHERE "
	                "id = ?",
	                id);
	s->transitions = fx_int(st,
	                        "SELECT count(*) FROM finding_transitions "
	                        "WHERE finding_id = ?",
	                        id);
	snprintf(obj, sizeof(obj), "finding:%lld", (long long)id);
	assert_int_equal(store_query_int64(&s->audits, st,
	                                   "SELECT count(*) FROM audit_log "
	                                   "WHERE object = ?",
	                                   args, 1),
	                 0);
}

/* Expected result of role (0 bkpp, 1 opd, 2 bawaslu) taking action in
 * state; *to gets the target state when allowed. */
static int expected(const char *from, enum wf_action a, int role,
                    const char **to)
{
	size_t i;

	*to = NULL;
	/* bawaslu sees forwarded findings only: the others do not exist
	 * for it; it may act on none */
	if (role == 2)
		return strcmp(from, "diteruskan") && strcmp(from, "selesai")
		           ? NETRA_ENOTFOUND
		           : NETRA_EDENIED;
	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		if (spec[i].action != a || strcmp(spec[i].from, from))
			continue;
		if (!(role == 0 ? spec[i].bkpp : spec[i].opd))
			return NETRA_EDENIED;
		*to = spec[i].to;
		return 0;
	}
	return NETRA_ESTATE;
}

static void test_exhaustive(void **state)
{
	static const char *const actors[] = {"bkpp1", "opd_b", "baw1"};
	netra_store *st = *state;
	int s, a, r, k, allowed = 0, refused = 0;

	for (s = 0; s < NSTATES; s++)
		for (a = 0; a < WF_NACTIONS; a++)
			for (r = 0; r < 3; r++) {
				struct snap before, after;
				const char *to;
				int64_t id;
				int want, rc;
				char buf[32];

				assert_int_equal(fx_finding(&id, st, U_B, T0),
				                 0);
				for (k = 0;
				     k < 5 && path_to[s][k] != WF_NACTIONS; k++)
					assert_int_equal(
					    wf_finding_act(
					        st, "bkpp1", id, path_to[s][k],
					        "alasan uji", T0 + 60),
					    0);
				assert_string_equal(
				    fx_state(buf, sizeof(buf), st, id),
				    states[s]);
				snapshot(&before, st, id);
				want = expected(states[s], (enum wf_action)a, r,
				                &to);
				rc = wf_finding_act(st, actors[r], id,
				                    (enum wf_action)a,
				                    "alasan uji", T0 + 120);
				snapshot(&after, st, id);
				if (rc != want)
					fail_msg("%s by %s in %s: got %d want "
					         "%d (%s)",
					         wf_action_name(a), actors[r],
					         states[s], rc, want,
					         netra_error_last());
				if (want == 0) {
					allowed++;
					assert_string_equal(after.state, to);
					assert_int_equal(after.transitions,
					                 before.transitions +
					                     1);
					assert_int_equal(after.audits,
					                 before.audits + 1);
				} else {
					refused++;
					assert_memory_equal(&before, &after,
					                    sizeof(before));
				}
			}
	/* bkpp may take all 8 table rows, opd the 3 OPD ones. */
	assert_int_equal(allowed, 8 + 3);
	assert_int_equal(refused, NSTATES * WF_NACTIONS * 3 - allowed);
}

static void test_reason_required(void **state)
{
	netra_store *st = *state;
	struct snap before, after;
	int64_t id;

	assert_int_equal(fx_finding(&id, st, U_B, T0), 0);
	assert_int_equal(wf_finding_act(st, "opd_b", id, WF_REVIEW, NULL, T0),
	                 0);
	snapshot(&before, st, id);
	assert_int_equal(wf_finding_act(st, "opd_b", id, WF_DISMISS, NULL, T0),
	                 NETRA_EINVALID);
	assert_int_equal(
	    wf_finding_act(st, "opd_b", id, WF_DISMISS, "  \n", T0),
	    NETRA_EINVALID);
	snapshot(&after, st, id);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(wf_finding_act(st, "opd_b", id, WF_DISMISS,
	                                "akun bukan milik pegawai", T0),
	                 0);
	assert_int_equal(fx_int(st,
	                        "SELECT count(*) FROM findings WHERE id = ? "
	                        "AND reason = 'akun bukan milik pegawai'",
	                        id),
	                 1);
	/* forward needs the recommendation */
	assert_int_equal(fx_finding(&id, st, U_B, T0), 0);
	assert_int_equal(wf_finding_act(st, "bkpp1", id, WF_REVIEW, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "bkpp1", id, WF_CONFIRM, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "bkpp1", id, WF_VERIFY, NULL, T0),
	                 0);
	assert_int_equal(wf_finding_act(st, "bkpp1", id, WF_FORWARD, NULL, T0),
	                 NETRA_EINVALID);
}

static void test_audit_rows(void **state)
{
	netra_store *st = *state;
	store_stmt *s = NULL;
	int64_t id;

	assert_int_equal(fx_finding(&id, st, U_B, T0), 0);
	assert_int_equal(
	    wf_finding_act(st, "opd_b", id, WF_REVIEW, NULL, T0 + 10), 0);
	assert_int_equal(
	    wf_finding_act(st, "opd_b", id, WF_CONFIRM, "terbukti", T0 + 20),
	    0);
	assert_int_equal(
	    store_prepare(&s, st,
	                  "SELECT actor, action, at, detail FROM "
	                  "audit_log WHERE object = 'finding:' || ? "
	                  "ORDER BY id"),
	    0);
	assert_int_equal(store_bind_int64(s, 1, id), 0);
	assert_int_equal(store_step(s), STORE_ROW);
	assert_string_equal(store_column_text(s, 0, NULL), "system");
	assert_string_equal(store_column_text(s, 1, NULL), "create");
	assert_int_equal(store_step(s), STORE_ROW);
	assert_string_equal(store_column_text(s, 0, NULL), "opd_b");
	assert_string_equal(store_column_text(s, 1, NULL), "review");
	assert_int_equal(store_column_int64(s, 2), T0 + 10);
	assert_non_null(strstr(store_column_text(s, 3, NULL),
	                       "\"from\":\"baru\",\"to\":\"ditinjau_opd\""));
	assert_int_equal(store_step(s), STORE_ROW);
	assert_string_equal(store_column_text(s, 1, NULL), "confirm");
	assert_non_null(
	    strstr(store_column_text(s, 3, NULL), "\"reason\":\"terbukti\""));
	assert_int_equal(store_step(s), STORE_DONE);
	store_finalize(s);
	/* confirm hands the finding to BKPP with a new deadline */
	assert_int_equal(fx_int(st,
	                        "SELECT assigned_unit_id FROM findings "
	                        "WHERE id = ?",
	                        id),
	                 U_BKPP);
	/* the audit log refuses changes */
	assert_true(store_exec(st, "UPDATE audit_log SET actor = 'x'") < 0);
	assert_true(store_exec(st, "DELETE FROM audit_log") < 0);
	assert_true(store_exec(st, "DELETE FROM finding_transitions") < 0);
}

static void test_messages(void **state)
{
	netra_store *st = *state;
	int64_t id;

	assert_int_equal(fx_finding(&id, st, U_B, T0), 0);
	assert_int_equal(wf_finding_act(st, "opd_b", id, WF_CONFIRM, NULL, T0),
	                 NETRA_ESTATE);
	assert_non_null(strstr(netra_error_last(), "'baru'"));
	assert_non_null(strstr(netra_error_last(), "'ditinjau_opd'"));
	assert_int_equal(wf_finding_act(st, "nobody", id, WF_REVIEW, NULL, T0),
	                 NETRA_ENOTFOUND);
	assert_int_equal(
	    wf_finding_act(st, "opd_b", 999999, WF_REVIEW, NULL, T0),
	    NETRA_ENOTFOUND);
	assert_int_equal(wf_action_parse("forward"), WF_FORWARD);
	assert_int_equal(wf_action_parse("hapus"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exhaustive),
	    cmocka_unit_test(test_reason_required),
	    cmocka_unit_test(test_audit_rows),
	    cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
