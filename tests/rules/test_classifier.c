/*
 * tests/rules/test_classifier.c - the hate-speech classifier
 * (rules/classifier.h) with the committed model data/model/hate.model:
 * loading, deterministic scores, SARA hate speech written for this test
 * ranking above neutral posts, the feature hashing being stable (checked
 * against an independent FNV-1a), and malformed model files rejected.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netra/common.h"
#include "rules/classifier.h"
#include "rules/features.h"
#include "text/normalize.h"

static char model_path[4200];

static const char *data_dir(void)
{
	static char buf[4096];
	const char *d = getenv("NETRA_DATA"), *src = getenv("NETRA_SRC");

	if (d && *d)
		return d;
	snprintf(buf, sizeof(buf), "%s/data", src ? src : ".");
	return buf;
}

struct fx {
	struct classifier *c;
	struct text_lexicon *lex;
	struct text_norm n;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	snprintf(model_path, sizeof(model_path), "%s/%s", data_dir(),
		 CLASSIFIER_DEFAULT_MODEL);
	assert_int_equal(classifier_load(&f->c, model_path), 0);
	assert_int_equal(text_lexicon_load(&f->lex, data_dir()), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	classifier_free(f->c);
	text_lexicon_free(f->lex);
	text_norm_free(&f->n);
	free(f);
	return 0;
}

static double score(struct fx *f, const char *text)
{
	assert_int_equal(text_normalize(&f->n, f->lex, text, strlen(text)), 0);
	return classifier_score(f->c, f->n.buf, f->n.len);
}

static void test_load(void **state)
{
	struct fx *f = *state;

	assert_string_equal(classifier_label(f->c), "sara");
	assert_true(classifier_threshold(f->c) > 0.0);
	assert_true(classifier_threshold(f->c) < 1.0);
}

static void test_deterministic(void **state)
{
	struct fx *f = *state;
	const char *t = "Semua warga boleh ikut kerja bakti hari Minggu";
	double a = score(f, t), b = score(f, t), e;

	assert_true(a == b);
	assert_true(a > 0.0 && a < 1.0);
	/* An empty text gets the intercept alone. */
	e = classifier_score(f->c, " ", 1);
	assert_true(e > 0.0 && e < 1.0);
	assert_true(e == classifier_score(f->c, "", 0));
}

static const char *const hateful[] = {
	"Dasar kafir semua, usir mereka dari kampung kita!",
	"Orang Cina itu licik semua, jangan kasih tempat di negeri ini",
	"Kaum pendatang itu sampah, bikin rusak kota kita. Usir!",
	"Agama mereka sesat, pengikutnya harus dibasmi dari sini",
};

static const char *const neutral[] = {
	"Selamat pagi, hari ini saya masak nasi goreng untuk keluarga",
	"Jalan di depan kantor kelurahan sedang diperbaiki, hati-hati lewat",
	"Terima kasih untuk semua panitia lomba tujuh belasan tahun ini",
	"Jadwal posyandu bulan depan pindah ke hari Kamis ya ibu-ibu",
};

static void test_ranking(void **state)
{
	struct fx *f = *state;
	double min_h = 1, max_n = 0;
	size_t i;

	for (i = 0; i < sizeof(hateful) / sizeof(hateful[0]); i++) {
		double s = score(f, hateful[i]);

		print_message("hateful %.3f %s\n", s, hateful[i]);
		min_h = s < min_h ? s : min_h;
	}
	for (i = 0; i < sizeof(neutral) / sizeof(neutral[0]); i++) {
		double s = score(f, neutral[i]);

		print_message("neutral %.3f %s\n", s, neutral[i]);
		max_n = s > max_n ? s : max_n;
	}
	assert_true(min_h > max_n);
	assert_true(max_n < classifier_threshold(f->c));
}

/* --- features -------------------------------------------------------- */

struct rec {
	uint32_t idx[64];
	int block[64];
	size_t n;
};

static void rec_fn(void *ctx, uint32_t index, int block)
{
	struct rec *r = ctx;

	if (r->n < 64) {
		r->idx[r->n] = index;
		r->block[r->n] = block;
	}
	r->n++;
}

/* Independent FNV-1a 64 of (seed bytes little-endian, kind, s). */
static uint32_t ref_index(char kind, const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL, seed = FEAT_SEED;
	unsigned char buf[80];
	size_t n = 0, i;

	for (i = 0; i < 8; i++)
		buf[n++] = (unsigned char)(seed >> (8 * i));
	buf[n++] = (unsigned char)kind;
	for (i = 0; s[i]; i++)
		buf[n++] = (unsigned char)s[i];
	for (i = 0; i < n; i++) {
		h ^= buf[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 29;
	h ^= h >> 32;
	return (uint32_t)(h & (FEAT_DIM - 1));
}

static void test_features(void **state)
{
	struct rec r;

	(void)state;
	memset(&r, 0, sizeof(r));
	feat_walk(FEAT_SEED, FEAT_DIM_BITS, " ab cd ", 7, rec_fn, &r);
	/* ab: word, 3 char n-grams of " ab " (" ab", "ab ", " ab "); cd:
	 * word, bigram "ab cd", 3 char n-grams. */
	assert_int_equal(r.n, 9);
	assert_int_equal(r.idx[0], ref_index('w', "ab"));
	assert_int_equal(r.block[0], FEAT_BLOCK_WORD);
	assert_int_equal(r.idx[1], ref_index('c', " ab"));
	assert_int_equal(r.block[1], FEAT_BLOCK_CHAR);
	assert_int_equal(r.idx[2], ref_index('c', " ab "));
	assert_int_equal(r.idx[3], ref_index('c', "ab "));
	assert_int_equal(r.idx[4], ref_index('w', "cd"));
	assert_int_equal(r.idx[5], ref_index('b', "ab cd"));
	assert_int_equal(r.block[5], FEAT_BLOCK_WORD);
	/* Extra spaces do not change the features. */
	memset(&r, 0, sizeof(r));
	feat_walk(FEAT_SEED, FEAT_DIM_BITS, "ab   cd", 7, rec_fn, &r);
	assert_int_equal(r.n, 9);
	assert_int_equal(r.idx[5], ref_index('b', "ab cd"));
	/* Character n-grams are 3..5 bytes within " word ". */
	memset(&r, 0, sizeof(r));
	feat_walk(FEAT_SEED, FEAT_DIM_BITS, " abcdef ", 8, rec_fn, &r);
	assert_int_equal(r.n, 1 + 6 + 5 + 4);
}

/* --- malformed files ------------------------------------------------- */

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

static void test_malformed(void **state)
{
	static const char hdr[] =
		"netra-classifier 1\nlabel sara\ndim_bits 18\nseed 474413785705"
		"\nchar 3 5\nbias 0.5\nthreshold 0.3\nscale 0.001\nnnz 2\n"
		"data\n";
	char path[] = "/tmp/netra_test_modelXXXXXX", buf[512];
	struct classifier *c = NULL;
	int fd = mkstemp(path);
	size_t n = strlen(hdr);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	/* Valid: two weights, index 5 then 5 + 200 (varint 0xc8 0x01). */
	memcpy(buf, hdr, n);
	memcpy(buf + n, "\x05\x10\x00\xc8\x01\x20\x00", 7);
	write_file(path, buf, n + 7);
	assert_int_equal(classifier_load(&c, path), 0);
	assert_true(fabs(classifier_score(c, "", 0) -
			 1 / (1 + exp(-0.5))) < 1e-12);
	classifier_free(c);
	/* Truncated weights. */
	write_file(path, buf, n + 5);
	assert_int_equal(classifier_load(&c, path), NETRA_EINVALID);
	assert_null(c);
	/* Trailing bytes. */
	write_file(path, buf, n + 7);
	memcpy(buf + n + 7, "x", 1);
	write_file(path, buf, n + 8);
	assert_int_equal(classifier_load(&c, path), NETRA_EINVALID);
	/* Wrong version; not a model; missing header key. */
	write_file(path, "netra-classifier 9\ndata\n", 24);
	assert_int_equal(classifier_load(&c, path), NETRA_EINVALID);
	write_file(path, "hello\n", 6);
	assert_int_equal(classifier_load(&c, path), NETRA_EINVALID);
	write_file(path, "netra-classifier 1\nlabel x\ndata\n", 32);
	assert_int_equal(classifier_load(&c, path), NETRA_EINVALID);
	/* Index out of range (2^18 + 1 as one varint). */
	memcpy(buf, hdr, n);
	memcpy(buf + n, "\x81\x80\x10\x01\x00\x01\x01\x00", 8);
	write_file(path, buf, n + 8);
	assert_int_equal(classifier_load(&c, path), NETRA_EINVALID);
	unlink(path);
	assert_int_equal(classifier_load(&c, path), NETRA_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
