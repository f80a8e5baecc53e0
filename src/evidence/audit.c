/*
 * evidence/audit.c - `netra evidence audit`: re-verifies the whole store.
 *
 * One pass over the leaves in order recomputes each leaf from its stored
 * record (an event from platform, event_id, raw and ingested_at; a
 * verdict, transition or audit entry from its columns, ledger.h), rebuilds
 * the tree from the recomputed leaves, and at each stored checkpoint's
 * size compares the root and checks the signature. Then: what an event
 * shows (type, account, created_at, text, ...) against what its raw says
 * (evidence/event.c); records that are neither logged nor queued, queued
 * records that are gone; and every finding's state, assignment and
 * deadline against its last transition. A changed or deleted record, leaf,
 * chunk or checkpoint is reported; the first one by leaf index is named.
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
	struct evidence_shown *shown;
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

/* Names the first bad record in out (once). */
static void note_bad(struct audit *a, int kind, int64_t ref, uint64_t idx,
                     const char *pf, size_t pl, const char *id, size_t el)
{
	netra_evidence_audit *o = a->out;

	if (!o->ok)
		return;
	o->bad_kind = kind;
	o->bad_ref = ref;
	o->bad_leaf = idx;
	if (kind != EVIDENCE_EVENT)
		return;
	o->bad_event = ref;
	snprintf(o->bad_platform, sizeof(o->bad_platform), "%.*s",
	         (int)(pl < 63 ? pl : 63), pf);
	snprintf(o->bad_event_id, sizeof(o->bad_event_id), "%.*s",
	         (int)(el < 127 ? el : 127), id);
}

/* What the event shows (columns 9..16 of q) against its raw. */
static void check_shown(struct audit *a, store_stmt *q, int64_t ev,
                        uint64_t idx, const char *pf, size_t pl,
                        const char *id, size_t el, const char *raw,
                        size_t rl)
{
	struct evidence_cols c;
	const netra_event *d;
	unsigned differs, uncovered;
	char cols[128] = "";
	size_t n = 0;
	int i;

	evidence_cols_from_row(&c, q, 9);
	if (evidence_event_compare(a->shown, &c, raw, rl, &differs, &uncovered,
	                           &d) < 0 ||
	    uncovered)
		a->out->shown_unchecked++;
	if (!differs)
		return;
	for (i = 0; i < NETRA_RAW_NCOLS; i++)
		if (differs & (1u << i) && n < sizeof(cols))
			n += (size_t)snprintf(cols + n, sizeof(cols) - n,
			                      "%s%s", n ? ", " : "",
			                      netra_evidence_column_name(i));
	note_bad(a, EVIDENCE_EVENT, ev, idx, pf, pl, id, el);
	mismatch(a,
	         "event %lld (%.*s %.*s), leaf %" PRIu64
	         ": the stored %s no longer says what its raw record says",
	         (long long)ev, (int)(pl < 40 ? pl : 40), pf,
	         (int)(el < 60 ? el : 60), id, idx, cols);
}

/* The event leaf of the current row of q; 1 if the event is gone. */
static int event_leaf(struct audit *a, store_stmt *q, uint64_t idx,
                      uint8_t leaf[32], const void *stored, size_t sl)
{
	const char *pf, *id, *raw;
	size_t pl, el, rl;
	int64_t ev = store_column_int64(q, 2);

	if (store_column_is_null(q, 8))
		return 1;
	pf = store_column_text(q, 4, &pl);
	id = store_column_text(q, 5, &el);
	raw = store_column_text(q, 6, &rl);
	evidence_leaf_hash(leaf, store_column_int64(q, 7), pf, pl, id, el, raw,
	                   rl);
	if (sl != 32 || sodium_memcmp(stored, leaf, 32)) {
		note_bad(a, EVIDENCE_EVENT, ev, idx, pf, pl, id, el);
		mismatch(a,
		         "event %lld (%.*s %.*s), leaf %" PRIu64
		         ": the stored event no longer matches the "
		         "evidence log",
		         (long long)ev, (int)(pl < 40 ? pl : 40), pf,
		         (int)(el < 60 ? el : 60), id, idx);
		return 0;
	}
	check_shown(a, q, ev, idx, pf, pl, id, el, raw, rl);
	return 0;
}

/* One leaf row: recompute, compare, add to the tree. */
static int audit_leaf(struct audit *a, netra_store *st, store_stmt *q)
{
	uint64_t idx = (uint64_t)store_column_int64(q, 0);
	int kind = (int)store_column_int64(q, 1);
	int64_t ref = store_column_int64(q, 2);
	uint8_t leaf[32], chunk[32];
	const void *stored;
	size_t sl;
	int rc = 0, gone = 0;

	stored = store_column_blob(q, 3, &sl);
	if (idx != a->f.size)
		mismatch(a, "evidence leaf %" PRIu64 " missing", a->f.size);
	if (kind == EVIDENCE_EVENT) {
		gone = event_leaf(a, q, idx, leaf, stored, sl);
	} else if (!evidence_kind(kind)) {
		mismatch(a, "leaf %" PRIu64 ": unknown kind %d", idx, kind);
		gone = 1;
	} else {
		rc = evidence_record_leaf(st, kind, ref, leaf);
		gone = rc == NETRA_ENOTFOUND;
		if (rc && !gone)
			return rc;
		rc = 0;
		if (!gone && (sl != 32 || sodium_memcmp(stored, leaf, 32))) {
			note_bad(a, kind, ref, idx, NULL, 0, NULL, 0);
			mismatch(a,
			         "%s %lld, leaf %" PRIu64 ": the stored row "
			         "no longer matches the evidence log",
			         evidence_kind_name(kind), (long long)ref,
			         idx);
		}
	}
	if (gone) {
		note_bad(a, kind, ref, idx, "", 0, "", 0);
		mismatch(a,
		         "leaf %" PRIu64 ": %s %lld is gone from the "
		         "store",
		         idx, evidence_kind_name(kind), (long long)ref);
		memset(leaf, 0, 32);
		if (sl == 32)
			memcpy(leaf, stored, 32);
	}
	if ((unsigned)kind < EVIDENCE_NKINDS)
		a->out->kinds[kind]++;
	if (evidence_frontier_push(&a->f, leaf, chunk))
		check_chunk(a, chunk);
	a->out->leaves++;
	check_checkpoints(a);
	return rc;
}

static int audit_leaves(struct audit *a, netra_store *st)
{
	store_stmt *q = NULL;
	int rc;

	rc = store_prepare(&q, st,
	                   "SELECT l.idx, l.kind, l.ref, l.hash, "
	                   "e.platform, e.event_id, e.raw, e.ingested_at, e.id, "
	                   "e.type, e.account, e.created_at, e.text, e.url, "
	                   "e.target_account, e.target_id, e.target_text "
	                   "FROM evidence_leaves l LEFT JOIN events e ON "
	                   "l.kind = 0 AND e.id = l.ref ORDER BY l.idx");
	if (!rc)
		rc = store_prepare(&a->chunks, st,
		                   "SELECT idx, hash FROM "
		                   "evidence_chunks ORDER BY idx");
	while (rc == 0 && (rc = store_step(q)) == STORE_ROW)
		rc = audit_leaf(a, st, q);
	store_finalize(q);
	return rc < 0 ? rc : 0;
}

/* Runs a COUNT query; a mismatch (what, after the count) when it is not
 * zero. */
static int count_mismatch(struct audit *a, netra_store *st, const char *sql,
                          const char *table, const char *what)
{
	int64_t n = 0;
	int rc = store_query_int64(&n, st, sql, NULL, 0);

	if (!rc && n > 0)
		mismatch(a, "%lld %s rows %s", (long long)n, table, what);
	return rc;
}

/* Records of one kind that are neither in the log nor queued, and queued
 * records that are gone. Set differences (sorted once) rather than a
 * probe per row: the queue has no index on ref. */
static int audit_unlogged(struct audit *a, netra_store *st, int kind,
                          const char *table)
{
	char sql[512];
	int rc;

	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM (SELECT id FROM %s EXCEPT SELECT ref "
	         "FROM evidence_leaves WHERE kind = %d EXCEPT SELECT ref FROM "
	         "evidence_queue WHERE kind = %d) AS x",
	         table, kind, kind);
	if ((rc = count_mismatch(a, st, sql, table,
	                         "were never logged nor queued (written "
	                         "with the evidence triggers dropped?)")))
		return rc;
	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM (SELECT ref FROM evidence_queue WHERE "
	         "kind = %d EXCEPT SELECT id FROM %s) AS x",
	         kind, table);
	return count_mismatch(a, st, sql, table,
	                      "were queued but are gone from the store "
	                      "(deleted before they were logged)");
}

/* The append state, the queue, and records outside the log. */
static int audit_state(struct audit *a, netra_store *st)
{
	static const char *const tables[EVIDENCE_NKINDS] = {
	    "events", "verdicts", "finding_transitions", "audit_log",
	    "media_ocr", "event_media", "scan_marks"};
	netra_evidence_audit *o = a->out;
	uint8_t root[32], mine[32];
	int64_t n = 0;
	uint64_t size;
	int rc, k;

	if ((rc = evidence_tree_head(st, &size, root)))
		return rc;
	evidence_frontier_root(&a->f, mine);
	if (size != a->f.size || sodium_memcmp(root, mine, 32))
		mismatch(a,
		         "evidence state (%" PRIu64 " leaves) differs from "
		         "the leaves (%" PRIu64 ")",
		         size, a->f.size);
	if ((rc = store_query_int64(&n, st,
	                            "SELECT COUNT(*) FROM evidence_queue",
	                            NULL, 0)))
		return rc;
	o->pending = (uint64_t)n;
	for (k = 0; k < EVIDENCE_NKINDS; k++)
		if ((rc = audit_unlogged(a, st, k, tables[k])))
			return rc;
	return 0;
}

/* Text of column col, or "NULL". */
static const char *col_or_null(store_stmt *q, int col)
{
	return store_column_is_null(q, col) ? "NULL"
	                                    : store_column_text(q, col, NULL);
}

/* Every finding against its last transition: state, assigned unit and
 * deadline must be where the last recorded step left them. */
static int audit_findings(struct audit *a, netra_store *st)
{
	store_stmt *q = NULL;
	int64_t id;
	int rc;

	rc = store_prepare(
	    &q, st,
	    "SELECT f.id, f.state, t.id, t.to_state, "
	    "COALESCE(f.assigned_unit_id, 0) = COALESCE(t.to_unit_id, 0), "
	    "COALESCE(f.due_at, 0) = COALESCE(t.due_at, 0) "
	    "FROM findings f LEFT JOIN finding_transitions t ON t.id = "
	    "(SELECT MAX(id) FROM finding_transitions x WHERE "
	    "x.finding_id = f.id) ORDER BY f.id");
	while (rc == 0 && (rc = store_step(q)) == STORE_ROW) {
		rc = 0;
		id = store_column_int64(q, 0);
		a->out->findings++;
		if (store_column_is_null(q, 2))
			mismatch(a,
			         "finding %lld has no transition (its "
			         "history was deleted?)",
			         (long long)id);
		else if (strcmp(store_column_text(q, 1, NULL),
		                col_or_null(q, 3)))
			mismatch(a,
			         "finding %lld is '%s' but its last "
			         "transition (%lld) left it '%s'",
			         (long long)id, store_column_text(q, 1, NULL),
			         (long long)store_column_int64(q, 2),
			         col_or_null(q, 3));
		else if (!store_column_int64(q, 4) || !store_column_int64(q, 5))
			mismatch(a,
			         "finding %lld: assignment or deadline "
			         "differs from its last transition (%lld)",
			         (long long)id,
			         (long long)store_column_int64(q, 2));
	}
	store_finalize(q);
	return rc < 0 ? rc : 0;
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
	if ((rc = evidence_shown_new(&a.shown)))
		return rc;
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
	if ((rc = audit_leaves(&a, st)) || (rc = audit_state(&a, st)) ||
	    (rc = audit_findings(&a, st)))
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
	evidence_shown_free(a.shown);
	VEC_FREE(&a.cps);
	return rc;
}
