/*
 * web/page_report.c - the dashboard (Beranda) and the report page
 * (Laporan) with its CSV download. Both are the report of src/report,
 * scoped to the signed-in user's units (a Bawaslu user's counts forwarded
 * findings only); the dashboard adds the new and overdue counts on top.
 * The charts are the report's own SVG, embedded without inline style.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report.h"
#include "util/error.h"
#include "util/html.h"
#include "web/pages.h"
#include "util/civiltime.h"
#include "workflow/calendar.h"
#include "workflow/user.h"

int web_report_day(int64_t *out, netra_store *st, const char *unit,
                   const char *s, int end)
{
	int64_t day;
	int32_t off;

	*out = 0;
	if (!s || !*s)
		return 0;
	if (civil_day_parse(&day, s, strlen(s)) != 0 ||
	    wf_unit_code_zone(st, unit, &off))
		return -1;
	*out = civil_day_start(day + (end ? 1 : 0), off) - (end ? 1 : 0);
	return 0;
}

/* Fills o from the request's filters; an error page when one is bad. */
static int report_opts(struct report_opts *o, struct web_req *rq)
{
	const char *unit = web_param_str(&rq->query, "unit");

	memset(o, 0, sizeof(*o));
	o->actor = rq->user.name;
	o->unit_code = unit && *unit ? unit : NULL;
	return web_report_day(&o->from, rq->st, unit,
	                      web_param_str(&rq->query, "dari"), 0) ||
	               web_report_day(&o->to, rq->st, unit,
	                              web_param_str(&rq->query, "sampai"), 1)
	           ? NETRA_EINVALID
	           : 0;
}

/* Runs the report; a unit outside the user's scope (or unknown) is a 404
 * like any other object outside scope. */
static int run_report(char **out, struct web_req *rq, struct web_resp *rs,
                      struct report_opts *o, int *handled)
{
	int rc = report_build(out, rq->st, o);

	*handled = 0;
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED) {
		*handled = 1;
		return web_error_page(rs, rq, 404, "Unit kerja tidak ditemukan.");
	}
	return rc;
}

static int filter_form(struct sbuf *b, struct web_req *rq)
{
	return html_raw(b, "<form method=\"get\" action=\"/laporan\" "
	                   "class=\"filters card\"><div><label for=\"dari\">"
	                   "Dari tanggal</label><input type=\"date\" id=\"dari\" "
	                   "name=\"dari\"") ||
	       html_attr(b, "value", web_param_str(&rq->query, "dari")) ||
	       html_raw(b, "></div><div><label for=\"sampai\">Sampai tanggal"
	                   "</label><input type=\"date\" id=\"sampai\" "
	                   "name=\"sampai\"") ||
	       html_attr(b, "value", web_param_str(&rq->query, "sampai")) ||
	       html_raw(b, "></div><div><label for=\"unit\">Kode unit</label>"
	                   "<input type=\"text\" id=\"unit\" name=\"unit\" "
	                   "size=\"10\"") ||
	       html_attr(b, "value", web_param_str(&rq->query, "unit")) ||
	       html_raw(b, "></div><div><button type=\"submit\">Tampilkan"
	                   "</button></div></form>\n");
}

int page_laporan(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	struct report_opts o;
	struct sbuf *b = &rs->body, q = SBUF_INIT;
	char *body = NULL;
	int rc, handled;

	(void)id;
	if (report_opts(&o, rq))
		return web_error_page(rs, rq, 400, "Tanggal tidak sah (pakai "
		                                   "format TTTT-BB-HH).");
	o.format = REPORT_HTML_BODY;
	if ((rc = run_report(&body, rq, rs, &o, &handled)) || handled)
		return rc;
	rc = html_raw(&q, "dari=") ||
	     html_url_arg(&q, web_param_str(&rq->query, "dari")) ||
	     html_raw(&q, "&sampai=") ||
	     html_url_arg(&q, web_param_str(&rq->query, "sampai")) ||
	     html_raw(&q, "&unit=") ||
	     html_url_arg(&q, web_param_str(&rq->query, "unit"));
	if (!rc)
		rc = web_page_begin(b, rq, "Laporan") || filter_form(b, rq) ||
		     html_raw(b, "<p>Unduh CSV: <a") ||
		     html_printf(b, " href=\"/laporan.csv?tabel=unit&%s\">per "
		                    "unit</a>, <a href=\"/laporan.csv?tabel=aturan"
		                    "&%s\">per aturan</a>, <a href=\"/laporan.csv?"
		                    "tabel=harian&%s\">harian</a></p>\n",
		                 q.data, q.data, q.data) ||
		     html_raw(b, "<div class=\"scroll\">") ||
		     /* the report body is built by the report's HTML writer,
		      * which escapes every value itself */
		     html_raw(b, body) || html_raw(b, "</div>\n") ||
		     web_page_end(b);
	free(body);
	sbuf_free(&q);
	return rc ? err_oom() : 0;
}

int page_laporan_csv(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *t = web_param_str(&rq->query, "tabel");
	struct report_opts o;
	char *body = NULL;
	int rc, handled;

	(void)id;
	if (report_opts(&o, rq))
		return web_error_page(rs, rq, 400, "Tanggal tidak sah.");
	o.format = REPORT_CSV;
	o.table = t && strcmp(t, "aturan") == 0   ? REPORT_RULES
	          : t && strcmp(t, "harian") == 0 ? REPORT_DAILY
	                                          : REPORT_UNITS;
	if ((rc = run_report(&body, rq, rs, &o, &handled)) || handled)
		return rc;
	rs->ctype = "text/csv; charset=utf-8";
	snprintf(rs->disposition, sizeof(rs->disposition),
	         "attachment; filename=\"laporan-%s.csv\"",
	         o.table == REPORT_RULES   ? "aturan"
	         : o.table == REPORT_DAILY ? "harian"
	                                   : "unit");
	rc = sbuf_puts(&rs->body, body) ? err_oom() : 0;
	free(body);
	return rc;
}

int page_beranda(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	struct report_opts o;
	struct sbuf *b = &rs->body;
	char *body = NULL;
	int rc, handled;

	(void)id;
	memset(&o, 0, sizeof(o));
	o.actor = rq->user.name;
	o.format = REPORT_HTML_BODY;
	if ((rc = run_report(&body, rq, rs, &o, &handled)) || handled)
		return rc;
	rc = web_page_begin(b, rq, "Beranda") ||
	     html_printf(b,
	                 "<h1>Beranda</h1><p>Selamat datang, <b>%s</b> (%s, "
	                 "unit %s). <a class=\"button\" href=\"/antrean\">Buka "
	                 "antrean</a> <a class=\"button\" href=\"/antrean?"
	                 "terlambat=1\">Yang melewati tenggat</a></p>\n",
	                 rq->user.name, wf_role_name(rq->user.role),
	                 rq->user.all_units ? "semua unit" : rq->user.unit_code) ||
	     html_raw(b, "<div class=\"scroll\">") || html_raw(b, body) ||
	     html_raw(b, "</div>\n") || web_page_end(b);
	free(body);
	return rc ? err_oom() : 0;
}

/* ---- Pegawai & unit: the registry tree within the user's scope ------- */

static int unit_node(struct sbuf *b, json_t *u, int depth)
{
	json_t *kids = json_object_get(u, "children"), *k;
	size_t i;
	int rc;

	rc = html_printf(
	    b,
	    "<li><a href=\"/pegawai?unit=%s\">%s</a> %s <span class=\"note\">"
	    "(%s; %lld pegawai, %lld akun; dengan unit di bawahnya %lld "
	    "pegawai, %lld akun)</span>",
	    json_string_value(json_object_get(u, "code")),
	    json_string_value(json_object_get(u, "code")),
	    json_string_value(json_object_get(u, "name")),
	    json_string_value(json_object_get(u, "kind")),
	    (long long)json_integer_value(json_object_get(u, "staff")),
	    (long long)json_integer_value(json_object_get(u, "accounts")),
	    (long long)json_integer_value(json_object_get(u, "staff_total")),
	    (long long)json_integer_value(json_object_get(u, "accounts_total")));
	if (!rc && json_array_size(kids) && depth < 12) {
		rc = html_raw(b, "<ul>");
		json_array_foreach(kids, i, k)
		{
			if (rc)
				break;
			rc = unit_node(b, k, depth + 1);
		}
		rc = rc || html_raw(b, "</ul>");
	}
	return rc || html_raw(b, "</li>\n");
}

/* The staff of one unit in the caller's scope with their accounts (the
 * library audits the view); nothing when the library refuses. */
static int staff_table(struct sbuf *b, struct web_req *rq, const char *unit)
{
	json_t *staff = NULL, *e, *a;
	size_t i, k;
	int rc;

	if (wf_unit_staff(&staff, rq->st, rq->user.name, unit))
		return 0;
	rc = html_printf(b, "<h2>Pegawai di unit %s</h2><table id=\"staf\">"
	                    "<tr><th>Nama</th><th>NIP</th><th>Jabatan</th>"
	                    "<th>Status</th><th>Akun</th></tr>", unit);
	json_array_foreach(staff, i, e)
	{
		if (rc)
			break;
		rc = html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td>"
		                    "<td>%s</td><td>",
		                 web_jstr(e, "name"), web_jstr(e, "nip"),
		                 web_jstr(e, "position"), web_jstr(e, "status"));
		json_array_foreach(json_object_get(e, "accounts"), k, a)
			rc = rc || html_printf(b, "%s@%s ", web_jstr(a, "platform"),
			                       web_jstr(a, "handle"));
		rc = rc || html_raw(b, "</td></tr>");
	}
	if (!rc && !json_array_size(staff))
		rc = html_raw(b, "<tr><td colspan=\"5\">Tidak ada pegawai "
		                 "aktif langsung di unit ini.</td></tr>");
	rc = rc || html_raw(b, "</table>\n");
	json_decref(staff);
	return rc;
}

int page_pegawai(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *unit = web_param_str(&rq->query, "unit");
	struct sbuf *b = &rs->body;
	json_t *tree = NULL, *u;
	size_t i;
	int rc;

	(void)id;
	rc = wf_registry_show(&tree, rq->st, rq->user.name,
	                      unit && *unit ? unit : NULL);
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_error_page(rs, rq, 404, "Unit kerja tidak ditemukan.");
	if (rc)
		return rc;
	rc = web_page_begin(b, rq, "Pegawai & unit") ||
	     html_raw(b, "<h1>Pegawai &amp; unit kerja</h1><p>Unit kerja dalam "
	                 "lingkup Anda, dengan jumlah pegawai dan akun media "
	                 "sosial yang terdaftar.</p><ul id=\"unit\">");
	json_array_foreach(json_object_get(tree, "units"), i, u)
	{
		if (rc)
			break;
		rc = unit_node(b, u, 0);
	}
	rc = rc || html_raw(b, "</ul>\n");
	if (!rc && unit && *unit)
		rc = staff_table(b, rq, unit);
	rc = rc || web_page_end(b);
	json_decref(tree);
	return rc ? err_oom() : 0;
}
