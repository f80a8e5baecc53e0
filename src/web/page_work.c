/*
 * web/page_work.c - the reviewer's pages: the queue (Antrean: the
 * findings of the user's units, with filters, sort, pages and count) and
 * one finding (Temuan: the post as captured with the words that fired
 * marked, the rule, its legal basis and explanation, the employee and
 * unit, the other posts of the same campaign group, the history, and the
 * actions the user may take now with the reasons they need). Scope,
 * conflicts of interest and the audit row of each view are the
 * workflow's (wf_finding_list, wf_finding_show, wf_finding_act): a finding
 * outside the user's scope is a 404 here exactly like a missing one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/html.h"
#include "web/bundle.h"
#include "web/pages.h"
#include "workflow/finding.h"


static const char *jstr2(json_t *o, const char *k1, const char *k2)
{
	return web_jstr(json_object_get(o, k1), k2);
}

static const char *const states[] = {
    "baru",    "ditinjau_opd", "dikonfirmasi_opd", "diverifikasi_bkpp",
    "ditolak", "diteruskan",   "selesai"};
static const char *const cats[] = {"support", "attack", "hate_speech",
                                   "hoax"};

/* Indonesian labels of the actions, for buttons. */
static const char *action_label(const char *a)
{
	static const char *const map[][2] = {
	    {"review", "Mulai tinjau"},    {"confirm", "Konfirmasi"},
	    {"dismiss", "Tolak (bukan pelanggaran)"},
	    {"verify", "Verifikasi"},      {"forward", "Teruskan"},
	    {"close", "Selesai"},          {"reopen", "Buka kembali"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(a, map[i][0]) == 0)
			return map[i][1];
	return a;
}

/* ---- the queue ------------------------------------------------------- */

/* Reads the queue's query parameters into f; 0, or -1 when one is bad.
 * A page is read after (or before) a cursor when the link carries one
 * (`after`, `before`: every page then costs what the first does); `hal`
 * alone (links people kept) is read by offset, and with a cursor only
 * numbers the page. */
static int queue_filter(struct wf_list_filter *f, const struct web_req *rq,
                        int64_t *page)
{
	const char *st = web_param_str(&rq->query, "status");
	const char *cat = web_param_str(&rq->query, "kategori");
	const char *unit = web_param_str(&rq->query, "unit");
	const char *sort = web_param_str(&rq->query, "urut");
	const char *pg = web_param_str(&rq->query, "hal");
	int s;

	memset(f, 0, sizeof(*f));
	f->state = st && *st ? st : NULL;
	f->category = cat && *cat ? cat : NULL;
	f->unit_code = unit && *unit ? unit : NULL;
	f->overdue = web_param_str(&rq->query, "terlambat") != NULL;
	f->desc = web_param_str(&rq->query, "turun") != NULL;
	f->limit = WF_LIST_LIMIT;
	if (sort && *sort) {
		if ((s = wf_sort_parse(sort)) < 0)
			return -1;
		f->sort = (enum wf_sort)s;
	}
	*page = pg && *pg ? atoll(pg) : 1;
	if (*page < 1 || *page > 1000000)
		return -1;
	f->after = web_param_str(&rq->query, "after");
	f->before = web_param_str(&rq->query, "before");
	if (!f->after && !f->before)
		f->offset = (*page - 1) * f->limit;
	return 0;
}

static int select_field(struct sbuf *b, const char *name, const char *label,
                        const char *const *vals, size_t n, const char *cur,
                        const char *(*show)(const char *))
{
	size_t i;
	int rc = html_printf(b, "<div><label for=\"%s\">%s</label><select "
	                        "id=\"%s\" name=\"%s\"><option value=\"\">"
	                        "(semua)</option>",
	                     name, label, name, name);

	for (i = 0; !rc && i < n; i++)
		rc = html_raw(b, "<option") || html_attr(b, "value", vals[i]) ||
		     html_raw(b, cur && strcmp(cur, vals[i]) == 0 ? " selected>"
		                                                  : ">") ||
		     html_printf(b, "%s</option>", show(vals[i]));
	return rc || html_raw(b, "</select></div>");
}

static const char *sort_label(const char *s)
{
	static const char *const map[][2] = {
	    {"id", "Nomor"},         {"due", "Tenggat"},
	    {"created", "Dibuat"},   {"severity", "Tingkat"},
	    {"unit", "Unit"},        {"state", "Status"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return s;
}

static int queue_form(struct sbuf *b, const struct web_req *rq)
{
	static const char *const sorts[] = {"id",       "due",  "created",
	                                    "severity", "unit", "state"};

	return html_raw(b, "<form method=\"get\" action=\"/antrean\" "
	                   "class=\"filters card\">") ||
	       select_field(b, "status", "Status", states, 7,
	                    web_param_str(&rq->query, "status"),
	                    web_state_name) ||
	       select_field(b, "kategori", "Kategori", cats, 4,
	                    web_param_str(&rq->query, "kategori"),
	                    web_category_name) ||
	       html_raw(b, "<div><label for=\"unit\">Kode unit</label><input "
	                   "type=\"text\" id=\"unit\" name=\"unit\" size=\"10\"") ||
	       html_attr(b, "value", web_param_str(&rq->query, "unit")) ||
	       html_raw(b, "></div>") ||
	       select_field(b, "urut", "Urutkan", sorts, 6,
	                    web_param_str(&rq->query, "urut"), sort_label) ||
	       html_raw(b, "<div><label><input type=\"checkbox\" "
	                   "name=\"turun\" value=\"1\"") ||
	       html_raw(b, web_param_str(&rq->query, "turun") ? " checked" : "") ||
	       html_raw(b, "> menurun</label><label><input type=\"checkbox\" "
	                   "name=\"terlambat\" value=\"1\"") ||
	       html_raw(b, web_param_str(&rq->query, "terlambat") ? " checked"
	                                                          : "") ||
	       html_raw(b, "> melewati tenggat</label></div><div><button "
	                   "type=\"submit\">Saring</button></div></form>\n");
}

/* A link to page p of the current filters, after or before the row of
 * cursor (the page's "next" or "prev"; NULL: page p by offset). */
static int page_link(struct sbuf *b, const struct web_req *rq, int64_t p,
                     const char *dir, json_t *cursor)
{
	static const char *const keys[] = {"status", "kategori", "unit",
	                                   "urut",   "turun",    "terlambat"};
	size_t i;
	int rc = html_raw(b, "<a href=\"/antrean?");

	for (i = 0; !rc && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = web_param_str(&rq->query, keys[i]);

		if (v && *v)
			rc = html_printf(b, "%s=", keys[i]) ||
			     html_url_arg(b, v) || html_raw(b, "&amp;");
	}
	if (!rc && json_is_string(cursor))
		rc = html_printf(b, "%s=", dir) ||
		     html_url_arg(b, json_string_value(cursor)) ||
		     html_raw(b, "&amp;");
	return rc || html_printf(b, "hal=%lld\">", (long long)p);
}

static int queue_rows(struct sbuf *b, json_t *page)
{
	json_t *f;
	size_t i;
	int rc = html_raw(b, "<div class=\"scroll\"><table id=\"antrean\"><tr>"
	                     "<th>No.</th><th>Status</th><th>Kategori</th>"
	                     "<th>Aturan</th><th>Tingkat</th><th>Unit</th>"
	                     "<th>Ditangani</th><th>Tenggat</th></tr>\n");

	json_array_foreach(json_object_get(page, "findings"), i, f)
	{
		long long id = json_integer_value(json_object_get(f, "id"));

		if (rc)
			break;
		rc = html_printf(
		    b,
		    "<tr><td><a href=\"/temuan/%lld\">#%lld</a></td><td>%s</td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "<td>%s%s</td></tr>\n",
		    id, id, web_state_name(web_jstr(f, "state")),
		    web_category_name(web_jstr(f, "category")), web_jstr(f, "rule"),
		    web_jstr(f, "severity"), web_jstr(f, "unit"),
		    web_jstr(f, "assigned_unit"), web_jstr(f, "due_at"),
		    json_is_true(json_object_get(f, "overdue"))
		        ? " (terlambat)"
		        : "");
	}
	return rc || html_raw(b, "</table></div>\n");
}

int page_antrean(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	struct wf_list_filter f;
	struct sbuf *b = &rs->body;
	json_t *page = NULL;
	int64_t pg, total, pages;
	int rc;

	(void)id;
	if (queue_filter(&f, rq, &pg))
		return web_error_page(rs, rq, 400, "Saringan tidak sah.");
	rc = wf_finding_list(&page, rq->st, rq->user.name, &f);
	if (rc == NETRA_EINVALID)
		return web_error_page(rs, rq, 400, "Saringan tidak sah.");
	if (rc == NETRA_ENOTFOUND)
		return web_error_page(rs, rq, 404, "Unit kerja tidak ditemukan.");
	if (rc)
		return rc;
	total = json_integer_value(json_object_get(page, "total"));
	pages = total ? (total + f.limit - 1) / f.limit : 1;
	rc = web_page_begin(b, rq, "Antrean temuan") ||
	     html_raw(b, "<h1>Antrean temuan</h1>\n") || queue_form(b, rq) ||
	     html_printf(b,
	                 "<p id=\"jumlah\"><b>%lld</b> temuan; halaman %lld "
	                 "dari %lld.</p>\n",
	                 (long long)total, (long long)pg, (long long)pages) ||
	     queue_rows(b, page) || html_raw(b, "<p class=\"pager\">");
	/* page 1 is the plain first page; the others go by cursor */
	if (!rc && pg > 1)
		rc = page_link(b, rq, pg - 1, "before",
		               pg > 2 ? json_object_get(page, "prev") : NULL) ||
		     html_raw(b, "&larr; Sebelumnya</a>");
	if (!rc && json_is_string(json_object_get(page, "next")))
		rc = page_link(b, rq, pg + 1, "after",
		               json_object_get(page, "next")) ||
		     html_raw(b, "Berikutnya &rarr;</a>");
	rc = rc || html_raw(b, "</p>\n") || web_page_end(b);
	json_decref(page);
	return rc ? err_oom() : 0;
}

/* ---- one finding ------------------------------------------------------- */

/* The post's images: the text read off each (the words that fired
 * marked when the finding's field is that image's text), a fetch that
 * was refused, and an official campaign image it re-posts. */
static int media_block(struct sbuf *b, json_t *o, json_t *none)
{
	json_t *arr = json_object_get(json_object_get(o, "event"), "media");
	json_t *m, *kn;
	const char *field = web_jstr(o, "field");
	char want[48];
	size_t i;
	int rc = 0;

	if (!json_array_size(arr))
		return 0;
	rc = html_raw(b, "<h2>Gambar dalam unggahan</h2>\n");
	json_array_foreach(arr, i, m) {
		if (rc)
			break;
		snprintf(want, sizeof(want), "media[%zu].ocr_text", i);
		rc = html_printf(b, "<h3>Gambar %zu</h3>", i + 1);
		kn = json_object_get(m, "known");
		if (!rc && json_is_object(kn))
			rc = html_printf(
			    b,
			    "<p class=\"bad\">Sama dengan gambar resmi "
			    "kampanye pasangan nomor %lld (%s): selisih sidik "
			    "gambar %lld dari 64 bit.</p>",
			    (long long)json_integer_value(
			        json_object_get(kn, "candidate")),
			    web_jstr(kn, "label"),
			    (long long)json_integer_value(
			        json_object_get(kn, "distance")));
		if (!rc && json_is_string(json_object_get(m, "error")))
			rc = html_printf(b, "<p>Tidak diambil: %s</p>",
			                 web_jstr(m, "error"));
		if (!rc && json_is_string(json_object_get(m, "ocr_text")))
			rc = html_printf(b, "<p>Teks terbaca pada gambar "
			                    "(%s):</p><div class=\"post\" "
			                    "id=\"gambar%zu\">",
			                 strcmp(web_jstr(m, "text_from"), "ocr")
			                     ? "dari rekaman unggahan"
			                     : "dibaca netra dengan OCR",
			                 i + 1) ||
			     web_highlight(b, web_jstr(m, "ocr_text"),
			                   strcmp(field, want) == 0
			                       ? json_object_get(o, "spans")
			                       : none) ||
			     html_raw(b, "</div>\n");
	}
	return rc;
}

/* The post's text with the words that fired marked: the spans of the
 * finding's rule point into the post's own text unless its verdict
 * finding names another field (the target's text, an image's text). */
static int post_block(struct sbuf *b, json_t *o)
{
	json_t *ev = json_object_get(o, "event");
	json_t *spans = json_object_get(o, "spans");
	const char *field = web_jstr(o, "field");
	const char *text = web_jstr(ev, "text");
	const char *target = web_jstr(ev, "target_text");
	json_t *none = json_array();
	int own = !*field, rc;

	if (!none)
		return err_oom();
	rc = html_printf(b,
	                 "<h2>Unggahan</h2><p>%s %s oleh <b>@%s</b>, %s",
	                 web_jstr(ev, "platform"), web_jstr(ev, "type"),
	                 web_jstr(ev, "account"), web_jstr(ev, "created_at"));
	if (!rc && json_is_string(json_object_get(ev, "deleted_at")))
		rc = html_printf(b, "; <b class=\"bad\">dihapus pemiliknya "
		                    "pada %s</b> (tetap tersimpan sebagai bukti)",
		                 web_jstr(ev, "deleted_at"));
	if (!rc && json_is_string(json_object_get(ev, "url")))
		rc = html_raw(b, " &middot; <a rel=\"noreferrer\"") ||
		     html_href(b, web_jstr(ev, "url")) ||
		     html_raw(b, ">tautan asli</a>");
	rc = rc || html_raw(b, "</p><div class=\"post\" id=\"teks\">") ||
	     web_highlight(b, text, own ? spans : none) ||
	     html_raw(b, "</div>\n");
	if (!rc && (*target || json_is_string(json_object_get(ev,
	                                                      "target_account"))))
		rc = html_printf(b, "<h2>Unggahan yang disukai, dibagikan atau "
		                    "dikomentari</h2><p>Akun sasaran: "
		                    "<b>@%s</b></p><div class=\"post\" "
		                    "id=\"sasaran\">",
		                 web_jstr(ev, "target_account")) ||
		     web_highlight(b, target,
		                   strcmp(field, "target.text") ? none : spans) ||
		     html_raw(b, "</div>\n");
	rc = rc || media_block(b, o, none);
	json_decref(none);
	return rc ? err_oom() : 0;
}

static int detail_block(struct sbuf *b, json_t *o)
{
	return html_printf(
	    b,
	    "<dl class=\"card\"><dt>Status</dt><dd>%s%s</dd>"
	    "<dt>Kategori</dt><dd>%s</dd><dt>Aturan</dt><dd>%s (tingkat %s)"
	    "</dd><dt>Dasar hukum</dt><dd>%s</dd><dt>Penjelasan</dt>"
	    "<dd>%s</dd><dt>Pegawai</dt><dd>%s (NIP %s), %s, %s</dd>"
	    "<dt>Unit kerja</dt><dd>%s &ndash; %s</dd><dt>Ditangani</dt>"
	    "<dd>%s, tenggat %s</dd>",
	    web_state_name(web_jstr(o, "state")),
	    json_is_true(json_object_get(o, "overdue")) ? " (TERLAMBAT)" : "",
	    web_category_name(web_jstr(o, "category")), web_jstr(o, "rule"),
	    web_jstr(o, "severity"), web_jstr(o, "basis"), web_jstr(o, "explanation"),
	    jstr2(o, "employee", "name"), jstr2(o, "employee", "nip"),
	    jstr2(o, "employee", "position"), jstr2(o, "employee", "status"),
	    jstr2(o, "unit", "code"), jstr2(o, "unit", "name"),
	    jstr2(o, "assigned_unit", "code"), web_jstr(o, "due_at")) ||
	       (json_is_object(json_object_get(json_object_get(o, "employee"),
	                                        "supervisor")) &&
	        html_printf(b, "<dt>Atasan langsung</dt><dd>%s (NIP %s)</dd>",
	                    jstr2(json_object_get(o, "employee"), "supervisor",
	                          "name"),
	                    jstr2(json_object_get(o, "employee"), "supervisor",
	                          "nip"))) ||
	       (json_is_string(json_object_get(o, "reason")) &&
	        html_printf(b, "<dt>Alasan terakhir</dt><dd>%s</dd>",
	                    web_jstr(o, "reason"))) ||
	       html_raw(b, "</dl>\n");
}

static int group_block(struct sbuf *b, json_t *o)
{
	json_t *g = json_object_get(o, "same_content"), *x;
	size_t i;
	int rc;

	if (json_array_size(g) == 0)
		return 0;
	rc = html_printf(b, "<h2>Konten sama (kemungkinan kampanye "
	                    "salin-tempel): %zu temuan lain</h2><ul>",
	                 json_array_size(g));
	json_array_foreach(g, i, x)
	{
		long long id = json_integer_value(json_object_get(x, "id"));

		if (rc)
			break;
		rc = html_printf(b, "<li><a href=\"/temuan/%lld\">#%lld</a> %s "
		                    "@%s &ndash; %s (%s), %s</li>",
		                 id, id, web_jstr(x, "platform"), web_jstr(x, "account"),
		                 web_jstr(x, "employee"), web_jstr(x, "unit"),
		                 web_state_name(web_jstr(x, "state")));
	}
	return rc || html_raw(b, "</ul>\n");
}

static int history_block(struct sbuf *b, json_t *o)
{
	json_t *h;
	size_t i;
	int rc = html_raw(b, "<h2>Riwayat</h2><div class=\"scroll\"><table "
	                     "id=\"riwayat\"><tr><th>Waktu</th><th>Oleh</th>"
	                     "<th>Tindakan</th><th>Status</th><th>Unit</th>"
	                     "<th>Alasan</th></tr>\n");

	json_array_foreach(json_object_get(o, "history"), i, h)
	{
		if (rc)
			break;
		rc = html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>"
		                    "%s &rarr; %s</td><td>%s</td><td>%s</td></tr>\n",
		                 web_jstr(h, "at"), web_jstr(h, "actor"), web_jstr(h, "action"),
		                 web_state_name(web_jstr(h, "from")),
		                 web_state_name(web_jstr(h, "to")), web_jstr(h, "unit"),
		                 web_jstr(h, "reason"));
	}
	return rc || html_raw(b, "</table></div>\n");
}

static int actions_block(struct sbuf *b, const struct web_req *rq, json_t *o,
                         long long id)
{
	json_t *acts = json_object_get(o, "actions"), *a;
	size_t i;
	int rc = html_raw(b, "<h2>Tindakan</h2>\n");

	if (json_array_size(acts) == 0)
		return rc || html_raw(b, "<p class=\"note\">Tidak ada tindakan "
		                         "yang dapat Anda lakukan pada temuan ini "
		                         "sekarang.</p>\n");
	json_array_foreach(acts, i, a)
	{
		const char *name = json_string_value(a);
		int act = name ? wf_action_parse(name) : -1;
		int reason = act >= 0 && wf_action_needs_reason((enum wf_action)act);

		if (rc || act < 0)
			continue;
		rc = html_printf(b, "<form method=\"post\" action=\"/temuan/%lld/"
		                    "aksi\" class=\"card\" id=\"aksi-%s\">",
		                 id, name) ||
		     web_csrf_field(b, rq) ||
		     html_raw(b, "<input type=\"hidden\" name=\"aksi\"") ||
		     html_attr(b, "value", name) || html_raw(b, ">");
		if (!rc && reason)
			rc = html_printf(b, "<label for=\"alasan-%s\">%s</label>"
			                    "<textarea id=\"alasan-%s\" name=\"alasan\" "
			                    "required maxlength=\"2000\"></textarea>",
			                 name,
			                 act == WF_FORWARD ? "Rekomendasi (wajib)"
			                                   : "Alasan (wajib)",
			                 name);
		rc = rc ||
		     html_printf(b, "<button type=\"submit\"%s>%s</button></form>\n",
		                 act == WF_DISMISS ? " class=\"warn\"" : "",
		                 action_label(name));
	}
	return rc;
}

static int show_finding(struct web_req *rq, struct web_resp *rs, int64_t id,
                        const char *error)
{
	struct sbuf *b = &rs->body;
	json_t *o = NULL;
	int rc = wf_finding_show(&o, rq->st, rq->user.name, id, 0);

	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_error_page(rs, rq, 404, "Temuan tidak ditemukan.");
	if (rc)
		return rc;
	sbuf_clear(b);
	rc = web_page_begin(b, rq, "Temuan") ||
	     html_printf(b, "<h1>Temuan #%lld</h1>\n", (long long)id);
	if (!rc && error)
		rc = html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>",
		                 error);
	rc = rc || detail_block(b, o) || post_block(b, o) || group_block(b, o) ||
	     actions_block(b, rq, o, (long long)id) || history_block(b, o) ||
	     html_printf(b, "<h2>Bukti</h2><p>Paket bukti (peristiwa seperti "
	                    "diterima, putusan, bukti inklusi dan checkpoint "
	                    "bertanda tangan), dapat diperiksa dengan <code>"
	                    "netra evidence verify</code>: <a href=\"/temuan/"
	                    "%lld/bukti.zip\">unduh .zip</a> &middot; <a href="
	                    "\"/temuan/%lld/bukti.tar\">unduh .tar</a></p>\n",
	                 (long long)id, (long long)id) ||
	     web_page_end(b);
	json_decref(o);
	return rc ? err_oom() : 0;
}

int page_temuan(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	return show_finding(rq, rs, id, NULL);
}

int page_temuan_aksi(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *name = web_param_str(&rq->form, "aksi");
	const char *reason = web_param_str(&rq->form, "alasan");
	int act = name ? wf_action_parse(name) : -1, rc;
	char path[64];

	if (act < 0)
		return web_error_page(rs, rq, 400, "Tindakan tidak dikenal.");
	if (reason && !reason[strspn(reason, " \t\r\n")])
		reason = NULL;
	rc = wf_finding_act(rq->st, rq->user.name, id, (enum wf_action)act,
	                    reason, 0);
	if (rc == NETRA_ENOTFOUND)
		return web_error_page(rs, rq, 404, "Temuan tidak ditemukan.");
	if (rc == NETRA_EDENIED || rc == NETRA_ESTATE || rc == NETRA_EINVALID) {
		rs->status = rc == NETRA_EINVALID ? 400 : 409;
		return show_finding(rq, rs, id,
		                    rc == NETRA_EINVALID
		                        ? "Alasan wajib diisi untuk tindakan ini."
		                        : "Tindakan ini tidak dapat dilakukan "
		                          "sekarang (status atau peran tidak "
		                          "sesuai).");
	}
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/temuan/%lld", (long long)id);
	return web_redirect(rs, path);
}

/* ---- the evidence bundle ----------------------------------------------- */

static int bundle(struct web_req *rq, struct web_resp *rs, int64_t id,
                  int zip)
{
	int fd, rc;
	uint64_t size;

	if (!rq->opts->key_path)
		return web_error_page(rs, rq, 503, "Kunci tanda tangan bukti "
		                                   "belum diatur di server ini.");
	rc = web_bundle_archive(&fd, &size, rq->st, rq->user.name, id,
	                        rq->opts->key_path, zip);
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_error_page(rs, rq, 404, "Temuan tidak ditemukan.");
	if (rc)
		return rc;
	rs->fd = fd;
	rs->fd_size = size;
	rs->ctype = zip ? "application/zip" : "application/x-tar";
	snprintf(rs->disposition, sizeof(rs->disposition),
	         "attachment; filename=\"bukti-%lld.%s\"", (long long)id,
	         zip ? "zip" : "tar");
	return 0;
}

int page_bukti_zip(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	return bundle(rq, rs, id, 1);
}

int page_bukti_tar(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	return bundle(rq, rs, id, 0);
}
