/*
 * evidence/ledger.c - the Merkle log over events as received: leaf and
 * node hashes, the append hot path (evidence_append_pending, called by
 * ingest inside each batch transaction), tree heads and inclusion proofs
 * computed from the stored leaf and chunk hashes. Formats: ledger.h.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

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

void evidence_leaf_hash(uint8_t out[EVIDENCE_HASH_LEN], int64_t ingested_at,
                        const char *platform, size_t platform_len,
                        const char *event_id, size_t event_id_len,
                        const char *raw, size_t raw_len)
{
	crypto_hash_sha256_state h;
	uint8_t head[1 + EVIDENCE_LEAF_MAGIC_LEN + 8 + 4], len[4];

	head[0] = 0x00;
	memcpy(head + 1, EVIDENCE_LEAF_MAGIC, EVIDENCE_LEAF_MAGIC_LEN);
	put_be64(head + 1 + EVIDENCE_LEAF_MAGIC_LEN, (uint64_t)ingested_at);
	put_be32(head + 1 + EVIDENCE_LEAF_MAGIC_LEN + 8,
	         (uint32_t)platform_len);
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, head, sizeof(head));
	crypto_hash_sha256_update(&h, (const uint8_t *)platform, platform_len);
	put_be32(len, (uint32_t)event_id_len);
	crypto_hash_sha256_update(&h, len, 4);
	crypto_hash_sha256_update(&h, (const uint8_t *)event_id, event_id_len);
	put_be32(len, (uint32_t)raw_len);
	crypto_hash_sha256_update(&h, len, 4);
	crypto_hash_sha256_update(&h, (const uint8_t *)raw, raw_len);
	crypto_hash_sha256_final(&h, out);
}

void evidence_node_hash(uint8_t out[EVIDENCE_HASH_LEN],
                        const uint8_t left[EVIDENCE_HASH_LEN],
                        const uint8_t right[EVIDENCE_HASH_LEN])
{
	uint8_t buf[1 + 2 * EVIDENCE_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, left, EVIDENCE_HASH_LEN);
	memcpy(buf + 1 + EVIDENCE_HASH_LEN, right, EVIDENCE_HASH_LEN);
	crypto_hash_sha256(out, buf, sizeof(buf));
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
		crypto_hash_sha256(out, (const uint8_t *)"", 0);
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
		crypto_hash_sha256(out, (const uint8_t *)"", 0);
		return;
	}
	memcpy(out, f->h[f->n - 1], EVIDENCE_HASH_LEN);
	for (i = f->n - 2; i >= 0; i--)
		evidence_node_hash(out, f->h[i], out);
}

/* ---------------------------------------------------------------------
 * Append
 */

struct state {
	struct evidence_frontier f;
	int64_t last_event_id;
};

static int state_load(netra_store *st, struct state *s)
{
	store_stmt *q = NULL;
	const void *p;
	size_t len;
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT size, last_event_id, frontier "
	                   "FROM evidence_state WHERE id = 1");
	if (rc)
		goto done;
	rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ESTATE, "evidence state row missing");
	if (rc < 0)
		goto done;
	s->last_event_id = store_column_int64(q, 1);
	p = store_column_blob(q, 2, &len);
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
	                   "UPDATE evidence_state SET size = ?, "
	                   "last_event_id = ?, frontier = ? WHERE id = 1");
	if (!rc)
		rc = store_bind_int64(q, 1, (int64_t)s->f.size);
	if (!rc)
		rc = store_bind_int64(q, 2, s->last_event_id);
	if (!rc)
		rc = store_bind_blob(q, 3, s->f.h,
		                     (size_t)s->f.n * EVIDENCE_HASH_LEN);
	if (!rc && (rc = store_step(q)) > 0)
		rc = 0;
	store_finalize(q);
	return rc;
}

struct append {
	store_stmt *sel, *leaf, *chunk;
};

static int insert_hash(store_stmt *q, int64_t idx, const int64_t *event,
                       const uint8_t *hash)
{
	int rc, col = 1;

	rc = store_bind_int64(q, col++, idx);
	if (!rc && event)
		rc = store_bind_int64(q, col++, *event);
	if (!rc)
		rc = store_bind_blob(q, col, hash, EVIDENCE_HASH_LEN);
	if (!rc && (rc = store_step(q)) > 0)
		rc = 0;
	store_reset(q);
	return rc;
}

/* Appends one selected event row (the current row of a->sel). */
static int append_row(struct append *a, struct state *s)
{
	uint8_t leaf[EVIDENCE_HASH_LEN], chunk[EVIDENCE_HASH_LEN];
	const char *platform, *event_id, *raw;
	size_t plen, elen, rlen;
	int64_t id = store_column_int64(a->sel, 0);
	int64_t idx = (int64_t)s->f.size;
	int rc;

	platform = store_column_text(a->sel, 1, &plen);
	event_id = store_column_text(a->sel, 2, &elen);
	raw = store_column_text(a->sel, 3, &rlen);
	evidence_leaf_hash(leaf, store_column_int64(a->sel, 4), platform, plen,
	                   event_id, elen, raw, rlen);
	rc = insert_hash(a->leaf, idx, &id, leaf);
	if (rc)
		return err_wrap(rc, "evidence leaf %lld (event %lld)",
		                (long long)idx, (long long)id);
	if (evidence_frontier_push(&s->f, leaf, chunk)) {
		rc = insert_hash(a->chunk, idx >> EVIDENCE_CHUNK_BITS, NULL,
		                 chunk);
		if (rc)
			return err_wrap(rc, "evidence chunk");
	}
	s->last_event_id = id;
	return 0;
}

int evidence_append_pending(netra_store *st)
{
	struct append a = {NULL, NULL, NULL};
	struct state *s;
	uint64_t appended = 0;
	int rc, began = 0;

	s = malloc(sizeof(*s));
	if (!s)
		return err_oom();
	if ((rc = store_begin(st)))
		goto done;
	began = 1;
	if ((rc = state_load(st, s)))
		goto done;
	rc = store_prepare(&a.sel, st,
	                   "SELECT id, platform, event_id, raw, "
	                   "ingested_at FROM events WHERE id > ? ORDER BY id");
	if (!rc)
		rc = store_prepare(&a.leaf, st,
		                   "INSERT INTO evidence_leaves "
		                   "(idx, event_id, hash) VALUES (?, ?, ?)");
	if (!rc)
		rc = store_prepare(&a.chunk, st,
		                   "INSERT INTO evidence_chunks "
		                   "(idx, hash) VALUES (?, ?)");
	if (!rc)
		rc = store_bind_int64(a.sel, 1, s->last_event_id);
	if (rc)
		goto done;
	while ((rc = store_step(a.sel)) == STORE_ROW) {
		if ((rc = append_row(&a, s)))
			goto done;
		appended++;
	}
	if (rc < 0)
		goto done;
	if (appended)
		rc = state_save(st, s);
done:
	store_finalize(a.sel);
	store_finalize(a.leaf);
	store_finalize(a.chunk);
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
		crypto_hash_sha256(root, (const uint8_t *)"", 0);
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

int evidence_leaf_of_event(netra_store *st, int64_t event_row_id,
                           uint64_t *index, uint8_t hash[EVIDENCE_HASH_LEN])
{
	store_stmt *q = NULL;
	const void *p;
	size_t len;
	int rc;

	*index = 0;
	rc = store_prepare(&q, st,
	                   "SELECT idx, hash FROM evidence_leaves "
	                   "WHERE event_id = ?");
	if (!rc)
		rc = store_bind_int64(q, 1, event_row_id);
	if (!rc)
		rc = store_step(q);
	if (rc == STORE_DONE)
		rc = err_set(NETRA_ENOTFOUND,
		             "event %lld is not in the "
		             "evidence log",
		             (long long)event_row_id);
	if (rc < 0)
		goto done;
	*index = (uint64_t)store_column_int64(q, 0);
	p = store_column_blob(q, 1, &len);
	if (len != EVIDENCE_HASH_LEN) {
		rc = err_set(NETRA_ETAMPER,
		             "evidence leaf of event %lld: "
		             "bad hash",
		             (long long)event_row_id);
		goto done;
	}
	memcpy(hash, p, EVIDENCE_HASH_LEN);
	rc = 0;
done:
	store_finalize(q);
	return rc;
}
