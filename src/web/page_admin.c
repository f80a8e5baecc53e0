/*
 * web/page_admin.c - BKPP's pages: the triage of public complaints (list,
 * one complaint with the reporter's contact and the captured posts of the
 * account, close with a reason or follow up with the finding made from
 * the captured post) and the API tokens of outside collectors. routes.c
 * lets only bkpp users in; the library checks again (complaint.c,
 * apitoken.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rulebook.h"
#include "util/error.h"
#include "util/html.h"
#include "web/apitoken.h"
#include "web/complaint.h"
#include "web/pages.h"


static const char *complaint_state(const char *s)
{
	if (strcmp(s, "baru") == 0)
		return "Baru";
	if (strcmp(s, "ditindaklanjuti") == 0)
		return "Ditindaklanjuti";
	if (strcmp(s, "ditutup") == 0)
		return "Ditutup";
	return s;
}

int page_aduan(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *all = web_param_str(&rq->query, "semua");
	struct sbuf *b = &rs->body;
	json_t *arr = NULL, *c;
	size_t i;
	int rc;

	(void)id;
	if ((rc = web_complaint_list(&arr, rq->st, rq->user.name,
	                             all && *all)))
		return rc;
	rc = web_page_begin(b, rq, "Aduan masyarakat") ||
	     html_printf(b,
	                 "<h1>Aduan masyarakat</h1><p>%zu aduan %s. Aduan "
	                 "bukan bukti: tindak lanjuti dengan temuan dari "
	                 "unggahan yang tertangkap, atau tutup dengan alasan. "
	                 "<a href=\"/aduan%s\">%s</a></p>\n"
	                 "<div class=\"scroll\"><table><tr><th>No.</th>"
	                 "<th>Diterima</th><th>Akun</th><th>Pegawai</th>"
	                 "<th>Laporan</th><th>Penilaian mesin</th>"
	                 "<th>Status</th></tr>\n",
	                 json_array_size(arr),
	                 all && *all ? "seluruhnya" : "menunggu pemilahan",
	                 all && *all ? "" : "?semua=1",
	                 all && *all ? "Hanya yang baru" : "Tampilkan semua");
	json_array_foreach(arr, i, c)
	{
		if (rc)
			break;
		rc = html_printf(
		    b,
		    "<tr><td><a href=\"/aduan/%lld\">#%lld</a></td><td>%s</td>"
		    "<td>%s %s</td><td>%s %s</td><td>%lld</td><td>%s</td>"
		    "<td>%s</td></tr>\n",
		    (long long)json_integer_value(json_object_get(c, "id")),
		    (long long)json_integer_value(json_object_get(c, "id")),
		    web_jstr(c, "created_at"), web_jstr(c, "platform"), web_jstr(c, "account"),
		    json_is_string(json_object_get(c, "employee"))
		        ? web_jstr(c, "employee")
		        : "(tidak terdaftar)",
		    web_jstr(c, "unit"),
		    (long long)json_integer_value(json_object_get(c, "reports")),
		    web_jstr(c, "labels"), complaint_state(web_jstr(c, "state")));
	}
	rc = rc || html_raw(b, "</table></div>\n") || web_page_end(b);
	json_decref(arr);
	return rc ? err_oom() : 0;
}

/* The form that makes a finding from captured post ev of complaint id:
 * the rule BKPP sees broken (the rulebook's forbidden acts) and why. */
static int make_finding_form(struct sbuf *b, struct web_req *rq, int64_t id,
                             long long ev)
{
	const struct rules_rulebook *rb = web_shared()->rulebook;
	size_t i;
	int rc;

	if (!rb || !rb->nrules)
		return 0;
	rc = html_printf(b,
	                 "<details><summary>Buat temuan dari unggahan ini"
	                 "</summary><form method=\"post\" action=\"/aduan/"
	                 "%lld\" class=\"card\">",
	                 (long long)id) ||
	     web_csrf_field(b, rq) ||
	     html_printf(b,
	                 "<input type=\"hidden\" name=\"aksi\" value=\"buat\">"
	                 "<input type=\"hidden\" name=\"unggahan\" value="
	                 "\"%lld\"><label for=\"aturan-%lld\">Aturan yang "
	                 "dilanggar</label><select id=\"aturan-%lld\" "
	                 "name=\"aturan\" required>",
	                 ev, ev, ev);
	for (i = 0; !rc && i < rb->nrules; i++)
		rc = html_printf(b, "<option value=\"%s\">%s: %s</option>",
		                 rb->rules[i].id, rb->rules[i].id,
		                 rb->rules[i].act ? rb->rules[i].act : "");
	rc = rc ||
	     html_printf(b,
	                 "</select><label for=\"alasan-%lld\">Alasan (tercatat "
	                 "di riwayat temuan; jangan cantumkan identitas "
	                 "pelapor)</label><textarea id=\"alasan-%lld\" "
	                 "name=\"alasan\" required></textarea><button "
	                 "type=\"submit\">Buat temuan</button></form>"
	                 "</details>",
	                 ev, ev);
	return rc;
}

static int aduan_events(struct sbuf *b, json_t *o, int64_t id,
                        struct web_req *rq)
{
	int open = strcmp(web_jstr(o, "state"), "baru") == 0;
	json_t *evs = json_object_get(o, "events"), *e;
	size_t i;
	int rc;

	rc = html_raw(b, "<h2>Unggahan yang tertangkap dari akun ini</h2>\n");
	if (!rc && json_array_size(evs) == 0)
		rc = html_raw(b, "<p class=\"note\">Belum ada unggahan akun ini "
		                 "yang tertangkap. Impor ekspor platform atau "
		                 "data pengumpul, jalankan <code>netra scan"
		                 "</code>, lalu kembali ke aduan ini.</p>\n");
	json_array_foreach(evs, i, e)
	{
		json_t *fs = json_object_get(e, "findings");

		if (rc)
			break;
		rc = html_printf(b,
		                 "<div class=\"card\">%s %s oleh @%s, %s<p "
		                 "class=\"post\">%s</p>",
		                 web_jstr(e, "platform"), web_jstr(e, "type"),
		                 web_jstr(e, "account"), web_jstr(e, "created_at"),
		                 web_jstr(e, "text"));
		if (!rc && json_array_size(fs)) {
			json_t *f;
			size_t k;

			rc = html_raw(b, "Temuan: ");
			json_array_foreach(fs, k, f)
			{
				long long fid = json_integer_value(f);

				if (rc)
					break;
				rc = html_printf(
				    b,
				    "<a href=\"/temuan/%lld\">#%lld</a> "
				    "<form method=\"post\" class=\"inline\" "
				    "action=\"/aduan/%lld\">",
				    fid, fid, (long long)id) ||
				     web_csrf_field(b, rq) ||
				     html_printf(
				         b,
				         "<input type=\"hidden\" name=\"aksi\" "
				         "value=\"tautkan\"><input type=\"hidden\" "
				         "name=\"temuan\" value=\"%lld\"><button "
				         "type=\"submit\">Tindak lanjuti dengan "
				         "temuan #%lld</button></form> ",
				         fid, fid);
			}
		} else if (!rc) {
			rc = html_raw(b, "<span class=\"note\">Tidak ada temuan "
			                 "mesin untuk unggahan ini.</span>");
		}
		if (!rc && open)
			rc = make_finding_form(
			    b, rq, id, json_integer_value(json_object_get(e, "id")));
		rc = rc || html_raw(b, "</div>\n");
	}
	return rc ? err_oom() : 0;
}

static int aduan_show(struct web_req *rq, struct web_resp *rs, int64_t id,
                      const char *error)
{
	struct sbuf *b = &rs->body;
	json_t *o = NULL;
	int rc = web_complaint_get(&o, rq->st, rq->user.name, id);

	if (rc == NETRA_ENOTFOUND)
		return web_error_page(rs, rq, 404, "Aduan tidak ditemukan.");
	if (rc)
		return rc;
	rc = web_page_begin(b, rq, "Aduan masyarakat") ||
	     html_printf(b, "<h1>Aduan #%lld</h1>", (long long)id);
	if (!rc && error)
		rc = html_printf(b, "<p class=\"error\">%s</p>", error);
	rc = rc ||
	     html_printf(
	         b,
	         "<dl class=\"card\"><dt>Diterima</dt><dd>%s</dd>"
	         "<dt>Status</dt><dd>%s %s</dd>"
	         "<dt>Alamat unggahan</dt><dd>%s</dd>"
	         "<dt>Akun</dt><dd>%s %s</dd>"
	         "<dt>Pegawai terdaftar</dt><dd>%s %s %s</dd>"
	         "<dt>Penilaian mesin atas uraian</dt><dd>%s</dd>"
	         "<dt>Kontak pelapor (hanya BKPP)</dt><dd>%s</dd></dl>\n"
	         "<h2>Yang dilihat pelapor</h2><p class=\"post\">%s</p>\n",
	         web_jstr(o, "created_at"), complaint_state(web_jstr(o, "state")),
	         web_jstr(o, "reason"), web_jstr(o, "url"), web_jstr(o, "platform"),
	         web_jstr(o, "account"), web_jstr(o, "employee"), web_jstr(o, "nip"),
	         web_jstr(o, "unit"), web_jstr(o, "labels"),
	         json_is_string(json_object_get(o, "contact"))
	             ? web_jstr(o, "contact")
	             : "(tidak diisi)",
	         web_jstr(o, "seen"));
	if (!rc && json_is_string(json_object_get(o, "screenshot_type")))
		rc = html_printf(b,
		                 "<p>Tangkapan layar dari pelapor (milik pelapor, "
		                 "bukan bukti): <a href=\"/aduan/%lld/tangkapan\">"
		                 "lihat</a> (SHA-256 %s)</p>\n",
		                 (long long)id, web_jstr(o, "screenshot_sha256"));
	rc = rc || aduan_events(b, o, id, rq);
	if (!rc && strcmp(web_jstr(o, "state"), "baru") == 0)
		rc = html_printf(b, "<h2>Tutup aduan</h2><form method=\"post\" "
		                    "action=\"/aduan/%lld\" class=\"card\">",
		                 (long long)id) ||
		     web_csrf_field(b, rq) ||
		     html_raw(b, "<input type=\"hidden\" name=\"aksi\" "
		                 "value=\"tutup\"><label for=\"alasan\">Alasan"
		                 "</label><textarea id=\"alasan\" name=\"alasan\" "
		                 "required></textarea><button type=\"submit\" "
		                 "class=\"warn\">Tutup aduan</button></form>\n");
	rc = rc || web_page_end(b);
	json_decref(o);
	return rc ? err_oom() : 0;
}

/* The answer to a refused triage action: the complaint again with the
 * reason (400, or 409 when it is the complaint's or finding's state), or
 * 404; rc itself when it is no refusal. */
static int triage_refused(struct web_req *rq, struct web_resp *rs, int64_t id,
                          int rc)
{
	if (rc == NETRA_EINVALID || rc == NETRA_EEXISTS || rc == NETRA_ESTATE) {
		rs->status = rc == NETRA_EINVALID ? 400 : 409;
		return aduan_show(rq, rs, id, netra_error_last());
	}
	if (rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED)
		return web_error_page(rs, rq, 404, "Aduan, unggahan atau temuan "
		                                   "tidak ditemukan.");
	return rc;
}

/* POST aksi=buat: a finding from captured post ev; to its page when made. */
static int aduan_make(struct web_req *rq, struct web_resp *rs, int64_t id,
                      int64_t ev)
{
	char path[48];
	int64_t fid = 0;
	int rc = web_complaint_finding(&fid, rq->st, rq->user.name, id, ev,
	                               web_param_str(&rq->form, "aturan"),
	                               web_param_str(&rq->form, "alasan"),
	                               web_shared()->rulebook);

	if (rc)
		return triage_refused(rq, rs, id, rc);
	snprintf(path, sizeof(path), "/temuan/%lld", (long long)fid);
	return web_redirect(rs, path);
}

int page_aduan_satu(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *aksi = web_param_str(&rq->form, "aksi");
	const char *temuan = web_param_str(&rq->form, "temuan");
	const char *unggahan = web_param_str(&rq->form, "unggahan");
	int rc;

	if (strcmp(rq->method, "POST") != 0)
		return aduan_show(rq, rs, id, NULL);
	if (aksi && strcmp(aksi, "tutup") == 0)
		rc = web_complaint_close(rq->st, rq->user.name, id,
		                         web_param_str(&rq->form, "alasan"));
	else if (aksi && strcmp(aksi, "tautkan") == 0 && temuan)
		rc = web_complaint_link(rq->st, rq->user.name, id,
		                        atoll(temuan), NULL);
	else if (aksi && strcmp(aksi, "buat") == 0 && unggahan)
		return aduan_make(rq, rs, id, atoll(unggahan));
	else
		return web_error_page(rs, rq, 400, "Tindakan tidak dikenal.");
	if (rc)
		return triage_refused(rq, rs, id, rc);
	return web_redirect(rs, "/aduan");
}

int page_aduan_gambar(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	char type[32];
	void *data = NULL;
	size_t len;
	int rc;

	rc = web_complaint_screenshot(&data, &len, type, rq->st, rq->user.name,
	                              id);
	if (rc == NETRA_ENOTFOUND)
		return web_error_page(rs, rq, 404, "Tidak ada tangkapan layar.");
	if (rc)
		return rc;
	/* one of four literal types from web_sniff_image */
	rs->ctype = strcmp(type, "image/png") == 0    ? "image/png"
	            : strcmp(type, "image/jpeg") == 0 ? "image/jpeg"
	            : strcmp(type, "image/gif") == 0  ? "image/gif"
	                                              : "image/webp";
	snprintf(rs->disposition, sizeof(rs->disposition),
	         "inline; filename=\"aduan-%lld\"", (long long)id);
	rc = sbuf_append(&rs->body, data, len) ? err_oom() : 0;
	free(data);
	return rc;
}

static int token_page(struct web_req *rq, struct web_resp *rs,
                      const char *fresh, const char *error)
{
	struct sbuf *b = &rs->body;
	json_t *arr = NULL, *t;
	size_t i;
	int rc = web_token_list(&arr, rq->st, rq->user.name);

	if (rc)
		return rc;
	rc = web_page_begin(b, rq, "Token API") ||
	     html_raw(b, "<h1>Token API pengumpul data</h1><p>Pengumpul data "
	                 "mengirim kejadian ke <code>POST /api/v1/events</code> "
	                 "dengan <code>Authorization: Bearer TOKEN</code>. "
	                 "Token hanya ditampilkan sekali.</p>\n");
	if (!rc && fresh)
		rc = html_printf(b, "<p class=\"flash\">Token baru: <code "
		                    "id=\"token\">%s</code></p>",
		                 fresh);
	if (!rc && error)
		rc = html_printf(b, "<p class=\"error\">%s</p>", error);
	rc = rc ||
	     html_raw(b, "<form method=\"post\" action=\"/token\" "
	                 "class=\"card\">") ||
	     web_csrf_field(b, rq) ||
	     html_raw(b, "<input type=\"hidden\" name=\"aksi\" value=\"buat\">"
	                 "<label for=\"nama\">Nama token</label><input "
	                 "type=\"text\" id=\"nama\" name=\"nama\" required>"
	                 "<button type=\"submit\">Buat token</button></form>\n"
	                 "<div class=\"scroll\"><table><tr><th>No.</th><th>Nama"
	                 "</th><th>Dibuat oleh</th><th>Status</th><th></th>"
	                 "</tr>\n");
	json_array_foreach(arr, i, t)
	{
		int live = json_integer_value(json_object_get(t, "revoked_at")) == 0;
		long long tid = json_integer_value(json_object_get(t, "id"));

		if (rc)
			break;
		rc = html_printf(b, "<tr><td>%lld</td><td>%s</td><td>%s</td>"
		                    "<td>%s</td><td>",
		                 tid, web_jstr(t, "label"), web_jstr(t, "created_by"),
		                 live ? "aktif" : "dicabut");
		if (!rc && live)
			rc = html_raw(b, "<form method=\"post\" action=\"/token\">") ||
			     web_csrf_field(b, rq) ||
			     html_printf(b, "<input type=\"hidden\" name=\"aksi\" "
			                    "value=\"cabut\"><input type=\"hidden\" "
			                    "name=\"id\" value=\"%lld\"><button "
			                    "type=\"submit\" class=\"warn\">Cabut"
			                    "</button></form>",
			                 tid);
		rc = rc || html_raw(b, "</td></tr>\n");
	}
	rc = rc || html_raw(b, "</table></div>\n") || web_page_end(b);
	json_decref(arr);
	return rc ? err_oom() : 0;
}

int page_token(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *aksi = web_param_str(&rq->form, "aksi");
	const char *tid = web_param_str(&rq->form, "id");
	char tok[WEB_TOKEN_LEN + 1];
	int64_t newid;
	int rc;

	(void)id;
	if (strcmp(rq->method, "POST") != 0)
		return token_page(rq, rs, NULL, NULL);
	if (aksi && strcmp(aksi, "buat") == 0) {
		rc = web_token_issue(tok, &newid, rq->st, rq->user.name,
		                     web_param_str(&rq->form, "nama"));
		if (rc == NETRA_EINVALID) {
			rs->status = 400;
			return token_page(rq, rs, NULL, netra_error_last());
		}
		return rc ? rc : token_page(rq, rs, tok, NULL);
	}
	if (aksi && strcmp(aksi, "cabut") == 0 && tid) {
		rc = web_token_revoke(rq->st, rq->user.name, atoll(tid));
		if (rc == NETRA_ENOTFOUND)
			return token_page(rq, rs, NULL, "Token tidak ditemukan.");
		return rc ? rc : web_redirect(rs, "/token");
	}
	return web_error_page(rs, rq, 400, "Tindakan tidak dikenal.");
}
