/*
 * evidence/evidence_int.h - helpers shared by the evidence files (key.c,
 * checkpoint.c, bundle.c, verify.c, audit.c): hex, small file I/O, the
 * checkpoint text, and in-memory bundle verification (used by the fuzz
 * target as well as by netra_evidence_verify).
 *
 * CHECKPOINT TEXT (checkpoint.txt; ASCII, each line ends in "\n")
 *
 *   Line  Content                               Signed
 *   1     "netra-evidence-checkpoint/v1"        yes
 *   2     "size " decimal tree size             yes
 *   3     "root " 64 hex digits (lower case)    yes
 *   4     "time " decimal Unix seconds          yes
 *   5     "key " 64 hex digits, Ed25519 pubkey  yes
 *   6     "sig " 128 hex digits                 no: Ed25519 signature
 *                                               over lines 1-5 (bytes)
 *
 * Decimal numbers have no sign, no leading zeros (except "0"); the text
 * must be exactly as written here or it does not parse.
 *
 * BUNDLE SIGNATURE: manifest.sig holds 128 hex digits and "\n", the
 * Ed25519 signature over "netra-evidence-bundle/v1\n" followed by the
 * bytes of manifest.json.
 */
#ifndef NETRA_EVIDENCE_INT_H
#define NETRA_EVIDENCE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "netra/evidence.h"
#include "netra/ingest.h"
#include "store/store.h"
#include "util/sbuf.h"

#define EVIDENCE_CHECKPOINT_MAGIC "netra-evidence-checkpoint/v1\n"
#define EVIDENCE_BUNDLE_MAGIC     "netra-evidence-bundle/v1\n"
#define EVIDENCE_BUNDLE_FORMAT    "netra-evidence-bundle/1"   /* no history */
#define EVIDENCE_BUNDLE_FORMAT2   "netra-evidence-bundle/2"   /* history.json */
#define EVIDENCE_META_PUBKEY      "evidence_pubkey"
#define EVIDENCE_MAX_FILE         (64u << 20) /* largest bundle file read */

/* Lower-case hex of n bytes into out (2n + 1 chars, NUL-terminated). */
void evidence_hex(char *out, const uint8_t *p, size_t n);

/* Parses exactly 2n lower-case hex digits of s[0..len) into out.
 * Returns 0 or NETRA_EINVALID. */
int evidence_unhex(uint8_t *out, size_t n, const char *s, size_t len);

/* Creates path (must not exist, nor be a symbolic link) with exactly
 * mode whatever the umask, writes p[0..n) and fsyncs it. */
int evidence_write_file(const char *path, const void *p, size_t n,
                        unsigned mode);

/* Creates path (mode 0600) atomically with content p[0..n): all of it or
 * nothing, never replacing an existing file (NETRA_EEXISTS). */
int evidence_write_file_atomic(const char *path, const void *p, size_t n);

/* Loads the signing key pair from key_path; checks the file is not
 * readable by group or others. sk is libsodium's 64-byte secret key. */
int evidence_key_load(uint8_t pk[32], uint8_t sk[64], const char *key_path);

/* The store's public key from meta; NETRA_ENOTFOUND if none. */
int evidence_store_pubkey(netra_store *st, uint8_t pk[32]);

/* Appends the signed text of cp (lines 1-5) to b. */
int evidence_checkpoint_text(struct sbuf *b,
                             const netra_evidence_checkpoint *cp);

/* Appends the full checkpoint file text (lines 1-6) to b. */
int evidence_checkpoint_file(struct sbuf *b,
                             const netra_evidence_checkpoint *cp);

/* Parses checkpoint file text strictly into out (id = 0). */
int evidence_checkpoint_parse(netra_evidence_checkpoint *out, const char *text,
                              size_t len);

/* Verifies cp's signature with cp->pubkey. 0 or NETRA_ETAMPER. */
int evidence_checkpoint_verify(const netra_evidence_checkpoint *cp);

/* The newest stored checkpoint covering at least min_size leaves;
 * NETRA_ENOTFOUND if none. */
int evidence_checkpoint_latest(netra_evidence_checkpoint *out, netra_store *st,
                               uint64_t min_size);

/* The media hashes of a raw event: for a JSON object with a "media"
 * array, a new JSON array of {"url", "sha256"} for each entry that has a
 * string "sha256" (url null when absent); an empty array otherwise.
 * Verification derives it again from event.raw, so it must stay a pure
 * function of the raw bytes. *out is freed with json_decref(). */
int evidence_media_from_raw(json_t **out, const char *raw, size_t len);

/* One file of a bundle held in memory. */
struct evidence_file {
	const char *name;
	const char *data; /* NULL: missing */
	size_t len;
};

/* The bundle's files, in evidence_bundle_names() order (history.json is
 * last: bundles of format 1 lack it). */
enum {
	F_MANIFEST,
	F_SIG,
	F_RAW,
	F_EVENT,
	F_VERDICTS,
	F_PROOF,
	F_CP,
	F_KEY,
	F_HISTORY,
	NFILES
};

/* The file name extension of an image type ("jpg" for "image/jpeg",
 * png, gif, webp; "bin" otherwise): a bundle holds each image of its
 * event as media-<sha256>.<ext>. */
const char *evidence_image_ext(const char *mime);

/* The bundle's file names, manifest first; count in *n. */
const char *const *evidence_bundle_names(size_t *n);

/* Verifies a bundle given as files (names as evidence_bundle_names;
 * missing files have data NULL). Same contract as netra_evidence_verify. */
int evidence_bundle_verify_files(netra_evidence_result *out,
                                 const struct evidence_file *files, size_t n,
                                 const uint8_t pub[32]);

/* --- a finding's history in its bundle (history.c) --- */

struct evidence_history_entry {
	int kind; /* EVIDENCE_VERDICT, _TRANSITION, _MEDIA or _OCR */
	int64_t id;
	uint64_t idx;
	uint8_t leaf[32];
};

struct evidence_history {
	struct evidence_history_entry *e; /* the verdict, then transitions */
	size_t n, cap;
	uint64_t max_idx;
};

/* The verdict and every transition of the finding, each with its newest
 * leaf, checked against its row (NETRA_ETAMPER if it no longer matches).
 * Free with evidence_history_free(). */
int evidence_history_collect(struct evidence_history *h, netra_store *st,
                             int64_t finding_id, int64_t verdict_id);
void evidence_history_free(struct evidence_history *h);

/* Adds the media fetches of event event_row (events.id) and the OCR
 * texts of their images, each with its newest leaf checked against its
 * row, in media index order (a fetch before its texts). */
int evidence_history_add_media(struct evidence_history *h, netra_store *st,
                               int64_t event_row);

/* history.json's object for h, proofs against cp (which must cover
 * h->max_idx). *out is the caller's. */
int evidence_history_json(json_t **out, netra_store *st,
                          const struct evidence_history *h,
                          const netra_evidence_checkpoint *cp,
                          int64_t finding_id);

/* The JSON form of stored record (kind 1..5, id): {"id", columns...}. */
int evidence_record_json(json_t **out, netra_store *st, int kind, int64_t id);

/* The leaf hash of a record given in its JSON form; -1 when the object
 * is not exactly such a record (a column missing, of the wrong type, or
 * an extra member). */
int evidence_record_json_leaf(uint8_t leaf[32], int kind, json_t *rec);

/* The inclusion proof of leaf idx in cp's tree, as a JSON array of hex
 * hashes, checked against cp's root before it is returned. */
int evidence_proof_json(json_t **out, netra_store *st,
                        const netra_evidence_checkpoint *cp, uint64_t idx,
                        const uint8_t leaf[32]);

/* --- what is shown of an event, against its raw (event.c) --- */

/* The shown columns of events, in NETRA_RAW_* bit order. */
#define EVIDENCE_SHOWN_COLUMNS                                                 \
	"type, account, created_at, text, url, target_account, target_id, "    \
	"target_text"

/* The stored shown columns of one event (borrowed from a statement row;
 * v[i] NULL for SQL NULL; v[2] is non-NULL when created_at is set). */
struct evidence_cols {
	const char *v[NETRA_RAW_NCOLS];
	size_t len[NETRA_RAW_NCOLS];
	int64_t created_at;
};

/* Reads EVIDENCE_SHOWN_COLUMNS from the current row of q, from column
 * first on. */
void evidence_cols_from_row(struct evidence_cols *c, store_stmt *q, int first);

/* Scratch for deriving events again (a parser), reused across events. */
struct evidence_shown {
	netra_event_parser *p;
};
int evidence_shown_new(struct evidence_shown **out);
void evidence_shown_free(struct evidence_shown *sh);

/* Derives the event from raw and compares it with the stored columns:
 * *differs gets the NETRA_RAW_* bits of columns that disagree, *uncovered
 * those raw cannot tell; *derived (owned by sh, valid until its next use)
 * the event as raw says it. NETRA_EINVALID when raw gives no event (all
 * columns uncovered), NETRA_ENOMEM. */
int evidence_event_compare(struct evidence_shown *sh,
                           const struct evidence_cols *c, const char *raw,
                           size_t n, unsigned *differs, unsigned *uncovered,
                           const netra_event **derived);

/* Fills e's shown values (derived where raw tells, else stored), differs
 * and uncovered, from its raw and the stored columns c. */
int evidence_event_fill(netra_evidence_event *e, const struct evidence_cols *c);

#endif
