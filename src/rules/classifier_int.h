/*
 * rules/classifier_int.h - the classifier's struct and model-file format,
 * shared by classifier.c (load, score) and classifier_train.c (write).
 *
 * Model file (data/model/hate.model): a text header of "key value" lines,
 * then the weights in binary.
 *
 *   netra-classifier 1            magic and format version
 *   label sara                    what is predicted ("sara" or "hs")
 *   dim_bits 18                   feature space 2^dim_bits (features.h)
 *   seed 469853303393             hash seed (decimal)
 *   char 3 5                      char n-gram lengths (must match build)
 *   bias <double>                 intercept (%.17g, exact round trip)
 *   threshold <double>            decision threshold chosen on train split
 *   scale <double>                weight = int16 * scale
 *   nnz <N>                       number of non-zero weights
 *   data                          last header line; binary follows
 *
 * Binary part: N entries in increasing index order, each a LEB128 varint
 * of (index - previous index) (previous starts at 0, so the first is the
 * index itself) followed by the quantised weight as int16 little-endian.
 */
#ifndef NETRA_RULES_CLASSIFIER_INT_H
#define NETRA_RULES_CLASSIFIER_INT_H

#include <stddef.h>
#include <stdint.h>

#define CLASSIFIER_MAGIC "netra-classifier"
#define CLASSIFIER_VERSION 1

struct classifier {
	float *w;           /* 2^bits dense weights */
	unsigned bits;
	uint64_t seed;
	double bias;
	double threshold;
	char label[16];
};

/* classifier_train.c, shared with the stance trainer (stance_train.c):
 * one re_dataset.csv text decoded to UTF-8 in out (literal \xNN escapes to
 * bytes, \n to a space, USER/URL/RT removed, other bytes read as
 * Latin-1; tmp is scratch), a file's sha256 in hex, and the seeded
 * generator. */
struct sbuf;
int classifier_decode_tweet(struct sbuf *out, struct sbuf *tmp,
			    const char *s, size_t n);
int classifier_file_sha256(char hex[65], const char *path);
/* splitmix64: the seeded generator of the trainers' splits and folds */
uint64_t classifier_splitmix64(uint64_t *s);

#endif
