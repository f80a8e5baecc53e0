/*
 * util/csv.h - a streaming RFC 4180 CSV reader over a FILE*.
 *
 * Used by the registry importer and the CSV event importer. Handles quoted
 * fields, "" escapes, newlines inside quotes, CRLF or LF line ends, a
 * leading UTF-8 BOM, and blank lines (skipped). Memory is bounded by the
 * longest record: buffers are reused, so steady state does not allocate.
 *
 * Errors (unterminated quote, text after a closing quote, a field over
 * CSV_MAX_FIELD bytes, a record over the record limit) set "name:line:
 * reason" (line: where the record starts) with err_set() and return
 * NETRA_EINVALID; the reader then resynchronises so the caller can report
 * and go on. A malformed record on one line costs that line. A malformed
 * record that runs over several lines (a stray quote swallowing the lines
 * after it until the next quote, the end of the input or the size limit)
 * costs only its first line: the lines after it are read again, with
 * quoted fields confined to one line up to the point of the error, so one
 * stray quote costs one record, not the rows it swallowed, and reading
 * stays linear (each byte is parsed at most twice).
 */
#ifndef NETRA_UTIL_CSV_H
#define NETRA_UTIL_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELD  (1u << 20) /* bytes in one field */
#define CSV_MAX_RECORD (8u << 20) /* bytes in one record */

struct csv_reader;

/* One record. fields[i] is NUL-terminated (and may contain NUL bytes:
 * lens[i] is the true length). All pointers are valid until the next
 * csv_next() or csv_close(). line is the 1-based line the record starts. */
struct csv_row {
	size_t count;
	const char **fields;
	const size_t *lens;
	size_t line;
};

/* Opens a reader on f (not taken over: csv_close does not fclose). name
 * (copied) prefixes error messages. *out is freed with csv_close(). */
int csv_open(struct csv_reader **out, FILE *f, const char *name);

/* Lowers the record limit (default CSV_MAX_RECORD) to max bytes of field
 * data; fields are limited to the smaller of it and CSV_MAX_FIELD. */
void csv_set_max_record(struct csv_reader *r, size_t max);

/* The raw bytes of the line where the last rejected record started
 * (without its line end), for a reject file; *n is 0 when it was too long
 * to keep. Valid until the next csv_next() or csv_close(). */
void csv_reject(const struct csv_reader *r, const char **p, size_t *n);

/* Reads the next record into row: 1 = a record, 0 = end of file, < 0 an
 * error (NETRA_EINVALID for bad input, with the reader resynchronised;
 * NETRA_EIO for a read error, NETRA_ENOMEM). */
int csv_next(struct csv_reader *r, struct csv_row *row);

/* Frees the reader; accepts NULL. Does not close the FILE. */
void csv_close(struct csv_reader *r);

#endif
