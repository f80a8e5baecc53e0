/*
 * rules/classifier.c - loading a hate-speech model file and scoring
 * normalised text with it (format in classifier_int.h, features in
 * features.h). Training lives in classifier_train.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/classifier.h"
#include "rules/classifier_int.h"
#include "rules/features.h"
#include "util/error.h"

#define MODEL_MAX_BYTES (64u << 20)

/* Reads the whole file into *out (malloc'd, NUL-terminated; caller
 * frees). */
static int read_file(char **out, size_t *len, const char *path)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int rc = 0;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	for (;;) {
		size_t got;

		if (n + 4096 + 1 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > MODEL_MAX_BYTES) {
				rc = err_set(NETRA_EINVALID, "%s: too large",
					     path);
				goto done;
			}
			nb = realloc(buf, cap);
			if (!nb) {
				rc = err_oom();
				goto done;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = err_set(NETRA_EIO, "%s: read error", path);
		goto done;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
done:
	free(buf);
	fclose(f);
	return rc;
}

/* Next header line of buf starting at *pos: copies it (without '\n') into
 * line. 0 or -1 at end/too long. */
static int next_line(const char *buf, size_t len, size_t *pos, char *line,
		     size_t cap)
{
	size_t a = *pos, b = a;

	while (b < len && buf[b] != '\n')
		b++;
	if (b >= len || b - a >= cap)
		return -1;
	memcpy(line, buf + a, b - a);
	line[b - a] = '\0';
	*pos = b + 1;
	return 0;
}

static int parse_header(struct classifier *c, const char *buf, size_t len,
			size_t *pos, uint64_t *nnz, double *scale,
			const char *path)
{
	char line[128];
	int ver = 0, cmin = 0, cmax = 0, have = 0;

	if (next_line(buf, len, pos, line, sizeof(line)) ||
	    sscanf(line, CLASSIFIER_MAGIC " %d", &ver) != 1)
		return err_set(NETRA_EINVALID, "%s:1: not a netra model", path);
	if (ver != CLASSIFIER_VERSION)
		return err_set(NETRA_EINVALID, "%s:1: model version %d, "
			       "expected %d", path, ver, CLASSIFIER_VERSION);
	while (next_line(buf, len, pos, line, sizeof(line)) == 0) {
		if (strcmp(line, "data") == 0) {
			if (have != 0x7f)
				break;
			if (cmin != FEAT_CHAR_MIN || cmax != FEAT_CHAR_MAX ||
			    c->bits < 8 || c->bits > 24)
				return err_set(NETRA_EINVALID,
					       "%s: unsupported feature "
					       "configuration", path);
			return 0;
		}
		if (sscanf(line, "label %15s", c->label) == 1)
			have |= 1;
		else if (sscanf(line, "dim_bits %u", &c->bits) == 1)
			have |= 2;
		else if (sscanf(line, "seed %" SCNu64, &c->seed) == 1)
			have |= 4;
		else if (sscanf(line, "char %d %d", &cmin, &cmax) == 2)
			have |= 8;
		else if (sscanf(line, "bias %lf", &c->bias) == 1)
			have |= 16;
		else if (sscanf(line, "threshold %lf", &c->threshold) == 1)
			have |= 32;
		else if (sscanf(line, "scale %lf", scale) == 1)
			;
		else if (sscanf(line, "nnz %" SCNu64, nnz) == 1)
			have |= 64;
	}
	return err_set(NETRA_EINVALID, "%s: incomplete model header", path);
}

static int parse_weights(struct classifier *c, const unsigned char *p,
			 size_t len, uint64_t nnz, double scale,
			 const char *path)
{
	size_t pos = 0;
	uint64_t i, idx = 0;

	for (i = 0; i < nnz; i++) {
		uint64_t d = 0;
		unsigned shift = 0;
		int16_t q;

		for (;;) {
			if (pos >= len || shift > 28)
				return err_set(NETRA_EINVALID,
					       "%s: truncated weights", path);
			d |= (uint64_t)(p[pos] & 0x7f) << shift;
			shift += 7;
			if (!(p[pos++] & 0x80))
				break;
		}
		idx += d;
		if (idx >= (1u << c->bits) || pos + 2 > len)
			return err_set(NETRA_EINVALID, "%s: bad weight entry %"
				       PRIu64, path, i);
		q = (int16_t)(uint16_t)(p[pos] | (p[pos + 1] << 8));
		pos += 2;
		c->w[idx] = (float)(q * scale);
	}
	if (pos != len)
		return err_set(NETRA_EINVALID, "%s: trailing bytes", path);
	return 0;
}

int classifier_load(struct classifier **out, const char *path)
{
	struct classifier *c = NULL;
	char *buf = NULL;
	size_t len = 0, pos = 0;
	uint64_t nnz = 0;
	double scale = 0;
	int rc;

	*out = NULL;
	rc = read_file(&buf, &len, path);
	if (rc)
		goto done;
	c = calloc(1, sizeof(*c));
	if (!c) {
		rc = err_oom();
		goto done;
	}
	rc = parse_header(c, buf, len, &pos, &nnz, &scale, path);
	if (rc)
		goto done;
	c->w = calloc((size_t)1 << c->bits, sizeof(float));
	if (!c->w) {
		rc = err_oom();
		goto done;
	}
	rc = parse_weights(c, (const unsigned char *)buf + pos, len - pos, nnz,
			   scale, path);
	if (rc)
		goto done;
	*out = c;
	c = NULL;
done:
	classifier_free(c);
	free(buf);
	return rc;
}

void classifier_free(struct classifier *c)
{
	if (!c)
		return;
	free(c->w);
	free(c);
}

struct score_acc {
	const float *w;
	double sum[2];
	size_t n[2];
};

static void score_fn(void *ctx, uint32_t index, int block)
{
	struct score_acc *a = ctx;

	a->sum[block] += a->w[index];
	a->n[block]++;
}

double classifier_score(const struct classifier *c, const char *norm,
			size_t len)
{
	struct score_acc a = {c->w, {0, 0}, {0, 0}};
	double z = c->bias;
	int b;

	feat_walk(c->seed, c->bits, norm, len, score_fn, &a);
	for (b = 0; b < 2; b++)
		if (a.n[b])
			z += a.sum[b] * M_SQRT1_2 / sqrt((double)a.n[b]);
	return 1.0 / (1.0 + exp(-z));
}

double classifier_threshold(const struct classifier *c)
{
	return c->threshold;
}

const char *classifier_label(const struct classifier *c)
{
	return c->label;
}
