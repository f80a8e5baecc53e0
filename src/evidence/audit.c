/*
 * evidence/audit.c - `netra evidence audit`: re-verifies the whole store.
 * One pass over the leaves in order recomputes each leaf from its stored
 * event (platform, event_id, raw, ingested_at), rebuilds the tree from the
 * recomputed leaves, and at each stored checkpoint's size compares the
 * root and checks the signature. A changed events row, leaf row, chunk
 * row or checkpoint is reported; the first one by leaf index is named.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "evidence/evidence_int.h"
#include "evidence/ledger.h"
#include "store/store.h"
#include "util/error.h"
#include "util/vec.h"

struct audit {
	netra_evidence_audit *out;
	const uint8_t *pub; /* NULL: no key, signatures unchecked */
	VEC(netra_evidence_checkpoint) cps;
	size_t next_cp;
	struct evidence_frontier f;
	store_stmt *chunks;
};

/* Counts a mismatch; the first one's reason is kept. */
static void mismatch(struct audit *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void mismatch(struct audit *a, const char *fmt, ...)
{
	va_list ap;

	a->out->mismatches++;
	if (!a->out->ok)
		return;
	a->out->ok = 0;
	va_start(ap, fmt);
	vsnprintf(a->out->reason, sizeof(a->out->reason), fmt, ap);
	va_end(ap);
}

static int load_checkpoints(struct audit *a, netra_store *st)
{
	netra_evidence_checkpoint cp;
	store_stmt *q = NULL;
	const void *p[3];
	size_t l[3];
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT id, tree_size, root, created_at, "
	                   "pubkey, signature FROM evidence_checkpoints "
	                   "ORDER BY tree_size, id");
	while (rc == 0 && (rc = store_step(q)) == STORE_ROW) {
		memset(&cp, 0, sizeof(cp));
		cp.id = store_column_int64(q, 0);
		cp.tree_size = (uint64_t)store_column_int64(q, 1);
		cp.created_at = store_column_int64(q, 3);
		p[0] = store_column_blob(q, 2, &l[0]);
		p[1] = store_column_blob(q, 4, &l[1]);
		p[2] = store_column_blob(q, 5, &l[2]);
		if (l[0] == 32 && l[1] == 32 && l[2] == 64) {
			memcpy(cp.root, p[0], 32);
			memcpy(cp.pubkey, p[1], 32);
			memcpy(cp.signature, p[2], 64);
		} else {
			mismatch(a, "checkpoint %lld: malformed row",
			         (long long)cp.id);
		}
		rc = VEC_PUSH(&a->cps, cp) ? err_oom() : 0;
		if (rc)
			break;
	}
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

/* Checks every checkpoint of exactly the current tree size. */
static void check_checkpoints(struct audit *a)
{
	netra_evidence_checkpoint *cp;
	uint8_t root[32];

	if (a->next_cp >= a->cps.len ||
	    a->cps.items[a->next_cp].tree_size != a->f.size)
		return;
	evidence_frontier_root(&a->f, root);
	while (a->next_cp < a->cps.len &&
	       a->cps.items[a->next_cp].tree_size == a->f.size) {
		cp = &a->cps.items[a->next_cp++];
		if (sodium_memcmp(root, cp->root, 32))
			mismatch(a,
			         "checkpoint %lld (%" PRIu64 " leaves): the "
			         "log's root differs from the signed one",
			         (long long)cp->id, cp->tree_size);
		else if (a->pub && sodium_memcmp(cp->pubkey, a->pub, 32))
			mismatch(a, "checkpoint %lld: signed by another key",
			         (long long)cp->id);
		else if (a->pub && evidence_checkpoint_verify(cp))
			mismatch(a, "checkpoint %lld: bad signature",
			         (long long)cp->id);
		else
			a->out->checkpoints++;
	}
}

/* Compares a completed chunk with the stored one. */
static void check_chunk(struct audit *a, const uint8_t chunk[32])
{
	uint64_t idx = a->f.size / EVIDENCE_CHUNK - 1;
	const void *p;
	size_t len;

	if (store_step(a->chunks) != STORE_ROW ||
	    (uint64_t)store_column_int64(a->chunks, 0) != idx) {
		mismatch(a, "evidence chunk %" PRIu64 " missing", idx);
		return;
	}
	p = store_column_blob(a->chunks, 1, &len);
	if (len != 32 || sodium_memcmp(p, chunk, 32))
		mismatch(a,
		         "evidence chunk %" PRIu64 " differs from its "
		         "leaves",
		         idx);
}

/* One leaf row of the join: recompute, compare, add to the tree. */
static void audit_leaf(struct audit *a, store_stmt *q)
{
	netra_evidence_audit *o = a->out;
	uint64_t idx = (uint64_t)store_column_int64(q, 0);
	int64_t ev = store_column_int64(q, 1);
	uint8_t leaf[32], chunk[32];
	const char *pf, *id, *raw;
	const void *stored;
	size_t pl, el, rl, sl;

	stored = store_column_blob(q, 2, &sl);
	if (idx != a->f.size)
		mismatch(a, "evidence leaf %" PRIu64 " missing", a->f.size);
	if (store_column_is_null(q, 7)) {
		mismatch(a,
		         "leaf %" PRIu64 ": event %lld is gone from the "
		         "store",
		         idx, (long long)ev);
		memset(leaf, 0, 32);
		if (sl == 32)
			memcpy(leaf, stored, 32);
	} else {
		pf = store_column_text(q, 3, &pl);
		id = store_column_text(q, 4, &el);
		raw = store_column_text(q, 5, &rl);
		evidence_leaf_hash(leaf, store_column_int64(q, 6), pf, pl, id,
		                   el, raw, rl);
		if (sl != 32 || sodium_memcmp(stored, leaf, 32)) {
			if (o->ok) {
				o->bad_event = ev;
				o->bad_leaf = idx;
				snprintf(o->bad_platform,
				         sizeof(o->bad_platform), "%.*s",
				         (int)(pl < 63 ? pl : 63), pf);
				snprintf(o->bad_event_id,
				         sizeof(o->bad_event_id), "%.*s",
				         (int)(el < 127 ? el : 127), id);
			}
			mismatch(a,
			         "event %lld (%.*s %.*s), leaf %" PRIu64
			         ": the stored event no longer matches the "
			         "evidence log",
			         (long long)ev, (int)(pl < 40 ? pl : 40), pf,
			         (int)(el < 60 ? el : 60), id, idx);
		}
	}
	if (evidence_frontier_push(&a->f, leaf, chunk))
		check_chunk(a, chunk);
	o->leaves++;
	check_checkpoints(a);
}

static int audit_leaves(struct audit *a, netra_store *st)
{
	store_stmt *q = NULL;
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT l.idx, l.event_id, l.hash, "
	                   "e.platform, e.event_id, e.raw, e.ingested_at, e.id "
	                   "FROM evidence_leaves l LEFT JOIN events e ON e.id "
	                   "= l.event_id ORDER BY l.idx");
	if (!rc)
		rc = store_prepare(&a->chunks, st,
		                   "SELECT idx, hash FROM "
		                   "evidence_chunks ORDER BY idx");
	while (rc == 0 && (rc = store_step(q)) == STORE_ROW) {
		audit_leaf(a, q);
		rc = 0;
	}
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

/* The append state and the events outside the log. */
static int audit_state(struct audit *a, netra_store *st)
{
	netra_evidence_audit *o = a->out;
	uint8_t root[32], mine[32];
	int64_t last = 0, n = 0;
	uint64_t size;
	int rc;

	if ((rc = evidence_tree_head(st, &size, root)))
		return rc;
	evidence_frontier_root(&a->f, mine);
	if (size != a->f.size || sodium_memcmp(root, mine, 32))
		mismatch(a,
		         "evidence state (%" PRIu64 " leaves) differs from "
		         "the leaves (%" PRIu64 ")",
		         size, a->f.size);
	if ((rc = store_query_int64(&last, st,
	                            "SELECT last_event_id FROM "
	                            "evidence_state WHERE id = 1",
	                            NULL, 0)))
		return rc;
	if ((rc = store_query_int64(&n, st,
	                            "SELECT COUNT(*) FROM events e "
	                            "WHERE NOT EXISTS (SELECT 1 FROM "
	                            "evidence_leaves l WHERE l.event_id = "
	                            "e.id)",
	                            NULL, 0)))
		return rc;
	o->pending = (uint64_t)n;
	if ((rc = store_query_int64(&n, st,
	                            "SELECT COUNT(*) FROM events e "
	                            "WHERE e.id <= (SELECT last_event_id FROM "
	                            "evidence_state) AND NOT EXISTS (SELECT 1 "
	                            "FROM evidence_leaves l WHERE l.event_id "
	                            "= e.id)",
	                            NULL, 0)))
		return rc;
	if (n > 0)
		mismatch(a,
		         "%lld stored events older than the log's last "
		         "entry were never logged (inserted afterwards?)",
		         (long long)n);
	o->pending -= (uint64_t)n;
	return 0;
}

int netra_evidence_audit_store(netra_evidence_audit *out, netra_store *st,
                               const uint8_t *pub)
{
	struct audit a;
	uint8_t key[32];
	uint64_t signed_size = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	out->ok = 1;
	a.out = out;
	a.pub = pub;
	if (sodium_init() < 0)
		return err_set(NETRA_ERROR, "libsodium failed to start");
	if (!pub) {
		rc = evidence_store_pubkey(st, key);
		if (rc && rc != NETRA_ENOTFOUND)
			goto done;
		a.pub = rc ? NULL : key;
	}
	if ((rc = load_checkpoints(&a, st)))
		goto done;
	if (a.cps.len && !a.pub)
		mismatch(&a, "checkpoints exist but the store has no public "
		             "key");
	check_checkpoints(&a); /* those of size 0 */
	if ((rc = audit_leaves(&a, st)) || (rc = audit_state(&a, st)))
		goto done;
	if (a.next_cp < a.cps.len)
		mismatch(&a,
		         "checkpoint %lld claims %" PRIu64 " leaves; the "
		         "log has %" PRIu64,
		         (long long)a.cps.items[a.next_cp].id,
		         a.cps.items[a.next_cp].tree_size, a.f.size);
	if (a.cps.len)
		signed_size = a.cps.items[a.cps.len - 1].tree_size;
	out->unsigned_leaves =
	    a.f.size > signed_size ? a.f.size - signed_size : 0;
	rc = out->ok ? 0 : err_set(NETRA_ETAMPER, "%s", out->reason);
done:
	store_finalize(a.chunks);
	VEC_FREE(&a.cps);
	return rc;
}
