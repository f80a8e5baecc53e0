/*
 * util/netaddr.h - the key a client address is counted under by the rate
 * limits of the public pages and the login throttle (web/session.c,
 * workflow/auth.c). One IPv6 subscriber usually holds a whole /64 and can
 * pick a fresh address in it for every request, so an IPv6 client is
 * counted by its /64 prefix; an IPv4 client (also written as an
 * IPv4-mapped IPv6 address) by its address.
 */
#ifndef NETRA_UTIL_NETADDR_H
#define NETRA_UTIL_NETADDR_H

#include <stddef.h>

/* Writes the counting key of numeric address addr into out (size bytes,
 * always NUL-terminated): "192.0.2.7" for IPv4 and IPv4-mapped IPv6,
 * "2001:db8:1:2::/64" for IPv6 (the zone index, "%eth0", ignored).
 * Anything else (an unknown peer "?") is copied as it is. Returns out. */
char *netaddr_client_key(char *out, size_t size, const char *addr);

#endif
