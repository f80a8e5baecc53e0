/*
 * netra/evidence.h - evidence that holds: the signing key, signed
 * checkpoints of the evidence log, bundles for findings that anyone can
 * check offline with the public key alone, and the audit of a whole store.
 *
 * The log itself (every event as received, hashed into a Merkle log) is
 * written by ingest through src/evidence/ledger.h. Formats of the log
 * record, the checkpoint and the bundle: docs/evidence.md.
 */
#ifndef NETRA_EVIDENCE_H
#define NETRA_EVIDENCE_H

#include "netra/common.h"
#include "netra/store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NETRA_EVIDENCE_PUBKEY_HEX 65 /* 64 hex digits + NUL */
/* Indexes of netra_evidence_audit.kinds[] past the first four. */
#define EVIDENCE_KIND_OCR   4
#define EVIDENCE_KIND_MEDIA 5
#define EVIDENCE_KIND_SCAN_MARK 6
#define NETRA_EVIDENCE_PERSON_PREFIX "publik:"
#define NETRA_EVIDENCE_PERSON_ID     (7 + 32 + 1) /* "publik:" 32 hex NUL */

/* The opaque id that names someone outside the staff registry (a member
 * of the public who reports a post) in the audit log: "publik:" and 32
 * hex digits of HMAC-SHA-256 under a random per-store key (made on first
 * use) over identity (an e-mail address or phone number; trimmed, ASCII
 * letters folded to lower case). Stable within a store, not reversible
 * without the key; the identity itself is never stored. NETRA_EINVALID
 * for an empty identity. Writes the store (the key), so call it outside a
 * read-only transaction. */
int netra_evidence_person_id(char out[NETRA_EVIDENCE_PERSON_ID],
                             netra_store *st, const char *identity);

/* A signed tree head. */
typedef struct netra_evidence_checkpoint {
	int64_t id;         /* row in evidence_checkpoints, 0 if none */
	uint64_t tree_size; /* leaves covered */
	int64_t created_at; /* Unix seconds, part of the signed text */
	uint8_t root[32];   /* Merkle root of the first tree_size leaves */
	uint8_t pubkey[32]; /* Ed25519 key that signed */
	uint8_t signature[64];
} netra_evidence_checkpoint;

/* The default secret key file of a store: "<location>.evidence.key" for a
 * SQLite path; NETRA_EINVALID for a postgres URL (give --key-file or
 * $NETRA_EVIDENCE_KEY). *out is malloc'd; the caller frees it. */
int netra_evidence_key_path(char **out, const char *location);

/* 1 when the secret key file key_path sits in the same directory as the
 * SQLite store at location (the default), else 0. Whoever holds the store
 * should not also hold the key that signs its log: the CLI warns then
 * (docs/evidence.md, "Keeping the key away from the store"). */
int netra_evidence_key_beside_store(const char *key_path,
                                    const char *location);

/* Makes the Ed25519 signing key if the store has none: the secret key
 * (seed) goes to key_path (created mode 0600, never overwritten), the
 * public key into the store. With a key already there, checks that the
 * file and the store agree. *created is set to 1 if a key was made. */
int netra_evidence_init(netra_store *st, const char *key_path, int *created);

/* The store's public key as 64 lower-case hex digits. NETRA_ENOTFOUND if
 * no key was made yet. */
int netra_evidence_pubkey(char out[NETRA_EVIDENCE_PUBKEY_HEX], netra_store *st);

/* Parses a public key given as 64 hex digits. */
int netra_evidence_parse_pubkey(uint8_t out[32], const char *text);

/* The pending step (src/evidence/ledger.h): appends every queued record
 * (events, verdicts, transitions, audit entries) to the log. Run by
 * ingest and scan batches, `netra escalate` and `evidence checkpoint`;
 * never needed by a request that only writes records. */
int netra_evidence_append_pending(netra_store *st);

/* Appends pending records to the log and signs a checkpoint of the current
 * tree head (making the key first if the store has none). If the newest
 * checkpoint already covers the head, returns it instead of signing a new
 * one. */
int netra_evidence_make_checkpoint(netra_evidence_checkpoint *out,
                                   netra_store *st, const char *key_path);

/* Writes the evidence bundle of finding finding_id into dir (created if
 * missing; it must be empty). Signs a new checkpoint if no stored one
 * covers the event. Refuses (NETRA_ETAMPER) to export an event whose
 * stored bytes no longer match its leaf. */
int netra_evidence_export(netra_store *st, const char *key_path,
                          int64_t finding_id, const char *dir);

/* What verification of a bundle found. */
typedef struct netra_evidence_result {
	int valid;        /* 1 when every check passed */
	char reason[256]; /* the first failure, "" when valid */
	int64_t finding_id;
	char platform[64];
	char event_id[128];
	char rulebook[128];
	uint64_t leaf_index;
	uint64_t tree_size;
	int64_t checkpoint_time;
	int64_t ingested_at;
	int64_t deleted_at; /* 0: not seen deleted */
	size_t files;       /* files checked against the manifest */
	size_t media;       /* media hashes listed */
	size_t transitions; /* transitions in the history, each proven in
	                       the log (0: a bundle of format 1, without) */
	size_t media_records; /* media fetches and OCR texts of the event in
	                         the history, each proven in the log */
	size_t images;      /* image files (media-<sha256>.<ext>) whose bytes
	                       hash to what a logged media fetch names */
} netra_evidence_result;

/* Verifies the bundle in dir offline against public key pub. Returns 0
 * when valid, NETRA_ETAMPER when a check failed (out->reason says which),
 * another negative code when the bundle could not be read. out is filled
 * as far as verification got. */
int netra_evidence_verify(netra_evidence_result *out, const char *dir,
                          const uint8_t pub[32]);

/* An event as its verified raw record says it (evidence/event.c): what
 * the finding view, the bundle export and the web show. Every string is
 * malloc'd (NULL when absent); free with netra_evidence_event_free(). */
typedef struct netra_evidence_event {
	int64_t row_id; /* events.id */
	char *platform, *event_id;
	char *raw; /* events.raw, as received */
	size_t raw_len;
	int64_t ingested_at;
	int64_t deleted_at; /* 0: not seen deleted */
	/* type, account, (unused), text, url, target_account, target_id,
	 * target_text: in NETRA_RAW_* bit order (netra/ingest.h) */
	char *col[8];
	int64_t created_at;
	int has_created_at;
	int logged;          /* raw is in the log and hashes to its leaf */
	uint64_t leaf_index; /* when logged */
	int derived;         /* raw could be read again as an event */
	unsigned differs;    /* NETRA_RAW_* bits: stored column != raw */
	unsigned uncovered;  /* NETRA_RAW_* bits raw cannot tell (shown
	                        as stored) */
} netra_evidence_event;

/* Loads event event_row: checks its raw against its leaf (NETRA_ETAMPER
 * when the stored raw no longer hashes to it; an event still queued for
 * the log has logged = 0) and derives the shown columns again from raw.
 * A stored column that disagrees with raw is shown as raw says and its
 * bit set in differs: callers flag (a view) or refuse (an export) it. */
int netra_evidence_event_load(netra_evidence_event *out, netra_store *st,
                              int64_t event_row);
void netra_evidence_event_free(netra_evidence_event *e);

/* "type", "account", ... for bit number i (0..7) of differs/uncovered. */
const char *netra_evidence_column_name(int i);

/* What an audit of the whole store found. */
typedef struct netra_evidence_audit {
	int ok;               /* 1 when nothing mismatched */
	char reason[256];     /* the first mismatch, "" when ok */
	uint64_t leaves;      /* leaves re-hashed from stored records */
	uint64_t kinds[7];    /* of which events, verdicts, transitions,
	                         audit entries, OCR texts (index
	                         EVIDENCE_KIND_OCR), media fetches
	                         (EVIDENCE_KIND_MEDIA), scan marks
	                         (EVIDENCE_KIND_SCAN_MARK) */
	uint64_t findings;    /* findings checked against their last
	                         transition */
	uint64_t shown_unchecked; /* logged events some shown column of
	                             which raw cannot tell */
	uint64_t checkpoints; /* checkpoints whose root and signature held */
	uint64_t unsigned_leaves; /* leaves after the newest checkpoint */
	uint64_t pending;         /* records queued, not yet in the log */
	uint64_t mismatches;      /* leaves whose event no longer matches */
	int64_t bad_event;        /* events.id of the first mismatch, or 0 */
	int bad_kind;             /* kind and id of the first bad record */
	int64_t bad_ref;
	uint64_t bad_leaf;        /* its leaf index */
	char bad_platform[64];
	char bad_event_id[128];
} netra_evidence_audit;

/* Re-verifies the store: recomputes every leaf from the stored records
 * (events, verdicts, transitions, audit entries), compares it with the
 * stored leaf, checks what each event shows against its raw, finds
 * records neither logged nor queued and findings whose state disagrees
 * with their last transition, recomputes the root at every stored
 * checkpoint and checks its signature (against pub, or the store's public
 * key when pub is NULL). Returns 0 when all holds, NETRA_ETAMPER when
 * something mismatched (see out), another code on errors. */
int netra_evidence_audit_store(netra_evidence_audit *out, netra_store *st,
                               const uint8_t *pub);

#ifdef __cplusplus
}
#endif
#endif
