/*
 * media/download.c - one image URL fetched with libcurl under limits
 * (media_int.h): http and https only (redirects too, at most 3), a byte
 * limit enforced while the body arrives (not only from Content-Length),
 * a whole-transfer timeout, and, unless allowed, no connection to
 * loopback, private, link-local or unspecified addresses: the URLs come
 * from posts anyone can write, and must not make netra probe the
 * agency's own network (SSRF). The address is checked on the socket curl
 * is about to open, after DNS, so a name that resolves inward is caught
 * as well as a literal one.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "media/media_int.h"
#include "util/error.h"

struct dl {
	struct sbuf *body;
	size_t max;
	int too_large, refused, oom;
	int allow_private;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ok;

static void curl_start(void)
{
	curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct dl *d = ud;
	size_t n = size * nmemb;

	if (d->body->len + n > d->max) {
		d->too_large = 1;
		return 0; /* aborts the transfer */
	}
	if (sbuf_append(d->body, p, n)) {
		d->oom = 1;
		return 0;
	}
	return n;
}

/* 1 when the address is one a post's URL may not reach. */
static int inward(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		uint32_t a = ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);
		return (a >> 24) == 127 || (a >> 24) == 10 || (a >> 24) == 0 ||
		       (a >> 20) == 0xAC1 /* 172.16/12 */ ||
		       (a >> 16) == 0xC0A8 /* 192.168/16 */ ||
		       (a >> 16) == 0xA9FE /* 169.254/16 */ ||
		       (a >> 22) == (100u << 2 | 1) /* 100.64/10 */ ||
		       (a >> 28) >= 0xE; /* multicast, reserved */
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a =
		    &((const struct sockaddr_in6 *)sa)->sin6_addr;
		const uint8_t *b = a->s6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a)) {
			struct sockaddr_in v4;
			memset(&v4, 0, sizeof(v4));
			v4.sin_family = AF_INET;
			memcpy(&v4.sin_addr, b + 12, 4);
			return inward((const struct sockaddr *)&v4);
		}
		return IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_UNSPECIFIED(a) ||
		       IN6_IS_ADDR_LINKLOCAL(a) || IN6_IS_ADDR_MULTICAST(a) ||
		       (b[0] & 0xFE) == 0xFC; /* unique local fc00::/7 */
	}
	return 1;
}

static curl_socket_t on_open(void *ud, curlsocktype purpose,
                             struct curl_sockaddr *addr)
{
	struct dl *d = ud;

	(void)purpose;
	if (!d->allow_private && inward(&addr->addr)) {
		d->refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

/* The reason for a failed transfer, into the thread's error. */
static int failed(const struct dl *d, CURLcode cc, long status,
                  const struct media_limits *lim)
{
	if (d->oom)
		return err_oom();
	if (d->too_large || cc == CURLE_FILESIZE_EXCEEDED)
		return err_set(NETRA_EINVALID, "larger than the limit of %zu "
		                               "bytes",
		               lim->max_bytes);
	if (d->refused)
		return err_set(NETRA_EINVALID,
		               "refused: the address is loopback, private or "
		               "link-local");
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return err_set(NETRA_EINVALID, "timed out after %ld s",
		               lim->timeout);
	if (cc == CURLE_UNSUPPORTED_PROTOCOL)
		return err_set(NETRA_EINVALID, "not an http or https URL");
	if (cc != CURLE_OK)
		return err_set(NETRA_EINVALID, "download failed: %s",
		               curl_easy_strerror(cc));
	return err_set(NETRA_EINVALID, "HTTP status %ld", status);
}

/* 1 when a failed transfer may well succeed later: the server or the
 * network was busy or down (a timeout, no connection, a name that did not
 * resolve, a cut transfer, HTTP 408, 429 or 5xx). Not a refused address,
 * a size over the limit or any other answer: those are the URL's. */
static int transient(const struct dl *d, CURLcode cc, long status)
{
	if (d->refused || d->too_large || d->oom)
		return 0;
	switch (cc) {
	case CURLE_OK:
		return status == 408 || status == 429 ||
		       (status >= 500 && status <= 599);
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

int media_download(struct sbuf *body, int *again, const char *url,
                   const struct media_limits *lim)
{
	struct dl d = {body, lim->max_bytes, 0, 0, 0, lim->allow_private};
	CURL *h;
	CURLcode cc;
	long status = 0;

	*again = 0;
	sbuf_clear(body);
	pthread_once(&curl_once, curl_start);
	if (!curl_ok || !(h = curl_easy_init()))
		return err_set(NETRA_ERROR, "libcurl failed to start");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, lim->timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	                 lim->timeout < 10 ? lim->timeout : 10L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	                 (curl_off_t)lim->max_bytes);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "netra-media/1");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &d);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &d);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (cc == CURLE_OK && status == 200)
		return 0;
	*again = transient(&d, cc, status);
	return failed(&d, cc, status, lim);
}
