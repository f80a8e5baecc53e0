/*
 * evidence/ledger.h - the evidence log: every event as received, every
 * verdict, every finding transition and every audit_log entry is hashed
 * and appended to an append-only Merkle log (RFC 6962 / Certificate
 * Transparency style).
 *
 * WHAT IS PENDING, AND WHO APPENDS IT
 *
 *   A record is queued in the transaction that writes it: the triggers of
 *   migration 007 insert one evidence_queue row (kind, ref) per new row of
 *   events, verdicts, finding_transitions and audit_log. The pending step,
 *   evidence_append_pending(), consumes queue rows under the store's write
 *   lock: for each it appends the record's leaf and deletes the queue row
 *   in the same transaction, so no record is appended twice or skipped,
 *   whatever order ids were assigned or committed in (several writers may
 *   share one store). Nothing assumes "id above the last appended id".
 *   Who runs it: ingest (each batch, before COMMIT: an event and its leaf
 *   commit together), scan (each batch), `netra escalate` (cron), `netra
 *   evidence checkpoint`, export and audit. A web request or a CLI review
 *   writes its rows (and so their queue rows) and never waits for the log;
 *   its records enter the log at the next of those runs.
 *
 * HASHES (SHA-256 (nettle, evidence_sha256); H = SHA-256)
 *
 *   leaf hash  = H(0x00 || leaf data)
 *   node hash  = H(0x01 || left child hash || right child hash)
 *   root of an empty tree = H("") (RFC 6962 MTH({}))
 *
 *   The tree over leaves D[0..n) is RFC 6962's MTH: split at k, the largest
 *   power of two smaller than n; MTH(D) = node(MTH(D[0..k)), MTH(D[k..n))).
 *   Leaf index i is the i-th record appended, in queue order.
 *
 * LEAF DATA OF AN EVENT (kind 0; unchanged since the first release; all
 * integers big-endian)
 *
 *   Offset   Size  Description
 *   0        8     Magic and version: the ASCII bytes "NETRAEV1"
 *   8        8     ingested_at: events.ingested_at, signed 64-bit Unix
 *                  seconds, two's complement
 *   16       4     P = length in bytes of platform (unsigned 32-bit)
 *   20       P     platform: events.platform, UTF-8, no terminator
 *   20+P     4     E = length in bytes of event_id (unsigned 32-bit)
 *   24+P     E     event_id: events.event_id (the platform's id), UTF-8
 *   24+P+E   4     R = length in bytes of raw (unsigned 32-bit)
 *   28+P+E   R     raw: events.raw, the record exactly as received
 *
 *   Total length 28 + P + E + R bytes. deleted_at is NOT part of the leaf:
 *   it is learnt later and shown beside the evidence, not inside it. What
 *   is shown of an event (type, account, created_at, text, ...) is derived
 *   from raw again and compared with the stored columns (evidence/event.c).
 *
 * LEAF DATA OF A RECORD (kinds 1-5: verdict, transition, audit entry,
 * OCR text, media fetch; 4 and 5 since migration 016, older logs hold
 * none and verify unchanged)
 *
 *   Offset   Size  Description
 *   0        8     Magic and version: "NETRAVD1" a verdict, "NETRATR1" a
 *                  finding transition, "NETRAAU1" an audit_log entry,
 *                  "NETRAOC1" an OCR text, "NETRAMD1" a media fetch
 *   8        8     the record's id (verdicts.id, finding_transitions.id,
 *                  audit_log.id), signed 64-bit
 *   16       32    SHA-256 of the record's bytes (RECORD BYTES below)
 *
 *   Total length 48 bytes. The leaf holds a hash of the record, not the
 *   record: a record purged later (a retention rule) leaves its leaf
 *   behind and every root, checkpoint and proof still verifies; the audit
 *   then reports the record as gone.
 *
 * RECORD BYTES: the record's columns in the order below, each encoded as
 *
 *   NULL      1 byte 0x00
 *   integer   1 byte 0x01, then 8 bytes signed 64-bit
 *   text      1 byte 0x02, then 4 bytes L (unsigned 32-bit), then L bytes
 *             of UTF-8, no terminator
 *   real      1 byte 0x03, then 8 bytes: the IEEE 754 binary64 bits
 *
 *   Kind  Table                Columns, in order (type)
 *   1     verdicts             event_id (int: events.id), rulebook (text),
 *                              labels (text), candidate (int), score
 *                              (real), json (text), created_at (int)
 *   2     finding_transitions  finding_id (int), at (int), actor (text),
 *                              action (text), from_state (text), to_state
 *                              (text), from_unit_id (int), to_unit_id
 *                              (int), due_at (int), reason (text)
 *   3     audit_log            at (int), actor (text), action (text),
 *                              object (text), detail (text)
 *   4     media_ocr            sha256 (text: hex of the image bytes),
 *                              engine (text), text (text), created_at
 *                              (int)
 *   5     event_media          event_id (int: events.id), idx (int: k of
 *                              media[k]), url (text), sha256 (text), error
 *                              (text), fetched_at (int)
 *   6     scan_marks           rulebook (text), block (int), lo (int:
 *                              events.id), hi (int: events.id), judged
 *                              (int), created_at (int)
 *
 *   Any column may be NULL (0x00). A bundle carries these columns as JSON
 *   (names as above, plus "id"), from which verify recomputes the leaf.
 *
 * STORAGE (003_evidence.sql)
 *
 *   evidence_leaves(idx, event_id UNIQUE, hash)   one row per leaf
 *   evidence_chunks(idx, hash)   MTH of leaves [256*idx, 256*idx + 256),
 *                                written when such a chunk completes
 *   evidence_state(id = 1, size, last_event_id (unused since 007),
 *                  frontier)
 *       frontier = the roots of the perfect subtrees that make up the tree
 *       of `size` leaves, largest first, 32 bytes each (popcount(size) of
 *       them), so an append costs one leaf hash plus amortised one node
 *       hash, and the current root is a fold of at most 64 hashes.
 *
 *   An inclusion proof for leaf m in a tree of size n needs only aligned
 *   subtree hashes: those below 256 leaves are hashed from <= 255 stored
 *   leaf hashes, those above from <= n/256 stored chunk hashes (8k rows at
 *   2M leaves), so a proof costs milliseconds without storing every
 *   interior node (which would double the rows written in the hot path).
 */
#ifndef NETRA_EVIDENCE_LEDGER_H
#define NETRA_EVIDENCE_LEDGER_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 is nettle's: a plain context struct, no allocation, and the
 * CPU's SHA instructions where it has them (Debian builds nettle "fat",
 * choosing the code at run time): on this machine 91 ns for a 65-byte
 * node against libsodium's 338, 216 ns for a 300-byte event against 834.
 * Ingest hashes once per event and about once more per interior node. */
#include <nettle/sha2.h>

#include "netra/evidence.h"
#include "netra/store.h"

#define EVIDENCE_HASH_LEN   32
#define EVIDENCE_CHUNK_BITS 8
/* Leaves per chunk. */
#define EVIDENCE_CHUNK          (1u << EVIDENCE_CHUNK_BITS)
#define EVIDENCE_LEAF_MAGIC     "NETRAEV1"
#define EVIDENCE_LEAF_MAGIC_LEN 8
#define EVIDENCE_MAX_PROOF      64 /* hashes in a proof, at most */

/* Leaf kinds (evidence_leaves.kind, evidence_queue.kind). */
enum evidence_kind {
	EVIDENCE_EVENT = 0,
	EVIDENCE_VERDICT = 1,
	EVIDENCE_TRANSITION = 2,
	EVIDENCE_AUDIT = 3,
	EVIDENCE_OCR = EVIDENCE_KIND_OCR,     /* media_ocr: text read off an
	                                         image (migration 016) */
	EVIDENCE_MEDIA = EVIDENCE_KIND_MEDIA, /* event_media: media[k] of an
	                                         event fetched */
	EVIDENCE_SCAN_MARK = EVIDENCE_KIND_SCAN_MARK, /* scan_marks: a run
	                                         of events judged (migration
	                                         022) */
	EVIDENCE_NKINDS
};

/* The record kinds' layouts (RECORD BYTES above), for store rows and for
 * the JSON form in bundles. */
struct evidence_kind_def {
	const char *magic;   /* 8 ASCII bytes, e.g. "NETRATR1" */
	const char *table;   /* e.g. "finding_transitions" */
	const char *name;    /* singular, for messages: "transition" */
	const char *columns; /* "finding_id, at, ..." in record order */
	const char *types;   /* one letter per column: I int, T text, R real */
};

/* The definition of kind (1..5); NULL for events and unknown kinds. */
const struct evidence_kind_def *evidence_kind(int kind);

/* Name of a kind for messages: "event", "verdict", ... */
const char *evidence_kind_name(int kind);

/*
 * The pending step: appends to the log every record queued in
 * evidence_queue (events, verdicts, transitions, audit entries; see WHAT
 * IS PENDING above), in queue order, 16 leaf rows per INSERT, deleting
 * the queue rows it appended: a run of 32 or more consecutive ids per
 * ranged DELETE (a run read whole holds every row in its range, so no row
 * another writer commits meanwhile is deleted unlogged), the ids of
 * shorter runs 32 per DELETE ... IN. Takes the write lock; runs inside the caller's transaction
 * when there is one (store_begin/store_commit nest), else in its own. A
 * queued record that is gone from its table (deleted before it was
 * logged) stays queued; the audit reports it. Safe to re-run after a crash. Returns 0 or a
 * negative NETRA_E* code; on error nothing it wrote survives once the
 * caller rolls back.
 */
int evidence_append_pending(netra_store *st);

/* A leaf its writer computed: an event it stored in the open transaction
 * with own_leaf = 1 (so not queued; migration 021), kind EVIDENCE_EVENT,
 * ref its events.id, hash its evidence_leaf_hash. */
struct evidence_leaf_in {
	int kind;
	int64_t ref;
	uint8_t hash[EVIDENCE_HASH_LEN];
};

/* evidence_append_pending, then own[0..n) appended after the queued
 * records, in the same transaction: ingest's way to log the events it
 * stores without the queue's insert, delete and second read of each. The
 * caller must commit (or roll back) own's records in the transaction this
 * joins, so a leaf and its record commit together. */
int evidence_append_pending_with(netra_store *st,
                                 const struct evidence_leaf_in *own,
                                 size_t n);

/* Record hashing (RECORD BYTES above): init, then one call per column in
 * order, then final. */
struct evidence_rec {
	struct sha256_ctx h;
};
void evidence_rec_init(struct evidence_rec *r);
void evidence_rec_null(struct evidence_rec *r);
void evidence_rec_int(struct evidence_rec *r, int64_t v);
void evidence_rec_text(struct evidence_rec *r, const char *p, size_t n);
void evidence_rec_real(struct evidence_rec *r, double v);
void evidence_rec_final(struct evidence_rec *r,
                        uint8_t out[EVIDENCE_HASH_LEN]);

/* Leaf hash of a record of kind (1..5) with id and record hash rec. */
void evidence_record_leaf_hash(uint8_t out[EVIDENCE_HASH_LEN], int kind,
                               int64_t id,
                               const uint8_t rec[EVIDENCE_HASH_LEN]);

/* Leaf hash of the stored record (kind 1..5, id): 0, NETRA_ENOTFOUND if
 * the row is gone, or another negative code. */
int evidence_record_leaf(netra_store *st, int kind, int64_t id,
                         uint8_t out[EVIDENCE_HASH_LEN]);

/* SHA-256 of p[0..n) (the log's one hash function). */
void evidence_sha256(uint8_t out[EVIDENCE_HASH_LEN], const void *p, size_t n);

/* Leaf hash of one event's canonical record (see LEAF DATA above). */
void evidence_leaf_hash(uint8_t out[EVIDENCE_HASH_LEN], int64_t ingested_at,
                        const char *platform, size_t platform_len,
                        const char *event_id, size_t event_id_len,
                        const char *raw, size_t raw_len);

/* Node hash H(0x01 || left || right). out may alias left or right. */
void evidence_node_hash(uint8_t out[EVIDENCE_HASH_LEN],
                        const uint8_t left[EVIDENCE_HASH_LEN],
                        const uint8_t right[EVIDENCE_HASH_LEN]);

/* Number of leaves in the log, and the current root (H("") if empty). */
int evidence_tree_head(netra_store *st, uint64_t *size,
                       uint8_t root[EVIDENCE_HASH_LEN]);

/* Root of the first `size` leaves of the stored log (size <= log size). */
int evidence_root_at(netra_store *st, uint64_t size,
                     uint8_t root[EVIDENCE_HASH_LEN]);

/* Leaf index and leaf hash of events.id = event_row_id; NETRA_ENOTFOUND if
 * the event is not in the log. */
int evidence_leaf_of_event(netra_store *st, int64_t event_row_id,
                           uint64_t *index, uint8_t hash[EVIDENCE_HASH_LEN]);

/* The same for any kind: the newest leaf of record (kind, ref). */
int evidence_leaf_of(netra_store *st, int kind, int64_t ref, uint64_t *index,
                     uint8_t hash[EVIDENCE_HASH_LEN]);

/* RFC 6962 inclusion proof (audit path) for leaf `index` in the tree of
 * the first `size` leaves: writes *count hashes (bottom up) into path,
 * which must hold EVIDENCE_MAX_PROOF hashes. */
int evidence_inclusion_proof(netra_store *st, uint64_t index, uint64_t size,
                             uint8_t path[][EVIDENCE_HASH_LEN], size_t *count);

/* --- pure Merkle helpers over hashes in memory (no store) --- */

/* The compact range of a tree of `size` leaves: roots of its perfect
 * subtrees, largest first. A zeroed one is the empty tree. */
struct evidence_frontier {
	uint64_t size;
	int n; /* == popcount(size) */
	uint8_t h[64][EVIDENCE_HASH_LEN];
};

/* Appends a leaf hash. Returns 1 and copies the chunk's root to chunk
 * when the append completes an aligned run of EVIDENCE_CHUNK leaves. */
int evidence_frontier_push(struct evidence_frontier *f,
                           const uint8_t leaf[EVIDENCE_HASH_LEN],
                           uint8_t chunk[EVIDENCE_HASH_LEN]);

/* Root of the tree the frontier describes (H("") when empty). */
void evidence_frontier_root(const struct evidence_frontier *f,
                            uint8_t out[EVIDENCE_HASH_LEN]);

/* MTH of leaf hashes leaves[0..n). */
void evidence_mth(uint8_t out[EVIDENCE_HASH_LEN],
                  const uint8_t (*leaves)[EVIDENCE_HASH_LEN], uint64_t n);

/* Checks an inclusion proof: recomputes the root from leaf hash, index,
 * size and path (RFC 9162 2.1.3.2). Returns 0 if it equals root, else
 * NETRA_ETAMPER with the reason set. */
int evidence_verify_inclusion(const uint8_t leaf[EVIDENCE_HASH_LEN],
                              uint64_t index, uint64_t size,
                              const uint8_t path[][EVIDENCE_HASH_LEN],
                              size_t count,
                              const uint8_t root[EVIDENCE_HASH_LEN]);

#endif
