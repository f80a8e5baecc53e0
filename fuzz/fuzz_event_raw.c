/*
 * fuzz/fuzz_event_raw.c - deriving an event again from a stored raw
 * record (netra_event_from_raw, src/ingest/raw.c), which the finding view,
 * export and `evidence audit` run on events.raw: whatever a store holds
 * (a raw rewritten by hand included), it must give an event or an error,
 * never crash, leak or read out of bounds. Byte 0 chooses the reading
 * (bit 0: as a CSV row) and the stored handle given for X tweets (bit 1).
 * The same bytes go through netra_raw_media (media fetch and scan read a
 * stored event's media[] with it): an array, never a crash; and through
 * media_raw_may_have (ingest's test of whether scan waits for images):
 * 0 or 1, never a read past the bytes.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "media/event.h"
#include "netra/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static netra_event_parser *p;
	const netra_event *ev;
	unsigned uncovered;
	json_t *media;
	int rc;

	if (size < 1 || (!p && netra_event_parser_new(&p)))
		return 0;
	rc = netra_event_from_raw(p, (const char *)data + 1, size - 1,
	                          data[0] & 2 ? "budi_fiktif" : NULL,
	                          data[0] & 1, &ev, &uncovered);
	if (rc == 0) {
		assert(ev->id.len && (unsigned)ev->type < NETRA_EV__COUNT);
		assert(ev->raw.len == size - 1);
		assert(uncovered < (1u << NETRA_RAW_NCOLS));
	}
	rc = media_raw_may_have((const char *)data + 1, size - 1);
	assert(rc == 0 || rc == 1);
	if (netra_raw_media(&media, (const char *)data + 1, size - 1) == 0) {
		assert(json_is_array(media));
		json_decref(media);
	}
	return 0;
}
