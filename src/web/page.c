/*
 * web/page.c - the frame every page shares: head, navigation for the
 * signed-in user (or the public one), the stylesheet (served from memory
 * at /static/netra.css: the Content-Security-Policy allows no inline
 * style or script), error pages and the Indonesian names of states and
 * categories. Phone first: one column under 40em, tables scroll.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/html.h"
#include "web/web_int.h"

const char web_css[] =
    "*{box-sizing:border-box}\n"
    "body{font-family:system-ui,sans-serif;margin:0;color:#1d2329;"
    "background:#f5f6f8;line-height:1.45}\n"
    "header{background:#0b4f6c;color:#fff;padding:.5em 1em}\n"
    "header a,header button{color:#fff}\n"
    "header .brand{font-weight:700;margin-right:1em;text-decoration:none}\n"
    "nav{display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:center}\n"
    "nav form,form.inline{display:inline;margin:0}\n"
    "nav button{background:none;border:1px solid #fff;border-radius:4px;"
    "padding:.1em .6em;cursor:pointer;font:inherit}\n"
    "main{max-width:72em;margin:0 auto;padding:1em}\n"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n"
    ".card{background:#fff;border:1px solid #d5d9de;border-radius:6px;"
    "padding:.8em 1em;margin:.6em 0}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:.8em}\n"
    ".cards .card{flex:1 1 10em;margin:0}.card b{font-size:1.6em;"
    "display:block}\n"
    ".scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;background:#fff;width:100%}\n"
    "th,td{border:1px solid #d5d9de;padding:.35em .5em;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#eef1f4}\n"
    "label{display:block;margin:.5em 0 .2em;font-weight:600}\n"
    "input,select,textarea{font:inherit;padding:.4em;border:1px solid #9aa5b1;"
    "border-radius:4px;max-width:100%}\n"
    "textarea{width:100%;min-height:7em}\n"
    "input[type=text],input[type=password],input[type=url],"
    "input[type=email]{width:100%;max-width:30em}\n"
    "button,.button{background:#0b4f6c;color:#fff;border:0;border-radius:4px;"
    "padding:.5em 1em;font:inherit;cursor:pointer;text-decoration:none;"
    "display:inline-block;margin:.3em 0}\n"
    "button.warn{background:#a12d2d}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:.5em;align-items:end}\n"
    ".filters label{margin:0}\n"
    ".post{white-space:pre-wrap;word-wrap:break-word;background:#fff;"
    "border-left:4px solid #0b4f6c;padding:.6em .8em}\n"
    "mark{background:#ffe066;padding:0 .1em}\n"
    ".note{color:#56606b;font-size:.9em}\n"
    ".ok{color:#1b6e33}.bad{color:#a12d2d}\n"
    ".flash{background:#e7f4ea;border:1px solid #9ccfa8;padding:.6em;"
    "border-radius:4px}\n"
    ".error{background:#fbeaea;border:1px solid #e0a4a4;padding:.6em;"
    "border-radius:4px}\n"
    ".pager a{margin-right:1em}\n"
    ".trend{border-bottom:1px solid #999;max-width:100%;height:auto}\n"
    "svg{max-width:100%}\n"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}\n"
    "dt{font-weight:600}dd{margin:0}\n"
    "@media (max-width:40em){dl{grid-template-columns:1fr}"
    "header .brand{display:block}main{padding:.6em}}\n";

static int nav_link(struct sbuf *b, const char *href, const char *label)
{
	return html_raw(b, "<a") || html_href(b, href) ||
	       html_printf(b, ">%s</a>", label);
}

int web_csrf_field(struct sbuf *b, const struct web_req *rq)
{
	return html_raw(b, "<input type=\"hidden\" name=\"csrf\"") ||
	       html_attr(b, "value", rq->csrf) || html_raw(b, ">");
}

static int nav(struct sbuf *b, const struct web_req *rq)
{
	int rc = html_raw(b, "<header><nav><a class=\"brand\" href=\"/\">"
	                     "netra</a>");

	if (!rc && rq->logged_in) {
		rc = nav_link(b, "/", "Beranda") ||
		     nav_link(b, "/antrean", "Antrean") ||
		     nav_link(b, "/laporan", "Laporan") ||
		     nav_link(b, "/pegawai", "Pegawai & unit") ||
		     nav_link(b, "/cakupan", "Cakupan");
		if (!rc && rq->user.role == WF_ROLE_BKPP)
			rc = nav_link(b, "/aduan", "Aduan masyarakat") ||
			     nav_link(b, "/pengguna", "Pengguna") ||
			     nav_link(b, "/token", "Token API");
	}
	if (!rc)
		rc = nav_link(b, "/pedoman", "Pedoman") ||
		     nav_link(b, "/cek", "Cek sebelum unggah") ||
		     nav_link(b, "/lapor", "Laporan masyarakat");
	if (!rc && rq->logged_in)
		rc = nav_link(b, "/sandi", rq->user.name) ||
		     html_raw(b, "<form method=\"post\" action=\"/keluar\">") ||
		     web_csrf_field(b, rq) ||
		     html_raw(b, "<button type=\"submit\">Keluar</button>"
		                 "</form>");
	else if (!rc)
		rc = nav_link(b, "/masuk", "Masuk");
	return rc || html_raw(b, "</nav></header>\n<main>\n") ? err_oom() : 0;
}

int web_page_begin(struct sbuf *b, const struct web_req *rq,
                   const char *title)
{
	if (html_printf(b,
	                "<!DOCTYPE html>\n<html lang=\"id\"><head>"
	                "<meta charset=\"utf-8\">"
	                "<meta name=\"viewport\" content=\"width=device-width,"
	                "initial-scale=1\">"
	                "<title>%s - netra</title>"
	                "<link rel=\"stylesheet\" href=\"/static/netra.css\">"
	                "</head><body>\n",
	                title))
		return err_oom();
	return nav(b, rq);
}

int web_page_end(struct sbuf *b)
{
	return html_raw(b, "</main>\n<footer><main><p class=\"note\">netra "
	                   "menandai <i>potensi</i> pelanggaran netralitas ASN "
	                   "untuk ditinjau atasan secara berjenjang; netra "
	                   "tidak memutuskan sanksi.</p></main></footer>\n"
	                   "</body></html>\n")
	           ? err_oom()
	           : 0;
}

int web_error_page(struct web_resp *rs, const struct web_req *rq,
                   int status, const char *message)
{
	const char *title = status == 404   ? "Tidak ditemukan"
	                    : status == 403 ? "Ditolak"
	                    : status == 429 ? "Terlalu banyak permintaan"
	                    : status >= 500 ? "Kesalahan server"
	                                    : "Permintaan tidak dapat diproses";

	rs->status = status;
	sbuf_clear(&rs->body);
	if (web_page_begin(&rs->body, rq, title) ||
	    html_printf(&rs->body, "<h1>%s</h1><p class=\"error\">%s</p>",
	                title, message) ||
	    web_page_end(&rs->body))
		return err_oom();
	return 0;
}

int web_redirect(struct web_resp *rs, const char *path)
{
	rs->status = 303;
	snprintf(rs->location, sizeof(rs->location), "%s", path);
	return 0;
}

const char *web_state_name(const char *state)
{
	static const char *const map[][2] = {
	    {"baru", "Baru"},
	    {"ditinjau_opd", "Ditinjau OPD"},
	    {"dikonfirmasi_opd", "Dikonfirmasi OPD"},
	    {"diverifikasi_bkpp", "Diverifikasi BKPP"},
	    {"ditolak", "Ditolak"},
	    {"diteruskan", "Diteruskan"},
	    {"selesai", "Selesai"},
	};
	size_t i;

	for (i = 0; state && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(state, map[i][0]) == 0)
			return map[i][1];
	return state ? state : "-";
}

const char *web_category_name(const char *cat)
{
	static const char *const map[][2] = {
	    {"support", "Dukungan"},
	    {"attack", "Serangan"},
	    {"hate_speech", "Ujaran kebencian"},
	    {"hoax", "Hoaks"},
	};
	size_t i;

	for (i = 0; cat && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(cat, map[i][0]) == 0)
			return map[i][1];
	return cat ? cat : "-";
}

static int cmp_span(const void *a, const void *b)
{
	const size_t *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

int web_highlight(struct sbuf *b, const char *text, json_t *spans)
{
	size_t n = text ? strlen(text) : 0, k = 0, i, at = 0, (*sp)[2];
	json_t *s;
	int rc = 0;

	sp = calloc(json_array_size(spans) + 1, sizeof(*sp));
	if (!sp)
		return err_oom();
	json_array_foreach(spans, i, s)
	{
		json_int_t a = json_integer_value(json_array_get(s, 0));
		json_int_t e = json_integer_value(json_array_get(s, 1));

		if (a >= 0 && e > a && (size_t)e <= n) {
			sp[k][0] = (size_t)a;
			sp[k][1] = (size_t)e;
			k++;
		}
	}
	qsort(sp, k, sizeof(*sp), cmp_span);
	for (i = 0; i < k && !rc; i++) {
		size_t a = sp[i][0] < at ? at : sp[i][0], e = sp[i][1];

		if (e <= at)
			continue;
		rc = html_textn(b, text + at, a - at) ||
		     html_raw(b, "<mark>") || html_textn(b, text + a, e - a) ||
		     html_raw(b, "</mark>");
		at = e;
	}
	if (!rc)
		rc = html_textn(b, text + at, n - at);
	free(sp);
	return rc ? err_oom() : 0;
}

const char *web_jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}
