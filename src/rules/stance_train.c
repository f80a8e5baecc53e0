/*
 * rules/stance_train.c - `netra model stance-train`: trains the stance
 * model (stance.h) and writes data/model/stance.model.
 *
 * Every instance is (an event, a pair it names, support | attack | none),
 * turned into features by the engine itself: the event is judged with its
 * election's profile and the default rulebook, and judge_stance_walk()
 * walks the features of the pair exactly as the judge will. Sources:
 *   - labelled sets (STANCE_SETS: ../shared/eval/real/pilkada-dki-2017,
 *     ../shared/eval/dev, dev2): an event labelled support or attack of
 *     pair N is that class for N; an event labelled none is 'none' for
 *     every pair it names; other events are not used;
 *   - distant supervision (../shared/data/ibrohim2019/re_dataset.csv): a
 *     tweet with #2019GantiPresiden attacks the incumbent of 2017-2018,
 *     one with #2019TetapJokowi supports him; the hashtag (the label) is
 *     replaced by the pair's own neutral hashtag from
 *     data/model/stance-distant.yaml, so the tweet names its target but
 *     the label's words are gone;
 *   - the InSet lexicon (../shared/data/inset): every entry of weight
 *     w >= 4 or w <= -5 as a two-token instance "<pair> entry", support
 *     if w > 0, attack if w < 0, so the words' polarity becomes learned
 *     weights (only the weights ship).
 * liblinear L2R_LR (one-vs-rest over the three classes, bias term,
 * deterministic), weights quantised to integers (stance.c's format).
 * --exclude-fold SET:K leaves out the events of fold K of SET (fold
 * assignment: data/model/stance.folds, ids only) for cross-validation.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <linear.h>

#include "netra/ingest.h"
#include "rules/classifier_int.h"
#include "rules/engine_int.h"
#include "rules/stance.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/sbuf.h"
#include "util/vec.h"

#define STANCE_C 0.5
#define STANCE_FOLDS 10
#define STANCE_FOLD_SEED 2017
/* InSet entries used: weights >= 4 (1,050 entries) and <= -5 (1,215),
 * about as many of each class (all |w| >= 3 would be 2,403 positive
 * against 5,768 negative and tilt every unknown word toward attack) */
#define INSET_MIN_POS 4
#define INSET_MIN_NEG 5

/* folder relative to --shared, or, starting with '@', to the source tree
 * (the parent of --data-dir) */
static const char *const STANCE_SETS[][2] = {
    {"pilkada-dki-2017", "eval/real/pilkada-dki-2017"},
    {"dev", "eval/dev"},
    {"dev2", "eval/dev2"},
    {"redteam", "@tests/integration/fixtures/redteam"},
    {"redteam2", "@tests/integration/fixtures/redteam2"},
    {"redteam3", "@tests/integration/fixtures/redteam3"},
    {"redteam4", "@tests/integration/fixtures/redteam4"},
    {"redteam5", "@tests/integration/fixtures/redteam5"},
    {"redteam6", "@tests/integration/fixtures/redteam6"},
    {"redteam7", "@tests/integration/fixtures/redteam7"},
    {"redteam8", "@tests/integration/fixtures/redteam8"},
    {"redteam9", "@tests/integration/fixtures/redteam9"},
    {"redteam10", "@tests/integration/fixtures/redteam10"},
    {"redteam11", "@tests/integration/fixtures/redteam11"},
    {"redteam12", "@tests/integration/fixtures/redteam12"},
    {"redteam13", "@tests/integration/fixtures/redteam13"},
    {"redteam14", "@tests/integration/fixtures/redteam14"},
};
#define NSETS (sizeof(STANCE_SETS) / sizeof(*STANCE_SETS))

struct tset {
	VEC(struct feature_node) pool;
	VEC(size_t) off; /* first node of each row */
	VEC(double) y;
	VEC(uint32_t) occ; /* scratch: one instance's feature indexes */
	int oom;
	size_t rows[STANCE_NCLASS];
};

static void occ_fn(void *ctx, uint32_t index, uint32_t tok)
{
	struct tset *t = ctx;

	(void)tok;
	if (VEC_PUSH(&t->occ, index))
		t->oom = 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Turns t->occ into one row: sorted unique indexes, value count /
 * sqrt(total), then the bias node and the terminator. */
static int finish_row(struct tset *t, int cls)
{
	size_t i, n = t->occ.len;
	double s;

	if (t->oom)
		return err_oom();
	if (!n)
		return 0;
	qsort(t->occ.items, n, sizeof(uint32_t), cmp_u32);
	s = 1.0 / sqrt((double)n);
	if (VEC_PUSH(&t->off, t->pool.len) || VEC_PUSH(&t->y, (double)cls))
		return err_oom();
	for (i = 0; i < n;) {
		size_t k = i;
		struct feature_node fn;

		while (k < n && t->occ.items[k] == t->occ.items[i])
			k++;
		fn.index = (int)t->occ.items[i] + 1;
		fn.value = (double)(k - i) * s;
		if (VEC_PUSH(&t->pool, fn))
			return err_oom();
		i = k;
	}
	{
		struct feature_node b = {(int)STANCE_DIM + 1, 1.0};
		struct feature_node end = {-1, 0};

		if (VEC_PUSH(&t->pool, b) || VEC_PUSH(&t->pool, end))
			return err_oom();
	}
	t->rows[cls]++;
	t->occ.len = 0;
	return 0;
}

/* One pair of one judged event as an instance of class cls. */
static int add_pair(struct tset *t, netra_judge *j, int ci, int cls)
{
	int rc;

	t->occ.len = 0;
	rc = judge_stance_walk(j, ci, occ_fn, t, NULL);
	if (rc < 0)
		return rc;
	return rc ? finish_row(t, cls) : 0;
}

/* ---- the fold assignment (ids only) ---------------------------------- */

struct folds {
	VEC(char *) id;
	VEC(int) fold;
	VEC(int) set;
};

static void folds_free(struct folds *f)
{
	size_t i;

	for (i = 0; i < f->id.len; i++)
		free(f->id.items[i]);
	VEC_FREE(&f->id);
	VEC_FREE(&f->fold);
	VEC_FREE(&f->set);
}

static int fold_of(const struct folds *f, int set, const char *id)
{
	size_t i;

	for (i = 0; i < f->id.len; i++)
		if (f->set.items[i] == set && strcmp(f->id.items[i], id) == 0)
			return f->fold.items[i];
	return -1;
}

static int folds_read(struct folds *f, const char *path)
{
	char line[512];
	size_t ln = 0;
	int set = -1, rc = 0;
	FILE *fp = fopen(path, "r");

	if (!fp)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	while (!rc && fgets(line, sizeof(line), fp)) {
		char *sp, *id;
		size_t k;
		int fold;

		ln++;
		line[strcspn(line, "\n")] = 0;
		if (strncmp(line, "# set ", 6) == 0) {
			for (set = -1, k = 0; k < NSETS; k++)
				if (strcmp(line + 6, STANCE_SETS[k][0]) == 0)
					set = (int)k;
			continue;
		}
		if (!line[0] || line[0] == '#')
			continue;
		sp = strrchr(line, ' ');
		if (set < 0 || !sp || sscanf(sp + 1, "%d", &fold) != 1) {
			rc = err_set(NETRA_EINVALID, "%s:%zu: want 'ID FOLD' "
			             "after '# set NAME'", path, ln);
			break;
		}
		*sp = 0;
		id = strdup(line);
		if (!id || VEC_PUSH(&f->id, id) || VEC_PUSH(&f->fold, fold) ||
		    VEC_PUSH(&f->set, set)) {
			free(id);
			rc = err_oom();
		}
	}
	fclose(fp);
	return rc;
}

/* ---- labelled sets --------------------------------------------------- */

struct src {
	const struct stance_train_opts *o;
	struct tset *t;
	struct folds *folds;
	int ex_set, ex_fold;
	FILE *folds_out;
	uint64_t seed;
	size_t skipped; /* events the strict parser refused */
};

static int cand_index(const netra_engine *e, int number)
{
	size_t i;

	for (i = 0; i < e->prof->ncand; i++)
		if (e->prof->cand[i].number == number)
			return (int)i;
	return -1;
}

/* The class of a labelled event's pair, or -1 if it is not used. */
static int event_class(json_t *exp, int *number)
{
	json_t *labels = json_object_get(exp, "labels"), *v;
	json_t *cand = json_object_get(exp, "candidate");
	int sup = 0, att = 0, none = 0, other = 0;
	size_t i;

	json_array_foreach(labels, i, v) {
		const char *l = json_string_value(v);

		if (!l)
			continue;
		sup |= strcmp(l, "support") == 0;
		att |= strcmp(l, "attack") == 0;
		none |= strcmp(l, "none") == 0;
		other |= strcmp(l, "hoax") == 0 || strcmp(l, "hate_speech") == 0;
	}
	*number = json_is_integer(cand) ? (int)json_integer_value(cand) : -1;
	if (none && !sup && !att && !other)
		return STANCE_NONE;
	if (sup + att != 1 || *number < 0)
		return -1;
	return sup ? STANCE_SUPPORT : STANCE_ATTACK;
}

static int judge_line(struct src *s, netra_judge *j, netra_event_parser *ep,
                      int set, const char *line, size_t len,
                      const char *where)
{
	const netra_engine *e = j->e;
	const netra_event *ev;
	const netra_verdict *v;
	json_error_t jerr;
	json_t *doc = json_loadb(line, len, 0, &jerr);
	const char *id;
	int number, cls, fold, rc = 0;
	size_t ci;

	if (!doc)
		return err_set(NETRA_EINVALID, "%s: not JSON: %s", where,
		               jerr.text);
	id = json_string_value(json_object_get(doc, "id"));
	cls = event_class(json_object_get(doc, "expect"), &number);
	if (!id || cls < 0)
		goto done;
	if (s->folds_out) {
		fprintf(s->folds_out, "%s %d\n", id,
		        (int)(classifier_splitmix64(&s->seed) % STANCE_FOLDS));
		goto done;
	}
	fold = fold_of(s->folds, set, id);
	if (set == s->ex_set && fold == s->ex_fold)
		goto done;
	if (netra_event_parser_parse(ep, line, len, &ev) == NETRA_EINVALID) {
		s->skipped++; /* `netra check` judges it leniently, with a
		                 warning; not worth learning from */
		goto done;
	}
	if ((rc = netra_judge_event(j, ev, &v))) {
		char why[512];

		snprintf(why, sizeof(why), "%s", netra_error_last());
		rc = err_set(rc, "%s: %s", where, why);
		goto done;
	}
	if (cls != STANCE_NONE) {
		int k = cand_index(e, number);

		if (k >= 0)
			rc = add_pair(s->t, j, k, cls);
		goto done;
	}
	for (ci = 0; ci < e->prof->ncand && !rc; ci++)
		rc = add_pair(s->t, j, (int)ci, STANCE_NONE);
done:
	json_decref(doc);
	return rc;
}

static int engine_for(netra_engine **e, netra_judge **j,
                      const char *data_dir, const char *profile)
{
	struct netra_engine_opts eo;
	int rc;

	memset(&eo, 0, sizeof(eo));
	eo.election_path = profile;
	eo.data_dir = data_dir;
	if ((rc = netra_engine_new(e, &eo)))
		return rc;
	return netra_judge_new(j, *e);
}

static void set_dir(char *dir, size_t n, const struct stance_train_opts *o,
                    int set)
{
	const char *rel = STANCE_SETS[set][1];

	if (rel[0] == '@')
		snprintf(dir, n, "%s/../%s", o->data_dir, rel + 1);
	else
		snprintf(dir, n, "%s/%s", o->shared_dir, rel);
}

static int read_set(struct src *s, int set)
{
	char dir[4096], path[4200], where[4300];
	char *line = NULL;
	size_t cap = 0, ln = 0;
	ssize_t n;
	netra_engine *e = NULL;
	netra_judge *j = NULL;
	netra_event_parser *ep = NULL;
	FILE *f = NULL;
	int rc;

	set_dir(dir, sizeof(dir), s->o, set);
	snprintf(path, sizeof(path), "%s/election.yaml", dir);
	if ((rc = engine_for(&e, &j, s->o->data_dir, path)) ||
	    (rc = netra_event_parser_new(&ep)))
		goto done;
	snprintf(path, sizeof(path), "%s/posts.jsonl", dir);
	f = fopen(path, "r");
	if (!f) {
		rc = err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (s->folds_out)
		fprintf(s->folds_out, "# set %s\n", STANCE_SETS[set][0]);
	while (!rc && (n = getline(&line, &cap, f)) > 0) {
		ln++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (!n)
			continue;
		snprintf(where, sizeof(where), "%s:%zu", path, ln);
		rc = judge_line(s, j, ep, set, line, (size_t)n, where);
	}
done:
	if (f)
		fclose(f);
	free(line);
	netra_event_parser_free(ep);
	netra_judge_free(j);
	netra_engine_free(e);
	return rc;
}

/* ---- distant supervision: ibrohim2019 hashtags ----------------------- */

static const struct {
	const char *tag; /* lower case, with '#' */
	int cls;
} DISTANT[] = {
    {"#2019gantipresiden", STANCE_ATTACK},
    {"#2019tetapjokowi", STANCE_SUPPORT},
};
#define DISTANT_PAIR_TAG " #JokowiAmin "

/* Replaces every label hashtag in s by the pair's own hashtag; the class
 * of the first one found, or -1. */
static int relabel(struct sbuf *out, const char *s, size_t n)
{
	size_t i, k;
	int cls = -1;

	sbuf_clear(out);
	for (i = 0; i < n;) {
		for (k = 0; k < sizeof(DISTANT) / sizeof(*DISTANT); k++) {
			size_t tl = strlen(DISTANT[k].tag);

			if (i + tl <= n && strncasecmp(s + i, DISTANT[k].tag,
			                               tl) == 0)
				break;
		}
		if (k < sizeof(DISTANT) / sizeof(*DISTANT)) {
			if (cls < 0)
				cls = DISTANT[k].cls;
			if (sbuf_puts(out, DISTANT_PAIR_TAG))
				return err_oom();
			i += strlen(DISTANT[k].tag);
		} else if (sbuf_putc(out, s[i++])) {
			return err_oom();
		}
	}
	return cls;
}

static int read_distant(struct src *s)
{
	char data[4096], prof[4096];
	netra_engine *e = NULL;
	netra_judge *j = NULL;
	struct csv_reader *cr = NULL;
	struct csv_row r;
	struct sbuf dec = SBUF_INIT, tmp = SBUF_INIT, lab = SBUF_INIT;
	FILE *f;
	int rc, got;

	snprintf(data, sizeof(data), "%s/data/ibrohim2019/re_dataset.csv",
	         s->o->shared_dir);
	snprintf(prof, sizeof(prof), "%s/model/stance-distant.yaml",
	         s->o->data_dir);
	if ((rc = engine_for(&e, &j, s->o->data_dir, prof)))
		goto out;
	f = fopen(data, "rb");
	if (!f) {
		rc = err_set(NETRA_EIO, "%s: %s", data, strerror(errno));
		goto out;
	}
	rc = csv_open(&cr, f, data);
	got = rc ? 0 : csv_next(cr, &r); /* the header */
	while (!rc && got > 0 && (got = csv_next(cr, &r)) > 0) {
		const netra_verdict *v;
		int cls, ci;

		if (r.count < 1)
			continue;
		if ((rc = classifier_decode_tweet(&dec, &tmp, r.fields[0],
		                                  r.lens[0])))
			break;
		if ((cls = relabel(&lab, dec.data, dec.len)) < 0)
			continue;
		if ((rc = netra_judge_text(j, "distant", lab.data, lab.len,
		                           &v)))
			break;
		ci = cand_index(e, 1);
		rc = add_pair(s->t, j, ci, cls);
	}
	if (!rc && got < 0)
		rc = got;
	csv_close(cr);
	fclose(f);
out:
	sbuf_free(&dec);
	sbuf_free(&tmp);
	sbuf_free(&lab);
	netra_judge_free(j);
	netra_engine_free(e);
	return rc;
}

/* ---- InSet: the polarity of words as instances ----------------------- */

static int read_inset_file(struct src *s, const struct text_lexicon *lex,
                           const char *name)
{
	char path[4096], line[512];
	struct text_norm n = {0};
	uint8_t role[64];
	size_t ln = 0;
	int rc = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/data/inset/%s", s->o->shared_dir,
	         name);
	f = fopen(path, "r");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	while (!rc && fgets(line, sizeof(line), f)) {
		char *tab = strrchr(line, '\t'), *gl, text[600];
		long w;

		if (++ln == 1 || !tab || sscanf(tab + 1, "%ld", &w) != 1)
			continue; /* the header, or no weight */
		*tab = 0;
		if ((gl = strchr(line, '(')))
			*gl = 0; /* a gloss in parentheses */
		if (w > 0 && w < INSET_MIN_POS)
			continue;
		if (w < 0 && -w < INSET_MIN_NEG)
			continue;
		snprintf(text, sizeof(text), "zzpasangan %s", line);
		if ((rc = text_normalize(&n, lex, text, strlen(text))))
			break;
		if (n.ntok < 2 || n.ntok > sizeof(role))
			continue;
		memset(role, 0, n.ntok);
		role[0] = STANCE_ROLE_TARGET;
		s->t->occ.len = 0;
		stance_walk(&n, role, occ_fn, s->t);
		rc = finish_row(s->t, w > 0 ? STANCE_SUPPORT : STANCE_ATTACK);
	}
	fclose(f);
	text_norm_free(&n);
	return rc;
}

static int read_inset(struct src *s)
{
	struct text_lexicon *lex = NULL;
	int rc = text_lexicon_load(&lex, s->o->data_dir);

	if (!rc)
		rc = read_inset_file(s, lex, "positive.tsv");
	if (!rc)
		rc = read_inset_file(s, lex, "negative.tsv");
	text_lexicon_free(lex);
	return rc;
}

/* ---- training and the file ------------------------------------------- */

static void quiet(const char *s)
{
	(void)s;
}

static int write_model(const struct model *m, const char *path,
                       size_t *nnz)
{
	int map[STANCE_NCLASS], c, k;
	double mx = 0, scale;
	size_t i;
	FILE *f;

	for (c = 0; c < STANCE_NCLASS; c++)
		for (map[c] = -1, k = 0; k < m->nr_class; k++)
			if (m->label[k] == c)
				map[c] = k;
	if (m->nr_class != STANCE_NCLASS)
		return err_set(NETRA_EINVALID,
		               "stance training: need instances of all three "
		               "classes");
	for (i = 0; i < (size_t)STANCE_DIM * STANCE_NCLASS; i++)
		mx = fmax(mx, fabs(m->w[i]));
	scale = mx > 0 ? mx / 32767 : 1;
	f = fopen(path, "w");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	fprintf(f, "netra-stance 1\ndim_bits %u\nscale %.9g\nbias", 
	        STANCE_DIM_BITS, scale);
	for (c = 0; c < STANCE_NCLASS; c++)
		fprintf(f, " %.9g",
		        m->w[(size_t)STANCE_DIM * STANCE_NCLASS + map[c]]);
	fputc('\n', f);
	*nnz = 0;
	for (i = 0; i < STANCE_DIM; i++) {
		long q[STANCE_NCLASS];

		for (c = 0; c < STANCE_NCLASS; c++)
			q[c] = lround(m->w[i * STANCE_NCLASS + map[c]] / scale);
		if (!q[0] && !q[1] && !q[2])
			continue;
		fprintf(f, "%zu %ld %ld %ld\n", i, q[0], q[1], q[2]);
		(*nnz)++;
	}
	if (fclose(f) != 0)
		return err_set(NETRA_EIO, "%s: write error", path);
	return 0;
}

static int fit_and_write(struct tset *t, const char *out, size_t *nnz)
{
	struct problem prob;
	struct parameter par;
	struct model *m;
	size_t i;
	int rc;

	memset(&par, 0, sizeof(par));
	memset(&prob, 0, sizeof(prob));
	par.solver_type = L2R_LR;
	par.eps = 0.01;
	par.C = STANCE_C;
	prob.l = (int)t->off.len;
	prob.n = (int)STANCE_DIM + 1;
	prob.bias = 1;
	prob.y = t->y.items;
	prob.x = malloc((t->off.len ? t->off.len : 1) * sizeof(*prob.x));
	if (!prob.x)
		return err_oom();
	for (i = 0; i < t->off.len; i++)
		prob.x[i] = t->pool.items + t->off.items[i];
	set_print_string_function(quiet);
	m = train(&prob, &par);
	free(prob.x);
	if (!m)
		return err_set(NETRA_ENOMEM, "liblinear: training failed");
	rc = write_model(m, out, nnz);
	free_and_destroy_model(&m);
	return rc;
}

static int parse_exclude(struct src *s, const char *ex)
{
	const char *colon = ex ? strrchr(ex, ':') : NULL;
	size_t k;

	s->ex_set = s->ex_fold = -1;
	if (!ex)
		return 0;
	for (k = 0; colon && k < NSETS; k++)
		if (strlen(STANCE_SETS[k][0]) == (size_t)(colon - ex) &&
		    strncmp(ex, STANCE_SETS[k][0], (size_t)(colon - ex)) == 0)
			s->ex_set = (int)k;
	if (s->ex_set < 0 || sscanf(colon + 1, "%d", &s->ex_fold) != 1 ||
	    s->ex_fold < 0 || s->ex_fold >= STANCE_FOLDS)
		return err_set(NETRA_EINVALID,
		               "--exclude-fold: want SET:K, SET one of the "
		               "trained sets, K in 0..9 (got '%s')", ex);
	return 0;
}

static int write_folds(struct src *s)
{
	size_t k;
	int rc = 0;

	s->folds_out = fopen(s->o->folds_path, "w");
	if (!s->folds_out)
		return err_set(NETRA_EIO, "%s: %s", s->o->folds_path,
		               strerror(errno));
	fprintf(s->folds_out,
	        "# data/model/stance.folds - the fixed 10-fold assignment of "
	        "the labelled\n# events the stance model is trained on (ids "
	        "only; splitmix64 seed %d).\n# Written by `netra model "
	        "stance-train --write-folds`; read by --exclude-fold\n# and "
	        "bench/eval.py.\n", STANCE_FOLD_SEED);
	s->seed = STANCE_FOLD_SEED;
	for (k = 0; k < NSETS && !rc; k++)
		rc = read_set(s, (int)k);
	if (fclose(s->folds_out) != 0 && !rc)
		rc = err_set(NETRA_EIO, "%s: write error", s->o->folds_path);
	s->folds_out = NULL;
	return rc;
}

static int hash_inputs(const struct stance_train_opts *o,
                       struct stance_train_report *rep)
{
	static char paths[NSETS + 3][4096];
	char dir[4000];
	size_t k;
	int rc = 0;

	for (k = 0; k < NSETS; k++) {
		set_dir(dir, sizeof(dir), o, (int)k);
		snprintf(paths[k], sizeof(paths[k]), "%s/posts.jsonl", dir);
	}
	snprintf(paths[k++], sizeof(paths[0]),
	         "%s/data/ibrohim2019/re_dataset.csv", o->shared_dir);
	snprintf(paths[k++], sizeof(paths[0]), "%s/data/inset/positive.tsv",
	         o->shared_dir);
	snprintf(paths[k++], sizeof(paths[0]), "%s/data/inset/negative.tsv",
	         o->shared_dir);
	rep->nfiles = k;
	for (k = 0; k < rep->nfiles && !rc; k++) {
		rep->files[k] = paths[k];
		rc = classifier_file_sha256(rep->sha[k], paths[k]);
	}
	return rc;
}

int stance_train(const struct stance_train_opts *o,
                 struct stance_train_report *rep)
{
	struct tset t;
	struct folds folds;
	struct src s;
	size_t k;
	int rc;

	memset(&t, 0, sizeof(t));
	memset(&folds, 0, sizeof(folds));
	memset(&s, 0, sizeof(s));
	memset(rep, 0, sizeof(*rep));
	s.o = o;
	s.t = &t;
	s.folds = &folds;
	if ((rc = parse_exclude(&s, o->exclude)) || (rc = hash_inputs(o, rep)))
		goto done;
	if (o->write_folds && (rc = write_folds(&s)))
		goto done;
	if ((rc = folds_read(&folds, o->folds_path)))
		goto done;
	for (k = 0; k < NSETS && !rc; k++)
		rc = read_set(&s, (int)k);
	if (!rc)
		rc = read_distant(&s);
	if (!rc)
		rc = read_inset(&s);
	if (!rc)
		rc = fit_and_write(&t, o->out_path, &rep->nnz);
	memcpy(rep->rows, t.rows, sizeof(rep->rows));
	rep->skipped = s.skipped;
done:
	VEC_FREE(&t.pool);
	VEC_FREE(&t.off);
	VEC_FREE(&t.y);
	VEC_FREE(&t.occ);
	folds_free(&folds);
	return rc;
}
