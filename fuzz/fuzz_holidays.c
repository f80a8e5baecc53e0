/*
 * fuzz/fuzz_holidays.c - feeds bytes to the parsers of the workflow's
 * outside input: the public holidays file of `netra escalate --holidays`
 * (one 'YYYY-MM-DD name' a line, imported all or nothing), and the times
 * given on the command line (civil_time_parse) and dates (civil_day_parse).
 *
 * Input: the whole file. It is written to a temporary file and imported
 * into an in-memory store made once; each line's first bytes also go to
 * civil_time_parse. Invariants: an import either adds every dated line or
 * nothing (the holidays count is unchanged on error), and every parsed
 * day formats back to the same ten characters.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "workflow/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static netra_store *st;

static int64_t holidays(void)
{
	int64_t n = -1;

	if (store_query_int64(&n, st, "SELECT COUNT(*) FROM holidays", NULL, 0))
		abort();
	return n;
}

/* civil_time_parse and civil_day_parse on the first line of data. */
static void parse_times(const uint8_t *data, size_t size)
{
	char buf[64], back[16];
	size_t n = 0;
	int64_t t, day;

	while (n < size && n < sizeof(buf) - 1 && data[n] != '\n')
		n++;
	memcpy(buf, data, n);
	buf[n] = '\0';
	(void)civil_time_parse(&t, buf, CIVIL_WIB);
	if (n >= 10 && civil_day_parse(&day, buf, 10) == 0) {
		civil_day_format(back, sizeof(back), day);
		if (memcmp(back, buf, 10) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/netra-fuzz-holidays.XXXXXX";
	int64_t before, after;
	size_t count = 0;
	FILE *f;
	int fd, rc;

	if (!st && (netra_store_open(&st, ":memory:") != 0))
		abort();
	parse_times(data, size);
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return 0;
	}
	if (fwrite(data, 1, size, f) != size) {
		fclose(f);
		unlink(path);
		return 0;
	}
	fclose(f);
	before = holidays();
	rc = wf_holidays_import(st, path, &count);
	after = holidays();
	unlink(path);
	/* all or nothing */
	if (rc != 0 ? after != before : after < before)
		abort();
	if (rc == 0 && (int64_t)count < after - before)
		abort();
	if (after > 1000 && store_exec(st, "DELETE FROM holidays") != 0)
		abort();
	return 0;
}
