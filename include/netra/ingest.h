/*
 * netra/ingest.h - reading events into netra: the generic JSONL Event
 * parser, readers for platform exports (X API v2, Meta Graph API, TikTok
 * Research API, CSV), and the ingest loop that stores events of registered
 * accounts idempotently.
 *
 * Layers, each usable on its own:
 *   netra_event_parser  one JSON text -> one validated netra_event, or
 *                       read leniently for judging (what `netra check`
 *                       and the web's self-check use)
 *   netra_ingest_reader a stream in any supported format -> events one by
 *                       one, or rejected records with a file:line reason
 *   netra_ingest_*      reader + store: batches of INSERT ... ON CONFLICT
 *                       DO NOTHING in transactions, counts, reject file
 * docs/ingest.md maps each platform's fields onto the Event.
 */
#ifndef NETRA_INGEST_H
#define NETRA_INGEST_H

#include <stdio.h>

#include <jansson.h>

#include "netra/common.h"
#include "netra/event.h"
#include "netra/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the generic Event parser ---------------------------------------- */

typedef struct netra_event_parser netra_event_parser;

/* Makes a parser. It owns scratch memory reused from one parse to the
 * next. Free with netra_event_parser_free(). */
int netra_event_parser_new(netra_event_parser **out);

/* Frees the parser and every event it returned. Accepts NULL. */
void netra_event_parser_free(netra_event_parser *p);

/* Parses and validates one Event (one JSON object, e.g. a JSONL line
 * without its newline; trailing whitespace is ignored) of n bytes.
 * On success *out points to an event owned by the parser: it and every
 * string in it stay valid until the next parse or the parser's free.
 * raw is the text as given (trailing whitespace trimmed); account handles
 * are normalised per platform. On bad input returns NETRA_EINVALID with a
 * reason ("missing id", "unknown type 'x'", "created_at: ...", "not JSON:
 * ... at column N") in netra_error_last(); the caller adds file:line. */
int netra_event_parser_parse(netra_event_parser *p, const char *line, size_t n,
                             const netra_event **out);

/* Parses one line for judging, as `netra check` and the web's self-check
 * do: strictly as netra_event_parser_parse (returns 0); else, when the
 * line is still a JSON object with an "id" (a non-empty string or an
 * integer) - refused only for what storing needs and judging does not,
 * such as a handle that breaks a platform's rules, an unknown platform or
 * type, a bad created_at or duplicate keys - returns 1 with *out read
 * leniently from its id, type (unknown: post), text, account, platform
 * and target, and netra_error_last() still says why the strict reading
 * refused it (the caller warns with it). Otherwise NETRA_EINVALID with
 * the strict reason. *out is owned by the parser as with
 * netra_event_parser_parse. */
int netra_event_parser_parse_lenient(netra_event_parser *p, const char *line,
                                     size_t n, const netra_event **out);

/* ---- an event derived again from its stored raw record ------------- */

/* The shown columns of a stored event (events.type, account, ...), as
 * bits for netra_event_from_raw and src/evidence/event.c. */
#define NETRA_RAW_TYPE           (1u << 0)
#define NETRA_RAW_ACCOUNT        (1u << 1)
#define NETRA_RAW_CREATED        (1u << 2)
#define NETRA_RAW_TEXT           (1u << 3)
#define NETRA_RAW_URL            (1u << 4)
#define NETRA_RAW_TARGET_ACCOUNT (1u << 5)
#define NETRA_RAW_TARGET_ID      (1u << 6)
#define NETRA_RAW_TARGET_TEXT    (1u << 7)
#define NETRA_RAW_NCOLS          8

/* Derives the Event again from a stored event's raw record (events.raw,
 * as ingest kept it): a generic Event JSON line, a CSV row (its columns
 * as a JSON object; give csv = 1 to read a raw that has the Event's keys
 * as a CSV row rather than as an Event, whose empty fields differ), or an
 * X, Meta or TikTok item. account is the stored handle, used only for an
 * X tweet (which names its author by number). Fields the item does not
 * hold (X: account, url, target account and text; Meta: type and target)
 * are set in *uncovered and must not be taken from *out. Same ownership
 * as netra_event_parser_parse; NETRA_EINVALID when raw gives no event. */
int netra_event_from_raw(netra_event_parser *p, const char *raw, size_t n,
                         const char *account, int csv,
                         const netra_event **out, unsigned *uncovered);

/* The media[] array (Event contract: [{url, sha256, ocr_text}]) of a
 * stored event's raw record: a generic Event's own, or the one the
 * platform item's converter derives (X includes.media, Meta media_url,
 * TikTok cover_image_url, the downloaders' thumbnails), index for index
 * as ingest gave it. An empty array for a raw without media or that
 * gives no event. *out is a new reference; 0 or ENOMEM. */
int netra_raw_media(json_t **out, const char *raw, size_t n);

/* ---- formats and readers --------------------------------------------- */

typedef enum {
	NETRA_FMT_AUTO = 0,   /* detect from extension and first bytes/keys */
	NETRA_FMT_JSONL,      /* generic Event, one JSON object per line */
	NETRA_FMT_X,          /* X API v2 tweet responses */
	NETRA_FMT_META,       /* Meta Graph API (Facebook, Instagram) */
	NETRA_FMT_TIKTOK,     /* TikTok Research API video queries */
	NETRA_FMT_CSV,        /* CSV with the Event's columns */
	NETRA_FMT_YTDLP,      /* yt-dlp --write-info-json (TikTok, YouTube) */
	NETRA_FMT_GALLERYDL,  /* gallery-dl --write-metadata */
	NETRA_FMT_INSTALOADER /* instaloader per-post .json(.xz) */
} netra_ingest_format;

/* "auto", "jsonl", "x", "meta", "tiktok", "csv", "ytdlp", "gallerydl",
 * "instaloader". */
const char *netra_ingest_format_name(netra_ingest_format f);

/* Parses a format name (also "json" for jsonl, "twitter", "facebook",
 * "instagram", "yt-dlp", "gallery-dl"); 0 and *out, or NETRA_EINVALID. */
int netra_ingest_format_parse(netra_ingest_format *out, const char *s);

typedef struct netra_ingest_reader netra_ingest_reader;

/* The default longest record, in bytes: a JSONL line, a CSV record, a
 * line of `netra check` input. 1 MiB holds the longest post any platform
 * allows (Facebook's 63,206 characters are at most 253 KB of UTF-8, or
 * 380 KB as JSON \u escapes) with its target text and metadata, while
 * a few of them in memory stay far below the 100 MB peak RSS netra
 * promises. Platform documents (API response pages) may be 4 times it.
 * A longer record is rejected with file:line and skipped without being
 * kept in memory. */
#define NETRA_INGEST_MAX_RECORD ((size_t)1 << 20)

/* Opens a reader on f (not closed by the reader). name (copied) prefixes
 * error messages; its extension helps detection when fmt is AUTO. The
 * format is detected here, reading at most the first document; an input
 * whose format cannot be told returns NETRA_EINVALID. Whole-document
 * formats may hold one document or one per line. max_record is the
 * longest record in bytes (0: NETRA_INGEST_MAX_RECORD). Free with
 * netra_ingest_reader_free(). */
int netra_ingest_reader_open(netra_ingest_reader **out, FILE *f,
                             const char *name, netra_ingest_format fmt,
                             size_t max_record);

/* The format being read (detected, or as given). */
netra_ingest_format netra_ingest_reader_format(const netra_ingest_reader *r);

/* Next record: 1 and *out = an event (valid until the next call), 0 at
 * end of input, NETRA_EINVALID when a record was rejected (message
 * "name:line: reason"; the record's bytes via netra_ingest_reader_reject;
 * reading may go on), another negative code on a fatal (I/O) error. */
int netra_ingest_reader_next(netra_ingest_reader *r, const netra_event **out);

/* The bytes of the record last rejected, as they should be written to a
 * reject file (without a final newline): the line as read for JSONL, the
 * document or the item's JSON for platform exports, the row re-encoded
 * as CSV for CSV. *n is 0 when nothing can be kept. Valid until the next
 * call on the reader. */
void netra_ingest_reader_reject(const netra_ingest_reader *r, const char **p,
                                size_t *n);

/* For CSV input, the header line to put first in a reject file (so it can
 * be fixed and ingested again); NULL for other formats. */
const char *netra_ingest_reader_reject_header(const netra_ingest_reader *r);

/* Frees the reader. Accepts NULL. */
void netra_ingest_reader_free(netra_ingest_reader *r);

/* ---- the ingest loop ------------------------------------------------- */

typedef struct {
	netra_ingest_format format; /* NETRA_FMT_AUTO to detect per file */
	const char *rejects_path;   /* NULL: one per input, named after its
	                               whole path (docs/ingest.md):
	                               ./netra-rejects-<path, / as %2F>.jsonl
	                               (.csv for CSV input) */
	size_t batch_size;          /* events per transaction; 0 = 20000 */
	FILE *log;                  /* file:line errors and progress; NULL
	                               prints nothing */
	int progress;               /* redraw a progress line on log */
	size_t max_errors_shown;    /* per session; 0 = 100 */
	size_t max_record;          /* longest record in bytes; 0 =
	                               NETRA_INGEST_MAX_RECORD */
} netra_ingest_options;

typedef struct {
	uint64_t read;       /* records read: the four below add up to it */
	uint64_t ingested;   /* new events committed */
	uint64_t duplicates; /* already stored (platform, id) */
	uint64_t skipped;    /* authors not registered (or inactive) */
	uint64_t rejected;   /* malformed records */
	double elapsed;      /* seconds */
	netra_ingest_format format;
	char rejects_path[1024]; /* where rejects went; "" if there were none */
} netra_ingest_result;

typedef struct netra_ingest netra_ingest;

/* Starts an ingest session on st: loads the active registered accounts
 * once, each under its current handle, every handle it was seen under
 * before (account_handles) and, when known, its stable user id as
 * "id:N" (migration 013). opt may be NULL for defaults; it is copied
 * (rejects_path must outlive the session). Free with netra_ingest_free(). */
int netra_ingest_new(netra_ingest **out, netra_store *st,
                     const netra_ingest_options *opt);

/* Ingests one file ("-" for stdin) into *out (zeroed first; counts are
 * filled in even on error, counting only committed work). Returns 0 when
 * the file was read to its end (rejected records do not make it fail),
 * or a negative code when it could not be opened or detected, or on an
 * I/O or database error (the batch in progress is rolled back). */
int netra_ingest_run(netra_ingest *ing, const char *path,
                     netra_ingest_result *out);

/* Ingests the records of buf[0, n) (one API response page, or generic
 * Event lines) read in fmt (not AUTO) as ONE transaction, through the
 * same validation, account matching, exactly-once insert and evidence
 * queue as netra_ingest_run; name labels messages and events.source.
 * before_commit (may be NULL) runs inside that transaction after the
 * events were written and before the evidence append and COMMIT (the
 * collectors store their cursor there, so a page and its cursor commit
 * together); its error rolls everything back. An empty buffer still runs
 * before_commit in its own transaction. Same result and errors as
 * netra_ingest_run. */
int netra_ingest_buffer(netra_ingest *ing, const char *name,
                        netra_ingest_format fmt, const char *buf, size_t n,
                        int (*before_commit)(void *ctx), void *ctx,
                        netra_ingest_result *out);

/* Makes handle of platform name account_id for the rest of the session
 * (a collector that learned a rename). 0 or NETRA_ENOMEM. */
int netra_ingest_add_account(netra_ingest *ing, const char *platform,
                             const char *handle, int64_t account_id);

/* Errors not printed because max_errors_shown was reached. */
uint64_t netra_ingest_errors_hidden(const netra_ingest *ing);

/* Frees the session. Accepts NULL. */
void netra_ingest_free(netra_ingest *ing);

/* One-shot: netra_ingest_new + netra_ingest_run + netra_ingest_free. */
int netra_ingest_file(netra_ingest_result *out, netra_store *st,
                      const char *path, const netra_ingest_options *opt);

#ifdef __cplusplus
}
#endif
#endif
