/*
 * ingest/csv.c - CSV rows to Events.
 *
 * The header names the columns (any order, case-insensitive):
 *   platform,id,type,account,created_at,text,url,target_account,
 *   target_id,target_text
 * platform, id, type and account are required columns; the others may be
 * left out. Extra columns are kept: raw is the whole row as a JSON object
 * of column name -> value, serialised by the reader. Rows are read with
 * util/csv.h; a rejected row is written back as a CSV line.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/ingest_int.h"
#include "util/error.h"

enum {
	C_PLATFORM,
	C_ID,
	C_TYPE,
	C_ACCOUNT,
	C_CREATED,
	C_TEXT,
	C_URL,
	C_TACCOUNT,
	C_TID,
	C_TTEXT,
	C__COUNT
};

static const char *const col_names[C__COUNT] = {
    "platform", "id",  "type",           "account",   "created_at",
    "text",     "url", "target_account", "target_id", "target_text",
};

void ingest_csv_free(struct ingest_csv *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->ncols; i++)
		free(c->names[i]);
	free(c->names);
	free(c);
}

int ingest_csv_header(struct ingest_csv **out, const struct csv_row *row,
                      const char *name)
{
	struct ingest_csv *c = calloc(1, sizeof(*c));
	size_t i, k;
	int rc = 0;

	*out = NULL;
	if (!c ||
	    !(c->names = calloc(row->count ? row->count : 1, sizeof(char *)))) {
		free(c);
		return err_oom();
	}
	for (k = 0; k < C__COUNT; k++)
		c->col[k] = -1;
	c->ncols = row->count;
	for (i = 0; i < row->count; i++) {
		if (!(c->names[i] = strndup(row->fields[i], row->lens[i]))) {
			rc = err_oom();
			goto done;
		}
		for (k = 0; k < C__COUNT; k++)
			if (strcasecmp(c->names[i], col_names[k]) == 0 &&
			    c->col[k] < 0)
				c->col[k] = (int)i;
	}
	for (k = 0; k <= C_ACCOUNT; k++) {
		if (c->col[k] < 0) {
			rc = err_set(NETRA_EINVALID,
			             "%s:%zu: the header has no '%s' column "
			             "(need platform,id,type,account)",
			             name, row->line, col_names[k]);
			goto done;
		}
	}
done:
	if (rc)
		ingest_csv_free(c);
	else
		*out = c;
	return rc;
}

static const char *field(const struct ingest_csv *c, const struct csv_row *row,
                         int k)
{
	int i = c->col[k];

	return i >= 0 && (size_t)i < row->count ? row->fields[i] : NULL;
}

/* raw: every column as a string. NULL on bad UTF-8 (error set). */
static json_t *row_object(const struct ingest_csv *c, const struct csv_row *row)
{
	json_t *o = json_object(), *v;
	size_t i;

	if (!o) {
		err_oom();
		return NULL;
	}
	for (i = 0; i < row->count; i++) {
		if (memchr(row->fields[i], '\0', row->lens[i]) ||
		    !(v = json_stringn(row->fields[i], row->lens[i]))) {
			err_set(NETRA_EINVALID,
			        "column '%s': not valid UTF-8 "
			        "text",
			        c->names[i]);
			json_decref(o);
			return NULL;
		}
		if (json_object_set_new(o, c->names[i], v)) {
			err_oom();
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static int event_object(json_t **out, const struct ingest_csv *c,
                        const struct csv_row *row)
{
	static const int top[] = {C_PLATFORM, C_ID,   C_TYPE, C_ACCOUNT,
	                          C_CREATED,  C_TEXT, C_URL};
	json_t *ev = json_object(), *t = json_object();
	size_t k;

	*out = NULL;
	if (!ev || !t)
		goto oom;
	for (k = 0; k < sizeof(top) / sizeof(top[0]); k++)
		if (ingest_set_str(ev, col_names[top[k]],
		                   field(c, row, top[k])))
			goto oom;
	if (ingest_set_str(t, "account", field(c, row, C_TACCOUNT)) ||
	    ingest_set_str(t, "id", field(c, row, C_TID)) ||
	    ingest_set_str(t, "text", field(c, row, C_TTEXT)))
		goto oom;
	if (json_object_size(t) && json_object_set(ev, "target", t))
		goto oom;
	json_decref(t);
	*out = ev;
	return 0;
oom:
	json_decref(ev);
	json_decref(t);
	return err_oom();
}

int ingest_csv_row(json_t **event, json_t **raw, const struct ingest_csv *c,
                   const struct csv_row *row)
{
	int rc;

	*event = NULL;
	*raw = NULL;
	if (row->count != c->ncols)
		return err_set(NETRA_EINVALID, "expected %zu fields, got %zu",
		               c->ncols, row->count);
	if (!(*raw = row_object(c, row)))
		return NETRA_EINVALID;
	if ((rc = event_object(event, c, row))) {
		json_decref(*raw);
		*raw = NULL;
	}
	return rc;
}

int ingest_csv_encode(struct sbuf *b, const struct csv_row *row)
{
	size_t i, j;

	sbuf_clear(b);
	for (i = 0; i < row->count; i++) {
		const char *f = row->fields[i];
		size_t n = row->lens[i];
		int quote = n && strpbrk(f, ",\"\r\n") != NULL;

		if ((i && sbuf_putc(b, ',')) || (quote && sbuf_putc(b, '"')))
			return err_oom();
		for (j = 0; j < n; j++) {
			if ((f[j] == '"' && sbuf_putc(b, '"')) ||
			    sbuf_putc(b, f[j]))
				return err_oom();
		}
		if (quote && sbuf_putc(b, '"'))
			return err_oom();
	}
	if (!b->data && sbuf_append(b, "", 0))
		return err_oom();
	return 0;
}
