/*
 * evidence/ledger.h - the evidence log: every event as received is hashed
 * and appended to an append-only Merkle log (RFC 6962 / Certificate
 * Transparency style), inside the same transaction that stores it.
 *
 * Ingest calls evidence_append_pending() in each batch transaction just
 * before COMMIT, so an event and its ledger entry commit together. The
 * checkpoint, bundle and audit code (checkpoint.c, bundle.c, audit.c) read
 * the tables this module writes (migration 003_evidence.sql).
 *
 * HASHES (SHA-256, libsodium crypto_hash_sha256; H = SHA-256)
 *
 *   leaf hash  = H(0x00 || leaf data)
 *   node hash  = H(0x01 || left child hash || right child hash)
 *   root of an empty tree = H("") (RFC 6962 MTH({}))
 *
 *   The tree over leaves D[0..n) is RFC 6962's MTH: split at k, the largest
 *   power of two smaller than n; MTH(D) = node(MTH(D[0..k)), MTH(D[k..n))).
 *   Leaf index i is the i-th event appended, events taken in events.id
 *   order.
 *
 * LEAF DATA (the canonical record of one event; all integers big-endian)
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
 *   it is learnt later and shown beside the evidence, not inside it.
 *
 * STORAGE (003_evidence.sql)
 *
 *   evidence_leaves(idx, event_id UNIQUE, hash)   one row per leaf
 *   evidence_chunks(idx, hash)   MTH of leaves [256*idx, 256*idx + 256),
 *                                written when such a chunk completes
 *   evidence_state(id = 1, size, last_event_id, frontier)
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

#include "netra/store.h"

#define EVIDENCE_HASH_LEN   32
#define EVIDENCE_CHUNK_BITS 8
/* Leaves per chunk. */
#define EVIDENCE_CHUNK          (1u << EVIDENCE_CHUNK_BITS)
#define EVIDENCE_LEAF_MAGIC     "NETRAEV1"
#define EVIDENCE_LEAF_MAGIC_LEN 8
#define EVIDENCE_MAX_PROOF      64 /* hashes in a proof, at most */

/*
 * Appends to the log every event not yet in it (events.id greater than the
 * last ledgered one), in events.id order. Runs inside the caller's
 * transaction when there is one (store_begin/store_commit nest), else in
 * its own. Safe to re-run after a crash: it resumes from the last
 * ledgered event id and never adds a second leaf for an event (the leaf
 * table is UNIQUE on event id). Returns 0 or a negative NETRA_E* code; on
 * error nothing it wrote survives once the caller rolls back.
 */
int evidence_append_pending(netra_store *st);

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
