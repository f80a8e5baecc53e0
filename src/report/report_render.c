/*
 * report/report_render.c - draws a gathered report (report_int.h) as CSV
 * tables or as one HTML page in Bahasa Indonesia with inline SVG charts.
 * Every value from the store goes through the HTML writer (util/html.h,
 * which escapes every %s) or csv_field (CSV): unit names come from
 * outside. The HTML body carries no inline style attribute, so the web
 * front end can embed it under a Content-Security-Policy without
 * 'unsafe-inline'.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_int.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/html.h"

#define TRY(x)                                                                 \
	do {                                                                   \
		if ((x) != 0)                                                  \
			return err_oom();                                      \
	} while (0)

/* Appends s as one CSV field, quoted when it holds , " or a line break.
 * A field a spreadsheet would run as a formula (= + - @ tab CR first) gets
 * a leading apostrophe, so a hostile unit name stays text. */
static int csv_field(struct sbuf *b, const char *s)
{
	int formula = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
	size_t i;

	if (!strpbrk(s, ",\"\r\n"))
		return (formula ? sbuf_putc(b, '\'') : 0) || sbuf_puts(b, s);
	TRY(sbuf_putc(b, '"'));
	if (formula)
		TRY(sbuf_putc(b, '\''));
	for (i = 0; s[i]; i++) {
		if (s[i] == '"')
			TRY(sbuf_putc(b, '"'));
		TRY(sbuf_putc(b, s[i]));
	}
	return sbuf_putc(b, '"');
}

static int csv_units(struct sbuf *b, const struct report *r)
{
	size_t i;
	int k;

	TRY(sbuf_puts(b, "unit_code,unit_name,total"));
	for (k = 0; k < NCAT; k++)
		TRY(sbuf_printf(b, ",%s", report_cat_key[k]));
	for (k = 0; k < NSTATE; k++)
		TRY(sbuf_printf(b, ",%s", report_state_key[k]));
	TRY(sbuf_puts(b, ",overdue,reviewed,review_hours_median\n"));
	for (i = 0; i < r->units.len; i++) {
		const struct tally *t = &r->units.items[i];
		TRY(csv_field(b, t->code));
		TRY(sbuf_putc(b, ','));
		TRY(csv_field(b, t->name));
		TRY(sbuf_printf(b, ",%llu", (unsigned long long)t->total));
		for (k = 0; k < NCAT; k++)
			TRY(sbuf_printf(b, ",%llu", (unsigned long long)t->cat[k]));
		for (k = 0; k < NSTATE; k++)
			TRY(sbuf_printf(b, ",%llu",
					(unsigned long long)t->state[k]));
		TRY(sbuf_printf(b, ",%llu,%llu,", (unsigned long long)t->overdue,
				(unsigned long long)t->reviewed));
		if (t->reviewed)
			TRY(sbuf_printf(b, "%.1f", t->review_median));
		TRY(sbuf_putc(b, '\n'));
	}
	return 0;
}

/* Longest run of days drawn day by day (with the empty days); a wider
 * range (a stray date years away) is drawn with the days that have
 * findings only. */
#define MAX_DAY_SPAN 3700

/* The number of day slots of the trend, and the slot of entry i of
 * day_num (sorted): days since the first, or i when the span is too wide. */
static size_t day_slots(const struct report *r)
{
	size_t n = r->day_num.len;
	int64_t span;

	if (n == 0)
		return 0;
	span = r->day_num.items[n - 1] - r->day_num.items[0] + 1;
	return span <= MAX_DAY_SPAN ? (size_t)span : n;
}

static size_t day_slot(const struct report *r, size_t i)
{
	if (day_slots(r) == r->day_num.len)
		return i;
	return (size_t)(r->day_num.items[i] - r->day_num.items[0]);
}

/* The daily table: one row per day from the first to the last day with a
 * finding, days without any included (0), so the trend is continuous. */
static int csv_daily(struct sbuf *b, const struct report *r)
{
	size_t slot, i = 0, n = day_slots(r);
	char day[16];
	int k;

	TRY(sbuf_puts(b, "date"));
	for (k = 0; k < NCAT; k++)
		TRY(sbuf_printf(b, ",%s", report_cat_key[k]));
	TRY(sbuf_putc(b, '\n'));
	for (slot = 0; slot < n; slot++) {
		const uint64_t *c = NULL;
		int64_t d = n == r->day_num.len ? r->day_num.items[slot]
						: r->day_num.items[0] +
							  (int64_t)slot;

		if (i < r->day_num.len && day_slot(r, i) == slot)
			c = &r->day_cat.items[i++ * NCAT];
		report_day_format(day, sizeof(day), d);
		TRY(sbuf_puts(b, day));
		for (k = 0; k < NCAT; k++)
			TRY(sbuf_printf(b, ",%llu",
					(unsigned long long)(c ? c[k] : 0)));
		TRY(sbuf_putc(b, '\n'));
	}
	return 0;
}

int report_render_csv(struct sbuf *b, const struct report *r,
		      enum report_table table)
{
	size_t i;

	if (table == REPORT_UNITS)
		return csv_units(b, r);
	if (table == REPORT_RULES) {
		TRY(sbuf_puts(b, "rule,count\n"));
		for (i = 0; i < r->top_rules.len; i++) {
			TRY(csv_field(b, r->top_rules.items[i].rule));
			TRY(sbuf_printf(b, ",%lld\n",
					(long long)r->top_rules.items[i].count));
		}
		return 0;
	}
	return csv_daily(b, r);
}

static const char page_head[] =
	"<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">\n"
	"<title>Laporan Temuan Netralitas ASN</title>\n<style>\n"
	"body{font-family:sans-serif;margin:2em;color:#222;max-width:70em}\n"
	"table{border-collapse:collapse;margin:1em 0}\n"
	"th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}\n"
	"th:first-child,td:first-child{text-align:left}\n"
	".cards{display:flex;gap:1em}.card{border:1px solid #ccc;"
	"padding:.8em 1.2em;border-radius:6px}.card b{font-size:1.6em;"
	"display:block}\n.note{color:#555;font-size:.9em}\n"
	".trend{border-bottom:1px solid #999}\n"
	"</style></head><body>\n";

static int html_summary(struct sbuf *b, const struct report *r)
{
	const struct report_opts *o = r->opts;
	double med = 0;
	char from[16] = "awal", to[16] = "sekarang";
	size_t n = r->review_hours.len;

	if (o->from)
		report_day_format(from, sizeof(from), civil_day_of(o->from, r->off));
	if (o->to || o->as_of)
		report_day_format(to, sizeof(to),
				  civil_day_of(o->to ? o->to : o->as_of, r->off));
	if (n)
		med = n % 2 ? r->review_hours.items[n / 2]
			    : (r->review_hours.items[n / 2 - 1] +
			       r->review_hours.items[n / 2]) / 2;
	TRY(html_raw(b, "<h1>Laporan Temuan Potensi Pelanggaran Netralitas ASN</h1>\n<p>"));
	if (r->scope_name[0]) {
		TRY(html_printf(b, "Unit kerja: <b>%s</b> beserta unit di "
				"bawahnya. ", r->scope_name));
	}
	TRY(html_printf(b, "Periode: %s s.d. %s.", from, to));
	if (r->forwarded_only)
		TRY(html_raw(b, " Hanya temuan yang telah diteruskan."));
	TRY(html_raw(b, "</p>\n"));
	TRY(html_printf(b, "<div class=\"cards\"><div class=\"card\"><b>%llu</b>"
			"temuan</div><div class=\"card\"><b>%llu</b>melewati "
			"tenggat</div>", (unsigned long long)r->total,
			(unsigned long long)r->overdue));
	if (n)
		TRY(html_printf(b, "<div class=\"card\"><b>%.1f jam</b>median "
				"waktu sampai ditinjau (%zu temuan)</div></div>\n",
				med, n));
	else
		TRY(html_raw(b, "<div class=\"card\"><b>&ndash;</b>belum ada "
				 "temuan yang ditinjau</div></div>\n"));
	TRY(html_raw(b, "<p class=\"note\">netra menandai <i>potensi</i> "
			 "pelanggaran untuk ditinjau atasan secara berjenjang; "
			 "netra tidak memutuskan sanksi.</p>\n"));
	return 0;
}

/* A horizontal stacked bar of the category counts, width scaled to max. */
static int svg_stack(struct sbuf *b, const uint64_t *cat, uint64_t max,
		     int width)
{
	double x = 0, w;
	int k;

	TRY(html_printf(b, "<svg width=\"%d\" height=\"14\" role=\"img\">",
			width));
	for (k = 0; k < NCAT; k++) {
		if (!cat[k] || !max)
			continue;
		w = (double)cat[k] * width / (double)max;
		TRY(html_printf(b, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" "
				"height=\"14\" fill=\"%s\"><title>%s: %llu"
				"</title></rect>", x, w, report_cat_color[k],
				report_cat_name[k], (unsigned long long)cat[k]));
		x += w;
	}
	return html_raw(b, "</svg>");
}

static int html_legend(struct sbuf *b)
{
	int k;

	TRY(html_raw(b, "<p>"));
	for (k = 0; k < NCAT; k++)
		TRY(html_printf(b, "<svg width=\"10\" height=\"10\" "
				"aria-hidden=\"true\"><rect width=\"10\" "
				"height=\"10\" fill=\"%s\"/></svg> %s &nbsp; ",
				report_cat_color[k], report_cat_name[k]));
	return html_raw(b, "</p>\n");
}

static int html_units(struct sbuf *b, const struct report *r)
{
	uint64_t max = 1;
	size_t i;
	int k;

	for (i = 0; i < r->units.len; i++)
		if (r->units.items[i].total > max)
			max = r->units.items[i].total;
	TRY(html_raw(b, "<h2>Temuan per unit kerja dan kategori</h2>\n"));
	TRY(html_legend(b));
	TRY(html_raw(b, "<table><tr><th>Unit kerja</th><th>Total</th>"));
	for (k = 0; k < NCAT; k++)
		TRY(html_printf(b, "<th>%s</th>", report_cat_name[k]));
	TRY(html_raw(b, "<th>Melewati tenggat</th><th></th></tr>\n"));
	for (i = 0; i < r->units.len; i++) {
		const struct tally *t = &r->units.items[i];
		TRY(html_printf(b, "<tr><td>%s</td><td>%llu</td>",
				t->name[0] ? t->name : t->code,
				(unsigned long long)t->total));
		for (k = 0; k < NCAT; k++)
			TRY(html_printf(b, "<td>%llu</td>",
					(unsigned long long)t->cat[k]));
		TRY(html_printf(b, "<td>%llu</td><td>",
				(unsigned long long)t->overdue));
		TRY(svg_stack(b, t->cat, max, 240));
		TRY(html_raw(b, "</td></tr>\n"));
	}
	return html_raw(b, "</table>\n");
}

static int html_states(struct sbuf *b, const struct report *r)
{
	size_t i;
	int k;

	TRY(html_raw(b, "<h2>Temuan per unit kerja dan status</h2>\n"
			 "<table><tr><th>Unit kerja</th>"));
	for (k = 0; k < NSTATE; k++)
		TRY(html_printf(b, "<th>%s</th>", report_state_name[k]));
	TRY(html_raw(b, "<th>Median jam sampai ditinjau</th></tr>\n"));
	for (i = 0; i < r->units.len; i++) {
		const struct tally *t = &r->units.items[i];
		TRY(html_printf(b, "<tr><td>%s</td>",
				t->name[0] ? t->name : t->code));
		for (k = 0; k < NSTATE; k++)
			TRY(html_printf(b, "<td>%llu</td>",
					(unsigned long long)t->state[k]));
		if (t->reviewed)
			TRY(html_printf(b, "<td>%.1f</td></tr>\n",
					t->review_median));
		else
			TRY(html_raw(b, "<td>&ndash;</td></tr>\n"));
	}
	TRY(html_raw(b, "<tr><th>Jumlah</th>"));
	for (k = 0; k < NSTATE; k++)
		TRY(html_printf(b, "<th>%llu</th>",
				(unsigned long long)r->state[k]));
	return html_raw(b, "<th></th></tr></table>\n");
}

static int html_rules(struct sbuf *b, const struct report *r)
{
	size_t i;

	TRY(html_raw(b, "<h2>Aturan yang paling sering dilanggar</h2>\n"
			 "<table><tr><th>Aturan</th><th>Temuan</th></tr>\n"));
	for (i = 0; i < r->top_rules.len && i < 15; i++) {
		TRY(html_printf(b, "<tr><td>%s</td><td>%lld</td></tr>\n",
				r->top_rules.items[i].rule,
				(long long)r->top_rules.items[i].count));
	}
	return html_raw(b, "</table>\n");
}

/* Stacked columns per day, one colour per category, each day at its own
 * place on the time axis (days without findings stay empty). */
static int html_trend(struct sbuf *b, const struct report *r)
{
	size_t i, n = r->day_num.len, slots = day_slots(r);
	uint64_t max = 1, sum;
	int k, w = 720, h = 180;
	double bw = slots ? (double)w / (double)slots : w, y;
	char day[16];

	for (i = 0; i < n; i++) {
		for (sum = 0, k = 0; k < NCAT; k++)
			sum += r->day_cat.items[i * NCAT + k];
		if (sum > max)
			max = sum;
	}
	TRY(html_printf(b, "<h2>Tren harian</h2>\n<svg width=\"%d\" height=\"%d\""
			" role=\"img\" class=\"trend\">",
			w, h + 16));
	for (i = 0; i < n; i++) {
		report_day_format(day, sizeof(day), r->day_num.items[i]);
		y = h;
		for (k = 0; k < NCAT; k++) {
			uint64_t c = r->day_cat.items[i * NCAT + k];
			double bh = (double)c * h / (double)max;
			if (!c)
				continue;
			y -= bh;
			TRY(html_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width="
					"\"%.1f\" height=\"%.1f\" fill=\"%s\">"
					"<title>%s %s: %llu</title></rect>",
					(double)day_slot(r, i) * bw, y,
					bw > 2 ? bw - 1 : bw, bh,
					report_cat_color[k], day,
					report_cat_name[k],
					(unsigned long long)c));
		}
	}
	if (n) {
		report_day_format(day, sizeof(day), r->day_num.items[0]);
		TRY(html_printf(b, "<text x=\"0\" y=\"%d\" font-size=\"11\">%s"
				"</text>", h + 14, day));
		report_day_format(day, sizeof(day), r->day_num.items[n - 1]);
		TRY(html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
				"text-anchor=\"end\">%s</text>", w, h + 14, day));
	}
	TRY(html_printf(b, "</svg>\n<p class=\"note\">Puncak: %llu temuan per "
			"hari.</p>\n", (unsigned long long)(n ? max : 0)));
	return 0;
}

int report_render_html_body(struct sbuf *b, const struct report *r)
{
	int k;

	TRY(html_summary(b, r));
	TRY(html_raw(b, "<h2>Per kategori</h2>\n<table><tr><th>Kategori</th>"
			 "<th>Temuan</th></tr>\n"));
	for (k = 0; k < NCAT; k++)
		TRY(html_printf(b, "<tr><td>%s</td><td>%llu</td></tr>\n",
				report_cat_name[k],
				(unsigned long long)r->cat[k]));
	TRY(html_raw(b, "</table>\n"));
	TRY(html_units(b, r));
	TRY(html_states(b, r));
	TRY(html_rules(b, r));
	return html_trend(b, r);
}

int report_render_html(struct sbuf *b, const struct report *r)
{
	TRY(html_raw(b, page_head));
	TRY(report_render_html_body(b, r));
	return html_raw(b, "</body></html>\n");
}
