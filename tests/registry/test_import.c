/*
 * tests/registry/test_import.c - the registry import
 * (src/registry/import.c, import_write.c) against an in-memory SQLite
 * store: a clean import, all or nothing, every error reported in file and
 * line order, re-import updates and deactivation, dry run, audit log.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/registry.h"
#include "store/store.h"

#define NOW ((int64_t)1795564800) /* 2026-11-25 */

static const char units_ok[] = "code,name,parent_code,kind,alamat\n"
                               "ROOT,Pemerintah Kota Contoh,,pemda,Jl. Satu\n"
                               "OPD1,Dinas Satu,ROOT,opd,\n"
                               "OPD1-B,Bidang Satu,OPD1,Bidang,\n"
                               "KEC1,Kecamatan Satu,ROOT,kecamatan,\n";

static const char emps_ok[] =
    "nip,name,position,unit_code,status,supervisor_nip\n"
    "197503152000031002,Agus Contoh,Kepala,OPD1,PNS,\n"
    "19860926 201505 2 001,Sari Contoh,Staf,OPD1-B,PNS,197503152000031002\n"
    "NA-000001,Budi Contoh,Sopir,KEC1,non-ASN,\n";

static const char accs_ok[] =
    "nip,platform,handle\n"
    "197503152000031002,x,@Agus_C\n"
    "198609262015052001,instagram,https://www.instagram.com/Sari.C/\n"
    "NA-000001,tiktok,https://www.tiktok.com/@budi.c\n";

struct msgs {
	char *m[64];
	int n, errors;
};

static void collect(void *ctx, int is_error, const char *msg)
{
	struct msgs *s = ctx;

	if (s->n < 64)
		s->m[s->n++] = strdup(msg);
	s->errors += is_error;
}

static void msgs_free(struct msgs *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->m[i]);
	memset(s, 0, sizeof(*s));
}

static FILE *mem(const char *text)
{
	FILE *f;

	if (!text)
		return NULL;
	f = tmpfile();
	assert_non_null(f);
	fputs(text, f);
	rewind(f);
	return f;
}

/* Imports the given texts (NULL: file not given); returns the rc. */
static int import(netra_store *st, const char *units, const char *emps,
                  const char *accs, struct netra_registry_import_result *r,
                  struct msgs *msgs, int dry)
{
	struct netra_registry_import_opts o;
	int rc;

	memset(&o, 0, sizeof(o));
	o.units.f = mem(units);
	o.units.path = units ? "units.csv" : NULL;
	o.employees.f = mem(emps);
	o.employees.path = emps ? "employees.csv" : NULL;
	o.accounts.f = mem(accs);
	o.accounts.path = accs ? "accounts.csv" : NULL;
	o.now = NOW;
	o.actor = "tester";
	o.dry_run = dry;
	o.report = collect;
	o.report_ctx = msgs;
	rc = netra_registry_import(r, st, &o);
	if (o.units.f)
		fclose(o.units.f);
	if (o.employees.f)
		fclose(o.employees.f);
	if (o.accounts.f)
		fclose(o.accounts.f);
	return rc;
}

static int64_t q(netra_store *st, const char *sql)
{
	int64_t v = -1;

	assert_int_equal(store_query_int64(&v, st, sql, NULL, 0), 0);
	return v;
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

static void test_clean_import(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};

	assert_int_equal(import(st, units_ok, emps_ok, accs_ok, &r, &m, 0), 0);
	assert_int_equal(m.errors, 0);
	assert_int_equal(r.units.added, 4);
	assert_int_equal(r.employees.added, 3);
	assert_int_equal(r.accounts.added, 3);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 4);
	/* the path is the chain of ids from the root */
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units c JOIN units b "
	                       "ON c.parent_id = b.id JOIN units a ON "
	                       "b.parent_id = a.id WHERE c.code = 'OPD1-B' AND "
	                       "c.path = '/' || a.id || '/' || b.id || '/' || "
	                       "c.id || '/'"),
	                 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE path LIKE "
	                       "(SELECT path FROM units WHERE code = 'OPD1') "
	                       "|| '%'"),
	                 2);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE code = 'OPD1'"
	                       " AND kind = 'OPD'"),
	                 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE code = 'ROOT'"
	                       " AND extra = '{\"alamat\":\"Jl. Satu\"}'"),
	                 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM employees WHERE "
	                       "staff_key = '198609262015052001' AND nip = "
	                       "staff_key AND supervisor_key = "
	                       "'197503152000031002'"),
	                 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM employees WHERE "
	                       "staff_key = 'NA-000001' AND nip IS NULL"),
	                 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM accounts a JOIN "
	                       "employees e ON e.id = a.employee_id WHERE "
	                       "a.platform = 'instagram' AND a.handle = "
	                       "'sari.c' AND e.name = 'Sari Contoh'"),
	                 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM audit_log WHERE action = "
	                       "'registry.import' AND actor = 'tester'"),
	                 1);
	msgs_free(&m);
}

static void test_bad_account_leaves_nothing(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};
	static const char accs[] = "nip,platform,handle\n"
	                           "197503152000031002,x,agus_c\n"
	                           "197503152000031002,x,bad handle\n";

	assert_int_equal(import(st, units_ok, emps_ok, accs, &r, &m, 0),
	                 NETRA_EINVALID);
	assert_int_equal(m.errors, 1);
	assert_int_equal(m.n, 1);
	assert_non_null(strstr(m.m[0], "accounts.csv:3: handle 'bad handle'"));
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM employees"), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM accounts"), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM audit_log"), 0);
	msgs_free(&m);
}

static void test_every_error_in_order(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};
	static const char units[] = "code,name,parent_code,kind\n"
	                            "ROOT,Kota,,pemda\n"
	                            "A,Unit A,B,bidang\n"
	                            "B,Unit B,A,seksi\n"
	                            "C,Unit C,NOPE,seksi\n"
	                            "ROOT,Kota Lagi,,pemda\n"
	                            "D,Unit D,ROOT,planet\n";
	static const char emps[] =
	    "nip,name,position,unit_code,status,supervisor_nip\n"
	    "199002292014021001,Tono,Staf,ROOT,PNS,\n"
	    "197503152000031002,Agus,Staf,ZZZ,PNS,NA-9\n"
	    "NA-1,Budi,Staf,ROOT,honorer,\n"
	    "198609262015052001,Sari,Staf,ROOT,non-ASN,\n"
	    "197503152000031002,Agus Lagi,Staf,ROOT,PNS,\n"
	    "NA-2,Dewi,Staf,ROOT\n";
	static const char accs[] = "nip,platform,handle\n"
	                           "197503152000031002,x,agus\n"
	                           "NA-404,x,siapa\n"
	                           "197503152000031002,x,https://x.com/AGUS\n"
	                           "197503152000031002,myspace,agus\n"
	                           "\"NA-1,x,open\n";
	static const char *want[] = {
	    "units.csv:3: cycle in the unit tree: A -> B -> A",
	    "units.csv:5: unknown parent_code 'NOPE'",
	    "units.csv:6: duplicate unit code 'ROOT' (first on line 2)",
	    "units.csv:7: unknown unit kind 'planet'",
	    "employees.csv:2: NIP 199002292014021001: digits 1-8",
	    "employees.csv:3: unknown unit_code 'ZZZ'",
	    "employees.csv:3: warning: supervisor 'NA-9'",
	    "employees.csv:4: status 'honorer'",
	    "employees.csv:5: non-ASN staff have no NIP",
	    "employees.csv:6: duplicate staff key '197503152000031002' "
	    "(first on line 3)",
	    "employees.csv:7: expected 6 fields, found 4",
	    "accounts.csv:3: unknown staff 'NA-404'",
	    "accounts.csv:4: duplicate account x/@agus (first on line 2",
	    "accounts.csv:5: unknown platform 'myspace'",
	    "accounts.csv:6: unterminated quote",
	};
	size_t i, nwant = sizeof(want) / sizeof(want[0]);

	assert_int_equal(import(st, units, emps, accs, &r, &m, 0),
	                 NETRA_EINVALID);
	for (i = 0; i < nwant && i < (size_t)m.n; i++)
		if (strncmp(m.m[i], want[i], strlen(want[i])) != 0)
			fail_msg("message %zu: '%s', want '%s'", i, m.m[i],
			         want[i]);
	assert_int_equal(m.n, nwant);
	assert_int_equal(r.errors, nwant - 1);
	assert_int_equal(r.warnings, 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 0);
	msgs_free(&m);
}

static void test_reimport(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};
	static const char emps2[] =
	    "nip,name,position,unit_code,status,supervisor_nip\n"
	    "197503152000031002,Agus Contoh,Kepala Dinas,OPD1,PNS,\n"
	    "NA-000001,Budi Contoh,Sopir,KEC1,non-ASN,\n"
	    "NA-000002,Citra Contoh,Sopir,KEC1,non-ASN,\n";

	assert_int_equal(import(st, units_ok, emps_ok, accs_ok, &r, &m, 0), 0);
	/* the same files again: nothing changes */
	assert_int_equal(import(st, units_ok, emps_ok, accs_ok, &r, &m, 0), 0);
	assert_int_equal(r.units.unchanged, 4);
	assert_int_equal(r.employees.unchanged, 3);
	assert_int_equal(r.accounts.unchanged, 3);
	assert_int_equal(r.units.added + r.units.updated + r.units.deactivated,
	                 0);
	/* Sari left, Agus was promoted, Citra joined; no accounts file:
	 * Sari's account is deactivated with her */
	assert_int_equal(import(st, NULL, emps2, NULL, &r, &m, 0), 0);
	assert_int_equal(r.employees.added, 1);
	assert_int_equal(r.employees.updated, 1);
	assert_int_equal(r.employees.unchanged, 1);
	assert_int_equal(r.employees.deactivated, 1);
	assert_int_equal(r.accounts.deactivated, 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM employees"), 4);
	assert_int_equal(q(st, "SELECT active FROM employees WHERE "
	                       "staff_key = '198609262015052001'"),
	                 0);
	assert_int_equal(
	    q(st, "SELECT COUNT(*) FROM accounts WHERE active = 1"), 2);
	/* an account for the inactive employee is now an error */
	assert_int_equal(import(st, NULL, NULL,
	                        "nip,platform,handle\n"
	                        "198609262015052001,x,sari\n",
	                        &r, &m, 0),
	                 NETRA_EINVALID);
	/* Sari comes back: reactivated (an update) */
	assert_int_equal(import(st, NULL, emps_ok, NULL, &r, &m, 0), 0);
	assert_int_equal(r.employees.updated, 2);
	assert_int_equal(r.employees.deactivated, 1);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM audit_log"), 4);
	msgs_free(&m);
}

static void test_unit_moves_and_deactivation(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};
	static const char units2[] = "code,name,parent_code,kind,alamat\n"
	                             "ROOT,Pemerintah Kota Contoh,,pemda,"
	                             "Jl. Satu\n"
	                             "KEC1,Kecamatan Satu,ROOT,kecamatan,\n"
	                             "OPD1-B,Bidang Satu,KEC1,bidang,\n";

	assert_int_equal(import(st, units_ok, emps_ok, NULL, &r, &m, 0), 0);
	assert_int_equal(m.n, 0);
	assert_int_equal(import(st, units2, NULL, NULL, &r, &m, 0), 0);
	/* Agus stays in the dropped unit OPD1: a warning, not an error */
	assert_int_equal(m.n, 1);
	assert_string_equal(m.m[0], "units.csv:1: warning: 1 active "
	                            "employee(s) stay in units this file "
	                            "drops (e.g. 'OPD1'); import employees "
	                            "too");
	assert_int_equal(r.warnings, 1);
	assert_int_equal(r.units.deactivated, 1);
	assert_int_equal(r.units.updated, 1);
	assert_int_equal(r.units.unchanged, 2);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units b JOIN units k ON "
	                       "b.parent_id = k.id WHERE b.code = 'OPD1-B' AND "
	                       "k.code = 'KEC1' AND b.path = k.path || b.id "
	                       "|| '/'"),
	                 1);
	assert_int_equal(q(st, "SELECT active FROM units WHERE code = 'OPD1'"),
	                 0);
	/* employees may not be placed in the inactive unit */
	assert_int_equal(import(st, NULL,
	                        "nip,name,position,unit_code,status,"
	                        "supervisor_nip\nNA-1,X Y,Staf,OPD1,non-ASN,\n",
	                        NULL, &r, &m, 0),
	                 NETRA_EINVALID);
	msgs_free(&m);
}

static void test_dry_run_and_no_store(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};

	assert_int_equal(import(st, units_ok, emps_ok, accs_ok, &r, &m, 1), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units"), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM audit_log"), 0);
	assert_int_equal(import(NULL, units_ok, emps_ok, accs_ok, &r, &m, 0),
	                 0);
	assert_int_equal(r.errors, 0);
	/* without a store, accounts alone refer to unknown staff */
	assert_int_equal(import(NULL, NULL, NULL, accs_ok, &r, &m, 0),
	                 NETRA_EINVALID);
	assert_int_equal(r.errors, 3);
	msgs_free(&m);
}

static void test_header_problems(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};

	assert_int_equal(import(st, "code,name,kind,code\nA,B,OPD,A\n", NULL,
	                        NULL, &r, &m, 0),
	                 NETRA_EINVALID);
	assert_int_equal(m.n, 2);
	assert_non_null(strstr(m.m[0], "units.csv:1: column 'code'"));
	assert_non_null(strstr(m.m[1], "lacks column 'parent_code'"));
	msgs_free(&m);
	assert_int_equal(import(st, "", NULL, NULL, &r, &m, 0), NETRA_EINVALID);
	assert_non_null(strstr(m.m[0], "units.csv:1: empty file"));
	msgs_free(&m);
	/* columns in another order, names in upper case, a BOM */
	assert_int_equal(import(st,
	                        "\xEF\xBB\xBFKIND,Code,Parent_Code,NAME\r\n"
	                        "pemda,R,,Kota\r\n",
	                        NULL, NULL, &r, &m, 0),
	                 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE code = 'R' "
	                       "AND name = 'Kota' AND extra IS NULL"),
	                 1);
	msgs_free(&m);
}

/* A timezone column (migration 019): WIB/WITA/WIT or an IANA zone of
 * Indonesia per unit, empty for the zone of the unit above; an unknown
 * zone is an error with file:line; a file without the column leaves the
 * stored zones alone; the zone is not kept among the extra columns. */
static void test_unit_timezone(void **state)
{
	netra_store *st = *state;
	struct netra_registry_import_result r;
	struct msgs m = {0};
	static const char units_tz[] =
	    "code,name,parent_code,kind,timezone\n"
	    "ROOT,Pemerintah Provinsi Contoh,,pemda,WITA\n"
	    "OPD1,Dinas Satu,ROOT,opd,\n"
	    "KAB1,Kabupaten Timur,ROOT,pemda,Asia/Jayapura\n"
	    "KEC1,Kecamatan Satu,KAB1,kecamatan,\n";

	assert_int_equal(import(st, units_tz, NULL, NULL, &r, &m, 0), 0);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE "
	                       "(code = 'ROOT' AND timezone = 'WITA') OR "
	                       "(code = 'KAB1' AND timezone = 'Asia/Jayapura') "
	                       "OR (code IN ('OPD1', 'KEC1') AND timezone IS "
	                       "NULL)"),
	                 4);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE extra "
	                       "LIKE '%timezone%'"),
	                 0);
	/* without the column: unchanged */
	assert_int_equal(import(st,
	                        "code,name,parent_code,kind\n"
	                        "ROOT,Pemerintah Provinsi Contoh,,pemda\n"
	                        "OPD1,Dinas Satu,ROOT,opd\n"
	                        "KAB1,Kabupaten Timur,ROOT,pemda\n"
	                        "KEC1,Kecamatan Satu,KAB1,kecamatan\n",
	                        NULL, NULL, &r, &m, 0),
	                 0);
	assert_int_equal(r.units.unchanged, 4);
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE timezone "
	                       "IS NOT NULL"),
	                 2);
	/* an unknown zone: file:line, nothing written */
	assert_int_equal(import(st,
	                        "code,name,parent_code,kind,timezone\n"
	                        "ROOT,Pemerintah Provinsi Contoh,,pemda,WITA\n"
	                        "KAB1,Kabupaten Timur,ROOT,pemda,Mars/Olympus\n",
	                        NULL, NULL, &r, &m, 0),
	                 NETRA_EINVALID);
	assert_true(m.n >= 1);
	assert_non_null(strstr(m.m[m.n - 1], "units.csv:3: unknown time zone "
	                                     "'Mars/Olympus'"));
	assert_int_equal(q(st, "SELECT COUNT(*) FROM units WHERE timezone = "
	                       "'Asia/Jayapura'"),
	                 1);
	msgs_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_clean_import, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_account_leaves_nothing,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_every_error_in_order, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_reimport, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unit_moves_and_deactivation,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dry_run_and_no_store, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_header_problems, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_unit_timezone, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
