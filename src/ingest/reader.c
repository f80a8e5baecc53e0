/*
 * ingest/reader.c - reading a stream of any supported format as events,
 * one record at a time, with format detection.
 *
 * Three reading modes, all streaming with buffers reused across records:
 *  - lines (generic JSONL): getline into one buffer, one Event per line;
 *  - documents (X, Meta, TikTok): one JSON document at a time, either
 *    pretty-printed over many lines or one per line; a document ends at
 *    the line where its brackets balance. Documents are capped at
 *    INGEST_DOC_FACTOR times the record limit, so memory is bounded;
 *  - CSV, through util/csv.h.
 * An xz stream (instaloader's .json.xz) is inflated first, in memory, up to
 * the document limit, and read from there in any format.
 * Detection (fmt AUTO): a .csv name, or a name without a JSON extension
 * whose first byte cannot start JSON, means CSV; otherwise the first line (or,
 * if it is not complete JSON, the first document) is parsed and its keys tell
 * the format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include <lzma.h>

#include "ingest/ingest_int.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lines.h"

/* A platform document (one API response page) holds many records: it may
 * be this many times the record limit, 4 MiB by default. An X page of 100
 * tweets with its includes is about 0.2 MiB; a whole document is parsed
 * and converted at once, and a 3.9 MiB X page of 20,000 short tweets
 * peaked at 88 MB of RSS in `netra ingest` (5.1 MiB: 113 MB), within the
 * 100 MB ingest promises. */
#define INGEST_DOC_FACTOR 4

struct netra_ingest_reader {
	FILE *f;
	FILE *xz_f; /* the inflated xz stream r->f reads, owned */
	char *xz;   /* its bytes */
	char *name;
	netra_ingest_format fmt;
	int doc_mode;
	netra_event_parser *parser;
	/* lines (JSONL, and the lines documents are made of) */
	struct lines ln;
	size_t max_record; /* longest record: a JSONL line, a CSV record */
	size_t max_doc;    /* longest platform document */
	/* documents */
	struct sbuf doc;
	size_t doc_line; /* line the current document starts on */
	int doc_big;     /* the document went over max_doc */
	int doc_ready;   /* doc holds a document not yet converted */
	ingest_items items;
	size_t item_i;
	/* CSV */
	struct csv_reader *csv;
	struct ingest_csv *csvmap;
	struct sbuf csv_header;
	/* the last record's raw text or rejected bytes */
	struct sbuf raw;
	const char *rej;
	size_t rejn;
};

static const char *const fmt_names[] = {"auto",  "jsonl",     "x",
                                        "meta",  "tiktok",    "csv",
                                        "ytdlp", "gallerydl", "instaloader"};

const char *netra_ingest_format_name(netra_ingest_format f)
{
	if ((unsigned)f >= sizeof(fmt_names) / sizeof(fmt_names[0]))
		return "?";
	return fmt_names[f];
}

int netra_ingest_format_parse(netra_ingest_format *out, const char *s)
{
	static const struct {
		const char *name;
		netra_ingest_format f;
	} alias[] = {
	    {"json", NETRA_FMT_JSONL},
	    {"ndjson", NETRA_FMT_JSONL},
	    {"twitter", NETRA_FMT_X},
	    {"facebook", NETRA_FMT_META},
	    {"instagram", NETRA_FMT_META},
	    {"yt-dlp", NETRA_FMT_YTDLP},
	    {"gallery-dl", NETRA_FMT_GALLERYDL},
	};
	size_t i;

	*out = NETRA_FMT_AUTO;
	for (i = 0; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++) {
		if (strcasecmp(s, fmt_names[i]) == 0) {
			*out = (netra_ingest_format)i;
			return 0;
		}
	}
	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++) {
		if (strcasecmp(s, alias[i].name) == 0) {
			*out = alias[i].f;
			return 0;
		}
	}
	return err_set(NETRA_EINVALID,
	               "unknown format '%s' (jsonl, x, meta, tiktok, csv, "
	               "ytdlp, gallerydl, instaloader)",
	               s);
}

netra_ingest_format netra_ingest_reader_format(const netra_ingest_reader *r)
{
	return r->fmt;
}

void netra_ingest_reader_reject(const netra_ingest_reader *r, const char **p,
                                size_t *n)
{
	*p = r->rej ? r->rej : "";
	*n = r->rej ? r->rejn : 0;
}

const char *netra_ingest_reader_reject_header(const netra_ingest_reader *r)
{
	return r->fmt == NETRA_FMT_CSV && r->csv_header.data
	           ? r->csv_header.data
	           : NULL;
}

void netra_ingest_reader_free(netra_ingest_reader *r)
{
	if (!r)
		return;
	netra_event_parser_free(r->parser);
	if (r->xz_f)
		fclose(r->xz_f);
	free(r->xz);
	free(r->name);
	lines_free(&r->ln);
	sbuf_free(&r->doc);
	ingest_items_free(&r->items);
	csv_close(r->csv);
	ingest_csv_free(r->csvmap);
	sbuf_free(&r->csv_header);
	sbuf_free(&r->raw);
	free(r);
}

/* ---- lines ----------------------------------------------------------- */

/* Rejects the current line as over the limit (nothing to copy: it was
 * not kept). n is its length. */
static int too_long(netra_ingest_reader *r, size_t n)
{
	char sz[32];

	r->rej = NULL;
	r->rejn = 0;
	if (r->doc_mode)
		return err_set(NETRA_EINVALID,
		               "%s:%zu: a line of %zu bytes is over the "
		               "document limit of %s (4 times --max-record); "
		               "skipped",
		               r->name, r->ln.lineno, n,
		               util_size_text(sz, sizeof(sz), r->max_doc));
	return err_set(NETRA_EINVALID,
	               "%s:%zu: a record of %zu bytes is over the limit of %s "
	               "(--max-record); skipped",
	               r->name, r->ln.lineno, n,
	               util_size_text(sz, sizeof(sz), r->max_record));
}

/* 1 and the next line in r->ln (without its line end), 0 at end of
 * input, NETRA_EINVALID for a line over the reader's line limit (it was
 * skipped, not kept), NETRA_EIO. */
static int read_line(netra_ingest_reader *r)
{
	int rc = lines_next(&r->ln);

	if (rc == LINES_TOO_LONG)
		return too_long(r, r->ln.skipped);
	if (rc < 0)
		return err_wrap(rc, "%s", r->name);
	return rc;
}

/* The line without a final carriage return. */
static size_t line_body(const netra_ingest_reader *r)
{
	size_t n = r->ln.len;

	while (n && (r->ln.line[n - 1] == '\n' || r->ln.line[n - 1] == '\r'))
		n--;
	return n;
}

static const char *first_nonspace(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return s + i;
	return NULL;
}

static void reject_line(netra_ingest_reader *r)
{
	r->rej = r->ln.line;
	r->rejn = line_body(r);
}

static int next_line_event(netra_ingest_reader *r, const netra_event **out)
{
	int rc;

	for (;;) {
		if ((rc = read_line(r)) <= 0)
			return rc;
		if (first_nonspace(r->ln.line, r->ln.len))
			break;
	}
	/* the first line, read for detection, may be longer */
	if (r->ln.len > r->max_record)
		return too_long(r, r->ln.len);
	rc = netra_event_parser_parse(r->parser, r->ln.line, r->ln.len, out);
	if (rc == NETRA_EINVALID) {
		reject_line(r);
		return err_wrap(rc, "%s:%zu", r->name, r->ln.lineno);
	}
	return rc < 0 ? rc : 1;
}

/* ---- documents ------------------------------------------------------- */

/* Tracks bracket depth over s[0..n) outside strings; returns 1 when the
 * top-level value closed on this line. */
struct scan {
	int depth, in_str, esc, started;
};

static int scan_line(struct scan *sc, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];
		if (sc->in_str) {
			if (sc->esc)
				sc->esc = 0;
			else if (c == '\\')
				sc->esc = 1;
			else if (c == '"')
				sc->in_str = 0;
			continue;
		}
		if (c == '"') {
			sc->in_str = 1;
		} else if (c == '{' || c == '[') {
			sc->depth++;
			sc->started = 1;
		} else if (c == '}' || c == ']') {
			sc->depth--;
		}
	}
	return sc->started && sc->depth <= 0;
}

/* A line that starts a compact JSON object at its first byte ('{"'):
 * within a document such a line is the start of the next one (documents
 * pretty-printed by any common printer indent their inner lines, and
 * put a key on its own line after a lone '{'). */
static int starts_object(const char *s, size_t n)
{
	return n >= 2 && s[0] == '{' && s[1] == '"';
}

/* Reads one document into r->doc: 1, 0 at end of input, NETRA_EINVALID
 * for a line that cannot start a document (the line is the reject). A
 * document ends where its brackets balance, or, when it is broken (a
 * string left open at a line end, or brackets that never balance), at
 * the next line that starts an object, which is read again as the next
 * document: a broken document costs itself, not the documents after it. */
static int read_doc(netra_ingest_reader *r)
{
	struct scan sc = {0, 0, 0, 0};
	const char *p;
	int rc, broken = 0;

	sbuf_clear(&r->doc);
	r->doc_big = 0;
	for (;;) {
		rc = read_line(r);
		if (rc == NETRA_EINVALID && sc.started) {
			r->doc_big = broken = 1; /* a line over the limit */
			continue;
		}
		if (rc < 0)
			return rc;
		if (rc == 0)
			return sc.started ? 1 : 0;
		if (!sc.started) {
			if (!(p = first_nonspace(r->ln.line, r->ln.len)))
				continue;
			r->doc_line = r->ln.lineno;
			if (*p != '{' && *p != '[') {
				reject_line(r);
				return err_set(NETRA_EINVALID,
				               "%s:%zu: not a JSON document",
				               r->name, r->ln.lineno);
			}
		} else if (starts_object(r->ln.line, r->ln.len)) {
			lines_unread(&r->ln); /* the next document */
			return 1;
		}
		if (r->doc_big || r->doc.len + r->ln.len + 1 > r->max_doc)
			r->doc_big = 1;
		else if (sbuf_append(&r->doc, r->ln.line, r->ln.len) ||
		         sbuf_putc(&r->doc, '\n'))
			return err_oom();
		if (scan_line(&sc, r->ln.line, r->ln.len) && !broken)
			return 1;
		if (sc.in_str) /* a JSON string never spans lines */
			broken = 1;
	}
}

static int dump_cb(const char *buf, size_t size, void *data)
{
	return sbuf_append(data, buf, size) ? -1 : 0;
}

/* r->raw = obj serialised compactly. */
static int dump_raw(netra_ingest_reader *r, json_t *obj)
{
	sbuf_clear(&r->raw);
	if (json_dump_callback(obj, dump_cb, &r->raw,
	                       JSON_COMPACT | JSON_ENCODE_ANY) ||
	    (!r->raw.data && sbuf_append(&r->raw, "", 0)))
		return err_oom();
	return 0;
}

static int convert(netra_ingest_format fmt, json_t *doc, ingest_items *out)
{
	switch (fmt) {
	case NETRA_FMT_X:
		return ingest_x_convert(doc, out);
	case NETRA_FMT_META:
		return ingest_meta_convert(doc, out);
	case NETRA_FMT_TIKTOK:
		return ingest_tiktok_convert(doc, out);
	case NETRA_FMT_YTDLP:
		return ingest_ytdlp_convert(doc, out);
	case NETRA_FMT_GALLERYDL:
		return ingest_gallerydl_convert(doc, out);
	case NETRA_FMT_INSTALOADER:
		return ingest_instaloader_convert(doc, out);
	default:
		return err_set(NETRA_ERROR, "not a document format");
	}
}

static void reject_doc(netra_ingest_reader *r)
{
	size_t n = r->doc.len;

	while (n && (r->doc.data[n - 1] == '\n' || r->doc.data[n - 1] == '\r'))
		n--;
	r->rej = r->doc.data;
	r->rejn = n;
}

/* Parses and converts the document in r->doc into r->items. */
static int load_doc(netra_ingest_reader *r)
{
	json_error_t jerr;
	json_t *doc;
	int rc;

	if (r->doc_big) {
		char sz[32];
		return err_set(
		    NETRA_EINVALID,
		    "%s:%zu: a document over the document limit of %s"
		    " (4 times --max-record); skipped; split it",
		    r->name, r->doc_line,
		    util_size_text(sz, sizeof(sz), r->max_doc));
	}
	doc = json_loadb(r->doc.data, r->doc.len, INGEST_JSON_FLAGS, &jerr);
	if (!doc) {
		reject_doc(r);
		return err_set(NETRA_EINVALID, "%s:%zu: not JSON: %s", r->name,
		               r->doc_line + (size_t)jerr.line - 1, jerr.text);
	}
	rc = convert(r->fmt, doc, &r->items);
	json_decref(doc);
	if (rc == NETRA_EINVALID) {
		ingest_items_clear(&r->items);
		reject_doc(r);
		return err_wrap(rc, "%s:%zu", r->name, r->doc_line);
	}
	return rc;
}

static int next_item_event(netra_ingest_reader *r, const netra_event **out)
{
	struct ingest_item *it = &r->items.items[r->item_i++];
	int rc;

	if ((rc = dump_raw(r, it->raw ? it->raw : it->event)))
		return rc;
	if (it->error) {
		r->rej = r->raw.data;
		r->rejn = r->raw.len;
		return err_set(NETRA_EINVALID, "%s:%zu: %s: %s", r->name,
		               r->doc_line, it->path, it->error);
	}
	rc = ingest_event_from_json(r->parser, it->event, r->raw.data,
	                            r->raw.len, out);
	if (rc == NETRA_EINVALID) {
		r->rej = r->raw.data;
		r->rejn = r->raw.len;
		return err_wrap(rc, "%s:%zu: %s", r->name, r->doc_line,
		                it->path);
	}
	return rc < 0 ? rc : 1;
}

static int next_doc_event(netra_ingest_reader *r, const netra_event **out)
{
	int rc;

	for (;;) {
		if (r->item_i < r->items.len)
			return next_item_event(r, out);
		ingest_items_clear(&r->items);
		r->item_i = 0;
		if (r->doc_ready)
			r->doc_ready = 0;
		else if ((rc = read_doc(r)) <= 0)
			return rc;
		if ((rc = load_doc(r)))
			return rc;
	}
}

/* ---- CSV ------------------------------------------------------------- */

static int open_csv(netra_ingest_reader *r)
{
	struct csv_row row;
	int rc;

	if ((rc = csv_open(&r->csv, r->f, r->name)))
		return rc;
	csv_set_max_record(r->csv, r->max_record);
	rc = csv_next(r->csv, &row);
	if (rc <= 0)
		return rc; /* empty input, or the header is unreadable */
	if ((rc = ingest_csv_header(&r->csvmap, &row, r->name)))
		return rc;
	return ingest_csv_encode(&r->csv_header, &row);
}

static int next_csv_event(netra_ingest_reader *r, const netra_event **out)
{
	json_t *ev = NULL, *raw = NULL;
	struct csv_row row;
	int rc;

	if (!r->csvmap)
		return 0;
	rc = csv_next(r->csv, &row);
	if (rc == NETRA_EINVALID) /* the reader resynchronised */
		csv_reject(r->csv, &r->rej, &r->rejn);
	if (rc <= 0)
		return rc;
	rc = ingest_csv_row(&ev, &raw, r->csvmap, &row);
	if (rc == 0 && (rc = dump_raw(r, raw)) == 0)
		rc = ingest_event_from_json(r->parser, ev, r->raw.data,
		                            r->raw.len, out);
	json_decref(ev);
	json_decref(raw);
	if (rc == NETRA_EINVALID) {
		err_wrap(rc, "%s:%zu", r->name, row.line);
		if (ingest_csv_encode(&r->raw, &row))
			return err_oom();
		r->rej = r->raw.data;
		r->rejn = r->raw.len;
		return rc;
	}
	return rc < 0 ? rc : 1;
}

/* ---- detection and the public entry points --------------------------- */

/* Inflates the xz stream r->f holds (its first byte, first, already
 * read) into r->xz, at most r->max_doc bytes, and reads on from there. */
static int inflate_xz(netra_ingest_reader *r, int first)
{
	lzma_stream z = LZMA_STREAM_INIT;
	uint8_t in[8192];
	size_t cap = 0, len = 0;
	lzma_ret lr;
	int rc = 0;

	if (lzma_stream_decoder(&z, 256u << 20, LZMA_CONCATENATED) != LZMA_OK)
		return err_oom();
	in[0] = (uint8_t)first;
	z.next_in = in;
	z.avail_in = 1;
	for (;;) {
		if (z.avail_in == 0 && !feof(r->f)) {
			z.next_in = in;
			z.avail_in = fread(in, 1, sizeof(in), r->f);
			if (ferror(r->f)) {
				rc = err_set(NETRA_EIO, "%s: read error",
				             r->name);
				goto done;
			}
		}
		if (len == cap) {
			char *p;
			if (cap > r->max_doc) {
				rc = err_set(
				    NETRA_EINVALID,
				    "%s: the xz stream inflates to over "
				    "the document limit (4 times "
				    "--max-record); skipped",
				    r->name);
				goto done;
			}
			cap = cap ? cap * 2 : 65536;
			if (!(p = realloc(r->xz, cap + 1))) {
				rc = err_oom();
				goto done;
			}
			r->xz = p;
		}
		z.next_out = (uint8_t *)r->xz + len;
		z.avail_out = cap - len;
		lr = lzma_code(&z, feof(r->f) && z.avail_in == 0 ? LZMA_FINISH
		                                                 : LZMA_RUN);
		len = cap - z.avail_out;
		if (lr == LZMA_STREAM_END)
			break;
		if (lr != LZMA_OK && lr != LZMA_BUF_ERROR) {
			rc =
			    err_set(NETRA_EINVALID, "%s: broken xz stream (%d)",
			            r->name, (int)lr);
			goto done;
		}
		if (lr == LZMA_BUF_ERROR && feof(r->f) && z.avail_in == 0) {
			rc = err_set(NETRA_EINVALID,
			             "%s: the xz stream is cut "
			             "short",
			             r->name);
			goto done;
		}
	}
	if (len > r->max_doc) {
		rc = err_set(NETRA_EINVALID,
		             "%s: the xz stream inflates to over the document "
		             "limit (4 times --max-record); skipped",
		             r->name);
		goto done;
	}
	if (len == 0) {
		rc = err_set(NETRA_EINVALID, "%s: the xz stream is empty",
		             r->name);
		goto done;
	}
	if (!(r->xz_f = fmemopen(r->xz, len, "rb"))) {
		rc = err_oom();
		goto done;
	}
	r->f = r->xz_f;
done:
	lzma_end(&z);
	return rc;
}

static int is_doc_format(netra_ingest_format f)
{
	return f != NETRA_FMT_AUTO && f != NETRA_FMT_JSONL &&
	       f != NETRA_FMT_CSV;
}

static const char *extension(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');

	return dot ? dot + 1 : "";
}

/* Parses the pending first line alone; on failure, if it opens a
 * document, reads that whole document. Decides r->fmt. */
static int detect_json(netra_ingest_reader *r, const char *ext)
{
	int lines_ext =
	    strcasecmp(ext, "jsonl") == 0 || strcasecmp(ext, "ndjson") == 0;
	netra_ingest_format f;
	json_error_t jerr;
	json_t *doc;
	int rc;

	do {
		rc = read_line(r);
		if (rc == NETRA_EINVALID && lines_ext) {
			lines_unread(&r->ln); /* rejected when read again */
			r->fmt = NETRA_FMT_JSONL;
			return 0;
		}
		if (rc < 0)
			goto undetected;
		if (rc == 0) { /* empty input */
			r->fmt = NETRA_FMT_JSONL;
			return 0;
		}
	} while (!first_nonspace(r->ln.line, r->ln.len));
	lines_unread(&r->ln);
	doc = json_loadb(r->ln.line, r->ln.len, INGEST_JSON_FLAGS, &jerr);
	if (!doc && lines_ext) {
		r->fmt = NETRA_FMT_JSONL; /* the bad line will be rejected */
		return 0;
	}
	if (!doc) {
		if ((rc = read_doc(r)) < 0)
			goto undetected;
		if (r->doc_big) {
			load_doc(r); /* sets the message */
			goto undetected;
		}
		doc = json_loadb(r->doc.data, r->doc.len, INGEST_JSON_FLAGS,
		                 &jerr);
		if (!doc) {
			err_set(NETRA_EINVALID, "%s:%zu: not JSON: %s", r->name,
			        r->doc_line + (size_t)jerr.line - 1, jerr.text);
			goto undetected;
		}
		r->doc_ready = 1;
	}
	f = ingest_detect_json(doc);
	json_decref(doc);
	if (f == NETRA_FMT_AUTO || (f == NETRA_FMT_JSONL && r->doc_ready)) {
		err_set(NETRA_EINVALID,
		        "%s:%zu: not an Event, X, Meta, TikTok, yt-dlp, "
		        "gallery-dl or instaloader record",
		        r->name, r->ln.lineno);
		goto undetected;
	}
	r->fmt = f;
	r->doc_mode = f != NETRA_FMT_JSONL;
	return 0;
undetected:
	return err_wrap(NETRA_EINVALID,
	                "%s: cannot detect the format "
	                "(give --format)",
	                r->name);
}

static int detect(netra_ingest_reader *r)
{
	const char *ext = extension(r->name);
	int c;

	if (strcasecmp(ext, "csv") == 0) {
		r->fmt = NETRA_FMT_CSV;
		return 0;
	}
	c = getc(r->f);
	if (c == EOF) {
		if (ferror(r->f))
			return err_set(NETRA_EIO, "%s: read error", r->name);
		r->fmt = NETRA_FMT_JSONL;
		return 0;
	}
	ungetc(c, r->f);
	if (strcasecmp(ext, "json") == 0 || strcasecmp(ext, "jsonl") == 0 ||
	    strcasecmp(ext, "ndjson") == 0)
		return detect_json(r, ext);
	if (c != '{' && c != '[' && c != ' ' && c != '\t' && c != '\r' &&
	    c != '\n' && c != 0xef) {
		r->fmt = NETRA_FMT_CSV;
		return 0;
	}
	return detect_json(r, ext);
}

int netra_ingest_reader_open(netra_ingest_reader **out, FILE *f,
                             const char *name, netra_ingest_format fmt,
                             size_t max_record)
{
	netra_ingest_reader *r = calloc(1, sizeof(*r));
	int rc, c;

	*out = NULL;
	if (!r || !(r->name = strdup(name ? name : "-"))) {
		free(r);
		return err_oom();
	}
	r->f = f;
	r->fmt = fmt;
	r->max_record = max_record ? max_record : NETRA_INGEST_MAX_RECORD;
	r->max_doc = r->max_record * INGEST_DOC_FACTOR;
	if ((rc = netra_event_parser_new(&r->parser)))
		goto done;
	if ((c = getc(f)) == 0xfd) { /* an xz stream's first byte */
		if ((rc = inflate_xz(r, c)))
			goto done;
	} else if (c != EOF) {
		ungetc(c, f);
	}
	if ((rc = lines_init(&r->ln, r->f, r->max_doc)))
		goto done;
	r->doc_mode = is_doc_format(fmt);
	if (fmt == NETRA_FMT_AUTO && (rc = detect(r)))
		goto done;
	r->doc_mode = is_doc_format(r->fmt);
	/* JSONL lines are records; documents are made of lines */
	lines_set_max(&r->ln, r->doc_mode ? r->max_doc : r->max_record);
	if (r->fmt == NETRA_FMT_CSV)
		rc = open_csv(r);
done:
	if (rc) {
		netra_ingest_reader_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int netra_ingest_reader_next(netra_ingest_reader *r, const netra_event **out)
{
	*out = NULL;
	r->rej = NULL;
	r->rejn = 0;
	if (r->fmt == NETRA_FMT_CSV)
		return next_csv_event(r, out);
	if (r->doc_mode)
		return next_doc_event(r, out);
	return next_line_event(r, out);
}
