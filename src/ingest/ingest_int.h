/*
 * ingest/ingest_int.h - internals shared by the ingest files: the
 * converters from platform documents (x.c, meta.c, tiktok.c) to Event
 * JSON objects, the CSV row converter (csv.c), and the parser entry that
 * validates an already-built JSON object (event.c).
 *
 * A converter turns one parsed document into a list of items, one per
 * record it holds. Each item is either an Event-shaped JSON object plus
 * the platform's own object it came from (kept as raw), or an error.
 */
#ifndef NETRA_INGEST_INT_H
#define NETRA_INGEST_INT_H

#include <jansson.h>

#include "netra/ingest.h"
#include "util/arena.h"
#include "util/csv.h"
#include "util/sbuf.h"
#include "util/vec.h"

/* JSON flags for every document netra reads. */
#define INGEST_JSON_FLAGS (JSON_REJECT_DUPLICATES)

struct ingest_item {
	json_t *event; /* Event shape (own reference), or NULL on error */
	json_t *raw;   /* the platform's object (own reference) */
	char path[64]; /* where in the document, e.g. "data[3]" */
	char *error;   /* malloc'd reason when event is NULL */
};

typedef VEC(struct ingest_item) ingest_items;

/* Appends an item, taking over the references to event and raw (either
 * may be NULL). error (printf) is set when event is NULL. 0 or ENOMEM. */
int ingest_items_add(ingest_items *v, json_t *event, json_t *raw,
                     const char *path, const char *error, ...)
    __attribute__((format(printf, 5, 6)));

/* Releases every item's references and empties the list (memory kept). */
void ingest_items_clear(ingest_items *v);
void ingest_items_free(ingest_items *v);

/* Converters: append doc's records to out. Return 0, or NETRA_EINVALID
 * (message set) when doc as a whole is not of the format, or ENOMEM. */
int ingest_x_convert(json_t *doc, ingest_items *out);
int ingest_meta_convert(json_t *doc, ingest_items *out);
int ingest_tiktok_convert(json_t *doc, ingest_items *out);
/* downloaders.c: one metadata file (one post) each */
int ingest_ytdlp_convert(json_t *doc, ingest_items *out);
int ingest_gallerydl_convert(json_t *doc, ingest_items *out);
int ingest_instaloader_convert(json_t *doc, ingest_items *out);

/* The CSV importer: the column map read from the header. */
struct ingest_csv {
	int col[10];  /* Event column -> index in the row, or -1 */
	char **names; /* every header name, in order */
	size_t ncols;
};

/* Reads the header row; NETRA_EINVALID ("name:line: ...") when a required
 * column is missing. *out is freed with ingest_csv_free(). */
int ingest_csv_header(struct ingest_csv **out, const struct csv_row *row,
                      const char *name);
void ingest_csv_free(struct ingest_csv *c);

/* Turns a row into an Event-shaped object and the raw object (column ->
 * value); both owned by the caller. NETRA_EINVALID with a reason for a
 * row of the wrong width or with invalid UTF-8. */
int ingest_csv_row(json_t **event, json_t **raw, const struct ingest_csv *c,
                   const struct csv_row *row);

/* Writes row back as one CSV line (no line end) into b (cleared first). */
int ingest_csv_encode(struct sbuf *b, const struct csv_row *row);

/* Which whole-document format doc looks like, or NETRA_FMT_AUTO when it
 * is none of them; NETRA_FMT_JSONL for a generic Event object. */
netra_ingest_format ingest_detect_json(json_t *doc);

/* The Event parser (event.c; lenient.c reads events leniently with it). */
struct netra_event_parser {
	struct arena arena; /* derived strings, reset per event */
	json_t *root;       /* the object the current event borrows from */
	netra_event ev;
	VEC(netra_media) media;
	char idbuf[24]; /* an integer id read leniently, as text */
};

/* Drops the current event (and its object); memory is kept. */
void ingest_parser_reset(netra_event_parser *p);

/* The fast path of netra_event_parser_parse (fast.c), on a reset parser
 * and a line without trailing whitespace: 1 and *out = p->ev (raw not
 * set) when the line is certainly a valid Event that the jansson path
 * would read the same; 0 to leave it to the jansson path. */
int ingest_event_fast(netra_event_parser *p, const char *line, size_t n,
                      const netra_event **out);

/* The jansson path of netra_event_parser_parse: the same contract, for a
 * line without trailing whitespace. */
int ingest_event_parse_json(netra_event_parser *p, const char *line,
                            size_t n, const netra_event **out);

/* The rules shared by both paths once the fields are read: the handles
 * normalised (account; target.account when not empty, else cleared) and
 * what each type needs of its target. 0 or NETRA_EINVALID. */
int ingest_event_rules(netra_event_parser *p, netra_event *ev);

/* Validates obj (an Event-shaped object) into the parser's event, with
 * raw[0..rawn) as its raw text (copied). Takes a new reference to obj.
 * Same contract as netra_event_parser_parse. */
int ingest_event_from_json(netra_event_parser *p, json_t *obj, const char *raw,
                           size_t rawn, const netra_event **out);

/* Unix seconds of an ISO 8601 date-time with a UTC offset
 * ("2024-10-02T08:15:00+07:00", "...Z", "...+0700", fractions allowed,
 * a space instead of T allowed). 0 or NETRA_EINVALID with a reason. */
int ingest_parse_time(int64_t *out, const char *s, size_t n);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void ingest_format_time(char *buf, size_t size, int64_t t);

/* Sets key to a string copy of s when s is a non-empty string. 0 or
 * ENOMEM. */
int ingest_set_str(json_t *obj, const char *key, const char *s);

/* Appends {"url": url} to ev's "media" array (the Event contract's
 * media[], created when absent), keeping the platform's order. A NULL,
 * empty or non-http(s) url adds nothing. 0 or ENOMEM. */
int ingest_add_media(json_t *ev, const char *url);

/* A JSON string, or an integer as its decimal text, from obj[key]; NULL
 * when absent or of another type. buf receives integer text. */
const char *ingest_get_id(json_t *obj, const char *key, char *buf, size_t size);

/* The events INSERT, shared by the one-row statement (ingest.c) and the
 * multi-row ones (rows.c): the head, then one INGEST_INSERT_ROW per row
 * (14 parameters), then the conflict clause. */
#define INGEST_INSERT_HEAD                                                   \
	"INSERT INTO events (platform, event_id, type, account_id, account,"  \
	" created_at, text, url, target_account, target_id, target_text, raw," \
	" source, ingested_at, own_leaf) VALUES "
#define INGEST_INSERT_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"

/* Multi-row INSERTs of events (rows.c), for backends where
 * store_batch_rows() > 1. A group holds up to its cap (the largest power
 * of two <= the cap asked for) events, their fields copied. */
struct ingest_rows;
struct evidence_leaf_in;

/* *out is freed with ingest_rows_free(). 0 or NETRA_ENOMEM. */
int ingest_rows_new(struct ingest_rows **out, netra_store *st, size_t cap);
void ingest_rows_free(struct ingest_rows *g);
size_t ingest_rows_count(const struct ingest_rows *g);
size_t ingest_rows_cap(const struct ingest_rows *g);
/* Whether the group holds an event with ev's platform and id (the loop
 * flushes before adding a second one). */
int ingest_rows_holds(const struct ingest_rows *g, const netra_event *ev);
/* Copies ev into the group (which must not be full). 0 or an error. */
int ingest_rows_add(struct ingest_rows *g, const netra_event *ev,
                    int64_t acct);
/* Inserts the group's events (ON CONFLICT DO NOTHING), stamped with
 * source and now, inside the caller's transaction, and writes the
 * evidence leaf of each one stored, in input order, to leaves (room for
 * the group's count), their number to *nleaves. The group is empty after,
 * whatever the result. 0 or a negative code (the caller rolls back). */
int ingest_rows_flush(struct ingest_rows *g, const char *source, size_t slen,
                      int64_t now, struct evidence_leaf_in *leaves,
                      size_t *nleaves);
/* Empties the group (after a rollback). */
void ingest_rows_clear(struct ingest_rows *g);

#endif
