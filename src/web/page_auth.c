/*
 * web/page_auth.c - signing in and out. The login form is a public form
 * (pre-session CSRF token); a wrong name and a wrong password get the
 * same answer, so the form tells nobody which user names exist. A success
 * starts a session in the store (session.c) and sends the user to the
 * dashboard; logout ends the session.
 */
#include <string.h>

#include "util/error.h"
#include "util/html.h"
#include "web/pages.h"
#include "workflow/auth.h"
#include "workflow/user.h"

int web_login(struct web_req *rq, struct web_resp *rs, const char *name,
              const char *password, int *wait_s)
{
	int rc;

	int64_t retry = 0;

	*wait_s = 0;
	if (!name || !password || !*name || strlen(name) > 63 ||
	    strlen(password) > 1024)
		return NETRA_EDENIED;
	/* throttled per account and per client, audited, in the library */
	rc = wf_login(&retry, rq->st, name, password, rq->client, 0);
	if (rc) {
		*wait_s = (int)retry;
		return rc == NETRA_EDENIED || rc == NETRA_ENOTFOUND
		           ? NETRA_EDENIED
		           : rc;
	}
	if ((rc = web_session_start(rq, rs, name)))
		return rc;
	return wf_user_get(&rq->user, rq->st, name);
}

static int login_form(struct web_req *rq, struct web_resp *rs,
                      const char *name, const char *error)
{
	struct sbuf *b = &rs->body;

	if (web_page_begin(b, rq, "Masuk") ||
	    html_raw(b, "<h1>Masuk</h1>\n"))
		return err_oom();
	if (error && html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>",
	                         error))
		return err_oom();
	if (html_raw(b, "<form method=\"post\" action=\"/masuk\" "
	                "class=\"card\">") ||
	    web_precsrf_field(b, rq, rs) ||
	    html_raw(b, "<label for=\"u\">Nama pengguna</label>"
	                "<input type=\"text\" id=\"u\" name=\"username\" "
	                "autocomplete=\"username\" required") ||
	    html_attr(b, "value", name ? name : "") ||
	    html_raw(b, "><label for=\"p\">Kata sandi</label>"
	                "<input type=\"password\" id=\"p\" name=\"password\" "
	                "autocomplete=\"current-password\" required>"
	                "<p><button type=\"submit\">Masuk</button></p>"
	                "</form>\n<p class=\"note\">Pegawai yang ingin "
	                "memeriksa rancangan unggahan tidak perlu masuk: "
	                "buka <a href=\"/cek\">Cek sebelum unggah</a>.</p>") ||
	    web_page_end(b))
		return err_oom();
	return 0;
}

int page_masuk(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	const char *name = web_param_str(&rq->form, "username");
	const char *pw = web_param_str(&rq->form, "password");
	char msg[160];
	int rc, wait_s;

	(void)id;
	if (strcmp(rq->method, "POST") != 0)
		return rq->logged_in ? web_redirect(rs, "/")
		                     : login_form(rq, rs, NULL, NULL);
	rc = web_login(rq, rs, name, pw, &wait_s);
	if (rc == 0)
		return web_redirect(rs, "/");
	if (rc != NETRA_EDENIED)
		return rc;
	rs->status = wait_s ? 429 : 401;
	if (wait_s)
		snprintf(msg, sizeof(msg),
		         "Terlalu banyak percobaan gagal. Coba lagi dalam %d "
		         "detik.",
		         wait_s);
	else
		snprintf(msg, sizeof(msg),
		         "Nama pengguna atau kata sandi salah.");
	return login_form(rq, rs, name, msg);
}

int page_keluar(struct web_req *rq, struct web_resp *rs, int64_t id)
{
	int rc;

	(void)id;
	if ((rc = web_session_end(rq, rs)))
		return rc;
	return web_redirect(rs, "/masuk");
}
