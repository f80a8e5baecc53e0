/*
 * workflow/outbox.c - mail to reviewers. Pending notifications (new,
 * escalated, overdue, confirmed findings) become one digest mail per
 * reviewer in the outbox table; wf_outbox_send() then delivers the outbox
 * over SMTP (smtp.c), marking each mail sent or recording the error for
 * the next run. Mails name findings by id, unit and rule only: the
 * personal data stays behind `netra finding show`, which is audited.
 */
#include "workflow/escalate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util/error.h"
#include "util/sbuf.h"
#include "workflow/calendar.h"
#include "workflow/finding.h"
#include "workflow/internal.h"

static const struct {
	const char *kind;
	const char *heading;
} kinds[] = {
    {"new", "Temuan baru untuk ditinjau"},
    {"escalated", "Temuan eskalasi, tenggat di unit bawahan terlewati"},
    {"overdue", "Temuan melewati tenggat"},
    {"confirmed", "Temuan dikonfirmasi OPD, menunggu verifikasi BKPP"},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static int kind_index(const char *k)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(k, kinds[i].kind) == 0)
			return (int)i;
	return 0;
}

/* One digest being built: per kind, the lines of its findings. */
struct digest {
	char email[256];
	char user[64];
	struct sbuf lines[NKINDS];
	size_t count[NKINDS];
	int32_t off; /* the zone of the recipient's unit, for deadlines */
};

static void digest_reset(struct digest *d)
{
	size_t i;

	for (i = 0; i < NKINDS; i++) {
		sbuf_clear(&d->lines[i]);
		d->count[i] = 0;
	}
	d->email[0] = d->user[0] = '\0';
}

static void digest_free(struct digest *d)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		sbuf_free(&d->lines[i]);
}

static int digest_subject(struct sbuf *b, const struct digest *d)
{
	static const char *const words[NKINDS] = {"baru", "eskalasi",
	                                          "terlambat", "dikonfirmasi"};
	size_t i, n = 0;
	int rc = sbuf_puts(b, "[netra] Temuan netralitas ASN:");

	for (i = 0; i < NKINDS && !rc; i++) {
		if (!d->count[i])
			continue;
		rc = sbuf_printf(b, "%s %zu %s", n++ ? "," : "", d->count[i],
		                 words[i]);
	}
	return rc;
}

static int digest_body(struct sbuf *b, const struct digest *d)
{
	size_t i;
	int rc = sbuf_printf(b,
	                     "Yth. %s,\n\nBerikut temuan dugaan pelanggaran "
	                     "netralitas ASN yang perlu Anda tindak lanjuti.\n",
	                     d->user);

	for (i = 0; i < NKINDS && !rc; i++) {
		if (!d->count[i])
			continue;
		rc = sbuf_printf(b, "\n%s (%zu):\n%s", kinds[i].heading,
		                 d->count[i], d->lines[i].data);
	}
	if (!rc)
		rc = sbuf_printf(b,
		                 "\nRincian: netra finding show ID --as %s\n\n"
		                 "Temuan adalah dugaan yang perlu ditinjau "
		                 "atasan langsung, bukan keputusan.\n"
		                 "Pesan ini dikirim otomatis oleh netra.\n",
		                 d->user);
	return rc;
}

static int outbox_insert(netra_store *st, const struct digest *d, int64_t now)
{
	struct sbuf subj = SBUF_INIT, body = SBUF_INIT;
	store_stmt *s = NULL;
	int rc;

	if ((rc = digest_subject(&subj, d)) || (rc = digest_body(&body, d)))
		goto done;
	rc = store_prepare(&s, st,
	                   "INSERT INTO outbox(recipient, subject, "
	                   "body, created_at) VALUES (?, ?, ?, ?)");
	if (!rc && !(rc = store_bind_text(s, 1, d->email, (size_t)-1)) &&
	    !(rc = store_bind_text(s, 2, subj.data, subj.len)) &&
	    !(rc = store_bind_text(s, 3, body.data, body.len)) &&
	    !(rc = store_bind_int64(s, 4, now)))
		rc = wf_step_done(s);
done:
	store_finalize(s);
	sbuf_free(&subj);
	sbuf_free(&body);
	return rc;
}

/* A notification is current while its finding is still open and assigned
 * to the notified unit; one overtaken by events (escalated further,
 * already decided) is dropped rather than sent to someone who can no
 * longer act on it. */
#define CURRENT                                                                \
	"AND f.assigned_unit_id = n.unit_id AND f.state IN ('baru', "          \
	"'ditinjau_opd', 'dikonfirmasi_opd', 'diverifikasi_bkpp') "

/* The users a notification of finding f for unit n.unit_id goes to: the
 * active opd/bkpp users of that unit with an address whose scope holds
 * the finding (the unit of an all-units BKPP may also have users scoped
 * to its own subtree, who must not hear of other units' findings). */
#define RECIPIENT                                                              \
	"us.unit_id = n.unit_id AND us.active = 1 "                            \
	"AND us.role IN ('opd', 'bkpp') AND us.email IS NOT NULL "             \
	"AND (us.all_units = 1 OR (SELECT fu.path FROM units fu WHERE "        \
	"fu.id = f.unit_id) LIKE (SELECT uu.path FROM units uu WHERE "         \
	"uu.id = us.unit_id) || '%') "

/* The mark of the notifications this composer took (taken()), inside its
 * transaction only: they become queued_at = now before it commits. One
 * composer at a time holds the lock (lock_composer()), so one mark will
 * do. */
#define TAKING "-1"

static const char sql_pending[] =
    "SELECT us.email, us.name, n.kind, f.id, un.code, f.rule, f.due_at, "
    "f.state, n.unit_id FROM notifications n "
    "JOIN findings f ON f.id = n.finding_id " CURRENT
    "JOIN users us ON " RECIPIENT "JOIN units un ON un.id = f.unit_id "
    "WHERE n.queued_at = " TAKING " "
    "ORDER BY us.email, us.name, n.id";

static int add_line(struct digest *d, store_stmt *s)
{
	char due[48] = "-", iso[32], zb[16];
	int k = kind_index(store_column_text(s, 2, NULL));

	if (!store_column_is_null(s, 6)) {
		/* "2024-10-08 00:00 WITA": the deadline in the region's zone */
		civil_time_format(iso, sizeof(iso), store_column_int64(s, 6),
		                  d->off);
		snprintf(due, sizeof(due), "%.10s %.5s %s", iso, iso + 11,
		         civil_zone_name(zb, sizeof(zb), d->off));
	}
	d->count[k]++;
	return sbuf_printf(
	    &d->lines[k],
	    "  #%lld  unit %s  aturan %s  status %s  tenggat %s\n",
	    (long long)store_column_int64(s, 3), store_column_text(s, 4, NULL),
	    store_column_text(s, 5, NULL), store_column_text(s, 7, NULL), due);
}

/* Builds and inserts the digests of the notifications taken. */
static int compose(netra_store *st, int64_t now,
                   struct wf_escalate_stats *stats)
{
	struct digest d;
	store_stmt *s = NULL;
	int rc;

	memset(&d, 0, sizeof(d));
	if ((rc = store_prepare(&s, st, sql_pending)))
		goto done;
	while ((rc = store_step(s)) == STORE_ROW) {
		const char *email = store_column_text(s, 0, NULL);
		const char *user = store_column_text(s, 1, NULL);

		if (d.email[0] &&
		    (strcmp(d.email, email) || strcmp(d.user, user))) {
			if ((rc = outbox_insert(st, &d, now)))
				goto done;
			stats->queued++;
			digest_reset(&d);
		}
		/* deadlines in the zone of the reviewer's unit */
		if (!d.email[0] &&
		    (rc = wf_unit_zone(st, store_column_int64(s, 8), &d.off)))
			goto done;
		snprintf(d.email, sizeof(d.email), "%s", email);
		snprintf(d.user, sizeof(d.user), "%s", user);
		if ((rc = add_line(&d, s)))
			goto done;
	}
	if (rc < 0)
		goto done;
	rc = 0;
	if (d.email[0] && !(rc = outbox_insert(st, &d, now)))
		stats->queued++;
done:
	store_finalize(s);
	digest_free(&d);
	return rc;
}

/* Counts the notifications taken that are current but reach nobody,
 * and the ones no longer current. */
static int count_unrouted(size_t *out, size_t *stale, netra_store *st)
{
	int64_t n = 0;
	int rc;

	rc = store_query_int64(&n, st,
	                       "SELECT count(*) FROM notifications n JOIN "
	                       "findings f ON f.id = n.finding_id " CURRENT
	                       "WHERE n.queued_at = " TAKING " AND NOT EXISTS "
	                       "(SELECT 1 FROM users us WHERE " RECIPIENT ")",
	                       NULL, 0);
	*out = (size_t)n;
	if (rc)
		return rc;
	rc = store_query_int64(
	    &n, st,
	    "SELECT count(*) FROM notifications n JOIN "
	    "findings f ON f.id = n.finding_id WHERE "
	    "n.queued_at = " TAKING " AND NOT (f.assigned_unit_id = n.unit_id "
	    "AND f.state IN ('baru', 'ditinjau_opd', "
	    "'dikonfirmasi_opd', 'diverifikasi_bkpp'))",
	    NULL, 0);
	*stale = (size_t)n;
	return rc;
}

/* Takes every pending notification committed so far (marks it TAKING):
 * exactly these are composed and then marked queued. A bound such as
 * "id <= MAX(id)" would also mark rows another writer commits meanwhile
 * with a lower id (PostgreSQL hands out ids before commit), which no mail
 * would hold. *count gets their number. */
static int take_pending(netra_store *st, size_t *count)
{
	store_stmt *s = NULL;
	int rc;

	*count = 0;
	rc = store_prepare(&s, st,
	                   "UPDATE notifications SET queued_at = " TAKING
	                   " WHERE queued_at IS NULL RETURNING id");
	while (!rc && (rc = store_step(s)) == STORE_ROW)
		(*count)++;
	store_finalize(s);
	return rc < 0 ? rc : 0;
}

static int mark_queued(netra_store *st, int64_t now)
{
	store_stmt *s = NULL;
	int rc;

	rc = store_prepare(&s, st,
	                   "UPDATE notifications SET queued_at = ? "
	                   "WHERE queued_at = " TAKING);
	if (!rc && !(rc = store_bind_int64(s, 1, now)))
		rc = wf_step_done(s);
	store_finalize(s);
	return rc;
}

/* Makes this transaction the only composer until it ends: on PostgreSQL
 * the upsert holds the row's lock to the commit, so a second composer
 * waits here and then reads the notifications the first marked queued
 * (READ COMMITTED: each statement sees what committed before it); on
 * SQLite the write transaction holds the whole store already. Without it
 * two workers would put the same notification into two mails. */
static int lock_composer(netra_store *st, int64_t now)
{
	store_stmt *s = NULL;
	char v[32];
	int rc;

	snprintf(v, sizeof(v), "%lld", (long long)now);
	rc = store_prepare(&s, st,
	                   "INSERT INTO settings(key, value) VALUES "
	                   "('outbox.composed_at', ?) ON CONFLICT(key) DO "
	                   "UPDATE SET value = excluded.value");
	if (!rc && !(rc = store_bind_text(s, 1, v, (size_t)-1)))
		rc = wf_step_done(s);
	store_finalize(s);
	return rc;
}

int wf_outbox_compose(netra_store *st, int64_t now,
                      struct wf_escalate_stats *stats)
{
	size_t unrouted = 0, stale = 0, marked = 0;
	char detail[64];
	int rc;

	if (!now)
		now = wf_now();
	if ((rc = store_begin_write(st)))
		return rc;
	if ((rc = lock_composer(st, now)) ||
	    (rc = take_pending(st, &marked)) ||
	    (rc = count_unrouted(&unrouted, &stale, st)) ||
	    (rc = compose(st, now, stats)) ||
	    (rc = mark_queued(st, now)))
		goto fail;
	if (unrouted) {
		snprintf(detail, sizeof(detail), "{\"notifications\":%zu}",
		         unrouted);
		if ((rc = wf_audit(st, now, "system", "notify_unrouted",
		                   "outbox", detail)))
			goto fail;
	}
	stats->unrouted += unrouted;
	stats->stale += stale;
	stats->notices += marked - unrouted - stale;
	return store_commit(st);
fail:
	store_rollback(st);
	return rc;
}
