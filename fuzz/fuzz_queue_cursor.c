/*
 * fuzz/fuzz_queue_cursor.c - the queue's keyset cursor (wf_cursor_parse,
 * workflow/view.c) on hostile bytes: it comes from the `after` and
 * `before` parameters of the web's Antrean page and GET /api/v1/findings.
 * Checks that a cursor that parses formats into a string that fits and
 * parses back to the same cursor.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "workflow/finding.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[512], out[WF_CURSOR_MAX];
	struct wf_cursor c, d;
	size_t n = size < sizeof(in) - 1 ? size : sizeof(in) - 1;

	memcpy(in, data, n);
	in[n] = '\0';
	if (wf_cursor_parse(&c, in) != 0)
		return 0;
	assert(wf_cursor_format(out, sizeof(out), &c) == 0);
	assert(strlen(out) < sizeof(out));
	assert(wf_cursor_parse(&d, out) == 0);
	assert(d.sort == c.sort && d.desc == c.desc && d.id == c.id &&
	       d.key == c.key && strcmp(d.text, c.text) == 0);
	return 0;
}
