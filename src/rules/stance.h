/*
 * rules/stance.h - the stance model: support, attack or neither toward one
 * candidate pair, from the words around its references (private to
 * src/rules and its tests).
 *
 * The judge (judge.c, `detect: stance`) marks every token of the event's
 * texts with a role: a reference to the pair being judged (TARGET), to
 * another pair (OTHER), a negation, or a plain word. stance_walk() turns
 * the tokens and roles into hashed features (below); a linear model
 * (liblinear L2R_LR, one-vs-rest over support / attack / none, trained by
 * stance_train.c, `netra model stance-train`) scores them with one sparse
 * dot product per class and no allocation. A run of TARGET tokens is one
 * placeholder token, so the model learns stance, not names.
 *
 * Features of one text. Each token is hashed once: FNV-1a 64 (seed
 * STANCE_SEED, kind byte 't') of its bytes, or of "<T>" / "<O>" for a
 * placeholder. A feature's index is splitmix64's finaliser of (token hash
 * xor kind * 0xd6e8feb86659fd93) folded to STANCE_DIM_BITS bits; a
 * bigram's is that of (first * 0x9e3779b97f4a7c15 + second) with kind 'b':
 *   'g' w      every plain word (and negation word) of the text
 *   'b' u v    every pair of adjacent tokens, placeholders included
 *   'l' w      a word 1..STANCE_WINDOW tokens before a TARGET
 *   'r' w      a word 1..STANCE_WINDOW tokens after a TARGET
 *   'n' w      a word within 3 tokens after a negation
 *   'f' k      event facts (STANCE_F_*): FNV-1a 64 (seed, 'f') of the
 *              digit k, then as above with kind 'f'
 * Every occurrence counts 1; the value of each is 1/sqrt(total count), so
 * z_c = bias_c + sum(w_c) / sqrt(count) and p_c = sigmoid(z_c),
 * normalised over the classes as liblinear's predict_probability does.
 */
#ifndef NETRA_RULES_STANCE_H
#define NETRA_RULES_STANCE_H

#include <stddef.h>
#include <stdint.h>

#include "text/normalize.h"

#define STANCE_DIM_BITS 17
#define STANCE_DIM (1u << STANCE_DIM_BITS)
#define STANCE_SEED 0x7374616e6365ULL /* "stance"; part of the format */
#define STANCE_WINDOW 5
#define STANCE_NEG_SCOPE 3
#define STANCE_MIN_WORDS 3 /* fewer plain words: the judge asks no model */
#define STANCE_DEFAULT_MODEL "model/stance.model"

enum { STANCE_SUPPORT = 0, STANCE_ATTACK = 1, STANCE_NONE = 2,
       STANCE_NCLASS = 3 };

enum {
	STANCE_ROLE_WORD = 0,
	STANCE_ROLE_TARGET,
	STANCE_ROLE_OTHER,
	STANCE_ROLE_NEG
};

/* Event facts given to stance_walk() as bits. */
enum {
	STANCE_F_TAG_ONLY = 1,  /* every reference to the pair is a hashtag */
	STANCE_F_OTHERS = 2,    /* another pair is named too */
	STANCE_F_ACCOUNT = 4,   /* the pair is named by a campaign @account */
	STANCE_F_SHARED = 8,    /* the words are a shared (reposted) text */
	STANCE_F__COUNT = 4
};

/* fn(ctx, index, tok): one feature occurrence; tok is the index of the
 * token the feature is about (for explanations), or UINT32_MAX. */
typedef void (*stance_fn)(void *ctx, uint32_t index, uint32_t tok);

/* Walks the features of normalised text n with per-token roles
 * role[0..n->ntok). No allocation. */
void stance_walk(const struct text_norm *n, const uint8_t *role,
                 stance_fn fn, void *ctx);

/* The event-fact features (flags: STANCE_F_*). */
void stance_walk_flags(unsigned flags, stance_fn fn, void *ctx);

struct stance_model;

/* Loads a model written by stance_train(). *out is NULL on entry; free
 * with stance_free(). NETRA_EIO if unreadable, NETRA_EINVALID "path:line:
 * reason" if malformed, NETRA_ENOMEM. */
int stance_load(struct stance_model **out, const char *path);
void stance_free(struct stance_model *m);

/* Accumulates one event's score: stance_begin(), then stance_walk() and
 * stance_walk_flags() with stance_acc_fn, then stance_end() gives the
 * probabilities of the three classes. No allocation. */
struct stance_acc {
	const struct stance_model *m;
	double sum[STANCE_NCLASS];
	size_t count;
};
void stance_begin(struct stance_acc *a, const struct stance_model *m);
/* a stance_fn over a struct stance_acc: adds one feature's weights */
void stance_acc_fn(void *ctx, uint32_t index, uint32_t tok);
void stance_end(const struct stance_acc *a, double p[STANCE_NCLASS]);

/* The words of text n that weighed most toward class cls (given the
 * event's total feature count): up to max token indexes into top[],
 * heaviest first, only words with a positive weight. acc[0..n->ntok) is
 * the caller's scratch. Returns how many. */
size_t stance_top_words(const struct stance_model *m,
                        const struct text_norm *n, const uint8_t *role,
                        int cls, double *acc, uint32_t *top, size_t max);

/*
 * Training (stance_train.c; `netra model stance-train`).
 */
struct stance_train_opts {
	const char *data_dir;   /* netra data/ (lexicons, rulebook) */
	const char *shared_dir; /* ../shared (eval sets, data) */
	const char *out_path;   /* model file to write */
	const char *folds_path; /* fold assignment (data/model/stance.folds) */
	const char *exclude;    /* "SET:K": leave fold K of SET out, or NULL */
	int write_folds;        /* (re)write folds_path from the seed */
};

struct stance_train_report {
	size_t rows[STANCE_NCLASS]; /* training instances per class */
	size_t nnz;                 /* features with a non-zero weight */
	size_t skipped;             /* events the strict parser refused */
	char sha[24][65];           /* sha256 of each input file */
	const char *files[24];
	size_t nfiles;
};

int stance_train(const struct stance_train_opts *o,
                 struct stance_train_report *rep);

#endif
