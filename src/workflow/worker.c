/*
 * workflow/worker.c - the rounds of `netra worker` (worker.h): fetch and
 * read the images of new events (media, first: scan waits for them),
 * scan what is unjudged with an engine kept between rounds, escalate what is
 * overdue, compose and send mail, append what is queued for the evidence
 * log; then go again at once if the round did something, else wait.
 */
#include "workflow/worker.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "netra/evidence.h"
#include "util/error.h"
#include "workflow/lease.h"

int wf_worker_jobs_parse(unsigned *out, const char *list)
{
	static const struct {
		const char *name;
		unsigned bit;
	} jobs[] = {{"scan", WF_JOB_SCAN},
	            {"notify", WF_JOB_NOTIFY},
	            {"escalate", WF_JOB_ESCALATE},
	            {"media", WF_JOB_MEDIA}};
	const char *p = list;
	size_t n, k;

	*out = 0;
	while (*p) {
		n = strcspn(p, ",");
		for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++)
			if (strlen(jobs[k].name) == n &&
			    strncmp(p, jobs[k].name, n) == 0)
				break;
		if (k == sizeof(jobs) / sizeof(jobs[0]) ||
		    (*out & jobs[k].bit))
			return err_set(NETRA_EINVALID,
			               "--jobs: '%.*s' is not scan, notify, "
			               "escalate or media (each once)", (int)n,
			               p);
		*out |= jobs[k].bit;
		p += n;
		if (*p == ',' && *++p == '\0')
			return err_set(NETRA_EINVALID, "--jobs: empty job");
	}
	if (!*out)
		return err_set(NETRA_EINVALID, "--jobs: no job named");
	return 0;
}

static void add_media(netra_media_fetch_stats *sum,
                      const netra_media_fetch_stats *m)
{
	sum->events += m->events;
	sum->media += m->media;
	sum->fetched += m->fetched;
	sum->new_blobs += m->new_blobs;
	sum->failed += m->failed;
	sum->retry += m->retry;
	sum->ocr += m->ocr;
	sum->known += m->known;
}

static void add_scan(struct wf_scan_result *sum, const struct wf_scan_result *r)
{
	sum->judged += r->judged;
	sum->breaches += r->breaches;
	sum->findings += r->findings;
	sum->bytes += r->bytes;
	sum->judge_calls += r->judge_calls;
	sum->blocks += r->blocks;
	sum->blocks_busy += r->blocks_busy;
	sum->threads = r->threads;
	sum->seconds += r->seconds;
	memcpy(sum->rulebook, r->rulebook, sizeof(sum->rulebook));
}

/* The escalation and mail jobs of one round into *e. */
static int mail_jobs(netra_store *st, const struct wf_worker_opts *o,
                     struct wf_escalate_stats *e)
{
	int rc = 0;

	if (o->jobs & WF_JOB_ESCALATE)
		rc = wf_escalate(st, 0, e);
	if (!rc && (o->jobs & WF_JOB_NOTIFY)) {
		rc = wf_outbox_compose(st, 0, e);
		if (!rc && o->smtp && o->smtp->url)
			rc = wf_outbox_send(st, o->smtp, 0, e);
	}
	/* Escalations and audit rows enter the evidence log (scan batches
	 * append their own). */
	if (!rc && (o->jobs & (WF_JOB_ESCALATE | WF_JOB_NOTIFY)))
		rc = netra_evidence_append_pending(st);
	return rc;
}

static void add_mail(struct wf_escalate_stats *sum,
                     const struct wf_escalate_stats *e)
{
	sum->escalated += e->escalated;
	sum->overdue += e->overdue;
	sum->notices += e->notices;
	sum->unrouted += e->unrouted;
	sum->stale += e->stale;
	sum->queued += e->queued;
	sum->sent += e->sent;
	sum->failed += e->failed;
}

static void log_round(FILE *log, const struct wf_worker_stats *w,
                      const netra_media_fetch_stats *m,
                      const struct wf_scan_result *r,
                      const struct wf_escalate_stats *e)
{
	if (!log)
		return;
	fprintf(log,
	        "worker %s: round %llu: images of %zu events (%zu fetched, "
	        "%zu refused, %zu to retry); judged %llu (judge calls %llu), "
	        "findings %llu; escalated %zu, overdue %zu; mails queued %zu, "
	        "sent %zu, failed %zu\n",
	        w->owner, (unsigned long long)w->rounds, m->events, m->fetched,
	        m->failed, m->retry,
	        (unsigned long long)r->judged,
	        (unsigned long long)r->judge_calls,
	        (unsigned long long)r->findings, e->escalated, e->overdue,
	        e->queued, e->sent, e->failed);
	fflush(log);
}

/* One round of every job; *busy is set if it did anything. The images
 * come first, so the round's scan judges the events they belong to. */
static int round_once(netra_store *st, netra_media_fetcher *mf,
                      struct wf_scanner *sc, const struct wf_worker_opts *o,
                      struct wf_worker_stats *w, int *busy)
{
	netra_media_fetch_stats m;
	struct wf_scan_result r;
	struct wf_escalate_stats e;
	int rc = 0;

	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	memset(&e, 0, sizeof(e));
	if (mf) {
		rc = netra_media_fetcher_run(mf, &m);
		add_media(&w->media, &m);
	}
	if (!rc && sc && !(o->stop && *o->stop)) {
		rc = wf_scanner_run(sc, &r);
		add_scan(&w->scan, &r);
	}
	if (!rc && !(o->stop && *o->stop))
		rc = mail_jobs(st, o, &e);
	add_mail(&w->mail, &e);
	w->rounds++;
	/* a failed mail alone is no reason to go again at once: it waits
	 * for its backoff */
	*busy = m.events || r.judge_calls || e.escalated || e.overdue ||
	        e.queued || e.sent;
	if (*busy || e.failed)
		log_round(o->log, w, &m, &r, &e);
	return rc;
}

/* Waits seconds, or less if *stop is set meanwhile. */
static void pause_for(int seconds, volatile sig_atomic_t *stop)
{
	struct timespec ts = {0, 200000000L}; /* a fifth of a second */
	int n;

	for (n = 0; n < seconds * 5 && !(stop && *stop); n++)
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR &&
		       !(stop && *stop))
			;
}

int wf_worker_run(netra_store *st, const struct wf_worker_opts *o,
                  struct wf_worker_stats *w)
{
	struct wf_scan_opts so = o->scan;
	netra_media_fetch_opts mo = o->media;
	netra_media_fetcher *mf = NULL;
	struct wf_scanner *sc = NULL;
	int rc = 0, busy;

	memset(w, 0, sizeof(*w));
	if (o->smtp && o->smtp->owner)
		snprintf(w->owner, sizeof(w->owner), "%s", o->smtp->owner);
	else
		wf_lease_owner(w->owner, sizeof(w->owner));
	so.stop = o->stop;
	mo.stop = o->stop;
	mo.limit = 0;
	if ((o->jobs & WF_JOB_SCAN) && (rc = wf_scanner_new(&sc, st, &so)))
		return rc;
	if ((o->jobs & WF_JOB_MEDIA) &&
	    (rc = netra_media_fetcher_new(&mf, st, &mo)))
		goto done;
	while (!(o->stop && *o->stop)) {
		if ((rc = round_once(st, mf, sc, o, w, &busy)) || o->once)
			break;
		if (!busy)
			pause_for(o->interval > 0 ? o->interval
			                          : WF_WORKER_INTERVAL,
			          o->stop);
	}
done:
	netra_media_fetcher_free(mf);
	wf_scanner_free(sc);
	return rc;
}
