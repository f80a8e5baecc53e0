/*
 * workflow/escalate.h - what `netra escalate` (run from cron) does:
 * overdue findings move up the organisation to the next reviewer
 * (pengawasan berjenjang), pending notifications become one digest mail
 * per reviewer in the outbox, and the outbox is sent over SMTP (libcurl).
 * Any number of processes (`netra escalate` from cron, `netra worker`s on
 * several machines) may do this at once over one store: a finding is
 * escalated once per missed deadline, a notification is put into one
 * mail, and a mail is claimed by one sender under a lease. Mail is sent
 * at least once: a sender killed between the server's acceptance and
 * marking the row sent leaves it to be sent again when its claim
 * expires (docs/worker.md).
 */
#ifndef NETRA_WORKFLOW_ESCALATE_H
#define NETRA_WORKFLOW_ESCALATE_H

#include <stddef.h>
#include <stdint.h>

#include "netra/store.h"

#define WF_OUTBOX_MAX_ATTEMPTS 10
/* A sender's claim on an outbox row lasts this long beyond twice the
 * SMTP timeout; a failed row is tried again once its claim expires. */
#define WF_OUTBOX_LEASE_SECONDS 60

struct wf_escalate_stats {
	size_t escalated; /* findings moved to a higher unit */
	size_t overdue;   /* overdue findings with nobody above (notified) */
	size_t notices;   /* notifications put into mails */
	size_t unrouted;  /* notifications whose unit has no reviewer with
	                   * an e-mail address (dropped, audited) */
	size_t stale;     /* notifications overtaken by events (the
	                   * finding moved on or was decided): dropped */
	size_t queued;    /* mails added to the outbox */
	size_t sent;      /* mails sent */
	size_t failed;    /* mails that failed (kept for retry) */
};

/*
 * Escalates every open finding whose deadline passed by now: one at OPD
 * level (baru, ditinjau_opd) goes to the next reviewer above its current
 * unit with a new deadline counted from the missed one, repeatedly while
 * that deadline has passed too (so a missed cron run loses nothing); one
 * already at the top, or waiting for BKPP, gets an 'overdue' notice once
 * per deadline. Each move writes a transition and an audit row (actor
 * 'system'). One transaction.
 */
int wf_escalate(netra_store *st, int64_t now, struct wf_escalate_stats *stats);

/*
 * Turns the pending notifications into one mail per reviewer (active opd
 * or bkpp users of the notified unit with an e-mail address whose scope
 * holds the finding's unit), subject and
 * body in Indonesian, no personal data beyond finding ids, units and
 * rules. A notification whose finding is no longer open and assigned to
 * the notified unit is dropped (stats->stale). One transaction.
 */
int wf_outbox_compose(netra_store *st, int64_t now,
                      struct wf_escalate_stats *stats);

/* Where and how to send mail. */
struct wf_smtp {
	const char *url;      /* smtp://host:port or smtps://host:port */
	const char *from;     /* envelope and header From address */
	const char *user;     /* SMTP AUTH user, or NULL */
	const char *password; /* SMTP AUTH password, or NULL */
	int starttls;         /* require STARTTLS on smtp:// */
	long timeout;         /* seconds per message; 0 = 60 */
	const char *owner;    /* the claims' owner (wf_lease_owner()), or
	                       * NULL for one of this call's own */
	long backoff;         /* a failed mail waits this many seconds,
	                       * doubled per attempt up to an hour, before
	                       * it is tried again; 0 = the next run */
};

/* Sends every unsent outbox mail with fewer than WF_OUTBOX_MAX_ATTEMPTS
 * attempts that no other sender holds: claims it (a lease of
 * WF_OUTBOX_LEASE_SECONDS plus twice the timeout), sends it, and marks it
 * sent, or counts the attempt, keeps the error and frees it (at once, or
 * after smtp->backoff). Returns 0 even if some mails failed (see
 * stats->failed). */
int wf_outbox_send(netra_store *st, const struct wf_smtp *smtp, int64_t now,
                   struct wf_escalate_stats *stats);

/* Sends one message (RFC 5322 text with CRLF line ends) to one
 * recipient. On failure the libcurl reason is in the error message. */
int wf_smtp_send(const struct wf_smtp *smtp, const char *rcpt, const char *msg,
                 size_t len);

#endif
