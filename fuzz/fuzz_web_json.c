/*
 * fuzz/fuzz_web_json.c - the JSON body decoder of the API (login, check,
 * complaints): duplicate keys refused, nesting bounded, objects only.
 */
#include <assert.h>
#include <stdint.h>

#include "util/error.h"
#include "web/web_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = NULL;
	int rc = web_json_decode(&v, (const char *)data, size);

	assert(rc == 0 ? json_is_object(v) : v == NULL);
	assert(rc == 0 || rc == NETRA_EINVALID || rc == NETRA_ENOMEM);
	json_decref(v);
	return 0;
}
