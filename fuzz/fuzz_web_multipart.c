/*
 * fuzz/fuzz_web_multipart.c - the multipart/form-data decoder (the public
 * complaint form with its screenshot) and the image sniffing of uploads.
 * The first line of the input is the Content-Type header value, the rest
 * the body. Each decoded part must lie within the body; text parts are
 * NUL-free; sniffing never reads past the part.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	struct web_params p = {0};
	char ctype[256];
	size_t cl, i;

	if (!nl)
		return 0;
	cl = (size_t)(nl - (const char *)data);
	if (cl >= sizeof(ctype))
		return 0;
	memcpy(ctype, data, cl);
	ctype[cl] = '\0';
	if (web_multipart_decode(&p, ctype, nl + 1, size - cl - 1) == 0) {
		for (i = 0; i < p.len; i++) {
			assert(p.items[i].value_len <= size);
			if (!p.items[i].filename)
				assert(strlen(p.items[i].value) ==
				       p.items[i].value_len);
			(void)web_sniff_image(p.items[i].value,
			                      p.items[i].value_len);
		}
	}
	web_params_free(&p);
	(void)web_sniff_image(data, size);
	return 0;
}
