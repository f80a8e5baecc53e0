/*
 * web/page_public.c - the pages anyone may open without signing in: the
 * stylesheet, the rulebook as a list of forbidden acts with their legal
 * basis and a worked example each (Pedoman netralitas), the self-check of
 * a draft post (Cek sebelum unggah: nothing typed is stored or logged;
 * rate-limited per client by a counter keyed on a hash of its address),
 * and the public complaint form (Laporan masyarakat, complaint.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netra/verdict.h"
#include "rules/rulebook.h"
#include "store/store.h"
#include "util/error.h"
#include "util/html.h"
#include "web/complaint.h"
#include "web/pages.h"

#define CEK_MAX_TEXT 5000    /* bytes of a draft */
#define CEK_PER_MINUTE 30    /* self-checks per client per minute */
#define LAPOR_PER_HOUR 10    /* complaints per client per hour */

int page_css(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	(void)rq;
	(void)id;
	rs->ctype = "text/css";
	return sbuf_puts(&rs->body, web_css) ? err_oom() : 0;
}

int web_judge_text(json_t **out, struct web_req *rq, const char *text)
{
	const netra_verdict *v;
	json_error_t e;
	char *js = NULL;
	size_t n;
	int rc;

	*out = NULL;
	if (!rq->judge)
		return err_set(NETRA_ENOTFOUND, "no election profile known");
	if ((rc = netra_judge_text(rq->judge, "cek", text, strlen(text), &v)) ||
	    (rc = netra_verdict_json(&js, &n, v)))
		return rc;
	*out = json_loadb(js, n, 0, &e);
	free(js);
	return *out ? 0 : err_oom();
}

static const char *category_act(unsigned label)
{
	switch (label) {
	case NETRA_LABEL_SUPPORT: return "Mendukung pasangan calon";
	case NETRA_LABEL_ATTACK: return "Menyerang pasangan calon";
	case NETRA_LABEL_HATE: return "Ujaran kebencian SARA";
	case NETRA_LABEL_HOAX: return "Menyebarkan hoaks";
	default: return "Lainnya";
	}
}

/* The forbidden act of rule id in plain Indonesian, or id itself. */
static const char *rule_act(const char *id)
{
	const struct rules_rulebook *rb = web_shared()->rulebook;
	size_t i;

	for (i = 0; id && rb && i < rb->nrules; i++)
		if (strcmp(rb->rules[i].id, id) == 0)
			return rb->rules[i].act;
	return id;
}

static const char *example_of(const char *rule)
{
	const struct web_shared *sh = web_shared();
	size_t i;

	for (i = 0; i < sh->nexamples; i++)
		if (strcmp(sh->examples[i].rule, rule) == 0)
			return sh->examples[i].text;
	return NULL;
}

/* The example of rule r: a description in parentheses is shown as is;
 * a post is judged and the words of its findings for r are marked. */
static int pedoman_example(struct sbuf *b, struct web_req *rq,
                           const struct rules_rule *r)
{
	const char *ex = example_of(r->id);
	json_t *v = NULL, *f, *spans = json_array(), *sp;
	size_t i, k;
	int rc;

	if (!spans)
		return err_oom();
	if (!ex) {
		json_decref(spans);
		return 0;
	}
	if (ex[0] == '(') {
		rc = html_printf(b, "<dd>Contoh: <i>%s</i></dd>", ex);
		json_decref(spans);
		return rc;
	}
	if (rq->judge && web_judge_text(&v, rq, ex) == 0) {
		json_array_foreach(json_object_get(v, "findings"), i, f)
		{
			if (strcmp(json_string_value(json_object_get(f, "rule"))
			               ? json_string_value(
			                     json_object_get(f, "rule"))
			               : "",
			           r->id) != 0)
				continue;
			json_array_foreach(json_object_get(f, "spans"), k, sp)
			{
				json_array_append(spans, sp);
			}
		}
	}
	rc = html_raw(b, "<dd>Contoh unggahan: <span class=\"post\">") ||
	     web_highlight(b, ex, spans) || html_raw(b, "</span>");
	if (!rc && json_array_size(spans))
		rc = html_raw(b, " <span class=\"note\">(kata yang ditandai "
		                 "dikenali netra untuk aturan ini)</span>");
	rc = rc || html_raw(b, "</dd>");
	json_decref(v);
	json_decref(spans);
	return rc ? err_oom() : 0;
}

int page_pedoman(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const struct rules_rulebook *rb = web_shared()->rulebook;
	struct sbuf *b = &rs->body;
	size_t i;
	int rc;

	(void)id;
	rc = web_page_begin(b, rq, "Pedoman netralitas ASN") ||
	     html_printf(b,
	                 "<h1>Pedoman netralitas ASN di media sosial</h1>\n"
	                 "<p>Daftar perbuatan yang dilarang bagi Aparatur "
	                 "Sipil Negara selama masa pemilihan kepala daerah, "
	                 "beserta dasar hukumnya. Daftar ini dibuat dari buku "
	                 "aturan yang dipakai netra (<b>%s</b>, versi %s), "
	                 "jadi sama persis dengan yang diperiksa mesin.</p>\n",
	                 rb->id, rb->version);
	if (!rc && rb->description && rb->description[0])
		rc = html_printf(b, "<p class=\"note\">%s</p>\n",
		                 rb->description);
	if (!rc)
		rc = html_raw(b, "<p>Setiap temuan netra adalah <i>dugaan</i> "
		                 "yang ditinjau atasan secara berjenjang; netra "
		                 "tidak menjatuhkan sanksi. Ragu? Periksa dulu di "
		                 "<a href=\"/cek\">Cek sebelum unggah</a>.</p>\n"
		                 "<ol>\n");
	for (i = 0; !rc && i < rb->nrules; i++) {
		const struct rules_rule *r = &rb->rules[i];

		rc = html_printf(b,
		                 "<li class=\"card\" id=\"%s\"><b>%s</b>\n<dl>"
		                 "<dt>Kategori</dt><dd>%s</dd>"
		                 "<dt>Tingkat</dt><dd>%s</dd>"
		                 "<dt>Dasar hukum</dt><dd>%s</dd>"
		                 "<dt>Kode aturan</dt><dd>%s</dd>",
		                 r->id, r->act, category_act(r->label),
		                 rules_severity_name(r->severity), r->basis,
		                 r->id);
		if (!rc && example_of(r->id))
			rc = html_raw(b, "<dt>Contoh</dt>") ||
			     pedoman_example(b, rq, r);
		if (!rc)
			rc = html_raw(b, "</dl></li>\n");
	}
	if (!rc)
		rc = html_raw(b, "</ol>\n") || web_page_end(b);
	return rc ? err_oom() : 0;
}

/* ---- Cek sebelum unggah ---------------------------------------------- */

/* The debunk of hoax id from the store, as a <p>, if known. */
static int debunk(struct sbuf *b, struct web_req *rq, json_t *hoax)
{
	const char *hid = json_string_value(json_object_get(hoax, "id"));
	const char *url = json_string_value(json_object_get(hoax, "url"));
	store_stmt *s = NULL;
	int rc = 0;

	if (!hid)
		return 0;
	if (store_prepare(&s, rq->st,
	                  "SELECT claim, verdict, explanation, url FROM hoaxes "
	                  "WHERE id = ?") == 0 &&
	    store_bind_text(s, 1, hid, (size_t)-1) == 0 &&
	    store_step(s) == STORE_ROW) {
		rc = html_printf(b,
		                 "<div class=\"card\"><b>Kabar yang sudah "
		                 "dibantah:</b> %s<br><b>Hasil pemeriksaan "
		                 "fakta:</b> %s. %s",
		                 store_column_text(s, 0, NULL),
		                 store_column_text(s, 1, NULL),
		                 store_column_text(s, 2, NULL));
		if (!store_column_is_null(s, 3))
			url = store_column_text(s, 3, NULL);
		if (!rc && url)
			rc = html_raw(b, " <a rel=\"noreferrer\"") ||
			     html_href(b, url) ||
			     html_raw(b, ">Baca bantahannya</a>");
		rc = rc || html_raw(b, "</div>");
	} else if (url) {
		rc = html_raw(b, "<p><a rel=\"noreferrer\"") ||
		     html_href(b, url) ||
		     html_raw(b, ">Baca bantahan pemeriksa fakta</a></p>");
	}
	store_finalize(s);
	return rc ? err_oom() : 0;
}

static int cek_result(struct sbuf *b, struct web_req *rq, const char *text,
                      json_t *v)
{
	json_t *fs = json_object_get(v, "findings"), *f;
	size_t i;
	int rc = 0;

	if (json_array_size(fs) == 0)
		return html_raw(b, "<div class=\"flash\" id=\"hasil\"><b>Tidak "
		                   "ditemukan potensi pelanggaran</b> pada "
		                   "rancangan ini menurut aturan yang berlaku. "
		                   "Tetap bijak: netra tidak mengenal semua "
		                   "konteks.</div>\n");
	rc = html_printf(b,
	                 "<div class=\"error\" id=\"hasil\"><b>Rancangan ini "
	                 "berpotensi melanggar %zu aturan netralitas.</b> "
	                 "Sebaiknya jangan diunggah.</div>\n"
	                 "<h2>Kata yang dikenali</h2>\n<p class=\"post\">",
	                 json_array_size(fs));
	if (!rc) {
		json_t *all = json_array();

		json_array_foreach(fs, i, f)
		{
			json_t *sp;
			size_t k;

			if (json_object_get(f, "field"))
				continue; /* spans of another text */
			json_array_foreach(json_object_get(f, "spans"), k, sp)
			{
				json_array_append(all, sp);
			}
		}
		rc = !all || web_highlight(b, text, all) ||
		     html_raw(b, "</p>\n<h2>Mengapa</h2>\n");
		json_decref(all);
	}
	json_array_foreach(fs, i, f)
	{
		if (rc)
			break;
		rc = html_printf(
		    b,
		    "<div class=\"card\"><b>%s</b><br><span class=\"note\">"
		    "Aturan %s (%s, tingkat %s)</span><br>%s"
		    "<br><span class=\"note\">Dasar hukum: %s</span>",
		    rule_act(json_string_value(json_object_get(f, "rule"))),
		    json_string_value(json_object_get(f, "rule")),
		    web_category_name(
		        json_string_value(json_object_get(f, "category"))),
		    json_string_value(json_object_get(f, "severity")),
		    json_string_value(json_object_get(f, "explain")),
		    json_string_value(json_object_get(f, "basis")));
		if (!rc && json_object_get(f, "hoax"))
			rc = debunk(b, rq, json_object_get(f, "hoax"));
		rc = rc || html_raw(b, "</div>\n");
	}
	return rc ? err_oom() : 0;
}

int page_cek(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *text = web_param_str(&rq->form, "teks");
	struct sbuf *b = &rs->body;
	json_t *v = NULL;
	char key[96];
	int rc, allowed = 1, post = strcmp(rq->method, "POST") == 0;

	(void)id;
	if (post && text && *text) {
		snprintf(key, sizeof(key), "cek:%s", rq->client);
		if ((rc = web_rate_hit(&allowed, rq->st, key, CEK_PER_MINUTE,
		                       60)))
			return rc;
		if (!allowed)
			return web_error_page(rs, rq, 429,
			                      "Terlalu banyak pemeriksaan dari "
			                      "alamat Anda. Tunggu satu menit.");
		if (strlen(text) > CEK_MAX_TEXT)
			return web_error_page(rs, rq, 400,
			                      "Rancangan terlalu panjang (paling "
			                      "banyak 5.000 karakter).");
	}
	rc = web_page_begin(b, rq, "Cek sebelum unggah") ||
	     html_raw(b, "<h1>Cek sebelum unggah</h1>\n<p>Tempel rancangan "
	                 "unggahan Anda. netra memeriksanya dengan aturan "
	                 "netralitas ASN pemilihan yang sedang berjalan dan "
	                 "menjelaskan kata mana yang bermasalah dan mengapa. "
	                 "<b>Tanpa masuk, tidak ada yang disimpan atau "
	                 "dicatat.</b></p>\n");
	if (!rc && !rq->judge)
		rc = html_raw(b, "<p class=\"error\">Profil pemilihan belum "
		                 "diatur di server ini, jadi pemeriksaan belum "
		                 "tersedia.</p>\n");
	if (!rc)
		rc = html_raw(b, "<form method=\"post\" action=\"/cek\" "
		                 "class=\"card\">") ||
		     web_precsrf_field(b, rq, rs) ||
		     html_raw(b, "<label for=\"teks\">Rancangan unggahan</label>"
		                 "<textarea id=\"teks\" name=\"teks\" "
		                 "maxlength=\"5000\" required>") ||
		     html_text(b, post && text ? text : "") ||
		     html_raw(b, "</textarea><p><button type=\"submit\">"
		                 "Periksa</button></p></form>\n");
	if (!rc && post && text && *text && rq->judge) {
		rc = web_judge_text(&v, rq, text);
		if (!rc)
			rc = cek_result(b, rq, text, v);
	}
	json_decref(v);
	if (!rc)
		rc = html_raw(b, "<p class=\"note\">Lihat juga <a href=\"/pedoman"
		                 "\">Pedoman netralitas</a>.</p>\n") ||
		     web_page_end(b);
	return rc;
}

/* ---- Laporan masyarakat ---------------------------------------------- */

static int lapor_form(struct web_req *rq, struct web_resp *rs,
                      const char *error)
{
	struct sbuf *b = &rs->body;
	const struct web_params *f = &rq->form;

	if (web_page_begin(b, rq, "Laporan masyarakat") ||
	    html_raw(b, "<h1>Laporan masyarakat</h1>\n<p>Laporkan unggahan "
	                "ASN yang Anda duga melanggar netralitas. BKPP "
	                "memeriksa setiap laporan terhadap unggahan aslinya; "
	                "laporan saja tidak dianggap bukti. Identitas "
	                "pelapor hanya dapat dilihat BKPP.</p>\n"))
		return err_oom();
	if (error && html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>",
	                         error))
		return err_oom();
	if (html_raw(b, "<form method=\"post\" action=\"/lapor\" "
	                "enctype=\"multipart/form-data\" class=\"card\">") ||
	    web_precsrf_field(b, rq, rs) ||
	    html_raw(b, "<label for=\"url\">Alamat (URL) unggahan</label>"
	                "<input type=\"url\" id=\"url\" name=\"url\" "
	                "maxlength=\"500\"") ||
	    html_attr(b, "value", web_param_str(f, "url")) ||
	    html_raw(b, "><label for=\"akun\">Akun (nama pengguna di media "
	                "sosial)</label><input type=\"text\" id=\"akun\" "
	                "name=\"akun\" maxlength=\"100\"") ||
	    html_attr(b, "value", web_param_str(f, "akun")) ||
	    html_raw(b, "><label for=\"platform\">Media sosial</label>"
	                "<select id=\"platform\" name=\"platform\">"
	                "<option value=\"\">(dari alamat)</option>"
	                "<option value=\"x\">X (Twitter)</option>"
	                "<option value=\"facebook\">Facebook</option>"
	                "<option value=\"instagram\">Instagram</option>"
	                "<option value=\"tiktok\">TikTok</option>"
	                "</select>"
	                "<label for=\"dilihat\">Apa yang Anda lihat</label>"
	                "<textarea id=\"dilihat\" name=\"dilihat\" "
	                "maxlength=\"4000\" required>") ||
	    html_text(b, web_param_str(f, "dilihat")) ||
	    html_raw(b, "</textarea><label for=\"gambar\">Tangkapan layar "
	                "(opsional; PNG, JPEG, GIF atau WebP, paling besar "
	                "2 MB)</label><input type=\"file\" id=\"gambar\" "
	                "name=\"gambar\" accept=\"image/*\">"
	                "<label for=\"kontak\">Kontak Anda (opsional; hanya "
	                "untuk BKPP)</label><input type=\"text\" "
	                "id=\"kontak\" name=\"kontak\" maxlength=\"200\"") ||
	    html_attr(b, "value", web_param_str(f, "kontak")) ||
	    html_raw(b, "><p><button type=\"submit\">Kirim laporan</button>"
	                "</p></form>\n") ||
	    web_page_end(b))
		return err_oom();
	return 0;
}

int page_lapor(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const struct web_param *shot = web_param_get(&rq->form, "gambar");
	struct web_complaint_in in;
	char key[96];
	int64_t cid = 0;
	int rc, allowed;

	(void)id;
	if (strcmp(rq->method, "POST") != 0)
		return lapor_form(rq, rs, NULL);
	snprintf(key, sizeof(key), "lapor:%s", rq->client);
	if ((rc = web_rate_hit(&allowed, rq->st, key, LAPOR_PER_HOUR, 3600)))
		return rc;
	if (!allowed)
		return web_error_page(rs, rq, 429,
		                      "Terlalu banyak laporan dari alamat Anda. "
		                      "Coba lagi satu jam lagi.");
	memset(&in, 0, sizeof(in));
	in.url = web_param_str(&rq->form, "url");
	in.account = web_param_str(&rq->form, "akun");
	in.platform = web_param_str(&rq->form, "platform");
	in.seen = web_param_str(&rq->form, "dilihat");
	in.contact = web_param_str(&rq->form, "kontak");
	if (shot && shot->filename && shot->value_len) {
		in.shot = shot->value;
		in.shot_len = shot->value_len;
	}
	rc = web_complaint_file(&cid, rq->st, rq->judge, &in);
	if (rc == NETRA_EINVALID) {
		rs->status = 400;
		return lapor_form(rq, rs, netra_error_last());
	}
	if (rc)
		return rc;
	if (web_page_begin(&rs->body, rq, "Laporan diterima") ||
	    html_printf(&rs->body,
	                "<h1>Terima kasih</h1><p class=\"flash\" "
	                "id=\"nomor\">Laporan Anda tercatat dengan nomor "
	                "<b>%lld</b>. BKPP akan memeriksanya terhadap "
	                "unggahan aslinya.</p>",
	                (long long)cid) ||
	    web_page_end(&rs->body))
		return err_oom();
	return 0;
}
