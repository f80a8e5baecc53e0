/*
 * util/netaddr.c - the counting key of a client address (see netaddr.h).
 */
#include "util/netaddr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0,
                                            0, 0, 0, 0, 0xff, 0xff};

char *netaddr_client_key(char *out, size_t size, const char *addr)
{
	char buf[64], text[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	size_t n = strcspn(addr ? addr : "", "%");

	if (!size)
		return out;
	snprintf(out, size, "%s", addr ? addr : "");
	if (n >= sizeof(buf))
		return out;
	memcpy(buf, addr, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, bin) == 1) {
		if (inet_ntop(AF_INET, bin, text, sizeof(text)))
			snprintf(out, size, "%s", text);
		return out;
	}
	if (inet_pton(AF_INET6, buf, bin) != 1)
		return out;
	if (memcmp(bin, v4_mapped, sizeof(v4_mapped)) == 0) {
		if (inet_ntop(AF_INET, bin + 12, text, sizeof(text)))
			snprintf(out, size, "%s", text);
		return out;
	}
	memset(bin + 8, 0, 8);
	if (inet_ntop(AF_INET6, bin, text, sizeof(text)))
		snprintf(out, size, "%s/64", text);
	return out;
}
