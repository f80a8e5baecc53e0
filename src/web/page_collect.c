/*
 * web/page_collect.c - /cakupan: the coverage of the collectors (`netra
 * collect status`, docs/collect.md) for the signed-in user, per platform
 * and per unit of their scope (collect_status_scoped: the totals too are
 * summed over the units in scope only), so BKPP and OPD staff see where
 * coverage has gaps. Times in the region's zone; every value escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/collect_int.h"
#include "util/civiltime.h"
#include "util/error.h"
#include "util/html.h"
#include "web/pages.h"
#include "workflow/calendar.h"

static int row_html(struct sbuf *b, const struct collect_status_row *r,
                    int32_t off)
{
	char when[40] = "belum pernah";

	if (r->last_success)
		civil_time_format(when, sizeof(when), r->last_success, off);
	return html_raw(b, r->unit[0] ? "<tr>" : "<tr class=\"total\">") ||
	       html_printf(b, "<td>%s</td><td>%s</td>", r->platform,
	                   r->unit[0] ? r->unit_name : "Semua unit") ||
	       html_printf(b,
	                   "<td class=\"num\">%lld</td><td>%s</td>"
	                   "<td class=\"num\">%lld</td><td class=\"num\">%lld"
	                   "</td><td class=\"num\">%lld</td>"
	                   "<td class=\"num\">%lld</td>"
	                   "<td class=\"num\">%lld</td></tr>\n",
	                   (long long)r->watched, when,
	                   (long long)r->events_day, (long long)r->errors_day,
	                   (long long)r->unreachable,
	                   (long long)r->maybe_renamed, (long long)r->silent);
}

int page_cakupan(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	struct collect_status_row *rows = NULL;
	struct sbuf *b = &rs->body;
	size_t n = 0, i;
	int32_t off = 0;
	int rc;

	(void)id;
	if ((rc = wf_zone(rq->st, &off)) ||
	    (rc = collect_status_scoped(&rows, &n, rq->st, rq->user.name,
	                                civil_now())))
		return rc;
	rc = web_page_begin(b, rq, "Cakupan pemantauan") ||
	     html_raw(b, "<h1>Cakupan pemantauan</h1><p>Akun media sosial "
	                 "terdaftar dalam lingkup Anda yang dipantau oleh "
	                 "pengumpul otomatis, per platform dan unit kerja. "
	                 "<em>Tak terjangkau</em>: akun privat, ditangguhkan "
	                 "atau hilang. <em>Mungkin ganti nama</em>: akun "
	                 "yang tidak ditemukan lagi dengan nama penggunanya, "
	                 "padahal ID tetapnya pernah terlihat (Instagram "
	                 "mencari menurut nama pengguna): periksa apakah "
	                 "pemiliknya mengganti nama, lalu perbarui "
	                 "registri. <em>Senyap</em>: biasanya aktif "
	                 "(median empat minggu sebelumnya paling sedikit satu "
	                 "peristiwa per minggu) tetapi tidak ada peristiwa "
	                 "dalam dua minggu terakhir.</p>\n");
	if (!rc && !n)
		rc = html_raw(b, "<p>Belum ada akun yang dipantau dalam lingkup "
		                 "Anda.</p>\n");
	if (!rc && n)
		rc = html_raw(b, "<div class=\"scroll\"><table id=\"cakupan\">"
		                 "<thead><tr><th>Platform</th><th>Unit kerja</th>"
		                 "<th>Akun dipantau</th><th>Terakhir berhasil</th>"
		                 "<th>Peristiwa 24 jam</th><th>Galat 24 jam</th>"
		                 "<th>Tak terjangkau</th>"
		                 "<th>Mungkin ganti nama</th><th>Senyap</th></tr>"
		                 "</thead><tbody>\n");
	for (i = 0; i < n && !rc; i++)
		rc = row_html(b, &rows[i], off);
	if (!rc && n)
		rc = html_raw(b, "</tbody></table></div>\n");
	rc = rc || web_page_end(b);
	free(rows);
	return rc ? err_oom() : 0;
}
