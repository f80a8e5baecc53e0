/*
 * fuzz/fuzz_event_json.c - the generic Event parser, strict and lenient
 * (netra check), on arbitrary bytes: it must accept or reject with a
 * message, never crash, leak or read out of bounds, and what it accepts
 * must satisfy the Event contract.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "netra/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(netra_str s)
{
	if (s.s)
		assert(s.s[s.len] == '\0');
	else
		assert(s.len == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static netra_event_parser *p;
	const netra_event *ev;
	size_t i;
	int rc;

	if (!p && netra_event_parser_new(&p))
		return 0;
	/* the lenient reading (netra check) first: strict or lenient, an
	 * event it returns has an id and a known type */
	rc = netra_event_parser_parse_lenient(p, (const char *)data, size, &ev);
	if (rc == 0 || rc == 1) {
		assert(ev->id.len && (unsigned)ev->type < NETRA_EV__COUNT);
		check_str(ev->id);
		check_str(ev->text);
		check_str(ev->account);
		check_str(ev->target.text);
	} else {
		assert(rc == NETRA_EINVALID || rc == NETRA_ENOMEM);
	}
	rc = netra_event_parser_parse(p, (const char *)data, size, &ev);
	if (rc) {
		assert(rc == NETRA_EINVALID || rc == NETRA_ENOMEM);
		assert(ev == NULL && netra_error_last()[0] != '\0');
		return 0;
	}
	assert((unsigned)ev->type < NETRA_EV__COUNT);
	assert(ev->platform.len && ev->id.len && ev->account.len);
	assert(ev->raw.len <= size &&
	       memcmp(ev->raw.s, data, ev->raw.len) == 0);
	check_str(ev->platform);
	check_str(ev->id);
	check_str(ev->account);
	check_str(ev->created_at);
	check_str(ev->text);
	check_str(ev->url);
	check_str(ev->target.account);
	check_str(ev->target.id);
	check_str(ev->target.text);
	for (i = 0; i < ev->media_count; i++) {
		check_str(ev->media[i].url);
		check_str(ev->media[i].sha256);
		check_str(ev->media[i].ocr_text);
	}
	return 0;
}
