/*
 * registry/show.c - netra_registry_show(): the active unit tree with, per
 * unit, its own staff and account counts and the totals of its subtree,
 * as indented text or nested JSON (`netra registry show`).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/registry.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/sbuf.h"
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

static int render_text(struct sbuf *b, const struct tree *t, long i, int depth)
{
	const struct node *x = &t->n.items[i];
	long c;
	int rc = sbuf_printf(b,
	                     "%*s%s  %s [%s]  pegawai %" PRId64 "/%" PRId64
	                     "  akun %" PRId64 "/%" PRId64 "\n",
	                     depth * 2, "", x->code, x->name, x->kind, x->staff,
	                     x->staff_total, x->accounts, x->accounts_total);

	for (c = x->first; rc == 0 && c >= 0 && depth < 1000;
	     c = t->n.items[c].next)
		rc = render_text(b, t, c, depth + 1);
	return rc;
}

static int render_json(struct sbuf *b, const struct tree *t, long i, int depth)
{
	const struct node *x = &t->n.items[i];
	long c;
	int rc;

	if ((rc = sbuf_puts(b, "{\"code\":")) ||
	    (rc = sbuf_json_str(b, x->code, strlen(x->code))) ||
	    (rc = sbuf_puts(b, ",\"name\":")) ||
	    (rc = sbuf_json_str(b, x->name, strlen(x->name))) ||
	    (rc = sbuf_puts(b, ",\"kind\":")) ||
	    (rc = sbuf_json_str(b, x->kind, strlen(x->kind))) ||
	    (rc = sbuf_printf(b,
	                      ",\"staff\":%" PRId64 ",\"staff_total\":%" PRId64
	                      ",\"accounts\":%" PRId64
	                      ",\"accounts_total\":%" PRId64 ",\"children\":[",
	                      x->staff, x->staff_total, x->accounts,
	                      x->accounts_total)))
		return rc;
	for (c = x->first; rc == 0 && c >= 0 && depth < 1000;
	     c = t->n.items[c].next) {
		if (c != x->first)
			rc = sbuf_putc(b, ',');
		if (rc == 0)
			rc = render_json(b, t, c, depth + 1);
	}
	return rc ? rc : sbuf_puts(b, "]}");
}

/* Renders the roots (or the one unit `only`, when >= 0). */
static int render(struct sbuf *b, struct tree *t, long only, int json)
{
	size_t i;
	int rc = 0, first = 1;

	if (json)
		rc = sbuf_puts(b, "{\"units\":[");
	else
		rc = sbuf_puts(b, "unit kerja  pegawai sendiri/total  "
		                  "akun sendiri/total\n");
	for (i = 0; rc == 0 && i < t->n.len; i++) {
		if (only >= 0 ? (long)i != only : t->n.items[i].has_parent)
			continue;
		totals(t, (long)i, 0);
		if (json && !first)
			rc = sbuf_putc(b, ',');
		first = 0;
		if (rc == 0)
			rc = json ? render_json(b, t, (long)i, 0)
			          : render_text(b, t, (long)i, 0);
	}
	if (rc == 0 && json)
		rc = sbuf_puts(b, "]}\n");
	return rc;
}

static long find_code(const struct tree *t, const char *code)
{
	size_t i;

	for (i = 0; i < t->n.len; i++)
		if (strcmp(t->n.items[i].code, code) == 0)
			return (long)i;
	return -1;
}

int netra_registry_show(char **out, netra_store *st, const char *unit_code,
                        int json)
{
	struct tree t = {ARENA_INIT, VEC_INIT, STRMAP_INIT};
	struct sbuf b = SBUF_INIT;
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
	if ((rc = render(&b, &t, only, json)))
		goto done;
	if (!(*out = sbuf_detach(&b)))
		rc = err_oom();
done:
	sbuf_free(&b);
	arena_free(&t.ar);
	VEC_FREE(&t.n);
	strmap_free(&t.by_id);
	return rc;
}
