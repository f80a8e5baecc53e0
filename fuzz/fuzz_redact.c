/*
 * fuzz/fuzz_redact.c - feeds bytes to util/redact.c, which reads URLs and
 * error texts from outside (the --smtp URL, libcurl's messages, stored
 * outbox errors) before anything is stored or printed.
 *
 * Input: the first line is a secret, the rest the text. Invariants: the
 * redacted text never contains the secret (when 3 bytes or longer and
 * without '*'); the clean URL is shorter than the text when user
 * information was split off, and the text itself when there was none.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *text, out[512], clean[512];
	char *user = NULL, *pw = NULL;
	const char *secret = "";
	int r;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	text = strchr(buf, '\n');
	if (text) {
		*text++ = '\0';
		secret = buf;
	} else {
		text = buf;
	}
	redact_urls(out, sizeof(out), text, secret);
	if (strlen(secret) >= 3 && !strchr(secret, '*') &&
	    strlen(text) < sizeof(out) / 2 && strstr(out, secret))
		abort();
	r = redact_split_url(clean, sizeof(clean), &user, &pw, text);
	if (r == 1 && strlen(clean) >= strlen(text))
		abort();
	if (r == 0 && strcmp(clean, text) != 0)
		abort();
	free(user);
	free(pw);
	free(buf);
	return 0;
}
