/*
 * report/report_json.c - the report as one JSON object, for the web API
 * (GET /api/v1/report, docs/api.md): the same tallies as the CSV tables
 * and the HTML page (report.c gathers them), with keys in English and
 * the stored category and state names. Days without findings are left
 * out of "daily" (the CSV writes them as zeros).
 */
#include <stdlib.h>

#include <jansson.h>

#include "report/report_int.h"
#include "util/civiltime.h"
#include "util/error.h"

static double median(const double *v, size_t n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* {"support": n, ...} of counts by category (or state). */
static json_t *counts(const char *const *keys, const uint64_t *n, int len)
{
	json_t *o = json_object();
	int k;

	for (k = 0; o && k < len; k++)
		if (json_object_set_new(o, keys[k],
		                        json_integer((json_int_t)n[k]))) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static json_t *day_json(int64_t day)
{
	char buf[16];

	report_day_format(buf, sizeof(buf), day);
	return json_string(buf);
}

static json_t *units_json(const struct report *r)
{
	json_t *arr = json_array(), *u;
	size_t i;

	for (i = 0; arr && i < r->units.len; i++) {
		const struct tally *t = &r->units.items[i];

		u = json_pack("{s:s, s:s, s:I, s:o, s:o, s:I, s:I, s:o}", "code",
		              t->code, "name", t->name, "total",
		              (json_int_t)t->total, "categories",
		              counts(report_cat_key, t->cat, NCAT), "states",
		              counts(report_state_key, t->state, NSTATE),
		              "overdue", (json_int_t)t->overdue, "reviewed",
		              (json_int_t)t->reviewed, "review_hours_median",
		              t->reviewed ? json_real(t->review_median)
		                          : json_null());
		if (!u || json_array_append_new(arr, u)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *rules_json(const struct report *r)
{
	json_t *arr = json_array(), *x;
	size_t i;

	for (i = 0; arr && i < r->top_rules.len; i++) {
		x = json_pack("{s:s, s:I}", "rule", r->top_rules.items[i].rule,
		              "count", (json_int_t)r->top_rules.items[i].count);
		if (!x || json_array_append_new(arr, x)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *daily_json(const struct report *r)
{
	json_t *arr = json_array(), *x;
	size_t i;

	for (i = 0; arr && i < r->day_num.len; i++) {
		x = json_pack("{s:o, s:o}", "date", day_json(r->day_num.items[i]),
		              "categories",
		              counts(report_cat_key, &r->day_cat.items[i * NCAT],
		                     NCAT));
		if (!x || json_array_append_new(arr, x)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

int report_render_json(struct sbuf *b, const struct report *r)
{
	const struct report_opts *o = r->opts;
	size_t n = r->review_hours.len;
	json_t *doc;
	char *s;
	int rc;

	doc = json_pack(
	    "{s:o, s:o, s:o, s:o, s:b, s:{s:I, s:I, s:o, s:o, s:I, s:o}, "
	    "s:o, s:o, s:o}",
	    "scope", r->scope_name[0] ? json_string(r->scope_name) : json_null(),
	    "from", o->from ? day_json(civil_day_of(o->from, r->off)) : json_null(),
	    "to", o->to ? day_json(civil_day_of(o->to, r->off)) : json_null(),
	    "as_of", day_json(civil_day_of(r->now, r->off)), "forwarded_only",
	    r->forwarded_only, "totals", "findings", (json_int_t)r->total,
	    "overdue", (json_int_t)r->overdue, "categories",
	    counts(report_cat_key, r->cat, NCAT), "states",
	    counts(report_state_key, r->state, NSTATE), "reviewed",
	    (json_int_t)n, "review_hours_median",
	    n ? json_real(median(r->review_hours.items, n)) : json_null(),
	    "units", units_json(r), "rules", rules_json(r), "daily",
	    daily_json(r));
	if (!doc)
		return err_oom();
	s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
	json_decref(doc);
	if (!s)
		return err_oom();
	rc = sbuf_puts(b, s) || sbuf_putc(b, '\n') ? err_oom() : 0;
	free(s);
	return rc;
}
