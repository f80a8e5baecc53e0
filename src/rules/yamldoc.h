/*
 * rules/yamldoc.h - a thin layer over libyaml's document API shared by the
 * election-profile and rulebook loaders: load a whole YAML text into a node
 * tree, look keys up, read scalars with type checks, and report errors as
 * "file:line:col: reason" (1-based) at the offending node.
 */
#ifndef NETRA_RULES_YAMLDOC_H
#define NETRA_RULES_YAMLDOC_H

#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

struct ydoc {
	yaml_document_t doc;
	int loaded;
	const char *name; /* file name for messages (borrowed) */
	int lenient;      /* unknown keys are ignored, not errors */
};

/* Parses buf[0, len): exactly one YAML document, no key twice in a
 * mapping (both refused with the line and column of the second). Returns
 * 0, or NETRA_EINVALID with "name:line:col: reason". Free with
 * ydoc_free() in both cases. */
int ydoc_load(struct ydoc *d, const char *name, const char *buf, size_t len);
void ydoc_free(struct ydoc *d);

yaml_node_t *ydoc_root(struct ydoc *d);
yaml_node_t *ydoc_node(struct ydoc *d, int id);

/* Sets NETRA_EINVALID "name:line:col: <fmt>" at node n; returns it. */
int ydoc_err(struct ydoc *d, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Value node of key in mapping m, or NULL (m not a mapping or no key). */
yaml_node_t *ydoc_get(struct ydoc *d, yaml_node_t *m, const char *key);

/* Scalar text of n (NUL-terminated), or NULL if n is not a scalar. */
const char *ydoc_str(const yaml_node_t *n);

/* Checks n is a non-empty scalar; err at n (named what) if not. */
int ydoc_want_str(struct ydoc *d, yaml_node_t *n, const char *what,
                  const char **out);

/* Reads an integer scalar in [lo, hi]. */
int ydoc_want_int(struct ydoc *d, yaml_node_t *n, const char *what, long lo,
                  long hi, long *out);

/* Reads a number scalar in [lo, hi]. */
int ydoc_want_num(struct ydoc *d, yaml_node_t *n, const char *what, double lo,
                  double hi, double *out);

/* Reads a YYYY-MM-DD date (validated) as days since 1970-01-01. */
int ydoc_want_date(struct ydoc *d, yaml_node_t *n, const char *what,
                   long *days);

/* Reports the first key of mapping m not in the NULL-terminated list
 * (unless d->lenient; a non-mapping m is always an error). */
int ydoc_only_keys(struct ydoc *d, yaml_node_t *m, const char *const *keys);

/* Reads a whole file into a malloc'd NUL-terminated buffer (free()). */
int rules_read_file(char **out, size_t *len, const char *path);

#endif
