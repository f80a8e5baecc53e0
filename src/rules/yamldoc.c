/*
 * rules/yamldoc.c - libyaml document helpers for the profile and rulebook
 * loaders (see yamldoc.h). Errors carry file:line:col of the node at fault.
 */
#include "rules/yamldoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/civiltime.h"
#include "util/error.h"

struct key_ref {
	const char *s;
	const yaml_node_t *n;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = strcmp(x->s, y->s);

	if (c)
		return c;
	/* equal keys: in the order they were written */
	if (x->n->start_mark.index != y->n->start_mark.index)
		return x->n->start_mark.index < y->n->start_mark.index ? -1 : 1;
	return 0;
}

/* A key written twice in one mapping is refused: YAML forbids it and
 * libyaml keeps both, so one of the two values would be silently lost.
 * Every mapping is checked (sorted keys, so a mapping of many keys costs
 * n log n). */
static int no_duplicate_keys(struct ydoc *d)
{
	yaml_node_t *n;
	struct key_ref *keys = NULL;
	size_t cap = 0, k, i;
	int rc = 0;

	for (n = d->doc.nodes.start; n < d->doc.nodes.top && !rc; n++) {
		yaml_node_pair_t *pr;

		if (n->type != YAML_MAPPING_NODE)
			continue;
		k = (size_t)(n->data.mapping.pairs.top -
		             n->data.mapping.pairs.start);
		if (k < 2)
			continue;
		if (k > cap) {
			struct key_ref *nk = realloc(keys, k * sizeof(*keys));

			if (!nk) {
				rc = err_oom();
				break;
			}
			keys = nk, cap = k;
		}
		k = 0;
		for (pr = n->data.mapping.pairs.start;
		     pr < n->data.mapping.pairs.top; pr++) {
			yaml_node_t *kn = ydoc_node(d, pr->key);

			if (kn && kn->type == YAML_SCALAR_NODE)
				keys[k].s = (const char *)kn->data.scalar.value,
				keys[k++].n = kn;
		}
		qsort(keys, k, sizeof(*keys), cmp_key);
		for (i = 1; i < k && !rc; i++)
			if (strcmp(keys[i - 1].s, keys[i].s) == 0)
				rc = ydoc_err(d, keys[i].n,
				              "duplicate key '%s' (first on line "
				              "%zu)",
				              keys[i].s,
				              keys[i - 1].n->start_mark.line + 1);
	}
	free(keys);
	return rc;
}

/* A second document ("---" after the first) is refused: the loaders
 * read one, and the rest would be silently ignored. */
static int no_second_document(struct ydoc *d, yaml_parser_t *p)
{
	yaml_document_t more;
	yaml_node_t *root;
	int rc = 0;

	if (!yaml_parser_load(p, &more))
		return err_set(NETRA_EINVALID, "%s:%zu:%zu: %s%s%s", d->name,
		               p->problem_mark.line + 1,
		               p->problem_mark.column + 1,
		               p->problem ? p->problem : "invalid YAML",
		               p->context ? " " : "",
		               p->context ? p->context : "");
	root = yaml_document_get_root_node(&more);
	if (root)
		rc = err_set(NETRA_EINVALID,
		             "%s:%zu:%zu: a second YAML document: the file "
		             "must hold one (remove the '---' and what follows, "
		             "or merge it into the first)",
		             d->name, more.start_mark.line + 1,
		             more.start_mark.column + 1);
	yaml_document_delete(&more);
	return rc;
}

int ydoc_load(struct ydoc *d, const char *name, const char *buf, size_t len)
{
	yaml_parser_t p;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->name = name;
	if (!yaml_parser_initialize(&p))
		return err_oom();
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &d->doc)) {
		rc = err_set(NETRA_EINVALID, "%s:%zu:%zu: %s%s%s", name,
		             p.problem_mark.line + 1, p.problem_mark.column + 1,
		             p.problem ? p.problem : "invalid YAML",
		             p.context ? " " : "", p.context ? p.context : "");
		goto done;
	}
	d->loaded = 1;
	if (!yaml_document_get_root_node(&d->doc))
		rc = err_set(NETRA_EINVALID, "%s:1:1: empty document", name);
	else if (!(rc = no_second_document(d, &p)))
		rc = no_duplicate_keys(d);
done:
	yaml_parser_delete(&p);
	return rc;
}

void ydoc_free(struct ydoc *d)
{
	if (d && d->loaded) {
		yaml_document_delete(&d->doc);
		d->loaded = 0;
	}
}

yaml_node_t *ydoc_root(struct ydoc *d)
{
	return d->loaded ? yaml_document_get_root_node(&d->doc) : NULL;
}

yaml_node_t *ydoc_node(struct ydoc *d, int id)
{
	return yaml_document_get_node(&d->doc, id);
}

int ydoc_err(struct ydoc *d, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(NETRA_EINVALID, "%s:%zu:%zu: %s", d->name,
	               n ? n->start_mark.line + 1 : 1,
	               n ? n->start_mark.column + 1 : 1, msg);
}

yaml_node_t *ydoc_get(struct ydoc *d, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *pr;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = ydoc_node(d, pr->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return ydoc_node(d, pr->value);
	}
	return NULL;
}

const char *ydoc_str(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

int ydoc_want_str(struct ydoc *d, yaml_node_t *n, const char *what,
                  const char **out)
{
	const char *s = ydoc_str(n);

	*out = NULL;
	if (!s)
		return ydoc_err(d, n, "%s: expected a text value", what);
	if (!*s)
		return ydoc_err(d, n, "%s: must not be empty", what);
	*out = s;
	return 0;
}

int ydoc_want_int(struct ydoc *d, yaml_node_t *n, const char *what, long lo,
                  long hi, long *out)
{
	const char *s = ydoc_str(n);
	char *end;
	long v;

	*out = 0;
	if (!s || !*s)
		return ydoc_err(d, n, "%s: expected a whole number", what);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return ydoc_err(d, n, "%s: '%s' is not a whole number", what,
		                s);
	if (v < lo || v > hi)
		return ydoc_err(d, n, "%s: %ld is out of range %ld..%ld", what,
		                v, lo, hi);
	*out = v;
	return 0;
}

int ydoc_want_num(struct ydoc *d, yaml_node_t *n, const char *what, double lo,
                  double hi, double *out)
{
	const char *s = ydoc_str(n);
	char *end;
	double v;

	*out = 0;
	if (!s || !*s)
		return ydoc_err(d, n, "%s: expected a number", what);
	v = strtod(s, &end);
	if (*end)
		return ydoc_err(d, n, "%s: '%s' is not a number", what, s);
	if (!(v >= lo && v <= hi))
		return ydoc_err(d, n, "%s: %s is out of range %g..%g", what, s,
		                lo, hi);
	*out = v;
	return 0;
}

int ydoc_want_date(struct ydoc *d, yaml_node_t *n, const char *what, long *days)
{
	const char *s = ydoc_str(n);
	int64_t day;

	*days = 0;
	if (!s || civil_day_parse(&day, s, strlen(s)) != 0 ||
	    day < civil_days(1970, 1, 1) || day > civil_days(2200, 12, 31))
		return ydoc_err(d, n,
		                "%s: '%s' is not a valid date (YYYY-MM-DD)",
		                what, s ? s : "");
	*days = (long)day;
	return 0;
}

int ydoc_only_keys(struct ydoc *d, yaml_node_t *m, const char *const *keys)
{
	yaml_node_pair_t *pr;
	size_t i;

	if (!m || m->type != YAML_MAPPING_NODE)
		return ydoc_err(d, m, "expected a mapping");
	if (d->lenient)
		return 0;
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = ydoc_node(d, pr->key);
		const char *ks = ydoc_str(k);

		if (!ks)
			return ydoc_err(d, k, "keys must be text");
		for (i = 0; keys[i]; i++)
			if (strcmp(keys[i], ks) == 0)
				break;
		if (!keys[i])
			return ydoc_err(d, k, "unknown key '%s'", ks);
	}
	return 0;
}

int rules_read_file(char **out, size_t *len, const char *path)
{
	FILE *f = NULL;
	char *buf = NULL, *nb;
	size_t n = 0, cap = 0, got;
	int rc = 0;

	*out = NULL;
	*len = 0;
	f = fopen(path, "rb");
	if (!f)
		return err_set(NETRA_EIO, "%s: %s", path, strerror(errno));
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 16384;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				rc = err_oom();
				goto done;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		rc = err_set(NETRA_EIO, "%s: read error", path);
		goto done;
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	buf = NULL;
done:
	free(buf);
	fclose(f);
	return rc;
}
