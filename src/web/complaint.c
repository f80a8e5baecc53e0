/*
 * web/complaint.c - public complaints (complaint.h): filing, merging by
 * post, linking to the registry, judging the text seen, and BKPP's triage.
 * Every read and change is scoped to a bkpp user's units in SQL, and each
 * view of a reporter's identity or a change is written to the audit log
 * through the workflow's one audit writer.
 */
#include "web/complaint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "netra/registry.h"
#include "netra/verdict.h"
#include "rules/rulebook.h"
#include "store/store.h"
#include "util/error.h"
#include "util/civiltime.h"
#include "util/sbuf.h"
#include "web/web_int.h"
#include "workflow/calendar.h"
#include "workflow/finding.h"
#include "workflow/judged.h"
#include "workflow/internal.h"
#include "workflow/user.h"

/* The platform of a URL's host, or NULL. */
static const char *url_platform(const char *url)
{
	static const char *const hosts[][2] = {
	    {"x.com", "x"},           {"twitter.com", "x"},
	    {"facebook.com", "facebook"}, {"fb.com", "facebook"},
	    {"instagram.com", "instagram"}, {"tiktok.com", "tiktok"},
	    {"youtube.com", "youtube"},
	};
	const char *h = strstr(url, "://");
	size_t n, i, hl;

	if (!h)
		return NULL;
	h += 3;
	n = strcspn(h, "/?#:");
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		hl = strlen(hosts[i][0]);
		if (n >= hl && strncasecmp(h + n - hl, hosts[i][0], hl) == 0 &&
		    (n == hl || h[n - hl - 1] == '.'))
			return hosts[i][1];
	}
	return NULL;
}

/* The key two reports of one post share: host without www./m./mobile.
 * (twitter.com as x.com), lower case, and the path without query,
 * fragment or trailing slash. */
static void post_key(char *out, size_t size, const char *url)
{
	const char *h = strstr(url, "://"), *path;
	size_t n, i, len = 0;

	out[0] = '\0';
	if (!h)
		return;
	h += 3;
	for (i = 0; i < 3; i++) {
		static const char *const pre[] = {"www.", "m.", "mobile."};
		size_t pl = strlen(pre[i]);

		if (strncasecmp(h, pre[i], pl) == 0)
			h += pl;
	}
	n = strcspn(h, "/?#");
	path = h + n;
	if (n == 11 && strncasecmp(h, "twitter.com", 11) == 0)
		len = (size_t)snprintf(out, size, "x.com");
	else
		for (i = 0; i < n && len + 1 < size; i++)
			out[len++] = (char)((h[i] >= 'A' && h[i] <= 'Z')
			                        ? h[i] + 32
			                        : h[i]);
	out[len < size ? len : size - 1] = '\0';
	n = strcspn(path, "?#");
	while (n > 0 && path[n - 1] == '/')
		n--;
	if (len < size)
		snprintf(out + len, size - len, "%.*s", (int)n, path);
}

/* The handle of an X post URL (x.com/HANDLE/status/ID), else "". */
static void url_handle(char *out, size_t size, const char *key)
{
	const char *p = strchr(key, '/'), *st;

	out[0] = '\0';
	if (!p || strncmp(key, "x.com/", 6) != 0)
		return;
	st = strstr(p + 1, "/status/");
	if (st && (size_t)(st - p - 1) < size)
		snprintf(out, size, "%.*s", (int)(st - p - 1), p + 1);
}

/* The platform's id of the post a URL points to, when the URL shows it
 * (x.com/H/status/ID, tiktok.com/@H/video/ID, instagram.com/p/CODE,
 * facebook.com/.../posts/ID), else "". */
static void url_post_id(char *out, size_t size, const char *url)
{
	static const char *const marks[] = {"/status/", "/video/", "/p/",
	                                    "/reel/", "/posts/"};
	const char *p = NULL;
	size_t i, n;

	out[0] = '\0';
	for (i = 0; !p && i < sizeof(marks) / sizeof(marks[0]); i++)
		if ((p = strstr(url, marks[i])))
			p += strlen(marks[i]);
	if (!p)
		return;
	n = strcspn(p, "/?#");
	if (n > 0 && n < size)
		snprintf(out, size, "%.*s", (int)n, p);
}

static int check_input(const struct web_complaint_in *in)
{
	const char *u = in->url;

	if (!in->seen || !in->seen[strspn(in->seen, " \t\r\n")])
		return err_set(NETRA_EINVALID, "Isi dulu apa yang Anda lihat.");
	if (strlen(in->seen) > COMPLAINT_SEEN_MAX)
		return err_set(NETRA_EINVALID,
		               "Uraian terlalu panjang (paling banyak 4.000 "
		               "karakter).");
	if ((!u || !*u) && (!in->account || !*in->account))
		return err_set(NETRA_EINVALID,
		               "Sebutkan alamat unggahan atau akunnya.");
	if (u && *u &&
	    ((strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) ||
	     strlen(u) > 500 || strpbrk(u, " \t\r\n\"<>")))
		return err_set(NETRA_EINVALID,
		               "Alamat unggahan harus berupa URL http(s) yang "
		               "sah.");
	if (in->contact && strlen(in->contact) > 200)
		return err_set(NETRA_EINVALID, "Kontak terlalu panjang.");
	if (in->shot && in->shot_len > COMPLAINT_SHOT_MAX)
		return err_set(NETRA_EINVALID,
		               "Tangkapan layar terlalu besar (paling besar "
		               "2 MB).");
	if (in->shot && !web_sniff_image(in->shot, in->shot_len))
		return err_set(NETRA_EINVALID,
		               "Berkas lampiran bukan gambar PNG, JPEG, GIF "
		               "atau WebP.");
	return 0;
}

/* The employee whose registered account is platform/handle, or 0. */
static int find_employee(int64_t *out, netra_store *st, const char *platform,
                         const char *handle)
{
	store_stmt *s = NULL;
	int rc;

	*out = 0;
	rc = store_prepare(&s, st,
	                   "SELECT employee_id FROM accounts WHERE platform = ? "
	                   "AND handle = ? AND active = 1");
	if (rc || (rc = store_bind_text(s, 1, platform, (size_t)-1)) ||
	    (rc = store_bind_text(s, 2, handle, (size_t)-1)))
		goto done;
	if ((rc = store_step(s)) == STORE_ROW)
		*out = store_column_int64(s, 0);
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* The first open-or-closed complaint of the same post, or 0. */
static int find_first(int64_t *out, netra_store *st, const char *key)
{
	store_stmt *s = NULL;
	int rc;

	*out = 0;
	if (!key[0])
		return 0;
	rc = store_prepare(&s, st,
	                   "SELECT id FROM complaints WHERE post_key = ? AND "
	                   "merged_into IS NULL ORDER BY id LIMIT 1");
	if (!rc && !(rc = store_bind_text(s, 1, key, (size_t)-1)) &&
	    (rc = store_step(s)) == STORE_ROW)
		*out = store_column_int64(s, 0);
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

/* Judges the text seen: labels ("support,attack" or "none") and the
 * verdict JSON into the two buffers. */
static int judge_seen(struct sbuf *labels, char **json, netra_judge *j,
                      const char *text)
{
	const netra_verdict *v;
	size_t n, i;
	unsigned bit;
	int rc;

	*json = NULL;
	if (!j)
		return 0;
	if ((rc = netra_judge_text(j, "aduan", text, strlen(text), &v)) ||
	    (rc = netra_verdict_json(json, &n, v)))
		return rc;
	for (i = 0, bit = 1; i < 8; i++, bit <<= 1)
		if ((v->labels & bit) &&
		    (rc = sbuf_printf(labels, "%s%s", labels->len ? "," : "",
		                      netra_label_name(bit))))
			return rc;
	return labels->len ? 0 : sbuf_puts(labels, "none");
}

static int insert(int64_t *out, netra_store *st,
                  const struct web_complaint_in *in, const char *platform,
                  const char *handle, const char *key, int64_t employee,
                  int64_t first, const char *labels, const char *vjson)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	store_stmt *s = NULL;
	int rc, i = 1;

	rc = store_prepare(
	    &s, st,
	    "INSERT INTO complaints(created_at, url, platform, account, "
	    "post_key, seen, contact, screenshot, screenshot_type, "
	    "screenshot_sha256, employee_id, merged_into, labels, "
	    "verdict_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "RETURNING id");
	if (rc)
		return rc;
	if (in->shot) {
		crypto_hash_sha256(h, in->shot, in->shot_len);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	}
	if ((rc = store_bind_int64(s, i++, (int64_t)time(NULL))) ||
	    (rc = store_bind_text(s, i++, in->url && *in->url ? in->url : NULL,
	                          (size_t)-1)) ||
	    (rc = store_bind_text(s, i++, platform, (size_t)-1)) ||
	    (rc = store_bind_text(s, i++, handle[0] ? handle : NULL,
	                          (size_t)-1)) ||
	    (rc = store_bind_text(s, i++, key[0] ? key : NULL, (size_t)-1)) ||
	    (rc = store_bind_text(s, i++, in->seen, (size_t)-1)) ||
	    (rc = store_bind_text(s, i++,
	                          in->contact && *in->contact ? in->contact
	                                                      : NULL,
	                          (size_t)-1)) ||
	    (rc = store_bind_blob(s, i++, in->shot, in->shot_len)) ||
	    (rc = store_bind_text(
	         s, i++, in->shot ? web_sniff_image(in->shot, in->shot_len) : NULL,
	         (size_t)-1)) ||
	    (rc = store_bind_text(s, i++, in->shot ? hex : NULL, (size_t)-1)) ||
	    (rc = wf_bind_id(s, i++, employee)) ||
	    (rc = wf_bind_id(s, i++, first)) ||
	    (rc = store_bind_text(s, i++, labels[0] ? labels : NULL,
	                          (size_t)-1)) ||
	    (rc = store_bind_text(s, i++, vjson, (size_t)-1)))
		goto done;
	if ((rc = store_step(s)) == STORE_ROW) {
		*out = store_column_int64(s, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = err_set(NETRA_EIO, "complaint insert returned no id");
	}
done:
	store_finalize(s);
	return rc;
}

int web_complaint_file(int64_t *out, netra_store *st, netra_judge *judge,
                       const struct web_complaint_in *in)
{
	char key[600] = "", handle[NETRA_HANDLE_MAX + 1] = "", *vjson = NULL;
	const char *platform = NULL;
	struct sbuf labels = SBUF_INIT;
	int64_t employee = 0, first = 0;
	int rc;

	*out = 0;
	if ((rc = check_input(in)))
		return rc;
	if (in->platform && *in->platform)
		platform = netra_platform_canonical(in->platform,
		                                    strlen(in->platform));
	if (!platform && in->url && *in->url)
		platform = url_platform(in->url);
	if (in->url && *in->url)
		post_key(key, sizeof(key), in->url);
	if (in->account && *in->account && platform &&
	    netra_handle_normalize_loose(handle, sizeof(handle), platform,
	                                 in->account, strlen(in->account)))
		handle[0] = '\0';
	if (!handle[0] && platform && strcmp(platform, "x") == 0)
		url_handle(handle, sizeof(handle), key);
	if ((rc = judge_seen(&labels, &vjson, judge, in->seen)))
		goto done;
	if ((rc = store_begin_write(st)))
		goto done;
	if ((platform && handle[0] &&
	     (rc = find_employee(&employee, st, platform, handle))) ||
	    (rc = find_first(&first, st, key)) ||
	    (rc = insert(out, st, in, platform, handle, key, employee, first,
	                 labels.data ? labels.data : "", vjson))) {
		store_rollback(st);
		goto done;
	}
	rc = store_commit(st);
done:
	free(vjson);
	sbuf_free(&labels);
	return rc;
}

/* The bkpp user actor into *u; NETRA_EDENIED for another role. */
static int bkpp_user(struct wf_user *u, netra_store *st, const char *actor)
{
	int rc = wf_user_get(u, st, actor);

	if (rc)
		return rc;
	if (u->role != WF_ROLE_BKPP)
		return err_set(NETRA_EDENIED, "user '%s' is not a bkpp user",
		               actor);
	return 0;
}

/* SQL condition: complaint c is in the scope of a user whose unit path and
 * linked employee id (0 when none) are the two bound parameters, in that
 * order: unlinked complaints are everyone's at BKPP, and nobody sees a
 * complaint about themself (nor who filed it). */
#define SCOPE_SQL                                                              \
	"(c.employee_id IS NULL OR EXISTS (SELECT 1 FROM employees e "         \
	"JOIN units u ON u.id = e.unit_id WHERE e.id = c.employee_id AND "     \
	"u.path LIKE ? || '%')) AND (c.employee_id IS NULL OR "                \
	"c.employee_id <> ?)"

int web_complaint_list(json_t **out, netra_store *st, const char *actor,
                       int all)
{
	struct wf_user u;
	store_stmt *s = NULL;
	json_t *arr = NULL, *row;
	int32_t off;
	int rc;

	*out = NULL;
	if ((rc = bkpp_user(&u, st, actor)) || (rc = wf_zone(st, &off)))
		return rc;
	rc = store_prepare(
	    &s, st,
	    "SELECT c.id, c.created_at, c.platform, c.account, c.url, c.state, "
	    "c.merged_into, (SELECT COUNT(*) FROM complaints d WHERE "
	    "d.merged_into = c.id) + 1, c.labels, e.name, un.code, "
	    "c.finding_id FROM complaints c "
	    "LEFT JOIN employees e ON e.id = c.employee_id "
	    "LEFT JOIN units un ON un.id = e.unit_id "
	    "WHERE c.merged_into IS NULL AND (? = 1 OR c.state = 'baru') AND "
	    SCOPE_SQL " ORDER BY c.id DESC LIMIT 500");
	if (rc || (rc = store_bind_int64(s, 1, all ? 1 : 0)) ||
	    (rc = store_bind_text(s, 2, u.unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, u.employee_id)))
		goto done;
	if (!(arr = json_array())) {
		rc = err_oom();
		goto done;
	}
	while ((rc = store_step(s)) == STORE_ROW) {
		row = json_pack(
		    "{s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:I, s:o, s:o, s:o, "
		    "s:o}",
		    "id", (json_int_t)store_column_int64(s, 0), "created_at",
		    wf_json_time(store_column_int64(s, 1), off), "platform", wf_json_col(s, 2),
		    "account", wf_json_col(s, 3), "url", wf_json_col(s, 4), "state",
		    store_column_text(s, 5, NULL), "merged_into", wf_json_col(s, 6),
		    "reports", (json_int_t)store_column_int64(s, 7), "labels",
		    wf_json_col(s, 8), "employee", wf_json_col(s, 9), "unit", wf_json_col(s, 10),
		    "finding_id",
		    store_column_is_null(s, 11)
		        ? json_null()
		        : json_integer(store_column_int64(s, 11)));
		if (!row || json_array_append_new(arr, row)) {
			rc = err_oom();
			goto done;
		}
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	if (rc)
		json_decref(arr);
	else
		*out = arr;
	return rc;
}

static int audit(netra_store *st, const char *actor, const char *action,
                 int64_t id, const char *detail)
{
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "complaint:%lld", (long long)id);
	if ((rc = store_begin_write(st)))
		return rc;
	if ((rc = wf_audit(st, (int64_t)time(NULL), actor, action, object,
	                   detail))) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st);
}

/* Loads complaint id if in u's scope into *out (NETRA_ENOTFOUND else). */
static int load_one(json_t **out, int64_t *employee, netra_store *st,
                    const struct wf_user *u, int64_t id)
{
	store_stmt *s = NULL;
	int32_t off;
	int rc;

	*out = NULL;
	if ((rc = wf_zone(st, &off)))
		return rc;
	rc = store_prepare(
	    &s, st,
	    "SELECT c.id, c.created_at, c.url, c.platform, c.account, c.seen, "
	    "c.contact, c.screenshot_type, c.screenshot_sha256, c.state, "
	    "c.merged_into, c.labels, c.finding_id, c.reason, c.handled_by, "
	    "c.handled_at, e.name, e.nip, un.code, un.name, c.employee_id, "
	    "c.verdict_json FROM complaints c "
	    "LEFT JOIN employees e ON e.id = c.employee_id "
	    "LEFT JOIN units un ON un.id = e.unit_id WHERE c.id = ? AND "
	    SCOPE_SQL);
	if (rc || (rc = store_bind_int64(s, 1, id)) ||
	    (rc = store_bind_text(s, 2, u->unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, u->employee_id)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW) {
		if (rc >= 0)
			rc = err_set(NETRA_ENOTFOUND, "no complaint #%lld",
			             (long long)id);
		goto done;
	}
	*employee = store_column_int64(s, 20);
	*out = json_pack(
	    "{s:I, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)id, "created_at", wf_json_time(store_column_int64(s, 1), off),
	    "url", wf_json_col(s, 2), "platform", wf_json_col(s, 3), "account", wf_json_col(s, 4),
	    "seen", store_column_text(s, 5, NULL), "contact", wf_json_col(s, 6),
	    "screenshot_type", wf_json_col(s, 7), "screenshot_sha256", wf_json_col(s, 8),
	    "state", store_column_text(s, 9, NULL), "merged_into", wf_json_col(s, 10),
	    "labels", wf_json_col(s, 11), "finding_id", wf_json_col(s, 12), "reason",
	    wf_json_col(s, 13), "handled_by", wf_json_col(s, 14), "handled_at",
	    wf_json_time(store_column_int64(s, 15), off), "employee", wf_json_col(s, 16), "nip",
	    wf_json_col(s, 17), "unit", wf_json_col(s, 18), "unit_name", wf_json_col(s, 19),
	    "verdict",
	    store_column_is_null(s, 21)
	        ? json_null()
	        : json_loads(store_column_text(s, 21, NULL), 0, NULL));
	rc = *out ? 0 : err_oom();
done:
	store_finalize(s);
	return rc;
}

/* The ids of the findings of event ev that u may see, as a JSON array. */
static int event_findings(json_t **out, netra_store *st,
                          const struct wf_user *u, int64_t ev)
{
	store_stmt *s = NULL;
	int rc;

	if (!(*out = json_array()))
		return err_oom();
	rc = store_prepare(&s, st,
	                   "SELECT f.id FROM findings f JOIN units fu ON "
	                   "fu.id = f.unit_id WHERE f.event_id = ? AND "
	                   "fu.path LIKE ? || '%' AND f.employee_id <> ? "
	                   "ORDER BY f.id");
	if (rc || (rc = store_bind_int64(s, 1, ev)) ||
	    (rc = store_bind_text(s, 2, u->unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, u->employee_id)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW)
		if (json_array_append_new(
		        *out, json_integer(store_column_int64(s, 0)))) {
			rc = err_oom();
			goto done;
		}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	return rc;
}

/* "events": the captured posts of the complaint's post or account, up to
 * 20, each with the ids of its findings u may see ("findings"): only
 * posts of employees in u's scope and never u's own (a complaint must not
 * be a way to look up any captured post by its address). */
static int add_events(json_t *o, netra_store *st, const struct wf_user *u)
{
	const char *url = json_string_value(json_object_get(o, "url"));
	const char *pf = json_string_value(json_object_get(o, "platform"));
	const char *acc = json_string_value(json_object_get(o, "account"));
	char post[64];
	store_stmt *s = NULL;
	json_t *arr = json_array(), *row, *fs;
	int32_t off;
	size_t i;
	int rc;

	if (!arr || json_object_set_new(o, "events", arr))
		return err_oom();
	if ((rc = wf_zone(st, &off)))
		return rc;
	url_post_id(post, sizeof(post), url ? url : "");
	/* the post itself first (by its address or its platform id), then
	 * the account's latest */
	rc = store_prepare(
	    &s, st,
	    "SELECT ev.id, ev.platform, ev.event_id, ev.type, ev.account, "
	    "ev.created_at, ev.text, ev.url FROM events ev "
	    "JOIN accounts acc ON acc.id = ev.account_id "
	    "JOIN employees emp ON emp.id = acc.employee_id "
	    "JOIN units eu ON eu.id = emp.unit_id WHERE "
	    "(ev.url = ? OR (ev.platform = ? AND (ev.account = ? OR "
	    "ev.event_id = ?))) AND eu.path LIKE ? || '%' AND emp.id <> ? "
	    "ORDER BY CASE WHEN ev.url = ? OR "
	    "ev.event_id = ? THEN 0 ELSE 1 END, ev.created_at DESC LIMIT 20");
	if (rc || (rc = store_bind_text(s, 1, url ? url : "", (size_t)-1)) ||
	    (rc = store_bind_text(s, 2, pf ? pf : "", (size_t)-1)) ||
	    (rc = store_bind_text(s, 3, acc ? acc : "", (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, post, (size_t)-1)) ||
	    (rc = store_bind_text(s, 5, u->unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 6, u->employee_id)) ||
	    (rc = store_bind_text(s, 7, url ? url : "", (size_t)-1)) ||
	    (rc = store_bind_text(s, 8, post, (size_t)-1)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		row = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		                "id", (json_int_t)store_column_int64(s, 0),
		                "platform", wf_json_col(s, 1), "event_id", wf_json_col(s, 2),
		                "type", wf_json_col(s, 3), "account", wf_json_col(s, 4),
		                "created_at", wf_json_time(store_column_int64(s, 5), off),
		                "text", wf_json_col(s, 6), "url", wf_json_col(s, 7));
		if (!row || json_array_append_new(arr, row)) {
			rc = err_oom();
			goto done;
		}
	}
	if (rc < 0)
		goto done;
	rc = 0;
	json_array_foreach(arr, i, row)
	{
		if ((rc = event_findings(&fs, st, u,
		                         json_integer_value(
		                             json_object_get(row, "id")))) ||
		    json_object_set_new(row, "findings", fs)) {
			rc = rc ? rc : err_oom();
			break;
		}
	}
done:
	store_finalize(s);
	return rc;
}

int web_complaint_get(json_t **out, netra_store *st, const char *actor,
                      int64_t id)
{
	struct wf_user u;
	int64_t employee = 0;
	int rc;

	*out = NULL;
	if ((rc = bkpp_user(&u, st, actor)) ||
	    (rc = load_one(out, &employee, st, &u, id)) ||
	    (rc = audit(st, actor, "view_complaint", id,
	                "{\"personal_data\":true}")) ||
	    (rc = add_events(*out, st, &u))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int web_complaint_screenshot(void **data, size_t *len, char type[32],
                             netra_store *st, const char *actor, int64_t id)
{
	struct wf_user u;
	store_stmt *s = NULL;
	const void *p;
	int rc;

	*data = NULL;
	*len = 0;
	if ((rc = bkpp_user(&u, st, actor)))
		return rc;
	rc = store_prepare(&s, st,
	                   "SELECT c.screenshot, c.screenshot_type FROM "
	                   "complaints c WHERE c.id = ? AND c.screenshot IS "
	                   "NOT NULL AND " SCOPE_SQL);
	if (rc || (rc = store_bind_int64(s, 1, id)) ||
	    (rc = store_bind_text(s, 2, u.unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 3, u.employee_id)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW) {
		if (rc >= 0)
			rc = err_set(NETRA_ENOTFOUND, "no screenshot");
		goto done;
	}
	p = store_column_blob(s, 0, len);
	snprintf(type, 32, "%s", store_column_text(s, 1, NULL));
	*data = malloc(*len ? *len : 1);
	if (!*data) {
		rc = err_oom();
		goto done;
	}
	memcpy(*data, p, *len);
	rc = 0;
done:
	store_finalize(s);
	if (!rc)
		rc = audit(st, actor, "view_complaint_screenshot", id, NULL);
	if (rc) {
		free(*data);
		*data = NULL;
	}
	return rc;
}

/* Sets the state of complaint id and of the reports merged into it. */
static int set_state(netra_store *st, const struct wf_user *u, int64_t id,
                     const char *state, int64_t finding, const char *reason)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(
	    &s, st,
	    "UPDATE complaints SET state = ?, finding_id = ?, reason = ?, "
	    "handled_by = ?, handled_at = ? WHERE (id = ? OR merged_into = ?) "
	    "AND EXISTS (SELECT 1 FROM complaints c WHERE c.id = ? AND "
	    SCOPE_SQL ")");
	if (rc || (rc = store_bind_text(s, 1, state, (size_t)-1)) ||
	    (rc = wf_bind_id(s, 2, finding)) ||
	    (rc = store_bind_text(s, 3, reason, (size_t)-1)) ||
	    (rc = store_bind_text(s, 4, u->name, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 5, (int64_t)time(NULL))) ||
	    (rc = store_bind_int64(s, 6, id)) ||
	    (rc = store_bind_int64(s, 7, id)) ||
	    (rc = store_bind_int64(s, 8, id)) ||
	    (rc = store_bind_text(s, 9, u->unit_path, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 10, u->employee_id)))
		goto done;
	rc = wf_step_done(s);
done:
	store_finalize(s);
	return rc;
}

static int triage(netra_store *st, const char *actor, int64_t id,
                  const char *state, int64_t finding, const char *reason)
{
	struct wf_user u;
	json_t *o = NULL, *detail = NULL;
	int64_t employee;
	char *d = NULL, object[40];
	int rc;

	snprintf(object, sizeof(object), "complaint:%lld", (long long)id);
	if ((rc = bkpp_user(&u, st, actor)) ||
	    (rc = load_one(&o, &employee, st, &u, id)))
		goto done;
	detail = json_pack("{s:s, s:s, s:o}", "to", state, "reason",
	                   reason ? reason : "", "finding",
	                   finding ? json_integer(finding) : json_null());
	if (!detail || !(d = json_dumps(detail, JSON_COMPACT))) {
		rc = err_oom();
		goto done;
	}
	if ((rc = store_begin_write(st)))
		goto done;
	if ((rc = set_state(st, &u, id, state, finding, reason)) ||
	    (rc = wf_audit(st, (int64_t)time(NULL), actor, "triage_complaint",
	                   object, d))) {
		store_rollback(st);
		goto done;
	}
	rc = store_commit(st);
done:
	free(d);
	json_decref(detail);
	json_decref(o);
	return rc;
}

int web_complaint_close(netra_store *st, const char *actor, int64_t id,
                        const char *reason)
{
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return err_set(NETRA_EINVALID,
		               "Alasan penutupan wajib diisi.");
	return triage(st, actor, id, "ditutup", 0, reason);
}

int web_complaint_link(netra_store *st, const char *actor, int64_t id,
                       int64_t finding_id, const char *note)
{
	int rc;

	/* the finding must be one actor may read (scope, conflicts) */
	if ((rc = wf_finding_access(st, actor, finding_id, "link_complaint",
	                            0)))
		return rc;
	return triage(st, actor, id, "ditindaklanjuti", finding_id, note);
}

/* The captured event ev is one of o's "events" (the posts the complaint's
 * page offers: its post or account, in the actor's scope, never the
 * actor's own); NETRA_ENOTFOUND otherwise. */
static int offered_event(const json_t *o, int64_t ev)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(o, "events"), i, e)
	if (json_integer_value(json_object_get(e, "id")) == ev)
		return 0;
	return err_set(NETRA_ENOTFOUND, "Unggahan #%lld tidak termasuk "
	                                "unggahan tertangkap aduan ini.",
	               (long long)ev);
}

/* *v = 1 if a scan judged event ev, *emp its employee (by the account it
 * was captured from). */
static int event_verdict(int64_t *v, int64_t *emp, netra_store *st,
                         int64_t ev)
{
	store_stmt *s = NULL;
	int rc;

	*v = *emp = 0;
	rc = store_prepare(&s, st,
	                   "SELECT acc.employee_id FROM events ev JOIN accounts "
	                   "acc ON acc.id = ev.account_id WHERE ev.id = ? AND "
	                   "acc.employee_id IS NOT NULL");
	if (rc || (rc = store_bind_int64(s, 1, ev)))
		goto done;
	if ((rc = store_step(s)) != STORE_ROW) {
		rc = rc < 0 ? rc
		            : err_set(NETRA_ENOTFOUND, "Unggahan #%lld tidak "
		                                       "ditemukan.",
		                      (long long)ev);
		goto done;
	}
	*emp = store_column_int64(s, 0);
	if ((rc = wf_event_judged(st, ev)) < 0)
		goto done;
	*v = rc; /* its id comes inside the transaction: wf_event_verdict */
	rc = *v ? 0
	        : err_set(NETRA_EINVALID,
	                  "Unggahan ini belum dinilai mesin: jalankan netra "
	                  "scan, lalu kembali ke aduan ini.");
done:
	store_finalize(s);
	return rc;
}

static const struct rules_rule *find_rule(const struct rules_rulebook *rb,
                                          const char *id)
{
	size_t i;

	for (i = 0; rb && id && i < rb->nrules; i++)
		if (strcmp(rb->rules[i].id, id) == 0)
			return &rb->rules[i];
	return NULL;
}

/* Checks the request and fills *nf (borrowing from r and reason). */
static int complaint_finding_new(struct wf_finding_new *nf, netra_store *st,
                                 const struct rules_rule *r, int64_t ev,
                                 const char *actor, const char *reason)
{
	int rc;

	memset(nf, 0, sizeof(*nf));
	if ((rc = event_verdict(&nf->verdict_id, &nf->employee_id, st, ev)))
		return rc;
	nf->event_id = ev;
	nf->category = netra_label_name(r->label);
	nf->rule = r->id;
	nf->severity = rules_severity_name(r->severity);
	nf->basis = r->basis;
	nf->explain = r->explain;
	nf->actor = actor;
	nf->reason = reason;
	return 0;
}

int web_complaint_finding(int64_t *out, netra_store *st, const char *actor,
                          int64_t id, int64_t event, const char *rule,
                          const char *reason,
                          const struct rules_rulebook *rb)
{
	const struct rules_rule *r = find_rule(rb, rule);
	struct wf_finding_new nf;
	struct wf_user u;
	json_t *o = NULL;
	char object[40], detail[160];
	int64_t employee;
	int rc;

	*out = 0;
	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return err_set(NETRA_EINVALID, "Alasan pembuatan temuan wajib "
		                               "diisi.");
	if (!r)
		return err_set(NETRA_EINVALID, "Pilih aturan dari pedoman.");
	if ((rc = bkpp_user(&u, st, actor)) ||
	    (rc = load_one(&o, &employee, st, &u, id)) ||
	    (rc = add_events(o, st, &u)) || (rc = offered_event(o, event)) ||
	    (rc = complaint_finding_new(&nf, st, r, event, actor, reason)))
		goto done;
	if (strcmp(json_string_value(json_object_get(o, "state")), "baru")) {
		rc = err_set(NETRA_ESTATE, "Aduan ini sudah ditangani.");
		goto done;
	}
	snprintf(object, sizeof(object), "complaint:%lld", (long long)id);
	if ((rc = store_begin_write(st)))
		goto done;
	/* the stored verdict, written now if it was clean (workflow/judged.h) */
	if ((rc = wf_event_verdict(&nf.verdict_id, st, event)) == 0)
		rc = wf_finding_create(out, st, &nf);
	if (rc == NETRA_EEXISTS) {
		store_rollback(st);
		rc = err_set(NETRA_EEXISTS, "Temuan #%lld sudah ada untuk "
		                            "unggahan dan aturan ini: tindak "
		                            "lanjuti aduan dengan temuan itu.",
		             (long long)*out);
		goto done;
	}
	snprintf(detail, sizeof(detail),
	         "{\"to\":\"ditindaklanjuti\",\"finding\":%lld,\"event\":%lld,"
	         "\"made\":true}",
	         (long long)*out, (long long)event);
	if (rc || (rc = set_state(st, &u, id, "ditindaklanjuti", *out, reason)) ||
	    (rc = wf_audit(st, (int64_t)time(NULL), actor, "triage_complaint",
	                   object, detail))) {
		store_rollback(st);
		*out = 0;
		goto done;
	}
	if ((rc = store_commit(st)))
		*out = 0;
done:
	json_decref(o);
	return rc;
}
