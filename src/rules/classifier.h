/*
 * rules/classifier.h - the hate-speech classifier: a logistic-regression
 * model (trained with liblinear by `netra model train`) over hashed word
 * uni/bigrams and character 3-5-grams of *normalised* text (the " tok tok "
 * buffer of text/normalize.h). The engine loads data/model/hate.model once
 * and scores every event with it; the judge turns the probability into a
 * hate_speech signal together with the SARA lexicon.
 *
 * A loaded classifier is read-only: share it between threads freely.
 * Scoring allocates nothing and needs no scratch.
 */
#ifndef NETRA_RULES_CLASSIFIER_H
#define NETRA_RULES_CLASSIFIER_H

#include <stddef.h>
#include <stdint.h>

struct classifier;

/* Default model path relative to the data directory. */
#define CLASSIFIER_DEFAULT_MODEL "model/hate.model"

/* Loads a model file written by classifier_train(). *out is freed with
 * classifier_free(). NETRA_EIO if unreadable, NETRA_EINVALID (with
 * "path: reason") if malformed or of an unknown version. */
int classifier_load(struct classifier **out, const char *path);

/* Frees a classifier; accepts NULL. */
void classifier_free(struct classifier *c);

/* Probability (0..1) that the normalised text norm[0..len) is hate speech
 * in the sense the model was trained for (see classifier_label()).
 * norm need not be NUL-terminated. Deterministic; thread-safe. */
double classifier_score(const struct classifier *c, const char *norm,
			size_t len);

/* The decision threshold chosen at training time (maximum F1 on the
 * training split's own cross-validation, never on the held-out split).
 * The judge may use it or a stricter value from the rulebook. */
double classifier_threshold(const struct classifier *c);

/* What the model predicts: "sara" (HS_Religion|HS_Race|HS_Group) or "hs"
 * (any hate speech). Static storage inside c. */
const char *classifier_label(const struct classifier *c);

/*
 * Training (used by `netra model train` and the retrain test).
 */
struct classifier_train_opts {
	const char *data_path;   /* re_dataset.csv (latin-1/mixed) */
	const char *out_path;    /* model file to write */
	const char *data_dir;    /* netra data/ (slang lexicon for normalising) */
	const char *label;       /* "sara" (default) or "hs" */
	uint64_t seed;           /* split seed (default 2019) */
	int verbose;             /* print progress and metrics to stderr */
	const char *folds_path;  /* NULL, or a fold assignment ("ROW FOLD"
	                            per line, data/model/folds-*.txt): also
	                            cross-validate over those folds */
};

/* Held-out metrics of a training run. */
struct classifier_metrics {
	size_t n_train, n_test, n_features; /* rows; non-zero weights */
	double c;                           /* chosen liblinear C */
	double threshold;                   /* chosen on the train split */
	double precision, recall, f1, accuracy; /* test split, at threshold */
	double accuracy_05;                 /* test accuracy at p >= 0.5 */
	int cv_folds;                       /* 0, or folds cross-validated */
	double cv_precision, cv_recall, cv_f1; /* pooled over the folds */
	double cv_f1_min, cv_f1_max;        /* of the single folds */
	char dataset_sha256[65];
};

/* Trains on opts->data_path, evaluates on the held-out split, writes the
 * model to opts->out_path and fills *metrics (may be NULL). Deterministic:
 * the same inputs give a byte-identical file. */
int classifier_train(const struct classifier_train_opts *opts,
		     struct classifier_metrics *metrics);

#endif
