/*
 * evidence/ledger.c - the Merkle log over events as received and the
 * decision trail (verdicts, transitions, audit entries): leaf, record and
 * node hashes, the pending step (evidence_append_pending, called by ingest
 * and scan inside each batch transaction, by escalate and checkpoint),
 * tree heads and inclusion proofs computed from the stored leaf and chunk
 * hashes. Formats: ledger.h.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>
#include <sodium.h>

#include "evidence/ledger.h"
#include "store/store.h"
#include "util/error.h"

/* ---------------------------------------------------------------------
 * Hashes
 */

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

void evidence_sha256(uint8_t out[EVIDENCE_HASH_LEN], const void *p, size_t n)
{
	struct sha256_ctx h;

	sha256_init(&h);
	sha256_update(&h, n, p);
	sha256_digest(&h, EVIDENCE_HASH_LEN, out);
}

void evidence_leaf_hash(uint8_t out[EVIDENCE_HASH_LEN], int64_t ingested_at,
                        const char *platform, size_t platform_len,
                        const char *event_id, size_t event_id_len,
                        const char *raw, size_t raw_len)
{
	struct sha256_ctx h;
	uint8_t head[1 + EVIDENCE_LEAF_MAGIC_LEN + 8 + 4], len[4];

	head[0] = 0x00;
	memcpy(head + 1, EVIDENCE_LEAF_MAGIC, EVIDENCE_LEAF_MAGIC_LEN);
	put_be64(head + 1 + EVIDENCE_LEAF_MAGIC_LEN, (uint64_t)ingested_at);
	put_be32(head + 1 + EVIDENCE_LEAF_MAGIC_LEN + 8,
	         (uint32_t)platform_len);
	sha256_init(&h);
	sha256_update(&h, sizeof(head), head);
	sha256_update(&h, platform_len, (const uint8_t *)platform);
	put_be32(len, (uint32_t)event_id_len);
	sha256_update(&h, 4, len);
	sha256_update(&h, event_id_len, (const uint8_t *)event_id);
	put_be32(len, (uint32_t)raw_len);
	sha256_update(&h, 4, len);
	sha256_update(&h, raw_len, (const uint8_t *)raw);
	sha256_digest(&h, EVIDENCE_HASH_LEN, out);
}

void evidence_node_hash(uint8_t out[EVIDENCE_HASH_LEN],
                        const uint8_t left[EVIDENCE_HASH_LEN],
                        const uint8_t right[EVIDENCE_HASH_LEN])
{
	uint8_t buf[1 + 2 * EVIDENCE_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, left, EVIDENCE_HASH_LEN);
	memcpy(buf + 1 + EVIDENCE_HASH_LEN, right, EVIDENCE_HASH_LEN);
	evidence_sha256(out, buf, sizeof(buf));
}

/* ---------------------------------------------------------------------
 * Records (verdicts, transitions, audit entries): RECORD BYTES of ledger.h
 */

static const struct evidence_kind_def kinds[EVIDENCE_NKINDS] = {
    [EVIDENCE_VERDICT] = {"NETRAVD1", "verdicts", "verdict",
                          "event_id, rulebook, labels, candidate, score, "
                          "json, created_at",
                          "ITTIRTI"},
    [EVIDENCE_TRANSITION] = {"NETRATR1", "finding_transitions", "transition",
                             "finding_id, at, actor, action, from_state, "
                             "to_state, from_unit_id, to_unit_id, due_at, "
                             "reason",
                             "IITTTTIIIT"},
    [EVIDENCE_AUDIT] = {"NETRAAU1", "audit_log", "audit entry",
                        "at, actor, action, object, detail", "ITTTT"},
    [EVIDENCE_OCR] = {"NETRAOC1", "media_ocr", "OCR text",
                      "sha256, engine, text, created_at", "TTTI"},
    [EVIDENCE_MEDIA] = {"NETRAMD1", "event_media", "media fetch",
                        "event_id, idx, url, sha256, error, fetched_at",
                        "IITTTI"},
    [EVIDENCE_SCAN_MARK] = {"NETRASM1", "scan_marks", "scan mark",
                            "rulebook, block, lo, hi, judged, created_at",
                            "TIIIII"},
};

const struct evidence_kind_def *evidence_kind(int kind)
{
	if (kind <= EVIDENCE_EVENT || kind >= EVIDENCE_NKINDS)
		return NULL;
	return &kinds[kind];
}

const char *evidence_kind_name(int kind)
{
	if (kind == EVIDENCE_EVENT)
		return "event";
	return evidence_kind(kind) ? kinds[kind].name : "record";
}

void evidence_rec_init(struct evidence_rec *r)
{
	sha256_init(&r->h);
}

void evidence_rec_null(struct evidence_rec *r)
{
	uint8_t tag = 0x00;

	sha256_update(&r->h, 1, &tag);
}

void evidence_rec_int(struct evidence_rec *r, int64_t v)
{
	uint8_t b[9];

	b[0] = 0x01;
	put_be64(b + 1, (uint64_t)v);
	sha256_update(&r->h, sizeof(b), b);
}

void evidence_rec_text(struct evidence_rec *r, const char *p, size_t n)
{
	uint8_t b[5];

	b[0] = 0x02;
	put_be32(b + 1, (uint32_t)n);
	sha256_update(&r->h, sizeof(b), b);
	sha256_update(&r->h, n, (const uint8_t *)p);
}

void evidence_rec_real(struct evidence_rec *r, double v)
{
	uint8_t b[9];
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	b[0] = 0x03;
	put_be64(b + 1, bits);
	sha256_update(&r->h, sizeof(b), b);
}

void evidence_rec_final(struct evidence_rec *r, uint8_t out[EVIDENCE_HASH_LEN])
{
	sha256_digest(&r->h, EVIDENCE_HASH_LEN, out);
}

void evidence_record_leaf_hash(uint8_t out[EVIDENCE_HASH_LEN], int kind,
                               int64_t id,
                               const uint8_t rec[EVIDENCE_HASH_LEN])
{
	uint8_t buf[1 + 8 + 8 + EVIDENCE_HASH_LEN];

	assert(evidence_kind(kind));
	buf[0] = 0x00;
	memcpy(buf + 1, kinds[kind].magic, 8);
	put_be64(buf + 9, (uint64_t)id);
	memcpy(buf + 17, rec, EVIDENCE_HASH_LEN);
	evidence_sha256(out, buf, sizeof(buf));
}

/* Hashes the current row of q (columns 0.. in the kind's order). */
static void rec_of_row(uint8_t out[EVIDENCE_HASH_LEN],
                       const struct evidence_kind_def *k, store_stmt *q)
{
	struct evidence_rec r;
	const char *p;
	size_t i, n;

	evidence_rec_init(&r);
	for (i = 0; k->types[i]; i++) {
		if (store_column_is_null(q, (int)i)) {
			evidence_rec_null(&r);
		} else if (k->types[i] == 'I') {
			evidence_rec_int(&r, store_column_int64(q, (int)i));
		} else if (k->types[i] == 'R') {
			evidence_rec_real(&r, store_column_double(q, (int)i));
		} else {
			p = store_column_text(q, (int)i, &n);
			evidence_rec_text(&r, p, n);
		}
	}
	evidence_rec_final(&r, out);
}

/* SELECT of one record by id, in record column order. */
static int prepare_record(store_stmt **q, netra_store *st,
                          const struct evidence_kind_def *k)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id = ?",
	         k->columns, k->table);
	return store_prepare(q, st, sql);
}

/* Leaf of record id through q (prepared by prepare_record). */
static int record_leaf_q(store_stmt *q, int kind, int64_t id,
                         uint8_t out[EVIDENCE_HASH_LEN])
{
	uint8_t rec[EVIDENCE_HASH_LEN];
	int rc = store_bind_int64(q, 1, id);

	if (!rc)
		rc = store_step(q);
	if (rc == STORE_ROW) {
		rec_of_row(rec, &kinds[kind], q);
		evidence_record_leaf_hash(out, kind, id, rec);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = NETRA_ENOTFOUND;
	}
	store_reset(q);
	return rc;
}

int evidence_record_leaf(netra_store *st, int kind, int64_t id,
                         uint8_t out[EVIDENCE_HASH_LEN])
{
	store_stmt *q = NULL;
	int rc;

	if (!evidence_kind(kind))
		return err_set(NETRA_EINVALID, "no record kind %d", kind);
	rc = prepare_record(&q, st, &kinds[kind]);
	if (!rc)
		rc = record_leaf_q(q, kind, id, out);
	store_finalize(q);
	if (rc == NETRA_ENOTFOUND)
		err_set(rc, "%s %lld is gone from the store", kinds[kind].name,
		        (long long)id);
	return rc;
}

/* Largest power of two strictly smaller than n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
	uint64_t k = 1;

	assert(n >= 2);
	while (k << 1 < n)
		k <<= 1;
	return k;
}

void evidence_mth(uint8_t out[EVIDENCE_HASH_LEN],
                  const uint8_t (*leaves)[EVIDENCE_HASH_LEN], uint64_t n)
{
	uint8_t l[EVIDENCE_HASH_LEN], r[EVIDENCE_HASH_LEN];
	uint64_t k;

	if (n == 0) {
		evidence_sha256(out, "", 0);
		return;
	}
	if (n == 1) {
		memcpy(out, leaves[0], EVIDENCE_HASH_LEN);
		return;
	}
	k = split_point(n);
	evidence_mth(l, leaves, k);
	evidence_mth(r, leaves + k, n - k);
	evidence_node_hash(out, l, r);
}

int evidence_verify_inclusion(const uint8_t leaf[EVIDENCE_HASH_LEN],
                              uint64_t index, uint64_t size,
                              const uint8_t path[][EVIDENCE_HASH_LEN],
                              size_t count,
                              const uint8_t root[EVIDENCE_HASH_LEN])
{
	uint8_t r[EVIDENCE_HASH_LEN];
	uint64_t fn = index, sn;
	size_t i;

	if (index >= size)
		return err_set(NETRA_ETAMPER,
		               "leaf index %llu outside tree "
		               "of size %llu",
		               (unsigned long long)index,
		               (unsigned long long)size);
	sn = size - 1;
	memcpy(r, leaf, EVIDENCE_HASH_LEN);
	for (i = 0; i < count; i++) {
		if (sn == 0)
			return err_set(NETRA_ETAMPER,
			               "inclusion proof too long");
		if ((fn & 1) || fn == sn) {
			evidence_node_hash(r, path[i], r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			evidence_node_hash(r, r, path[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return err_set(NETRA_ETAMPER, "inclusion proof too short");
	if (sodium_memcmp(r, root, EVIDENCE_HASH_LEN) != 0)
		return err_set(NETRA_ETAMPER, "inclusion proof does not lead "
		                              "to the checkpoint's root");
	return 0;
}

/* ---------------------------------------------------------------------
 * Frontier: the compact range [0, size) as perfect subtree roots.
 */

static int frontier_load(struct evidence_frontier *f, uint64_t size,
                         const void *p, size_t len)
{
	f->size = size;
	f->n = __builtin_popcountll(size);
	if (len != (size_t)f->n * EVIDENCE_HASH_LEN)
		return err_set(NETRA_ETAMPER,
		               "evidence state: frontier of "
		               "%zu bytes for %llu leaves",
		               len, (unsigned long long)size);
	if (len)
		memcpy(f->h, p, len);
	return 0;
}

int evidence_frontier_push(struct evidence_frontier *f,
                           const uint8_t leaf[EVIDENCE_HASH_LEN],
                           uint8_t chunk[EVIDENCE_HASH_LEN])
{
	uint8_t h[EVIDENCE_HASH_LEN];
	unsigned level = 0;
	int done = 0;

	memcpy(h, leaf, EVIDENCE_HASH_LEN);
	while ((f->size >> level) & 1) {
		assert(f->n > 0);
		evidence_node_hash(h, f->h[f->n - 1], h);
		f->n--;
		level++;
		if (level == EVIDENCE_CHUNK_BITS) {
			memcpy(chunk, h, EVIDENCE_HASH_LEN);
			done = 1;
		}
	}
	memcpy(f->h[f->n++], h, EVIDENCE_HASH_LEN);
	f->size++;
	return done;
}

void evidence_frontier_root(const struct evidence_frontier *f,
                            uint8_t out[EVIDENCE_HASH_LEN])
{
	int i;

	if (f->n == 0) {
		evidence_sha256(out, "", 0);
		return;
	}
	memcpy(out, f->h[f->n - 1], EVIDENCE_HASH_LEN);
	for (i = f->n - 2; i >= 0; i--)
		evidence_node_hash(out, f->h[i], out);
}

/* ---------------------------------------------------------------------
 * Append: the pending step over evidence_queue
 */

struct state {
	struct evidence_frontier f;
};

static int state_load(netra_store *st, struct state *s)
{
	store_stmt *q = NULL;
	const void *p;
	size_t len;
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT size, frontier FROM evidence_state "
	                   "WHERE id = 1");
	if (rc)
		goto done;
	rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ESTATE, "evidence state row missing");
	if (rc < 0)
		goto done;
	p = store_column_blob(q, 1, &len);
	rc = frontier_load(&s->f, (uint64_t)store_column_int64(q, 0), p, len);
done:
	store_finalize(q);
	return rc;
}

static int state_save(netra_store *st, const struct state *s)
{
	store_stmt *q = NULL;
	int rc;

	rc = store_prepare(&q, st,
	                   "UPDATE evidence_state SET size = ?, frontier = ? "
	                   "WHERE id = 1");
	if (!rc)
		rc = store_bind_int64(q, 1, (int64_t)s->f.size);
	if (!rc)
		rc = store_bind_blob(q, 2, s->f.h,
		                     (size_t)s->f.n * EVIDENCE_HASH_LEN);
	if (!rc && (rc = store_step(q)) > 0)
		rc = 0;
	store_finalize(q);
	return rc;
}

/* Queue rows read per page. The page is read whole before anything is
 * written, so no statement scans the queue while it is being changed. */
#define QUEUE_PAGE 4096
/* Leaves per multi-row INSERT: one statement (one bind-step-reset, one
 * statement journal in SQLite, one round trip to PostgreSQL) per 16
 * leaves instead of per leaf; 64 parameters, the PostgreSQL backend's
 * limit per statement. */
#define LEAF_ROWS 16
/* Queue rows consumed per DELETE ... WHERE id IN (...) (see delete_runs):
 * several appenders' queue ids interleave, so runs of consecutive ids
 * are short on a shared PostgreSQL store (2.6 rows on average with four
 * scanners, bench/results/pg.txt). */
#define DEL_IDS 32

struct queued {
	int64_t qid;
	int gone;
	struct evidence_leaf_in l;
};

struct append {
	store_stmt *sel, *rec[EVIDENCE_NKINDS], *leaf, *leaves, *chunk, *del,
	    *del_ids;
	int64_t ids[DEL_IDS]; /* short runs' queue ids not yet deleted */
	size_t nids;
	struct queued *page;
	size_t n;       /* rows of the page read, gone ones included */
	int64_t cursor; /* last queue id read in this run */
	const struct evidence_leaf_in *live[LEAF_ROWS]; /* not yet inserted */
	size_t nlive;
	int64_t idx;    /* index of live[0] */
	uint64_t appended;
};

/* "INSERT INTO evidence_leaves (idx, kind, ref, hash) VALUES" with rows
 * groups of placeholders. */
static int prepare_leaves(store_stmt **q, netra_store *st, size_t rows)
{
	char sql[64 + LEAF_ROWS * 16];
	size_t i, len;

	len = (size_t)snprintf(sql, sizeof(sql),
	                       "INSERT INTO evidence_leaves (idx, kind, ref, "
	                       "hash) VALUES ");
	for (i = 0; i < rows; i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s(?, ?, ?, ?)",
		                        i ? ", " : "");
	return store_prepare(q, st, sql);
}

/* "DELETE FROM evidence_queue WHERE id IN (?, ...)" of DEL_IDS ids. */
static int prepare_del_ids(store_stmt **q, netra_store *st)
{
	char sql[64 + DEL_IDS * 3];
	size_t i, len;

	len = (size_t)snprintf(sql, sizeof(sql),
	                       "DELETE FROM evidence_queue WHERE id IN (");
	for (i = 0; i < DEL_IDS; i++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s?",
		                        i ? ", " : "");
	snprintf(sql + len, sizeof(sql) - len, ")");
	return store_prepare(q, st, sql);
}

static int append_prepare(struct append *a, netra_store *st)
{
	int rc, k;

	rc = store_prepare(&a->sel, st,
	                   "SELECT q.id, q.kind, q.ref, e.id, e.platform, "
	                   "e.event_id, e.raw, e.ingested_at FROM "
	                   "evidence_queue q LEFT JOIN events e ON q.kind = 0 "
	                   "AND e.id = q.ref WHERE q.id > ? ORDER BY q.id "
	                   "LIMIT 4096");
	for (k = EVIDENCE_VERDICT; k < EVIDENCE_NKINDS && !rc; k++)
		rc = prepare_record(&a->rec[k], st, &kinds[k]);
	if (!rc)
		rc = prepare_leaves(&a->leaf, st, 1);
	if (!rc)
		rc = prepare_leaves(&a->leaves, st, LEAF_ROWS);
	if (!rc)
		rc = store_prepare(&a->chunk, st,
		                   "INSERT INTO evidence_chunks "
		                   "(idx, hash) VALUES (?, ?)");
	if (!rc)
		rc = store_prepare(&a->del, st,
		                   "DELETE FROM evidence_queue "
		                   "WHERE id >= ? AND id <= ?");
	if (!rc)
		rc = prepare_del_ids(&a->del_ids, st);
	if (!rc && !(a->page = malloc(QUEUE_PAGE * sizeof(*a->page))))
		rc = err_oom();
	return rc;
}

static void append_close(struct append *a)
{
	int k;

	store_finalize(a->sel);
	for (k = 0; k < EVIDENCE_NKINDS; k++)
		store_finalize(a->rec[k]);
	store_finalize(a->leaf);
	store_finalize(a->leaves);
	store_finalize(a->chunk);
	store_finalize(a->del);
	store_finalize(a->del_ids);
	free(a->page);
}

/* Reads the next page of queue rows and computes their leaves. A record
 * gone from its table is marked gone (its row stays queued). */
static int read_page(struct append *a)
{
	struct queued *e;
	const char *platform, *event_id, *raw;
	size_t plen, elen, rlen;
	int rc;

	a->n = 0;
	if ((rc = store_bind_int64(a->sel, 1, a->cursor)))
		return rc;
	while ((rc = store_step(a->sel)) == STORE_ROW) {
		e = &a->page[a->n++];
		e->qid = a->cursor = store_column_int64(a->sel, 0);
		e->l.kind = (int)store_column_int64(a->sel, 1);
		e->l.ref = store_column_int64(a->sel, 2);
		e->gone = 0;
		if (e->l.kind == EVIDENCE_EVENT) {
			if ((e->gone = store_column_is_null(a->sel, 3)))
				continue;
			platform = store_column_text(a->sel, 4, &plen);
			event_id = store_column_text(a->sel, 5, &elen);
			raw = store_column_text(a->sel, 6, &rlen);
			evidence_leaf_hash(e->l.hash,
			                   store_column_int64(a->sel, 7),
			                   platform, plen, event_id, elen, raw,
			                   rlen);
		} else if (!evidence_kind(e->l.kind)) {
			rc = err_set(NETRA_ETAMPER,
			             "evidence queue row %lld: unknown "
			             "kind %d",
			             (long long)e->qid, e->l.kind);
			break;
		} else {
			rc = record_leaf_q(a->rec[e->l.kind], e->l.kind,
			                   e->l.ref, e->l.hash);
			if ((e->gone = rc == NETRA_ENOTFOUND))
				rc = 0;
			else if (rc)
				break;
		}
	}
	store_reset(a->sel);
	return rc < 0 ? rc : 0;
}

static int insert_chunk(store_stmt *q, int64_t idx,
                        const uint8_t hash[EVIDENCE_HASH_LEN])
{
	int rc;

	rc = store_bind_int64(q, 1, idx);
	if (!rc)
		rc = store_bind_blob(q, 2, hash, EVIDENCE_HASH_LEN);
	if (!rc && (rc = store_step(q)) > 0)
		rc = 0;
	store_reset(q);
	return rc;
}

/* Inserts the leaves waiting in a->live: LEAF_ROWS with one statement,
 * fewer one by one. */
static int flush_leaves(struct append *a)
{
	const struct evidence_leaf_in *const *e = a->live;
	store_stmt *q;
	size_t i, k, n;
	int rc = 0, col;

	for (k = 0; k < a->nlive && !rc; k += n) {
		n = a->nlive - k == LEAF_ROWS ? LEAF_ROWS : 1;
		q = n == 1 ? a->leaf : a->leaves;
		col = 1;
		for (i = k; i < k + n && !rc; i++) {
			if ((rc = store_bind_int64(q, col++,
			                           a->idx + (int64_t)i)) ||
			    (rc = store_bind_int64(q, col++, e[i]->kind)) ||
			    (rc = store_bind_int64(q, col++, e[i]->ref)))
				break;
			rc = store_bind_blob(q, col++, e[i]->hash,
			                     EVIDENCE_HASH_LEN);
		}
		if (!rc && (rc = store_step(q)) > 0)
			rc = 0;
		store_reset(q);
		if (rc)
			err_wrap(rc, "evidence leaves from %lld (%s %lld)",
			         (long long)(a->idx + (int64_t)k),
			         evidence_kind_name(e[k]->kind),
			         (long long)e[k]->ref);
	}
	a->idx += (int64_t)a->nlive;
	a->appended += a->nlive;
	a->nlive = 0;
	return rc;
}

/* Appends one leaf: the frontier (and a chunk root when one completes)
 * now, the leaf row with the next LEAF_ROWS (l must stay valid until
 * flush_leaves). */
static int append_leaf(struct append *a, struct state *s,
                       const struct evidence_leaf_in *l)
{
	uint8_t chunk[EVIDENCE_HASH_LEN];
	int rc;

	if (a->nlive == 0)
		a->idx = (int64_t)s->f.size;
	if (evidence_frontier_push(&s->f, l->hash, chunk) &&
	    (rc = insert_chunk(a->chunk,
	                       (int64_t)((s->f.size - 1) >> EVIDENCE_CHUNK_BITS),
	                       chunk)))
		return err_wrap(rc, "evidence chunk");
	a->live[a->nlive++] = l;
	return a->nlive == LEAF_ROWS ? flush_leaves(a) : 0;
}

/* Deletes the queued ids gathered in a->ids, DEL_IDS per statement (a
 * short list repeats its last id, which changes nothing). */
static int delete_ids(struct append *a)
{
	size_t i;
	int rc = 0;

	if (!a->nids)
		return 0;
	for (i = 0; i < DEL_IDS && !rc; i++)
		rc = store_bind_int64(a->del_ids, (int)i + 1,
		                      a->ids[i < a->nids ? i : a->nids - 1]);
	if (!rc && (rc = store_step(a->del_ids)) > 0)
		rc = 0;
	store_reset(a->del_ids);
	a->nids = 0;
	return rc;
}

/* Consumes the queue rows of the page that were appended: a long run of
 * consecutive ids with one ranged DELETE, short runs DEL_IDS ids per
 * DELETE ... IN. A run of consecutive integers read together holds every
 * row with an id in its range, so the range deletes exactly the rows read
 * (never a row committed meanwhile by another writer, which could only
 * take an id outside the runs), and the lists name exactly the rows
 * read; a gone record breaks a run and stays queued. Concurrent writers
 * interleave their ids, so on a shared store most runs are short: one
 * statement per run cost a round trip (and a savepoint) per 2-3 rows,
 * inside the append's lock (bench/results/pg.txt). */
static int delete_runs(struct append *a)
{
	size_t i, j, k;
	int rc = 0;

	for (i = 0; i < a->n && !rc; i = j) {
		j = i + 1;
		if (a->page[i].gone)
			continue;
		while (j < a->n && !a->page[j].gone &&
		       a->page[j].qid == a->page[j - 1].qid + 1)
			j++;
		if (j - i < DEL_IDS) {
			for (k = i; k < j && !rc; k++) {
				a->ids[a->nids++] = a->page[k].qid;
				if (a->nids == DEL_IDS)
					rc = delete_ids(a);
			}
			continue;
		}
		if ((rc = store_bind_int64(a->del, 1, a->page[i].qid)) ||
		    (rc = store_bind_int64(a->del, 2, a->page[j - 1].qid)))
			break;
		if ((rc = store_step(a->del)) > 0)
			rc = 0;
		store_reset(a->del);
	}
	if (!rc)
		rc = delete_ids(a);
	return rc;
}

/* Appends the page's leaves in queue order and consumes their queue
 * rows. */
static int append_page(struct append *a, struct state *s)
{
	size_t i;
	int rc;

	for (i = 0; i < a->n; i++)
		if (!a->page[i].gone &&
		    (rc = append_leaf(a, s, &a->page[i].l)))
			return rc;
	if ((rc = flush_leaves(a)))
		return rc;
	return delete_runs(a);
}

int evidence_append_pending(netra_store *st)
{
	return evidence_append_pending_with(st, NULL, 0);
}

int evidence_append_pending_with(netra_store *st,
                                 const struct evidence_leaf_in *own,
                                 size_t n)
{
	struct append a;
	struct state *s;
	size_t i;
	int rc, began = 0;

	memset(&a, 0, sizeof(a));
	s = malloc(sizeof(*s));
	if (!s)
		return err_oom();
	if ((rc = store_begin_write(st)))
		goto done;
	began = 1;
	/* The state row is the lock that serialises pending steps (on
	 * PostgreSQL a row lock; SQLite's write lock is already held). */
	if ((rc = store_exec(st, "UPDATE evidence_state SET size = size "
	                         "WHERE id = 1")) ||
	    (rc = state_load(st, s)) || (rc = append_prepare(&a, st)))
		goto done;
	do {
		if ((rc = read_page(&a)) || (rc = append_page(&a, s)))
			goto done;
	} while (a.n == QUEUE_PAGE);
	for (i = 0; i < n; i++)
		if ((rc = append_leaf(&a, s, &own[i])))
			goto done;
	if ((rc = flush_leaves(&a)))
		goto done;
	if (a.appended)
		rc = state_save(st, s);
done:
	append_close(&a);
	free(s);
	if (began) {
		if (rc)
			store_rollback(st);
		else
			rc = store_commit(st);
	}
	return rc;
}

/* ---------------------------------------------------------------------
 * Reading the tree: heads, roots at a size, inclusion proofs
 */

int evidence_tree_head(netra_store *st, uint64_t *size,
                       uint8_t root[EVIDENCE_HASH_LEN])
{
	struct state *s = malloc(sizeof(*s));
	int rc;

	*size = 0;
	if (!s)
		return err_oom();
	rc = state_load(st, s);
	if (!rc) {
		*size = s->f.size;
		evidence_frontier_root(&s->f, root);
	}
	free(s);
	return rc;
}

struct reader {
	netra_store *st;
	store_stmt *leaves, *chunks;
	uint8_t (*buf)[EVIDENCE_HASH_LEN];
	size_t cap;
};

static int reader_open(struct reader *r, netra_store *st)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->st = st;
	rc = store_prepare(&r->leaves, st,
	                   "SELECT hash FROM evidence_leaves "
	                   "WHERE idx >= ? AND idx < ? ORDER BY idx");
	if (!rc)
		rc = store_prepare(&r->chunks, st,
		                   "SELECT hash FROM "
		                   "evidence_chunks WHERE idx >= ? AND idx < ? "
		                   "ORDER BY idx");
	return rc;
}

static void reader_close(struct reader *r)
{
	store_finalize(r->leaves);
	store_finalize(r->chunks);
	free(r->buf);
}

/* Reads hashes [from, to) of the table behind q into r->buf. */
static int reader_fetch(struct reader *r, store_stmt *q, uint64_t from,
                        uint64_t to, const char *what)
{
	uint64_t n = 0;
	const void *p;
	size_t len;
	int rc;

	if (to - from > r->cap) {
		void *nb = realloc(r->buf, (to - from) * EVIDENCE_HASH_LEN);

		if (!nb)
			return err_oom();
		r->buf = nb;
		r->cap = to - from;
	}
	rc = store_bind_int64(q, 1, (int64_t)from);
	if (!rc)
		rc = store_bind_int64(q, 2, (int64_t)to);
	while (rc == 0 && (rc = store_step(q)) == STORE_ROW) {
		rc = 0;
		p = store_column_blob(q, 0, &len);
		if (len != EVIDENCE_HASH_LEN || n >= to - from) {
			rc = err_set(NETRA_ETAMPER,
			             "evidence %s %llu: bad "
			             "hash",
			             what, (unsigned long long)(from + n));
			break;
		}
		memcpy(r->buf[n++], p, EVIDENCE_HASH_LEN);
	}
	store_reset(q);
	if (rc < 0)
		return rc;
	if (n != to - from)
		return err_set(NETRA_ETAMPER,
		               "evidence %s rows [%llu, %llu): "
		               "%llu rows missing",
		               what, (unsigned long long)from,
		               (unsigned long long)to,
		               (unsigned long long)(to - from - n));
	return 0;
}

/* MTH of leaves [a, a + n), a aligned as the tree shape guarantees. */
static int range_hash(struct reader *r, uint64_t a, uint64_t n,
                      uint8_t out[EVIDENCE_HASH_LEN])
{
	uint8_t left[EVIDENCE_HASH_LEN], right[EVIDENCE_HASH_LEN];
	uint64_t k;
	int rc;

	if (n >= EVIDENCE_CHUNK && a % EVIDENCE_CHUNK == 0 &&
	    n % EVIDENCE_CHUNK == 0) {
		/* Whole chunks: the tree over them has the same shape as
		 * the tree over their leaves, one level of 256 up. */
		rc = reader_fetch(r, r->chunks, a / EVIDENCE_CHUNK,
		                  (a + n) / EVIDENCE_CHUNK, "chunk");
		if (!rc)
			evidence_mth(out, (const void *)r->buf,
			             n / EVIDENCE_CHUNK);
		return rc;
	}
	if (n <= EVIDENCE_CHUNK) {
		rc = reader_fetch(r, r->leaves, a, a + n, "leaf");
		if (!rc)
			evidence_mth(out, (const void *)r->buf, n);
		return rc;
	}
	k = split_point(n);
	if ((rc = range_hash(r, a, k, left)) ||
	    (rc = range_hash(r, a + k, n - k, right)))
		return rc;
	evidence_node_hash(out, left, right);
	return 0;
}

int evidence_root_at(netra_store *st, uint64_t size,
                     uint8_t root[EVIDENCE_HASH_LEN])
{
	struct reader r;
	int rc;

	if (size == 0) {
		evidence_sha256(root, "", 0);
		return 0;
	}
	rc = reader_open(&r, st);
	if (!rc)
		rc = range_hash(&r, 0, size, root);
	reader_close(&r);
	return rc;
}

/* RFC 6962 PATH(m, D[a, a + n)), written bottom up from path[*count]. */
static int proof_path(struct reader *r, uint64_t m, uint64_t a, uint64_t n,
                      uint8_t path[][EVIDENCE_HASH_LEN], size_t *count)
{
	uint64_t k;
	int rc;

	if (n <= 1)
		return 0;
	k = split_point(n);
	if (m < k) {
		rc = proof_path(r, m, a, k, path, count);
		if (!rc)
			rc = range_hash(r, a + k, n - k, path[(*count)++]);
	} else {
		rc = proof_path(r, m - k, a + k, n - k, path, count);
		if (!rc)
			rc = range_hash(r, a, k, path[(*count)++]);
	}
	return rc;
}

int evidence_inclusion_proof(netra_store *st, uint64_t index, uint64_t size,
                             uint8_t path[][EVIDENCE_HASH_LEN], size_t *count)
{
	struct reader r;
	int rc;

	*count = 0;
	if (index >= size)
		return err_set(NETRA_EINVALID,
		               "leaf %llu not in a tree of "
		               "%llu leaves",
		               (unsigned long long)index,
		               (unsigned long long)size);
	rc = reader_open(&r, st);
	if (!rc)
		rc = proof_path(&r, index, 0, size, path, count);
	reader_close(&r);
	return rc;
}

int evidence_leaf_of(netra_store *st, int kind, int64_t ref, uint64_t *index,
                     uint8_t hash[EVIDENCE_HASH_LEN])
{
	store_stmt *q = NULL;
	const void *p;
	size_t len;
	int rc;

	*index = 0;
	rc = store_prepare(&q, st,
	                   "SELECT idx, hash FROM evidence_leaves "
	                   "WHERE kind = ? AND ref = ? ORDER BY idx DESC "
	                   "LIMIT 1");
	if (!rc)
		rc = store_bind_int64(q, 1, kind);
	if (!rc)
		rc = store_bind_int64(q, 2, ref);
	if (!rc)
		rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ENOTFOUND, "%s %lld is not in the evidence log",
		             evidence_kind_name(kind), (long long)ref);
	if (rc < 0)
		goto done;
	*index = (uint64_t)store_column_int64(q, 0);
	p = store_column_blob(q, 1, &len);
	if (len != EVIDENCE_HASH_LEN) {
		rc = err_set(NETRA_ETAMPER, "evidence leaf of %s %lld: bad hash",
		             evidence_kind_name(kind), (long long)ref);
		goto done;
	}
	memcpy(hash, p, EVIDENCE_HASH_LEN);
	rc = 0;
done:
	store_finalize(q);
	return rc;
}

int evidence_leaf_of_event(netra_store *st, int64_t event_row_id,
                           uint64_t *index, uint8_t hash[EVIDENCE_HASH_LEN])
{
	return evidence_leaf_of(st, EVIDENCE_EVENT, event_row_id, index, hash);
}
