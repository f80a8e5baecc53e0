/*
 * fuzz/fuzz_ingest_formats.c - format detection and every importer (X,
 * Meta, TikTok, CSV, generic JSONL, the downloaders' metadata, xz
 * streams) on arbitrary bytes, without a store:
 * each reader must end (EOF or a fatal error) having yielded events or
 * file:line rejects, never crash, leak or loop.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "netra/ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_as(const uint8_t *data, size_t size, const char *name,
                    netra_ingest_format fmt)
{
	netra_ingest_reader *r = NULL;
	const netra_event *ev;
	const char *p;
	size_t n, records = 0;
	int rc;
	FILE *f = fmemopen((void *)data, size, "rb");

	if (!f)
		return;
	if (netra_ingest_reader_open(&r, f, name, fmt, 0) == 0) {
		assert(fmt == NETRA_FMT_AUTO ||
		       netra_ingest_reader_format(r) == fmt);
		while ((rc = netra_ingest_reader_next(r, &ev)) != 0) {
			assert(++records <= size + 1);
			if (rc == 1) {
				assert(ev && ev->id.len && ev->account.len);
				continue;
			}
			if (rc != NETRA_EINVALID)
				break;
			assert(strchr(netra_error_last(), ':'));
			netra_ingest_reader_reject(r, &p, &n);
			/* a JSONL reject is a line of the input, verbatim
			 * (of the inflated input, for an xz stream) */
			if (netra_ingest_reader_format(r) == NETRA_FMT_JSONL &&
			    data[0] != 0xfd)
				assert(n <= size && p != NULL);
		}
		netra_ingest_reader_free(r);
	}
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const netra_ingest_format fmts[] = {
	    NETRA_FMT_JSONL,     NETRA_FMT_X,           NETRA_FMT_META,
	    NETRA_FMT_TIKTOK,    NETRA_FMT_CSV,         NETRA_FMT_YTDLP,
	    NETRA_FMT_GALLERYDL, NETRA_FMT_INSTALOADER,
	};
	size_t i;

	if (size == 0)
		return 0;
	read_as(data, size, "input", NETRA_FMT_AUTO);
	read_as(data, size, "input.json", NETRA_FMT_AUTO);
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		read_as(data, size, "input", fmts[i]);
	return 0;
}
