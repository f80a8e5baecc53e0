/*
 * web/pages.h - the handlers routes.c dispatches to, one per page or API
 * endpoint, grouped by file:
 *   page_auth.c    login, logout, own password
 *   page_public.c  stylesheet, rulebook (pedoman), self-check, complaint
 *   page_work.c    dashboard, queue, finding, evidence bundle, report,
 *                  registry browser
 *   page_admin.c   users, API tokens, complaint triage (BKPP)
 *   api.c          /api/v1
 *   api_triage.c   /api/v1/complaints for BKPP (triage)
 *   api_read.c     /api/v1 report, units, staff, users, tokens
 *   api_admin.c    /api/v1 users and tokens: add, disable, issue (BKPP)
 * Each has the web_handler signature (web_int.h).
 */
#ifndef NETRA_WEB_PAGES_H
#define NETRA_WEB_PAGES_H

#include "web/web_int.h"

#define H(name) int name(struct web_req *rq, struct web_resp *rs, int64_t id)
H(page_css);
H(page_masuk);
H(page_keluar);
H(page_sandi);
H(page_beranda);
H(page_antrean);
H(page_temuan);
H(page_temuan_aksi);
H(page_bukti_zip);
H(page_bukti_tar);
H(page_laporan);
H(page_laporan_csv);
H(page_pegawai);
H(page_cakupan);
H(page_pengguna);
H(page_token);
H(page_aduan);
H(page_aduan_satu);
H(page_aduan_gambar);
H(page_pedoman);
H(page_cek);
H(page_lapor);
H(api_login);
H(api_logout);
H(api_findings);
H(api_finding);
H(api_act);
H(api_check);
H(api_events);
H(api_complaints);
H(api_triage_list);
H(api_triage_one);
H(api_triage_act);
H(api_report);
H(api_units);
H(api_staff);
H(api_users);
H(api_tokens);
H(api_user_add);
H(api_user_act);
H(api_token_issue);
H(api_token_revoke);
#undef H

/* Shared by the page and the API. */

/* Signs user in when name and password match, with the store's login
 * throttle (per account and per client: a growing wait, never a lockout).
 * 0 and a new session on success; NETRA_EDENIED (wrong) or NETRA_EBUSY-like
 * refusal with *wait_s > 0 when the caller must wait. */
int web_login(struct web_req *rq, struct web_resp *rs, const char *name,
              const char *password, int *wait_s);

/* Judges text (and optional target text) with this worker's judge into a
 * new JSON Verdict (netra_verdict_json's shape). NETRA_ENOTFOUND when the
 * server has no engine. */
int web_judge_text(json_t **out, struct web_req *rq, const char *text);

/* A YYYY-MM-DD day of the report's filters as the Unix time of its start
 * (end != 0: its last second) in the zone of unit (NULL: the region's);
 * *out 0 when s is NULL or empty. -1 when malformed. */
int web_report_day(int64_t *out, netra_store *st, const char *unit,
                   const char *s, int end);

#endif
