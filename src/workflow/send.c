/*
 * workflow/send.c - delivering the outbox: each unsent mail is formatted
 * as an RFC 5322 message (UTF-8 text, the subject RFC 2047-encoded when
 * not ASCII, CRLF line ends) and sent with wf_smtp_send(); the row is then
 * marked sent, or its attempt and error are recorded for the next run.
 */
#include "workflow/escalate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "util/error.h"
#include "util/redact.h"
#include "util/sbuf.h"
#include "workflow/calendar.h"
#include "workflow/finding.h"
#include "workflow/internal.h"
#include "workflow/lease.h"

/* "Wed, 02 Oct 2024 08:15:00 +0700": an RFC 5322 date in the region's
 * zone (UTC offset off). */
static void mail_date(char *buf, size_t size, int64_t t, int32_t off)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed",
	                                 "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
	                                  "May", "Jun", "Jul", "Aug",
	                                  "Sep", "Oct", "Nov", "Dec"};
	char iso[32];
	int m;

	civil_time_format(iso, sizeof(iso), t, off); /* ...T08:15:00+07:00 */
	m = (iso[5] - '0') * 10 + (iso[6] - '0');
	snprintf(buf, size, "%s, %.2s %s %.4s %.8s %.3s%.2s",
	         wd[civil_weekday(civil_day_of(t, off))], iso + 8,
	         mon[(m + 11) % 12], iso, iso + 11, iso + 19, iso + 23);
}

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || *s == '\r' || *s == '\n')
			return 0;
	return 1;
}

static int put_subject(struct sbuf *b, const char *subj)
{
	size_t n = strlen(subj),
	       cap =
	           sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *enc;
	int rc;

	if (is_ascii(subj))
		return sbuf_printf(b, "Subject: %s\r\n", subj);
	enc = malloc(cap);
	if (!enc)
		return err_oom();
	sodium_bin2base64(enc, cap, (const unsigned char *)subj, n,
	                  sodium_base64_VARIANT_ORIGINAL);
	rc = sbuf_printf(b, "Subject: =?UTF-8?B?%s?=\r\n", enc);
	free(enc);
	return rc;
}

/* Appends text with every line end made CRLF. */
static int put_crlf(struct sbuf *b, const char *p)
{
	int rc = 0;

	for (; *p && !rc; p++) {
		if (*p == '\r')
			continue;
		rc = *p == '\n' ? sbuf_puts(b, "\r\n") : sbuf_putc(b, *p);
	}
	return rc;
}

static int format_mail(struct sbuf *b, const struct wf_smtp *smtp, int64_t id,
                       const char *to, const char *subj, const char *body,
                       int64_t created, int32_t off)
{
	const char *domain = strchr(smtp->from, '@');
	char date[48];
	int rc;

	mail_date(date, sizeof(date), created, off);
	rc = sbuf_printf(b,
	                 "Date: %s\r\nFrom: netra <%s>\r\nTo: <%s>\r\n"
	                 "Message-ID: <netra-outbox-%lld-%lld@%s>\r\n",
	                 date, smtp->from, to, (long long)id,
	                 (long long)created, domain ? domain + 1 : "localhost");
	if (!rc)
		rc = put_subject(b, subj);
	if (!rc)
		rc = sbuf_puts(b, "MIME-Version: 1.0\r\n"
		                  "Content-Type: text/plain; charset=UTF-8\r\n"
		                  "Content-Transfer-Encoding: 8bit\r\n"
		                  "Auto-Submitted: auto-generated\r\n\r\n");
	if (!rc)
		rc = put_crlf(b, body);
	return rc;
}

/* Records the outcome of sending mail id as its claim's owner: sent, or
 * one more failed attempt with its error. A failed row is free again at
 * once, or, with retry_after, not before that time (set as its claim's
 * expiry with no owner). */
static int mark(netra_store *st, int64_t id, const char *owner, int64_t now,
                const char *error, int64_t retry_after)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(&s, st,
	                   error
	                       ? "UPDATE outbox SET attempts = attempts + 1, "
	                         "last_error = ?, claimed_by = NULL, "
	                         "claim_expires_at = ? WHERE id = ? AND "
	                         "claimed_by = ?"
	                       : "UPDATE outbox SET attempts = attempts + 1, "
	                         "sent_at = ?, last_error = NULL, claimed_by = "
	                         "NULL, claim_expires_at = ? WHERE id = ? "
	                         "AND claimed_by = ?");
	if (rc)
		return rc;
	rc = error ? store_bind_text(s, 1, error, (size_t)-1)
	           : store_bind_int64(s, 1, now);
	if (!rc)
		rc = error && retry_after ? store_bind_int64(s, 2, retry_after)
		                          : store_bind_null(s, 2);
	if (!rc && !(rc = store_bind_int64(s, 3, id)) &&
	    !(rc = store_bind_text(s, 4, owner, (size_t)-1)))
		rc = wf_step_done(s);
	store_finalize(s);
	return rc;
}

/* When a mail that failed its attempt-th time may be tried again: at once
 * without smtp->backoff, else backoff seconds doubled per attempt up to
 * an hour. */
static int64_t retry_time(const struct wf_smtp *smtp, int64_t attempts,
                          int64_t now)
{
	int64_t d = smtp->backoff;

	if (d <= 0)
		return 0;
	while (--attempts > 0 && d < 3600)
		d *= 2;
	return now + (d < 3600 ? d : 3600);
}

/* A copy of one outbox row waiting to be sent. */
struct mail {
	int64_t id, created, attempts;
	char *to, *subject, *body;
};

static void mail_free(struct mail *m)
{
	free(m->to);
	free(m->subject);
	free(m->body);
}

/* A row is free to claim while unsent, below the attempt limit, and not
 * under another worker's unexpired claim (CLAIMABLE binds now, owner). */
#define CLAIMABLE                                                              \
	"sent_at IS NULL AND attempts < %d AND (claim_expires_at IS NULL OR "  \
	"claim_expires_at < ? OR claimed_by = ?)"

/* Claims the next unsent mail after id `after` for owner until `until`
 * and copies it into m; m->id == 0 if there is none. One statement: on
 * PostgreSQL the row is picked FOR UPDATE SKIP LOCKED (a row another
 * worker is claiming is passed over) and the condition is checked again
 * on the row as it is when updated, so two workers never claim one row. */
static int claim_mail(struct mail *m, netra_store *st, int64_t after,
                      const char *owner, int64_t now, int64_t until)
{
	struct sbuf sql = SBUF_INIT;
	store_stmt *s = NULL;
	int rc;

	memset(m, 0, sizeof(*m));
	if (sbuf_printf(&sql,
	                "UPDATE outbox SET claimed_by = ?, claim_expires_at = ? "
	                "WHERE id = (SELECT id FROM outbox WHERE " CLAIMABLE
	                " AND id > ? ORDER BY id LIMIT 1%s) AND " CLAIMABLE
	                " RETURNING id, recipient, subject, body, created_at,"
	                " attempts",
	                WF_OUTBOX_MAX_ATTEMPTS, store_lock_skip(st),
	                WF_OUTBOX_MAX_ATTEMPTS)) {
		rc = err_oom();
		goto done;
	}
	if ((rc = store_prepare(&s, st, sql.data)) ||
	    (rc = store_bind_text(s, 1, owner, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 2, until)) ||
	    (rc = store_bind_int64(s, 3, now)) ||
	    (rc = store_bind_text(s, 4, owner, (size_t)-1)) ||
	    (rc = store_bind_int64(s, 5, after)) ||
	    (rc = store_bind_int64(s, 6, now)) ||
	    (rc = store_bind_text(s, 7, owner, (size_t)-1)))
		goto done;
	rc = store_step(s);
	if (rc == STORE_ROW) {
		m->id = store_column_int64(s, 0);
		m->to = strdup(store_column_text(s, 1, NULL));
		m->subject = strdup(store_column_text(s, 2, NULL));
		m->body = strdup(store_column_text(s, 3, NULL));
		m->created = store_column_int64(s, 4);
		m->attempts = store_column_int64(s, 5);
		if (!m->to || !m->subject || !m->body) {
			mail_free(m);
			m->id = 0;
			rc = err_oom();
			goto done;
		}
	}
	rc = rc < 0 ? rc : 0;
done:
	store_finalize(s);
	sbuf_free(&sql);
	return rc;
}

static int send_one(netra_store *st, const struct wf_smtp *smtp,
                    const struct mail *m, const char *owner, int64_t now,
                    int32_t off, struct wf_escalate_stats *stats)
{
	struct sbuf msg = SBUF_INIT;
	int rc;

	if ((rc = format_mail(&msg, smtp, m->id, m->to, m->subject, m->body,
	                      m->created, off)))
		goto done;
	if (wf_smtp_send(smtp, m->to, msg.data, msg.len) == 0) {
		/* Marked at once, in a statement of its own: a crash
		 * between the server's 250 and this line is the one way a
		 * mail goes out twice (after the claim expires). */
		stats->sent++;
		rc = mark(st, m->id, owner, now, NULL, 0);
	} else {
		stats->failed++;
		rc = mark(st, m->id, owner, now, netra_error_last(),
		          retry_time(smtp, m->attempts + 1, now));
	}
done:
	sbuf_free(&msg);
	return rc;
}

/* Rewrites the stored errors of unsent mail that name a URL with user
 * information (written by versions that stored smtp://user:pass@host):
 * no credential stays in the store. */
static int scrub_errors(netra_store *st, const char *password)
{
	store_stmt *s = NULL, *u = NULL;
	char clean[1024];
	int rc;

	rc = store_prepare(&s, st,
	                   "SELECT id, last_error FROM outbox WHERE "
	                   "last_error LIKE '%://%@%'");
	if (!rc)
		rc = store_prepare(&u, st, "UPDATE outbox SET last_error = ? "
		                           "WHERE id = ?");
	while (!rc && (rc = store_step(s)) == STORE_ROW) {
		redact_urls(clean, sizeof(clean),
		            store_column_text(s, 1, NULL), password);
		store_reset(u);
		if ((rc = store_bind_text(u, 1, clean, (size_t)-1)) ||
		    (rc = store_bind_int64(u, 2, store_column_int64(s, 0))) ||
		    (rc = wf_step_done(u)))
			break;
		rc = 0;
	}
	store_finalize(s);
	store_finalize(u);
	return rc < 0 ? rc : 0;
}

int wf_outbox_send(netra_store *st, const struct wf_smtp *smtp, int64_t now,
                   struct wf_escalate_stats *stats)
{
	struct mail m;
	char owner[128];
	int64_t after = 0, lease;
	int32_t off;
	int rc;

	if (!smtp->url || !smtp->from || !strchr(smtp->from, '@'))
		return err_set(NETRA_EINVALID, "sending mail needs an smtp URL "
		                               "and a From address");
	if (!now)
		now = wf_now();
	/* A claim outlives the longest send (the timeout) by far, so a
	 * slow server never lets a second worker send the same mail. */
	lease = (smtp->timeout > 0 ? smtp->timeout : 60) * 2 +
	        WF_OUTBOX_LEASE_SECONDS;
	if (smtp->owner)
		snprintf(owner, sizeof(owner), "%s", smtp->owner);
	else
		wf_lease_owner(owner, sizeof(owner));
	if ((rc = wf_zone(st, &off)) ||
	    (rc = scrub_errors(st, smtp->password)))
		return rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(NETRA_ERROR, "curl_global_init failed");
	for (;;) {
		if ((rc = claim_mail(&m, st, after, owner, now, now + lease)) ||
		    !m.id)
			break;
		after = m.id;
		rc = send_one(st, smtp, &m, owner, now, off, stats);
		mail_free(&m);
		if (rc)
			break;
	}
	curl_global_cleanup();
	return rc;
}
