/*
 * tests/workflow/wf_fixture.h - a small fictional organisation for the
 * workflow tests, built with plain store_* calls and wf_user_add():
 *
 *   BKPP (root)              users: bkpp1 (bkpp), baw1 (bawaslu)
 *   +- DINAS-A               user:  opd_a (opd)
 *   |  +- BIDANG-A1          (no reviewer)
 *   |     +- SEKSI-A1X       user:  opd_x (opd)
 *   +- DINAS-B               user:  opd_b (opd)
 *   +- DINAS-C               (no reviewer: routes to BKPP)
 *
 * One employee per unit (emp id = WF_EMP_<unit>). Findings are made with
 * wf_finding_create() on a fresh event and verdict each.
 */
#ifndef TESTS_WF_FIXTURE_H
#define TESTS_WF_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "workflow/finding.h"
#include "workflow/user.h"

enum { U_BKPP = 1, U_A = 2, U_A1 = 3, U_X = 4, U_B = 5, U_C = 6 };

static inline int fx_org(netra_store *st)
{
	static const char org[] =
	    "INSERT INTO units(id, code, name, parent_id, kind, path, "
	    "updated_at) VALUES "
	    "(1, 'BKPP', 'Badan Kepegawaian', NULL, 'badan', '/1/', 0),"
	    "(2, 'DINAS-A', 'Dinas Alfa', 1, 'dinas', '/1/2/', 0),"
	    "(3, 'BIDANG-A1', 'Bidang Alfa Satu', 2, 'bidang', '/1/2/3/', 0),"
	    "(4, 'SEKSI-A1X', 'Seksi Alfa X', 3, 'seksi', '/1/2/3/4/', 0),"
	    "(5, 'DINAS-B', 'Dinas Beta', 1, 'dinas', '/1/5/', 0),"
	    "(6, 'DINAS-C', 'Dinas Gama', 1, 'dinas', '/1/6/', 0);"
	    "INSERT INTO employees(id, staff_key, nip, name, unit_id, "
	    "status, updated_at) VALUES "
	    "(1, 'K1', NULL, 'Fiktif Satu', 1, 'PNS', 0),"
	    "(2, 'K2', NULL, 'Fiktif Dua', 2, 'PNS', 0),"
	    "(3, 'K3', NULL, 'Fiktif Tiga', 3, 'PNS', 0),"
	    "(4, 'K4', NULL, 'Fiktif Empat', 4, 'PPPK', 0),"
	    "(5, 'K5', NULL, 'Fiktif Lima', 5, 'PNS', 0),"
	    "(6, 'K6', NULL, 'Fiktif Enam', 6, 'PNS', 0);";
	static const struct {
		const char *name;
		enum wf_role role;
		const char *unit;
	} users[] = {{"bkpp1", WF_ROLE_BKPP, "BKPP"},
	             {"baw1", WF_ROLE_BAWASLU, "BKPP"},
	             {"opd_a", WF_ROLE_OPD, "DINAS-A"},
	             {"opd_x", WF_ROLE_OPD, "SEKSI-A1X"},
	             {"opd_b", WF_ROLE_OPD, "DINAS-B"}};
	char email[64];
	size_t i;
	int rc = store_exec(st, org);

	for (i = 0; !rc && i < sizeof(users) / sizeof(users[0]); i++) {
		snprintf(email, sizeof(email), "%s@contoh.invalid",
		         users[i].name);
		rc = wf_user_add(NULL, st, users[i].name, users[i].role,
		                 users[i].unit, email, "rahasia-uji-123", NULL);
	}
	return rc;
}

/* A new event + verdict by the employee with id emp, then a finding on
 * it created at time now. *out gets the finding id. */
static inline int fx_finding(int64_t *out, netra_store *st, int64_t emp,
                             int64_t now)
{
	static int serial;
	struct wf_finding_new f;
	store_stmt *s = NULL;
	char evid[32];
	int64_t ev = 0, vd = 0;
	int rc;

	snprintf(evid, sizeof(evid), "ev%d", ++serial);
	rc = store_prepare(&s, st,
	                   "INSERT INTO events(platform, event_id, type, "
	                   "account, text, raw, ingested_at) VALUES ('x', ?, "
	                   "'post', 'akun_fiktif', 'Ayo coblos nomor 2!', "
	                   "'{}', 0) RETURNING id");
	if (!rc && !(rc = store_bind_text(s, 1, evid, (size_t)-1)) &&
	    store_step(s) == STORE_ROW)
		ev = store_column_int64(s, 0);
	store_finalize(s);
	s = NULL;
	if (rc || !ev)
		return rc ? rc : -1;
	rc = store_prepare(
	    &s, st,
	    "INSERT INTO verdicts(event_id, rulebook, labels, "
	    "candidate, json, created_at) VALUES (?, 'sha256:"
	    "uji', 'support', 2, '{\"findings\":[{\"rule\":"
	    "\"DUKUNGAN-AJAKAN\",\"basis\":\"dasar uji\","
	    "\"explain\":\"penjelasan uji\",\"spans\":[[0,4]]}]}',"
	    " 0) RETURNING id");
	if (!rc && !(rc = store_bind_int64(s, 1, ev)) &&
	    store_step(s) == STORE_ROW)
		vd = store_column_int64(s, 0);
	store_finalize(s);
	if (rc || !vd)
		return rc ? rc : -1;
	memset(&f, 0, sizeof(f));
	f.verdict_id = vd;
	f.event_id = ev;
	f.employee_id = emp;
	f.category = "support";
	f.rule = "DUKUNGAN-AJAKAN";
	f.severity = "tinggi";
	f.candidate = 2;
	f.now = now;
	return wf_finding_create(out, st, &f);
}

/* cmocka setup/teardown: a fresh in-memory store holding the organisation
 * above, in *state. */
static inline int fx_setup(void **state)
{
	netra_store *st = NULL;

	if (netra_store_open(&st, ":memory:") || fx_org(st)) {
		netra_store_close(st);
		return -1;
	}
	*state = st;
	return 0;
}

static inline int fx_teardown(void **state)
{
	netra_store_close(*state);
	return 0;
}

/* One integer from sql with one integer parameter. */
static inline int64_t fx_int(netra_store *st, const char *sql, int64_t p)
{
	store_stmt *s = NULL;
	int64_t v = -1;

	if (store_prepare(&s, st, sql) == 0 && store_bind_int64(s, 1, p) == 0 &&
	    store_step(s) == STORE_ROW)
		v = store_column_int64(s, 0);
	store_finalize(s);
	return v;
}

/* The state of finding id into buf. */
static inline const char *fx_state(char *buf, size_t size, netra_store *st,
                                   int64_t id)
{
	store_stmt *s = NULL;

	snprintf(buf, size, "?");
	if (store_prepare(&s, st, "SELECT state FROM findings WHERE id = ?") ==
	        0 &&
	    store_bind_int64(s, 1, id) == 0 && store_step(s) == STORE_ROW)
		snprintf(buf, size, "%s", store_column_text(s, 0, NULL));
	store_finalize(s);
	return buf;
}

#endif
