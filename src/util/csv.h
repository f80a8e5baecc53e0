/*
 * util/csv.h - a streaming RFC 4180 CSV reader over a FILE*.
 *
 * Used by the registry importer and the CSV event importer. Handles quoted
 * fields, "" escapes, newlines inside quotes, CRLF or LF line ends, a
 * leading UTF-8 BOM, and blank lines (skipped). Memory is bounded by the
 * longest record: buffers are reused, so steady state does not allocate.
 *
 * Errors (unterminated quote, text after a closing quote, a field over
 * CSV_MAX_FIELD bytes, a record over CSV_MAX_RECORD) set "name:line:
 * reason" with err_set() and return NETRA_EINVALID; the reader then
 * resynchronises at the next line so the caller can report and go on.
 * After an unterminated quote (a quote left open up to end of file) the
 * rest of the file, from the line after the record's first line, is read
 * again with quoted fields confined to one line, so one stray quote costs
 * one error, not the file, and reading stays linear.
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

/* Reads the next record into row: 1 = a record, 0 = end of file, < 0 an
 * error (NETRA_EINVALID for bad input, with the reader resynchronised;
 * NETRA_EIO for a read error, NETRA_ENOMEM). */
int csv_next(struct csv_reader *r, struct csv_row *row);

/* Frees the reader; accepts NULL. Does not close the FILE. */
void csv_close(struct csv_reader *r);

#endif
