/* tests/util/test_sbuf.c - string builder and its JSON escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/sbuf.h"

static void test_append_and_printf(void **state)
{
	struct sbuf b = SBUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		assert_int_equal(sbuf_printf(&b, "%d,", i), 0);
	assert_int_equal(strncmp(b.data, "0,1,2,", 6), 0);
	assert_int_equal(b.len, strlen(b.data));
	sbuf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	sbuf_free(&b);
}

static void test_json_escape(void **state)
{
	struct sbuf b = SBUF_INIT;
	const char in[] = "a\"b\\c\n\x01 \xC3\xA9 \xFF z";

	(void)state;
	assert_int_equal(sbuf_json_str(&b, in, sizeof(in) - 1), 0);
	assert_string_equal(b.data,
			    "\"a\\\"b\\\\c\\n\\u0001 \xC3\xA9 \xEF\xBF\xBD z\"");
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_printf),
		cmocka_unit_test(test_json_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
