/*
 * tests/workflow/test_user.c - users and passwords: argon2id hashes
 * ("$argon2id$" strings from libsodium) that verify the right password
 * only, refused short passwords, unknown units, duplicate names, bad
 * names, and listings that never show a hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "netra/common.h"
#include "store/store.h"
#include "workflow/user.h"

static void test_hash(void **state)
{
	char h1[128], h2[128];

	(void)state;
	assert_int_equal(wf_password_hash(h1, sizeof(h1), "kata-sandi-panjang"),
	                 0);
	assert_int_equal(strncmp(h1, "$argon2id$v=19$m=", 17), 0);
	assert_int_equal(wf_password_hash(h2, sizeof(h2), "kata-sandi-panjang"),
	                 0);
	assert_string_not_equal(h1, h2); /* salted */
	assert_int_equal(wf_password_verify(h1, "kata-sandi-panjang"), 0);
	assert_int_equal(wf_password_verify(h1, "kata-sandi-panjanG"),
	                 NETRA_EDENIED);
	assert_int_equal(wf_password_verify(h1, ""), NETRA_EDENIED);
	assert_int_equal(wf_password_hash(h1, sizeof(h1), "pendek"),
	                 NETRA_EINVALID);
	assert_int_equal(wf_password_hash(h1, sizeof(h1), ""), NETRA_EINVALID);
}

static void test_users(void **state)
{
	netra_store *st = NULL;
	struct wf_user u;
	char *out = NULL;
	json_t *list = NULL;
	int64_t id = 0;

	(void)state;
	assert_int_equal(netra_store_open(&st, ":memory:"), 0);
	assert_int_equal(store_exec(st,
	                            "INSERT INTO units(id, code, name, kind,"
	                            " path, updated_at) VALUES (1, 'BKPP', "
	                            "'Badan', 'badan', '/1/', 0), (2, "
	                            "'TANPA-PATH', 'Tanpa', 'dinas', '', 0)"),
	                 0);
	assert_int_equal(wf_user_add(&id, st, "sari", WF_ROLE_BKPP, "BKPP",
	                             "sari@contoh.invalid", "rahasia-sekali-1",
	                             NULL),
	                 0);
	assert_true(id > 0);
	assert_int_equal(wf_user_add(NULL, st, "sari", WF_ROLE_OPD, "BKPP",
	                             NULL, "rahasia-sekali-2", NULL),
	                 NETRA_EEXISTS);
	assert_int_equal(wf_user_add(NULL, st, "budi", WF_ROLE_OPD, "TIDAK-ADA",
	                             NULL, "rahasia-sekali-3", NULL),
	                 NETRA_ENOTFOUND);
	assert_int_equal(wf_user_add(NULL, st, "a b", WF_ROLE_OPD, "BKPP", NULL,
	                             "rahasia-sekali-3", NULL),
	                 NETRA_EINVALID);
	assert_int_equal(wf_user_add(NULL, st, "budi", WF_ROLE_OPD, "BKPP",
	                             "bukan-email", "rahasia-sekali-3", NULL),
	                 NETRA_EINVALID);
	assert_int_equal(wf_user_add(NULL, st, "budi", WF_ROLE_OPD, "BKPP",
	                             NULL, "pendek", NULL),
	                 NETRA_EINVALID);
	assert_int_equal(wf_user_check_password(st, "sari", "rahasia-sekali-1"),
	                 0);
	assert_int_equal(wf_user_check_password(st, "sari", "rahasia-sekali-2"),
	                 NETRA_EDENIED);
	assert_int_equal(wf_user_check_password(st, "nobody", "x"),
	                 NETRA_EDENIED);
	assert_int_equal(wf_user_get(&u, st, "sari"), 0);
	assert_int_equal(u.role, WF_ROLE_BKPP);
	assert_string_equal(u.unit_path, "/1/");
	/* a user whose unit has no path cannot be scoped: refused */
	assert_int_equal(wf_user_add(NULL, st, "tono", WF_ROLE_OPD,
	                             "TANPA-PATH", NULL, "rahasia-sekali-4",
	                             NULL),
	                 0);
	assert_int_equal(wf_user_get(&u, st, "tono"), NETRA_EDENIED);
	assert_int_equal(wf_user_list(&list, st, "operator:uji"), 0);
	out = json_dumps(list, 0);
	assert_non_null(strstr(out, "\"sari@contoh.invalid\""));
	assert_null(strstr(out, "argon2"));
	free(out);
	json_decref(list);
	assert_int_equal(wf_role_parse("bawaslu"), WF_ROLE_BAWASLU);
	assert_int_equal(wf_role_parse("admin"), -1);
	netra_store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash),
	    cmocka_unit_test(test_users),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
