/*
 * rules/stance.c - features, model file and scoring of the stance model
 * (stance.h). The judge scores with it (judge.c, `detect: stance`); the
 * trainer (stance_train.c) walks the same features, so both see exactly
 * the same vector.
 *
 * Model file (text, written by stance_train.c):
 *   netra-stance 1
 *   dim_bits 17
 *   scale S                  weights are integers q, w = q * S
 *   bias B0 B1 B2            support attack none (floating point)
 *   INDEX Q0 Q1 Q2           one line per feature with a non-zero weight,
 *   ...                      indexes ascending
 * Weights are stored interleaved (w[3 * index + class]) so one feature is
 * one cache line.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/features.h"
#include "rules/stance.h"
#include "util/error.h"

struct stance_model {
	float *w; /* STANCE_DIM * STANCE_NCLASS */
	double bias[STANCE_NCLASS];
};

/* ---- features -------------------------------------------------------- */

static const char *const placeholder[] = {NULL, "<T>", "<O>", NULL};

/* FNV-1a 64 of the token as the model sees it (seed STANCE_SEED). */
static uint64_t tok_hash(const struct text_norm *n, const uint8_t *role,
                         size_t i)
{
	const char *ph = placeholder[role[i]];
	uint64_t h = feat_fnv_init(STANCE_SEED, 't');

	if (ph)
		return feat_fnv_add(h, ph, 3);
	return feat_fnv_add(h, n->buf + n->tok[i].off, n->tok[i].len);
}

/* splitmix64's finaliser, folded to the model's dimensions. */
static uint32_t feat_index(uint64_t h, char kind)
{
	h ^= (uint64_t)(unsigned char)kind * 0xd6e8feb86659fd93ULL;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return (uint32_t)(h & (STANCE_DIM - 1));
}

static uint32_t pair_index(uint64_t a, uint64_t b)
{
	return feat_index(a * 0x9e3779b97f4a7c15ULL + b, 'b');
}

/* A placeholder token that continues the same placeholder ("agus
 * harimurti yudhoyono") is no token of its own. */
static int folded(const uint8_t *role, size_t i)
{
	return i > 0 && placeholder[role[i]] && role[i - 1] == role[i];
}

/* The last STANCE_WINDOW logical tokens before the current one. */
struct ring {
	uint64_t h[STANCE_WINDOW];
	uint32_t tok[STANCE_WINDOW];
	uint8_t ph[STANCE_WINDOW];
	size_t n, head;
};

static void ring_push(struct ring *r, uint64_t h, uint32_t tok, int ph)
{
	r->h[r->head] = h;
	r->tok[r->head] = tok;
	r->ph[r->head] = (uint8_t)ph;
	r->head = (r->head + 1) % STANCE_WINDOW;
	if (r->n < STANCE_WINDOW)
		r->n++;
}

void stance_walk(const struct text_norm *n, const uint8_t *role,
                 stance_fn fn, void *ctx)
{
	size_t i, k, nt = n->ntok;
	size_t last_t = SIZE_MAX, last_neg = SIZE_MAX, pos = 0;
	uint64_t prev = 0;
	struct ring r;

	r.n = r.head = 0;
	for (i = 0; i < nt; i++) {
		uint32_t ti = (uint32_t)i;
		int ph = placeholder[role[i]] != NULL;
		uint64_t h;

		if (folded(role, i))
			continue;
		h = tok_hash(n, role, i);
		if (pos > 0)
			fn(ctx, pair_index(prev, h),
			   ph ? r.tok[(r.head + STANCE_WINDOW - 1) %
			              STANCE_WINDOW]
			      : ti);
		prev = h;
		if (role[i] == STANCE_ROLE_TARGET) {
			/* the words just before this mention */
			for (k = 0; k < r.n; k++) {
				size_t at = (r.head + STANCE_WINDOW - 1 - k) %
				            STANCE_WINDOW;

				if (!r.ph[at])
					fn(ctx, feat_index(r.h[at], 'l'),
					   r.tok[at]);
			}
			last_t = pos;
		} else if (!ph) {
			fn(ctx, feat_index(h, 'g'), ti);
			if (last_t != SIZE_MAX && pos - last_t <= STANCE_WINDOW)
				fn(ctx, feat_index(h, 'r'), ti);
			if (last_neg != SIZE_MAX &&
			    pos - last_neg <= STANCE_NEG_SCOPE &&
			    role[i] != STANCE_ROLE_NEG)
				fn(ctx, feat_index(h, 'n'), ti);
			if (role[i] == STANCE_ROLE_NEG)
				last_neg = pos;
		}
		ring_push(&r, h, ti, ph);
		pos++;
	}
}

void stance_walk_flags(unsigned flags, stance_fn fn, void *ctx)
{
	unsigned k;

	for (k = 0; k < STANCE_F__COUNT; k++)
		if (flags & (1u << k)) {
			char c = (char)('0' + k);

			fn(ctx, feat_index(feat_fnv_add(feat_fnv_init(
			                            STANCE_SEED, 'f'), &c, 1),
			                        'f'),
			   UINT32_MAX);
		}
}

/* ---- scoring --------------------------------------------------------- */

void stance_acc_fn(void *ctx, uint32_t index, uint32_t tok)
{
	struct stance_acc *a = ctx;
	const float *w = a->m->w + (size_t)index * STANCE_NCLASS;

	(void)tok;
	a->sum[0] += w[0];
	a->sum[1] += w[1];
	a->sum[2] += w[2];
	a->count++;
}

void stance_begin(struct stance_acc *a, const struct stance_model *m)
{
	memset(a, 0, sizeof(*a));
	a->m = m;
}

void stance_end(const struct stance_acc *a, double p[STANCE_NCLASS])
{
	double s = a->count ? 1.0 / sqrt((double)a->count) : 0, tot = 0;
	int c;

	for (c = 0; c < STANCE_NCLASS; c++) {
		double z = a->m->bias[c] + a->sum[c] * s;

		p[c] = 1.0 / (1.0 + exp(-z));
		tot += p[c];
	}
	for (c = 0; c < STANCE_NCLASS; c++)
		p[c] = tot > 0 ? p[c] / tot : 1.0 / STANCE_NCLASS;
}

struct top_ctx {
	const struct stance_model *m;
	int cls;
	double *acc;
	size_t ntok;
};

static void top_fn(void *ctx, uint32_t index, uint32_t tok)
{
	struct top_ctx *t = ctx;
	const float *w = t->m->w + (size_t)index * STANCE_NCLASS;
	double o = 0;
	int c;

	if (tok >= t->ntok)
		return;
	/* what this feature adds to the class against the others */
	for (c = 0; c < STANCE_NCLASS; c++)
		if (c != t->cls)
			o += w[c];
	t->acc[tok] += w[t->cls] - o / (STANCE_NCLASS - 1);
}

size_t stance_top_words(const struct stance_model *m,
                        const struct text_norm *n, const uint8_t *role,
                        int cls, double *acc, uint32_t *top, size_t max)
{
	struct top_ctx t = {m, cls, acc, n->ntok};
	size_t i, k, got = 0;

	for (i = 0; i < n->ntok; i++)
		acc[i] = 0;
	stance_walk(n, role, top_fn, &t);
	for (k = 0; k < max; k++) {
		size_t best = SIZE_MAX;

		for (i = 0; i < n->ntok; i++) {
			if (placeholder[role[i]] || acc[i] <= 0)
				continue;
			if (best == SIZE_MAX || acc[i] > acc[best])
				best = i;
		}
		if (best == SIZE_MAX)
			break;
		top[got++] = (uint32_t)best;
		acc[best] = 0;
	}
	return got;
}

/* ---- the model file -------------------------------------------------- */

void stance_free(struct stance_model *m)
{
	if (!m)
		return;
	free(m->w);
	free(m);
}

static int bad(const char *path, size_t line, const char *why)
{
	return err_set(NETRA_EINVALID, "%s:%zu: %s", path, line, why);
}

static int read_body(struct stance_model *m, FILE *f, const char *path)
{
	char buf[256];
	size_t line = 4;
	long prev = -1;
	double scale;
	unsigned bits;
	int c;

	if (!fgets(buf, sizeof(buf), f) ||
	    strcmp(buf, "netra-stance 1\n") != 0)
		return bad(path, 1, "not a stance model (want 'netra-stance 1')");
	if (!fgets(buf, sizeof(buf), f) ||
	    sscanf(buf, "dim_bits %u", &bits) != 1 || bits != STANCE_DIM_BITS)
		return bad(path, 2, "dim_bits must be 17");
	if (!fgets(buf, sizeof(buf), f) ||
	    sscanf(buf, "scale %lf", &scale) != 1 || !(scale > 0) ||
	    !(scale <= 1))
		return bad(path, 3, "want 'scale S' with 0 < S <= 1");
	if (!fgets(buf, sizeof(buf), f) ||
	    sscanf(buf, "bias %lf %lf %lf", &m->bias[0], &m->bias[1],
	           &m->bias[2]) != 3)
		return bad(path, 4, "want 'bias B0 B1 B2'");
	for (c = 0; c < STANCE_NCLASS; c++)
		if (!(fabs(m->bias[c]) <= 1000))
			return bad(path, 4, "bias out of range (|B| <= 1000)");
	while (fgets(buf, sizeof(buf), f)) {
		long idx, q[STANCE_NCLASS];

		line++;
		if (sscanf(buf, "%ld %ld %ld %ld", &idx, &q[0], &q[1], &q[2]) !=
		        4 ||
		    idx <= prev || idx >= (long)STANCE_DIM ||
		    labs(q[0]) > 32767 || labs(q[1]) > 32767 || labs(q[2]) > 32767)
			return bad(path, line,
			           "want 'INDEX Q0 Q1 Q2', indexes ascending "
			           "below 2^17, |Q| <= 32767");
		for (c = 0; c < STANCE_NCLASS; c++)
			m->w[(size_t)idx * STANCE_NCLASS + c] =
			    (float)((double)q[c] * scale);
		prev = idx;
	}
	return ferror(f) ? err_set(NETRA_EIO, "%s: read error", path) : 0;
}

int stance_load(struct stance_model **out, const char *path)
{
	struct stance_model *m;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "r");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	m = calloc(1, sizeof(*m));
	if (m)
		m->w = calloc((size_t)STANCE_DIM * STANCE_NCLASS,
		              sizeof(*m->w));
	if (!m || !m->w) {
		rc = err_oom();
		goto done;
	}
	rc = read_body(m, f, path);
done:
	fclose(f);
	if (rc)
		stance_free(m);
	else
		*out = m;
	return rc;
}
