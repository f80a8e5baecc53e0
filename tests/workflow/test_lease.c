/*
 * tests/workflow/test_lease.c - leases on blocks of scan work
 * (workflow/lease.c): one holder at a time, expiry returns a block to the
 * pool, a lost lease is seen at renewal, a release frees the block, and
 * the lease of a dead process of this host is taken at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netra/store.h"
#include "workflow/lease.h"

static const char *rb = "sha256:test";

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

static void test_one_holder(void **state)
{
	netra_store *st = *state;

	assert_int_equal(wf_lease_claim(st, rb, 7, "h:1:a", 100, 200), 1);
	/* another scanner: refused while the lease runs */
	assert_int_equal(wf_lease_claim(st, rb, 7, "h:2:b", 150, 250), 0);
	/* the holder may claim again (a re-run of the same scan) */
	assert_int_equal(wf_lease_claim(st, rb, 7, "h:1:a", 150, 250), 1);
	/* other blocks and other rulebooks are separate work */
	assert_int_equal(wf_lease_claim(st, rb, 8, "h:2:b", 150, 250), 1);
	assert_int_equal(wf_lease_claim(st, "sha256:other", 7, "h:2:b", 150,
					250),
			 1);
}

static void test_expiry_and_renewal(void **state)
{
	netra_store *st = *state;

	assert_int_equal(wf_lease_claim(st, rb, 1, "h:1:a", 100, 200), 1);
	assert_int_equal(wf_lease_renew(st, rb, 1, "h:1:a", 300), 1);
	assert_int_equal(wf_lease_claim(st, rb, 1, "h:2:b", 250, 350), 0);
	/* past its expiry the block returns to the pool */
	assert_int_equal(wf_lease_claim(st, rb, 1, "h:2:b", 301, 400), 1);
	/* and the first holder learns it lost the block when it renews */
	assert_int_equal(wf_lease_renew(st, rb, 1, "h:1:a", 500), 0);
	assert_int_equal(wf_lease_renew(st, rb, 1, "h:2:b", 500), 1);
}

static void test_release(void **state)
{
	netra_store *st = *state;

	assert_int_equal(wf_lease_claim(st, rb, 3, "h:1:a", 100, 200), 1);
	/* only the holder's release counts */
	assert_int_equal(wf_lease_release(st, rb, 3, "h:2:b"), 0);
	assert_int_equal(wf_lease_claim(st, rb, 3, "h:2:b", 110, 210), 0);
	assert_int_equal(wf_lease_release(st, rb, 3, "h:1:a"), 0);
	assert_int_equal(wf_lease_claim(st, rb, 3, "h:2:b", 110, 210), 1);
}

/* A lease of this host whose process is gone is taken at once; one of a
 * live process (ours) or of another host is not. */
static void test_dead_owner(void **state)
{
	netra_store *st = *state;
	char host[64] = "", dead[128], live[128], other[128];

	assert_int_equal(gethostname(host, sizeof(host)), 0);
	snprintf(dead, sizeof(dead), "%s:%d:x", host, 0x3ffffff0);
	snprintf(live, sizeof(live), "%s:%ld:y", host, (long)getpid());
	snprintf(other, sizeof(other), "not-%s:%d:z", host, 0x3ffffff0);
	assert_int_equal(wf_lease_claim(st, rb, 1, dead, 100, 1000), 1);
	assert_int_equal(wf_lease_claim(st, rb, 1, "me:1:m", 110, 1100), 1);
	assert_int_equal(wf_lease_claim(st, rb, 2, live, 100, 1000), 1);
	assert_int_equal(wf_lease_claim(st, rb, 2, "me:1:m", 110, 1100), 0);
	assert_int_equal(wf_lease_claim(st, rb, 3, other, 100, 1000), 1);
	assert_int_equal(wf_lease_claim(st, rb, 3, "me:1:m", 110, 1100), 0);
}

static void test_owner_ids_differ(void **state)
{
	char a[128], b[128], host[64] = "";

	(void)state;
	wf_lease_owner(a, sizeof(a));
	wf_lease_owner(b, sizeof(b));
	assert_string_not_equal(a, b);
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	assert_memory_equal(a, host, strlen(host));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_one_holder, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_expiry_and_renewal, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_release, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dead_owner, setup, teardown),
	    cmocka_unit_test(test_owner_ids_differ),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
