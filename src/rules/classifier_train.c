/*
 * rules/classifier_train.c - `netra model train`: reads the Ibrohim & Budi
 * (2019) Indonesian hate-speech tweets, normalises them with the engine's
 * own text pipeline, hashes features (features.h), tunes liblinear's C by
 * 3-fold cross-validation on a seeded 80% training split, trains L2-
 * regularised logistic regression, writes a quantised model file
 * (classifier_int.h) and reports metrics of that very file on the 20%
 * held-out split. Deterministic: same data, seed and lexicon give the same
 * bytes. With a fold file (committed ids, data/model/folds-*.txt) it also
 * cross-validates the whole procedure: for each fold, C and the threshold
 * are tuned and the model trained on the other folds only, then scored
 * on that fold.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linear.h>
#include <sodium.h>

#include "rules/classifier.h"
#include "rules/classifier_int.h"
#include "rules/features.h"
#include "text/normalize.h"
#include "util/csv.h"
#include "util/datadir.h"
#include "util/error.h"
#include "util/sbuf.h"
#include "util/vec.h"


#define TRAIN_FOLDS 3
#define TEST_PERCENT 20
#define CV_MAX_FOLDS 100

static const double c_grid[] = {0.5, 1, 2, 4, 8, 16};

struct row {
	size_t off;   /* first node in pool */
	size_t toff;  /* normalised text in texts */
	size_t tlen;
	int y;        /* +1 / -1 */
};

struct dataset {
	VEC(struct feature_node) pool;
	VEC(struct row) rows;
	struct sbuf texts;
	VEC(uint32_t) occ;     /* scratch: feature occurrences of one row */
	size_t nocc[2];
};

/* --- decoding the dataset's text ------------------------------------ */

/* Length of a valid UTF-8 sequence at p (>= 0x80 lead), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t need, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		need = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 4;
	else
		return 0;
	if (n < need)
		return 0;
	for (i = 1; i < need; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return need;
}

static int isalnum_ascii(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z');
}

/* Length of a placeholder word (USER, URL, RT) at p, or 0. */
static size_t placeholder_len(const unsigned char *p, size_t n)
{
	static const char *const words[] = {"USER", "URL", "RT"};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t k = strlen(words[i]);

		if (n >= k && memcmp(p, words[i], k) == 0 &&
		    (n == k || !isalnum_ascii(p[k])))
			return k;
	}
	return 0;
}

/* Undoes the dataset's literal escapes ("\xf0\x9f..." and "\n") into raw
 * bytes, replaces the placeholder words USER, URL and RT by spaces (real
 * posts carry @handles and links, which the normaliser treats itself),
 * then re-encodes: valid UTF-8 sequences are kept, any other byte >= 0x80
 * is read as Latin-1. */
int classifier_decode_tweet(struct sbuf *out, struct sbuf *tmp,
			    const char *s, size_t n)
{
	const unsigned char *p;
	size_t i;
	int rc = 0;

	sbuf_clear(tmp);
	sbuf_clear(out);
	for (i = 0; i < n && !rc; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    sbuf_hex_value(s[i + 2]) >= 0 && sbuf_hex_value(s[i + 3]) >= 0) {
			rc = sbuf_putc(tmp, (char)(sbuf_hex_value(s[i + 2]) * 16 +
						   sbuf_hex_value(s[i + 3])));
			i += 3;
		} else if (s[i] == '\\' && i + 1 < n && s[i + 1] == 'n') {
			rc = sbuf_putc(tmp, ' ');
			i++;
		} else {
			rc = sbuf_putc(tmp, s[i]);
		}
	}
	if (rc || sbuf_putc(tmp, '\0'))
		return err_oom();
	p = (const unsigned char *)tmp->data;
	n = tmp->len - 1;
	for (i = 0; i < n && !rc;) {
		size_t k;

		if ((i == 0 || !isalnum_ascii(p[i - 1])) &&
		    (k = placeholder_len(p + i, n - i)) > 0) {
			rc = sbuf_putc(out, ' ');
			i += k;
		} else if (p[i] < 0x80) {
			rc = sbuf_putc(out, (char)p[i++]);
		} else if ((k = utf8_seq(p + i, n - i)) > 0) {
			rc = sbuf_append(out, p + i, k);
			i += k;
		} else {
			rc = sbuf_putc(out, (char)(0xc0 | (p[i] >> 6)));
			rc = rc ? rc : sbuf_putc(out, (char)(0x80 | (p[i] & 0x3f)));
			i++;
		}
	}
	if (rc || sbuf_putc(out, '\0'))
		return err_oom();
	out->len--;
	return 0;
}

/* --- features of one row --------------------------------------------- */

static void collect_fn(void *ctx, uint32_t index, int block)
{
	struct dataset *d = ctx;

	/* The block rides in the top bit; FEAT_DIM_BITS < 31. */
	if (VEC_PUSH(&d->occ, index | ((uint32_t)block << 31)) == 0)
		d->nocc[block]++;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Appends the row's sparse vector (1-based indexes, ascending, merged
 * duplicates, then the bias node and the -1 terminator) to d->pool. */
static int add_features(struct dataset *d, const char *norm, size_t len)
{
	double scale[2];
	size_t i, nocc;
	int b;

	VEC_CLEAR(&d->occ);
	d->nocc[0] = d->nocc[1] = 0;
	feat_walk(FEAT_SEED, FEAT_DIM_BITS, norm, len, collect_fn, d);
	nocc = d->nocc[0] + d->nocc[1];
	if (d->occ.len != nocc)
		return err_oom();
	for (b = 0; b < 2; b++)
		scale[b] = d->nocc[b] ? M_SQRT1_2 / sqrt((double)d->nocc[b])
				      : 0;
	qsort(d->occ.items, d->occ.len, sizeof(uint32_t), cmp_u32);
	/* Sorting by (block, index) groups equal features; merge them into
	 * (index) order afterwards by a second sort on the nodes. */
	for (i = 0; i < d->occ.len;) {
		uint32_t v = d->occ.items[i];
		size_t j = i;
		struct feature_node fn;

		while (j < d->occ.len && d->occ.items[j] == v)
			j++;
		b = (int)(v >> 31);
		fn.index = (int)(v & 0x7fffffffu) + 1;
		fn.value = (double)(j - i) * scale[b];
		if (VEC_PUSH(&d->pool, fn))
			return err_oom();
		i = j;
	}
	return 0;
}

static int cmp_node(const void *a, const void *b)
{
	const struct feature_node *x = a, *y = b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts the row's nodes [off, end) by index, merging a word and a char
 * feature that hash to the same index, and terminates the row. */
static int finish_row(struct dataset *d, size_t off)
{
	struct feature_node *v = d->pool.items + off;
	size_t n = d->pool.len - off, i, k = 0;
	struct feature_node bias = {FEAT_DIM + 1, 1.0}, end = {-1, 0};

	qsort(v, n, sizeof(*v), cmp_node);
	for (i = 0; i < n; i++) {
		if (k > 0 && v[k - 1].index == v[i].index)
			v[k - 1].value += v[i].value;
		else
			v[k++] = v[i];
	}
	d->pool.len = off + k;
	if (VEC_PUSH(&d->pool, bias) || VEC_PUSH(&d->pool, end))
		return err_oom();
	return 0;
}

/* --- reading the dataset --------------------------------------------- */

int classifier_file_sha256(char hex[65], const char *path)
{
	crypto_hash_sha256_state st;
	unsigned char buf[65536], h[32];
	size_t n, i;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	crypto_hash_sha256_init(&st);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crypto_hash_sha256_update(&st, buf, n);
	crypto_hash_sha256_final(&st, h);
	fclose(f);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	return 0;
}

/* Column indexes of the labels we read. */
struct columns {
	int text, hs, group, religion, race;
};

static int find_columns(struct columns *c, const struct csv_row *r,
			const char *path)
{
	size_t i;

	c->text = c->hs = c->group = c->religion = c->race = -1;
	for (i = 0; i < r->count; i++) {
		const char *f = r->fields[i];

		if (strcmp(f, "Tweet") == 0)
			c->text = (int)i;
		else if (strcmp(f, "HS") == 0)
			c->hs = (int)i;
		else if (strcmp(f, "HS_Group") == 0)
			c->group = (int)i;
		else if (strcmp(f, "HS_Religion") == 0)
			c->religion = (int)i;
		else if (strcmp(f, "HS_Race") == 0)
			c->race = (int)i;
	}
	if (c->text < 0 || c->hs < 0 || c->group < 0 || c->religion < 0 ||
	    c->race < 0)
		return err_set(NETRA_EINVALID, "%s:1: expected columns Tweet, "
			       "HS, HS_Group, HS_Religion, HS_Race", path);
	return 0;
}

/* +1 / -1, or 0 if the row is too short. */
static int label_of(const struct csv_row *r, const struct columns *c,
		    int sara)
{
	int flag = 0;

	if ((size_t)c->race >= r->count || (size_t)c->hs >= r->count ||
	    (size_t)c->group >= r->count || (size_t)c->religion >= r->count)
		return 0;
	if (sara)
		flag = r->fields[c->group][0] == '1' ||
		       r->fields[c->religion][0] == '1' ||
		       r->fields[c->race][0] == '1';
	else
		flag = r->fields[c->hs][0] == '1';
	return flag ? 1 : -1;
}

struct reader {
	struct dataset *d;
	const struct text_lexicon *lex;
	struct text_norm norm;
	struct sbuf dec, tmp;
};

static int add_row(struct reader *rd, const char *text, size_t len, int y)
{
	struct dataset *d = rd->d;
	struct row row;
	int rc;

	rc = classifier_decode_tweet(&rd->dec, &rd->tmp, text, len);
	if (!rc)
		rc = text_normalize(&rd->norm, rd->lex, rd->dec.data,
				    rd->dec.len);
	if (rc)
		return rc;
	row.off = d->pool.len;
	row.toff = d->texts.len;
	row.tlen = rd->norm.len;
	row.y = y;
	if (sbuf_append(&d->texts, rd->norm.buf, rd->norm.len) ||
	    sbuf_putc(&d->texts, '\0'))
		return err_oom();
	rc = add_features(d, rd->norm.buf, rd->norm.len);
	if (!rc)
		rc = finish_row(d, row.off);
	if (!rc && VEC_PUSH(&d->rows, row))
		rc = err_oom();
	return rc;
}

static int read_dataset(struct dataset *d, const char *path,
			const struct text_lexicon *lex, int sara)
{
	struct reader rd = {d, lex, {0}, SBUF_INIT, SBUF_INIT};
	struct csv_reader *cr = NULL;
	struct csv_row r;
	struct columns cols;
	FILE *f;
	int rc, got;

	f = fopen(path, "rb");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	rc = csv_open(&cr, f, path);
	if (rc)
		goto done;
	got = csv_next(cr, &r);
	if (got <= 0) {
		rc = got < 0 ? got : err_set(NETRA_EINVALID, "%s: empty", path);
		goto done;
	}
	rc = find_columns(&cols, &r, path);
	while (!rc && (got = csv_next(cr, &r)) != 0) {
		int y;

		if (got < 0) {
			rc = got;
			break;
		}
		y = label_of(&r, &cols, sara);
		if (y == 0 || (size_t)cols.text >= r.count) {
			rc = err_set(NETRA_EINVALID, "%s:%zu: short row", path,
				     r.line);
			break;
		}
		rc = add_row(&rd, r.fields[cols.text], r.lens[cols.text], y);
	}
done:
	csv_close(cr);
	fclose(f);
	text_norm_free(&rd.norm);
	sbuf_free(&rd.dec);
	sbuf_free(&rd.tmp);
	return rc;
}

/* --- training and evaluation ----------------------------------------- */

uint64_t classifier_splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A seeded Fisher-Yates permutation of 0..n-1 (caller frees). */
static size_t *shuffled(size_t n, uint64_t seed)
{
	size_t *p = malloc((n ? n : 1) * sizeof(*p)), i;

	if (!p)
		return NULL;
	for (i = 0; i < n; i++)
		p[i] = i;
	for (i = n; i > 1; i--) {
		size_t j = (size_t)(classifier_splitmix64(&seed) % i);
		size_t t = p[i - 1];

		p[i - 1] = p[j];
		p[j] = t;
	}
	return p;
}

static void quiet(const char *s)
{
	(void)s;
}

struct trainer {
	struct dataset *d;
	struct feature_node **x; /* per row */
	size_t *train, ntrain;   /* row indexes */
	size_t *test, ntest;
	int verbose;
};

/* Trains on rows idx[0..n) except those with (k % folds) == fold (fold <
 * 0: all). Returns the model (free_and_destroy_model) or NULL. */
static struct model *fit(const struct trainer *t, const size_t *idx,
			 size_t n, int fold, double c)
{
	struct problem prob;
	struct parameter par;
	struct model *m = NULL;
	size_t k, l = 0;

	memset(&par, 0, sizeof(par));
	par.solver_type = L2R_LR;
	par.eps = 0.01;
	par.C = c;
	prob.n = (int)FEAT_DIM + 1;
	prob.bias = 1;
	prob.x = malloc((n ? n : 1) * sizeof(*prob.x));
	prob.y = malloc((n ? n : 1) * sizeof(*prob.y));
	if (prob.x && prob.y) {
		for (k = 0; k < n; k++) {
			if (fold >= 0 && (int)(k % TRAIN_FOLDS) == fold)
				continue;
			prob.x[l] = t->x[idx[k]];
			prob.y[l++] = t->d->rows.items[idx[k]].y;
		}
		prob.l = (int)l;
		m = train(&prob, &par);
	}
	free(prob.x);
	free(prob.y);
	return m;
}

static double prob_of(const struct model *m, const struct feature_node *x)
{
	double dec = 0;

	predict_values(m, x, &dec);
	if (m->label[0] != 1)
		dec = -dec;
	return 1.0 / (1.0 + exp(-dec));
}

struct pr {
	size_t tp, fp, fn, tn;
};

static void pr_add(struct pr *s, double p, double thr, int y)
{
	int pred = p >= thr;

	if (pred && y > 0)
		s->tp++;
	else if (pred)
		s->fp++;
	else if (y > 0)
		s->fn++;
	else
		s->tn++;
}

static double pr_f1(const struct pr *s)
{
	double d = 2.0 * s->tp + s->fp + s->fn;

	return d > 0 ? 2.0 * s->tp / d : 0;
}

/* The threshold on a 0.01 grid with the best F1 over (probs, rows). */
static double best_threshold(const double *probs, const struct trainer *t,
			     double *f1)
{
	double best = 0.5, bf = -1;
	int g;

	for (g = 5; g <= 95; g++) {
		struct pr s = {0, 0, 0, 0};
		size_t k;

		for (k = 0; k < t->ntrain; k++)
			pr_add(&s, probs[k], g / 100.0,
			       t->d->rows.items[t->train[k]].y);
		if (pr_f1(&s) > bf + 1e-12) {
			bf = pr_f1(&s);
			best = g / 100.0;
		}
	}
	*f1 = bf;
	return best;
}

/* Cross-validates each C of c_grid on the training split; picks the C
 * and threshold with the best out-of-fold F1. */
static int tune(const struct trainer *t, double *best_c, double *best_thr)
{
	double *probs = malloc((t->ntrain ? t->ntrain : 1) * sizeof(double));
	double bf = -1;
	size_t gi, k;
	int fold;

	if (!probs)
		return err_oom();
	for (gi = 0; gi < sizeof(c_grid) / sizeof(c_grid[0]); gi++) {
		double f1, thr;

		for (fold = 0; fold < TRAIN_FOLDS; fold++) {
			struct model *m = fit(t, t->train, t->ntrain, fold,
					      c_grid[gi]);

			if (!m) {
				free(probs);
				return err_oom();
			}
			for (k = fold; k < t->ntrain; k += TRAIN_FOLDS)
				probs[k] = prob_of(m, t->x[t->train[k]]);
			free_and_destroy_model(&m);
		}
		thr = best_threshold(probs, t, &f1);
		if (t->verbose)
			fprintf(stderr, "  C=%g: cv F1 %.4f at threshold %.2f\n",
				c_grid[gi], f1, thr);
		if (f1 > bf + 1e-12) {
			bf = f1;
			*best_c = c_grid[gi];
			*best_thr = thr;
		}
	}
	free(probs);
	return 0;
}

/* Writes m (quantised) as a model file; *nnz gets the weights kept. */
static int write_model(const struct model *m, const char *path,
		       const char *label, double thr, size_t *nnz)
{
	double sign = m->label[0] == 1 ? 1 : -1, maxw = 0, scale;
	struct sbuf b = SBUF_INIT;
	size_t j, prev = 0;
	FILE *f = NULL;
	int rc = 0;

	*nnz = 0;
	for (j = 0; j < FEAT_DIM; j++)
		if (fabs(m->w[j]) > maxw)
			maxw = fabs(m->w[j]);
	scale = maxw > 0 ? maxw / 32767.0 : 1;
	for (j = 0; j < FEAT_DIM && !rc; j++) {
		long q = lround(sign * m->w[j] / scale);
		size_t d = j - prev;

		if (q == 0)
			continue;
		while (d >= 0x80 && !rc) {
			rc = sbuf_putc(&b, (char)(0x80 | (d & 0x7f)));
			d >>= 7;
		}
		rc = rc ? rc : sbuf_putc(&b, (char)d);
		rc = rc ? rc : sbuf_putc(&b, (char)(q & 0xff));
		rc = rc ? rc : sbuf_putc(&b, (char)((q >> 8) & 0xff));
		prev = j;
		(*nnz)++;
	}
	if (rc)
		goto done;
	f = fopen(path, "wb");
	if (!f) {
		rc = err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	fprintf(f, CLASSIFIER_MAGIC " %d\nlabel %s\ndim_bits %d\nseed %"
		PRIu64 "\nchar %d %d\nbias %.17g\nthreshold %.17g\n"
		"scale %.17g\nnnz %zu\ndata\n", CLASSIFIER_VERSION, label,
		FEAT_DIM_BITS, (uint64_t)FEAT_SEED, FEAT_CHAR_MIN,
		FEAT_CHAR_MAX, sign * m->w[FEAT_DIM] * 1.0, thr, scale, *nnz);
	if (b.len)
		fwrite(b.data, 1, b.len, f);
	if (ferror(f) | (fclose(f) != 0))
		rc = err_set(NETRA_EIO, "%s: write error", path);
	f = NULL;
done:
	sbuf_free(&b);
	return rc;
}

/* Scores the held-out rows with the written model file itself. */
static int evaluate(const struct trainer *t, const char *path,
		    struct classifier_metrics *mt)
{
	struct classifier *c = NULL;
	struct pr s = {0, 0, 0, 0}, s5 = {0, 0, 0, 0};
	size_t k;
	int rc = classifier_load(&c, path);

	if (rc)
		return rc;
	for (k = 0; k < t->ntest; k++) {
		const struct row *r = &t->d->rows.items[t->test[k]];
		double p = classifier_score(c, t->d->texts.data + r->toff,
					    r->tlen);

		pr_add(&s, p, c->threshold, r->y);
		pr_add(&s5, p, 0.5, r->y);
	}
	mt->precision = s.tp + s.fp ? (double)s.tp / (s.tp + s.fp) : 0;
	mt->recall = s.tp + s.fn ? (double)s.tp / (s.tp + s.fn) : 0;
	mt->f1 = pr_f1(&s);
	mt->accuracy = t->ntest ? (double)(s.tp + s.tn) / t->ntest : 0;
	mt->accuracy_05 = t->ntest ? (double)(s5.tp + s5.tn) / t->ntest : 0;
	classifier_free(c);
	return 0;
}

/* Reads the fold file: one "ROW FOLD" per line ('#' comments), ROW the
 * 1-based data row of the CSV (header not counted), FOLD 0..k-1; every
 * row exactly once. fold[n] gets the folds, *k their number. */
static int read_folds(const char *path, int *fold, size_t n, int *k)
{
	FILE *f = fopen(path, "r");
	char line[128];
	size_t ln = 0, seen = 0;
	int rc = 0;

	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	memset(fold, 0xff, n * sizeof(*fold));
	*k = 0;
	while (!rc && fgets(line, sizeof(line), f)) {
		unsigned long row;
		int fo, used = 0;

		ln++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%lu %d %n", &row, &fo, &used) != 2 ||
		    line[used] != '\0' || row < 1 || row > n || fo < 0 ||
		    fo >= CV_MAX_FOLDS)
			rc = err_set(NETRA_EINVALID, "%s:%zu: expected ROW (1-%zu)"
				     " FOLD (0-%d)", path, ln, n,
				     CV_MAX_FOLDS - 1);
		else if (fold[row - 1] >= 0)
			rc = err_set(NETRA_EINVALID, "%s:%zu: row %lu again",
				     path, ln, row);
		else {
			fold[row - 1] = fo;
			seen++;
			if (fo + 1 > *k)
				*k = fo + 1;
		}
	}
	fclose(f);
	if (!rc && seen != n)
		rc = err_set(NETRA_EINVALID, "%s: %zu of the %zu rows have a "
			     "fold", path, seen, n);
	if (!rc && *k < 2)
		rc = err_set(NETRA_EINVALID, "%s: fewer than 2 folds", path);
	return rc;
}

/* Cross-validates the training procedure over the nf folds of fold[]
 * (read_folds): each fold is scored by a model whose C, threshold and
 * weights were chosen on the other folds only (in memory, unquantised). */
static int cross_validate(struct trainer *t, const int *fold, int nf,
			  struct classifier_metrics *mt)
{
	size_t n = t->d->rows.len, k, a, b;
	size_t *order = malloc((n ? n : 1) * sizeof(*order));
	int fo, rc = 0;
	struct pr all = {0, 0, 0, 0};

	if (!order)
		return err_oom();
	mt->cv_f1_min = 1;
	mt->cv_f1_max = 0;
	for (fo = 0; !rc && fo < nf; fo++) {
		struct pr s = {0, 0, 0, 0};
		struct model *m = NULL;
		double c = 1, thr = 0.5;

		for (k = 0, a = 0, b = n; k < n; k++)
			if (fold[k] == fo)
				order[--b] = k; /* test rows at the end */
			else
				order[a++] = k;
		t->train = order;
		t->ntrain = a;
		t->test = order + b;
		t->ntest = n - b;
		rc = tune(t, &c, &thr);
		if (!rc && !(m = fit(t, t->train, t->ntrain, -1, c)))
			rc = err_oom();
		for (k = 0; !rc && k < t->ntest; k++) {
			int y = t->d->rows.items[t->test[k]].y;
			double p = prob_of(m, t->x[t->test[k]]);

			pr_add(&s, p, thr, y);
			pr_add(&all, p, thr, y);
		}
		free_and_destroy_model(&m);
		if (rc)
			break;
		if (pr_f1(&s) < mt->cv_f1_min)
			mt->cv_f1_min = pr_f1(&s);
		if (pr_f1(&s) > mt->cv_f1_max)
			mt->cv_f1_max = pr_f1(&s);
		if (t->verbose)
			fprintf(stderr, "fold %d: %zu rows, C=%g threshold %.2f "
				"F1 %.4f\n", fo, t->ntest, c, thr, pr_f1(&s));
	}
	if (!rc) {
		mt->cv_folds = nf;
		mt->cv_precision = all.tp + all.fp ?
				   (double)all.tp / (all.tp + all.fp) : 0;
		mt->cv_recall = all.tp + all.fn ?
				(double)all.tp / (all.tp + all.fn) : 0;
		mt->cv_f1 = pr_f1(&all);
	}
	free(order);
	return rc;
}

static int run(struct trainer *t, const struct classifier_train_opts *o,
	       const char *label, struct classifier_metrics *mt)
{
	struct model *m = NULL;
	size_t k, *perm = shuffled(t->d->rows.len, o->seed);
	int rc = 0, *fold = NULL, nf = 0;

	t->x = malloc((t->d->rows.len + 1) * sizeof(*t->x));
	if (o->folds_path &&
	    !(fold = malloc((t->d->rows.len + 1) * sizeof(*fold))))
		rc = err_oom();
	/* a bad fold file fails before the model file is touched */
	if (!rc && fold)
		rc = read_folds(o->folds_path, fold, t->d->rows.len, &nf);
	if (rc || !perm || !t->x) {
		free(perm);
		free(fold);
		free(t->x);
		return rc ? rc : err_oom();
	}
	for (k = 0; k < t->d->rows.len; k++)
		t->x[k] = t->d->pool.items + t->d->rows.items[k].off;
	t->ntest = t->d->rows.len * TEST_PERCENT / 100;
	t->test = perm;
	t->train = perm + t->ntest;
	t->ntrain = t->d->rows.len - t->ntest;
	mt->n_train = t->ntrain;
	mt->n_test = t->ntest;
	set_print_string_function(quiet);
	rc = tune(t, &mt->c, &mt->threshold);
	if (!rc && !(m = fit(t, t->train, t->ntrain, -1, mt->c)))
		rc = err_oom();
	if (!rc)
		rc = write_model(m, o->out_path, label, mt->threshold,
				 &mt->n_features);
	if (!rc)
		rc = evaluate(t, o->out_path, mt);
	if (!rc && fold)
		rc = cross_validate(t, fold, nf, mt);
	free_and_destroy_model(&m);
	free(fold);
	free(t->x);
	free(perm);
	return rc;
}

int classifier_train(const struct classifier_train_opts *o,
		     struct classifier_metrics *metrics)
{
	struct dataset d = {VEC_INIT, VEC_INIT, SBUF_INIT, VEC_INIT, {0, 0}};
	struct text_lexicon *lex = NULL;
	struct classifier_metrics mt;
	struct trainer t;
	const char *label = o->label ? o->label : "sara";
	int sara = strcmp(label, "sara") == 0, rc;

	memset(&mt, 0, sizeof(mt));
	memset(&t, 0, sizeof(t));
	if (!sara && strcmp(label, "hs") != 0)
		return err_set(NETRA_EINVALID, "unknown label '%s' (sara, hs)",
			       label);
	rc = classifier_file_sha256(mt.dataset_sha256, o->data_path);
	if (!rc)
		rc = text_lexicon_load(&lex, o->data_dir ? o->data_dir
							 : datadir_get());
	if (!rc)
		rc = read_dataset(&d, o->data_path, lex, sara);
	if (!rc && o->verbose)
		fprintf(stderr, "read %zu rows, %zu feature nodes\n",
			d.rows.len, d.pool.len);
	t.d = &d;
	t.verbose = o->verbose;
	if (!rc)
		rc = run(&t, o, label, &mt);
	if (!rc && metrics)
		*metrics = mt;
	text_lexicon_free(lex);
	VEC_FREE(&d.pool);
	VEC_FREE(&d.rows);
	VEC_FREE(&d.occ);
	sbuf_free(&d.texts);
	return rc;
}
