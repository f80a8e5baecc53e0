/*
 * workflow/smtp.c - sending one mail over SMTP with libcurl (smtp:// with
 * optional STARTTLS, or smtps://). The caller gives a complete RFC 5322
 * message; libcurl does the SMTP dialogue and the dot-stuffing. Errors
 * never carry the credentials (util/redact.h).
 */
#include "workflow/escalate.h"

#include <string.h>

#include <curl/curl.h>

#include "util/error.h"
#include "util/redact.h"

struct reader {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

/* "<addr>" for MAIL FROM / RCPT TO, into buf. */
static const char *angle(char *buf, size_t size, const char *addr)
{
	size_t n = strlen(addr);

	if (n + 3 > size)
		n = size - 3;
	buf[0] = '<';
	memcpy(buf + 1, addr, n);
	buf[n + 1] = '>';
	buf[n + 2] = '\0';
	return buf;
}

int wf_smtp_send(const struct wf_smtp *smtp, const char *rcpt, const char *msg,
                 size_t len)
{
	char err[CURL_ERROR_SIZE] = "", from[300], to[300];
	struct reader r = {msg, len};
	struct curl_slist *rcpts = NULL;
	CURL *curl;
	CURLcode cc;
	int rc = 0;

	curl = curl_easy_init();
	if (!curl)
		return err_set(NETRA_ENOMEM, "curl_easy_init failed");
	rcpts = curl_slist_append(NULL, angle(to, sizeof(to), rcpt));
	if (!rcpts) {
		rc = err_oom();
		goto done;
	}
	curl_easy_setopt(curl, CURLOPT_URL, smtp->url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM,
	                 angle(from, sizeof(from), smtp->from));
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &r);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, err);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT,
	                 smtp->timeout > 0 ? smtp->timeout : 60L);
	if (smtp->starttls)
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (smtp->user)
		curl_easy_setopt(curl, CURLOPT_USERNAME, smtp->user);
	if (smtp->password)
		curl_easy_setopt(curl, CURLOPT_PASSWORD, smtp->password);
	cc = curl_easy_perform(curl);
	if (cc != CURLE_OK) {
		/* the message goes to outbox.last_error and the terminal:
		 * no user information of the URL, no password */
		char url[512], why[CURL_ERROR_SIZE + 64];

		redact_urls(url, sizeof(url), smtp->url, smtp->password);
		redact_urls(why, sizeof(why),
		            err[0] ? err : curl_easy_strerror(cc),
		            smtp->password);
		rc = err_set(NETRA_EIO, "smtp %s to %s: %s", url, rcpt, why);
	}
done:
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(curl);
	return rc;
}
