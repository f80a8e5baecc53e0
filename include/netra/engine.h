/*
 * netra/engine.h - the engine: an election profile + a rulebook + lexicons
 * (+ the hate-speech model and debunked hoaxes) compiled once into a
 * read-only netra_engine, and per-thread judges that turn one event into a
 * netra_verdict (netra/verdict.h). No I/O after netra_engine_new(), no
 * globals: share one engine between any number of threads, give each
 * thread its own netra_judge.
 *
 *   netra_engine *e; netra_judge *j; const netra_verdict *v;
 *   struct netra_engine_opts o = {.election_path = "election.yaml"};
 *   netra_engine_new(&e, &o);  netra_judge_new(&j, e);
 *   netra_judge_event(j, ev, &v);   (v valid until the next call on j)
 *   netra_judge_free(j);  netra_engine_free(e);
 *
 * docs/engine.md explains the judge's logic; docs/rulebook.md the rules.
 */
#ifndef NETRA_ENGINE_H
#define NETRA_ENGINE_H

#include "netra/common.h"
#include "netra/event.h"
#include "netra/verdict.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct netra_engine netra_engine;
typedef struct netra_judge netra_judge;

struct netra_engine_opts {
	const char *election_path; /* election profile YAML (required) */
	const char
	    *rules_path; /* rulebook YAML; NULL: data_dir/rulebook.yaml */
	const char *hoaxes_path; /* debunks JSONL; NULL: no hoax matching */
	const char *data_dir;    /* lexicons, model; NULL: $NETRA_DATA, else
	                            the compile-time NETRA_DATA_DIR */
	const char *model_path;  /* hate model; NULL: data_dir/model/hate.model
	                            if it exists (else lexicon only) */
};

/* The data directory used when opts->data_dir is NULL: $NETRA_DATA, else
 * ../share/netra beside the binary (an installed tree, wherever it was
 * moved), else the source tree's data/ the binary was built from.
 * Static storage. */
const char *netra_engine_default_data_dir(void);

/*
 * Builds an engine. *out is NULL on entry; on success the caller frees it
 * with netra_engine_free() after every judge made from it. Errors:
 * NETRA_EIO (a file cannot be read), NETRA_EINVALID ("file:line:col:
 * reason" for a bad profile/rulebook), NETRA_ENOMEM, NETRA_ERROR (the
 * pattern database failed to compile).
 */
int netra_engine_new(netra_engine **out, const struct netra_engine_opts *o);

/* Frees an engine; accepts NULL. */
void netra_engine_free(netra_engine *e);

/* "sha256:<hex>" over the rulebook, profile, lexicon, model and hoax bytes
 * the engine was built from. Owned by the engine. */
const char *netra_engine_rulebook_hash(const netra_engine *e);

/* The election id of the profile, and its number of candidate pairs. */
const char *netra_engine_election_id(const netra_engine *e);
size_t netra_engine_candidates(const netra_engine *e);

/* The region's time zone as the profile names it (`timezone`: WIB, WITA,
 * WIT or an IANA name; "WIB" when not given). Owned by the engine. */
const char *netra_engine_timezone(const netra_engine *e);

/* Memory held by the engine (pattern database + tables), in bytes. */
size_t netra_engine_memory(const netra_engine *e);

/*
 * A judge: per-thread scratch (normaliser buffers, Hyperscan scratch,
 * match arrays, the verdict). *out is NULL on entry; free with
 * netra_judge_free(), before the engine.
 */
int netra_judge_new(netra_judge **out, const netra_engine *e);
void netra_judge_free(netra_judge *j);

/*
 * Judges one event. *out points to a verdict owned by j, valid until the
 * next call on j. Once the judge's buffers have grown to the largest
 * event seen, this allocates nothing. Deterministic: the same event and
 * engine give the same verdict. Returns 0, NETRA_ENOMEM or NETRA_ERROR.
 */
int netra_judge_event(netra_judge *j, const netra_event *ev,
                      const netra_verdict **out);

/* Judges a bare text as a post with the given id (may be NULL: "-"). */
int netra_judge_text(netra_judge *j, const char *id, const char *text,
                     size_t len, const netra_verdict **out);

/* Memory held by the judge's scratch, in bytes (to show it stays flat). */
size_t netra_judge_memory(const netra_judge *j);

#ifdef __cplusplus
}
#endif
#endif
