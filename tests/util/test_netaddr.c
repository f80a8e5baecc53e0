/*
 * tests/util/test_netaddr.c - the key a client is counted under by the
 * rate limits and the login throttle: IPv4 by address, IPv6 by its /64.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/netaddr.h"

static void test_keys(void **state)
{
	char a[64], b[64];

	(void)state;
	assert_string_equal(netaddr_client_key(a, sizeof(a), "192.0.2.7"),
	                    "192.0.2.7");
	assert_string_equal(netaddr_client_key(a, sizeof(a), "::ffff:192.0.2.7"),
	                    "192.0.2.7");
	/* two addresses of one /64 are one client, written any way */
	netaddr_client_key(a, sizeof(a), "2001:db8:1:2::1");
	netaddr_client_key(b, sizeof(b), "2001:0DB8:0001:0002:dead:beef:0:7");
	assert_string_equal(a, "2001:db8:1:2::/64");
	assert_string_equal(a, b);
	/* another /64 is another client */
	assert_string_not_equal(
	    netaddr_client_key(b, sizeof(b), "2001:db8:1:3::1"), a);
	assert_string_equal(netaddr_client_key(a, sizeof(a), "fe80::1%eth0"),
	                    "fe80::/64");
	assert_string_equal(netaddr_client_key(a, sizeof(a), "?"), "?");
	assert_string_equal(netaddr_client_key(a, sizeof(a), ""), "");
	assert_string_equal(netaddr_client_key(a, 4, "192.0.2.7"), "192");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_keys)};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
