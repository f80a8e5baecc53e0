/*
 * web/page_users.c - the user's own password (/sandi) and BKPP's user
 * administration (/pengguna: the users in its scope; add, disable,
 * enable, reset a password). Every rule (policy, scope, who may do what,
 * the audit rows, throttling of the current password) is the workflow's
 * (workflow/auth.h, workflow/user.h); a changed password or a disabled
 * user also ends that user's other sessions here.
 */
#include <stdio.h>
#include <string.h>

#include "util/error.h"
#include "util/html.h"
#include "web/pages.h"
#include "workflow/auth.h"
#include "workflow/user.h"

static int sandi_form(struct web_req *rq, struct web_resp *rs,
                      const char *ok, const char *error)
{
	struct sbuf *b = &rs->body;

	sbuf_clear(b);
	if (web_page_begin(b, rq, "Ganti kata sandi") ||
	    html_raw(b, "<h1>Ganti kata sandi</h1>"))
		return err_oom();
	if ((ok && html_printf(b, "<p class=\"flash\" role=\"status\">%s</p>",
	                       ok)) ||
	    (error && html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>",
	                          error)))
		return err_oom();
	if (html_raw(b, "<form method=\"post\" action=\"/sandi\" "
	                "class=\"card\">") ||
	    web_csrf_field(b, rq) ||
	    html_raw(b, "<label for=\"lama\">Kata sandi sekarang</label>"
	                "<input type=\"password\" id=\"lama\" name=\"lama\" "
	                "autocomplete=\"current-password\" required>"
	                "<label for=\"baru\">Kata sandi baru (paling sedikit "
	                "10 karakter)</label><input type=\"password\" "
	                "id=\"baru\" name=\"baru\" autocomplete=\"new-password\" "
	                "required><label for=\"ulang\">Ulangi kata sandi baru"
	                "</label><input type=\"password\" id=\"ulang\" "
	                "name=\"ulang\" autocomplete=\"new-password\" required>"
	                "<p><button type=\"submit\">Simpan</button></p></form>\n") ||
	    web_page_end(b))
		return err_oom();
	return 0;
}

int page_sandi(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *cur = web_param_str(&rq->form, "lama");
	const char *nw = web_param_str(&rq->form, "baru");
	const char *again = web_param_str(&rq->form, "ulang");
	char msg[200], tr[160];
	int64_t retry = 0;
	int rc;

	(void)id;
	if (strcmp(rq->method, "POST") != 0)
		return sandi_form(rq, rs, NULL, NULL);
	if (!cur || !nw || !again || strcmp(nw, again) != 0) {
		rs->status = 400;
		return sandi_form(rq, rs, NULL, "Kata sandi baru dan ulangannya "
		                                "tidak sama.");
	}
	rc = wf_password_change(&retry, rq->st, rq->user.name, cur, nw,
	                        rq->client, 0);
	if (rc == NETRA_EDENIED) {
		rs->status = retry ? 429 : 403;
		if (retry)
			snprintf(msg, sizeof(msg), "Terlalu banyak percobaan "
			         "gagal. Coba lagi dalam %lld detik.",
			         (long long)retry);
		else
			snprintf(msg, sizeof(msg), "Kata sandi sekarang salah.");
		return sandi_form(rq, rs, NULL, msg);
	}
	if (rc == NETRA_EINVALID) {
		rs->status = 400;
		/* the policy's reason never repeats the password */
		snprintf(msg, sizeof(msg), "Kata sandi baru ditolak: %s.",
		         web_msg_id(tr, sizeof(tr), netra_error_last()));
		return sandi_form(rq, rs, NULL, msg);
	}
	if (rc || (rc = web_session_end_user(rq->st, rq->user.name,
	                                     rq->session_hash)))
		return rc;
	return sandi_form(rq, rs, "Kata sandi diganti. Sesi Anda di perangkat "
	                          "lain telah diakhiri.", NULL);
}

/* ---- /pengguna (BKPP) ------------------------------------------------ */


static int user_row(struct sbuf *b, struct web_req *rq, json_t *u)
{
	int active = json_is_true(json_object_get(u, "active"));
	int rc = html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s%s</td>"
	                        "<td>%s</td><td>%s</td><td>",
	                     web_jstr(u, "name"), web_jstr(u, "role"), web_jstr(u, "unit"),
	                     json_is_true(json_object_get(u, "all_units"))
	                         ? " (semua unit)"
	                         : "",
	                     web_jstr(u, "nip"), active ? "aktif" : "nonaktif");

	if (!rc && strcmp(web_jstr(u, "name"), rq->user.name) != 0)
		rc = html_raw(b, "<form method=\"post\" action=\"/pengguna\" "
		                 "class=\"inline\">") ||
		     web_csrf_field(b, rq) ||
		     html_raw(b, "<input type=\"hidden\" name=\"nama\"") ||
		     html_attr(b, "value", web_jstr(u, "name")) ||
		     html_printf(b, "><input type=\"hidden\" name=\"aksi\" "
		                    "value=\"%s\"><button type=\"submit\"%s>%s"
		                    "</button></form>",
		                 active ? "nonaktifkan" : "aktifkan",
		                 active ? " class=\"warn\"" : "",
		                 active ? "Nonaktifkan" : "Aktifkan");
	return rc || html_raw(b, "</td></tr>\n");
}

static int users_page(struct web_req *rq, struct web_resp *rs,
                      const char *ok, const char *error)
{
	struct sbuf *b = &rs->body;
	json_t *arr = NULL, *u;
	size_t i;
	int rc = wf_user_list(&arr, rq->st, rq->user.name);

	if (rc)
		return rc;
	sbuf_clear(b);
	rc = web_page_begin(b, rq, "Pengguna") ||
	     html_printf(b, "<h1>Pengguna</h1><p>%zu pengguna dalam lingkup "
	                    "Anda.</p>",
	                 json_array_size(arr));
	if (!rc && ok)
		rc = html_printf(b, "<p class=\"flash\">%s</p>", ok);
	if (!rc && error)
		rc = html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>",
		                 error);
	rc = rc || html_raw(b, "<div class=\"scroll\"><table id=\"pengguna\">"
	                       "<tr><th>Nama</th><th>Peran</th><th>Unit</th>"
	                       "<th>NIP</th><th>Status</th><th></th></tr>\n");
	json_array_foreach(arr, i, u)
	{
		if (rc)
			break;
		rc = user_row(b, rq, u);
	}
	rc = rc ||
	     html_raw(b, "</table></div>\n<h2>Tambah pengguna</h2><form "
	                 "method=\"post\" action=\"/pengguna\" class=\"card\">") ||
	     web_csrf_field(b, rq) ||
	     html_raw(b, "<input type=\"hidden\" name=\"aksi\" value=\"tambah\">"
	                 "<label for=\"nama\">Nama pengguna</label><input "
	                 "type=\"text\" id=\"nama\" name=\"nama\" required "
	                 "maxlength=\"63\"><label for=\"peran\">Peran</label>"
	                 "<select id=\"peran\" name=\"peran\"><option "
	                 "value=\"opd\">Peninjau OPD</option><option "
	                 "value=\"bkpp\">BKPP</option><option value=\"bawaslu\">"
	                 "Bawaslu</option></select><label for=\"unitb\">Kode "
	                 "unit</label><input type=\"text\" id=\"unitb\" "
	                 "name=\"unit\" required><label><input type=\"checkbox\" "
	                 "name=\"semua\" value=\"1\"> semua unit (BKPP dan "
	                 "Bawaslu)</label><label for=\"email\">Surel</label>"
	                 "<input type=\"email\" id=\"email\" name=\"email\">"
	                 "<label for=\"sandi\">Kata sandi awal</label><input "
	                 "type=\"password\" id=\"sandi\" name=\"sandi\" "
	                 "autocomplete=\"new-password\" required><p><button "
	                 "type=\"submit\">Tambah</button></p></form>\n"
	                 "<h2>Atur ulang kata sandi</h2><form method=\"post\" "
	                 "action=\"/pengguna\" class=\"card\">") ||
	     web_csrf_field(b, rq) ||
	     html_raw(b, "<input type=\"hidden\" name=\"aksi\" value=\"reset\">"
	                 "<label for=\"namar\">Nama pengguna</label><input "
	                 "type=\"text\" id=\"namar\" name=\"nama\" required>"
	                 "<label for=\"sandir\">Kata sandi baru</label><input "
	                 "type=\"password\" id=\"sandir\" name=\"sandi\" "
	                 "autocomplete=\"new-password\" required><p><button "
	                 "type=\"submit\">Atur ulang</button></p></form>\n") ||
	     web_page_end(b);
	json_decref(arr);
	return rc ? err_oom() : 0;
}

static int add_user(struct web_req *rq)
{
	const struct web_params *f = &rq->form;
	const char *email = web_param_str(f, "email");
	int role = wf_role_parse(web_param_str(f, "peran")
	                             ? web_param_str(f, "peran")
	                             : "");

	if (role < 0)
		return err_set(NETRA_EINVALID, "peran tidak dikenal");
	if (email && !*email)
		email = NULL;
	if (web_param_str(f, "semua"))
		return wf_user_add_all_units(
		    NULL, rq->st, web_param_str(f, "nama"), (enum wf_role)role,
		    web_param_str(f, "unit"), email, web_param_str(f, "sandi"),
		    rq->user.name);
	return wf_user_add(NULL, rq->st, web_param_str(f, "nama"),
	                   (enum wf_role)role, web_param_str(f, "unit"), email,
	                   web_param_str(f, "sandi"), rq->user.name);
}

int page_pengguna(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *aksi = web_param_str(&rq->form, "aksi");
	const char *name = web_param_str(&rq->form, "nama");
	char msg[300], tr[200];
	int rc;

	(void)id;
	if (strcmp(rq->method, "POST") != 0)
		return users_page(rq, rs, NULL, NULL);
	if (!aksi || !name || !*name)
		return users_page(rq, rs, NULL, "Isian tidak lengkap.");
	if (strcmp(aksi, "tambah") == 0)
		rc = add_user(rq);
	else if (strcmp(aksi, "reset") == 0)
		rc = wf_password_reset(rq->st, rq->user.name, name,
		                       web_param_str(&rq->form, "sandi"));
	else if (strcmp(aksi, "nonaktifkan") == 0 ||
	         strcmp(aksi, "aktifkan") == 0)
		rc = wf_user_set_active(rq->st, rq->user.name, name,
		                        strcmp(aksi, "aktifkan") == 0);
	else
		return web_error_page(rs, rq, 400, "Tindakan tidak dikenal.");
	if (!rc && strcmp(aksi, "tambah") != 0 &&
	    strcmp(aksi, "aktifkan") != 0)
		rc = web_session_end_user(rq->st, name, NULL);
	if (rc == NETRA_EINVALID || rc == NETRA_EEXISTS ||
	    rc == NETRA_ENOTFOUND || rc == NETRA_EDENIED) {
		rs->status = 400;
		snprintf(msg, sizeof(msg), "Ditolak: %s.",
		         web_msg_id(tr, sizeof(tr), netra_error_last()));
		return users_page(rq, rs, NULL, msg);
	}
	if (rc)
		return rc;
	snprintf(msg, sizeof(msg), "Selesai: %s (%s).", name, aksi);
	return users_page(rq, rs, msg, NULL);
}
