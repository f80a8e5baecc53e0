/*
 * fuzz/fuzz_web_form.c - the web server's text decoders on hostile bytes:
 * the input is decoded as an urlencoded form / query string and as a
 * Cookie header. Checks that every decoded field is NUL-terminated text
 * of its recorded length and that no more than WEB_PARAMS_MAX are kept.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct web_params *p)
{
	size_t i;

	assert(p->len <= WEB_PARAMS_MAX);
	for (i = 0; i < p->len; i++) {
		assert(p->items[i].name && p->items[i].value);
		assert(strlen(p->items[i].value) == p->items[i].value_len);
		assert(web_param_get(p, p->items[i].name) != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct web_params p = {0};
	const char *s = (const char *)data;

	if (web_form_decode(&p, s, size) == 0)
		check(&p);
	web_params_free(&p);
	if (web_cookie_decode(&p, s, size) == 0)
		check(&p);
	web_params_free(&p);
	return 0;
}
