/*
 * evidence/history.c - a finding's history in its evidence bundle
 * (history.json): the verdict and every transition of the finding, each
 * as its record (the columns the leaf hashes, ledger.h RECORD BYTES), its
 * leaf index and its inclusion proof against the bundle's checkpoint.
 * Export builds it from the store (bundle.c); verify recomputes each leaf
 * from the record's JSON and checks its proof (verify.c), so a bundle
 * shows who decided what, when, and that the log held it.
 *
 * HISTORY FILE (history.json, a JSON object)
 *
 *   finding_id   the finding
 *   verdict      {record, leaf_index, path}
 *   transitions  [{record, leaf_index, path}...], in id order
 *   media        (only when the event has fetched media) the media
 *                fetches of the event (kind 5) and the OCR texts of
 *                their images (kind 4), [{record, leaf_index, path}...]
 *                in media index order, each fetch before its texts
 *
 *   record   {"id": ..., then the kind's columns by name}: integers as
 *            JSON integers, text as strings, score as a JSON real, NULL as
 *            null; nothing else
 *   path     the RFC 6962 audit path, bottom up, 64 hex digits each
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "evidence/ledger.h"
#include "store/store.h"
#include "util/error.h"

/* The name of column i of kind k into buf; 0, or -1 past the last. */
static int column_name(char *buf, size_t size,
                       const struct evidence_kind_def *k, size_t i)
{
	const char *p = k->columns, *e;
	size_t n;

	while (i--) {
		p = strchr(p, ',');
		if (!p)
			return -1;
		p += 2; /* ", " */
	}
	e = strchr(p, ',');
	n = e ? (size_t)(e - p) : strlen(p);
	if (n >= size)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 0;
}

int evidence_record_json(json_t **out, netra_store *st, int kind, int64_t id)
{
	const struct evidence_kind_def *k = evidence_kind(kind);
	char sql[256], name[32];
	store_stmt *q = NULL;
	const char *p;
	json_t *v;
	size_t i, n;
	int rc;

	*out = NULL;
	if (!k)
		return err_set(NETRA_EINVALID, "no record kind %d", kind);
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?", k->columns,
	         k->table);
	if ((rc = store_prepare(&q, st, sql)) ||
	    (rc = store_bind_int64(q, 1, id)))
		goto done;
	rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ENOTFOUND, "%s %lld is gone from the store",
		             k->name, (long long)id);
	if (rc < 0)
		goto done;
	*out = json_pack("{s:I}", "id", (json_int_t)id);
	for (i = 0, rc = *out ? 0 : err_oom(); k->types[i] && !rc; i++) {
		if (store_column_is_null(q, (int)i))
			v = json_null();
		else if (k->types[i] == 'I')
			v = json_integer(store_column_int64(q, (int)i));
		else if (k->types[i] == 'R')
			v = json_real(store_column_double(q, (int)i));
		else {
			p = store_column_text(q, (int)i, &n);
			v = json_stringn(p, n);
		}
		if (column_name(name, sizeof(name), k, i) || !v ||
		    json_object_set_new(*out, name, v))
			rc = err_set(NETRA_EINVALID,
			             "%s %lld: column %zu not representable "
			             "as JSON (invalid UTF-8?)",
			             k->name, (long long)id, i + 1);
	}
done:
	store_finalize(q);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int evidence_record_json_leaf(uint8_t leaf[32], int kind, json_t *rec)
{
	const struct evidence_kind_def *k = evidence_kind(kind);
	struct evidence_rec r;
	uint8_t h[32];
	char name[32];
	json_t *v, *id = json_object_get(rec, "id");
	size_t i;

	if (!k || !json_is_object(rec) || !json_is_integer(id))
		return -1;
	evidence_rec_init(&r);
	for (i = 0; k->types[i]; i++) {
		if (column_name(name, sizeof(name), k, i) ||
		    !(v = json_object_get(rec, name)))
			return -1;
		if (json_is_null(v))
			evidence_rec_null(&r);
		else if (k->types[i] == 'I' && json_is_integer(v))
			evidence_rec_int(&r, json_integer_value(v));
		else if (k->types[i] == 'R' && json_is_number(v))
			evidence_rec_real(&r, json_number_value(v));
		else if (k->types[i] == 'T' && json_is_string(v))
			evidence_rec_text(&r, json_string_value(v),
			                  json_string_length(v));
		else
			return -1;
	}
	if (json_object_size(rec) != i + 1)
		return -1; /* nothing but id and the columns */
	evidence_rec_final(&r, h);
	evidence_record_leaf_hash(leaf, kind, json_integer_value(id), h);
	return 0;
}

int evidence_proof_json(json_t **out, netra_store *st,
                        const netra_evidence_checkpoint *cp, uint64_t idx,
                        const uint8_t leaf[32])
{
	uint8_t(*path)[EVIDENCE_HASH_LEN];
	char hex[65];
	size_t n = 0, i;
	int rc;

	*out = json_array();
	path = malloc(EVIDENCE_MAX_PROOF * EVIDENCE_HASH_LEN);
	if (!path || !*out) {
		rc = err_oom();
		goto done;
	}
	rc = evidence_inclusion_proof(st, idx, cp->tree_size, path, &n);
	if (!rc)
		rc = evidence_verify_inclusion(leaf, idx, cp->tree_size,
		                               (const void *)path, n, cp->root);
	if (rc) {
		err_wrap(rc, "the stored log does not match its checkpoint");
		goto done;
	}
	for (i = 0; i < n && !rc; i++) {
		evidence_hex(hex, path[i], 32);
		rc = json_array_append_new(*out, json_string(hex)) ? err_oom()
		                                                   : 0;
	}
done:
	free(path);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

void evidence_history_free(struct evidence_history *h)
{
	free(h->e);
	memset(h, 0, sizeof(*h));
}

/* Adds record (kind, id): its newest leaf, checked against the row. */
static int history_add(struct evidence_history *h, netra_store *st, int kind,
                       int64_t id)
{
	struct evidence_history_entry *e, *ne;
	uint8_t again[32];
	int rc;

	if (h->n == h->cap) {
		ne = realloc(h->e, (h->cap ? 2 * h->cap : 8) * sizeof(*ne));
		if (!ne)
			return err_oom();
		h->e = ne;
		h->cap = h->cap ? 2 * h->cap : 8;
	}
	e = &h->e[h->n];
	e->kind = kind;
	e->id = id;
	if ((rc = evidence_leaf_of(st, kind, id, &e->idx, e->leaf)) ||
	    (rc = evidence_record_leaf(st, kind, id, again)))
		return rc;
	if (sodium_memcmp(again, e->leaf, 32))
		return err_set(NETRA_ETAMPER,
		               "%s %lld no longer matches its evidence "
		               "leaf %llu: run `netra evidence audit`",
		               evidence_kind_name(kind), (long long)id,
		               (unsigned long long)e->idx);
	if (e->idx > h->max_idx)
		h->max_idx = e->idx;
	h->n++;
	return 0;
}

int evidence_history_collect(struct evidence_history *h, netra_store *st,
                             int64_t finding_id, int64_t verdict_id)
{
	store_stmt *q = NULL;
	int rc;

	memset(h, 0, sizeof(*h));
	if ((rc = history_add(h, st, EVIDENCE_VERDICT, verdict_id)))
		return rc;
	rc = store_prepare(&q, st,
	                   "SELECT id FROM finding_transitions WHERE "
	                   "finding_id = ? ORDER BY id");
	if (!rc)
		rc = store_bind_int64(q, 1, finding_id);
	while (!rc && (rc = store_step(q)) == STORE_ROW)
		rc = history_add(h, st, EVIDENCE_TRANSITION,
		                 store_column_int64(q, 0));
	store_finalize(q);
	if (rc < 0)
		return rc;
	if (h->n < 2)
		return err_set(NETRA_ESTATE,
		               "finding %lld has no history (not even its "
		               "creation): run `netra evidence audit`",
		               (long long)finding_id);
	return 0;
}

int evidence_history_add_media(struct evidence_history *h, netra_store *st,
                               int64_t event_row)
{
	store_stmt *q = NULL;
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT 5, m.id, m.idx, 0 FROM event_media m WHERE "
	                   "m.event_id = ? UNION ALL SELECT 4, o.id, m.idx, 1 "
	                   "FROM event_media m JOIN media_ocr o ON o.sha256 = "
	                   "m.sha256 WHERE m.event_id = ? ORDER BY 3, 4, 2");
	if (!rc && !(rc = store_bind_int64(q, 1, event_row)))
		rc = store_bind_int64(q, 2, event_row);
	while (!rc && (rc = store_step(q)) == STORE_ROW)
		rc = history_add(h, st, (int)store_column_int64(q, 0),
		                 store_column_int64(q, 1));
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

/* {record, leaf_index, path} of entry e. */
static int entry_json(json_t **out, netra_store *st,
                      const netra_evidence_checkpoint *cp,
                      const struct evidence_history_entry *e)
{
	json_t *rec = NULL, *path = NULL;
	int rc;

	*out = NULL;
	if ((rc = evidence_record_json(&rec, st, e->kind, e->id)) ||
	    (rc = evidence_proof_json(&path, st, cp, e->idx, e->leaf))) {
		json_decref(rec);
		return rc;
	}
	*out = json_pack("{s:o, s:I, s:o}", "record", rec, "leaf_index",
	                 (json_int_t)e->idx, "path", path);
	return *out ? 0 : err_oom();
}

int evidence_history_json(json_t **out, netra_store *st,
                          const struct evidence_history *h,
                          const netra_evidence_checkpoint *cp,
                          int64_t finding_id)
{
	json_t *arr = json_array(), *media = json_array(), *v = NULL, *x;
	size_t i;
	int rc = arr && media ? 0 : err_oom();

	*out = NULL;
	for (i = 0; i < h->n && !rc; i++) {
		if ((rc = entry_json(&x, st, cp, &h->e[i])))
			break;
		if (h->e[i].kind == EVIDENCE_VERDICT)
			v = x;
		else if (json_array_append_new(h->e[i].kind ==
		                                       EVIDENCE_TRANSITION
		                                   ? arr
		                                   : media,
		                               x))
			rc = err_oom();
	}
	if (!rc)
		*out = json_pack("{s:I, s:o, s:o}", "finding_id",
		                 (json_int_t)finding_id, "verdict", v,
		                 "transitions", arr);
	else {
		json_decref(v);
		json_decref(arr);
	}
	/* media fetches and OCR texts only when there are: a bundle of an
	 * event without images is what it was before */
	if (!rc && *out && json_array_size(media) &&
	    json_object_set(*out, "media", media))
		rc = err_oom();
	json_decref(media);
	return rc ? rc : *out ? 0 : err_oom();
}
