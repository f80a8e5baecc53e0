/*
 * fuzz/fuzz_netaddr.c - the counting key of a client address
 * (util/netaddr.h) on hostile bytes: the address comes from the peer or
 * the trusted proxy's X-Forwarded-For. Checks that the key is always a
 * NUL-terminated string that fits, and that a key made from an IPv4
 * address or an IPv6 /64 is stable (the key of its own address part is
 * itself).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/netaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[96], key[64], again[64], small[8], *slash;
	size_t n = size < sizeof(in) - 1 ? size : sizeof(in) - 1;

	memcpy(in, data, n);
	in[n] = '\0';
	netaddr_client_key(key, sizeof(key), in);
	assert(strlen(key) < sizeof(key));
	netaddr_client_key(small, sizeof(small), in);
	assert(strlen(small) < sizeof(small));
	slash = strstr(key, "/64");
	if (slash && slash[3] == '\0') {
		*slash = '\0';
		netaddr_client_key(again, sizeof(again), key);
		*slash = '/';
		assert(strcmp(again, key) == 0);
	}
	return 0;
}
