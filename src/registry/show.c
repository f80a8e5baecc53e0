/*
 * registry/show.c - netra_registry_show(): the active unit tree with, per
 * unit, its own staff and account counts and the totals of its subtree,
 * as nested JSON data (`netra registry show` renders it as indented text,
 * the web as its registry browser; workflow/user.h scopes it to a user).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/registry.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/strmap.h"
#include "util/vec.h"

struct node {
	int64_t id, parent_id;
	const char *code, *name, *kind;
	int64_t staff, accounts, staff_total, accounts_total;
	long first, last, next; /* children list, by code; -1 none */
	int has_parent;
};

struct tree {
	struct arena ar;
	VEC(struct node) n;
	struct strmap by_id; /* decimal id -> index */
};

static size_t id_key(char *buf, size_t sz, int64_t id)
{
	return (size_t)snprintf(buf, sz, "%" PRId64, id);
}

static long find_id(const struct tree *t, int64_t id)
{
	char k[32];
	int64_t i;

	return strmap_get(&t->by_id, k, id_key(k, sizeof(k), id), &i) ? (long)i
	                                                              : -1;
}

static int load_units(struct tree *t, netra_store *st)
{
	store_stmt *s = NULL;
	struct node x;
	char k[32];
	int rc;

	rc = store_prepare(&s, st,
	                   "SELECT id, parent_id, code, name, kind FROM units "
	                   "WHERE active = 1 ORDER BY code");
	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		memset(&x, 0, sizeof(x));
		x.id = store_column_int64(s, 0);
		x.parent_id = store_column_int64(s, 1);
		x.code = arena_strndup(&t->ar, store_column_text(s, 2, NULL),
		                       strlen(store_column_text(s, 2, NULL)));
		x.name = arena_strndup(&t->ar, store_column_text(s, 3, NULL),
		                       strlen(store_column_text(s, 3, NULL)));
		x.kind = arena_strndup(&t->ar, store_column_text(s, 4, NULL),
		                       strlen(store_column_text(s, 4, NULL)));
		x.first = x.last = x.next = -1;
		if (!x.code || !x.name || !x.kind ||
		    strmap_put(&t->by_id, k, id_key(k, sizeof(k), x.id),
		               (int64_t)t->n.len) ||
		    VEC_PUSH(&t->n, x))
			rc = err_oom();
		else
			rc = 0;
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* Adds per-unit counts from sql (rows: unit_id, count) into staff or
 * accounts. */
static int load_counts(struct tree *t, netra_store *st, const char *sql,
                       int accounts)
{
	store_stmt *s = NULL;
	long i;
	int rc = store_prepare(&s, st, sql);

	while (rc == 0 && (rc = store_step(s)) == STORE_ROW) {
		rc = 0;
		i = find_id(t, store_column_int64(s, 0));
		if (i < 0)
			continue;
		if (accounts)
			t->n.items[i].accounts = store_column_int64(s, 1);
		else
			t->n.items[i].staff = store_column_int64(s, 1);
	}
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* Links children (kept in code order) and sums subtree totals. */
static void link(struct tree *t)
{
	size_t i;
	long p;

	for (i = 0; i < t->n.len; i++) {
		struct node *x = &t->n.items[i];
		p = x->parent_id ? find_id(t, x->parent_id) : -1;
		if (p < 0 || (size_t)p == i)
			continue;
		x->has_parent = 1;
		if (t->n.items[p].last >= 0)
			t->n.items[t->n.items[p].last].next = (long)i;
		else
			t->n.items[p].first = (long)i;
		t->n.items[p].last = (long)i;
	}
}

/* Subtree totals; depth guards against a corrupt (cyclic) tree. */
static void totals(struct tree *t, long i, int depth)
{
	struct node *x = &t->n.items[i];
	long c;

	x->staff_total = x->staff;
	x->accounts_total = x->accounts;
	if (depth > 1000)
		return;
	for (c = x->first; c >= 0; c = t->n.items[c].next) {
		totals(t, c, depth + 1);
		x->staff_total += t->n.items[c].staff_total;
		x->accounts_total += t->n.items[c].accounts_total;
	}
}

static json_t *node_json(const struct tree *t, long i, int depth)
{
	const struct node *x = &t->n.items[i];
	json_t *kids = json_array(), *o, *k;
	long c;

	for (c = x->first; kids && c >= 0 && depth < 1000;
	     c = t->n.items[c].next) {
		k = node_json(t, c, depth + 1);
		if (!k || json_array_append_new(kids, k)) {
			json_decref(kids);
			return NULL;
		}
	}
	if (!kids)
		return NULL;
	o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "code",
	              x->code, "name", x->name, "kind", x->kind, "staff",
	              (json_int_t)x->staff, "staff_total",
	              (json_int_t)x->staff_total, "accounts",
	              (json_int_t)x->accounts, "accounts_total",
	              (json_int_t)x->accounts_total, "children", kids);
	return o;
}

/* {"units": [the roots, or the one unit `only` when >= 0]}. */
static json_t *tree_json(struct tree *t, long only)
{
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; arr && i < t->n.len; i++) {
		if (only >= 0 ? (long)i != only : t->n.items[i].has_parent)
			continue;
		totals(t, (long)i, 0);
		o = node_json(t, (long)i, 0);
		if (!o || json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr ? json_pack("{s:o}", "units", arr) : NULL;
}

static long find_code(const struct tree *t, const char *code)
{
	size_t i;

	for (i = 0; i < t->n.len; i++)
		if (strcmp(t->n.items[i].code, code) == 0)
			return (long)i;
	return -1;
}

int netra_registry_show(json_t **out, netra_store *st, const char *unit_code)
{
	struct tree t = {ARENA_INIT, VEC_INIT, STRMAP_INIT};
	long only = -1;
	int rc;

	*out = NULL;
	if ((rc = load_units(&t, st)) ||
	    (rc = load_counts(&t, st,
	                      "SELECT unit_id, COUNT(*) FROM employees "
	                      "WHERE active = 1 GROUP BY unit_id",
	                      0)) ||
	    (rc = load_counts(&t, st,
	                      "SELECT e.unit_id, COUNT(*) FROM accounts a "
	                      "JOIN employees e ON e.id = a.employee_id "
	                      "WHERE a.active = 1 AND e.active = 1 "
	                      "GROUP BY e.unit_id",
	                      1)))
		goto done;
	link(&t);
	if (unit_code && (only = find_code(&t, unit_code)) < 0) {
		rc = err_set(NETRA_ENOTFOUND, "no active unit with code '%s'",
		             unit_code);
		goto done;
	}
	if (!(*out = tree_json(&t, only)))
		rc = err_oom();
done:
	arena_free(&t.ar);
	VEC_FREE(&t.n);
	strmap_free(&t.by_id);
	return rc;
}
