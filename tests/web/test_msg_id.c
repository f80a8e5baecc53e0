/*
 * tests/web/test_msg_id.c - what the users and password pages show when
 * the library refuses: each refusal the library sets in English (for the
 * command line) reaches the page in Bahasa Indonesia, with its names kept;
 * an unknown message becomes a general Indonesian sentence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "netra/common.h"
#include "web/web_int.h"
#include "workflow/auth.h"
#include "workflow/wf_fixture.h"

#define PW "sandi-uji-pesan-2024"
#define GENERIC "permintaan tidak dapat diproses"

/* The page's text of the library's last refusal. */
static const char *page_text(void)
{
	static char out[256];

	return web_msg_id(out, sizeof(out), netra_error_last());
}

static void refused_in_indonesian(const char *want)
{
	const char *t = page_text();

	if (!strstr(t, want))
		fail_msg("'%s' became '%s', not '%s'", netra_error_last(), t,
		         want);
}

static void test_library_refusals(void **state)
{
	netra_store *st = *state;

	assert_int_equal(wf_password_check("sari", "pendek"), NETRA_EINVALID);
	refused_in_indonesian("terlalu pendek (paling sedikit 10 karakter)");
	assert_int_equal(wf_password_check("sari", "aaaaaaaaaaaa"),
	                 NETRA_EINVALID);
	refused_in_indonesian("kurang dari 4 karakter");
	assert_int_equal(wf_password_check("sari", "sari-sari-sari-1"),
	                 NETRA_EINVALID);
	refused_in_indonesian("memuat nama pengguna");
	assert_int_equal(wf_user_add(NULL, st, "opd_a", WF_ROLE_OPD, "DINAS-A",
	                             NULL, PW, "bkpp1"),
	                 NETRA_EEXISTS);
	refused_in_indonesian("pengguna 'opd_a' sudah ada");
	assert_int_equal(wf_user_add(NULL, st, "baru", WF_ROLE_OPD, "TIDAK-ADA",
	                             NULL, PW, "bkpp1"),
	                 NETRA_ENOTFOUND);
	refused_in_indonesian("tidak ada unit dengan kode 'TIDAK-ADA'");
	assert_int_equal(wf_user_add(NULL, st, "bad name", WF_ROLE_OPD,
	                             "DINAS-A", NULL, PW, "bkpp1"),
	                 NETRA_EINVALID);
	refused_in_indonesian("nama pengguna 'bad name': gunakan 1-63 huruf");
	assert_int_equal(wf_user_add(NULL, st, "baru", WF_ROLE_OPD, "DINAS-A",
	                             "bukan-surel", PW, "bkpp1"),
	                 NETRA_EINVALID);
	refused_in_indonesian("'bukan-surel' bukan alamat surel");
	assert_int_equal(wf_user_add_all_units(NULL, st, "baru", WF_ROLE_OPD,
	                                       "DINAS-A", NULL, PW, "bkpp1"),
	                 NETRA_EINVALID);
	refused_in_indonesian("hanya pengguna BKPP dan Bawaslu");
	assert_int_equal(wf_user_add(NULL, st, "baru", WF_ROLE_OPD, "DINAS-A",
	                             NULL, PW, "opd_a"),
	                 NETRA_EDENIED);
	refused_in_indonesian("pengguna 'opd_a' (opd) tidak boleh menambah");
	assert_int_equal(wf_user_set_active(st, "bkpp1", "bkpp1", 0),
	                 NETRA_EINVALID);
	refused_in_indonesian("pada dirinya sendiri");
	assert_int_equal(wf_user_set_active(st, "bkpp1", "siapa", 0),
	                 NETRA_ENOTFOUND);
	refused_in_indonesian("tidak ada pengguna 'siapa'");
}

static void test_unknown_message(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(web_msg_id(out, sizeof(out), "disk full"), GENERIC);
	assert_string_equal(web_msg_id(out, sizeof(out), NULL), GENERIC);
	/* a pattern is matched whole, not as a prefix */
	assert_string_equal(web_msg_id(out, sizeof(out), "unknown role!"),
	                    GENERIC);
	/* a long name is cut, never overflows */
	assert_int_equal(strlen(web_msg_id(out, 16, "user 'abcdefghijklmnop' "
	                                            "exists")),
	                 15);
}

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_library_refusals),
	    cmocka_unit_test(test_unknown_message),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
