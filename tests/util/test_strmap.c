/* tests/util/test_strmap.c - hash map and arena: growth, lookup, reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"
#include "util/strmap.h"

static void test_put_get_many(void **state)
{
	struct strmap m = STRMAP_INIT;
	char key[32];
	int64_t v;
	int i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(strmap_put(&m, key, (size_t)n, i * 3), 0);
	}
	assert_int_equal(m.count, 10000);
	for (i = 0; i < 10000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(strmap_get(&m, key, (size_t)n, &v), 1);
		assert_int_equal(v, i * 3);
	}
	assert_int_equal(strmap_get(&m, "nope", 4, &v), 0);
	assert_int_equal(strmap_put(&m, "k5", 2, -1), 0);
	assert_int_equal(m.count, 10000);
	assert_int_equal(strmap_get(&m, "k5", 2, &v), 1);
	assert_int_equal(v, -1);
	strmap_free(&m);
}

static void test_arena_reuse(void **state)
{
	struct arena a = ARENA_INIT;
	char *p, *q;
	int round;

	(void)state;
	for (round = 0; round < 3; round++) {
		p = arena_strndup(&a, "hello", 5);
		assert_string_equal(p, "hello");
		assert_true(((uintptr_t)p & 15) == 0);
		q = arena_alloc(&a, 200000); /* bigger than a block */
		assert_non_null(q);
		memset(q, 'x', 200000);
		arena_reset(&a);
	}
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_get_many),
		cmocka_unit_test(test_arena_reuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
