/*
 * tests/evidence/test_person.c - opaque ids for people outside the staff
 * registry (src/evidence/person.c) and the audit writer that uses them
 * (wf_audit_outsider): the form of the id, stable within a store and
 * different across stores, blind to case and surrounding spaces, the
 * identity never stored anywhere in the store file, and the row entering
 * the evidence log. All identities are fictional.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>

#include "evidence/fixture.h"
#include "evidence/ledger.h"
#include "netra/evidence.h"
#include "util/file.h"
#include "workflow/audit.h"

static const char who[] = "warga.fiktif@contoh.invalid";

static void test_person_id(void **state)
{
	char a[NETRA_EVIDENCE_PERSON_ID], b[NETRA_EVIDENCE_PERSON_ID];
	char c[NETRA_EVIDENCE_PERSON_ID];
	struct fixture f, g;
	size_t i;

	(void)state;
	assert_int_equal(fx_open(&f), 0);
	assert_int_equal(fx_open(&g), 0);
	assert_int_equal(netra_evidence_person_id(a, f.st, who), 0);
	assert_int_equal(strlen(a), NETRA_EVIDENCE_PERSON_ID - 1);
	assert_memory_equal(a, "publik:", 7);
	for (i = 7; a[i]; i++)
		assert_non_null(strchr("0123456789abcdef", a[i]));
	assert_int_equal(
	    netra_evidence_person_id(b, f.st, "  Warga.Fiktif@CONTOH.invalid\n"),
	    0);
	assert_string_equal(a, b);
	assert_int_equal(netra_evidence_person_id(b, f.st, "+62 811 0000 0000"),
	                 0);
	assert_string_not_equal(a, b);
	/* Another store has another key. */
	assert_int_equal(netra_evidence_person_id(c, g.st, who), 0);
	assert_string_not_equal(a, c);
	assert_int_equal(netra_evidence_person_id(c, f.st, " \t"),
	                 NETRA_EINVALID);
	fx_close(&f);
	fx_close(&g);
}

/* The audit writer names the outsider by the opaque id only; the row is
 * queued for, then in, the evidence log; the identity is nowhere in the
 * store file. */
static void test_audit_outsider(void **state)
{
	char id[NETRA_EVIDENCE_PERSON_ID], want[NETRA_EVIDENCE_PERSON_ID];
	struct fixture f;
	uint8_t leaf[32];
	uint64_t idx;
	int64_t row = 0;
	char *bytes;
	size_t len;

	(void)state;
	assert_int_equal(fx_open(&f), 0);
	assert_int_equal(wf_audit_outsider(id, f.st, 1730000000, who,
	                                   "report", "event:1",
	                                   "{\"alasan\":\"kampanye\"}"),
	                 0);
	assert_int_equal(netra_evidence_person_id(want, f.st, who), 0);
	assert_string_equal(id, want);
	assert_int_equal(store_query_int64(&row, f.st,
	                                   "SELECT id FROM audit_log WHERE "
	                                   "actor LIKE 'publik:%'",
	                                   NULL, 0),
	                 0);
	assert_true(row > 0);
	assert_int_equal(evidence_append_pending(f.st), 0);
	assert_int_equal(evidence_leaf_of(f.st, EVIDENCE_AUDIT, row, &idx, leaf),
	                 0);
	assert_int_equal(wf_audit_outsider(NULL, f.st, 0, "", "report",
	                                   "event:1", NULL),
	                 NETRA_EINVALID);
	netra_store_close(f.st);
	f.st = NULL;
	assert_int_equal(util_read_file(&bytes, &len, f.db, 64u << 20), 0);
	assert_null(memmem(bytes, len, "warga.fiktif", 12));
	assert_non_null(memmem(bytes, len, id, strlen(id)));
	free(bytes);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_person_id),
	    cmocka_unit_test(test_audit_outsider),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
